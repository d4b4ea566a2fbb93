# Runs on the host twin (MicroPython), fed through stdin by the tests; not a
# pytest module. Reads DATA_PATH (set by the caller) and prints one JSON line:
# for every case, the results of the C binding (_microfastapi) and of the pure
# Python fallback (microfastapi/_parser.py executed with the C module hidden).
import json

try:
    from binascii import unhexlify
except ImportError:
    unhexlify = bytes.fromhex

import _microfastapi as C

with open(DATA_PATH) as _f:
    D = json.load(_f)

with open(D["parser_py"]) as _f:
    _src = _f.read()
_src = _src.replace("from _microfastapi import", "from _microfastapi_hidden_for_tests import")
P = {"__name__": "fallback"}
exec(_src, P)
assert not P["ACCELERATED"]


def norm(r):
    if isinstance(r, int):
        return "inc" if r >= 0 else r
    r = list(r)
    r[5] = sorted([k, v] for k, v in r[5].items())
    return r


def wrap(b, kind):
    if kind == 1:
        return bytearray(b)
    if kind == 2:
        return memoryview(bytearray(b) + b"garbage")
    return b


def heads(mod, case):
    b = wrap(unhexlify(case["h"]), case.get("t", 0))
    n = len(b) - (7 if case.get("t", 0) == 2 else 0)
    rl, hs, mh = case["l"]
    out = {"full": norm(mod["parse_head"](b, n, 0, rl, hs, mh))}
    ks = case.get("k")
    if ks is not None:
        if ks == "all":
            ks = range(n + 1)
        out["fresh"] = [norm(mod["parse_head"](b, k, 0, rl, hs, mh)) for k in ks]
        # resumed: carry `scanned` over the same prefixes
        res = []
        sc = 0
        for k in ks:
            r = mod["parse_head"](b, k, sc, rl, hs, mh)
            res.append(norm(r))
            if isinstance(r, int) and r >= 0:
                sc = r
            else:
                break
        out["resumed"] = res
    return out


def chunks(mod, case):
    b = unhexlify(case["h"])
    s = case["s"]
    r = mod["parse_chunk"](b, s, len(b))
    return r if isinstance(r, int) else list(r)


def call(mod, name, args):
    try:
        return ["ok", mod[name](*args)]
    except ValueError:
        return ["ValueError"]
    except TypeError:
        return ["TypeError"]


CM = {k: getattr(C, k) for k in ("parse_head", "parse_chunk", "unquote", "parse_qs", "prefix_get", "qs_get")}
out = {"heads": [], "chunks": [], "calls": []}
for case in D.get("heads", []):
    out["heads"].append([heads(CM, case), heads(P, case)])
for case in D.get("chunks", []):
    out["chunks"].append([chunks(CM, case), chunks(P, case)])
for name, args in D.get("calls", []):
    out["calls"].append([call(CM, name, args), call(P, name, args)])
print(json.dumps(out))
