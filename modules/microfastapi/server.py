# asyncio HTTP/1.1 server: bounded buffers, keep-alive, pipelining, limits.
import sys
import asyncio
from ._parser import parse_head, parse_chunk
from ._compat import CPY, Raised, print_exception
from .requests import Request
from .responses import Response, JSONResponse, STATUS

try:
    from time import ticks_ms, ticks_diff, ticks_add
except ImportError:
    import time

    def ticks_ms():
        return int(time.monotonic() * 1000)

    def ticks_diff(a, b):
        return a - b

    def ticks_add(a, b):
        return a + b


CancelledError = asyncio.CancelledError
# builtins as module globals (see handling.py)
_getattr = getattr
_type = type
_len = len

DEFAULTS = {
    "max_request_line": 1024,  # 414
    "max_header_size": 2048,  # 431, also the per-connection buffer size
    "max_headers": 32,  # 431
    "max_body_size": 16384,  # 413
    "read_timeout": 10,  # s, for a whole head, and between body reads -> 408
    "keepalive_timeout": 5,  # s idle between requests (and before the first one)
    "max_connections": 8,  # idle ones are closed to make room, else 503
    "max_requests_per_connection": 100,
}

_IDLE, _READING, _BUSY, _CLOSING = 0, 1, 2, 3

_TOK = bytearray(256)  # tchar, and CR for leading empty lines
for _c in b"\r!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _TOK[_c] = 1


class _Conn:
    def __init__(self, task):
        self.task = task
        self.state = _IDLE
        self.deadline = None
        self.since = ticks_ms()
        self.reason = None


class _Fail(Exception):
    pass


def error_bytes(status, version=11):
    r = JSONResponse({"detail": STATUS.get(status, "Error")}, status)
    return r.head(version, False, len(r.body)) + r.body


class CPyReader:
    # CPython asyncio.StreamReader has no readinto
    def __init__(self, r):
        self.r = r

    async def readinto(self, mv):
        data = await self.r.read(len(mv))
        n = len(data)
        mv[:n] = data
        return n


class Server:
    def __init__(self, app, limits=None):
        lim = dict(DEFAULTS)
        lim.update(app.limits)
        if limits:
            lim.update(limits)
        for k in lim:
            if k not in DEFAULTS:
                raise TypeError("unknown limit " + k)
        self.app = app
        self.limits = lim
        self.mrl = lim["max_request_line"]
        self.mhs = lim["max_header_size"]
        self.mh = lim["max_headers"]
        self.mbs = lim["max_body_size"]
        self.rt = int(lim["read_timeout"] * 1000)
        self.kt = int(lim["keepalive_timeout"] * 1000)
        self.maxc = lim["max_connections"]
        self.maxr = lim["max_requests_per_connection"]
        self.conns = []
        self.bufs = []
        self._hg = None  # see handle_bytes

    # ---- connection bookkeeping
    def _evict(self):
        best = None
        for st in (_IDLE, _READING):
            for c in self.conns:
                if c.state == st and c.reason is None and (best is None or ticks_diff(c.since, best.since) < 0):
                    best = c
            if best is not None:
                best.reason = "evict"
                best.task.cancel()
                return True
        return False

    async def reaper(self):
        tick = max(50, min(self.rt, self.kt) // 4)
        while True:
            await asyncio.sleep(tick / 1000)
            now = ticks_ms()
            for c in self.conns:
                d = c.deadline
                if d is not None and c.reason is None and ticks_diff(now, d) >= 0:
                    c.reason = "timeout"
                    c.task.cancel()

    # ---- one connection
    async def handle(self, reader, writer):
        if len(self.conns) >= self.maxc and not self._evict():
            try:
                writer.write(error_bytes(503))
                await writer.drain()
            except Exception:
                pass
            await _close(writer)
            return
        c = _Conn(asyncio.current_task())
        self.conns.append(c)
        try:
            client = writer.get_extra_info("peername")
        except Exception:
            client = None
        buf = self.bufs.pop() if self.bufs else bytearray(self.mhs)
        mv = memoryview(buf)
        try:
            await self._loop(c, reader, writer, buf, mv, client)
        except CancelledError:
            if c.reason == "timeout" and c.state == _READING:
                try:
                    writer.write(error_bytes(408))
                    await writer.drain()
                except BaseException:
                    pass
            elif c.reason is None:
                await _close(writer)
                self._done(c, buf)
                raise
        except _Fail:
            pass
        except OSError:
            pass
        except Exception as e:
            print_exception(e)
        await _close(writer)
        self._done(c, buf)

    def handle_bytes(self, data, client=None):
        # One whole request in `data` (bytes, nothing before or after it) through
        # the synchronous path the connection loop uses: parse_head, then
        # app._fast. Returns the response bytes exactly as the connection
        # would write them, or None when the request needs the connection loop
        # (incomplete, malformed, chunked, pipelined, larger than the buffer)
        # or the answer needs asyncio (async handler, stream, file, hooks...):
        # then nothing has been called yet.
        # The work is done in _hbg, a generator that lives as long as the
        # server (see handling.fast: this frame stays on the C stack).
        g = self._hg
        if g is None:
            g = self._hbg()
            g.send(None)
        self._hg = None
        out = g.send((data, client))
        self._hg = g
        if _type(out) is Raised:
            raise out.e
        return out

    def _hbg(self):
        out = None
        while True:
            data, client = yield out
            out = None
            try:
                n = _len(data)
                if _type(data) is not bytes or n > self.mhs or _len(self.conns) >= self.maxc:
                    continue
                r = parse_head(data, n, 0, self.mrl, self.mhs, self.mh)
                if _type(r) is not tuple:
                    continue
                consumed, method, path, qs, ver, headers, cl, flags = r
                if flags & 2:
                    continue
                body = b""
                if cl > 0:
                    if cl > self.mbs:
                        continue
                    consumed += cl
                    body = data[consumed - cl : consumed]
                if consumed != n:
                    continue
                app = self.app
                if app._before or app._after or method == "HEAD":
                    continue
                out = app._fast(method, path, qs, ver, headers, body, client, flags & 1 and 1 < self.maxr)
                t = _type(out)
                if t is bytes or out is None:
                    continue
                if t is tuple:
                    out = out[0] + out[1]
                    continue
                # the handler has run: finish with asyncio, as the connection would
                w = _Out()
                asyncio.run(_finish_send(self.app, w, out, method, ver, flags & 1 and 1 < self.maxr, headers))
                out = b"".join(w.out)
            except BaseException as e:
                out = Raised(e)

    def _done(self, c, buf):
        try:
            self.conns.remove(c)
        except ValueError:
            pass
        if len(self.bufs) < self.maxc and len(buf) == self.mhs:
            self.bufs.append(buf)

    async def _fail(self, c, reader, writer, status, linger=False):
        c.state = _CLOSING
        writer.write(error_bytes(status))
        await writer.drain()
        if linger:
            # read and drop what the client still sends, briefly, so that closing
            # does not reset the connection before it reads the answer
            c.deadline = ticks_add(ticks_ms(), 300)
            b = bytearray(512)
            try:
                for _ in range(128):
                    n = await reader.readinto(b)
                    if n == 0:
                        break
            except BaseException:
                pass
        raise _Fail()

    async def _loop(self, c, reader, writer, buf, mv, client):
        app = self.app
        mrl, mhs, mh = self.mrl, self.mhs, self.mh
        filled = 0
        nreq = 0
        while True:
            # ---- head
            c.state = _READING if filled else _IDLE
            c.since = now = ticks_ms()
            c.deadline = ticks_add(now, self.rt if filled else self.kt)
            scanned = 0
            while True:
                if filled:
                    r = parse_head(buf, filled, scanned, mrl, mhs, mh)
                    if _type(r) is tuple:
                        break
                    if r < 0:
                        await self._fail(c, reader, writer, -r, filled == mhs)
                    if not _TOK[buf[0]]:
                        # cannot start a request line (TLS hello, binary junk): answer now
                        await self._fail(c, reader, writer, 400)
                    scanned = r
                n = await reader.readinto(mv[filled:])
                if n is None:
                    continue
                if not n:
                    return
                if not filled:
                    c.state = _READING
                    c.deadline = ticks_add(ticks_ms(), self.rt)
                filled += n
            consumed, method, path, qs, ver, headers, cl, flags = r
            nreq += 1
            ka = flags & 1 and nreq < self.maxr
            # ---- body
            body = b""
            if flags & 2:
                body, consumed, filled = await self._chunked(c, reader, writer, buf, mv, consumed, filled, flags)
            elif cl > 0:
                if cl > self.mbs:
                    await self._fail(c, reader, writer, 413, True)
                avail = filled - consumed
                if avail >= cl:
                    body = bytes(mv[consumed : consumed + cl])
                    consumed += cl
                else:
                    if flags & 4:
                        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                        await writer.drain()
                    body = bytearray(cl)
                    body[:avail] = mv[consumed:filled]
                    bmv = memoryview(body)
                    got = avail
                    while got < cl:
                        c.deadline = ticks_add(ticks_ms(), self.rt)
                        n = await reader.readinto(bmv[got:])
                        if n is None:
                            continue
                        if not n:
                            return
                        got += n
                    consumed = filled
            rest = filled - consumed
            if rest:
                buf[:rest] = bytes(mv[consumed:filled])
            filled = rest
            # ---- dispatch
            c.state = _BUSY
            c.deadline = None
            out = app._fast(method, path, qs, ver, headers, body, client, ka)
            t = _type(out)
            if t is bytes or t is tuple:
                c.deadline = ticks_add(ticks_ms(), self.rt)
                if t is bytes:
                    writer.write(out)
                else:
                    writer.write(out[0])
                    writer.write(out[1])
                # MicroPython's write() sends at once what the socket takes; its
                # drain() with nothing left only yields, and the next readinto()
                # yields anyway
                if _getattr(writer, "out_buf", 1):
                    await writer.drain()
                if not ka:
                    return
                continue
            if out is None:
                out = await app.dispatch(Request(app, method, path, qs, ver, headers, body, client))
            elif not isinstance(out, Response):
                out = await out
            c.deadline = ticks_add(ticks_ms(), self.rt)
            ok = await send(writer, out, method, ver, ka, headers)
            if out.background is not None:
                # after the response's last byte, in this connection's task:
                # other connections are served meanwhile
                c.deadline = None
                await run_background(app, out)
            if not ok:
                return

    async def _chunked(self, c, reader, writer, buf, mv, pos, filled, flags):
        body = bytearray()
        mhs = self.mhs
        sent100 = not (flags & 4) or filled > pos

        async def more(pos, filled):
            nonlocal sent100
            if pos:
                rest = filled - pos
                if rest:
                    buf[:rest] = bytes(mv[pos:filled])
                filled = rest
                pos = 0
            if filled >= mhs:
                await self._fail(c, reader, writer, 400)
            if not sent100:
                sent100 = True
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                await writer.drain()
            c.deadline = ticks_add(ticks_ms(), self.rt)
            while True:
                n = await reader.readinto(mv[filled:])
                if n is None:
                    continue
                if not n:
                    raise _Fail()
                return pos, filled + n

        while True:
            r = parse_chunk(buf, pos, filled)
            if r == -1:
                pos, filled = await more(pos, filled)
                continue
            if type(r) is int:
                await self._fail(c, reader, writer, 400)
            size, pos = r
            if size == 0:
                break
            if len(body) + size > self.mbs:
                await self._fail(c, reader, writer, 413, True)
            need = size
            while need:
                if pos == filled:
                    pos, filled = await more(pos, filled)
                take = filled - pos
                if take > need:
                    take = need
                body.extend(mv[pos : pos + take])
                pos += take
                need -= take
            while filled - pos < 2:
                pos, filled = await more(pos, filled)
            if buf[pos] != 13 or buf[pos + 1] != 10:
                await self._fail(c, reader, writer, 400)
            pos += 2
        # trailer section: field lines up to an empty line, dropped
        tl = 0
        while True:
            e = buf.find(b"\n", pos, filled)
            if e < 0:
                pos, filled = await more(pos, filled)
                continue
            if e == pos or buf[e - 1] != 13:
                await self._fail(c, reader, writer, 400)
            line = bytes(mv[pos : e - 1])
            pos = e + 1
            if not line:
                break
            tl += len(line) + 2
            if tl > mhs or b"\r" in line or line.find(b":") <= 0 or line[0] in (32, 9):
                await self._fail(c, reader, writer, 400)
        return bytes(body), pos, filled


class _Out:
    def __init__(self):
        self.out = []

    def write(self, b):
        self.out.append(bytes(b))

    async def drain(self):
        pass


async def _finish_send(app, writer, out, method, ver, ka, headers):
    try:
        if not isinstance(out, Response):
            out = await out
        await send(writer, out, method, ver, ka, headers)
        if out.background is not None:
            await run_background(app, out)
    except OSError:
        pass
    except Exception as e:
        print_exception(e)


async def run_background(app, res):
    # a response's background work (BackgroundTasks, the cleanup of yield
    # dependencies): its exceptions are printed, and kept for a test client
    # that re-raises them (app.unhandled_errors)
    try:
        await res.background()
    except Exception as e:
        print_exception(e)
        errs = getattr(app, "unhandled_errors", None)
        if errs is not None:
            errs.append(e)


async def _close(writer):
    try:
        writer.close()
        await writer.wait_closed()
    except BaseException:
        pass


def _accepts_gzip(h):
    ae = h.get("accept-encoding", "") if h else ""
    for p in ae.split(","):
        p = p.strip()
        if p == "gzip" or (p.startswith("gzip;") and p.replace(" ", "")[5:] not in ("q=0", "q=0.0", "q=0.00", "q=0.000")):
            return True
    return False


async def send(writer, res, method, ver, ka, req_headers=None):
    # writes the response; returns whether the connection may stay open
    kind = res.kind
    try:
        if kind == 0:
            body = res.body
            head = res.head(ver, ka, len(body))
        elif kind == 1:
            return await _send_stream(writer, res, method, ver, ka)
        else:
            return await _send_file(writer, res, method, ver, ka, req_headers)
    except Exception as e:
        print_exception(e)
        res = JSONResponse({"detail": "Internal Server Error"}, 500)
        body = res.body
        head = res.head(ver, ka, len(body))
    st = res.status_code
    if method == "HEAD" or st == 204 or st == 304 or not body:
        writer.write(head)
    elif len(body) < 1400:
        writer.write(head + body)
    else:
        writer.write(head)
        writer.write(body)
    await writer.drain()
    return ka


async def _send_stream(writer, res, method, ver, ka):
    chunked = ver == 11
    if not chunked:
        ka = False
    writer.write(res.head(ver, ka, -1 if chunked else None))
    if method == "HEAD":
        await writer.drain()
        return ka

    async def emit(x):
        if isinstance(x, str):
            x = x.encode()
        if x:
            if chunked:
                writer.write("{:x}\r\n".format(len(x)).encode())
                writer.write(x)
                writer.write(b"\r\n")
            else:
                writer.write(x)
            await writer.drain()

    g = res.stream
    try:
        if res.first is not None:
            await emit(res.first)
        if hasattr(g, "__anext__"):
            async for x in g:
                await emit(x)
        else:
            for x in g:
                await emit(x)
    except Exception as e:
        print_exception(e)
        return False  # truncated: the client sees no final chunk
    if chunked:
        writer.write(b"0\r\n\r\n")
    await writer.drain()
    return ka


async def _send_file(writer, res, method, ver, ka, h):
    import os

    path = res.path
    f = None
    if h is not None and _accepts_gzip(h):
        try:
            size = os.stat(path + ".gz")[6]
            f = open(path + ".gz", "rb")
            res.headers["content-encoding"] = "gzip"
            res.headers["vary"] = "accept-encoding"
        except OSError:
            f = None
    if f is None:
        try:
            st = os.stat(path)
            if st[0] & 0o170000 != 0o100000:
                raise OSError
            size = st[6]
            f = open(path, "rb")
        except OSError:
            r = JSONResponse({"detail": "Not Found"}, 404)
            writer.write(r.head(ver, ka, len(r.body)) + r.body)
            await writer.drain()
            return ka
    try:
        writer.write(res.head(ver, ka, size))
        if method != "HEAD":
            b = bytearray(res.chunk_size)
            m = memoryview(b)
            left = size
            while left > 0:
                n = f.readinto(b)
                if not n:
                    break
                if n > left:
                    n = left
                writer.write(m[:n])
                await writer.drain()
                left -= n
            if left:
                return False
        await writer.drain()
    finally:
        f.close()
    return ka


async def serve(app, host="0.0.0.0", port=80, limits=None):
    # the app's lifespan (lifespan=, on_event) runs first: what it starts
    # (a sensor task...) runs beside the server; its shutdown runs when
    # serving ends (cancelled, Ctrl-C, an error)
    await app.startup()
    try:
        await _serve(app, host, port, limits)
    finally:
        await app.shutdown()


async def _serve(app, host, port, limits):
    s = Server(app, limits)
    app._server = s
    bl = s.maxc + 2
    if CPY:

        async def cb(r, w):
            await s.handle(CPyReader(r), w)

        srv = await asyncio.start_server(cb, host, port, backlog=bl, reuse_address=True)
    else:
        srv = await asyncio.start_server(s.handle, host, port, bl)
    app._listener = srv
    reaper = asyncio.create_task(s.reaper())
    from . import wifi

    watch = asyncio.create_task(wifi._active.watch()) if wifi._active is not None else None
    try:
        if CPY:
            async with srv:
                await srv.serve_forever()
        else:
            await srv.wait_closed()
    finally:
        reaper.cancel()
        if watch is not None:
            watch.cancel()


def run(app, host="0.0.0.0", port=80, limits=None):
    try:
        import os

        port = int(os.getenv("MFA_PORT") or port)
        host = os.getenv("MFA_HOST") or host
    except (ImportError, AttributeError):
        pass
    app.port = port
    print("MicroFastApi running on " + app.url(host, port) + " (Ctrl-C to stop)")
    try:
        asyncio.run(serve(app, host, port, limits))
    except KeyboardInterrupt:
        pass
    finally:
        if not CPY:
            asyncio.new_event_loop()
