# BaseModel and Field: the part of Pydantic's API FastAPI users write.
#
#   from microfastapi import BaseModel, Field      # instead of `from pydantic import ...`
#
#   class Item(BaseModel):
#       name: str
#       description: str | None = Field(default=None, max_length=300)
#       price: float = Field(gt=0)
#       tags: list[str] = []
#
# Fields come from the class annotations (CPython; the project's firmware keeps
# them as text). Stock MicroPython drops class annotations: there, declare each
# field with its type as Field's first argument, `name = Field(str)`,
# `tax = Field(float, default=None)` (CPython and the firmware accept that too).
#
# A model class is set up on first use (instantiation, model_validate, a route
# that takes or returns it, model_rebuild()): its annotations are resolved then,
# against its module's globals, so a field may name a class defined after it.
# On MicroPython (no metaclasses, no __init_subclass__), `Item.model_fields` is
# filled at that first use; call `Item.model_rebuild()` to read it earlier.
#
# Differences from Pydantic (documented in README): validation is Pydantic's
# lax mode only (no strict mode, no custom validators/serializers,
# no discriminated unions); field order on MicroPython follows its unordered
# dicts (JSON objects compare equal, their key order may differ).
from . import annotations as _ann
from .validation import validate as _validate, INVALID, missing as _missing, error_item

from ._compat import CPY as _CPY


class _Undefined:
    def __repr__(self):
        return "PydanticUndefined"


PydanticUndefined = _Undefined()
_NOT_FOUND = object()
_TYPE = type(int)


class FieldInfo:
    """A field's declaration (what Field() returns). Attributes not given keep
    the class-level None (RAM: an instance holds only what was set).
    FastAPI's Body/Form/File parameter declarations are FieldInfo subclasses."""

    default = PydanticUndefined
    default_factory = None
    annotation = None
    alias = None
    title = None
    description = None
    examples = None
    json_schema_extra = None
    deprecated = None
    exclude = None
    gt = ge = lt = le = multiple_of = None
    min_length = max_length = pattern = None
    include_in_schema = True
    # set at class set-up
    name = None
    spec = None

    def __init__(self, *args, **kw):
        default = kw.pop("default", PydanticUndefined)
        if args:
            if isinstance(args[0], _TYPE):
                # Field(str): the stock-MicroPython fallback, the type comes first
                self.annotation = args[0]
                if len(args) > 1:
                    default = args[1]
            else:
                default = args[0]
        if default is Ellipsis:
            default = PydanticUndefined
        if default is not PydanticUndefined:
            self.default = default
        if "regex" in kw:  # FastAPI's/Pydantic v1's old name
            kw["pattern"] = kw.pop("regex")
        if "example" in kw:  # old singular form: shown as one of the examples
            kw["examples"] = [kw.pop("example")]
        if "min_items" in kw:
            kw["min_length"] = kw.pop("min_items")
        if "max_items" in kw:
            kw["max_length"] = kw.pop("max_items")
        for k in kw:
            if kw[k] is not None:
                setattr(self, k, kw[k])

    def is_required(self):
        return self.default is PydanticUndefined and self.default_factory is None

    def get_default(self, call_default_factory=True):
        if self.default_factory is not None:
            return self.default_factory() if call_default_factory else None
        d = self.default
        if d is PydanticUndefined:
            return None
        # mutable defaults are copied per instance, as Pydantic does
        t = type(d)
        if t is list or t is dict or t is set:
            return t(d)
        return d

    def __repr__(self):
        parts = []
        if self.annotation is not None:
            parts.append("annotation={}".format(getattr(self.annotation, "__name__", self.annotation)))
        parts.append("required={}".format(self.is_required()))
        if not self.is_required() and self.default_factory is None:
            parts.append("default={!r}".format(self.default))
        for k in ("alias", "title", "description", "gt", "ge", "lt", "le", "min_length", "max_length", "pattern"):
            v = getattr(self, k)
            if v is not None:
                parts.append("{}={!r}".format(k, v))
        return "FieldInfo({})".format(", ".join(parts))


def Field(*args, **kw):
    """Pydantic's Field: default (or ... for required), default_factory, alias,
    title, description, examples, gt/ge/lt/le/multiple_of, min_length/
    max_length, pattern, exclude, json_schema_extra, deprecated.
    Stock-MicroPython fallback: a type first, Field(int) / Field(str, default="x");
    a type given as text needs annotation=: Field(annotation="list[int]")."""
    return FieldInfo(*args, **kw)


def ConfigDict(**kw):
    return kw


class ValidationError(ValueError):
    """Pydantic's ValidationError: .errors() gives the error items."""

    def __init__(self, errors, title="Model"):
        super().__init__(errors)
        self._errors = errors
        self.title = title

    def errors(self, include_url=False, include_context=True, include_input=True):
        return self._errors

    def error_count(self):
        return len(self._errors)

    def __str__(self):
        lines = ["{} validation error{} for {}".format(len(self._errors), "" if len(self._errors) == 1 else "s", self.title)]
        for e in self._errors:
            lines.append(".".join(str(x) for x in e["loc"]) or "root")
            lines.append("  {} [type={}, input_value={!r}]".format(e["msg"], e["type"], e.get("input")))
        return "\n".join(lines)


# ---- class set-up ------------------------------------------------------------


class _Field:
    # one row of a model's field table (what validation and dumps loop over)
    def __init__(self, name, key, spec, info):
        self.name = name
        self.key = key  # the input/output key: the alias, else the name
        self.spec = spec
        self.info = info
        self.required = info.is_required()
        # the Python type a value may have to be taken unchecked (str, int,
        # float, bool fields without constraints), else None
        self.exact = _EXACT.get(spec.kind) if not spec.checks else None


_EXACT = {_ann.STR: str, _ann.INT: int, _ann.FLOAT: float, _ann.BOOL: bool}


def _lookup_attr(chain, name):
    for c in chain:
        d = c.__dict__
        if name in d:
            return d[name]
    return _NOT_FOUND


def _chain(cls):
    # cls and its BaseModel bases, most derived first
    out = []
    c = cls
    while c is not None and c is not BaseModel and c is not object:
        out.append(c)
        bases = c.__bases__
        c = None
        for b in bases:
            if isinstance(b, _TYPE) and issubclass(b, BaseModel):
                c = b
                break
    return out


# per model class, filled at set-up (module dicts keyed by the class: on
# MicroPython `cls.__dict__` is a fresh read-only copy, too dear per request)
_TABLES = {}  # cls -> [_Field]
EXTRA = {}  # cls -> model_config["extra"] or None
_PLAIN = {}  # cls -> model_dump needs no per-field option checks


def fields_of(cls):
    # the field table of a model class, made at its first use together with
    # those of the models its fields refer to (see setup_models)
    table = _TABLES.get(cls)
    if table is not None:
        return table
    table = _setup_one(cls)
    todo = []
    for f in table:
        _models_in(f.spec, todo)
    _setup_list(todo)
    return table


def _setup_one(cls):
    g = _ann.module_globals(cls)
    chain = _chain(cls)
    anns = _ann.class_annotations(cls)
    seen = set(n for n, _ in anns)
    # stock-MicroPython fallback: Field(type) class attributes without annotation
    for c in reversed(chain):
        d = c.__dict__
        for n in d:
            v = d[n]
            if isinstance(v, FieldInfo) and n not in seen and n[:1] != "_":
                anns.append((n, v.annotation))
                seen.add(n)
    fields = {}
    table = []
    for name, ann in anns:
        dflt = _lookup_attr(chain, name)
        if isinstance(dflt, FieldInfo):
            info = dflt
        else:
            info = FieldInfo()
            if dflt is not _NOT_FOUND:
                info.default = dflt
        if ann is None:
            ann = info.annotation
        info.annotation = ann
        try:
            spec = _ann.resolve(ann, g) if ann is not None else _ann.SPEC_ANY
        except _ann.AnnotationError as e:
            raise _ann.AnnotationError("{}.{}: {}".format(cls.__name__, name, e))
        spec = _ann.with_constraints(spec, info)
        info.name = name
        info.spec = spec
        fields[name] = info
        table.append(_Field(name, info.alias or name, spec, info))
    config = _lookup_attr(chain, "model_config")
    extra = config.get("extra") if isinstance(config, dict) else None
    EXTRA[cls] = extra
    _PLAIN[cls] = extra != "allow" and not any(f.info.exclude for f in table)
    setattr(cls, "model_fields", fields)
    _TABLES[cls] = table
    return table


def setup_models(spec):
    """Set up every model class a Spec refers to (a field's, a body
    parameter's or a response model's) and the ones their fields refer to,
    at registration: done lazily, deep in a request's validation or in
    /openapi.json, resolving their annotations would run on the board's
    small C stack with many frames below it ("maximum recursion depth
    exceeded" on the Pico W for nested models). A work list, not recursion,
    so nesting depth costs no stack here either. A forward reference not
    yet defined waits for the first use."""
    todo = []
    _models_in(spec, todo)
    _setup_list(todo)


def _setup_list(todo):
    while todo:
        cls = todo.pop()
        if cls in _TABLES:
            continue
        try:
            table = _setup_one(cls)
        except _ann.AnnotationError:
            continue
        for f in table:
            _models_in(f.spec, todo)


def _models_in(spec, out):
    # the model classes of a Spec tree (iteratively: no recursion)
    stack = [spec]
    while stack:
        s = stack.pop()
        if s is None:
            continue
        if s.kind == _ann.MODEL:
            if s.cls not in _TABLES:
                out.append(s.cls)
            continue
        stack.append(s.item)
        stack.append(s.key)
        if s.items:
            stack.extend(s.items)


def _from_attributes(cls, obj):
    # a dict of obj's attributes named like cls's fields, or None when obj is
    # a plain value (str, number, list...) Pydantic would not read attributes of
    t = type(obj)
    if obj is None or t in (str, bytes, bytearray, int, float, bool, list, tuple, set, frozenset):
        return None
    out = {}
    for f in fields_of(cls):
        v = getattr(obj, f.name, _NOT_FOUND)
        if v is not _NOT_FOUND:
            out[f.key] = v
    return out


def _plain_input(v):
    return v


def _new(cls):
    return object.__new__(cls)


def _fill(cls, obj, data, loc, errors):
    # validate dict `data` into the fields of obj; returns False on errors
    table = fields_of(cls)
    n0 = len(errors)
    fields_set = set()
    for f in table:
        key = f.key
        if key in data:
            v = data[key]
            # a value already of the field's exact type, with nothing to
            # check, is taken as it is (the common JSON case: no call, no loc)
            if f.exact is None or type(v) is not f.exact:
                v = _validate(f.spec, v, loc + (key,), errors)
            fields_set.add(f.name)
        elif f.required:
            errors.append(_missing(loc + (key,), data))
            continue
        else:
            v = f.info.get_default()
        setattr(obj, f.name, v)
    extra = EXTRA.get(cls)
    if extra == "forbid" or extra == "allow":
        keys = set(f.key for f in table)
        for k in data:
            if k not in keys:
                if extra == "forbid":
                    errors.append(error_item("extra_forbidden", loc + (k,), data[k]))
                else:
                    setattr(obj, k, data[k])
                    fields_set.add(k)
    obj._fields_set = fields_set
    return len(errors) == n0


_SCALARS = (str, int, float, bool, type(None))


def dump_value(v, mode, kw):
    t = type(v)
    if t in _SCALARS:
        return v
    if isinstance(v, BaseModel):
        return v.model_dump(mode=mode, **kw)
    if t is list or t is tuple:
        out = [dump_value(x, mode, kw) for x in v]
        return out if mode == "json" or t is list else tuple(out)
    if t is dict:
        return dict((dump_value(k, mode, kw) if mode == "json" else k, dump_value(v[k], mode, kw)) for k in v)
    if t is set or t is frozenset:
        if mode == "json":
            return [dump_value(x, mode, kw) for x in v]
        return v
    if mode == "json":
        if t is bytes or t is bytearray:
            return bytes(v).decode()
        if hasattr(v, "value") and (hasattr(t, "__members__") or hasattr(t, "_members_")):  # Enum member
            return v.value
        iso = getattr(v, "isoformat", None)
        if iso is not None:  # datetime, date, time: ISO 8601, UTC as "Z" (Pydantic's JSON mode)
            s = iso()
            return s[:-6] + "Z" if s.endswith("+00:00") else s
    return v


def _sub(sel, name):
    # the nested include/exclude for field `name` (dict form), None for all
    if isinstance(sel, dict):
        s = sel.get(name)
        return None if s is True else s
    return None


def _json_dumps(obj, indent=None):
    import json

    if indent:
        return json.dumps(obj, indent=indent)
    try:
        return json.dumps(obj, separators=(",", ":"))
    except TypeError:  # a json without separators=
        return json.dumps(obj)


class BaseModel:
    """Pydantic's BaseModel (see the module comment). Instances hold their
    fields as attributes."""

    model_config = {}
    model_fields = {}  # replaced per class at set-up

    if _CPY:
        def __init_subclass__(cls, **kw):
            # CPython: set the class up now when its annotations resolve (a
            # forward reference to a later class waits for the first use)
            try:
                fields_of(cls)
            except Exception:
                pass

    def __init__(self, **data):
        cls = type(self)
        errors = []
        if not _fill(cls, self, data, (), errors):
            raise ValidationError(errors, cls.__name__)

    # -- validation
    @classmethod
    def model_validate(cls, obj, strict=None, from_attributes=None, context=None):
        errors = []
        r = cls._mfa_validate(obj, (), errors)
        if r is INVALID:
            raise ValidationError(errors, cls.__name__)
        return r

    @classmethod
    def model_validate_json(cls, data, strict=None, context=None):
        import json

        try:
            obj = json.loads(data)
        except ValueError:
            raise ValidationError([error_item("json_invalid", (), data, {"error": "invalid JSON"})], cls.__name__)
        return cls.model_validate(obj)

    @classmethod
    def _mfa_validate(cls, value, loc, errors):
        # the hook validation.py calls for a MODEL spec
        value_in = value
        if isinstance(value, cls) and (type(value) is cls or not loc or loc[0] != "response"):
            return value  # (a response model's subclass is re-made: its extra fields go)
        if not isinstance(value, dict):
            if isinstance(value, BaseModel):  # another model: by its fields
                value = value.model_dump()
            elif loc and (loc[0] == "body" or loc[0] == "response"):
                # FastAPI validates bodies and responses "from attributes":
                # objects are read by field name, other values get its error
                value = _from_attributes(cls, value)
                if value is None:
                    errors.append(error_item("model_attributes_type", loc, _plain_input(value_in)))
                    return INVALID
            else:
                errors.append(error_item("model_type", loc, value, {"class_name": cls.__name__}))
                return INVALID
        obj = _new(cls)
        if not _fill(cls, obj, value, loc, errors):
            return INVALID
        return obj

    @classmethod
    def model_rebuild(cls, force=False, **kw):
        if force:
            _TABLES.pop(cls, None)
        fields_of(cls)
        return True

    @classmethod
    def model_construct(cls, _fields_set=None, **values):
        obj = _new(cls)
        for f in fields_of(cls):
            if f.key in values or f.name in values:
                setattr(obj, f.name, values.get(f.name, values.get(f.key)))
            elif not f.required:
                setattr(obj, f.name, f.info.get_default())
        obj._fields_set = set(_fields_set if _fields_set is not None else values)
        return obj

    @classmethod
    def plan_entry(cls, name, annotation, default, route):
        # a handler parameter annotated with a model: a JSON body (bodies.py)
        from .bodies import model_plan_entry

        return model_plan_entry(cls, name, annotation, default, route)

    # -- reading
    @property
    def model_fields_set(self):
        return self._fields_set

    def model_dump(self, mode="python", include=None, exclude=None, by_alias=False,
                   exclude_unset=False, exclude_defaults=False, exclude_none=False, **_ignored):
        kw = {"by_alias": by_alias, "exclude_unset": exclude_unset,
              "exclude_defaults": exclude_defaults, "exclude_none": exclude_none}
        out = {}
        fields_set = self._fields_set
        cls = type(self)
        table = fields_of(cls)
        if include is None and exclude is None and not (by_alias or exclude_unset or exclude_defaults or
                                                        exclude_none) and _PLAIN.get(cls):
            # no options, no excluded field, no extras: the common case
            for f in table:
                v = getattr(self, f.name)
                out[f.name] = v if type(v) in _SCALARS else dump_value(v, mode, kw)
            return out
        for f in table:
            name = f.name
            if include is not None and name not in include:
                continue
            if exclude is not None and name in exclude and (not isinstance(exclude, dict) or exclude[name] is True):
                continue
            if f.info.exclude:
                continue
            if exclude_unset and name not in fields_set:
                continue
            v = getattr(self, name)
            if exclude_none and v is None:
                continue
            if exclude_defaults and not f.required and v == f.info.get_default():
                continue
            sub_inc = _sub(include, name)
            sub_exc = _sub(exclude, name)
            if (sub_inc is not None or sub_exc is not None) and isinstance(v, BaseModel):
                out[f.key if by_alias else name] = v.model_dump(mode=mode, include=sub_inc, exclude=sub_exc, **kw)
            else:
                out[f.key if by_alias else name] = dump_value(v, mode, kw)
        if EXTRA.get(cls) == "allow":
            for k in fields_set:
                if k not in out and not any(f.name == k for f in fields_of(type(self))):
                    out[k] = dump_value(getattr(self, k), mode, kw)
        return out

    def model_dump_json(self, indent=None, include=None, exclude=None, by_alias=False,
                        exclude_unset=False, exclude_defaults=False, exclude_none=False, **_ignored):
        return _json_dumps(self.model_dump(mode="json", include=include, exclude=exclude, by_alias=by_alias,
                                           exclude_unset=exclude_unset, exclude_defaults=exclude_defaults,
                                           exclude_none=exclude_none), indent)

    def model_copy(self, update=None, deep=False):
        cls = type(self)
        obj = _new(cls)
        for f in fields_of(cls):
            v = getattr(self, f.name)
            if deep:
                v = _deep_copy(v)
            setattr(obj, f.name, v)
        fs = set(self._fields_set)
        if update:
            for k in update:
                setattr(obj, k, update[k])
                fs.add(k)
        obj._fields_set = fs
        return obj

    @classmethod
    def model_json_schema(cls, by_alias=True, ref_template="#/$defs/{model}", mode="validation"):
        from .schema import model_schema

        return model_schema(cls, ref_template)

    # Pydantic v1 names, still accepted by Pydantic v2 (deprecated there)
    def dict(self, **kw):
        return self.model_dump(**kw)

    def json(self, **kw):
        return self.model_dump_json(**kw)

    @classmethod
    def parse_obj(cls, obj):
        return cls.model_validate(obj)

    def copy(self, update=None, deep=False):
        return self.model_copy(update=update, deep=deep)

    # -- Python protocol
    def __iter__(self):
        for f in fields_of(type(self)):
            yield f.name, getattr(self, f.name)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        for f in fields_of(type(self)):
            if getattr(self, f.name) != getattr(other, f.name):
                return False
        return True

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __repr_args__(self):
        return ", ".join("{}={!r}".format(f.name, getattr(self, f.name, None)) for f in fields_of(type(self)))

    def __repr__(self):
        return "{}({})".format(type(self).__name__, self.__repr_args__())

    def __str__(self):
        return " ".join("{}={!r}".format(f.name, getattr(self, f.name, None)) for f in fields_of(type(self)))


def _deep_copy(v):
    if isinstance(v, BaseModel):
        return v.model_copy(deep=True)
    t = type(v)
    if t is list:
        return [_deep_copy(x) for x in v]
    if t is dict:
        return dict((k, _deep_copy(v[k])) for k in v)
    if t is set:
        return set(v)
    return v


def jsonable(obj):
    """A model as JSON-able data (what FastAPI's jsonable_encoder gives for it);
    other values unchanged. For the response encoder."""
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    return obj


# ---- string types with a format (pydantic's HttpUrl, AnyUrl, EmailStr) ------------
# Validated values are plain str (Pydantic gives Url objects; str(url) is the
# same text, and JSON output is identical).


def _url(value, loc, errors, schemes):
    if not isinstance(value, str):
        errors.append(error_item("url_type", loc, value))
        return INVALID
    s = value.strip()

    def bad(why):
        errors.append({"type": "url_parsing", "loc": list(loc), "msg": "Input should be a valid URL, " + why,
                       "input": value, "ctx": {"error": why}})
        return INVALID

    c = s.find(":")
    ok = c > 0 and s[0].isalpha()
    for ch in s[:c] if ok else ():  # (a loop, not any(): no generator frame on the C stack)
        if not (ch.isalpha() or ch.isdigit() or ch in "+-."):
            ok = False
            break
    if not ok:
        return bad("relative URL without a base")
    scheme = s[:c].lower()
    if schemes and scheme not in schemes:
        exp = " or ".join("'{}'".format(x) for x in schemes)
        errors.append({"type": "url_scheme", "loc": list(loc), "msg": "URL scheme should be " + exp,
                       "input": value, "ctx": {"expected_schemes": exp}})
        return INVALID
    rest = s[c + 1:].lstrip("/") if scheme in ("http", "https", "ws", "wss", "ftp") else s[c + 1:]
    if scheme not in ("http", "https", "ws", "wss", "ftp"):
        return scheme + ":" + rest
    end = len(rest)
    for ch in "/?#":
        k = rest.find(ch)
        if 0 <= k < end:
            end = k
    authority, tail = rest[:end], rest[end:]
    at = authority.rfind("@")
    userinfo, hostport = (authority[:at + 1], authority[at + 1:]) if at >= 0 else ("", authority)
    host, port = hostport, ""
    if hostport.startswith("["):
        k = hostport.find("]")
        host, port = hostport[:k + 1], hostport[k + 1:]
    elif ":" in hostport:
        k = hostport.rfind(":")
        host, port = hostport[:k], hostport[k:]
    if not host:
        return bad("empty host")
    for ch in host:
        if ch in " <>\"{}|\\^`%" and not host.startswith("["):
            return bad("invalid international domain name")
    if port:
        p = port[1:]
        if not p.isdigit() or int(p) > 65535:
            return bad("invalid port number")
        if (scheme, int(p)) in (("http", 80), ("https", 443), ("ws", 80), ("wss", 443), ("ftp", 21)):
            port = ""
        else:
            port = ":" + str(int(p))
    if not tail.startswith("/"):
        tail = "/" + tail
    return scheme + "://" + userinfo + host.lower() + port + tail


class AnyUrl(str):
    __mfa_schema__ = {"type": "string", "format": "uri", "minLength": 1}

    @classmethod
    def _mfa_validate(cls, value, loc, errors):
        return _url(value, loc, errors, None)


class AnyHttpUrl(AnyUrl):
    __mfa_schema__ = {"type": "string", "format": "uri", "minLength": 1}

    @classmethod
    def _mfa_validate(cls, value, loc, errors):
        return _url(value, loc, errors, ("http", "https"))


class HttpUrl(AnyHttpUrl):
    __mfa_schema__ = {"type": "string", "format": "uri", "minLength": 1, "maxLength": 2083}

    @classmethod
    def _mfa_validate(cls, value, loc, errors):
        r = _url(value, loc, errors, ("http", "https"))
        if r is not INVALID and len(r) > 2083:
            errors.append(error_item("url_too_long", loc, value, {"max_length": 2083}))
            return INVALID
        return r


class EmailStr(str):
    """An e-mail address: a simple structural check (one @, a local part, a
    domain with a dot, no spaces), not the full email-validator library.
    The domain is lower-cased, as email-validator normalises it."""

    __mfa_schema__ = {"type": "string", "format": "email"}

    @classmethod
    def _mfa_validate(cls, value, loc, errors):
        if not isinstance(value, str):
            errors.append(error_item("string_type", loc, value))
            return INVALID
        why = None
        if value.count("@") != 1:
            why = "The email address is not valid. It must have exactly one @-sign."
        else:
            local, domain = value.split("@")
            if not local:
                why = "There must be something before the @-sign."
            elif not domain:
                why = "There must be something after the @-sign."
            elif " " in value:
                why = "The email address contains invalid characters."
            elif "." not in domain or domain.endswith(".") or domain.startswith("."):
                why = "The part after the @-sign is not valid. It should have a period."
        if why:
            errors.append({"type": "value_error", "loc": list(loc),
                           "msg": "value is not a valid email address: " + why, "input": value,
                           "ctx": {"reason": why}})
            return INVALID
        local, domain = value.split("@")
        return local + "@" + domain.lower()
