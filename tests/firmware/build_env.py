"""Where the repo, the build outputs and the twin are, for the build tests.
(A module of its own, not a conftest: each tests/ folder has its own conftest
and `from conftest import` would pick whichever pytest loaded last.)"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # tests/: hosts.py
from hosts import BUILD, REPO, TWIN, need as require_file  # noqa: E402,F401


def run_twin(code, twin=None, cwd=None, env=None, timeout=60):
    """Run code on the host twin from an empty folder, so that nothing on a
    path shadows what is frozen; returns the CompletedProcess."""
    binary = require_file(twin or TWIN)
    empty = os.path.join(BUILD, "empty")
    os.makedirs(empty, exist_ok=True)
    run_env = dict(os.environ)
    run_env.pop("MICROPYPATH", None)
    run_env.update(env or {})
    return subprocess.run([binary, "-c", code], cwd=cwd or empty,
                          env=run_env, capture_output=True, text=True, timeout=timeout)

