"""The harness itself: imports are the only thing rewritten, and the reference
(the real FastAPI, pinned) answers the replayed requests."""
import harness


def test_rewrite_changes_only_import_lines():
    src = ("from fastapi import FastAPI, Query\n"
           "from fastapi.responses import HTMLResponse\n"
           "from pydantic import BaseModel\n"
           "from starlette.exceptions import HTTPException as StarletteHTTPException\n"
           "import fastapi\n"
           "x = 'from fastapi import y'  # fastapi\n"
           "    from fastapi.testclient import TestClient\n")
    assert harness.rewrite(src) == (
        "from microfastapi import FastAPI, Query\n"
        "from microfastapi.responses import HTMLResponse\n"
        "from microfastapi import BaseModel\n"
        "from microfastapi.exceptions import HTTPException as StarletteHTTPException\n"
        "import microfastapi\n"
        "x = 'from fastapi import y'  # fastapi\n"
        "    from microfastapi.testclient import TestClient\n")


def test_reference_is_the_real_fastapi():
    examples = {"first_steps/tutorial001.py": [{"method": "GET", "url": "/"},
                                               {"method": "POST", "url": "/"}]}
    ref = harness.run_cpython(examples, "fastapi")
    assert ref[(0, 0)] == {"status": 200, "ctype": "application/json", "body": {"message": "Hello World"}}
    assert ref[(0, 1)] == {"status": 405, "ctype": "application/json", "body": {"detail": "Method Not Allowed"}}
