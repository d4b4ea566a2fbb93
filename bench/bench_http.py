#!/usr/bin/env python3
"""HTTP benchmark on the host twin (not a test): MicroFastApi vs Microdot 2.7
vs a bare asyncio server (the ceiling), same route GET /items/{id}?q=x returning
a small JSON dict, under wrk with 1 and 8 connections, wrk's default request and
9 browser headers, with and without keep-alive.

    python3 bench/bench_http.py [--twin firmware/build/unix/micropython] [--duration 10]
"""
import argparse
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

BROWSER = [
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "Accept-Language: en-US,en;q=0.5",
    "Accept-Encoding: gzip, deflate, br, zstd",
    "Referer: http://192.168.1.42/dashboard",
    "Cookie: session=6f1c2a9b8e7d4c3b2a19f8e7d6c5b4a3; theme=dark",
    "Upgrade-Insecure-Requests: 1",
    "Sec-Fetch-Dest: document",
    "Sec-Fetch-Mode: navigate",
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def start(twin, script, mpath, tmp):
    port = free_port()
    env = dict(os.environ)
    env.pop("MICROPYPATH", None)
    if mpath:
        env["MICROPYPATH"] = mpath
    env["MFA_PORT"] = str(port)
    env["MFA_HOST"] = "127.0.0.1"
    log = open(os.path.join(tmp, os.path.basename(script) + ".log"), "w")
    p = subprocess.Popen([twin, "-X", "heapsize=4M", script], cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return p, port
        except OSError:
            if p.poll() is not None:
                break
            time.sleep(0.05)
    p.kill()
    log.close()
    sys.exit("server {} did not start: {}".format(script, open(log.name).read()[-1000:]))


def wrk(port, conns, browser, close, duration):
    cmd = ["wrk", "-t1", "-c%d" % conns, "-d%ds" % duration, "--timeout", "5s"]
    for h in (BROWSER if browser else []):
        cmd += ["-H", h]
    if close:
        cmd += ["-H", "Connection: close"]
    cmd.append("http://127.0.0.1:%d/items/7?q=x" % port)
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    rate = float(m.group(1)) if m else 0.0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errs = re.search(r"Socket errors: (.*)", out)
    note = ""
    if bad:
        note += " non2xx=" + bad.group(1)
    if errs:
        note += " errors(" + errs.group(1) + ")"
    return rate, note


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--twin", default=os.environ.get("MFA_TWIN") or os.path.join(REPO, "firmware/build/unix/micropython"))
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--micropypath", default=os.environ.get("MFA_TWIN_MICROPYPATH", ""),
                    help="extra MICROPYPATH for MicroFastApi (only for an unfrozen twin)")
    a = ap.parse_args()
    if not os.path.exists(a.twin):
        sys.exit("twin {} missing: run 'make twin'".format(a.twin))
    if not shutil.which("wrk"):
        sys.exit("wrk missing (Debian package wrk)")
    spec = importlib.util.find_spec("microdot")
    if spec is None:
        sys.exit("microdot missing: run make deps-test (requirements-test.txt: microdot==2.7.0)")
    tmp = tempfile.mkdtemp(prefix="mfa-bench-")
    mdlib = os.path.join(tmp, "lib")
    shutil.copytree(os.path.dirname(spec.origin), os.path.join(mdlib, "microdot"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    servers = [
        ("microfastapi", os.path.join(HERE, "http_mfa.py"), a.micropypath),
        ("microdot", os.path.join(HERE, "http_microdot.py"), mdlib + ":" + (a.micropypath or ".frozen")),
        ("bare", os.path.join(HERE, "http_bare.py"), a.micropypath),
    ]
    print("twin: {}  duration: {} s  wrk -t1".format(a.twin, a.duration))
    results = {}
    for name, script, mpath in servers:
        p, port = start(a.twin, script, mpath, tmp)
        try:
            for close in (False, True):
                for browser in (False, True):
                    for conns in (1, 8):
                        rate, note = wrk(port, conns, browser, close, a.duration)
                        key = (close, browser, conns)
                        results.setdefault(key, {})[name] = rate
                        print("{:13s} {:10s} {:8s} c={}  {:9.0f} req/s{}".format(
                            name, "close" if close else "keep-alive", "browser" if browser else "default", conns, rate, note), flush=True)
        finally:
            p.terminate()
            p.wait()
    print()
    print("{:10s} {:8s} {:>3s} {:>10s} {:>10s} {:>10s} {:>9s} {:>9s}".format(
        "mode", "headers", "c", "mfa", "microdot", "bare", "mfa/md", "mfa/bare"))
    for key in sorted(results):
        close, browser, conns = key
        r = results[key]
        m, d, b = r.get("microfastapi", 0), r.get("microdot", 0), r.get("bare", 0)
        print("{:10s} {:8s} {:>3d} {:10.0f} {:10.0f} {:10.0f} {:9.2f} {:9.2f}".format(
            "close" if close else "keep-alive", "browser" if browser else "default", conns, m, d, b,
            m / d if d else 0, m / b if b else 0))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
