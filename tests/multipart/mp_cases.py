# The streaming form parsers, checked the same way on CPython and MicroPython
# (the twin): run() executes every check and prints "OK <name>" per check;
# any failure raises. Spooled files go to $TMPDIR (a fresh folder per run),
# which must be empty again at the end of every check.
import os
import sys

try:
    import asyncio
except ImportError:  # pragma: no cover
    import uasyncio as asyncio

from microfastapi.multipart import (MultipartParser, UrlencodedParser, FormBuilder, FormError,
                                    FormLimits, parse_form, parse_form_bytes, boundary_of)
from microfastapi.datastructures import UploadFile, upload_dir, SPOOL_PREFIX

B = b"----mfaBoundary7MA4YWxkTrZu0gW"
CT = "multipart/form-data; boundary=" + B.decode()


def part(name, data, filename=None, ctype=None, extra=b""):
    h = b'Content-Disposition: form-data; name="' + name.encode() + b'"'
    if filename is not None:
        h += b'; filename="' + filename.encode() + b'"'
    h += b"\r\n"
    if ctype:
        h += b"Content-Type: " + ctype.encode() + b"\r\n"
    return b"--" + B + b"\r\n" + h + extra + b"\r\n" + data + b"\r\n"


def body(*parts, preamble=b"", epilogue=b""):
    return preamble + b"".join(parts) + b"--" + B + b"--\r\n" + epilogue


def leftovers():
    d = upload_dir()
    return [n for n in os.listdir(d) if n.startswith(SPOOL_PREFIX)]


def chunked(data, n):
    return (data, n)


class Chunks:
    # an async iterator over (data, n): chunks of n bytes, sliced as they are
    # asked for; fail_after: raise OSError after that many chunks (a client gone)
    def __init__(self, spec, fail_after=None):
        self.data, self.n = spec
        self.i = 0
        self.fail_after = fail_after

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.fail_after is not None and self.i >= self.fail_after:
            raise OSError(104, "connection reset")
        pos = self.i * self.n
        if pos >= len(self.data):
            raise StopAsyncIteration
        self.i += 1
        return self.data[pos:pos + self.n]


def run_async(coro):
    return asyncio.run(coro)


def form_of(data, sizes=(1, 3, 7, 64, 1000, 1 << 20), limits=None, ct=CT):
    # every chunking gives the same result; returns the last FormData
    res = None
    for n in sizes:
        f = run_async(parse_form(ct, Chunks(chunked(data, n)), limits))
        flat = []
        for k, v in f.multi_items():
            if isinstance(v, UploadFile):
                flat.append((k, v.filename, v.content_type, v.size, v.file.read()))
                v.file.seek(0)
            else:
                flat.append((k, v))
        if res is not None:
            assert flat == res[1], (n, flat, res[1])
            f.close_sync()
        else:
            res = (f, flat)
    return res


def expect_error(status, data, limits=None, ct=CT, sizes=(1, 5, 1 << 20)):
    for n in sizes:
        try:
            run_async(parse_form(ct, Chunks(chunked(data, n)), limits))
        except FormError as e:
            assert e.status == status, (e.status, e.detail)
        else:
            raise AssertionError("no error for chunks of {}".format(n))
        assert leftovers() == [], leftovers()


def check_fields_and_files():
    data = body(part("username", b"johndoe"), part("password", "sécret".encode()),
                part("file", b"hello\r\n--not-a-boundary\r\n", "a.txt", "text/plain"),
                part("files", b"", "empty.bin", "application/octet-stream"),
                part("files", b"x" * 10, "b.bin"),
                preamble=b"preamble text\r\n", epilogue=b"epilogue")
    f, flat = form_of(data)
    assert flat == [("username", "johndoe"), ("password", "sécret"),
                    ("file", "a.txt", "text/plain", 25, b"hello\r\n--not-a-boundary\r\n"),
                    ("files", "empty.bin", "application/octet-stream", 0, b""),
                    ("files", "b.bin", None, 10, b"x" * 10)], flat
    assert f["username"] == "johndoe" and f.get("nope") is None
    assert [u.filename for u in f.getlist("files")] == ["empty.bin", "b.bin"]
    up = f["file"]
    assert up.headers["Content-Type"] == "text/plain"
    assert run_async(up.read(5)) == b"hello"
    run_async(up.seek(0))
    assert run_async(up.read()) == b"hello\r\n--not-a-boundary\r\n"
    f.close_sync()
    assert leftovers() == []


def check_spool_to_file():
    big = bytes(range(256)) * 64  # 16 KB, above the 4 KB threshold
    data = body(part("f", big, "big.bin"), part("small", b"s", "s.bin"))
    f, flat = form_of(data, sizes=(1000, 4096, 1 << 20))
    up = f["f"]
    assert up.file.rolled and up.size == len(big)
    assert leftovers() != []
    assert run_async(up.read()) == big
    assert not f["small"].file.rolled
    run_async(up.close())
    f.close_sync()
    assert leftovers() == [], leftovers()


def check_filename_forms():
    h = b'--' + B + b'\r\nContent-Disposition: form-data; name="f"; filename="a \\"q\\".txt"\r\n\r\nx\r\n'
    h += b"--" + B + b"\r\nContent-Disposition: form-data; name=\"g\"; filename*=UTF-8''na%C3%AFve.txt\r\n\r\ny\r\n"
    h += b"--" + B + b"\r\ncontent-disposition: form-data; name=h\r\n\r\nz\r\n--" + B + b"--"
    f, flat = form_of(h)
    assert f["f"].filename == 'a "q".txt', f["f"].filename
    assert f["g"].filename == "naïve.txt"
    assert f["h"] == "z"
    f.close_sync()


def check_urlencoded():
    ct = "application/x-www-form-urlencoded"
    data = b"username=john+doe&password=%C3%A9t%C3%A9&empty=&flag&a=1&a=2"
    f, flat = form_of(data, ct=ct)
    assert flat == [("username", "john doe"), ("password", "été"), ("empty", ""), ("flag", ""),
                    ("a", "1"), ("a", "2")], flat
    assert f.getlist("a") == ["1", "2"] and f["a"] == "2"
    expect_error(413, b"a=" + b"x" * 100, FormLimits(max_part_size=50), ct=ct)
    expect_error(413, b"&".join(b"k=v" for _ in range(20)), FormLimits(max_fields=10), ct=ct)


def check_malformed():
    good = body(part("a", b"1"), part("f", b"data", "f.txt"))
    # no boundary parameter
    expect_error(400, good, ct="multipart/form-data")
    # the boundary never appears
    expect_error(400, b"just some bytes\r\n" * 10)
    # truncated inside a file part (after spooling started)
    trunc = body(part("f", b"y" * 9000, "t.bin"))[:-200]
    expect_error(400, trunc, sizes=(1000, 1 << 20))
    # truncated inside headers
    expect_error(400, b"--" + B + b'\r\nContent-Disposition: form-da')
    # huge part headers
    expect_error(413, body(part("a", b"1", extra=b"X-Pad: " + b"p" * 5000 + b"\r\n")))
    expect_error(413, b"--" + B + b"\r\nX: " + b"p" * 5000)  # never ending
    # a part without Content-Disposition / name
    expect_error(400, b"--" + B + b"\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + B + b"--")
    expect_error(400, b"--" + B + b"\r\nContent-Disposition: form-data\r\n\r\nx\r\n--" + B + b"--")
    # garbage after a boundary
    expect_error(400, b"--" + B + b"garbage\r\n")
    # a non-file field past its limit, a file past its limit (spooled first)
    expect_error(413, body(part("a", b"z" * 300)), FormLimits(max_part_size=100))
    expect_error(413, body(part("f", b"z" * 20000, "f.bin")), FormLimits(max_file_size=10000), sizes=(999, 1 << 20))
    expect_error(413, good + b"x" * 100, FormLimits(max_body_size=len(good)))
    expect_error(413, body(*[part("f", b"1", "f%d" % i) for i in range(5)]), FormLimits(max_files=3))


def check_disconnect():
    data = body(part("a", b"1"), part("f", b"q" * 20000, "f.bin"))
    for after in (2, 10, 19):
        try:
            run_async(parse_form(CT, Chunks(chunked(data, 1000), fail_after=after)))
        except OSError:
            pass
        else:
            raise AssertionError("no error")
        assert leftovers() == [], leftovers()


def check_boundary_of():
    assert boundary_of('multipart/form-data; boundary="a b"') == b"a b"
    assert boundary_of("multipart/form-data; charset=utf-8; boundary=xyz") == b"xyz"
    for bad in ("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\""):
        try:
            boundary_of(bad)
        except FormError as e:
            assert e.status == 400
        else:
            raise AssertionError(bad)


class BigUpload:
    # a multipart body with one `size`-byte file, made chunk by chunk as it is
    # read (never whole in RAM); records the live heap after each chunk
    def __init__(self, size, chunk=1460):
        self.head = (b"--" + B + b'\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
                     b"Content-Type: application/octet-stream\r\n\r\n")
        self.tail = b"\r\n--" + B + b"--\r\n"
        self.size = size
        self.chunk = chunk
        self.pos = -1
        self.peak = 0

    def byte_at(self, i):
        return (i * 7 + (i >> 10)) & 0xFF

    def __aiter__(self):
        return self

    async def __anext__(self):
        import gc

        if hasattr(gc, "mem_alloc"):
            gc.collect()
            self.peak = max(self.peak, gc.mem_alloc())
        if self.pos < 0:
            self.pos = 0
            return self.head
        if self.pos >= self.size:
            if self.pos == self.size:
                self.pos += 1
                return self.tail
            raise StopAsyncIteration
        n = min(self.chunk, self.size - self.pos)
        b = bytes(self.byte_at(i) for i in range(self.pos, self.pos + n))
        self.pos += n
        return b


def check_bounded_ram():
    import gc

    size = 1 << 20
    src = BigUpload(size)
    gc.collect()
    base = gc.mem_alloc() if hasattr(gc, "mem_alloc") else 0
    f = run_async(parse_form(CT, src))
    up = f["file"]
    assert up.size == size and up.filename == "big.bin" and up.file.rolled
    # the content, read back in pieces
    pos = 0
    while True:
        b = run_async(up.read(4096))
        if not b:
            break
        for j in range(0, len(b), 997):
            assert b[j] == src.byte_at(pos + j), pos + j
        pos += len(b)
    assert pos == size
    f.close_sync()
    if hasattr(gc, "mem_alloc"):
        grew = src.peak - base
        print("heap above the start during a 1 MB upload: {} bytes".format(grew))
        assert grew < 24 * 1024, grew


CHECKS = [check_fields_and_files, check_bounded_ram, check_spool_to_file, check_filename_forms, check_urlencoded,
          check_malformed, check_disconnect, check_boundary_of]


def run():
    for c in CHECKS:
        c()
        assert leftovers() == [], (c.__name__, leftovers())
        print("OK", c.__name__)
    print("DONE")


if __name__ == "__main__":
    run()
