"""The classes whose instances the fast path writes to on every request (the
app: app._fast_gen; the server: server._hg) define no property, descriptor,
__getattr__, __setattr__ or __delattr__, on CPython and on the twin.

Why: on MicroPython such a name anywhere in a class's bases gives the class
MP_TYPE_FLAG_HAS_SPECIAL_ACCESSORS (py/objtype.c), and from then on EVERY
attribute store on its instances first looks the name up through the class
chain (is it a property?) and then looks for a __setattr__ (the instance and
every class again). One `@property def router` on the app class made the
browser GET's full cycle on the RP2040 about 14 % slower (make bench-target).
Attributes FastAPI reads as properties are plain instance attributes here.
"""
import json
import os
import sys

import pytest

from conftest import MODULES, run_on_twin

CHECK = r"""
import json, sys
sys.path.insert(0, sys.argv[1]) if len(sys.argv) > 1 else None
from microfastapi.applications import MicroFastApi, FastAPI
from microfastapi.routing import Router
from microfastapi.server import Server

SPECIAL = ("__getattr__", "__setattr__", "__delattr__")
found = []
for cls in (MicroFastApi, FastAPI, Router, Server):
    for k, v in cls.__dict__.items():
        if k.startswith("__") and k not in SPECIAL:
            continue  # CPython's own __dict__/__weakref__ descriptors
        if k in SPECIAL or isinstance(v, property) or (
                not callable(v) and (hasattr(v, "__set__") or hasattr(v, "__delete__"))):
            found.append(cls.__name__ + "." + k)
print("FOUND " + json.dumps(sorted(found)))
"""


def _found(out):
    for line in out.splitlines():
        if line.startswith("FOUND "):
            return json.loads(line[6:])
    raise AssertionError("no result from the check: " + out)


def test_hot_classes_have_no_special_accessors_cpython(tmp_path):
    import subprocess

    script = tmp_path / "check.py"
    script.write_text(CHECK)
    p = subprocess.run([sys.executable, str(script), MODULES], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert _found(p.stdout) == []


def test_hot_classes_have_no_special_accessors_twin(tmp_path):
    script = tmp_path / "check.py"
    script.write_text(CHECK)
    p = run_on_twin([str(script)])
    assert p.returncode == 0, p.stdout + p.stderr
    assert _found(p.stdout) == []


def test_app_router_is_the_app():
    # FastAPI's app.router (the app's route table): here the app is its own
    from microfastapi import FastAPI

    app = FastAPI()

    @app.get("/x")
    def x():
        return {}

    assert app.router is app
    assert [r.path for r in app.router.routes] == ["/x"]
