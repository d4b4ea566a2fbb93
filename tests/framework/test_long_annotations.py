"""The firmware keeps an annotation's text only up to 255 characters (a
qstr's length; README, "Annotations"). What the README tells users to do
instead, a module-level name for long Body()/Query() metadata, is checked
here on the twin (where the limit applies) and on CPython (where it does not)."""
import os
import subprocess
import sys
import tempfile

import pytest

from conftest import MODULES, run_on_twin

LONG = "dict[" + " | ".join("Literal[%d]" % i for i in range(40)) + ", int]"

DROPPED = """
def f(x: %s, y: int = 1):
    pass
print(sorted(f.__annotations__))
""" % LONG

WORKAROUND = """
import sys
sys.path.insert(0, %r)
from typing import Annotated
from microfastapi import FastAPI, Body, BaseModel
from microfastapi.testing import TestClient
app = FastAPI()
class Item(BaseModel):
    name: str
    price: float
EXAMPLES = {"normal": {"summary": "A normal example", "value": {"name": "Foo", "price": 35.4}},
            "invalid": {"summary": "Invalid data is rejected with an error",
                        "value": {"name": "Baz", "price": "thirty five point four"}}}
@app.put("/items/{item_id}")
async def update_item(*, item_id: int, item: Annotated[Item, Body(openapi_examples=EXAMPLES)]):
    return {"item_id": item_id, "item": item}
c = TestClient(app)
r = c.put("/items/5", json={"name": "Foo", "price": 1.5})
print(r.status_code, r.json()["item"]["price"])
r = c.put("/items/5", json={"name": "Foo", "price": "x"})
print(r.status_code, r.json()["detail"][0]["loc"])
body = c.get("/openapi.json").json()["paths"]["/items/{item_id}"]["put"]["requestBody"]
print(sorted(body["content"]["application/json"]["examples"]))
"""


def _run(runtime, code):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)
    try:
        if runtime == "twin":
            p = run_on_twin([f.name])
        else:
            p = subprocess.run([sys.executable, f.name], capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(f.name)
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout.split("\n")


def test_an_annotation_over_255_characters_is_not_kept_on_the_twin():
    assert len(LONG) > 255
    assert _run("twin", DROPPED)[0] == "['y']"


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_long_metadata_by_name_keeps_the_body(runtime):
    out = _run(runtime, WORKAROUND % MODULES)
    assert out[0] == "200 1.5", out
    assert out[1] == "422 ['body', 'price']", out
    assert out[2] == "['invalid', 'normal']", out
