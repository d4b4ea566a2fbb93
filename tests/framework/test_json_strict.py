"""Strict JSON (issue 17 items 4, 6, 14, 20; issue 10 item 4): the C checker
and encoder on the twin (Pico-sized heap) against the pure-Python ones in
microfastapi/_json.py on CPython, over a fixed corpus plus seeded mutations;
CPython's json as the reference for what RFC 8259 accepts."""
import json
import os
import random
import tempfile

import pytest

from conftest import MODULES, run_on_twin
from microfastapi import _json

HEAP = "200K"

VALID = [
    b"0", b"-0", b"1.5e3", b"-1.25E-7", b'""', b"true", b"false", b"null", b"[]", b"{}", b" [ 1 , 2 ] ",
    b'{"a": [1, 2, {"b": null}], "c": "x\\n\\u00e9\\ud83d\\ude00"}', '"caf\u00e9 \u20ac \U0001f600"'.encode(),
    b'["\\"\\\\\\/\\b\\f\\n\\r\\t"]', b"1e308", b"1e-300", b"9" * 4300, b"[" * 32 + b"]" * 32,
    json.dumps({str(i): i for i in range(256)}).encode(),
]
INVALID = [
    b"", b" ", b'{"a" 1}', b"[1,,2]", b'{"a":[1,}', b"[1,]", b'{"a":1,}', b"{,}", b"[,1]", b"01", b"1.", b".5",
    b"1e", b"+1", b"-", b"NaN", b"Infinity", b"-Infinity", b"nan", b"tru", b"nul", b"[1] 2", b"{} {}",
    b'"\\ud800"', b'"\\udc00"', b'"\\ud800\\u0041"', b'"\\x41"', b'"a\x01"', b'"\xed\xa0\x80"', b'"\xc0\xaf"',
    b'"\xff"', b'"\xe2\x82"', b'"abc', b"[", b"]", b"{", b'{"a"}', b'{"a":}', b"[}", b"{]", b"1e999", b"-1e999",
    b"1" * 400 + b".0", b"9" * 4301, b"[" * 33 + b"]" * 33, b"'a'", b"{'a': 1}", b'{1: 2}',
    json.dumps({str(i): i for i in range(257)}).encode(),
]


def mutations(n=400, seed=17):
    rnd = random.Random(seed)
    base = [v for v in VALID if len(v) < 200] + [b'{"k": [1, -2.5e-3, "s", true, null, {"x": []}]}']
    out = []
    alphabet = b'{}[],:"\\ -+.eE0123456789tfnrua\x00\x7f\xc3\xa9'
    for _ in range(n):
        b = bytearray(rnd.choice(base))
        for _ in range(rnd.randint(1, 3)):
            op = rnd.randrange(3)
            i = rnd.randrange(len(b) + 1)
            if op == 0 and b:
                del b[min(i, len(b) - 1)]
            elif op == 1:
                b[i:i] = bytes([rnd.choice(alphabet)])
            elif b:
                b[min(i, len(b) - 1)] = rnd.choice(alphabet)
        out.append(bytes(b))
    return out


def py_ok(b):
    try:
        _json._pycheck(b, _json.MAX_DIGITS, _json.MAX_KEYS, _json.MAX_DEPTH)
        return True
    except ValueError:
        return False


def cpython_ok(b):
    # RFC 8259 as CPython's json reads it, minus its extensions (NaN,
    # Infinity, lone surrogates) and our bounds
    try:
        def finite(s):
            f = float(s)
            if f in (float("inf"), float("-inf")):
                raise ValueError(s)
            return f

        v = json.loads(b.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)), parse_float=finite)
        json.dumps(v, ensure_ascii=False).encode()
        return True
    except (ValueError, RecursionError):
        return False


CHECK_ON_TWIN = r'''
import sys, _microfastapi
f = open(sys.argv[1], "rb")
data = f.read()
f.close()
out = []
i = 0
while i < len(data):
    n = int(data[i:i + 8])
    b = data[i + 8:i + 8 + n]
    i += 8 + n
    try:
        _microfastapi.json_check(b, 4300, 256, 32)
        out.append("1")
    except ValueError:
        out.append("0")
print("".join(out))
'''


def twin_verdicts(cases):
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "cases")
        with open(data, "wb") as f:
            for c in cases:
                f.write(b"%08d" % len(c) + c)
        script = os.path.join(d, "check.py")
        with open(script, "w") as f:
            f.write(CHECK_ON_TWIN)
        p = run_on_twin([script, data], heap=HEAP)
    assert p.returncode == 0, p.stderr
    return [c == "1" for c in p.stdout.strip()]


def test_python_checker_corpus():
    for v in VALID:
        assert py_ok(v), v
    for v in INVALID:
        assert not py_ok(v), v


def test_c_and_python_checkers_agree_with_each_other_and_cpython():
    cases = VALID + INVALID + mutations()
    tw = twin_verdicts(cases)
    assert len(tw) == len(cases)
    for c, t in zip(cases, tw):
        p = py_ok(c)
        assert t == p, (c, "twin", t, "python", p)
        if len(c) < 4000 and b"[" * 33 not in c and len(json.dumps(c.decode("latin-1"))) < 3000:
            # within the bounds, strict = what CPython's json accepts
            ok = cpython_ok(c)
            if b"{" not in c or c.count(b":") <= 256:
                assert p == ok, (c, "ours", p, "cpython", ok)


ENCODE = r'''
import sys
sys.path.insert(0, sys.argv[1]) if len(sys.argv) > 1 else None
from microfastapi import _json
class Reading:
    pass
def tryit(name, o):
    try:
        print(name, "OK", _json.dumps(o))
    except (TypeError, ValueError) as e:
        print(name, "ERR", "ValueError" if isinstance(e, ValueError) else type(e).__name__)
tryit("dict", {"a": [1, 2.5, None, True, False, "x\n\"\u00e9"], "b": (1, 2)})
tryit("keys", {2: "i", None: "n", True: "t", 1.5: "f"})
tryit("bigint", 10 ** 30)
tryit("set", {3, 1, 2})
tryit("object", Reading())
tryit("inf", float("inf"))
tryit("nan", [float("nan")])
tryit("neginf", {"x": -float("inf")})
tryit("bytes", b"ab")
tryit("tuplekey", {(1, 2): 3})
tryit("surrogate", "a" + chr(0xD800))
tryit("loads_bad", None) if False else None
for t in (b'{"a" 1}', b"[1,,2]", b"NaN", b"9" * 5000, b'{"a": [1, {"b": 2.5}]}'):
    try:
        print("loads", "OK", _json.loads(t))
    except ValueError:
        print("loads", "ERR")
'''

EXPECTED = [
    ("dict", "OK"), ("keys", "OK"), ("bigint", "OK"), ("set", "ERR TypeError"), ("object", "ERR TypeError"),
    ("inf", "ERR ValueError"), ("nan", "ERR ValueError"), ("neginf", "ERR ValueError"), ("bytes", "ERR TypeError"),
    ("tuplekey", "ERR TypeError"), ("surrogate", "ERR ValueError"),
]


def _encode_results(out):
    res = {}
    loads = []
    for line in out.splitlines():
        name, _, rest = line.partition(" ")
        if name == "loads":
            loads.append(rest)
        else:
            res[name] = rest
    return res, loads


@pytest.mark.parametrize("runtime", ["cpython", "twin", "twin-python"])
def test_strict_encoder_and_decoder_everywhere(runtime):
    import subprocess
    import sys

    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "enc.py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(ENCODE)
        if runtime == "cpython":
            p = subprocess.run([sys.executable, script, MODULES], capture_output=True, text=True, timeout=60)
        elif runtime == "twin":
            p = run_on_twin([script], heap=HEAP)
        else:
            # the twin running the pure-Python definitions (stock MicroPython's path)
            p = run_on_twin(["-c", ENCODE.replace("from microfastapi import _json",
                             "from microfastapi import _json\n_json._ccheck = _json._cdumps = None")], heap=HEAP)
    assert p.returncode == 0, p.stdout + p.stderr
    res, loads = _encode_results(p.stdout)
    for name, want in EXPECTED:
        assert res[name].startswith(want), (runtime, name, res[name])
    assert json.loads(res["dict"][3:]) == {"a": [1, 2.5, None, True, False, "x\n\"\u00e9"], "b": [1, 2]}
    assert json.loads(res["keys"][3:]) == {"2": "i", "null": "n", "true": "t", "1.5": "f"}
    assert res["bigint"] == "OK " + str(10 ** 30)
    assert loads[:4] == ["ERR"] * 4, (runtime, loads)
    assert loads[4].startswith("OK"), (runtime, loads)
