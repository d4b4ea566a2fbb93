# FastAPI tutorial, "CORS": app.add_middleware(CORSMiddleware, ...).
_ORIGIN = "https://localhost.tiangolo.com"
_H = ["access-control-allow-origin", "access-control-allow-headers", "access-control-allow-methods",
      "access-control-allow-credentials", "vary"]
_ALL = {
    "cors/tutorial001.py": [
        {"method": "OPTIONS", "url": "/", "headers": {"Origin": _ORIGIN, "Access-Control-Request-Method": "GET",
                                                     "Access-Control-Request-Headers": "X-Example"},
         "compare_headers": _H},
        {"method": "GET", "url": "/", "headers": {"Origin": _ORIGIN}, "compare_headers": _H},
        {"method": "GET", "url": "/", "compare_headers": _H},
        {"method": "OPTIONS", "url": "/", "headers": {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
         "compare_headers": _H},
        {"method": "GET", "url": "/", "headers": {"Origin": "https://evil.example"}, "compare_headers": _H},
    ],
}

EXAMPLES = _ALL
