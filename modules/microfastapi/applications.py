# The app class: the registration API (route decorators, hooks, exception
# handlers), and run/serve. The route table and its look-ups are routing.Router's;
# handling one request is handling.py's (bound here as methods).
from . import handling
from .routing import Route, Router, check_route_keywords


class MicroFastApi(Router):
    def __init__(self, ip=None, mac=None, title="MicroFastApi", version="0.1.0", description="",
                 docs=True, debug=False, **limits):
        if limits:
            from .server import DEFAULTS

            for k in limits:
                if k not in DEFAULTS:
                    raise TypeError("unexpected keyword argument '{}' (server limits: {})".format(
                        k, ", ".join(sorted(DEFAULTS))))
        Router.__init__(self)
        self.ip = ip
        self.mac = mac
        self.title = title
        self.version = version
        self.description = description
        self.docs = docs
        self.debug = debug
        self.port = 80
        self._fast_gen = None  # see handling.fast
        self._before = []
        self._after = []
        self._exc = []  # [(status int or exception class, handler)]
        self.limits = limits
        self._server = None

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
        return "http://{}{}/".format(ip or "127.0.0.1", "" if port == 80 else ":{}".format(port))

    def __repr__(self):
        ip, mac = self._net()
        return "MicroFastApi(ip={}, mac={}, url={})".format(ip, mac, self.url())

    __str__ = __repr__

    def run(self, host="0.0.0.0", port=80, **limits):
        from .server import run

        run(self, host, port, limits)

    async def serve(self, host="0.0.0.0", port=80, **limits):
        from .server import serve

        await serve(self, host, port, limits)
