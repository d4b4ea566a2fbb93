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


def test_binding_uses_no_escaped_qstr_names():
    """A C source naming MP_QSTR_content_hyphen_type gets a qstr whose text is
    "content_hyphen_type" (only qstrdefs files are unescaped), which clashes
    with the frozen literal "content-type". Such names must not appear."""
    import glob
    import re

    escapes = ("hyphen", "slash", "dot", "colon", "space", "percent", "star", "squot", "comma", "semicolon")
    pat = re.compile(r"MP_QSTR_\w*_(%s)_\w*|MP_QSTR_\w*_(%s)\b" % ("|".join(escapes), "|".join(escapes)))
    bad = []
    for f in glob.glob(ROOT + "/c_modules/**/*.[ch]", recursive=True):
        with open(f) as fh:
            for i, line in enumerate(fh, 1):
                if pat.search(line):
                    bad.append("%s:%d: %s" % (f, i, line.strip()))
    assert not bad, "\n".join(bad)
