# FastAPI tutorial, "Handling Errors": HTTPException with detail and headers,
# custom exception handlers, RequestValidationError handlers (with .errors()
# and .body), overriding the HTTPException handler, reusing FastAPI's own.
# tutorial003 raises UnicornException(name=name): on MicroPython that takes
# the firmware's patch 0300 (exception subclasses whose __init__ takes
# keyword arguments).
_ALL = {
    "handling_errors/tutorial001.py": [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/bar"}],
    "handling_errors/tutorial002.py": [{"method": "GET", "url": "/items-header/foo"},
                                       {"method": "GET", "url": "/items-header/bar",
                                        "compare_headers": ["x-error"]}],
    "handling_errors/tutorial003.py": [{"method": "GET", "url": "/unicorns/shinny"},
                                       {"method": "GET", "url": "/unicorns/yolo"}],
    "handling_errors/tutorial004.py": [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/3"},
                                       {"method": "GET", "url": "/items/2"}],
    "handling_errors/tutorial005.py": [{"method": "POST", "url": "/items/", "json": {"title": "towel", "size": "XL"}},
                                       {"method": "POST", "url": "/items/", "json": {"title": "towel", "size": 5}}],
    "handling_errors/tutorial006.py": [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/3"},
                                       {"method": "GET", "url": "/items/2"}],
}

EXAMPLES = _ALL
