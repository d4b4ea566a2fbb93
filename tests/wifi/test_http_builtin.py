"""HTTP over the emulated Wi-Fi, root-less and deterministic: the built-in
gateway opens TCP connections to the device's real server (cyw43-driver,
lwIP, asyncio, the framework) in emulated time. One boot serves every case.

Times below are emulated (the device's clock), so they are exact and the same
on every machine."""
import json
import os
import sys

import pytest

import wifiemu
from wifiemu import CONNECT, http, split_responses, client_data

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "target"))
from appcode import APP, REQUESTS  # noqa: E402

MS = 1_000_000

SERVER = CONNECT + APP + r'''
import gc, asyncio

@app.get("/big")
def big(n: int = 20000):
    return {"data": "x" * int(n)}

@app.get("/bigparts")
def bigparts(n: int = 60000):
    # n bytes of JSON text from 1 KB strings (the app needs no n-byte block)
    return {"data": ["%04d" % i + "x" * 996 for i in range(int(n) // 1000)]}

@app.get("/bigparts_async")
async def bigparts_async(n: int = 60000):
    return {"data": ["%04d" % i + "x" * 996 for i in range(int(n) // 1000)]}

@app.get("/biglist")
def biglist(n: int = 60):
    return ["%04d" % i + "-" * 996 for i in range(int(n))]

@app.get("/slow")
async def slow():
    await asyncio.sleep(2)
    return {"slow": True}

@app.get("/heap")
def heap():
    gc.collect()
    return {"free": gc.mem_free()}

app.run(port=80, access_log=False)
'''

GET = http("GET", "/items/42?q=abc")

# the TestClient cases of tests/target/appcode.py, over TCP
CASES = [
    ("GET", "/", None), ("GET", "/items/42?q=abc", None), ("GET", "/items/42?q=a%20b+c", None),
    ("GET", "/items/x", None), ("GET", "/sensors/?userId=7", None), ("GET", "/sensors/?userId=x", None),
    ("GET", "/sensors/", None), ("GET", "/ratio/2.5?scale=0.5", None), ("GET", "/nope", None),
    ("DELETE", "/", None), ("POST", "/items", {"name": "pen", "price": 1.5, "tags": ["a", "b"]}),
    ("POST", "/items", {"price": 2}), ("GET", "/boom", None), ("HEAD", "/", None), ("HEAD", "/items/7", None),
]


def case_request(m, p, body):
    if body is None:
        return http(m, p)
    return http(m, p, [("Content-Type", "application/json")], json.dumps(body))


BIG_POST = json.dumps({"name": "widget", "blob": "y" * 7000})  # max_body_size is 8 KB


def clients():
    """name -> client spec; run one after the other (each `after` the last)."""
    c = {}
    for i, (m, p, body) in enumerate(CASES):
        c["case%d" % i] = {"requests": [case_request(m, p, body)]}
    c["keepalive"] = {"requests": [GET] * 5}
    c["pipeline"] = {"requests": [GET, http("GET", "/"), http("GET", "/items/7")], "pipeline": True}
    # four pipelined answers of almost 4 KB each (the server writes an answer
    # of up to 4 KB to the socket itself), back to back without a wait
    c["pipeline4k"] = {"requests": [http("GET", "/big?n=3900")] * 4 + [GET], "pipeline": True}
    c["414"] = {"requests": [http("GET", "/" + "a" * 1100)]}
    c["431"] = {"requests": [http("GET", "/", [("X-Long", "b" * 2100)])]}
    c["413"] = {"requests": [http("POST", "/items", [("Content-Type", "application/json")], "{" + " " * 17000 + "}")]}
    c["408"] = {"chunks": [(0, b"GET / HTTP/1.1\r\nHost: x\r\n")], "hold_ms": 15000}
    c["idle"] = {"chunks": [], "hold_ms": 10000}
    c["post7k"] = {"requests": [http("POST", "/items", [("Content-Type", "application/json")], BIG_POST)]}
    c["big20k"] = {"requests": [http("GET", "/big?n=20000")]}
    c["big60k"] = {"requests": [http("GET", "/bigparts?n=60000")]}
    c["big60k_async"] = {"requests": [http("GET", "/bigparts_async?n=60000"), http("GET", "/items/1")]}
    c["big60k_http10"] = {"requests": [http("GET", "/bigparts?n=60000", version="1.0")]}
    c["biglist60k"] = {"requests": [http("GET", "/biglist?n=60"), http("GET", "/items/1")]}
    c["heap0"] = {"requests": [http("GET", "/heap")]}
    for i in range(10):
        c["loop%d" % i] = {"requests": [GET] * 100}
    c["heap1"] = {"requests": [http("GET", "/heap")]}
    return c


def concurrent_clients(first):
    """Started together, after the sequential ones."""
    c = {}
    # 8 keep-alive clients at once: the connection limit
    for i in range(8):
        c["conc%d" % i] = {"requests": [GET] * 5, "after": first}
    # 8 clients busy in a slow handler, then a 9th: 503
    for i in range(8):
        c["busy%d" % i] = {"requests": [http("GET", "/slow")], "after": first, "at_ms": 500}
    c["over"] = {"requests": [GET], "after": first, "at_ms": 1000}
    return c


def slow_clients(first):
    # 12 slow clients trickle their heads one byte every 300 ms; a normal
    # client arriving after them still gets in (the server evicts the oldest)
    c = {}
    head = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    for i in range(12):
        c["slow%d" % i] = {"chunks": [(300 * k, head[k:k + 1]) for k in range(20)], "after": first, "at_ms": 100 + 10 * i}
    c["late"] = {"requests": [GET], "after": first, "at_ms": 1500}
    return c


@pytest.fixture(scope="module")
def served():
    specs = clients()
    names = list(specs)
    cl = []
    for i, n in enumerate(names):
        s = dict(specs[n])
        if i:
            s["after"] = i - 1
            s["at_ms"] = 0
        cl.append(s)
    last = len(names) - 1
    conc = concurrent_clients(last)
    names += list(conc)
    cl += list(conc.values())
    slow = slow_clients(names.index("busy7"))
    names += list(slow)
    cl += list(slow.values())
    d = wifiemu.run_steps([wifiemu.serve_step(SERVER, cl, timeout_ms=300000)])
    r = d["results"][0]
    if r["timed_out"]:
        state = ["{}: {}".format(n, None if c is None else (c["opened_ns"], c["closed_by"], [x.get("status") for x in c["responses"]],
                                                           len(client_data(c))))
                 for n, c in zip(names, r["clients"])]
        pytest.fail("clients did not finish:\n" + "\n".join(state) + "\n" + r["out"][-2000:])
    return dict(zip(names, r["clients"])), r


def responses(c):
    return split_responses(client_data(c))


@pytest.fixture(scope="module")
def twin_cases():
    out, err, rc = wifiemu.emu.run_twin("import microfastapi\n" + APP + REQUESTS)
    assert rc == 0, err
    return [json.loads(l[7:]) for l in out.splitlines() if l.startswith("RESULT ")]


def test_testclient_cases_over_tcp(served, twin_cases):
    got = served[0]
    assert len(twin_cases) == len(CASES)
    for i, (m, p, body) in enumerate(CASES):
        rs = responses(got["case%d" % i])
        assert len(rs) == 1, (m, p, client_data(got["case%d" % i]))
        status, hdrs, data = rs[0]
        tm, tp, tstatus, theaders, ttext, tjson = twin_cases[i]
        assert (m, p) == (tm, tp)
        assert status == tstatus, (m, p, status, tstatus)
        if tjson is not None:
            assert json.loads(data) == tjson, (m, p, data)
        else:
            assert data.decode() == ("" if m == "HEAD" else ttext), (m, p, data)
        assert hdrs.get("content-type") == dict(theaders).get("content-type"), (m, p)


def test_keepalive(served):
    c = served[0]["keepalive"]
    rs = responses(c)
    assert [s for s, _, _ in rs] == [200] * 5
    assert all(b == b'{"item_id": 42, "q": "abc"}' for _, _, b in rs)
    assert [r["status"] for r in c["responses"]] == [200] * 5


def test_pipelining(served):
    rs = responses(served[0]["pipeline"])
    assert [b for _, _, b in rs] == [b'{"item_id": 42, "q": "abc"}', b'{"Hello": "World"}', b'{"item_id": 7, "q": null}']


def test_pipelined_4k_answers(served):
    rs = responses(served[0]["pipeline4k"])
    assert [s for s, _, _ in rs] == [200] * 5
    big = {"data": "x" * 3900}
    assert [json.loads(b) for _, _, b in rs[:4]] == [big] * 4
    assert rs[4][2] == b'{"item_id": 42, "q": "abc"}'


@pytest.mark.parametrize("status", [414, 431, 413])
def test_limits(served, status):
    rs = responses(served[0][str(status)])
    assert rs and rs[0][0] == status, client_data(served[0][str(status)])


def test_408_slow_head(served):
    c = served[0]["408"]
    rs = responses(c)
    assert rs and rs[0][0] == 408, client_data(c)
    # read_timeout is 10 s; the reaper looks every 1.25 s
    took = (c["closed_ns"] - c["opened_ns"]) / MS
    assert 10000 <= took <= 11500, took


def test_idle_connection_closed_on_time(served):
    c = served[0]["idle"]
    assert c["closed_by"] == "fin" and not client_data(c)
    # keepalive_timeout is 5 s before the first request too
    took = (c["closed_ns"] - c["opened_ns"]) / MS
    assert 5000 <= took <= 6500, took


def test_large_bodies_both_ways(served):
    rs = responses(served[0]["post7k"])
    assert rs[0][0] == 201 and json.loads(rs[0][2]) == json.loads(BIG_POST)
    rs = responses(served[0]["big20k"])
    assert rs[0][0] == 200 and json.loads(rs[0][2]) == {"data": "x" * 20000}


def test_60k_json_response_streamed(served):
    """A 60 KB JSON answer (a dict holding 60 strings of 1 KB) does not fit
    the Pico W's heap built whole: it is sent as it is written (chunked on
    HTTP/1.1, until close on HTTP/1.0). The strings leave the heap in 1 KB
    holes: the pieces are small enough for them."""
    got = served[0]
    want = {"data": ["%04d" % i + "x" * 996 for i in range(60)]}
    c = got["big60k"]
    assert c["responses"][0]["status"] == 200
    raw = client_data(c)
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"transfer-encoding: chunked" in head.lower(), head
    assert json.loads(dechunk(body)) == want
    c = got["big60k_async"]
    assert [r["status"] for r in c["responses"]] == [200, 200]  # and the connection stays usable
    c = got["big60k_http10"]
    head, _, body = client_data(c).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") and json.loads(body) == want


def test_60k_json_list_streamed(served):
    """A list of 60 strings of 1 KB (61 KB of JSON): the strings fit, their
    text whole does not; it is streamed in small pieces, and the connection
    stays usable."""
    c = served[0]["biglist60k"]
    assert [r["status"] for r in c["responses"]] == [200, 200]
    head, _, body = client_data(c).partition(b"\r\n\r\n")
    assert b"transfer-encoding: chunked" in head.lower(), head
    text = dechunk(body)
    want = ["%04d" % i + "-" * 996 for i in range(60)]
    assert len(text) > 60000 and json.loads(text) == want


def dechunk(b):
    out = b""
    while True:
        n, _, rest = b.partition(b"\r\n")
        n = int(n, 16)
        if not n:
            return out
        out += rest[:n]
        b = rest[n + 2:]


def test_heap_flat_over_1000_requests(served):
    got = served[0]
    for i in range(10):
        assert [s for s, _, _ in responses(got["loop%d" % i])] == [200] * 100
    f0 = json.loads(responses(got["heap0"])[0][2])["free"]
    f1 = json.loads(responses(got["heap1"])[0][2])["free"]
    assert f1 >= f0 - 512, (f0, f1)  # no growth in use (more free is fine)


def test_concurrent_at_the_connection_limit(served):
    got = served[0]
    for i in range(8):
        assert [s for s, _, _ in responses(got["conc%d" % i])] == [200] * 5, i


def test_503_when_all_busy(served):
    got = served[0]
    assert all(responses(got["busy%d" % i])[0][0] == 200 for i in range(8))
    assert responses(got["over"])[0][0] == 503


def test_slow_clients_do_not_lock_out(served):
    got = served[0]
    rs = responses(got["late"])
    assert rs and rs[0][0] == 200, got["late"]
