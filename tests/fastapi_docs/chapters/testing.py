# FastAPI tutorial, "Testing" and "Testing Dependencies with Overrides": the
# programs' apps through the test client (tutorial003/004: with TestClient,
# the lifespan runs; dependency_testing: app.dependency_overrides).
# Not replayed: tutorial002's WebSocket route (the ws chapter covers it).
_ITEMS = [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/bar"}]
_ALL = {
    "app_testing/tutorial001.py": [{"method": "GET", "url": "/"}],
    "app_testing/tutorial002.py": [{"method": "GET", "url": "/"}],
    "app_testing/tutorial003.py": _ITEMS,
    "app_testing/tutorial004.py": _ITEMS,
    "app_testing/app_a/main.py": [{"method": "GET", "url": "/"}],
    "app_testing/app_b/main.py": [
        {"method": "GET", "url": "/items/foo", "headers": {"X-Token": "coneofsilence"}},
        {"method": "GET", "url": "/items/foo", "headers": {"X-Token": "hailhydra"}},
        {"method": "GET", "url": "/items/baz", "headers": {"X-Token": "coneofsilence"}},
        {"method": "POST", "url": "/items/", "headers": {"X-Token": "coneofsilence"},
         "json": {"id": "foobar", "title": "Foo Bar", "description": "The Foo Barters"}},
        {"method": "POST", "url": "/items/", "headers": {"X-Token": "hailhydra"},
         "json": {"id": "bazz", "title": "Bazz", "description": "Drop the bazz"}},
        {"method": "POST", "url": "/items/", "headers": {"X-Token": "coneofsilence"},
         "json": {"id": "foo", "title": "The Foo ID Stealers", "description": "There goes my stealer"}},
    ],
    "dependency_testing/tutorial001.py": [
        {"method": "GET", "url": "/items/"}, {"method": "GET", "url": "/items/?q=foo"},
        {"method": "GET", "url": "/items/?q=foo&skip=100&limit=200"},
        {"method": "GET", "url": "/users/"}, {"method": "GET", "url": "/users/?q=foo&skip=100&limit=200"}],
    "dependency_testing/tutorial001_non_an.py": [{"method": "GET", "url": "/items/?q=foo&skip=100&limit=200"}],
}

# Programs not replayed yet, with what they need (they fail on CPython too).
NOT_YET = {
    'app_testing/tutorial002.py': 'WebSocket route (ws)',
    'app_testing/app_b/main.py': "Header()/Cookie() parameters (core); annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
EXAMPLES = {k: v for k, v in _ALL.items() if k not in NOT_YET}
# Programs that answer as FastAPI on CPython but cannot run on MicroPython yet (or at all)
MICROPYTHON_UNSUPPORTED = {
    'dependency_testing/tutorial001.py': "annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
