# Runs on the host twin (MicroPython), started by bench/bench_parse.py with
# REQS (name -> request bytes), PARSER_PY and MICRODOT_DIR defined in front.
# Prints one line per (request, parser): "name parser microseconds".
import gc
import sys
import time

sys.path.insert(0, MICRODOT_DIR)

import _microfastapi as C

with open(PARSER_PY) as _f:
    _src = _f.read().replace("from _microfastapi import", "from _microfastapi_hidden_for_bench import")
P = {"__name__": "fallback"}
exec(_src, P)
assert not P["ACCELERATED"]

from microdot import Request


def make_parse(ph, pqs):
    # what the framework does per request: the head, the query, the body slice
    def parse(buf):
        r = ph(buf, len(buf), 0, 2048, 8192, 32)
        q = pqs(r[3]) if r[3] else {}
        cl = r[6]
        body = buf[r[0]:r[0] + cl] if cl > 0 else b""
        return r, q, body
    return parse


class Stream:
    # just enough of asyncio.StreamReader for Request.create; never suspends
    def __init__(self, data):
        self.data = data
        self.pos = 0

    async def readline(self):
        i = self.data.find(b"\n", self.pos)
        i = len(self.data) if i < 0 else i + 1
        line = self.data[self.pos:i]
        self.pos = i
        return line

    async def readexactly(self, n):
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    async def read(self, n=-1):
        return await self.readexactly(n)


def microdot_parse(buf):
    coro = Request.create(None, Stream(buf), None, ("127.0.0.1", 1234))
    try:
        coro.send(None)
    except StopIteration as e:
        return e.value
    raise RuntimeError("Request.create suspended")


PARSERS = [
    ("c", make_parse(C.parse_head, C.parse_qs)),
    ("python", make_parse(P["parse_head"], P["parse_qs"])),
    ("microdot", microdot_parse),
]


def bench(fn, buf, n):
    # best of ROUNDS: the host is shared, the minimum is the least disturbed
    best = None
    for _ in range(ROUNDS):
        gc.collect()
        t0 = time.ticks_us()
        for _ in range(n):
            fn(buf)
        dt = time.ticks_diff(time.ticks_us(), t0)
        best = dt if best is None or dt < best else best
    return best / n


for name in sorted(REQS):
    buf = REQS[name]
    # sanity: all three see the same request
    r = PARSERS[0][1](buf)[0]
    m = microdot_parse(buf)
    assert m.method == r[1] and m.path == r[2], (m.method, m.path, r[:3])
    assert m.headers["Host"] == r[5]["host"]
    if r[6] > 0:
        assert m.body == buf[r[0]:], "microdot body differs"
    for pname, fn in PARSERS:
        print(name, pname, "%.2f" % bench(fn, buf, N))
