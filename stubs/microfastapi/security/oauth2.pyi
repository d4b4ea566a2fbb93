from typing import Any

from .base import SecurityBase

class OAuth2(SecurityBase):
    def __init__(self, *, flows: dict[str, Any] | None = None, scheme_name: str | None = None,
                 description: str | None = None, auto_error: bool = True) -> None: ...
    async def __call__(self, request: Any) -> str | None: ...

class OAuth2PasswordBearer(OAuth2):
    def __init__(self, tokenUrl: str, scheme_name: str | None = None, scopes: dict[str, str] | None = None,
                 description: str | None = None, auto_error: bool = True, refreshUrl: str | None = None) -> None: ...

class OAuth2AuthorizationCodeBearer(OAuth2):
    def __init__(self, authorizationUrl: str, tokenUrl: str, refreshUrl: str | None = None,
                 scheme_name: str | None = None, scopes: dict[str, str] | None = None,
                 description: str | None = None, auto_error: bool = True) -> None: ...

class SecurityScopes:
    scopes: list[str]
    scope_str: str
    def __init__(self, scopes: list[str] | None = None) -> None: ...

class OAuth2PasswordRequestForm:
    strict: bool
    grant_type: str | None
    username: str
    password: str
    scopes: list[str]
    client_id: str | None
    client_secret: str | None
    def __init__(self, request: Any) -> None: ...

class OAuth2PasswordRequestFormStrict(OAuth2PasswordRequestForm): ...
