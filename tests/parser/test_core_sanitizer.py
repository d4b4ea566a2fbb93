"""The C core's own unit tests (tests/parser/core_test.c), built with the host
compiler under AddressSanitizer + UBSan by `make parser-test`: expected
results, every byte boundary fresh and resumed, inputs against a PROT_NONE
guard page, and the corpus files."""
import shutil
import subprocess

import pytest

from conftest import ROOT


def test_core_under_sanitizers():
    if not shutil.which("clang-14"):
        pytest.fail("clang-14 is needed for `make parser-test` (apt install clang-14)", pytrace=False)
    r = subprocess.run(["make", "--no-print-directory", "parser-test"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-4000:]
    assert "core tests: 0 failures" in out, out[-4000:]
    assert "0 failures" in out.split("corpus:")[-1], out[-4000:]
