# The app the framework tests run: on CPython, on the host twin, through the
# TestClient and as a real server (MFA_PORT). Works without annotations.
import sys
import asyncio
from microfastapi import (
    MicroFastApi, HTTPException, Query, Response, HTMLResponse, RedirectResponse,
    FileResponse, StreamingResponse, PlainTextResponse, ACCELERATED,
)

HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
STATIC = HERE + "/static/"

app = MicroFastApi(
    ip="127.0.0.1", mac="02:00:00:00:00:01",
    max_request_line=512, max_header_size=2048, max_headers=20, max_body_size=4096,
    read_timeout=2, keepalive_timeout=3, max_connections=8, max_requests_per_connection=20,
)
app.add_cors(allow_origins=["http://example.com"])


class Conflict(Exception):
    pass


@app.exception_handler(Conflict)
def on_conflict(request, exc):
    return {"detail": "conflict", "what": str(exc)}, 409


@app.exception_handler(404)
def on_404(request, exc):
    return {"detail": exc.detail, "path": request.path}, 404


@app.before_request
def block(request):
    if "x-block" in request.headers:
        return Response("blocked", 403)


@app.after_request
def mark(request, response):
    response.headers["x-after"] = "1"


@app.get("/")
def index():
    return {"Hello": "World"}


@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}


@app.put("/items/{item_id:int}")
def put_item(item_id, body):
    return {"item_id": item_id, "body": body}


@app.patch("/items/{item_id:int}")
def patch_item(item_id, body):
    return {"patched": item_id, "body": body}


@app.delete("/items/{item_id:int}", status_code=204)
def delete_item(item_id):
    return None


@app.get("/sensors/")
def sensors(userId=Query(int, default=None)):
    return {"sensor data for userId": userId}


@app.post("/items", status_code=201, summary="Create an item", tags=["items"])
async def create_item(body):
    if "name" not in body:
        raise HTTPException(422, "name is required")
    return body


@app.get("/typed")
def typed(n=5, f=1.5, flag=False, s="x"):
    return {"n": n, "f": f, "flag": flag, "s": s}


@app.get("/required")
def required(need=Query(int), alias_=Query(str, default="d", alias="other")):
    return {"need": need, "other": alias_}


@app.get("/float/{x:float}")
def flt(x):
    return {"x": x}


@app.get("/seg/{s}")
def seg(s):
    return {"s": s}


@app.get("/files/{p:path}")
def files(p):
    return {"p": p}


@app.get("/req")
def req_info(request):
    return {
        "method": request.method, "path": request.path, "query": request.query,
        "ua": request.headers.get("user-agent"), "client": list(request.client)[:1],
        "cookies": request.cookies,
    }


@app.post("/echo")
def echo(request):
    return {"len": len(request.body), "text": request.text()}


@app.post("/form")
def form(request):
    return request.form()


@app.post("/json")
def rjson(request):
    return {"got": request.json()}


@app.get("/text")
def text():
    return PlainTextResponse("plain text")


@app.get("/html", response_class=HTMLResponse)
def html():
    return "<h1>hi</h1>"


@app.get("/html2")
def html2():
    return Response("<p>x</p>", content_type="text/html")


@app.get("/bytes")
def raw_bytes():
    return b"\x00\x01\x02"


@app.get("/str")
def str_():
    return "plumbus"


@app.get("/none")
def none():
    return None


@app.get("/tuple")
def tup():
    return {"a": 1}, 202, {"x-extra": "yes"}


@app.get("/tuple2")
def tup2():
    return "made", 201


@app.get("/csv")
def csv():
    return Response("a,b\n1,2\n", status_code=200, headers={"x-kind": "csv"}, content_type="text/csv")


@app.get("/redirect")
def redirect():
    return RedirectResponse("/")


@app.get("/file")
def file():
    return FileResponse(STATIC + "hello.txt")


@app.get("/app.js")
def appjs():
    return FileResponse(STATIC + "app.js")


@app.get("/big")
def big():
    return FileResponse(STATIC + "big.dat")  # bytes(range(256)) * 40


@app.get("/missing")
def missing_file():
    return FileResponse(STATIC + "nope.txt")


@app.get("/stream")
def stream():
    for i in range(3):
        yield "chunk{};".format(i)


@app.get("/stream2")
def stream2():
    def gen():
        yield b"a"
        yield "b"

    return StreamingResponse(gen(), content_type="text/plain")


@app.get("/badheader")
def badheader():
    return Response("x", headers={"x-bad": "a\r\nSet-Cookie: evil=1"})


@app.get("/boom")
def boom():
    raise RuntimeError("boom for the console")


@app.get("/teapot")
def teapot():
    raise HTTPException(418, "short and stout", headers={"x-tea": "yes"})


@app.get("/conflict")
def conflict():
    raise Conflict("taken")


@app.get("/setcookie")
def setcookie():
    r = Response({"ok": True})
    r.set_cookie("session", "abc", httponly=True)
    return r


@app.get("/slow")
async def slow():
    await asyncio.sleep(0.3)
    return {"slow": True}


@app.route("/multi", methods=["GET", "POST"])
def multi(request):
    return {"method": request.method}


@app.get("/named", params=("q",))
def named(q=None):
    return {"q": q}


@app.get("/info")
def info():
    return {"accelerated": ACCELERATED, "impl": sys.implementation.name}


# 40 more routes, to see that lookup does not depend on their number
def _mk(i):
    def h(v):
        return {"n": i, "v": v}

    return h


for _i in range(40):
    app.add_route("/r{}/{{v}}".format(_i), _mk(_i), ("GET",))
    app.add_route("/s{}".format(_i), _mk(_i), ("GET",), params={"v": Query(str, default="")})


if __name__ == "__main__":
    print(app)
    app.run(host="127.0.0.1", port=8000)
