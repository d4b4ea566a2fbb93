"""The examples on the host twin over loopback HTTP: static_form (static page,
form posting to the API) and sensors_pico (no ADC or Wi-Fi there: fixed
reading on loopback); and /openapi.json costs nothing until requested."""
import json
import os
import subprocess
import sys

import pytest

from docs_helpers import EXAMPLES, MODULES, TWIN, TWIN_PLAIN, need, serve


@pytest.mark.parametrize("which", ["twin", "plain"])
def test_static_form(which):
    """On the twin (frozen framework, C parser) and on stock MicroPython (the
    plain twin with modules/ on its path); the page renders the list in Chromium."""
    if which == "twin":
        ctx = serve(os.path.join(EXAMPLES, "static_form.py"))
    else:
        ctx = serve(os.path.join(EXAMPLES, "static_form.py"), twin=need(TWIN_PLAIN, "build it with 'make twin-plain'"),
                    env={"MICROPYPATH": ".frozen:" + MODULES})
    with ctx as s:
        st, hd, body = s.get("/")
        assert st == 200 and hd["content-type"].startswith("text/html")
        assert b'<form method="post" action="/api/messages">' in body
        st, hd, body = s.get("/static/style.css")
        assert st == 200 and hd["content-type"].startswith("text/css")
        for bad in ("/static/..%2Fstatic_form.py", "/static/.hidden", "/static/nope.css"):
            assert s.get(bad)[0] == 404, bad
        # the form, as a browser posts it: 303 back to the page
        req_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
        c.request("POST", "/api/messages", "name=Ada&text=hello+%C3%A9", req_headers)
        r = c.getresponse()
        r.read()
        assert r.status == 303 and r.getheader("location") == "/"
        c.close()
        st, body = s.request("POST", "/api/messages", json.dumps({"text": "from JSON"}).encode(),
                             {"Content-Type": "application/json"})
        assert st == 201 and json.loads(body) == {"name": "anonymous", "text": "from JSON"}
        st, body = s.request("POST", "/api/messages", b"name=x", req_headers)
        assert st == 422 and json.loads(body)["detail"][0]["loc"] == ["body", "text"]
        st, hd, body = s.get("/api/messages")
        assert st == 200 and json.loads(body) == [{"name": "Ada", "text": "hello \u00e9"},
                                                  {"name": "anonymous", "text": "from JSON"}]
        st, hd, body = s.get("/openapi.json")
        assert list(json.loads(body)["paths"]) == ["/api/messages"]  # the page routes are hidden
        from test_docs_page import chromium
        dom = chromium(s.base + "/", "--dump-dom")
        assert "<li><b>anonymous: </b>from JSON</li><li><b>Ada: </b>hello \u00e9</li>" in dom, dom[-2000:]


def test_sensors_pico_on_twin():
    with serve(os.path.join(EXAMPLES, "sensors_pico.py")) as s:
        assert "wifi:" in s.log()  # no Wi-Fi on the twin: said, and served on loopback
        st, _, body = s.get("/sensors/1")
        assert st == 200 and json.loads(body) == {"id": 1, "kind": "temperature", "value": 21.5, "unit": "C"}
        st, _, body = s.get("/sensors/1?unit=F")
        assert st == 200 and json.loads(body)["value"] == 70.7
        assert s.get("/sensors/1?unit=K")[0] == 422
        assert s.get("/sensors/9")[0] == 404
        st, _, body = s.get("/sensors/?userId=7")
        assert st == 200 and json.loads(body)["sensor data for userId"] == 7
        assert s.get("/sensors/?userId=x")[0] == 422
        st, body = s.request("PUT", "/led", b'{"on": true}', {"Content-Type": "application/json"})
        assert st == 200 and json.loads(body) == {"on": True, "present": False}
        assert s.request("PUT", "/led", b'{"on": 1}', {"Content-Type": "application/json"})[0] == 422
        st, _, body = s.get("/")
        assert st == 200 and json.loads(body)["Hello"] == "World"


@pytest.mark.parametrize("runtime", ["twin", "cpython"])
def test_openapi_is_lazy(runtime):
    """Neither openapi.py nor the page is imported until /openapi.json or /docs
    is asked for (the frozen modules cost no RAM before), and an app without
    annotations never loads schema.py (the JSON Schema of annotations), not
    even for /openapi.json."""
    code = "\n".join([
        "import sys, json",
        "from microfastapi import MicroFastApi",
        "from microfastapi.testing import TestClient",
        "app = MicroFastApi()",
        "@app.get('/x/{n:int}')",
        "def x_items(n, q=1):",
        "    return n",
        "c = TestClient(app)",
        "print(c.get('/x/3').status_code, 'microfastapi.openapi' in sys.modules, 'microfastapi.docs_page' in sys.modules)",
        "r = c.get('/openapi.json')",
        "d = json.loads(r.content)",
        "print(r.status_code, sorted(d['paths']), 'microfastapi.openapi' in sys.modules)",
        "op = d['paths']['/x/{n}']['get']",
        "print(op['summary'], [p['schema']['title'] for p in op['parameters']], 'microfastapi.schema' in sys.modules)",
        "print(c.get('/docs').status_code, 'microfastapi.docs_page' in sys.modules)",
        "off = TestClient(MicroFastApi(docs=False))",
        "print(off.get('/openapi.json').status_code, off.get('/docs').status_code)",
    ])
    env = {k: v for k, v in os.environ.items() if k not in ("MICROPYPATH", "PYTHONPATH")}
    if runtime == "twin":
        cmd = [need(TWIN, "build it with 'make twin'"), "-c", code]
    else:
        cmd = [sys.executable, "-c", code]
        env["PYTHONPATH"] = MODULES
    p = subprocess.run(cmd, cwd=EXAMPLES, env=env, capture_output=True, text=True, timeout=60)
    assert p.stdout.splitlines() == ["200 False False", "200 ['/x/{n}'] True", "X Items ['N', 'Q'] False",
                                     "200 True", "404 404"], p.stdout + p.stderr
