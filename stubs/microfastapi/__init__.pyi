# Type stubs for editors: MicroFastApi, a FastAPI-style web framework for MicroPython.
from . import (
    applications as applications, params as params, requests as requests,
    responses as responses, routing as routing,
)
from ._parser import ACCELERATED as ACCELERATED
from .applications import MicroFastApi as MicroFastApi
from .routing import Route as Route
from .params import Query as Query
from .requests import Request as Request
from .responses import (
    FileResponse as FileResponse,
    HTMLResponse as HTMLResponse,
    HTTPException as HTTPException,
    JSONResponse as JSONResponse,
    PlainTextResponse as PlainTextResponse,
    RedirectResponse as RedirectResponse,
    RequestValidationError as RequestValidationError,
    Response as Response,
    StreamingResponse as StreamingResponse,
)

__version__: str
