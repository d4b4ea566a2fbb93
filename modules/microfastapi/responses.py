# Responses and exceptions.


# json is imported on first use, not at import: it is an extensible built-in
# module, so `import json` first searches the filesystem (sys.path '' is the
# board's littlefs) for a json.py, ~180k cycles on the RP2040. After the first
# call these names are json.dumps / json.loads themselves: call them as
# `responses.json_dumps(...)` (a name imported with `from` keeps the first-use
# wrapper).
def json_dumps(o):
    global json_dumps
    import json

    json_dumps = json.dumps
    return json_dumps(o)


def json_loads(s):
    global json_loads
    import json

    json_loads = json.loads
    return json_loads(s)


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
    s = str(s)
    if "\r" in s or "\n" in s or "\0" in s:
        raise ValueError("CR/LF/NUL in header")
    return s


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
        c = "{}={}".format(_check(key), _check(value))
        if max_age is not None:
            c += "; Max-Age={}".format(int(max_age))
        if expires is not None:
            c += "; Expires=" + _check(expires)
        if path:
            c += "; Path=" + _check(path)
        if domain:
            c += "; Domain=" + _check(domain)
        if secure:
            c += "; Secure"
        if httponly:
            c += "; HttpOnly"
        if samesite:
            c += "; SameSite=" + _check(samesite)
        if self.cookies is None:
            self.cookies = []
        self.cookies.append(c)

    def delete_cookie(self, key, path="/", domain=None):
        self.set_cookie(key, "", max_age=0, expires="Thu, 01 Jan 1970 00:00:00 GMT",
                        path=path, domain=domain)

    # head bytes; length None -> no Content-Length (streaming), -1 -> chunked
    def head(self, version, keep_alive, length):
        st = self.status_code
        h = "HTTP/1.{} {} {}\r\n".format(version - 10, st, STATUS.get(st, "Status"))
        if self.content_type is not None and st != 204 and st != 304:
            h += "content-type: " + _check(self.content_type) + "\r\n"
        if length is not None and st != 204 and st != 304 and st >= 200:
            if length < 0:
                h += "transfer-encoding: chunked\r\n"
            else:
                h += "content-length: {}\r\n".format(length)
        for k in self.headers:
            h += _check(k) + ": " + _check(self.headers[k]) + "\r\n"
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


class RedirectResponse(Response):
    def __init__(self, url, status_code=307, headers=None, background=None):
        Response.__init__(self, b"", status_code, headers, background=background)
        self.headers["location"] = _check(url)


class StreamingResponse(Response):
    kind = 1
    # content: iterable / generator / async generator yielding str or bytes
    def __init__(self, content, status_code=200, headers=None, content_type=None, media_type=None, background=None):
        Response.__init__(self, None, status_code, headers, content_type or media_type or "text/plain; charset=utf-8",
                          background=background)
        self.stream = content
        self.first = None


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
            self.headers["content-disposition"] = 'attachment; filename="{}"'.format(_check(filename))
