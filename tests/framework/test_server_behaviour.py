"""Every behaviour case against a real server (CPython and the twin) with httpx."""
import httpx
import pytest

from cases import CASES, check


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_case(server, client, case):
    cid, method, path, headers, body, exp = case
    r = client.request(method, path, headers=headers, content=body.encode() if body is not None else None)
    client.cookies.clear()
    raw_headers = {k.lower(): v for k, v in r.headers.items()}
    content = r.content
    if r.headers.get("content-encoding") == "gzip":
        content = b""  # decoded by httpx; only headers are checked
    assert check(exp, r.status_code, raw_headers, content) == []
    assert server.alive()


def test_traceback_on_console(server, client):
    assert client.get("/boom").status_code == 500
    assert client.get("/").status_code == 200  # still serving
    out = server.output()
    assert "Traceback" in out and "boom for the console" in out


def test_print_app_and_url(server):
    out = server.output()
    assert "ip=127.0.0.1" in out and "mac=02:00:00:00:00:01" in out
    assert "running on http://127.0.0.1:{}/".format(server.port) in out


def test_accelerated(server, client):
    info = client.get("/info").json()
    if server.target == "twin":
        assert info == {"accelerated": True, "impl": "micropython"}
    else:
        assert info["impl"] == "cpython"
