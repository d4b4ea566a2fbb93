# The user's code on stock MicroPython (no C module), through the TestClient.
import json
from microfastapi import MicroFastApi, HTTPException, Query, ACCELERATED
from microfastapi.testing import TestClient, parse_responses

app = MicroFastApi()


@app.get("/")
def index():
    return {"Hello": "World"}


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


@app.get("/sensors/", params={"userId": Query(int, default=None)})
def sensors(userId=Query(int, default=None)):
    return {"sensor data for userId": userId}


@app.post("/items", status_code=201)
async def create_item(body):
    if "name" not in body:
        raise HTTPException(422, "name is required")
    return body


c = TestClient(app)
out = {"accelerated": ACCELERATED}
for k, r in (
    ("index", c.get("/")),
    ("item", c.get("/items/5?q=x")),
    ("item_noq", c.get("/items/5")),
    ("sensors", c.get("/sensors/?userId=7")),
    ("sensors_none", c.get("/sensors/")),
    ("sensors_bad", c.get("/sensors/?userId=x")),
    ("create", c.post("/items", json={"name": "a"})),
    ("create_bad", c.post("/items", json={})),
):
    out[k] = [r.status_code, r.json()]
out["smuggle"] = [r.status_code for r in parse_responses(c.raw(
    b"POST /items HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))]
out["obs_fold"] = [r.status_code for r in parse_responses(c.raw(b"GET / HTTP/1.1\r\nHost: t\r\nA: b\r\n c\r\n\r\n"))]
print("RESULT " + json.dumps(out))
