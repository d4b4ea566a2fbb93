"""Issue 10, item 7: unknown keywords raise TypeError at the call everywhere in
the public API (app, route decorators, Route, Path/Query/Header/Cookie), on
CPython and on the twin (keyword_checks.py does the checks and prints them)."""
import os
import subprocess
import sys

import pytest

from conftest import run_on_twin

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "keyword_checks.py")
MODULES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "modules")


def _check(out):
    lines = out.splitlines()
    assert lines and lines[-1] == "OK", out
    checks = lines[:-1]
    assert len(checks) == 12, out
    for line in checks:
        assert line.startswith("TypeError "), line
    # the message names the keyword
    assert any("summry" in line for line in checks) and any("titel" in line for line in checks), out


@pytest.mark.parametrize("where", ["cpython", "twin"])
def test_unknown_keywords_are_type_errors(where):
    if where == "cpython":
        p = subprocess.run([sys.executable, SCRIPT], env=dict(os.environ, PYTHONPATH=MODULES),
                           capture_output=True, text=True, timeout=60)
    else:
        p = run_on_twin([SCRIPT])
    assert p.returncode == 0, p.stdout + p.stderr
    _check(p.stdout)
