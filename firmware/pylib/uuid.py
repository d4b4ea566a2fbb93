# uuid for MicroPython images: the part of CPython's uuid that FastAPI code
# uses, a UUID as a path parameter or a model field (item_id: UUID) and
# uuid4() for new ids. Frozen by the MicroPython manifests only
# (firmware/pylib/manifest.py): on CPython the standard library's is used.
import os

_HEX = "0123456789abcdefABCDEF"
_int = int  # the constructor's int= argument hides the builtin


class UUID:
    """UUID('12345678-1234-5678-1234-567812345678'), UUID(bytes=b"..."),
    UUID(int=n), as CPython's: the text may have braces, a urn:uuid: prefix,
    any hyphens and either case; anything else is a ValueError."""

    def __init__(self, hex=None, bytes=None, int=None, version=None):
        if [hex, bytes, int].count(None) != 2:
            raise TypeError("one of the hex, bytes or int arguments must be given")
        if hex is not None:
            h = hex.replace("urn:", "").replace("uuid:", "").strip("{}").replace("-", "")
            if len(h) != 32:
                raise ValueError("badly formed hexadecimal UUID string")
            for c in h:
                if c not in _HEX:
                    raise ValueError("badly formed hexadecimal UUID string")
            int = _int(h, 16)
        elif bytes is not None:
            if len(bytes) != 16:
                raise ValueError("bytes is not a 16-char string")
            int = _int.from_bytes(bytes, "big")
        if not 0 <= int < 1 << 128:
            raise ValueError("int is out of range (need a 128-bit value)")
        if version is not None:
            if not 1 <= version <= 5:
                raise ValueError("illegal version number")
            # RFC 4122 variant, then the version number
            int &= ~(0xC000 << 48)
            int |= 0x8000 << 48
            int &= ~(0xF000 << 64)
            int |= version << 76
        self.int = int

    @property
    def hex(self):
        return "%032x" % self.int

    @property
    def bytes(self):
        return self.int.to_bytes(16, "big")

    @property
    def urn(self):
        return "urn:uuid:" + str(self)

    @property
    def version(self):
        # only for RFC 4122 UUIDs, as CPython's
        if (self.int >> 62) & 3 == 2:
            return (self.int >> 76) & 0xF
        return None

    def __str__(self):
        h = self.hex
        return "{}-{}-{}-{}-{}".format(h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def __repr__(self):
        return "UUID('{}')".format(self)

    def __eq__(self, other):
        return isinstance(other, UUID) and self.int == other.int

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return self.int < other.int

    def __hash__(self):
        return hash(self.int)

    def __int__(self):
        return self.int


def uuid4():
    """A random UUID (os.urandom: the RP2040's ring oscillator on the board)."""
    return UUID(bytes=os.urandom(16), version=4)


NAMESPACE_DNS = UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
NAMESPACE_URL = UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
