# The app the WebSocket / SSE tests serve (CPython and the twin), written the
# way FastAPI's documentation writes it.
import os
import sys
import gc
import asyncio

from microfastapi import MicroFastApi, Request, HTMLResponse, WebSocket, WebSocketDisconnect, WebSocketException
from microfastapi.sse import EventSourceResponse, ServerSentEvent
import microfastapi.sse as sse

getenv = getattr(os, "getenv", lambda k: None)  # the board has no environment
sse._PING_INTERVAL = float(getenv("RT_PING") or 0.3)
app = MicroFastApi(max_connections=int(getenv("RT_MAXC") or 8), read_timeout=float(getenv("RT_RT") or 2),
                   ws_max_size=16384, ws_ping_interval=float(getenv("RT_WSPING") or 20),
                   ws_ping_timeout=float(getenv("RT_WSPING") or 20))
_MPY = sys.implementation.name == "micropython"
handled = {"closed": 0}


@app.get("/")
def root():
    return {"hello": "world"}


@app.get("/mem")
def mem():
    gc.collect()
    return {"free": gc.mem_free() if _MPY else 0, "conns": len(app._server.conns), "closed": handled["closed"]}


@app.websocket("/echo")
async def echo(websocket: WebSocket):
    await websocket.accept()
    try:
        while True:
            m = await websocket.receive()
            if m["type"] == "websocket.disconnect":
                return
            if m.get("text") is not None:
                await websocket.send_text(m["text"])
            else:
                await websocket.send_bytes(m["bytes"])
    finally:
        handled["closed"] += 1


@app.websocket("/json")
async def json_echo(websocket: WebSocket):
    await websocket.accept()
    while True:
        data = await websocket.receive_json()
        await websocket.send_json({"got": data})


@app.websocket("/items/{item_id:int}")
async def items(websocket: WebSocket, item_id: int, q: str = None):
    await websocket.accept(subprotocol="chat" if "chat" in websocket.subprotocols else None)
    await websocket.send_json({"item_id": item_id, "q": q, "ua": websocket.headers.get("x-test")})
    async for text in websocket.iter_text():
        await websocket.send_text("got " + text)
        if text == "bye":
            await websocket.close(4000, "done")
            return


@app.websocket("/boom")
async def boom(websocket: WebSocket):
    await websocket.accept()
    await websocket.receive_text()
    raise RuntimeError("boom for the console")


@app.websocket("/refuse")
async def refuse(websocket: WebSocket):
    raise WebSocketException(code=1008)


@app.websocket("/flood")
async def flood(websocket: WebSocket):
    # for the slow-reader test: sends until the client stops reading
    await websocket.accept()
    chunk = "x" * 1024
    while True:
        await websocket.send_text(chunk)


@app.get("/events", response_class=EventSourceResponse)
async def events(request: Request):
    # three events per connection; a reconnecting browser resumes after the
    # last id it saw (Last-Event-ID)
    last = request.headers.get("last-event-id")
    start = int(last) + 1 if last is not None else 0
    yield ServerSentEvent(comment="stream start")
    for i in range(start, start + 3):
        await asyncio.sleep(0.05)
        yield ServerSentEvent(data={"n": i, "last": last}, event="tick", id=str(i), retry=100)


@app.get("/idle-events", response_class=EventSourceResponse)
async def idle_events():
    yield {"first": True}
    await asyncio.sleep(1.0)  # keep-alive comments while waiting
    yield {"second": True}


@app.get("/log", response_class=EventSourceResponse)
def log():
    for line in ("line one", "line two"):
        yield ServerSentEvent(raw_data=line)


# items of None: FastAPI sends `data: null` for each (test_ws_server compares
# with the real FastAPI); on MicroPython a bare `yield None` must not be taken
# for an await
@app.get("/none-events", response_class=EventSourceResponse)
async def none_events():
    yield None
    await asyncio.sleep(0.01)
    yield None
    yield ServerSentEvent(data=None, event="empty")
    yield 0


@app.get("/none-log", response_class=EventSourceResponse)
def none_log():
    yield None
    yield "x"


PAGE = """<!DOCTYPE html><html><body><pre id="out"></pre><script>
const R = {ws: [], sse: [], ids: []};
const ws = new WebSocket(`ws://${location.host}/echo`);
ws.binaryType = "arraybuffer";
ws.onopen = () => { ws.send("hello"); ws.send("h\\u00e9llo \\u2713 \\ud834\\udd1e"); ws.send(new Uint8Array([1, 2, 3])); ws.send("x".repeat(20000 - 4000)); };
ws.onmessage = (e) => {
  R.ws.push(typeof e.data === "string" ? e.data.slice(0, 12) + "/" + e.data.length : "bin " + new Uint8Array(e.data).join(","));
  if (R.ws.length == 4) ws.close(4001, "bye");
};
ws.onclose = (e) => { R.wsclose = [e.code, e.reason, e.wasClean]; maybeDone(); };
const es = new EventSource("/events");
es.addEventListener("tick", (e) => {
  const d = JSON.parse(e.data); R.sse.push(d.n); R.ids.push([e.lastEventId, d.last]);
  if (R.sse.length == 6) { es.close(); R.sseDone = true; maybeDone(); }
});
function maybeDone() { if (R.wsclose && R.sseDone) window.RESULT = JSON.stringify(R); }
</script></body></html>"""


@app.get("/page")
def page():
    return HTMLResponse(PAGE)


if __name__ == "__main__":
    app.run()
