# The request object handed to handlers that declare a `request` parameter.
from . import responses as _r
from ._parser import parse_qs, unquote


def parse_cookies(header):
    # the Cookie header -> {name: value} (quotes around a value removed)
    d = {}
    for part in header.split(";"):
        e = part.find("=")
        if e > 0:
            v = part[e + 1:].strip()
            if len(v) > 1 and v[0] == '"' and v[-1] == '"':
                v = v[1:-1]
            d[part[:e].strip()] = v
    return d


def query_values(qs, key):
    # every value of `key` in the query string, in order (parse_qs keeps the
    # last); None when there is none. Raises ValueError like parse_qs.
    out = None
    for p in qs.split("&"):
        if not p:
            continue
        e = p.find("=")
        k = p[:e] if e >= 0 else p
        if unquote(k, True) == key:
            v = unquote(p[e + 1:], True) if e >= 0 else ""
            if out is None:
                out = [v]
            else:
                out.append(v)
    return out


class Request:
    cleanup = None  # callables close() runs (the uploads' files), set by bodies.py

    def __init__(self, app, method, path, query_string, version, headers, body, client, path_params=None):
        self.app = app
        self.method = method
        self.path = path  # raw path (percent-encoded)
        self.query_string = query_string
        self.version = version  # 10 or 11
        self.headers = headers  # lower-cased names
        self.body = body  # bytes
        self._client = client
        self.path_params = path_params or {}
        self._query = None
        self._cookies = None
        self.state = {}

    @property
    def query(self):
        if self._query is None:
            self._query = parse_qs(self.query_string) if self.query_string else {}
        return self._query

    query_params = query
    args = query

    url_scheme = "http"  # "ws" for a WebSocket
    _url = None

    @property
    def url(self):
        """The request's URL, as Starlette's: a datastructures.URL made when
        first read (routes that do not read it never pay for it):
        scheme://host (the Host header)/path (percent-decoded)?query"""
        u = self._url
        if u is None:
            from .datastructures import URL

            path = self.path
            try:
                path = unquote(path)
            except ValueError:
                pass  # not UTF-8 once decoded: as it came
            path = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
            host = self.headers.get("host")
            if host:
                u = self.url_scheme + "://" + host + path
            else:  # (HTTP/1.0 without Host) the path alone, as Starlette's without a server address
                u = ("/%2F" + path[2:]) if path[:2] == "//" else path
            if self.query_string:
                u += "?" + self.query_string
            u = self._url = URL(u)
        return u

    @property
    def base_url(self):
        """The URL of the app's root: scheme://host/"""
        return self.url.replace(path="/", query="", fragment="")

    @property
    def client(self):
        c = self._client
        if isinstance(c, (bytes, bytearray)):
            c = self._client = client_address(c)
        return c

    body_source = None  # set by the server when the body is left for stream()

    def stream(self):
        """async for chunk in request.stream(): the body in pieces (bytes), as
        it arrives, in bounded memory (Starlette's Request.stream). On a route
        with stream_body=True the server has not read the body: any size
        comes through. Elsewhere the body was read already: one piece."""
        return _BodyStream(self)

    @property
    def content_type(self):
        return self.headers.get("content-type", "")

    def json(self):
        return _r.json_loads(self.body) if self.body else None

    def text(self):
        return bytes(self.body).decode()

    def form(self):
        return parse_qs(bytes(self.body).decode()) if self.body else {}

    @property
    def cookies(self):
        if self._cookies is None:
            self._cookies = parse_cookies(self.headers.get("cookie", ""))
        return self._cookies

    def close(self):
        # after the response: closes the request's UploadFiles (deleting
        # their temp files); idempotent
        c = self.cleanup
        if c is not None:
            self.cleanup = None
            for fn in c:
                try:
                    fn()
                except Exception:
                    pass

    def __repr__(self):
        return "<Request {} {}>".format(self.method, target(self))


class _BodyStream:
    # an async iterator (MicroPython has no async generators)
    def __init__(self, req):
        self.req = req
        self.given = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        src = self.req.body_source
        if src is None:
            b = self.req.body
            if self.given or not b:
                raise StopAsyncIteration
            self.given = True
            return bytes(b)
        b = await src.read()
        if not b:
            raise StopAsyncIteration
        return b


def target(req):
    """The request-target as it came (path?query, percent-encoded): what the
    console names a request by ("GET /items/3?q=x"), as uvicorn does."""
    return req.path + ("?" + req.query_string if req.query_string else "")


def client_address(c):
    # (host, port) from what the transport gives: a tuple, or the raw
    # sockaddr_in bytes of the MicroPython unix port
    if isinstance(c, (bytes, bytearray)) and len(c) >= 8:
        return ("{}.{}.{}.{}".format(c[4], c[5], c[6], c[7]), (c[2] << 8) | c[3])
    if c is None:
        return ("-", 0)
    return c
