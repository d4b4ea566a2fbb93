"""The streaming form parsers (multipart.py, datastructures.py) on CPython and
on the twin: the same checks (mp_cases.py) in both, each with a fresh temp
folder for spooled files that must be empty afterwards."""
import os
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = os.path.join(REPO, "modules")
sys.path.insert(0, os.path.dirname(HERE))  # tests/: hosts.py
from hosts import twin_binary  # noqa: E402


def run(cmd, env_extra):
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TMPDIR=tmp, **env_extra)
        p = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True, timeout=300)
        left = os.listdir(tmp)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    assert p.stdout.splitlines()[-1] == "DONE", p.stdout[-2000:]
    assert left == [], left
    return p.stdout


def test_cpython():
    out = run([sys.executable, os.path.join(HERE, "mp_cases.py")], {"PYTHONPATH": MODULES})
    assert out.count("OK ") == 8


def test_twin():
    twin = twin_binary()
    extra = {}
    if os.environ.get("MFA_TWIN_MICROPYPATH"):
        extra["MICROPYPATH"] = os.environ["MFA_TWIN_MICROPYPATH"]
    else:
        extra["MICROPYPATH"] = ".frozen"
    script = os.path.join(HERE, "mp_cases.py")
    out = run([twin, "-X", "heapsize=1m", script], extra)
    assert out.count("OK ") == 8
    print([ln for ln in out.splitlines() if ln.startswith("heap")])
