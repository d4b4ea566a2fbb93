"""The Pico W's radio in the emulator (root-less, deterministic): network.WLAN
active/connect/status/ifconfig/scan, the LED on the radio's GPIO, the
documented failure statuses, a soft reset, the AP going away and coming back
under microfastapi.wifi, and the chip model's own start-up checks."""
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile

import pytest

import wifiemu
from wifiemu import CONNECT, PASSWORD, SSID

RADIO = r'''
import network, time, machine
wlan = network.WLAN(network.STA_IF)
print("ACTIVE0", wlan.active())
wlan.active(True)
print("ACTIVE1", wlan.active())
print("MAC", wlan.config("mac").hex())
print("STATUS0", wlan.status())
print("SCAN", sorted((s[0], s[2], s[3], s[4]) for s in wlan.scan()))

def join(ssid, pw):
    wlan.disconnect()
    wlan.connect(ssid, pw)
    t = time.ticks_ms()
    while True:
        s = wlan.status()
        if s < 0 or s == 3 or time.ticks_diff(time.ticks_ms(), t) > 10000:
            return s, time.ticks_diff(time.ticks_ms(), t)
        time.sleep_ms(10)

print("NOSSID", network.STAT_NO_AP_FOUND, join("no-such-ap", "whatever123")[0])
print("BADPW", network.STAT_WRONG_PASSWORD, join(%r, "wrong password")[0])
s, ms = join(%r, %r)
print("JOIN", network.STAT_GOT_IP, s, ms)
print("CONNECTED", wlan.isconnected())
print("IFCONFIG", wlan.ifconfig())
led = machine.Pin("LED", machine.Pin.OUT)
led.on(); a = led.value(); led.off(); b = led.value()
print("LED", a, b)
''' % (SSID, SSID, PASSWORD)

AFTER_RESET = r'''
import network, time
wlan = network.WLAN(network.STA_IF)
print("R_ACTIVE", wlan.active())
wlan.active(True)
wlan.connect(%r, %r)
t = time.ticks_ms()
while 0 <= wlan.status() < 3 and time.ticks_diff(time.ticks_ms(), t) < 10000:
    time.sleep_ms(10)
print("R_JOIN", wlan.status(), wlan.ifconfig()[0])
''' % (SSID, PASSWORD)

OPEN_AP = r'''
wlan.disconnect()
wlan.connect("open-ap")
t = time.ticks_ms()
while 0 <= wlan.status() < 3 and time.ticks_diff(time.ticks_ms(), t) < 10000:
    time.sleep_ms(10)
print("OPEN", wlan.status(), wlan.ifconfig()[0])
'''

# The AP goes away while the server runs and comes back 8 s later: the
# helper notices, reconnects, and the server answers on the same port.
ROAMING = r'''
from microfastapi import MicroFastApi
from microfastapi.wifi import Wifi
wifi = Wifi(%r, %r).connect(timeout=10)
app = MicroFastApi(ip=wifi.ip, mac=wifi.mac)

@app.get("/")
def index():
    import network
    return {"status": network.WLAN(network.STA_IF).status()}

app.run(port=8080)
''' % (SSID, PASSWORD)


def tagged(out, tag):
    return [l[len(tag) + 1:] for l in out.splitlines() if l.startswith(tag + " ")]


@pytest.fixture(scope="module")
def radio():
    get = wifiemu.http("GET", "/")
    steps = [
        {"exec": RADIO + OPEN_AP},
        {"soft_reset": "raw"},
        {"exec": AFTER_RESET},
        {"soft_reset": "raw"},
        wifiemu.serve_step(ROAMING, [
            {"at_ms": 50, "port": 8080, "requests": [get]},
            # AP off at 1 s, back at 9 s; the helper checks every 5 s
            {"at_ms": 3000, "port": 8080, "requests": [get], "close": True},
            {"at_ms": 20000, "port": 8080, "requests": [get]},
        ], events=[{"at_ms": 1000, "ap": SSID, "present": False}, {"at_ms": 9000, "ap": SSID, "present": True}],
            timeout_ms=40000),
    ]
    return wifiemu.run_steps(steps)


def test_active_mac_scan(radio):
    out = radio["results"][0]["out"]
    assert radio["results"][0]["err"] == "", radio["results"][0]["err"]
    assert tagged(out, "ACTIVE0") == ["False"] and tagged(out, "ACTIVE1") == ["True"]
    # the driver turns the chip's default OTP MAC into its own, as on hardware
    assert tagged(out, "MAC") == [radio["wifi"]["mac"].replace(":", "")]
    assert tagged(out, "STATUS0") == ["0"]
    assert tagged(out, "SCAN") == ["[(b'mfa-test', 6, -40, 5), (b'open-ap', 11, -40, 0)]"]
    # the firmware and CLM blobs went into the chip whole
    assert radio["wifi"]["firmware_bytes"] > 200_000 and radio["wifi"]["clm_bytes"] > 900


def test_failures_give_documented_status(radio):
    out = radio["results"][0]["out"]
    want, got = tagged(out, "NOSSID")[0].split()
    assert want == got == "-2"
    want, got = tagged(out, "BADPW")[0].split()
    assert want == got == "-3"


def test_connect_dhcp_ifconfig_led(radio):
    out = radio["results"][0]["out"]
    want, got, ms = tagged(out, "JOIN")[0].split()
    assert want == got == "3"
    assert int(ms) < 500
    assert tagged(out, "CONNECTED") == ["True"]
    assert tagged(out, "IFCONFIG") == ["('192.168.7.2', '255.255.255.0', '192.168.7.1', '192.168.7.1')"]
    assert tagged(out, "LED") == ["1 0"]
    assert tagged(out, "OPEN") == ["3 192.168.7.2"]
    trace = radio["wifi"]["trace"]
    assert "GET ccgpioin" in trace and "SET gpioout" in trace


def test_soft_reset(radio):
    out = radio["results"][2]["out"]
    assert radio["results"][2]["err"] == ""
    assert tagged(out, "R_JOIN") == ["3 192.168.7.2"]


def test_ap_gone_and_back(radio):
    r = radio["results"][4]
    assert "Traceback" not in r["err"].replace("KeyboardInterrupt", ""), r["err"]
    c1, c2, c3 = r["clients"]
    assert [x["status"] for x in c1["responses"]] == [200]
    # while the AP is away nothing reaches the device
    assert c2["opened_ns"] is None and c2["responses"][0:1] == [] or not c2["responses"]
    # the helper reconnected; the same server answers on the same port
    assert "wifi: link down, reconnecting" in r["out"], r["out"]
    assert "wifi: connected" in r["out"], r["out"]
    assert [x["status"] for x in c3["responses"]] == [200]
    assert wifiemu.split_responses(wifiemu.client_data(c3))[0][2] == b'{"status": 3}'


def test_deterministic():
    """Same image, same steps: the same cycle counts."""
    steps = [{"exec": CONNECT + "print(wlan.status())"}]
    a = wifiemu.run_steps(steps)
    b = wifiemu.run_steps(steps)
    assert a["results"][0]["out"].strip() == "3"
    assert a["total_cycles"] == b["total_cycles"] and a["total_clock_cycles"] == b["total_clock_cycles"]


def test_unknown_iovar_fails_the_run():
    d = wifiemu.run_steps([{"exec": CONNECT + "print(wlan.config('txpower'))"}], check=False)
    assert d["failure"] and 'iovar GET "qtxpower" is not modelled' in d["failure"], d["failure"]


def _sections(data):
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x2e)
    return [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]


def _symbol(data, name):
    """(file offset of the name in .strtab, symbol value) of `name` in .symtab"""
    secs = _sections(data)
    for sec in secs:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        strtab = secs[sec[6]]
        for o in range(sec[4], sec[4] + sec[5], 16):
            noff, value = struct.unpack_from("<II", data, o)
            at = strtab[4] + noff
            if data[at:at + len(name) + 1] == name + b"\0":
                return at, value
    raise AssertionError("no symbol " + name.decode())


def _file_offset(data, addr):
    for sec in _sections(data):
        if sec[1] == 1 and sec[2] & 2 and sec[3] <= addr < sec[3] + sec[5]:  # PROGBITS, ALLOC
            return sec[4] + addr - sec[3]
    raise AssertionError("address not in a loaded section")


def _elf_with(edit):
    img = wifiemu.image()
    d = tempfile.mkdtemp(prefix="mfa-elf-")
    shutil.copy(img, os.path.join(d, "firmware.uf2"))
    with open(img[:-4] + ".elf", "rb") as f:
        data = bytearray(f.read())
    edit(data)
    with open(os.path.join(d, "firmware.elf"), "wb") as f:
        f.write(data)
    return d


def _run_with(d):
    steps = os.path.join(d, "steps.json")
    with open(steps, "w") as f:
        f.write("[]")
    p = subprocess.run(["node", wifiemu.RUN, os.path.join(d, "firmware.uf2"), "--steps", steps] + wifiemu.WIFI,
                       capture_output=True, text=True, timeout=120)
    shutil.rmtree(d)
    return p


def test_hook_symbol_missing_fails_loudly():
    def rename(data):
        at, _ = _symbol(data, b"cyw43_spi_transfer")
        data[at + 17] = ord("X")
    p = _run_with(_elf_with(rename))
    assert p.returncode == 2
    assert "no symbol cyw43_spi_transfer" in p.stderr, p.stderr


def test_hook_elf_of_another_image_fails_loudly():
    def patch_code(data):
        # the function's second instruction, in the ELF only
        _, value = _symbol(data, b"cyw43_spi_transfer")
        data[_file_offset(data, (value & ~1) + 2)] ^= 0x01
    p = _run_with(_elf_with(patch_code))
    assert p.returncode == 2
    assert "does not match the image" in p.stderr, p.stderr
