from typing import Any

from .responses import StreamingResponse

DONE: object
KEEPALIVE_COMMENT: bytes

class ServerSentEvent:
    data: Any
    raw_data: str | None
    event: str | None
    id: str | None
    retry: int | None
    comment: str | None
    def __init__(self, data: Any = None, raw_data: str | None = None, event: str | None = None, id: str | None = None,
                 retry: int | None = None, comment: str | None = None) -> None: ...

def format_sse_event(data_str: str | None = None, event: str | None = None, id: str | None = None,
                     retry: int | None = None, comment: str | None = None) -> bytes: ...
def encode(item: Any) -> bytes: ...

class EventSourceResponse(StreamingResponse):
    ping: float
    def __init__(self, content: Any, status_code: int = 200, headers: dict[str, str] | None = None,
                 media_type: str | None = None, ping: float | None = None) -> None: ...
    async def write_to(self, writer: Any, method: str, ver: int, ka: bool, conn: Any = None, rt: int = 10000) -> bool: ...
