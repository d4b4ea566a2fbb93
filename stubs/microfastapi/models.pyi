# BaseModel and Field: the part of Pydantic's API that FastAPI users write.
import builtins
from typing import Any, Callable, ClassVar, Iterator, TypeVar

_M = TypeVar("_M", bound="BaseModel")

class _Undefined: ...

PydanticUndefined: _Undefined

class FieldInfo:
    """A field's declaration (what Field() returns); Body/Form/File subclass it."""
    default: Any
    default_factory: Callable[[], Any] | None
    annotation: Any
    alias: str | None
    title: str | None
    description: str | None
    examples: list[Any] | None
    json_schema_extra: dict[str, Any] | None
    deprecated: bool | None
    exclude: bool | None
    gt: float | None
    ge: float | None
    lt: float | None
    le: float | None
    multiple_of: float | None
    min_length: int | None
    max_length: int | None
    pattern: str | None
    include_in_schema: bool
    name: str | None
    spec: Any
    def __init__(self, *args: Any, **kw: Any) -> None: ...
    def is_required(self) -> bool: ...
    def get_default(self, call_default_factory: bool = True) -> Any: ...

def Field(*args: Any, **kw: Any) -> Any:
    """Field(default, *, default_factory, alias, title, description, examples,
    gt/ge/lt/le/multiple_of, min_length/max_length, pattern, exclude,
    json_schema_extra, deprecated); on stock MicroPython: Field(type, default)."""

def ConfigDict(**kw: Any) -> dict[str, Any]: ...

class ValidationError(ValueError):
    title: str
    def __init__(self, errors: list[dict[str, Any]], title: str = "Model") -> None: ...
    def errors(self, include_url: bool = False, include_context: bool = True,
               include_input: bool = True) -> list[dict[str, Any]]: ...
    def error_count(self) -> int: ...

class BaseModel:
    model_config: ClassVar[dict[str, Any]]
    model_fields: ClassVar[dict[str, Any]]
    def __init__(self, **data: Any) -> None: ...
    @classmethod
    def model_validate(cls: type[_M], obj: Any, strict: bool | None = None, from_attributes: bool | None = None,
                       context: Any = None) -> _M: ...
    @classmethod
    def model_validate_json(cls: type[_M], data: str | bytes, strict: bool | None = None,
                            context: Any = None) -> _M: ...
    @classmethod
    def model_rebuild(cls, force: bool = False, **kw: Any) -> bool: ...
    @classmethod
    def model_construct(cls: type[_M], _fields_set: set[str] | None = None, **values: Any) -> _M: ...
    @classmethod
    def plan_entry(cls, name: str, annotation: Any, default: Any, route: Any) -> tuple[Any, ...]: ...
    @property
    def model_fields_set(self) -> set[str]: ...
    def model_dump(self, mode: str = "python", include: Any = None, exclude: Any = None, by_alias: bool = False,
                   exclude_unset: bool = False, exclude_defaults: bool = False, exclude_none: bool = False,
                   **_ignored: Any) -> dict[str, Any]: ...
    def model_dump_json(self, indent: int | None = None, include: Any = None, exclude: Any = None,
                        by_alias: bool = False, exclude_unset: bool = False, exclude_defaults: bool = False,
                        exclude_none: bool = False, **_ignored: Any) -> str: ...
    def model_copy(self: _M, update: dict[str, Any] | None = None, deep: bool = False) -> _M: ...
    @classmethod
    def model_json_schema(cls, by_alias: bool = True, ref_template: str = "#/$defs/{model}",
                          mode: str = "validation") -> dict[str, Any]: ...
    def dict(self, **kw: Any) -> builtins.dict[str, Any]: ...
    def json(self, **kw: Any) -> str: ...
    @classmethod
    def parse_obj(cls: type[_M], obj: Any) -> _M: ...
    def copy(self: _M, update: builtins.dict[str, Any] | None = None, deep: bool = False) -> _M: ...
    def __iter__(self) -> Iterator[tuple[str, Any]]: ...
    def __repr_args__(self) -> str: ...

def setup_models(spec: Any) -> None:
    """Set up every model class a resolved annotation (Spec) refers to, nested ones too."""

def fields_of(cls: type) -> list[Any]:
    """A model class's field table, set up at its first use (nested models too)."""

EXTRA: dict[type, str | None]

def dump_value(v: Any, mode: str, kw: dict[str, Any]) -> Any:
    """A value as model_dump(mode=...) writes it (models, lists, dicts inside)."""

def jsonable(obj: Any) -> Any: ...

# Validated values are plain str (the same text as Pydantic's Url objects give)
class AnyUrl(str):
    __mfa_schema__: ClassVar[dict[str, Any]]

class AnyHttpUrl(AnyUrl): ...
class HttpUrl(AnyHttpUrl): ...

class EmailStr(str):
    """An e-mail address (a structural check; the domain lower-cased)."""
    __mfa_schema__: ClassVar[dict[str, Any]]
