# The app class: the registration API (route decorators, hooks, exception
# handlers), and run/serve. The route table and its look-ups are routing.Router's;
# handling one request is handling.py's (bound here as methods).
import sys

from . import handling
from .routing import Route, Router, check_route_keywords

# app.run()'s default port: 80 on a board (nothing else serves there), 8000
# elsewhere (uvicorn's: a normal user cannot bind 80 on a PC)
DEFAULT_PORT = 80 if sys.platform in ("rp2", "esp32", "esp8266") else 8000


class MicroFastApi(Router):
    # FastAPI's defaults, on the class: an app's own dict holds what differs
    summary = None
    openapi_tags = None
    root_path = ""
    servers = None
    dependencies = None  # [Depends(...)] for every route (registered after)
    default_response_class = None  # None: JSON
    lifespan = None
    openapi_url = "/openapi.json"
    docs_url = "/docs"
    redoc_url = None  # no ReDoc page on the board: /docs is Swagger-style
    unhandled_errors = None  # a list while the test client waits for an answer
    info_extra = {}  # OpenAPI info: termsOfService, contact, license
    _middleware = ()
    _startup = ()
    _shutdown = ()
    _lifespan_cm = None

    def __init__(self, ip=None, mac=None, title="MicroFastApi", version="0.1.0", description="",
                 docs=True, debug=False, summary=None, openapi_url="/openapi.json", docs_url="/docs",
                 redoc_url=None, openapi_tags=None, servers=None, root_path="", dependencies=None,
                 default_response_class=None, lifespan=None, on_startup=None, on_shutdown=None,
                 middleware=None, exception_handlers=None, responses=None, terms_of_service=None,
                 contact=None, license_info=None, swagger_ui_parameters=None, **limits):
        if limits:
            from .server import DEFAULTS

            for k in limits:
                if k not in DEFAULTS:
                    raise TypeError("unexpected keyword argument '{}' (FastAPI's keywords, or server limits: {})".format(
                        k, ", ".join(sorted(DEFAULTS))))
        Router.__init__(self)
        # websockets.py's route list (None: no WebSocket route). Read by the
        # server on every request, so an attribute of the app itself: a class
        # default costs a class look-up per request
        self._ws_routes = None
        self.ip = ip
        self.mac = mac
        self.title = title
        self.version = version
        self.description = description
        # openapi_url=None: neither the schema nor /docs; docs_url=None: no /docs
        self.docs = docs and openapi_url is not None
        if openapi_url != "/openapi.json":
            self.openapi_url = openapi_url
        if docs_url != "/docs":
            self.docs_url = docs_url
        if redoc_url is not None:
            self.redoc_url = redoc_url
        self.debug = debug
        if summary is not None:
            self.summary = summary
        if openapi_tags is not None:
            self.openapi_tags = openapi_tags
        if servers is not None:
            self.servers = servers
        if root_path:
            self.root_path = root_path
        if dependencies:
            self.dependencies = list(dependencies)
        if default_response_class is not None:
            self.default_response_class = default_response_class
        if lifespan is not None:
            self.lifespan = lifespan
        if on_startup:
            self._startup = list(on_startup)
        if on_shutdown:
            self._shutdown = list(on_shutdown)
        extra = {k: v for k, v in (("termsOfService", terms_of_service), ("contact", contact),
                                   ("license", license_info)) if v is not None}
        if extra:
            self.info_extra = extra
        # plain attributes, no properties: a property on the class makes
        # MicroPython look every attribute store on the app up in the class
        # first, and the request path stores one (_fast_gen) per request
        # (tests/framework/test_no_special_accessors.py)
        self.dependency_overrides = {}  # {original callable: replacement}, e.g. in tests
        self.state = State()
        self.router = self  # FastAPI's app.router: the route table (the app is its own)
        self.port = DEFAULT_PORT
        self._fast_gen = None  # see handling.fast
        self._before = []
        self._after = []
        self._exc = []  # [(status int or exception class, handler)]
        self.limits = limits
        self._server = None
        if exception_handlers:
            for k in exception_handlers:
                self._exc.append((k, exception_handlers[k]))
        if middleware:
            for m in middleware:
                cls, args, kw = m
                self.add_middleware(cls, *args, **kw)


    # ---- request handling (handling.py)
    _fast = handling.fast
    dispatch = handling.dispatch

    # ---- registration
    def route(self, path, methods=("GET",), **kw):
        methods = tuple(m.upper() for m in methods)
        check_route_keywords(kw)

        def deco(fn):
            self.add_route(path, fn, methods, **kw)
            return fn

        return deco

    def add_route(self, path, fn, methods=("GET",), **kw):
        return self.add(Route(self, path, methods, fn, **kw))

    def get(self, path, **kw):
        return self.route(path, ("GET",), **kw)

    def post(self, path, **kw):
        return self.route(path, ("POST",), **kw)

    def put(self, path, **kw):
        return self.route(path, ("PUT",), **kw)

    def patch(self, path, **kw):
        return self.route(path, ("PATCH",), **kw)

    def delete(self, path, **kw):
        return self.route(path, ("DELETE",), **kw)

    def head(self, path, **kw):
        return self.route(path, ("HEAD",), **kw)

    def options(self, path, **kw):
        return self.route(path, ("OPTIONS",), **kw)

    def api_route(self, path, methods=None, **kw):
        return self.route(path, tuple(methods) if methods else ("GET",), **kw)

    def add_api_route(self, path, endpoint, methods=None, **kw):
        check_route_keywords(kw)
        return self.add_route(path, endpoint, tuple(m.upper() for m in (methods or ("GET",))), **kw)

    def include_router(self, router, *, prefix="", tags=None, dependencies=None, responses=None,
                       default_response_class=None, callbacks=None, deprecated=None, include_in_schema=True,
                       generate_unique_id_function=None):
        # the router's routes, registered here with the prefixes joined and the
        # tags/dependencies/responses of every level (see routers.py)
        from .routers import check_prefix, included, merge

        prefix = check_prefix(prefix)
        outer = included(prefix, tags, dependencies, default_response_class, responses, callbacks, deprecated,
                         include_in_schema)
        for r in router.routes:
            self.add_api_route(prefix + r.path, r.endpoint, r.methods, **merge(outer, r.kw))
        for r in router.websocket_routes:
            ws = getattr(self, "add_api_websocket_route", None)
            if ws is None:
                raise TypeError("this app has no WebSocket routes")
            kw = dict(r.kw)
            kw["dependencies"] = list(dependencies or ()) + list(kw.get("dependencies") or ())
            ws(prefix + r.path, r.endpoint, **kw)
        if router.on_startup:
            self._startup = list(self._startup) + router.on_startup
        if router.on_shutdown:
            self._shutdown = list(self._shutdown) + router.on_shutdown

    # ---- lifespan
    def on_event(self, event):
        def deco(fn):
            self.add_event_handler(event, fn)
            return fn

        return deco

    def add_event_handler(self, event, fn):
        if event == "startup":
            self._startup = list(self._startup) + [fn]
        elif event == "shutdown":
            self._shutdown = list(self._shutdown) + [fn]
        else:
            raise ValueError("on_event takes 'startup' or 'shutdown', not {!r}".format(event))

    async def startup(self):
        # before the first request (serve(), `with TestClient(app)`): the
        # lifespan's code up to its `yield`, else the startup handlers
        from .concurrency import call

        if self.lifespan is not None:
            cm = self.lifespan(self)
            state = await cm.__aenter__()
            self._lifespan_cm = cm
            if state:
                for k in state:
                    setattr(self.state, k, state[k])
        else:
            for f in self._startup:
                await call(f)

    async def shutdown(self):
        # when serving ends: the lifespan's code after its `yield`, else the
        # shutdown handlers
        from .concurrency import call

        cm = self._lifespan_cm
        if cm is not None:
            self._lifespan_cm = None
            await cm.__aexit__(None, None, None)
        elif self.lifespan is None:
            for f in self._shutdown:
                await call(f)

    # ---- middleware
    def middleware(self, kind="http"):
        # @app.middleware("http") async def f(request, call_next) -> Response
        if kind != "http":
            raise ValueError('app.middleware takes "http", not {!r}'.format(kind))

        def deco(fn):
            from .middleware import BaseHTTPMiddleware

            self.add_middleware(BaseHTTPMiddleware, dispatch=fn)
            return fn

        return deco

    def add_middleware(self, cls, *args, **kw):
        # the last added wraps the others (it sees the request first). An app
        # with middleware leaves the synchronous fast path: every request goes
        # through dispatch(), which the middleware wraps.
        self._middleware = ((cls, args, kw),) + tuple(self._middleware)
        inner = _Dispatch(self)
        for c, a, k in reversed(self._middleware):
            inner = c(inner, *a, **k)
        self.dispatch = _Outer(self, inner)
        self._fast = _not_fast

    # ---- WebSocket routes (websockets.py; app._ws_routes None: the server never looks)
    def websocket(self, path, name=None, dependencies=None):
        def deco(fn):
            self.add_api_websocket_route(path, fn, name, dependencies)
            return fn

        return deco

    def add_api_websocket_route(self, path, endpoint, name=None, dependencies=None):
        from .websockets import add_route

        return add_route(self, path, endpoint, name, dependencies)

    def before_request(self, fn):
        self._before.append(fn)
        return fn

    def after_request(self, fn):
        self._after.append(fn)
        return fn

    def exception_handler(self, key):
        def deco(fn):
            self._exc.append((key, fn))
            return fn

        return deco

    def mount(self, path, app, name=None):
        """app.mount("/static", StaticFiles(directory="static"), name="static"):
        GET and HEAD of everything below path go to app (a StaticFiles)."""
        if not hasattr(app, "get_response"):
            raise TypeError("mount() takes a StaticFiles (sub-applications are not supported)")
        prefix = path.rstrip("/")
        cut = len(prefix) + 1

        def mounted(request):
            return app.get_response(request.path[cut:], request)

        self.add_route(prefix + "/{path:path}", mounted, ("GET", "HEAD"), name=name or "mount" + prefix.replace("/", "_"),
                       include_in_schema=False,
                       params={"request": None})
        return app

    def add_cors(self, **kw):
        from .cors import add_cors

        add_cors(self, **kw)

    # ---- device and server
    def _net(self):
        ip, mac = self.ip, self.mac
        if ip is None or mac is None:
            try:
                from .wifi import current

                i, m = current()
                ip = ip or i
                mac = mac or m
            except Exception:
                pass
        return ip, mac

    def url(self, host=None, port=None):
        ip = self._net()[0]
        if host and host != "0.0.0.0":
            ip = host
        port = self.port if port is None else port
        return "http://{}:{}/".format(ip or "127.0.0.1", port)

    def __repr__(self):
        ip, mac = self._net()
        return "MicroFastApi(ip={}, mac={}, url={})".format(ip, mac, self.url())

    __str__ = __repr__

    def run(self, host="0.0.0.0", port=None, access_log=True, **limits):
        """Serve until Ctrl-C (80 on a board, 8000 elsewhere); one log line per
        request unless access_log=False."""
        from .server import run

        run(self, host, DEFAULT_PORT if port is None else port, limits, access_log)

    async def serve(self, host="0.0.0.0", port=None, access_log=False, **limits):
        from .server import serve

        await serve(self, host, DEFAULT_PORT if port is None else port, limits, access_log)


class State:
    # app.state / request.state: attributes set by the app (or a lifespan's
    # yielded dict)
    def __init__(self, d=None):
        if d:
            for k in d:
                setattr(self, k, d[k])


def _not_fast(*a):
    # an app with middleware: nothing on the fast path (None: use dispatch)
    return None


class _Dispatch:
    # the innermost "call_next": the app's own request handling
    def __init__(self, app):
        self.app = app

    async def __call__(self, request):
        return await handling.dispatch(self.app, request)


class _Outer:
    # the middleware stack as the server calls it: app.dispatch(request); an
    # exception a middleware raises is answered as the app answers errors
    def __init__(self, app, stack):
        self.app = app
        self.stack = stack

    async def __call__(self, request):
        try:
            return await self.stack(request)
        except Exception as e:
            return await handling.on_error(self.app, request, e)


class FastAPI(MicroFastApi):
    # The name FastAPI code imports: the same app, with FastAPI's default title.
    def __init__(self, ip=None, mac=None, title="FastAPI", **kw):
        MicroFastApi.__init__(self, ip, mac, title, **kw)
