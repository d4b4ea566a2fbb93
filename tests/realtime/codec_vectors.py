# Runs on CPython and on the twin (MicroPython): the codec's answers for a set
# of inputs, printed as one JSON line that the test compares with CPython's
# own strict UTF-8 decoder and with the RFC's examples.
import json
from microfastapi.websockets import (
    accept_key, check_handshake, mask, _utf8_ok, frame_head, close_payload, parse_close, _Fail,
    ws_unmask, ws_frame, _NOKEY,
)
from microfastapi.sse import format_sse_event, ServerSentEvent, encode

UTF8 = [b"", b"hello", b"\xc3\xa9", b"\xe2\x82\xac", b"\xf0\x9d\x84\x9e", b"\xf4\x8f\xbf\xbf",
        b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x80\xaf", b"\xe0\x9f\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf",
        b"\xed\x9f\xbf", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\xfe",
        b"\x80", b"\xbf", b"\xe2\x82", b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", b"ab\xed\xa0\x80cd",
        b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited", b"a\xf0\x9d\x84\x9e\xc3"]
out = {}
out["utf8"] = [None if _utf8_ok(b) is None else list(b) for b in UTF8]
# the C module's check on the twin (the Python one on CPython), and unmasking
out["utf8_unmask"] = [None if ws_unmask(b, _NOKEY, True) is None else list(b) for b in UTF8]
out["unmask"] = [ws_unmask(mask(b"Hello", b"\x37\xfa\x21\x3d"), b"\x37\xfa\x21\x3d", True),
                 list(ws_unmask(mask(bytes(range(256)) * 2, b"abcd"), b"abcd", False)) == list(range(256)) * 2]
out["frames"] = [list(ws_frame(1, "h\u00e9")), list(ws_frame(2, b"x" * 200)[:4]), len(ws_frame(2, b"x" * 70000)),
                 list(ws_frame(8, b"\x03\xe8"))]
out["accept"] = accept_key("dGhlIHNhbXBsZSBub25jZQ==")
key = b"\x37\xfa\x21\x3d"
out["mask"] = list(mask(b"Hello", key))
big = bytes(range(256)) * 5
out["mask_roundtrip"] = mask(mask(big, key), key) == big and mask(b"", key) == b""
out["heads"] = [list(frame_head(1, n)) for n in (0, 5, 125, 126, 65535, 65536)]
out["close"] = list(close_payload(1000, "bye")) + list(close_payload(1011)[:2])
long = close_payload(1000, "\u00e9" * 100)  # 200 bytes of reason: cut to <= 123, whole characters
out["close_long"] = [len(long), long[2:].decode() == "\u00e9" * 61]
pc = []
for p in (b"", b"\x03\xe8", b"\x0f\xa0hi", b"\x03", b"\x03\xec", b"\x03\xe8\xff", b"\x00\x00", b"\x13\x88"):
    try:
        pc.append(list(parse_close(p)))
    except _Fail as e:
        pc.append(e.code)
out["parse_close"] = pc
H = {"upgrade": "websocket", "connection": "keep-alive, Upgrade", "sec-websocket-version": "13",
     "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ=="}
hs = []
for change in ({}, {"upgrade": "h2c"}, {"connection": "keep-alive"}, {"sec-websocket-version": "8"},
               {"sec-websocket-key": "short"}, {"sec-websocket-key": "!!!!!!!!!!!!!!!!!!!!!!=="}, {"upgrade": "WebSocket"}):
    h = dict(H)
    h.update(change)
    r = check_handshake("GET", 11, h)
    hs.append(None if r is None else r[0])
hs.append(check_handshake("POST", 11, H)[0])
hs.append(check_handshake("GET", 10, H)[0])
out["handshake"] = hs
out["sse"] = [
    format_sse_event("a\nb\r\nc", "tick", "7", 100, "hi").decode(),
    encode(ServerSentEvent(data={"n": 1}, id="1")).decode(),
    encode(ServerSentEvent(raw_data="plain text", event="log")).decode(),
    encode(ServerSentEvent(comment="keep")).decode(),
    encode([1, "x"]).decode(),
]
bad = []
for kw in ({"data": 1, "raw_data": "x"}, {"event": "a\nb"}, {"id": "a\0"}, {"id": "1\r"}, {"retry": -1}):
    try:
        ServerSentEvent(**kw)
        bad.append(False)
    except ValueError:
        bad.append(True)
out["sse_bad"] = bad
print("VECTORS " + json.dumps(out))
