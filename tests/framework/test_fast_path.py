"""The synchronous fast path gives the same bytes as dispatch() + send(), on
CPython and inside the twin (see fast_runner.py)."""
import json
import os
import subprocess
import sys

import pytest

from conftest import HERE, MODULES, run_on_twin

RUNNER = os.path.join(HERE, "fast_runner.py")


def _result(p):
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")]
    assert line, p.stdout[-2000:]
    return json.loads(line[-1][7:])


def _cpython(mode):
    env = dict(os.environ, PYTHONPATH=MODULES)
    return _result(subprocess.run([sys.executable, RUNNER, HERE, mode], env=env, capture_output=True,
                                  text=True, timeout=120))


@pytest.mark.parametrize("where", ["cpython", "twin"])
def test_fast_path_same_bytes(where):
    if where == "cpython":
        fast, ref = _cpython("fast"), _cpython("ref")
    else:
        fast = _result(run_on_twin([RUNNER, HERE, "fast"], heap="16M"))
        ref = _result(run_on_twin([RUNNER, HERE, "ref"], heap="16M"))
    assert fast["taken"] > 150  # the fast path answered most cases itself
    diff = [k for k in ref["out"] if fast["out"].get(k) != ref["out"][k]]
    assert diff == [], [(k, bytes.fromhex(fast["out"][k])[:300], bytes.fromhex(ref["out"][k])[:300]) for k in diff[:3]]
