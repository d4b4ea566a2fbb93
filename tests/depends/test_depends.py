"""Depends, APIRouter, lifespan, background tasks, middleware, errors, security
and the test client (cases.py), on CPython and inside the host twin."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: hosts.py
from hosts import REPO, run_on_twin  # noqa: E402,F401


def _results(out):
    res = {}
    for line in out.splitlines():
        if line.startswith("OK "):
            res[line[3:]] = None
        elif line.startswith("FAIL "):
            name, _, why = line[5:].partition(": ")
            res[name] = why
    return res


def _names():
    src = open(os.path.join(HERE, "cases.py")).read()
    return [ln.split("(")[0][4:] for i, ln in enumerate(src.splitlines())
            if ln.startswith("def ") and src.splitlines()[i - 1] == "@case"]


NAMES = _names()


@pytest.fixture(scope="module")
def cpython():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(REPO, "modules")
    p = subprocess.run([sys.executable, os.path.join(HERE, "cases.py"), "-v"], capture_output=True, text=True,
                       env=env, timeout=300, cwd=HERE)
    assert "DONE" in p.stdout, p.stdout[-3000:] + p.stderr[-3000:]
    return _results(p.stdout), p.stdout + p.stderr


@pytest.fixture(scope="module")
def twin():
    p = run_on_twin([os.path.join(HERE, "cases.py"), "-v"], timeout=300)
    assert "DONE" in p.stdout, p.stdout[-3000:] + p.stderr[-3000:]
    return _results(p.stdout), p.stdout + p.stderr


@pytest.mark.parametrize("name", NAMES)
def test_cpython(cpython, name):
    res, out = cpython
    assert name in res, "case did not run:\n" + out[-2000:]
    assert res[name] is None, res[name]


@pytest.mark.parametrize("name", NAMES)
def test_twin(twin, name):
    res, out = twin
    assert name in res, "case did not run:\n" + out[-2000:]
    assert res[name] is None, res[name]


def test_body_model_in_a_dependency_cpython():
    """A body model a dependency declares is read from the route's body, and
    one the handler declares too is the same field (FastAPI flattens them);
    on CPython, where models' fields come from annotations."""
    code = """
from microfastapi import FastAPI, Depends, BaseModel
from microfastapi.testclient import TestClient

class Item(BaseModel):
    name: str
    price: float = 0

def upper(item: Item):
    return item.name.upper()

app = FastAPI()

@app.post("/i")
def only_dep(n: str = Depends(upper)):
    return n

@app.post("/j")
def both(item: Item, n: str = Depends(upper)):
    return [item.name, n]

c = TestClient(app)
assert c.post("/i", json={"name": "tea"}).json() == "TEA"
r = c.post("/i", json={})
assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"], r.json()
assert c.post("/j", json={"name": "tea"}).json() == ["tea", "TEA"]
print("OK")
"""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(REPO, "modules")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0 and "OK" in p.stdout, p.stdout + p.stderr
