#!/usr/bin/env python3
"""Where a keep-alive request's device cycles go, on the emulated Pico W over
the emulated Wi-Fi (not a test): bench_wifi's app and GET, one connection,
WARM answers, then every cycle of the next N answers charged to its part of
the firmware (linker map), its C function (ELF symbols) and the innermost
Python function (frozen bytecode's fun_data_* symbols): emu/lib/profile.mjs.
Exact (every instruction), deterministic; per request.

With --newconn: N GETs each on a new connection, one after the other (as
bench_wifi's "new connection" row), after WARM of them; per connection, from
its SYN to both sides closed.

    python3 bench/profile_wifi.py [--image UF2] [--requests N] [--newconn] [--json]
"""
import argparse
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "wifi"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import wifiemu  # noqa: E402
from bench_wifi import GET, MFA, WARM  # noqa: E402


def profile(image, n, newconn=False):
    if newconn:
        cl = [{"requests": [GET], "at_ms": 1000 if not i else 0} for i in range(WARM + n)]
        for i in range(1, len(cl)):
            cl[i]["after"] = i - 1
        step = wifiemu.serve_step(MFA, cl, timeout_ms=600000)
        step["profile"] = {"client": WARM, "until": WARM + n - 1}
    else:
        step = wifiemu.serve_step(MFA, [{"requests": [GET] * (WARM + n)}], timeout_ms=600000)
        step["profile"] = {"client": 0, "from": WARM}
    d = wifiemu.run_steps([step], extra=("--profile",), image_path=image, timeout=1800)
    r = [x for x in d["results"] if "clients" in x][0]
    return r["profile"]


def table(title, rows, total, n=None):
    print("\n{} (cycles per request; {:,} in all)".format(title, total))
    for k, v in rows[:n]:
        print("  {:>9,}  {:5.1f} %  {}".format(v, 100.0 * v / total, k))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", default=wifiemu.image())
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--newconn", action="store_true", help="a new connection per request")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    p = profile(a.image, a.requests, a.newconn)
    if a.json:
        print(json.dumps(p, indent=1))
        return
    print("profile_wifi: {} GET /items/42?q=abc over the emulated Wi-Fi, {} requests after {} warm-up".format(
        "new connection per" if a.newconn else "keep-alive", a.requests, WARM))
    print("image: {}".format(a.image))
    t = p["total"]
    table("by part of the firmware", p["by_area"], t)
    table("by Python module (innermost frame; IRQs count under the frame they interrupt)", p["by_python_module"], t)
    print("\nPython module x firmware part")
    for g, rows in sorted(p["matrix"].items(), key=lambda kv: -sum(v for _, v in kv[1])):
        s = sum(v for _, v in rows)
        print("  {:>9,}  {}: ".format(s, g) + ", ".join("{} {:,}".format(k, v) for k, v in rows[:6]))
    table("top Python functions", p["by_python_function"], t, a.top)
    table("top C functions (self)", p["by_c_function"], t, a.top)


if __name__ == "__main__":
    main()
