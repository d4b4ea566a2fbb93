# Responses and exceptions.


# Strict JSON (microfastapi/_json.py): what json.dumps cannot represent is an
# error (500), never invalid JSON; a body that is not RFC 8259 JSON, or is
# too costly to parse, is refused (422). Imported on first use, as json
# itself there (`import json` first searches the board's filesystem for a
# json.py, ~180k cycles on the RP2040), so that an app that never calls them
# keeps the heap: after the first call these names are _json's functions
# (call them as `responses.json_dumps(...)`: a name imported with `from`
# keeps the first-use wrapper).
def json_dumps(o):
    global json_dumps
    from ._json import dumps

    json_dumps = dumps
    return dumps(o)


def json_loads(data):
    global json_loads
    from ._json import loads

    json_loads = loads
    return loads(data)


STATUS = {
    100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
    206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 408: "Request Timeout",
    409: "Conflict", 410: "Gone", 411: "Length Required", 413: "Content Too Large",
    414: "URI Too Long", 415: "Unsupported Media Type", 417: "Expectation Failed",
    422: "Unprocessable Content", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 500: "Internal Server Error",
    501: "Not Implemented", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
}

MIME = {
    "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
    "css": "text/css", "js": "application/javascript", "mjs": "application/javascript",
    "json": "application/json", "txt": "text/plain; charset=utf-8", "svg": "image/svg+xml",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "ico": "image/x-icon", "webp": "image/webp", "wasm": "application/wasm",
    "xml": "application/xml", "csv": "text/csv", "pdf": "application/pdf",
    "woff": "font/woff", "woff2": "font/woff2", "map": "application/json",
}


# HTTPException and RequestValidationError live in exceptions.py (imported here
# for the names this module always had)
from .exceptions import HTTPException, RequestValidationError  # noqa: E402,F401


def _check(s):
    from .httputil import check_value

    return check_value(s)


class Response:
    media_type = None
    kind = 0  # 0 body, 1 stream, 2 file

    background = None  # run by the server after the response is sent (BackgroundTasks)

    def __init__(self, content=b"", status_code=200, headers=None, content_type=None, media_type=None,
                 background=None):
        if background is not None:
            self.background = background
        self.status_code = status_code
        self.headers = dict(headers) if headers else {}
        if media_type is not None and media_type[:5] == "text/" and "charset=" not in media_type:
            media_type += "; charset=utf-8"  # as Starlette: a text/* media_type names its charset
        # (content_type, MicroFastApi's own keyword, is the header as given)
        self.content_type = content_type or media_type or self.media_type
        self.cookies = None
        self.body = self.render(content)

    def render(self, content):
        if content is None:
            return b""
        if isinstance(content, str):
            if self.content_type is None:
                self.content_type = "text/plain; charset=utf-8"
            return content.encode()
        if isinstance(content, (bytes, bytearray, memoryview)):
            if self.content_type is None:
                self.content_type = "application/octet-stream"
            return content
        if self.content_type is None:
            self.content_type = "application/json"
        return json_dumps(content).encode()

    def set_cookie(self, key, value="", max_age=None, expires=None, path="/", domain=None,
                   secure=False, httponly=False, samesite="lax"):
        # name, value and attributes checked (httputil): request data put in
        # a cookie cannot add attributes of its own
        from .httputil import set_cookie_value

        c = set_cookie_value(key, value, max_age, expires, path, domain, secure, httponly, samesite)
        if self.cookies is None:
            self.cookies = []
        self.cookies.append(c)

    def add_vary(self, value):
        # Vary is a list: merge into it (CORS' Origin and a .gz sibling's
        # Accept-Encoding both belong), never overwrite
        h = self.headers
        for k in h:
            if k.lower() == "vary":
                have = [v.strip().lower() for v in h[k].split(",")]
                if value.lower() not in have:
                    h[k] = h[k] + ", " + value
                return
        h["vary"] = value

    def delete_cookie(self, key, path="/", domain=None):
        self.set_cookie(key, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT",
                        path=path, domain=domain)

    # head bytes; length None -> no Content-Length (streaming), -1 -> chunked
    def head(self, version, keep_alive, length):
        st = self.status_code
        if type(st) is not int or st < 200 or st > 599:
            from .httputil import check_status

            check_status(st)  # raises, but lets 101 through
        ct = self.content_type
        extra = ""
        hs = self.headers
        if hs or ct is not None:
            from .httputil import check_name, check_value
        for k in hs:
            n = k.lower()
            if n == "content-length" or n == "transfer-encoding":
                continue  # the server frames the body: handler values would contradict it
            if n == "content-type":
                ct = hs[k]  # replaces the default, never a second one
                continue
            extra += check_name(k) + ": " + check_value(hs[k]) + "\r\n"
        h = "HTTP/1.{} {} {}\r\n".format(version - 10, st, STATUS.get(st, "Status"))
        if ct is not None and st != 204 and st != 304 and st >= 200:
            h += "content-type: " + check_value(ct) + "\r\n"
        if length is not None and st != 204 and st != 304 and st >= 200:
            if length < 0:
                h += "transfer-encoding: chunked\r\n"
            else:
                h += "content-length: {}\r\n".format(length)
        h += extra
        if self.cookies:
            for c in self.cookies:
                h += "set-cookie: " + c + "\r\n"
        if not keep_alive:
            h += "connection: close\r\n"
        elif version == 10:
            h += "connection: keep-alive\r\n"
        return (h + "\r\n").encode()


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content):
        # any value, str and None included, as JSON (FastAPI's JSONResponse)
        return json_dumps(content).encode()


class HTMLResponse(Response):
    media_type = "text/html; charset=utf-8"


class PlainTextResponse(Response):
    media_type = "text/plain; charset=utf-8"


def server_error(e=None, debug=False):
    # the 500 for an exception no handler took, as Starlette's
    # ServerErrorMiddleware answers it: "Internal Server Error" as text, or
    # with debug=True (FastAPI(debug=True)) the traceback as text (Starlette
    # gives a browser an HTML page of it; plain text here, to keep it small)
    if debug and e is not None:
        from ._compat import format_exception

        return PlainTextResponse(format_exception(e), 500)
    return PlainTextResponse("Internal Server Error", 500)


class RedirectResponse(Response):
    def __init__(self, url, status_code=307, headers=None, background=None):
        # no body, so no content-type (Starlette's sends none either)
        Response.__init__(self, None, status_code, headers, background=background)
        self.headers["location"] = _check(url)


class StreamingResponse(Response):
    kind = 1
    # content: iterable / generator / async generator yielding str or bytes
    def __init__(self, content, status_code=200, headers=None, content_type=None, media_type=None, background=None):
        Response.__init__(self, None, status_code, headers, content_type or media_type or "text/plain; charset=utf-8",
                          background=background)
        self.stream = content
        self.first = None


def json_stream(content, status_code=200, headers=None, size=512):
    # A dict/list answer too big to build whole (a 60 KB JSON body is 60 KB
    # of str, then 60 KB of bytes, then the head + body copy: more than the
    # Pico W's heap holds): sent as it is written, chunked, in pieces of
    # about `size` characters. The text is what json.dumps gives.
    return StreamingResponse(_json_pieces(content, size), status_code, headers, "application/json")


def _json_pieces(o, size):
    parts = []
    n = 0
    for p in _json_iter(o, size):
        parts.append(p)
        n += len(p)
        if n >= size:
            yield "".join(parts)
            parts = []
            n = 0
    if parts:
        yield "".join(parts)


def _json_iter(o, size):
    t = type(o)
    if t is dict:
        sep = "{"
        for k in o:
            yield sep + json_dumps(k if type(k) is str else str(k)) + ": "
            yield from _json_iter(o[k], size)
            sep = ", "
        yield "{}" if sep == "{" else "}"
    elif t is list or t is tuple:
        sep = "["
        for v in o:
            yield sep
            yield from _json_iter(v, size)
            sep = ", "
        yield "[]" if sep == "[" else "]"
    elif t is str and len(o) > size:
        yield '"'
        for i in range(0, len(o), size):
            yield json_dumps(o[i:i + size])[1:-1]
        yield '"'
    else:
        yield json_dumps(o)


class FileResponse(Response):
    kind = 2
    def __init__(self, path, content_type=None, status_code=200, headers=None, filename=None,
                 media_type=None, chunk_size=1024):
        Response.__init__(self, None, status_code, headers, content_type or media_type)
        self.path = path
        self.chunk_size = chunk_size
        if self.content_type is None:
            ext = path[path.rfind(".") + 1:].lower() if "." in path else ""
            self.content_type = MIME.get(ext, "application/octet-stream")
        if filename:
            # RFC 6266: quoted ASCII fallback + filename*=UTF-8''... (httputil)
            from .httputil import content_disposition

            self.headers["content-disposition"] = content_disposition(filename)
