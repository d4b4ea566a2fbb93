# MicroFastApi: routing, parameters and dispatch.
import sys
from ._parser import unquote, fn_params, parse_qs
from .params import Query, REQUIRED, convert, error, missing, _type_of
from .request import Request
from . import response as _r
from .response import (
    Response, JSONResponse, StreamingResponse, RedirectResponse, HTTPException,
    RequestValidationError, STATUS,
)

_CPY = sys.implementation.name != "micropython"


def _g():
    yield


_GEN = type(_g())


def print_exception(e):
    if _CPY:
        import traceback

        traceback.print_exception(type(e), e, e.__traceback__)
    else:
        sys.print_exception(e)


def _resume(g):
    # MicroPython: finish driving a coroutine whose first step we already ran.
    # asyncio there only ever yields None, so yielding None on its behalf is exact.
    while True:
        try:
            x = yield None
        except BaseException as e:
            try:
                g.throw(e)
            except StopIteration as s:
                return s.value
            continue
        try:
            g.send(x)
        except StopIteration as s:
            return s.value


def _probe(route, req, pp):
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
            kw["body"] = _r._loads(req.body)
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
            n = m[i + 29 : m.find("'", i + 29)]
            if n not in kw or n in pp:
                raise
            del kw[n]
            if n in ("request", "body"):
                rej.add(n)


async def _call(fn, kw):
    return await _finish(fn(**kw))


async def _finish(r):
    if type(r) is _GEN:
        if _CPY:
            return StreamingResponse(r)
        # MicroPython: async def and generator functions both give a generator
        try:
            v = r.send(None)
        except StopIteration as s:
            return s.value
        if v is None:
            return await _resume(r)
        s = StreamingResponse(r)
        s.first = v
        return s
    if _CPY:
        if hasattr(r, "__await__"):
            return await r
        if hasattr(r, "__anext__"):
            return StreamingResponse(r)
    return r


_DOCS = ("/openapi.json", "/docs")
_CONNX = b"\r\nconnection: close\r\n\r\n"
_CONN10 = b"\r\nconnection: keep-alive\r\n\r\n"
_CONN11 = b"\r\n\r\n"
_EMPTY = {}
# builtins and methods as module globals: a hashed look-up instead of a linear
# scan of a ROM table when MicroPython's map cache misses (it does, on a path
# as long as a whole request)
_dget = dict.get
_isdigit = str.isdigit
_type = type
_dict = dict
_list = list
_int = int
_len = len
try:
    # pre + content-length + tail + json.dumps(obj) as one bytes, in one buffer
    from _microfastapi import json_response as _jresp
except ImportError:
    def _jresp(pre, obj, tail):
        b = _r._dumps(obj).encode()
        return b"%s%d%s" % (pre, len(b), tail) + b
try:
    # (path up to its last "/", the rest) without interning look-ups
    from _microfastapi import path_split as _psplit
except ImportError:
    def _psplit(path):
        i = path.rfind("/") + 1
        return path[:i], path[i:]
try:
    from _microfastapi import fn_kwonly
except ImportError:
    def fn_kwonly(f):
        raise TypeError
_NOPV = object()


def _response_bytes(res, method, ver, ka):
    # what server.send() writes for a body response (kind 0), as one bytes
    try:
        body = res.body
        head = res.head(ver, ka, len(body))
    except Exception as e:
        print_exception(e)
        res = JSONResponse({"detail": "Internal Server Error"}, 500)
        body = res.body
        head = res.head(ver, ka, len(body))
    st = res.status_code
    if method == "HEAD" or st == 204 or st == 304 or not body:
        return head
    return head + body if type(body) is bytes else head + bytes(body)


def _conv_int(s):
    if not s.isdigit():
        raise ValueError
    return int(s)


def _conv_float(s):
    for c in s:
        if c not in "0123456789.":
            raise ValueError
    return float(s)


class _Raised:
    # what _fastg gives for an exception (a generator that raises is finished)
    def __init__(self, e):
        self.e = e


_CONVERTERS = {"int": _conv_int, "float": _conv_float, "str": None, "path": None}


_JPRE = {}  # status -> the shared (HTTP/1.0, HTTP/1.1) JSON head prefixes
_QSTR = {}  # None or REQUIRED -> the shared Query(str, default=it)
_MSETS = {}  # tuple of methods -> the shared set of them


class Route:
    # defaults on the class: a route's own dict holds only what differs
    # (an instance dict is a hash table, a slot per attribute, per route)
    status_code = None
    summary = None
    description = None
    tags = None
    response_class = None
    extra = _EMPTY
    include_in_schema = True
    path_params = _EMPTY
    tail = False
    rejected = None
    fplan = None
    fkind = 2
    fq = ()
    jpre = None
    pre1 = None
    conv1 = None
    pname1 = None
    fpos = False

    def __init__(self, app, path, methods, handler, status_code=None, name=None, summary=None,
                 description=None, tags=None, params=None, response_class=None, **extra):
        self.path = path
        k = tuple(methods)
        m = _MSETS.get(k)
        if m is None:
            m = _MSETS[k] = set(methods)
        self.methods = m
        self.handler = handler
        self.name = name or getattr(handler, "__name__", "handler")
        if status_code is not None:
            self.status_code = status_code
        if summary is not None:
            self.summary = summary
        if description is not None:
            self.description = description
        if tags is not None:
            self.tags = tags
        if response_class is not None:
            self.response_class = response_class
        if extra:
            self.extra = extra
            if "include_in_schema" in extra:
                self.include_in_schema = extra["include_in_schema"]
        # compile the template
        segs = path.split("/")
        ts = []
        pps = None  # name -> converter name
        for i, s in enumerate(segs):
            if len(s) > 2 and s[0] == "{" and s[-1] == "}":
                n = s[1:-1]
                c = "str"
                k = n.find(":")
                if k >= 0:
                    n, c = n[:k], n[k + 1 :]
                if c not in _CONVERTERS:
                    raise ValueError("unknown converter " + c)
                if c == "path":
                    if i != len(segs) - 1:
                        raise ValueError("{...:path} must be last")
                    self.tail = True
                if pps is None:
                    pps = self.path_params = {}
                pps[n] = c
                ts.append((n, _CONVERTERS[c]))
            else:
                ts.append(s)
        self.segs = ts = tuple(ts)
        plan = self.plan = self._plan(params)
        # for the synchronous fast path (app._fast), see _fast_prep
        if plan is not None:
            self._fast_prep(status_code, response_class)
        # one parameter, the last segment: the literal prefix before it
        if pps is not None and len(pps) == 1 and not self.tail and type(ts[-1]) is tuple:
            self.pre1 = "/".join(ts[:-1]) + "/"
            self.pname1, conv1 = ts[-1]
            if conv1 is not None:
                self.conv1 = conv1
            # fpos: the handler can be called positionally, (the one path parameter,
            # then up to two query ones), in the plan's order
            if self.fkind == 1 and len(self.fq) <= 2 and plan[0][0] == self.pname1:
                try:
                    if fn_kwonly(handler) == 0:
                        self.fpos = True
                except TypeError:
                    pass

    @property
    def static(self):
        return not self.path_params

    def _fast_prep(self, status_code, response_class):
        # fkind: 0 handler takes nothing; 1 it takes exactly the path parameters
        # plus query ones (fq: (name, query key, type or None for str, default));
        # 2 anything else (fplan: the plan as (name, kind, query key, type, default)).
        fp = []
        fq = []
        npath = 0
        other = False
        for n, kind, q, d in self.plan:
            if kind == 1:
                t = q.type
                t = None if t is str or t is None else t
                fp.append((n, 1, q.alias or n, t, d))
                fq.append((n, q.alias or n, t, d))
            else:
                fp.append((n, kind, None, None, d))
                if kind == 0:
                    npath += 1
                else:
                    other = True
        # each route keeps only the form its kind uses
        if not fp:
            self.fkind = 0
        elif not other and npath == len(self.path_params):
            self.fkind = 1
            if fq:
                self.fq = tuple(fq)
        else:
            self.fplan = tuple(fp)
        # the constant start of a JSON answer for HTTP/1.0 and 1.1 (None: status
        # without a plain content-type + content-length head, or a response_class)
        st = status_code or 200
        if response_class is None and 200 <= st and st != 204 and st != 304:
            j = _JPRE.get(st)
            if j is None:
                j = _JPRE[st] = tuple("HTTP/1.{} {} {}\r\ncontent-type: application/json\r\ncontent-length: ".format(
                    v, st, STATUS.get(st, "Status")).encode() for v in (0, 1))
            self.jpre = j

    def _plan(self, given):
        # [(name, kind, type/Query, default)] kind: 0 path, 1 query, 2 request, 3 body
        names = None
        defaults = {}
        ann = {}
        try:
            names, defaults = fn_params(self.handler)
        except TypeError:
            pass
        if _CPY:
            ann = getattr(self.handler, "__annotations__", None) or {}
        if given is not None:
            if isinstance(given, dict):
                defaults = dict(defaults)
                defaults.update(given)
            if names is None:
                names = tuple(given)
        if names is None:
            return None  # unknown: path params only
        plan = []
        for n in names:
            d = defaults.get(n, REQUIRED)
            if n in self.path_params:
                plan.append((n, 0, None, d))
            elif n == "request":
                plan.append((n, 2, None, d))
            elif n == "body":
                plan.append((n, 3, None, d))
            else:
                if isinstance(d, Query):
                    q = d
                else:
                    t = ann.get(n)
                    if t not in (int, float, bool, str):
                        t = _type_of(d) if d is not REQUIRED and d is not None else str
                    if t is str and (d is None or d is REQUIRED):
                        # the common undeclared str ones: one shared Query each
                        q = _QSTR.get(d)
                        if q is None:
                            q = _QSTR[d] = Query(str, default=d)
                    else:
                        q = Query(t, default=d)
                plan.append((n, 1, q, q.default))
        return tuple(plan)

    @property
    def param_specs(self):
        # for generators (OpenAPI): [{"name", "in", "type", "required", "default", "description"}]
        out = []
        for n, c in self.path_params.items():
            out.append({"name": n, "in": "path", "type": {"int": int, "float": float}.get(c, str),
                        "required": True, "default": None, "description": None})
        for n, kind, q, d in self.plan or ():
            if kind == 1:
                out.append({"name": q.alias or n, "in": "query", "type": q.type, "required": d is REQUIRED,
                            "default": None if d is REQUIRED else d, "description": q.description})
            elif kind == 3:
                out.append({"name": n, "in": "body", "type": None, "required": d is REQUIRED,
                            "default": None if d is REQUIRED else d, "description": None})
        return out

    def match(self, segs):
        # segs: decoded path segments; returns dict of params or None
        ts = self.segs
        if self.tail:
            if len(segs) < len(ts):
                return None
        elif len(segs) != len(ts):
            return None
        pp = None
        last = len(ts) - 1
        for i in range(len(ts)):
            t = ts[i]
            s = segs[i]
            if type(t) is str:
                if t != s:
                    return None
                continue
            if pp is None:
                pp = {}
            n, conv = t
            if i == last and self.tail:
                s = "/".join(segs[i:])
            elif not s:
                return None
            if conv is not None:
                try:
                    s = conv(s)
                except ValueError:
                    return None
            pp[n] = s
        return pp if pp is not None else {}

    def __repr__(self):
        return "Route({!r}, {}, {})".format(self.path, sorted(self.methods), self.name)


class MicroFastApi:
    def __init__(self, ip=None, mac=None, title="MicroFastApi", version="0.1.0", description="",
                 docs=True, debug=False, **limits):
        self.ip = ip
        self.mac = mac
        self.title = title
        self.version = version
        self.description = description
        self.docs = docs
        self.debug = debug
        self.routes = []
        self.port = 80
        self._static = {}  # path -> {method: route}
        self._dyn = {}  # (nsegs, first segment or None) -> [route]
        self._tails = []
        self._complex = False  # routes without a literal first segment, or {...:path} ones
        self._pre1 = None  # see _index
        self._fg = None  # see _fast
        self._before = []
        self._after = []
        self._exc = []  # [(status int or exception class, handler)]
        self.limits = limits
        self._server = None

    # ---- registration
    def route(self, path, methods=("GET",), **kw):
        methods = tuple(m.upper() for m in methods)

        def deco(fn):
            self.add_route(path, fn, methods, **kw)
            return fn

        return deco

    def add_route(self, path, fn, methods=("GET",), **kw):
        r = Route(self, path, methods, fn, **kw)
        r.order = len(self.routes)
        self.routes.append(r)
        self._pre1 = None
        if r.static:
            d = self._static.setdefault(path, {})
            for m in r.methods:
                d.setdefault(m, r)
        elif r.tail:
            self._tails.append(r)
            self._complex = True
        else:
            f = r.segs[1] if len(r.segs) > 1 and type(r.segs[1]) is str else None
            if f is None:
                self._complex = True
            self._dyn.setdefault((len(r.segs), f), []).append(r)
        return r

    def get(self, path, **kw):
        return self.route(path, ("GET",), **kw)

    def post(self, path, **kw):
        return self.route(path, ("POST",), **kw)

    def put(self, path, **kw):
        return self.route(path, ("PUT",), **kw)

    def patch(self, path, **kw):
        return self.route(path, ("PATCH",), **kw)

    def delete(self, path, **kw):
        return self.route(path, ("DELETE",), **kw)

    def head(self, path, **kw):
        return self.route(path, ("HEAD",), **kw)

    def options(self, path, **kw):
        return self.route(path, ("OPTIONS",), **kw)

    def before_request(self, fn):
        self._before.append(fn)
        return fn

    def after_request(self, fn):
        self._after.append(fn)
        return fn

    def exception_handler(self, key):
        def deco(fn):
            self._exc.append((key, fn))
            return fn

        return deco

    def add_cors(self, **kw):
        from .cors import add_cors

        add_cors(self, **kw)

    # ---- lookup
    def _candidates(self, path):
        # -> (list of (route, params)) for the path, any method
        out = []
        if "%" in path:
            try:
                segs = [unquote(s) for s in path.split("/")]
            except ValueError:
                raise HTTPException(400, "Invalid percent-encoding in path")
            key = None
            for s in segs:
                if "/" in s:
                    break
            else:
                key = "/".join(segs)
        else:
            segs = None
            key = path
        if key is not None:
            d = self._static.get(key)
            if d:
                for m in d:
                    out.append((d[m], {}))
        if self._dyn or self._tails:
            if segs is None:
                segs = path.split("/")
            n = len(segs)
            lst = self._dyn.get((n, segs[1] if n > 1 else None))
            lst2 = self._dyn.get((n, None))
            for lst_ in (lst, lst2, self._tails):
                if lst_:
                    for r in lst_:
                        pp = r.match(segs)
                        if pp is not None:
                            out.append((r, pp))
        return out

    def _find(self, method, path, qs=""):
        # -> (route, path params) or (None, Response); raises HTTPException 404/405
        d = self._static.get(path)
        if d is not None:
            r = d.get(method)
            if r is not None:
                return r, {}
        cands = self._candidates(path)
        if cands:
            # the first declared route serving the method wins; HEAD falls back to GET
            for m in (method, "GET") if method == "HEAD" else (method,):
                best = None
                for r, pp in cands:
                    if m in r.methods and (best is None or r.order < best[0].order):
                        best = (r, pp)
                if best is not None:
                    return best
            allow = set()
            for r, pp in cands:
                allow |= r.methods
            if "GET" in allow:
                allow.add("HEAD")
            allow.add("OPTIONS")
            allow = ", ".join(sorted(allow))
            if method == "OPTIONS":
                return None, Response(None, 204, {"allow": allow})
            raise HTTPException(405, headers={"allow": allow})
        # redirect on trailing slash
        alt = path[:-1] if path.endswith("/") and len(path) > 1 else path + "/"
        if self._candidates(alt):
            return None, RedirectResponse(alt + ("?" + qs if qs else ""))
        raise HTTPException(404)

    # ---- synchronous fast path
    def _index(self):
        # literal prefix -> [route] for the routes "/lit/.../{one}": only for the
        # (segment count, first segment) groups of _dyn made of such routes
        # alone, where a path can only match routes with its own prefix (and
        # the group's order is kept)
        d = {}
        if self._complex:
            self._pre1 = d
            return d
        for lst in self._dyn.values():
            for r in lst:
                if r.pre1 is None or "%" in r.pre1:
                    break
            else:
                for r in lst:
                    d.setdefault(r.pre1, []).append(r)
        self._pre1 = d
        return d

    def _fast(self, *a):
        # a: (method, path, qs, ver, headers, body, client, ka). The same as
        # dispatch() followed by server.send(), for the common case, without
        # asyncio. Returns:
        #   bytes: the whole response, to write as it is;
        #   None: not handled here and nothing called yet (hooks, HEAD, *, docs,
        #     percent-encoded paths, 404/405/redirects): use dispatch();
        #   a Response to send() (streams, files, large bodies);
        #   a coroutine giving the Response (async handlers, exception handlers).
        # The work is done in _fastg, a generator that lives as long as the app:
        # on MicroPython a plain call's frame (more than 11 words) is a heap
        # block freed on return, and the allocator then restarts from that block:
        # once a collection has left it low in the heap, the next small
        # allocation of every request scans everything allocated since. This
        # frame is small enough for the C stack.
        g = self._fg
        if g is None:
            # first call, or a call from within a handler of the running one
            g = self._fastg()
            g.send(None)
        self._fg = None
        r = g.send(a)
        self._fg = g
        if _type(r) is _Raised:
            raise r.e
        return r

    def _fastg(self):
        # _fast's work; each step: a -> the answer (or _Raised)
        r = None
        while True:
            a = yield r
            r = None
            try:
                method, path, qs, ver, headers, body, client, ka = a
                pv = _NOPV
                if self._before or self._after or method == "HEAD" or path == "*":
                    continue
                d = _dget(self._static, path)
                if d is not None:
                    route = _dget(d, method)
                    if route is None:
                        continue
                    pp = None
                else:
                    route = None
                    d = self._pre1
                    if d is None:
                        d = self._index()
                    pre, path_ = _psplit(path)
                    d = _dget(d, pre)
                    if d is None:
                        if "%" in path or (self.docs and path in _DOCS):
                            continue
                        route, pp = self._lookup(method, path, qs)
                        if route is None:
                            continue
                    else:
                        if not path_ or "%" in path_:
                            continue
                        for t in d:
                            if method in t.methods:
                                i = t.conv1
                                if i is _conv_int:
                                    if not _isdigit(path_):
                                        continue
                                    i = _int(path_)
                                elif i is None:
                                    i = path_
                                else:
                                    try:
                                        i = i(path_)
                                    except ValueError:
                                        continue
                                route = t
                                if t.fpos:
                                    pv = i
                                    pp = None
                                else:
                                    pp = {t.pname1: i}
                                break
                        if route is None:
                            continue
                i = route.fkind
                if i == 2:
                    r = self._fast2(route, pp, method, path, qs, ver, headers, body, client, ka)
                    continue
                try:
                    if i == 0:
                        r = route.handler()
                    else:
                        if pv is not _NOPV:
                            # positional: the path value, then the query ones
                            d = None
                        else:
                            d = pp
                            if d is None:
                                d = {}
                        if route.fq:
                            # the query parameters (_query, inline)
                            if qs:
                                try:
                                    q = parse_qs(qs)
                                except ValueError:
                                    raise HTTPException(400, "Invalid query string")
                            else:
                                q = _EMPTY
                            errs = None
                            vals = [] if d is None else None
                            for name, key, t, dflt in route.fq:
                                v = _dget(q, key)
                                if v is None:
                                    if dflt is REQUIRED:
                                        errs = (errs or []) + [missing("query", key)]
                                        continue
                                    v = dflt
                                elif t is not None:
                                    try:
                                        v = convert(t, v)
                                    except (ValueError, TypeError):
                                        errs = (errs or []) + [error(t, "query", key, v)]
                                        continue
                                if d is None:
                                    vals.append(v)
                                else:
                                    d[name] = v
                            if errs:
                                raise RequestValidationError(errs)
                        if d is not None:
                            r = route.handler(**d)
                        elif not route.fq:
                            r = route.handler(pv)
                        elif len(vals) == 1:
                            r = route.handler(pv, vals[0])
                        else:
                            r = route.handler(pv, vals[0], vals[1])
                    i = _type(r)
                    if i is _dict or i is _list:
                        d = route.jpre
                        if d is not None:
                            r = _jresp(d[ver - 10], r, (_CONN11 if ver == 11 else _CONN10) if ka else _CONNX)
                            continue
                except Exception as e:
                    if pv is not _NOPV:
                        pp = {route.pname1: pv}
                    r = self._fast_err(e, None, route, 1, pp, method, path, qs, ver, headers, body, client, ka)
                    continue
                if pv is not _NOPV:
                    pp = {route.pname1: pv}
                r = self._fast_res(r, None, route, 1, pp, method, path, qs, ver, headers, body, client, ka)
            except BaseException as e:
                r = _Raised(e)

    def _lookup(self, method, path, qs):
        # -> (route, path params) or (None, None): _find without the answers
        # (404, 405, redirect, OPTIONS) that dispatch() gives
        if self._complex:
            try:
                return self._find(method, path, qs)
            except HTTPException:
                return None, None
        segs = path.split("/")
        n = len(segs)
        if n < 2:
            return None, None
        lst = self._dyn.get((n, segs[1]))
        if lst is not None:
            for r in lst:
                if method in r.methods:
                    pp = r.match(segs)
                    if pp is not None:
                        return r, pp
        return None, None

    def _fast2(self, route, pp, method, path, qs, ver, headers, body, client, ka):
        # _fast for any other plan (request, body, path parameters not taken)
        if route.fplan is None:
            return None
        req = None
        try:
            kw = {}
            errs = None
            q = None
            for name, kind, key, t, dflt in route.fplan:
                if kind == 0:
                    kw[name] = pp[name]
                elif kind == 1:
                    if q is None:
                        if qs:
                            try:
                                q = parse_qs(qs)
                            except ValueError:
                                raise HTTPException(400, "Invalid query string")
                        else:
                            q = {}
                    v = q.get(key)
                    if v is None:
                        if dflt is REQUIRED:
                            errs = (errs or []) + [missing("query", key)]
                        else:
                            kw[name] = dflt
                    elif t is None:
                        kw[name] = v
                    else:
                        try:
                            kw[name] = convert(t, v)
                        except (ValueError, TypeError):
                            errs = (errs or []) + [error(t, "query", key, v)]
                elif kind == 2:
                    if req is None:
                        req = Request(self, method, path, qs, ver, headers, body, client, pp)
                        req.route = route
                        if q is not None:
                            req._query = q
                    kw[name] = req
                else:
                    if not body:
                        if dflt is REQUIRED:
                            errs = (errs or []) + [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
                        else:
                            kw[name] = dflt
                    else:
                        try:
                            kw[name] = _r._loads(body)
                        except (ValueError, TypeError):
                            errs = (errs or []) + [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]
            if errs:
                raise RequestValidationError(errs)
            r = route.handler(**kw)
            t = type(r)
            if t is dict or t is list:
                pre = route.jpre
                if pre is not None:
                    return _jresp(pre[ver - 10], r, (_CONN11 if ver == 11 else _CONN10) if ka else _CONNX)
        except Exception as e:
            return self._fast_err(e, req, route, 2, pp, method, path, qs, ver, headers, body, client, ka)
        return self._fast_res(r, req, route, 2, pp, method, path, qs, ver, headers, body, client, ka)

    def _fast_res(self, r, req, route, k, pp, method, path, qs, ver, headers, body, client, ka):
        # _fast, the handler returned something other than a JSON dict or list
        if type(r) is _GEN or (_CPY and (hasattr(r, "__await__") or hasattr(r, "__anext__"))):
            if req is None:
                req = self._req(route, k, pp, method, path, qs, ver, headers, body, client)
            return self._tail(req, route, r)
        try:
            res = self._to_response(r, route)
        except Exception as e:
            return self._fast_err(e, req, route, k, pp, method, path, qs, ver, headers, body, client, ka)
        if res.kind or len(res.body) >= 1400:
            return res
        return _response_bytes(res, method, ver, ka)

    def _fast_err(self, e, req, route, k, pp, method, path, qs, ver, headers, body, client, ka):
        # _fast, the binding or the handler raised e
        if self._exc:
            if req is None:
                req = self._req(route, k, pp, method, path, qs, ver, headers, body, client)
            return self._on_error(req, e)
        if isinstance(e, HTTPException):
            res = JSONResponse({"detail": e.detail}, e.status_code, e.headers)
        else:
            print_exception(e)
            res = JSONResponse({"detail": "Internal Server Error"}, 500)
        if len(res.body) >= 1400:
            return res
        return _response_bytes(res, method, ver, ka)

    def _req(self, route, k, pp, method, path, qs, ver, headers, body, client):
        # the Request dispatch() would have made, made late
        if k == 1 and pp:
            # pp was used as the keyword arguments
            pp = {n: pp[n] for n in route.path_params}
        req = Request(self, method, path, qs, ver, headers, body, client, pp)
        req.route = route
        return req

    async def _tail(self, req, route, r):
        try:
            return self._to_response(await _finish(r), route)
        except Exception as e:
            return await self._on_error(req, e)

    # ---- dispatch
    async def dispatch(self, req):
        # -> Response (never raises)
        try:
            res = None
            for h in self._before:
                res = h(req)
                if res is not None and hasattr(res, "send"):
                    res = await res
                if res is not None:
                    res = self._to_response(res, None)
                    break
            if res is None and req.path == "*":
                res = Response(None, 204, {"allow": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"})
            if res is None:
                if self.docs and req.path in ("/openapi.json", "/docs") and not self._static.get(req.path):
                    res = self._docs(req)
                if res is None:
                    route, pp = self._find(req.method, req.path, req.query_string)
                    if route is None:
                        res = pp
                    else:
                        req.path_params = pp
                        req.route = route
                        if route.plan is None:
                            r = _probe(route, req, pp)
                        else:
                            r = route.handler(**self._args(route, req, pp))
                        res = self._to_response(await _finish(r), route)
        except Exception as e:
            res = await self._on_error(req, e)
        for h in self._after:
            try:
                r = h(req, res)
                if r is not None and hasattr(r, "send"):
                    r = await r
                if r is not None:
                    res = r
            except Exception as e:
                res = await self._on_error(req, e)
        return res

    def _docs(self, req):
        try:
            from . import openapi
        except ImportError:
            return None
        if req.path == "/openapi.json":
            return JSONResponse(openapi.get_openapi(self))
        # The page straight from flash, gzip'd as frozen, to browsers that
        # take gzip (all do); docs_response decompresses only for the others.
        return openapi.docs_response(self, req)

    def _args(self, route, req, pp):
        plan = route.plan
        if plan is None:
            return pp
        kw = {}
        errs = None
        q = None
        for name, kind, spec, dflt in plan:
            if kind == 0:
                kw[name] = pp[name]
            elif kind == 1:
                if q is None:
                    try:
                        q = req.query
                    except ValueError:
                        raise HTTPException(400, "Invalid query string")
                key = spec.alias or name
                v = q.get(key)
                if v is None:
                    if dflt is REQUIRED:
                        errs = (errs or []) + [missing("query", key)]
                    else:
                        kw[name] = dflt
                else:
                    try:
                        kw[name] = convert(spec.type, v)
                    except (ValueError, TypeError):
                        errs = (errs or []) + [error(spec.type, "query", key, v)]
            elif kind == 2:
                kw[name] = req
            else:
                if not req.body:
                    if dflt is REQUIRED:
                        errs = (errs or []) + [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
                    else:
                        kw[name] = dflt
                else:
                    try:
                        kw[name] = _r._loads(req.body)
                    except (ValueError, TypeError):
                        errs = (errs or []) + [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error", "input": {}}]
        if errs:
            raise RequestValidationError(errs)
        return kw

    def _to_response(self, r, route):
        if isinstance(r, Response):
            return r
        st = route.status_code if route is not None and route.status_code else 200
        hd = None
        if type(r) is tuple:
            if len(r) == 3:
                r, st, hd = r
            elif len(r) == 2:
                r, st = r
        if isinstance(r, Response):
            r.status_code = st
            if hd:
                r.headers.update(hd)
            return r
        if r is None:
            return Response(None, 204 if st == 200 else st, hd)
        rc = route.response_class if route is not None else None
        if rc is not None:
            return rc(r, st, hd)
        if type(r) is _GEN or (_CPY and hasattr(r, "__anext__")):
            return StreamingResponse(r, st, hd)
        return Response(r, st, hd)

    async def _on_error(self, req, e):
        st = e.status_code if isinstance(e, HTTPException) else 500
        for key, h in self._exc:
            if key == st or (isinstance(key, type) and isinstance(e, key)):
                try:
                    r = h(req, e)
                    if r is not None and hasattr(r, "send"):
                        r = await r
                    return self._to_response(r, None)
                except Exception as e2:
                    e = e2
                    st = 500
                    break
        if isinstance(e, HTTPException):
            return JSONResponse({"detail": e.detail}, e.status_code, e.headers)
        print_exception(e)
        return JSONResponse({"detail": "Internal Server Error"}, 500)

    # ---- device and server
    def _net(self):
        ip, mac = self.ip, self.mac
        if ip is None or mac is None:
            try:
                from .wifi import current

                i, m = current()
                ip = ip or i
                mac = mac or m
            except Exception:
                pass
        return ip, mac

    def url(self, host=None, port=None):
        ip = self._net()[0]
        if host and host != "0.0.0.0":
            ip = host
        port = self.port if port is None else port
        return "http://{}{}/".format(ip or "127.0.0.1", "" if port == 80 else ":{}".format(port))

    def __repr__(self):
        ip, mac = self._net()
        return "MicroFastApi(ip={}, mac={}, url={})".format(ip, mac, self.url())

    __str__ = __repr__

    def run(self, host="0.0.0.0", port=80, **limits):
        from .server import run

        run(self, host, port, limits)

    async def serve(self, host="0.0.0.0", port=80, **limits):
        from .server import serve

        await serve(self, host, port, limits)
