"""Where the repo, the build outputs and the twin are, for the build tests.
(A module of its own, not a conftest: each tests/ folder has its own conftest
and `from conftest import` would pick whichever pytest loaded last.)"""
import os
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("MFA_BUILD") or os.path.join(REPO, "firmware", "build")
TWIN = os.environ.get("MFA_TWIN") or os.path.join(BUILD, "unix", "micropython")


def require_file(path, how="run 'make' first"):
    """A missing build output fails the test (never a silent skip)."""
    if not os.path.exists(path):
        pytest.fail("{} is missing: {}".format(path, how))
    return path


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

