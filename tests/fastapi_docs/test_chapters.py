"""FastAPI's tutorial chapters (chapters/*.py) replayed through the real FastAPI
and through MicroFastApi on CPython, the host twin and the emulated Pico W:
see harness.py. One test per chapter and runtime; it fails on the first
chapter program that answers differently from FastAPI, listing every
difference."""
import importlib.util
import os
import sys

import pytest

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))  # tests/: hosts.py
from hosts import twin_binary  # noqa: E402

RUNTIMES = ("cpython", "twin", "pico_w")
_reference = {}


def reference(chapter, examples):
    if chapter not in _reference:
        if importlib.util.find_spec("fastapi") is None:
            pytest.fail("the reference FastAPI is not installed in this Python ({}): "
                        "'make test' installs the test requirements".format(os.sys.executable))
        _reference[chapter] = harness.run_cpython(examples, "fastapi")
    return _reference[chapter]


@pytest.mark.parametrize("runtime", RUNTIMES)
@pytest.mark.parametrize("chapter", harness.chapters())
def test_chapter(chapter, runtime):
    ch = harness.load_chapter(chapter)
    ref = reference(chapter, ch.examples)
    examples = ch.for_runtime(runtime)
    if runtime == "cpython":
        ours = harness.run_cpython(examples, "microfastapi")
    elif runtime == "twin":
        ours = harness.run_twin(examples, twin_binary())
    else:
        ours = harness.run_emulator(examples)
    bad = harness.compare(ch, runtime, ref, ours)
    n = sum(len(r) for r in examples.values())
    print("{} on {}: {} programs, {} requests, {} differ from FastAPI".format(
        chapter, runtime, len(examples), n, len(bad)))
    if runtime != "cpython":
        for key, why in ch.mp_unsupported.items():
            print("NOT RUN on {} (runs on CPython only): {}: {}".format(runtime, key, why))
    assert not bad, "{} on {}: {} of {} requests differ from FastAPI {}:\n{}".format(
        chapter, runtime, len(bad), n, harness.FASTAPI_VERSION, "\n".join(bad))
