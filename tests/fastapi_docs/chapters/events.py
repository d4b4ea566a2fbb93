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

EXAMPLES = _ALL
