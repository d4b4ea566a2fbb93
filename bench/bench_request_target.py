#!/usr/bin/env python3
"""On-target benchmark of the full request cycle in memory (not a test).

Runs on the Pico W image in rp2040js (see bench/bench_target.py) and prints
RP2040 cycles per request, raw and net of the loop + call overhead (the same
loop calling an empty Python function):

  empty      the overhead itself
  sync_get   the 460-byte browser GET /items/42?q=abc through the synchronous
             path the server uses (Server.handle_bytes: parse_head, route,
             bind, handler, JSON, response bytes)
  sync_post  the 564-byte browser POST /items (JSON body echoed)
  tc_get     the GET through TestClient.raw
  tc_post    the POST through TestClient.raw

    python3 bench/bench_request_target.py [IMAGE.uf2] [--src DIR]

--src DIR puts DIR/*.py on the board's filesystem as /microfastapi/ (found
before the frozen package): measures framework sources without a rebuild,
e.g. an older revision (`git archive` it into DIR).
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import emu  # noqa: E402
from bench_target import TEN_ROUTE_APP, TIMER, browser_get, browser_post, print_raw_net, run_bench, source_steps  # noqa: E402

SCRIPT = r'''
import time, gc
import microfastapi
from microfastapi.testing import TestClient
GET = {get!r}
POST = {post!r}
{app}
@app.post("/items")
def create(body):
    return body
c = TestClient(app)
s = c.server
hb = getattr(s, "handle_bytes", None)
raw = c.raw
def empty(): return None
def sync_get(): return hb(GET)
def sync_post(): return hb(POST)
def tc_get(): return raw(GET)
def tc_post(): return raw(POST)
for f in (tc_get, tc_post) + ((sync_get, sync_post) if hb else ()):
    out = f()
    assert out is not None and out.startswith(b"HTTP/1.1 200 OK\r\n"), out
assert b'{{"item_id": 42, "q": "abc"}}' in tc_get()
# enough requests for several garbage collections: they are part of the cost
N = 400
bench("empty", empty, N)
if hb:
    bench("sync_get", sync_get, N)
    bench("sync_post", sync_post, N)
bench("tc_get", tc_get, N)
bench("tc_post", tc_post, N)
'''


def main():
    args = sys.argv[1:]
    steps = [emu.exec_step(TIMER)]
    steps += source_steps(args)
    image = args[0] if args else None
    get, post = browser_get(), browser_post()
    steps.append(emu.exec_step(SCRIPT.format(get=get, post=post, app=TEN_ROUTE_APP)))
    res, _ = run_bench(steps, image=image, timeout=900)
    print_raw_net("full request cycle in memory on the emulated Pico W (RP2040 cycles per request at 125 MHz)", res,
                  (("empty", "empty call (loop + call overhead)"),
                   ("sync_get", "460-byte GET, Server.handle_bytes"),
                   ("sync_post", "564-byte POST, Server.handle_bytes"),
                   ("tc_get", "460-byte GET, TestClient.raw"),
                   ("tc_post", "564-byte POST, TestClient.raw")), width=40)


if __name__ == "__main__":
    main()
