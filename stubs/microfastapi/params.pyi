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

class Depends:
    """x = Depends(fn): x gets fn's result, solved per request (see dependencies)."""
    dependency: Any
    use_cache: bool
    scope: str | None
    scopes: tuple[str, ...]
    needs_solver: bool
    def __init__(self, dependency: Any = None, *, use_cache: bool = True, scope: str | None = None) -> None: ...
    def plan_entry(self, name: str, annotation: Any, default: Any, route: Any) -> tuple[Any, ...]: ...

class Security(Depends):
    def __init__(self, dependency: Any = None, *, scopes: Any = None, use_cache: bool = True) -> None: ...
