#!/usr/bin/env python3
"""WebSocket benchmark on the emulated Pico W (not a test): MicroFastApi's
WebSocket against Microdot 2.7's, in the same emulator run.

Each framework's own connection handler serves a WebSocket echo over an
in-memory stream: the handshake, N masked text messages from the client, a
close. Cycles per echoed message = (run with 201 messages - run with 1) / 200,
from the emulated clock (ticks_us x 125 at 125 MHz); messages per second is
125 MHz / that (the CPU's share: no radio, no TCP). The message is a 32-byte
text, as a sensor reading would be.

    make bench-ws-target    (or: python3 bench/bench_ws_target.py [image.uf2] [--src modules/microfastapi])
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
import emu  # noqa: E402
from bench_target import TIMER, run_bench, microdot_source, source_steps  # noqa: E402

MSG = b'{"t": 21.5, "unit": "C", "n": 1}'
assert len(MSG) == 32
KEY = b"\x12\x34\x56\x78"


def client_frame(op, payload):
    masked = bytes(c ^ KEY[i % 4] for i, c in enumerate(payload))
    return bytes([0x80 | op, 0x80 | len(payload)]) + KEY + masked


HANDSHAKE = (b"GET /ws HTTP/1.1\r\nHost: 192.168.1.50\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
FRAME = client_frame(1, MSG)
CLOSE = client_frame(8, b"\x03\xe8")

COMMON = r'''
import time, gc, asyncio
HS = {hs!r}
FRAME = {frame!r}
CLOSE = {close!r}
ECHO = {echo!r}
class Mem:
    # the client's bytes in (the handshake, n frames, a close: read piecewise,
    # nothing large allocated), the server's out (counted, checked, not kept)
    out_buf = b""  # as MicroPython's Stream: write() sent it all, nothing to drain
    def __init__(self, n):
        self.left = n; self.cur = HS; self.pos = 0; self.n = 0; self.echoes = 0
    def _part(self):
        while self.pos == len(self.cur):
            if self.cur is CLOSE or self.cur is None:
                self.cur = None
                return None
            self.pos = 0
            if self.left:
                self.left -= 1; self.cur = FRAME
            else:
                self.cur = CLOSE
        return self.cur
    async def readinto(self, mv):
        c = self._part()
        if c is None: return 0
        n = min(len(mv), len(c) - self.pos)
        mv[:n] = c[self.pos:self.pos + n]; self.pos += n
        return n
    async def read(self, n=-1):
        c = self._part()
        if c is None: return b""
        e = len(c) if n < 0 else min(len(c), self.pos + n)
        s = c[self.pos:e]; self.pos = e
        return s
    async def readexactly(self, n):
        out = b""
        while len(out) < n:
            s = await self.read(n - len(out))
            if not s: break
            out += s
        return out
    async def readline(self):
        c = self._part()
        j = c.find(b"\n", self.pos) + 1
        s = c[self.pos:j]; self.pos = j; return s
    def write(self, b):
        self.n += len(b)
        if b == ECHO: self.echoes += 1
    async def awrite(self, b): self.write(b)
    async def drain(self): pass
    def close(self): pass
    async def aclose(self): pass
    async def wait_closed(self): pass
    def get_extra_info(self, k): return ("127.0.0.1", 1)
def session(n, run):
    m = Mem(n)
    t0 = time.ticks_us()
    run(m)
    dt = time.ticks_diff(time.ticks_us(), t0)
    assert m.echoes == n, (m.echoes, n)
    return dt
def report(name, run):
    session(1, run); gc.collect()
    t1 = min(session(1, run) for _ in range(3))
    gc.collect()
    t201 = session(201, run)
    per = (t201 - t1) * 125 // 200
    print("BENCH", name + "_per_message", per)
    print("BENCH", name + "_handshake_session", t1 * 125)
    gc.collect()
    f0 = gc.mem_free()
    session(201, run)
    gc.collect()
    print("BENCH", name + "_heap_lost", f0 - gc.mem_free())
'''

MFA = r'''
from microfastapi import MicroFastApi
from microfastapi.server import Server
app = MicroFastApi()
@app.websocket("/ws")
async def echo(websocket):
    await websocket.accept()
    while True:
        await websocket.send_text(await websocket.receive_text())
srv = Server(app)
def run(m):
    asyncio.run(srv.handle(m, m))
report("mfa", run)
'''

MICRODOT = r'''
from microdot import Microdot
from microdot.websocket import with_websocket
mapp = Microdot()
@mapp.route("/ws")
@with_websocket
async def echo(request, ws):
    while True:
        await ws.send(await ws.receive())
def run(m):
    asyncio.run(mapp.handle_request(m, m))
report("md", run)
'''


def microdot_package():
    """microdot 2.7.0's package files (pip download, cached as bench_target does)."""
    src = microdot_source()  # makes sure the sdist is in the cache
    cache = os.path.join(ROOT, "firmware", "build", "bench", "microdot-2.7.0")
    import tarfile
    tgz = [f for f in os.listdir(cache) if f.endswith(".tar.gz")][0]
    out = {"/microdot/microdot.py": src}
    with tarfile.open(os.path.join(cache, tgz)) as t:
        for m in t.getmembers():
            for f in ("__init__.py", "websocket.py", "helpers.py"):
                if m.name.endswith("src/microdot/" + f):
                    out["/microdot/" + f] = t.extractfile(m).read()
    assert len(out) == 4, sorted(out)
    return out


def main():
    args = sys.argv[1:]
    echo = bytes([0x81, len(MSG)]) + MSG
    common = COMMON.format(hs=HANDSHAKE, frame=FRAME, close=CLOSE, echo=echo)
    steps = [emu.exec_step(TIMER)]
    steps += source_steps(args)
    image = args[0] if args else None
    steps.append(emu.exec_step(common + MFA))
    steps.append(emu.exec_step("import os\ntry:\n    os.mkdir('/microdot')\nexcept OSError:\n    pass\n"))
    for path, data in sorted(microdot_package().items()):
        steps.append(emu.put_step(path, data))
    steps += [{"soft_reset": "raw"}, emu.exec_step(TIMER), emu.exec_step(common + MICRODOT)]
    res, _ = run_bench(steps, image=image, timeout=1800)
    print("WebSocket echo on the emulated Pico W (RP2040 cycles at 125 MHz; in-memory stream, 32-byte text)")
    for k, label in (("per_message", "cycles per echoed message"), ("handshake_session", "handshake + 1 message + close"),
                     ("heap_lost", "heap not returned after 201 messages (bytes)")):
        m, d = res.get("mfa_" + k), res.get("md_" + k)
        line = "  {:<46} microfastapi {:>10}   microdot {:>10}".format(label, "-" if m is None else "{:,}".format(m),
                                                                       "-" if d is None else "{:,}".format(d))
        if k != "heap_lost" and m and d:
            line += "   microdot/mfa {:.2f}x".format(d / m)
        print(line)
    for n in ("mfa", "md"):
        v = res.get(n + "_per_message")
        if v:
            print("  {} messages per second (CPU only): {:,.0f}".format(n, 125e6 / v))
    import json
    print(json.dumps(res, sort_keys=True))


if __name__ == "__main__":
    main()
