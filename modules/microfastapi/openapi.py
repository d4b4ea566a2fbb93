# OpenAPI 3.1 document from the route table, and the /docs page.
# Imported only when /openapi.json or /docs is requested; nothing is cached.
# The document is FastAPI's: the same operationIds, parameters (path, query,
# header, cookie, each with its annotation's JSON Schema from schema.py) and
# 422 schemas. Decorator keywords read here (besides summary, description,
# tags, status_code): body_schema, response_schema, responses ({status:
# description or Response Object}), request_body (a whole Request Body
# Object), deprecated, operation_id.
from ._compat import title_of
from .params import REQUIRED

_T = {int: "integer", float: "number", bool: "boolean", str: "string"}
# path converters of untyped parameters: int and float accept digits only
# (and "." for float). A parameter with an annotation gets its type's schema,
# as FastAPI writes it.
_CONV = {
    "int": {"type": "integer", "minimum": 0},
    "float": {"type": "number", "minimum": 0},
    "path": {"type": "string", "minLength": 1, "format": "path"},  # may hold "/"
}
_REF = "#/components/schemas/"
_GROUPS = ("path", "query", "header", "cookie")  # FastAPI lists parameters in this order


def openapi_path(path):
    # "/items/{item_id:int}" -> "/items/{item_id}"
    out = []
    for s in path.split("/"):
        if len(s) > 2 and s[0] == "{" and s[-1] == "}" and ":" in s:
            s = s[: s.find(":")] + "}"
        out.append(s)
    return "/".join(out)


def operation_id(route, method):
    # FastAPI's route.unique_id: the operation_id= keyword, else its
    # generate_unique_id: name + path (without converters), non-word
    # characters as "_", + "_" + method. Body_<id> and "Response <Id>" (the
    # schemas bodies.py names) are made from it too.
    given = route.extra.get("operation_id")
    if given:
        return given
    s = route.name + openapi_path(route.path)
    return "".join(c if c.isalpha() or c.isdigit() or c == "_" else "_" for c in s) + "_" + method.lower()


def _legacy_schema(t, default):
    s = {"type": _T.get(t, "string")}
    if default is not REQUIRED and default is not None and type(default) in _T:
        if type(default) is t or (t is float and type(default) is int):
            s["default"] = default
    return s


class _Info:
    # what schema.field_schema reads of a parameter: its declaration's
    # title/description/examples/deprecated/json_schema_extra, and the
    # default the plan holds (an Annotated declaration has none of its own)
    def __init__(self, decl, default):
        self.decl = decl
        self.default = None if default is REQUIRED else default
        self.required = default is REQUIRED
        self.default_factory = getattr(decl, "default_factory", None)

    def is_required(self):
        return self.required

    def __getattr__(self, k):
        return getattr(self.decl, k, None)


def _param_schema(route, ps, defs):
    spec, decl = ps["spec"], ps["decl"]
    name = ps["name"]
    if spec is not None:
        from .schema import field_schema

        s = field_schema(name, spec, _Info(decl, REQUIRED if ps["required"] else ps["default"]), defs, _REF + "{model}")
        if s.get("default", 0) is None:
            del s["default"]  # FastAPI leaves a parameter's None default out
        return s
    if ps["in"] == "path":
        s = dict(_CONV.get(route.path_params.get(name), {}))
    elif ps["type"] is None:
        s = {}
    else:
        s = _legacy_schema(ps["type"], REQUIRED if ps["required"] else ps["default"])
    if getattr(decl, "title", None):
        s["title"] = decl.title
    else:
        s["title"] = title_of(name)
    if getattr(decl, "description", None):
        s["description"] = decl.description
    return s


def _err(desc, ref):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": _REF + ref}}}}


# shared by every operation (the document is serialized, never changed)
_R422 = _err("Validation Error", "HTTPValidationError")


def operation(route, method, op_id, defs=None):
    if defs is None:
        defs = {}
    x = route.extra
    groups = {}
    body = x.get("request_body")
    rschema = None
    if route.body_fields or route.response_filter is not None:
        # request bodies and response models (bodies.py); their models go to defs
        from . import bodies

        if body is None:
            body = bodies.openapi_request_body(route, method, defs)
        rschema = bodies.openapi_response_schema(route, method, defs)
    for ps in route.param_specs:
        where = ps["in"]
        decl = ps["decl"]
        if where == "body":
            if body is None:
                body = {"required": ps["required"],
                        "content": {"application/json": {"schema": x.get("body_schema") or {}}}}
            continue
        if not getattr(decl, "include_in_schema", True):
            continue
        p = {"name": ps["name"], "in": where, "required": ps["required"],
             "schema": _param_schema(route, ps, defs)}
        if ps.get("description"):
            p["description"] = ps["description"]
        oe = getattr(decl, "openapi_examples", None)
        if oe:
            p["examples"] = oe
        if getattr(decl, "deprecated", None):
            p["deprecated"] = True
        groups.setdefault(where, []).append(p)
    params = []
    for g in _GROUPS:
        params += groups.get(g, ())
    # FastAPI's summary: route.name.replace("_", " ").title()
    op = {"summary": route.summary or title_of(route.name), "operationId": op_id}
    if route.security:
        # security dependencies (HTTPBasic(), OAuth2PasswordBearer(), ...):
        # their schemes are in components.securitySchemes
        op["security"] = [{s.scheme_name: scopes} for s, scopes in route.security]
    if route.description:
        op["description"] = route.description
    if route.tags:
        op["tags"] = list(route.tags)
    if x.get("deprecated"):
        op["deprecated"] = True
    if params:
        op["parameters"] = params
    if body is not None:
        op["requestBody"] = body
    st = route.status_code or 200
    ok = {"description": x.get("response_description") or "Successful Response"}
    if st != 204 and not 300 <= st < 400:
        rc = route.response_class
        mt = (rc and rc.media_type) or "application/json"
        if ";" in mt:
            mt = mt[: mt.find(";")]
        ok["content"] = {mt: {"schema": x.get("response_schema") or rschema or {}}}
    res = {str(st): ok}
    if params or body is not None or _has_params(route):
        res["422"] = _R422
    more = x.get("responses")
    if more:
        for k in more:
            v = more[k]
            if type(v) is str:
                v = {"description": v}
            res[str(k)] = v
    op["responses"] = res
    return op


def _has_params(route):
    # FastAPI answers 422 for any route with request parameters, even hidden ones
    for ps in route.param_specs:
        return True
    return False


# FastAPI's two schemas for the 422 answer
VALIDATION_SCHEMAS = {
    "HTTPValidationError": {
        "properties": {"detail": {"items": {"$ref": _REF + "ValidationError"}, "type": "array", "title": "Detail"}},
        "type": "object", "title": "HTTPValidationError",
    },
    "ValidationError": {
        "properties": {
            "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array",
                    "title": "Location"},
            "msg": {"type": "string", "title": "Message"},
            "type": {"type": "string", "title": "Error Type"},
            "input": {"title": "Input"},
            "ctx": {"type": "object", "title": "Context"},
        },
        "type": "object", "required": ["loc", "msg", "type"], "title": "ValidationError",
    },
}


def get_openapi(app):
    paths = {}
    defs = {}
    uses_422 = False
    for r in app.routes:
        if not r.include_in_schema:
            continue
        p = openapi_path(r.path)
        item = paths.get(p)
        if item is None:
            item = paths[p] = {}
        for m in sorted(r.methods):
            if m == "HEAD" and "GET" in r.methods:
                continue
            op = operation(r, m, operation_id(r, m), defs)
            if "422" in op["responses"]:
                uses_422 = True
            item[m.lower()] = op  # a later route for the same path and method wins, as in FastAPI
    info = {"title": app.title, "version": app.version}
    if getattr(app, "summary", None):
        info["summary"] = app.summary
    if app.description:
        info["description"] = app.description
    info.update(getattr(app, "info_extra", None) or {})
    doc = {"openapi": "3.1.0", "info": info, "paths": paths}
    if defs:
        from .bodies import openapi_defs_cleanup

        defs = openapi_defs_cleanup(defs)
    if uses_422:
        for k in VALIDATION_SCHEMAS:
            defs[k] = VALIDATION_SCHEMAS[k]
    comps = {}
    if defs:
        comps["schemas"] = {k: defs[k] for k in sorted(defs)}
    # security dependencies (HTTPBasic(), OAuth2PasswordBearer(), ...): their schemes
    schemes = {}
    for r in app.routes:
        for s, scopes in getattr(r, "security", None) or ():
            schemes[s.scheme_name] = s.model
    if schemes:
        comps["securitySchemes"] = schemes
    if comps:
        doc["components"] = comps
    if getattr(app, "openapi_tags", None):
        doc["tags"] = app.openapi_tags
    if getattr(app, "servers", None):
        doc["servers"] = app.servers
    elif getattr(app, "root_path", ""):
        doc["servers"] = [{"url": app.root_path}]
    return doc


def _gzip_ok(headers):
    for p in headers.get("accept-encoding", "").split(","):
        p = p.strip().replace(" ", "")
        if p == "gzip" or p == "*" or (p.startswith("gzip;") and p[5:] not in ("q=0", "q=0.0", "q=0.00", "q=0.000")):
            return True
    return False


def docs_html(app):
    # the page as plain bytes (decompressed on the device)
    from .docs_page import html

    return html()


def docs_response(app, req):
    # the page, gzip'd when the browser takes it: the frozen bytes as they are
    from .responses import HTMLResponse

    h = {"vary": "accept-encoding", "cache-control": "no-cache"}
    if _gzip_ok(req.headers):
        from .docs_page import PAGE_GZ

        h["content-encoding"] = "gzip"
        return HTMLResponse(PAGE_GZ, 200, h)
    return HTMLResponse(docs_html(app), 200, h)
