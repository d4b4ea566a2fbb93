# FastAPI tutorial, "Lifespan Events": on_event("startup"/"shutdown") and
# lifespan= (an asynccontextmanager). The harness enters the client with
# `with TestClient(app)`, which runs the startup, and leaves it (shutdown).
_ALL = {
    "events/tutorial001.py": [{"method": "GET", "url": "/items/foo"}, {"method": "GET", "url": "/items/bar"}],
    "events/tutorial002.py": [{"method": "GET", "url": "/items/"}],
    "events/tutorial003.py": [{"method": "GET", "url": "/predict", "params": {"x": 2}},
                              {"method": "GET", "url": "/predict?x=0.5"},
                              {"method": "GET", "url": "/predict?x=nan-ish"}],
}

# Programs not replayed yet, with what they need (they fail on CPython too).
NOT_YET = {
}
EXAMPLES = {k: v for k, v in _ALL.items() if k not in NOT_YET}
# Programs that answer as FastAPI on CPython but cannot run on MicroPython yet (or at all)
MICROPYTHON_UNSUPPORTED = {
    'events/tutorial003.py': "x: float without a default is read from the annotation: annotations: MicroPython keeps none without the firmware's annotations patch and typing module (annot); passes on CPython",
}
