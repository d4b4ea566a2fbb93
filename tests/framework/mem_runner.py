# Heap check on the twin: 10k requests through the TestClient, heap before/after.
import gc
import sys
from microfastapi import MicroFastApi, Query
from microfastapi.testing import TestClient

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
app = MicroFastApi()


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


@app.get("/sensors/")
def sensors(userId=Query(int, default=None)):
    return {"sensor data for userId": userId}


@app.post("/items", status_code=201)
async def create_item(body):
    return body


c = TestClient(app)
H = {"User-Agent": "Mozilla/5.0", "Accept": "*/*", "Accept-Language": "en"}


def batch(n):
    for i in range(n):
        k = i % 4
        if k == 0:
            r = c.get("/items/%d?q=x" % i, headers=H)
        elif k == 1:
            r = c.get("/sensors/?userId=%d" % i)
        elif k == 2:
            r = c.post("/items", json={"name": "x", "i": i})
        else:
            r = c.get("/nope")
        assert r.status_code in (200, 201, 404), r.status_code


batch(500)
gc.collect()
before = gc.mem_free()
batch(N)
gc.collect()
after = gc.mem_free()
print("RESULT", before, after, N)
