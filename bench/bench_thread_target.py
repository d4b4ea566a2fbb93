#!/usr/bin/env python3
"""What `_thread` costs on the hot path (a benchmark, not a test): the Pico W
image as built (with `_thread`, as the stock firmware has it) against the
same board built without it (MICROPY_PY_THREAD=0, `make bench-thread` builds
it as firmware/build/PICO_W_API-nothread), in the same run, in the emulated
RP2040's clock cycles (bench_target.py's parse and request-cycle steps).

With threads on, every GC allocation takes the GC mutex; that is the cost.

    make bench-thread
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_target as bt  # noqa: E402


def measure(image):
    get, post = bt.browser_get(), bt.browser_post()
    steps = [bt.fallback_parser_step(), bt.emu.exec_step(bt.TIMER),
             bt.emu.exec_step(bt.PARSERS.format(get=get, post=post)),
             bt.emu.exec_step(bt.MFA.format(get=get, app=bt.TEN_ROUTE_APP, typed=bt.TYPED_APP))]
    res, _ = bt.run_bench(steps, image=image)
    return res


def main():
    with_thread = bt.emu.need_image()
    without = os.path.join(bt.ROOT, "firmware", "build", "PICO_W_API-nothread", "firmware.uf2")
    if not os.path.exists(without):
        sys.exit("{} is missing: run 'make bench-thread'".format(without))
    a, b = measure(with_thread), measure(without)
    print("_thread on the RP2040 (rp2040js 1.4.1, project ROM), cycles at 125 MHz, same run:")
    print("  {:<36} {:>12} {:>12} {:>9}".format("", "_thread on", "_thread off", "cost"))
    for label, k in (("parse_head, 460-byte browser GET", "c_parse_get"),
                     ("parse_head, 564-byte POST", "c_parse_post"),
                     ("full request cycle, browser GET", "mfa_request_cycle"),
                     ("import microfastapi", "mfa_import")):
        on, off = a[k], b[k]
        print("  {:<36} {:>12,} {:>12,} {:>+8.1f}%".format(label, on, off, (on - off) * 100.0 / off))
    print(json.dumps({"thread_on": a, "thread_off": b}, sort_keys=True))


if __name__ == "__main__":
    main()
