"""Exact reference rounding for the ROM tests (Fractions, no host FPU quirks)."""
import math
import struct
from fractions import Fraction


def f2u(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def u2f(u):
    return struct.unpack("<f", struct.pack("<I", u & 0xFFFFFFFF))[0]


def d2u(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def u2d(u):
    return struct.unpack("<d", struct.pack("<Q", u & 0xFFFFFFFFFFFFFFFF))[0]


def round_f32(fr):
    """Fraction -> bits of the nearest float32 (ties to even), IEEE subnormals and overflow."""
    fr = Fraction(fr)
    if fr == 0:
        return 0
    sign = 0x80000000 if fr < 0 else 0
    a = abs(fr)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    e = max(e, -126)
    q = a * Fraction(2) ** (23 - e)
    n = round(q)  # half to even
    if n == 0:
        return sign
    v = Fraction(n) * Fraction(2) ** (e - 23)
    if v >= Fraction(2) ** 128 - Fraction(2) ** 103:  # rounds to inf
        return sign | 0x7F800000
    return sign | f2u(float(v))


def round_f64(fr):
    """Fraction -> bits of the nearest double (Python's float(Fraction) rounds correctly)."""
    fr = Fraction(fr)
    try:
        return d2u(float(fr))
    except OverflowError:
        return d2u(math.copysign(math.inf, fr))


def is_nan_f(u):
    return (u & 0x7FFFFFFF) > 0x7F800000


def is_nan_d(u):
    return (u & 0x7FFFFFFFFFFFFFFF) > 0x7FF0000000000000
