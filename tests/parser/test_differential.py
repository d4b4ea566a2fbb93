"""Differential tests: the C parser (through the host twin), the Python
fallback on the twin (C module hidden) and the Python fallback on CPython
must agree on the shared corpus and on generated requests.

Known disagreement (C core vs modules/microfastapi/_parser.py):
  On MicroPython (not CPython) the fallback decodes header values with
  MicroPython's UTF-8 check, which accepts overlong forms and surrogates
  (e.g. b"\\xc0\\xaf", b"\\xed\\xa0\\x80"); C and CPython answer 400 (and
  unquote raises ValueError for "%c0%af", where the fallback returns a str). The
  comparison tolerates exactly that (C == CPython, non-ASCII input) and
  test_known_disagreement_micropython_utf8 pins it down.
  (An earlier difference in the precedence of framing errors was fixed in
  _parser.py by its owner; test_framing_precedence keeps it fixed.)
"""
import json
import os
import random

import pytest

from conftest import PARSER_PY, ROOT, corpus, load_fallback, run_twin

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "twin_driver.py")

LIMITS = [(8192, 8192, 32), (64, 300, 6), (20, 120, 2)]


def driver():
    with open(DRIVER) as f:
        return f.read()


def norm(r):
    if isinstance(r, int):
        return "inc" if r >= 0 else r
    r = list(r)
    r[5] = sorted([k, v] for k, v in r[5].items())
    return r


def cpython_heads(P, case):
    b = bytes.fromhex(case["h"])
    rl, hs, mh = case["l"]
    out = {"full": norm(P.parse_head(b, len(b), 0, rl, hs, mh))}
    ks = case.get("k")
    if ks is not None:
        if ks == "all":
            ks = range(len(b) + 1)
        out["fresh"] = [norm(P.parse_head(b, k, 0, rl, hs, mh)) for k in ks]
        res, sc = [], 0
        for k in ks:
            r = P.parse_head(b, k, sc, rl, hs, mh)
            res.append(norm(r))
            if isinstance(r, int) and r >= 0:
                sc = r
            else:
                break
        out["resumed"] = res
    return out


def jsonable(x):
    return json.loads(json.dumps(x))


def compare(twin, heads, chunks=(), calls=()):
    P = load_fallback()
    data = {"parser_py": PARSER_PY, "heads": heads, "chunks": list(chunks), "calls": list(calls)}
    out = run_twin(twin, driver(), data)
    bad = []
    for case, (c, p) in zip(heads, out["heads"]):
        cp = jsonable(cpython_heads(P, case))
        if not (c == p == cp):
            data = bytes.fromhex(case["h"])
            if c == cp and any(x >= 0x80 for x in data):
                continue  # known disagreement 2: only MicroPython's UTF-8 check differs
            bad.append((data[:200], case["l"], c.get("full"), p.get("full"), cp.get("full")))
    for case, (c, p) in zip(chunks, out["chunks"]):
        r = P.parse_chunk(bytes.fromhex(case["h"]), case["s"], len(case["h"]) // 2)
        cp = r if isinstance(r, int) else list(r)
        if not (c == p == cp):
            bad.append(("chunk", bytes.fromhex(case["h"]), c, p, cp))
    for (name, args), (c, p) in zip(calls, out["calls"]):
        try:
            cp = ["ok", getattr(P, name)(*args)]
        except ValueError:
            cp = ["ValueError"]
        if not (c == p == jsonable(cp)):
            if c == jsonable(cp) == ["ValueError"]:
                continue  # known disagreement: MicroPython's UTF-8 check (docstring)
            bad.append((name, args, c, p, cp))
    return out, bad


def report(bad):
    return "\n".join("C/twin-py/cpython disagree: %r" % (b,) for b in bad[:20]) + (
        "\n... %d in all" % len(bad) if len(bad) > 20 else ""
    )


# ---- shared corpus -----------------------------------------------------------


def test_corpus_full_and_prefixes(twin):
    heads = []
    for name, data in corpus():
        for i, lim in enumerate(LIMITS):
            case = {"h": data.hex(), "l": list(lim), "t": i % 3}
            if len(data) <= 700 and i == 0:
                case["k"] = "all"  # every byte boundary
            heads.append(case)
    out, bad = compare(twin, heads)
    assert not bad, report(bad)


def test_corpus_expected_statuses(twin):
    """The corpus file names say what the C binding must answer."""
    heads = [{"h": d.hex(), "l": [4096, 8192, 32]} for _, d in corpus()]
    out = run_twin(twin, driver(), {"parser_py": PARSER_PY, "heads": heads})
    want = {"ok": "tuple", "bad": -400, "v505": -505, "n501": -501, "r414": -414, "r431": -431, "incomplete": "inc"}
    wrong = []
    for (name, _), (c, _p) in zip(corpus(), out["heads"]):
        w = want[name.split("-")[0]]
        got = c["full"]
        if (w == "tuple" and not isinstance(got, list)) or (w != "tuple" and got != w):
            wrong.append((name, got))
    assert not wrong, wrong


def test_many_headers(twin):
    """More fields than the binding's stack slots (32): heap slots, same answers."""
    heads = []
    for count in (31, 32, 33, 40, 64, 65):
        data = b"GET / HTTP/1.1\r\nHost: a\r\n" + b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(count - 1)) + b"\r\n"
        for mh in (32, 33, 40, 64, 100):
            heads.append({"h": data.hex(), "l": [8192, 8192, mh]})
    out, bad = compare(twin, heads)
    assert not bad, report(bad)
    got = [c["full"] if isinstance(c["full"], int) else len(c["full"][5]) for c, _ in out["heads"]]
    want = [count if count <= mh else -431 for count in (31, 32, 33, 40, 64, 65) for mh in (32, 33, 40, 64, 100)]
    assert got == want


def test_browser_get_fields(twin):
    data = dict(corpus())["ok-browser-get.http"]
    out = run_twin(twin, driver(), {"parser_py": PARSER_PY, "heads": [{"h": data.hex(), "l": [8192, 8192, 32]}]})
    c = out["heads"][0][0]["full"]
    assert c[:5] == [460, "GET", "/api/items/42", "fields=name,price&lang=en", 11]
    h = dict(c[5])
    assert len(h) == 9 and h["host"] == "192.168.4.1:8000" and h["accept-encoding"] == "gzip, deflate"
    assert c[6:] == [-1, 1]


# ---- generated requests ------------------------------------------------------

SPECIAL = b"\r\n \t:\x00\x01\x7f\x80\xc3\xa9\xff,;=?#/*%\"\\[]@HTTPchunked0123456789aAzZ-_."
TOKENS = [
    b"\r\n", b"\n", b"\r", b" ", b"\t", b"\r\n\r\n", b"\r\n ", b":", b"?", b"#", b"%", b"*",
    b"Host: a\r\n", b"Host: [::1]:80\r\n", b"Host: a b\r\n", b"host:\r\n",
    b"Content-Length: 5\r\n", b"Content-Length: 05\r\n", b"Content-Length: 2147483648\r\n",
    b"Transfer-Encoding: chunked\r\n", b"Transfer-Encoding: gzip, chunked\r\n",
    b"Transfer-Encoding: chunked, \r\n", b"Transfer-Encoding: gzip\r\n",
    b"Connection: close\r\n", b"Connection: keep-alive\r\n", b"Expect: 100-continue\r\n",
    b"HTTP/1.0", b"HTTP/1.1", b"HTTP/2.0", b"http://h", b"OPTIONS", b"\xc3\xa9", b"\xe2\x82\xac",
    b"\xc0\xaf", b"\xed\xa0\x80", b"X-A: v\r\n",
]
BASES = [
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /p?q=1 HTTP/1.0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: h:1\r\nContent-Length: 3\r\n\r\nabc",
    b"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    b"GET http://e.com/a?b HTTP/1.1\r\nHost: e.com\r\nExpect: 100-continue\r\n\r\n",
]


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(4)
        pos = rng.randint(0, len(b))
        if op == 0 and b:
            b[min(pos, len(b) - 1)] = rng.choice(SPECIAL)
        elif op == 1:
            b[pos:pos] = rng.choice(TOKENS)
        elif op == 2 and b:
            del b[pos:pos + rng.randint(1, 4)]
        else:
            # a random header line at a line start
            i = b.find(b"\r\n", pos)
            if i >= 0:
                name = bytes(rng.choice(b"aXz-_0!|~ ") for _ in range(rng.randint(0, 6)))
                val = bytes(rng.choice(b"ab ,;\t\x00\x7f\xc3\xa9") for _ in range(rng.randint(0, 8)))
                b[i + 2:i + 2] = name + b":" + val + b"\r\n"
    return bytes(b)


def generated(seed, count):
    rng = random.Random(seed)
    bases = BASES + [d for n, d in corpus() if n.startswith("ok-") and len(d) < 700]
    out = []
    for _ in range(count):
        lim = rng.choice(LIMITS + [(rng.randint(5, 80), rng.randint(10, 400), rng.randint(0, 8))])
        out.append({"h": mutate(rng, rng.choice(bases)).hex(), "l": list(lim), "t": rng.randrange(3)})
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated(twin, seed):
    heads = generated(seed, 1500)
    out, bad = compare(twin, heads)
    assert not bad, report(bad)


def test_framing_precedence(twin):
    """Two framing faults: the first in byte order wins, whatever the split."""
    line = b"GET /" + b"a" * 100
    heads = []
    for fault in (b"\n", b"\rb", b"\r\n"):
        data = line + fault + b" HTTP/1.1\r\nHost: a\r\n\r\n"
        heads.append({"h": data.hex(), "l": [50, 8192, 8], "k": "all"})
        heads.append({"h": data.hex(), "l": [8192, 60, 8], "k": "all"})
        heads.append({"h": data.hex(), "l": [200, 8192, 8], "k": "all"})
    out, bad = compare(twin, heads)
    assert not bad, report(bad)
    fulls = [c["full"] for c, _ in out["heads"]]
    assert fulls == [-414, -431, -400] * 3


def test_known_disagreement_micropython_utf8(twin):
    """Disagreement 2: C and CPython say 400, the fallback on MicroPython accepts."""
    data = b"GET / HTTP/1.1\r\nHost: a\r\nX: \xc0\xaf\r\n\r\n"
    out = run_twin(twin, driver(), {"parser_py": PARSER_PY, "heads": [{"h": data.hex(), "l": [8192, 8192, 8]}]})
    c, p = out["heads"][0]
    assert c["full"] == -400 == load_fallback().parse_head(data, len(data), 0, 8192, 8192, 8)
    assert isinstance(p["full"], list), "fallback on MicroPython now rejects it: drop this from the docstring"


# ---- chunk-size lines and helpers ------------------------------------------------

CHUNK_LINES = [
    b"0\r\n", b"1a\r\n", b"1A;a=b\r\n", b"ff ; a = \"q\\\"x\" ; b\r\n", b"10 \r\n", b"7fffffff\r\n",
    b"80000000\r\n", b"ffffffffff\r\n", b"\r\n", b"g\r\n", b"1\n", b"1\rx", b"1;\r\n", b"1;a=\r\n",
    b"1 x\r\n", b"1;a b\r\n", b"1;a=\"x\r\n", b"1", b"1;a=\"x", b"1\r", b"", b"1;a=\"\x01\"\r\n",
    b"1;a=\"\xff\"\r\n", b"1;a=b c\r\n", b"1;a=b;c=d\r\n", b"1 ;a\r\n", b"1\t;a\r\n", b"1;a;\r\n",
]


def test_chunk_lines(twin):
    rng = random.Random(5)
    chunks = []
    for line in CHUNK_LINES:
        for k in range(len(line) + 1):
            chunks.append({"h": (b"xy" + line[:k]).hex(), "s": 2})
    for _ in range(2000):
        line = mutate(rng, rng.choice(CHUNK_LINES[:7]))
        chunks.append({"h": line.hex(), "s": 0})
    out, bad = compare(twin, [], chunks)
    assert not bad, report(bad)
