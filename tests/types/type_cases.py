"""Shared corpus for the type system tests: (annotation text, [values]).

The same annotation texts are resolved from text (the patched firmware's form,
and CPython's under `from __future__ import annotations`) and, on CPython, from
the real typing objects; the values are validated by microfastapi.validation
and, on CPython, by the real Pydantic (the reference).
Runs unchanged on MicroPython (no typing objects needed there).
"""

VALUES_NUM = ["21", " 21 ", "1_000", "+5", "-3", "1.0", "1.5", "1e3", "0x10", "", "abc", 3, 3.0, 3.5,
              True, False, b"12", None, [1], {"a": 1}]
VALUES_BOOL = ["true", "True", "on", "yes", "y", "t", "1", "0", "off", "no", "n", "f", "FALSE", "2", "",
               1, 0, 2, 1.0, 0.0, 0.5, None, "ok"]
VALUES_STR = ["x", "", "abcd", 1, 1.5, True, b"ab", None, [1]]

CASES = [
    ("int", VALUES_NUM),
    ("float", VALUES_NUM + ["inf", "-1e-3", " 3.5"]),
    ("bool", VALUES_BOOL),
    ("str", VALUES_STR),
    ("bytes", ["x", b"x", 1, None]),
    ("int | None", [None, "1", "x"]),
    ("Optional[int]", [None, "1", "x"]),
    ("Union[int, None]", [None, "7"]),
    ("str | None", [None, 5, "a"]),
    ("Union[int, str]", ["5", 5, 5.5, [1]]),
    ("Union[int, float]", ["1.5", "2", 2.5]),
    ("list[int]", ["x", ["1", "x", 3], [1, 2], (1, 2), {"a": 1}, [], None]),
    ("List[str]", [["a", "b"], ["a", 1], "a"]),
    ("list[str] | None", [None, ["a"], [None]]),
    ("set[str]", [["a", "a"], "x", ["b"]]),
    ("tuple[int, ...]", [[1, "2"], "x"]),
    ("tuple[int, str]", [[1], [1, "a"], [1, "a", 3], "x", ["x", "a"]]),
    ("dict[str, int]", [[1], {"a": "x"}, {"a": "2", "b": 3}, {}]),
    ("dict[int, float]", [{"1": "2.5", "x": 1}, {"3": 4}]),
    ("Dict[str, Any]", [{"a": [1]}, 3]),
    ("dict", [{"a": 1}, [1]]),
    ("list", [[1, "a"], "x"]),
    ("Any", [1, "x", None]),
    ("Literal['a', 'b']", ["a", "c", None]),
    ("Literal['a']", ["c"]),
    ("Literal[1, 2, 'x']", ["c", 1, "x", "1"]),
    ("Annotated[int, Field(ge=1)]", [0, "1", "0", 5]),
    ("Annotated[int, Field(gt=1)]", [0, 1, 2]),
    ("Annotated[int, Field(le=1)]", [5, 1]),
    ("Annotated[int, Field(lt=1)]", [5, 0]),
    ("Annotated[int, Field(gt=0, le=1000)]", [0, 1000, 1001, "500"]),
    ("Annotated[float, Field(gt=1.0)]", [0.5, 2]),
    ("Annotated[float, Field(ge=0.5)]", [0.1, "0.5"]),
    ("Annotated[float, Field(gt=0, lt=10.5)]", [11, "10.5", 3]),
    ("Annotated[int, Field(multiple_of=3)]", [5, 6]),
    ("Annotated[str, Field(min_length=3)]", ["ab", "abc"]),
    ("Annotated[str, Field(min_length=1)]", [""]),
    ("Annotated[str, Field(max_length=3)]", ["abcd", "abc"]),
    ("Annotated[str, Field(max_length=1)]", ["abcd"]),
    ("Annotated[str, Field(pattern='^fixedquery$')]", ["abcd", "fixedquery"]),
    ("Annotated[str, Field(min_length=3, pattern='^x+$')]", ["ab", "xxx", "xxy"]),
    ("Annotated[str | None, Field(min_length=3, max_length=50)]", [None, "ab", "abc"]),
    ("Annotated[list[int], Field(min_length=2)]", [[1], [1, 2]]),
    ("Annotated[list[int], Field(max_length=1)]", [[1, 2]]),
    ("Annotated[bytes, Field(max_length=2)]", [b"abc"]),
    ("Annotated[dict[str, int], Field(min_length=1)]", [{}]),
]

ENUM_CASES = [
    ("ModelName", ["foo", "resnet", "alexnet", 1]),
    ("Level", ["1", 3, 1, "x", 2.0]),
    ("Literal['a', 'b'] | None", [None, "b", "z"]),
]


class Field:
    """Stand-in constraint holder for the corpus (the framework's own Field
    carries the same attribute names)."""

    def __init__(self, default=None, **kw):
        self.default = default
        for k in kw:
            setattr(self, k, kw[k])


def names():
    """The globals the annotation texts are resolved against."""
    g = {"Field": Field}
    try:
        import typing

        for n in ("Optional", "Union", "List", "Dict", "Any", "Literal", "Annotated"):
            if hasattr(typing, n):
                g[n] = getattr(typing, n)
    except ImportError:
        pass
    try:
        from enum import Enum

        class ModelName(str, Enum):
            alexnet = "alexnet"
            resnet = "resnet"
            lenet = "lenet"

        class Level(int, Enum):
            low = 1
            high = 2

        g["ModelName"] = ModelName
        g["Level"] = Level
    except ImportError:
        pass
    return g


def plain(v):
    """A JSON-able, comparable form of a validation result."""
    if isinstance(v, (list, tuple)):
        return [type(v).__name__] + [plain(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return ["set"] + sorted(plain(x) for x in v)
    if isinstance(v, dict):
        return ["dict"] + sorted([plain(k), plain(v[k])] for k in v)
    if hasattr(v, "value") and (hasattr(type(v), "__members__") or hasattr(type(v), "_members_")):
        return ["enum", type(v).__name__, v.value]
    if isinstance(v, bytes):
        return ["bytes", v.decode()]
    if isinstance(v, float):
        if v != v:
            return ["float", "nan"]
        return ["float", repr(v)]
    return [type(v).__name__, v]


def run(cases, resolve, validate, INVALID, g):
    """Yield (text, repr(value), outcome) for every case: outcome is
    ["ok", plain(result)] or ["err", errors]."""
    for text, values in cases:
        spec = resolve(text, g)
        for v in values:
            errs = []
            r = validate(spec, v, ("body", "x"), errs)
            if r is INVALID:
                yield text, repr(v), ["err", errs]
            else:
                yield text, repr(v), ["ok", plain(r)]
