#!/usr/bin/env python3
"""On-target benchmark of request bodies with models (not a test), on the
Pico W image in rp2040js, in one run:

  dict_post   the 564-byte browser POST /items into a plain `body` dict
              (the JSON body as it is), through TestClient.raw
  model_post  the same POST bytes into `item: Item`, a 5-field BaseModel
              (validated, converted, then returned), through TestClient.raw
  model_class heap used by one 5-field model class, defined and set up
              (its field table built on first use)

RP2040 cycles per request at 125 MHz (emulated clock), raw and net of the
empty call. The model is declared `item = Body(Item)` and its fields with
`Field(type)`, which every firmware understands (the annotated spelling does
the same work once its annotations are read at registration).

    python3 bench/bench_models_target.py [IMAGE.uf2] [--src DIR]
"""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import emu  # noqa: E402
from bench_target import TEN_ROUTE_APP, TIMER, browser_post, print_raw_net, run_bench, source_steps  # noqa: E402

SCRIPT = r'''
import gc
import microfastapi
from microfastapi import BaseModel, Field, Body
from microfastapi.testing import TestClient
POST = {post!r}

gc.collect()
h0 = gc.mem_free()
class Item(BaseModel):
    name = Field(str)
    values = Field(annotation="list[int]")
    note = Field(str, max_length=500)
    unit = Field(str, default="C")
    active = Field(bool, default=True)
gc.collect()
h1 = gc.mem_free()
Item.model_rebuild()
gc.collect()
h2 = gc.mem_free()
print("BENCH model_class_defined", h0 - h1)
print("BENCH model_class_set_up", h0 - h2)

{app}
@app.post("/items")
def create(body):
    return body
dict_client = TestClient(app)

{app2}
@app.post("/items")
def create_model(item=Body(Item)):
    return item
model_client = TestClient(app)

def empty(): return None
def dict_post(): return dict_client.raw(POST)
def model_post(): return model_client.raw(POST)
a, b = dict_post(), model_post()
assert a.startswith(b"HTTP/1.1 200 OK\r\n"), a
assert b.startswith(b"HTTP/1.1 200 OK\r\n") and b'"unit": "C"' in b, b
N = 200
bench("empty", empty, N)
bench("dict_post", dict_post, N)
bench("model_post", model_post, N)
'''


def main():
    args = sys.argv[1:]
    steps = [emu.exec_step(TIMER)]
    steps += source_steps(args)
    image = args[0] if args else None
    app2 = TEN_ROUTE_APP
    steps.append(emu.exec_step(SCRIPT.format(post=browser_post(), app=TEN_ROUTE_APP, app2=app2)))
    res, _ = run_bench(steps, image=image, timeout=1200)
    print_raw_net("564-byte browser POST, dict body vs a 5-field BaseModel (RP2040 cycles per request)", res,
                  (("empty", "empty call (loop + call overhead)"),
                   ("dict_post", "POST into `body` (dict), TestClient.raw"),
                   ("model_post", "POST into `item: Item` (5 fields)")), width=44)
    print("heap per 5-field model class: {} bytes defined, {} bytes once set up".format(
        res.get("model_class_defined"), res.get("model_class_set_up")))


if __name__ == "__main__":
    main()
