"""CORSMiddleware header by header against Starlette's: cors_matrix.py (8
configurations x 23 requests: simple and preflight requests, allowed and
refused origins, methods and headers, allow_credentials with "*" origins, an
origin regex with alternatives, private network, expose_headers, max_age, a
response with its own Vary, 404/418 answers) through the real Starlette
(FastAPI) on CPython, and through MicroFastApi on CPython and the twin. The
status, body, every Access-Control-* header, Vary and Content-Type must be
Starlette's."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: hosts.py
from hosts import REPO, run_on_twin  # noqa: E402
MATRIX = os.path.join(HERE, "cors_matrix.py")
# request 10 is OPTIONS without Access-Control-Request-Method (no preflight):
# Starlette's app answers 405, MicroFastApi answers OPTIONS on every path with
# 204 and Allow (README, Routing: a documented difference); the CORS headers
# on it are Starlette's all the same
OPTIONS_NO_PREFLIGHT = 10


def _answers(out):
    assert out.rstrip().endswith("DONE"), out[-2000:]
    res = {}
    for line in out.splitlines():
        if line.startswith("R "):
            d = json.loads(line[2:])
            a = d["answer"]
            if a.get("content-type", "").startswith("application/json"):
                a["text"] = json.loads(a["text"])
            res[(d["config"], d["request"])] = a
    return res


@pytest.fixture(scope="module")
def starlette():
    p = subprocess.run([sys.executable, MATRIX, "fastapi"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    return _answers(p.stdout)


def _compare(ref, ours):
    assert len(ref) == 8 * 23 and set(ours) == set(ref)
    bad = []
    for k in sorted(ref):
        want, got = dict(ref[k]), dict(ours[k])
        if k[1] == OPTIONS_NO_PREFLIGHT:
            assert want["status"] == 405 and got["status"] == 204 and got["text"] == "", got
            for a in (want, got):
                for h in ("status", "text", "content-type"):
                    a.pop(h, None)
        if got != want:
            bad.append("config {} request {}:\n  Starlette: {}\n  ours:      {}".format(k[0], k[1], want, got))
    assert not bad, "\n".join(bad)


def test_cors_as_starlette_on_cpython(starlette):
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "modules"))
    p = subprocess.run([sys.executable, MATRIX, "microfastapi"], capture_output=True, text=True, timeout=300,
                       env=env)
    assert p.returncode == 0, p.stderr[-2000:]
    _compare(starlette, _answers(p.stdout))


def test_cors_as_starlette_on_the_twin(starlette):
    p = run_on_twin([MATRIX, "microfastapi"], timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    _compare(starlette, _answers(p.stdout))
