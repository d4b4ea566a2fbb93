"""The clients the WebSocket / SSE tests share, whoever serves apps/rt_app.py
(CPython or the twin on 127.0.0.1: test_ws_server.py; the emulated Pico W
over its emulated Wi-Fi: test_wifi_ws.py): a raw-socket handshake and frame
builder for hostile frames (HOSTILE: each with the close code RFC 6455 asks
for), the `websockets` library's echo loops, SSE bodies read with httpx, and
what the page /page reports from headless Chromium."""
import base64
import os
import socket
import struct

import httpx


# ---- raw sockets
def handshake(host, port, path="/echo", timeout=5):
    """A TCP connection upgraded to a WebSocket by hand (the 101 read)."""
    s = socket.create_connection((host, port), timeout=timeout)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET {} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\n\r\n").format(path, key).encode())
    h = b""
    while b"\r\n\r\n" not in h:
        c = s.recv(1)
        assert c, h
        h += c
    assert h.startswith(b"HTTP/1.1 101 "), h
    return s


def frame(op, payload, fin=True, masked=True, rsv=0, length=None):
    """A client frame; length: the length to declare (default: the payload's)."""
    n = len(payload) if length is None else length
    b0 = (0x80 if fin else 0) | rsv | op
    m = 0x80 if masked else 0
    if n < 126:
        h = bytes([b0, m | n])
    elif n < 65536:
        h = bytes([b0, m | 126]) + struct.pack(">H", n)
    else:
        h = bytes([b0, m | 127]) + struct.pack(">Q", n)
    if masked:
        k = os.urandom(4)
        payload = bytes(c ^ k[i % 4] for i, c in enumerate(payload))
        h += k
    return h + payload


def frames_of(data):
    """The server's frames in `data`: [(opcode, payload)]; none may be masked."""
    out, i = [], 0
    while i + 2 <= len(data):
        assert not data[i + 1] & 0x80, "the server masked a frame"
        n, j = data[i + 1] & 127, i + 2
        if n == 126:
            n, j = struct.unpack(">H", data[j:j + 2])[0], j + 2
        elif n == 127:
            n, j = struct.unpack(">Q", data[j:j + 8])[0], j + 8
        out.append((data[i] & 15, data[j:j + n]))
        i = j + n
    return out


def close_code(s):
    """The code of the server's close frame (1005: one without a code; None:
    the TCP connection ended without one), reading until the server ends it."""
    data = b""
    while True:
        try:
            d = s.recv(65536)
        except socket.timeout:
            raise AssertionError("no close from the server within the time-out: %r" % data[:100])
        except ConnectionResetError:
            break
        if not d:
            break
        data += d
    for op, payload in frames_of(data):
        if op == 8:
            return struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
    return None


def send_frames(s, frames):
    for f in frames:
        try:
            s.sendall(f)
        except OSError:  # the server may close before the last one
            break


HOSTILE = {
    "unmasked client frame": ([frame(1, b"hi", masked=False)], 1002),
    "opcode 3": ([frame(3, b"")], 1002),
    "opcode 11": ([frame(11, b"")], 1002),
    "reserved bit": ([frame(1, b"hi", rsv=0x40)], 1002),
    "frame over ws_max_size (16-bit length)": ([frame(2, b"", length=20000)], 1009),
    "frame over ws_max_size (64-bit length)": ([frame(2, b"x" * 70000)], 1009),
    "length with the top bit set": ([bytes([0x82, 0xFF]) + b"\xff" * 8 + b"\0" * 4], 1002),
    "fragments over ws_max_size": ([frame(2, b"x" * 9000, fin=False), frame(0, b"x" * 9000)], 1009),
    "overlong UTF-8": ([frame(1, b"\xc0\xaf")], 1007),
    "UTF-16 surrogate": ([frame(1, b"ab\xed\xa0\x80")], 1007),
    "code point over U+10FFFF": ([frame(1, b"\xf4\x90\x80\x80")], 1007),
    "truncated UTF-8": ([frame(1, b"\xe2\x82")], 1007),
    "invalid UTF-8 across fragments": ([frame(1, b"\xe2\x82", fin=False), frame(0, b"\xff")], 1007),
    "continuation without a start": ([frame(0, b"x")], 1002),
    "new message inside a fragmented one": ([frame(1, b"x", fin=False), frame(1, b"y")], 1002),
    "control frame over 125 bytes": ([frame(9, b"x" * 126)], 1002),
    "fragmented control frame": ([frame(9, b"x", fin=False)], 1002),
    "close payload of one byte": ([frame(8, b"\x03")], 1002),
    "close code 1004 (reserved)": ([frame(8, b"\x03\xec")], 1002),
    "close reason not UTF-8": ([frame(8, b"\x03\xe8\xff")], 1007),
    "close during a fragmented message": ([frame(1, b"abc", fin=False), frame(8, b"\x03\xe8")], 1000),
    "ping during a fragmented message, then close": ([frame(1, b"a", fin=False), frame(9, b"p"), frame(0, b"b"),
                                                     frame(8, b"\x0f\xa0")], 4000),
    "close without a code": ([frame(8, b"")], 1000),
}


# ---- the websockets library: rt_app's /echo, for the heap tests
async def echo_messages(ws_base, n, open_timeout=10):
    """n messages of varying length over one connection, each echoed."""
    import websockets

    async with websockets.connect(ws_base + "/echo", open_timeout=open_timeout) as ws:
        for i in range(n):
            m = "message %d " % i + "x" * (i % 200)
            await ws.send(m)
            assert await ws.recv() == m


async def echo_connections(ws_base, n, open_timeout=10):
    """n connections one after the other, one echoed message each."""
    import websockets

    for i in range(n):
        async with websockets.connect(ws_base + "/echo", open_timeout=open_timeout) as ws:
            await ws.send("hi %d" % i)
            assert await ws.recv() == "hi %d" % i


# ---- Server-Sent Events
def sse_body(base, path, headers=None, timeout=5):
    """An SSE stream's whole body (the stream ends), its headers checked."""
    with httpx.Client(base_url=base, timeout=timeout) as c:
        with c.stream("GET", path, headers=headers or {}) as r:
            assert r.status_code == 200
            assert r.headers["content-type"] == "text/event-stream"
            assert r.headers["cache-control"] == "no-cache"
            return r.read().decode()


# what rt_app's /none-events and /none-log send: FastAPI's answer
# (test_ws_server.py::test_sse_none_items_as_fastapi checks it with FastAPI)
NONE_ITEMS = {"/none-events": "data: null\n\ndata: null\n\nevent: empty\n\ndata: 0\n\n",
              "/none-log": 'data: null\n\ndata: "x"\n\n'}


# ---- headless Chromium
def check_page_result(r):
    """What rt_app's /page reports (its script's R, as JSON): the browser's
    WebSocket echoed 4 messages (a 16,000-character one among them) and closed
    with 4001; its EventSource reconnected by itself and resumed after the
    last id it saw (Last-Event-ID)."""
    assert r["ws"] == ["hello/5", "h\u00e9llo \u2713 \U0001d11e/10", "bin 1,2,3", "xxxxxxxxxxxx/16000"]
    assert r["wsclose"][0] == 4001 and r["wsclose"][2] is True
    assert r["sse"] == [0, 1, 2, 3, 4, 5]
    assert r["ids"][3] == ["3", "2"] and r["ids"][0] == ["0", None]
