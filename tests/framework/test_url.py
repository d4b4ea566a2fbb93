"""request.url and websocket.url are URL objects as Starlette's: the parts,
str(), == with a str, replace() and the query-parameter helpers give what
starlette.datastructures.URL gives (the URL class on CPython and on the twin,
against Starlette in the same run), and an app reads the same request.url /
websocket.url through our TestClient (CPython, twin) as through FastAPI's.
Reading .url is the only thing that builds it."""
import json
import os
import subprocess
import sys

import pytest

from conftest import MODULES, run_on_twin

URLS = [
    "http://testserver/items/5?q=x&q=y&r=",
    "https://user:pw@Example.COM:8443/a/b;p?x=1#frag",
    "ws://testserver/ws/chat?token=a%20b",
    "http://[::1]:8000/v6",
    "http://host/",
    "/just/a/path?with=query",
    "http://testserver//double",
    "mailto:someone@example.com",
    "http://a.example/p%3Fq?%3D=%26&plus=a+b",
]

# what each case asks of a URL: ["attr", name] or ["call", method, kwargs] (then the result's str)
OPS = [["attr", a] for a in ("scheme", "netloc", "path", "query", "fragment", "username", "password",
                              "hostname", "port", "is_secure")] + [
    ["call", "replace", {"path": "/new"}],
    ["call", "replace", {"query": "a=1", "fragment": ""}],
    ["call", "replace", {"scheme": "https", "netloc": "other:1"}],
    ["call", "replace", {"hostname": "h.example"}],
    ["call", "replace", {"port": 9000}],
    ["call", "replace", {"username": "u", "password": "p"}],
    ["call", "include_query_params", {"q": "z", "page": 2}],
    ["call", "include_query_params", {"new": "a b&c \u00b2\u2713~"}],
    ["call", "replace_query_params", {"only": "1"}],
    ["call", "remove_query_params", {"keys": "q"}],
    ["call", "remove_query_params", {"keys": ["q", "r", "x"]}],
    ["str"], ["repr"], ["eq_str"], ["str_eq"], ["ne_other"],
]

# one question of OPS asked of a URL (the same code for Starlette's and ours)
ASK = r'''
def ask(u, op):
    try:
        if op[0] == "attr":
            return getattr(u, op[1])
        if op[0] == "call":
            return str(getattr(u, op[1])(**op[2]))
        if op[0] == "str":
            return str(u)
        if op[0] == "repr":
            return repr(u)
        if op[0] == "eq_str":
            return u == str(u)
        if op[0] == "str_eq":
            return str(u) == u
        return u != "http://other/"
    except ValueError:
        return "ValueError"
'''

SCRIPT = "import sys, json\nfrom microfastapi.datastructures import URL\n" + ASK + r'''
with open(sys.argv[1]) as f:
    urls, ops = json.load(f)
print("URLS " + json.dumps([[ask(URL(x), op) for op in ops] for x in urls]))
'''


def _reference():
    from starlette.datastructures import URL

    ns = {}
    exec(ASK, ns)
    return [[ns["ask"](URL(x), op) for op in OPS] for x in URLS]


def _ours(runtime, tmp_path):
    data = tmp_path / "urls.json"
    data.write_text(json.dumps([URLS, OPS]))
    script = tmp_path / "urls.py"
    script.write_text(SCRIPT)
    if runtime == "twin":
        p = run_on_twin([str(script), str(data)])
    else:
        p = subprocess.run([sys.executable, str(script), str(data)], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("URLS ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    return json.loads(line[0][5:])


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_url_class_as_starlette(runtime, tmp_path):
    want = json.loads(json.dumps(_reference()))
    got = _ours(runtime, tmp_path)
    diffs = ["{} {}: ours {!r}, Starlette {!r}".format(URLS[i], OPS[j], got[i][j], want[i][j])
             for i in range(len(URLS)) for j in range(len(OPS)) if got[i][j] != want[i][j]]
    assert not diffs, "\n".join(diffs)


APP = r'''
import sys, json
from {pkg} import FastAPI, Request, WebSocket
app = FastAPI()


def parts(u):
    return {{"str": str(u), "path": u.path, "query": u.query, "scheme": u.scheme, "netloc": u.netloc,
            "hostname": u.hostname, "port": u.port, "eq": u == str(u)}}


@app.get("/items/{{item}}")
def item(item: str, request: Request):
    return dict(parts(request.url), base_url=str(request.base_url), item=item,
                next=str(request.url.include_query_params(page=2)))


@app.get("/plain")
def plain():
    return "plain"


@app.websocket("/ws/{{room}}")
async def ws(websocket: WebSocket, room: str):
    await websocket.accept()
    await websocket.send_json(dict(parts(websocket.url), room=room))
    await websocket.close()
'''

CLIENT = r'''
from {pkg_tc} import TestClient
c = TestClient(app)
out = []
for path in {paths!r}:
    out.append(c.get(path).json())
with c.websocket_connect("/ws/kitchen?x=1&y=%20") as w:
    out.append(w.receive_json())
print("OUT " + json.dumps(out))
'''

PATHS = ["/items/5", "/items/5?q=x&q=y", "/items/a%20b?name=J%C3%BCrgen", "/items/a%3Fb", "/items/%E2%9C%93?x=%26",
         "http://example.com:8080/items/9?z=1"]


def _app_out(pkg, runner):
    code = APP.format(pkg=pkg) + CLIENT.format(pkg_tc="fastapi.testclient" if pkg == "fastapi" else
                                               "microfastapi.testing", paths=PATHS)
    p = runner(code)
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("OUT ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    return json.loads(line[0][4:])


def _cpython(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=MODULES))


@pytest.mark.parametrize("runtime", ["cpython", "twin"])
def test_request_and_websocket_url_as_fastapi(runtime, tmp_path):
    want = _app_out("fastapi", _cpython)
    if runtime == "twin":
        script = tmp_path / "app.py"

        def runner(code):
            script.write_text(code)
            return run_on_twin([str(script)])
    else:
        runner = _cpython
    assert _app_out("microfastapi", runner) == want


def test_url_built_only_when_read(tmp_path):
    """A route that does not read .url builds no URL and imports nothing for
    it (datastructures.py holds URL, and nothing else of this app needs it);
    a route that reads it does, and a second read gives the same object.
    Through the server's connection loop (what app.run() serves)."""
    code = APP.format(pkg="microfastapi") + r'''
import asyncio
from microfastapi.server import Server
from microfastapi.testing import MemoryStream
s = Server(app)
def get(path):
    m = MemoryStream(("GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").encode())
    asyncio.run(s.handle(m, m))
    return b"".join(m.out).split(b"\r\n\r\n", 1)[1].decode()
print("PLAIN", get("/plain"), "microfastapi.datastructures" in sys.modules)
print("URL", json.loads(get("/items/a%20b?q=1"))["str"], "microfastapi.datastructures" in sys.modules)
from microfastapi.requests import Request
r = Request(app, "GET", "/a%20b", "q=1", 11, {"host": "h"}, b"", None)
print("SAME", r.url is r.url, r.url.path)
'''
    script = tmp_path / "lazy.py"
    script.write_text(code)
    p = run_on_twin([str(script)])
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    lines = dict(ln.split(" ", 1) for ln in p.stdout.splitlines() if ln.split(" ")[0] in ("PLAIN", "URL", "SAME"))
    assert lines == {"PLAIN": '"plain" False', "URL": "http://h/items/a b?q=1 True", "SAME": "True /a b"}, p.stdout
