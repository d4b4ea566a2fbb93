# OpenAPI 3.1 document from the route table, and the /docs page.
# Imported only when /openapi.json or /docs is requested; nothing is cached.
# Decorator keywords read here (besides summary, description, tags,
# status_code): body_schema, response_schema, responses ({status: description
# or Response Object}), request_body (a whole Request Body Object),
# deprecated, operation_id.
from .params import REQUIRED

_T = {int: "integer", float: "number", bool: "boolean", str: "string"}
# path converters: int and float accept digits only (and "." for float)
_CONV = {
    "int": {"type": "integer", "minimum": 0},
    "float": {"type": "number", "minimum": 0},
    "str": {"type": "string", "minLength": 1},
    "path": {"type": "string", "minLength": 1, "format": "path"},  # may hold "/"
}
_REF = "#/components/schemas/"


def _title(name):
    return " ".join(w[:1].upper() + w[1:] for w in name.split("_") if w)


def openapi_path(path):
    # "/items/{item_id:int}" -> "/items/{item_id}"
    out = []
    for s in path.split("/"):
        if len(s) > 2 and s[0] == "{" and s[-1] == "}" and ":" in s:
            s = s[: s.find(":")] + "}"
        out.append(s)
    return "/".join(out)


def _schema(t, default):
    s = {"type": _T.get(t, "string")}
    if default is not REQUIRED and default is not None and type(default) in _T:
        if type(default) is t or (t is float and type(default) is int):
            s["default"] = default
    return s


def _err(desc, ref):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": _REF + ref}}}}


# shared by every operation (the document is serialized, never changed)
_R404 = _err("Not Found", "HTTPError")
_R422 = _err("Validation Error", "HTTPValidationError")


def operation(route, method, op_id, defs=None):
    x = route.extra
    params = []
    body = x.get("request_body")
    rschema = None
    if route.body_fields or route.response_filter is not None:
        # request bodies and response models (bodies.py); their models go to defs
        from . import bodies

        if defs is None:
            defs = {}
        if body is None:
            body = bodies.openapi_request_body(route, method, defs)
        rschema = bodies.openapi_response_schema(route, method, defs)
    for ps in route.param_specs:
        n, where, req = ps["name"], ps["in"], ps["required"]
        if where == "path":
            p = {"name": n, "in": "path", "required": True,
                 "schema": dict(_CONV.get(route.path_params.get(n), _CONV["str"]))}
        elif where == "query":
            p = {"name": n, "in": "query", "required": req,
                 "schema": _schema(ps["type"], REQUIRED if req else ps["default"])}
        else:
            if where == "body" and body is None:
                body = {"required": req,
                        "content": {"application/json": {"schema": x.get("body_schema") or {}}}}
            continue
        if ps.get("description"):
            p["description"] = ps["description"]
        params.append(p)
    op = {"operationId": op_id, "summary": route.summary or _title(route.name)}
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
    if route.path_params:
        res["404"] = _R404
    if params or body is not None:
        res["422"] = _R422
    more = x.get("responses")
    if more:
        for k in more:
            v = more[k]
            if type(v) is str:
                v = _err(v, "HTTPError")
            res[str(k)] = v
    op["responses"] = res
    return op


COMPONENTS = {
    "schemas": {
        "HTTPError": {
            "title": "HTTPError", "type": "object",
            "properties": {"detail": {"title": "Detail"}},
            "required": ["detail"],
        },
        "ValidationError": {
            "title": "ValidationError", "type": "object",
            "properties": {
                "loc": {"title": "Location", "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                "msg": {"title": "Message", "type": "string"},
                "type": {"title": "Error Type", "type": "string"},
                "input": {"title": "Input"},
            },
            "required": ["loc", "msg", "type"],
        },
        "HTTPValidationError": {
            "title": "HTTPValidationError", "type": "object",
            # the framework's errors are a list; HTTPException(422, "text") gives a string
            "properties": {"detail": {"title": "Detail", "anyOf": [
                {"type": "array", "items": {"$ref": _REF + "ValidationError"}}, {"type": "string"}]}},
        },
    }
}


def get_openapi(app):
    paths = {}
    ids = {}
    defs = {}  # models and Body_* schemas the operations refer to
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
            i = r.extra.get("operation_id") or r.name + "_" + m.lower()
            if i in ids:
                ids[i] += 1
                i = "{}_{}".format(i, ids[i])
            else:
                ids[i] = 1
            item[m.lower()] = operation(r, m, i, defs)
    info = {"title": app.title, "version": app.version}
    if getattr(app, "summary", None):
        info["summary"] = app.summary
    if app.description:
        info["description"] = app.description
    info.update(getattr(app, "info_extra", None) or {})
    comps = COMPONENTS
    if defs:
        from .bodies import openapi_defs_cleanup

        schemas = dict(COMPONENTS["schemas"])
        schemas.update(openapi_defs_cleanup(defs))
        comps = {"schemas": schemas}
    # security dependencies (HTTPBasic(), OAuth2PasswordBearer(), ...): their schemes
    schemes = {}
    for r in app.routes:
        for s, scopes in getattr(r, "security", None) or ():
            schemes[s.scheme_name] = s.model
    if schemes:
        comps = dict(comps)
        comps["securitySchemes"] = schemes
    doc = {"openapi": "3.1.0", "info": info, "paths": paths, "components": comps}
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
