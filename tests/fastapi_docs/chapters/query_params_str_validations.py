# FastAPI tutorial: Query Parameters and String Validations
# (docs_src/query_params_str_validations); requests from FastAPI's
# tests/test_tutorial/test_query_params_str_validations
def _get(*reqs):
    out = []
    for r in reqs:
        if isinstance(r, str):
            out.append({"method": "GET", "url": r})
        else:
            out.append({"method": "GET", "url": r[0], "params": r[1]})
    return out


_Q50 = _get("/items/", ("/items/", {"q": ""}), ("/items/", {"q": "query"}), ("/items/", {"q": "q" * 51}), "/openapi.json")
_Q3_50 = _get("/items/", ("/items/", {"q": "query"}), ("/items/", {"q": "qu"}), ("/items/", {"q": "q" * 51}), "/openapi.json")
_FIXED = _get("/items/", ("/items/", {"q": "fixedquery"}), ("/items/", {"q": "nonregexquery"}), "/openapi.json")
_MIN3 = _get("/items/", ("/items/", {"q": "fixedquery"}), ("/items/", {"q": "fa"}), "/openapi.json")
_REQ3 = _get("/items/", ("/items/", {"q": "fixedquery"}), ("/items/", {"q": "fa"}), "/openapi.json")
_ALIAS = _get("/items/", ("/items/", {"item-query": "fixedquery"}), ("/items/", {"q": "fixedquery"}), "/openapi.json")
_ALIAS2 = _get("/items/", ("/items/", {"item-query": "fixedquery"}), ("/items/", {"q": "fixedquery"}),
               ("/items/", {"item-query": "nonregexquery"}), "/openapi.json")
_LIST = _get("/items/?q=foo&q=bar", "/items/", "/items/?q=baz&q=foobar&q=", "/openapi.json")
_HIDDEN = _get("/items/", "/items/?hidden_query=somevalue", "/openapi.json")

EXAMPLES = {
    "query_params_str_validations/tutorial001.py": _Q50,
    "query_params_str_validations/tutorial002.py": _Q50,
    "query_params_str_validations/tutorial002_non_an.py": _Q50,
    "query_params_str_validations/tutorial003.py": _Q3_50,
    "query_params_str_validations/tutorial003_non_an.py": _Q3_50,
    "query_params_str_validations/tutorial004.py": _FIXED,
    "query_params_str_validations/tutorial004_non_an.py": _FIXED,
    "query_params_str_validations/tutorial005.py": _MIN3,
    "query_params_str_validations/tutorial005_non_an.py": _MIN3,
    "query_params_str_validations/tutorial006.py": _REQ3,
    "query_params_str_validations/tutorial006_non_an.py": _REQ3,
    "query_params_str_validations/tutorial006c.py": _REQ3,
    "query_params_str_validations/tutorial006c_non_an.py": _REQ3,
    "query_params_str_validations/tutorial007.py": _MIN3,
    "query_params_str_validations/tutorial007_non_an.py": _MIN3,
    "query_params_str_validations/tutorial008.py": _MIN3,
    "query_params_str_validations/tutorial008_non_an.py": _MIN3,
    "query_params_str_validations/tutorial009.py": _ALIAS,
    "query_params_str_validations/tutorial009_non_an.py": _ALIAS,
    "query_params_str_validations/tutorial010.py": _ALIAS2,
    "query_params_str_validations/tutorial010_non_an.py": _ALIAS2,
    "query_params_str_validations/tutorial011.py": _LIST,
    "query_params_str_validations/tutorial011_non_an.py": _LIST,
    "query_params_str_validations/tutorial012.py": _LIST,
    "query_params_str_validations/tutorial012_non_an.py": _LIST,
    "query_params_str_validations/tutorial013.py": _LIST,
    "query_params_str_validations/tutorial013_non_an.py": _LIST,
    "query_params_str_validations/tutorial014.py": _HIDDEN,
    "query_params_str_validations/tutorial014_non_an.py": _HIDDEN,
    # AfterValidator (a custom check in Annotated); without ?id= it picks a random item: not replayed
    "query_params_str_validations/tutorial015.py": _get(
        "/items/?id=isbn-9781529046137", "/items/?id=imdb-tt0371724", "/items/?id=isbn-nope", "/items/?id=foo",
        "/items/?id=wiki-Foo", "/openapi.json"),
}
