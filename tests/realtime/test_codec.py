"""The WebSocket frame codec, handshake checks and SSE encoder: the same
vectors on CPython and on the host twin, against CPython's strict UTF-8
decoder and RFC 6455's examples."""
import json
import os
import subprocess
import sys

import pytest

from rt_helpers import MODULES, run_on_twin

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "codec_vectors.py")


def vectors(target):
    if target == "cpython":
        p = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, PYTHONPATH=MODULES))
    else:
        p = run_on_twin([SCRIPT])
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("VECTORS ")]
    assert p.returncode == 0 and line, p.stdout + p.stderr
    return json.loads(line[0][8:])


@pytest.fixture(scope="module", params=["cpython", "twin"])
def v(request):
    return vectors(request.param)


def test_utf8_is_strict(v):
    from codec_vectors import UTF8

    want = []
    for b in UTF8:
        try:
            b.decode("utf-8")
            want.append(list(b))
        except UnicodeDecodeError:
            want.append(None)
    assert v["utf8"] == want
    assert v["utf8_unmask"] == want  # the C module's check on the twin
    assert want.count(None) >= 15  # overlong, surrogates, > U+10FFFF, truncated, stray bytes


def test_rfc_examples(v):
    assert v["accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="  # RFC 6455 1.3
    assert bytes(v["mask"]) == b"\x7f\x9f\x4d\x51\x58"  # RFC 6455 5.7, masked "Hello"
    assert v["mask_roundtrip"] is True
    assert v["unmask"] == ["Hello", True]
    assert v["frames"] == [[0x81, 3, 0x68, 0xC3, 0xA9], [0x82, 126, 0, 200], 70010, [0x88, 2, 3, 232]]
    assert v["heads"] == [[0x81, 0], [0x81, 5], [0x81, 125], [0x81, 126, 0, 126], [0x81, 126, 255, 255],
                          [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]]


def test_close_frames(v):
    assert v["close"] == [3, 232] + list(b"bye") + [3, 243]
    assert v["close_long"] == [124, True]
    assert v["parse_close"] == [[1005, ""], [1000, ""], [4000, "hi"], 1002, 1002, 1007, 1002, 1002]


def test_handshake_checks(v):
    # valid; wrong Upgrade; no Upgrade in Connection; version 8 (426); bad keys; case-insensitive Upgrade
    assert v["handshake"] == [None, 400, 400, 426, 400, 400, None, 400, 400]


def test_sse_wire_format(v):
    assert v["sse"] == [
        ": hi\nevent: tick\ndata: a\ndata: b\ndata: c\nid: 7\nretry: 100\n\n",
        'data: {"n": 1}\nid: 1\n\n',
        "event: log\ndata: plain text\n\n",
        ": keep\n\n",
        'data: [1, "x"]\n\n',
    ]
    assert v["sse_bad"] == [True] * 5
