# A route's plan: what each handler parameter is and where its value comes
# from, worked out once at registration from the handler's signature (names,
# defaults, annotations) and the decorator's `params=`. Both request paths
# (handling.fast, synchronous, and handling.dispatch, async) read only this.
# docs/CONTRACTS.md ("The route plan") is the reference; keep it true.
from ._parser import fn_params
from .params import Param, Path, Query, Header, Cookie, REQUIRED, CONV, int_value, type_of

# ---- one plan entry: a tuple, read by index on the hot path
#   (name, source, key, convert, default, decl, spec)
# name     the handler's parameter name: the keyword it is passed by
# source   where the value comes from: one of the constants below
# key      the name it is read by in its source: the path parameter's name,
#          the query key or cookie name (alias applied), the header name
#          (lower-case, underscores as hyphens unless convert_underscores=False);
#          None for REQUEST/BODY
# convert  raw value -> value, raising an exception on bad input (then
#          params.param_errors says why); None: the str as it is. For
#          CUSTOM: the resolver, see below
# default  the value when the request has none, or params.REQUIRED
# decl     the declaration (Query(...), Path(...), an extension's object), or None
# spec     the resolved annotation (an annotations.Spec), or None (no annotation)
NAME, SOURCE, KEY, CONVERT, DEFAULT, DECL, SPEC = 0, 1, 2, 3, 4, 5, 6

PATH = 0  # a path parameter of the template
QUERY = 1  # one query value (the last one when the key repeats)
REQUEST = 2  # the Request
BODY = 3  # the JSON body, parsed (a parameter named `body`)
QUERY_LIST = 4  # every value of a repeated query key, as a list (list[T])
HEADER = 5  # a request header (a list[T] one: the repeated values)
COOKIE = 6  # a cookie of the Cookie header
# CUSTOM: anything another module defines (dependencies, models, uploads,
# background tasks...). convert is then `resolve(request, entry)`, called by
# handling.dispatch only (a route with one is never bound on the fast path),
# returning the value or an awaitable giving it; it may raise
# RequestValidationError or HTTPException. See _hook below.
CUSTOM = 9

# ---- how the fast path calls a route's handler (Route.call)
CALL_NONE = 0  # the handler takes no parameters: handler()
CALL_SIMPLE = 1  # all of its path parameters (unconverted) and query ones only
CALL_BOUND = 2  # any built-in source: bound synchronously by handling.bind
CALL_ASYNC = 3  # a CUSTOM entry, or no plan: handled by dispatch() only
CALL_DEPS = 4  # dependencies of plain functions only: dependencies.solve_now, on the fast path

_SOURCES = {Path: PATH, Query: QUERY, Header: HEADER, Cookie: COOKIE}
_QSTR = {}  # None or REQUIRED -> the shared Query(str, default=it)


def _hook(obj):
    # the extension point: a declaration (a default value, or Annotated
    # metadata) or an annotation class with a `plan_entry(name, annotation,
    # default, route)` method makes its own entry (see docs/CONTRACTS.md)
    f = getattr(obj, "plan_entry", None)
    return f if callable(f) else None


_ANN = [None, None]  # (handler, its annotations): the last one read


def _body_hook(handler, n, t):
    # request bodies (bodies.py): Annotated[..., Body()/Form()/File()], a model,
    # UploadFile, or a non-scalar type (dict, list...) FastAPI reads from the
    # body. The annotation is resolved with the light annotations module;
    # bodies.py is imported only when a parameter is a body one.
    from . import annotations as A

    if t is None:
        if _ANN[0] is not handler:
            _ANN[0], _ANN[1] = handler, A.function_annotations(handler)
        t = _ANN[1].get(n)
        if t is None:
            return None
    if t in (int, float, str, bool, "int", "float", "str", "bool"):
        return None
    try:
        spec = A.resolve(t, A.module_globals(handler))
    except A.AnnotationError:
        return None
    if not _bodyish(spec, A):
        return None
    from .bodies import annotation_hook

    return annotation_hook(spec, handler)


def returns_model(handler):
    # the handler's return annotation names something a response model is
    # made of (a model, or a type holding one): see bodies.install_response_model
    from . import annotations as A

    if _ANN[0] is not handler:
        _ANN[0], _ANN[1] = handler, A.function_annotations(handler)
    t = _ANN[1].get("return")
    if t is None or t in (dict, list, str, int, "dict", "list", "str", "int", "Any", "None"):
        return False
    try:
        spec = A.resolve(t, A.module_globals(handler))
    except A.AnnotationError:
        return False
    return _has_model(spec, A)


def _has_model(spec, A):
    if spec is None:
        return False
    if spec.kind == A.MODEL or (spec.kind == A.CLASS and hasattr(spec.cls, "_mfa_validate")):
        return True
    for s in (spec.item, spec.key) + tuple(spec.items or ()):
        if _has_model(s, A):
            return True
    return False


def _bodyish(spec, A):
    for m in spec.meta:
        if callable(getattr(m, "plan_entry", None)):
            return getattr(m, "media_type", None) is not None  # Body/Form/File, not Query/Depends
    k = spec.kind
    if k == A.MODEL or k == A.DICT or k in A.SEQUENCES:
        return True
    if k == A.CLASS:
        return callable(getattr(spec.cls, "plan_entry", None))
    if k == A.UNION:
        for s in spec.items:
            if _bodyish(s, A):
                return True
    return False


def _legacy_entry(name, d, t):
    # no annotation (MicroPython without the annotations patch, or none
    # written): a query value typed by Query(type)/the default's type
    if isinstance(d, Query):
        q = d
    else:
        if t not in (int, float, bool, str):
            t = type_of(d) if d is not REQUIRED and d is not None else str
        if t is str and (d is None or d is REQUIRED):
            # the common undeclared str ones: one shared Query each
            q = _QSTR.get(d)
            if q is None:
                q = _QSTR[d] = Query(str, default=d)
        else:
            q = Query(t, default=d)
    t = q.type
    conv = None if t is str or t is None else CONV.get(t, t)
    return (name, QUERY, q.alias or name, conv, q.default, q, None)


def _converter(spec, raw_str=True):
    # the cheapest callable that turns a str (or list of str) into what spec
    # wants, raising on bad input; None when the str itself is the answer
    from . import annotations as A
    from . import validation as V

    kind = spec.kind
    if not spec.checks:
        if kind == A.STR or kind == A.ANY:
            return None
        f = {A.INT: int_value, A.FLOAT: V.to_float, A.BOOL: V.to_bool}.get(kind)
        if f is not None:
            return f
    validate = V.validate
    invalid = V.INVALID

    def convert(v):
        r = validate(spec, v, (), [])
        if r is invalid:
            raise ValueError
        return r

    return convert


def _split_header(conv):
    # a list[T] header: its repeated values (the parser joins them with ", ")
    def convert(v):
        v = [s.strip() for s in v.split(",")]
        return v if conv is None else conv(v)

    return convert


def build_plan(route, given=None):
    # -> the plan (a tuple of entries, in the handler's order), or None when
    # the handler's parameter names cannot be read (stock MicroPython without
    # the C module and no params=): the handler then gets its path parameters
    # plus whichever request/body/query names it accepts (handling.probe)
    handler = route.handler
    names = None
    defaults = {}
    try:
        names, defaults = fn_params(handler)
    except TypeError:
        pass
    if given is not None:
        if isinstance(given, dict):
            defaults = dict(defaults)
            defaults.update(given)
        if names is None:
            names = tuple(given)
    if names is None:
        return None
    # annotations: objects (CPython), text (the patched firmware), or none
    # (stock MicroPython); the resolver is imported only when there are some
    ann = getattr(getattr(handler, "__func__", handler), "__annotations__", None)
    if ann:
        from . import annotations as A
    pps = route.path_params
    plan = []
    g = None
    for n in names:
        d = defaults.get(n, REQUIRED)
        raw = ann.get(n) if ann else None
        spec = None
        if raw is not None:
            if g is None:
                g = A.module_globals(handler)
            try:
                spec = A.resolve(raw, g)
            except A.AnnotationError as e:
                raise TypeError("{}(): parameter {!r}: {}".format(_route_name(route), n, e))
        # the extension point: the default, the Annotated metadata, the class
        h = _hook(d)
        if h is None and spec is not None:
            for m in spec.meta:
                h = _hook(m)
                if h is not None:
                    break
            else:
                if spec.kind == A.MODEL or spec.kind == A.CLASS:
                    h = _hook(spec.cls)
        if (h is None and spec is not None and n not in pps and not isinstance(d, Param)
                and spec.find_meta(Param) is None):
            # request bodies (models' bodies.py): models, dict/list... without Query()
            h = _body_hook(handler, n, spec)
        if h is not None:
            plan.append(h(n, spec, d, route))
            continue
        decl = d if isinstance(d, Param) else None
        if decl is None and spec is not None:
            decl = spec.find_meta(Param)
        if decl is not None and d is decl:
            d = decl.default
        elif decl is not None and d is REQUIRED:
            d = decl.default
        if spec is None:
            # no annotation
            if n in pps and decl is None:
                plan.append((n, PATH, n, None, d, decl, None))
            elif n == "request":
                plan.append((n, REQUEST, None, None, d, None, None))
            elif n == "body":
                plan.append((n, BODY, None, None, d, None, None))
            elif decl is None or isinstance(decl, Query):
                plan.append(_legacy_entry(n, decl or d, None))
            else:
                plan.append(_declared(route, n, decl, d, None, pps))
            continue
        if decl is not None:
            spec = A.with_constraints(spec, decl)
        if spec.kind == A.CLASS and _is_request(spec.cls):
            plan.append((n, REQUEST, None, None, d, None, spec))
        elif decl is None and n == "request" and spec.kind == A.ANY:
            plan.append((n, REQUEST, None, None, d, None, spec))
        elif decl is None and n == "body" and n not in pps:
            plan.append((n, BODY, None, None, d, None, spec))
        else:
            if decl is None:
                decl = Path() if n in pps else Query()
            plan.append(_declared(route, n, decl, d, spec, pps))
    return tuple(plan)


def _route_name(route):
    return getattr(route, "name", None) or getattr(route.handler, "__name__", "handler")


def _is_request(cls):
    from .requests import Request

    try:
        return issubclass(cls, Request)
    except TypeError:
        return False


def _declared(route, n, decl, d, spec, pps):
    # an entry for a Path/Query/Header/Cookie parameter
    from . import annotations as A

    src = _SOURCES.get(type(decl))
    if src is None:
        for c in _SOURCES:
            if isinstance(decl, c):
                src = _SOURCES[c]
                break
    if src == PATH or (src is None and n in pps):
        key = decl.alias or n
        if key not in pps:
            raise TypeError("{}(): path parameter {!r} is not in the path {!r}".format(
                _route_name(route), key, getattr(route, "path", "")))
        conv = None
        if spec is not None:
            conv = _converter(spec)
            tmpl = pps[key]
            if (tmpl == "int" and conv is _plain(A.INT)) or (tmpl == "float" and conv is _plain(A.FLOAT)):
                conv = None  # the template's converter made it already
        elif decl.type is not None and decl.type is not str and pps[key] == "str":
            # Path(int) without annotations (stock MicroPython): typed as the
            # annotation would type it (a template converter wins)
            conv = int_value if decl.type is int else CONV.get(decl.type, decl.type)
        return (n, PATH, key, conv, REQUIRED, decl, spec)
    if spec is None:
        t = decl.type
        conv = None if t is str or t is None else CONV.get(t, t)
    else:
        conv = _converter(spec)
    seq = spec is not None and spec.kind in A.SEQUENCES
    if src == HEADER:
        key = decl.alias or (n.replace("_", "-") if decl.convert_underscores else n)
        key = key.lower()
        if seq:
            conv = _split_header(conv)
    elif src == COOKIE:
        key = decl.alias or n
    else:
        key = decl.alias or n
        if seq:
            src = QUERY_LIST
    return (n, src, key, conv, d, decl, spec)


def _plain(kind):
    from . import validation as V
    from . import annotations as A

    return {A.INT: int_value, A.FLOAT: V.to_float}.get(kind)


def call_kind(route):
    # Route.call: the cheapest way the fast path can call this handler
    plan = route.plan
    if plan is None:
        return CALL_ASYNC
    if not plan:
        return CALL_NONE
    npath = 0
    call = CALL_SIMPLE
    for e in plan:
        s = e[SOURCE]
        if s == PATH:
            npath += 1
            if e[CONVERT] is not None:
                call = CALL_BOUND
        elif s == CUSTOM:
            # a kind whose declaration resolves synchronously (a JSON body:
            # bodies.BodyField) is bound on the fast path; any other is async
            d = e[DECL]
            if not getattr(d, "sync", False) or getattr(d, "resolve_now", None) is None:
                return CALL_ASYNC
            call = CALL_BOUND
        elif s != QUERY:
            call = CALL_BOUND
    if npath != len(route.path_params):
        call = CALL_BOUND
    return call
