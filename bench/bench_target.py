#!/usr/bin/env python3
"""On-target benchmark (not a test): the Pico W image in rp2040js with the
project's emulation ROM. Reports RP2040 cycles measured with the emulated
clock (time.ticks_us() deltas x 125 at 125 MHz; rp2040js charges no flash
wait states, so XIP code runs as fast as from SRAM).

    make bench-target      (or: python3 bench/bench_target.py)
"""
import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
import emu  # noqa: E402

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"


def browser_get():
    head = ("GET /items/42?q=abc HTTP/1.1\r\nHost: 192.168.1.50\r\nConnection: keep-alive\r\n"
            "User-Agent: {}\r\nAccept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            "Accept-Encoding: gzip, deflate\r\nAccept-Language: en-US,en;q=0.9\r\nCache-Control: max-age=0\r\n"
            "Upgrade-Insecure-Requests: 1\r\nX-Pad: {}\r\n\r\n")
    pad = 1
    while len(head.format(UA, "p" * pad)) < 460:
        pad += 1
    s = head.format(UA, "p" * pad).encode()
    assert len(s) == 460 and s.count(b"\r\n") == 11  # request line, 9 headers, blank line
    return s


def browser_post():
    body = json.dumps({"name": "sensor", "values": [1, 2, 3], "note": ""}).encode()
    body = body.replace(b'""', b'"' + b"x" * (200 - len(body)) + b'"')
    assert len(body) == 200
    head = ("POST /items HTTP/1.1\r\nHost: 192.168.1.50\r\nConnection: keep-alive\r\nUser-Agent: {}\r\n"
            "Accept: application/json\r\nContent-Type: application/json\r\nOrigin: http://192.168.1.50\r\n"
            "X-Pad: {}\r\nContent-Length: 200\r\n\r\n")
    pad = 1
    while len(head.format(UA, "p" * pad)) + 200 < 564:
        pad += 1
    s = head.format(UA, "p" * pad).encode() + body
    assert len(s) == 564
    return s


TIMER = r'''
import time, gc
def bench(name, fn, n):
    fn()
    gc.collect()
    t0 = time.ticks_us()
    for _ in range(n):
        fn()
    dt = time.ticks_diff(time.ticks_us(), t0)
    print("BENCH", name, dt * 125 // n)
'''

def run_bench(steps, image=None, timeout=1800, strict=True):
    """Run emulator steps; return ({name: cycles} from the BENCH lines, the run).
    strict: a step that raised ends the benchmark (exit 1)."""
    d = emu.run_steps(steps, timeout=timeout, image=image)
    res = {}
    for i, r in enumerate(d["results"]):
        if r["err"]:
            print("step {} raised:\n{}".format(i, r["err"]), file=sys.stderr)
            if strict:
                sys.exit(1)
        for line in r["out"].splitlines():
            if line.startswith("BENCH "):
                _, k, v = line.split()
                res[k] = int(v)
    return res, d


def source_steps(args):
    """Steps that put the framework's modules from a source folder on the
    board's filesystem, where they shadow the frozen ones, when args has
    `--src DIR` (removed from args): to compare two trees on one image."""
    if "--src" not in args:
        return []
    i = args.index("--src")
    src = args[i + 1]
    del args[i : i + 2]
    steps = [emu.exec_step("import os\ntry:\n    os.mkdir('/microfastapi')\nexcept OSError:\n    pass\n")]
    for f in sorted(os.listdir(src)):
        if f.endswith(".py") and f not in ("openapi.py", "docs_page.py"):
            with open(os.path.join(src, f), "rb") as fh:
                steps.append(emu.put_step("/microfastapi/" + f, fh.read()))
    return steps


def fallback_parser_step():
    """microfastapi/_parser.py as /pyparser.py with the C module's import
    turned off, so the pure-Python parser runs on the same board."""
    with open(os.path.join(ROOT, "modules", "microfastapi", "_parser.py")) as f:
        pysrc = f.read().replace("from _microfastapi import", "raise ImportError  #", 1)
    return emu.put_step("/pyparser.py", pysrc)


def print_raw_net(title, res, rows, width=34):
    """Cycles per call, raw and net of the empty call measured in the same loop."""
    empty = res["empty"]
    print(title)
    print("  {:<{w}} {:>9} {:>9}".format("", "raw", "net", w=width))
    for k, label in rows:
        if k in res:
            print("  {:<{w}} {:>9,} {:>9,}".format(label, res[k], res[k] - empty, w=width))
    print(json.dumps(res, sort_keys=True))


PARSERS = r'''
GET = {get!r}
POST = {post!r}
import _microfastapi
import pyparser
def c_get(): return _microfastapi.parse_head(GET, len(GET), 0, 1024, 8192, 32)
def c_post(): return _microfastapi.parse_head(POST, len(POST), 0, 1024, 8192, 32)
def p_get(): return pyparser.parse_head(GET, len(GET), 0, 1024, 8192, 32)
def p_post(): return pyparser.parse_head(POST, len(POST), 0, 1024, 8192, 32)
assert not pyparser.ACCELERATED
assert c_get()[1:4] == p_get()[1:4] and c_post()[6] == p_post()[6] == 200
bench("c_parse_get", c_get, 200)
bench("c_parse_post", c_post, 200)
bench("py_parse_get", p_get, 20)
bench("py_parse_post", p_post, 20)
'''

# The app both request benchmarks (this one and bench_request_target.py)
# measure: ten templated routes and the one the requests hit.
TEN_ROUTE_APP = """app = microfastapi.MicroFastApi()
def mk(i):
    def h(item_id, q=None):
        return {"item_id": item_id, "q": q}
    return h
for i in range(10):
    app.get("/r%d/{item_id:int}" % i)(mk(i))
app.get("/items/{item_id:int}")(mk(99))
"""

MFA = r'''
import time, gc
gc.collect(); f0 = gc.mem_free(); t0 = time.ticks_us()
import microfastapi  # what `from microfastapi import MicroFastApi` runs
t1 = time.ticks_us(); gc.collect(); f1 = gc.mem_free()
print("BENCH mfa_import", time.ticks_diff(t1, t0) * 125)
print("BENCH mfa_free_before_import", f0)
print("BENCH mfa_free_after_import", f1)
{app}
gc.collect()
print("BENCH mfa_free_10_routes", gc.mem_free())
print("BENCH mfa_heap_import_10_routes", f0 - gc.mem_free())
from microfastapi.testing import TestClient  # imports asyncio: not counted above
c = TestClient(app)
GET = {get!r}
# the synchronous path the server's connection loop uses (parse_head, route,
# handler, JSON, response bytes); TestClient.raw goes through it too
hb = c.server.handle_bytes
assert hb(GET) == c.raw(GET) and b"200 OK" in hb(GET)[:20], c.raw(GET)[:60]
bench("mfa_request_cycle", lambda: hb(GET), 200)  # enough requests to include GC
# beside it, after it (the plain figure is measured on the app as above):
# a route with two cached dependencies (it is served through dispatch() and
# asyncio, as the connection loop serves it), and the plain handler through an
# APIRouter with a prefix (registered on the app like any route)
from microfastapi import Depends, APIRouter
def dep_q(q=None):
    return q
def dep_user(q=Depends(dep_q)):
    return {{"user": "u", "q": q}}
def hdep(item_id, q=Depends(dep_q), user=Depends(dep_user)):
    return {{"item_id": item_id, "q": q, "user": user["user"]}}
app.get("/dep/{{item_id:int}}")(hdep)
router = APIRouter(prefix="/v1")
router.get("/items/{{item_id:int}}")(mk(98))
app.include_router(router)
GET_DEP = GET.replace(b"GET /items/", b"GET /dep/", 1)
GET_ROUTER = GET.replace(b"GET /items/", b"GET /v1/items/", 1)
assert b"200 OK" in c.raw(GET_DEP)[:20] and b'"user": "u"' in c.raw(GET_DEP), c.raw(GET_DEP)[:200]
assert hb(GET_ROUTER) == c.raw(GET_ROUTER) and b"200 OK" in hb(GET_ROUTER)[:20], c.raw(GET_ROUTER)[:60]
bench("mfa_request_cycle_2deps", lambda: c.raw(GET_DEP), 50)
bench("mfa_request_cycle_router", lambda: hb(GET_ROUTER), 200)
{typed}
'''

# Issue 11: the same ten-route app written as FastAPI's tutorial writes it,
# the type from the annotation (`{item_id}` + `item_id: int`) instead of the
# `{item_id:int}` converter. Only meaningful on an image that keeps
# annotations (annotations_kept 1); otherwise it is not measured.
TYPED_APP = """app2 = microfastapi.MicroFastApi()
def mk2(i):
    def read_item(item_id: int, q: str | None = None):
        return {"item_id": item_id, "q": q}
    return read_item
for i in range(10):
    app2.get("/r%d/{item_id}" % i)(mk2(i))
app2.get("/items/{item_id}")(mk2(99))
kept = bool(getattr(mk2(0), "__annotations__", None))
print("BENCH annotations_kept", int(kept))
if kept:
    hb2 = TestClient(app2).server.handle_bytes
    assert hb2(GET) == hb(GET), (hb2(GET)[-60:], hb(GET)[-60:])
    bench("mfa_request_cycle_typed", lambda: hb2(GET), 200)
"""

# Measured in a step of their own, after the one above (whose code, compiled
# as a whole before it runs, is heap the figures above are measured beside):
# - the two cached dependencies written as async def (dispatch() and asyncio),
#   beside the plain ones above (the fast path);
# - issue 11's pair: the {item_id:int} app built again exactly as app2 (the
#   first app has more routes by now, and a larger route index probes its
#   look-ups differently), then the typed one, one after the other.
EXTRA = r'''
async def adep_q(q=None):
    return q
async def adep_user(q=Depends(adep_q)):
    return {"user": "u", "q": q}
def hadep(item_id, q=Depends(adep_q), user=Depends(adep_user)):
    return {"item_id": item_id, "q": q, "user": user["user"]}
app.get("/adep/{item_id:int}")(hadep)
GET_ADEP = GET.replace(b"GET /items/", b"GET /adep/", 1)
assert c.raw(GET_ADEP) == c.raw(GET_DEP), c.raw(GET_ADEP)[:200]
bench("mfa_request_cycle_2deps_async", lambda: c.raw(GET_ADEP), 50)
if kept:
    app3 = microfastapi.MicroFastApi()
    def mk3(i):
        def h(item_id, q=None):
            return {"item_id": item_id, "q": q}
        return h
    for i in range(10):
        app3.get("/r%d/{item_id:int}" % i)(mk3(i))
    app3.get("/items/{item_id:int}")(mk3(99))
    hb3 = TestClient(app3).server.handle_bytes
    assert hb3(GET) == hb2(GET)
    bench("mfa_request_cycle_plain_pair", lambda: hb3(GET), 200)
    bench("mfa_request_cycle_typed_pair", lambda: hb2(GET), 200)
    # the same pair with the collector off for the loop: the per-request work
    # alone (what the collector costs depends on the heap each one meets),
    # and the bytes each request allocates (the collector's share follows them)
    def bench_nogc(name, fn, n):
        fn()
        gc.collect()
        gc.disable()
        a0 = gc.mem_alloc()
        t0 = time.ticks_us()
        for _ in range(n):
            fn()
        dt = time.ticks_diff(time.ticks_us(), t0)
        a1 = gc.mem_alloc()
        gc.enable()
        print("BENCH", name, dt * 125 // n)
        print("BENCH", name + "_bytes", (a1 - a0) // n)
    # in the order A B B A: the allocator's search (heap layout) drifts from
    # one loop to the next; the sums cancel a steady drift
    bench_nogc("mfa_nogc_plain", lambda: hb3(GET), 40)
    bench_nogc("mfa_nogc_typed", lambda: hb2(GET), 40)
    bench_nogc("mfa_nogc_typed2", lambda: hb2(GET), 40)
    bench_nogc("mfa_nogc_plain2", lambda: hb3(GET), 40)
'''

MICRODOT = r'''
import time, gc, sys
gc.collect(); f0 = gc.mem_free(); t0 = time.ticks_us()
from microdot import Microdot, Request
import asyncio
t1 = time.ticks_us(); gc.collect(); f1 = gc.mem_free()
print("BENCH md_import", time.ticks_diff(t1, t0) * 125)
print("BENCH md_free_before_import", f0)
print("BENCH md_free_after_import", f1)
mapp = Microdot()
def mk(i):
    async def h(request, item_id):
        return {{"item_id": item_id, "q": request.args.get("q")}}
    return h
for i in range(10):
    mapp.route("/r%d/<int:item_id>" % i)(mk(i))
mapp.route("/items/<int:item_id>")(mk(99))
gc.collect()
print("BENCH md_free_10_routes", gc.mem_free())
print("BENCH md_heap_import_10_routes", f0 - gc.mem_free())
GET = {get!r}
POST = {post!r}
class R:
    def __init__(self, d): self.d = d; self.i = 0
    async def readline(self):
        j = self.d.find(b"\n", self.i) + 1
        s = self.d[self.i:j]; self.i = j; return s
    async def read(self, n=-1):
        s = self.d[self.i:self.i + n] if n >= 0 else self.d[self.i:]
        self.i += len(s); return s
    async def readexactly(self, n): return await self.read(n)
class W:
    def __init__(self): self.out = []
    async def awrite(self, b): self.out.append(b)
    def write(self, b): self.out.append(b)
    async def drain(self): pass
    async def aclose(self): pass
    def close(self): pass
    async def wait_closed(self): pass
    def get_extra_info(self, k): return ("127.0.0.1", 1)
def md_parse(d):
    return asyncio.run(Request.create(mapp, R(d), W(), ("127.0.0.1", 1)))
def md_cycle():
    w = W()
    asyncio.run(mapp.handle_request(R(GET), w))
    return w.out
r = md_parse(GET)
assert r.path == "/items/42" and len(r.headers) == 9, (r.path, r.headers)
out = b"".join(md_cycle())
assert b"200 OK" in out[:20], out[:80]
bench("md_parse_get", lambda: md_parse(GET), 20)
bench("md_parse_post", lambda: md_parse(POST), 20)
bench("md_request_cycle", md_cycle, 20)
'''


def microdot_source():
    """microdot 2.7.0's microdot.py from PyPI (pip download, cached)."""
    cache = os.path.join(ROOT, "firmware", "build", "bench", "microdot-2.7.0")
    src = os.path.join(cache, "microdot.py")
    if not os.path.exists(src):
        os.makedirs(cache, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "-d", cache, "microdot==2.7.0"], check=True, capture_output=True)
        import tarfile
        tgz = [f for f in os.listdir(cache) if f.endswith(".tar.gz")][0]
        with tarfile.open(os.path.join(cache, tgz)) as t:
            for m in t.getmembers():
                if m.name.endswith("src/microdot/microdot.py"):
                    with open(src, "wb") as f:
                        f.write(t.extractfile(m).read())
    with open(src, "rb") as f:
        return f.read()


def main():
    get, post = browser_get(), browser_post()
    steps = [fallback_parser_step(), emu.exec_step(TIMER),
             emu.exec_step(PARSERS.format(get=get, post=post)), emu.exec_step(MFA.format(get=get, app=TEN_ROUTE_APP, typed=TYPED_APP)),
             emu.exec_step(EXTRA)]
    md_err = None
    try:
        # the soft reset first: the file's put (its text in one script) then
        # meets a fresh heap, not what the steps above left (a MemoryError
        # there, "device aborted raw-paste input", depended on that heap)
        steps += [{"soft_reset": "raw"}, emu.put_step("/microdot.py", microdot_source()), {"soft_reset": "raw"}, emu.exec_step(TIMER),
                  emu.exec_step(MICRODOT.format(get=get, post=post))]
    except Exception as e:  # noqa: BLE001
        md_err = "microdot 2.7.0 not available: {}".format(e)
    res, d = run_bench(steps, strict=False)
    print("MicroFastApi on the emulated Pico W (rp2040js 1.4.1, project ROM); cycles at 125 MHz")
    print("boot to raw REPL: {} clock cycles ({} core-counter cycles)".format(
        d["boot"]["raw"]["clockCycles"], d["boot"]["raw"]["cycles"]))

    def row(label, k, md=None):
        v = res.get(k)
        line = "  {:<38} {:>12}".format(label, "-" if v is None else "{:,}".format(v))
        if md:
            m = res.get(md)
            line += "   microdot {:>12}".format("-" if m is None else "{:,}".format(m))
            if v and m:
                line += "   ratio {:.2f}x".format(m / v)
        print(line)
    print("parsing (cycles per request):")
    row("460-byte GET, C parser", "c_parse_get", "md_parse_get")
    row("564-byte POST, C parser", "c_parse_post", "md_parse_post")
    row("460-byte GET, Python fallback", "py_parse_get")
    row("564-byte POST, Python fallback", "py_parse_post")
    if res.get("c_parse_get") and res.get("py_parse_get"):
        print("  C vs Python fallback: GET {:.1f}x, POST {:.1f}x".format(
            res["py_parse_get"] / res["c_parse_get"], res["py_parse_post"] / res["c_parse_post"]))
    print("full request cycle in memory (browser GET -> response bytes):")
    row("cycles", "mfa_request_cycle", "md_request_cycle")
    row("cycles, route with two cached dependencies", "mfa_request_cycle_2deps")
    row("cycles, the same two as async def", "mfa_request_cycle_2deps_async")
    row("cycles, route through APIRouter(prefix=)", "mfa_request_cycle_router")
    if res.get("annotations_kept"):
        row("typed: item_id: int, q: str | None", "mfa_request_cycle_typed")
        print("  item_id: int vs {item_id:int}: two apps built alike, measured one after the other:")
        row("{item_id:int}", "mfa_request_cycle_plain_pair")
        row("item_id: int, q: str | None", "mfa_request_cycle_typed_pair")
        if res.get("mfa_request_cycle_typed_pair") and res.get("mfa_request_cycle_plain_pair"):
            print("  typed vs {{item_id:int}}: {:+.2%} ({:+,} cycles)".format(
                res["mfa_request_cycle_typed_pair"] / res["mfa_request_cycle_plain_pair"] - 1,
                res["mfa_request_cycle_typed_pair"] - res["mfa_request_cycle_plain_pair"]))
        print("  the same pair, collector off (the request's own work), A B B A; bytes allocated per request:")
        row("{item_id:int} (A, then A again)", "mfa_nogc_plain")
        row("", "mfa_nogc_plain2")
        row("item_id: int, q: str | None (B, B)", "mfa_nogc_typed")
        row("", "mfa_nogc_typed2")
        if res.get("mfa_nogc_plain2") and res.get("mfa_nogc_typed2"):
            a = res["mfa_nogc_plain"] + res["mfa_nogc_plain2"]
            b = res["mfa_nogc_typed"] + res["mfa_nogc_typed2"]
            print("  typed vs {{item_id:int}} (sums): {:+.2%} ({:+,} cycles per request); bytes {:,} vs {:,}".format(
                b / a - 1, (b - a) // 2, res["mfa_nogc_typed_bytes"], res["mfa_nogc_plain_bytes"]))
    else:
        print("  typed handler (item_id: int): not measured, this image drops annotations")
    print("import (MicroFastApi frozen; Microdot compiled from a .py on the board's filesystem):")
    row("import cycles", "mfa_import", "md_import")
    print("free heap (bytes; larger is better):")
    row("after import", "mfa_free_after_import", "md_free_after_import")
    row("after 10 routes", "mfa_free_10_routes", "md_free_10_routes")
    print("heap used by the import plus a 10-route app (bytes; smaller is better):")
    row("import + 10 routes", "mfa_heap_import_10_routes", "md_heap_import_10_routes")
    if md_err:
        print(md_err)
    print(json.dumps(res, sort_keys=True))


if __name__ == "__main__":
    main()
