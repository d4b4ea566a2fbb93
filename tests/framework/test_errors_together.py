"""One 422 with every parameter's errors, as FastAPI answers: a bad path or
query value does not hide the errors of the model body (handling.dispatch),
on CPython and the twin, compared with FastAPI itself (the reference in the
test venv) on the same requests. Also: Path(int) without annotations types
the path parameter as `item_id: int` does."""
import json
import os
import subprocess
import sys

import pytest

from conftest import MODULES, run_on_twin

REQUESTS = [
    ["/items/x?q=y", {"name": "Foo"}],
    ["/items/x", {"name": "Foo", "price": 1}],
    ["/items/1?q=z", None],
    ["/items/x", None],
    ["/items/-3", {"name": "Foo", "price": "2.5"}],
]

OURS = r"""
import json
from microfastapi import FastAPI, Query, Path, Body, BaseModel, Field
from microfastapi.testclient import TestClient

class Item(BaseModel):
    name = Field(str)
    price = Field(float)

app = FastAPI()

@app.put("/items/{item_id}")
def update(item_id=Path(int), item=Body(Item), q=Query(int, default=0)):
    return {"item_id": item_id, "item": item, "q": q}

c = TestClient(app)
for u, b in json.loads(REQUESTS):
    r = c.put(u, json=b) if b is not None else c.put(u)
    print("ANSWER " + json.dumps([u, r.status_code, r.json()]))
"""

FASTAPI = r"""
import json
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel

class Item(BaseModel):
    name: str
    price: float

app = FastAPI()

@app.put("/items/{item_id}")
def update(item_id: int, item: Item, q: int = Query(0)):
    return {"item_id": item_id, "item": item, "q": q}

c = TestClient(app)
for u, b in json.loads(REQUESTS):
    r = c.put(u, json=b) if b is not None else c.put(u)
    print("ANSWER " + json.dumps([u, r.status_code, r.json()]))
"""


def _answers(out):
    return [json.loads(ln[7:]) for ln in out.splitlines() if ln.startswith("ANSWER ")]


def _script(src, tmp_path):
    p = tmp_path / "app.py"
    p.write_text("REQUESTS = {!r}\n".format(json.dumps(REQUESTS)) + src)
    return str(p)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    try:
        import fastapi  # noqa: F401
    except ImportError:
        pytest.fail("FastAPI (the reference) is missing: requirements-test.txt installs it")
    p = _script(FASTAPI, tmp_path_factory.mktemp("ref"))
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    r = subprocess.run([sys.executable, p], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    ans = _answers(r.stdout)
    assert len(ans) == len(REQUESTS)
    return ans


def _norm(answers):
    # error items compared as FastAPI's JSON shows them; key order aside
    return [json.dumps(a, sort_keys=True) for a in answers]


@pytest.mark.parametrize("where", ["cpython", "twin"])
def test_errors_together_as_fastapi(where, reference, tmp_path):
    p = _script(OURS, tmp_path)
    if where == "cpython":
        r = subprocess.run([sys.executable, p], env=dict(os.environ, PYTHONPATH=MODULES), capture_output=True,
                           text=True, timeout=120)
    else:
        r = run_on_twin([p])
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    ours = _answers(r.stdout)
    # the first request has a path, a query and a body error: all three, in FastAPI's order
    assert [e["loc"] for e in ours[0][2]["detail"]] == [["path", "item_id"], ["query", "q"], ["body", "price"]]
    assert _norm(ours) == _norm(reference)
