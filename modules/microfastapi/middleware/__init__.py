# Middleware (fastapi.middleware / starlette.middleware).
#
# A middleware wraps the whole request flow (routing, dependencies, the
# handler, exception handlers). Two ways to add one, as in FastAPI:
#
#   @app.middleware("http")
#   async def add_timing(request, call_next):
#       response = await call_next(request)
#       response.headers["X-Process-Time"] = "..."
#       return response
#
#   app.add_middleware(CORSMiddleware, allow_origins=["*"])
#
# A class given to add_middleware is called as cls(call_next, **options) when
# the app is first served; the instance is then awaited per request as
# `await instance(request)` and returns the Response (call_next(request) gives
# the inner one). The last added is the outermost, as in Starlette.


class Middleware:
    # app = FastAPI(middleware=[Middleware(CORSMiddleware, allow_origins=...)])
    def __init__(self, cls, *args, **kwargs):
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __iter__(self):
        return iter((self.cls, self.args, self.kwargs))


class BaseHTTPMiddleware:
    # subclass and define `async def dispatch(self, request, call_next)`
    def __init__(self, app, dispatch=None):
        self.app = app
        if dispatch is not None:
            self.dispatch_func = dispatch
        else:
            self.dispatch_func = self.dispatch

    async def __call__(self, request):
        return await self.dispatch_func(request, self.app)

    async def dispatch(self, request, call_next):
        raise NotImplementedError
