from typing import Any, Callable, Iterable

from .applications import MicroFastApi
from .responses import Response

CONVERTERS: dict[str, Callable[[str], Any] | None]
ROUTE_KEYWORDS: set[str]

def int_segment(s: str) -> int: ...
def float_segment(s: str) -> float: ...
def check_route_keywords(kw: dict[str, Any]) -> None: ...
def compile_path(path: str) -> tuple[tuple[str | tuple[str, Callable[[str], Any] | None], ...], dict[str, str], bool]: ...

class Route:
    path: str
    methods: set[str]
    handler: Callable[..., Any]
    name: str
    status_code: int | None
    summary: str | None
    description: str | None
    tags: list[str] | None
    response_class: type[Response] | None
    extra: dict[str, Any]
    include_in_schema: bool
    path_params: dict[str, str]
    plan: tuple[tuple[str, int, str | None, Any, Any, Any], ...] | None
    order: int
    dependant: Any
    security: list[tuple[Any, list[str]]] | None
    def __init__(self, app: MicroFastApi | None, path: str, methods: Iterable[str], handler: Callable[..., Any],
                 status_code: int | None = None, name: str | None = None, summary: str | None = None,
                 description: str | None = None, tags: list[str] | None = None,
                 params: dict[str, Any] | Iterable[str] | None = None,
                 response_class: type[Response] | None = None, include_in_schema: bool = True,
                 **extra: Any) -> None: ...
    @property
    def param_specs(self) -> list[dict[str, Any]]: ...
    def match(self, segs: list[str]) -> dict[str, Any] | None: ...

class Router:
    routes: list[Route]
    def __init__(self) -> None: ...
    def add(self, r: Route) -> Route: ...
    def candidates(self, path: str) -> list[tuple[Route, dict[str, Any]]]: ...
    def find(self, method: str, path: str, qs: str = "") -> tuple[Route | None, Any]: ...
    def lookup(self, method: str, path: str, qs: str) -> tuple[Route | None, dict[str, Any] | None]: ...
    def index(self) -> dict[str, list[Route]]: ...
