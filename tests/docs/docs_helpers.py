"""Helpers for the OpenAPI / docs tests (not a conftest.py: other suites import
their own `conftest` by name): serve an example app on the host twin
(or the plain twin) on loopback, and load examples on CPython."""
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("MFA_BUILD") or os.path.join(REPO, "firmware", "build")
TWIN = os.environ.get("MFA_TWIN") or os.path.join(BUILD, "unix", "micropython")
TWIN_PLAIN = os.path.join(BUILD, "unix-plain", "micropython")
EXAMPLES = os.path.join(REPO, "examples")
MODULES = os.path.join(REPO, "modules")
# the examples this part owns (hello.py and seed_sensors.py run app.run() on import)
MY_EXAMPLES = ["crud", "static_form", "sensors_pico"]

if MODULES not in sys.path:
    sys.path.insert(0, MODULES)


def need(path, how):
    """A missing build output fails the test with a clear message (never skips)."""
    if not os.path.exists(path):
        pytest.fail("{} is missing: {}".format(path, how))
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_example(name):
    """Import examples/<name>.py on CPython without running its server."""
    spec = importlib.util.spec_from_file_location("example_" + name, os.path.join(EXAMPLES, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Served:
    def __init__(self, proc, port, log):
        self.proc = proc
        self.port = port
        self.base = "http://127.0.0.1:{}".format(port)
        self._log = log

    def log(self):
        self._log.flush()
        with open(self._log.name, errors="replace") as f:
            return f.read()

    def get(self, path, headers=None, timeout=10):
        req = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, dict((k.lower(), v) for k, v in r.headers.items()), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict((k.lower(), v) for k, v in e.headers.items()), e.read()

    def request(self, method, path, body=None, headers=None, timeout=10):
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()


@contextlib.contextmanager
def serve(script, twin=None, env=None, timeout=20):
    """Run `twin script` from an empty temp dir with MICROPYPATH unset (so the
    frozen framework is used) unless env sets it; yields a Served once the port
    answers; stops the process afterwards."""
    binary = twin or TWIN
    need(binary, "build it with 'make twin'" if binary == TWIN else "build it with 'make twin-plain'")
    port = free_port()
    run_env = dict(os.environ)
    run_env.pop("MICROPYPATH", None)
    run_env.update({"MFA_HOST": "127.0.0.1", "MFA_PORT": str(port)})
    run_env.update(env or {})
    with tempfile.TemporaryDirectory() as cwd, tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        proc = subprocess.Popen([binary, script], cwd=cwd, env=run_env, stdout=log, stderr=subprocess.STDOUT)
        s = Served(proc, port, log)
        try:
            end = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    pytest.fail("{} {} exited with {}:\n{}".format(binary, script, proc.returncode, s.log()))
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > end:
                        pytest.fail("{} did not listen on port {} within {} s:\n{}".format(script, port, timeout, s.log()))
                    time.sleep(0.1)
            yield s
        finally:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
