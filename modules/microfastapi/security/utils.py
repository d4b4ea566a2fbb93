import sys


def get_authorization_scheme_param(value):
    # "Bearer abc" -> ("Bearer", "abc"); None or "" -> ("", "")
    if not value:
        return "", ""
    i = value.find(" ")
    if i < 0:
        return value, ""
    return value[:i], value[i + 1 :].strip()


if sys.implementation.name != "micropython":
    from hmac import compare_digest
else:

    def compare_digest(a, b):
        # a == b in a time that depends only on len(a) and len(b), not on where
        # they differ (what secrets.compare_digest / hmac.compare_digest give).
        # str (ASCII, as hmac's) or bytes-like.
        if isinstance(a, str):
            a = a.encode()
        if isinstance(b, str):
            b = b.encode()
        r = len(a) ^ len(b)
        if r:
            b = a  # still walk len(a) bytes
        for i in range(len(a)):
            r |= a[i] ^ b[i]
        return r == 0
