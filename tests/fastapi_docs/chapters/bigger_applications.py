# FastAPI tutorial, "Bigger Applications - Multiple Files":
# docs_src/bigger_applications/app, a package (main.py, dependencies.py,
# routers/items.py, routers/users.py, internal/admin.py) imported with
# relative imports, an app-level dependency (a required `token` query),
# APIRouter(prefix=, tags=, dependencies=, responses=) and
# include_router(prefix=, tags=, dependencies=, responses=). The harness copies
# the whole package and imports app.main. Requests from FastAPI's
# tests/test_tutorial/test_bigger_applications.
_TOKEN = {"X-Token": "fake-super-secret-token"}


def _r(method, url, headers=None):
    d = {"method": method, "url": url}
    if headers:
        d["headers"] = headers
    return d


EXAMPLES = {
    "bigger_applications/app/main.py": [
        _r("GET", "/users?token=jessica"), _r("GET", "/users"), _r("GET", "/users?token=monica"),
        _r("GET", "/users/foo?token=jessica"), _r("GET", "/users/me?token=jessica"), _r("GET", "/users/me"),
        _r("GET", "/items?token=jessica", _TOKEN), _r("GET", "/items", _TOKEN), _r("GET", "/items?token=jessica"),
        _r("GET", "/items/plumbus?token=jessica", _TOKEN), _r("GET", "/items/bar?token=jessica", _TOKEN),
        _r("GET", "/items/plumbus?token=jessica", {"X-Token": "invalid"}),
        _r("PUT", "/items/plumbus?token=jessica", _TOKEN), _r("PUT", "/items/bar?token=jessica", _TOKEN),
        _r("POST", "/admin/?token=jessica", _TOKEN), _r("POST", "/admin/?token=jessica"),
        _r("POST", "/admin/?token=jessica", {"X-Token": "invalid"}), _r("POST", "/admin/", _TOKEN),
        _r("GET", "/?token=jessica"), _r("GET", "/"), _r("GET", "/?token=ana"),
        _r("GET", "/openapi.json"),
    ],
}
