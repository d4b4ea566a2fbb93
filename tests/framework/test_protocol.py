"""HTTP/1.1 over raw sockets against the real servers: keep-alive, pipelining,
HTTP/1.0, limits, timeouts, slow clients, and hostile / malformed requests."""
import socket
import subprocess
import threading
import time

import httpx
import pytest

from microfastapi.testing import parse_responses


def conn(server, timeout=5):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_until_close(s, limit=1 << 20):
    data = b""
    try:
        while len(data) < limit:
            b = s.recv(65536)
            if not b:
                return data, True
            data += b
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, True
    return data, False


def read_responses(s, count, head_only=False, timeout=5):
    s.settimeout(timeout)
    data = b""
    end = time.time() + timeout
    while time.time() < end:
        rs = parse_responses(data, head_only)
        if len(rs) >= count and _complete(data, count):
            return rs
        b = s.recv(65536)
        if not b:
            break
        data += b
    return parse_responses(data, head_only)


def _complete(data, count):
    # all `count` responses fully there (content-length bodies)
    try:
        return len(parse_responses(data)) >= count and data.endswith((b"}", b"\r\n\r\n", b"\n")) or True
    except Exception:
        return False


def get(path, extra=b"", version=b"HTTP/1.1"):
    return b"GET " + path + b" " + version + b"\r\nHost: t\r\n" + extra + b"\r\n"


def status_of(data):
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.") else None


def test_keepalive_reuse(server):
    s = conn(server)
    for i in range(5):
        s.sendall(get(b"/items/%d" % i))
        r = read_responses(s, 1)[0]
        assert r.status_code == 200 and r.json() == {"item_id": i, "q": None}
        assert "connection" not in r.headers
    s.close()


def test_pipelining_in_order(server):
    s = conn(server)
    s.sendall(get(b"/items/1") + get(b"/slow") + get(b"/items/3") + b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc" + get(b"/items/5"))
    data = b""
    while data.count(b"HTTP/1.1 ") < 5 or not data.endswith(b"}"):
        b = s.recv(65536)
        assert b, data
        data += b
    rs = parse_responses(data)
    assert [r.json() for r in rs] == [{"item_id": 1, "q": None}, {"slow": True}, {"item_id": 3, "q": None},
                                      {"len": 3, "text": "abc"}, {"item_id": 5, "q": None}]
    s.close()


def test_connection_close_honoured(server):
    s = conn(server)
    s.sendall(get(b"/", b"Connection: close\r\n"))
    data, closed = read_until_close(s)
    assert closed and status_of(data) == 200 and b"connection: close" in data.lower()


def test_http10(server):
    s = conn(server)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    data, closed = read_until_close(s)
    assert closed and data.startswith(b"HTTP/1.0 200") and data.endswith(b'{"Hello": "World"}')
    s = conn(server)
    s.sendall(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    r = read_responses(s, 1)[0]
    assert r.status_code == 200 and r.headers["connection"] == "keep-alive"
    s.sendall(b"GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    data, closed = read_until_close(s)
    assert closed and data.endswith(b"chunk0;chunk1;chunk2;")  # no chunked for 1.0: close ends it


def test_options_star_and_absolute_form(server):
    s = conn(server)
    s.sendall(b"OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n" + b"GET http://t/items/4?q=y HTTP/1.1\r\nHost: t\r\n\r\n")
    rs = read_responses(s, 2)
    assert rs[0].status_code == 204 and "GET" in rs[0].headers["allow"]
    assert rs[1].json() == {"item_id": 4, "q": "y"}


def test_request_cap(server):
    s = conn(server)
    s.sendall(get(b"/") * 20)
    data, closed = read_until_close(s)
    rs = parse_responses(data)
    assert len(rs) == 20 and closed
    assert rs[-1].headers["connection"] == "close" and "connection" not in rs[-2].headers


def test_expect_100_continue(server):
    s = conn(server)
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
    first = s.recv(100)
    assert first == b"HTTP/1.1 100 Continue\r\n\r\n"
    s.sendall(b"hello")
    r = read_responses(s, 1)[0]
    assert r.json() == {"len": 5, "text": "hello"}


def test_chunked_request_body(server):
    s = conn(server)
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"5;ext=1\r\nhello\r\n1\r\n \r\n")
    time.sleep(0.05)
    s.sendall(b"5\r\nworld\r\n0\r\nX-Trailer: v\r\n\r\n" + get(b"/items/9"))
    rs = read_responses(s, 2)
    assert rs[0].json() == {"len": 11, "text": "hello world"}
    assert rs[1].json() == {"item_id": 9, "q": None}


@pytest.mark.parametrize("raw,status", [
    (b"GET /" + b"a" * 600 + b" HTTP/1.1\r\nHost: t\r\n\r\n", 414),
    (b"GET / HTTP/1.1\r\nHost: t\r\n" + b"X-A: b\r\n" * 25 + b"\r\n", 431),
    (b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"b" * 2100 + b"\r\n\r\n", 431),
    (b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000, 413),
    (b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + (b"400\r\n" + b"x" * 1024 + b"\r\n") * 5 + b"0\r\n\r\n", 413),
], ids=["long-line", "many-headers", "big-header", "body-over-limit", "chunked-over-limit"])
def test_limits(server, raw, status):
    s = conn(server)
    s.sendall(raw)
    data, closed = read_until_close(s)
    assert status_of(data) == status and closed
    assert server.alive()


HOSTILE = [
    ("cl-te", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /items/666 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("te-cl", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400),
    ("double-cl", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
    ("cl-list", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
    ("cl-neg", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
    ("cl-plus", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\n\r\nabc", 400),
    ("cl-huge", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
    ("te-gzip", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    ("te-chunked-not-last", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
    ("te-double-chunked", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    ("te-junk", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n", 501),
    ("te-http10", b"POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    ("te-space-name", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n", 400),
    ("obs-fold", b"GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n", 400),
    ("bare-lf", b"GET / HTTP/1.1\nHost: t\n\n", 400),
    ("bare-lf-header", b"GET / HTTP/1.1\r\nHost: t\nX: y\r\n\r\n", 400),
    ("bare-cr", b"GET / HTTP/1.1\r\nHost: t\rX: y\r\n\r\n", 400),
    ("nul-value", b"GET / HTTP/1.1\r\nHost: t\r\nX-A: a\x00b\r\n\r\n", 400),
    ("ctl-value", b"GET / HTTP/1.1\r\nHost: t\r\nX-A: a\x1bb\r\n\r\n", 400),
    ("nul-target", b"GET /\x00 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("no-host", b"GET / HTTP/1.1\r\n\r\n", 400),
    ("two-hosts", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    ("bad-host", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
    ("bad-host-userinfo", b"GET / HTTP/1.1\r\nHost: u@h\r\n\r\n", 400),
    ("bad-host-port", b"GET / HTTP/1.1\r\nHost: h:8x\r\n\r\n", 400),
    ("version-12", b"GET / HTTP/1.2\r\nHost: t\r\n\r\n", 505),
    ("version-2", b"GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
    ("version-bad", b"GET / HTTP/1.1x\r\nHost: t\r\n\r\n", 400),
    ("version-lower", b"GET / http/1.1\r\nHost: t\r\n\r\n", 400),
    ("no-version", b"GET /\r\nHost: t\r\n\r\n", 400),
    ("two-spaces", b"GET  / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("tab-sep", b"GET\t/ HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("bad-method", b"G(T / HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("bad-target", b"GET items HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("star-get", b"GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400),
    ("space-before-colon", b"GET / HTTP/1.1\r\nHost: t\r\nX-A : b\r\n\r\n", 400),
    ("no-colon", b"GET / HTTP/1.1\r\nHost: t\r\nX-A\r\n\r\n", 400),
    ("empty-name", b"GET / HTTP/1.1\r\nHost: t\r\n: b\r\n\r\n", 400),
    ("leading-ws-header", b"GET / HTTP/1.1\r\n Host: t\r\n\r\n", 400),
    ("bad-utf8-value", b"GET / HTTP/1.1\r\nHost: t\r\nX-A: \xff\xfe\r\n\r\n", 400),
    ("bad-chunk-size", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    ("chunk-size-huge", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nfffffffff\r\n", 400),
    ("chunk-no-crlf", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n", 400),
    ("chunk-bare-lf", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", 400),
    ("chunk-bad-ext", b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;\x01\r\nabc\r\n0\r\n\r\n", 400),
    ("binary-junk", bytes(range(256)), 400),
    ("tls-hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40, 400),
]


@pytest.mark.parametrize("name,raw,status", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile(server, name, raw, status):
    s = conn(server)
    s.sendall(raw)
    data, closed = read_until_close(s)
    assert status_of(data) == status, data[:200]
    assert closed, "connection left open"
    assert data.count(b"HTTP/1.") == 1  # nothing smuggled through
    s.close()


def test_alive_after_hostile(server):
    assert httpx.get(server.url + "/").json() == {"Hello": "World"}
    assert server.alive()


def test_read_timeout_slowloris(server):
    s = conn(server, timeout=6)
    s.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n")  # never finished
    t0 = time.time()
    data, closed = read_until_close(s)
    assert closed and time.time() - t0 < 5
    assert data == b"" or status_of(data) == 408


def test_keepalive_idle_timeout(server):
    s = conn(server, timeout=6)
    s.sendall(get(b"/"))
    read_responses(s, 1)
    t0 = time.time()
    data, closed = read_until_close(s)
    assert closed and 2 < time.time() - t0 < 5.5 and data == b""


def test_idle_connections_do_not_block(server):
    idle = [conn(server) for _ in range(30)]
    partial = [conn(server) for _ in range(10)]
    for p in partial:
        p.sendall(b"GET / HTTP/1.1\r\nHo")
    time.sleep(0.2)
    t0 = time.time()
    r = httpx.get(server.url + "/items/1", timeout=5)
    assert r.status_code == 200 and time.time() - t0 < 2
    for s in idle + partial:
        s.close()


def test_concurrent_clients(server):
    errors = []

    def worker(n):
        try:
            with httpx.Client(base_url=server.url, timeout=10) as c:
                for i in range(10):
                    r = c.get("/items/%d" % (n * 100 + i))
                    assert r.json()["item_id"] == n * 100 + i
        except Exception as e:  # pragma: no cover
            errors.append(repr(e))

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    assert errors == []


def test_async_handlers_overlap(server):
    res = []

    def one():
        res.append(httpx.get(server.url + "/slow", timeout=10).status_code)

    t0 = time.time()
    ts = [threading.Thread(target=one) for _ in range(5)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    assert res == [200] * 5 and time.time() - t0 < 1.4  # 5 x 0.3 s sleeps overlap


def curl(*args):
    return subprocess.run(["curl", "-s", "-S", "--max-time", "10"] + list(args), capture_output=True, text=True, timeout=20)


def test_curl(server):
    p = curl("-i", server.url + "/items/5?q=x")
    assert p.stdout.startswith("HTTP/1.1 200 OK") and p.stdout.endswith('{"item_id": 5, "q": "x"}')
    p = curl("-X", "POST", "-H", "Content-Type: application/json", "-d", '{"name": "c"}', "-w", "%{http_code}", server.url + "/items")
    assert p.stdout == '{"name": "c"}201'
    p = curl("--http1.0", server.url + "/sensors/?userId=7")
    assert p.stdout == '{"sensor data for userId": 7}'
    p = curl(server.url + "/", server.url + "/items/2")  # one connection, two requests
    assert p.stdout == '{"Hello": "World"}{"item_id": 2, "q": null}'
    p = curl("-H", "Transfer-Encoding: chunked", "-d", "x" * 3000, server.url + "/echo")
    assert p.stdout == '{"len": 3000, "text": "%s"}' % ("x" * 3000)
    p = curl("--compressed", server.url + "/app.js")
    assert p.stdout == 'console.log("plain");\n' * 50
    p = curl("-I", server.url + "/file")
    assert "content-length: 11" in p.stdout
