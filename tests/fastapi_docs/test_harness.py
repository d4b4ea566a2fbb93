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
    assert ref[("first_steps/tutorial001.py", 0)] == {"status": 200, "ctype": "application/json", "body": {"message": "Hello World"}}
    assert ref[("first_steps/tutorial001.py", 1)] == {"status": 405, "ctype": "application/json", "body": {"detail": "Method Not Allowed"}}


def test_each_program_gets_its_own_modules(tmp_path, monkeypatch):
    # two programs with the same module name, one after the other in one run
    for chapter, answer in (("a", 1), ("b", 2)):
        (tmp_path / chapter).mkdir()
        (tmp_path / chapter / "tutorial001.py").write_text(
            "from fastapi import FastAPI\napp = FastAPI()\n\n\n@app.get('/')\n"
            "def root():\n    return {{'program': {}}}\n".format(answer))
    monkeypatch.setattr(harness, "docs_src", lambda: str(tmp_path))
    examples = {"a/tutorial001.py": [{"method": "GET", "url": "/"}],
                "b/tutorial001.py": [{"method": "GET", "url": "/"}]}
    ref = harness.run_cpython(examples, "fastapi")
    assert ref[("a/tutorial001.py", 0)]["body"] == {"program": 1}
    assert ref[("b/tutorial001.py", 0)]["body"] == {"program": 2}
