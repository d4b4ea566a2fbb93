# FastAPI tutorial: Response Model - Return Type (docs_src/response_model)
_USER = [
    {"method": "POST", "url": "/user/", "json": {"username": "foo", "password": "fighter", "email": "foo@example.com"}},
    {"method": "POST", "url": "/user/", "json": {"username": "foo", "password": "fighter", "email": "foo@example.com",
                                                 "full_name": "Grave Dohl"}},
    {"method": "POST", "url": "/user/", "json": {"username": "foo", "password": "fighter"}},
]
_ITEMS = [
    {"method": "GET", "url": "/items/foo"},
    {"method": "GET", "url": "/items/bar"},
    {"method": "GET", "url": "/items/baz"},
]
_INCLUDE = [
    {"method": "GET", "url": "/items/foo/name"},
    {"method": "GET", "url": "/items/bar/name"},
    {"method": "GET", "url": "/items/baz/public"},
    {"method": "GET", "url": "/items/foo/public"},
]

EXAMPLES = {
    "response_model/tutorial001.py": [
        {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": 42.0, "tags": ["a"]}},
        {"method": "POST", "url": "/items/", "json": {"name": "Foo"}},
        {"method": "GET", "url": "/items/"},
    ],
    "response_model/tutorial001_01.py": [
        {"method": "POST", "url": "/items/", "json": {"name": "Foo", "price": 42.0, "tags": ["a"]}},
        {"method": "GET", "url": "/items/"},
    ],
    "response_model/tutorial002.py": _USER,
    "response_model/tutorial003.py": _USER,
    "response_model/tutorial003_01.py": _USER,
    "response_model/tutorial003_02.py": [
        {"method": "GET", "url": "/portal"},
    ],
    "response_model/tutorial003_03.py": [{"method": "GET", "url": "/teleport", "follow_redirects": False}],
    # tutorial003_04 is the docs' example of what FastAPI refuses at import
    # (FastAPIError: `-> Response | dict`); the harness replays programs the
    # reference loads
    "response_model/tutorial003_05.py": [{"method": "GET", "url": "/portal"}],
    "response_model/tutorial004.py": _ITEMS,
    "response_model/tutorial005.py": _INCLUDE,
    "response_model/tutorial006.py": _INCLUDE,
}

MICROPYTHON_UNSUPPORTED = {}
