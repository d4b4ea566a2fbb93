"""Helpers for the OpenAPI / docs tests (not a conftest.py: other suites import
their own `conftest` by name): serve an example app on the host twin
(or the plain twin) on loopback, and load examples on CPython."""
import contextlib
import importlib.util
import os
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/: hosts.py
from hosts import BUILD, MODULES, REPO, TWIN, Server, need  # noqa: E402,F401

TWIN_PLAIN = os.path.join(BUILD, "unix-plain", "micropython")
EXAMPLES = os.path.join(REPO, "examples")
# the examples this part owns (hello.py and seed_sensors.py run app.run() on import)
MY_EXAMPLES = ["crud", "static_form", "sensors_pico"]


def load_example(name):
    """Import examples/<name>.py on CPython without running its server."""
    spec = importlib.util.spec_from_file_location("example_" + name, os.path.join(EXAMPLES, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class Served:
    """An app served by hosts.Server, with small HTTP helpers."""

    def __init__(self, server):
        self.proc = server.proc
        self.port = server.port
        self.base = server.url
        self.log = server.output

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
def serve(script, twin=None, env=None):
    """Run `twin script` on loopback from an empty temp dir with MICROPYPATH
    unset (so the frozen framework is used) unless env sets it; yields a
    Served once the port answers; stops the process afterwards."""
    binary = twin or TWIN
    need(binary, "build it with 'make twin'" if binary == TWIN else "build it with 'make twin-plain'")
    s = Server("twin", script, env, binary=binary)
    try:
        yield Served(s)
    finally:
        s.stop()
