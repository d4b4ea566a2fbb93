from typing import Any

def phrase(status_code: int) -> str: ...

class HTTPException(Exception):
    status_code: int
    detail: Any
    headers: dict[str, str] | None
    def __init__(self, status_code: int, detail: Any = None, headers: dict[str, str] | None = None) -> None: ...

class WebSocketException(Exception):
    code: int
    reason: str
    def __init__(self, code: int, reason: str | None = None) -> None: ...

class FastAPIError(RuntimeError): ...

class ValidationException(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None: ...
    def errors(self) -> list[dict[str, Any]]: ...

class RequestValidationError(ValidationException):
    body: Any
    def __init__(self, errors: list[dict[str, Any]], body: Any = None) -> None: ...

class WebSocketRequestValidationError(ValidationException): ...

class ResponseValidationError(ValidationException):
    body: Any
    def __init__(self, errors: list[dict[str, Any]], body: Any = None) -> None: ...
