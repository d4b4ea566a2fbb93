# One request, from the parsed head to the response: the synchronous fast
# path (fast) and the general async one (dispatch), both reading the route's
# plan (signature.py). The functions take the app first: the app class binds
# them as its methods (applications.py), so `app._fast(...)` costs what a
# method defined in the class would.
from ._compat import CPY, GeneratorType, Raised, print_exception, isdigits
from ._parser import parse_qs, qs_get, json_response, prefix_get
from .params import REQUIRED, missing, param_errors
from .requests import Request, parse_cookies, query_values, target
from . import responses
from .responses import Response, JSONResponse, StreamingResponse, HTTPException, RequestValidationError
from .routing import int_segment
from .asyncgen import step, DONE
from .signature import (PATH, QUERY, REQUEST, BODY, QUERY_LIST, HEADER, COOKIE, CUSTOM, CALL_NONE,
                        CALL_SIMPLE, CALL_BOUND, CALL_DEPS)

_DOCS = ("/openapi.json", "/docs")
_CONNX = b"\r\nconnection: close\r\n\r\n"
_CONN10 = b"\r\nconnection: keep-alive\r\n\r\n"
_CONN11 = b"\r\n\r\n"
_EMPTY = {}
_NOPV = object()  # "no positional path value"
# builtins and methods as module globals: a hashed look-up instead of a linear
# scan of a ROM table when MicroPython's map cache misses (it does, on a path
# as long as a whole request, and which names miss depends on how every name
# in the firmware is numbered: a builtin on the request path makes its cost
# move with any unrelated change)
_dget = dict.get
_isdigit = isdigits  # str.isdigit on MicroPython
_type = type
_dict = dict
_list = list
_int = int
_tuple = tuple
_len = len
_bytes = bytes
_bytearray = bytearray
_str = str
_float = float
_bool = bool
_isinstance = isinstance


# ---- running what a handler returned
async def finish(r):
    # a handler's result -> its value: awaits coroutines, wraps generators
    if type(r) is GeneratorType:
        if CPY:
            return StreamingResponse(r)
        # MicroPython: async def (with or without yield) and generator
        # functions all give a generator; step() tells an await (passed on to
        # the scheduler) from a value (asyncgen.py)
        done, v = await step(r)
        if done is DONE:
            return v
        s = StreamingResponse(r)
        s.first = v
        return s
    if CPY:
        if hasattr(r, "__await__"):
            return await r
        if hasattr(r, "__anext__"):
            return StreamingResponse(r)
    return r


def streamed(r, route):
    # a generator for a route whose response_class streams it itself
    # (EventSourceResponse): handed over unstarted, as it is. finish() would
    # start it, and on MicroPython an async generator that awaits before its
    # first value looks like a coroutine then.
    rc = route.response_class
    if rc is not None and rc.kind == 3 and (type(r) is GeneratorType or (CPY and (hasattr(r, "__anext__") or hasattr(r, "__next__")))):
        return rc(r, route.status_code or 200)
    return None


def to_response(r, route):
    # a handler's value -> Response: a route's response_class, else JSON
    # (dict, list, str, numbers, None: FastAPI's rule), bytes as they are,
    # generators streamed; (value, status[, headers]) sets those too
    if _isinstance(r, Response):
        return r
    st = route.status_code if route is not None and route.status_code else None
    hd = None
    if _type(r) is _tuple:
        if _len(r) == 3:
            r, st, hd = r
        elif _len(r) == 2:
            r, st = r
    if _isinstance(r, Response):
        r.status_code = st
        if hd:
            r.headers.update(hd)
        return r
    if route is not None and route.response_filter is not None:
        r = route.response_filter(r)  # response model / models in the result (bodies.py)
    rc = route.response_class if route is not None else None
    if rc is not None:
        # no status declared: the class's own default (RedirectResponse: 307)
        return rc(r, headers=hd) if st is None else rc(r, st, hd)
    if st is None:
        st = 200
    if _type(r) is GeneratorType or (CPY and hasattr(r, "__anext__")):
        return StreamingResponse(r, st, hd)
    if _type(r) is _bytes or _type(r) is _bytearray:
        return Response(r, st, hd)
    # FastAPI's rule: any other value is JSON (a str is a JSON string, None is
    # null; a model, a date... through jsonable_encoder); text needs
    # PlainTextResponse/HTMLResponse or response_class=
    t = _type(r)
    if not (t is _dict or t is _list or t is _str or t is _int or t is _float or t is _bool or r is None):
        from .encoders import jsonable_encoder

        r = jsonable_encoder(r)
    try:
        return JSONResponse(r, st, hd)
    except MemoryError:
        if type(r) is not dict and type(r) is not list:
            raise
        return responses.json_stream(r, st, hd)  # too big to build whole
    except TypeError:
        if (type(r) is not dict and type(r) is not list) or not _has_enum(r, 0):
            raise
        # an Enum member inside (a path parameter returned as it came, as in
        # FastAPI's tutorial): FastAPI's jsonable_encoder, only when needed
        from .encoders import jsonable_encoder

        return JSONResponse(jsonable_encoder(r), st, hd)


def _has_enum(o, depth):
    # whether a dict/list answer holds an Enum member (what JSON has no form for)
    if depth > 32:
        return False
    t = type(o)
    if t is dict:
        for k in o:
            if _has_enum(o[k], depth + 1):
                return True
    elif t is list or t is tuple:
        for x in o:
            if _has_enum(x, depth + 1):
                return True
    elif hasattr(t, "_value2member_map_"):
        return True
    return False


def response_bytes(res, method, ver, ka, path=None):
    # what server.send() writes for a body response (kind 0), as one bytes
    try:
        body = res.body
        head = res.head(ver, ka, _len(body))
    except Exception as e:
        print_exception(e, method + " " + path if path else None)
        res = responses.server_error()
        body = res.body
        head = res.head(ver, ka, _len(body))
    st = res.status_code
    if method == "HEAD" or st == 204 or st == 304 or not body:
        return head
    return head + body if _type(body) is _bytes else head + _bytes(body)


# ---- binding: the plan's entries -> the handler's keyword arguments
def bind(route, pp, req, qs, headers, body):
    # The values of the plan's entries of built-in sources, as a dict of
    # keyword arguments, and the list of CUSTOM entries left for dispatch().
    # req: the Request (made by the caller when the plan has a REQUEST entry).
    # Raises RequestValidationError (422) with every failing parameter,
    # HTTPException(400) for a malformed query string.
    kw = {}
    errs = None
    q = None
    cookies = None
    later = None
    for e in route.plan:
        name, src, key, conv, dflt, decl, spec = e
        if src == PATH:
            v = pp[key]
            loc = "path"
        elif src == QUERY:
            if q is None:
                if req is not None:
                    try:
                        q = req.query
                    except ValueError:
                        raise HTTPException(400, "Invalid query string")
                elif qs:
                    try:
                        q = parse_qs(qs)
                    except ValueError:
                        raise HTTPException(400, "Invalid query string")
                else:
                    q = _EMPTY
            v = q.get(key)
            loc = "query"
        elif src == HEADER:
            v = headers.get(key)
            loc = "header"
        elif src == COOKIE:
            if cookies is None:
                cookies = parse_cookies(headers.get("cookie", ""))
            v = cookies.get(key)
            loc = "cookie"
        elif src == QUERY_LIST:
            try:
                v = query_values(qs, key)
            except ValueError:
                raise HTTPException(400, "Invalid query string")
            loc = "query"
        elif src == REQUEST:
            kw[name] = req
            continue
        elif src == BODY:
            if not body:
                if dflt is REQUIRED:
                    errs = (errs or []) + [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
                else:
                    kw[name] = dflt
            else:
                try:
                    kw[name] = responses.json_loads(body)
                except (ValueError, TypeError):
                    errs = (errs or []) + [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]
            continue
        else:  # CUSTOM
            later = (later or []) + [e]
            continue
        if v is None:
            if dflt is REQUIRED:
                if decl is not None and decl.default_factory is not None:
                    kw[name] = decl.default_factory()
                else:
                    errs = (errs or []) + [missing(loc, key)]
            else:
                kw[name] = dflt
        elif conv is None:
            kw[name] = v
        else:
            try:
                kw[name] = conv(v)
            except Exception:
                errs = (errs or []) + param_errors(e, loc, v)
    if errs:
        raise RequestValidationError(errs, parsed_body(body))
    return kw, later


def parsed_body(body):
    # RequestValidationError.body: the request's body as received, parsed
    # where it is JSON
    if not body:
        return None
    try:
        return responses.json_loads(body)
    except (ValueError, TypeError):
        return body


def probe(route, req, pp):
    # Stock MicroPython without the C module cannot list a function's parameters:
    # offer request, body and the query parameters by name and drop those the
    # call rejects ("unexpected keyword argument 'x'" is raised before the body
    # runs). Values are not converted (declare them with params= for that).
    kw = dict(pp)
    rej = route.rejected
    if rej is None:
        rej = route.rejected = set()
    if "request" not in rej:
        kw["request"] = req
    if "body" not in rej and req.body:
        try:
            kw["body"] = responses.json_loads(req.body)
        except ValueError:
            pass
    try:
        q = req.query
    except ValueError:
        q = {}
    for k in q:
        if k not in kw:
            kw[k] = q[k]
    while True:
        try:
            return route.handler(**kw)
        except TypeError as e:
            m = str(e)
            i = m.find("unexpected keyword argument '")
            if i < 0:
                raise
            n = m[i + 29: m.find("'", i + 29)]
            if n not in kw or n in pp:
                raise
            del kw[n]
            if n in ("request", "body"):
                rej.add(n)


# ---- the synchronous fast path
def fast(self, *a):
    # (bound as the app's method _fast: self is the app)
    # a: (method, path, qs, ver, headers, body, client, ka). The same as
    # dispatch() followed by server.send(), for the common case, without
    # asyncio. Returns:
    #   bytes: the whole response, to write as it is;
    #   None: not handled here and nothing called yet (hooks, HEAD, *, docs,
    #     percent-encoded paths, 404/405/redirects, CALL_ASYNC routes): use dispatch();
    #   a Response to send() (streams, files, large bodies);
    #   a coroutine giving the Response (async handlers, exception handlers).
    # The work is done in fast_worker, a generator that lives as long as the app:
    # on MicroPython a plain call's frame (more than 11 words) is a heap
    # block freed on return, and the allocator then restarts from that block:
    # once a collection has left it low in the heap, the next small
    # allocation of every request scans everything allocated since. This
    # frame is small enough for the C stack.
    g = self._fast_gen
    if g is None:
        # first call, or a call from within a handler of the running one
        g = fast_worker(self)
        g.send(None)
    self._fast_gen = None
    r = g.send(a)
    self._fast_gen = g
    if _type(r) is Raised:
        raise r.e
    return r


def fast_worker(app):
    # fast()'s work; each step: a -> the answer (or Raised).
    # This generator lives as long as the app, so the module globals the
    # request path reads are bound to locals once, here: a local is a slot in
    # the frame, a global a look-up in the module's dict on every request
    # (and when MicroPython's map cache misses, a hash and a probe).
    nopv = _NOPV
    dget = _dget
    typ = _type
    is_digits = _isdigit
    to_int = int
    by_prefix = prefix_get
    int_seg = int_segment
    call_simple = CALL_SIMPLE
    call_none = CALL_NONE
    query_value = qs_get
    required = REQUIRED
    json_answer = json_response
    dict_type = _dict
    list_type = _list
    conn11 = _CONN11
    conn10 = _CONN10
    conn_close = _CONNX
    r = None
    while True:
        a = yield r
        r = None
        try:
            method, path, qs, ver, headers, body, client, ka = a
            pv = nopv
            if app._before or app._after or method == "HEAD" or path == "*":
                continue
            d = dget(app._static, path)
            if d is not None:
                route = dget(d, method)
                if route is None:
                    continue
                pp = None
            else:
                # "/lit/.../{one}" routes by their literal prefix (Router.index):
                # entries (Route.fast_entry) hold what is read here, in one tuple
                route = None
                d = app._by_prefix
                if d is None:
                    d = app.index()
                d = by_prefix(d, path)
                if d is None:
                    if "%" in path or (app.docs and path in _DOCS):
                        continue
                    route, pp = app.lookup(method, path, qs)
                    if route is None:
                        continue
                else:
                    d, last = d
                    if not last or "%" in last:
                        continue
                    for methods, conv, strict, positional, name, t, handler, qp, json_head in d:
                        if method in methods:
                            i = conv
                            if i is int_seg:
                                # {x:int}, or x: int (strict: bind()
                                # converts "-5" or gives the 422)
                                if not is_digits(last):
                                    if strict:
                                        route = t
                                        pp = {name: last}
                                        break
                                    continue
                                i = to_int(last)
                            elif i is None:
                                i = last
                            else:
                                try:
                                    i = i(last)
                                except Exception:
                                    if strict:
                                        # the template matches, the value fails its
                                        # annotation: bind() gives the 422
                                        route = t
                                        pp = {name: last}
                                        break
                                    continue
                            route = t
                            if positional:
                                # (call is CALL_SIMPLE: a path parameter, query ones)
                                pv = i
                                pp = None
                            elif strict:
                                pp = {name: last}  # bind() converts it
                            else:
                                pp = {name: i}
                            break
                    if route is None:
                        continue
            if pv is nopv:
                i = route.call
                if i != call_simple and i != call_none:
                    if i == CALL_BOUND:
                        r = _fast_bound(app, route, pp, method, path, qs, ver, headers, body, client, ka)
                    elif i == CALL_DEPS and not app.dependency_overrides:
                        # (overrides: dispatch() builds the overriding dependants)
                        r = _fast_deps(app, route, pp, method, path, qs, ver, headers, body, client, ka)
                    continue
                handler = route.handler
                qp = route.query_plan  # read once: an attribute read is a hash look-up
                json_head = route.json_head
            try:
                if pv is nopv and i == call_none:
                    r = handler()
                else:
                    if pv is not nopv:
                        # positional: the path value, then the query ones
                        d = None
                    else:
                        d = pp
                        if d is None:
                            d = {}
                    if qp:
                        # the query parameters (bind(), inline), each asked of
                        # the query string (qs_get: no dict of all its pairs)
                        errs = None
                        n = 0  # positional: how many values (v1, v2) so far; no list to allocate
                        for name, src, key, conv, dflt, decl, spec in qp:
                            if qs:
                                try:
                                    v = query_value(qs, key)
                                except ValueError:
                                    raise HTTPException(400, "Invalid query string")
                            else:
                                v = None
                            if v is None:
                                if dflt is required:
                                    errs = (errs or []) + [missing("query", key)]
                                    continue
                                v = dflt
                            elif conv is not None:
                                try:
                                    v = conv(v)
                                except Exception:
                                    errs = (errs or []) + param_errors((name, src, key, conv, dflt, decl, spec), "query", v)
                                    continue
                            if d is not None:
                                d[name] = v
                            elif n:
                                v2 = v
                                n = 2
                            else:
                                v1 = v
                                n = 1
                        if errs:
                            raise RequestValidationError(errs, parsed_body(body))
                    if d is not None:
                        r = handler(**d)
                    elif not qp:
                        r = handler(pv)
                    elif n == 1:
                        r = handler(pv, v1)
                    else:
                        r = handler(pv, v1, v2)
                i = typ(r)
                if i is dict_type or i is list_type:
                    if json_head is not None:
                        try:
                            r = json_answer(json_head[ver - 10], r, (conn11 if ver == 11 else conn10) if ka else conn_close)
                        except MemoryError:
                            r = responses.json_stream(r, route.status_code or 200)  # too big to build whole
                        continue
            except Exception as e:
                if pv is not nopv:
                    pp = {route.last_name: pv}
                i = typ(r)
                if (i is dict_type or i is list_type) and typ(e) is TypeError:
                    # json_response met a value it cannot write (an Enum member...):
                    # to_response encodes it through jsonable_encoder
                    r = _fast_result(app, r, None, route, pp, method, path, qs, ver, headers, body, client, ka)
                else:
                    r = _fast_error(app, e, None, route, pp, method, path, qs, ver, headers, body, client, ka)
                continue
            if pv is not nopv:
                pp = {route.last_name: pv}
            r = _fast_result(app, r, None, route, pp, method, path, qs, ver, headers, body, client, ka)
        except BaseException as e:
            r = Raised(e)

def _fast_bound(app, route, pp, method, path, qs, ver, headers, body, client, ka):
    # the fast path for a CALL_BOUND plan (request, body, path parameters not
    # taken, a JSON model body: CUSTOM entries whose declaration has resolve_now)
    req = None
    try:
        for e in route.plan:
            if e[1] == REQUEST or e[1] == CUSTOM:
                req = _request(app, route, pp, method, path, qs, ver, headers, body, client)
                break
        try:
            kw, later = bind(route, pp, req, qs, headers, body)
        except RequestValidationError as e:
            # one 422 with the body's errors too (FastAPI's order)
            errs = e.errors()
            for x in route.plan:
                if x[1] == CUSTOM:
                    try:
                        x[5].resolve_now(req, x)
                    except RequestValidationError as b:
                        errs = errs + b.errors()
                        break
            raise RequestValidationError(errs, e.body)
        if later is not None:
            for x in later:
                kw[x[0]] = x[5].resolve_now(req, x)
        r = route.handler(**kw)
    except Exception as e:
        return _fast_error(app, e, req, route, pp, method, path, qs, ver, headers, body, client, ka)
    return _fast_answer(app, r, req, route, pp, method, path, qs, ver, headers, body, client, ka)


def _fast_deps(app, route, pp, method, path, qs, ver, headers, body, client, ka):
    # the fast path for a CALL_DEPS route: its dependencies (plain callables,
    # dependencies.solve_now) and then the handler, without asyncio
    dep = route.dependant
    req = None
    try:
        if dep.needs_request:
            req = _request(app, route, pp, method, path, qs, ver, headers, body, client)
        errs = []
        kw = dep.solve_now({}, pp, req, qs, headers, body, errs)
        if errs:
            raise RequestValidationError(errs, parsed_body(body))
        r = route.handler(**kw)
    except Exception as e:
        return _fast_error(app, e, req, route, pp, method, path, qs, ver, headers, body, client, ka)
    return _fast_answer(app, r, req, route, pp, method, path, qs, ver, headers, body, client, ka)


def _fast_answer(app, r, req, route, pp, method, path, qs, ver, headers, body, client, ka):
    # what a handler called by _fast_bound/_fast_deps returned -> the answer
    try:
        t = _type(r)
        if t is _dict or t is _list:
            pre = route.json_head
            if pre is not None:
                try:
                    return json_response(pre[ver - 10], r, (_CONN11 if ver == 11 else _CONN10) if ka else _CONNX)
                except MemoryError:
                    return responses.json_stream(r, route.status_code or 200)  # too big to build whole
    except Exception as e:
        if _type(e) is not TypeError:
            return _fast_error(app, e, req, route, pp, method, path, qs, ver, headers, body, client, ka)
        # json_response met a value it cannot write (an Enum member...):
        # to_response encodes it through jsonable_encoder
    return _fast_result(app, r, req, route, pp, method, path, qs, ver, headers, body, client, ka)


def _fast_result(app, r, req, route, pp, method, path, qs, ver, headers, body, client, ka):
    # the fast path, the handler returned something other than a JSON dict or list
    if _type(r) is GeneratorType or (CPY and (hasattr(r, "__await__") or hasattr(r, "__anext__"))):
        if req is None:
            req = _request(app, route, pp, method, path, qs, ver, headers, body, client)
        return _finish_async(app, req, route, r)
    try:
        res = to_response(r, route)
    except Exception as e:
        return _fast_error(app, e, req, route, pp, method, path, qs, ver, headers, body, client, ka)
    if res.kind or _len(res.body) >= 1400 or res.background is not None:
        return res
    return response_bytes(res, method, ver, ka, path)


def _fast_error(app, e, req, route, pp, method, path, qs, ver, headers, body, client, ka):
    # the fast path, the binding or the handler raised e
    if app._exc:
        if req is None:
            req = _request(app, route, pp, method, path, qs, ver, headers, body, client)
        return on_error(app, req, e)
    res = error_response(app, e, method + " " + path + ("?" + qs if qs else ""))
    if len(res.body) >= 1400:
        return res
    return response_bytes(res, method, ver, ka)


def _request(app, route, pp, method, path, qs, ver, headers, body, client):
    # the Request dispatch() would have made, made late; pp may hold more
    # than the path parameters (CALL_SIMPLE uses it as the keyword arguments)
    if pp:
        pp = {n: pp[n] for n in route.path_params}
    req = Request(app, method, path, qs, ver, headers, body, client, pp)
    req.route = route
    return req


async def _finish_async(app, req, route, r):
    try:
        return streamed(r, route) or to_response(await finish(r), route)
    except Exception as e:
        return await on_error(app, req, e)


# ---- the general path
async def dispatch(self, req):
    # -> Response (never raises). Bound as the app's method: self is the app.
    app = self
    try:
        res = None
        for h in app._before:
            res = h(req)
            if res is not None and hasattr(res, "send"):
                res = await res
            if res is not None:
                res = to_response(res, None)
                break
        if res is None and req.path == "*":
            res = Response(None, 204, {"allow": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"})
        if res is None:
            if app.docs and (req.path == app.openapi_url or req.path == app.docs_url) and not app._static.get(req.path):
                res = _docs(app, req)
            if res is None:
                route, pp = app.find(req.method, req.path, req.query_string)
                if route is None:
                    res = pp
                else:
                    req.path_params = pp
                    req.route = route
                    if route.dependant is not None:
                        res = await route.dependant.respond(app, route, req, pp)
                    elif route.plan is None:
                        r = probe(route, req, pp)
                    else:
                        try:
                            kw, later = bind(route, pp, req, req.query_string, req.headers, req.body)
                        except RequestValidationError as e:
                            await _more_errors(req, route, e)  # raises e, with the body's errors
                        if later is not None:
                            await _resolve(req, later, kw)
                        r = route.handler(**kw)
                    if res is None:
                        res = streamed(r, route) or to_response(await finish(r), route)
    except Exception as e:
        res = await on_error(app, req, e)
    for h in app._after:
        try:
            r = h(req, res)
            if r is not None and hasattr(r, "send"):
                r = await r
            if r is not None:
                res = r
        except Exception as e:
            res = await on_error(app, req, e)
    if req.cleanup is not None:
        req.close()  # the request's uploads: their temp files go now
    return res


async def _resolve(req, later, kw):
    # the CUSTOM entries: their resolvers, in the plan's order
    for e in later:
        v = e[3](req, e)
        if v is not None and (type(v) is GeneratorType or (CPY and hasattr(v, "__await__"))):
            v = await v
        kw[e[0]] = v


async def _more_errors(req, route, e):
    # FastAPI validates every parameter and answers one 422: the path, query,
    # header and cookie errors bind() found, then those of the CUSTOM entries
    # (a model body's). Raises e with them.
    errs = None
    kw = {}
    for entry in route.plan:
        if entry[1] == CUSTOM:
            try:
                await _resolve(req, (entry,), kw)
            except RequestValidationError as x:
                errs = (errs or e.errors()) + x.errors()
                break  # a body's resolver gives all the body's errors at once
            except Exception:
                break  # (another kind's own failure: the first errors stand)
    if errs is not None:
        e = RequestValidationError(errs, e.body)
    raise e


def _docs(app, req):
    try:
        from . import openapi
    except ImportError:
        return None
    if req.path == app.openapi_url:
        # sent as it is encoded: the whole text at once (plus its bytes) is
        # more contiguous RAM than the board has to spare with many routes
        return responses.json_stream(openapi.get_openapi(app))
    # The page straight from flash, gzip'd as frozen, to browsers that
    # take gzip (all do); docs_response decompresses only for the others.
    return openapi.docs_response(app, req)


async def on_error(app, req, e):
    # an exception -> its Response: the app's exception handlers (its class,
    # then an HTTPException's status code, then a base class, in the order
    # registered), else error_response()
    h = None
    if isinstance(e, RequestValidationError) and e.body is None and req.body:
        e.body = parsed_body(req.body)  # whoever raised it did not have the body at hand
    if app._exc:
        st = e.status_code if isinstance(e, HTTPException) else None
        t = type(e)
        for key, f in app._exc:
            if key is t:
                h = f
                break
        if h is None:
            for key, f in app._exc:
                if (st is not None and key == st) or (isinstance(key, type) and isinstance(e, key)):
                    h = f
                    break
    if h is not None:
        try:
            r = h(req, e)
            if r is not None and hasattr(r, "send"):
                r = await r
            elif CPY and hasattr(r, "__await__"):
                r = await r
            return to_response(r, None)
        except Exception as e2:
            e = e2
    return error_response(app, e, req.method + " " + target(req))


def error_response(app, e, request=None):
    # the answer to an exception no handler took, as FastAPI's defaults:
    # HTTPException -> {"detail": detail} with its status and headers,
    # RequestValidationError -> 422 {"detail": errors}, anything else -> 500
    # (the traceback on the console, in the answer too with debug=True, and the exception kept for a test
    # client that re-raises it: app.unhandled_errors). request: "GET /path?q",
    # named before the traceback
    if isinstance(e, HTTPException):
        if e.status_code == 204 or e.status_code == 304:
            return Response(None, e.status_code, e.headers)
        return JSONResponse({"detail": e.detail}, e.status_code, e.headers)
    if isinstance(e, RequestValidationError):
        return JSONResponse({"detail": e.errors()}, 422)
    print_exception(e, request)
    errs = getattr(app, "unhandled_errors", None)
    if errs is not None:
        errs.append(e)
    return responses.server_error(e, app.debug)
