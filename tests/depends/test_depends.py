"""Depends, APIRouter, lifespan, background tasks, middleware, errors, security
and the test client (cases.py), on CPython and inside the host twin."""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "framework"))
from conftest import run_on_twin  # noqa: E402

sys.path.remove(os.path.join(REPO, "tests", "framework"))


def _results(out):
    res = {}
    for line in out.splitlines():
        if line.startswith("OK "):
            res[line[3:]] = None
        elif line.startswith("FAIL "):
            name, _, why = line[5:].partition(": ")
            res[name] = why
    return res


def _names():
    src = open(os.path.join(HERE, "cases.py")).read()
    return [ln.split("(")[0][4:] for i, ln in enumerate(src.splitlines())
            if ln.startswith("def ") and src.splitlines()[i - 1] == "@case"]


NAMES = _names()


@pytest.fixture(scope="module")
def cpython():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(REPO, "modules")
    p = subprocess.run([sys.executable, os.path.join(HERE, "cases.py"), "-v"], capture_output=True, text=True,
                       env=env, timeout=300, cwd=HERE)
    assert "DONE" in p.stdout, p.stdout[-3000:] + p.stderr[-3000:]
    return _results(p.stdout), p.stdout + p.stderr


@pytest.fixture(scope="module")
def twin():
    p = run_on_twin([os.path.join(HERE, "cases.py"), "-v"], timeout=300)
    assert "DONE" in p.stdout, p.stdout[-3000:] + p.stderr[-3000:]
    return _results(p.stdout), p.stdout + p.stderr


@pytest.mark.parametrize("name", NAMES)
def test_cpython(cpython, name):
    res, out = cpython
    assert name in res, "case did not run:\n" + out[-2000:]
    assert res[name] is None, res[name]


@pytest.mark.parametrize("name", NAMES)
def test_twin(twin, name):
    res, out = twin
    assert name in res, "case did not run:\n" + out[-2000:]
    assert res[name] is None, res[name]
