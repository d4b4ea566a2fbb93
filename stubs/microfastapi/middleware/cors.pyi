from typing import Any, Callable, Collection

ALL_METHODS: tuple[str, ...]
SAFELISTED_HEADERS: tuple[str, ...]

class CORSMiddleware:
    app: Callable[..., Any]
    allow_origins: Collection[str]
    allow_methods: Collection[str]
    allow_headers: list[str]
    allow_credentials: bool
    def __init__(self, app: Callable[..., Any], allow_origins: Collection[str] = (),
                 allow_methods: Collection[str] = ("GET",), allow_headers: Collection[str] = (),
                 allow_credentials: bool = False, allow_origin_regex: str | None = None,
                 allow_private_network: bool = False, expose_headers: Collection[str] = (),
                 max_age: int = 600) -> None: ...
    def is_allowed_origin(self, origin: str) -> bool: ...
    async def __call__(self, request: Any) -> Any: ...
    def preflight(self, h: Any) -> Any: ...
