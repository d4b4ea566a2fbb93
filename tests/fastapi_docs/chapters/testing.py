# FastAPI tutorial, "Testing" and "Testing Dependencies with Overrides": the
# programs' apps through the test client (tutorial003/004: with TestClient,
# the lifespan runs; dependency_testing: app.dependency_overrides).
# tutorial002: its HTTP route (its WebSocket route: the ws chapter).
_ITEMS = [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/bar"}]
_APP_B = [
    {"method": "GET", "url": "/items/foo", "headers": {"X-Token": "coneofsilence"}},
    {"method": "GET", "url": "/items/foo", "headers": {"X-Token": "hailhydra"}},
    {"method": "GET", "url": "/items/baz", "headers": {"X-Token": "coneofsilence"}},
    {"method": "GET", "url": "/items/foo"},
    {"method": "POST", "url": "/items/", "headers": {"X-Token": "coneofsilence"},
     "json": {"id": "foobar", "title": "Foo Bar", "description": "The Foo Barters"}},
    {"method": "POST", "url": "/items/", "headers": {"X-Token": "hailhydra"},
     "json": {"id": "bazz", "title": "Bazz", "description": "Drop the bazz"}},
    {"method": "POST", "url": "/items/", "headers": {"X-Token": "coneofsilence"},
     "json": {"id": "foo", "title": "The Foo ID Stealers", "description": "There goes my stealer"}},
]
_ALL = {
    "app_testing/tutorial001.py": [{"method": "GET", "url": "/"}],
    "app_testing/tutorial002.py": [{"method": "GET", "url": "/"}],
    "app_testing/tutorial003.py": _ITEMS,
    "app_testing/tutorial004.py": _ITEMS,
    "app_testing/app_a/main.py": [{"method": "GET", "url": "/"}],
    "app_testing/app_b/main.py": _APP_B,
    "app_testing/app_b_non_an/main.py": _APP_B,
    "dependency_testing/tutorial001.py": [
        {"method": "GET", "url": "/items/"}, {"method": "GET", "url": "/items/?q=foo"},
        {"method": "GET", "url": "/items/?q=foo&skip=100&limit=200"},
        {"method": "GET", "url": "/users/"}, {"method": "GET", "url": "/users/?q=foo&skip=100&limit=200"}],
    "dependency_testing/tutorial001_non_an.py": [{"method": "GET", "url": "/items/?q=foo&skip=100&limit=200"}],
}

EXAMPLES = _ALL
