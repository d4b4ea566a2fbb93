# FastAPI's default exception handlers, to call from your own
# (fastapi.exception_handlers): log, then answer as FastAPI would.
from .responses import JSONResponse, Response


async def http_exception_handler(request, exc):
    # {"detail": exc.detail} with the exception's status and headers
    if exc.status_code == 204 or exc.status_code == 304:
        return Response(None, exc.status_code, exc.headers)
    return JSONResponse({"detail": exc.detail}, exc.status_code, exc.headers)


async def request_validation_exception_handler(request, exc):
    # 422 {"detail": [error items]}
    return JSONResponse({"detail": exc.errors()}, 422)


async def websocket_request_validation_exception_handler(websocket, exc):
    await websocket.close(code=1008, reason=str(exc.errors()))
