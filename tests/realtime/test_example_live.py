"""examples/live_temperature.py: the page from the server, the readings pushed
to headless Chromium over its WebSocket and its EventSource (CPython, twin)."""
import asyncio
import json
import os

import pytest
import websockets

from browser import page_value
from rt_helpers import REPO, Server

EXAMPLE = os.path.join(REPO, "examples", "live_temperature.py")


@pytest.mark.parametrize("target", ["cpython", "twin"])
def test_live_page(target):
    s = Server(target, EXAMPLE)
    try:
        r = page_value(s.url + "/", "READINGS.ws.length >= 2 && READINGS.sse.length >= 2 && JSON.stringify(READINGS)",
                       timeout=30)
        got = json.loads(r)
        assert all(15 < t < 40 for t in got["ws"] + got["sse"]), got

        async def one():
            async with websockets.connect(s.ws + "/ws") as ws:
                a = json.loads(await ws.recv())
                b = json.loads(await ws.recv())
                return a, b
        a, b = asyncio.run(asyncio.wait_for(one(), 10))
        assert (a["n"], b["n"]) == (1, 2) and isinstance(a["t"], float)
        assert s.alive()
        assert "Traceback" not in s.output(), s.output()
    finally:
        s.stop()
