"""The /docs page: docs_page.py in sync with web/docs.html, and the page in
headless Chromium against the twin: it lists the endpoints and "Try it" gets
the right JSON. Also takes the screenshot (firmware/build/docs/)."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pytest

from cdp import Browser
from docs_helpers import BUILD, EXAMPLES, REPO, need, serve

sys.path.insert(0, os.path.join(REPO, "tools"))
import gen_docs_page  # noqa: E402

CHROMIUM = os.environ.get("MFA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=10000"]


def chromium(url, *extra, timeout=90):
    need(CHROMIUM, "install Debian's chromium (make deps)")
    with tempfile.TemporaryDirectory() as profile:
        p = subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=" + profile] + list(extra) + [url],
                           capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


def selftest(dom):
    i = dom.rfind('<pre id="selftest">')
    j = dom.find("</pre>", i)
    assert i >= 0 and j > i and "</script>" not in dom[i:], "no self-test result in the page:\n" + dom[-3000:]
    return json.loads(html.unescape(dom[i + len('<pre id="selftest">'):j]))


def browser():
    need(CHROMIUM, "install Debian's chromium (make deps)")
    return Browser(CHROMIUM, FLAGS)


def try_in_browser(b, url):
    """Open a #try= link (which only fills the form in), then press "Try it"
    like a user; -> (the page's self-test result, the page's HTML)."""
    op = url.split("#try=")[1].split("&")[0]
    b.goto("about:blank")
    b.goto(url)
    b.wait("document.getElementById('op-%s') && document.getElementById('op-%s').open" % (op, op))
    b.click("#op-%s button" % op)
    b.wait("!!document.getElementById('selftest')")
    dom = b.js("document.documentElement.outerHTML")
    return selftest(dom), dom


def try_url(s, op, **params):
    return s.base + "/docs#try=" + op + "".join(
        "&" + k + "=" + urllib.parse.quote(v, safe="") for k, v in params.items())


def test_docs_page_in_sync():
    """The committed module is what tools/gen_docs_page.py makes from web/docs.html."""
    text, plain = gen_docs_page.render()
    with open(gen_docs_page.DST, encoding="utf-8") as f:
        assert f.read() == text, "modules/microfastapi/docs_page.py is out of date: run 'make docs-page'"
    from microfastapi import docs_page
    assert docs_page.html() == plain and docs_page.SIZE == len(plain)
    assert len(docs_page.PAGE_GZ) < 6000  # a few KB of flash


def test_docs_page_self_contained():
    with open(gen_docs_page.SRC, encoding="utf-8") as f:
        page = f.read()
    # nothing fetched from elsewhere: no external script, style, font or image
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert not re.search(r"@import|url\(|fonts\.", page)
    assert "http://" not in page and "https://" not in page


def test_docs_lists_and_tries_in_chromium():
    with serve(os.path.join(EXAMPLES, "crud.py")) as s:
        st, body = s.request("POST", "/items", json.dumps({"name": "tea", "price": 3}).encode(),
                             {"Content-Type": "application/json"})
        assert st == 201, body
        item = json.loads(body)

        with browser() as b:
            # GET with a path parameter, through the page's form
            res, dom = try_in_browser(b, try_url(s, "read_item_items__item_id__get", item_id=str(item["id"])))
            for path in ("/items", "/items/{item_id}", "/stats"):
                assert '<span class="p">{}</span>'.format(path) in dom, path
            for op in ("list_items_items_get", "create_item_items_post", "read_item_items__item_id__get", "replace_item_items__item_id__put",
                       "delete_item_items__item_id__delete", "stats_stats_get"):
                assert 'id="op-{}"'.format(op) in dom, op
            assert "Items" in dom and "List items" in dom
            assert res["status"] == 200 and json.loads(res["body"]) == item

            # POST with a JSON body typed into the page
            res, _ = try_in_browser(b, try_url(s, "create_item_items_post", body=json.dumps({"name": "cake", "price": 4.5})))
            assert res["status"] == 201
            made = json.loads(res["body"])
            assert made["name"] == "cake" and made["price"] == 4.5 and made["id"] > item["id"]
            st, body = s.request("GET", "/items/{}".format(made["id"]))
            assert st == 200 and json.loads(body) == made

            # query parameters, and a 422 shown as such
            res, _ = try_in_browser(b, try_url(s, "list_items_items_get", limit="1"))
            assert res["status"] == 200 and json.loads(res["body"]) == [item]
            res, _ = try_in_browser(b, try_url(s, "list_items_items_get", limit="x"))
            assert res["status"] == 422 and json.loads(res["body"])["detail"][0]["loc"] == ["query", "limit"]


def test_deep_link_never_acts_on_load():
    """Issue 10: opening /docs#try=delete_item_items__item_id__delete&item_id=1 fills the form
    in and sends nothing; the DELETE goes out only when "Try it" is clicked."""
    with serve(os.path.join(EXAMPLES, "crud.py")) as s:
        st, body = s.request("POST", "/items", json.dumps({"name": "tea", "price": 3}).encode(),
                             {"Content-Type": "application/json"})
        assert st == 201, body
        iid = json.loads(body)["id"]
        url = try_url(s, "delete_item_items__item_id__delete", item_id=str(iid))
        with browser() as b:
            b.goto(url)
            b.wait("document.getElementById('op-delete_item_items__item_id__delete') && document.getElementById('op-delete_item_items__item_id__delete').open")
            assert b.js("document.querySelector('#op-delete_item_items__item_id__delete input[name=item_id]').value") == str(iid)
            time.sleep(1.5)  # give a would-be automatic request time to land
            st, _ = s.request("GET", "/items/{}".format(iid))
            assert st == 200, "the deep link deleted the item on load"
            assert not [r for r in b.requests if r[0] == "DELETE"], b.requests
            assert "Filled in from the link" in b.js("document.body.innerText")
            b.click("#op-delete_item_items__item_id__delete button")
            b.wait("!!document.getElementById('selftest')")
            assert [r for r in b.requests if r[0] == "DELETE"]
        st, _ = s.request("GET", "/items/{}".format(iid))
        assert st == 404


HOSTILE = '<img src=x onerror="window.__pwned=1">"\'><svg/onload=window.__pwned=2><script>window.__pwned=3</script>'

HOSTILE_APP = """
from microfastapi import MicroFastApi, Query
H = {h!r}
app = MicroFastApi(title="T" + H, version="1" + H, description="D" + H)

@app.get("/items/{{item_id}}", summary="S" + H, description="Desc" + H, tags=["tag" + H])
def read(item_id, q=Query(str, default="d" + H, description="qd" + H, alias="q" + H)):
    return {{"item_id": item_id, "q": q}}

@app.post("/x" + "%3Cb%3E", summary=H)
async def post(body):
    return body

app.run(port=80)
""".format(h=HOSTILE)


def test_docs_escapes_hostile_app_text():
    """Issue 10: every text /docs shows from the app (title, version,
    description, summaries, tags, parameter names, defaults) is text, never
    markup, in a real browser."""
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "hostile_app.py")
        with open(script, "w") as f:
            f.write(HOSTILE_APP)
        with serve(script) as s:
            with browser() as b:
                b.goto(s.base + "/docs")
                b.wait("document.querySelectorAll('details').length >= 2")
                b.js("document.querySelectorAll('details').forEach(function (d) { d.open = true; }), 1")
                time.sleep(0.5)
                assert b.js("typeof window.__pwned") == "undefined"
                assert b.js("document.querySelectorAll('img, svg').length") == 0
                assert b.js("document.querySelectorAll('script').length") == 1
                text = b.js("document.body.innerText")
                for part in ("T" + HOSTILE, "D" + HOSTILE, "S" + HOSTILE, "Desc" + HOSTILE, "q" + HOSTILE):
                    assert part in text, part
                assert b.js("document.title").startswith("T" + HOSTILE)
                assert b.js("[].some.call(document.querySelectorAll('input'), function (i) { return i.value === %s; })"
                            % json.dumps("d" + HOSTILE))


def test_screenshot():
    """firmware/build/docs/screenshot-docs.png: the page after a POST made with it."""
    out = os.path.join(BUILD, "docs")
    os.makedirs(out, exist_ok=True)
    png = os.path.join(out, "screenshot-docs.png")
    if os.path.exists(png):
        os.remove(png)
    with serve(os.path.join(EXAMPLES, "crud.py")) as s:
        chromium(try_url(s, "create_item_items_post"), "--window-size=1200,900", "--screenshot=" + png)
    need(png, "chromium wrote no screenshot")
    with open(png, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(head[16:20], "big") == 1200 and int.from_bytes(head[20:24], "big") == 900
    if os.environ.get("MFA_SCREENSHOT"):  # make screenshot: refresh the README's copy
        shutil.copyfile(png, os.path.join(REPO, "docs", "screenshot-docs.png"))


ECHO_APP = '''
from microfastapi import MicroFastApi, Query
app = MicroFastApi(title="Echo")

@app.get("/files/{rest:path}")
def files(rest, flag=Query(bool, default=False), ratio=Query(float, default=0.5)):
    return {"rest": rest, "flag": flag, "ratio": ratio}

@app.get("/names/{name}")
def names(name):
    return {"name": name}

app.run(port=80)
'''


def test_docs_try_path_and_query_types():
    """{x:path} parameters keep their slashes, other path parameters are
    percent-encoded; typed query parameters arrive converted."""
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "echo_app.py")
        with open(script, "w") as f:
            f.write(ECHO_APP)
        with serve(script) as s, browser() as b:
            res, _ = try_in_browser(b, try_url(s, "files_files__rest__get", rest="a/b c.txt", flag="true", ratio="2.25"))
            assert res["status"] == 200 and json.loads(res["body"]) == {"rest": "a/b c.txt", "flag": True, "ratio": 2.25}
            res, _ = try_in_browser(b, try_url(s, "names_names__name__get", name="x/y"))
            assert res["status"] == 200 and json.loads(res["body"]) == {"name": "x/y"}


AUTH_APP = """
from microfastapi import FastAPI, Depends
from microfastapi.security import HTTPBasic, APIKeyHeader, OAuth2PasswordBearer

app = FastAPI()
basic = HTTPBasic()
key = APIKeyHeader(name="X-Key")
oauth = OAuth2PasswordBearer(tokenUrl="token")


@app.get("/basic")
def who(c=Depends(basic)):
    return {"user": c.username, "password": c.password}


@app.get("/key")
def keyed(k=Depends(key)):
    return {"key": k}


@app.post("/token")
def token(request):
    f = request.form()
    return {"access_token": "tok-" + f.get("username", ""), "token_type": "bearer"}


@app.get("/me")
def me(t=Depends(oauth)):
    return {"token": t}


app.run(port=80)
"""


def test_docs_authorize_sends_credentials():
    """Issue 13: an app's security schemes (HTTPBasic, APIKeyHeader,
    OAuth2PasswordBearer) get an Authorize panel in /docs; what is typed
    there goes with the operations that declare them, and not before."""
    with tempfile.TemporaryDirectory() as d:
        script = os.path.join(d, "auth_app.py")
        with open(script, "w") as f:
            f.write(AUTH_APP)
        with serve(script) as s:
            st, body = s.request("GET", "/openapi.json")
            spec = json.loads(body)
            assert set(spec["components"]["securitySchemes"]) == {"HTTPBasic", "APIKeyHeader", "OAuth2PasswordBearer"}
            op = {p: spec["paths"][p]["get"]["operationId"] for p in ("/basic", "/key", "/me")}
            with browser() as b:
                # nothing typed: the server answers 401 (not tried on /basic: its
                # WWW-Authenticate: Basic makes the browser ask on its own)
                res, dom = try_in_browser(b, try_url(s, op["/key"]))
                assert res["status"] == 401, res
                assert 'id="authorize"' in dom

                loads = [0]

                def fresh(path):
                    # a new URL each time, so the wait below sees the new page only
                    loads[0] += 1
                    b.goto("about:blank")
                    b.goto(try_url(s, op[path]).replace("/docs#", "/docs?load=%d#" % loads[0]))

                def run(path, fill):
                    fresh(path)
                    b.wait("document.getElementById('op-%s') && document.getElementById('op-%s').open"
                           % (op[path], op[path]))
                    for name, value in fill.items():
                        b.js("document.querySelector('input[name=%s]').value = %s, 1" % (name, json.dumps(value)))
                    b.click("#op-%s button" % op[path])
                    b.wait("!!document.getElementById('selftest')")
                    return selftest(b.js("document.documentElement.outerHTML"))

                res = run("/basic", {"auth-HTTPBasic-user": "stanley", "auth-HTTPBasic-pass": "sw:ord"})
                assert res["status"] == 200 and json.loads(res["body"]) == {"user": "stanley", "password": "sw:ord"}
                res = run("/key", {"auth-APIKeyHeader-key": "k-1"})
                assert res["status"] == 200 and json.loads(res["body"]) == {"key": "k-1"}
                # OAuth2 password flow: "Log in" posts to tokenUrl, the token is then sent
                fresh("/me")
                b.wait("document.getElementById('op-%s') && document.getElementById('op-%s').open"
                       % (op["/me"], op["/me"]))
                b.js("document.querySelector('input[name=auth-OAuth2PasswordBearer-user]').value = 'alice', 1")
                b.js("document.querySelector('input[name=auth-OAuth2PasswordBearer-pass]').value = 'pw', 1")
                b.js("document.getElementById('authorize').open = true, 1")
                b.click("#authorize button.login")
                b.wait("document.querySelector('input[name=auth-OAuth2PasswordBearer-token]').value === 'tok-alice'")
                b.click("#op-%s button" % op["/me"])
                b.wait("!!document.getElementById('selftest')")
                res = selftest(b.js("document.documentElement.outerHTML"))
                assert res["status"] == 200 and json.loads(res["body"]) == {"token": "tok-alice"}
