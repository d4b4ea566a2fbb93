"""TestClient.websocket_connect, Starlette's API, on CPython and the twin: the
server's own connection handler over in-memory pipes (same code as sockets)."""
import json
import os
import subprocess
import sys

import pytest

from rt_helpers import HERE, MODULES, run_on_twin

SCRIPT = os.path.join(HERE, "tc_script.py")
APPS = os.path.join(HERE, "apps")
WANT = {
    "echo": ["hello", [0, 255], "h\u00e9llo \u2713"],
    "json": {"got": {"a": [1, None]}},
    "json_exit": 1000,
    "proto": "chat",
    "items": [5, "x", "t"],
    "bye": "got bye",
    "closed": [4000, "done"],
    "refused": 1008,
    "boom": "boom for the console",
    "many": 200,
    "http": {"hello": "world"},
}


@pytest.mark.parametrize("target", ["cpython", "twin"])
def test_websocket_connect(target):
    if target == "cpython":
        p = subprocess.run([sys.executable, SCRIPT, APPS], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    else:
        p = run_on_twin([SCRIPT, APPS])
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("TC ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    got = json.loads(line[0][3:])
    assert got == WANT
    assert "boom for the console" in p.stdout + p.stderr  # the traceback on the console too


CYCLES = r'''
import sys, gc, json
from microfastapi import FastAPI, WebSocket, Depends
from microfastapi.testing import TestClient

app = FastAPI()


@app.websocket("/plain")
async def plain(websocket):  # no annotation: the parameter's name says it
    await websocket.accept()
    await websocket.send_text("plain " + await websocket.receive_text())
    await websocket.close()


def token(websocket: WebSocket, token: str = "none"):
    return token


@app.websocket("/dep")
async def dep(websocket: WebSocket, t: str = Depends(token)):
    await websocket.accept()
    async for text in websocket.iter_text():
        await websocket.send_text(t + ":" + text)


client = TestClient(app)
n = int(sys.argv[1])
free = [0] * n  # made before the cycles: nothing grows while they run
ok = 0
for i in range(n):
    with client.websocket_connect("/dep?token=k%d" % i) as ws:
        ws.send_text("m")
        ok += ws.receive_text() == "k%d:m" % i
    with client.websocket_connect("/plain") as ws:
        ws.send_text("hi")
        ok += ws.receive_text() == "plain hi"
    gc.collect()
    if hasattr(gc, "mem_free"):
        free[i] = gc.mem_free()
print("CYCLES " + json.dumps({"ok": ok, "free": free}))
'''


@pytest.mark.parametrize("target", ["cpython", "twin"])
def test_many_sessions_in_one_process(target, tmp_path):
    """100 connect/disconnect cycles on each of two routes (a Depends one and
    one whose `websocket` parameter has no annotation) through one
    TestClient: every session answers, and on the twin the heap after the
    last cycle is what it was after the tenth."""
    script = tmp_path / "cycles.py"
    script.write_text(CYCLES)
    if target == "cpython":
        p = subprocess.run([sys.executable, str(script), "100"], capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    else:
        p = run_on_twin([str(script), "100"], timeout=300)
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("CYCLES ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    got = json.loads(line[0][7:])
    assert got["ok"] == 200
    if target == "twin":
        free = got["free"]
        assert len(free) == 100 and min(free) > 0
        assert free[-1] >= free[9] - 256, free  # flat: nothing kept per session


ROUTER = r'''
import json
from microfastapi import FastAPI, APIRouter, WebSocket, Depends
from microfastapi.testing import TestClient

seen = []


def audit(websocket: WebSocket):
    seen.append(websocket.path_params["room"])


router = APIRouter(prefix="/rooms", dependencies=[Depends(audit)])


@router.websocket("/{room}")
async def room(websocket: WebSocket, room: str, nick: str = "anon"):
    await websocket.accept()
    await websocket.send_text("%s joined %s" % (nick, room))
    await websocket.close(4001)


app = FastAPI()
app.include_router(router, prefix="/v1")
client = TestClient(app)
out = {}
with client.websocket_connect("/v1/rooms/kitchen?nick=ann") as ws:
    out["text"] = ws.receive_text()
    try:
        ws.receive_text()
    except Exception as e:
        out["close"] = getattr(e, "code", None)
out["seen"] = seen
print("ROUTER " + json.dumps(out))
'''


@pytest.mark.parametrize("target", ["cpython", "twin"])
def test_router_websocket(target, tmp_path):
    """@router.websocket with the router's prefix and dependencies, included
    with a prefix of its own, as FastAPI's Bigger Applications writes it."""
    script = tmp_path / "router_ws.py"
    script.write_text(ROUTER)
    if target == "cpython":
        p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    else:
        p = run_on_twin([str(script)])
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("ROUTER ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    assert json.loads(line[0][7:]) == {"text": "ann joined kitchen", "close": 4001, "seen": ["kitchen"]}
