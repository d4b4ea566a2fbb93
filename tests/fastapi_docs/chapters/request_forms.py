# FastAPI tutorial: Form Data (docs_src/request_forms)
_LOGIN = [
    {"method": "POST", "url": "/login/", "data": {"username": "Foo", "password": "secret"}},
    {"method": "POST", "url": "/login/", "data": {"username": "Foo"}},
    {"method": "POST", "url": "/login/", "data": {"password": "secret"}},
    {"method": "POST", "url": "/login/"},
    {"method": "POST", "url": "/login/", "json": {"username": "Foo", "password": "secret"}},
    {"method": "POST", "url": "/login/", "files": {"username": [None, "Foo", None], "password": [None, "s", None]}},
]
_PREFS = [
    {"method": "POST", "url": "/preferences/", "data": {"subscribe": "true"}},
    {"method": "POST", "url": "/preferences/", "data": {"subscribe": "off"}},
    {"method": "POST", "url": "/preferences/", "data": {"subscribe": "maybe"}},
    {"method": "POST", "url": "/preferences/"},
]

EXAMPLES = {
    "request_forms/tutorial001.py": _LOGIN,
    "request_forms/tutorial001_non_an.py": _LOGIN,
    "request_forms/tutorial002.py": _PREFS,
    "request_forms/tutorial002_non_an.py": _PREFS,
}
