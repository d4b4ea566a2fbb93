# Behaviour cases shared by the server tests (httpx), the CPython TestClient
# tests and the TestClient run inside the twin. Plain data, imports nowhere.
# Each: (id, method, path, headers, body, expected) with expected keys:
#   status, json, json_sub (dict subset), text, headers (exact), has (header names),
#   lacks (header names), body (exact str), len (body length)
JS = {"content-type": "application/json"}

CASES = [
    ("index", "GET", "/", {}, None, {"status": 200, "json": {"Hello": "World"}, "headers": {"content-type": "application/json", "x-after": "1"}}),
    ("item", "GET", "/items/5?q=x", {}, None, {"status": 200, "json": {"item_id": 5, "q": "x"}}),
    ("item_noq", "GET", "/items/42", {}, None, {"status": 200, "json": {"item_id": 42, "q": None}}),
    ("item_notint", "GET", "/items/abc", {}, None, {"status": 404}),
    ("sensors", "GET", "/sensors/?userId=7", {}, None, {"status": 200, "json": {"sensor data for userId": 7}}),
    ("sensors_none", "GET", "/sensors/", {}, None, {"status": 200, "json": {"sensor data for userId": None}}),
    ("sensors_bad", "GET", "/sensors/?userId=x", {}, None, {"status": 422, "json": {"detail": [{"type": "int_parsing", "loc": ["query", "userId"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"}]}}),
    ("sensors_slash", "GET", "/sensors?userId=3", {}, None, {"status": 307, "headers": {"location": "/sensors/?userId=3"}}),
    ("create", "POST", "/items", JS, '{"name": "x", "n": 1}', {"status": 201, "json": {"name": "x", "n": 1}}),
    ("create_noname", "POST", "/items", JS, '{"n": 1}', {"status": 422, "json": {"detail": "name is required"}}),
    ("create_badjson", "POST", "/items", JS, '{"n": ', {"status": 422, "json_sub": {}}),
    ("create_nobody", "POST", "/items", JS, "", {"status": 422}),
    ("put", "PUT", "/items/3", JS, '{"a": 1}', {"status": 200, "json": {"item_id": 3, "body": {"a": 1}}}),
    ("patch", "PATCH", "/items/3", JS, '[1, 2]', {"status": 200, "json": {"patched": 3, "body": [1, 2]}}),
    ("delete", "DELETE", "/items/3", {}, None, {"status": 204, "body": ""}),
    ("typed", "GET", "/typed?n=7&f=2.5&flag=true&s=hi", {}, None, {"status": 200, "json": {"n": 7, "f": 2.5, "flag": True, "s": "hi"}}),
    ("typed_default", "GET", "/typed", {}, None, {"status": 200, "json": {"n": 5, "f": 1.5, "flag": False, "s": "x"}}),
    ("typed_bad", "GET", "/typed?n=x&flag=maybe", {}, None, {"status": 422, "json": {"detail": [
        {"type": "int_parsing", "loc": ["query", "n"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"},
        {"type": "bool_parsing", "loc": ["query", "flag"], "msg": "Input should be a valid boolean, unable to interpret input", "input": "maybe"}]}}),
    ("required_missing", "GET", "/required", {}, None, {"status": 422, "json": {"detail": [{"type": "missing", "loc": ["query", "need"], "msg": "Field required", "input": None}]}}),
    ("required_alias", "GET", "/required?need=1&other=o%20k", {}, None, {"status": 200, "json": {"need": 1, "other": "o k"}}),
    ("query_plus", "GET", "/items/1?q=a+b%26c", {}, None, {"status": 200, "json": {"item_id": 1, "q": "a b&c"}}),
    ("float", "GET", "/float/2.5", {}, None, {"status": 200, "json": {"x": 2.5}}),
    ("seg_pct", "GET", "/seg/a%2Fb%20c", {}, None, {"status": 200, "json": {"s": "a/b c"}}),
    ("seg_utf8", "GET", "/seg/%C3%A9", {}, None, {"status": 200, "json": {"s": "\u00e9"}}),
    ("seg_badutf8", "GET", "/seg/%FF", {}, None, {"status": 400}),
    ("path_conv", "GET", "/files/a/b/c.txt", {}, None, {"status": 200, "json": {"p": "a/b/c.txt"}}),
    ("not_found", "GET", "/nope", {}, None, {"status": 404, "json": {"detail": "Not Found", "path": "/nope"}}),
    ("method_not_allowed", "POST", "/", JS, "{}", {"status": 405, "headers": {"allow": "GET, HEAD, OPTIONS"}}),
    ("method_not_allowed_items", "GET", "/items", {}, None, {"status": 405, "headers": {"allow": "OPTIONS, POST"}}),
    ("head", "HEAD", "/", {}, None, {"status": 200, "body": "", "headers": {"content-length": "18"}}),
    ("options", "OPTIONS", "/items/1", {}, None, {"status": 204, "headers": {"allow": "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"}}),
    ("req", "GET", "/req?a=1&b=%C3%A9", {"User-Agent": "ua/1", "Cookie": "a=1; b=two"}, None, {"status": 200, "json_sub": {"method": "GET", "path": "/req", "query": {"a": "1", "b": "\u00e9"}, "ua": "ua/1", "cookies": {"a": "1", "b": "two"}}}),
    ("echo", "POST", "/echo", {"Content-Type": "text/plain"}, "hello body", {"status": 200, "json": {"len": 10, "text": "hello body"}}),
    ("form", "POST", "/form", {"Content-Type": "application/x-www-form-urlencoded"}, "a=1&b=x+y", {"status": 200, "json": {"a": "1", "b": "x y"}}),
    ("json_req", "POST", "/json", JS, '{"k": [1]}', {"status": 200, "json": {"got": {"k": [1]}}}),
    ("text", "GET", "/text", {}, None, {"status": 200, "text": "plain text", "headers": {"content-type": "text/plain; charset=utf-8"}}),
    ("html", "GET", "/html", {}, None, {"status": 200, "text": "<h1>hi</h1>", "headers": {"content-type": "text/html; charset=utf-8"}}),
    ("html2", "GET", "/html2", {}, None, {"status": 200, "text": "<p>x</p>", "headers": {"content-type": "text/html"}}),
    ("bytes", "GET", "/bytes", {}, None, {"status": 200, "len": 3, "headers": {"content-type": "application/octet-stream"}}),
    # FastAPI's rule: None is JSON null (a 204 needs status_code=204, as "delete")
    ("none", "GET", "/none", {}, None, {"status": 200, "body": "null", "headers": {"content-type": "application/json"}}),
    ("tuple", "GET", "/tuple", {}, None, {"status": 202, "json": {"a": 1}, "headers": {"x-extra": "yes"}}),
    # a str is a JSON string (FastAPI's rule), with the tuple's status
    ("tuple2", "GET", "/tuple2", {}, None, {"status": 201, "json": "made"}),
    ("str_json", "GET", "/str", {}, None, {"status": 200, "json": "plumbus", "headers": {"content-type": "application/json"}}),
    ("csv", "GET", "/csv", {}, None, {"status": 200, "text": "a,b\n1,2\n", "headers": {"content-type": "text/csv", "x-kind": "csv"}}),
    ("redirect", "GET", "/redirect", {}, None, {"status": 307, "headers": {"location": "/"}}),
    ("file", "GET", "/file", {}, None, {"status": 200, "text": "hello file\n", "headers": {"content-type": "text/plain; charset=utf-8", "content-length": "11"}}),
    ("file_gz", "GET", "/app.js", {"Accept-Encoding": "gzip, deflate"}, None, {"status": 200, "headers": {"content-encoding": "gzip", "content-type": "application/javascript"}}),
    ("file_plain", "GET", "/app.js", {"Accept-Encoding": "identity"}, None, {"status": 200, "len": 1100, "lacks": ["content-encoding"]}),
    ("file_big", "GET", "/big", {}, None, {"status": 200, "len": 10240, "headers": {"content-length": "10240"}}),
    ("file_missing", "GET", "/missing", {}, None, {"status": 404}),
    ("stream", "GET", "/stream", {}, None, {"status": 200, "text": "chunk0;chunk1;chunk2;", "headers": {"transfer-encoding": "chunked"}}),
    ("stream2", "GET", "/stream2", {}, None, {"status": 200, "text": "ab"}),
    ("badheader", "GET", "/badheader", {}, None, {"status": 500, "lacks": ["set-cookie", "x-bad"]}),
    ("boom", "GET", "/boom", {}, None, {"status": 500, "text": "Internal Server Error", "headers": {"content-type": "text/plain; charset=utf-8"}}),
    ("teapot", "GET", "/teapot", {}, None, {"status": 418, "json": {"detail": "short and stout"}, "headers": {"x-tea": "yes"}}),
    ("conflict", "GET", "/conflict", {}, None, {"status": 409, "json": {"detail": "conflict", "what": "taken"}}),
    ("blocked", "GET", "/", {"X-Block": "1"}, None, {"status": 403, "text": "blocked"}),
    ("setcookie", "GET", "/setcookie", {}, None, {"status": 200, "headers": {"set-cookie": "session=abc; Path=/; HttpOnly; SameSite=lax"}}),
    ("cors", "GET", "/", {"Origin": "http://example.com"}, None, {"status": 200, "headers": {"access-control-allow-origin": "http://example.com"}}),
    ("cors_other", "GET", "/", {"Origin": "http://evil.com"}, None, {"status": 200, "lacks": ["access-control-allow-origin"]}),
    ("cors_preflight", "OPTIONS", "/items", {"Origin": "http://example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}, None,
     {"status": 204, "headers": {"access-control-allow-origin": "http://example.com", "access-control-allow-headers": "content-type"}}),
    ("slow", "GET", "/slow", {}, None, {"status": 200, "json": {"slow": True}}),
    ("multi_get", "GET", "/multi", {}, None, {"status": 200, "json": {"method": "GET"}}),
    ("multi_post", "POST", "/multi", {}, "", {"status": 200, "json": {"method": "POST"}}),
    ("named", "GET", "/named?q=z", {}, None, {"status": 200, "json": {"q": "z"}}),
    ("many_routes_dyn", "GET", "/r39/v", {}, None, {"status": 200, "json": {"n": 39, "v": "v"}}),
    ("many_routes_static", "GET", "/s17?v=w", {}, None, {"status": 200, "json": {"n": 17, "v": "w"}}),
]


def check(exp, status, headers, body):
    """headers: dict with lower-case names; body: bytes. Returns a list of problems."""
    import json

    bad = []
    if status != exp["status"]:
        bad.append("status {} != {}".format(status, exp["status"]))
    if "json" in exp or "json_sub" in exp:
        try:
            got = json.loads(body)
        except Exception:
            got = "<not json: {!r}>".format(body[:80])
        if "json" in exp and got != exp["json"]:
            bad.append("json {!r} != {!r}".format(got, exp["json"]))
        if "json_sub" in exp:
            for k in exp["json_sub"]:
                if not isinstance(got, dict) or got.get(k) != exp["json_sub"][k]:
                    bad.append("json[{}] {!r} != {!r}".format(k, got.get(k) if isinstance(got, dict) else got, exp["json_sub"][k]))
    if "text" in exp and body.decode() != exp["text"]:
        bad.append("text {!r} != {!r}".format(body, exp["text"]))
    if "body" in exp and body.decode() != exp["body"]:
        bad.append("body {!r} != {!r}".format(body, exp["body"]))
    if "len" in exp and len(body) != exp["len"]:
        bad.append("len {} != {}".format(len(body), exp["len"]))
    for k in exp.get("headers", {}):
        if headers.get(k) != exp["headers"][k]:
            bad.append("header {} {!r} != {!r}".format(k, headers.get(k), exp["headers"][k]))
    for k in exp.get("has", []):
        if k not in headers:
            bad.append("header {} missing".format(k))
    for k in exp.get("lacks", []):
        if k in headers:
            bad.append("header {} present".format(k))
    return bad
