"""WebSocket and SSE on the emulated Pico W (the image with the framework
frozen in, rp2040js, the project's ROM), through the test client: the same
script and app as on CPython and the twin, then the heap over 300 messages and
30 connections, and an SSE stream."""
import json
import os

import pytest

from rt_helpers import HERE, REPO
from test_testclient_ws import WANT

import sys
sys.path.insert(0, os.path.join(REPO, "tests", "target"))
import emu  # noqa: E402

MORE = r'''
import gc
def cycle(n):
    with client.websocket_connect("/echo") as ws:
        for i in range(n):
            ws.send_text("reading %d" % i)
            assert ws.receive_text() == "reading %d" % i
cycle(20)
gc.collect()
f0 = gc.mem_free()
cycle(300)
gc.collect()
f1 = gc.mem_free()
for _ in range(30):
    cycle(1)
gc.collect()
f2 = gc.mem_free()
print("HEAP " + json.dumps([f0, f1, f2]))
r = client.get("/events", headers={"last-event-id": "4"})
print("SSE " + json.dumps([r.status_code, r.headers.get("content-type"), r.text]))
'''


def _read(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def board():
    try:
        steps = [emu.put_step("/rt_app.py", _read(os.path.join("apps", "rt_app.py"))),
                 emu.exec_step(_read("tc_script.py").decode() + MORE)]
        return emu.run_steps(steps, timeout=900)["results"][1]
    except emu.Missing as e:
        pytest.fail(str(e))


def tagged(out, tag):
    return [json.loads(ln[len(tag) + 1:]) for ln in out.splitlines() if ln.startswith(tag + " ")]


def test_testclient_session_on_the_board(board):
    got = tagged(board["out"], "TC")
    assert got, board["out"][-3000:] + board["err"][-3000:]
    assert got[0] == WANT
    assert "boom for the console" in board["out"] + board["err"]


def test_heap_flat_on_the_board(board):
    (f0, f1, f2), = tagged(board["out"], "HEAP")
    assert f0 - f1 < 512 and f0 - f2 < 512, (f0, f1, f2)


def test_sse_on_the_board(board):
    (st, ct, body), = tagged(board["out"], "SSE")
    assert st == 200 and ct == "text/event-stream"
    assert [ln for ln in body.splitlines() if ln.startswith("id: ")] == ["id: 5", "id: 6", "id: 7"]
