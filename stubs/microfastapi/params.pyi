from typing import Any, Callable

REQUIRED: object
CONV: dict[type, Callable[[str], Any]]

class Query:
    """A query parameter: Query(int, default=None), or Query(5) (the default, FastAPI style)."""
    type: type | Callable[[str], Any]
    default: Any
    alias: str | None
    description: str | None
    extra: dict[str, Any]
    def __init__(self, type: Any = None, default: Any = ..., alias: str | None = None,
                 description: str | None = None, **kw: Any) -> None: ...
    @property
    def required(self) -> bool: ...

def convert(t: Any, s: str) -> Any: ...
def error(t: Any, loc: str, name: str, value: Any) -> dict[str, Any]: ...
def missing(loc: str, name: str) -> dict[str, Any]: ...
def param_error(decl: Any, loc: str, key: str, value: Any) -> dict[str, Any]: ...
