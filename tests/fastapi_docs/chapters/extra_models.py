# FastAPI tutorial: Extra Models (docs_src/extra_models)
_USER = [
    {"method": "POST", "url": "/user/", "json": {"username": "johndoe", "password": "secret",
                                                 "email": "johndoe@example.com", "full_name": "John Doe"}},
    {"method": "POST", "url": "/user/", "json": {"username": "johndoe", "password": "secret",
                                                 "email": "johndoe@example.com"}},
    {"method": "POST", "url": "/user/", "json": {"username": "johndoe"}},
]

EXAMPLES = {
    "extra_models/tutorial001.py": _USER,
    "extra_models/tutorial002.py": _USER,
    "extra_models/tutorial003.py": [
        {"method": "GET", "url": "/items/item1"},
        {"method": "GET", "url": "/items/item2"},
    ],
    "extra_models/tutorial004.py": [{"method": "GET", "url": "/items/"}],
    "extra_models/tutorial005.py": [{"method": "GET", "url": "/keyword-weights/"}],
}

MICROPYTHON_UNSUPPORTED = {}
