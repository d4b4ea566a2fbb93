"""Heap flat over 10k requests on the twin; the examples as the user runs them."""
import os
import subprocess

import httpx
import pytest

from conftest import HERE, REPO, Server, run_on_twin


def test_heap_flat_over_10k_requests_on_twin():
    p = run_on_twin([os.path.join(HERE, "mem_runner.py"), "10000"], timeout=300)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")][-1].split()
    before, after, n = int(line[1]), int(line[2]), int(line[3])
    assert n == 10000
    assert before - after <= 1024, "heap grew by {} bytes over {} requests".format(before - after, n)


@pytest.mark.parametrize("target", ["cpython", "twin"])
@pytest.mark.parametrize("example", ["hello", "seed_sensors"])
def test_example(target, example):
    s = Server(target, os.path.join(REPO, "examples", example + ".py"))
    try:
        c = httpx.Client(base_url=s.url, timeout=10)
        assert c.get("/").json() == {"Hello": "World"}
        r = c.get("/sensors/?userId=7")
        assert r.status_code == 200 and r.json()["sensor data for userId"] == 7
        assert c.get("/sensors/?userId=x").status_code == 422
        if example == "hello":
            assert c.get("/items/3", params={"q": "z"}).json() == {"item_id": 3, "q": "z"}
            r = c.post("/items", json={"name": "a"})
            assert r.status_code == 201 and r.json() == {"name": "a"}
            assert c.post("/items", json={}).json() == {"detail": "name is required"}
        else:
            assert c.get("/sensors/1").json()["kind"] == "temperature"
            assert c.get("/sensors/9").status_code == 404
        out = s.output()
        assert "MicroFastApi(ip=" in out and "mac=" in out and "url=http://" in out
        assert "running on http://127.0.0.1:{}/".format(s.port) in out
        p = subprocess.run(["curl", "-s", s.url + "/items/1" if example == "hello" else s.url + "/"],
                           capture_output=True, text=True, timeout=20)
        assert p.stdout.startswith("{")
    finally:
        s.stop()
