"""Pydantic's AfterValidator in Annotated (FastAPI's query_params_str_validations
tutorial015 uses it): on a path parameter and on model fields, a ValueError
or an AssertionError from the check is a 422 item as Pydantic writes it. The
same program through the real FastAPI and through MicroFastApi on CPython and
the twin."""
import json
import os
import subprocess
import sys
import tempfile

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))  # tests/: hosts.py
from hosts import twin_binary  # noqa: E402

PROGRAM = '''
import json
from typing import Annotated
IMPORTS
def even(v):
    if v % 2:
        raise ValueError("must be even")
    return v * 10

def upper(s):
    assert s.isupper(), "not upper"
    return s

class M(BaseModel):
    n: Annotated[int, AfterValidator(even)]
    s: Annotated[str, AfterValidator(upper)] = "X"

app = FastAPI()

@app.get("/p/{n}")
def p(n: Annotated[int, AfterValidator(even)]):
    return {"n": n}

@app.post("/m")
def m(body: M):
    return body

c = TestClient(app)
for r in (c.get("/p/4"), c.get("/p/3"), c.get("/p/x"), c.post("/m", json={"n": 2, "s": "AB"}),
          c.post("/m", json={"n": 3, "s": "ab"}), c.post("/m", json={"n": 4})):
    print("R " + json.dumps({"status": r.status_code, "body": r.json()}))
'''
FASTAPI = ("from fastapi import FastAPI\nfrom pydantic import AfterValidator, BaseModel\n"
           "from fastapi.testclient import TestClient\n")
OURS = "from microfastapi import FastAPI, AfterValidator, BaseModel\nfrom microfastapi.testclient import TestClient\n"


def run(cmd, imports, env):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "prog.py"), "w") as f:
            f.write(PROGRAM.replace("IMPORTS", imports))
        p = subprocess.run(cmd + ["prog.py"], cwd=d, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    return [json.loads(line[2:]) for line in p.stdout.splitlines() if line.startswith("R ")]


def test_after_validator_as_fastapi():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("MICROPYPATH", None)
    ref = run([sys.executable], FASTAPI, env)
    assert [r["status"] for r in ref] == [200, 422, 422, 200, 422, 200]
    ours_cpython = run([sys.executable], OURS, dict(env, PYTHONPATH=harness.MODULES))
    ours_twin = run([twin_binary()], OURS, env)
    assert ours_cpython == ref
    assert ours_twin == ref  # (== on dicts: key order does not matter)
