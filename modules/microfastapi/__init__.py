# MicroFastApi: a FastAPI-style web framework for MicroPython (Pico W) and CPython.
from ._parser import ACCELERATED
from .app import MicroFastApi, Route
from .params import Query
from .request import Request
from .response import (
    Response, JSONResponse, HTMLResponse, PlainTextResponse, RedirectResponse,
    StreamingResponse, FileResponse, HTTPException, RequestValidationError,
)

__version__ = "0.1.0"
