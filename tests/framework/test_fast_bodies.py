"""JSON model bodies (Body(Model), several bodies, embed=True, invalid JSON,
422s with path and query errors), plain dependencies, and both together are answered by the
synchronous fast path with the bytes of the reference path (dispatch() +
send()), on CPython and the twin (fast_bodies_runner.py)."""
import os
import subprocess
import sys
from binascii import unhexlify

import pytest

from conftest import HERE, MODULES, run_on_twin

RUNNER = os.path.join(HERE, "fast_bodies_runner.py")


@pytest.mark.parametrize("where", ["cpython", "twin"])
def test_bodies_and_dependencies_on_the_fast_path(where):
    if where == "cpython":
        p = subprocess.run([sys.executable, RUNNER], env=dict(os.environ, PYTHONPATH=MODULES), capture_output=True,
                           text=True, timeout=120)
    else:
        p = run_on_twin([RUNNER], heap="16M")
    assert p.returncode == 0 and "DONE" in p.stdout, p.stdout[-2000:] + p.stderr[-2000:]
    cases = [ln.split(" ") for ln in p.stdout.splitlines() if ln.startswith("CASE ")]
    assert len(cases) == 18
    bad = [(c[1], c[2], c[3], c[4], unhexlify(c[5])[-300:], unhexlify(c[6])[-300:])
           for c in cases if c[3] != "fast" or c[4] != "same"]
    assert bad == []
    statuses = [unhexlify(c[6])[9:12].decode() for c in cases]
    assert statuses == ["200", "422", "422", "422", "422", "422", "200", "422", "200", "422", "200", "422", "400",
                        "200", "422", "400", "200", "422"]
