"""OpenAPI of request bodies and response models against the real FastAPI:
for the tutorial programs of the body/model/form/file chapters, every
operation's requestBody and 200 answer schema, and components/schemas, must
equal FastAPI 0.165.0's. (Parameters other than bodies are core's and are
compared by the chapters' own /openapi.json requests when they match.)"""
import json
import os
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "fastapi_docs"))
import harness  # noqa: E402

PROGRAMS = [
    "body/tutorial001.py", "body/tutorial002.py", "body/tutorial003.py", "body/tutorial004.py",
    "body_multiple_params/tutorial002.py", "body_multiple_params/tutorial003.py",
    "body_multiple_params/tutorial004.py", "body_multiple_params/tutorial005.py",
    "body_fields/tutorial001.py", "body_fields/tutorial001_non_an.py",
    "body_nested_models/tutorial001.py", "body_nested_models/tutorial002.py", "body_nested_models/tutorial003.py",
    "body_nested_models/tutorial004.py", "body_nested_models/tutorial005.py", "body_nested_models/tutorial006.py",
    "body_nested_models/tutorial007.py", "body_nested_models/tutorial008.py", "body_nested_models/tutorial009.py",
    "schema_extra_example/tutorial001.py", "schema_extra_example/tutorial002.py",
    "schema_extra_example/tutorial003.py", "schema_extra_example/tutorial004.py",
    "schema_extra_example/tutorial005.py",
    "response_model/tutorial001.py", "response_model/tutorial001_01.py", "response_model/tutorial002.py",
    "response_model/tutorial003.py", "response_model/tutorial003_01.py", "response_model/tutorial004.py",
    "response_model/tutorial005.py", "extra_models/tutorial001.py", "extra_models/tutorial002.py",
    "extra_models/tutorial003.py", "extra_models/tutorial004.py",
    "request_forms/tutorial001.py", "request_forms/tutorial002.py",
    "request_files/tutorial001.py", "request_files/tutorial001_02.py", "request_files/tutorial001_03.py",
    "request_files/tutorial002.py", "request_files/tutorial003.py",
    "request_forms_and_files/tutorial001.py", "request_form_models/tutorial001.py",
    "request_form_models/tutorial002.py",
]

CODE = r'''
import sys, json, importlib
root, client, names = sys.argv[1], sys.argv[2], sys.argv[3:]
if client == "fastapi":
    from fastapi.testclient import TestClient
else:
    from microfastapi.testing import TestClient
for i, name in enumerate(names):
    sys.path.insert(0, root + "/e%d" % i)
    try:
        m = importlib.import_module(name)
        d = TestClient(m.app).get("/openapi.json").json()
        out = {}
        for p, v in d["paths"].items():
            for meth, op in v.items():
                out[p + " " + meth] = [op.get("requestBody"), op["responses"].get("200", {}).get("content")]
        s = d.get("components", {}).get("schemas", {})
        for k in ("HTTPValidationError", "ValidationError", "HTTPError"):
            s.pop(k, None)
        out["schemas"] = s
    except Exception as e:
        out = {"error": repr(e)}
    finally:
        sys.path.pop(0)
        sys.modules.pop(name, None)
    print(json.dumps(out))
'''

_RESULTS = {}


def results():
    if not _RESULTS:
        src = harness.docs_src()
        with tempfile.TemporaryDirectory() as d:
            names = []
            for i, program in enumerate(PROGRAMS):
                chapter, name = program.split("/")
                with open(os.path.join(src, chapter, name)) as f:
                    text = f.read()
                os.makedirs(os.path.join(d, "ref", "e%d" % i))
                os.makedirs(os.path.join(d, "ours", "e%d" % i))
                with open(os.path.join(d, "ref", "e%d" % i, name), "w") as f:
                    f.write(text)
                with open(os.path.join(d, "ours", "e%d" % i, name), "w") as f:
                    f.write(harness.rewrite(text))
                names.append(name[:-3])
            for client, sub in (("fastapi", "ref"), ("microfastapi", "ours")):
                env = dict(os.environ)
                env.pop("PYTHONPATH", None)
                if client != "fastapi":
                    env["PYTHONPATH"] = os.path.join(REPO, "modules")
                p = subprocess.run([sys.executable, "-c", CODE, os.path.join(d, sub), client] + names, env=env,
                                   capture_output=True, text=True, timeout=300)
                assert p.returncode == 0, p.stderr[-3000:]
                _RESULTS[client] = [json.loads(x) for x in p.stdout.splitlines() if x.startswith("{")]
    return _RESULTS


@pytest.mark.parametrize("i", range(len(PROGRAMS)), ids=PROGRAMS)
def test_openapi_bodies_like_fastapi(i):
    r = results()
    want, got = r["fastapi"][i], r["microfastapi"][i]
    assert "error" not in want, want
    assert got == want
