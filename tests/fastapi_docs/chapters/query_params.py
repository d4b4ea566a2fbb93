# FastAPI tutorial: Query Parameters (docs_src/query_params); requests from
# FastAPI's tests/test_tutorial/test_query_params
def _get(*urls):
    return [{"method": "GET", "url": u} for u in urls]


EXAMPLES = {
    "query_params/tutorial001.py": _get("/items/", "/items/?skip=1", "/items/?skip=1&limit=1", "/items/?skip=a&limit=b", "/openapi.json"),
    "query_params/tutorial002.py": _get("/items/foo", "/items/bar?q=somequery", "/openapi.json"),
    "query_params/tutorial003.py": _get("/items/foo", "/items/bar?q=somequery", "/items/baz?short=true",
                                        "/items/baz?short=1", "/items/baz?short=on", "/items/baz?short=yes",
                                        "/items/baz?short=False", "/items/baz?short=nope", "/openapi.json"),
    "query_params/tutorial004.py": _get("/users/123/items/foo", "/users/1/items/bar?q=somequery",
                                        "/users/42/items/baz?short=true", "/users/x/items/baz", "/openapi.json"),
    "query_params/tutorial005.py": _get("/items/foo-item?needy=sooooneedy", "/items/foo-item", "/openapi.json"),
    "query_params/tutorial006.py": _get("/items/foo?needy=very", "/items/foo?needy=very&skip=1&limit=2",
                                        "/items/foo", "/items/foo?skip=a&limit=b", "/openapi.json"),
}
