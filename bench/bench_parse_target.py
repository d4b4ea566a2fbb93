#!/usr/bin/env python3
"""On-target benchmark of `_microfastapi.parse_head` alone (not a test).

Runs on the Pico W image in rp2040js (see bench/bench_target.py) and prints
RP2040 cycles per call, raw and net of the loop + call overhead (the same
loop calling an empty Python function; the net numbers therefore include
evaluating and passing parse_head's six arguments):

  empty        the overhead itself
  incomplete   the 460-byte GET less its final 2 bytes: core framing scan only
  get          the 460-byte browser GET, 9 headers, result tuple and dict
  get_uncommon the same GET with no header value in the constant-value table
  post         the 564-byte browser POST (8 headers, Content-Length, body in buf)

    python3 bench/bench_parse_target.py [IMAGE.uf2]
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import emu  # noqa: E402
from bench_target import TIMER, browser_get, browser_post, fallback_parser_step, print_raw_net, run_bench  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "c_modules", "httpparser"))
from gen_header_names import NAMES, VALUES  # noqa: E402

SCRIPT = r'''
import time, gc
import _microfastapi
import pyparser
assert not pyparser.ACCELERATED
GET = {get!r}
POST = {post!r}
PART = GET[:-2]
ph = _microfastapi.parse_head
def c_empty(): return None
def c_incomplete(): return ph(PART, len(PART), 0, 1024, 8192, 32)
def c_get(): return ph(GET, len(GET), 0, 1024, 8192, 32)
UNCOMMON = {uncommon!r}
def c_get_uncommon(): return ph(UNCOMMON, len(UNCOMMON), 0, 1024, 8192, 32)
def c_post(): return ph(POST, len(POST), 0, 1024, 8192, 32)
# same results as the pure-Python fallback, on the target
for b in (GET, POST):
    c = ph(b, len(b), 0, 1024, 8192, 32)
    p = pyparser.parse_head(b, len(b), 0, 1024, 8192, 32)
    assert c == p, (c, p)
# the constant header-name keys carry precomputed hashes: check them against
# hashes MicroPython computes itself (a wrong one would make lookups miss)
NAMES = {names!r}
ALL = b"GET / HTTP/1.1\r\n" + b"".join(
    n.upper().encode() + b": x\r\n" for n in NAMES if n not in
    ("content-length", "transfer-encoding", "expect")) + b"\r\n"
hd = ph(ALL, len(ALL), 0, 1024, 8192, 64)[5]
assert len(hd) == len(NAMES) - 3, hd
for k in hd:
    assert hash(k) == hash((k + "x")[:-1]), k
    assert hd[(k + "x")[:-1]] == "x"
VALUES = {values!r}
ALL = b"GET / HTTP/1.1\r\nHost: h\r\n" + b"".join(
    b"X-V%d: %s\r\n" % (i, v.encode()) for i, v in enumerate(VALUES)) + b"\r\n"
hd = ph(ALL, len(ALL), 0, 1024, 8192, 64)[5]
for i, v in enumerate(VALUES):
    x = hd["x-v%d" % i]
    assert x == v and hash(x) == hash((x + "x")[:-1]), v
bench("empty", c_empty, 400)
bench("incomplete", c_incomplete, 400)
bench("get", c_get, 400)
bench("get_uncommon", c_get_uncommon, 400)
bench("post", c_post, 400)
'''


def uncommon_get():
    """The browser GET with every header value changed (same length) so that
    none is in the binding's table of constant values: what an unusual
    client costs."""
    g = browser_get()
    for a, b in ((b"keep-alive", b"Keep-Alive"), (b"text/html,", b"text/htmL,"), (b"gzip, deflate", b"gzip, Deflate"),
                 (b"en-US,en;q=0.9", b"en-GB,en;q=0.9"), (b"max-age=0", b"max-age=1"),
                 (b"Upgrade-Insecure-Requests: 1", b"Upgrade-Insecure-Requests: 2")):
        assert a in g
        g = g.replace(a, b)
    return g


def main():
    image = sys.argv[1] if len(sys.argv) > 1 else None
    get, post = browser_get(), browser_post()
    steps = [fallback_parser_step(), emu.exec_step(TIMER),
             emu.exec_step(SCRIPT.format(get=get, post=post, uncommon=uncommon_get(), names=NAMES, values=VALUES))]
    res, _ = run_bench(steps, image=image, timeout=900)
    print_raw_net("parse_head on the emulated Pico W (RP2040 cycles per call at 125 MHz)", res,
                  (("empty", "empty call (loop + call overhead)"),
                   ("incomplete", "GET less 2 bytes (core scan)"),
                   ("get", "460-byte GET, 9 headers"),
                   ("get_uncommon", "same, no value in the constant table"),
                   ("post", "564-byte POST, 8 headers")))


if __name__ == "__main__":
    main()
