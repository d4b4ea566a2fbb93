"""Shared helpers of the WebSocket / SSE tests: paths, and the twin and real
servers on 127.0.0.1 (tests/hosts.py, shared with the other suites)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.join(HERE, "apps", "rt_app.py")  # the app every tier serves
for p in (os.path.dirname(HERE), HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

from hosts import MODULES, REPO, TWIN, Server, free_port, run_on_twin, twin_binary, twin_env  # noqa: E402,F401
