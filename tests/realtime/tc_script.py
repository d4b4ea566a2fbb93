# TestClient.websocket_connect on CPython, the twin and the emulated Pico W:
# prints one JSON line of what the sessions saw.
import sys
import json

try:
    import rt_app
except ImportError:
    sys.path.append(sys.argv[1] if len(sys.argv) > 1 else ".")
    import rt_app
from microfastapi.testing import TestClient
from microfastapi import WebSocketDisconnect

app = rt_app.app
client = TestClient(app)
out = {}
with client.websocket_connect("/echo") as ws:
    ws.send_text("hello")
    ws.send_bytes(b"\x00\xff")
    ws.send_text("h\u00e9llo \u2713")
    out["echo"] = [ws.receive_text(), list(ws.receive_bytes()), ws.receive_text()]
try:
    with client.websocket_connect("/json") as ws:
        ws.send_json({"a": [1, None]})
        out["json"] = ws.receive_json()
except WebSocketDisconnect as e:  # the handler let it out: re-raised, as Starlette's client does
    out["json_exit"] = e.code
with client.websocket_connect("/items/5?q=x", subprotocols=["chat"], headers={"x-test": "t"}) as ws:
    out["proto"] = ws.accepted_subprotocol
    d = ws.receive_json()
    out["items"] = [d["item_id"], d["q"], d["ua"]]
    ws.send_text("bye")
    out["bye"] = ws.receive_text()
    try:
        ws.receive_text()
    except WebSocketDisconnect as e:
        out["closed"] = [e.code, e.reason]
try:
    with client.websocket_connect("/refuse"):
        pass
except WebSocketDisconnect as e:
    out["refused"] = e.code
try:
    with client.websocket_connect("/boom") as ws:
        ws.send_text("x")
        ws.receive_text()
except RuntimeError as e:
    out["boom"] = str(e)
with client.websocket_connect("/echo") as ws:
    for i in range(200):
        ws.send_text("m%d" % i)
        assert ws.receive_text() == "m%d" % i
    out["many"] = 200
out["http"] = client.get("/").json()
print("TC " + json.dumps(out))
