# In-memory test client: real request bytes through the server's connection
# handler (same parser and dispatch), response bytes parsed back. No sockets.
import json as _json
import asyncio
from ._parser import unquote


def _qs_quote(s):
    s = str(s)
    out = []
    for c in s.encode():
        ch = chr(c)
        if ch.isalpha() and c < 128 or ch.isdigit() or ch in "-._~":
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            out.append("%{:02X}".format(c))
    return "".join(out)


def urlencode(d):
    return "&".join(_qs_quote(k) + "=" + _qs_quote(d[k]) for k in d)


class Headers:
    # case-insensitive lookup; repeated fields joined with ", "
    def __init__(self):
        self.d = {}

    def __getitem__(self, k):
        return self.d[k.lower()]

    def __setitem__(self, k, v):
        self.d[k.lower()] = v

    def get(self, k, d=None):
        return self.d.get(k.lower(), d)

    def __contains__(self, k):
        return k.lower() in self.d

    def __iter__(self):
        return iter(self.d)

    def __len__(self):
        return len(self.d)

    def keys(self):
        return self.d.keys()

    def items(self):
        return self.d.items()

    def __repr__(self):
        return repr(self.d)


class TestResponse:
    def __init__(self, status_code, reason, headers, content, cookies, raw):
        self.status_code = status_code
        self.reason = reason
        self.headers = headers
        self.content = content
        self.cookies = cookies
        self.raw = raw

    @property
    def text(self):
        return self.content.decode()

    def json(self):
        return _json.loads(self.content)

    def __repr__(self):
        return "<TestResponse [{}]>".format(self.status_code)


_PEER = ("testclient", 50000)


class _Mem:
    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.out = []

    async def readinto(self, mv):
        n = len(self.data) - self.pos
        if n > len(mv):
            n = len(mv)
        mv[:n] = self.data[self.pos : self.pos + n]
        self.pos += n
        return n

    def write(self, b):
        self.out.append(bytes(b))

    async def drain(self):
        pass

    def close(self):
        pass

    async def wait_closed(self):
        pass

    def get_extra_info(self, k):
        return _PEER if k == "peername" else None


def parse_responses(raw, head_only=False):
    # -> list of TestResponse from a byte string of one or more responses
    out = []
    pos = 0
    while pos < len(raw):
        e = raw.find(b"\r\n\r\n", pos)
        if e < 0:
            break
        lines = raw[pos:e].decode().split("\r\n")
        pos = e + 4
        p = lines[0].split(" ", 2)
        st = int(p[1])
        h = Headers()
        cookies = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            k = k.strip().lower()
            v = v.strip()
            if k == "set-cookie":
                nv = v.split(";", 1)[0]
                cookies[nv.split("=", 1)[0]] = nv.split("=", 1)[1] if "=" in nv else ""
            h[k] = h[k] + ", " + v if k in h else v
        body = b""
        if st == 100:
            continue
        if head_only or st in (204, 304):
            pass
        elif h.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                e = raw.find(b"\r\n", pos)
                size = int(raw[pos:e].split(b";")[0], 16)
                pos = e + 2
                if size == 0:
                    e = raw.find(b"\r\n\r\n", pos - 2)
                    pos = e + 4 if e >= 0 else len(raw)
                    break
                chunks.append(raw[pos : pos + size])
                pos += size + 2
            body = b"".join(chunks)
        elif "content-length" in h:
            n = int(h["content-length"])
            body = raw[pos : pos + n]
            pos += n
        else:
            body = raw[pos:]
            pos = len(raw)
        out.append(TestResponse(st, p[2] if len(p) > 2 else "", h, body, cookies, raw))
    return out


class TestClient:
    __test__ = False  # not a pytest class

    def __init__(self, app, base_headers=None, limits=None):
        from .server import Server

        self.app = app
        self.server = Server(app, limits)
        self.base_headers = base_headers or {}
        self.cookies = {}

    def raw(self, data):
        # send raw request bytes, return the raw response bytes
        out = self.server.handle_bytes(data, _PEER)
        if out is not None:
            return out
        m = _Mem(data)

        async def go():
            await self.server.handle(m, m)

        asyncio.run(go())
        return b"".join(m.out)

    def request(self, method, path, headers=None, params=None, json=None, data=None, content=None, cookies=None,
                files=None):
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params)
        h = {"host": "testserver"}
        for src in (self.base_headers, headers or {}):
            for k in src:
                h[k.lower()] = src[k]
        body = b""
        if files:
            # multipart/form-data as httpx writes it: data fields, then files
            from .multipart import encode_multipart

            ct, body = encode_multipart(data, files)
            h.setdefault("content-type", ct)
        elif json is not None:
            body = _json.dumps(json).encode()
            h.setdefault("content-type", "application/json")
        elif data is not None:
            if isinstance(data, dict):
                body = urlencode(data).encode()
                h.setdefault("content-type", "application/x-www-form-urlencoded")
            else:
                body = data.encode() if isinstance(data, str) else bytes(data)
        elif content is not None:
            body = content.encode() if isinstance(content, str) else bytes(content)
        ck = dict(self.cookies)
        if cookies:
            ck.update(cookies)
        if ck and "cookie" not in h:
            h["cookie"] = "; ".join(k + "=" + ck[k] for k in ck)
        if body or method in ("POST", "PUT", "PATCH"):
            h["content-length"] = str(len(body))
        req = method + " " + path + " HTTP/1.1\r\n" + "".join(k + ": " + str(h[k]) + "\r\n" for k in h) + "\r\n"
        raw = self.raw(req.encode() + body)
        rs = parse_responses(raw, method == "HEAD")
        if not rs:
            raise RuntimeError("no response: %r" % raw)
        r = rs[-1]
        self.cookies.update(r.cookies)
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def head(self, path, **kw):
        return self.request("HEAD", path, **kw)

    def options(self, path, **kw):
        return self.request("OPTIONS", path, **kw)
