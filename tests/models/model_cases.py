"""Model programs and inputs, run through the real Pydantic and through
microfastapi.models (tests/models/test_models.py compares them).
SOURCE is written the way FastAPI's docs write models; only its import line
differs between the two runs."""

SOURCE = '''
from typing import Annotated, Optional, Union, Literal, Any
{imports}


class Image(BaseModel):
    url: str
    name: str


class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
    tags: set[str] = set()
    image: Image | None = None


class Offer(BaseModel):
    name: str
    description: Union[str, None] = None
    price: float
    items: list[Item]


class Constrained(BaseModel):
    name: str = Field(min_length=2, max_length=5)
    price: float = Field(gt=0, description="The price must be greater than zero")
    count: Annotated[int, Field(ge=1, le=10)] = 1
    code: Optional[str] = Field(default=None, pattern="^[a-z]+$")
    kind: Literal["a", "b"] = "a"


class Aliased(BaseModel):
    item_name: str = Field(alias="itemName")
    weights: dict[str, float] = Field(default_factory=dict)
    images: list[Image] | None = None


class Node(BaseModel):
    value: int
    children: list["Node"] = []


class User(BaseModel):
    username: str
    email: str
    full_name: str | None = None


class UserIn(User):
    password: str
'''

# (model name, input)
INPUTS = [
    ("Item", {"name": "Foo", "price": 35.4}),
    ("Item", {"name": "Foo", "price": "35.4", "tax": 3, "tags": ["a", "b", "a"]}),
    ("Item", {"name": "Foo", "price": "x"}),
    ("Item", {"name": "Foo"}),
    ("Item", {}),
    ("Item", [1]),
    ("Item", "x"),
    ("Item", None),
    ("Item", {"name": 5, "price": 1, "image": {"url": "http://x"}}),
    ("Item", {"name": "Foo", "price": 1, "image": {"url": "http://x", "name": "n"}, "extra": 1}),
    ("Item", {"name": "Foo", "price": 1, "image": 3}),
    ("Offer", {"name": "o", "price": 3, "items": [{"name": "a", "price": 1}, {"name": "b"}]}),
    ("Offer", {"name": "o", "price": 3, "items": {"name": "a"}}),
    ("Constrained", {"name": "a", "price": 0}),
    ("Constrained", {"name": "abcdef", "price": -1, "count": 11, "code": "A1", "kind": "c"}),
    ("Constrained", {"name": "abc", "price": 2.5, "count": "3", "code": "abc", "kind": "b"}),
    ("Constrained", {"name": "abc", "price": 2.5, "code": None}),
    ("Aliased", {"itemName": "x", "weights": {"a": "1.5"}, "images": [{"url": "u", "name": "n"}]}),
    ("Aliased", {"item_name": "x"}),
    ("Aliased", {"itemName": "x", "weights": {"a": "z"}, "images": [{"url": "u"}]}),
    ("Node", {"value": 1, "children": [{"value": 2, "children": [{"value": "3"}]}]}),
    ("Node", {"value": 1, "children": [{"value": "x"}]}),
    ("UserIn", {"username": "j", "email": "j@x", "password": "p"}),
    ("UserIn", {"username": "j"}),
]

# (model name, input, dump keyword arguments)
DUMPS = [
    ("Item", {"name": "Foo", "price": 35.4}, {}),
    ("Item", {"name": "Foo", "price": 35.4}, {"exclude_unset": True}),
    ("Item", {"name": "Foo", "price": 35.4, "tax": None}, {"exclude_none": True}),
    ("Item", {"name": "Foo", "price": 35.4, "tax": None}, {"exclude_defaults": True}),
    ("Item", {"name": "Foo", "price": 35.4}, {"include": {"name", "price"}}),
    ("Item", {"name": "Foo", "price": 35.4, "image": {"url": "u", "name": "n"}}, {"exclude": {"tax", "tags"}}),
    ("Item", {"name": "Foo", "price": 35.4, "image": {"url": "u", "name": "n"}}, {"exclude": {"image": {"url"}}}),
    ("Aliased", {"itemName": "x"}, {}),
    ("Aliased", {"itemName": "x"}, {"by_alias": True}),
    ("UserIn", {"username": "j", "email": "j@x", "password": "p"}, {"exclude": {"password"}}),
]
