"""Issue 10: the set-up on a stock Debian 12. `make`'s and `make test`'s set-up
step run in a scratch copy of the repository with Debian's own Python first
on PATH; they pass, put every Python tool in the project's virtual
environment, and leave the system's Python as it was (no new packages,
`pip install` still refused: PEP 668)."""
import os
import shutil
import subprocess
import sys

import pytest

from build_env import REPO

DEBIAN_PYTHON = "/usr/bin/python3"
SYSTEM_SITE = ["/usr/lib/python3/dist-packages", "/usr/local/lib/python3.11/dist-packages"]


def scratch_copy(dest):
    """The repository's files (what a clean clone has, plus uncommitted edits)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = os.path.join(REPO, rel)
        if not os.path.isfile(src):
            continue  # deleted in the work tree
        out = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        shutil.copy2(src, out)


def system_state():
    listing = {d: sorted(os.listdir(d)) if os.path.isdir(d) else None for d in SYSTEM_SITE}
    freeze = subprocess.run([DEBIAN_PYTHON, "-m", "pip", "list", "--format=freeze"],
                            capture_output=True, text=True).stdout
    return listing, freeze


def pip_refused():
    p = subprocess.run([DEBIAN_PYTHON, "-m", "pip", "install", "--dry-run", "--no-index", "pytest"],
                       capture_output=True, text=True)
    return p.returncode != 0 and "externally-managed-environment" in p.stdout + p.stderr


def test_setup_with_debians_python_first_on_path(tmp_path):
    if not os.path.exists(DEBIAN_PYTHON) or not os.path.exists("/usr/lib/python3.11/EXTERNALLY-MANAGED"):
        pytest.fail("this test needs Debian 12's own Python ({} with EXTERNALLY-MANAGED)".format(DEBIAN_PYTHON))
    assert pip_refused(), "Debian's Python should refuse pip install before the test"
    before = system_state()

    repo = tmp_path / "microfastapi"
    scratch_copy(str(repo))
    # What a fresh Debian 12 has on PATH: no pyenv, no venv; Node where it is.
    path = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
    node = shutil.which("node")
    if node and os.path.dirname(node) not in path:
        path.append(os.path.dirname(node))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYENV", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = ":".join(path)
    # Each step as make runs it: `make deps` (what `make` starts with) and
    # the test tools `make test` installs first.
    for target in ("deps", "deps-test"):
        p = subprocess.run(["make", "--no-print-directory", target], cwd=repo, env=env,
                           capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, "make {} failed:\n{}{}".format(target, p.stdout[-3000:], p.stderr[-3000:])
        assert "externally-managed-environment" not in p.stdout + p.stderr

    venv_python = repo / ".venv" / "bin" / "python"
    out = subprocess.run([str(venv_python), "-c",
                          "import sys, pytest, schemathesis, mpremote, fastapi\n"
                          "print(sys.prefix, sys.base_prefix, sys.version.split()[0])"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    prefix, base, version = out.stdout.split()
    assert prefix == str(repo / ".venv")
    assert base == "/usr", "the venv was made from Debian's Python"
    assert version == subprocess.run([DEBIAN_PYTHON, "-c", "import platform; print(platform.python_version())"],
                                     capture_output=True, text=True).stdout.strip()
    assert (repo / "emu" / "node_modules" / "rp2040js" / "package.json").exists()

    # The system's Python is as it was.
    assert system_state() == before
    assert pip_refused()


def test_the_test_rule_and_tools_use_the_venv():
    p = subprocess.run(["make", "-n", "--no-print-directory", "test"], cwd=REPO, capture_output=True, text=True)
    lines = [l for l in p.stdout.splitlines() if "pytest" in l]
    venv = os.path.join(REPO, ".venv", "bin", "python")
    assert lines and all(l.startswith(venv + " -m pytest") for l in lines), p.stdout[-2000:]
    # this very run: pytest runs from the venv (sys.executable is what the
    # tests spawn for mypy, schemathesis, yamllint, ...)
    assert sys.prefix != sys.base_prefix, "run the tests with 'make test' (the project's .venv)"
    assert os.path.realpath(sys.prefix) == os.path.realpath(os.path.join(REPO, ".venv"))
