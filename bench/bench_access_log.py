#!/usr/bin/env python3
"""The access log's cost (not a test): the same request through the server's
connection loop (Server.handle, what app.run() serves; here over the test
client's in-memory stream), with access_log off and on, in the same run, on
the host twin (microseconds) and on the Pico W image in rp2040js (RP2040
cycles, ticks_us x 125; the log line goes to the emulated console).

    python3 bench/bench_access_log.py [--twin-only]
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
import emu  # noqa: E402
from bench_target import TIMER, TEN_ROUTE_APP, browser_get, run_bench  # noqa: E402

CODE = r'''
import microfastapi
{app}
from microfastapi.testing import TestClient, MemoryStream
import asyncio
c = TestClient(app)
GET = {get!r}
srv = c.server

def loop_request():
    # one request in, the answer out: the connection loop app.run() serves
    # with (Server.handle), not the fast handle_bytes
    m = MemoryStream(GET.replace(b"keep-alive", b"close"), peer=("192.168.1.20", 50123))
    asyncio.run(srv.handle(m, m))
    return m.out

assert b"200 OK" in b"".join(loop_request())[:20]
for _ in range({n}):  # warm up: the first requests allocate what later ones reuse
    loop_request()
# alternated, three times each: the lowest of each is reported (a busy host
# only ever adds time)
for i in range(3):
    srv.access_log = False
    bench("loop_no_log_%d" % i, loop_request, {n})
    srv.access_log = True
    bench("loop_log_%d" % i, loop_request, {n})
srv.access_log = False
'''


def twin():
    tw = emu.need_twin()
    timer = TIMER.replace("dt * 125 // n", "dt * 1000 // n")  # nanoseconds on the host
    code = timer + CODE.format(app=TEN_ROUTE_APP, get=browser_get(), n=2000)
    p = subprocess.run([tw, "-c", code], capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, MICROPYPATH=".frozen"), cwd="/tmp")
    if p.returncode:
        sys.exit("twin failed: " + p.stderr[-2000:])
    res = {}
    for line in p.stdout.splitlines():
        if line.startswith("BENCH "):
            _, k, v = line.split()
            res[k] = int(v)
    return res


def target():
    steps = [emu.exec_step(TIMER), emu.exec_step(CODE.format(app=TEN_ROUTE_APP, get=browser_get(), n=100))]
    res, _ = run_bench(steps)
    return res


def show(title, unit, res):
    off = min(res["loop_no_log_%d" % i] for i in range(3))
    on = min(res["loop_log_%d" % i] for i in range(3))
    print("{} ({} per request through the connection loop, lowest of 3 runs)".format(title, unit))
    print("  access_log=False  {:>10,}".format(off))
    print("  access_log=True   {:>10,}  (+{:,}, +{:.1f} %)".format(on, on - off, 100.0 * (on - off) / off))


if __name__ == "__main__":
    show("host twin", "ns", twin())
    if "--twin-only" not in sys.argv:
        show("Pico W image in rp2040js", "RP2040 cycles", target())
