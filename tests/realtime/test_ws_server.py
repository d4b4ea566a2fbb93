"""WebSocket and SSE against the real server, on CPython and on the twin, with
real clients: the `websockets` library, raw sockets for hostile frames, httpx
alongside, and headless Chromium's own WebSocket and EventSource."""
import asyncio
import base64
import json
import os
import socket
import struct
import time

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from rt_clients import (HOSTILE, NONE_ITEMS, check_page_result, close_code, echo_connections, echo_messages,
                        frame, frames_of, handshake, send_frames, sse_body)
from rt_helpers import APP, Server


@pytest.fixture(scope="module", params=["cpython", "twin"])
def server(request):
    s = Server(request.param, APP)
    yield s
    s.stop()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


# ---- real clients, the happy paths
def test_echo_text_binary_fragmented_ping(server):
    async def go():
        async with websockets.connect(server.ws + "/echo", max_size=None) as ws:
            for m in ["hello", "h\u00e9llo \u2713 \U0001d11e", b"\x00\x01\xff", "x" * 125, "y" * 126,
                      "z" * 16000, b"b" * 5000, ""]:
                await ws.send(m)
                assert await ws.recv() == m
            await ws.send(["frag", "mented ", "\u00e9"])  # three frames, one message
            assert await ws.recv() == "fragmented \u00e9"
            await ws.send([b"a", b"b"])
            assert await ws.recv() == b"ab"
            latency = await ws.ping(b"are you there")
            await latency
        assert ws.close_code == 1000
    run(go())
    assert server.alive()


def test_json_path_query_headers_subprotocol_close_code(server):
    async def go():
        async with websockets.connect(server.ws + "/json") as ws:
            await ws.send(json.dumps({"a": [1, 2]}))
            assert json.loads(await ws.recv()) == {"got": {"a": [1, 2]}}
        async with websockets.connect(server.ws + "/items/7?q=abc", subprotocols=["chat"],
                                      additional_headers={"X-Test": "yes"}) as ws:
            assert ws.subprotocol == "chat"
            assert json.loads(await ws.recv()) == {"item_id": 7, "q": "abc", "ua": "yes"}
            await ws.send("one")
            assert await ws.recv() == "got one"
            await ws.send("bye")
            assert await ws.recv() == "got bye"
            with pytest.raises(ConnectionClosed):
                await ws.recv()
        assert (ws.close_code, ws.close_reason) == (4000, "done")
    run(go())


def test_iter_text_ends_on_client_close(server):
    async def go():
        async with websockets.connect(server.ws + "/items/1") as ws:
            await ws.recv()
            await ws.close(4002, "leaving")
        assert ws.close_code == 4002  # echoed
    run(go())
    with httpx.Client(base_url=server.url) as c:
        assert c.get("/").json() == {"hello": "world"}


def test_handler_error_is_1011_and_logged(server):
    async def go():
        async with websockets.connect(server.ws + "/boom") as ws:
            await ws.send("x")
            with pytest.raises(ConnectionClosed):
                await ws.recv()
        return ws.close_code
    assert run(go()) == 1011
    time.sleep(0.2)
    assert "boom for the console" in server.output()
    assert server.alive()


def test_refused_before_accept_is_403(server):
    async def go():
        with pytest.raises(InvalidStatus) as e:
            async with websockets.connect(server.ws + "/refuse"):
                pass
        return e.value.response.status_code
    assert run(go()) == 403


def test_handshake_checks(server):
    key = base64.b64encode(os.urandom(16)).decode()
    good = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key}
    with httpx.Client(base_url=server.url) as c:
        assert c.get("/echo").status_code == 404  # a plain GET to a WebSocket path, as Starlette
        r = c.get("/echo", headers=dict(good, **{"Sec-WebSocket-Version": "8"}))
        assert r.status_code == 426 and r.headers["sec-websocket-version"] == "13"
        assert c.get("/echo", headers=dict(good, **{"Sec-WebSocket-Key": "short"})).status_code == 400
        assert c.get("/echo", headers=dict(good, Connection="keep-alive")).status_code == 400
        assert c.post("/echo", headers=good).status_code == 400
        assert c.get("/nowhere", headers=good).status_code == 404
        assert c.get("/").json() == {"hello": "world"}  # the same keep-alive connection


# ---- hostile frames: each gets the RFC's close code (rt_clients.HOSTILE)
def _connect(server, path="/echo"):
    return handshake("127.0.0.1", server.port, path)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_frames(server, name):
    frames, want = HOSTILE[name]
    s = _connect(server)
    try:
        send_frames(s, frames)
        assert close_code(s) == want
    finally:
        s.close()
    with httpx.Client(base_url=server.url) as c:
        assert c.get("/").status_code == 200


def test_stalled_frame_is_closed_1008(server):
    # a frame head, then nothing: after read_timeout (2 s here) the server closes
    s = _connect(server)
    try:
        s.sendall(frame(1, b"hello")[:4])
        s.settimeout(8)
        t0 = time.time()
        assert close_code(s) == 1008
        assert time.time() - t0 < 6
    finally:
        s.close()


def test_slow_reader_is_dropped_and_others_served(server):
    # the client never reads what /flood sends: the server's writes stall and,
    # after read_timeout, it drops the connection; meanwhile HTTP is served
    s = _connect(server, "/flood")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        with httpx.Client(base_url=server.url, timeout=5) as c:
            for _ in range(5):
                assert c.get("/").json() == {"hello": "world"}
            t0 = time.time()
            while c.get("/mem").json()["conns"] > 1:  # only the httpx connection left
                assert time.time() - t0 < 10, "the stalled WebSocket was not dropped"
                time.sleep(0.2)
    finally:
        s.close()


# ---- alongside HTTP, and the connection limit
def test_keepalive_http_alongside(server):
    async def go():
        async with websockets.connect(server.ws + "/echo") as a, websockets.connect(server.ws + "/echo") as b:
            async with httpx.AsyncClient(base_url=server.url) as c:
                for i in range(20):
                    await a.send("a%d" % i)
                    r = await c.get("/")
                    await b.send("b%d" % i)
                    assert r.json() == {"hello": "world"}
                    assert await a.recv() == "a%d" % i and await b.recv() == "b%d" % i
                assert (await c.get("/mem")).json()["conns"] == 3
    run(go())


def test_connection_limit_counts_websockets():
    s = Server("cpython", APP, {"RT_MAXC": "3"})
    try:
        async def go():
            async with websockets.connect(s.ws + "/echo") as a, websockets.connect(s.ws + "/echo") as b, \
                    websockets.connect(s.ws + "/echo") as c:
                async with httpx.AsyncClient(base_url=s.url) as h:
                    assert (await h.get("/")).status_code == 503  # all three are busy: none is evicted
                for w in (a, b, c):
                    await w.send("still here")
                    assert await w.recv() == "still here"
            await asyncio.sleep(0.3)
            async with httpx.AsyncClient(base_url=s.url) as h:
                assert (await h.get("/")).status_code == 200
        run(go())
    finally:
        s.stop()


# ---- keep-alive pings (ws_ping_interval / ws_ping_timeout, 0.5 s each here)
@pytest.fixture(scope="module", params=["cpython", "twin"])
def pinging(request):
    s = Server(request.param, APP, env={"RT_WSPING": "0.5"})
    yield s
    s.stop()


def test_unanswered_ping_closes_1011(pinging):
    # a client that never answers (gone without a FIN, as far as the server
    # can tell): a ping while the handler waits, then close 1011
    s = _connect(pinging)
    s.settimeout(15)
    data = b""
    try:
        while True:
            try:
                d = s.recv(4096)
            except ConnectionResetError:
                break
            if not d:
                break
            data += d
    finally:
        s.close()
    frames = frames_of(data)
    assert frames[0] == (9, b""), frames
    assert frames[-1][0] == 8 and struct.unpack(">H", frames[-1][1][:2])[0] == 1011, frames
    assert frames[-1][1][2:] == b"keepalive ping timeout"
    with httpx.Client(base_url=pinging.url) as c:
        assert c.get("/").status_code == 200


def test_answered_pings_keep_the_connection(pinging):
    # the websockets library answers pings: idle for several ping intervals
    # and timeouts, the connection is still there
    async def go():
        async with websockets.connect(pinging.ws + "/echo", ping_interval=None) as ws:
            await asyncio.sleep(3)
            await ws.send("still here")
            return await ws.recv()

    assert run(go()) == "still here"


# ---- Server-Sent Events
def _sse_lines(server, path, headers=None):
    return sse_body(server.url, path, headers)


def test_sse_fields_and_resume(server):
    body = _sse_lines(server, "/events")
    assert body.startswith(": stream start\n\n")
    ev = [b for b in body.split("\n\n") if b.startswith("event:")]
    assert ev[0] == 'event: tick\ndata: {"n": 0, "last": null}\nid: 0\nretry: 100' or \
        ev[0] == 'event: tick\ndata: {"last": null, "n": 0}\nid: 0\nretry: 100'
    assert len(ev) == 3
    body = _sse_lines(server, "/events", {"Last-Event-ID": "2"})
    ids = [ln for ln in body.splitlines() if ln.startswith("id: ")]
    assert ids == ["id: 3", "id: 4", "id: 5"]
    assert _sse_lines(server, "/log") == "data: line one\n\ndata: line two\n\n"


def test_sse_keepalive_comments(server):
    body = _sse_lines(server, "/idle-events")
    assert body.startswith('data: {"first": true}\n\n')
    assert body.endswith('data: {"second": true}\n\n')
    assert body.count(": ping\n\n") >= 2  # every 0.3 s while the generator sleeps 1 s


def fastapi_none_items():
    """What the real FastAPI sends for rt_app's /none-events and /none-log
    (the same generators, written here for it)."""
    from fastapi import FastAPI
    from fastapi.sse import EventSourceResponse, ServerSentEvent
    from fastapi.testclient import TestClient

    ref = FastAPI()

    @ref.get("/none-events", response_class=EventSourceResponse)
    async def none_events():
        yield None
        await asyncio.sleep(0.01)
        yield None
        yield ServerSentEvent(data=None, event="empty")
        yield 0

    @ref.get("/none-log", response_class=EventSourceResponse)
    def none_log():
        yield None
        yield "x"

    c = TestClient(ref)
    return {p: c.get(p).text for p in NONE_ITEMS}


def test_sse_none_items_as_fastapi(server):
    want = fastapi_none_items()
    assert want == NONE_ITEMS  # (test_wifi_ws checks the board's against NONE_ITEMS)
    for p in NONE_ITEMS:
        assert _sse_lines(server, p) == want[p], p


# ---- the browser
def test_chromium_websocket_and_eventsource(server):
    from browser import page_value

    check_page_result(json.loads(page_value(server.url + "/page", timeout=40)))


# ---- memory (the twin: MicroPython's heap, as on the board)
def test_memory_flat_twin():
    s = Server("twin", APP)
    try:
        def free():
            with httpx.Client(base_url=s.url) as c:
                return c.get("/mem").json()["free"]

        run(echo_messages(s.ws, 50))
        run(echo_connections(s.ws, 5))
        f0 = free()
        run(echo_messages(s.ws, 1000))
        f1 = free()
        run(echo_connections(s.ws, 100))
        f2 = free()
        # the heap after 1,000 messages and after 100 connections is what it was
        assert f0 - f1 < 1024 and f0 - f2 < 1024, (f0, f1, f2)
        print("free heap: before", f0, "after 1000 messages", f1, "after 100 connections", f2)
    finally:
        s.stop()
