# The app tests/framework/test_hardening.py attacks (issue 17): hostile
# clients and careless handlers, on CPython and on the twin with a Pico-sized
# heap. Served with app.run() (MFA_PORT / MFA_HOST set by the test).
import asyncio
import os

from microfastapi import MicroFastApi, Response, StreamingResponse, FileResponse, HTTPException

app = MicroFastApi(title="harden", read_timeout=2, keepalive_timeout=3)
LOG = []  # what stream generators' finally blocks saw
HERE = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."


@app.get("/")
def index():
    return {"ok": True}


@app.post("/echo")
async def echo(body):
    return {"type": type(body).__name__, "n": len(body) if isinstance(body, (dict, list, str)) else 0}


@app.post("/raw")
async def raw(request):
    return {"n": len(request.body)}


@app.post("/upload", stream_body=True)
async def upload(request):
    # the body arrives in bounded pieces, however large
    n = 0
    pieces = 0
    biggest = 0
    async for chunk in request.stream():
        n += len(chunk)
        pieces += 1
        biggest = max(biggest, len(chunk))
    return {"n": n, "pieces": pieces, "biggest": biggest}


@app.get("/agen")
def agen():
    async def gen():
        try:
            for i in range(3):
                await asyncio.sleep(0.01)
                yield "c%d;" % i
        finally:
            LOG.append("agen closed")
    return StreamingResponse(gen())


@app.get("/async-yield")
async def async_yield():
    await asyncio.sleep(0.01)
    yield "a"
    await asyncio.sleep(0.01)
    yield "b"


@app.get("/slowfeed")
def slowfeed(n: int = 8, gap: float = 0.4):
    # each piece well within read_timeout, the whole well beyond it
    n = int(n)
    gap = float(gap)

    async def gen():
        try:
            for i in range(n):
                await asyncio.sleep(gap)
                yield "x" * 100
        finally:
            LOG.append("slowfeed closed")
    return StreamingResponse(gen())


@app.get("/endless")
def endless():
    def gen():
        try:
            while True:
                yield "y" * 1024
        finally:
            LOG.append("endless closed")
    return StreamingResponse(gen())


HOG = []


@app.get("/hog")
async def hog(ms: int = 1500):
    # a careless handler: for a while, it takes (nearly) all the free heap,
    # so that connections arriving meanwhile fail to allocate while they are
    # being set up
    import gc

    ms = int(ms)

    async def take():
        await asyncio.sleep(0.05)
        try:
            while True:
                HOG.append(bytearray(512))
        except MemoryError:
            pass
        for _ in range(3):
            if HOG:
                HOG.pop()
        await asyncio.sleep(ms / 1000)
        HOG.clear()
        gc.collect()

    asyncio.create_task(take())
    return {"hogging": ms}


@app.get("/mem")
def mem():
    import gc

    gc.collect()
    return {"free": gc.mem_free()}


@app.get("/log")
def log():
    return {"log": LOG}


@app.get("/bad/{what}")
def bad(what):
    if what == "set":
        return {3, 1, 2}
    if what == "object":
        class Reading:
            pass
        return {"r": Reading()}
    if what == "inf":
        return {"x": float("inf")}
    if what == "nan":
        return [float("nan")]
    if what == "surrogate":
        return {"s": "a" + chr(0xD800)}
    return {"fine": what}


@app.get("/cookie")
def cookie(v: str = "x", p: str = "/"):
    r = Response("ok")
    r.set_cookie("session", v, path=p)
    return r


@app.get("/header")
def header(name: str = "x-a", value: str = "v"):
    return Response("ok", headers={name: value})


@app.get("/status/{code}")
def status(code):
    return Response("body", status_code=int(code))


@app.get("/dupe")
def dupe():
    return Response("hello", headers={"Content-Length": "5", "Content-Type": "text/x-mine"})


@app.get("/download")
def download(name: str = "a.txt"):
    return FileResponse(HERE + "/harden_app.py", filename=name)


@app.get("/big")
def big():
    return {"data": "z" * 200000}


STATIC = os.getenv("MFA_STATIC")
if STATIC and hasattr(app, "mount"):
    from microfastapi.staticfiles import StaticFiles

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/site", StaticFiles(directory=STATIC, html=True), name="site")

app.run()
