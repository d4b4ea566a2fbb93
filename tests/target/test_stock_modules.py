"""Issue 15: everything the stock Pico W firmware has, plus MicroFastApi.

The stock list is not written down here: the build makes the stock board it
is based on (MicroPython's own ports/rp2/boards/RPI_PICO_W, same tree, same
micropython-lib, Bluetooth off because btstack is in no registry; see
firmware/build-image.sh) and this test boots it in rp2040js and asks it,
help("modules"). Then it boots our image and imports every one of them.

rp2040js (1.4.1) emulates the RP2040 only, and only its core 0: the Pico 2 W
(RP2350) image cannot boot there, and a thread started with _thread (which
runs on core 1) never starts. Those parts are checked statically (the
frozen and built-in module lists of both images) and on the host twin, and
the tests that cannot run say so and are reported as skipped, never passed.
"""
import os
import re
import socket
import subprocess
import time
import json
import urllib.request

import pytest

import emu

BUILD = os.path.join(emu.ROOT, "firmware", "build")
STOCK = {"PICO_W_API": "RPI_PICO_W", "PICO2_W_API": "RPI_PICO2_W"}
# Bluetooth is off in our images (and in the stock build we compare with).
BLUETOOTH = re.compile(r"^(bluetooth|aioble(\..*)?)$")
# Modules that are scripts, run for their effect, not libraries: importing
# _boot mounts the filesystem again, webrepl_setup asks questions on the
# console, main is the boot script. Their presence is checked instead.
SCRIPTS = {"_boot", "_boot_fat", "webrepl_setup", "main", "__main__"}


def stock_image(board):
    return emu.need(os.path.join(BUILD, "stock-" + STOCK[board], "firmware.uf2"),
                    "the stock {} image".format(STOCK[board]), "run 'make firmware BOARD={}'".format(board))


def parse_help_modules(out):
    """help("modules") output -> module names (package paths as dotted names)."""
    text = out.split("Plus any modules on the filesystem")[0]
    names = set()
    for word in text.split():
        if word.endswith("/__init__"):
            word = word[: -len("/__init__")]
        names.add(word.replace("/", "."))
    return names


def help_modules(image):
    d = emu.run_steps([emu.exec_step("help('modules')")], image=image, timeout=120)
    r = d["results"][0]
    assert r["err"] == "", r["err"]
    names = parse_help_modules(r["out"])
    assert len(names) > 30, r["out"]
    return names


IMPORT_ALL = '''
import sys
failed = []
for name in {names!r}:
    try:
        __import__(name)
    except Exception as e:
        failed.append((name, repr(e)))
print("FAILED", failed)
print("MODULES", sorted(sys.modules))
'''


@pytest.fixture(scope="module")
def pico_w_lists():
    stock = help_modules(stock_image("PICO_W_API"))
    ours = help_modules(emu.need_image())
    return stock, ours


def test_stock_pico_w_list_is_the_stock_image(pico_w_lists):
    stock, _ = pico_w_lists
    # what issue 15 found missing, and the stock board's own manifest's require()s
    for name in ("_thread", "mip", "ntptime", "requests", "ssl", "webrepl", "dht", "onewire",
                 "ds18x20", "neopixel", "network", "machine", "asyncio", "rp2"):
        assert name in stock, name
    assert "microfastapi" not in stock


def test_every_stock_module_imports_on_the_pico_w_image(pico_w_lists):
    stock, ours = pico_w_lists
    wanted = sorted(n for n in stock if not BLUETOOTH.match(n))
    missing = [n for n in wanted if n not in ours]
    assert not missing, "in the stock image's help('modules') but not in ours: {}".format(missing)
    importable = [n for n in wanted if n not in SCRIPTS]
    d = emu.run_steps([emu.exec_step(IMPORT_ALL.format(names=importable))], timeout=300)
    r = d["results"][0]
    assert r["err"] == "", r["err"]
    failed = [l for l in r["out"].splitlines() if l.startswith("FAILED ")]
    assert failed == ["FAILED []"], r["out"]
    print("imported {} stock modules on the Pico W image: {}".format(len(importable), " ".join(importable)))
    # and ours adds the framework and its C parser
    assert {"microfastapi", "_microfastapi"} <= ours


@pytest.mark.parametrize("board", sorted(STOCK))
def test_image_has_every_stock_module_statically(board):
    """Both boards, from the build: frozen modules (picotool's list, in the
    size report) and built-in C modules (MicroPython's generated module
    table) of our image include the stock board's."""
    report = json.load(open(emu.need(os.path.join(BUILD, board, "size-report.json"), "the size report",
                                     "run 'make firmware BOARD={}'".format(board))))
    ours, stock = set(report["frozen_modules"]), set(report["stock"]["frozen_modules"])
    assert stock and not (stock - ours), sorted(stock - ours)
    for name in ("mip", "ntptime", "requests", "ssl", "webrepl", "dht", "onewire", "ds18x20", "neopixel"):
        assert any(m == name or m.startswith(name + "/") or m.startswith(name + ".") for m in stock), name

    def builtins(folder):
        path = os.path.join(BUILD, folder, "cmake", "genhdr", "moduledefs.h")
        text = open(emu.need(path, "the generated module table", "run 'make firmware BOARD={}'".format(board))).read()
        return set(re.findall(r"MODULE_DEF_(\w+)", text))

    ours_c, stock_c = builtins(board), builtins("stock-" + STOCK[board])
    assert "_THREAD" in stock_c and "_THREAD" in ours_c
    assert not (stock_c - ours_c), sorted(stock_c - ours_c)
    assert "_MICROFASTAPI" in ours_c


def test_pico2_w_image_in_the_emulator():
    pytest.skip("NOT RUN: rp2040js 1.4.1 emulates the RP2040 only, not the Pico 2 W's RP2350; the Pico 2 W "
                "image's modules are checked statically (test_image_has_every_stock_module_statically)")


def test_thread_on_core1_in_the_emulator():
    pytest.skip("NOT RUN: rp2040js 1.4.1 runs core 0 only (SIO CPUID always 0, no inter-core FIFO), so "
                "_thread.start_new_thread on the emulated board waits forever for core 1; the core-1 "
                "pattern is tested on the host twin (test_core1_sampling_example_on_the_twin)")


def test_filesystem_main_wins_and_banner():
    """A main.py copied to the board runs at boot (as __main__, its names
    left for the REPL), although the image freezes a main.py of its own."""
    steps = [
        {"banner": True},
        {"soft_reset": "friendly"},
        emu.put_step("/main.py", "print('filesystem main.py ran as', __name__)\nLEFT_FOR_REPL = 42\n"),
        {"soft_reset": "friendly"},
        emu.exec_step("print(LEFT_FOR_REPL)\nimport sys\nprint(sys.implementation._machine)"),
    ]
    d = emu.run_steps(steps, timeout=120)
    banner = d["results"][0]["out"]
    version = re.search(r'^__version__ = "(.*)"$', open(os.path.join(emu.ROOT, "modules", "microfastapi",
                                                                    "__init__.py")).read(), re.M).group(1)
    assert "MicroPython v1.25.0 on" in banner and "with MicroFastApi {} with RP2040".format(version) in banner, banner
    assert "filesystem main.py ran" not in d["results"][1]["out"]
    assert "filesystem main.py ran as __main__" in d["results"][3]["out"], d["results"][3]
    assert d["results"][4]["out"].splitlines()[0] == "42"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_core1_sampling_example_on_the_twin(tmp_path):
    """examples/core1_sampling.py on the host twin (the unix port runs the
    sampler in a real second thread): every reading handed to a handler is
    whole (its value is the function of its number the stand-in sensor
    gives), numbers are consecutive, and the count goes on rising."""
    twin = emu.need_twin()
    port = _free_port()
    env = dict(os.environ, MFA_HOST="127.0.0.1", MFA_PORT=str(port), MICROPYPATH=".frozen")
    log = open(tmp_path / "log", "w+")
    proc = subprocess.Popen([twin, os.path.join(emu.ROOT, "examples", "core1_sampling.py")], cwd=str(tmp_path),
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        def get(path):
            deadline = time.time() + 10
            while True:
                try:
                    with urllib.request.urlopen("http://127.0.0.1:{}{}".format(port, path), timeout=5) as r:
                        return json.loads(r.read())
                except OSError:
                    if time.time() > deadline or proc.poll() is not None:
                        log.seek(0)
                        raise AssertionError("example not serving: " + log.read())
                    time.sleep(0.1)

        counts = []
        for _ in range(20):
            body = get("/samples?k=64")
            rows = body["samples"]
            numbers = [r["n"] for r in rows]
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if rows else True
            assert all(r["value"] == r["n"] % 4096 for r in rows), rows
            counts.append(body["count"])
            time.sleep(0.05)
        assert counts[-1] > counts[0] > 0, counts
        mean = get("/samples/mean")
        assert mean["count"] >= counts[-1] and mean["mean"] is not None
        log.seek(0)
        assert "Traceback" not in log.read()
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
