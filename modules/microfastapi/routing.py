# Routes: path templates, each route's plan (signature.py), and the route
# table with its look-ups (Router, which the app class extends).
from ._compat import CPY
from ._parser import unquote, fn_kwonly
from .responses import Response, RedirectResponse, HTTPException, STATUS
from . import signature as _sig
from ._compat import isdigits
from .params import int_value


def int_segment(s):
    # the {name:int} converter: ASCII digits only (a failure means "no match":
    # 404). CPython's isdigit() also takes other scripts' digits ("\u0663" is
    # 3 to int()): one behaviour everywhere, the strict one.
    if not isdigits(s):
        raise ValueError
    return int(s)


def float_segment(s):
    for c in s:
        if c not in "0123456789.":
            raise ValueError
    return float(s)


# {name:converter} -> str -> value (None: the segment as it is)
CONVERTERS = {"int": int_segment, "float": float_segment, "str": None, "path": None}

_EMPTY = {}
_IN = {_sig.PATH: "path", _sig.QUERY: "query", _sig.QUERY_LIST: "query", _sig.HEADER: "header",
       _sig.COOKIE: "cookie", _sig.BODY: "body"}
_JSON_HEADS = {}  # status -> the shared (HTTP/1.0, HTTP/1.1) JSON head prefixes
_METHOD_SETS = {}  # tuple of methods -> the shared set of them
# The keywords a route takes besides Route.__init__'s own ones: kept in
# Route.extra for openapi.py. Another module that reads a new route keyword
# adds its name here (anything else is a TypeError at the decorator).
ROUTE_KEYWORDS = {"deprecated", "operation_id", "body_schema", "response_schema", "responses",
                  "request_body",
                  # the body left for request.stream() (server.py)
                  "stream_body",
                  # response models (bodies.py)
                  "response_model", "response_model_include", "response_model_exclude",
                  "response_model_by_alias", "response_model_exclude_unset",
                  "response_model_exclude_defaults", "response_model_exclude_none",
                  # dependencies (dependencies.py), OpenAPI extras
                  "dependencies", "response_description", "callbacks", "openapi_extra"}


_OWN_KEYWORDS = ("status_code", "name", "summary", "description", "tags", "params",
                 "response_class", "include_in_schema")


def check_route_keywords(kw):
    # a TypeError for a keyword no route takes (at the decorator's call, not later)
    for k in kw:
        if k not in ROUTE_KEYWORDS and k not in _OWN_KEYWORDS:
            raise TypeError("unexpected keyword argument '{}'".format(k))


def compile_path(path):
    # "/items/{item_id:int}" -> (segments, {name: converter name}, tail)
    # segments: a literal str, or (name, converter or None) per "/" piece;
    # tail: the last one is {...:path} (it takes the rest of the path)
    segs = path.split("/")
    out = []
    params = None
    tail = False
    for i, s in enumerate(segs):
        if len(s) > 2 and s[0] == "{" and s[-1] == "}":
            n = s[1:-1]
            c = "str"
            k = n.find(":")
            if k >= 0:
                n, c = n[:k], n[k + 1:]
            if c not in CONVERTERS:
                raise ValueError("unknown converter " + c)
            if c == "path":
                if i != len(segs) - 1:
                    raise ValueError("{...:path} must be last")
                tail = True
            if params is None:
                params = {}
            params[n] = c
            out.append((n, CONVERTERS[c]))
        else:
            out.append(s)
    return tuple(out), params or _EMPTY, tail


class Route:
    # One path + methods + handler. Defaults live on the class: a route's own
    # dict holds only what differs (an instance dict is a hash table, a slot
    # per attribute, per route; heap is what a Pico W runs out of).
    status_code = None
    summary = None
    description = None
    tags = None
    response_class = None
    extra = _EMPTY
    include_in_schema = True
    # request bodies and response models (bodies.py sets these per route)
    body_fields = ()  # the route's body parameters (bodies.BodyField)
    stream_body = False  # a form/upload route: the server may hand the body unread
    response_filter = None  # value -> what is sent (response model, models in results)
    path_params = _EMPTY  # name -> converter name ("int", "float", "str", "path")
    tail = False  # the template ends in {...:path}
    rejected = None  # handling.probe: names the handler refused (no plan)
    # the plan and what the fast path derives from it (signature.py)
    plan = None
    call = _sig.CALL_ASYNC  # signature.CALL_*
    query_plan = ()  # CALL_SIMPLE: the QUERY entries of the plan, in order
    json_head = None  # the constant start of a 200-style JSON answer: (HTTP/1.0, HTTP/1.1)
    # a route whose only path parameter is its last segment ("/a/b/{x}"):
    last_prefix = None  # the literal path before it ("/a/b/"), the key of app's index
    last_name = None  # its name
    last_convert = None  # its converter: the template's, else the annotation's (None: the str)
    last_strict = False  # last_convert is the annotation's: a refused value is a 422
    positional = False  # the handler is called as handler(x[, q1[, q2]])
    # dependencies.Dependant: the route solves dependencies (Depends parameters,
    # dependencies=[...], the response/background_tasks parameters);
    # handling.dispatch then calls dependant.respond() (see dependencies.attach)
    dependant = None
    security = None  # [(security scheme object, scopes)] for OpenAPI

    def fast_entry(self):
        # What the fast path (handling.fast_worker) reads of a "/lit/.../{one}"
        # route per request, as one tuple: one unpacking instead of an
        # attribute look-up each. Taken by Router.index() when it is built
        # (the first request after a registration). A positional route calls
        # its handler with CALL_SIMPLE, which never changes; the others' call
        # kind can (dependencies re-plan a route): the fast path reads their
        # handler, query_plan and json_head from the route itself.
        return (self.methods, self.last_convert, self.last_strict, self.positional, self.last_name, self,
                self.handler, self.query_plan, self.json_head)

    def __init__(self, app, path, methods, handler, status_code=None, name=None, summary=None,
                 description=None, tags=None, params=None, response_class=None,
                 include_in_schema=True, **extra):
        if extra:
            check_route_keywords(extra)
        self.path = path
        k = tuple(methods)
        m = _METHOD_SETS.get(k)
        if m is None:
            m = _METHOD_SETS[k] = set(methods)
        self.methods = m
        self.handler = handler
        self.name = name or getattr(handler, "__name__", "handler")
        if status_code is not None:
            from .httputil import check_status

            self.status_code = check_status(status_code)
        if summary is not None:
            self.summary = summary
        if description is not None:
            self.description = description
        if tags is not None:
            self.tags = tags
        if response_class is None:
            # FastAPI(default_response_class=...) for the routes that name none
            response_class = getattr(app, "default_response_class", None)
        if response_class is not None:
            self.response_class = response_class
        if not include_in_schema:
            self.include_in_schema = False
        if extra:
            self.extra = extra
        ts, pps, tail = compile_path(path)
        self.segs = ts
        if pps:
            self.path_params = pps
        if tail:
            self.tail = True
        plan = _sig.build_plan(self, params)
        if plan is not None:
            self.plan = plan
        call = _sig.call_kind(self)
        if call != _sig.CALL_ASYNC:
            self.call = call
        # path and query parameters only: the fast path binds the query ones inline
        simple = plan is not None and call != _sig.CALL_ASYNC
        if simple:
            for e in plan:
                if e[1] != _sig.QUERY and e[1] != _sig.PATH:
                    simple = False
            q = tuple(e for e in plan if e[1] == _sig.QUERY)
            if simple and q:
                self.query_plan = q
        # the constant start of a JSON answer for HTTP/1.0 and 1.1 (None: a
        # status without a plain content-type + content-length head, or a
        # response_class)
        st = status_code or 200
        if plan is not None and response_class is None and 200 <= st and st != 204 and st != 304:
            j = _JSON_HEADS.get(st)
            if j is None:
                j = _JSON_HEADS[st] = tuple(
                    "HTTP/1.{} {} {}\r\ncontent-type: application/json\r\ncontent-length: ".format(
                        v, st, STATUS.get(st, "Status")).encode() for v in (0, 1))
            self.json_head = j
        # one parameter, the last segment: the literal prefix before it
        if len(self.path_params) == 1 and not tail and type(ts[-1]) is tuple:
            self.last_prefix = "/".join(ts[:-1]) + "/"
            self.last_name, conv = ts[-1]
            # its annotation's converter, when the template has none: a value
            # it refuses is a 422 (last_strict), not "no match"
            typed = None
            if plan is not None:
                for e in plan:
                    if e[1] == _sig.PATH and e[3] is not None:
                        typed = e[3]
            if conv is not None:
                self.last_convert = conv
            elif typed is not None:
                # an `int` annotation takes the template converter's place:
                # digits are converted the same way, per request, as for
                # `{x:int}`; anything else goes to bind() (int_value: "-5",
                # "+5", or Pydantic's 422)
                self.last_convert = int_segment if typed is int_value else typed
                self.last_strict = True
            # positional: (the one path parameter, then up to two query ones),
            # in the plan's order: a call without a keyword dict
            if (simple and len(self.query_plan) <= 2 and plan[0][1] == _sig.PATH
                    and plan[0][2] == self.last_name and (conv is None or typed is None)):
                try:
                    if fn_kwonly(handler) == 0:
                        self.positional = True
                except TypeError:
                    pass
        # a response model (response_model=, or a return annotation naming a
        # model): bodies.py filters JSON answers through it (json_head = None)
        if "response_model" in self.extra or (plan is not None and _sig.returns_model(handler)):
            from .bodies import install_response_model

            install_response_model(self)
        # dependencies: the app's and routers' (app.dependencies, include_router)
        # and the route's own, then its parameters'
        deps = self.extra.get("dependencies")
        outer = getattr(app, "dependencies", None)
        if outer:
            deps = list(outer) + list(deps or ())
        if deps or (plan is not None and _needs_solver(plan, handler)):
            from .dependencies import attach

            attach(self, app, deps or ())

    @property
    def static(self):
        return not self.path_params

    @property
    def param_specs(self):
        # for generators (OpenAPI), one dict per parameter the request
        # supplies, in the handler's order (path parameters the handler does
        # not take first): {"name" (as sent), "in" ("path", "query",
        # "header", "cookie", "body"), "type" (legacy type or None),
        # "required", "default", "description", "decl" (the declaration or
        # None), "spec" (the resolved annotation or None), "param" (the
        # handler's parameter name)}
        out = []
        plan = self.plan or ()
        taken = [e[2] for e in plan if e[1] == _sig.PATH]
        for n, c in self.path_params.items():
            if n not in taken:
                out.append({"name": n, "in": "path", "type": {"int": int, "float": float}.get(c, str),
                            "required": True, "default": None, "description": None, "decl": None,
                            "spec": None, "param": n})
        for e in plan:
            name, src, key, conv, d, decl, spec = e
            where = _IN.get(src)
            if where is None:
                continue
            t = getattr(decl, "type", None)
            if src == _sig.PATH and spec is None:
                t = {"int": int, "float": float}.get(self.path_params.get(key), str)
            req = src == _sig.PATH or (d is _sig.REQUIRED and getattr(decl, "default_factory", None) is None)
            out.append({"name": key or name, "in": where, "type": t, "required": req,
                        "default": None if d is _sig.REQUIRED else d,
                        "description": getattr(decl, "description", None), "decl": decl, "spec": spec,
                        "param": name})
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


def _needs_solver(plan, handler):
    # a Depends entry in the plan, or (where the runtime keeps annotations or
    # drops them) a parameter that only the dependency solver fills
    for e in plan:
        if e[1] == _sig.CUSTOM and getattr(e[5], "needs_solver", False):
            return True
    if getattr(handler, "__annotations__", None):
        from .dependencies import uses_solver

        return uses_solver(handler)
    if not CPY:
        for e in plan:
            if e[0] in ("response", "background_tasks", "security_scopes"):
                return True
    return False


class Router:
    # The route table and its look-ups. The app class (applications.py)
    # extends it with the registration API; handling.py reads the tables.
    def __init__(self):
        self.routes = []
        self._static = {}  # path -> {method: route}
        self._dyn = {}  # (nsegs, first segment or None) -> [route]
        self._tails = []
        self._complex = False  # routes without a literal first segment, or {...:path} ones
        self._by_prefix = None  # see index()

    def add(self, r):
        # puts a made Route in the table
        r.order = len(self.routes)
        self.routes.append(r)
        self._by_prefix = None
        if r.static:
            d = self._static.setdefault(r.path, {})
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

    def candidates(self, path):
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

    def find(self, method, path, qs=""):
        # -> (route, path params) or (None, Response); raises HTTPException 404/405
        d = self._static.get(path)
        if d is not None:
            r = d.get(method)
            if r is not None:
                return r, {}
        cands = self.candidates(path)
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
        # never "//host" or "/\\host": a browser resolves those to another host
        if alt[:2] != "//" and alt[:2] != "/\\" and self.candidates(alt):
            return None, RedirectResponse(alt + ("?" + qs if qs else ""))
        raise HTTPException(404)

    def lookup(self, method, path, qs):
        # -> (route, path params) or (None, None): find() without the answers
        # (404, 405, redirect, OPTIONS) that dispatch() gives
        if self._complex:
            try:
                return self.find(method, path, qs)
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

    def index(self):
        # literal prefix -> [Route.fast_entry()] for the routes "/lit/.../{one}": only for the
        # (segment count, first segment) groups of _dyn made of such routes
        # alone, where a path can only match routes with its own prefix (and
        # the group's order is kept). Built on the first request after a
        # registration.
        d = {}
        if self._complex:
            self._by_prefix = d
            return d
        for lst in self._dyn.values():
            for r in lst:
                if r.last_prefix is None or "%" in r.last_prefix:
                    break
            else:
                for r in lst:
                    d.setdefault(r.last_prefix, []).append(r.fast_entry())
        self._by_prefix = d
        return d
