"""Headless Chromium driven over its DevTools protocol (with the `websockets`
client): open a page, wait until a JavaScript expression is truthy, return its
value. The page's own WebSocket and EventSource do the talking; nothing is
simulated. Loopback only (the debugging port listens on 127.0.0.1)."""
import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
import websockets

CHROMIUM = os.environ.get("MFA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0"]


async def _wait_value(url, expr, timeout):
    prof = tempfile.mkdtemp()
    p = subprocess.Popen([CHROMIUM] + FLAGS + ["--user-data-dir=" + prof, "about:blank"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        f = os.path.join(prof, "DevToolsActivePort")
        t0 = time.time()
        while not (os.path.exists(f) and open(f).read().strip()):
            assert p.poll() is None, "chromium exited"
            assert time.time() - t0 < 30, "chromium did not open its DevTools port"
            await asyncio.sleep(0.05)
        port = open(f).read().split()[0]
        tabs = json.loads(urllib.request.urlopen("http://127.0.0.1:%s/json" % port, timeout=10).read())
        target = [t for t in tabs if t["type"] == "page"][0]["webSocketDebuggerUrl"]
        async with websockets.connect(target, max_size=None) as cdp:
            n = 0

            async def call(method, **params):
                nonlocal n
                n += 1
                await cdp.send(json.dumps({"id": n, "method": method, "params": params}))
                while True:
                    m = json.loads(await cdp.recv())
                    if m.get("id") == n:
                        return m

            await call("Page.navigate", url=url)
            t0 = time.time()
            while time.time() - t0 < timeout:
                r = await call("Runtime.evaluate", expression=expr, returnByValue=True)
                v = r.get("result", {}).get("result", {}).get("value")
                if v:
                    return v
                await asyncio.sleep(0.1)
            return None
    finally:
        p.kill()
        p.wait()
        # Chromium's helpers may still write into the profile for a moment
        shutil.rmtree(prof, ignore_errors=True)


def page_value(url, expr="window.RESULT", timeout=30):
    """Open url in headless Chromium; the value of expr once it is truthy
    (a test fails if it never is)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing at {}: install Debian's chromium (make deps)".format(CHROMIUM))
    v = asyncio.run(_wait_value(url, expr, timeout))
    assert v, "{} stayed falsy for {} s on {}".format(expr, timeout, url)
    return v
