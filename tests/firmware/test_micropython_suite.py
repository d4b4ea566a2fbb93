"""MicroPython's own test suite (tests/run-tests.py of the fetched, patched
tree) on the twin, built with our patches' options on, and on the plain twin,
built from the same patched tree with the options off: both must pass every
test, so the patches change nothing else. The new tests that the patches add
(tests/micropython/annotations_*.py, generic_alias.py, display_unpack.py)
must pass on the twin and say SKIP on the plain twin, like on stock
MicroPython."""
import os
import re
import resource
import subprocess
import sys

import pytest

from build_env import BUILD, require_file

MPY = os.path.join(BUILD, "src", "micropython")
MPY_CROSS = os.path.join(MPY, "mpy-cross", "build", "mpy-cross")
TWINS = {
    "twin": os.path.join(BUILD, "unix", "micropython"),
    "plain": os.path.join(BUILD, "unix-plain", "micropython"),
}
# extmod/ is left out: a dozen of its tests need micropython-lib's unittest.
DIRS = ["basics", "micropython", "float", "misc", "stress"]
NEW_TESTS = ["micropython/annotations_fun.py", "micropython/annotations_class.py",
             "micropython/annotations_traceback.py", "micropython/annotations_long.py",
             "micropython/generic_alias.py",
             "micropython/display_unpack.py"]


def low_fd_limit():
    # Upstream CI's limit: extmod/select_poll_fd.py and friends expect EINVAL
    # past 1024 descriptors, which a machine with a higher limit never gives.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, soft), hard))


def run_suite(twin, tmp_path, *args):
    """run-tests.py on one build; returns (counts, output)."""
    env = dict(os.environ, MICROPY_MICROPYTHON=require_file(TWINS[twin]),
               MICROPY_MPYCROSS=require_file(MPY_CROSS))
    env.pop("MICROPYPATH", None)
    out = subprocess.run([sys.executable, "run-tests.py", "-j2", "-r", str(tmp_path / "results"), *args],
                         cwd=os.path.join(MPY, "tests"), env=env, capture_output=True, text=True,
                         timeout=900, preexec_fn=low_fd_limit)
    text = out.stdout + out.stderr
    counts = {}
    for key, pattern in (("performed", r"(\d+) tests performed"), ("passed", r"(\d+) tests passed"),
                         ("skipped", r"(\d+) tests skipped"), ("failed", r"(\d+) tests failed")):
        m = re.search(pattern, text)
        counts[key] = int(m.group(1)) if m else 0
    print("{} {}: {}".format(twin, " ".join(args), counts))
    return out.returncode, counts, text


def outcome(text, test):
    m = re.search(r"^(pass|skip|FAIL) +{}\b".format(re.escape(test)), text, re.M)
    return m.group(1) if m else None


@pytest.mark.parametrize("twin", sorted(TWINS))
def test_suite_passes(twin, tmp_path):
    rc, counts, text = run_suite(twin, tmp_path, "-d", *DIRS)
    failed = re.search(r"tests failed: (.*)", text)
    assert rc == 0 and counts["failed"] == 0, "failed: " + (failed.group(1) if failed else text[-2000:])
    assert counts["performed"] > 650 and counts["passed"] == counts["performed"], counts
    for test in NEW_TESTS:
        assert outcome(text, test) == ("pass" if twin == "twin" else "skip"), test


def test_suite_via_mpy_passes(tmp_path):
    """The same tests compiled to .mpy by the project's mpy-cross (which
    keeps annotations, as for frozen code) and run on the twin."""
    rc, counts, text = run_suite("twin", tmp_path, "--via-mpy", "-d", "basics", "micropython")
    failed = re.search(r"tests failed: (.*)", text)
    assert rc == 0 and counts["failed"] == 0, "failed: " + (failed.group(1) if failed else text[-2000:])
    assert counts["performed"] > 550 and counts["passed"] == counts["performed"], counts
    for test in NEW_TESTS:
        assert outcome(text, test) == "pass", test
