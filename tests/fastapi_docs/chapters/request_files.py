# FastAPI tutorial: Request Files (docs_src/request_files)
_ONE = [
    {"method": "POST", "url": "/files/", "files": {"file": ["test.txt", "<file content>", "text/plain"]}},
    {"method": "POST", "url": "/files/"},
    {"method": "POST", "url": "/uploadfile/", "files": {"file": ["test.txt", "<file content>", "text/plain"]}},
    {"method": "POST", "url": "/uploadfile/", "files": {"file": ["main.py", "x" * 5000, "text/x-python"]}},
    {"method": "POST", "url": "/uploadfile/"},
    {"method": "POST", "url": "/uploadfile/", "data": {"file": "not a file"}},
]
_OPTIONAL = [
    {"method": "POST", "url": "/files/", "files": {"file": ["test.txt", "<file content>", "text/plain"]}},
    {"method": "POST", "url": "/files/"},
    {"method": "POST", "url": "/uploadfile/", "files": {"file": ["test.txt", "<file content>", "text/plain"]}},
    {"method": "POST", "url": "/uploadfile/"},
]
_MANY = [
    {"method": "POST", "url": "/files/", "files": {"files": [["a.txt", "<file content>", "text/plain"],
                                                             ["b.txt", "<another file content>", "text/plain"]]}},
    {"method": "POST", "url": "/uploadfiles/", "files": {"files": [["a.txt", "<file content>", "text/plain"],
                                                                   ["b.txt", "<another file content>", "text/plain"]]}},
    {"method": "POST", "url": "/uploadfiles/", "files": {"files": ["only.txt", "one", "text/plain"]}},
    {"method": "POST", "url": "/files/"},
    {"method": "POST", "url": "/uploadfiles/"},
    {"method": "GET", "url": "/"},
]

EXAMPLES = {
    "request_files/tutorial001.py": _ONE,
    "request_files/tutorial001_non_an.py": _ONE,
    "request_files/tutorial001_02.py": _OPTIONAL,
    "request_files/tutorial001_02_non_an.py": _OPTIONAL,
    "request_files/tutorial001_03.py": _ONE,
    "request_files/tutorial001_03_non_an.py": _ONE,
    "request_files/tutorial002.py": _MANY,
    "request_files/tutorial002_non_an.py": _MANY,
    "request_files/tutorial003.py": _MANY,
    "request_files/tutorial003_non_an.py": _MANY,
}
