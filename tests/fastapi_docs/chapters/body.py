# FastAPI tutorial: Request Body (docs_src/body)
_ITEM_REQUESTS = [
    {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": 50.5}},
    {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": "50.5"}},
    {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": "50.5", "description": "Some Foo"}},
    {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": "50.5", "description": "Some Foo", "tax": 0.3}},
    {"method": "POST", "url": "/items/", "json": {"name": "Foo"}},
    {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": "twenty"}},
    {"method": "POST", "url": "/items/", "json": {}},
    {"method": "POST", "url": "/items/"},
    {"method": "POST", "url": "/items/", "headers": {"content-type": "application/json"}, "content": "{some broken json}"},
    {"method": "POST", "url": "/items/", "data": {"name": "Foo", "price": "50.5"}},
    {"method": "POST", "url": "/items/", "headers": {"Content-Type": "application/json"}, "content": '{"name": "Foo", "price": 50.5}'},
    {"method": "POST", "url": "/items/", "headers": {"Content-Type": "application/geo+json"}, "content": '{"name": "Foo", "price": 50.5}'},
    {"method": "POST", "url": "/items/", "content": '{"name": "Foo", "price": 50.5}'},
    {"method": "POST", "url": "/items/", "headers": {"Content-Type": "text/plain"}, "content": '{"name": "Foo", "price": 50.5}'},
    {"method": "POST", "url": "/items/", "headers": {"Content-Type": "application/not-really-json"}, "content": '{"name": "Foo", "price": 50.5}'},
    {"method": "POST", "url": "/items/", "json": [1]},
    {"method": "POST", "url": "/items/", "json": "x"},
    {"method": "POST", "url": "/items/", "json": {"name": 3, "price": None, "tax": "x"}},
]

EXAMPLES = {
    "body/tutorial001.py": _ITEM_REQUESTS,
    "body/tutorial002.py": [
        {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": 50.5}},
        {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": 50.5, "tax": 0.5}},
        {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": "x", "tax": "y"}},
    ],
    "body/tutorial003.py": [
        {"method": "PUT", "url": "/items/123", "json": {"name": "Foo", "price": 50.1}},
        {"method": "PUT", "url": "/items/abc", "json": {"name": "Foo", "price": 50.1}},
        {"method": "PUT", "url": "/items/123", "json": {"name": "Foo"}},
    ],
    "body/tutorial004.py": [
        {"method": "PUT", "url": "/items/123", "json": {"name": "Foo", "price": 50.1}},
        {"method": "PUT", "url": "/items/123?q=somequery", "json": {"name": "Foo", "price": 50.1, "tax": 1}},
        {"method": "PUT", "url": "/items/123?q=x"},
    ],
}

DIFFERENCES = {
    # MicroPython's json module says neither where nor why a document is
    # malformed: the 422 json_invalid item there has loc ["body", 0] and its
    # own words (CPython gives FastAPI's exactly)
    "body/tutorial001.py": {8: {"status": 422, "why": "json_invalid position/reason are the runtime's json module's"}},
}
MICROPYTHON_UNSUPPORTED = {}
