# CORS helper: app.add_cors(allow_origins="*", ...)
from .responses import Response


def add_cors(app, allow_origins="*", allow_methods="*", allow_headers="*", allow_credentials=False,
             expose_headers=None, max_age=600):
    if isinstance(allow_origins, str):
        allow_origins = (allow_origins,)
    star = "*" in allow_origins
    if star and allow_credentials:
        # any site (Origin: null included) could then make the browser send
        # its cookies: FastAPI's docs forbid the combination
        raise ValueError("add_cors: allow_origins='*' with allow_credentials=True would let every site send "
                         "credentialed requests; list the allowed origins instead")

    def origin_ok(o):
        return star or o in allow_origins

    def allow_origin(o):
        return o if (allow_credentials or not star) else "*"

    def before(req):
        o = req.headers.get("origin")
        if req.method == "OPTIONS" and o and "access-control-request-method" in req.headers:
            if not origin_ok(o):
                return Response("Disallowed CORS origin", 400)
            h = {
                "access-control-allow-origin": allow_origin(o),
                "access-control-allow-methods": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
                if allow_methods == "*" else ", ".join(allow_methods),
                "access-control-max-age": str(max_age),
                "vary": "Origin",
            }
            rh = req.headers.get("access-control-request-headers")
            if allow_headers == "*":
                if rh:
                    h["access-control-allow-headers"] = rh
            else:
                h["access-control-allow-headers"] = ", ".join(allow_headers)
            if allow_credentials:
                h["access-control-allow-credentials"] = "true"
            return Response(None, 204, h)
        return None

    def after(req, res):
        o = req.headers.get("origin")
        if o and origin_ok(o):
            res.headers["access-control-allow-origin"] = allow_origin(o)
            if not star or allow_credentials:
                res.add_vary("Origin")
            if allow_credentials:
                res.headers["access-control-allow-credentials"] = "true"
            if expose_headers:
                res.headers["access-control-expose-headers"] = ", ".join(expose_headers)

    app.before_request(before)
    app.after_request(after)
