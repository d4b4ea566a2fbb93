# Type stubs for editors: MicroFastApi, a FastAPI-style web framework for MicroPython.
from . import (
    applications as applications, params as params, requests as requests,
    responses as responses, routing as routing,
)
from ._parser import ACCELERATED as ACCELERATED
from .applications import FastAPI as FastAPI, MicroFastApi as MicroFastApi
from .routers import APIRouter as APIRouter
from .background import BackgroundTasks as BackgroundTasks
from .exceptions import WebSocketException as WebSocketException, FastAPIError as FastAPIError
from . import status as status
from .routing import Route as Route
from .params import Cookie as Cookie, Header as Header, Path as Path, Query as Query, Depends as Depends, Security as Security
from .params import Body as Body, Form as Form, File as File
from .models import (
    BaseModel as BaseModel, Field as Field, FieldInfo as FieldInfo, ValidationError as ValidationError,
    ConfigDict as ConfigDict, HttpUrl as HttpUrl, AnyUrl as AnyUrl, AnyHttpUrl as AnyHttpUrl, EmailStr as EmailStr,
)
from .datastructures import UploadFile as UploadFile
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
