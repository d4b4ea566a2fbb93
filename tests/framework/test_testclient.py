"""The same behaviour cases through the TestClient, on CPython and inside the twin."""
import json
import os

import pytest

from cases import CASES, check
from conftest import HERE, MODULES, run_on_twin, twin_binary, twin_env


@pytest.fixture(scope="module")
def cpython_client():
    from full_app import app
    from microfastapi.testing import TestClient

    return TestClient(app, follow_redirects=False, raise_server_exceptions=False)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_cpython_testclient(cpython_client, case):
    cid, method, path, headers, body, exp = case
    cpython_client.cookies = {}
    r = cpython_client.request(method, path, headers=headers, content=body)
    assert check(exp, r.status_code, r.headers, r.content) == []


@pytest.fixture(scope="module")
def twin_results():
    p = run_on_twin([os.path.join(HERE, "tc_runner.py"), HERE])
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")]
    assert line, p.stdout[-2000:]
    return json.loads(line[-1][7:])


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_twin_testclient(twin_results, case):
    cid, method, path, headers, body, exp = case
    st, hd, hexbody = twin_results[cid]
    assert check(exp, st, hd, bytes.fromhex(hexbody)) == []


def test_testclient_api(cpython_client):
    r = cpython_client.get("/items/5", params={"q": "a b"})
    assert r.status_code == 200 and r.json() == {"item_id": 5, "q": "a b"}
    assert r.headers["Content-Type"] == "application/json"
    r = cpython_client.post("/items", json={"name": "n"})
    assert r.status_code == 201 and r.json() == {"name": "n"}
    r = cpython_client.post("/form", data={"a": "1"})
    assert r.json() == {"a": "1"}
    assert cpython_client.get("/setcookie").status_code == 200
    assert cpython_client.get("/req").json()["cookies"] == {"session": "abc"}
    assert cpython_client.head("/").content == b""
    assert cpython_client.options("/").headers["allow"] == "GET, HEAD, OPTIONS"
    assert cpython_client.put("/items/1", json=1).json() == {"item_id": 1, "body": 1}
    assert cpython_client.patch("/items/1", json=2).status_code == 200
    assert cpython_client.delete("/items/1").status_code == 204


def test_twin_frozen_string_constants_intact():
    # A C module that names qstrs like MP_QSTR_content_hyphen_length defines a qstr
    # whose text is "content_hyphen_length"; frozen code then gets that text for
    # its "content-length" literals. This pins the cause when it happens.
    code = ("from microfastapi.testing import urlencode\n"
            "import microfastapi.testing as t\n"
            "from microfastapi import MicroFastApi\n"
            "c = t.TestClient(MicroFastApi())\n"
            "sent = []\n"
            "c.raw = lambda d: (sent.append(d), b'HTTP/1.1 204 No Content\\r\\n\\r\\n')[1]\n"
            "c.post('/', content='x')\n"
            "print(sent[0])\n")
    import tempfile
    import subprocess

    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([twin_binary(), "-c", code], cwd=d, env=twin_env(), capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert "content-length: 1" in p.stdout, (
        "frozen string literal 'content-length' came out as: " + p.stdout.strip()
        + " (a C module referencing MP_QSTR_..._hyphen_... defines a wrong qstr)")


MEMORY_STREAM = r'''
import asyncio, json
from microfastapi import MicroFastApi
from microfastapi.server import Server
from microfastapi.testing import MemoryStream

app = MicroFastApi()


@app.post("/echo")
def echo(request):
    b = bytes(request.body)
    return {"n": len(b), "sum": sum(b) % 65521, "client": list(request.client)}


BODY = bytes((i * 7 + 3) & 255 for i in range(6000))
REQ = (b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6000\r\nConnection: close\r\n\r\n" + BODY)


class Chunks:
    # an async iterator of bytes chunks: the request in 7-byte pieces, made as the server reads
    def __init__(self):
        self.pos = 0
        self.pulled = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.pos >= len(REQ):
            raise StopAsyncIteration
        self.pos += 7
        self.pulled += 1
        return REQ[self.pos - 7:self.pos]


class OneByte:
    # an object with async readinto: one byte per call
    def __init__(self):
        self.pos = 0

    async def readinto(self, mv):
        if self.pos >= len(REQ):
            return 0
        mv[0] = REQ[self.pos]
        self.pos += 1
        return 1


def answer(source, **kw):
    s = MemoryStream(source, **kw)
    asyncio.run(Server(app).handle(s, s))
    raw = b"".join(s.out)
    return [raw.split(b" ", 2)[1].decode(), json.loads(raw.partition(b"\r\n\r\n")[2])]


ch = Chunks()
print(json.dumps({"bytes": answer(REQ), "chunks": answer(ch), "pulled": ch.pulled,
                  "readinto": answer(OneByte(), peer=("10.0.0.2", 5000))}))
'''


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_memory_stream(runtime, tmp_path):
    """testing.MemoryStream as the server's connection (Server.handle, what
    app.run() runs per socket): fed bytes, an async iterator of chunks pulled
    as the server reads, or a readinto() object; the answers are the same."""
    script = tmp_path / "ms.py"
    script.write_text(MEMORY_STREAM)
    if runtime == "twin":
        p = run_on_twin([str(script)])
    else:
        import subprocess
        import sys

        p = subprocess.run([sys.executable, str(script)], env=dict(os.environ, PYTHONPATH=MODULES),
                           capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    got = json.loads(p.stdout.splitlines()[-1])
    want = {"n": 6000, "sum": sum(bytes((i * 7 + 3) & 255 for i in range(6000))) % 65521}
    assert got["bytes"] == ["200", dict(want, client=["testclient", 50000])]
    assert got["chunks"] == got["bytes"]
    assert got["pulled"] == -(-(75 + 6000) // 7)  # every chunk, each pulled once
    assert got["readinto"] == ["200", dict(want, client=["10.0.0.2", 5000])]
