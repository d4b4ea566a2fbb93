"""Headless Chromium driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so a
test can load a page, look at it, and click like a user (a real mouse event
at the element's position). No websocket client needed."""
import json
import os
import subprocess
import tempfile
import time


class Browser:
    def __init__(self, chromium, flags, timeout=60):
        self.profile = tempfile.TemporaryDirectory()
        to_r, to_w = os.pipe()    # we write, Chromium reads on fd 3
        from_r, from_w = os.pipe()  # Chromium writes on fd 4
        os.set_inheritable(to_r, True)
        os.set_inheritable(from_w, True)

        def fds():
            # (after this the child closes every fd but pass_fds: so 3 and 4 are in it)
            a, b = os.dup(to_r), os.dup(from_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        flags = [f for f in flags if not f.startswith("--virtual-time-budget")]
        self.proc = subprocess.Popen(
            [chromium] + flags + ["--remote-debugging-pipe", "--user-data-dir=" + self.profile.name, "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.w = os.fdopen(to_w, "wb", buffering=0)
        self.r = os.fdopen(from_r, "rb", buffering=0)
        self.buf = b""
        self.next_id = 0
        self.timeout = timeout
        targets = self.call("Target.getTargets")["targetInfos"]
        page = [t for t in targets if t["type"] == "page"][0]
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Network.enable", session=True)
        self.requests = []  # (method, url) of every request the page sent

    def _read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read(65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b"\0")
        return json.loads(msg)

    def call(self, method, session=False, **params):
        self.next_id += 1
        m = {"id": self.next_id, "method": method, "params": params}
        if session:
            m["sessionId"] = self.session
        self.w.write(json.dumps(m).encode() + b"\0")
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            r = self._read()
            if r.get("method") == "Network.requestWillBeSent":
                q = r["params"]["request"]
                self.requests.append((q["method"], q["url"]))
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError("{}: {}".format(method, r["error"]))
                return r.get("result", {})
        raise TimeoutError(method)

    def js(self, expr):
        r = self.call("Runtime.evaluate", session=True, expression=expr, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("page JS failed: {}".format(r["exceptionDetails"]))
        return r["result"].get("value")

    def goto(self, url):
        self.call("Page.navigate", session=True, url=url)

    def wait(self, expr, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.js(expr)
            if v:
                return v
            time.sleep(0.1)
        raise TimeoutError(expr)

    def click(self, selector):
        """A real mouse click at the centre of the element (scrolled into view)."""
        rect = self.js("(function(){var e=document.querySelector(%s); e.scrollIntoView({block:'center'});"
                       "var r=e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];})()"
                       % json.dumps(selector))
        x, y = rect
        for t in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=t, x=x, y=y, button="left", clickCount=1)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.w.close()
        self.r.close()
        self.profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()
