"""The same behaviour cases through the TestClient, on CPython and inside the twin."""
import json
import os

import pytest

from cases import CASES, check
from conftest import HERE, run_on_twin, twin_binary, twin_env


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
