"""Shared helpers of the WebSocket / SSE tests: paths, the twin, real
servers on 127.0.0.1 (CPython and the twin) for an app file."""
import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = os.path.join(REPO, "modules")
TWIN = os.environ.get("MFA_TWIN") or os.path.join(REPO, "firmware", "build", "unix", "micropython")

for p in (MODULES, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)


def twin_binary():
    if not os.path.exists(TWIN):
        pytest.fail("host twin {} is missing: build it with 'make twin' (or set MFA_TWIN)".format(TWIN))
    return TWIN


def twin_env():
    env = dict(os.environ)
    env.pop("MICROPYPATH", None)
    if os.environ.get("MFA_TWIN_MICROPYPATH"):
        env["MICROPYPATH"] = os.environ["MFA_TWIN_MICROPYPATH"]
    return env


def twin_run(args, timeout=120):
    with tempfile.TemporaryDirectory() as d:
        return subprocess.run([twin_binary()] + list(args), cwd=d, env=twin_env(), capture_output=True,
                              text=True, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An app file served on 127.0.0.1 by CPython or the twin (MFA_PORT)."""

    def __init__(self, target, script, env=None):
        self.target = target
        self.port = free_port()
        self.url = "http://127.0.0.1:{}".format(self.port)
        self.ws = "ws://127.0.0.1:{}".format(self.port)
        self.dir = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.dir.name, "server.log")
        if target == "twin":
            cmd = [twin_binary(), script]
            e = twin_env()
        else:
            cmd = [sys.executable, "-u", script]
            e = dict(os.environ, PYTHONPATH=MODULES)
        e.update({"MFA_PORT": str(self.port), "MFA_HOST": "127.0.0.1"})
        e.update(env or {})
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.dir.name, env=e, stdout=self.logf, stderr=subprocess.STDOUT)
        t0 = time.time()
        while time.time() - t0 < 20:
            if self.proc.poll() is not None:
                pytest.fail("{} server exited: {}".format(target, self.output()))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("{} server did not start: {}".format(target, self.output()))

    def output(self):
        self.logf.flush()
        with open(self.log, errors="replace") as f:
            return f.read()

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        import shutil

        shutil.rmtree(self.dir.name, ignore_errors=True)
