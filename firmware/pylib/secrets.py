# secrets for MicroFastApi's firmware (MicroPython has none built in):
# compare_digest in constant time (FastAPI's HTTP Basic page uses it) and
# tokens from the board's hardware random source. CPython uses its own.
import os
from binascii import b2a_base64, hexlify


def compare_digest(a, b):
    # a == b in a time that depends only on the lengths, not on where a and b
    # differ; str (ASCII) or bytes-like, as hmac.compare_digest
    if isinstance(a, str):
        a = a.encode()
    if isinstance(b, str):
        b = b.encode()
    r = len(a) ^ len(b)
    if r:
        b = a
    for i in range(len(a)):
        r |= a[i] ^ b[i]
    return r == 0


def token_bytes(nbytes=32):
    return os.urandom(nbytes)


def token_hex(nbytes=32):
    return hexlify(os.urandom(nbytes)).decode()


def token_urlsafe(nbytes=32):
    s = b2a_base64(os.urandom(nbytes)).decode().strip().rstrip("=")
    return s.replace("+", "-").replace("/", "_")


def randbelow(n):
    if n <= 0:
        raise ValueError("n must be > 0")
    k = (n - 1).bit_length() if hasattr(n, "bit_length") else len(bin(n - 1)) - 2
    while True:
        r = int.from_bytes(os.urandom((k + 7) // 8), "big") >> ((k + 7) // 8 * 8 - k)
        if r < n:
            return r


def choice(seq):
    return seq[randbelow(len(seq))]
