from typing import Any

from .base import SecurityBase

class HTTPBasicCredentials:
    username: str
    password: str
    def __init__(self, username: str, password: str) -> None: ...
    def model_dump(self) -> dict[str, str]: ...

class HTTPAuthorizationCredentials:
    scheme: str
    credentials: str
    def __init__(self, scheme: str, credentials: str) -> None: ...
    def model_dump(self) -> dict[str, str]: ...

class HTTPBase(SecurityBase):
    def __init__(self, *, scheme: str, scheme_name: str | None = None, description: str | None = None,
                 auto_error: bool = True) -> None: ...
    async def __call__(self, request: Any) -> HTTPAuthorizationCredentials | None: ...

class HTTPBasic(HTTPBase):
    realm: str | None
    def __init__(self, *, scheme_name: str | None = None, realm: str | None = None, description: str | None = None,
                 auto_error: bool = True) -> None: ...
    async def __call__(self, request: Any) -> HTTPBasicCredentials | None: ...  # type: ignore[override]

class HTTPBearer(HTTPBase):
    def __init__(self, *, bearerFormat: str | None = None, scheme_name: str | None = None,
                 description: str | None = None, auto_error: bool = True) -> None: ...

class HTTPDigest(HTTPBase):
    def __init__(self, *, scheme_name: str | None = None, description: str | None = None,
                 auto_error: bool = True) -> None: ...
