"""Uploads on the emulated Pico W (firmware/build/PICO_W_API/firmware.uf2 in
rp2040js): multipart bodies streamed through microfastapi.multipart.parse_form
on the board, files spooled to its flash file system (littlefs, /tmp).

- an upload as large as the board's flash can hold (512 KB) lands intact
  (sha256 of what was sent == sha256 of the file on flash) while the free
  heap (collected, sampled at every chunk: the live heap) never drops below
  FLOOR;
- a 1 MB upload (more than the 848 KB file system holds) gets 413 and leaves
  nothing on flash;
- malformed bodies (no boundary, truncated part, huge part headers, a part
  or a file past its limit) get 400/413 and leave no file;
- a client gone mid-upload leaves no file.
The body is made chunk by chunk on the board (1460-byte pieces, a TCP
segment's worth), never whole in RAM."""
import json

import pytest

import emu

FLOOR = 64 * 1024  # free heap never below this during the 512 KB upload
UPLOAD_HEAP = 16 * 1024  # nor more than this below its level before the upload

BOARD_CODE = r'''
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
    # HEAD, `size` file bytes (BLOCK with the chunk number in its first 4
    # bytes), TAIL; hashes the file bytes it sends; samples the free heap
    def __init__(self, size, fail_after=None):
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
            return HEAD
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

# 2. 1 MB: more than the file system holds
print("ONE_MB", status(parse_form(CT, Upload(1024 * 1024))), leftovers())

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
