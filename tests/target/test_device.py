"""The Pico W image (firmware/build/PICO_W_API/firmware.uf2) booted in rp2040js
with the project's emulation ROM: banner and board, the frozen framework with
its C parser, requests through the test client compared with the host twin,
main.py after a soft reset, heap use."""
import json

import pytest

import emu
from appcode import APP, LOOP_1000, REQUESTS, TEN_ROUTES

BOARD = "Pico W with MicroFastApi"

INFO = r'''
import sys, os, gc
print("MACHINE", sys.implementation._machine)
print("LISTDIR", os.listdir("/"))
gc.collect()
print("FREE0", gc.mem_free())
import microfastapi
gc.collect()
print("FREE1", gc.mem_free())
print("ACCEL", microfastapi.ACCELERATED)
print("FILE", getattr(microfastapi, "__file__", "?"))
import _microfastapi
print("CMOD", _microfastapi.parse_head(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 27, 0, 256, 4096, 32)[1:4])
'''


def lines(out, tag):
    return [l[len(tag) + 1:] for l in out.splitlines() if l.startswith(tag + " ")]


@pytest.fixture(scope="module")
def device():
    steps = [
        {"banner": True},
        emu.exec_step(INFO),
        emu.exec_step(APP + REQUESTS),
        emu.exec_step(TEN_ROUTES),
        emu.exec_step(LOOP_1000),
    ]
    d = emu.run_steps(steps, timeout=900)
    return d


@pytest.fixture(scope="module")
def twin():
    out, err, rc = emu.run_twin("import microfastapi\n" + APP + REQUESTS)
    assert rc == 0, err
    return out


def test_banner_and_board(device):
    banner = device["results"][0]["out"]
    assert "MicroPython v1.25.0" in banner or "MicroPython" in banner, banner
    assert BOARD in banner, banner
    assert "RP2040" in banner
    info = device["results"][1]
    assert info["err"] == ""
    assert BOARD in lines(info["out"], "MACHINE")[0]


def test_boot_reaches_raw_repl_with_working_flash(device):
    # _boot.py formatted the blank storage through the ROM's RE/RP entries
    assert device["flash_erases"] >= 1 and device["flash_programs"] >= 1
    assert device["boot"]["raw"]["clockCycles"] < 20_000_000


def test_framework_frozen_and_accelerated(device):
    out = device["results"][1]["out"]
    assert lines(out, "LISTDIR") == ["[]"], "nothing on the filesystem"
    assert lines(out, "ACCEL") == ["True"]
    # frozen: __file__ is the path inside the frozen set, and the filesystem is empty
    assert lines(out, "FILE") == ["microfastapi/__init__.py"], out
    assert lines(out, "CMOD") == ["('GET', '/', '')"]


def test_requests_same_as_twin(device, twin):
    r = device["results"][2]
    assert r["err"] == "", r["err"]
    dev = lines(r["out"], "RESULT")
    host = lines(twin, "RESULT")
    assert len(dev) == len(host) == 15
    for a, b in zip(dev, host):
        assert json.loads(a) == json.loads(b)


def _by_path(device):
    return {(x[0], x[1]): x for x in (json.loads(l) for l in lines(device["results"][2]["out"], "RESULT"))}


def test_request_semantics(device):
    r = _by_path(device)
    assert r[("GET", "/")][2:3] == [200] and r[("GET", "/")][5] == {"Hello": "World"}
    assert r[("GET", "/items/42?q=abc")][5] == {"item_id": 42, "q": "abc"}
    assert r[("GET", "/items/42?q=a%20b+c")][5] == {"item_id": 42, "q": "a b c"}
    assert r[("GET", "/items/x")][2] == 404
    assert r[("GET", "/sensors/?userId=7")][5] == {"userId": 7}
    assert r[("GET", "/sensors/?userId=x")][2] == 422
    assert r[("GET", "/ratio/2.5?scale=0.5")][5] == {"x": 2.5, "scaled": 1.25}
    assert r[("GET", "/nope")][2] == 404
    assert r[("DELETE", "/")][2] == 405
    assert r[("GET", "/boom")][2] == 500
    head = r[("HEAD", "/")]
    assert head[2] == 200 and head[4] == "" and dict(head[3])["content-length"] == "18"


def test_post_json_body(device):
    r = _by_path(device)
    # the two POSTs share a path: the last one (no "name") wins in the dict
    res = [json.loads(l) for l in lines(device["results"][2]["out"], "RESULT") if l.startswith('["POST"')]
    assert res[0][2] == 201 and res[0][5] == {"name": "pen", "price": 1.5, "tags": ["a", "b"]}, res[0]
    assert res[1][2] == 422, res[1]
    assert r[("POST", "/items")]


def test_heap_after_import_and_ten_routes(device):
    out = device["results"][1]["out"]
    free0, free1 = int(lines(out, "FREE0")[0]), int(lines(out, "FREE1")[0])
    h = device["results"][3]
    assert h["err"] == ""
    f0, f10 = map(int, lines(h["out"], "HEAP10")[0].split())
    print("free heap: before import {}, after import {} ({} used), 10 routes use {}".format(
        free0, free1, free0 - free1, f0 - f10))
    assert free1 > 60_000, "free heap after import"
    assert f0 - f10 < 20_000, "10 routes"


def test_thousand_requests_leave_heap_unchanged(device):
    r = device["results"][4]
    assert r["err"] == "", r["err"]
    status, m0, m1 = map(int, lines(r["out"], "LOOP")[0].split())
    assert status == 200
    print("heap before/after 1000 requests:", m0, m1)
    assert abs(m1 - m0) <= 64, (m0, m1)


MAIN_PY = APP + r'''
print("MAIN RAN", len(app.routes) if hasattr(app, "routes") else "?")
'''


def test_main_py_after_soft_reset():
    d = emu.run_steps([
        emu.put_step("/main.py", MAIN_PY),
        emu.exec_step('import os\nprint("LISTDIR", os.listdir("/"))'),
        {"soft_reset": "friendly"},
        emu.exec_step('from microfastapi.testing import TestClient\n'
                      'r = TestClient(app).get("/items/5?q=z")\nprint("GOT", r.status_code, r.json())'),
    ], timeout=600)
    res = d["results"]
    assert res[0]["err"] == ""
    assert lines(res[1]["out"], "LISTDIR") == ["['main.py']"]
    assert "MAIN RAN" in res[2]["out"], res[2]["out"]
    assert res[3]["err"] == "", res[3]["err"]
    assert lines(res[3]["out"], "GOT") == ["200 {'item_id': 5, 'q': 'z'}"]
