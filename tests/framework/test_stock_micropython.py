"""The framework on stock MicroPython (the plain twin: no C module, framework
from modules/ as mip would install it): pure-Python parser and fallbacks."""
import json
import os
import subprocess
import tempfile

import pytest

from conftest import HERE, MODULES, REPO

PLAIN = os.environ.get("MFA_TWIN_PLAIN") or os.path.join(REPO, "firmware", "build", "unix-plain", "micropython")


def test_user_code_on_stock_micropython():
    if not os.path.exists(PLAIN):
        pytest.fail("plain twin {} is missing: build it with 'make twin-plain'".format(PLAIN))
    env = dict(os.environ, MICROPYPATH=MODULES + ":" + os.environ.get("MFA_PLAIN_EXTRA_PATH", ".frozen"))
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([PLAIN, os.path.join(HERE, "stock_runner.py")], cwd=d, env=env,
                           capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    out = json.loads([ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")][-1][7:])
    assert out["accelerated"] is False
    assert out["index"] == [200, {"Hello": "World"}]
    assert out["item"] == [200, {"item_id": 5, "q": "x"}]
    assert out["item_noq"] == [200, {"item_id": 5, "q": None}]
    assert out["sensors"] == [200, {"sensor data for userId": 7}]
    assert out["sensors_none"] == [200, {"sensor data for userId": None}]
    assert out["sensors_bad"][0] == 422
    assert out["create"] == [201, {"name": "a"}]
    assert out["create_bad"] == [422, {"detail": "name is required"}]
    assert out["smuggle"] == [400] and out["obs_fold"] == [400]
