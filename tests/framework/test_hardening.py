"""Issue 17 (and issue 10's JSON, log, port and Ctrl-C items): what a hostile
client or a careless handler could do to the server, tried with real clients
(raw sockets, httpx) against the real server on 127.0.0.1: CPython, and the
host twin with a Pico-sized heap (-X heapsize=200K)."""
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import pytest

from conftest import APPS, MODULES, REPO, Server, free_port, twin_binary, twin_env

HEAP = "200K"
APP = os.path.join(APPS, "harden_app.py")


def make_static(d):
    os.makedirs(os.path.join(d, "site", "sub"))
    with open(os.path.join(d, "site", "a.txt"), "w") as f:
        f.write("plain a")
    with open(os.path.join(d, "site", "index.html"), "w") as f:
        f.write("<p>index</p>")
    with open(os.path.join(d, "site", "sub", "index.html"), "w") as f:
        f.write("<p>sub</p>")
    with open(os.path.join(d, "site", "g.txt"), "w") as f:
        f.write("plain g")
    with open(os.path.join(d, "site", "g.txt.gz"), "wb") as f:
        f.write(gzip.compress(b"gzipped g"))
    with open(os.path.join(d, "secret.txt"), "w") as f:
        f.write("SECRET")
    os.symlink(os.path.join(d, "secret.txt"), os.path.join(d, "site", "link.txt"))
    os.symlink(os.path.join(d, "secret.txt"), os.path.join(d, "site", "a.txt.gz"))
    os.symlink(d, os.path.join(d, "site", "up"))
    return os.path.join(d, "site")


@pytest.fixture(scope="module", params=["cpython", "twin"])
def srv(request):
    d = tempfile.TemporaryDirectory()
    static = make_static(d.name)
    s = Server(request.param, APP, {"MFA_STATIC": static}, heap=HEAP if request.param == "twin" else None)
    s.static = static
    yield s
    s.stop()
    d.cleanup()


def raw(s, data, timeout=5, read_all=True):
    c = socket.create_connection(("127.0.0.1", s.port), timeout=timeout)
    try:
        c.sendall(data)
        out = b""
        while True:
            try:
                b = c.recv(65536)
            except socket.timeout:
                break
            if not b:
                break
            out += b
            if not read_all and b"\r\n\r\n" in out:
                break
        return out
    finally:
        c.close()


def status_of(resp):
    return int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/") else None


def post(s, path, body, **kw):
    # httpx.post, with the server's console in the failure message
    try:
        return httpx.post(s.url + path, content=body, timeout=kw.pop("timeout", 20), **kw)
    except httpx.HTTPError as e:
        pytest.fail("{}: server console:\n{}".format(e, s.output()[-3000:]))


def alive(s):
    r = httpx.get(s.url + "/", timeout=5)
    assert r.status_code == 200 and r.json() == {"ok": True}
    assert s.alive()


def fds(s):
    return len(os.listdir("/proc/{}/fd".format(s.proc.pid)))


# ---- item 2: StreamingResponse over an async generator -------------------------
def test_streaming_async_generator(srv):
    r = httpx.get(srv.url + "/agen", timeout=10)
    assert r.status_code == 200 and r.text == "c0;c1;c2;"
    alive(srv)


# ---- item 3: an async handler with yield ----------------------------------------
def test_async_handler_with_yield_answers(srv):
    r = httpx.get(srv.url + "/async-yield", timeout=10)
    assert r.status_code == 200 and r.text == "ab"
    alive(srv)


# ---- item 4: huge JSON numbers -------------------------------------------------
def test_huge_json_integer_is_422(srv):
    body = b'{"n": ' + b"9" * 16000 + b"}"
    t0 = time.time()
    r = post(srv, "/echo", body, headers={"content-type": "application/json"})
    assert r.status_code in (413, 422), r.text
    assert time.time() - t0 < 5
    body = b'{"n": ' + b"9" * 4300 + b"}"
    r = post(srv, "/echo", body, headers={"content-type": "application/json"})
    # (a 500 here was seen twice in full runs on a loaded machine, never alone:
    # the server's console says what the handler met)
    assert r.status_code == 200 and r.json() == {"type": "dict", "n": 1}, (r.status_code, r.text, srv.output()[-3000:])
    alive(srv)


# ---- item 20 (JSON part): one strict parser everywhere ---------------------------
@pytest.mark.parametrize("body", [b'{"a" 1}', b"[1,,2]", b'{"a":[1,}', b"NaN", b'{"a": Infinity}', b'"\\ud800"',
                                  b"[1,]", b"{} x"])
def test_malformed_json_is_422(srv, body):
    r = httpx.post(srv.url + "/echo", content=body, headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 422, (body, r.status_code, r.text)
    assert r.json()["detail"][0]["type"] == "json_invalid"


# ---- item 6: many distinct keys ----------------------------------------------------
def test_many_json_keys_refused(srv):
    body = json.dumps({"k%d" % i: i for i in range(1500)}).encode()
    r = httpx.post(srv.url + "/echo", content=body, headers={"content-type": "application/json"}, timeout=20)
    assert r.status_code in (413, 422), r.status_code
    body = json.dumps({"k%d" % i: i for i in range(200)}).encode()
    r = httpx.post(srv.url + "/echo", content=body, headers={"content-type": "application/json"}, timeout=20)
    assert r.status_code == 200 and r.json()["n"] == 200


# ---- item 14 / issue 10 item 4: values JSON cannot encode ------------------------
@pytest.mark.parametrize("what", ["set", "object", "inf", "nan", "surrogate"])
def test_unencodable_value_is_500_never_invalid_json(srv, what):
    # FastAPI answers an unhandled exception with Starlette's plain-text 500
    r = httpx.get(srv.url + "/bad/" + what, timeout=10)
    if what == "set":
        # FastAPI's jsonable_encoder makes a set a list
        assert r.status_code == 200 and sorted(r.json()) == [1, 2, 3]
        return
    assert r.status_code == 500, (what, r.status_code, r.text)
    assert r.text == "Internal Server Error", r.text
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    out = srv.output()
    assert "GET /bad/" + what in out  # the traceback names the request
    assert httpx.get(srv.url + "/bad/ok", timeout=5).json() == {"fine": "ok"}


# ---- item 5: one-byte chunks ----------------------------------------------------------
def test_one_byte_chunks_bounded(srv):
    n = 3000
    head = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    body = b"".join(b"1\r\n" + bytes([c]) + b"\r\n" for c in (b'"' + b"a" * (n - 2) + b'"')) + b"0\r\n\r\n"
    t0 = time.time()
    resp = raw(srv, head + body, timeout=10, read_all=False)
    assert status_of(resp) == 413, resp[:200]
    assert time.time() - t0 < 5
    # the same body in 1 KB chunks is fine
    data = b'"' + b"a" * (n - 2) + b'"'
    chunks = b"".join(b"%x\r\n" % len(data[i:i + 1024]) + data[i:i + 1024] + b"\r\n" for i in range(0, len(data), 1024))
    resp = raw(srv, head.replace(b"Host: x", b"Host: x\r\nConnection: close") + chunks + b"0\r\n\r\n", timeout=10)
    assert status_of(resp) == 200, resp[:300]
    alive(srv)


# ---- item 7: Content-Length does not pin memory; request.stream() ---------------------
def test_declared_lengths_do_not_pin_the_heap(srv):
    slow = []
    try:
        for _ in range(6):
            c = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            c.sendall(b"POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 8000\r\n\r\n" + b"x" * 95)
            slow.append(c)
        time.sleep(0.3)
        body = b"y" * 4000
        try:
            r = httpx.post(srv.url + "/raw", content=body, timeout=10)
        except httpx.HTTPError as e:
            pytest.fail("{}: {}".format(e, srv.output()[-3000:]))
        assert r.status_code == 200 and r.json() == {"n": 4000}, r.text
    finally:
        for c in slow:
            c.close()
    alive(srv)


def test_request_stream_large_upload_in_bounded_pieces(srv):
    body = os.urandom(100000)
    r = httpx.post(srv.url + "/upload", content=body, timeout=30)
    assert r.status_code == 200, r.text
    j = r.json()
    assert j["n"] == 100000 and j["biggest"] <= 4096 and j["pieces"] >= 25
    # chunked too
    def gen():
        for i in range(0, len(body), 3000):
            yield body[i:i + 3000]
    r = httpx.post(srv.url + "/upload", content=gen(), timeout=30)
    assert r.status_code == 200 and r.json()["n"] == 100000
    # a plain body route still refuses what exceeds max_body_size
    r = httpx.post(srv.url + "/raw", content=body, timeout=30)
    assert r.status_code == 413
    alive(srv)


# ---- item 8: timeouts measure lack of progress ------------------------------------------
def test_slow_but_steady_stream_is_not_cut(srv):
    # 8 pieces 0.4 s apart (3.2 s) with read_timeout 2 s: progress all along
    r = httpx.get(srv.url + "/slowfeed?n=8&gap=0.4", timeout=20)
    assert r.status_code == 200 and len(r.text) == 800


# ---- item 9: the stream generator is closed on every way out ------------------------------
def test_stream_generator_closed_on_disconnect(srv):
    c = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    c.sendall(b"GET /endless HTTP/1.1\r\nHost: x\r\n\r\n")
    got = 0
    while got < 100000:
        got += len(c.recv(65536))
    c.close()
    deadline = time.time() + 10
    while time.time() < deadline:
        if "endless closed" in httpx.get(srv.url + "/log", timeout=5).json()["log"]:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the stream generator's finally never ran")
    alive(srv)


# ---- item 10: cookies --------------------------------------------------------------------
@pytest.mark.parametrize("q", ["v=a%3B%20Domain%3Devil.example", "v=a%2Cb", "v=a%20b", "p=/%3B%20Secure",
                               "p=/%3B%20Max-Age%3D0"])
def test_cookie_injection_refused(srv, q):
    r = httpx.get(srv.url + "/cookie?" + q, timeout=10)
    assert r.status_code == 500
    assert "set-cookie" not in r.headers
    r = httpx.get(srv.url + "/cookie?v=good", timeout=10)
    assert r.headers["set-cookie"].startswith("session=good; Path=/")


# ---- item 16: header names/values and status codes ------------------------------------------
@pytest.mark.parametrize("q", ["name=a%20b", "name=", "name=%C3%A9", "value=a%0Bb", "value=a%0Cb", "value=a%1Bb",
                               "value=a%7Fb"])
def test_bad_response_headers_refused(srv, q):
    r = raw(srv, b"GET /header?" + q.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(r) == 500, r[:300]


@pytest.mark.parametrize("code", ["42", "1000", "100", "199", "600"])
def test_bad_status_refused(srv, code):
    r = raw(srv, b"GET /status/" + code.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(r) == 500, r[:300]
    assert b"body" not in r


# ---- item 12: handler-supplied Content-Length / Content-Type replace the defaults ------------
def test_handler_content_headers_replace_defaults(srv):
    r = raw(srv, b"GET /dupe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = r.split(b"\r\n\r\n")[0].lower()
    assert head.count(b"content-length:") == 1 and head.count(b"content-type:") == 1, head
    assert b"content-type: text/x-mine" in head
    assert r.endswith(b"hello")


# ---- item 11: Content-Disposition --------------------------------------------------------------
def test_content_disposition_rfc6266(srv):
    r = httpx.get(srv.url + "/download", params={"name": 'x"; evil=1.txt'}, timeout=10)
    cd = r.headers["content-disposition"]
    assert cd.startswith("attachment; filename=") and '"; evil' not in cd and "filename*=UTF-8''" in cd
    r = httpx.get(srv.url + "/download", params={"name": "r\u00e9sum\u00e9.txt"}, timeout=10)
    cd = r.headers["content-disposition"]
    assert "filename*=UTF-8''r%C3%A9sum%C3%A9.txt" in cd
    assert all(ord(ch) < 128 for ch in cd)


# ---- item 15: trailing-slash redirect ---------------------------------------------------------------
def test_trailing_slash_redirect_stays_on_host(srv):
    for path in (b"/\\evil.example/", b"//evil.example/", b"/%5Cevil.example/"):
        r = raw(srv, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        loc = [l for l in r.split(b"\r\n") if l.lower().startswith(b"location:")]
        for l in loc:
            v = l.split(b":", 1)[1].strip()
            assert not v.startswith(b"//") and not v.startswith(b"/\\") and b"\\" not in v, (path, v)


# ---- items 13 and 21: StaticFiles ---------------------------------------------------------------------
def test_static_files_serves_and_refuses(srv):
    r = httpx.get(srv.url + "/static/a.txt", timeout=10)
    assert r.status_code == 200 and r.text == "plain a" and r.headers["content-type"].startswith("text/plain")
    r = httpx.get(srv.url + "/static/g.txt", headers={"accept-encoding": "gzip"}, timeout=10)
    assert r.status_code == 200 and r.text == "gzipped g"  # httpx decodes the .gz sibling
    assert "accept-encoding" in r.headers.get("vary", "").lower()
    # a.txt.gz is a symlink to a secret: never served, a.txt is
    r = httpx.get(srv.url + "/static/a.txt", headers={"accept-encoding": "gzip"}, timeout=10)
    assert r.status_code == 200 and r.text == "plain a" and "content-encoding" not in r.headers
    for bad in ("/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/sub/..%2F..%2Fsecret.txt",
                "/static/link.txt", "/static/up/secret.txt", "/static/a.txt%00.html", "/static/%5c..%5csecret.txt",
                "/static/nope.txt", "/static/sub"):
        rr = raw(srv, b"GET " + bad.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status_of(rr) == 404, (bad, rr[:200])
        assert b"SECRET" not in rr
    r = httpx.get(srv.url + "/site/sub/", timeout=10)
    assert r.status_code == 200 and r.text == "<p>sub</p>"
    r = httpx.get(srv.url + "/site/sub", timeout=10)
    assert r.status_code == 307 and r.headers["location"] == "./sub/"
    r = httpx.post(srv.url + "/static/a.txt", timeout=10)
    assert r.status_code == 405


# ---- item 18: /openapi.json ---------------------------------------------------------------------------------
def test_openapi_twice_identical(srv):
    try:
        a = httpx.get(srv.url + "/openapi.json", timeout=10)
        b = httpx.get(srv.url + "/openapi.json", timeout=10)
    except httpx.HTTPError as e:
        # seen under load on the 200 KB-heap twin ("incomplete chunked read"):
        # the server's console says why the stream stopped
        pytest.fail("{!r}; the server said:\n{}".format(e, srv.output()[-3000:]))
    assert a.status_code == 200 and a.content == b.content


# ---- item 1: no allocation failure leaves state behind (twin, 200 KB heap) ------------------------------------
def test_memory_pressure_leaves_nothing_behind():
    s = Server("twin", os.path.join(REPO, "examples", "crud.py"), heap=HEAP)
    try:
        base = fds(s)
        for _round in range(2):
            socks = []
            for _ in range(7):
                c = socket.create_connection(("127.0.0.1", s.port), timeout=5)
                c.sendall(b"POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 16000\r\n\r\n" + b"{" + b" " * 90)
                socks.append(c)
            for _ in range(40):
                try:
                    socks.append(socket.create_connection(("127.0.0.1", s.port), timeout=5))
                except OSError:
                    pass
            time.sleep(0.5)
            for c in socks:
                c.close()
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                r = httpx.get(s.url + "/items", timeout=3)
                if r.status_code == 200 and fds(s) <= base + 1:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        r = httpx.get(s.url + "/items", timeout=3)
        assert r.status_code == 200, r.text
        assert fds(s) <= base + 1, (base, fds(s), os.listdir("/proc/{}/fd".format(s.proc.pid)))
        assert s.alive()
    finally:
        s.stop()


def test_allocation_failures_during_setup_leave_nothing_behind():
    """While a handler holds (nearly) all the heap, 40 clients connect: their
    set-up fails to allocate. Afterwards every client is served again and
    the server holds no socket it should not (twin, 200 KB heap)."""
    d = tempfile.TemporaryDirectory()
    s = Server("twin", APP, {"MFA_STATIC": make_static(d.name)}, heap=HEAP)
    try:
        alive(s)
        base = fds(s)
        for _round in range(2):
            assert httpx.get(s.url + "/hog?ms=1500", timeout=5).status_code == 200
            time.sleep(0.3)
            socks = []
            for _ in range(40):
                try:
                    c = socket.create_connection(("127.0.0.1", s.port), timeout=2)
                    c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    socks.append(c)
                except OSError:
                    pass
            time.sleep(1.0)
            for c in socks:
                c.close()
            time.sleep(1.5)
        ok = 0
        for _ in range(20):
            try:
                ok += httpx.get(s.url + "/", timeout=3).status_code == 200
            except httpx.HTTPError:
                pass
        assert ok == 20, (ok, s.output()[-3000:])
        deadline = time.time() + 10
        while fds(s) > base and time.time() < deadline:
            time.sleep(0.2)
        assert fds(s) <= base, (base, fds(s))
        assert s.alive()
    finally:
        s.stop()
        d.cleanup()


# ---- issue 10: access log, port defaults, a port in use, Ctrl-C then run() again ---------------------------------
def test_access_log_line(srv):
    httpx.get(srv.url + "/?q=1", timeout=5)
    # the line is printed once the answer is sent: poll for it (a loaded machine)
    deadline = time.time() + 10
    while True:
        lines = [l for l in srv.output().splitlines() if '"GET /?q=1 HTTP/1.1" 200' in l]
        if lines or time.time() > deadline:
            break
        time.sleep(0.1)
    assert lines and lines[-1].startswith("INFO:") and "127.0.0.1:" in lines[-1], srv.output()[-2000:]


RUN_TWICE = """
import sys
sys.path.insert(0, %r)
from microfastapi import MicroFastApi
app = MicroFastApi()
@app.get("/")
def i():
    return {"ok": 1}
app.run(host="127.0.0.1", port=%d)
print("STOPPED")
app.run(host="127.0.0.1", port=%d)
"""


def _get(port):
    try:
        return httpx.get("http://127.0.0.1:%d/" % port, timeout=2).status_code
    except httpx.HTTPError:
        return None


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_run_again_after_ctrl_c(runtime):
    """Issue 10: Ctrl-C (SIGINT, as at the REPL), then app.run() again: it
    serves at once, no OSError 98."""
    import signal

    port = free_port()
    code = RUN_TWICE % (MODULES, port, port)
    cmd = [sys.executable, "-u", "-c", code] if runtime == "cpython" else [twin_binary(), "-c", code]
    env = twin_env() if runtime == "twin" else dict(os.environ)
    with tempfile.TemporaryFile("w+") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.time() + 10
            while _get(port) != 200 and time.time() < deadline:
                time.sleep(0.1)
            assert _get(port) == 200
            # a client with a connection open, as a browser keeps one
            keep = socket.create_connection(("127.0.0.1", port))
            keep.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            keep.recv(1000)
            p.send_signal(signal.SIGINT)
            deadline = time.time() + 8  # a loaded machine; a port still held would never come back
            ok = False
            while time.time() < deadline:
                out.seek(0)
                if "STOPPED" in out.read() and _get(port) == 200:
                    ok = True
                    break
                time.sleep(0.1)
            out.seek(0)
            text = out.read()
            assert ok, text
            assert "OSError" not in text and "in use" not in text, text
            keep.close()
        finally:
            p.kill()
            p.wait()


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_port_in_use_is_one_clear_line(runtime):
    port = free_port()
    blocker = socket.socket()
    blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    blocker.bind(("127.0.0.1", port))
    blocker.listen(1)
    try:
        code = ("import sys\nsys.path.insert(0, %r)\nfrom microfastapi import MicroFastApi\n"
                "app = MicroFastApi()\napp.run(host='127.0.0.1', port=%d)\n") % (MODULES, port)
        cmd = [sys.executable, "-c", code] if runtime == "cpython" else [twin_binary(), "-c", code]
        env = twin_env() if runtime == "twin" else dict(os.environ)
        env.pop("MFA_PORT", None)
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=20, env=env)
    finally:
        blocker.close()
    out = (p.stdout + p.stderr).strip()
    assert p.returncode != 0
    assert "running on" not in out.lower(), out
    assert out.count("\n") == 0 and "port {}".format(port) in out and "in use" in out, out


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_default_port_and_print_app(runtime):
    code = ("import sys\nsys.path.insert(0, %r)\nfrom microfastapi import MicroFastApi\n"
            "app = MicroFastApi()\nprint(app)\n") % MODULES
    cmd = [sys.executable, "-c", code] if runtime == "cpython" else [twin_binary(), "-c", code]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=20, env=twin_env() if runtime == "twin" else None)
    assert ":8000/" in p.stdout, p.stdout + p.stderr


# ---- item 19: CORS "*" with credentials ----------------------------------------------------------
CORS_STAR = """
import sys
sys.path.insert(0, %r)
from microfastapi import MicroFastApi
app = MicroFastApi()
try:
    app.add_cors(allow_origins="*", allow_credentials=True)
    print("ACCEPTED")
except ValueError as e:
    print("REFUSED", e)
app.add_cors(allow_origins=["http://a.example"], allow_credentials=True)
print("LISTED OK")
"""


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_cors_star_with_credentials_refused(runtime):
    code = CORS_STAR % MODULES
    cmd = [sys.executable, "-c", code] if runtime == "cpython" else [twin_binary(), "-c", code]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=30, env=twin_env() if runtime == "twin" else None)
    assert "REFUSED" in p.stdout and "LISTED OK" in p.stdout, p.stdout + p.stderr


# ---- item 17: Vary merged ------------------------------------------------------------------------
VARY_APP = """
from microfastapi import MicroFastApi, FileResponse
app = MicroFastApi()
app.add_cors(allow_origins=["http://a.example"])

@app.get("/f")
def f():
    return FileResponse(%r)

app.run()
"""


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_vary_merged_cors_and_gzip(runtime):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "a.txt")
        with open(path, "w") as fh:
            fh.write("plain")
        with open(path + ".gz", "wb") as fh:
            fh.write(gzip.compress(b"zipped"))
        script = os.path.join(d, "vary_app.py")
        with open(script, "w") as fh:
            fh.write(VARY_APP % path)
        s = Server(runtime, script, heap=HEAP if runtime == "twin" else None)
        try:
            r = httpx.get(s.url + "/f", headers={"origin": "http://a.example", "accept-encoding": "gzip"}, timeout=10)
        finally:
            s.stop()
    assert r.status_code == 200 and r.text == "zipped"
    vary = [v.strip().lower() for v in r.headers.get("vary", "").split(",")]
    assert "origin" in vary and "accept-encoding" in vary, r.headers


# ---- issue 10: debug=True answers a 500 with the traceback, as FastAPI(debug=True) does ------------------------
DEBUG_APP = """
from microfastapi import FastAPI
app = FastAPI(debug=%s)

@app.get("/boom")
def boom():
    raise ValueError("sensor 7 " + "unplugged")

app.run()
"""


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
@pytest.mark.parametrize("debug", [True, False])
def test_debug_answers_500_with_the_traceback(runtime, debug):
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "debug_app.py")
        with open(script, "w") as fh:
            fh.write(DEBUG_APP % debug)
        s = Server(runtime, script)
        try:
            r = httpx.get(s.url + "/boom", timeout=10)
            out = s.output()
        finally:
            s.stop()
    assert r.status_code == 500 and r.headers["content-type"] == "text/plain; charset=utf-8"
    if debug:
        assert "Traceback" in r.text and "ValueError: sensor 7 unplugged" in r.text, r.text
    else:
        assert r.text == "Internal Server Error", r.text
    # the console has the traceback either way, after the request's name
    assert "Exception in GET /boom" in out and "sensor 7 unplugged" in out, out[-2000:]
