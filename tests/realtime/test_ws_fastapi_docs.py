"""FastAPI's WebSockets chapter (docs_src/websockets_/ of the pinned FastAPI
sdist, fetched by tests/fastapi_docs/harness.py, nothing of it kept here) with
only the import lines rewritten to microfastapi. The same conversations go to
the real FastAPI through Starlette's TestClient (the reference), and to
MicroFastApi served on CPython and on the twin, spoken over real sockets by
the `websockets` library, and through MicroFastApi's own TestClient. The
messages each client receives must be the reference's, in order.

A handshake the app refuses: the reference's TestClient says
WebSocketDisconnect(1008); over a socket it is an HTTP 403 (as uvicorn
answers). Both count as "refused"."""
import asyncio
import os
import subprocess
import sys
import tempfile

import pytest

from rt_helpers import MODULES, REPO, Server

sys.path.insert(0, os.path.join(REPO, "tests", "fastapi_docs"))
import harness  # noqa: E402

TOKEN = "some-token"
# ops: ("open", client, url, cookies or None) ("send", client, text) ("recv", client) ("close", client)
CHAT = [("open", 0, "/ws", None), ("send", 0, "Hello WebSocket"), ("recv", 0), ("send", 0, "again"), ("recv", 0),
        ("close", 0)]
ITEMS = [
    ("open", 0, "/items/foo/ws", {"session": "fakesession"}), ("send", 0, "Message one"), ("recv", 0), ("recv", 0),
    ("close", 0),
    ("open", 1, "/items/bar/ws?token=" + TOKEN, None), ("send", 1, "Hi"), ("recv", 1), ("recv", 1), ("close", 1),
    ("open", 2, "/items/baz/ws?token=" + TOKEN + "&q=3", None), ("send", 2, "Hi"), ("recv", 2), ("recv", 2),
    ("recv", 2), ("close", 2),
    ("open", 3, "/items/foo/ws", None),  # neither cookie nor token: refused (1008)
]
BROADCAST = [
    ("open", 0, "/ws/1234", None), ("open", 1, "/ws/5678", None),
    ("send", 0, "Hello from 1234"), ("recv", 0), ("recv", 0), ("recv", 1),
    ("send", 1, "Hello from 5678"), ("recv", 1), ("recv", 0), ("recv", 1),
    ("close", 0), ("recv", 1), ("close", 1),
]
EXAMPLES = {
    "websockets_/tutorial001.py": CHAT,
    "websockets_/tutorial002.py": ITEMS,
    "websockets_/tutorial002_non_an.py": ITEMS,
    "websockets_/tutorial003.py": BROADCAST,
}


def source(name):
    with open(os.path.join(harness.docs_src(), name), encoding="utf-8") as f:
        return f.read()


def reference(name, ops):
    """The real FastAPI's answers (Starlette's TestClient)."""
    import importlib.util
    from starlette.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "ref_" + name.replace("/", "_"))
        with open(p, "w") as f:
            f.write(source(name))
        spec = importlib.util.spec_from_file_location("ref_mod", p)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    client = TestClient(mod.app)
    sessions, cms, out = {}, {}, []
    for op in ops:
        k, i = op[0], op[1]
        if k == "open":
            client.cookies.clear()
            for ck, cv in (op[3] or {}).items():
                client.cookies.set(ck, cv)
            cm = client.websocket_connect(op[2])
            try:
                sessions[i] = cm.__enter__()
                cms[i] = cm
            except WebSocketDisconnect as e:
                out.append((i, "refused"))
                assert e.code == 1008
        elif k == "send":
            sessions[i].send_text(op[2])
        elif k == "recv":
            out.append((i, sessions[i].receive_text()))
        else:
            try:
                cms.pop(i).__exit__(None, None, None)
            except WebSocketDisconnect as e:  # the app let it out: the client re-raises it
                out.append((i, "exit %d" % e.code))
    for cm in cms.values():
        cm.__exit__(None, None, None)
    return out


async def over_sockets(base, ops):
    import websockets
    from websockets.exceptions import InvalidStatus

    conns, out = {}, []
    try:
        for op in ops:
            k, i = op[0], op[1]
            if k == "open":
                h = {"Cookie": "; ".join("%s=%s" % kv for kv in op[3].items())} if op[3] else None
                try:
                    conns[i] = await websockets.connect(base + op[2], additional_headers=h)
                except InvalidStatus as e:
                    assert e.response.status_code == 403
                    out.append((i, "refused"))
            elif k == "send":
                await conns[i].send(op[2])
            elif k == "recv":
                out.append((i, await asyncio.wait_for(conns[i].recv(), 10)))
            else:
                await conns.pop(i).close()
                await asyncio.sleep(0.1)  # the server's broadcast of the departure goes out
    finally:
        for c in conns.values():
            await c.close()
    return out


TC_RUNNER = r'''
import sys, json
sys.path.insert(0, sys.argv[1])
import example
from microfastapi.testing import TestClient
from microfastapi import WebSocketDisconnect
with open(sys.argv[2]) as f:  # a file: see test_through_testclient
    ops = json.load(f)
client = TestClient(example.app)
sessions, out = {}, []
for op in ops:
    k, i = op[0], op[1]
    if k == "open":
        client.cookies = dict(op[3] or {})
        try:
            sessions[i] = client.websocket_connect(op[2]).__enter__()
        except WebSocketDisconnect as e:
            out.append([i, "refused %d" % e.code])
    elif k == "send":
        sessions[i].send_text(op[2])
    elif k == "recv":
        out.append([i, sessions[i].receive_text()])
    else:
        try:
            sessions.pop(i).__exit__(None, None, None)
        except WebSocketDisconnect as e:
            out.append([i, "exit %d" % e.code])
for s in sessions.values():
    s.__exit__(None, None, None)
print("OUT " + json.dumps(out))
'''


def example_dir(name, d):
    with open(os.path.join(d, "example.py"), "w") as f:
        f.write(harness.rewrite(source(name)))
    with open(os.path.join(d, "serve.py"), "w") as f:
        f.write("import sys\nsys.path.insert(0, {!r})\nimport example\nexample.app.run()\n".format(d))
    with open(os.path.join(d, "tc.py"), "w") as f:
        f.write(TC_RUNNER)


@pytest.fixture(scope="module")
def spec():
    try:
        harness.docs_src()
    except harness.SpecUnavailable as e:
        pytest.fail(str(e))
    return {name: reference(name, ops) for name, ops in EXAMPLES.items()}


@pytest.mark.parametrize("target", ["cpython", "twin"])
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_over_sockets(spec, name, target):
    with tempfile.TemporaryDirectory() as d:
        example_dir(name, d)
        s = Server(target, os.path.join(d, "serve.py"))
        try:
            got = asyncio.run(over_sockets(s.ws, EXAMPLES[name]))
        finally:
            out = s.output()
            s.stop()
    assert [tuple(x) for x in got] == [x for x in spec[name] if not x[1].startswith("exit ")], out[-2000:]


# The conversation goes to the runner in a file (stock MicroPython 1.25's unix
# port could not take an argument of 256 bytes or more; our patch 0301 fixes
# the twin's: tests/firmware/test_patches.py).
THROUGH_TESTCLIENT = [(n, t) for n in EXAMPLES for t in ("cpython", "twin")]


@pytest.mark.parametrize("name,target", THROUGH_TESTCLIENT)
def test_through_testclient(spec, name, target):
    import json
    from rt_helpers import run_on_twin

    want = [[i, ("refused 1008" if m == "refused" else m)] for i, m in spec[name]]
    with tempfile.TemporaryDirectory() as d:
        example_dir(name, d)
        ops = os.path.join(d, "ops.json")
        with open(ops, "w") as f:
            json.dump(EXAMPLES[name], f)
        args = [os.path.join(d, "tc.py"), d, ops]
        if target == "cpython":
            p = subprocess.run([sys.executable] + args, capture_output=True, text=True, timeout=120,
                               env=dict(os.environ, PYTHONPATH=MODULES))
        else:
            p = run_on_twin(args)
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("OUT ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    assert json.loads(line[0][4:]) == want
