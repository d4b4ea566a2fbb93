# Run on the twin: (1) the stock-MicroPython fallback (Field(type)), always;
# (2) when the firmware keeps class annotations, the model programs of
# model_cases.py, printing one JSON outcome line per input for
# test_models.py to compare with CPython's.
import sys
import json

sys.path.insert(0, sys.argv[1])
import model_cases
from microfastapi import BaseModel, Field


class Image(BaseModel):
    url = Field(str)
    name = Field(str, default="img")


class Item(BaseModel):
    name = Field(str, min_length=1)
    price = Field(float, gt=0)
    tax = Field(annotation="float | None", default=None)
    tags = Field(annotation="list[str]", default_factory=list)
    image = Field(annotation="Image | None", default=None)


it = Item.model_validate({"name": "x", "price": "2.5", "tags": ["a"], "image": {"url": "u"}})
assert it.price == 2.5 and it.tax is None and it.tags == ["a"] and it.image.name == "img", it
d = it.model_dump()
assert d == {"name": "x", "price": 2.5, "tax": None, "tags": ["a"], "image": {"url": "u", "name": "img"}}, d
assert json.loads(it.model_dump_json(exclude_unset=True)) == {"name": "x", "price": 2.5, "tags": ["a"], "image": {"url": "u"}}
try:
    Item(name="", price=0)
    raise AssertionError("no error")
except ValueError as e:
    errs = e.errors()
    assert sorted(x["type"] for x in errs) == ["greater_than", "string_too_short"], errs
print("FALLBACK OK")


class T:
    x: int = 1


if not T.__dict__.get("__annotations__"):
    print("DONE no-class-annotations")
    raise SystemExit


# the models as a module of their own (their annotations are resolved in
# their module's globals, as a user's models.py would be)
with open("twin_model_src.py", "w") as f:
    f.write(model_cases.SOURCE.format(imports="from microfastapi import BaseModel, Field"))
sys.path.insert(0, "")
import twin_model_src as ns


def outcome(name, data):
    cls = getattr(ns, name)
    try:
        m = cls.model_validate(data)
    except ValueError as e:
        return ["err", e.errors()]
    return ["ok", json.loads(m.model_dump_json())]


for name, data in model_cases.INPUTS:
    print(json.dumps([name, outcome(name, data)]))
print("DONE class-annotations")
