# Server-Sent Events the way FastAPI writes them (fastapi.sse): a path
# operation with response_class=EventSourceResponse that yields items; each
# item becomes one event on a text/event-stream. A ServerSentEvent sets the
# fields (data, raw_data, event, id, retry, comment); any other item is sent
# as JSON in `data:`. While the generator is idle for _PING_INTERVAL seconds a
# comment (": ping") keeps proxies and the browser's EventSource from giving
# up. A browser reconnects on its own and sends the last `id:` it saw in the
# Last-Event-ID header: declare `last_event_id: ... = Header(None)` to resume.
# An item None is `data: null`, as FastAPI sends it, on every runtime (on
# MicroPython asyncgen.anext_chunk tells it from an await).
import asyncio
from . import responses
from .responses import StreamingResponse
from ._compat import deadline, print_exception
from .asyncgen import anext_chunk, aclose, DONE

# Keep-alive comment, per the SSE spec recommendation
KEEPALIVE_COMMENT = b": ping\n\n"
# Seconds between keep-alive pings when a generator is idle (tests may change it)
_PING_INTERVAL = 15.0


def _single_line(v, name):
    if v is not None:
        v = str(v)
        if "\r" in v or "\n" in v:
            raise ValueError("SSE '{}' must be a single line".format(name))
    return v


class ServerSentEvent:
    def __init__(self, data=None, raw_data=None, event=None, id=None, retry=None, comment=None):
        if data is not None and raw_data is not None:
            raise ValueError("Cannot set both 'data' and 'raw_data' on the same ServerSentEvent. "
                             "Use 'data' for JSON-serialized payloads or 'raw_data' for pre-formatted strings.")
        if id is not None and "\0" in str(id):
            raise ValueError("SSE 'id' must not contain null characters")
        if retry is not None and (type(retry) is not int or retry < 0):
            raise ValueError("SSE 'retry' must be an integer >= 0")
        self.data = data
        self.raw_data = raw_data
        self.event = _single_line(event, "event")
        self.id = _single_line(id, "id")
        self.retry = retry
        self.comment = comment

    def __repr__(self):
        return "ServerSentEvent(event={!r}, id={!r})".format(self.event, self.id)


def _lines(v):
    # split on the SSE line terminators (\r\n, \r, \n), keeping empty lines
    return v.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def format_sse_event(data_str=None, event=None, id=None, retry=None, comment=None):
    # the wire form of one event, ending with the blank line that dispatches it
    out = []
    if comment is not None:
        for ln in _lines(comment):
            out.append(": " + ln)
    if event is not None:
        out.append("event: " + event)
    if data_str is not None:
        for ln in _lines(data_str):
            out.append("data: " + ln)
    if id is not None:
        out.append("id: " + id)
    if retry is not None:
        out.append("retry: " + str(retry))
    out.append("")
    out.append("")
    return "\n".join(out).encode()


def _json(obj):
    # a model's own JSON (BaseModel), else json.dumps of the value
    f = getattr(obj, "model_dump_json", None)
    if f is not None:
        return f()
    f = getattr(obj, "model_dump", None)
    if f is not None:
        obj = f()
    return responses.json_dumps(obj)


def encode(item):
    # one generator item -> the bytes of its event
    if isinstance(item, ServerSentEvent):
        if item.raw_data is not None:
            d = item.raw_data
        elif item.data is not None:
            d = _json(item.data)
        else:
            d = None
        return format_sse_event(d, item.event, item.id, item.retry, item.comment)
    if isinstance(item, (bytes, bytearray)):
        return bytes(item)  # already in the wire format
    return format_sse_event(_json(item))


class EventSourceResponse(StreamingResponse):
    # text/event-stream from a generator (sync or async) of events. The
    # response writes itself (kind 3): the keep-alive pings go out between
    # events while the generator waits.
    media_type = "text/event-stream"
    kind = 3

    def __init__(self, content, status_code=200, headers=None, media_type=None, ping=None):
        StreamingResponse.__init__(self, content, status_code, headers, None, media_type or self.media_type)
        self.headers.setdefault("cache-control", "no-cache")
        self.headers.setdefault("x-accel-buffering", "no")
        self.ping = _PING_INTERVAL if ping is None else ping

    async def write_to(self, writer, method, ver, ka, conn=None, rt=10000):
        # -> whether the connection may stay open (it may after the stream ends).
        # conn: the server's connection record. An event stream may be idle
        # for as long as it likes (the pings show it is alive); only a write
        # that makes no progress for rt ms ends it.
        chunked = ver == 11
        if not chunked:
            ka = False
        writer.write(self.head(ver, ka, -1 if chunked else None))
        if method == "HEAD":
            await writer.drain()
            return ka
        self._ticks = 0  # events written, for the pinger
        self._conn = conn
        self._rt = rt
        pinger = asyncio.create_task(self._pinger(writer, chunked)) if self.ping else None
        g = self.stream
        try:
            if self.first is not None:
                await self._emit(writer, chunked, encode(self.first))
            while True:
                # asyncgen: CPython async generators, sync iterators, and
                # MicroPython's generators that mix awaits with values
                if conn is not None:
                    conn.deadline = None
                item = await anext_chunk(g)
                if item is DONE:
                    break
                await self._emit(writer, chunked, encode(item))
        except OSError:
            return False  # the client went away: the usual end of an endless stream
        except Exception as e:
            print_exception(e)
            return False  # truncated: no final chunk
        finally:
            if pinger is not None:
                pinger.cancel()
            await aclose(g)
        if chunked:
            writer.write(b"0\r\n\r\n")
        await writer.drain()
        return ka

    async def _emit(self, writer, chunked, b):
        if chunked:
            writer.write(b"%x\r\n%s\r\n" % (len(b), b))
        else:
            writer.write(b)
        self._ticks += 1
        c = self._conn
        if c is not None:
            c.deadline = deadline(self._rt)
        await writer.drain()

    async def _pinger(self, writer, chunked):
        # a comment when no event went out for `ping` seconds; write() only,
        # never drain(): the pump's next drain sends what the socket did not take
        ping = b"%x\r\n%s\r\n" % (len(KEEPALIVE_COMMENT), KEEPALIVE_COMMENT) if chunked else KEEPALIVE_COMMENT
        seen = -1
        while True:
            await asyncio.sleep(self.ping)
            if self._ticks == seen:
                try:
                    writer.write(ping)
                except OSError:
                    return
            seen = self._ticks
