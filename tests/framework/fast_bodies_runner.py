# JSON model bodies and plain dependencies on the synchronous fast path
# (Server.handle_bytes -> app._fast) against the reference path (Request ->
# app.dispatch -> server.send), byte for byte, and the fast path must have
# answered each itself. argv: nothing. Runs on CPython and the twin.
import asyncio
from binascii import hexlify

from microfastapi import FastAPI, Body, BaseModel, Field, Depends, Query, Header, HTTPException
from microfastapi._parser import parse_head
from microfastapi.requests import Request
from microfastapi.server import send
from microfastapi.testing import MemoryStream, TestClient


class Item(BaseModel):
    name = Field(str)
    price = Field(float, gt=0)
    tags = Field(annotation="list[str]", default_factory=list)


class User(BaseModel):
    username = Field(str)


app = FastAPI()


@app.post("/items/{item_id:int}")
def one(item_id, item=Body(Item), q=Query(int, default=0)):
    return {"item_id": item_id, "item": item, "q": q}


@app.put("/two")
def two(item=Body(Item), user=Body(User), importance=Body(int)):
    return {"item": item, "user": user, "importance": importance}


@app.post("/embed")
def embed(item=Body(Item, embed=True)):
    return item


def token(x_token=Header(None)):
    if x_token == "bad":
        raise HTTPException(status_code=400, detail="bad token")
    return x_token or "none"


def common(q=None, limit=Query(int, default=10), t=Depends(token)):
    return {"q": q, "limit": limit, "t": t}


@app.get("/dep")
def dep(c=Depends(common), t=Depends(token)):
    return {"c": c, "t": t}


@app.post("/owned")
def owned(item=Body(Item), t=Depends(token), c=Depends(common)):
    return {"item": item, "t": t, "limit": c["limit"]}


@app.put("/owned2")
def owned2(item=Body(Item), user=Body(User), t=Depends(token)):
    return {"item": item, "user": user, "t": t}


J = {"content-type": "application/json"}
REQS = [
    ("POST", "/items/1?q=3", J, '{"name": "a", "price": 2}'),
    ("POST", "/items/1", J, '{"name": "a", "price": -1, "tags": ["x", 2]}'),
    ("POST", "/items/1?q=x", J, '{"name": "a"}'),
    ("POST", "/items/1", J, "not json"),
    ("POST", "/items/1", J, ""),
    ("POST", "/items/1", {"content-type": "text/plain"}, '{"name": "a", "price": 2}'),
    ("PUT", "/two", J, '{"item": {"name": "a", "price": 1.5}, "user": {"username": "u"}, "importance": "5"}'),
    ("PUT", "/two", J, '{"item": {"name": "a"}, "importance": "x"}'),
    ("POST", "/embed", J, '{"item": {"name": "e", "price": 9}}'),
    ("POST", "/embed", J, '{"name": "e", "price": 9}'),
    ("GET", "/dep?q=a&limit=3", {"x-token": "ok"}, ""),
    ("GET", "/dep?limit=x", {}, ""),
    ("GET", "/dep", {"x-token": "bad"}, ""),
    ("POST", "/owned?limit=2", {"content-type": "application/json", "x-token": "k"}, '{"name": "o", "price": 1}'),
    ("POST", "/owned?limit=x", J, '{"name": "o"}'),
    ("POST", "/owned", {"content-type": "application/json", "x-token": "bad"}, '{"name": "o", "price": 1}'),
    ("PUT", "/owned2", J, '{"item": {"name": "o", "price": 1}, "user": {"username": "u"}}'),
    ("PUT", "/owned2", J, '{"item": {"name": "o"}}'),
]


def raw_request(method, path, headers, body):
    h = {"host": "testserver"}
    h.update(headers)
    b = body.encode()
    if b or method in ("POST", "PUT"):
        h["content-length"] = str(len(b))
    return (method + " " + path + " HTTP/1.1\r\n" + "".join(k + ": " + h[k] + "\r\n" for k in h) + "\r\n").encode() + b


async def reference(server, raw):
    r = parse_head(raw, len(raw), 0, server.mrl, server.mhs, server.mh)
    consumed, method, path, qs, ver, headers, cl, flags = r
    body = raw[consumed:consumed + cl] if cl > 0 else b""
    res = await app.dispatch(Request(app, method, path, qs, ver, headers, body, ("testclient", 50000)))
    w = MemoryStream()  # (the writer half)
    await send(w, res, method, ver, flags & 1 and 1 < server.maxr, headers)
    return b"".join(w.out)


server = TestClient(app).server
for m, p, h, b in REQS:
    raw = raw_request(m, p, h, b)
    fast = server.handle_bytes(raw)
    ref = asyncio.run(reference(server, raw))
    print("CASE", m, p, "fast" if fast is not None else "NOT-FAST", "same" if fast == ref else "DIFFERENT",
          hexlify(fast or b"").decode(), hexlify(ref).decode())
print("DONE")
