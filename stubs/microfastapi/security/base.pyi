from typing import Any

from ..exceptions import HTTPException

class SecurityBase:
    model: dict[str, Any] | None
    scheme_name: str | None
    auto_error: bool
    def not_authenticated(self) -> HTTPException: ...
    def make_not_authenticated_error(self) -> HTTPException: ...
    def make_authenticate_headers(self) -> dict[str, str]: ...
