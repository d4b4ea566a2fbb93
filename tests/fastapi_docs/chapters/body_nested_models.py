# FastAPI tutorial: Body - Nested Models (docs_src/body_nested_models)
# Sets of str come back as JSON lists in the set's iteration order, which
# depends on string hashing (CPython randomises it per process): the requests
# below give sets at most one distinct member, so every runtime answers alike.
_BASE = {"name": "Foo", "description": "The pretender", "price": 42.0, "tax": 3.2}


def _item(**kw):
    d = dict(_BASE)
    d.update(kw)
    return d


_LIST_TAGS = [
    {"method": "PUT", "url": "/items/5", "json": _item(tags=["rock", "metal", "rock"])},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 42}},
    {"method": "PUT", "url": "/items/5", "json": _item(tags="rock")},
    {"method": "PUT", "url": "/items/5", "json": _item(tags=[1, None])},
    {"method": "PUT", "url": "/items/x", "json": {"name": "Foo", "price": 1}},
    {"method": "PUT", "url": "/items/x", "json": {"name": "Foo"}},  # path and body errors in one 422
    {"method": "PUT", "url": "/items/5"},
]
_SET_TAGS = [
    {"method": "PUT", "url": "/items/5", "json": _item(tags=["rock", "rock", "rock"])},
    {"method": "PUT", "url": "/items/5", "json": {"name": "Foo", "price": 42}},
    {"method": "PUT", "url": "/items/5", "json": _item(tags="rock")},
    {"method": "PUT", "url": "/items/5", "json": _item(tags=[None])},
    {"method": "PUT", "url": "/items/5", "json": _item(tags=[])},
]
_IMAGE = [
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": "http://example.com/baz.jpg", "name": "The Foo live"})},
    {"method": "PUT", "url": "/items/5", "json": _item(image=None)},
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": "http://example.com/baz.jpg"})},
    {"method": "PUT", "url": "/items/5", "json": _item(image="http://example.com/baz.jpg")},
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": 3, "name": ["x"]})},
]
_URLS = [
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": "not a url", "name": "x"})},
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": "ftp://example.com/a.jpg", "name": "x"})},
    {"method": "PUT", "url": "/items/5", "json": _item(image={"url": "https://example.com/a.jpg?x=1#y", "name": "x"})},
]
_IMAGES = [
    {"method": "PUT", "url": "/items/5", "json": _item(images=[
        {"url": "http://example.com/baz.jpg", "name": "The Foo live"},
        {"url": "http://example.com/dave.jpg", "name": "The Baz"}])},
    {"method": "PUT", "url": "/items/5", "json": _item(images=None)},
    {"method": "PUT", "url": "/items/5", "json": _item(images=[])},
    {"method": "PUT", "url": "/items/5", "json": _item(images=[{"url": "nope", "name": "a"}, {"name": "b"}])},
    {"method": "PUT", "url": "/items/5", "json": _item(images={"url": "http://example.com/baz.jpg", "name": "x"})},
]
_OPENAPI = {"method": "GET", "url": "/openapi.json"}

EXAMPLES = {
    "body_nested_models/tutorial001.py": _LIST_TAGS + [
        {"method": "PUT", "url": "/items/5", "json": _item(tags=[1, {"a": 1}, None])},
    ],
    "body_nested_models/tutorial002.py": _LIST_TAGS,
    "body_nested_models/tutorial003.py": _SET_TAGS,
    "body_nested_models/tutorial004.py": _SET_TAGS + _IMAGE,
    "body_nested_models/tutorial005.py": _IMAGE + _URLS,
    "body_nested_models/tutorial006.py": _IMAGES,
    "body_nested_models/tutorial007.py": [
        {"method": "POST", "url": "/offers/", "json": {"name": "Offer", "price": 9.5, "items": [
            _item(images=[{"url": "http://example.com/a.jpg", "name": "A"}], tags=["x"])]}},
        {"method": "POST", "url": "/offers/", "json": {"name": "Offer", "price": 9.5, "items": []}},
        {"method": "POST", "url": "/offers/", "json": {"name": "Offer", "price": 9.5}},
        {"method": "POST", "url": "/offers/", "json": {"name": "Offer", "price": 9.5, "items": [
            {"name": "A", "images": [{"url": "bad", "name": "A"}]}]}},
    ],
    "body_nested_models/tutorial008.py": [
        {"method": "POST", "url": "/images/multiple/", "json": [
            {"url": "http://example.com/a.jpg", "name": "A"}, {"url": "https://example.com/b.png", "name": "B"}]},
        {"method": "POST", "url": "/images/multiple/", "json": []},
        {"method": "POST", "url": "/images/multiple/", "json": {"url": "http://example.com/a.jpg", "name": "A"}},
        {"method": "POST", "url": "/images/multiple/", "json": [{"url": "x", "name": "A"}]},
    ],
    "body_nested_models/tutorial009.py": [
        {"method": "POST", "url": "/index-weights/", "json": {"1": 0.5, "2": 1.5}},
        {"method": "POST", "url": "/index-weights/", "json": {"foo": 0.5}},
        {"method": "POST", "url": "/index-weights/", "json": {"1": "x"}},
        {"method": "POST", "url": "/index-weights/", "json": [1]},
        {"method": "POST", "url": "/index-weights/", "json": {}},
    ],
}
for _key in EXAMPLES:
    EXAMPLES[_key].append(_OPENAPI)
