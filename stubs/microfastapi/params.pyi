from typing import Any, Callable

REQUIRED: object
CONV: dict[type, Callable[[str], Any]]

class Param:
    """What Path, Query, Header and Cookie share (FastAPI's parameters).
    One positional argument: the default (`...` = required), or, in the legacy
    style for runtimes without annotations, a type among int/float/bool/str
    (`Query(int, default=0)`)."""
    in_: str | None
    type: Any
    default: Any
    default_factory: Callable[[], Any] | None
    alias: str | None
    title: str | None
    description: str | None
    gt: float | None
    ge: float | None
    lt: float | None
    le: float | None
    multiple_of: float | None
    min_length: int | None
    max_length: int | None
    pattern: str | None
    deprecated: bool | None
    include_in_schema: bool
    examples: list[Any] | None
    openapi_examples: dict[str, Any] | None
    json_schema_extra: dict[str, Any] | None
    def __init__(self, *args: Any, default: Any = ..., type: Any = None,
                 default_factory: Callable[[], Any] | None = None, alias: str | None = None,
                 title: str | None = None, description: str | None = None, gt: float | None = None,
                 ge: float | None = None, lt: float | None = None, le: float | None = None,
                 multiple_of: float | None = None, min_length: int | None = None,
                 max_length: int | None = None, pattern: str | None = None, regex: str | None = None,
                 deprecated: bool | None = None, include_in_schema: bool = True,
                 examples: list[Any] | None = None, example: Any = None,
                 openapi_examples: dict[str, Any] | None = None,
                 json_schema_extra: dict[str, Any] | None = None) -> None: ...
    @property
    def required(self) -> bool: ...
    def is_required(self) -> bool: ...

class Path(Param): ...
class Query(Param): ...

class Header(Param):
    convert_underscores: bool
    def __init__(self, *args: Any, convert_underscores: bool = True, **kw: Any) -> None: ...

class Cookie(Param): ...

def type_of(v: Any) -> type: ...
def int_value(s: str) -> int: ...
def convert(t: Any, s: str) -> Any: ...
def error(t: Any, loc: str, name: str, value: Any) -> dict[str, Any]: ...
def missing(loc: str, name: str) -> dict[str, Any]: ...
def param_errors(entry: tuple[Any, ...], loc: str, value: Any) -> list[dict[str, Any]]: ...

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

# Request body declarations (FieldInfo subclasses: Field's constraints, alias,
# title, description, examples); bound by bodies.py
from .models import FieldInfo

class Body(FieldInfo):
    """Body(default=..., *, embed=None, media_type="application/json", ...): a
    JSON body value; several body parameters (or embed=True) are read from the
    body object by name."""
    embed: bool | None
    media_type: str
    openapi_examples: dict[str, Any] | None
    def plan_entry(self, name: str, annotation: Any, default: Any, route: Any) -> tuple[Any, ...]: ...

class Form(Body):
    """A field of an application/x-www-form-urlencoded or multipart/form-data body."""

class File(Form):
    """A file of a multipart/form-data body, as bytes or UploadFile."""
