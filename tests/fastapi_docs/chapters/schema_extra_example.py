# FastAPI tutorial: Declare Request Example Data (docs_src/schema_extra_example)
_R = [
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "description": "A very nice Item", "price": 35.4, "tax": 3.2}},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Bar", "price": "35.4"}},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Baz", "price": "thirty five point four"}},
    {"method": "GET", "url": "/openapi.json"},
]

EXAMPLES = {
    "schema_extra_example/tutorial001.py": _R,
    "schema_extra_example/tutorial002.py": _R,
    "schema_extra_example/tutorial003.py": _R,
    "schema_extra_example/tutorial003_non_an.py": _R,
    "schema_extra_example/tutorial004.py": _R,
    "schema_extra_example/tutorial004_non_an.py": _R,
    "schema_extra_example/tutorial005.py": _R,
    "schema_extra_example/tutorial005_non_an.py": _R,
}

# tutorial005's `Annotated[Item, Body(openapi_examples={...})]` is a 542-character
# annotation: the firmware keeps texts over 255 characters as str constants (patch 0001).
MICROPYTHON_UNSUPPORTED = {}
