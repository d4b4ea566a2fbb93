"""stubs/microfastapi/*.pyi match the package on CPython: mypy's stubtest
checks that every public name in the stubs exists in the modules and every
public name of the modules is in the stubs, with matching signatures."""
import os
import subprocess
import sys

from docs_helpers import MODULES, MY_EXAMPLES, REPO

STUBS = os.path.join(REPO, "stubs")


def test_stubtest():
    env = dict(os.environ, MYPYPATH=STUBS, PYTHONPATH=MODULES)
    p = subprocess.run([sys.executable, "-m", "mypy.stubtest", "microfastapi",
                        "--allowlist", os.path.join(STUBS, "stubtest-allowlist.txt"),
                        "--mypy-config-file", os.path.join(STUBS, "mypy.ini")],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-6000:] + p.stderr[-3000:]


def test_stubs_typecheck_an_example():
    """The stubs are usable: mypy accepts the examples against them."""
    env = dict(os.environ, MYPYPATH=STUBS)
    p = subprocess.run([sys.executable, "-m", "mypy", "--config-file", os.path.join(STUBS, "mypy.ini"),
                        "--no-incremental", "--cache-dir", os.devnull]
                       + [os.path.join(REPO, "examples", n + ".py") for n in MY_EXAMPLES],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-6000:] + p.stderr[-3000:]
