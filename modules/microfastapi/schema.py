# JSON Schema for Specs and models, as Pydantic v2 writes it (and FastAPI puts
# in /openapi.json under components/schemas). Only loaded when a schema is
# asked for (OpenAPI, model_json_schema): nothing here runs per request.
#
#   spec_schema(spec, defs, ref="#/components/schemas/{model}") -> schema dict;
#       models and enums met on the way are added to defs (name -> schema)
#   field_schema(name, spec, info, defs, ref) -> the property schema of a
#       model field or a parameter (title, default, description, examples,
#       constraints, json_schema_extra)
#   model_schema(cls, ref_template="#/$defs/{model}") -> what Pydantic's
#       Model.model_json_schema() gives ($defs inlined under "$defs")
from . import annotations as A
from ._compat import title_of

_SIMPLE = {A.INT: "integer", A.FLOAT: "number", A.BOOL: "boolean", A.STR: "string"}
_NUM_KEYS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum",
             "multiple_of": "multipleOf"}


def _json_value(v):
    from .models import dump_value

    return dump_value(v, "json", {})


def _constraints(spec, s):
    for name, v in spec.checks:
        if name in _NUM_KEYS:
            s[_NUM_KEYS[name]] = v
        elif name == "pattern":
            s["pattern"] = v[0]
        elif name in ("min_length", "max_length"):
            big = name[:3] == "min"
            if spec.kind == A.STR or spec.kind == A.BYTES:
                s["minLength" if big else "maxLength"] = v
            elif spec.kind == A.DICT:
                s["minProperties" if big else "maxProperties"] = v
            else:
                s["minItems" if big else "maxItems"] = v


def _literal_type(values):
    ts = set()
    for v in values:
        t = type(v)
        ts.add({str: "string", int: "integer", float: "number", bool: "boolean"}.get(t, "?"))
    return ts.pop() if len(ts) == 1 and "?" not in ts else None


def _base(spec, defs, ref):
    k = spec.kind
    if k in _SIMPLE:
        s = {"type": _SIMPLE[k]}
    elif k == A.BYTES:
        s = {"type": "string", "format": "binary"}
    elif k == A.ANY:
        s = {}
    elif k == A.NONE:
        s = {"type": "null"}
    elif k in A.SEQUENCES:
        if k == A.TUPLE and spec.items is not None:
            n = len(spec.items)
            s = {"prefixItems": [spec_schema(x, defs, ref) for x in spec.items], "type": "array",
                 "minItems": n, "maxItems": n}
        else:
            s = {"items": spec_schema(spec.item, defs, ref) if spec.item is not None else {}, "type": "array"}
            if k == A.SET:
                s["uniqueItems"] = True
    elif k == A.DICT:
        s = {"additionalProperties": spec_schema(spec.item, defs, ref) if spec.item is not None else True,
             "type": "object"}
    elif k == A.LITERAL:
        vals = [_json_value(v) for v in spec.values]
        s = {"const": vals[0]} if len(vals) == 1 else {"enum": vals}
        t = _literal_type(vals)
        if t:
            s["type"] = t
    elif k == A.UNION:
        s = {"anyOf": [spec_schema(x, defs, ref) for x in spec.items]}
    elif k == A.ENUM:
        name = spec.cls.__name__
        if name not in defs:
            members = _members(spec.cls)
            vals = [m.value for m in members]
            e = {"enum": vals, "title": name}
            t = _literal_type(vals)
            if t:
                e["type"] = t
            doc = getattr(spec.cls, "__doc__", None)
            if doc:
                e["description"] = doc.strip()
            defs[name] = e
        s = {"$ref": ref.format(model=name)}
    elif k == A.MODEL:
        name = spec.cls.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: recursive models refer to themselves
            _pending.append((name, spec.cls, defs, ref))
            if not _writing:
                _write_pending()
        s = {"$ref": ref.format(model=name)}
    else:  # HttpUrl, EmailStr, UploadFile...: their own schema, else any
        s = dict(getattr(spec.cls, "__mfa_schema__", None) or {})
    if spec.checks:
        _constraints(spec, s)
    return s


# Definitions of models met while writing a schema are written one after the
# other by the first caller, not inside each other: a model's definition
# only $refs the models of its fields, and nested models written
# recursively ran out of the Pico W's C stack (body_nested_models/tutorial007).
_pending = []
_writing = False


def _write_pending():
    global _writing
    _writing = True
    try:
        while _pending:
            name, cls, defs, ref = _pending.pop(0)
            defs[name] = _model_body(cls, defs, ref)
    finally:
        _writing = False
        del _pending[:]


def _members(cls):
    from .validation import enum_members

    return enum_members(cls)


def spec_schema(spec, defs, ref="#/components/schemas/{model}"):
    s = _base(spec, defs, ref)
    if spec.optional and spec.kind != A.NONE:
        if spec.kind == A.UNION:
            s["anyOf"].append({"type": "null"})
        else:
            s = {"anyOf": [s, {"type": "null"}]}
    return s


def field_schema(name, spec, info, defs, ref="#/components/schemas/{model}"):
    s = spec_schema(spec, defs, ref)
    # Pydantic titles a field unless its type is a model/enum (a $ref)
    if getattr(info, "title", None):
        s["title"] = info.title
    elif spec.kind not in (A.MODEL, A.ENUM):
        s["title"] = title_of(name)
    if info is not None:
        if getattr(info, "description", None):
            s["description"] = info.description
        if not info.is_required() and info.default_factory is None:
            s["default"] = _json_value(info.default)
        if getattr(info, "examples", None) is not None:
            s["examples"] = _json_value(info.examples)
        if getattr(info, "deprecated", None):
            s["deprecated"] = True
        extra = getattr(info, "json_schema_extra", None)
        if isinstance(extra, dict):
            s.update(extra)
    return s


def _model_body(cls, defs, ref):
    from .models import fields_of

    props = {}
    required = []
    for f in fields_of(cls):
        if f.info.exclude:
            continue
        props[f.key] = field_schema(f.key, f.spec, f.info, defs, ref)
        if f.required:
            required.append(f.key)
    s = {"properties": props, "type": "object"}
    if required:
        s["required"] = required
    s["title"] = cls.__name__
    doc = cls.__dict__.get("__doc__")
    if doc:
        s["description"] = doc.strip()
    cfg = getattr(cls, "model_config", None)
    extra = cfg.get("json_schema_extra") if isinstance(cfg, dict) else None
    if extra is None:
        conf = getattr(cls, "Config", None)  # Pydantic v1 style
        extra = getattr(conf, "json_schema_extra", None) or getattr(conf, "schema_extra", None)
    if isinstance(extra, dict):
        s.update(extra)
    if isinstance(cfg, dict) and cfg.get("extra") == "forbid":
        s["additionalProperties"] = False
    return s


def model_schema(cls, ref_template="#/$defs/{model}"):
    name = cls.__name__
    defs = {name: {}}  # a field naming cls itself refers to it
    body = _model_body(cls, defs, ref_template)
    import json

    own = ref_template.format(model=name)
    if own in json.dumps(defs) or own in json.dumps(body):  # recursive: Pydantic's form
        defs[name] = body
        return {"$defs": defs, "$ref": own}
    del defs[name]
    if defs:
        body["$defs"] = defs
    return body
