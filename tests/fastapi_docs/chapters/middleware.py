# FastAPI tutorial, "Middleware": @app.middleware("http") with call_next.
# tutorial001 times the request with time.perf_counter(), which MicroPython's
# time module lacks: on the MicroPython builds the frozen firmware/pylib/time.py
# extends the built-in time module with it (see there). The header's value is
# a time: its presence is compared. The program has no route: FastAPI's 404
# goes through the middleware too.
EXAMPLES = {
    "middleware/tutorial001.py": [
        {"method": "GET", "url": "/", "present_headers": ["x-process-time"]},
        {"method": "GET", "url": "/items/", "present_headers": ["x-process-time"]},
    ],
}
