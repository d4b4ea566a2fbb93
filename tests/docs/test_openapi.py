"""The OpenAPI document: generated from the route table, valid OpenAPI 3.1
(openapi-spec-validator) for every example, the same on CPython and on the
host twin, and off with docs=False."""
import gzip
import json
import os

import pytest
from openapi_spec_validator import validate

from docs_helpers import EXAMPLES, MODULES, MY_EXAMPLES, REPO, load_example, serve

from microfastapi import MicroFastApi, Query, HTMLResponse
from microfastapi import openapi
from microfastapi.testing import TestClient


def sample_app(**kw):
    app = MicroFastApi(title="Sample", version="2.0", description="for the tests", **kw)

    @app.get("/items/{item_id:int}", tags=["items"], summary="Read one", description="by id")
    def read_item(item_id, q=None, limit: int = 10, ratio=Query(float, default=0.5),
                  flag=Query(bool, default=False), must=Query(int), other=Query(str, default=None, alias="o")):
        return {"item_id": item_id}

    @app.post("/items", status_code=201, body_schema={"type": "object"})
    def create_item(body, request):
        return body

    @app.route("/files/{rest:path}", methods=("GET", "DELETE"))
    def files(rest):
        return rest

    @app.get("/price/{p:float}/{name}")
    def price(p, name):
        return p

    @app.get("/page", response_class=HTMLResponse)
    def page():
        return "<p>hi</p>"

    @app.get("/hidden", include_in_schema=False)
    def hidden():
        return 1

    @app.delete("/items/{item_id:int}", status_code=204)
    def delete_item(item_id, body=None):
        return None

    return app


def test_sample_document():
    doc = openapi.get_openapi(sample_app())
    validate(doc)
    assert doc["openapi"] == "3.1.0"
    assert doc["info"] == {"title": "Sample", "version": "2.0", "description": "for the tests"}
    assert set(doc["paths"]) == {"/items/{item_id}", "/items", "/files/{rest}", "/price/{p}/{name}", "/page"}
    get = doc["paths"]["/items/{item_id}"]["get"]
    assert get["tags"] == ["items"] and get["summary"] == "Read one" and get["description"] == "by id"
    ps = {p["name"]: p for p in get["parameters"]}
    assert ps["item_id"] == {"name": "item_id", "in": "path", "required": True,
                             "schema": {"type": "integer", "minimum": 0, "title": "Item Id"}}
    assert ps["q"]["in"] == "query" and ps["q"]["required"] is False
    assert ps["q"]["schema"] == {"type": "string", "title": "Q"}
    assert ps["limit"]["schema"] == {"type": "integer", "default": 10, "title": "Limit"} and not ps["limit"]["required"]
    assert ps["ratio"]["schema"] == {"type": "number", "default": 0.5, "title": "Ratio"}
    assert ps["flag"]["schema"] == {"type": "boolean", "default": False, "title": "Flag"}
    assert ps["must"]["required"] is True and ps["must"]["schema"] == {"type": "integer", "title": "Must"}
    assert "o" in ps and "other" not in ps  # the alias is the name on the wire
    assert set(get["responses"]) == {"200", "422"}  # FastAPI documents no 404
    assert get["operationId"] == "read_item_items__item_id__get"  # FastAPI's generate_unique_id
    assert "requestBody" not in get

    post = doc["paths"]["/items"]["post"]
    assert post["summary"] == "Create Item"  # from the handler's name
    assert post["requestBody"] == {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
    assert "parameters" not in post  # `request` is not a parameter
    assert set(post["responses"]) == {"201", "422"}

    assert set(doc["paths"]["/files/{rest}"]) == {"get", "delete"}
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    pp = {p["name"]: p["schema"].get("type") for p in doc["paths"]["/price/{p}/{name}"]["get"]["parameters"]}
    assert pp == {"p": "number", "name": None}  # an untyped str parameter: any, as FastAPI
    assert doc["paths"]["/files/{rest}"]["get"]["parameters"][0]["schema"]["format"] == "path"
    assert list(doc["paths"]["/page"]["get"]["responses"]["200"]["content"]) == ["text/html"]
    assert set(doc["paths"]["/page"]["get"]["responses"]) == {"200"}  # no parameters, no 422
    delete = doc["paths"]["/items/{item_id}"]["delete"]
    assert "content" not in delete["responses"]["204"]
    assert delete["requestBody"]["required"] is False


def test_served_and_docs_off():
    c = TestClient(sample_app())
    r = c.get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json() == json.loads(json.dumps(openapi.get_openapi(sample_app())))
    r = c.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    off = TestClient(sample_app(docs=False))
    assert off.get("/openapi.json").status_code == 404
    assert off.get("/docs").status_code == 404


def test_docs_response_gzip():
    """openapi.docs_response: the frozen gzip bytes when the browser takes gzip."""
    class Req:
        def __init__(self, ae):
            self.headers = {"accept-encoding": ae} if ae is not None else {}

    from microfastapi.docs_page import PAGE_GZ, html
    app = sample_app()
    for ae in ("gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "*"):
        r = openapi.docs_response(app, Req(ae))
        assert r.headers["content-encoding"] == "gzip" and r.body == PAGE_GZ, ae
    for ae in (None, "identity", "gzip;q=0", "br"):
        r = openapi.docs_response(app, Req(ae))
        assert "content-encoding" not in r.headers and r.body == html() == gzip.decompress(PAGE_GZ), ae
    assert r.content_type.startswith("text/html")


@pytest.mark.parametrize("name", MY_EXAMPLES)
def test_example_cpython(name):
    doc = openapi.get_openapi(load_example(name).app)
    validate(doc)
    assert doc["paths"]


def _twin_doc(name):
    with serve(os.path.join(EXAMPLES, name + ".py")) as s:
        st, hd, body = s.get("/openapi.json")
        assert st == 200, body
        assert hd["content-type"].startswith("application/json")
        return json.loads(body)


@pytest.mark.parametrize("name", MY_EXAMPLES)
def test_example_twin(name):
    """Served by the twin (frozen framework, C parser): valid, and the same
    document CPython builds for the same app."""
    doc = _twin_doc(name)
    validate(doc)
    assert doc == json.loads(json.dumps(openapi.get_openapi(load_example(name).app)))


def test_twin_docs_page():
    """/docs from the twin: gzip'd bytes when asked for, plain otherwise, both
    the page made from web/docs.html."""
    import sys
    sys.path.insert(0, os.path.join(REPO, "tools"))
    import gen_docs_page
    _, plain = gen_docs_page.render()
    with serve(os.path.join(EXAMPLES, "crud.py")) as s:
        st, hd, body = s.get("/docs", {"Accept-Encoding": "gzip"})
        assert st == 200 and hd["content-type"].startswith("text/html")
        with open(os.path.join(MODULES, "microfastapi", "handling.py"), encoding="utf-8") as f:
            wired = "docs_response" in f.read()  # docs/REQUESTS-openapi.md, 1.
        if wired:
            from microfastapi.docs_page import PAGE_GZ
            assert hd.get("content-encoding") == "gzip" and body == PAGE_GZ
        if hd.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        assert body == plain
        st, hd, body = s.get("/docs", {"Accept-Encoding": "identity"})
        assert st == 200 and "content-encoding" not in hd and body == plain


ALL_EXAMPLES = sorted(f[:-3] for f in os.listdir(EXAMPLES) if f.endswith(".py"))


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_every_example_valid_on_twin(name):
    """Every app in examples/ (the framework's own too) serves a valid document."""
    doc = _twin_doc(name)
    validate(doc)
    assert doc["paths"]


GZIP_APP = '''
from microfastapi import MicroFastApi
app = MicroFastApi(title="gz")

@app.before_request
def docs(req):  # what docs/REQUESTS-openapi.md asks _docs to do
    if req.path == "/docs":
        from microfastapi import openapi
        return openapi.docs_response(app, req)

@app.get("/")
def index():
    return {}

app.run(port=80)
'''


@pytest.mark.parametrize("which", ["twin", "plain"])
def test_docs_response_on_micropython(which, tmp_path):
    """openapi.docs_response on MicroPython: the frozen gzip bytes for a client
    that takes gzip, the page decompressed (deflate) for one that does not."""
    import gzip as _gzip
    from docs_helpers import TWIN_PLAIN, need
    from microfastapi.docs_page import PAGE_GZ
    script = tmp_path / "gz_app.py"
    script.write_text(GZIP_APP)
    kw = {}
    if which == "plain":
        kw = {"twin": need(TWIN_PLAIN, "build it with 'make twin-plain'"), "env": {"MICROPYPATH": ".frozen:" + MODULES}}
    with serve(str(script), **kw) as s:
        st, hd, body = s.get("/docs", {"Accept-Encoding": "gzip, deflate"})
        assert st == 200 and hd.get("content-encoding") == "gzip" and body == PAGE_GZ
        assert hd["vary"] == "accept-encoding" and hd["content-type"].startswith("text/html")
        st, hd, body = s.get("/docs", {"Accept-Encoding": "identity"})
        assert st == 200 and "content-encoding" not in hd and body == _gzip.decompress(PAGE_GZ)


NAMES_APP = '''
from {fastapi} import FastAPI, Query
from {pydantic} import BaseModel

app = FastAPI()


class Item(BaseModel):
    name: str


@app.get("/readItem/{{itemId}}")
def readItem(itemId: int, get_2fa: str = "x", a__b: int = 0, snake_Case_ID: bool = False,
             q: str = Query(default="", alias="item-query")):
    return itemId


@app.put("/items/{{item_id:int}}")
def update_item(item_id: int, item: Item, user: Item):
    return item


@app.put("/named/{{item_id:int}}", operation_id="myUpdate")
def update_named(item_id: int, item: Item, user: Item):
    return item


@app.get("/model/{{n:int}}", response_model=list[Item])
def get_2fa_models(n: int):
    return []
'''


def _names_doc(fastapi):
    ns = {}
    exec(NAMES_APP.format(fastapi="fastapi" if fastapi else "microfastapi",
                          pydantic="pydantic" if fastapi else "microfastapi"), ns)
    if fastapi:
        from fastapi.testclient import TestClient as RefClient
        return RefClient(ns["app"]).get("/openapi.json").json()
    return TestClient(ns["app"]).get("/openapi.json").json()


def test_titles_and_names_as_fastapi():
    """Summaries (name.replace("_", " ").title()), parameter titles (Pydantic's
    name.title()), operationIds and the Body_/Response names made from them,
    as the real FastAPI writes them, for names str.title() changes oddly."""
    ref, ours = _names_doc(True), _names_doc(False)

    def names(doc):
        out = {}
        for path, item in doc["paths"].items():
            for method, op in item.items():
                out[path + " " + method] = (
                    op["summary"], op["operationId"],
                    sorted((p["name"], p["schema"].get("title")) for p in op.get("parameters", ())),
                    json.dumps((op.get("requestBody") or {}).get("content"), sort_keys=True),
                    json.dumps(op["responses"]["200"].get("content"), sort_keys=True))
        return out, sorted(doc["components"]["schemas"])

    assert names(ours) == names(ref)
    assert ours["paths"]["/readItem/{itemId}"]["get"]["summary"] == "Readitem"  # not "ReadItem"
