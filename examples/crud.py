# A small CRUD API with JSON bodies: items kept in RAM.
# On the host twin: `make run EXAMPLE=crud`, then open http://127.0.0.1:8000/docs
import json

from microfastapi import MicroFastApi, HTTPException, Query, RequestValidationError

app = MicroFastApi(title="Items", version="1.0.0", description="A small CRUD API kept in RAM.")

MAX_ITEMS = 100
MAX_PRICE = 1000000
ITEMS = {}  # type: dict  # id -> item
_next = [1]

# JSON Schemas for /openapi.json (the framework does not check them: _item does)
ITEM_IN = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 64},
        "price": {"type": "number", "minimum": 0, "maximum": MAX_PRICE},
        "done": {"type": "boolean"},
    },
    "required": ["name"],
    "example": {"name": "coffee", "price": 2.5, "done": False},
}
ITEM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "price": {"type": "number"},
        "done": {"type": "boolean"},
    },
    "required": ["id", "name", "price", "done"],
}


def _bad(loc, msg, value, kind="value_error"):
    if _surrogates(json.dumps(value)):  # not sendable as JSON (see _surrogates)
        value = None
    raise RequestValidationError([{"type": kind, "loc": ["body"] + loc, "msg": msg, "input": value}])


def _surrogates(s):
    # MicroPython's json.loads turns "\ud83d\ude00" into two encoded surrogate
    # halves (not UTF-8): such a string cannot be sent back as JSON
    try:
        b = s.encode()
    except UnicodeError:  # CPython: a lone surrogate
        return True
    i = b.find(b"\xed")
    while i >= 0:
        if i + 1 < len(b) and b[i + 1] >= 0xA0:
            return True
        i = b.find(b"\xed", i + 1)
    return False


def _item(body, item_id):
    # validates a JSON body against ITEM_IN; 422 (FastAPI's shape) otherwise
    if type(body) is not dict:
        _bad([], "Input should be a valid object", body, "model_type")
    name = body.get("name")
    if type(name) is not str:
        _bad(["name"], "Field required" if name is None else "Input should be a valid string", name,
             "missing" if name is None else "string_type")
    if _surrogates(name):
        _bad(["name"], "Input should be a string without \\u escaped surrogates", None, "string_unicode")
    if not 1 <= len(name) <= 64:
        _bad(["name"], "String should have 1 to 64 characters", name, "string_too_long")
    price = body.get("price", 0)
    if type(price) not in (int, float) or not 0 <= price <= MAX_PRICE:
        _bad(["price"], "Input should be a number from 0 to {}".format(MAX_PRICE), price, "float_type")
    done = body.get("done", False)
    if type(done) is not bool:
        _bad(["done"], "Input should be a valid boolean", done, "bool_type")
    return {"id": item_id, "name": name, "price": price, "done": done}


def _get(item_id):
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(404, "Item {} not found".format(item_id))
    return item


# params= names the handler's parameters: the firmware (C module) reads them from
# the function itself, stock MicroPython (mip install) cannot, and needs them to
# convert query values and to document them in /openapi.json.
@app.get("/items", tags=["items"], summary="List items", response_schema={"type": "array", "items": ITEM},
         params={"skip": Query(int, default=0, description="items to skip"),
                 "limit": Query(int, default=10, description="at most this many")})
def list_items(skip=0, limit=10):
    skip = min(max(skip, 0), MAX_ITEMS)  # ?skip=10**30 is a valid int, not a valid index
    limit = min(max(limit, 0), MAX_ITEMS)
    return [ITEMS[i] for i in sorted(ITEMS)[skip:skip + limit]]


@app.post("/items", status_code=201, tags=["items"], summary="Create an item",
          body_schema=ITEM_IN, response_schema=ITEM, responses={409: "The store is full"}, params=("body",))
def create_item(body):
    if len(ITEMS) >= MAX_ITEMS:
        raise HTTPException(409, "The store is full")
    item = _item(body, _next[0])
    _next[0] += 1
    ITEMS[item["id"]] = item
    return item


@app.get("/items/{item_id:int}", tags=["items"], summary="Read an item", response_schema=ITEM)
def read_item(item_id):
    return _get(item_id)


@app.put("/items/{item_id:int}", tags=["items"], summary="Replace an item",
         body_schema=ITEM_IN, response_schema=ITEM, params=("item_id", "body"))
def replace_item(item_id, body):
    _get(item_id)
    item = ITEMS[item_id] = _item(body, item_id)
    return item


@app.delete("/items/{item_id:int}", status_code=204, tags=["items"], summary="Delete an item")
def delete_item(item_id):
    _get(item_id)
    del ITEMS[item_id]


@app.get("/stats", tags=["info"], summary="How many items, and their total price",
         description="The sum of price over all items; `done` counts finished ones.",
         response_schema={"type": "object", "properties": {"count": {"type": "integer"},
                                                          "done": {"type": "integer"},
                                                          "total": {"type": "number"}}})
def stats():
    return {"count": len(ITEMS), "done": sum(1 for i in ITEMS.values() if i["done"]),
            "total": sum(i["price"] for i in ITEMS.values())}


if __name__ == "__main__":
    print(app)
    app.run(port=80)  # MFA_HOST / MFA_PORT in the environment override host and port
