"""TestClient.websocket_connect, Starlette's API, on CPython and the twin: the
server's own connection handler over in-memory pipes (same code as sockets)."""
import json
import os
import subprocess
import sys

import pytest

from rt_helpers import HERE, MODULES, twin_run

SCRIPT = os.path.join(HERE, "tc_script.py")
APPS = os.path.join(HERE, "apps")
WANT = {
    "echo": ["hello", [0, 255], "h\u00e9llo \u2713"],
    "json": {"got": {"a": [1, None]}},
    "json_exit": 1000,
    "proto": "chat",
    "items": [5, "x", "t"],
    "bye": "got bye",
    "closed": [4000, "done"],
    "refused": 1008,
    "boom": "boom for the console",
    "many": 200,
    "http": {"hello": "world"},
}


@pytest.mark.parametrize("target", ["cpython", "twin"])
def test_websocket_connect(target):
    if target == "cpython":
        p = subprocess.run([sys.executable, SCRIPT, APPS], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    else:
        p = twin_run([SCRIPT, APPS])
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("TC ")]
    assert p.returncode == 0 and line, p.stdout[-3000:] + p.stderr[-3000:]
    got = json.loads(line[0][3:])
    assert got == WANT
    assert "boom for the console" in p.stdout + p.stderr  # the traceback on the console too
