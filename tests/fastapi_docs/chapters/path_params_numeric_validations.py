# FastAPI tutorial: Path Parameters and Numeric Validations
# (docs_src/path_params_numeric_validations); requests from FastAPI's
# tests/test_tutorial/test_path_params_numeric_validations
def _get(*urls):
    return [{"method": "GET", "url": u} for u in urls]


_T1 = _get("/items/42", "/items/42?item-query=somequery", "/items/foo", "/openapi.json")
_T2 = _get("/items/42?q=somequery", "/items/42", "/items/foo?q=x", "/openapi.json")
_T4 = _get("/items/42?q=somequery", "/items/0?q=somequery", "/items/-1?q=x", "/openapi.json")
_T5 = _get("/items/42?q=somequery", "/items/0?q=somequery", "/items/1000?q=x", "/items/1001?q=x", "/openapi.json")
_T6 = _get("/items/42?q=somequery&size=5", "/items/42?q=somequery&size=0", "/items/42?q=x&size=10.5",
           "/items/1001?q=x&size=1", "/items/-1?size=-1", "/items/7?q=x&size=abc", "/openapi.json")

EXAMPLES = {
    "path_params_numeric_validations/tutorial001.py": _T1,
    "path_params_numeric_validations/tutorial001_non_an.py": _T1,
    "path_params_numeric_validations/tutorial002.py": _T2,
    "path_params_numeric_validations/tutorial002_non_an.py": _T2,
    "path_params_numeric_validations/tutorial003.py": _T2,
    "path_params_numeric_validations/tutorial003_non_an.py": _T2,
    "path_params_numeric_validations/tutorial004.py": _T4,
    "path_params_numeric_validations/tutorial004_non_an.py": _T4,
    "path_params_numeric_validations/tutorial005.py": _T5,
    "path_params_numeric_validations/tutorial005_non_an.py": _T5,
    "path_params_numeric_validations/tutorial006.py": _T6,
    "path_params_numeric_validations/tutorial006_non_an.py": _T6,
}
