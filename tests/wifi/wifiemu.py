"""The Pico W image over its emulated Wi-Fi (emu/cyw43): helpers for the tests
and for bench/bench_wifi.py.

Two tiers:
- built-in network (root-less, deterministic): emu/run.mjs --net builtin;
  the gateway in JS answers ARP/DHCP and opens TCP connections to the
  device in emulated time ("serve" steps, see emu/cyw43/serve.mjs).
- TAP (needs root and /dev/net/tun): NetNs makes a network namespace of its
  own for this process's thread, with tap0 = 192.168.7.1/24 inside it; the
  device gets 192.168.7.2 by DHCP. Real clients (curl, httpx, sockets) talk to
  it from inside the namespace; nothing outside it is touched.
"""
import base64
import ctypes
import fcntl
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "target"))
import emu  # noqa: E402  (tests/target/emu.py: paths, need_*)

ROOT = emu.ROOT
RUN = os.path.join(ROOT, "emu", "run.mjs")
SSID, PASSWORD = "mfa-test", "correct horse"
DEV_IP, GW_IP = "192.168.7.2", "192.168.7.1"
WIFI = ["--wifi", "{}:{}:6".format(SSID, PASSWORD), "--wifi", "open-ap::11"]

# device code: join the emulated AP
CONNECT = r'''
import network, time
wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect(%r, %r)
_t = time.ticks_ms()
while 0 <= wlan.status() < 3 and time.ticks_diff(time.ticks_ms(), _t) < 10000:
    time.sleep_ms(10)
''' % (SSID, PASSWORD)


# the Pico W image built without patch 0200's early delivery (stock modlwip
# accept), for the before/after comparisons: make stock-accept-image
STOCK_ACCEPT = os.path.join(ROOT, "firmware", "build", "PICO_W_API-stock-accept", "firmware.uf2")

# device code after CONNECT: the app of the accept tests and make bench-wifi,
# GET /items/{item_id:int} and the caller's own routes, served on port 80
ITEMS_APP = r'''
from microfastapi import MicroFastApi
app = MicroFastApi()

@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    return {"item_id": item_id, "q": q}
'''


def items_server(routes=""):
    """CONNECT, then ITEMS_APP with `routes` (source text) added, run on port 80."""
    return CONNECT + ITEMS_APP + routes + "\napp.run(port=80, access_log=False)\n"


def image():
    img = emu.need_image()
    elf = img[:-4] + ".elf"
    emu.need(elf, "the Pico W image's ELF", "run 'make firmware BOARD=PICO_W_API'")
    return img


def b64(data):
    if isinstance(data, str):
        data = data.encode("latin1")
    return base64.b64encode(data).decode()


def run_steps(steps, extra=(), timeout=600, image_path=None, check=True):
    """One boot, steps run in order (see emu/run.mjs); returns its JSON summary."""
    img = image_path or image()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(steps, f)
        name = f.name
    try:
        p = subprocess.run(["node", RUN, img, "--steps", name, "--timeout", str(timeout)] + WIFI + list(extra),
                           capture_output=True, text=True, timeout=timeout + 60)
    finally:
        os.unlink(name)
    if p.returncode not in ((0, 1) if check else (0, 1, 2)) or not p.stdout.strip():
        raise RuntimeError("run.mjs failed ({}): {}{}".format(p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    d = json.loads(p.stdout)
    if check and d["failure"]:
        raise RuntimeError("run.mjs: {}\nradio log tail: {}".format(d["failure"], (d.get("wifi") or {}).get("log", [])[-20:]))
    return d


def http(method, path, headers=(), body=b"", version="1.1"):
    if isinstance(body, str):
        body = body.encode()
    h = ["{} {} HTTP/{}".format(method, path, version), "Host: " + DEV_IP]
    h += ["{}: {}".format(k, v) for k, v in headers]
    if body:
        h.append("Content-Length: {}".format(len(body)))
    return ("\r\n".join(h) + "\r\n\r\n").encode("latin1") + body


def serve_step(code, clients, marker="running on", events=(), timeout_ms=60000):
    """A "serve" step: `code` serves (prints `marker` when it starts); clients
    are dicts as in emu/cyw43/serve.mjs, requests given as bytes here."""
    cl = []
    for c in clients:
        c = dict(c)
        if "requests" in c:
            c["requests"] = [b64(r) for r in c["requests"]]
        if "chunks" in c:
            c["chunks"] = [{"at_ms": t, "data_b64": b64(d)} for t, d in c["chunks"]]
        c.setdefault("at_ms", 50)  # the server listens right after it prints the marker
        cl.append(c)
    return {"serve": code, "marker": marker, "clients": cl, "events": list(events), "timeout_ms": timeout_ms}


def client_data(c):
    return base64.b64decode(c["data_b64"])


def split_responses(data):
    """Complete HTTP responses in data (bytes) -> [(status, headers dict, body)]."""
    out = []
    while data:
        h = data.find(b"\r\n\r\n")
        if h < 0:
            break
        head = data[:h].decode("latin1").split("\r\n")
        hdrs = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            hdrs[k.strip().lower()] = v.strip()
        n = int(hdrs.get("content-length", len(data) - h - 4))
        out.append((int(head[0].split()[1]), hdrs, data[h + 4:h + 4 + n]))
        data = data[h + 4 + n:]
    return out


# ---- the TAP tier ------------------------------------------------------------

CLONE_NEWNET = 0x40000000
TUNSETIFF, IFF_TAP, IFF_NO_PI = 0x400454CA, 0x0002, 0x1000


def tap_unavailable():
    """Why the TAP tier cannot run here, or None."""
    if os.geteuid() != 0:
        return "not root (the TAP tier needs CAP_NET_ADMIN to make a network namespace and a TAP device)"
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun is missing"
    for tool in ("ip", "curl"):
        if not shutil.which(tool):
            return "{} is not installed".format(tool)
    return None


def need_tap():
    """In a test of the TAP tier: fail saying why it cannot run here
    (MFA_SKIP_TAP=1: skip, loudly, instead; never a pass)."""
    import pytest

    why = tap_unavailable()
    if why:
        msg = "TAP tier cannot run here: " + why
        print("\n*** " + msg + " ***", file=sys.stderr)
        if os.environ.get("MFA_SKIP_TAP") == "1":
            pytest.skip(msg + " (MFA_SKIP_TAP=1)")
        pytest.fail(msg + " (set MFA_SKIP_TAP=1 to skip it loudly instead)")


class NetNs:
    """A network namespace of its own for the calling thread (and what it
    starts: subprocesses, threads), with lo up and tap0 = 192.168.7.1/24.
    Leaving it returns the thread to the namespace it came from; the new one
    disappears with its last user. Use it from the main thread."""

    def __enter__(self):
        libc = ctypes.CDLL(None, use_errno=True)
        self._libc = libc
        self._home = os.open("/proc/self/ns/net", os.O_RDONLY)
        if libc.unshare(CLONE_NEWNET) != 0:
            os.close(self._home)
            raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET)")
        try:
            self.tap = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
            fcntl.ioctl(self.tap, TUNSETIFF, struct.pack("16sH", b"tap0", IFF_TAP | IFF_NO_PI))
            for c in ("ip link set lo up", "ip addr add {}/24 dev tap0".format(GW_IP), "ip link set tap0 up"):
                subprocess.run(c.split(), check=True)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if getattr(self, "tap", None) is not None:
            os.close(self.tap)
            self.tap = None
        if self._libc.setns(self._home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back to the original network namespace")
        os.close(self._home)


class TapDevice:
    """The image booted with its radio bridged to tap0 in a NetNs, running
    `script` (which serves); stop() ends the emulator and returns its output."""

    def __init__(self, ns, script, timeout=600, extra=()):
        self.dir = tempfile.mkdtemp(prefix="mfa-wifi-")
        self.stop_file = os.path.join(self.dir, "stop")
        path = os.path.join(self.dir, "main_script.py")
        with open(path, "w") as f:
            f.write(script)
        self.proc = subprocess.Popen(
            ["node", RUN, image(), path, "--net", "tap:%d" % ns.tap, "--stop-file", self.stop_file,
             "--timeout", str(timeout), "--json"] + WIFI + list(extra),
            pass_fds=(ns.tap,), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait_http(self, url, seconds=60):
        t0 = time.time()
        while time.time() - t0 < seconds:
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise RuntimeError("the emulator ended before serving: {}{}".format(out[-3000:], err[-3000:]))
            r = subprocess.run(["curl", "-s", "-o", "/dev/null", "--max-time", "2", url], capture_output=True)
            if r.returncode == 0:
                return time.time() - t0
            time.sleep(0.2)
        raise RuntimeError("the device never answered {} within {} s".format(url, seconds))

    def stop(self):
        open(self.stop_file, "w").close()
        try:
            out, err = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        shutil.rmtree(self.dir, ignore_errors=True)
        try:
            return json.loads(out)
        except ValueError:
            raise RuntimeError("emulator output not JSON: {}{}".format(out[-2000:], err[-2000:]))
