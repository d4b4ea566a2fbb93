# FastAPI tutorial: Body - Multiple Parameters (docs_src/body_multiple_params)
_T1 = [
    {"method": "PUT", "url": "/items/5?q=bar", "json": {"name": "Foo", "price": 50.5}},
    {"method": "PUT", "url": "/items/5?q=bar"},
    {"method": "PUT", "url": "/items/5"},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 50.5, "description": "d", "tax": 1}},
    {"method": "PUT", "url": "/items/5?q=bar", "json": {"name": "Foo"}},
    {"method": "PUT", "url": "/items/1001", "json": {"name": "Foo", "price": 1}},
    {"method": "PUT", "url": "/items/-1", "json": {"name": "Foo", "price": 1}},
]
_T2 = [
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 50.5}, "user": {"username": "Dave"}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 50.5}}},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 50.5}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo"}, "user": {"full_name": "x"}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": [], "user": 3}},
    {"method": "PUT", "url": "/items/5"},
]
_T3 = [
    {"method": "PUT", "url": "/items/5", "json": {"importance": 2, "item": {"name": "Foo", "price": 50.5},
                                                  "user": {"username": "Dave"}}},
    {"method": "PUT", "url": "/items/5", "json": {"importance": "3", "item": {"name": "Foo", "price": 50.5},
                                                  "user": {"username": "Dave", "full_name": "D"}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 50.5}, "user": {"username": "Dave"}}},
    {"method": "PUT", "url": "/items/5", "json": {"importance": "x", "item": {}, "user": {}}},
    {"method": "PUT", "url": "/items/5"},
]
_T4 = _T3 + [
    {"method": "PUT", "url": "/items/5?q=x", "json": {"importance": 0, "item": {"name": "Foo", "price": 50.5},
                                                      "user": {"username": "Dave"}}},
    {"method": "PUT", "url": "/items/5?q=x", "json": {"importance": 1, "item": {"name": "Foo", "price": 50.5},
                                                      "user": {"username": "Dave"}}},
]
_T5 = [
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 50.5}}},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 50.5}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo"}}},
    {"method": "PUT", "url": "/items/5"},
]

EXAMPLES = {
    "body_multiple_params/tutorial001.py": _T1,
    "body_multiple_params/tutorial001_non_an.py": _T1,
    "body_multiple_params/tutorial002.py": _T2,
    "body_multiple_params/tutorial003.py": _T3,
    "body_multiple_params/tutorial003_non_an.py": _T3,
    "body_multiple_params/tutorial004.py": _T4,
    "body_multiple_params/tutorial004_non_an.py": _T4,
    "body_multiple_params/tutorial005.py": _T5,
    "body_multiple_params/tutorial005_non_an.py": _T5,
}
