# FastAPI tutorial: First Steps (docs_src/first_steps)
_R = [{"method": "GET", "url": "/"}, {"method": "GET", "url": "/nothing"}, {"method": "GET", "url": "/openapi.json"}]
EXAMPLES = {
    "first_steps/tutorial001.py": _R,
    "first_steps/tutorial003.py": _R,
}
