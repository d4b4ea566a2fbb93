"""Fixtures for the framework tests: real servers (CPython and the host twin)
started as subprocesses on 127.0.0.1, and a way to run scripts in the twin.

The twin is $MFA_TWIN (default firmware/build/unix/micropython) with the
framework frozen in; a missing twin FAILS the twin tests. For development with
an unfrozen twin, MFA_TWIN_MICROPYPATH is put in MICROPYPATH (normally unset).
"""
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
APPS = os.path.join(HERE, "apps")
TWIN = os.environ.get("MFA_TWIN") or os.path.join(REPO, "firmware", "build", "unix", "micropython")

sys.path[:0] = [MODULES, HERE, APPS]


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


def run_on_twin(args, timeout=120, heap=None):
    """Run a script on the twin from an empty temp folder."""
    cmd = [twin_binary()] + (["-X", "heapsize=" + heap] if heap else []) + list(args)
    with tempfile.TemporaryDirectory() as d:
        return subprocess.run(cmd, cwd=d, env=twin_env(), capture_output=True, text=True, timeout=timeout)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Server:
    def __init__(self, target, script, extra_env=None, heap=None):
        self.target = target
        self.port = free_port()
        self.url = "http://127.0.0.1:{}".format(self.port)
        self.dir = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.dir.name, "server.log")
        if target == "twin":
            cmd = [twin_binary()] + (["-X", "heapsize=" + heap] if heap else []) + [script]
            env = twin_env()
        else:
            cmd = [sys.executable, "-u", script]
            env = dict(os.environ)
            env["PYTHONPATH"] = MODULES
        env.update({"MFA_PORT": str(self.port), "MFA_HOST": "127.0.0.1"})
        env.update(extra_env or {})
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.dir.name, env=env, stdout=self.logf, stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("{} server exited: {}".format(target, self.output()))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("{} server did not listen: {}".format(target, self.output()))

    def output(self):
        self.logf.flush()
        with open(self.log) as f:
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
        self.dir.cleanup()


TARGETS = ["cpython", "twin"]


@pytest.fixture(scope="session", params=TARGETS)
def server(request):
    s = Server(request.param, os.path.join(APPS, "full_app.py"))
    yield s
    s.stop()
