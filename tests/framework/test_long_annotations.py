"""An annotation's text longer than 255 characters (more than a qstr holds)
is kept by the firmware too, as a str constant (firmware patch 0001; README,
"Annotations"): FastAPI's `Annotated[Item, Body(openapi_examples={...})]`
with its examples written in the signature binds the body and shows the
examples, on the twin as on CPython. Written the other way FastAPI allows,
the examples in a module-level name, it works the same."""
import os
import subprocess
import sys
import tempfile

import pytest

from conftest import MODULES, run_on_twin

LONG = "dict[" + " | ".join("Literal[%d]" % i for i in range(40)) + ", int]"

KEPT = """
def f(x: %s, y: int = 1) -> %s:
    pass
class C:
    x: %s = None
ann = f.__annotations__
print(sorted(ann), len(ann["x"]), ann["x"] == ann["return"] == C.__annotations__["x"] == %r)
""" % (LONG, LONG, LONG, LONG)

APP = """
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
%s
c = TestClient(app)
r = c.put("/items/5", json={"name": "Foo", "price": 1.5})
print(r.status_code, r.json()["item"]["price"])
r = c.put("/items/5", json={"name": "Foo", "price": "x"})
print(r.status_code, r.json()["detail"][0]["loc"])
body = c.get("/openapi.json").json()["paths"]["/items/{item_id}"]["put"]["requestBody"]
print(sorted(body["content"]["application/json"]["examples"]))
"""

# The examples in the signature: the annotation's text is over 255 characters.
INLINE = '''
@app.put("/items/{item_id}")
async def update_item(
    *,
    item_id: int,
    item: Annotated[
        Item,
        Body(
            openapi_examples={
                "normal": {
                    "summary": "A normal example",
                    "description": "A **normal** item works correctly.",
                    "value": {"name": "Foo", "price": 35.4},
                },
                "invalid": {
                    "summary": "Invalid data is rejected with an error",
                    "value": {"name": "Baz", "price": "thirty five point four"},
                },
            },
        ),
    ],
):
    return {"item_id": item_id, "item": item}
if sys.implementation.name == "micropython":  # the text, as the firmware keeps it
    assert len(update_item.__annotations__["item"]) > 255
'''

# The same examples by name: a short annotation.
BY_NAME = '''
@app.put("/items/{item_id}")
async def update_item(*, item_id: int, item: Annotated[Item, Body(openapi_examples=EXAMPLES)]):
    return {"item_id": item_id, "item": item}
'''


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


def test_an_annotation_over_255_characters_is_kept_on_the_twin():
    assert len(LONG) > 255
    assert _run("twin", KEPT)[0] == "['return', 'x', 'y'] %d True" % len(LONG)


@pytest.mark.parametrize("form", ["inline", "by_name"])
@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_long_body_metadata_binds_the_body_and_shows_the_examples(runtime, form):
    out = _run(runtime, APP % (MODULES, INLINE if form == "inline" else BY_NAME))
    assert out[0] == "200 1.5", out
    assert out[1] == "422 ['body', 'price']", out
    assert out[2] == "['invalid', 'normal']", out
