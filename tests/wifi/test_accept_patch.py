"""firmware/patches/micropython/0200-modlwip-deliver-data-before-accept.patch:
a request that arrives right behind the handshake's ACK (as every HTTP
client sends it) is answered at once, where stock MicroPython held it until
lwIP's 250 ms timer. Measured in emulated time on the built-in network
(exact), on the product image and on the same build without the patch's
early delivery (firmware/build-image.sh PICO_W_API stock-accept)."""
import statistics

import wifiemu
from wifiemu import STOCK_ACCEPT as STOCK, http, items_server

SERVER = items_server()

N = 5
N_TAP = 9


def ttfb_ms(image):
    clients = [{"requests": [http("GET", "/items/%d" % i)]} for i in range(N)]
    for i in range(1, N):
        clients[i].update(after=i - 1, at_ms=10)
    d = wifiemu.run_steps([wifiemu.serve_step(SERVER, clients)], image_path=image)
    out = []
    for c in d["results"][0]["clients"]:
        r = c["responses"][0]
        assert r["status"] == 200
        out.append((r["first_ns"] - r["sent_ns"]) / 1e6)
    return out


def test_patched_answers_a_new_connection_at_once():
    t = ttfb_ms(wifiemu.image())
    assert max(t) <= 5, t


def test_stock_waits_for_lwips_timer():
    wifiemu.emu.need(STOCK, "the image without patch 0200", "run 'make stock-accept-image'")
    t = ttfb_ms(STOCK)
    # lwIP offers refused data again from its 250 ms timer (or the client's
    # 200 ms retransmission, whichever comes first): every connection misses
    # the 5 ms the patched image keeps, most by far
    assert min(t) > 5 and statistics.median(t) >= 90, t


def test_patched_with_real_clients_over_tap():
    """curl in a network namespace of its own: connect to first byte.

    Over TAP the emulator is paced by the host's wall clock, so one request
    can be late because the host was busy (a CI run once saw 115 ms for 1 of
    5). What the patch changes is every new connection: stock MicroPython
    holds each request until lwIP's 250 ms timer or the client's 200 ms
    retransmission. So the test asserts on the median of several connections,
    which a single host hiccup cannot move, and keeps the exact per-request
    bound for emulated time (test_patched_answers_a_new_connection_at_once)."""
    import subprocess
    wifiemu.need_tap()
    times = []
    with wifiemu.NetNs() as ns:
        dev = wifiemu.TapDevice(ns, SERVER)
        try:
            dev.wait_http("http://192.168.7.2/items/1")
            for i in range(N_TAP):
                r = subprocess.run(["curl", "-s", "-o", "/dev/null",
                                    "-w", "%{http_code} %{time_connect} %{time_starttransfer}",
                                    "--max-time", "10", "http://192.168.7.2/items/%d" % i],
                                   capture_output=True, text=True)
                code, c, f = r.stdout.split()
                assert code == "200", r.stdout
                times.append(float(f) - float(c))
        finally:
            dev.stop()
    # the stock image's median is 193 ms in emulated time; the patched one's 2 ms
    assert statistics.median(times) < 0.05, times
