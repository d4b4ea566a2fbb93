# Depends, APIRouter, lifespan, background tasks, middleware, errors,
# security helpers, response rules and the test client, through the test
# client. The same file runs on CPython and inside the host twin (and so is
# written for MicroPython: parameters declared with default values, which
# every runtime keeps; the Annotated[...] forms are covered by the FastAPI
# chapters on the runtimes that keep annotations).
# Prints "OK <case>" or "FAIL <case>: <why>" per case, then "DONE <n>".
import sys

from microfastapi import (
    FastAPI, APIRouter, Depends, Security, Request, Response, HTTPException, BackgroundTasks, status,
    PlainTextResponse, HTMLResponse, JSONResponse, RedirectResponse,
)
from microfastapi.exceptions import RequestValidationError
from microfastapi.testclient import TestClient
from microfastapi.security import (
    HTTPBasic, HTTPBearer, APIKeyHeader, APIKeyQuery, APIKeyCookie, OAuth2PasswordBearer, compare_digest,
)
from microfastapi.middleware.cors import CORSMiddleware

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


def eq(a, b, what=""):
    if a != b:
        raise AssertionError("{}: {!r} != {!r}".format(what, a, b))


# ---- Depends ---------------------------------------------------------------
@case
def plain_async_class_callable():
    app = FastAPI()

    def common(q=None, skip=0, limit=100):
        return {"q": q, "skip": skip, "limit": limit}

    async def acommon(q=None):
        return {"aq": q}

    class Commons:
        def __init__(self, q=None, skip=0):
            self.q = q
            self.skip = skip

    class Checker:
        def __init__(self, fixed):
            self.fixed = fixed

        def __call__(self, q=""):
            return self.fixed in q

    @app.get("/f")
    def f(c=Depends(common)):
        return c

    @app.get("/a")
    async def a(c=Depends(acommon)):
        return c

    @app.get("/c")
    def c(c=Depends(Commons)):
        return {"q": c.q, "skip": c.skip}

    @app.get("/k")
    def k(ok=Depends(Checker("bar"))):
        return {"ok": ok}

    t = TestClient(app)
    eq(t.get("/f?q=x&skip=2").json(), {"q": "x", "skip": 2, "limit": 100}, "function")
    eq(t.get("/a?q=y").json(), {"aq": "y"}, "async")
    eq(t.get("/c?skip=3").json(), {"q": None, "skip": 3}, "class")
    eq(t.get("/k?q=foobar").json(), {"ok": True}, "callable instance")
    r = t.get("/f?skip=x")
    eq(r.status_code, 422, "invalid dependency parameter")
    eq(r.json()["detail"][0]["loc"], ["query", "skip"], "its loc")


@case
def sub_dependencies_and_cache():
    app = FastAPI()
    calls = []

    def base(q=None):
        calls.append("base")
        return q or "none"

    def left(b=Depends(base)):
        calls.append("left")
        return "L" + b

    def right(b=Depends(base)):
        calls.append("right")
        return "R" + b

    def fresh(b=Depends(base, use_cache=False)):
        return b

    @app.get("/x")
    def x(l=Depends(left), r=Depends(right), b=Depends(base)):
        return [l, r, b]

    @app.get("/nocache")
    def nocache(b=Depends(base), f=Depends(fresh)):
        return [b, f]

    t = TestClient(app)
    eq(t.get("/x?q=z").json(), ["Lz", "Rz", "z"], "values")
    eq(calls, ["base", "left", "right"], "base called once per request")
    del calls[:]
    t.get("/x")
    eq(calls, ["base", "left", "right"], "and again on the next request")
    del calls[:]
    eq(t.get("/nocache?q=a").json(), ["a", "a"], "use_cache=False value")
    eq(calls, ["base", "base"], "use_cache=False calls again")


@case
def dependencies_lists_in_order():
    order = []

    def mark(name):
        def dep():
            order.append(name)

        return dep

    app = FastAPI(dependencies=[Depends(mark("app"))])
    router = APIRouter(prefix="/r", dependencies=[Depends(mark("router"))])

    @router.get("/x", dependencies=[Depends(mark("route"))])
    def x(v=Depends(mark("param"))):
        order.append("handler")
        return "ok"

    app.include_router(router, prefix="/p", dependencies=[Depends(mark("include"))])

    @app.get("/plain", dependencies=[Depends(mark("route"))])
    def plain():
        return "plain"

    t = TestClient(app)
    eq(t.get("/p/r/x").json(), "ok", "answer")
    eq(order, ["app", "include", "router", "route", "param", "handler"], "order")
    del order[:]
    eq(t.get("/plain").json(), "plain", "plain")
    eq(order, ["app", "route"], "app then route")


@case
def dependency_raises_before_handler():
    app = FastAPI()
    ran = []

    def token(x_token=None, request=None):
        if request.headers.get("x-token") != "secret":
            raise HTTPException(status_code=400, detail="X-Token header invalid")

    @app.get("/items/", dependencies=[Depends(token)])
    def items():
        ran.append(1)
        return [1]

    t = TestClient(app)
    r = t.get("/items/")
    eq((r.status_code, r.json()), (400, {"detail": "X-Token header invalid"}), "refused")
    eq(ran, [], "handler not run")
    eq(t.get("/items/", headers={"X-Token": "secret"}).json(), [1], "accepted")


@case
def yield_dependencies():
    app = FastAPI()
    log = []

    def db():
        log.append("open")
        try:
            yield "DB"
        finally:
            log.append("close")

    def owner():
        try:
            yield "Rick"
        except KeyError as e:
            log.append("saw KeyError")
            raise HTTPException(status_code=400, detail="Owner error: " + str(e.args[0]))

    def early():
        try:
            yield "E"
        finally:
            log.append("early close")

    @app.get("/db")
    def read(d=Depends(db)):
        log.append("handler " + d)
        return d

    @app.get("/own/{k}")
    def own(k, o=Depends(owner)):
        if k == "bad":
            raise KeyError(k)
        return {"k": k, "owner": o}

    @app.get("/fn")
    def fn(e=Depends(early, scope="function")):
        log.append("handler")
        return e

    t = TestClient(app)
    eq(t.get("/db").json(), "DB", "value")
    eq(log, ["open", "handler DB", "close"], "cleanup after the handler")
    del log[:]
    eq(t.get("/own/ok").json(), {"k": "ok", "owner": "Rick"}, "no error")
    r = t.get("/own/bad")
    eq((r.status_code, r.json()), (400, {"detail": "Owner error: bad"}), "cleanup turned the error into 400")
    eq(log, ["saw KeyError"], "the cleanup saw the handler's exception")
    del log[:]
    eq(t.get("/fn").json(), "E", "function scope")
    eq(log, ["handler", "early close"], "function scope closes after the handler")


@case
def yield_cleanup_after_response_sent():
    # the cleanup of a request-scoped yield dependency runs after the response
    # has been written: what it does is not in the response
    app = FastAPI()
    state = {"n": 0}

    def counter():
        yield state
        state["n"] += 1

    @app.get("/n")
    def n(s=Depends(counter)):
        return {"n": s["n"]}

    t = TestClient(app)
    eq(t.get("/n").json(), {"n": 0}, "first")
    eq(t.get("/n").json(), {"n": 1}, "the first cleanup ran after its response")


@case
def async_yield_dependency():
    import asyncio

    app = FastAPI()
    log = []

    async def conn():
        await asyncio.sleep(0)
        log.append("open")
        yield "C"
        await asyncio.sleep(0)
        log.append("close")

    @app.get("/c")
    async def c(x=Depends(conn)):
        await asyncio.sleep(0)
        return x

    t = TestClient(app)
    eq(t.get("/c").json(), "C", "value")
    eq(log, ["open", "close"], "async cleanup ran")


@case
def overrides():
    app = FastAPI()

    def real(q=None):
        return {"real": q}

    def fake(q=None):
        return {"fake": q}

    @app.get("/")
    def root(v=Depends(real)):
        return v

    t = TestClient(app)
    eq(t.get("/?q=1").json(), {"real": "1"}, "real")
    app.dependency_overrides[real] = fake
    eq(t.get("/?q=2").json(), {"fake": "2"}, "overridden")
    app.dependency_overrides = {}
    eq(t.get("/?q=3").json(), {"real": "3"}, "restored")


@case
def plain_dependencies_on_the_fast_path():
    # A tree of plain functions, classes and callable objects is solved on the
    # synchronous fast path (no asyncio: handle_bytes answers it, as the
    # connection loop does), with the answers, the call counts and the 422s
    # of the same tree of async dependencies (served by dispatch()).
    def tree(asynchronous):
        app = FastAPI()
        calls = []

        def base(q=None):
            calls.append("base")
            return q or "none"

        async def abase(q=None):
            calls.append("base")
            return q or "none"

        b = abase if asynchronous else base

        def left(v=Depends(b), n=0):
            calls.append("left")
            return "L{}{}".format(v, n)

        class Pager:
            def __init__(self, skip=0, limit=10):
                self.skip = skip
                self.limit = limit

        class Guard:
            def __call__(self, request=None, x_token=None):
                if request.headers.get("x-token") == "no":
                    raise HTTPException(status_code=403, detail="refused")
                return request.method

        def fresh(v=Depends(b, use_cache=False)):
            return v

        @app.get("/t/{item_id:int}", dependencies=[Depends(Guard())])
        def t(item_id, l=Depends(left), p=Depends(Pager), v=Depends(b), f=Depends(fresh), need=None):
            if need == "boom":
                raise HTTPException(status_code=418, detail="tea")
            return {"item_id": item_id, "l": l, "skip": p.skip, "v": v, "f": f, "need": need}

        return app, calls

    reqs = ["/t/1", "/t/2?q=a&n=3&skip=4&need=x", "/t/3?n=x", "/t/4?skip=y&n=z", "/t/5?need=boom",
            "/t/x", "/t/6|no"]
    answers = []
    for asynchronous in (False, True):
        app, calls = tree(asynchronous)
        c = TestClient(app)
        # (MicroPython gives closures of every kind one type: the route is
        # served by dispatch() until one request has shown that these are
        # plain functions)
        c.get("/t/0")
        out = []
        for u in reqs:
            u, _, tok = u.partition("|")
            raw = "GET {} HTTP/1.1\r\nHost: x\r\n{}\r\n".format(u, "x-token: {}\r\n".format(tok) if tok else "")
            raw = raw.encode()
            fast = c.server.handle_bytes(raw)
            if not asynchronous and u != "/t/x":
                if fast is None:
                    raise AssertionError("plain dependencies not served on the fast path: " + u)
            elif asynchronous and fast is not None:
                raise AssertionError("async dependencies served on the fast path: " + u)
            del calls[:]
            r = c.get(u, headers={"x-token": tok} if tok else None)
            out.append((u, r.status_code, r.json(), list(calls)))
        answers.append(out)
    for a, b in zip(answers[0], answers[1]):
        eq(a, b, "plain vs async dependencies")
    eq(answers[0][1][1:3], (200, {"item_id": 2, "l": "La3", "skip": 4, "v": "a", "f": "a", "need": "x"}), "values")
    eq(answers[0][1][3], ["base", "left", "base"], "base called once, fresh (use_cache=False) again")
    eq(answers[0][3][1], 422, "errors of every level")
    eq([e["loc"] for e in answers[0][3][2]["detail"]], [["query", "n"], ["query", "skip"]], "their locs")

    # overrides: the fast path leaves the route to dispatch(), which uses them
    app, calls = tree(False)
    c = TestClient(app)
    eq(c.get("/t/1?q=b").json()["v"], "b", "before the override")
    deps = app.routes[-1].dependant.subs
    base = [d for n, d, u, s in deps if n == "v"][0].call
    app.dependency_overrides[base] = lambda: "over"
    eq(c.server.handle_bytes(b"GET /t/1 HTTP/1.1\r\nHost: x\r\n\r\n"), None, "overridden: not on the fast path")
    eq(c.get("/t/1?q=b").json()["v"], "over", "the override answers")
    app.dependency_overrides = {}
    eq(c.get("/t/1?q=b").json()["v"], "b", "restored")


@case
def errors_of_all_levels_together():
    # a dependency whose own parameters are invalid is not called; the errors
    # of every level are answered together
    app = FastAPI()
    called = []

    def d1(x=0):
        called.append(x)
        return x

    @app.get("/e")
    def e(a=Depends(d1), y=0):
        return [a, y]

    t = TestClient(app)
    r = t.get("/e?x=a&y=b")
    eq(r.status_code, 422, "status")
    eq([i["loc"] for i in r.json()["detail"]], [["query", "x"], ["query", "y"]], "both errors")
    eq(called, [], "the dependency was not called")


@case
def dependency_gets_body_path_request():
    # dependencies take what handlers take: path, query, the JSON body, request
    app = FastAPI()

    def owner(item_id, body, request, q=None):
        return {"id": item_id, "name": body["name"], "q": q, "method": request.method}

    @app.put("/items/{item_id:int}")
    def put(o=Depends(owner)):
        return o

    t = TestClient(app)
    eq(t.put("/items/3?q=x", json={"name": "tea"}).json(), {"id": 3, "name": "tea", "q": "x", "method": "PUT"},
       "values")
    r = t.put("/items/3")
    eq((r.status_code, r.json()["detail"][0]["loc"]), (422, ["body"]), "missing body in a dependency")


# ---- Response parameter, BackgroundTasks ------------------------------------
@case
def response_parameter():
    app = FastAPI()

    def dep(response=None):
        response.headers["x-dep"] = "1"

    @app.put("/t/{k}", status_code=200, dependencies=[Depends(dep)])
    def t_(k, response: Response):
        response.headers["X-Cat-Dog"] = "alone"
        response.set_cookie(key="fakesession", value="v")
        if k == "new":
            response.status_code = status.HTTP_201_CREATED
        return {"k": k}

    t = TestClient(app)
    r = t.put("/t/old")
    eq((r.status_code, r.json()), (200, {"k": "old"}), "default status")
    eq(r.headers.get("x-cat-dog"), "alone", "header")
    eq(r.headers.get("x-dep"), "1", "header from a dependency")
    eq(t.cookies.get("fakesession"), "v", "cookie kept by the client")
    eq(t.put("/t/new").status_code, 201, "status set through the parameter")


@case
def background_tasks():
    import asyncio

    app = FastAPI()
    log = []

    def write(msg, suffix=""):
        log.append(msg + suffix)

    async def awrite(msg):
        await asyncio.sleep(0)
        log.append("async " + msg)

    def dep(background_tasks: BackgroundTasks, q=None):
        if q:
            background_tasks.add_task(write, "q=" + q)
        return q

    @app.post("/send/{email}")
    async def send(email, background_tasks: BackgroundTasks, q=Depends(dep)):
        background_tasks.add_task(write, email, suffix="!")
        background_tasks.add_task(awrite, email)
        log.append("handler")
        return {"message": "sent"}

    t = TestClient(app)
    eq(t.post("/send/a@b?q=z").json(), {"message": "sent"}, "answer")
    eq(log, ["handler", "q=z", "a@b!", "async a@b"], "tasks after the response, in order")


# ---- APIRouter --------------------------------------------------------------
@case
def routers():
    app = FastAPI()
    users = APIRouter()
    items = APIRouter(prefix="/items", tags=["items"], responses={404: {"description": "Not found"}})
    inner = APIRouter(prefix="/inner")

    @users.get("/users/", tags=["users"])
    def list_users():
        return [{"username": "Rick"}]

    @items.get("/")
    def list_items():
        return ["a"]

    @items.get("/{item_id}")
    def get_item(item_id):
        return {"id": item_id}

    @inner.get("/deep")
    def deep():
        return "deep"

    items.include_router(inner, prefix="/sub", tags=["inner"])
    app.include_router(users)
    app.include_router(items, prefix="/v1")
    t = TestClient(app)
    eq(t.get("/users/").json(), [{"username": "Rick"}], "plain router")
    eq(t.get("/v1/items/").json(), ["a"], "prefixes joined")
    eq(t.get("/v1/items/7").json(), {"id": "7"}, "path parameter")
    eq(t.get("/v1/items/sub/inner/deep").json(), "deep", "nested router")
    tags = {}
    for r in app.routes:
        tags[r.path] = list(r.tags or [])
    eq(tags.get("/v1/items/sub/inner/deep"), ["items", "inner"], "tags of every level")
    eq(tags.get("/users/"), ["users"], "route tags")
    try:
        APIRouter(prefix="/bad/")
        raise AssertionError("a prefix ending in / was accepted")
    except ValueError:
        pass


# ---- lifespan and events ----------------------------------------------------
@case
def lifespan_and_events():
    log = []

    class Lifespan:
        # what @asynccontextmanager gives, written out (runs everywhere)
        def __init__(self, app):
            self.app = app

        async def __aenter__(self):
            log.append("start")

        async def __aexit__(self, *exc):
            log.append("stop")

    app = FastAPI(lifespan=Lifespan)

    @app.get("/")
    def root():
        return log

    with TestClient(app) as t:
        eq(t.get("/").json(), ["start"], "started before requests")
    eq(log, ["start", "stop"], "stopped on leaving")

    ev = FastAPI()
    items = {}

    @ev.on_event("startup")
    async def startup():
        items["foo"] = "Fighters"

    @ev.on_event("shutdown")
    def shutdown():
        items.clear()

    @ev.get("/items/{k}")
    def get(k):
        return items[k]

    with TestClient(ev) as t:
        eq(t.get("/items/foo").json(), "Fighters", "startup ran")
    eq(items, {}, "shutdown ran")


@case
def lifespan_asynccontextmanager_and_sensor_task():
    # FastAPI's documented form (contextlib.asynccontextmanager, a bare
    # yield, awaits on both sides) starting a task beside the app: the
    # firmware freezes a contextlib for it
    import asyncio
    from contextlib import asynccontextmanager

    log = []

    async def sensor():
        while True:
            log.append("tick")
            await asyncio.sleep(0)

    @asynccontextmanager
    async def lifespan(app):
        await asyncio.sleep(0)
        task = asyncio.create_task(sensor())
        log.append("start")
        yield
        task.cancel()
        await asyncio.sleep(0)
        log.append("stop")

    app = FastAPI(lifespan=lifespan)

    @app.get("/")
    async def root():
        await asyncio.sleep(0)
        return log[:1]

    with TestClient(app) as t:
        eq(t.get("/").json(), ["start"], "started")
    eq((log[0], log[-1]), ("start", "stop"), "ran both halves")

    async def main():
        # app.serve() from one's own asyncio program: the lifespan runs, the
        # sensor ticks beside the server until serving is cancelled
        del log[:]
        s = asyncio.create_task(app.serve(host="127.0.0.1", port=0))
        for _ in range(300):  # up to 3 s on a loaded machine
            await asyncio.sleep(0.01)
            if "tick" in log:
                break
        s.cancel()
        try:
            await s
        except asyncio.CancelledError:
            pass

    asyncio.run(main())
    eq(log[0], "start", "serve() ran the startup")
    eq("tick" in log, True, "the sensor task ran beside the server")
    eq(log[-1], "stop", "cancelling serve() ran the shutdown")


@case
def secrets_compare_digest():
    import secrets

    eq(secrets.compare_digest(b"swordfish", b"swordfish"), True, "equal")
    eq(secrets.compare_digest("swordfish", "swordfisH"), False, "differ")
    eq(len(secrets.token_hex(8)), 16, "token_hex")


# ---- middleware -------------------------------------------------------------
@case
def http_middleware():
    app = FastAPI()
    order = []

    @app.middleware("http")
    async def inner(request: Request, call_next):
        order.append("inner in")
        response = await call_next(request)
        order.append("inner out")
        response.headers["X-Inner"] = "1"
        return response

    @app.middleware("http")
    async def outer(request, call_next):
        order.append("outer in")
        if request.url.path == "/blocked" if hasattr(request.url, "path") else request.path == "/blocked":
            return PlainTextResponse("no", status_code=403)
        response = await call_next(request)
        order.append("outer out")
        return response

    @app.get("/")
    def root():
        order.append("handler")
        return {"ok": True}

    t = TestClient(app)
    r = t.get("/")
    eq(r.json(), {"ok": True}, "answer")
    eq(r.headers.get("x-inner"), "1", "header added")
    eq(order, ["outer in", "inner in", "handler", "inner out", "outer out"], "last added is outermost")
    r = t.get("/blocked")
    eq((r.status_code, r.text), (403, "no"), "short-circuit")
    eq(t.get("/nope").status_code, 404, "404 through the middleware")


@case
def cors_middleware():
    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["https://a.example"], allow_credentials=True,
                       allow_methods=["*"], allow_headers=["*"])

    @app.get("/")
    def root():
        return {"m": 1}

    t = TestClient(app)
    r = t.options("/", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "GET",
                                "Access-Control-Request-Headers": "X-Example"})
    eq((r.status_code, r.text), (200, "OK"), "preflight")
    eq(r.headers.get("access-control-allow-origin"), "https://a.example", "preflight origin")
    eq(r.headers.get("access-control-allow-headers"), "X-Example", "mirrored headers")
    r = t.get("/", headers={"Origin": "https://a.example"})
    eq(r.headers.get("access-control-allow-origin"), "https://a.example", "simple")
    eq(r.headers.get("access-control-allow-credentials"), "true", "credentials")
    r = t.options("/", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    eq((r.status_code, r.text), (400, "Disallowed CORS origin"), "refused origin")
    eq(t.get("/").headers.get("access-control-allow-origin"), None, "no origin, no header")


# ---- errors -----------------------------------------------------------------
@case
def http_exception_and_handlers():
    app = FastAPI()

    class UnicornException(Exception):
        def __init__(self, name):
            self.name = name

    @app.exception_handler(UnicornException)
    async def unicorn(request, exc):
        return JSONResponse(status_code=418, content={"message": "Oops! " + exc.name})

    @app.exception_handler(RequestValidationError)
    async def invalid(request, exc):
        return JSONResponse(status_code=422, content={"errors": len(exc.errors()), "body": exc.body})

    @app.get("/h")
    def h():
        raise HTTPException(status_code=404, detail="Item not found", headers={"X-Error": "There goes my error"})

    @app.get("/u/{name}")
    def u(name):
        raise UnicornException(name)

    @app.get("/n")
    def n(x: int = 0):
        return x

    @app.post("/b")
    def b(body=None, x: int = 0):
        return x

    t = TestClient(app)
    r = t.get("/h")
    eq((r.status_code, r.json(), r.headers.get("x-error")), (404, {"detail": "Item not found"}, "There goes my error"),
       "HTTPException with headers")
    r = t.get("/u/yolo")
    eq((r.status_code, r.json()), (418, {"message": "Oops! yolo"}), "custom exception")
    r = t.get("/n?x=z")
    eq((r.status_code, r.json()), (422, {"errors": 1, "body": None}), "RequestValidationError handler")
    r = t.post("/b?x=z", json={"a": 1})
    eq(r.json(), {"errors": 1, "body": {"a": 1}}, ".body is the request's body")
    if isinstance(RequestValidationError([]), HTTPException):
        raise AssertionError("RequestValidationError must not be an HTTPException")
    e = HTTPException(404)
    eq(e.detail, "Not Found", "default detail")
    eq(str(HTTPException(400, "x")), "400: x", "str")


@case
def server_errors():
    app = FastAPI()

    @app.get("/boom")
    def boom():
        raise ValueError("boom")

    try:
        TestClient(app).get("/boom")
        raise AssertionError("not raised")
    except ValueError:
        pass
    r = TestClient(app, raise_server_exceptions=False).get("/boom")
    eq(r.status_code, 500, "500 when not raised")


# ---- security ---------------------------------------------------------------
def _basic(u, p):
    from binascii import b2a_base64

    return {"Authorization": "Basic " + b2a_base64("{}:{}".format(u, p).encode()).decode().strip()}


@case
def security_helpers():
    app = FastAPI()
    basic = HTTPBasic()
    realm = HTTPBasic(realm="pico")
    bearer = HTTPBearer()
    hkey = APIKeyHeader(name="X-API-Key")
    qkey = APIKeyQuery(name="api_key")
    ckey = APIKeyCookie(name="session")
    oauth = OAuth2PasswordBearer(tokenUrl="token")
    optional = HTTPBearer(auto_error=False)

    @app.get("/basic")
    def b(c=Depends(basic)):
        ok = compare_digest(c.username.encode(), b"stanley") and compare_digest(c.password.encode(), b"swordfish")
        if not ok:
            raise HTTPException(401, "Incorrect username or password", {"WWW-Authenticate": "Basic"})
        return {"username": c.username}

    @app.get("/realm")
    def r(c=Depends(realm)):
        return c.username

    @app.get("/bearer")
    def be(c=Security(bearer)):
        return {"scheme": c.scheme, "credentials": c.credentials}

    @app.get("/keys")
    def k(h=Depends(hkey)):
        return h

    @app.get("/q")
    def q(k=Depends(qkey)):
        return k

    @app.get("/c")
    def c(k=Depends(ckey)):
        return k

    @app.get("/o")
    def o(token=Depends(oauth)):
        return token

    @app.get("/opt")
    def opt(c=Depends(optional)):
        return c is None

    t = TestClient(app)
    eq(t.get("/basic", headers=_basic("stanley", "swordfish")).json(), {"username": "stanley"}, "basic ok")
    r = t.get("/basic")
    eq((r.status_code, r.json(), r.headers.get("www-authenticate")), (401, {"detail": "Not authenticated"}, "Basic"),
       "basic missing")
    eq(t.get("/basic", headers=_basic("stanley", "x")).status_code, 401, "basic wrong")
    eq(t.get("/basic", headers={"Authorization": "Basic notabase64token"}).status_code, 401, "basic not base64")
    eq(t.get("/realm").headers.get("www-authenticate"), 'Basic realm="pico"', "realm")
    eq(t.get("/bearer", headers={"Authorization": "Bearer abc"}).json(), {"scheme": "Bearer", "credentials": "abc"},
       "bearer")
    r = t.get("/bearer", headers={"Authorization": "Basic abc"})
    eq((r.status_code, r.headers.get("www-authenticate")), (401, "Bearer"), "bearer wrong scheme")
    eq(t.get("/keys", headers={"X-API-Key": "k1"}).json(), "k1", "api key header")
    r = t.get("/keys")
    eq((r.status_code, r.headers.get("www-authenticate")), (401, "APIKey"), "api key missing")
    eq(t.get("/q?api_key=k2").json(), "k2", "api key query")
    eq(t.get("/c", cookies={"session": "k3"}).json(), "k3", "api key cookie")
    eq(t.get("/o", headers={"Authorization": "Bearer tok"}).json(), "tok", "oauth2 bearer")
    eq(t.get("/o").status_code, 401, "oauth2 missing")
    eq(t.get("/opt").json(), True, "auto_error=False gives None")
    eq(compare_digest("abc", "abc"), True, "compare_digest equal")
    eq(compare_digest(b"abc", b"abd"), False, "compare_digest differ")
    eq(compare_digest(b"abc", b"ab"), False, "compare_digest lengths")
    spec = t.get("/openapi.json").json()
    schemes = spec.get("components", {}).get("securitySchemes", {})
    eq(schemes.get("HTTPBasic"), {"type": "http", "scheme": "basic"}, "OpenAPI basic scheme")
    eq(schemes.get("APIKeyHeader"), {"type": "apiKey", "in": "header", "name": "X-API-Key"}, "OpenAPI api key")
    eq(schemes.get("OAuth2PasswordBearer"), {"type": "oauth2", "flows": {"password": {"tokenUrl": "token", "scopes": {}}}},
       "OpenAPI oauth2")
    eq(spec["paths"]["/basic"]["get"].get("security"), [{"HTTPBasic": []}], "operation security")


# ---- response rules ---------------------------------------------------------
@case
def response_rules():
    app = FastAPI()
    html = FastAPI(default_response_class=HTMLResponse)

    @app.get("/s")
    def s():
        return "plumbus"

    @app.get("/t", response_class=PlainTextResponse)
    def t_():
        return "text"

    @app.get("/r")
    def r():
        return RedirectResponse("/s")

    @html.get("/h")
    def h():
        return "<h1>x</h1>"

    t = TestClient(app)
    r = t.get("/s")
    eq((r.headers["content-type"], r.json()), ("application/json", "plumbus"), "str is a JSON string")
    r = t.get("/t")
    eq((r.headers["content-type"].split(";")[0], r.text), ("text/plain", "text"), "response_class")
    r = t.get("/r")
    eq((r.status_code, r.json(), len(r.history)), (200, "plumbus", 1), "redirect followed")
    eq(t.get("/r", follow_redirects=False).status_code, 307, "follow_redirects=False")
    r = TestClient(html).get("/h")
    eq((r.headers["content-type"].split(";")[0], r.text), ("text/html", "<h1>x</h1>"), "app default_response_class")


@case
def test_client_features():
    app = FastAPI()

    @app.get("/set")
    def set_(response: Response):
        response.set_cookie("a", "1")
        return "set"

    @app.get("/del")
    def del_(response: Response):
        response.delete_cookie("a")
        return "del"

    @app.get("/echo")
    def echo(request: Request):
        return {"cookies": request.cookies, "host": request.headers.get("host"), "q": request.query_params.get("q")}

    t = TestClient(app, base_url="http://example.org", cookies={"c": "0"})
    t.get("/set")
    eq(t.cookies.get("a"), "1", "jar")
    eq(t.get("/echo", params={"q": "x y"}).json(), {"cookies": {"c": "0", "a": "1"}, "host": "example.org", "q": "x y"},
       "cookies sent back, base_url host, params")
    t.get("/del")
    eq("a" in t.cookies, False, "deleted")
    eq(t.get("http://example.org/echo?q=1").json()["q"], "1", "absolute URL")


@case
def public_names():
    import microfastapi

    for n in ("FastAPI", "APIRouter", "Depends", "Security", "BackgroundTasks", "HTTPException", "status", "Request",
              "Response"):
        if not hasattr(microfastapi, n):
            raise AssertionError("microfastapi." + n + " missing")
    eq(status.HTTP_418_IM_A_TEAPOT, 418, "status constants")
    eq(issubclass(microfastapi.FastAPI, microfastapi.MicroFastApi), True, "FastAPI is a MicroFastApi (with FastAPI's default title)")
    eq(microfastapi.FastAPI().title, "FastAPI", "FastAPI's default title")


def main():
    failed = 0
    only = [a for a in sys.argv[1:] if not a.startswith("-") and "/" not in a]
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        try:
            fn()
            print("OK " + fn.__name__)
        except Exception as e:
            failed += 1
            print("FAIL {}: {!r}".format(fn.__name__, e))
            if "-v" in sys.argv:
                if hasattr(sys, "print_exception"):
                    sys.print_exception(e)
                else:
                    __import__("traceback").print_exc()
    print("DONE {}".format(len(CASES)))
    return failed


if __name__ == "__main__":
    main()
