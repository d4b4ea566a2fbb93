"""What the test suites share to run code on the host: the twin (the unix
port with the framework frozen in) and apps served on 127.0.0.1 by CPython or
the twin. A suite puts this folder on sys.path and imports what it needs
(tests/framework/conftest.py, tests/realtime/rt_helpers.py, ...).

The twin is $MFA_TWIN (default $MFA_BUILD/unix/micropython, MFA_BUILD by
default firmware/build: the Makefile exports it); a missing
twin FAILS the test that needs it. For development with an unfrozen twin,
MFA_TWIN_MICROPYPATH is put in MICROPYPATH (normally unset)."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TESTS)
MODULES = os.path.join(REPO, "modules")
BUILD = os.environ.get("MFA_BUILD") or os.path.join(REPO, "firmware", "build")
TWIN = os.environ.get("MFA_TWIN") or os.path.join(BUILD, "unix", "micropython")

if MODULES not in sys.path:
    sys.path.insert(0, MODULES)


def need(path, how="run 'make' first"):
    """A missing build output FAILS the test, saying how to make it (never a skip)."""
    if not os.path.exists(path):
        pytest.fail("{} is missing: {}".format(path, how))
    return path


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
    """Run the twin with `args` (a script and its arguments, or -c code) from
    an empty temp folder; heap: its -X heapsize (e.g. "200k")."""
    cmd = [twin_binary()] + (["-X", "heapsize=" + heap] if heap else []) + list(args)
    with tempfile.TemporaryDirectory() as d:
        return subprocess.run(cmd, cwd=d, env=twin_env(), capture_output=True, text=True, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """An app file served on 127.0.0.1 by CPython or the twin ("cpython" or
    "twin"): the app reads its port from MFA_PORT and its host from MFA_HOST.
    env: more environment variables; heap: the twin's -X heapsize; binary:
    another MicroPython than the twin (e.g. the plain twin).
    url/ws: its http:// and ws:// base; output(): what it printed."""

    def __init__(self, target, script, env=None, heap=None, binary=None):
        self.target = target
        self.port = free_port()
        self.url = "http://127.0.0.1:{}".format(self.port)
        self.ws = "ws://127.0.0.1:{}".format(self.port)
        self.dir = tempfile.mkdtemp()
        self.log = os.path.join(self.dir, "server.log")
        if target == "twin":
            cmd = [binary or twin_binary()] + (["-X", "heapsize=" + heap] if heap else []) + [script]
            e = twin_env()
        else:
            cmd = [sys.executable, "-u", script]
            e = dict(os.environ, PYTHONPATH=MODULES)
        e.update({"MFA_PORT": str(self.port), "MFA_HOST": "127.0.0.1"})
        e.update(env or {})
        self.logf = open(self.log, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.dir, env=e, stdout=self.logf, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
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
        shutil.rmtree(self.dir, ignore_errors=True)
