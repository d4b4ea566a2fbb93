# FastAPI tutorial: Path Parameters (docs_src/path_params); requests from
# FastAPI's tests/test_tutorial/test_path_params
def _get(*urls):
    return [{"method": "GET", "url": u} for u in urls]


EXAMPLES = {
    "path_params/tutorial001.py": _get("/items/foo", "/items/1", "/openapi.json"),
    "path_params/tutorial002.py": _get("/items/1", "/items/foo", "/items/4.2", "/items/-3", "/items/%2B7", "/openapi.json"),
    "path_params/tutorial003.py": _get("/users/me", "/users/alice", "/openapi.json"),
    "path_params/tutorial003b.py": _get("/users", "/openapi.json"),
    "path_params/tutorial004.py": _get("/files/home/johndoe/myfile.txt", "/files//home/johndoe/myfile.txt", "/openapi.json"),
    "path_params/tutorial005.py": _get("/models/alexnet", "/models/lenet", "/models/resnet", "/models/foo", "/openapi.json"),
}
