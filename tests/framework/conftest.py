"""Fixtures for the framework tests: real servers (CPython and the host twin)
started as subprocesses on 127.0.0.1, and a way to run scripts in the twin
(tests/hosts.py, shared with the other suites)."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
APPS = os.path.join(HERE, "apps")
sys.path[:0] = [os.path.dirname(HERE), HERE, APPS]

from hosts import MODULES, REPO, TWIN, Server, free_port, run_on_twin, twin_binary, twin_env  # noqa: E402,F401

sys.path.insert(0, MODULES)


TARGETS = ["cpython", "twin"]


@pytest.fixture(scope="session", params=TARGETS)
def server(request):
    s = Server(request.param, os.path.join(APPS, "full_app.py"))
    yield s
    s.stop()
