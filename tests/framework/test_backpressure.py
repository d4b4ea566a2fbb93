"""A client that sends many pipelined requests and reads nothing for a while:
the server's socket fills up, so a fast answer is only partly taken by the
socket's write() and the rest must go out through the stream's drain()
(server._loop's direct socket write on MicroPython, then its fallback).
Every answer must arrive whole and in order once the client reads."""
import json
import socket
import time

import pytest

from conftest import Server

PAD = 3800  # each answer ~3.9 KB: under the 4 KB the server writes straight to its socket


def wmem_max():
    # the most Linux lets a TCP socket's send buffer grow to
    try:
        with open("/proc/sys/net/ipv4/tcp_wmem") as f:
            return int(f.read().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 << 20


# more answers than the server's socket can hold (its send buffer at its
# largest, plus 1 MB), so that some write() takes only part of an answer
N = (wmem_max() + (1 << 20)) // PAD + 1

APP = r'''
from microfastapi import MicroFastApi

app = MicroFastApi(max_requests_per_connection=%d)
PAD = "x" * %d


@app.get("/n/{i:int}")
def n(i):
    return {"i": i, "pad": PAD}


app.run()
''' % (N + 1, PAD)


@pytest.fixture(params=["cpython", "twin"])
def srv(request, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(APP)
    s = Server(request.param, str(script))
    yield s
    s.stop()


def read_answers(sock, n):
    data = b""
    answers = []
    while len(answers) < n:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin1")
            length = int(head.lower().split("content-length:")[1].split("\r\n")[0])
            if len(data) >= head_end + 4 + length:
                answers.append((head.split(" ", 2)[1], data[head_end + 4:head_end + 4 + length]))
                data = data[head_end + 4 + length:]
                continue
        b = sock.recv(65536)
        if not b:
            break
        data += b
    return answers, data


def test_pipelined_answers_while_the_client_does_not_read(srv):
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # a small receive window, so that the answers back up into the
    # server's socket instead of the client's
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    c.settimeout(30)
    c.connect(("127.0.0.1", srv.port))
    try:
        c.sendall(b"".join(b"GET /n/%d HTTP/1.1\r\nHost: t\r\n\r\n" % i for i in range(N)))
        time.sleep(1)  # not a bound: gives the server time to fill its socket
        answers, rest = read_answers(c, N)
    finally:
        c.close()
    assert len(answers) == N, (len(answers), rest[:200], srv.output()[-2000:])
    for i, (status, body) in enumerate(answers):
        assert status == "200", (i, status)
        assert json.loads(body) == {"i": i, "pad": "x" * PAD}, i
    assert rest == b""
