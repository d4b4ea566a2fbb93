"""MicroPython code run both on the emulated board and on the host twin."""

APP = r'''
import json
from microfastapi import MicroFastApi, HTTPException, Query
from microfastapi.testing import TestClient

app = MicroFastApi()


@app.get("/")
def index():
    return {"Hello": "World"}


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


@app.get("/sensors/")
def sensors(userId=Query(int, default=None)):
    return {"userId": userId}


@app.get("/ratio/{x:float}")
def ratio(x, scale=Query(float, default=1.0)):
    return {"x": x, "scaled": x * scale}


@app.post("/items", status_code=201)
async def create_item(body):
    if "name" not in body:
        raise HTTPException(422, "name is required")
    return body


@app.get("/boom")
def boom():
    raise RuntimeError("boom")
'''

REQUESTS = r'''
c = TestClient(app, raise_server_exceptions=False)  # /boom is expected to answer 500, as the server does
for m, p, body in [
    ("GET", "/", None),
    ("GET", "/items/42?q=abc", None),
    ("GET", "/items/42?q=a%20b+c", None),
    ("GET", "/items/x", None),
    ("GET", "/sensors/?userId=7", None),
    ("GET", "/sensors/?userId=x", None),
    ("GET", "/sensors/", None),
    ("GET", "/ratio/2.5?scale=0.5", None),
    ("GET", "/nope", None),
    ("DELETE", "/", None),
    ("POST", "/items", {"name": "pen", "price": 1.5, "tags": ["a", "b"]}),
    ("POST", "/items", {"price": 2}),
    ("GET", "/boom", None),
    ("HEAD", "/", None),
    ("HEAD", "/items/7", None),
]:
    r = c.request(m, p, json=body)
    js = None
    if r.text and r.headers.get("content-type", "").startswith("application/json"):
        try:
            js = r.json()
        except ValueError:
            js = "JSON-ERROR"

    print("RESULT", json.dumps([m, p, r.status_code, sorted(r.headers.items()), r.text, js]))
'''

TEN_ROUTES = r'''
import gc
from microfastapi import MicroFastApi
gc.collect()
_f0 = gc.mem_free()
app10 = MicroFastApi()
def _mk(i):
    def h(x, q=None):
        return {"i": i, "x": x, "q": q}
    return h
for _i in range(10):
    app10.get("/r%d/{x:int}" % _i)(_mk(_i))
gc.collect()
print("HEAP10", _f0, gc.mem_free())
'''

LOOP_1000 = r'''
import gc
from microfastapi.testing import TestClient
_c = TestClient(app)
for _i in range(20):
    _r = _c.get("/items/42?q=abc")
_r = None
gc.collect()
_m0 = gc.mem_free()
for _i in range(1000):
    _r = _c.get("/items/42?q=abc")
_s = _r.status_code
_r = None
gc.collect()
print("LOOP", _s, _m0, gc.mem_free())
'''
