# FastAPI tutorial: Request Forms and Files (docs_src/request_forms_and_files)
_R = [
    {"method": "POST", "url": "/files/", "data": {"token": "foo"},
     "files": {"file": ["a.txt", "<file content>", "text/plain"], "fileb": ["b.txt", "<another file content>", "text/plain"]}},
    {"method": "POST", "url": "/files/", "data": {"token": "foo"}},
    {"method": "POST", "url": "/files/", "files": {"file": ["a.txt", "x", "text/plain"], "fileb": ["b.txt", "y", "image/png"]}},
    {"method": "POST", "url": "/files/"},
    {"method": "POST", "url": "/files/", "json": {"token": "foo"}},
]

EXAMPLES = {
    "request_forms_and_files/tutorial001.py": _R,
    "request_forms_and_files/tutorial001_non_an.py": _R,
}
