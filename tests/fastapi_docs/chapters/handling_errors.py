# FastAPI tutorial, "Handling Errors": HTTPException with detail and headers,
# custom exception handlers, RequestValidationError handlers (with .errors()
# and .body), overriding the HTTPException handler, reusing FastAPI's own.
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

# Programs not replayed yet, with what they need (they fail on CPython too).
NOT_YET = {
    'handling_errors/tutorial004.py': "item_id: int on a {item_id} path parameter is converted from the annotation (core's plan; annot on MicroPython)",
    'handling_errors/tutorial006.py': "item_id: int on a {item_id} path parameter is converted from the annotation (core's plan; annot on MicroPython)",
}
EXAMPLES = {k: v for k, v in _ALL.items() if k not in NOT_YET}
# Programs that answer as FastAPI on CPython but cannot run on MicroPython yet (or at all)
MICROPYTHON_UNSUPPORTED = {
    'handling_errors/tutorial003.py': "UnicornException(name=name): MicroPython's Exception subclasses take no keyword arguments; passes on CPython",
    'handling_errors/tutorial005.py': "item: Item (a body model) is known from the annotation: annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
