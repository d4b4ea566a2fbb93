# HTTP/1.1 request parsing (RFC 9112) for MicroFastApi.
# Uses the C module `_microfastapi` when present; the pure-Python definitions
# below have the same behaviour (see docs/CONTRACTS.md). No `re` on purpose.
#
# Exact rules of parse_head(buf, n, scanned, max_request_line, max_header_size, max_headers),
# in the order they are applied:
#  framing (also on incomplete input), over buf[0:min(n, max_header_size)], in byte
#  order (whichever comes first), like the C version:
#   - leading "\r\n" pairs are skipped (they count in `consumed` and in the head size);
#   - a bare LF, or a CR followed by something else than LF -> -400;
#   - an ordinary byte of the request line at offset >= max_request_line from its
#     start -> -414 (so the line without CRLF may be max_request_line long);
#   - no blank line within the first max_header_size bytes: -431 once
#     n >= max_header_size, else incomplete: the returned int is an opaque resume state.
#  full parse of a complete head:
#   - request line: exactly 3 parts split on single SP, method a token, version
#     exactly "HTTP/" DIGIT "." DIGIT, target bytes 0x21..0x7E without "#", in
#     origin-form ("/..."), absolute-form (scheme "://" non-empty authority, reduced to
#     its path, "/" when empty) or "*" (OPTIONS only); else -400.
#     Version other than 1.0/1.1 -> -505.
#   - each header line in order: more than max_headers lines -> -431; starts with SP/HTAB
#     (obs-fold) -> -400; no ":" or name not a token -> -400; value (SP/HTAB trimmed)
#     with a CTL other than HTAB, or DEL, or not valid UTF-8 -> -400.
#   - Host: more than one -> -400; none in HTTP/1.1 -> -400; value not host[:port]
#     (reg-name/IPv4 chars unreserved, sub-delims, pct-encoded; or "[" IP-literal "]";
#     port *DIGIT; empty allowed) -> -400 (in HTTP/1.0 too when present).
#   - Content-Length: repeated -> -400; not 1*DIGIT or > 2**31-1 -> -400.
#   - Transfer-Encoding: HTTP/1.0 -> -400; with Content-Length -> -400; list split
#     on ",", elements trimmed of SP/HTAB and compared case-insensitively; an empty
#     element or "chunked" not last -> -400; any element other than "chunked" -> -501.
#   - flags: 1 keep-alive (Connection tokens, case-insensitive), 2 chunked,
#     4 "Expect: 100-continue" (case-insensitive, HTTP/1.1 only).

try:
    from _microfastapi import parse_head, parse_chunk, unquote, parse_qs, fn_params

    ACCELERATED = True
except ImportError:
    ACCELERATED = False

    _TCHAR = bytearray(256)
    for _c in b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        _TCHAR[_c] = 1
    # host chars: unreserved + sub-delims + "%" (checked as pct-encoded separately)
    _HCHAR = bytearray(256)
    for _c in b"-._~!$&'()*+,;=%0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        _HCHAR[_c] = 1
    _HEX = b"0123456789abcdefABCDEF"

    def _token(b):
        if not b:
            return False
        for c in b:
            if not _TCHAR[c]:
                return False
        return True

    def _pct_ok(b, i):
        # b[i] == "%": needs two hex digits
        return i + 2 < len(b) and b[i + 1] in _HEX and b[i + 2] in _HEX

    def _host_ok(v):
        n = len(v)
        if n == 0:
            return True
        if v[0] == 91:  # "["
            e = v.find(b"]")
            if e < 2:
                return False
            for c in v[1:e]:
                if not (_HCHAR[c] or c == 58) or c == 37:
                    return False
            rest = v[e + 1 :]
            if rest and (rest[0] != 58 or not _digits(rest[1:], True)):
                return False
            return True
        c = v.find(b":")
        if c >= 0:
            if not _digits(v[c + 1 :], True):
                return False
            v = v[:c]
        i = 0
        for ch in v:
            if not _HCHAR[ch]:
                return False
            if ch == 37 and not _pct_ok(v, i):
                return False
            i += 1
        return True

    def _digits(b, empty_ok=False):
        if not b:
            return empty_ok
        for c in b:
            if c < 48 or c > 57:
                return False
        return True

    def _value_ok(v):
        for c in v:
            if (c < 32 and c != 9) or c == 127:
                return False
        return True

    def _strip(b):
        # trim SP / HTAB only
        i = 0
        j = len(b)
        while i < j and (b[i] == 32 or b[i] == 9):
            i += 1
        while j > i and (b[j - 1] == 32 or b[j - 1] == 9):
            j -= 1
        return b[i:j]

    def parse_head(buf, n, scanned, max_request_line, max_header_size, max_headers):
        if type(buf) is memoryview:
            buf = bytes(buf[:n])
        lim = n if n < max_header_size else max_header_size
        i = 0
        while i + 1 < lim and buf[i] == 13 and buf[i + 1] == 10:
            i += 2
        start = i
        rl_end = start + max_request_line  # first byte index that makes the line too long
        pos = scanned if scanned > start else start
        while True:
            e = buf.find(b"\n", pos, lim)
            if e < 0:
                break
            k = buf.find(b"\r", pos, e)  # first CR in the line
            if k < 0:
                k = e  # bare LF at e
            bad = k != e - 1  # bare CR at k, or bare LF at e
            if pos == start and (k if bad else e - 1) > rl_end:
                return -414
            if bad:
                return -400
            if e - 1 == pos and pos != start:
                end = e + 1
                if end > max_header_size:
                    return -431
                return _parse_full(bytes(buf[start:end]), end, max_headers)
            pos = e + 1
        # unfinished line [pos, lim): no LF in it
        k = buf.find(b"\r", pos, lim)
        if k >= 0 and k + 1 < lim:
            if pos == start and k > rl_end:
                return -414
            return -400
        if pos == start:
            last = (k if k >= 0 else lim) - 1  # last ordinary byte
            if last >= rl_end:
                return -414
        if n >= max_header_size:
            return -431
        return pos

    def _parse_full(h, consumed, max_headers):
        lines = h.split(b"\r\n")
        # lines[-2] and lines[-1] are the empty line and "" after it
        rl = lines[0].split(b" ")
        if len(rl) != 3:
            return -400
        method, target, ver = rl
        if not _token(method):
            return -400
        if (
            len(ver) != 8
            or ver[:5] != b"HTTP/"
            or ver[6] != 46
            or not (48 <= ver[5] <= 57)
            or not (48 <= ver[7] <= 57)
        ):
            return -400
        if not target:
            return -400
        for c in target:
            if c < 33 or c > 126 or c == 35:
                return -400
        t0 = target[0]
        if t0 == 47:  # "/"
            pass
        elif target == b"*":
            if method != b"OPTIONS":
                return -400
        else:
            s = target.find(b"://")
            if s <= 0 or not (97 <= (t0 | 32) <= 122):
                return -400
            for c in target[:s]:
                if not (_TCHAR[c] and c not in b"!#$%&'*^_`|~"):
                    return -400
            rest = target[s + 3 :]
            j = 0
            while j < len(rest) and rest[j] != 47 and rest[j] != 63:
                j += 1
            if j == 0:
                return -400
            target = rest[j:]
            if not target:
                target = b"/"
            elif target[0] == 63:
                target = b"/" + target
        v = (ver[5] - 48) * 10 + ver[7] - 48
        if v != 10 and v != 11:
            return -505
        q = target.find(b"?")
        if q >= 0:
            path = target[:q].decode()
            query = target[q + 1 :].decode()
        else:
            path = target.decode()
            query = ""
        headers = {}
        nh = 0
        nhost = 0
        ncl = 0
        for k in range(1, len(lines) - 2):
            ln = lines[k]
            nh += 1
            if nh > max_headers:
                return -431
            if ln[0] == 32 or ln[0] == 9:
                return -400
            c = ln.find(b":")
            if c <= 0:
                return -400
            name = ln[:c]
            if not _token(name):
                return -400
            val = _strip(ln[c + 1 :])
            if not _value_ok(val):
                return -400
            try:
                val = val.decode()
            except Exception:
                return -400
            name = name.lower().decode()
            if name == "host":
                nhost += 1
            elif name == "content-length":
                ncl += 1
            old = headers.get(name)
            headers[name] = val if old is None else old + ", " + val
        if nhost > 1 or (nhost == 0 and v == 11):
            return -400
        if nhost and not _host_ok(headers["host"].encode()):
            return -400
        cl = -1
        if ncl:
            s = headers["content-length"]
            if ncl > 1 or not _digits(s.encode()):
                return -400
            cl = int(s)
            if cl > 2147483647:
                return -400
        flags = 0
        te = headers.get("transfer-encoding")
        if te is not None:
            if v == 10 or ncl:
                return -400
            codings = te.split(",")
            last = len(codings) - 1
            bad = False
            for i in range(last + 1):
                x = _strip(codings[i].encode()).lower()
                if not x or (x == b"chunked" and i != last):
                    return -400
                if x != b"chunked":
                    bad = True
            if bad:
                return -501
            flags = 2
        conn = headers.get("connection")
        ka = v == 11
        if conn is not None:
            for x in conn.split(","):
                x = _strip(x.encode()).lower()
                if x == b"close":
                    ka = False
                    break
                if x == b"keep-alive" and v == 10:
                    ka = True
        if ka:
            flags |= 1
        if v == 11:
            ex = headers.get("expect")
            if ex is not None and ex.lower() == "100-continue":
                flags |= 4
        return (consumed, method.decode(), path, query, v, headers, cl, flags)

    def parse_chunk(buf, start, n):
        # chunk-size [ chunk-ext ] CRLF ; chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] )
        i = start
        size = 0
        nd = 0
        while i < n:
            c = buf[i]
            if 48 <= c <= 57:
                d = c - 48
            elif 97 <= (c | 32) <= 102:
                d = (c | 32) - 87
            else:
                break
            size = size * 16 + d
            if size > 2147483647:
                return -400
            nd += 1
            i += 1
        if i == n:
            return -1
        if nd == 0:
            return -400
        # extension state machine
        # st: 0 after size/value (expect BWS ; or CR), 1 after ";" (BWS then name),
        #     2 in name, 3 after name (BWS, "=", ";" or CR), 4 after "=" (BWS then value),
        #     5 in token value, 6 in quoted string, 7 after backslash in quoted string,
        #     8 after CR
        st = 0
        while i < n:
            c = buf[i]
            i += 1
            if st == 8:
                if c == 10:
                    return (size, i)
                return -400
            if c == 13 and st in (0, 2, 3, 5):
                st = 8
                continue
            ws = c == 32 or c == 9
            if st == 0:
                if c == 59:
                    st = 1
                elif not ws:
                    return -400
            elif st == 1:
                if _TCHAR[c]:
                    st = 2
                elif not ws:
                    return -400
            elif st == 2 or st == 3:
                if st == 2 and _TCHAR[c]:
                    pass
                elif ws:
                    st = 3
                elif c == 61:
                    st = 4
                elif c == 59:
                    st = 1
                else:
                    return -400
            elif st == 4:
                if c == 34:
                    st = 6
                elif _TCHAR[c]:
                    st = 5
                elif not ws:
                    return -400
            elif st == 5:
                if _TCHAR[c]:
                    pass
                elif ws:
                    st = 0
                elif c == 59:
                    st = 1
                else:
                    return -400
            elif st == 6:
                if c == 34:
                    st = 0
                elif c == 92:
                    st = 7
                elif (c < 32 and c != 9) or c == 127:
                    return -400
            else:  # 7
                if (c < 32 and c != 9) or c == 127:
                    return -400
                st = 6
        return -1

    def unquote(s, plus=False):
        if "%" not in s:
            if plus and "+" in s:
                return s.replace("+", " ")
            return s
        b = s.encode()
        out = bytearray()
        i = 0
        n = len(b)
        while i < n:
            c = b[i]
            if c == 37 and i + 2 < n and b[i + 1] in _HEX and b[i + 2] in _HEX:
                out.append(int(b[i + 1 : i + 3], 16))
                i += 3
                continue
            if c == 43 and plus:
                c = 32
            out.append(c)
            i += 1
        try:
            return out.decode()
        except Exception:
            raise ValueError("invalid UTF-8 in percent-encoding")

    def parse_qs(s):
        d = {}
        for p in s.split("&"):
            if not p:
                continue
            e = p.find("=")
            if e >= 0:
                d[unquote(p[:e], True)] = unquote(p[e + 1 :], True)
            else:
                d[unquote(p, True)] = ""
        return d

    try:
        import inspect as _inspect

        def fn_params(func):
            if not (_inspect.isfunction(func) or _inspect.ismethod(func)):
                raise TypeError("not a Python function")
            names = []
            defaults = {}
            for p in _inspect.signature(func).parameters.values():
                if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                    continue
                names.append(p.name)
                if p.default is not p.empty:
                    defaults[p.name] = p.default
            return tuple(names), defaults

    except ImportError:

        def fn_params(func):
            raise TypeError("fn_params needs the _microfastapi C module on MicroPython")

# The fast path's helpers (docs/CONTRACTS.md); each has its own fallback, so
# an older C module without one still gives the others.
try:
    # pre + content-length + tail + json.dumps(obj) as one bytes, in one buffer
    from _microfastapi import json_response
except ImportError:

    def json_response(pre, obj, tail):
        from . import responses

        b = responses.json_dumps(obj).encode()
        return b"%s%d%s" % (pre, len(b), tail) + b

try:
    # parse_qs(s).get(key), allocating only the answer
    from _microfastapi import qs_get
except ImportError:

    def qs_get(s, key):
        return parse_qs(s).get(key)

try:
    # (index[path up to its last "/"], the rest), or None: without allocating the key
    from _microfastapi import prefix_get
except ImportError:

    def prefix_get(index, path):
        i = path.rfind("/") + 1
        r = index.get(path[:i])
        return None if r is None else (r, path[i:])

try:
    # how many of fn_params' names are keyword-only (0: callable positionally)
    from _microfastapi import fn_kwonly
except ImportError:

    def fn_kwonly(f):
        raise TypeError("fn_kwonly needs the _microfastapi C module")
