# Depends: FastAPI's dependency injection.
#
# A parameter declared `x = Depends(fn)` (or `x: Annotated[T, Depends(fn)]`)
# gets fn's return value. fn is a function, an async function, a class (its
# instance) or a callable object; its own parameters are declared as a
# handler's are (path, query, header, cookie, body, request, response,
# background_tasks) and may be dependencies themselves.
#
# At registration each callable becomes a Dependant: its sub-dependencies (in
# declaration order; `dependencies=[...]` of the app, routers and the route
# first) and the plan of its other parameters, built by the same plan builder
# as a handler's (routing supplies it, see bind_params). Per request, solve()
# walks the tree: each sub-dependency is solved first, then called once (a
# result is cached per request by (callable, security scopes) unless
# use_cache=False). A dependency whose own parameters are invalid is not called;
# all errors of the request are reported together (422).
#
# A dependency with `yield` gives the yielded value; what follows its `yield`
# runs after the response has been sent (scope="function": as soon as the
# handler returns), in reverse order, and sees the handler's exception raised
# at the `yield`.
from .concurrency import CPY, GEN, is_awaitable, step, _Yielded

if CPY:
    import inspect as _inspect


class Depends:
    # Depends(fn, use_cache=True, scope=None). Depends() takes the callable from
    # the parameter's annotation (`commons: CommonQueryParams = Depends()`).
    use_cache = True
    scope = None
    scopes = ()

    def __init__(self, dependency=None, *, use_cache=True, scope=None):
        self.dependency = dependency
        if not use_cache:
            self.use_cache = False
        if scope is not None:
            if scope not in ("function", "request"):
                raise ValueError("Depends(scope=...) is 'function' or 'request', not {!r}".format(scope))
            self.scope = scope

    def __repr__(self):
        return "{}({})".format(type(self).__name__, getattr(self.dependency, "__name__", self.dependency))


class Security(Depends):
    # Depends that also declares OAuth2 scopes (SecurityScopes collects them)
    def __init__(self, dependency=None, *, scopes=None, use_cache=True):
        Depends.__init__(self, dependency, use_cache=use_cache)
        if scopes:
            self.scopes = tuple(scopes)


# ---- what a callable takes
def callable_params(call):
    # -> (function whose parameters are read, names, defaults, annotations
    # owner). Classes give their __init__'s, callable objects their
    # __call__'s, without self.
    from ._parser import fn_params

    fn = call
    drop = 0
    if isinstance(call, type):
        fn = getattr(call, "__init__", None)
        if fn is None or fn is object.__init__:
            return fn, (), {}
        drop = 1
    elif not CPY and not _is_function(call):
        fn = getattr(type(call), "__call__", None)
        if fn is None:
            raise TypeError("{!r} is not callable".format(call))
        drop = 1
    elif CPY and not (_inspect.isfunction(call) or _inspect.ismethod(call)):
        fn = getattr(call, "__call__", None)
        if fn is None:
            raise TypeError("{!r} is not callable".format(call))
    try:
        names, defaults = fn_params(fn)
    except TypeError:
        if not CPY and type(call).__name__ == "bound_method":
            raise TypeError("MicroPython cannot read the parameters of a bound method: use a function")
        raise
    if drop and names:
        if CPY and _inspect.ismethod(fn):
            pass  # already bound
        else:
            names = names[1:]
    return fn, names, defaults


def _is_function(f):
    t = type(f).__name__
    return t in ("function", "closure", "generator")  # MicroPython's names (generator function: "generator")


# how the call is made (CPython; MicroPython finds out from the result)
_SYNC, _CORO, _GENF, _AGENF = 0, 1, 2, 3


def _call_kind(call, fn):
    if not CPY:
        return None
    f = call if not isinstance(call, type) else None
    if f is not None and not (_inspect.isfunction(f) or _inspect.ismethod(f)):
        f = getattr(f, "__call__", None)
    if f is None:
        return _SYNC
    if _inspect.isasyncgenfunction(f):
        return _AGENF
    if _inspect.isgeneratorfunction(f):
        return _GENF
    if _inspect.iscoroutinefunction(f):
        return _CORO
    return _SYNC


class Dependant:
    # call: the callable; subs: ((parameter name or None, Dependant, use_cache,
    # scope), ...); plan: the other parameters, in routing's plan format;
    # context: ((parameter name, "response"|"background"|"scopes"), ...)
    # scopes: the security scopes of the Security() path that reached it.
    subs = ()
    context = ()
    kind = None

    def __init__(self, call, plan, subs, context, scopes=()):
        self.call = call
        self.plan = plan
        if subs:
            self.subs = tuple(subs)
        if context:
            self.context = tuple(context)
        self.scopes = scopes
        self.cache_key = (call, scopes) if scopes else call
        if call is not None:
            try:
                self.kind = _call_kind(call, None)
            except Exception:
                self.kind = None

    def __repr__(self):
        return "Dependant({})".format(getattr(self.call, "__name__", self.call))


def has_dependencies(d):
    return bool(d.subs)


# ---- per request
class Solved:
    # the per-request state: results cache, the yield dependencies to close
    # (request scope and function scope), the response parameter, background
    # tasks and errors
    def __init__(self, request, overrides=None):
        self.request = request
        self.cache = {}
        self.stack = []
        self.fstack = []
        self.response = None
        self.background = None
        self.overrides = overrides

    def sub_response(self):
        if self.response is None:
            r = _classes()[0](None)
            r.status_code = None
            self.response = r
        return self.response

    def background_tasks(self):
        if self.background is None:
            from .background import BackgroundTasks

            self.background = BackgroundTasks()
        return self.background


_overridden = {}  # (override callable, original Dependant) -> Dependant


async def solve(dep, ctx, bind, build):
    # -> (keyword arguments for dep.call, errors). bind(plan, request) ->
    # (values dict, errors list) binds the non-dependency parameters;
    # build(call, scopes) -> Dependant for an override.
    values = {}
    errors = []
    ov = ctx.overrides
    for name, sub, use_cache, scope in dep.subs:
        if ov:
            o = ov.get(sub.call)
            if o is not None:
                k = (o, sub)
                d = _overridden.get(k)
                if d is None:
                    d = _overridden[k] = build(o, sub.scopes)
                sub = d
        key = sub.cache_key
        if use_cache and key in ctx.cache:
            if name is not None:
                values[name] = ctx.cache[key]
            continue
        kw, errs = await solve(sub, ctx, bind, build)
        if errs:
            errors.extend(errs)
            continue
        v = await run(sub, kw, ctx, scope)
        if use_cache:
            ctx.cache[key] = v
        if name is not None:
            values[name] = v
    if dep.plan:
        vals, errs = bind(dep.plan, ctx.request)
        values.update(vals)
        if errs:
            errors.extend(errs)
    for name, what in dep.context:
        if what == "response":
            values[name] = ctx.sub_response()
        elif what == "background":
            values[name] = ctx.background_tasks()
        elif what == "scopes":
            from .security.oauth2 import SecurityScopes

            values[name] = SecurityScopes(list(dep.scopes))
        elif what == "request":
            values[name] = ctx.request
    return values, errors


async def run(dep, kw, ctx, scope=None):
    # call one dependency; a yield dependency's generator goes on the stack
    r = dep.call(**kw)
    k = dep.kind
    if k == _SYNC:
        return r
    if k == _CORO:
        return await r
    if CPY:
        if k is None and hasattr(r, "__await__"):
            return await r
        if not (k == _GENF or k == _AGENF):
            return r
    elif type(r) is not GEN:
        return r
    s = await step(r)
    if type(s) is not _Yielded:
        if k == _GENF or k == _AGENF:
            raise RuntimeError("dependency {} did not yield".format(getattr(dep.call, "__name__", dep.call)))
        return s.value  # a MicroPython coroutine
    (ctx.fstack if scope == "function" else ctx.stack).append(r)
    return s.value


async def close(stack, exc):
    # Run what follows the `yield` of each generator, last entered first, as
    # an AsyncExitStack does: exc (the handler's exception, or None) is raised
    # at the `yield`; a generator that catches it and ends normally swallows it;
    # one that raises another exception replaces it. Returns the exception
    # still pending (None when there is none).
    while stack:
        g = stack.pop()
        try:
            s = await step(g, exc)
        except BaseException as e:
            if e is not exc:
                exc = e
            continue
        if type(s) is _Yielded:
            exc = RuntimeError("a dependency with yield yielded twice")
        else:
            exc = None  # ended normally: nothing pending, or it swallowed exc
    return exc


# ---- building the tree (at registration)
def annotations_of(fn):
    # {name: (class or None, Annotated metadata tuple)} from the function's
    # annotations, through the shared resolver (objects on CPython, text on the
    # firmware that keeps annotations); {} where the runtime drops them.
    from .annotations import function_annotations, module_globals, resolve

    ann = function_annotations(fn)
    if not ann:
        return {}
    g = module_globals(fn)
    out = {}
    for n in ann:
        if n == "return":
            continue
        try:
            spec = resolve(ann[n], g)
        except Exception:
            out[n] = (None, ())
            continue
        out[n] = (spec.cls if isinstance(spec.cls, type) else None, tuple(spec.meta or ()))
    return out


def _context_kind(name, t, has_ann):
    # the parameters FastAPI fills from the request's context, by annotation
    # (by name where the runtime drops annotations)
    from .background import BackgroundTasks

    if t is not None:
        Response, Request = _classes()
        if isinstance(t, type):
            if issubclass(t, Response):
                return "response"
            if issubclass(t, BackgroundTasks):
                return "background"
            if t.__name__ == "SecurityScopes":
                return "scopes"
            if issubclass(t, Request):
                return "request"
        return None
    if not has_ann:
        if name == "response":
            return "response"
        if name == "background_tasks":
            return "background"
        if name == "security_scopes":
            return "scopes"
    return None


def build(call, planner, path_names=(), extra=(), scopes=()):
    # Dependant for call. planner(fn, names, defaults, annotations, path_names)
    # gives the plan of the parameters left (routing's plan builder); extra:
    # the Depends of `dependencies=[...]`, solved first, results unused.
    fn, names, defaults = callable_params(call)
    ann = annotations_of(fn) if fn is not None else {}
    subs = []
    ctx = []
    rest = []
    for d in extra:
        if not isinstance(d, Depends):
            raise TypeError("dependencies=[...] takes Depends(...) items, not {!r}".format(d))
        if d.dependency is None:
            raise TypeError("Depends() in dependencies=[...] needs the callable")
        subs.append((None, build(d.dependency, planner, path_names, (), scopes + d.scopes),
                     d.use_cache, d.scope))
    for n in names:
        dflt = defaults.get(n, _NONE)
        t, meta = ann.get(n, (None, ()))
        decl = dflt if isinstance(dflt, Depends) else None
        if decl is None:
            for m in meta:
                if isinstance(m, Depends):
                    decl = m
        if decl is not None:
            c = decl.dependency if decl.dependency is not None else t
            if c is None:
                raise TypeError("{}: Depends() without a callable needs the parameter's annotation "
                                "(this runtime keeps none): write Depends(TheClass)".format(n))
            subs.append((n, build(c, planner, path_names, (), scopes + decl.scopes), decl.use_cache, decl.scope))
            continue
        k = _context_kind(n, t, bool(ann))
        if k is not None:
            ctx.append((n, k))
        else:
            rest.append(n)
    plan = planner(fn, tuple(rest), defaults, ann, path_names) if rest else None
    return Dependant(call, plan, subs, ctx, scopes)


_NONE = object()


def _classes():
    try:
        from .responses import Response
        from .requests import Request
    except ImportError:
        from .response import Response
        from .request import Request
    return Response, Request
