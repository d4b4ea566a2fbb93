from typing import Any, AsyncIterable, Iterable

def json_dumps(o: Any) -> str: ...
def json_loads(data: str | bytes | bytearray | memoryview) -> Any: ...

STATUS: dict[int, str]
MIME: dict[str, str]

from .exceptions import HTTPException as HTTPException, RequestValidationError as RequestValidationError

class Response:
    media_type: str | None
    kind: int
    status_code: int
    headers: dict[str, str]
    content_type: str | None
    cookies: list[str] | None
    body: bytes | bytearray | memoryview
    background: Any
    def __init__(self, content: Any = b"", status_code: int = 200, headers: dict[str, str] | None = None,
                 content_type: str | None = None, media_type: str | None = None,
                 background: Any = None) -> None: ...
    def render(self, content: Any) -> bytes | bytearray | memoryview: ...
    def set_cookie(self, key: str, value: str = "", max_age: int | None = None, expires: str | None = None,
                   path: str = "/", domain: str | None = None, secure: bool = False, httponly: bool = False,
                   samesite: str | None = "lax") -> None: ...
    def delete_cookie(self, key: str, path: str = "/", domain: str | None = None) -> None: ...
    def add_vary(self, value: str) -> None: ...
    def head(self, version: int, keep_alive: bool, length: int | None) -> bytes: ...

class JSONResponse(Response): ...
class HTMLResponse(Response): ...
class PlainTextResponse(Response): ...

class RedirectResponse(Response):
    def __init__(self, url: str, status_code: int = 307, headers: dict[str, str] | None = None,
                 background: Any = None) -> None: ...

class StreamingResponse(Response):
    stream: Iterable[str | bytes] | AsyncIterable[str | bytes]
    first: str | bytes | None
    def __init__(self, content: Iterable[str | bytes] | AsyncIterable[str | bytes], status_code: int = 200,
                 headers: dict[str, str] | None = None, content_type: str | None = None,
                 media_type: str | None = None, background: Any = None) -> None: ...

class FileResponse(Response):
    path: str
    chunk_size: int
    def __init__(self, path: str, content_type: str | None = None, status_code: int = 200,
                 headers: dict[str, str] | None = None, filename: str | None = None,
                 media_type: str | None = None, chunk_size: int = 1024) -> None: ...

def json_stream(content: Any, status_code: int = 200, headers: dict[str, str] | None = None,
                size: int = 512) -> StreamingResponse: ...

def server_error(e: BaseException | None = None, debug: bool = False) -> PlainTextResponse:
    """The 500 for an exception no handler took: "Internal Server Error", or the traceback with debug=True."""
