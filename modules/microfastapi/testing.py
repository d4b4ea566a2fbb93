# The test client, used as Starlette's (fastapi.testclient.TestClient):
#
#   client = TestClient(app)
#   r = client.get("/items/1", params={"q": "x"}, headers={...}, cookies={...})
#   assert r.status_code == 200 and r.json() == {...}
#   with TestClient(app) as client:   # runs the lifespan (startup/shutdown)
#
# Real request bytes go through the server's connection handler (the same
# parser, the same dispatch, no sockets) and the response bytes are parsed
# back. Redirects are followed (follow_redirects=False: not), cookies set by
# responses are kept in client.cookies and sent back, and an exception the
# app does not handle is raised here (raise_server_exceptions=False: the 500
# answer is returned instead).
import json as _json
import asyncio
from ._compat import CPY as _CPY


def _pairs(d):
    # dict (values may be lists), or a list of pairs -> list of (k, v)
    items = d.items() if hasattr(d, "items") else d
    out = []
    for k, v in items:
        if isinstance(v, (list, tuple)):
            for x in v:
                out.append((k, x))
        else:
            out.append((k, v))
    return out


def _str(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return ""
    return str(v)


def urlencode(d):
    from .datastructures import quote_plus  # (not at import: MemoryStream needs none of it)

    return "&".join(quote_plus(k) + "=" + quote_plus(_str(v)) for k, v in _pairs(d))


class Headers:
    # case-insensitive lookup; repeated fields joined with ", " (get_list: each)
    def __init__(self, items=None):
        self.d = {}
        self.multi = {}
        if items:
            for k, v in (items.items() if hasattr(items, "items") else items):
                self.add(k, v)

    def add(self, k, v):
        k = k.lower()
        self.multi.setdefault(k, []).append(v)
        self.d[k] = self.d[k] + ", " + v if k in self.d else v

    def __getitem__(self, k):
        return self.d[k.lower()]

    def __setitem__(self, k, v):
        self.d[k.lower()] = v
        self.multi[k.lower()] = [v]

    def get(self, k, d=None):
        return self.d.get(k.lower(), d)

    def get_list(self, k):
        return list(self.multi.get(k.lower(), ()))

    getlist = get_list

    def __contains__(self, k):
        return k.lower() in self.d

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)

    def __eq__(self, o):
        if isinstance(o, Headers):
            return self.d == o.d
        if isinstance(o, dict):
            return self.d == {k.lower(): v for k, v in o.items()}
        return False

    def keys(self):
        return self.d.keys()

    def values(self):
        return self.d.values()

    def items(self):
        return self.d.items()

    def __repr__(self):
        return "Headers({!r})".format(self.d)


class Cookies(dict):
    # the client's cookie jar: name -> value (Starlette's client.cookies is a
    # httpx.Cookies, also used as a mapping)
    def set(self, name, value, domain="", path="/"):
        self[name] = value

    def delete(self, name, domain=None, path=None):
        self.pop(name, None)


class TestResponse:
    def __init__(self, status_code, reason, headers, content, cookies, raw, url="", request=None):
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content
        self.cookies = cookies
        self.raw = raw
        self.url = url
        self.request = request
        self.history = []

    reason_phrase = property(lambda self: self.reason)

    @property
    def text(self):
        return self.content.decode()

    def json(self):
        return _json.loads(self.content)

    @property
    def is_success(self):
        return 200 <= self.status_code < 300

    @property
    def is_redirect(self):
        return self.status_code in (301, 302, 303, 307, 308) and "location" in self.headers

    @property
    def is_error(self):
        return self.status_code >= 400

    ok = is_success

    def raise_for_status(self):
        if self.status_code >= 400:
            raise RuntimeError("{} {} for url {}".format(self.status_code, self.reason, self.url))
        return self

    def iter_bytes(self):
        yield self.content

    def __repr__(self):
        return "<Response [{} {}]>".format(self.status_code, self.reason)


_PEER = ("testclient", 50000)


class MemoryStream:
    """One in-memory connection, both of its ends, as the server's connection
    loop takes them: `await app_server.handle(stream, stream)` (what app.run()
    runs for every socket). readinto() feeds the server `source`; write()
    keeps what the server answers, in `out` (a list of bytes: b"".join(
    stream.out) is the answer).

    source: bytes (served as they are); or an async iterator of bytes chunks,
    pulled one at a time when the server reads (a request made on demand, e.g.
    a body larger than RAM, chunk by chunk); or any object with
    `async readinto(memoryview) -> count` (0: the client has finished).
    peer: what get_extra_info("peername") answers (the client's address)."""

    def __init__(self, source=b"", peer=_PEER):
        self.out = []
        self.peer = peer
        self.pending = b""
        self.pos = 0
        self.chunks = None
        if isinstance(source, (bytes, bytearray, memoryview)):
            self.pending = source
        elif hasattr(source, "readinto"):
            self.readinto = source.readinto
        else:
            self.chunks = source.__aiter__()

    async def readinto(self, mv):
        while self.pos >= len(self.pending):
            if self.chunks is None:
                return 0
            try:
                self.pending = await self.chunks.__anext__()
            except StopAsyncIteration:
                self.chunks = None
                return 0
            self.pos = 0
        n = len(self.pending) - self.pos
        if n > len(mv):
            n = len(mv)
        mv[:n] = self.pending[self.pos : self.pos + n]
        self.pos += n
        return n

    def write(self, b):
        self.out.append(bytes(b))

    async def drain(self):
        pass

    def close(self):
        pass

    async def wait_closed(self):
        pass

    def get_extra_info(self, k):
        return self.peer if k == "peername" else None


def _cookie_of(v):
    # Set-Cookie value -> (name, value, deleted?)
    parts = v.split(";")
    nv = parts[0]
    name, _, val = nv.partition("=")
    name = name.strip()
    val = val.strip()
    if len(val) > 1 and val[0] == '"' and val[-1] == '"':
        val = val[1:-1]
    gone = False
    for p in parts[1:]:
        k, _, a = p.strip().partition("=")
        k = k.lower()
        if k == "max-age":
            try:
                gone = int(a) <= 0
            except ValueError:
                pass
        elif k == "expires" and "1970" in a:
            gone = True
    return name, val, gone


def parse_responses(raw, head_only=False):
    # -> list of TestResponse from a byte string of one or more responses
    out = []
    pos = 0
    while pos < len(raw):
        e = raw.find(b"\r\n\r\n", pos)
        if e < 0:
            break
        lines = raw[pos:e].decode().split("\r\n")
        pos = e + 4
        p = lines[0].split(" ", 2)
        st = int(p[1])
        h = Headers()
        cookies = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            k = k.strip().lower()
            v = v.strip()
            if k == "set-cookie":
                n, val, gone = _cookie_of(v)
                cookies[n] = None if gone else val
            h.add(k, v)
        body = b""
        if st == 100:
            continue
        if head_only or st in (204, 304):
            pass
        elif h.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                e = raw.find(b"\r\n", pos)
                size = int(raw[pos:e].split(b";")[0], 16)
                pos = e + 2
                if size == 0:
                    e = raw.find(b"\r\n\r\n", pos - 2)
                    pos = e + 4 if e >= 0 else len(raw)
                    break
                chunks.append(raw[pos : pos + size])
                pos += size + 2
            body = b"".join(chunks)
        elif "content-length" in h:
            n = int(h["content-length"])
            body = raw[pos : pos + n]
            pos += n
        else:
            body = raw[pos:]
            pos = len(raw)
        r = TestResponse(st, p[2] if len(p) > 2 else "", h, body, {k: v for k, v in cookies.items() if v is not None}, raw)
        r._set_cookies = cookies
        out.append(r)
    return out


class TestClient:
    __test__ = False  # not a pytest class
    _ws_loop_obj = None  # the event loop WebSocket sessions run in

    def __init__(self, app, base_url="http://testserver", raise_server_exceptions=True, root_path="",
                 backend=None, backend_options=None, cookies=None, headers=None, follow_redirects=True,
                 client=None, base_headers=None, limits=None):
        from .server import Server

        self.app = app
        self.server = Server(app, limits)
        self.base_url = base_url.rstrip("/")
        self.raise_server_exceptions = raise_server_exceptions
        self.root_path = root_path
        self.follow_redirects = follow_redirects
        self.headers = Headers()
        for src in (base_headers, headers):
            if src:
                for k in src:
                    self.headers[k] = src[k]
        self.cookies = Cookies(cookies or {})
        self._open = False
        self._loop = None

    # keep the name older tests used
    @property
    def base_headers(self):
        return self.headers

    # ---- lifespan: `with TestClient(app) as client:` runs the app's startup,
    # then its shutdown on leaving
    def _lifespan_run(self, coro):
        if _CPY:
            # one loop for both halves: an async generator (the lifespan) must
            # not outlive the loop it started in (asyncio.run() closes it)
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
            return self._loop.run_until_complete(coro)
        return asyncio.run(coro)

    def __enter__(self):
        self._lifespan_run(self.app.startup())
        self._open = True
        return self

    def __exit__(self, *exc):
        self._open = False
        try:
            self._lifespan_run(self.app.shutdown())
        finally:
            if self._loop is not None:
                self._loop.close()
                self._loop = None
        return False

    # ---- requests
    def raw(self, data):
        # send raw request bytes, return the raw response bytes
        out = self.server.handle_bytes(data, _PEER)
        if out is not None:
            return out
        m = MemoryStream(data)

        async def go():
            await self.server.handle(m, m)

        asyncio.run(go())
        return b"".join(m.out)

    def _target(self, url):
        # absolute URL of this client's host, or a path -> (path with query, host)
        host = self.base_url.split("://", 1)[-1].split("/", 1)[0]
        if "://" in url:
            rest = url.split("://", 1)[1]
            i = rest.find("/")
            host, path = (rest, "/") if i < 0 else (rest[:i], rest[i:])
        else:
            prefix = self.base_url.split("://", 1)[-1]
            prefix = prefix[len(host):]
            path = prefix + ("" if url.startswith("/") or not url else "/") + url
            if not path:
                path = "/"
        return path, host

    def request(self, method, url, params=None, headers=None, cookies=None, json=None, data=None,
                files=None, content=None, follow_redirects=None, auth=None, timeout=None, **kw):
        if kw:
            raise TypeError("TestClient.request() got unexpected keyword arguments: " + ", ".join(kw))
        if follow_redirects is None:
            follow_redirects = self.follow_redirects
        method = method.upper()
        history = []
        for _ in range(20):
            r = self._one(method, url, params, headers, cookies, json, data, files, content, auth)
            if not (follow_redirects and r.is_redirect):
                r.history = history
                return r
            history.append(r)
            loc = r.headers["location"]
            if "://" not in loc and not loc.startswith("/"):
                base = self._target(url)[0].split("?")[0]
                loc = base[: base.rfind("/") + 1] + loc
            url = loc
            # as httpx: the next request carries the client's cookie jar only,
            # not the cookies= given for this one call
            params = cookies = None
            if r.status_code == 303 or (r.status_code in (301, 302) and method == "POST"):
                method = "GET" if method != "HEAD" else method
                json = data = files = content = None
        raise RuntimeError("too many redirects")

    def _one(self, method, url, params, headers, cookies, json, data, files, content, auth):
        path, host = self._target(url)
        if params:
            q = urlencode(params) if not isinstance(params, str) else params
            if q:
                path += ("&" if "?" in path else "?") + q
        # Starlette's client also sends accept-encoding (and decodes gzip): left
        # out here, so that an app's gzip'd answers (/docs) come back as text
        h = {"host": host, "accept": "*/*", "user-agent": "testclient"}
        for k in self.headers:
            h[k] = self.headers[k]
        rep = []  # repeated fields: headers given as a list of (name, value) pairs
        if headers:
            seen = set()
            for k, v in (headers.items() if hasattr(headers, "items") else headers):
                k = k.lower()
                if k in seen:
                    rep.append((k, v))
                else:
                    h[k] = v
                    seen.add(k)
        if auth is not None:
            from binascii import b2a_base64

            u, p = auth
            h["authorization"] = "Basic " + b2a_base64("{}:{}".format(u, p).encode()).decode().strip()
        body = b""
        if files:
            # multipart/form-data as httpx writes it: data fields, then files
            from .multipart import encode_multipart

            ct, body = encode_multipart(data, files)
            h["content-type"] = ct
        elif json is not None:
            body = _json.dumps(json).encode()
            h.setdefault("content-type", "application/json")
        elif data is not None:
            if isinstance(data, dict) or isinstance(data, list):
                body = urlencode(data).encode()
                h.setdefault("content-type", "application/x-www-form-urlencoded")
            else:
                body = data.encode() if isinstance(data, str) else bytes(data)
        elif content is not None:
            body = content.encode() if isinstance(content, str) else bytes(content)
        ck = {}
        for k in self.cookies:
            ck[k] = self.cookies[k]
        if cookies:
            ck.update(cookies)
        if ck and "cookie" not in h:
            h["cookie"] = "; ".join(k + "=" + str(ck[k]) for k in ck)
        if body or method in ("POST", "PUT", "PATCH"):
            h["content-length"] = str(len(body))
        req = (method + " " + path + " HTTP/1.1\r\n" + "".join(k + ": " + str(h[k]) + "\r\n" for k in h)
               + "".join(k + ": " + str(v) + "\r\n" for k, v in rep) + "\r\n")
        # the app keeps the exceptions it answers with 500 in unhandled_errors
        # while a test client waits: raised here (raise_server_exceptions)
        app = self.app
        caught = []
        prev = app.unhandled_errors
        app.unhandled_errors = caught
        try:
            raw = self.raw(req.encode() + body)
        finally:
            app.unhandled_errors = prev
        if caught and self.raise_server_exceptions:
            raise caught[0]
        rs = parse_responses(raw, method == "HEAD")
        if not rs:
            raise RuntimeError("no response: %r" % raw)
        r = rs[-1]
        r.url = self.base_url.split("://", 1)[0] + "://" + host + path
        for k, v in r._set_cookies.items():
            if v is None:
                self.cookies.pop(k, None)
            else:
                self.cookies[k] = v
        return r

    def get(self, url, **kw):
        return self.request("GET", url, **kw)

    def post(self, url, **kw):
        return self.request("POST", url, **kw)

    def put(self, url, **kw):
        return self.request("PUT", url, **kw)

    def patch(self, url, **kw):
        return self.request("PATCH", url, **kw)

    def delete(self, url, **kw):
        return self.request("DELETE", url, **kw)

    def head(self, url, **kw):
        return self.request("HEAD", url, **kw)

    def options(self, url, **kw):
        return self.request("OPTIONS", url, **kw)

    def websocket_connect(self, url, subprotocols=None, headers=None, params=None, timeout=10):
        # -> a WebSocketTestSession (a context manager), after the handshake;
        # raises WebSocketDisconnect(code) when the handler refused it
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        if "://" in url:  # ws://testserver/path?q
            rest = url.split("://", 1)[1]
            url = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return WebSocketTestSession(self, url, headers, subprotocols, timeout)

    def _ws_loop(self):
        # one event loop for all sessions: the server tasks live across calls
        loop = self._ws_loop_obj
        if loop is None:
            if not _CPY:
                loop = asyncio.get_event_loop()
            else:
                loop = asyncio.new_event_loop()
            self._ws_loop_obj = loop
        return loop


# ---- WebSocket sessions: `with client.websocket_connect("/ws") as ws:`
# The server's own connection handler runs as an asyncio task over two
# in-memory pipes; each blocking call of the session runs the event loop until
# it has its answer (a frame, the close), bounded by `timeout` seconds.
class _Pipe:
    # bytes one side writes and the other reads
    def __init__(self):
        self.data = b""
        self.closed = False
        self.ev = asyncio.Event()

    def put(self, b):
        self.data += bytes(b)
        self.ev.set()

    def close(self):
        self.closed = True
        self.ev.set()

    async def readinto(self, mv):
        while not self.data:
            if self.closed:
                return 0
            self.ev.clear()
            await self.ev.wait()
        n = min(len(mv), len(self.data))
        mv[:n] = self.data[:n]
        self.data = self.data[n:]
        return n


class _ServerSide(MemoryStream):
    # the stream the server's handle() gets: reads what the session sends
    # (inbound), writes to what the session reads (outbound)
    def __init__(self, inbound, outbound):
        MemoryStream.__init__(self, inbound)
        self.outbound = outbound
        self.error = None  # an exception the handler raised (re-raised by the session)

    def write(self, b):
        if self.outbound.closed:
            raise OSError(32)
        self.outbound.put(b)

    def close(self):
        self.outbound.close()


class WebSocketDenialResponse(Exception):
    # the server answered the handshake with an HTTP response other than 403/101
    def __init__(self, response):
        super().__init__(response.status_code)
        self.response = response
        self.status_code = response.status_code


class WebSocketTestSession:
    __test__ = False

    def __init__(self, client, path, headers, subprotocols, timeout):
        from .websockets import WebSocketDisconnect

        self._Disc = WebSocketDisconnect
        self.timeout = timeout
        self.loop = client._ws_loop()
        self.to_server = _Pipe()
        self.to_client = _Pipe()
        self.side = _ServerSide(self.to_server, self.to_client)
        self.task = self.loop.create_task(client.server.handle(self.side, self.side))
        self.closed = False
        self.buf = b""
        key = _b64(_rand(16))
        h = {"host": "testserver", "upgrade": "websocket", "connection": "Upgrade",
             "sec-websocket-key": key, "sec-websocket-version": "13"}
        if subprotocols:
            h["sec-websocket-protocol"] = ", ".join(subprotocols)
        for src in (client.base_headers, headers or {}):
            for k in src:
                h[k.lower()] = src[k]
        if client.cookies and "cookie" not in h:
            h["cookie"] = "; ".join(k + "=" + str(client.cookies[k]) for k in client.cookies)
        self.raise_server_exceptions = client.raise_server_exceptions
        req = "GET " + path + " HTTP/1.1\r\n" + "".join(k + ": " + str(h[k]) + "\r\n" for k in h) + "\r\n"
        self.to_server.put(req.encode())
        self._run(self._head())
        e = self.buf.find(b"\r\n\r\n")
        head = self.buf[: e + 4]
        if not head.startswith(b"HTTP/1.1 101 "):
            self._run(self._until_closed())
            raw = self.buf
            self.closed = True
            r = parse_responses(raw)[0]
            if r.status_code == 403:
                try:
                    code = r.json().get("code", 1000)
                except ValueError:
                    code = 1000
                raise self._Disc(code)
            raise WebSocketDenialResponse(r)
        self.buf = self.buf[e + 4 :]
        self.response = parse_responses(head, True)[0]
        self.accepted_subprotocol = self.response.headers.get("sec-websocket-protocol")
        self.extra_headers = self.response.headers

    # ---- running the loop
    def _run(self, coro):
        return self.loop.run_until_complete(asyncio.wait_for(coro, self.timeout))

    async def _more(self):
        p = self.to_client
        while not p.data:
            if p.closed:
                return False
            p.ev.clear()
            await p.ev.wait()
        self.buf += p.data
        p.data = b""
        return True

    async def _head(self):
        while b"\r\n\r\n" not in self.buf:
            if not await self._more():
                raise RuntimeError("the server closed the connection during the handshake: %r" % self.buf)

    async def _until_closed(self):
        while await self._more():
            pass

    async def _frame(self):
        # -> (opcode, payload) of the next complete server frame, or None at EOF
        while True:
            b = self.buf
            if len(b) >= 2:
                n = b[1] & 127
                i = 2
                if n == 126:
                    i = 4
                elif n == 127:
                    i = 10
                if len(b) >= i:
                    if i > 2:
                        n = int.from_bytes(b[2:i], "big")
                    if b[1] & 0x80:
                        raise RuntimeError("the server masked a frame")
                    if len(b) >= i + n:
                        self.buf = b[i + n :]
                        return b[0] & 15, b[i : i + n]
            if not await self._more():
                return None

    # ---- the session API (Starlette's)
    def send(self, message):
        t = message.get("type")
        if t == "websocket.send":
            if message.get("text") is not None:
                self.send_text(message["text"])
            else:
                self.send_bytes(message["bytes"])
        elif t == "websocket.disconnect" or t == "websocket.close":
            self.close(message.get("code", 1000), message.get("reason"))
        else:
            raise RuntimeError("unknown message type %r" % t)

    def _send_frame(self, op, payload):
        from .websockets import frame_head, mask

        if self.closed:
            raise RuntimeError("the WebSocket is closed")
        key = _rand(4)
        h = bytearray(frame_head(op, len(payload)))
        h[1] |= 0x80
        self.to_server.put(bytes(h) + key + mask(payload, key))

    def send_text(self, data):
        self._send_frame(1, data.encode())

    def send_bytes(self, data):
        self._send_frame(2, bytes(data))

    def send_json(self, data, mode="text"):
        s = _json.dumps(data)
        self._send_frame(2 if mode == "binary" else 1, s.encode())

    def receive(self):
        while True:
            f = self._run(self._frame())
            if f is None:
                self.closed = True
                self._reraise()
                raise self._Disc(1006)
            op, p = f
            if op == 9:
                self._send_frame(10, p)
                continue
            if op == 10:
                continue
            if op == 8:
                code = (p[0] << 8) | p[1] if len(p) >= 2 else 1005
                reason = p[2:].decode()
                if not self.closed:
                    try:
                        self._send_frame(8, p[:2])
                    except RuntimeError:
                        pass
                    self.closed = True
                self._run(self._until_closed())
                self._reraise()
                return {"type": "websocket.close", "code": code, "reason": reason}
            if op == 1:
                return {"type": "websocket.send", "text": p.decode()}
            return {"type": "websocket.send", "bytes": bytes(p)}

    def _data(self, key):
        m = self.receive()
        if m["type"] == "websocket.close":
            raise self._Disc(m["code"], m["reason"])
        return m[key]

    def receive_text(self):
        return self._data("text")

    def receive_bytes(self):
        return self._data("bytes")

    def receive_json(self, mode="text"):
        return _json.loads(self._data("bytes" if mode == "binary" else "text"))

    def close(self, code=1000, reason=None):
        from .websockets import close_payload

        if not self.closed:
            self._send_frame(8, close_payload(code, reason))
            self.closed = True
        self._finish()

    def _finish(self):
        # run the server until it closes the connection (its close frame, if
        # any, is read and dropped), then re-raise what the handler raised
        try:
            self._run(self._until_closed())
            self._run(self.task)
        finally:
            if not self.task.done():
                self.task.cancel()
        self._reraise()

    def _reraise(self):
        # what the handler raised, raised here (as Starlette's client does)
        e = self.side.error
        if e is not None:
            self.side.error = None
            if self.raise_server_exceptions:
                raise e

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.closed:
            self.close(1000)
        else:
            self._finish()
        return False


def _rand(n):
    try:
        from os import urandom
    except ImportError:
        import random

        return bytes(random.getrandbits(8) for _ in range(n))
    return urandom(n)


def _b64(b):
    from binascii import b2a_base64

    return b2a_base64(b)[:-1].decode()
