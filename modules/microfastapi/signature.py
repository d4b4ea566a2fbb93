# A route's plan: what each handler parameter is and where its value comes
# from, worked out once at registration from the handler's signature (names,
# defaults, annotations) and the decorator's `params=`. Both request paths
# (handling.fast, synchronous, and handling.dispatch, async) read only this.
# docs/CONTRACTS.md ("The route plan") is the reference; keep it true.
from ._compat import CPY
from ._parser import fn_params
from .params import Query, REQUIRED, CONV, _type_of

# ---- one plan entry: a tuple, read by index on the hot path
#   (name, source, key, convert, default, decl)
# name     the handler's parameter name: the keyword it is passed by
# source   where the value comes from: one of the constants below
# key      the name it is read by in its source: the path parameter's name,
#          the query key (alias applied); None for REQUEST/BODY
# convert  str -> value, raising ValueError or TypeError on bad input (then
#          params.param_error explains it); None: the str as it is. For
#          CUSTOM: the resolver, see below
# default  the value when the request has none, or params.REQUIRED
# decl     the declaration object (Query(...), an extension's object), or None
NAME, SOURCE, KEY, CONVERT, DEFAULT, DECL = 0, 1, 2, 3, 4, 5

PATH = 0  # a path parameter of the template (match() converted it already)
QUERY = 1  # one query value
REQUEST = 2  # the Request
BODY = 3  # the JSON body, parsed
# CUSTOM: anything another module defines (dependencies, models, uploads,
# background tasks...). convert is then `resolve(request, entry)`, called by
# handling.dispatch only (a route with one is never bound on the fast path),
# returning the value or an awaitable giving it; it may raise
# RequestValidationError or HTTPException. See plan_entry_hook below.
CUSTOM = 9

# ---- how the fast path calls a route's handler (Route.call)
CALL_NONE = 0  # the handler takes no parameters: handler()
CALL_SIMPLE = 1  # only its path parameters (all of them) and query ones
CALL_BOUND = 2  # PATH/QUERY/REQUEST/BODY entries: bound synchronously (handling.bind)
CALL_ASYNC = 3  # a CUSTOM entry: handled by dispatch() only

_QSTR = {}  # None or REQUIRED -> the shared Query(str, default=it)


def _query_entry(name, d, t):
    # an undeclared parameter that is not a path one: a query value
    if isinstance(d, Query):
        q = d
    else:
        if t not in (int, float, bool, str):
            t = _type_of(d) if d is not REQUIRED and d is not None else str
        if t is str and (d is None or d is REQUIRED):
            # the common undeclared str ones: one shared Query each
            q = _QSTR.get(d)
            if q is None:
                q = _QSTR[d] = Query(str, default=d)
        else:
            q = Query(t, default=d)
    t = q.type
    conv = None if t is str or t is None else CONV.get(t, t)
    return (name, QUERY, q.alias or name, conv, q.default, q)


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


def build_plan(route, given=None):
    # -> the plan (a tuple of entries, in the handler's order), or None when
    # the handler's parameter names cannot be read (stock MicroPython without
    # the C module and no params=): the handler then gets its path parameters
    # plus whichever request/body/query names it accepts (handling.probe)
    handler = route.handler
    names = None
    defaults = {}
    ann = {}
    try:
        names, defaults = fn_params(handler)
    except TypeError:
        pass
    if CPY:
        ann = getattr(handler, "__annotations__", None) or {}
    if given is not None:
        if isinstance(given, dict):
            defaults = dict(defaults)
            defaults.update(given)
        if names is None:
            names = tuple(given)
    if names is None:
        return None
    pps = route.path_params
    plan = []
    for n in names:
        d = defaults.get(n, REQUIRED)
        t = ann.get(n)
        h = _hook(d) or (_hook(t) if t is not None else None)
        if h is None and n not in pps and not hasattr(d, "alias"):  # (a Query(...) default is no body)
            h = _body_hook(handler, n, t)
        if h is not None:
            plan.append(h(n, t, d, route))
        elif n in pps:
            plan.append((n, PATH, n, None, d, None))
        elif n == "request":
            plan.append((n, REQUEST, None, None, d, None))
        elif n == "body":
            plan.append((n, BODY, None, None, d, None))
        else:
            plan.append(_query_entry(n, d, t))
    return tuple(plan)


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
        elif s == CUSTOM:
            return CALL_ASYNC
        elif s != QUERY:
            call = CALL_BOUND
    if npath != len(route.path_params):
        call = CALL_BOUND
    return call
