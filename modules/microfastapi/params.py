# Parameter declarations (FastAPI's Path, Query, Header, Cookie), the legacy
# str converters, and the 422 error items for parameters.
#
#   def read(item_id: Annotated[int, Path(ge=1)], q: str | None = Query(None, max_length=50)):
#
# A declaration says where a value comes from and what it must satisfy; its
# type comes from the annotation (signature.py resolves it once, at
# registration, with annotations.py; validation.py converts and checks).
from ._compat import isdigits

REQUIRED = object()  # "no default": the parameter is required

# FastAPI writes `Query(...)` (Ellipsis) for "required"
_ELLIPSIS = ...


class Param:
    # What Path/Query/Header/Cookie share (FastAPI's params.Param). Every
    # field has a class-level default; an instance's dict holds only what was
    # given (heap is what a Pico W runs out of).
    # Legacy form, for runtimes without annotations: Query(int, default=0)
    # (the first argument a type among int/float/bool/str) or Query(5) (the
    # default, FastAPI style: its type converts).
    in_ = None  # "path", "query", "header", "cookie" (OpenAPI's `in`)
    type = None  # legacy: the type given as first argument, or the default's
    default = REQUIRED
    default_factory = None
    alias = None
    title = None
    description = None
    gt = None
    ge = None
    lt = None
    le = None
    multiple_of = None
    min_length = None
    max_length = None
    pattern = None
    deprecated = None
    include_in_schema = True
    examples = None
    openapi_examples = None
    json_schema_extra = None

    def __init__(self, *args, default=REQUIRED, type=None, default_factory=None, alias=None, title=None,
                 description=None, gt=None, ge=None, lt=None, le=None, multiple_of=None,
                 min_length=None, max_length=None, pattern=None, regex=None, deprecated=None,
                 include_in_schema=True, examples=None, example=None, openapi_examples=None,
                 json_schema_extra=None):
        # one positional argument: the default (FastAPI: Query(None), Query(...)),
        # or a type among int/float/bool/str (the legacy Query(int, default=0))
        if args:
            if len(args) > 1:
                raise TypeError("{}() takes at most 1 positional argument".format(_name(self)))
            a = args[0]
            if type is None and a in _LEGACY_TYPES:
                type = a
            elif default is not REQUIRED:
                raise TypeError("{}() got multiple values for argument 'default'".format(_name(self)))
            else:
                default = a
        if default is _ELLIPSIS:
            default = REQUIRED
        if default is not REQUIRED:
            self.default = default
        if type is None and default is not REQUIRED and default is not None:
            type = type_of(default)
        if type is not None:
            self.type = type
        if default_factory is not None:
            self.default_factory = default_factory
        if alias is not None:
            self.alias = alias
        if title is not None:
            self.title = title
        if description is not None:
            self.description = description
        if gt is not None:
            self.gt = gt
        if ge is not None:
            self.ge = ge
        if lt is not None:
            self.lt = lt
        if le is not None:
            self.le = le
        if multiple_of is not None:
            self.multiple_of = multiple_of
        if min_length is not None:
            self.min_length = min_length
        if max_length is not None:
            self.max_length = max_length
        if regex is not None and pattern is None:
            pattern = regex  # FastAPI's older name
        if pattern is not None:
            self.pattern = pattern
        if deprecated is not None:
            self.deprecated = deprecated
        if not include_in_schema:
            self.include_in_schema = False
        if example is not None and examples is None:
            examples = [example]
        if examples is not None:
            self.examples = examples
        if openapi_examples is not None:
            self.openapi_examples = openapi_examples
        if json_schema_extra is not None:
            self.json_schema_extra = json_schema_extra

    @property
    def required(self):
        return self.default is REQUIRED and self.default_factory is None

    def is_required(self):  # Pydantic's FieldInfo name (schema.py reads it)
        return self.required

    def __repr__(self):
        return "{}({})".format(_name(self), "" if self.default is REQUIRED else repr(self.default))


class Path(Param):
    in_ = "path"


class Query(Param):
    in_ = "query"


class Header(Param):
    # convert_underscores: user_agent is read from the "user-agent" header
    in_ = "header"
    convert_underscores = True

    def __init__(self, *args, convert_underscores=True, **kw):
        Param.__init__(self, *args, **kw)
        if not convert_underscores:
            self.convert_underscores = False


class Cookie(Param):
    in_ = "cookie"


_LEGACY_TYPES = (int, float, bool, str)


def _name(o):
    return type(o).__name__


def type_of(v):
    for t in (bool, int, float, str):  # bool first: MicroPython bool is not an int
        if type(v) is t:
            return t
    return str


# ---- legacy converters (parameters without an annotation) --------------------
_ERR = {
    int: ("int_parsing", "Input should be a valid integer, unable to parse string as an integer"),
    float: ("float_parsing", "Input should be a valid number, unable to parse string as a number"),
    bool: ("bool_parsing", "Input should be a valid boolean, unable to interpret input"),
}


def _int(s):
    t = s[1:] if s[:1] in ("-", "+") else s
    if not t or not isdigits(t):
        raise ValueError
    return int(s)


def _float(s):
    for c in s:
        if c not in "0123456789.-+eE":
            raise ValueError
    return float(s)


def _bool(s):
    s = s.lower()
    if s in ("1", "true", "yes", "on", "y", "t"):
        return True
    if s in ("0", "false", "no", "off", "n", "f"):
        return False
    raise ValueError


CONV = {int: _int, float: _float, bool: _bool}


def int_value(s):
    # an `int` annotation's converter: digits the quick way, anything else as
    # Pydantic does (sign, spaces, "_", ".0"; raises on bad input)
    if isdigits(s):
        return int(s)
    from .validation import to_int

    return to_int(s)


def convert(t, s):
    # raises ValueError on failure
    if t is str or t is None:
        return s
    f = CONV.get(t)
    if f is not None:
        return f(s)
    return t(s)


def error(t, loc, name, value):
    typ, msg = _ERR.get(t, ("value_error", "Value error, invalid value"))
    return {"type": typ, "loc": [loc, name], "msg": msg, "input": value}


def missing(loc, name):
    return {"type": "missing", "loc": [loc, name], "msg": "Field required", "input": None}


def param_errors(entry, loc, value):
    # the error items for a value a plan entry's converter refused (the
    # converter is cheap and says only "no"; this says why, as Pydantic would)
    spec = entry[6]
    key = entry[2]
    if spec is not None:
        from .validation import validate

        errs = []
        validate(spec, value, (loc, key), errs)
        if errs:
            return errs
    return [error(getattr(entry[5], "type", None), loc, key, value)]


# ---- request body declarations (Body, Form, File): FieldInfo subclasses, so
# they carry Field's constraints, alias, title, description, examples. Their
# plan entries (docs/CONTRACTS.md) are made by bodies.py, imported only by
# routes that use them. Defined on first use (module __getattr__), so that
# `import microfastapi` does not import models.py (and the type system) for an
# app that has no body: what is imported stays on the heap, and a larger live
# heap makes every garbage collection, so every request, slower.
def _body_classes():
    from .models import FieldInfo as _FieldInfo

    class Body(_FieldInfo):
        """Body(default=..., *, embed=None, media_type="application/json", alias,
        title, description, gt/ge/lt/le, min_length/max_length, pattern, examples,
        openapi_examples): a JSON body value; several body parameters (or
        embed=True) are read from the body object by name."""

        embed = None
        media_type = "application/json"
        openapi_examples = None

        def plan_entry(self, name, annotation, default, route):
            from .bodies import plan_entry

            return plan_entry(self, name, annotation, default, route)


    class Form(Body):
        """Form(default=..., ...): a field of an application/x-www-form-urlencoded
        or multipart/form-data body."""

        media_type = "application/x-www-form-urlencoded"


    class File(Form):
        """File(default=..., ...): a file of a multipart/form-data body, as bytes
        (annotation bytes) or UploadFile."""

        media_type = "multipart/form-data"
    return Body, Form, File


def __getattr__(name):
    if name in ("Body", "Form", "File"):
        g = globals()
        g["Body"], g["Form"], g["File"] = _body_classes()
        return g[name]
    raise AttributeError("module 'microfastapi.params' has no attribute '{}'".format(name))


# ---- Depends and Security (solved by dependencies.py)
def _unsolved(request, entry):
    raise RuntimeError("a Depends parameter outside a route that solves it")


class Depends:
    # x = Depends(fn, use_cache=True, scope=None): x gets fn's result (see
    # dependencies.py). Depends() takes the callable from the annotation.
    use_cache = True
    scope = None
    scopes = ()
    needs_solver = True  # routing.Route: a route with one solves its dependencies

    def __init__(self, dependency=None, *, use_cache=True, scope=None):
        self.dependency = dependency
        if not use_cache:
            self.use_cache = False
        if scope is not None:
            if scope not in ("function", "request"):
                raise ValueError("Depends(scope=...) is 'function' or 'request', not {!r}".format(scope))
            self.scope = scope

    def plan_entry(self, name, annotation, default, route):
        # signature.build_plan's hook: a CUSTOM entry (the route's Dependant binds it)
        from .signature import CUSTOM

        return (name, CUSTOM, None, _unsolved, default, self, annotation)

    def __repr__(self):
        return "{}({})".format(type(self).__name__, getattr(self.dependency, "__name__", self.dependency or ""))


class Security(Depends):
    # Depends that also declares the OAuth2 scopes it needs (SecurityScopes)
    def __init__(self, dependency=None, *, scopes=None, use_cache=True):
        Depends.__init__(self, dependency, use_cache=use_cache)
        if scopes:
            self.scopes = tuple(scopes)
