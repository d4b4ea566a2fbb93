# FastAPI tutorial: Header Parameters (docs_src/header_params); requests from
# FastAPI's tests/test_tutorial/test_header_params
def _get(headers=None):
    r = {"method": "GET", "url": "/items/"}
    if headers:
        r["headers"] = headers
    return r


_OPENAPI = {"method": "GET", "url": "/openapi.json"}
# the User-Agent the reference's client sends by default differs from ours: always send one
_UA = [_get({"User-Agent": "testclient"}), _get({"User-Agent": "FastAPI test"}), _OPENAPI]
_STRANGE = [_get({"User-Agent": "x"}), _get({"strange_header": "FastAPI test"}),
            _get({"strange-header": "Not really underscore"}), _OPENAPI]
_LIST = [_get({"User-Agent": "x"}), _get({"X-Token": "foo"}), _get([["X-Token", "foo"], ["X-Token", "bar"]]),
         _OPENAPI]

EXAMPLES = {
    "header_params/tutorial001.py": _UA,
    "header_params/tutorial001_non_an.py": _UA,
    "header_params/tutorial002.py": _STRANGE,
    "header_params/tutorial002_non_an.py": _STRANGE,
    "header_params/tutorial003.py": _LIST,
    "header_params/tutorial003_non_an.py": _LIST,
}
