# asyncio HTTP/1.1 server: bounded buffers, keep-alive, pipelining, limits.
import sys
import gc as _gc
import asyncio
from ._parser import parse_head, parse_chunk
from ._compat import CPY, Raised, print_exception, ticks_ms, ticks_diff, ticks_add
from .requests import Request, client_address
from .responses import Response, JSONResponse, STATUS, server_error
from .asyncgen import anext_chunk, aclose, DONE

CancelledError = asyncio.CancelledError
# builtins as module globals (see handling.py)
_getattr = getattr
_type = type
_len = len
_bytes = bytes
_tuple = tuple

DEFAULTS = {
    "max_request_line": 1024,  # 414
    "max_header_size": 2048,  # 431, also the per-connection buffer size
    "max_headers": 32,  # 431
    # A body is one contiguous block: on the Pico W's fragmented heap (about
    # 100 KB free with an app running), 8 KB is what can be had reliably.
    "max_body_size": 8192,  # 413 (a request.stream() route reads any size, in pieces)
    "max_body_memory": 16384,  # bytes of request bodies held at once, all connections: 503
    "max_body_chunks": 256,  # chunks in one chunked body (each costs parsing): 413
    "read_timeout": 10,  # s without progress: head, body reads (408), response writes
    "keepalive_timeout": 5,  # s idle between requests (and before the first one)
    "max_connections": 8,  # idle ones are closed to make room, else 503
    "max_requests_per_connection": 100,
    "ws_max_size": 16384,  # bytes of one WebSocket message (close 1009 beyond)
    "ws_ping_interval": 20,  # s a WebSocket waits for a message before the server pings (0: never)
    "ws_ping_timeout": 20,  # s for any frame after that ping (close 1011 beyond; 0: not awaited)
}

_IDLE, _READING, _BUSY, _CLOSING = 0, 1, 2, 3

# Collecting garbage while idle. A full collection stops everything for
# 8-13 ms on the Pico W (it marks and sweeps the whole heap); MicroPython
# runs one when an allocation fails, that is inside some request. The server
# runs it itself at a moment nobody waits for: a connection has just ended
# because its client closed its side (it has all its answers) and no other
# connection is open, once what was allocated since the last collection
# passes 2/3 of the heap free at start. Our images count it
# (gc.mem_alloc_since(), firmware patch 0202; gc.mem_free() walks the whole
# heap: 7 ms); on stock MicroPython it is estimated, about this much per
# connection and per request (bench_wifi's app: 1.9 KB for a new
# connection and its request, 0.8 KB per keep-alive request).
_alloc_since = _getattr(_gc, "mem_alloc_since", None)
_GC_PER_CONN = 1100
_GC_PER_REQUEST = 800

if CPY:
    _Stream = None
else:
    from asyncio.stream import Stream as _Stream
    from asyncio import core as _core


def _sock_readinto(queue_read, s, b):
    # MicroPython (await on a generator is a yield from): Stream.readinto(b)
    # on the Stream's own socket, without the Stream's look-ups
    # (self.s, core._io_queue.queue_read) on every read
    yield queue_read(s)
    return s.readinto(b)


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
        self.held = 0  # bytes of the body memory budget this connection holds
        self.writer = None  # closed by _shutdown when the server stops


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
        self.body_budget = lim["max_body_memory"]
        self.body_held = 0  # bytes of bodies being read or handled, all connections
        self.max_chunks = lim["max_body_chunks"]
        self.access_log = False
        self.gc_budget = 0  # bytes allocated between idle collections; 0: never (_serve sets it)
        self.gc_debt = 0  # without gc.mem_alloc_since(): estimated bytes allocated since the last one
        # answered without allocating, when even that fails
        self.busy = error_bytes(503)

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
                    ping = getattr(c, "ping", None)  # a WebSocket's keep-alive (websockets.py)
                    if ping is not None and ping():
                        continue
                    c.reason = "timeout"
                    c.task.cancel()

    # ---- one connection
    async def handle(self, reader, writer, client=None):
        # Everything from here on is inside one try: whatever fails (a
        # MemoryError while the connection is being set up included), the
        # connection leaves the table and its socket is closed.
        c = None
        buf = None
        nreq = 1  # requests served (for the idle collection's estimate)
        try:
            if len(self.conns) >= self.maxc and not self._evict():
                writer.write(self.busy)
                await writer.drain()
                return
            c = _Conn(asyncio.current_task())
            c.writer = writer
            self.conns.append(c)
            if client is None:  # (_accept gives it)
                try:
                    client = writer.get_extra_info("peername")
                except Exception:
                    client = None
            buf = self.bufs.pop() if self.bufs else bytearray(self.mhs)
            mv = memoryview(buf)
            nreq = await self._loop(c, reader, writer, buf, mv, client)
        except CancelledError:
            if c is not None and c.reason == "timeout" and c.state == _READING:
                try:
                    writer.write(error_bytes(408))
                    await writer.drain()
                except BaseException:
                    pass
            elif c is None or c.reason is None:
                raise  # the server is stopping (the finally clause still runs)
        except (_Fail, OSError):
            pass
        except MemoryError:
            # nothing to answer with: say so on the console, free everything
            print("WARNING:  out of memory: connection closed")
        except Exception as e:
            print_exception(e)
        finally:
            if c is not None:
                self._done(c, buf)
                if self.gc_budget:
                    if _alloc_since is None:
                        self.gc_debt += _GC_PER_CONN + nreq * _GC_PER_REQUEST
                        spent = self.gc_debt
                    else:
                        spent = _alloc_since()
                    # the client closed first (waiting for a request: _IDLE or
                    # _READING), nothing else open: collect before our FIN
                    if spent >= self.gc_budget and c.state < _BUSY and c.reason is None and not self.conns:
                        self.gc_debt = 0
                        _gc.collect()
            await _close(writer)

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
                mhs = self.mhs  # read once: an attribute read is a hash look-up
                if _type(data) is not _bytes or n > mhs or _len(self.conns) >= self.maxc:
                    continue
                r = parse_head(data, n, 0, self.mrl, mhs, self.mh)
                if _type(r) is not _tuple:
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
                # (hooks and HEAD: app._fast answers None itself)
                if app._ws_routes is not None and "upgrade" in headers:
                    continue
                out = app._fast(method, path, qs, ver, headers, body, client, flags & 1 and 1 < self.maxr)
                t = _type(out)
                if t is _bytes or out is None:
                    continue
                if t is _tuple:
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
        self._release(c)
        if buf is not None and len(self.bufs) < self.maxc and len(buf) == self.mhs:
            self.bufs.append(buf)

    # ---- the body memory budget (max_body_memory), shared by all connections
    def _hold(self, c, n):
        # -> whether n more bytes of body may be held
        if self.body_held + n > self.body_budget:
            return False
        self.body_held += n
        c.held += n
        return True

    def _release(self, c):
        self.body_held -= c.held
        c.held = 0

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
        log = self.access_log
        rt, kt, maxr = self.rt, self.kt, self.maxr
        # the module globals read on every request, as locals (a global is a
        # look-up in the module's dict)
        typ, tup, byt, size, parse, now_ms, add_ms = _type, _tuple, _bytes, _len, parse_head, ticks_ms, ticks_add
        sread = _sock_readinto
        # MicroPython's own Stream (device, twin): read and write its socket
        # directly on the keep-alive path; anything else (CPython's streams,
        # the test client's) through the reader and writer
        sock = writer.s if _Stream is not None and typ(writer) is _Stream and reader is writer else None
        queue_read = _core._io_queue.queue_read if sock is not None else None
        filled = 0
        nreq = 0
        while True:
            # ---- head
            idle = not filled
            c.state = _READING if filled else _IDLE
            c.since = now = now_ms()
            c.deadline = add_ms(now, rt if filled else kt)
            scanned = 0
            while True:
                if filled:
                    r = parse(buf, filled, scanned, mrl, mhs, mh)
                    if typ(r) is tup:
                        break
                    if r < 0:
                        await self._fail(c, reader, writer, -r, filled == mhs)
                    if not _TOK[buf[0]]:
                        # cannot start a request line (TLS hello, binary junk): answer now
                        await self._fail(c, reader, writer, 400)
                    scanned = r
                    if idle:
                        # part of a head came: read_timeout from now, and a
                        # timeout answers 408 (a whole head needs neither)
                        idle = False
                        c.state = _READING
                        c.deadline = add_ms(now_ms(), rt)
                b = mv[filled:] if filled else mv
                n = await (reader.readinto(b) if sock is None else sread(queue_read, sock, b))
                if n is None:
                    continue
                if not n:
                    return nreq
                filled += n
            consumed, method, path, qs, ver, headers, cl, flags = r
            if app._ws_routes is not None and "upgrade" in headers:
                # a WebSocket handshake for one of its routes: the connection
                # is the WebSocket's from here on (still counted in conns)
                from .websockets import upgrade

                c.state = _BUSY
                c.deadline = None
                if await upgrade(self, c, reader, writer, buf, consumed, filled, method, path, qs, ver, headers, client):
                    return nreq
            nreq += 1
            ka = flags & 1 and nreq < maxr
            t0 = now_ms() if log else 0
            # ---- body
            body = b""
            src = None
            if flags & 2 or (cl > 0 and filled - consumed < cl):
                # not all here yet: read it as it arrives (never sized by what the
                # client declares), within the body memory budget; or leave it to
                # the handler's request.stream() on routes that stream
                if self._streams(method, path, qs):
                    src = _BodySource(self, c, reader, writer, buf, mv, consumed, filled, cl, flags)
                elif flags & 2:
                    body, consumed, filled = await self._chunked(c, reader, writer, buf, mv, consumed, filled, flags)
                else:
                    if cl > self.mbs:
                        await self._fail(c, reader, writer, 413, True)
                    body = await self._read_length(c, reader, writer, buf, mv, consumed, filled, cl, flags)
                    consumed = filled = 0
            elif cl > 0:
                if cl > self.mbs:
                    await self._fail(c, reader, writer, 413, True)
                body = bytes(mv[consumed : consumed + cl])
                consumed += cl
            if src is None:
                rest = filled - consumed
                if rest:
                    buf[:rest] = bytes(mv[consumed:filled])
                filled = rest
            # ---- dispatch
            # (app._fast never yields: until this task waits, nobody sees the
            # connection's state, so the fast answer below sets it only if it waits)
            out = None if src is not None else app._fast(method, path, qs, ver, headers, body, client, ka)
            t = typ(out)
            if t is byt or t is tup:
                if t is byt and sock is not None and size(out) <= 4096 and not writer.out_buf:
                    # Stream.write(out), and drain() only if the socket did not
                    # take it all, without the Stream's call
                    n = sock.write(out)
                    if n != size(out):
                        writer.write(out[n:] if n else out)
                        c.state = _BUSY
                        c.deadline = add_ms(now_ms(), rt)
                        await writer.drain()
                else:
                    c.state = _BUSY
                    c.deadline = None
                    if t is byt:
                        if size(out) > 4096:
                            c.deadline = add_ms(now_ms(), rt)
                            await _write_big(writer, out)
                        else:
                            writer.write(out)
                    else:
                        writer.write(out[0])
                        writer.write(out[1])
                    # MicroPython's write() sends at once what the socket takes
                    # (it never waits); its drain() with nothing left only yields,
                    # and the next readinto() yields anyway
                    if _getattr(writer, "out_buf", 1):
                        c.deadline = add_ms(now_ms(), rt)
                        await writer.drain()
                if log:
                    self._log(client, method, path, qs, ver, int(out[9:12] if t is byt else out[0][9:12]), t0)
                if c.held:
                    self._release(c)
                if not ka:
                    c.state = _BUSY  # we close, not the client: no idle collection (handle())
                    return nreq
                continue
            c.state = _BUSY
            c.deadline = None
            if out is None:
                req = Request(app, method, path, qs, ver, headers, body, client)
                if src is not None:
                    req.body_source = src
                try:
                    out = await app.dispatch(req)
                except BaseException:
                    # cancelled (timeout, eviction, server stopping) mid-body:
                    # the request's uploads still go (dispatch() does it otherwise)
                    if req.cleanup is not None:
                        req.close()
                    raise
            elif not isinstance(out, Response):
                out = await out
            if src is not None:
                if src.done:
                    # what the client sent after the body stays for the next request
                    buf[: src.filled - src.pos] = bytes(mv[src.pos : src.filled])
                    filled = src.filled - src.pos
                else:
                    ka = False  # the handler left part of the body unread: close after the answer
            c.deadline = add_ms(now_ms(), self.rt)
            ok = await send(writer, out, method, ver, ka, headers, c, self.rt)
            if log:
                self._log(client, method, path, qs, ver, out.status_code, t0)
            self._release(c)
            if out.background is not None:
                # after the response's last byte, in this connection's task:
                # other connections are served meanwhile
                c.deadline = None
                await run_background(app, out)
            if not ok:
                return nreq

    def _streams(self, method, path, qs):
        # whether the route takes its body through request.stream() (route
        # keyword stream_body=True; models sets it for File/Form routes)
        try:
            route = self.app.find(method, path, qs)[0]
        except Exception:
            return False
        return route is not None and (getattr(route, "stream_body", False) or route.extra.get("stream_body", False))

    async def _read_length(self, c, reader, writer, buf, mv, pos, filled, cl, flags):
        # a Content-Length body, held as it arrives (each piece charged to the
        # budget first), never allocated at its declared size before the bytes
        # come: pieces of at most the buffer's size, joined once at the end
        # (one contiguous block, no chain of growing copies)
        avail = filled - pos
        if not self._hold(c, avail):
            await self._fail(c, reader, writer, 503, True)
        pieces = [bytes(mv[pos:filled])] if avail else []
        if flags & 4:
            writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            await writer.drain()
        got = avail
        mhs = self.mhs
        while got < cl:
            c.deadline = ticks_add(ticks_ms(), self.rt)
            want = cl - got
            n = await reader.readinto(mv[: want if want < mhs else mhs])
            if n is None:
                continue
            if not n:
                raise _Fail()
            if not self._hold(c, n):
                await self._fail(c, reader, writer, 503, True)
            pieces.append(bytes(mv[:n]))
            got += n
        try:
            return b"".join(pieces)
        except MemoryError:
            pieces = None
            await self._fail(c, reader, writer, 503, True)

    def _log(self, client, method, path, qs, ver, status, t0):
        # one line per request, as uvicorn writes it, with the time taken
        try:
            a = client_address(client)
            print('INFO:     {}:{} - "{} {}{}{} HTTP/1.{}" {} {}ms'.format(
                a[0], a[1], method, path, "?" if qs else "", qs, ver - 10, status, ticks_diff(ticks_ms(), t0)))
        except Exception:
            pass

    async def _chunked(self, c, reader, writer, buf, mv, pos, filled, flags):
        body = bytearray()
        mhs = self.mhs
        nchunks = 0
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
            nchunks += 1
            if len(body) + size > self.mbs or nchunks > self.max_chunks:
                # a cap on chunks too: each costs a parse, 1-byte chunks would
                # make a body cost seconds of CPU
                await self._fail(c, reader, writer, 413, True)
            if not self._hold(c, size):
                await self._fail(c, reader, writer, 503, True)
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


async def send(writer, res, method, ver, ka, req_headers=None, conn=None, rt=10000):
    # writes the response; returns whether the connection may stay open.
    # conn: the connection, whose deadline each piece of progress moves on
    # (rt ms from then): a long download or a slow feed is cut only when it
    # stalls, not because it takes long.
    kind = res.kind
    try:
        if kind == 1:
            return await _send_stream(writer, res, method, ver, ka, conn, rt)
        if kind == 2:
            return await _send_file(writer, res, method, ver, ka, req_headers, conn, rt)
        if kind == 3:  # a response that writes itself (sse.EventSourceResponse)
            return await res.write_to(writer, method, ver, ka, conn, rt)
        body = res.body
        head = res.head(ver, ka, len(body))
    except _HeadError as e:
        res, body, head = _error_500(e.e, ver, ka, method)
    except (OSError, CancelledError):
        raise
    except Exception as e:
        res, body, head = _error_500(e, ver, ka, method)
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


class _HeadError(Exception):
    # a response whose head cannot be written (bad header, status): nothing
    # has been sent yet, so a 500 still can be
    def __init__(self, e):
        self.e = e


def _error_500(e, ver, ka, method):
    print_exception(e)
    res = server_error()
    body = res.body
    return res, body, res.head(ver, ka, len(body))


def _head(res, ver, ka, length):
    try:
        return res.head(ver, ka, length)
    except Exception as e:
        raise _HeadError(e)


async def _write_big(writer, data, piece=2048):
    # MicroPython's Stream.write() keeps what the socket did not take as a
    # copy (buf[ret:], out_buf += buf): a 60 KB answer would need a second
    # 60 KB. Slices of a memoryview are copied a piece at a time at most.
    mv = memoryview(data)
    for i in range(0, len(mv), piece):
        writer.write(mv[i:i + piece])
        await writer.drain()


async def _send_stream(writer, res, method, ver, ka, conn=None, rt=10000):
    chunked = ver == 11
    if not chunked:
        ka = False
    g = res.stream
    try:
        writer.write(_head(res, ver, ka, -1 if chunked else None))
        if method == "HEAD":
            await writer.drain()
            return ka
        if not hasattr(g, "__anext__") and type(g) is not _GEN:
            g = iter(g)
        x = res.first
        while True:
            if x is None:
                x = await anext_chunk(g)
                if x is DONE:
                    break
            if isinstance(x, str):
                x = x.encode()
            if x:
                if chunked:
                    writer.write(b"%x\r\n" % len(x))
                    writer.write(x)
                    writer.write(b"\r\n")
                else:
                    writer.write(x)
                await writer.drain()
                if conn is not None:
                    conn.deadline = ticks_add(ticks_ms(), rt)
            x = None
    except _HeadError:
        raise
    except (OSError, CancelledError):
        raise  # the client went away, or the server stops: the finally closes g
    except Exception as e:
        print_exception(e)
        return False  # truncated: the client sees no final chunk
    finally:
        # on every way out, so that the generator's own finally runs (and
        # frees what it holds) even when the client disconnects mid-stream
        await aclose(res.stream)
    if chunked:
        writer.write(b"0\r\n\r\n")
    await writer.drain()
    return ka


def _g():
    yield


_GEN = type(_g())


def _regular(path):
    # the size of a regular file (following no symlink on CPython), or None
    import os

    if "\0" in path:
        return None  # MicroPython would cut the name at the NUL
    try:
        if CPY:
            st = os.lstat(path)
            return st.st_size if st.st_mode & 0o170000 == 0o100000 else None
        st = os.stat(path)
        return st[6] if st[0] & 0o170000 == 0o100000 else None
    except OSError:
        return None


async def _send_file(writer, res, method, ver, ka, h, conn=None, rt=10000):
    path = res.path
    f = None
    size = None
    if h is not None and _getattr(res, "gzip_sibling", True) and _accepts_gzip(h):
        # the .gz sibling, only when it is a regular file
        size = _regular(path + ".gz")
        if size is not None:
            try:
                f = open(path + ".gz", "rb")
                res.headers["content-encoding"] = "gzip"
                res.add_vary("Accept-Encoding")
            except OSError:
                f = None
    if f is None:
        size = _regular(path)
        try:
            if size is None:
                raise OSError
            f = open(path, "rb")
        except OSError:
            r = JSONResponse({"detail": "Not Found"}, 404)
            writer.write(r.head(ver, ka, len(r.body)) + r.body)
            await writer.drain()
            return ka
    try:
        writer.write(_head(res, ver, ka, size))
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
                if conn is not None:
                    conn.deadline = ticks_add(ticks_ms(), rt)
                left -= n
            if left:
                return False
        await writer.drain()
    finally:
        f.close()
    return ka


class _BodySource:
    # The body of a request.stream() route, read from the connection piece by
    # piece (bytes of at most the connection buffer's size) as the handler
    # asks: Content-Length or chunked. done: all of it read (then
    # buf[pos:filled] is what the client sent after it).
    def __init__(self, srv, c, reader, writer, buf, mv, pos, filled, cl, flags):
        self.srv = srv
        self.c = c
        self.reader = reader
        self.writer = writer
        self.buf = buf
        self.mv = mv
        self.pos = pos
        self.filled = filled
        self.chunked = flags & 2
        self.left = 0 if self.chunked else cl  # Content-Length: bytes still to give; chunked: of this chunk
        self.crlf = False  # chunked: a CRLF ends the chunk just given
        self.nchunks = 0
        self.sent100 = not (flags & 4) or filled > pos
        self.done = False

    async def _more(self):
        pos, filled = self.pos, self.filled
        buf, mv = self.buf, self.mv
        if pos:
            rest = filled - pos
            if rest:
                buf[:rest] = bytes(mv[pos:filled])
            self.pos = pos = 0
            self.filled = filled = rest
        if filled >= len(buf):
            raise ValueError("malformed chunked body")
        if not self.sent100:
            self.sent100 = True
            self.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            await self.writer.drain()
        c = self.c
        c.deadline = ticks_add(ticks_ms(), self.srv.rt)
        while True:
            n = await self.reader.readinto(mv[filled:])
            if n is None:
                continue
            if not n:
                raise OSError("client disconnected")
            self.filled = filled + n
            return

    async def read(self):
        # -> the next piece (bytes), b"" at the end
        if self.done:
            return b""
        if not self.chunked:
            if self.left <= 0:
                self.done = True
                return b""
            return await self._piece()
        while self.left == 0:
            if self.crlf:
                while self.filled - self.pos < 2:
                    await self._more()
                if self.buf[self.pos] != 13 or self.buf[self.pos + 1] != 10:
                    raise ValueError("malformed chunked body")
                self.pos += 2
                self.crlf = False
            r = parse_chunk(self.buf, self.pos, self.filled)
            if r == -1:
                await self._more()
                continue
            if type(r) is int:
                raise ValueError("malformed chunked body")
            size, self.pos = r
            if size == 0:
                # the trailer section: lines up to an empty one, dropped
                while True:
                    e = self.buf.find(b"\r\n", self.pos, self.filled)
                    if e < 0:
                        await self._more()
                        continue
                    empty = e == self.pos
                    self.pos = e + 2
                    if empty:
                        self.done = True
                        return b""
            self.nchunks += 1
            if self.nchunks > self.srv.max_chunks and size < 1024:
                # many small chunks: per-chunk work adds up (a large chunk count
                # of large chunks is a large body, which a stream may take)
                raise ValueError("too many small chunks")
            self.left = size
        piece = await self._piece()
        if self.left == 0:
            self.crlf = True
        return piece

    async def _piece(self):
        # what is buffered (or, with nothing, what arrives next) of the
        # `left` bytes still due: the body's, or the current chunk's
        if self.pos == self.filled:
            await self._more()
        take = self.filled - self.pos
        if take > self.left:
            take = self.left
        piece = bytes(self.mv[self.pos : self.pos + take])
        self.pos += take
        self.left -= take
        return piece


def _listen(host, port, backlog):
    # MicroPython: the listening socket, ours to close on every way out
    import socket

    ai = socket.getaddrinfo(host, port)[0]
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(ai[-1])
        s.listen(backlog)
        s.setblocking(False)
    except BaseException:
        s.close()
        raise
    return s


async def _accept(srv, s):
    # MicroPython's asyncio.start_server, with what it lacks: an allocation
    # failure while a connection is being set up closes that socket (after a
    # 503 written without allocating) and the listener goes on
    from asyncio import core
    from asyncio.stream import Stream

    while True:
        yield core._io_queue.queue_read(s)
        try:
            s2, addr = s.accept()
        except OSError:
            continue
        try:
            s2.setblocking(False)
            st = Stream(s2, {"peername": addr})
            core.create_task(srv.handle(st, st, addr))
        except MemoryError:
            try:
                s2.send(srv.busy)
            except BaseException:
                pass
            s2.close()


async def serve(app, host="0.0.0.0", port=8000, limits=None, access_log=False, ready=None):
    # the app's lifespan (lifespan=, on_event) runs first: what it starts
    # (a sensor task...) runs beside the server; its shutdown runs when
    # serving ends (cancelled, Ctrl-C, an error)
    await app.startup()
    try:
        await _serve(app, host, port, limits, access_log, ready)
    finally:
        await app.shutdown()


async def _serve(app, host, port, limits, access_log, ready):
    s = Server(app, limits)
    s.access_log = access_log
    app._server = s
    # the connections' buffers, all now, side by side: pooled buffers made
    # one by one as connections come stay for good wherever they land, and
    # leave the heap in pieces too small for a body
    s.bufs = [bytearray(s.mhs) for _ in range(s.maxc)]
    if not CPY:
        _gc.collect()
        s.gc_budget = _gc.mem_free() * 2 // 3
    bl = s.maxc + 2
    lsock = None
    if CPY:

        async def cb(r, w):
            await s.handle(CPyReader(r), w)

        srv = await asyncio.start_server(cb, host, port, backlog=bl, reuse_address=True)
    else:
        lsock = _listen(host, port, bl)
        srv = None
    app._listener = srv if srv is not None else lsock
    if ready is not None:
        ready()
    reaper = asyncio.create_task(s.reaper())
    from . import wifi

    watch = asyncio.create_task(wifi._active.watch()) if wifi._active is not None else None
    try:
        if CPY:
            async with srv:
                await srv.serve_forever()
        else:
            await _accept(s, lsock)
    finally:
        reaper.cancel()
        if watch is not None:
            watch.cancel()
        _shutdown(s, lsock)


def _shutdown(s, lsock):
    # close the listener and every connection, on every way out (Ctrl-C
    # included): app.run() can bind the port again at once
    if lsock is not None:
        try:
            lsock.close()
        except OSError:
            pass
    for c in list(s.conns):
        w = c.writer
        if w is not None:
            try:
                w.close()
            except BaseException:
                pass


def run(app, host="0.0.0.0", port=8000, limits=None, access_log=True):
    import errno

    try:
        import os

        port = int(os.getenv("MFA_PORT") or port)
        host = os.getenv("MFA_HOST") or host
    except (ImportError, AttributeError):
        pass
    app.port = port

    def ready():
        # only once the port is ours
        print("MicroFastApi running on " + app.url(host, port) + " (Ctrl-C to stop)")

    main = serve(app, host, port, limits, access_log, ready)
    try:
        asyncio.run(main)
    except KeyboardInterrupt:
        pass
    except OSError as e:
        if e.args and e.args[0] == errno.EADDRINUSE:
            msg = "error: port {} is in use (stop the other server, or pick another port)".format(port)
            if sys.platform in ("rp2", "esp32", "esp8266"):
                print(msg)
                return
            sys.stderr.write(msg + "\n")
            sys.exit(1)
        raise
    finally:
        # MicroPython: KeyboardInterrupt lands in the scheduler, not in the
        # task, so serve()'s finally may not have run: close what it holds
        if app._server is not None:
            _shutdown(app._server, None if CPY else getattr(app, "_listener", None))
        if not CPY:
            asyncio.new_event_loop()
