# FastAPI tutorial: Body - Fields (docs_src/body_fields)
_R = [
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 3.0}}},
    {"method": "PUT", "url": "/items/6", "json": {"item": {"name": "Bar", "price": 0.2, "description": "Some bar", "tax": "5.4"}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": -3.0}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 0}}},
    {"method": "PUT", "url": "/items/5", "json": {"item": {"name": "Foo", "price": 1, "description": "x" * 301}}},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 1}},
]

EXAMPLES = {
    "body_fields/tutorial001.py": _R,
    "body_fields/tutorial001_non_an.py": _R,
}
