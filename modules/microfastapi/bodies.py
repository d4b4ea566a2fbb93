# Request bodies as FastAPI binds them, and response models.
#
# Body parameters (a route's plan entries of source CUSTOM, made here):
#   - a BaseModel-annotated parameter, or any non-scalar one (dict, list...)
#     without a declaration, or one declared Body(): read from a JSON body.
#     One such parameter (not embed=True) IS the body; several, or embed=True:
#     the body is an object and each is read by its name (alias).
#   - Form() parameters, File() parameters and UploadFile-annotated ones: read
#     from an application/x-www-form-urlencoded or multipart/form-data body,
#     parsed as a stream (multipart.py): files above a threshold go to a temp
#     file, never whole in RAM.
# All body parameters of a request are bound together, at the first one's turn:
# their errors come in one 422, as FastAPI's.
#
# Response models: `response_model=` (or the handler's return annotation when
# it is a model, a container of models or another type FastAPI validates)
# validates and filters what the handler returns (response_model_include,
# _exclude, _by_alias, _exclude_unset, _exclude_defaults, _exclude_none).
# Routes without one are not touched.
from . import annotations as A
from ._compat import title_of
from .validation import validate, INVALID, error_item, missing
from .models import BaseModel, PydanticUndefined, setup_models
from .encoders import jsonable_encoder
from .datastructures import UploadFile, FormData
from .params import REQUIRED, Body, Form, File
from .responses import RequestValidationError

_JSON, _FORM = 0, 1


class BodyField:
    """One body parameter of a route (the `decl` of its plan entry).
    name: the handler's parameter; key: its name in the body (alias or name);
    spec: its Spec; decl: the Body/Form/File declaration; default: its value
    when absent (REQUIRED: required); form: read from a form body."""

    def __init__(self, name, key, spec, decl, default, form):
        self.name = name
        self.key = key
        self.spec = spec
        self.decl = decl
        self.default = default
        self.form = form
        # a JSON body is in RAM when the handler runs: the fast path binds it
        # (resolve_now, see signature.call_kind); a form is read as a stream
        self.sync = not form
        self.embed = bool(decl.embed)
        # OpenAPI/docs read these like a Query's
        self.description = decl.description
        self.alias = decl.alias

    @property
    def required(self):
        return self.default is REQUIRED

    def __repr__(self):
        return "BodyField({}, {!r})".format(self.name, self.spec)

    def resolve_now(self, req, entry):
        """resolve() without asyncio, for a JSON body (self.sync): the
        synchronous fast path's (handling._fast_bound)."""
        vals = getattr(req, "_body_values", None)
        if vals is None:
            errors = []
            vals = {}
            _bind_raw(req.route.body_fields, req.body, req.headers.get("content-type", ""), vals, errors)
            if errors:
                raise RequestValidationError(errors)
            req._body_values = vals
        return vals[entry[0]]


def _spec_of(annotation, route, name, decl=None):
    if isinstance(annotation, A.Spec):
        return annotation
    if annotation is None or annotation is REQUIRED:
        # (a declaration as the default on a runtime whose plan builder did
        # not pass the annotation: read it here; then the declaration's own
        # type, `item = Body(Item)` on stock MicroPython; none: any value)
        annotation = A.function_annotations(route.handler).get(name)
        if annotation is None:
            annotation = getattr(decl, "annotation", None)
        if annotation is None:
            return A.SPEC_ANY
    return A.resolve(annotation, A.module_globals(route.handler))


def _is_upload(spec):
    s = spec.item if spec.kind in A.SEQUENCES and spec.item is not None else spec
    return s.kind == A.CLASS and isinstance(s.cls, type) and issubclass(s.cls, UploadFile)


def plan_entry(decl, name, annotation, default, route):
    """The plan entry of a body parameter. decl: its Body/Form/File
    declaration (None: implicit, from a model or UploadFile annotation or a
    non-scalar type); default: the parameter's default (the declaration itself
    when declared as the default)."""
    spec = _spec_of(annotation, route, name, decl)
    if decl is None:
        decl = spec.find_meta(Body) or (_IMPLICIT_FILE if _is_upload(spec) else _IMPLICIT_BODY)
    if default is decl or isinstance(default, Body):
        d = decl.default
        dflt = REQUIRED if d is PydanticUndefined or d is Ellipsis else d
        if decl.default_factory is not None:
            dflt = decl.default_factory()
    else:
        dflt = default
    spec = A.with_constraints(spec, decl)
    setup_models(spec)  # at registration, not deep in the first request
    form = isinstance(decl, Form)
    f = BodyField(name, decl.alias or name, spec, decl, dflt, form)
    if form:
        route.stream_body = True  # (the server may then hand the body unread)
    route.body_fields = route.body_fields + (f,)
    if route.response_filter is None:
        # models in what the handler returns are made JSON-able (a response
        # model, installed later by Route.__init__, replaces this)
        route.response_filter = encode_result
    return (name, 9, f.key, resolve, dflt, f, spec)  # 9: signature.CUSTOM


_IMPLICIT_BODY = Body()
_IMPLICIT_FILE = File()


def model_plan_entry(cls, name, annotation, default, route):
    """BaseModel.plan_entry / UploadFile.plan_entry: a parameter annotated
    with a model (a JSON body) or UploadFile (a form file), declared or not."""
    if isinstance(default, Body):
        return plan_entry(default, name, annotation, default, route)
    return plan_entry(None, name, annotation if annotation is not None else cls, default, route)


def annotation_hook(annotation, handler):
    """For signature.build_plan: the plan_entry maker a parameter's
    annotation asks for (a Body/Form/File in Annotated metadata, a model or
    UploadFile, or any non-scalar type: dict, list, set...), or None."""
    try:
        spec = A.resolve(annotation, A.module_globals(handler))
    except A.AnnotationError:
        return None
    decl = spec.find_meta(Body)
    if decl is not None:
        return lambda name, ann, default, route: plan_entry(decl, name, spec, default, route)
    for m in spec.meta:
        if callable(getattr(m, "plan_entry", None)):
            return None  # another kind (Query, Depends...) owns it
    core = spec.item if spec.kind in A.SEQUENCES and spec.item is not None else spec
    if core.kind == A.MODEL or _is_upload(spec) or spec.kind in A.SEQUENCES or spec.kind == A.DICT \
            or core.kind == A.MODEL:
        return lambda name, ann, default, route: plan_entry(None, name, spec, default, route)
    if spec.kind == A.UNION and any(s.kind == A.MODEL or s.kind in A.SEQUENCES or s.kind == A.DICT
                                    for s in spec.items):
        return lambda name, ann, default, route: plan_entry(None, name, spec, default, route)
    return None


# ---- binding, per request


async def resolve(req, entry):
    """The resolver of every body entry: the first call binds all the route's
    body parameters (one 422 with all their errors) and keeps the values on
    the request."""
    vals = getattr(req, "_body_values", None)
    if vals is None:
        vals = await _bind_all(req, req.route.body_fields)
        req._body_values = vals
    return vals[entry[0]]


def _json_content_type(ct):
    # FastAPI: application/json and application/*+json are JSON
    ct = ct.split(";", 1)[0].strip().lower()
    if ct == "application/json":
        return True
    return ct.startswith("application/") and ct.endswith("+json")


def _json_error(body):
    # the json_invalid item; CPython's decoder tells the position and why
    try:
        import json

        json.loads(body)
    except Exception as e:
        pos = getattr(e, "pos", 0)
        why = getattr(e, "msg", None) or str(e)
        return {"type": "json_invalid", "loc": ["body", pos], "msg": "JSON decode error", "input": {},
                "ctx": {"error": why}}
    return {"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {},
            "ctx": {"error": "invalid JSON"}}


async def _bind_all(req, fields):
    errors = []
    out = {}
    if fields[0].form:
        await _bind_form(req, fields, out, errors)
    else:
        _bind_raw(fields, req.body, req.headers.get("content-type", ""), out, errors)
    if errors:
        raise RequestValidationError(errors)
    return out


def bind_json(fields, raw, content_type):
    """The JSON body parameters of a route bound from the body in RAM,
    synchronously (for the sync fast path, handling.py): (values by
    parameter name, FastAPI/Pydantic-shaped error items). fields: the
    route's `body_fields` (none of them `form`); raw: the body (bytes or
    memoryview, b"" when empty); content_type: the request's header or ""."""
    out = {}
    errors = []
    _bind_raw(fields, raw, content_type, out, errors)
    return out, errors


def _bind_raw(fields, raw, content_type, out, errors):
    value = None
    if raw:
        if _json_content_type(content_type):
            from .responses import json_loads

            try:
                value = json_loads(raw)
            except (ValueError, TypeError):
                errors.append(_json_error(raw))
                return
        else:
            # not JSON: the body as text, which a model then refuses (FastAPI)
            try:
                value = bytes(raw).decode()
            except UnicodeError:
                value = bytes(raw)
    embed = len(fields) > 1 or fields[0].embed
    if not embed:
        f = fields[0]
        _one(f, value, ("body",), out, errors, value is None)
        return
    src = value if isinstance(value, dict) else None
    for f in fields:
        present = src is not None and f.key in src
        _one(f, src.get(f.key) if present else None, ("body", f.key), out, errors, not present)


def _one(f, value, loc, out, errors, absent):
    if absent:
        if f.default is REQUIRED:
            errors.append(missing(loc, None))
        else:
            out[f.name] = f.default
        return
    v = validate(f.spec, value, loc, errors)
    if v is not INVALID:
        out[f.name] = v


class _BodyChunks:
    # the body already in RAM, as one chunk (until the server streams it)
    def __init__(self, body):
        self.body = body

    def __aiter__(self):
        return self

    async def __anext__(self):
        b = self.body
        if b is None:
            raise StopAsyncIteration
        self.body = None
        return b


async def request_form(req):
    """The request's FormData, parsed once (streamed when the server offers
    request.stream()); its files are closed by request.close()."""
    form = getattr(req, "_form", None)
    if form is not None:
        return form
    from .multipart import parse_form, FormError, DEFAULT_LIMITS
    from .responses import HTTPException

    ct = req.headers.get("content-type", "")
    limits = getattr(req.app, "form_limits", None) or DEFAULT_LIMITS
    stream = getattr(req, "stream", None)
    chunks = stream() if stream is not None and not req.body else _BodyChunks(req.body or b"")
    cl = req.headers.get("content-length")
    try:
        form = await parse_form(ct, chunks, limits, int(cl) if cl and cl.isdigit() else None)
    except FormError as e:
        raise HTTPException(e.status, e.detail)
    req._form = form
    _on_close(req, form.close_sync)
    return form


def _on_close(req, fn):
    lst = req.cleanup
    if lst is None:
        lst = req.cleanup = []
    lst.append(fn)


async def _bind_form(req, fields, out, errors):
    ct = req.headers.get("content-type", "").lower()
    if ct.startswith("multipart/form-data") or ct.startswith("application/x-www-form-urlencoded"):
        form = await request_form(req)
    else:
        form = FormData()
    if len(fields) == 1 and fields[0].spec.kind == A.MODEL:
        # one Form() model: its fields are the form's (request_form_models)
        f = fields[0]
        data = {}
        for mf in f.spec.cls.model_fields.values() if _setup_model(f.spec.cls) else ():
            key = mf.alias or mf.name
            if mf.spec.kind in A.SEQUENCES:
                v = form.getlist(key)
                if v:
                    data[key] = v
            else:
                v = form.get(key)
                if v is not None and v != "":
                    data[key] = v
        from .models import EXTRA

        extra = EXTRA.get(f.spec.cls)
        if extra == "forbid" or extra == "allow":
            for k in form.keys():
                if k not in data and k not in [m.alias or m.name for m in f.spec.cls.model_fields.values()]:
                    data[k] = form.get(k)
        _one(f, data, ("body",), out, errors, False)
        return
    for f in fields:
        loc = ("body", f.key)
        spec = f.spec
        many = spec.kind in A.SEQUENCES
        if many:
            value = form.getlist(f.key)
            absent = not value
        else:
            value = form.get(f.key)
            absent = value is None or (value == "" and not isinstance(f.decl, File))
        if absent:
            _one(f, None, loc, out, errors, True)
            continue
        item = spec.item if many else spec
        if item is not None and item.kind == A.BYTES:
            # File() as bytes: the upload's content
            vals = value if many else [value]
            got = []
            for v in vals:
                if isinstance(v, UploadFile):
                    await v.seek(0)
                    v = await v.read()
                got.append(v)
            value = got if many else got[0]
        elif item is not None and _is_upload(item):
            vals = value if many else [value]
            bad = False
            for i, v in enumerate(vals):
                if not isinstance(v, UploadFile):
                    errors.append({"type": "value_error", "loc": list(loc + ((i,) if many else ())),
                                   "msg": "Value error, Expected UploadFile, received: {}".format(_cls_repr(v)),
                                   "input": v, "ctx": {"error": {}}})
                    bad = True
            if not bad:
                out[f.name] = value
            continue
        _one(f, value, loc, out, errors, False)


def _setup_model(cls):
    from .models import fields_of

    fields_of(cls)
    return True


def _cls_repr(v):
    return "<class '{}'>".format(type(v).__name__)


# ---- response models


def install_response_model(route):
    """Read response_model=... (or the return annotation) for a route and set
    route.response_filter when there is one."""
    extra = route.extra
    if "response_model" in extra:
        rm = extra["response_model"]
        if rm is None:  # response_model=None: no model, whatever the annotation
            return
    else:
        rm = A.function_annotations(route.handler).get("return")
        if rm is None:
            return
    if rm is None:
        return
    try:
        spec = A.resolve(rm, A.module_globals(route.handler))
    except A.AnnotationError:
        if "response_model" in extra:
            raise
        return  # a return annotation FastAPI would not use either
    if not _validates(spec) or ("response_model" not in extra and not _has_model(spec)):
        # (a plain `-> dict` keeps the fast path: nothing to filter)
        return
    setup_models(spec)
    route.response_spec = spec
    route.response_filter = _Filter(spec, extra)
    route.json_head = None  # JSON answers go through to_response (the filter)


def _validates(spec):
    # a type FastAPI builds a response model from (not Response, not Any)
    k = spec.kind
    if k == A.ANY or k == A.NONE:
        return False
    if k == A.CLASS:
        from .responses import Response

        c = spec.cls
        return not (isinstance(c, type) and issubclass(c, Response)) and hasattr(c, "_mfa_validate")
    if k == A.UNION:
        return all(_validates(s) for s in spec.items)
    return True


def _has_model(spec):
    if spec is None:
        return False
    if spec.kind == A.MODEL or (spec.kind == A.CLASS and hasattr(spec.cls, "_mfa_validate")):
        return True
    for s in (spec.item, spec.key) + tuple(spec.items or ()):
        if _has_model(s):
            return True
    return False


def encode_result(value):
    """A body route's result (no response model): models and other
    FastAPI-encodable values inside dicts/lists made JSON-able."""
    from .responses import Response

    if isinstance(value, Response) or type(value) is tuple:
        return value
    return jsonable_encoder(value)


class _Filter:
    def __init__(self, spec, extra):
        self.spec = spec
        self.include = _as_set(extra.get("response_model_include"))
        self.exclude = _as_set(extra.get("response_model_exclude"))
        self.by_alias = extra.get("response_model_by_alias", True)
        self.exclude_unset = extra.get("response_model_exclude_unset", False)
        self.exclude_defaults = extra.get("response_model_exclude_defaults", False)
        self.exclude_none = extra.get("response_model_exclude_none", False)

    def __call__(self, value):
        # the handler's value -> what is sent (JSON-able); ResponseValidationError
        # (500) when it does not fit the model
        if self.exclude_unset and isinstance(value, BaseModel):
            # FastAPI: validate what was set, keep "unset" as the model says
            value = value.model_dump(exclude_unset=True)
        errors = []
        v = validate(self.spec, value, ("response",), errors)
        if v is INVALID:
            raise ResponseValidationError(errors)
        return self.dump(v)

    def dump(self, v):
        if isinstance(v, BaseModel):
            return v.model_dump(mode="json", include=self.include, exclude=self.exclude, by_alias=self.by_alias,
                                exclude_unset=self.exclude_unset, exclude_defaults=self.exclude_defaults,
                                exclude_none=self.exclude_none)
        if isinstance(v, (list, tuple, set)):
            return [self.dump(x) for x in v]
        if isinstance(v, dict):
            return dict((jsonable_encoder(k), self.dump(v[k])) for k in v)
        return jsonable_encoder(v)


def _as_set(x):
    if x is None:
        return None
    if isinstance(x, dict):
        return x
    return set(x)


class ResponseValidationError(ValueError):
    """The handler's return value does not fit the response model (500)."""

    def __init__(self, errors):
        super().__init__(errors)
        self._errors = errors

    def errors(self):
        return self._errors


# ---- OpenAPI (openapi.py asks, only when /openapi.json is requested)


def _openapi_schema(spec, defs, form):
    from .schema import spec_schema

    core = spec.item if spec.kind in A.SEQUENCES and spec.item is not None else spec
    if form and (core.kind == A.BYTES or _is_upload(core)):
        s = {"type": "string", "contentMediaType": "application/octet-stream"}
        if spec.kind in A.SEQUENCES:
            s = {"type": "array", "items": s}
        if spec.optional:
            s = {"anyOf": [s, {"type": "null"}]}
        return s
    return spec_schema(spec, defs)


def _field_schema(f, defs):
    s = _openapi_schema(f.spec, defs, f.form)
    d = f.decl
    if d.title:
        s["title"] = d.title
    elif f.spec.kind not in (A.MODEL, A.ENUM):
        s["title"] = title_of(f.key)
    if d.description:
        s["description"] = d.description
    if f.default is not REQUIRED and f.default is not None:
        s["default"] = jsonable_encoder(f.default)
    if d.examples is not None:
        s["examples"] = jsonable_encoder(d.examples)
    return s


def openapi_request_body(route, method, defs):
    """The Request Body Object of a route with body parameters (models and
    the generated Body_<operation> schema go into defs), or None."""
    fields = route.body_fields
    if not fields:
        return None
    form = fields[0].form
    if form:
        mt = "multipart/form-data" if any(isinstance(f.decl, File) for f in fields) else \
            "application/x-www-form-urlencoded"
    else:
        mt = "application/json"
    if len(fields) == 1 and not fields[0].embed and (not form or fields[0].spec.kind == A.MODEL):
        f = fields[0]
        s = _field_schema(f, defs)
        if "$ref" in s:
            s = {"$ref": s["$ref"]}
        body = {"content": {mt: {"schema": s}}}
        d = f.decl
        if d.examples is not None:
            body["content"][mt]["schema"] = dict(s, examples=jsonable_encoder(d.examples))
        if d.openapi_examples is not None:
            body["content"][mt]["examples"] = jsonable_encoder(d.openapi_examples)
        if f.required:
            body["required"] = True
        return body
    from .openapi import operation_id

    name = "Body_" + operation_id(route, method)
    props = {}
    required = []
    for f in fields:
        props[f.key] = _field_schema(f, defs)
        if f.required:
            required.append(f.key)
    model = {"properties": props, "type": "object"}
    if required:
        model["required"] = required
    model["title"] = name
    defs[name] = model
    body = {"content": {mt: {"schema": {"$ref": "#/components/schemas/" + name}}}}
    if required:
        body["required"] = True
    return body


def openapi_response_schema(route, method, defs):
    """The 200 answer's schema of a route with a response model, or None."""
    spec = getattr(route, "response_spec", None)
    if spec is None:
        return None
    from .openapi import operation_id
    from .schema import spec_schema

    s = spec_schema(spec, defs)
    if "$ref" not in s:
        s["title"] = "Response " + title_of(operation_id(route, method))
    return s


def openapi_defs_cleanup(defs):
    # FastAPI's components leave out "default": null of model fields
    for name in defs:
        props = defs[name].get("properties")
        if props:
            for k in props:
                p = props[k]
                if "default" in p and p["default"] is None:
                    del p["default"]
    return defs
