# CORSMiddleware with Starlette's rules: app.add_middleware(CORSMiddleware,
# allow_origins=[...], allow_methods=[...], allow_headers=[...],
# allow_credentials=False, allow_origin_regex=None, expose_headers=[...],
# max_age=600). Preflight requests (OPTIONS with Origin and
# Access-Control-Request-Method) are answered here, 200 "OK" or 400
# "Disallowed CORS origin, method, headers"; other responses get the
# Access-Control-* headers their Origin allows.
ALL_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY")
SAFELISTED_HEADERS = ("accept", "accept-language", "content-language", "content-type")


class CORSMiddleware:
    def __init__(self, app, allow_origins=(), allow_methods=("GET",), allow_headers=(), allow_credentials=False,
                 allow_origin_regex=None, allow_private_network=False, expose_headers=(), max_age=600):
        if isinstance(allow_origins, str):
            allow_origins = (allow_origins,)
        if "*" in allow_methods:
            allow_methods = ALL_METHODS
        self.rx = None
        if allow_origin_regex is not None:
            import re

            # the whole origin must match (Starlette: fullmatch), alternatives too
            self.rx = re.compile("(" + allow_origin_regex + ")$")
        all_origins = "*" in allow_origins
        all_headers = "*" in allow_headers
        explicit = not all_origins or allow_credentials
        simple = {}
        if all_origins:
            simple["access-control-allow-origin"] = "*"
        if allow_credentials:
            simple["access-control-allow-credentials"] = "true"
        if expose_headers:
            simple["access-control-expose-headers"] = ", ".join(expose_headers)
        pre = {"vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
                       "Access-Control-Request-Private-Network"}
        if not explicit:
            pre["access-control-allow-origin"] = "*"
        pre["access-control-allow-methods"] = ", ".join(allow_methods)
        pre["access-control-max-age"] = str(max_age)
        hs = {"Accept": 1, "Accept-Language": 1, "Content-Language": 1, "Content-Type": 1}
        for h in allow_headers:
            hs[h] = 1
        names = sorted(hs)
        if not all_headers:
            pre["access-control-allow-headers"] = ", ".join(names)
        if allow_credentials:
            pre["access-control-allow-credentials"] = "true"
        self.app = app
        self.allow_origins = allow_origins
        self.allow_methods = allow_methods
        self.allow_headers = [h.lower() for h in names]
        self.all_origins = all_origins
        self.all_headers = all_headers
        self.allow_credentials = allow_credentials
        self.explicit = explicit
        self.allow_private_network = allow_private_network
        self.simple = simple
        self.pre = pre

    def is_allowed_origin(self, origin):
        if self.all_origins:
            return True
        if self.rx is not None and self.rx.match(origin):
            return True
        return origin in self.allow_origins

    async def __call__(self, request):
        h = request.headers
        origin = h.get("origin")
        if origin is not None and request.method == "OPTIONS" and "access-control-request-method" in h:
            return self.preflight(h)
        res = await self.app(request)
        rh = res.headers
        if origin is not None:
            rh.update(self.simple)
        if origin is not None and ((self.all_origins and self.allow_credentials) or
                                   (not self.all_origins and self.is_allowed_origin(origin))):
            rh["access-control-allow-origin"] = origin
        _vary(rh)
        return res

    def preflight(self, h):
        try:
            from ..responses import PlainTextResponse
        except ImportError:
            from ..response import PlainTextResponse

        origin = h["origin"]
        method = h["access-control-request-method"]
        requested = h.get("access-control-request-headers")
        private = h.get("access-control-request-private-network")
        out = dict(self.pre)
        fails = []
        if self.is_allowed_origin(origin):
            if self.explicit:
                out["access-control-allow-origin"] = origin
        else:
            fails.append("origin")
        if method not in self.allow_methods:
            fails.append("method")
        if self.all_headers and requested is not None:
            out["access-control-allow-headers"] = requested
        elif requested is not None:
            for x in requested.split(","):
                if x.strip().lower() not in self.allow_headers:
                    fails.append("headers")
                    break
        if private is not None:
            if self.allow_private_network:
                out["access-control-allow-private-network"] = "true"
            else:
                fails.append("private-network")
        if fails:
            return PlainTextResponse("Disallowed CORS " + ", ".join(fails), 400, out)
        return PlainTextResponse("OK", 200, out)


def _vary(rh):
    # add Origin to the response's Vary, whatever case the app wrote it in
    # (the headers are a plain dict: "Vary" and "vary" would be two fields,
    # sent in dict order, which MicroPython does not keep)
    for k in rh:
        if k.lower() == "vary":
            rh[k] = rh[k] + ", Origin"
            return
    rh["vary"] = "Origin"
