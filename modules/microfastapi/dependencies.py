# Depends: FastAPI's dependency injection.
#
# A parameter declared `x = Depends(fn)` (or `x: Annotated[T, Depends(fn)]`)
# gets fn's return value. fn is a function, an async function, a class (its
# instance) or a callable object; its own parameters are declared as a
# handler's are (path, query, body, request, and the context ones: response,
# background_tasks, security_scopes) and may be dependencies themselves.
#
# At registration (routing.Route calls attach() for a route that has
# dependencies, or a context parameter) the handler and each callable become
# a Dependant: its sub-dependencies in order (the `dependencies=[...]` of the
# app, the included routers and the route first, then its parameters'), its
# context parameters, and the route plan of its other parameters, made by the
# same signature.build_plan as a handler's and bound by the same
# handling.bind. When every dependency is a plain function (or class) and
# takes only path/query/header/cookie parameters, a JSON body, the request and
# other dependencies, the route's `call` becomes CALL_DEPS: the fast path solves it
# synchronously (solve_now) unless app.dependency_overrides is set. Otherwise
# it becomes CALL_ASYNC: the fast path leaves it to handling.dispatch, which
# calls Dependant.respond(). Routes without dependencies never import this
# module.
#
# Per request, solve() walks the tree: each sub-dependency is solved first,
# then called once (its result is cached for the request by (callable,
# security scopes) unless use_cache=False). A dependency whose own parameters
# are invalid is not called; the errors of all levels give one 422.
#
# A dependency with `yield` gives the yielded value. What follows its `yield`
# runs after the response has been sent (scope="function": as soon as the
# handler returns), last entered first, and sees the handler's exception
# raised at the `yield`, as FastAPI's AsyncExitStack does.
from .concurrency import CPY, GEN, step, Yielded
from .params import Depends, Security, REQUIRED  # noqa: F401 (Depends/Security live in params)
from . import signature as _sig
from .signature import CUSTOM, SOURCE, DECL
from .exceptions import RequestValidationError, FastAPIError
from . import handling as _handling

if CPY:
    import inspect as _inspect

# how a dependency's call is made (known at registration on CPython; on
# MicroPython, where async and generator functions look alike, from the result)
_SYNC, _CORO, _GENF, _AGENF = 0, 1, 2, 3


def _call_kind(call):
    if not CPY:
        return None
    f = call
    if isinstance(call, type):
        return _SYNC
    if not (_inspect.isfunction(f) or _inspect.ismethod(f)):
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


# ---- what a callable takes
def _plan_of(fn, route):
    # the plan of a dependency's parameters, made by signature.build_plan as a
    # handler's is, against the route: with the route's handler set to fn for
    # the while, so that a kind that records something on the route (a body
    # field: bodies.py) records it there, as FastAPI flattens a dependency's
    # body parameters into its route's body
    h = route.handler
    route.handler = fn
    try:
        return _sig.build_plan(route)
    finally:
        route.handler = h
        fields = getattr(route, "body_fields", None)
        if fields:
            # a body parameter the handler or another dependency declares too
            # is one field of the body (FastAPI's rule)
            seen = set()
            keep = []
            for f in fields:
                if f.key not in seen:
                    seen.add(f.key)
                    keep.append(f)
            route.body_fields = tuple(keep)


def callable_params(call):
    # -> (function whose parameters are read, its parameter names without
    # self, their defaults). A class gives its __init__'s, a callable object
    # its __call__'s.
    from ._parser import fn_params

    fn = call
    drop = False
    if isinstance(call, type):
        fn = getattr(call, "__init__", None)
        if fn is None or fn is object.__init__:
            return None, (), {}
        drop = True
    elif CPY:
        if not (_inspect.isfunction(call) or _inspect.ismethod(call)):
            fn = getattr(call, "__call__", None)
    elif type(call).__name__ not in ("function", "closure", "generator"):
        if type(call).__name__ == "bound_method":
            raise TypeError("MicroPython cannot read a bound method's parameters: give Depends a function or an object")
        fn = getattr(type(call), "__call__", None)
        drop = True
    if fn is None:
        raise TypeError("{!r} is not callable".format(call))
    names, defaults = fn_params(fn)
    if drop and not (CPY and _inspect.ismethod(fn)):
        names = names[1:]
    return fn, tuple(names), defaults


def annotations_of(fn):
    # {name: (class or None, Annotated metadata tuple)} through the shared
    # resolver (objects on CPython, text on the firmware that keeps
    # annotations); {} where the runtime keeps none
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
        c = spec.cls
        out[n] = (c if isinstance(c, type) else None, tuple(spec.meta or ()))
    return out


def _context_kind(name, cls, ann):
    # the parameters FastAPI fills from the request's context: by annotation,
    # or by name where the runtime keeps no annotations
    if cls is not None:
        from .responses import Response
        from .requests import Request
        from .background import BackgroundTasks

        if issubclass(cls, Response):
            return "response"
        if issubclass(cls, BackgroundTasks):
            return "background"
        if issubclass(cls, Request):
            return "request"
        if cls.__name__ == "SecurityScopes":
            return "scopes"
        return None
    if not ann:
        if name == "response":
            return "response"
        if name == "background_tasks":
            return "background"
        if name == "security_scopes":
            return "scopes"
    return None


def declared(fn, names, defaults):
    # per parameter: (Depends or None, context kind or None); ann: annotations
    ann = annotations_of(fn) if fn is not None else {}
    out = []
    for n in names:
        d = defaults.get(n, REQUIRED)
        cls, meta = ann.get(n, (None, ()))
        dep = d if isinstance(d, Depends) else None
        if dep is None:
            for m in meta:
                if isinstance(m, Depends):
                    dep = m
        out.append((n, dep, None if dep is not None else _context_kind(n, cls, ann), cls))
    return out


def uses_solver(handler):
    # whether a route's handler needs the solver although its plan has no
    # Depends entry: an Annotated[..., Depends()] or a context parameter
    try:
        fn, names, defaults = callable_params(handler)
    except TypeError:
        return False
    for n, dep, ctx, cls in declared(fn, names, defaults):
        if dep is not None or ctx is not None:
            return True
    return False


class Dependant:
    # call: the callable; subs: ((parameter name or None, Dependant,
    # use_cache, scope), ...); context: ((parameter name, kind), ...); plan:
    # the route plan of the other parameters (handling.bind binds it);
    # scopes: the security scopes on the way to it (Security(scopes=...)).
    subs = ()
    context = ()
    plan = ()
    security = None  # the SecurityBase object when call is one (OpenAPI)
    needs_request = False  # the root of a CALL_DEPS tree: solve_now() needs the Request
    learning = False  # the root: a closure's kind is not known yet (_serve_plain)

    def __init__(self, call, route, extra=(), scopes=(), plan=None):
        self.call = call
        self.kind = _call_kind(call)
        self.sync = _sync_call(call)
        self.scopes = scopes
        self.cache_key = (call, scopes) if scopes else call
        if hasattr(call, "scheme_name") and hasattr(call, "model"):
            self.security = call
        fn, names, defaults = callable_params(call)
        subs = []
        for d in extra:
            if not isinstance(d, Depends):
                raise TypeError("dependencies=[...] takes Depends(...) items, not {!r}".format(d))
            if d.dependency is None:
                raise TypeError("Depends() in dependencies=[...] needs the callable")
            subs.append((None, Dependant(d.dependency, route, (), scopes + d.scopes), d.use_cache, d.scope))
        ctx = []
        rest = set()
        for n, dep, kind, cls in declared(fn, names, defaults):
            if dep is not None:
                c = dep.dependency if dep.dependency is not None else cls
                if c is None:
                    raise TypeError("parameter {}: Depends() without a callable takes it from the annotation, and this "
                                    "runtime keeps none: write Depends(TheClass)".format(n))
                subs.append((n, Dependant(c, route, (), scopes + dep.scopes), dep.use_cache, dep.scope))
            elif kind is not None:
                ctx.append((n, kind))
            else:
                rest.add(n)
        if subs:
            self.subs = tuple(subs)
        if ctx:
            self.context = tuple(ctx)
        if rest:
            # the route's handler: its plan as Route made it; a dependency's: made now
            p = plan if plan is not None else _plan_of(fn, route)
            if p is None:
                raise TypeError("cannot read the parameters of {!r} on this runtime".format(call))
            self.plan = tuple(e for e in p if e[0] in rest)

    def __repr__(self):
        return "Dependant({})".format(getattr(self.call, "__name__", self.call))

    # ---- what the route's OpenAPI shows
    def flat_plan(self):
        # every parameter plan entry of the tree, each name once, outermost first
        out = []
        seen = set()

        def walk(d):
            for n, sub, u, s in d.subs:
                walk(sub)
            for e in d.plan:
                if e[0] not in seen and e[SOURCE] != CUSTOM:
                    seen.add(e[0])
                    out.append(e)
            for e in d.plan:
                if e[SOURCE] == CUSTOM and e[0] not in seen:
                    seen.add(e[0])
                    out.append(e)

        walk(self)
        return tuple(out)

    def security_requirements(self):
        # [(security object, scopes)] of the security dependencies in the tree
        out = []

        def walk(d):
            if d.security is not None:
                out.append((d.security, list(d.scopes)))
            for n, sub, u, s in d.subs:
                walk(sub)

        walk(self)
        return out

    # ---- per request (the route's handler is the root Dependant)
    async def respond(self, app, route, req, pp):
        # the handler's Response; raises what the handler, a dependency or
        # the yield dependencies' cleanup raised (dispatch answers it)
        ctx = Solved(req, pp, app.dependency_overrides)
        try:
            kw, errs = await solve(self, ctx)
            if errs:
                raise RequestValidationError(errs, _handling.parsed_body(req.body))
            raw = self.call(**kw)
            res = _handling.streamed(raw, route)  # EventSourceResponse: the generator unstarted
            if res is None:
                raw = await _handling.finish(raw)
                res = _handling.to_response(raw, route)
            if ctx.fstack:
                e = await close(ctx.fstack, None)
                if e is not None:
                    raise e
        except Exception as e:
            exc = await close(ctx.fstack, e)
            exc = await close(ctx.stack, exc)
            if exc is None:
                exc = FastAPIError(
                    "Response not awaited. There's a high chance that the application code is raising an exception "
                    "and a dependency with yield has a block with a bare except, or a block with except Exception, "
                    "and is not raising the exception again.")
            raise exc
        sub = ctx.response
        if sub is not None and not isinstance(raw, _classes()[0]):
            if sub.status_code is not None:
                res.status_code = sub.status_code
            if sub.headers:
                res.headers.update(sub.headers)
            if sub.cookies:
                res.cookies = (res.cookies or []) + sub.cookies
        bg = ctx.background
        if bg is not None and bg.tasks and res.background is None:
            res.background = bg
        if ctx.stack:
            res.background = _After(res.background, ctx.stack)
        if self.learning:
            _serve_plain(route, self)
        return res

    def solve_now(self, cache, pp, req, qs, headers, body, errors):
        # solve() for a tree _sync_tree() accepted, without asyncio: -> the
        # keyword arguments for dep.call; the error items go to `errors`. The
        # same order and rules as solve(): each sub-dependency solved, then
        # called once per request (cache), not called when its parameters fail.
        values = {}
        for name, sub, use_cache, scope in self.subs:
            key = sub.cache_key
            if use_cache and key in cache:
                if name is not None:
                    values[name] = cache[key]
                continue
            n = len(errors)
            kw = sub.solve_now(cache, pp, req, qs, headers, body, errors)
            if len(errors) > n:
                continue
            v = sub.call(**kw)
            if use_cache:
                cache[key] = v
            if name is not None:
                values[name] = v
        if self.plan:
            later = None
            try:
                vals, later = _handling.bind(self, pp, req, qs, headers, body)
                values.update(vals)
            except RequestValidationError as e:
                errors.extend(e.errors())
                later = [x for x in self.plan if x[SOURCE] == CUSTOM]
            if later:
                for x in later:
                    try:
                        values[x[0]] = x[DECL].resolve_now(req, x)
                    except RequestValidationError as e:
                        errors.extend(e.errors())
                        break  # (the body's resolver gives all the body's errors at once)
        for name, what in self.context:
            values[name] = req  # "request", the only one _sync_tree() lets through
        return values


class _After:
    # what the server runs once the response is sent: the background tasks,
    # then the cleanup of the yield dependencies (as FastAPI)
    tasks = ()

    def __init__(self, background, stack):
        self.background = background
        self.stack = stack

    async def __call__(self):
        try:
            if self.background is not None:
                await self.background()
        finally:
            e = await close(self.stack, None)
            if e is not None:
                raise e


class Solved:
    # per request: the results cache, the yield dependencies to close
    # (request scope, function scope), the response parameter, the
    # background tasks
    def __init__(self, request, path_params, overrides):
        self.request = request
        self.path_params = path_params
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


_overridden = {}  # (override callable, Dependant overridden) -> Dependant


async def solve(dep, ctx):
    # -> (keyword arguments for dep.call, error items)
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
                    d = _overridden[k] = Dependant(o, ctx.request.route, (), sub.scopes)
                sub = d
        key = sub.cache_key
        if use_cache and key in ctx.cache:
            if name is not None:
                values[name] = ctx.cache[key]
            continue
        kw, errs = await solve(sub, ctx)
        if errs:
            errors.extend(errs)
            continue
        v = await run(sub, kw, ctx, scope)
        if use_cache:
            ctx.cache[key] = v
        if name is not None:
            values[name] = v
    if dep.plan:
        req = ctx.request
        later = None
        try:
            vals, later = _handling.bind(dep, ctx.path_params, req, req.query_string, req.headers, req.body)
            values.update(vals)
        except RequestValidationError as e:
            errors.extend(e.errors())
            # the body's errors join them (FastAPI validates every parameter)
            later = [x for x in dep.plan if x[SOURCE] == CUSTOM]
        if later:
            for e in later:
                try:
                    v = e[3](req, e)
                    if _awaitable(v):
                        v = await v
                    values[e[0]] = v
                except RequestValidationError as x:
                    errors.extend(x.errors())
                    break  # (the body's resolver gives all the body's errors at once)
    for name, what in dep.context:
        if what == "response":
            values[name] = ctx.sub_response()
        elif what == "background":
            values[name] = ctx.background_tasks()
        elif what == "request":
            values[name] = ctx.request
        else:
            from .security.oauth2 import SecurityScopes

            values[name] = SecurityScopes(list(dep.scopes))
    return values, errors


def _awaitable(v):
    if CPY:
        return hasattr(v, "__await__")
    return type(v) is GEN


async def run(dep, kw, ctx, scope=None):
    # call one dependency; a yield dependency's generator goes on a stack
    r = dep.call(**kw)
    k = dep.kind
    if k == _SYNC:
        return r
    if k == _CORO:
        return await r
    if CPY:
        if k is None:
            if hasattr(r, "__await__"):
                return await r
            return r
    else:
        if dep.sync is None:
            # a closure: now its kind is known (for every Dependant of it)
            dep.sync = _learned[dep.call] = type(r) is not GEN
        if type(r) is not GEN:
            return r
    s = await step(r)
    if type(s) is not Yielded:
        if k == _GENF or k == _AGENF:
            raise RuntimeError("dependency {} did not yield".format(getattr(dep.call, "__name__", dep.call)))
        return s.value  # a MicroPython coroutine, finished
    (ctx.fstack if scope == "function" else ctx.stack).append(r)
    return s.value


async def close(stack, exc):
    # Run what follows the `yield` of each generator, last entered first, as
    # an AsyncExitStack does: exc (the handler's exception, or None) is raised
    # at the `yield`; a generator that catches it and ends swallows it; one
    # that raises another exception replaces it. -> the exception still
    # pending, or None.
    while stack:
        g = stack.pop()
        try:
            s = await step(g, exc, True)
        except BaseException as e:
            if e is not exc:
                exc = e
            continue
        if type(s) is Yielded:
            exc = RuntimeError("a dependency with yield yielded twice")
        else:
            exc = None  # it ended: nothing was pending, or it swallowed exc
    return exc


# ---- the synchronous solver (the fast path: handling.fast, CALL_DEPS)
def _sync_call(call):
    # whether calling `call` runs it to its end: True for a plain function, a
    # class, an object whose __call__ is a plain function; False for async and
    # generator functions (on MicroPython both are of the type "generator");
    # None when not known yet: a closure on MicroPython (one type for closures
    # of every kind), learned from its first result (run())
    if CPY:
        return _call_kind(call) == _SYNC
    if isinstance(call, type):
        return True
    t = type(call)
    if t is not _FUNCTION and t is not _GENFUNC and t is not _CLOSURE:
        t = type(getattr(t, "__call__", None))
    if t is _FUNCTION:
        return True
    if t is _GENFUNC:
        return False
    return None


def _genfunc():
    yield


_FUNCTION = type(_sync_call)
_GENFUNC = type(_genfunc)  # MicroPython: async def too


def _closure():
    x = None

    def f():
        return x

    return type(f)


_CLOSURE = _closure()
_learned = {}  # closure -> whether it is a plain function (run() saw its result)


def _sync_tree(d, root):
    # -> (whether solve_now() can serve d's tree: True, False, or None while
    # a closure's kind is not known; whether it needs the Request). Every
    # dependency a plain callable, parameters of built-in sources or a JSON
    # body (no form or upload), the request as the only context parameter
    # (response, background tasks and security scopes go through respond())
    ok = True
    if not root:
        ok = d.sync
        if ok is None:
            ok = d.sync = _learned.get(d.call)
        if ok is False:
            return False, False
    req = False
    for n, what in d.context:
        if what != "request":
            return False, False
        req = True
    for e in d.plan:
        s = e[SOURCE]
        if s == CUSTOM:
            # only a kind that resolves without awaiting (a JSON body:
            # bodies.BodyField.resolve_now, docs/CONTRACTS.md)
            x = e[DECL]
            if not getattr(x, "sync", False) or getattr(x, "resolve_now", None) is None:
                return False, False
            req = True
        elif s == _sig.REQUEST:
            req = True
    for n, sub, u, scope in d.subs:
        k, r = _sync_tree(sub, False)
        if k is False:
            return False, False
        if k is None:
            ok = None
        req = req or r
    return ok, req


def _serve_plain(route, d):
    # route.call from the tree's kinds: CALL_DEPS when solve_now() can serve
    # it; CALL_ASYNC otherwise, or until the kinds of its closures are known
    # (d.learning: respond() asks again after each request)
    ok, req = _sync_tree(d, True)
    route.call = _sig.CALL_DEPS if ok else _sig.CALL_ASYNC
    d.needs_request = req
    d.learning = ok is None


def attach(route, app, extra):
    # make `route` solve its dependencies: called by routing.Route for a
    # route with `dependencies=[...]` (its own, its routers', the app's), a
    # Depends parameter or a context parameter. A tree of plain callables
    # is solved on the fast path (CALL_DEPS, solve_now), any other by
    # dispatch() (CALL_ASYNC, respond)
    d = Dependant(route.handler, route, extra, (), route.plan)
    route.dependant = d
    _serve_plain(route, d)
    route.plan = d.flat_plan()
    route.query_plan = ()
    route.positional = False
    sec = d.security_requirements()
    if sec:
        route.security = sec


def _classes():
    from .responses import Response
    from .requests import Request

    return Response, Request
