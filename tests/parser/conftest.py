"""Shared helpers for the parser tests: the host twin, the Python fallback
loaded without the C module, and the shared corpus."""
import glob
import importlib.util
import json
import os
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS_DIR = os.path.join(ROOT, "tests", "parser", "corpus")
PARSER_PY = os.path.join(ROOT, "modules", "microfastapi", "_parser.py")


def twin_path():
    p = os.environ.get("MFA_TWIN", os.path.join(ROOT, "firmware", "build", "unix", "micropython"))
    return p if os.path.isabs(p) else os.path.join(ROOT, p)


@pytest.fixture(scope="session")
def twin():
    p = twin_path()
    if not os.access(p, os.X_OK):
        pytest.fail(
            "host twin not found at %s: build it with `make twin` or set MFA_TWIN" % p,
            pytrace=False,
        )
    return p


def run_twin(twin, script, data=None, timeout=300):
    """Run `script` on the twin from an empty folder (so nothing in the repo
    shadows the frozen modules); `data` is handed over as JSON in a file whose
    path is in the global DATA_PATH. Returns the JSON the script printed."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "data.json")
        with open(path, "w") as f:
            json.dump(data, f)
        src = "DATA_PATH = %r\n" % path + script
        r = subprocess.run(
            [twin, "-X", "heapsize=64M"],
            input=src.encode(),
            cwd=d,
            capture_output=True,
            timeout=timeout,
        )
    out = r.stdout.decode("utf-8", "replace")
    if r.returncode != 0:
        raise AssertionError("twin failed (%d):\n%s\n%s" % (r.returncode, out[-3000:], r.stderr.decode()[-3000:]))
    return json.loads(out.strip().splitlines()[-1])


def load_fallback():
    """microfastapi/_parser.py under CPython (no _microfastapi here, so the
    pure-Python definitions are used), without importing the package."""
    if not os.path.exists(PARSER_PY):
        pytest.fail("%s is missing" % PARSER_PY, pytrace=False)
    spec = importlib.util.spec_from_file_location("mfa_parser_fallback", PARSER_PY)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert not mod.ACCELERATED
    return mod


def corpus():
    files = sorted(glob.glob(os.path.join(CORPUS_DIR, "*.http")))
    assert files, "empty corpus: run tests/parser/make_corpus.py"
    out = []
    for f in files:
        with open(f, "rb") as fh:
            out.append((os.path.basename(f), fh.read()))
    return out
