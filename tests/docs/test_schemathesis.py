"""schemathesis against the examples (crud above all) on the host twin, from the app's own
/openapi.json: no server error, no response outside its documented schema or
content type, no crash. Bounded: 30 examples per operation, a fixed seed
(MFA_ST_SEED overrides), a time limit on the whole run."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from docs_helpers import EXAMPLES, MY_EXAMPLES, serve

CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance,response_headers_conformance"


def st_command():
    exe = shutil.which("st") or shutil.which("schemathesis")
    if exe:
        return [exe]
    return [sys.executable, "-m", "schemathesis.cli"]


@pytest.mark.parametrize("name", MY_EXAMPLES)
def test_schemathesis_on_twin(name):
    with serve(os.path.join(EXAMPLES, name + ".py")) as s, tempfile.TemporaryDirectory() as cwd:
        doc = json.loads(s.get("/openapi.json")[2])
        n_ops = sum(len(item) for item in doc["paths"].values())
        cmd = st_command() + [
            "run", s.base + "/openapi.json",
            "--checks", CHECKS,
            "--max-examples", "30",
            "--seed", os.environ.get("MFA_ST_SEED", "20261125"),
            "--generation-database", "none",
            "--workers", "1",
            "--request-timeout", "5",
            "--no-color",
        ]
        env = dict(os.environ, SCHEMATHESIS_HOOKS="", NO_COLOR="1")
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
        out = p.stdout + p.stderr
        assert p.returncode == 0, out[-6000:] + "\n--- server log ---\n" + s.log()[-3000:]
        assert "No issues found" in out, out[-3000:]
        assert "Tested: {}".format(n_ops) in out, out[-3000:]  # every operation in the document was exercised
        assert s.proc.poll() is None, "the twin died:\n" + s.log()
        assert "Traceback" not in s.log(), s.log()
