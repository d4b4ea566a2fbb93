from typing import Any

from .base import SecurityBase

class APIKeyBase(SecurityBase):
    where: str | None
    name: str
    def __init__(self, *, name: str, scheme_name: str | None = None, description: str | None = None,
                 auto_error: bool = True) -> None: ...
    def check_api_key(self, api_key: str | None) -> str | None: ...

class APIKeyQuery(APIKeyBase):
    async def __call__(self, request: Any) -> str | None: ...

class APIKeyHeader(APIKeyBase):
    async def __call__(self, request: Any) -> str | None: ...

class APIKeyCookie(APIKeyBase):
    async def __call__(self, request: Any) -> str | None: ...
