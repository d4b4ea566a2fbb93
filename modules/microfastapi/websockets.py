# WebSocket (RFC 6455) the way Starlette and FastAPI write it: the opening
# handshake's checks, the frame codec, and the WebSocket object a handler
# declared with `websocket: WebSocket` receives. It runs over the server's
# stream pair (anything with async readinto(), write() and async drain()),
# inside the same asyncio loop as the HTTP connections.
#
# What the server enforces for the application (RFC 6455 section 7.4 codes):
#   1002 protocol error: unmasked client frame, reserved bits, unknown opcode,
#        fragmented or oversized control frame, continuation without a start,
#        a new data frame inside a fragmented message, a bad close payload
#   1007 text (or a close reason) that is not valid UTF-8
#   1009 a message larger than the server's ws_max_size
#   1011 the handler raised, or a keep-alive ping went unanswered
# Pings are answered with pongs; a close is echoed, then the handler sees
# WebSocketDisconnect(code). While the handler waits for a message and none
# comes for ws_ping_interval seconds, the server sends a ping (as uvicorn
# does); no frame within ws_ping_timeout after it: the client is gone, 1011.
import sys
import asyncio
from .requests import Request, target
from . import responses
from .responses import HTTPException
from ._compat import deadline, print_exception

try:
    from hashlib import sha1
except ImportError:  # a build without SHA-1 cannot accept WebSockets
    sha1 = None
from binascii import b2a_base64, a2b_base64

_MPY = sys.implementation.name == "micropython"
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

# opcodes
CONT, TEXT, BINARY, CLOSE, PING, PONG = 0, 1, 2, 8, 9, 10

# close codes an endpoint may receive in a close frame (7.4.1, 7.4.2)
_VALID_CLOSE = (1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014)


class WebSocketState:
    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3


class WebSocketDisconnect(Exception):
    def __init__(self, code=1000, reason=None):
        super().__init__(code, reason)
        self.code = code
        self.reason = reason or ""

    def __repr__(self):
        return "WebSocketDisconnect(code={}, reason={!r})".format(self.code, self.reason)


# raise it from a handler or a dependency: before accept() the handshake is
# refused with HTTP 403, after it the connection is closed with its code
from .exceptions import WebSocketException, ValidationException  # noqa: E402


class _Fail(Exception):
    # the client broke the protocol: close with this code
    def __init__(self, code, reason=""):
        self.code = code
        self.reason = reason


def accept_key(key):
    # Sec-WebSocket-Accept for a Sec-WebSocket-Key (str)
    return b2a_base64(sha1(key.encode() + GUID).digest())[:-1].decode()


def _tokens(v):
    return [t.strip().lower() for t in v.split(",")]


def check_handshake(method, version, headers):
    # The client's opening handshake (4.2.1). None when it is a valid one, else
    # (status, detail, extra headers) for the HTTP answer that refuses it.
    if method != "GET" or version != 11:
        return 400, "WebSocket handshake needs GET and HTTP/1.1", None
    if "websocket" not in _tokens(headers.get("upgrade", "")):
        return 400, "Missing or invalid Upgrade header", None
    if "upgrade" not in _tokens(headers.get("connection", "")):
        return 400, "Missing or invalid Connection header", None
    if headers.get("sec-websocket-version", "").strip() != "13":
        return 426, "Unsupported WebSocket version", {"sec-websocket-version": "13"}
    key = headers.get("sec-websocket-key", "").strip()
    try:
        ok = len(key) == 24 and len(a2b_base64(key)) == 16
    except ValueError:
        ok = False
    if not ok:
        return 400, "Missing or invalid Sec-WebSocket-Key header", None
    if sha1 is None:
        return 501, "WebSocket needs hashlib.sha1 in this build", None
    return None


def frame_head(opcode, n, fin=True):
    # the head of an unmasked (server) frame with a payload of n bytes
    b0 = (0x80 if fin else 0) | opcode
    if n < 126:
        return bytes((b0, n))
    if n < 65536:
        return bytes((b0, 126, n >> 8, n & 255))
    return bytes((b0, 127)) + n.to_bytes(8, "big")


def mask(data, key):
    # data XOR the 4-byte key repeated (masking and unmasking are the same).
    # One long-integer XOR does the loop in C on MicroPython and CPython.
    n = len(data)
    if not n:
        return b""
    k = (n + 3) >> 2
    x = int.from_bytes(data, "little") ^ int.from_bytes(bytes(key) * k, "little")
    return x.to_bytes(k << 2, "little")[:n] if n & 3 else x.to_bytes(n, "little")


def _utf8_ok(b):
    # Strict UTF-8 (RFC 3629): what CPython's decode checks. MicroPython's
    # decode only checks the byte structure, so its str may hold overlong
    # forms, surrogates and code points above U+10FFFF: reject those here.
    try:
        s = (b if type(b) is bytes else bytes(b)).decode("utf-8")
    except (UnicodeError, ValueError):
        return None
    n = len(b)
    if len(s) == n or not _MPY:
        return s  # ASCII (one char per byte), or CPython (strict already)
    f = b.find
    if f(b"\xc0") >= 0 or f(b"\xc1") >= 0:
        return None
    for c in b"\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff":
        if f(bytes((c,))) >= 0:
            return None
    # E0 needs A0.., ED ..9F, F0 90.., F4 ..8F as the next byte; the
    # structure is checked, so these bytes only occur as lead bytes
    for lead, lo, hi in ((0xE0, 0xA0, 0xBF), (0xED, 0x80, 0x9F), (0xF0, 0x90, 0xBF), (0xF4, 0x80, 0x8F)):
        i = f(bytes((lead,)))
        while i >= 0:
            c = b[i + 1]
            if c < lo or c > hi:
                return None
            i = f(bytes((lead,)), i + 1)
    return s


try:
    # the C module does both in one call each (and makes the str without
    # MicroPython's interned-string look-up): see modmicrofastapi.c
    from _microfastapi import ws_unmask, ws_frame
except ImportError:
    def ws_unmask(data, key, text):
        # the payload unmasked: bytes, or with text a str (None: not UTF-8)
        p = mask(data, key)
        return _utf8_ok(p) if text else p

    def ws_frame(op, payload):
        # a final server frame: head and payload (str: its UTF-8) in one bytes
        if isinstance(payload, str):
            payload = payload.encode()
        return frame_head(op, len(payload)) + payload

_NOKEY = b"\0\0\0\0"  # unmasks nothing: ws_unmask(x, _NOKEY, True) only checks x's UTF-8


def close_payload(code, reason=""):
    r = reason.encode() if reason else b""
    if len(r) > 123:
        r = r[:123]
        while r and r[-1] & 0xC0 == 0x80:  # do not cut a character in two
            r = r[:-1]
        if r and r[-1] >= 0xC0:
            r = r[:-1]
    return bytes((code >> 8, code & 255)) + r


def parse_close(p):
    # -> (code, reason) from a close frame's payload; raises _Fail
    if not p:
        return 1005, ""
    if len(p) == 1:
        raise _Fail(1002, "close payload of 1 byte")
    code = (p[0] << 8) | p[1]
    if code not in _VALID_CLOSE and not 3000 <= code <= 4999:
        raise _Fail(1002, "invalid close code")
    reason = _utf8_ok(p[2:])
    if reason is None:
        raise _Fail(1007, "close reason is not UTF-8")
    return code, reason


class WebSocket(Request):
    # What a handler gets: the handshake request's path, query, headers,
    # cookies and client (as Request has them), and the message API of
    # Starlette's WebSocket.
    #
    # reader/writer: the connection's streams; buf: a bytearray whose [pos:end]
    # holds bytes already read after the handshake head; conn: the server's
    # connection record (its `deadline` bounds a frame that stops half way).
    url_scheme = "ws"

    def __init__(self, app, path, query_string, headers, client, path_params, reader, writer,
                 buf, pos=0, end=0, max_size=16384, conn=None, read_timeout_ms=10000,
                 ping_interval_ms=0, ping_timeout_ms=0):
        Request.__init__(self, app, "GET", path, query_string, 11, headers, b"", client, path_params)
        self.reader = reader
        self.writer = writer
        self.buf = buf
        self.mv = memoryview(buf)
        self.pos = pos
        self.end = end
        self.max_size = max_size
        self.conn = conn
        self.rt = read_timeout_ms
        self.pi = ping_interval_ms  # keep-alive pings (0: none)
        self.pt = ping_timeout_ms  # 0: a ping's answer is not awaited
        self._next_ping = None  # when the next keep-alive ping is due (ticks), set by accept()
        self._ping_out = False  # a keep-alive ping has had no frame after it yet
        if conn is not None and ping_interval_ms:
            conn.ping = self._ping_due  # the server's reaper calls it
        self.client_state = WebSocketState.CONNECTING
        self.application_state = WebSocketState.CONNECTING
        self.close_code = None  # what the server sent in its close frame
        self.subprotocol = None
        # MicroPython's Stream writes at once what the socket takes and keeps
        # the rest in out_buf: drain() only then. Other writers: always.
        self._drains = not hasattr(writer, "out_buf")

    scope_type = "websocket"

    @classmethod
    def plan_entry(cls, name, annotation, default, route):
        # a parameter annotated WebSocket gets the connection (signature.py's hook)
        from . import signature

        return (name, signature.REQUEST, None, None, default, None, annotation)

    # ---- the handshake
    async def accept(self, subprotocol=None, headers=None):
        if self.application_state != WebSocketState.CONNECTING:
            raise RuntimeError('Cannot call "accept" twice or after "close".')
        h = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n"
        h += "sec-websocket-accept: " + accept_key(self.headers["sec-websocket-key"].strip()) + "\r\n"
        if subprotocol:
            self.subprotocol = subprotocol
            h += "sec-websocket-protocol: " + subprotocol + "\r\n"
        if headers:
            for k, v in headers.items() if hasattr(headers, "items") else headers:
                if isinstance(k, bytes):
                    k, v = k.decode(), v.decode()
                h += k + ": " + v + "\r\n"
        if "\r\n\r\n" in h or "\0" in h:
            raise ValueError("CR/LF/NUL in a header")
        self.writer.write((h + "\r\n").encode())
        await self._drain()
        self.application_state = self.client_state = WebSocketState.CONNECTED
        if self.pi:
            self._next_ping = deadline(self.pi)

    @property
    def subprotocols(self):
        v = self.headers.get("sec-websocket-protocol")
        return [t.strip() for t in v.split(",")] if v else []

    # ---- receiving
    async def receive(self):
        # ASGI-shaped: {"type": "websocket.receive", "text"/"bytes": ...} or
        # {"type": "websocket.disconnect", "code": ..., "reason": ...}
        if self.client_state == WebSocketState.DISCONNECTED:
            raise RuntimeError('Cannot call "receive" once a disconnect message has been received.')
        if self.application_state == WebSocketState.CONNECTING:
            raise RuntimeError('WebSocket is not connected. Need to call "accept" first.')
        try:
            op, data = await self._message()
        except WebSocketDisconnect as e:
            return {"type": "websocket.disconnect", "code": e.code, "reason": e.reason}
        if op == TEXT:
            return {"type": "websocket.receive", "text": data}
        return {"type": "websocket.receive", "bytes": data}

    async def receive_text(self):
        if self.client_state != 1 or self.application_state != 1:
            self._not_connected()
        op, data = await self._message()
        if op != TEXT:
            raise KeyError("text")  # as Starlette: a binary message where text was expected
        return data

    async def receive_bytes(self):
        op, data = await self._next()
        if op != BINARY:
            raise KeyError("bytes")
        return data

    async def receive_json(self, mode="text"):
        op, data = await self._next()
        if mode == "binary":
            if op != BINARY:
                raise KeyError("bytes")
            data = data.decode()
        elif op != TEXT:
            raise KeyError("text")
        return responses.json_loads(data)

    async def _next(self):
        if self.client_state != 1 or self.application_state != 1:
            self._not_connected()
        return await self._message()

    def _not_connected(self):
        if self.application_state != WebSocketState.CONNECTED:
            raise RuntimeError('WebSocket is not connected. Need to call "accept" first.')
        raise RuntimeError('Cannot call "receive" once a disconnect message has been received.')

    def iter_text(self):
        return _Iter(self, self.receive_text)

    def iter_bytes(self):
        return _Iter(self, self.receive_bytes)

    def iter_json(self):
        return _Iter(self, self.receive_json)

    # ---- sending
    async def send(self, message):
        t = message.get("type")
        if t == "websocket.accept":
            await self.accept(message.get("subprotocol"), message.get("headers"))
        elif t == "websocket.send":
            if message.get("text") is not None:
                await self.send_text(message["text"])
            else:
                await self.send_bytes(message["bytes"])
        elif t == "websocket.close":
            await self.close(message.get("code", 1000), message.get("reason"))
        else:
            raise RuntimeError("unknown message type " + str(t))

    async def send_text(self, data):
        self._write(TEXT, data)
        if self._drains or self.writer.out_buf:
            await self._drain()

    async def send_bytes(self, data):
        self._write(BINARY, data)
        if self._drains or self.writer.out_buf:
            await self._drain()

    async def send_json(self, data, mode="text"):
        self._write(BINARY if mode == "binary" else TEXT, responses.json_dumps(data))
        if self._drains or self.writer.out_buf:
            await self._drain()

    async def close(self, code=1000, reason=None):
        if self.application_state == WebSocketState.CONNECTING:
            # refused before accept(): the server answers the handshake with 403
            self.application_state = WebSocketState.DISCONNECTED
            self.close_code = code
            return
        if self.application_state == WebSocketState.DISCONNECTED:
            raise RuntimeError('Cannot call "send" once a close message has been sent.')
        await self._close(code, reason)

    def _write(self, op, payload):
        if self.application_state != 1:
            if self.application_state == WebSocketState.CONNECTING:
                raise RuntimeError('WebSocket is not connected. Need to call "accept" first.')
            raise RuntimeError('Cannot call "send" once a close message has been sent.')
        # payload: bytes-like, or a str (sent as its UTF-8)
        if len(payload) < 1400:
            self.writer.write(ws_frame(op, payload))
        else:
            # head and payload with no await between them: frames sent by two
            # tasks never interleave
            if isinstance(payload, str):
                payload = payload.encode()
            self.writer.write(frame_head(op, len(payload)))
            self.writer.write(payload)

    async def _drain(self):
        w = self.writer
        # MicroPython's write() sends at once what the socket takes; drain()
        # matters only when something is left (a slow reader): bound that
        if getattr(w, "out_buf", 1):
            c = self.conn
            if c is not None and c.deadline is None:
                c.deadline = deadline(self.rt)
                await w.drain()
                c.deadline = None
            else:
                await w.drain()

    async def _close(self, code, reason=None):
        # send our close frame (once); the server waits for the client's
        self.application_state = WebSocketState.DISCONNECTED
        self.close_code = code
        p = close_payload(code, reason)
        try:
            self.writer.write(frame_head(CLOSE, len(p)) + p)
            await self._drain()
        except OSError:
            pass

    # ---- the frame reader
    # buf[pos:end] holds received bytes not parsed yet. The head of a frame is
    # parsed synchronously (_head) from what is there; the reader is awaited
    # only when bytes are missing: one await per message in the usual case.
    def _head(self):
        # -> (fin, opcode, length, key) with pos moved past the head, or None
        # when the head is not all there yet; raises _Fail
        buf, i = self.buf, self.pos
        have = self.end - i
        if have < 2:
            return None
        b0 = buf[i]
        b1 = buf[i + 1]
        op = b0 & 15
        if b0 & 0x70:
            raise _Fail(1002, "reserved bits set")
        if not b1 & 0x80:
            raise _Fail(1002, "client frame not masked")
        n = b1 & 127
        if op >= 8:
            if op > PONG:
                raise _Fail(1002, "unknown opcode")
            if not b0 & 0x80 or n > 125:
                raise _Fail(1002, "fragmented or long control frame")
        elif op > BINARY:
            raise _Fail(1002, "unknown opcode")
        if n < 126:
            if have < 6:
                return None
            i += 2
        else:
            ext = 2 if n == 126 else 8
            if have < 6 + ext:
                return None
            n = int.from_bytes(bytes(self.mv[i + 2 : i + 2 + ext]), "big")
            if n >> 63:
                raise _Fail(1002, "frame length over 2**63")
            i += 2 + ext
        if n + self._size > self.max_size:
            raise _Fail(1009, "message too big")
        self.pos = i + 4
        return b0 & 0x80, op, n, bytes(self.mv[i : i + 4])

    async def _read(self, mid):
        # more bytes into buf after end (moved to the front first when needed);
        # mid: a frame is half received, so its rest is due within read_timeout
        buf = self.buf
        if self.pos == self.end:
            self.pos = self.end = 0
        elif self.end == len(buf):
            n = self.end - self.pos
            buf[:n] = self.mv[self.pos : self.end]
            self.pos, self.end = 0, n
        c = self.conn
        if c is not None:
            if mid or self.end > self.pos:
                c.deadline = deadline(self.rt)
            elif not self._ping_out:  # (else the ping's answer is due on its deadline)
                # waiting for a message: the keep-alive ping's time (None: no pings)
                c.deadline = self._next_ping
        n = await self.reader.readinto(self.mv[self.end :])
        if n is None:  # nothing yet: the caller asks again
            return
        if not n:
            raise _Fail(1006, "connection closed")
        self.end += n

    async def _payload(self, n, key, text):
        # n payload bytes, unmasked with key, when they are not all in buf
        have = self.end - self.pos
        p = bytearray(n)
        pm = memoryview(p)
        pm[:have] = self.mv[self.pos : self.end]
        self.pos = self.end = 0
        got = have
        c = self.conn
        while got < n:
            if c is not None:
                c.deadline = deadline(self.rt)
            r = await self.reader.readinto(pm[got:])
            if r is None:
                continue
            if not r:
                raise _Fail(1006, "connection closed")
            got += r
        return ws_unmask(p, key, text)

    _size = 0  # bytes of the fragmented message so far
    failed = 0  # the close code when the client broke the protocol

    async def _message(self):
        # -> (TEXT, str) or (BINARY, bytes); control frames handled on the way.
        # Raises WebSocketDisconnect after the close handshake (or a failure).
        try:
            parts = None
            mop = 0
            while True:
                h = self._head()
                while h is None:
                    await self._read(self.end > self.pos)
                    h = self._head()
                fin, op, n, key = h
                i = self.pos
                # a whole text message comes out as a str (None: not UTF-8)
                if n <= self.end - i:
                    p = ws_unmask(self.mv[i : i + n], key, fin and op == TEXT)
                    self.pos = i + n
                else:
                    p = await self._payload(n, key, fin and op == TEXT)
                c = self.conn
                if c is not None and c.deadline is not None:
                    c.deadline = None
                if self._ping_out:  # the client is there
                    self._ping_out = False
                    self._next_ping = deadline(self.pi)
                if op >= CLOSE:
                    if op == CLOSE:
                        code, reason = parse_close(p)
                        self.client_state = WebSocketState.DISCONNECTED
                        if self.application_state == WebSocketState.CONNECTED:
                            # echo the code (1000 for a close without one)
                            await self._close(1000 if code == 1005 else code)
                        raise WebSocketDisconnect(code, reason)
                    if op == PING:
                        if self.application_state == WebSocketState.CONNECTED:
                            self.writer.write(frame_head(PONG, len(p)) + p)
                            await self._drain()
                    continue  # a pong: nothing to do
                if op == CONT:
                    if parts is None:
                        raise _Fail(1002, "continuation without a message")
                    parts.append(p)
                    self._size += len(p)
                    if not fin:
                        continue
                    p = b"".join(parts)
                    parts = None
                    self._size = 0
                    op = mop
                    if op == TEXT:
                        p = ws_unmask(p, _NOKEY, True)
                elif parts is not None:
                    raise _Fail(1002, "new message inside a fragmented one")
                elif not fin:
                    parts = [p]
                    mop = op
                    self._size = len(p)
                    continue
                if op == TEXT:
                    if p is None:
                        raise _Fail(1007, "text is not UTF-8")
                    return TEXT, p
                return BINARY, p
        except _Fail as e:
            self._size = 0
            self.client_state = WebSocketState.DISCONNECTED
            self.failed = e.code
            if e.code == 1006:  # the TCP connection went away: no close frame
                self.application_state = WebSocketState.DISCONNECTED
            elif self.application_state == WebSocketState.CONNECTED:
                await self._close(e.code, e.reason)
            raise WebSocketDisconnect(e.code, e.reason)

    def _ping_due(self):
        # The server's reaper, when this connection's deadline has passed.
        # The ping's time, while the handler waits for a message: a ping, and
        # True (the connection stays). Pings go out every ws_ping_interval
        # while the connection lives (as the websockets library's), busy or
        # not: no clock read per message. An unanswered ping or any other
        # deadline (a frame stalled half way, a stalled write): False, the
        # server ends the connection.
        c = self.conn
        if self._ping_out or c.deadline != self._next_ping or self.application_state != WebSocketState.CONNECTED:
            return False
        try:
            self.writer.write(b"\x89\x00")  # an empty ping; the next drain sends what is left
        except OSError:
            return False
        if self.pt:
            self._ping_out = True
            c.deadline = deadline(self.pt)
        else:
            self._next_ping = c.deadline = deadline(self.pi)
        return True

    def __repr__(self):
        return "<WebSocket {}>".format(target(self))


class _Iter:
    # async iterator over messages until the client disconnects (iter_text...)
    def __init__(self, ws, recv):
        self.recv = recv

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            return await self.recv()
        except WebSocketDisconnect:
            raise StopAsyncIteration


async def finish(ws, exc=None):
    # After the handler: close the connection the way uvicorn does. Returns
    # the HTTP answer bytes to send when the handshake was refused (403), or
    # None when the WebSocket was accepted (then its close handshake is done
    # here: our close frame, then the client's, bounded by the read timeout).
    st = ws.application_state
    if st == WebSocketState.CONNECTING or (st == WebSocketState.DISCONNECTED and ws.client_state == WebSocketState.CONNECTING):
        return b"HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n%s" % _refusal(ws, exc)
    if st == WebSocketState.CONNECTED:
        code = 1000
        if isinstance(exc, WebSocketException):
            code = exc.code
            await ws._close(code, exc.reason)
        else:
            if exc is not None and not isinstance(exc, WebSocketDisconnect):
                code = 1011
            await ws._close(code)
    try:
        if ws.client_state == WebSocketState.CONNECTED:
            # wait for the client's close frame (dropping data frames), briefly
            await asyncio.wait_for(_until_close(ws), ws.rt / 1000)
        elif ws.failed and ws.failed != 1006:
            # the client broke the protocol: read and drop what it still sends,
            # briefly, so that closing does not reset the connection before it
            # reads our close frame
            await asyncio.wait_for(_drop(ws), 0.5)
    except Exception:  # a timeout, the connection gone
        pass
    return None


async def _until_close(ws):
    try:
        while True:
            await ws._message()
    except WebSocketDisconnect:
        pass


async def _drop(ws):
    b = bytearray(512)
    for _ in range(128):
        n = await ws.reader.readinto(b)
        if n == 0:
            break


def _refusal(ws, exc):
    code = exc.code if isinstance(exc, WebSocketException) else (ws.close_code or 1000)
    if exc is not None and not isinstance(exc, (WebSocketException, WebSocketDisconnect)):
        code = 1011
    body = b'{"detail":"WebSocket connection refused","code":%d}' % code
    return len(body), body


# ---- WebSocket routes and the server's upgrade path
# A WebSocket route is a Route (path template, parameter plan) kept apart
# from the HTTP tables: a plain GET to its path is a 404, as in Starlette.
# Its handler's parameters are bound as an HTTP handler's (path, query,
# header, cookie, Depends...); the `websocket` parameter gets the WebSocket:
# by its annotation (WebSocket.plan_entry) or, where annotations are not kept,
# by its name.
def add_route(app, path, fn, name=None, dependencies=None):
    from .routing import Route

    kw = {"dependencies": dependencies} if dependencies else {}
    r = Route(app, path, ("GET",), fn, name=name, include_in_schema=False, **kw)
    if r.plan:
        r.plan = _as_connection(r.plan)
    d = getattr(r, "dependant", None)
    if d is not None:  # dependencies.py solves this route: its tree too
        _fix_tree(d)
    lst = app._ws_routes
    if lst is None:
        lst = app._ws_routes = []
    lst.append(r)
    return r


def _as_connection(plan):
    # a parameter named `websocket` that the plan took for a query one (no
    # annotation kept): the connection
    from . import signature

    return tuple((e[0], signature.REQUEST, None, None, e[4], None, e[6])
                 if e[0] == "websocket" and e[1] == signature.QUERY else e for e in plan)


def _fix_tree(d):
    if d.plan:
        d.plan = _as_connection(d.plan)
    for sub in d.subs:
        _fix_tree(sub[1])


def match(app, path):
    # -> (route, path params) or None
    from ._parser import unquote

    try:
        segs = [unquote(s) for s in path.split("/")] if "%" in path else path.split("/")
    except ValueError:
        return None
    for r in app._ws_routes:
        pp = r.match(segs)
        if pp is not None:
            return r, pp
    return None


async def call_handler(app, route, ws):
    # bind the handler's parameters from the handshake request and run it
    from .handling import bind
    from ._compat import GeneratorType, CPY

    ws.route = route
    d = getattr(route, "dependant", None)
    if d is not None:
        # Depends (or context parameters): dependencies.py's solver, as for
        # HTTP routes; yield dependencies close when the handler ends
        from . import dependencies as D
        from .exceptions import RequestValidationError

        ctx = D.Solved(ws, ws.path_params, getattr(app, "dependency_overrides", None))
        try:
            kw, errs = await D.solve(d, ctx)
            if errs:
                raise RequestValidationError(errs)
            await route.handler(**kw)
        except BaseException as e:  # noqa: B036 - the cleanup sees every way out
            exc = await D.close(ctx.stack, await D.close(ctx.fstack, e))
            if exc is not None:
                raise exc
            return
        exc = await D.close(ctx.stack, await D.close(ctx.fstack, None))
        if exc is not None:
            raise exc
        return
    if route.plan is None:  # stock MicroPython without the C module: names unknown
        kw = dict(ws.path_params)
        kw["websocket"] = ws
    else:
        kw, later = bind(route, ws.path_params, ws, ws.query_string, ws.headers, b"")
        for e in later or ():  # CUSTOM entries, in the plan's order
            v = e[3](ws, e)
            if v is not None and (type(v) is GeneratorType or (CPY and hasattr(v, "__await__"))):
                v = await v
            kw[e[0]] = v
    await route.handler(**kw)


async def upgrade(server, conn, reader, writer, buf, pos, end, method, path, qs, ver, headers, client):
    # The server's connection loop hands a request with an Upgrade header
    # here. False: no WebSocket route has this path (go on with HTTP). True:
    # the connection was a WebSocket (or its handshake was refused) and is done.
    app = server.app
    m = match(app, path)
    if m is None:
        return False
    route, pp = m
    bad = check_handshake(method, ver, headers)
    if bad is None and ("content-length" in headers or "transfer-encoding" in headers):
        bad = 400, "A WebSocket handshake has no body", None
    if bad is not None:
        st, detail, extra = bad
        r = responses.JSONResponse({"detail": detail}, st, extra)
        writer.write(r.head(11, False, len(r.body)) + r.body)
        await writer.drain()
        return True
    lim = server.limits
    ws = WebSocket(app, path, qs, headers, client, pp, reader, writer, buf, pos, end,
                   lim.get("ws_max_size", 16384), conn, int(lim["read_timeout"] * 1000),
                   int((lim.get("ws_ping_interval") or 0) * 1000), int((lim.get("ws_ping_timeout") or 0) * 1000))
    exc = None
    try:
        await call_handler(app, route, ws)
    except asyncio.CancelledError:
        if conn is not None and conn.reason == "timeout" and ws.application_state == WebSocketState.CONNECTED:
            # a frame stopped half way, or the client stopped reading what we
            # send: 1008; no answer to a keep-alive ping: 1011 (as uvicorn).
            # Written without waiting (the pipe may be full)
            try:
                p = close_payload(1011, "keepalive ping timeout") if ws._ping_out else close_payload(1008, "timeout")
                writer.write(frame_head(CLOSE, len(p)) + p)
                # CPython's close() would wait for the unread data to go out
                t = getattr(writer, "transport", None)
                if t is not None and t.get_write_buffer_size() > len(p) + 2:
                    t.abort()
            except BaseException:
                pass
        raise
    except WebSocketException as e:
        exc = e
    except WebSocketDisconnect as e:
        exc = e
        if hasattr(writer, "error"):  # the test client re-raises it, as Starlette's does
            writer.error = e
    except (HTTPException, ValidationException) as e:
        # a parameter or a dependency refused it (FastAPI: 1008 policy violation)
        d = getattr(e, "detail", None)
        exc = WebSocketException(1008, d[:120] if isinstance(d, str) else "")
    except Exception as e:
        exc = e
        print_exception(e)
        if hasattr(writer, "error"):  # the test client re-raises it
            writer.error = e
    out = await finish(ws, exc)
    if out:
        writer.write(out)
        await writer.drain()
    return True
