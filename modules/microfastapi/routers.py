# APIRouter: a group of routes declared apart from the app (one module per
# concern, FastAPI's "Bigger Applications"), with a prefix, tags,
# dependencies and responses common to its routes:
#
#   router = APIRouter(prefix="/items", tags=["items"], dependencies=[Depends(check_token)])
#   @router.get("/{item_id}")
#   def read_item(item_id: str): ...
#   app.include_router(router, prefix="/v1", dependencies=[...])
#
# A router only records its routes (RouteDecl); include_router() registers
# them on the app (or copies them into the including router) with the
# prefixes joined, the tags, dependencies and responses of every level in
# order (outermost first), as FastAPI does. Routes added to a router after it
# was included are not seen by the app (FastAPI's rule too).


class RouteDecl:
    # one route as declared: path (with the router's prefix), endpoint,
    # methods, and the registration keywords (tags, dependencies, responses,
    # status_code, ...)
    def __init__(self, path, endpoint, methods, kw):
        self.path = path
        self.endpoint = endpoint
        self.methods = methods
        self.kw = kw

    def __repr__(self):
        return "RouteDecl({!r}, {}, {})".format(self.path, list(self.methods or ()),
                                                getattr(self.endpoint, "__name__", "?"))


def check_prefix(prefix):
    if prefix:
        if not prefix.startswith("/"):
            raise ValueError("a path prefix must start with '/': {!r}".format(prefix))
        if prefix.endswith("/"):
            raise ValueError("a path prefix must not end with '/': {!r}".format(prefix))
    return prefix or ""


def merge(outer, kw):
    # the registration keywords of a route (kw) inside a level whose common
    # ones are `outer` (dict of prefix-free keywords): lists are joined outer
    # first, responses merged (the route's win), other keywords defaulted
    out = dict(kw)
    for k in outer:
        v = outer[k]
        if v is None:
            continue
        if k in ("tags", "dependencies"):
            mine = out.get(k)
            out[k] = list(v) + (list(mine) if mine else [])
        elif k == "responses":
            r = dict(v)
            r.update(out.get(k) or {})
            out[k] = r
        elif k == "callbacks":
            out[k] = list(v) + list(out.get(k) or ())
        elif k == "include_in_schema":
            out[k] = bool(v) and out.get(k, True) is not False
        elif k == "deprecated":
            out[k] = bool(v) or bool(out.get(k))
        elif out.get(k) is None:
            out[k] = v
    return out


_ROUTER_KW = ("tags", "dependencies", "responses", "deprecated", "include_in_schema",
              "default_response_class", "callbacks", "generate_unique_id_function")


class APIRouter:
    def __init__(self, *, prefix="", tags=None, dependencies=None, default_response_class=None, responses=None,
                 callbacks=None, routes=None, redirect_slashes=True, default=None, dependency_overrides_provider=None,
                 route_class=None, on_startup=None, on_shutdown=None, lifespan=None, deprecated=None,
                 include_in_schema=True, generate_unique_id_function=None, strict_content_type=None):
        self.prefix = check_prefix(prefix)
        self.tags = list(tags) if tags else []
        self.dependencies = list(dependencies) if dependencies else []
        self.default_response_class = default_response_class
        self.responses = dict(responses) if responses else {}
        self.callbacks = list(callbacks) if callbacks else []
        self.deprecated = deprecated
        self.include_in_schema = include_in_schema
        self.routes = list(routes) if routes else []
        self.on_startup = list(on_startup) if on_startup else []
        self.on_shutdown = list(on_shutdown) if on_shutdown else []
        self.lifespan = lifespan
        self.websocket_routes = []

    def _common(self):
        d = {"tags": self.tags, "dependencies": self.dependencies, "responses": self.responses,
             "callbacks": self.callbacks}
        if self.deprecated:
            d["deprecated"] = True
        if not self.include_in_schema:
            d["include_in_schema"] = False
        if self.default_response_class is not None:
            d["response_class"] = self.default_response_class
        return d

    # ---- declaring routes
    def add_api_route(self, path, endpoint, methods=None, **kw):
        if self.prefix == "" and path == "":
            raise ValueError("a route needs a path or the router a prefix")
        if methods is None:
            methods = ("GET",)
        methods = tuple(m.upper() for m in methods)
        self.routes.append(RouteDecl(self.prefix + path, endpoint, methods, merge(self._common(), kw)))

    def api_route(self, path, methods=None, **kw):
        def deco(fn):
            self.add_api_route(path, fn, methods, **kw)
            return fn

        return deco

    route = api_route

    def get(self, path, **kw):
        return self.api_route(path, ("GET",), **kw)

    def post(self, path, **kw):
        return self.api_route(path, ("POST",), **kw)

    def put(self, path, **kw):
        return self.api_route(path, ("PUT",), **kw)

    def patch(self, path, **kw):
        return self.api_route(path, ("PATCH",), **kw)

    def delete(self, path, **kw):
        return self.api_route(path, ("DELETE",), **kw)

    def head(self, path, **kw):
        return self.api_route(path, ("HEAD",), **kw)

    def options(self, path, **kw):
        return self.api_route(path, ("OPTIONS",), **kw)

    def trace(self, path, **kw):
        return self.api_route(path, ("TRACE",), **kw)

    def add_api_websocket_route(self, path, endpoint, name=None, dependencies=None):
        deps = list(self.dependencies) + list(dependencies or ())
        self.websocket_routes.append(RouteDecl(self.prefix + path, endpoint, None,
                                               {"name": name, "dependencies": deps}))

    def websocket(self, path, name=None, dependencies=None):
        def deco(fn):
            self.add_api_websocket_route(path, fn, name, dependencies)
            return fn

        return deco

    def on_event(self, event):
        def deco(fn):
            self.add_event_handler(event, fn)
            return fn

        return deco

    def add_event_handler(self, event, fn):
        if event == "startup":
            self.on_startup.append(fn)
        elif event == "shutdown":
            self.on_shutdown.append(fn)
        else:
            raise ValueError("on_event takes 'startup' or 'shutdown', not {!r}".format(event))

    # ---- nesting
    def include_router(self, router, *, prefix="", tags=None, dependencies=None, default_response_class=None,
                       responses=None, callbacks=None, deprecated=None, include_in_schema=True,
                       generate_unique_id_function=None):
        prefix = check_prefix(prefix)
        outer = included(prefix, tags, dependencies, default_response_class, responses, callbacks, deprecated,
                         include_in_schema)
        for r in router.routes:
            self.add_api_route(prefix + r.path, r.endpoint, r.methods, **merge(outer, r.kw))
        for r in router.websocket_routes:
            kw = dict(r.kw)
            kw["dependencies"] = list(dependencies or ()) + list(kw.get("dependencies") or ())
            self.add_api_websocket_route(prefix + r.path, r.endpoint, **kw)
        self.on_startup.extend(router.on_startup)
        self.on_shutdown.extend(router.on_shutdown)


def included(prefix, tags, dependencies, default_response_class, responses, callbacks, deprecated,
             include_in_schema):
    # the common keywords include_router(...) adds to each included route
    d = {"tags": tags, "dependencies": dependencies, "responses": responses, "callbacks": callbacks}
    if deprecated:
        d["deprecated"] = True
    if not include_in_schema:
        d["include_in_schema"] = False
    if default_response_class is not None:
        d["response_class"] = default_response_class
    return d
