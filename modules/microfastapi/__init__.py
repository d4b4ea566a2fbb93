# MicroFastApi: a FastAPI-style web framework for MicroPython (Pico W) and CPython.
#
# Handler parameters are matched by name: path parameters, `request`, `body` (the
# parsed JSON body) and query parameters. A query parameter is converted by
# Query(type, default=...), else by the type of its default (int, float, bool,
# str), else by its annotation where the runtime keeps them (CPython only:
# MicroPython drops annotations).
# The names come from _parser.fn_params: the C module on images and the twin,
# `inspect` on CPython. On stock MicroPython without the C module they cannot be
# read: declare them on the decorator, `@app.get("/x", params=("q", "body"))` or
# `params={"n": Query(int, default=0)}`; otherwise the handler gets its path
# parameters plus whichever of request/body/query names it accepts (found by
# trying), query values as str.
#
# Modules: applications (the app class), routing (Route, templates, look-up),
# signature (a route's plan), params (declarations, conversion), handling (the
# fast path and dispatch), server (asyncio HTTP/1.1), requests, responses,
# _parser (C module or pure Python), _compat, testing (TestClient), wifi, cors.
# /openapi.json and /docs are served by an optional `openapi` module when present.
from ._parser import ACCELERATED
from .applications import MicroFastApi, FastAPI
from .routing import Route
from .params import Path, Query, Header, Cookie, Depends, Security
from .requests import Request
from .responses import (
    Response, JSONResponse, HTMLResponse, PlainTextResponse, RedirectResponse,
    StreamingResponse, FileResponse, HTTPException, RequestValidationError,
)

__version__ = "0.1.0"

# Names imported on first use (module __getattr__): `from microfastapi import
# APIRouter` loads routers.py then, so an app that uses no router, model,
# body, status constant or background task does not pay for them in RAM at
# import (nor in every garbage collection after it).
_LAZY = {
    "BaseModel": "models", "Field": "models", "FieldInfo": "models", "ValidationError": "models",
    "ConfigDict": "models", "HttpUrl": "models", "AnyUrl": "models", "AnyHttpUrl": "models",
    "EmailStr": "models", "AfterValidator": "annotations", "Body": "params", "Form": "params", "File": "params",
    "UploadFile": "datastructures",
    "APIRouter": "routers",
    "BackgroundTasks": "background",
    "WebSocketException": "exceptions",
    "FastAPIError": "exceptions",
    "WebSocket": "websockets",
    "WebSocketDisconnect": "websockets",
    "WebSocketState": "websockets",
}


def __getattr__(name):
    m = _LAZY.get(name)
    if m is not None:
        mod = __import__("microfastapi." + m, None, None, (name,))
        v = getattr(mod, name)
        globals()[name] = v
        return v
    # a submodule (`from microfastapi import status`, `from . import openapi`):
    # with a module __getattr__, MicroPython does not fall back to importing it
    try:
        return __import__("microfastapi." + name, None, None, ("_",))
    except ImportError as e:
        if name not in str(e):
            raise
    raise AttributeError("module 'microfastapi' has no attribute '{}'".format(name))
