# FastAPI tutorial, "Dependencies" (all its pages): docs_src/dependencies.
# Not replayed: tutorial007/008/010 are fragments (no app); 013/014 need
# sqlmodel and a PostgreSQL server.
def _get(url, **kw):
    d = {"method": "GET", "url": url}
    d.update(kw)
    return d


_COMMONS = [_get("/items"), _get("/items?q=foo"), _get("/items?q=foo&skip=5"),
            _get("/items?q=foo&skip=5&limit=30"), _get("/users"), _get("/items?skip=x"),
            _get("/items/?limit=1&q=bar&skip=1")]
_CLASSES = [_get("/items"), _get("/items?q=foo"), _get("/items?q=foo&skip=1"), _get("/items?q=bar&limit=2"),
            _get("/items?q=bar&skip=1&limit=1"), _get("/items?limit=1&q=bar&skip=1"), _get("/items?limit=many")]
_COOKIE = [_get("/items", cookies={"last_query": "from_cookie"}),
           _get("/items?q=foo", cookies={"last_query": "from_cookie"}), _get("/items")]
_HEADERS = [_get("/items/"), _get("/items/", headers={"X-Token": "invalid"}),
            _get("/items/", headers={"X-Token": "fake-super-secret-token", "X-Key": "invalid"}),
            _get("/items/", headers={"X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key"})]
_YIELD = [_get("/items/foo"), _get("/items/plumbus"), _get("/items/portal-gun")]
_ROUTER_DEPS = _HEADERS + [
    _get("/users/"), _get("/users/", headers={"X-Token": "invalid"}),
    _get("/users/", headers={"X-Token": "fake-super-secret-token", "X-Key": "invalid"}),
    _get("/users/", headers={"X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key"})]

_ALL = {
    "dependencies/tutorial001.py": _COMMONS,
    "dependencies/tutorial001_non_an.py": _COMMONS,
    "dependencies/tutorial001_02.py": _COMMONS,
    "dependencies/tutorial002.py": _CLASSES,
    "dependencies/tutorial002_non_an.py": _CLASSES,
    "dependencies/tutorial003.py": _CLASSES,
    "dependencies/tutorial003_non_an.py": _CLASSES,
    "dependencies/tutorial004.py": _CLASSES,
    "dependencies/tutorial004_non_an.py": _CLASSES,
    "dependencies/tutorial005.py": _COOKIE,
    "dependencies/tutorial005_non_an.py": _COOKIE,
    "dependencies/tutorial006.py": _HEADERS,
    "dependencies/tutorial006_non_an.py": _HEADERS,
    # yield dependencies: the cleanup sees the handler's exception
    "dependencies/tutorial008b.py": _YIELD,
    "dependencies/tutorial008b_non_an.py": _YIELD,
    # 008c swallows the handler's exception (FastAPI raises FastAPIError: the
    # test client re-raises it, both answer "error") and 008d re-raises it
    "dependencies/tutorial008c.py": _YIELD[:2],
    "dependencies/tutorial008c_non_an.py": _YIELD[:2],
    "dependencies/tutorial008d.py": _YIELD[:2],
    "dependencies/tutorial008d_non_an.py": _YIELD[:2],
    "dependencies/tutorial008e.py": [_get("/users/me")],
    "dependencies/tutorial008e_non_an.py": [_get("/users/me")],
    # a callable instance as a dependency
    "dependencies/tutorial011.py": [_get("/query-checker/"), _get("/query-checker/?q=qwerty"),
                                    _get("/query-checker/?q=foobar")],
    "dependencies/tutorial011_non_an.py": [_get("/query-checker/"), _get("/query-checker/?q=foobar")],
    # global dependencies (app-level)
    "dependencies/tutorial012.py": _ROUTER_DEPS,
    "dependencies/tutorial012_non_an.py": _ROUTER_DEPS,
}

EXAMPLES = _ALL
