from typing import Iterable

from .applications import MicroFastApi

def add_cors(app: MicroFastApi, allow_origins: str | Iterable[str] = "*", allow_methods: str | Iterable[str] = "*",
             allow_headers: str | Iterable[str] = "*", allow_credentials: bool = False,
             expose_headers: str | Iterable[str] | None = None, max_age: int = 600) -> None: ...
