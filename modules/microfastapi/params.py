# Parameter declarations and conversions.
from ._compat import isdigits

REQUIRED = object()


class Query:
    # Query(int, default=None): ?x=7 arrives as 7, ?x=a gives 422.
    # Query(5) (FastAPI style: first argument is the default) is accepted too.
    # alias, description, extra: class-level defaults, set per instance only when given
    alias = None
    description = None
    extra = {}

    def __init__(self, type=None, default=REQUIRED, alias=None, description=None, **kw):
        if type is not None and not isinstance(type, _TYPE):
            if default is REQUIRED:
                default, type = type, None
        if type is None:
            type = _type_of(default)
        self.type = type
        self.default = default
        if alias is not None:
            self.alias = alias
        if description is not None:
            self.description = description
        if kw:
            self.extra = kw

    @property
    def required(self):
        return self.default is REQUIRED

    def __repr__(self):
        return "Query({}, default={})".format(getattr(self.type, "__name__", self.type), self.default)


_TYPE = type(int)


def _type_of(v):
    for t in (bool, int, float, str):  # bool first: MicroPython bool is not an int
        if type(v) is t:
            return t
    return str


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


def param_error(decl, loc, key, value):
    # the error item for a value its declaration's converter refused
    return error(getattr(decl, "type", None), loc, key, value)


# ---- request body declarations (Body, Form, File): FieldInfo subclasses, so
# they carry Field's constraints, alias, title, description, examples. Their
# plan entries (docs/CONTRACTS.md) are made by bodies.py, imported only by
# routes that use them.
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

        return (name, CUSTOM, None, _unsolved, default, self)

    def __repr__(self):
        return "{}({})".format(type(self).__name__, getattr(self.dependency, "__name__", self.dependency or ""))


class Security(Depends):
    # Depends that also declares the OAuth2 scopes it needs (SecurityScopes)
    def __init__(self, dependency=None, *, scopes=None, use_cache=True):
        Depends.__init__(self, dependency, use_cache=use_cache)
        if scopes:
            self.scopes = tuple(scopes)
