"""The firmware's annotations, typing and enum, on the Pico W image in the
emulator, on the twin and (typing and enum) on CPython: one script, the same
answers. Also measures the RAM an annotated function costs on the RP2040."""
import os
import subprocess
import sys

import pytest

import emu

# Printed facts only, so that CPython (with from __future__ import
# annotations: text, as the firmware keeps them) gives the same lines.
ANNOTATIONS = r'''
def read_item(item_id: int, q: str | None = None, *, n: Annotated[int, Query(ge=1)] = 1) -> dict:
    return {"item_id": item_id}

class Item:
    name: str
    price: float = 0.0
    tags: list[str] | None = None
    image: Annotated[bytes, Body(examples=[{"url": "u", "n": 1.5}])] = b""

def outer(p: int):
    def inner(z: bytes) -> bool:
        return p
    return inner

print("FUN", sorted(read_item.__annotations__.items()))
print("CLS", sorted(Item.__annotations__.items()), Item.price)
# the order written (MicroPython's dicts keep none: the firmware records it)
print("ORDER", list(getattr(Item, "__annotation_order__", None) or Item.__annotations__))
print("CLOSURE", sorted(outer(1).__annotations__.items()))
print("CALL", read_item(3, n=2))

# a text over 255 characters (more than a qstr holds): kept as a str constant
def update_item(item: Annotated[Item, Body(openapi_examples={"normal": {"summary": "A normal example", "description": "A **normal** item works correctly.", "value": {"name": "Foo", "price": 35.4}}, "invalid": {"summary": "Invalid data is rejected with an error", "value": {"name": "Baz", "price": "thirty five point four"}}})], n: int = 1) -> Annotated[dict[str, list[int]], Field(description="a return annotation long enough to need more than the two hundred and fifty-five characters of a qstr, with a description that goes on and on and on, and then on a little more, to be quite sure of being long enough")]:
    return n

class Long:
    tags: Annotated[list[str], Field(examples=[["first", "second", "third"], ["fourth", "fifth", "sixth"], ["seventh", "eighth", "ninth"], ["tenth", "eleventh", "twelfth"], ["thirteenth", "fourteenth", "fifteenth"], ["sixteenth", "seventeenth", "eighteenth"], ["nineteenth", "twentieth"]])] = []

print("LONG", sorted((k, len(v)) for k, v in update_item.__annotations__.items()), len(Long.__annotations__["tags"]))
print("LONGTEXT", update_item.__annotations__["item"])
print("LONGTEXT", update_item.__annotations__["return"])
print("LONGTEXT", Long.__annotations__["tags"])
print("LONGCALL", update_item(None, n=4))
'''

TYPING = r'''
from typing import Annotated, Optional, Union, List, Dict, Set, Tuple, Any, Literal, Callable
from typing import Iterator, AsyncIterator, Generator, TYPE_CHECKING, get_origin, get_args
import typing

class Query:
    def __init__(self, ge=None):
        self.ge = ge
    def __repr__(self):
        return "Query(ge=%r)" % self.ge

Dep = Annotated[int, Query(ge=1)]
print("ANN", get_origin(Dep) is Annotated, get_args(Dep)[0] is int, get_args(Dep)[1].ge, Dep.__metadata__[0].ge)
print("OPT", get_origin(Optional[int]) is Union, get_args(Optional[int]) == (int, type(None)))
print("UNION", get_args(Union[str, None]) == (str, type(None)), Union[int] is int)
print("LIST", get_origin(List[int]) is list, get_args(List[int]) == (int,), get_origin(Dict[str, int]) is dict)
print("LIT", get_origin(Literal["a", "b"]) is Literal, get_args(Literal["a", "b"]))
print("MISC", TYPE_CHECKING, get_origin(int), get_args(int), Set[int] is not None, Tuple[int, ...] is not None)
print("MORE", Callable[[int], str] is not None, Iterator[int] is not None, AsyncIterator[bytes] is not None,
      Generator[int, None, None] is not None, Any is not None, typing.cast(int, "x"))
def f(item_id: Annotated[int, Query(ge=1)] = 1, q: Optional[str] = None):
    return item_id
print("CALL", f(), f(5))
'''

ENUM = r'''
from enum import Enum, IntEnum
import json

class ModelName(str, Enum):
    alexnet = "alexnet"
    resnet = "resnet"
    lenet = "lenet"

# MicroPython 1.25 has no metaclass: members are made by _members_(), in the
# order written (the firmware's compiler records it)
members = getattr(ModelName, "_members_", None)
print("NAMES", list(members() if members else ModelName.__members__))
m = ModelName._value2member_map_["lenet"]
print("MEMBER", m is ModelName.lenet, m == "lenet", m.value, m.name, isinstance(m, str), isinstance(m, ModelName))
print("JSON", json.dumps({"model_name": m}))
print("BYVALUE", ModelName("resnet") == ModelName.resnet, ModelName("resnet").name)

class Color(Enum):
    RED = 1
    GREEN = 2

print("PLAIN", Color(1) is Color.RED, Color.GREEN.name, Color.GREEN.value)
try:
    Color(7)
except ValueError as e:
    print("BAD", e)

class Level(IntEnum):
    LOW = 1
    HIGH = 2

print("INT", Level(2) == 2, Level(2) + 1)
'''

# list[int] and int | None as values (patch 0002) and {**d} / [*a] displays
# (patch 0003): compiled by the device's own compiler (exec of source).
LANGUAGE = r'''
from typing import Optional, Union, Annotated, get_origin, get_args

class Item:
    pass

for t in (list[Item], dict[str, float], set[str], tuple[int, ...], Item | None, None | int,
          list[int] | None, int | str | None, dict[str, list[int | None]]):
    print("ALIAS", repr(t), get_origin(t) in (list, dict, set, tuple, type(int | None)), len(get_args(t)))
print("ARGS", list[Item].__origin__ is list, list[Item].__args__[0] is Item, (int | None).__args__ == (int, type(None)))
print("EQ", list[int] == list[int], int | str == str | int, int | int, {list[int]: 1}[list[int]])
print("TYPING", Optional[list[int]] == Union[list[int], None], get_args(Union[int | None, str]),
      get_args(Annotated[int | None, "m"])[0] == int | None)
for f in (lambda: int[str], lambda: Item[int], lambda: int | 3):
    try:
        f()
    except TypeError:
        print("TypeError")

d = {"a": 1, "b": 2}
print("DICT", sorted({**d, "b": 3, "c": 4}.items()), sorted({"b": 0, **d}.items()), {**{}})
print("LIST", [*d.keys()] == list(d.keys()), [0, *range(3), *(4, 5), 6], [*[]])
'''

# datetime (micropython-lib's, frozen) and uuid (firmware/pylib): what
# FastAPI's Extra Data Types chapter and a UUID path parameter use.
STDLIB = r'''
from datetime import datetime, date, time, timedelta, timezone
from uuid import UUID, uuid4

u = UUID("{12345678-1234-5678-1234-567812345678}")
print("UUID", str(u), repr(u), u.hex, u.int, u.version, u == UUID(u.hex), u == UUID(bytes=u.bytes), u.urn)
for bad in ("12345678-1234-5678-1234-56781234567", "not-a-uuid"):
    try:
        UUID(bad)
    except ValueError:
        print("ValueError", bad)
r = uuid4()
# (not compared with a second uuid4(): the emulated RP2040's ring oscillator
# gives os.urandom the same bytes every time; the twin checks it below)
print("UUID4", r.version, len(str(r)), UUID(str(r)) == r, str(r)[14], str(r)[19] in "89ab")
d = datetime.fromisoformat("2018-12-22T14:00:00+00:00")
print("DT", d.isoformat(), (d + timedelta(seconds=300)).isoformat(), d.tzinfo == timezone.utc)
e = datetime.fromisoformat("2018-12-24T15:00:00")
print("DELTA", (e - datetime(2018, 12, 22, 14, 1)).total_seconds(), timedelta(days=1, seconds=5).total_seconds())
print("TIME", time.fromisoformat("15:30:00").isoformat(), date.fromisoformat("2024-02-29").isoformat())
'''

# RAM: 40 annotated (or plain) handlers compiled from source on the device.
RAM = r'''
import gc
def measure(src):
    gc.collect()
    before = gc.mem_alloc()
    ns = {}
    exec(src, ns)
    gc.collect()
    used = gc.mem_alloc() - before
    del ns
    return used
ann = "".join("def h%d(item_id: int, q: str | None = None) -> dict:\n    return item_id\n" % i for i in range(40))
plain = "".join("def h%d(item_id, q=None):\n    return item_id\n" % i for i in range(40))
measure(plain)  # the first exec allocates what later ones reuse
print("RAM", measure(plain), measure(ann), measure(plain), measure(ann))
import typing
print("FROZEN", sorted(typing.get_origin.__annotations__.items()))
'''


def twin(code):
    out, err, rc = emu.run_twin(code)
    assert rc == 0, err
    return out


def cpython(code, future=False):
    src = ("from __future__ import annotations\n" if future else "") + code
    p = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def device():
    d = emu.run_steps([emu.exec_step(ANNOTATIONS), emu.exec_step(TYPING), emu.exec_step(ENUM),
                       emu.exec_step(RAM), emu.exec_step(LANGUAGE), emu.exec_step(STDLIB)], timeout=600)
    for r in d["results"]:
        assert r["err"] == "", r["err"]
    return [r["out"] for r in d["results"]]


def test_annotations_as_cpython_keeps_them(device):
    expected = cpython(ANNOTATIONS, future=True)
    assert "FUN [('item_id', 'int'), ('n', 'Annotated[int, Query(ge=1)]'), ('q', 'str | None'), ('return', 'dict')]" in expected
    assert "ORDER ['name', 'price', 'tags', 'image']" in expected
    assert "LONG [('item', 304), ('n', 3), ('return', 268)] 280" in expected
    assert twin(ANNOTATIONS) == expected
    assert device[0].replace("\r\n", "\n") == expected


def test_typing_as_on_cpython(device):
    expected = cpython(TYPING)
    assert "ANN True True 1 1" in expected
    assert twin(TYPING) == expected
    assert device[1].replace("\r\n", "\n") == expected


def test_enum_as_on_cpython_for_fastapi_path_parameters(device):
    expected = cpython(ENUM)
    assert "MEMBER True True lenet lenet True True" in expected
    assert "NAMES ['alexnet', 'resnet', 'lenet']" in expected
    assert twin(ENUM) == expected
    assert device[2].replace("\r\n", "\n") == expected


def test_annotated_handlers_cost_no_ram_and_frozen_code_keeps_annotations(device):
    for out in (device[3].replace("\r\n", "\n"), twin(RAM)):
        plain1, ann1, plain2, ann2 = (int(x) for x in out.split("RAM ")[1].split("\n")[0].split())
        print("RAM for 40 handlers: plain", plain1, plain2, "annotated", ann1, ann2)
        # The annotation texts are interned qstrs shared by all 40 handlers:
        # a few bytes in all, not per handler.
        assert ann1 - plain1 <= 64 and ann2 - plain2 <= 64, out
        assert "FROZEN [('return', 'object'), ('tp', 'object')]" in out, out


def test_generic_alias_union_and_unpacking_displays_as_on_cpython(device):
    expected = cpython(LANGUAGE)
    assert "ALIAS list[__main__.Item] True 1" in expected and "ALIAS __main__.Item | None True 2" in expected
    assert "DICT [('a', 1), ('b', 3), ('c', 4)] [('a', 1), ('b', 2)] {}" in expected
    assert twin(LANGUAGE) == expected
    assert device[4].replace("\r\n", "\n") == expected


def test_datetime_and_uuid_as_on_cpython(device):
    expected = cpython(STDLIB)
    assert "UUID 12345678-1234-5678-1234-567812345678" in expected and "UUID4 4 36 True 4 True" in expected
    assert twin(STDLIB) == expected
    assert device[5].replace("\r\n", "\n") == expected
    assert twin("from uuid import uuid4\nprint(len(set(str(uuid4()) for _ in range(50))))") == "50\n"
