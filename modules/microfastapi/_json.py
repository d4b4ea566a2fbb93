# Strict JSON in and out, the same on every runtime.
#
# In: loads() checks the text first (check()), then parses it. RFC 8259 only
# (MicroPython's own parser accepts {"a" 1}, [1,,2] and {"a":[1,}; CPython's
# accepts NaN and Infinity), valid UTF-8 with no lone surrogate, and bounds
# that keep a hostile body cheap on the RP2040: a number's integer digits
# (MAX_DIGITS, CPython 3.11's int limit: digits cost quadratic time), keys per
# object (MAX_KEYS: with 8-bit string hashes on rp2 a large dict fills
# quadratically), nesting (MAX_DEPTH) and numbers beyond a double's range.
# A failed check is a ValueError, which the framework answers with 422.
#
# Out: dumps() is json.dumps(), strictly: only dict, list, tuple, str, int,
# float, bool and None (keys: str, int, float, bool, None), no inf or nan, no
# lone surrogates. Anything else raises TypeError/ValueError, which the
# framework answers with 500 and a traceback, never with invalid JSON.
#
# The firmware and the twin do both in C (_microfastapi.json_check and
# json_dumps); the Python definitions below behave the same (tests/framework/
# test_json_strict.py compares them).

MAX_DIGITS = 4300
MAX_KEYS = 256
MAX_DEPTH = 32

try:
    from _microfastapi import json_check as _ccheck, json_dumps as _cdumps
except ImportError:
    _ccheck = _cdumps = None

_json = None


def _mod():
    # json imported on first use (see response.py: ~180k cycles on the RP2040)
    global _json
    if _json is None:
        import json

        _json = json
    return _json


def _fail(what, pos):
    raise ValueError("invalid JSON: {} at {}".format(what, pos))


_WS = b" \t\n\r"
_DIG = b"0123456789"
_HEX = b"0123456789abcdefABCDEF"
_ESC = b'"\\/bfnrt'


def _hex4(b, i, n):
    if n - i < 4:
        return -1
    for k in range(i, i + 4):
        if b[k] not in _HEX:
            return -1
    return int(bytes(b[i : i + 4]), 16)


def _pycheck(b, max_digits, max_keys, max_depth):
    if isinstance(b, str):
        b = b.encode()
    n = len(b)
    i = 0
    stack = []  # True for an object
    keys = []
    state = 0  # 0 value, 1 after a value, 2 key, 3 after a key
    first = False
    while True:
        while i < n and b[i] in _WS:
            i += 1
        if i == n:
            if state == 1 and not stack:
                return None
            _fail("unexpected end", i)
        c = b[i]
        if state == 1:
            if not stack:
                _fail("extra data", i)
            obj = stack[-1]
            if c == 44:  # ,
                i += 1
                state = 2 if obj else 0
                first = False
                continue
            if c == (125 if obj else 93):
                i += 1
                stack.pop()
                if obj:
                    keys.pop()
                continue
            _fail("expected , or close", i)
        if state == 3:
            if c != 58:
                _fail("expected :", i)
            i += 1
            state = 0
            continue
        if first and (c == 93 or c == 125):
            obj = stack[-1]
            if c != (125 if obj else 93):
                _fail("mismatched close", i)
            i += 1
            stack.pop()
            if obj:
                keys.pop()
            state = 1
            first = False
            continue
        first = False
        if state == 2 and c != 34:
            _fail("expected a key", i)
        if c == 34:  # "
            i += 1
            while True:
                if i == n:
                    _fail("unterminated string", i)
                c = b[i]
                if c == 34:
                    i += 1
                    break
                if c < 32:
                    _fail("control character in string", i)
                if c == 92:
                    if n - i < 2:
                        _fail("bad escape", i)
                    c = b[i + 1]
                    if c == 117:  # u
                        u = _hex4(b, i + 2, n)
                        if u < 0:
                            _fail("bad \\u escape", i)
                        i += 6
                        if 0xDC00 <= u <= 0xDFFF:
                            _fail("lone surrogate", i)
                        if 0xD800 <= u <= 0xDBFF:
                            u2 = _hex4(b, i + 2, n) if n - i >= 6 and b[i] == 92 and b[i + 1] == 117 else -1
                            if not 0xDC00 <= u2 <= 0xDFFF:
                                _fail("lone surrogate", i)
                            i += 6
                        continue
                    if c not in _ESC:
                        _fail("bad escape", i)
                    i += 2
                    continue
                if c < 0x80:
                    i += 1
                    continue
                lo, hi = 0x80, 0xBF
                if 0xC2 <= c <= 0xDF:
                    k = 1
                elif 0xE0 <= c <= 0xEF:
                    k = 2
                    if c == 0xE0:
                        lo = 0xA0
                    elif c == 0xED:
                        hi = 0x9F
                elif 0xF0 <= c <= 0xF4:
                    k = 3
                    if c == 0xF0:
                        lo = 0x90
                    elif c == 0xF4:
                        hi = 0x8F
                else:
                    _fail("invalid UTF-8", i)
                if n - i <= k or not lo <= b[i + 1] <= hi:
                    _fail("invalid UTF-8", i)
                for j in range(i + 2, i + k + 1):
                    if b[j] & 0xC0 != 0x80:
                        _fail("invalid UTF-8", i)
                i += k + 1
            if state == 2:
                keys[-1] += 1
                if keys[-1] > max_keys:
                    _fail("too many keys in an object", i)
                state = 3
            else:
                state = 1
            continue
        if c == 123 or c == 91:  # { [
            if len(stack) >= min(max_depth, 32):
                _fail("nested too deeply", i)
            stack.append(c == 123)
            if c == 123:
                keys.append(0)
                state = 2
            else:
                state = 0
            i += 1
            first = True
            continue
        if c == 45 or c in _DIG:
            start = i
            if c == 45:
                i += 1
            d0 = i
            if i < n and b[i] == 48:
                i += 1
            elif i < n and b[i] in b"123456789":
                while i < n and b[i] in _DIG:
                    i += 1
            else:
                _fail("bad number", start)
            idigits = i - d0
            if idigits > max_digits:
                _fail("too many digits", start)
            isfloat = False
            if i < n and b[i] == 46:
                i += 1
                f0 = i
                while i < n and b[i] in _DIG:
                    i += 1
                if i == f0:
                    _fail("bad number", start)
                if i - f0 > max_digits:
                    _fail("too many digits", start)
                isfloat = True
            if i < n and b[i] in b"eE":
                i += 1
                neg = False
                if i < n and b[i] in b"+-":
                    neg = b[i] == 45
                    i += 1
                e0 = i
                e = 0
                while i < n and b[i] in _DIG:
                    if e < 100000:
                        e = e * 10 + b[i] - 48
                    i += 1
                if i == e0:
                    _fail("bad number", start)
                if e > 400 or (not neg and e + idigits > 309):
                    _fail("number out of range", start)
                isfloat = True
            if isfloat and idigits > 309:
                _fail("number out of range", start)
            state = 1
            continue
        if b[i : i + 4] == b"true" or b[i : i + 4] == b"null":
            i += 4
        elif b[i : i + 5] == b"false":
            i += 5
        else:
            _fail("unexpected character", i)
        state = 1


def check(data, max_digits=MAX_DIGITS, max_keys=MAX_KEYS, max_depth=MAX_DEPTH):
    """Raise ValueError unless data (bytes/str) is strict JSON within the bounds."""
    if _ccheck is not None:
        return _ccheck(data, max_digits, max_keys, max_depth)
    return _pycheck(data, max_digits, max_keys, max_depth)


_isinstance = isinstance  # module globals: see handling.py (builtins on a request path)
_memoryview = memoryview


def loads(data):
    check(data)
    if _isinstance(data, _memoryview):
        data = bytes(data)
    return _mod().loads(data)


def _enc_check(o, depth):
    # stock MicroPython: its json.dumps prints any object's repr; refuse them
    if isinstance(o, str):
        for ch in o:
            if 0xD800 <= ord(ch) <= 0xDFFF:
                raise ValueError("surrogates not allowed")
    elif isinstance(o, float):
        if o != o or o == _INF or o == -_INF:
            raise ValueError("Out of range float values are not JSON compliant")
    elif o is None or o is True or o is False or isinstance(o, int):
        pass  # (bool is no int subclass on MicroPython)
    elif isinstance(o, (dict, list, tuple)):
        if depth > 100:
            raise ValueError("nested too deeply")
        if isinstance(o, dict):
            for k in o:
                if not (k is None or k is True or k is False or isinstance(k, (str, int, float))):
                    raise TypeError("keys must be str, int, float, bool or None, not " + type(k).__name__)
                _enc_check(k, depth)
                _enc_check(o[k], depth + 1)
        else:
            for x in o:
                _enc_check(x, depth + 1)
    else:
        raise TypeError("Object of type {} is not JSON serializable".format(type(o).__name__))


_INF = float("inf")
from ._compat import CPY as _CPY  # noqa: E402


def dumps(o):
    """json.dumps(o) (separators ", " and ": "), strict: see above."""
    if _cdumps is not None:
        return _cdumps(o)
    json = _mod()
    if _CPY:
        # allow_nan=False refuses inf/nan; ensure_ascii=False keeps lone
        # surrogates, which encode() refuses (UnicodeEncodeError, a
        # ValueError), as Starlette's JSONResponse does
        s = json.dumps(o, allow_nan=False, ensure_ascii=False)
        s.encode()
        return s
    _enc_check(o, 0)
    return json.dumps(o)

