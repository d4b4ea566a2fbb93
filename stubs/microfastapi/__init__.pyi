# Type stubs for editors: MicroFastApi, a FastAPI-style web framework for MicroPython.
from . import app as app, params as params, request as request, response as response
from ._parser import ACCELERATED as ACCELERATED
from .app import MicroFastApi as MicroFastApi, Route as Route
from .params import Query as Query
from .request import Request as Request
from .response import (
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
