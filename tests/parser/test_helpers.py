"""unquote / parse_qs / fn_params of the C module on the host twin, and
unquote / parse_qs against the Python fallback (twin and CPython)."""
import os
import subprocess
import tempfile

import pytest

from conftest import PARSER_PY, ROOT, load_fallback, run_twin
from test_differential import compare

UNQUOTE = [
    "", "abc", "a%20b", "a+b", "%41%42%43", "%e2%82%ac", "%E2%82%AC", "%zz", "%4", "%", "100%",
    "%%41", "a%2Bb", "%2b", "caf\u00e9", "\u20ac%20", "%C3%A9t%C3%A9", "%ff", "%c3", "%c0%af",
    "%ed%a0%80", "%f4%90%80%80", "++", "%00", "a%0D%0Ab", "%F0%9F%98%80",
]
QS = [
    "", "a=1", "a=1&b=2", "a=1&a=2", "a", "a&b=", "=v", "&&a=1&&", "a=b=c", "k+1=v+2",
    "x=%E2%82%AC", "x=%zz", "q=a%26b&r=%3D", "a=1;b=2", "%61=%62", "e=%ff", "&", "==", "a+b",
]


def test_unquote_parse_qs_agree(twin):
    calls = [["unquote", [s, False]] for s in UNQUOTE]
    calls += [["unquote", [s, True]] for s in UNQUOTE]
    calls += [["parse_qs", [s]] for s in QS]
    out, bad = compare(twin, [], [], calls)
    assert not bad, bad


PREFIX_INDEX = {"/": ["root"], "/items/": ["items"], "/a/b/": ["ab"], "/caf\u00e9/": ["cafe"]}
PREFIX_PATHS = ["/items/42", "/items/", "/items", "/a/b/c", "/a/b/", "/a/", "/", "", "x", "/caf\u00e9/\u20ac",
                "/items/42/", "//", "/ITEMS/1", "/items/%34%32"]


QS_KEYS = ["a", "b", "q", "x", "k 1", "", "%61", "a+b", "a b", "e", "r", "zz"]


def test_qs_get_agrees(twin):
    # qs_get(s, key) == parse_qs(s).get(key), ValueError alike: C vs the
    # Python fallback (twin) vs CPython, over the parse_qs corpus and more
    extra = ["q=abc", "q=1&q=2", "q", "q&q=", "e=%ff&q=1", "q=1&e=%ff", "a+b=1", "a%20b=2&a+b=3",
             "k%201=v", "%ff=1&q=2", "q=%E2%82%AC", "q=a+b%2Bc", "x=1&&q=&", "q=\u00e9"]
    calls = [["qs_get", [s, k]] for s in QS + extra for k in QS_KEYS]
    out, bad = compare(twin, [], [], calls)
    assert not bad, bad
    got = dict(((s, k), c) for (_, (s, k)), (c, _) in zip(calls, out["calls"]))
    assert got[("q=1&q=2", "q")] == ["ok", "2"] and got[("q", "q")] == ["ok", ""]
    assert got[("e=%ff&q=1", "q")] == ["ValueError"] and got[("q=abc", "x")] == ["ok", None]
    assert got[("a%20b=2&a+b=3", "a b")] == ["ok", "3"] and got[("k+1=v+2", "k 1")] == ["ok", "v 2"]


def test_prefix_get_agrees(twin):
    # the fast path's route look-up by literal prefix: C vs the Python fallback
    # (twin) vs CPython, hits and misses, empty tails, non-ASCII
    calls = [["prefix_get", [PREFIX_INDEX, p]] for p in PREFIX_PATHS]
    out, bad = compare(twin, [], [], calls)
    assert not bad, bad
    got = [c for c, _ in out["calls"]]
    assert got[0] == ["ok", [["items"], "42"]] and got[1] == ["ok", [["items"], ""]] and got[2] == ["ok", [["root"], "items"]]
    assert got[12] == ["ok", None] and got[5] == ["ok", None]


def test_unquote_expected(twin):
    script = r"""
import json
from _microfastapi import unquote, parse_qs
s = 'no-escapes'
r = [unquote('a%20b+c'), unquote('a%20b+c', True), unquote('a+b', plus=True),
     unquote('%zz%4'), unquote(s) is s, unquote('%E2%82%AC')]
for bad in ('%ff', '%c0%af', '%ed%a0%80'):
    try:
        unquote(bad)
        r.append('no error')
    except ValueError:
        r.append('ValueError')
try:
    unquote(b'abc')
    r.append('no error')
except TypeError:
    r.append('TypeError')
r.append(sorted(parse_qs('a=1&b=x+y&a=3&&c&=e&d=%26').items()))
print(json.dumps(r))
"""
    r = run_twin(twin, script)
    assert r == [
        "a b+c", "a b c", "a b", "%zz%4", True, "\u20ac",
        "ValueError", "ValueError", "ValueError", "TypeError",
        [["", "e"], ["a", "3"], ["b", "x y"], ["c", ""], ["d", "&"]],
    ]


FN_SCRIPT = r"""
import json, micropython
from _microfastapi import fn_params

def rep(f):
    try:
        names, defaults = fn_params(f)
        return [list(names), sorted([k, repr(v)] for k, v in defaults.items())]
    except TypeError:
        return 'TypeError'

shared = [1]
def plain(a, b=2, c='x'): pass
def kwonly(a, *, k, m=5): pass
def star(a, b=2, *args, k=3, **kw): pass
def none(): pass
async def coro(req, item_id: int, q=None): pass
def gen(x, y=7):
    yield x
lam = lambda p, q=1: p
def outer():
    z = 10
    def inner(q, r=z): return z
    async def ainner(s, *, t=z): return z
    return inner, ainner
inner, ainner = outer()
def deco(f):
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)
    return wrapper
wrapped = deco(plain)
class K:
    def meth(self, a=1): pass
@micropython.native
def nat(a, b=1): pass
@micropython.viper
def vip(a: int) -> int: return a
def ident(d=shared): pass

r = {}
for name, f in [('plain', plain), ('kwonly', kwonly), ('star', star), ('none', none),
                ('coro', coro), ('gen', gen), ('lam', lam), ('inner', inner),
                ('ainner', ainner), ('wrapped', wrapped), ('unbound', K.meth),
                ('bound', K().meth), ('builtin', len), ('cls', K), ('native', nat),
                ('viper', vip), ('int', 3)]:
    r[name] = rep(f)
r['identity'] = fn_params(ident)[1]['d'] is shared
print(json.dumps(r))
"""


def test_fn_params(twin):
    r = run_twin(twin, FN_SCRIPT)
    assert r["plain"] == [["a", "b", "c"], [["b", "2"], ["c", "'x'"]]]
    assert r["kwonly"] == [["a", "k", "m"], [["m", "5"]]]
    # a named *args makes MicroPython list keyword-only parameters in its
    # own slot order; the set of names and the defaults are what matter
    assert sorted(r["star"][0]) == ["a", "b", "k"] and r["star"][0][:2] == ["a", "b"]
    assert r["star"][1] == [["b", "2"], ["k", "3"]]
    assert r["none"] == [[], []]
    assert r["coro"] == [["req", "item_id", "q"], [["q", "None"]]]
    assert r["gen"] == [["x", "y"], [["y", "7"]]]
    assert r["lam"] == [["p", "q"], [["q", "1"]]]
    assert r["inner"] == [["q", "r"], [["r", "10"]]]
    assert r["ainner"] == [["s", "t"], [["t", "10"]]]
    assert r["wrapped"] == [[], []]
    assert r["unbound"] == [["self", "a"], [["a", "1"]]]
    for k in ("bound", "builtin", "cls", "native", "viper", "int"):
        assert r[k] == "TypeError", k
    assert r["identity"] is True


def test_fn_params_frozen_and_mpy(twin):
    """Functions from frozen bytecode (asyncio in the twin's manifest) and
    from a .mpy file (qstrs come from the module's qstr table)."""
    mpy_cross = os.environ.get(
        "MFA_MPY_CROSS", os.path.join(ROOT, "firmware", "build", "src", "micropython", "mpy-cross", "build", "mpy-cross")
    )
    if not os.access(mpy_cross, os.X_OK):
        pytest.fail("mpy-cross not found at %s (set MFA_MPY_CROSS)" % mpy_cross, pytrace=False)
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "mfa_mpy_mod.py")
        with open(src, "w") as f:
            f.write("def handler(item_id, verbose_flag_name=False, *, limit_value=10): pass\n"
                    "async def ahandler(req, page_number=1): pass\n")
        subprocess.run([mpy_cross, "-o", os.path.join(d, "mfa_mpy_mod.mpy"), src], check=True)
        os.remove(src)
        script = (
            "import sys, json\nsys.path.insert(0, %r)\n" % d
            + r"""
from _microfastapi import fn_params
import mfa_mpy_mod
r = [fn_params(mfa_mpy_mod.handler), fn_params(mfa_mpy_mod.ahandler)]
import asyncio
r.append(fn_params(asyncio.wait_for)[0])
import os
try:
    os.stat(asyncio.__file__)  # relative path; the cwd is an empty folder
    r.append(asyncio.__file__)
except OSError:
    r.append(True)  # frozen

print(json.dumps([[list(a), sorted(b.items())] for a, b in r[:2]] + [list(r[2]), r[3]]))
"""
        )
        r = run_twin(twin, script)
    assert r[0] == [["item_id", "verbose_flag_name", "limit_value"], [["limit_value", 10], ["verbose_flag_name", False]]]
    assert r[1] == [["req", "page_number"], [["page_number", 1]]]
    assert r[2] == ["aw", "timeout", "sleep"]
    assert r[3] is True, "asyncio is not frozen in this twin: %r" % r[3]
