# The synchronous fast path (app._fast through Server.handle_bytes, what the
# server's connection loop and TestClient.raw use) against the reference path
# (Request -> app.dispatch -> server.send), byte for byte, on every behaviour
# case, for full_app without its before/after hooks (with them the fast path
# steps aside). One mode per process, so that handler state starts fresh.
# argv: path of tests/framework, "fast" or "ref". Runs on CPython and the twin.
import sys
import json
import asyncio
from binascii import hexlify

HERE = sys.argv[1] if len(sys.argv) > 1 else "."
MODE = sys.argv[2] if len(sys.argv) > 2 else "fast"
sys.path.append(HERE)
sys.path.append(HERE + "/apps")
from cases import CASES  # noqa: E402
from full_app import app  # noqa: E402
from microfastapi._parser import parse_head  # noqa: E402
from microfastapi.requests import Request  # noqa: E402
from microfastapi.server import Server, send  # noqa: E402
from microfastapi.testing import MemoryStream, TestClient  # noqa: E402

PEER = ("testclient", 50000)
app._before = []
app._after = []


def raw_request(method, path, headers, body, version="1.1", conn=None):
    h = {"host": "testserver"}
    for k in headers or {}:
        h[k.lower()] = headers[k]
    b = (body or "").encode()
    if b or method in ("POST", "PUT", "PATCH"):
        h["content-length"] = str(len(b))
    if conn:
        h["connection"] = conn
    return (method + " " + path + " HTTP/" + version + "\r\n" + "".join(k + ": " + h[k] + "\r\n" for k in h)
            + "\r\n").encode() + b


async def reference(server, raw):
    r = parse_head(raw, len(raw), 0, server.mrl, server.mhs, server.mh)
    consumed, method, path, qs, ver, headers, cl, flags = r
    body = raw[consumed:consumed + cl] if cl > 0 else b""
    res = await app.dispatch(Request(app, method, path, qs, ver, headers, body, PEER))
    w = MemoryStream()  # (the writer half)
    await send(w, res, method, ver, flags & 1 and 1 < server.maxr, headers)
    return b"".join(w.out)


def run():
    c = TestClient(app)
    s = c.server
    out = {}
    taken = 0
    for cid, method, path, headers, body, exp in CASES:
        for v, conn in (("1.1", None), ("1.1", "close"), ("1.0", None), ("1.0", "keep-alive")):
            raw = raw_request(method, path, headers, body, v, conn)
            if MODE == "fast":
                got = s.handle_bytes(raw, PEER)
                if got is not None:
                    taken += 1
                else:
                    got = c.raw(raw)
            else:
                r = parse_head(raw, len(raw), 0, s.mrl, s.mhs, s.mh)
                if type(r) is not tuple:
                    got = c.raw(raw)
                else:
                    got = asyncio.run(reference(s, raw))
            out[cid + "/" + v + "/" + str(conn)] = hexlify(got).decode()
    return out, taken


if __name__ == "__main__":
    o, taken = run()
    print("RESULT " + json.dumps({"out": o, "taken": taken}))
