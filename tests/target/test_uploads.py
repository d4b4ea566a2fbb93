"""Uploads on the emulated Pico W (rp2040js): multipart bodies streamed on
the board, files spooled to its flash file system (littlefs, /tmp).

On the image as flashed (firmware/build/PICO_W_API/firmware.uf2, the stock
848 KiB file system):
- an upload as large as that file system holds (512 KB) lands intact
  through microfastapi.multipart.parse_form (sha256 of what was sent ==
  sha256 of the file on flash) while the free heap (collected, sampled at
  every chunk: the live heap) never drops below FLOOR;
- a 1 MB upload pushed through the SERVER's connection loop gets 413 (the
  flash is full) and leaves nothing on flash;
- malformed bodies (no boundary, truncated part, huge part headers, a part
  or a file past its limit) get 400/413 and leave no file;
- a client gone mid-upload leaves no file.
On the same image built with the largest file system it leaves room for
(`make firmware FS_KB=max`: firmware/build/PICO_W_API-fsmax/firmware.uf2,
PICO_W_FSMAX_UF2 to override), serving over its emulated Wi-Fi
(tests/wifi/wifiemu.py, built-in network: the emulator's gateway is a real
TCP client of the device's server, through the emulated CYW43439,
cyw43-driver and lwIP):
- a 1 MiB multipart upload lands intact on flash (the handler reads its
  spooled file back from flash and hashes it: == sha256 of what was sent),
  the live heap (collected, sampled every 100 ms of emulated time) stays
  above FLOOR, and the file is gone after the response.
"Through the server's connection loop" (the default image's 1 MB case):
Server.handle(reader, writer), the code every socket connection runs, with
the reader generating the request on the board instead of lwIP.
In the parse_form and Server.handle cases the body is made chunk by chunk
on the board (1460-byte pieces, a TCP segment's worth), never whole in RAM."""
import json

import pytest

import emu

FLOOR = 64 * 1024  # free heap never below this during the 512 KB and 1 MiB uploads
UPLOAD_HEAP = 16 * 1024  # nor more than this below its level before the 512 KB upload

# The upload route both boards serve (needs app, os, hashlib and hexd): what
# landed on flash, the spooled file read back and hashed
UPLOAD_ROUTE = r'''
@app.post("/upload")
async def upload(note: str = Form(), file: UploadFile = File()):
    # what landed on flash: the spooled file, read back and hashed
    f = file.file
    f.flush()  # (littlefs reports a file's size as of its last sync)
    on_flash = os.stat(f.path)[6] if f.rolled else None
    h = hashlib.sha256()
    await file.seek(0)
    while True:
        b = await file.read(4096)
        if not b:
            break
        h.update(b)
    return {"note": note, "filename": file.filename, "size": file.size,
            "on_flash": on_flash, "sha256": hexd(h.digest())}
'''

# An app with an upload route, and Server.handle fed a multipart request
# generated chunk by chunk (needs BOARD_CODE's Upload).
SERVER_UPLOAD = r'''
from microfastapi import MicroFastApi, Form, File, UploadFile
from microfastapi.server import Server
from microfastapi.testing import MemoryStream

app = MicroFastApi()

''' + UPLOAD_ROUTE + r'''
def upload_through_server(size):
    # -> (status, JSON body or text, lowest live heap during the upload,
    #     sha256 of the file bytes sent)
    import json
    n = len(HEAD) + size + len(TAIL)
    head = ("POST /upload HTTP/1.1\r\nHost: pico\r\nContent-Type: " + CT +
            "\r\nContent-Length: " + str(n) + "\r\nConnection: close\r\n\r\n").encode()
    up = Upload(size, head=head)
    # the connection's two ends: the server reads the request head and
    # Upload's chunks, one at a time, and its answer is kept in conn.out
    conn = MemoryStream(up, peer=("10.0.0.2", 5000))
    asyncio.run(Server(app).handle(conn, conn))
    raw = b"".join(conn.out)
    head, _, body = raw.partition(b"\r\n\r\n")
    st = int(head.split(b" ", 2)[1]) if head else 0
    try:
        body = json.loads(body)
    except ValueError:
        body = body.decode()
    return st, body, up.low, hexd(up.h.digest())
'''

PRELUDE = r'''
import gc, os, hashlib
import asyncio
from microfastapi.multipart import parse_form, FormError, FormLimits
from microfastapi.datastructures import upload_dir, SPOOL_PREFIX

B = b"----mfaBoundaryPicoW"
CT = "multipart/form-data; boundary=" + B.decode()
HEAD = (b"--" + B + b'\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
        b"--" + B + b'\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n")
TAIL = b"\r\n--" + B + b"--\r\n"
BLOCK = bytes((i * 7 + 3) & 0xFF for i in range(1460))

def leftovers():
    try:
        return [n for n in os.listdir(upload_dir()) if n.startswith(SPOOL_PREFIX)]
    except OSError:
        return []

class Upload:
    # `head` (an HTTP request's, or nothing) + HEAD, `size` file bytes (BLOCK
    # with the chunk number in its first 4 bytes), TAIL; hashes the file
    # bytes it sends; samples the free heap
    def __init__(self, size, fail_after=None, head=b""):
        self.head = head
        self.size = size
        self.pos = -1
        self.n = 0
        self.h = hashlib.sha256()
        self.low = gc.mem_free()
        self.fail_after = fail_after
    def __aiter__(self):
        return self
    async def __anext__(self):
        # the live heap: what is free once the garbage is collected (without
        # collecting, free memory just falls until the allocator collects)
        gc.collect()
        f = gc.mem_free()
        if f < self.low:
            self.low = f
        if self.fail_after is not None and self.n >= self.fail_after:
            raise OSError(104)
        self.n += 1
        if self.pos < 0:
            self.pos = 0
            return self.head + HEAD
        if self.pos >= self.size:
            if self.pos == self.size:
                self.pos += 1
                return TAIL
            raise StopAsyncIteration
        k = min(1460, self.size - self.pos)
        c = self.n.to_bytes(4, "little") + BLOCK[4:k] if k > 4 else BLOCK[:k]
        self.pos += k
        self.h.update(c)
        return c

def status(coro):
    try:
        asyncio.run(coro)
    except FormError as e:
        return e.status
    except OSError:
        return "oserror"
    return 200

def hexd(b):
    return "".join("%02x" % x for x in b)
'''

CASES = r'''

st = os.statvfs("/")
print("FS", st[0] * st[2], st[0] * st[3])
gc.collect()
print("FREE_START", gc.mem_free())

# 1. 512 KB lands intact, heap sampled at every chunk
up = Upload(512 * 1024)
form = asyncio.run(parse_form(CT, up))
f = form["file"]
h2 = hashlib.sha256()
f.file.seek(0)
while True:
    b = f.file.read(4096)
    if not b:
        break
    h2.update(b)
print("BIG", form["note"], f.filename, f.size, f.file.rolled, hexd(up.h.digest()) == hexd(h2.digest()))
print("LOW", up.low)
f.file.flush()
print("ONFLASH", [os.stat(upload_dir() + "/" + n)[6] for n in leftovers()])
form.close_sync()
print("LEFT_AFTER_CLOSE", leftovers())

# 2. 1 MB through the server: more than the file system holds
st_, body_, low_, sent_ = upload_through_server(1024 * 1024)
print("ONE_MB", st_, leftovers())

# 3. malformed and limits
def body(*parts):
    return b"".join(parts)
class One:
    def __init__(self, data):
        self.data = data
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.data is None:
            raise StopAsyncIteration
        d, self.data = self.data, None
        return d
GOOD = HEAD + b"x" * 9000 + TAIL
cases = [
    ("no_boundary", "multipart/form-data", GOOD, None),
    ("truncated", CT, GOOD[:-300], None),
    ("huge_headers", CT, b"--" + B + b"\r\nX-Pad: " + b"p" * 5000 + b"\r\n\r\nx" + TAIL, None),
    ("part_limit", CT, b"--" + B + b'\r\nContent-Disposition: form-data; name="a"\r\n\r\n' + b"z" * 300 + TAIL,
     FormLimits(max_part_size=100)),
    ("file_limit", CT, GOOD, FormLimits(max_file_size=5000)),
]
for name, ct, data, lim in cases:
    print("BAD", name, status(parse_form(ct, One(data), lim)), leftovers())

# 4. a client gone mid-upload (after spooling began)
print("GONE", status(parse_form(CT, Upload(64 * 1024, fail_after=20))), leftovers())
'''


BOARD_CODE = PRELUDE + SERVER_UPLOAD + CASES

def lines(out, tag):
    return [l[len(tag) + 1:] for l in out.splitlines() if l.startswith(tag + " ")]


@pytest.fixture(scope="module")
def board():
    d = emu.run_steps([{"banner": True}, emu.exec_step(BOARD_CODE)], timeout=1500)
    r = d["results"][-1]
    assert r["err"] == "", r["err"] + r["out"][-2000:]
    return r["out"]


def test_upload_lands_intact_on_flash_in_bounded_heap(board):
    fs_total, fs_free = map(int, lines(board, "FS")[0].split())
    note, name, size, rolled, same = lines(board, "BIG")[0].split()
    assert (note, name, size, rolled, same) == ("hello", "big.bin", str(512 * 1024), "True", "True")
    assert json.loads(lines(board, "ONFLASH")[0]) == [512 * 1024]
    low = int(lines(board, "LOW")[0])
    start = int(lines(board, "FREE_START")[0])
    print("file system {} bytes ({} free); free heap {} at the start, lowest {} during the 512 KB upload "
          "(floor {})".format(fs_total, fs_free, start, low, FLOOR))
    assert low >= FLOOR
    assert start - low <= UPLOAD_HEAP
    assert lines(board, "LEFT_AFTER_CLOSE")[0] == "[]"


def test_one_megabyte_is_refused_and_leaves_nothing(board):
    assert lines(board, "ONE_MB")[0] == "413 []"


@pytest.mark.parametrize("name,status", [("no_boundary", 400), ("truncated", 400), ("huge_headers", 413),
                                         ("part_limit", 413), ("file_limit", 413)])
def test_malformed_upload_leaves_nothing(board, name, status):
    got = {l.split()[0]: l.split(None, 2)[1:] for l in lines(board, "BAD")}
    assert got[name] == [str(status), "[]"], got


def test_client_gone_mid_upload_leaves_nothing(board):
    assert lines(board, "GONE")[0] == "oserror []"


FSMAX_IMAGE = emu._path("PICO_W_FSMAX_UF2", "firmware/build/PICO_W_API-fsmax/firmware.uf2")
ONE_MIB = 1024 * 1024

# The FS_KB=max image serving over its emulated Wi-Fi (tests/wifi/wifiemu.py,
# built-in network: the emulator's gateway is a TCP client of the device's
# real server, through the emulated CYW43439, cyw43-driver and lwIP). A task
# samples the live heap (collected) every 100 ms of emulated time meanwhile.
WIFI_SERVER = r"""
import gc, os, hashlib, asyncio
from microfastapi import MicroFastApi, Form, File, UploadFile
from microfastapi.datastructures import upload_dir, SPOOL_PREFIX

HEAP = {"low": 10 ** 9, "start": 0, "samples": 0}

async def sample():
    while True:
        gc.collect()
        f = gc.mem_free()
        if f < HEAP["low"]:
            HEAP["low"] = f
        HEAP["samples"] += 1
        await asyncio.sleep_ms(100)

def start_sampling():
    gc.collect()
    HEAP["start"] = gc.mem_free()
    asyncio.create_task(sample())

app = MicroFastApi(on_startup=[start_sampling])

def leftovers():
    try:
        return [n for n in os.listdir(upload_dir()) if n.startswith(SPOOL_PREFIX)]
    except OSError:
        return []

def hexd(b):
    return "".join("%02x" % x for x in b)

""" + UPLOAD_ROUTE + r"""
@app.get("/after")
def after():
    st = os.statvfs("/")
    return {"left": leftovers(), "low": HEAP["low"], "start": HEAP["start"], "samples": HEAP["samples"],
            "fs": st[0] * st[2], "fs_free": st[0] * st[3]}

app.run(port=80, access_log=False)
"""


def _wifi_upload_request():
    import hashlib

    from wifiemu import http

    b = b"----mfaBoundaryPicoW"
    block = bytes((i * 7 + 3) & 0xFF for i in range(1460))
    data = (block * (ONE_MIB // len(block) + 1))[:ONE_MIB]
    body = (b"--" + b + b'\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n'
            b"--" + b + b'\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--" + b + b"--\r\n")
    req = http("POST", "/upload", [("Content-Type", "multipart/form-data; boundary=" + b.decode())], body)
    return req, hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def big_board():
    import os
    import sys

    image = emu.need(FSMAX_IMAGE, "the Pico W image with the larger file system",
                     "run 'make firmware BOARD=PICO_W_API FS_KB=max' ('make test' builds it)")
    emu.need(image[:-4] + ".elf", "its ELF (the emulated radio checks it)", "rebuild it")
    emu.need_rom()
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wifi"))
    import wifiemu

    req, sent = _wifi_upload_request()
    clients = [{"requests": [req]}, {"requests": [wifiemu.http("GET", "/after")], "after": 0, "at_ms": 0}]
    d = wifiemu.run_steps([wifiemu.serve_step(wifiemu.CONNECT + WIFI_SERVER, clients, timeout_ms=600000)],
                          timeout=1500, image_path=image)
    r = d["results"][0]
    assert not r["timed_out"], r["out"][-3000:]
    got = [wifiemu.split_responses(wifiemu.client_data(c)) for c in r["clients"]]
    return got, sent, r


def test_one_megabyte_over_wifi_lands_intact_on_flash(big_board):
    (upload,), (after,), sent = big_board[0][0], big_board[0][1], big_board[1]
    client = big_board[2]["clients"][0]
    assert upload[0] == 200, upload
    # the spooled file on flash holds every byte, and they are the bytes sent
    assert json.loads(upload[2]) == {"note": "hello", "filename": "big.bin", "size": ONE_MIB,
                                     "on_flash": ONE_MIB, "sha256": sent}
    a = json.loads(after[2])
    print("file system {} bytes ({} free after); free heap {} at the start, lowest {} in {} samples during the "
          "1 MiB upload over the emulated Wi-Fi (floor {}); upload took {:.1f} s of emulated time".format(
              a["fs"], a["fs_free"], a["start"], a["low"], a["samples"], FLOOR,
              (client["done_ns"] - client["opened_ns"]) / 1e9))
    assert a["fs"] > ONE_MIB  # (the default image's 848 KiB could not hold it)
    assert a["low"] >= FLOOR
    assert a["left"] == []  # the temp file went with the response
