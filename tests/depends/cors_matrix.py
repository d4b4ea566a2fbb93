# CORSMiddleware configurations x requests, run by test_cors_vs_starlette.py
# through the real Starlette (FastAPI) on CPython, and through MicroFastApi on
# CPython and the twin. Written for both: FW names the framework to import.
# Prints one line per request: "R <json>".
import json

try:
    FW  # noqa: F821 (set by whoever runs this file)
except NameError:
    import sys

    FW = sys.argv[1]
if FW == "fastapi":
    from fastapi import FastAPI, HTTPException, Response
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.testclient import TestClient
else:
    from microfastapi import FastAPI, HTTPException, Response
    from microfastapi.middleware.cors import CORSMiddleware
    from microfastapi.testclient import TestClient

A = "https://a.example"
EVIL = "https://evil.example"
CONFIGS = [
    {"allow_origins": [A]},
    {"allow_origins": ["*"]},
    {"allow_origins": ["*"], "allow_credentials": True},
    {"allow_origins": [A], "allow_methods": ["*"], "allow_headers": ["*"], "allow_credentials": True,
     "expose_headers": ["X-Total", "X-Page"], "max_age": 60},
    {"allow_origin_regex": r"https://.*\.example\.org", "allow_methods": ["GET", "POST"], "allow_headers": ["X-Token"]},
    # an alternation: the whole origin must match one of them (Starlette: fullmatch)
    {"allow_origin_regex": r"https://a\.example|https://b\.example", "allow_methods": ["GET", "PUT"]},
    {"allow_origins": [A], "allow_private_network": True, "allow_headers": ["x-token", "X-Other"]},
    {"allow_origins": ["*"], "allow_headers": ["*"], "allow_methods": ["*"]},
]


def pre(origin, method, headers=None, **extra):
    h = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        h["Access-Control-Request-Headers"] = headers
    h.update(extra)
    return ("OPTIONS", "/", h)


REQUESTS = [
    ("GET", "/", {}),
    ("GET", "/", {"Origin": A}),
    ("GET", "/", {"Origin": EVIL}),
    ("GET", "/", {"Origin": "https://sub.example.org"}),
    ("GET", "/", {"Origin": "https://b.example.evil"}),
    ("GET", "/vary", {"Origin": A}),
    ("GET", "/vary", {"Origin": EVIL}),
    ("POST", "/", {"Origin": A}),
    ("GET", "/missing", {"Origin": A}),
    ("GET", "/teapot", {"Origin": A}),
    ("OPTIONS", "/", {"Origin": A}),
    pre(A, "GET"),
    pre(A, "POST", "X-Token, Content-Type"),
    pre(A, "PUT", "x-token,x-other"),
    pre(A, "DELETE", "X-Unknown"),
    pre(A, "GET", "accept, content-language"),
    pre(EVIL, "GET"),
    pre(EVIL, "PATCH", "X-Token"),
    pre("https://sub.example.org", "POST", "X-Token"),
    pre("https://x.example.org.evil.com", "GET"),
    pre("https://b.example", "PUT"),
    pre("https://a.example.evil", "GET"),
    pre(A, "GET", None, **{"Access-Control-Request-Private-Network": "true"}),
]
SHOWN = ("access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
         "access-control-allow-credentials", "access-control-expose-headers", "access-control-max-age",
         "access-control-allow-private-network", "vary", "content-type")


def make_app(config):
    app = FastAPI()

    @app.get("/")
    def root():
        return {"hello": "world"}

    @app.post("/")
    def post():
        return {"posted": True}

    @app.get("/vary")
    def vary():
        return Response("gz", media_type="text/plain", headers={"Vary": "Accept-Encoding"})

    @app.get("/teapot")
    def teapot():
        raise HTTPException(status_code=418, detail="teapot", headers={"X-Why": "tea"})

    app.add_middleware(CORSMiddleware, **config)
    return app


def run():
    for i, config in enumerate(CONFIGS):
        client = TestClient(make_app(config))
        for j, (method, url, headers) in enumerate(REQUESTS):
            r = client.request(method, url, headers=headers)
            got = {"status": r.status_code, "text": r.text}
            for h in SHOWN:
                v = r.headers.get(h)
                if v is not None:
                    got[h] = v
            print("R " + json.dumps({"config": i, "request": j, "answer": got}))
    print("DONE")


run()
