"""firmware/patches/micropython/0200-modlwip-deliver-data-before-accept.patch,
all of the data: a request that arrives in several segments before accept()
takes the connection, pipelined requests behind the handshake, and a client
that sends its request and closes its side at once are answered without
waiting for a retransmission (and answered at all: the half-closed cases). Stock modlwip refuses such data; lwIP then
holds the first segment and drops the next ones, which come again only with
the client's retransmission (200 ms on Linux and in the built-in gateway).

Built-in network, emulated time (exact): on the product image and, for
comparison, on the same build without the patch's delivery
(firmware/build-image.sh PICO_W_API stock-accept)."""
import json

import pytest

import wifiemu
from wifiemu import STOCK_ACCEPT as STOCK, client_data, http, items_server, split_responses

SERVER = items_server(r'''
@app.post("/echo")
def echo(body):
    return {"n": len(body["data"])}
''')

POST = http("POST", "/echo", [("Content-Type", "application/json")], json.dumps({"data": "y" * 3000}))
HEAD, _, _ = http("GET", "/items/7?q=split").partition(b"\r\n\r\n")
HEAD11, _, _ = http("GET", "/items/11").partition(b"\r\n\r\n")


def clients():
    c = {
        # one request in three segments, all right behind the handshake
        "segments": {"chunks": [(0, HEAD[:10]), (0, HEAD[10:30]), (0, HEAD[30:] + b"\r\n\r\n")], "hold_ms": 300},
        # a body larger than a segment (MSS): three segments at once
        "post3k": {"requests": [POST]},
        # three pipelined requests at once
        "pipelined": {"requests": [http("GET", "/items/%d" % i) for i in range(3)], "pipeline": True},
        # the request, then the client's FIN, before accept()
        "fin": {"chunks": [(0, http("GET", "/items/9", version="1.0"))]},
        # half-closed clients (request, then FIN at once: `nc -N`, a client
        # that shuts down its sending side) are still answered:
        # HTTP/1.1, the FIN right behind the request
        "half_close": {"requests": [http("GET", "/items/12")], "half_close": True},
        # the head's first bytes, then 10 ms later (after accept()) the rest with the FIN behind it
        "fin_after_accept": {"chunks": [(0, HEAD11[:10]), (10, HEAD11[10:] + b"\r\n\r\n")]},
    }
    order = list(c)
    out = []
    for i, k in enumerate(order):
        d = dict(c[k])
        if i:
            d.update(after=i - 1, at_ms=20)
        out.append(d)
    return order, out


def serve(image):
    order, cl = clients()
    d = wifiemu.run_steps([wifiemu.serve_step(SERVER, cl)], image_path=image)
    r = d["results"][0]
    assert not r["timed_out"], r["out"]
    return dict(zip(order, r["clients"]))


def answered_ms(c):
    """Connection open to the last answer's end (to the first byte for a raw client)."""
    if c["responses"]:
        return (c["responses"][-1]["done_ns"] - c["opened_ns"]) / 1e6
    return (c["first_data_ns"] - c["opened_ns"]) / 1e6


def answers(c):
    return [(s, json.loads(b)) for s, _, b in split_responses(client_data(c))]


@pytest.fixture(scope="module")
def patched():
    return serve(wifiemu.image())


# Patched: no segment is dropped, so nothing waits for the gateway's 200 ms
# retransmission timer; 50 ms leaves room for the device's own work.
def test_request_in_segments_before_accept(patched):
    c = patched["segments"]
    assert answers(c) == [(200, {"item_id": 7, "q": "split"})]
    assert c["retransmits"] == 0 and answered_ms(c) < 50, (c["retransmits"], answered_ms(c))


def test_body_larger_than_a_segment_before_accept(patched):
    c = patched["post3k"]
    assert answers(c) == [(200, {"n": 3000})]
    assert c["retransmits"] == 0 and answered_ms(c) < 50, (c["retransmits"], answered_ms(c))


def test_pipelined_before_accept(patched):
    c = patched["pipelined"]
    assert answers(c) == [(200, {"item_id": i, "q": None}) for i in range(3)]
    assert c["retransmits"] == 0 and answered_ms(c) < 50, (c["retransmits"], answered_ms(c))


def test_fin_before_accept(patched):
    """The request and the client's FIN both arrive before accept(): the
    request is answered, then the device closes its side, at once (stock
    lwIP holds the FIN with the refused data)."""
    c = patched["fin"]
    assert answers(c) == [(200, {"item_id": 9, "q": None})], c
    assert c["closed_by"] == "fin" and (c["closed_ns"] - c["opened_ns"]) / 1e6 < 50, c


def test_half_closed_client_is_answered(patched):
    """A client that sends its request and closes its sending side at once
    (HTTP/1.1, FIN right behind the request) gets its answer, then the
    device closes: the end of the client's data ends the connection, not
    the request in hand."""
    c = patched["half_close"]
    assert answers(c) == [(200, {"item_id": 12, "q": None})], c
    assert c["closed_by"] == "fin" and c["retransmits"] == 0, c


def test_fin_after_accept_is_answered(patched):
    """The same when the FIN comes with the request's last bytes after the
    server took the connection and read the first ones."""
    c = patched["fin_after_accept"]
    assert answers(c) == [(200, {"item_id": 11, "q": None})], c
    assert c["closed_by"] == "fin" and c["retransmits"] == 0, c


def test_stock_waits_for_retransmissions():
    """Without the patch's delivery the same clients are answered too, but
    only after the gateway sent the dropped segments again (200 ms)."""
    wifiemu.emu.need(STOCK, "the image without patch 0200", "run 'make stock-accept-image'")
    got = serve(STOCK)
    for k in ("segments", "post3k", "pipelined"):
        c = got[k]
        assert answers(c), (k, c)
        assert c["retransmits"] >= 1 and answered_ms(c) >= 200, (k, c["retransmits"], answered_ms(c))
