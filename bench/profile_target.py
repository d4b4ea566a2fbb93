#!/usr/bin/env python3
"""Where the in-memory browser GET's cycles go (bench_target.py's plain route:
the ten-route app, handle_bytes), on the emulated Pico W (not a test).

Every instruction is charged to its C function, its part of the firmware and
the innermost frozen Python function (emu/lib/profile.mjs). Two profiled steps
run the same loop text, `for _ in range(N): hb(GET)`, one with N requests and
one with none: their difference, divided by N, is the requests' own cost
without the raw REPL's compile and transfer. The collector is off in both
(--gc: on), so the figures are the request's work, not when a collection
happens to fall; the bytes allocated per request are printed too.

    python3 bench/profile_target.py [--image UF2] [--requests N] [--gc] [--top N] [--json]
"""
import argparse
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import emu  # noqa: E402
from bench_target import TEN_ROUTE_APP, browser_get  # noqa: E402

SETUP = r'''
import gc
import microfastapi
{app}
from microfastapi.testing import TestClient
hb = TestClient(app).server.handle_bytes
GET = {get!r}
assert b"200 OK" in hb(GET)[:20]
for _ in range(20):
    hb(GET)
N = 0
'''

# the collection before the loop is a step of its own (COLLECT): its cost
# depends on the heap, and it is no part of the requests
COLLECT = r'''
gc.collect()
if not GC:
    gc.disable()
a0 = gc.mem_alloc()
'''

LOOP = r'''
for _ in range(N):
    hb(GET)
a1 = gc.mem_alloc()
gc.enable()
print("ALLOC", a1 - a0)
'''


def run(image, n, with_gc, top):
    prof = {"per": 1, "top": top}
    steps = [emu.exec_step(SETUP.format(app=TEN_ROUTE_APP, get=browser_get())),
             emu.exec_step("GC = {}\nN = 0".format(bool(with_gc))),
             emu.exec_step(COLLECT), {"exec": LOOP, "profile": prof},
             emu.exec_step("N = {}".format(n)),
             emu.exec_step(COLLECT), {"exec": LOOP, "profile": prof}]
    d = run_steps(steps, image)
    res = d["results"]
    for r in res:
        if r["err"]:
            sys.exit("step raised:\n" + r["err"])
    empty, full = res[3]["profile"], res[6]["profile"]
    alloc = int(res[6]["out"].split("ALLOC")[1].split()[0])

    def diff(key):
        e = dict(empty[key])
        out = {}
        for k, v in full[key]:
            out[k] = (v - e.get(k, 0)) / n
        return sorted(out.items(), key=lambda kv: -kv[1])
    return {
        "requests": n, "gc": with_gc, "bytes_per_request": alloc / n,
        "total": (full["total"] - empty["total"]) / n,
        "by_area": diff("by_area"), "by_python_function": diff("by_python_function"),
        "by_c_function": diff("by_c_function"),
        # calls of the functions named in MFA_PROFILE_CALLERS, by caller
        "callers": diff("callers"),
    }


def run_steps(steps, image):
    # emu.run_steps with run.mjs --profile
    import subprocess
    import tempfile
    image = image or emu.need_image()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(steps, f)
        name = f.name
    try:
        p = subprocess.run(["node", os.path.join(ROOT, "emu", "run.mjs"), image, "--steps", name, "--profile",
                            "--timeout", "3000"], capture_output=True, text=True, timeout=3100)
    finally:
        os.unlink(name)
    if p.returncode not in (0, 1):
        sys.exit("run.mjs failed ({}): {}{}".format(p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    d = json.loads(p.stdout)
    if d["failure"]:
        sys.exit("run.mjs: " + d["failure"])
    return d


def table(title, rows, total, n=None):
    print("\n{} (cycles per request; {:,.0f} in all)".format(title, total))
    for k, v in rows[:n]:
        if abs(v) >= 0.5:
            print("  {:>9,.0f}  {:5.1f} %  {}".format(v, 100.0 * v / total, k))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", default=None)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--gc", action="store_true", help="leave the collector on")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    p = run(a.image, a.requests, a.gc, max(a.top, 400))
    if a.json:
        print(json.dumps(p, indent=1))
        return
    print("profile_target: in-memory browser GET (handle_bytes), {} requests, collector {}; {:,.0f} bytes allocated per request"
          .format(a.requests, "on" if a.gc else "off", p["bytes_per_request"]))
    t = p["total"]
    table("by part of the firmware", p["by_area"], t)
    table("top Python functions (innermost frame)", p["by_python_function"], t, a.top)
    table("top C functions (self)", p["by_c_function"], t, a.top)
    if p["callers"]:
        print("\ncalls per request (MFA_PROFILE_CALLERS), by caller")
        for k, v in p["callers"]:
            if abs(v) >= 0.05:
                print("  {:>7.2f}  {}".format(v, k))


if __name__ == "__main__":
    main()
