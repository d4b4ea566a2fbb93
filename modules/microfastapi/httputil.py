# What a response may put on the wire: header field names and values, status
# codes, Set-Cookie and Content-Disposition, checked or quoted so that data a
# handler copies from a request cannot add headers, cookie attributes or
# parameters of its own (RFC 9110 section 5, RFC 6265 section 4.1.1,
# RFC 6266 + RFC 8187). Each check raises ValueError: the response becomes a
# 500 with a traceback on the console, never a malformed answer.

# tchar (RFC 9110 5.6.2): the bytes a header or cookie name may hold
_TCHAR = bytearray(128)
for _c in b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _TCHAR[_c] = 1


def check_name(name):
    """A header field name: a non-empty token."""
    s = str(name)
    if not s:
        raise ValueError("empty header name")
    for c in s.encode():
        if c >= 128 or not _TCHAR[c]:
            raise ValueError("invalid header name {!r}".format(s))
    return s


def check_value(value):
    """A header field value: visible ASCII, SP, HTAB and UTF-8 (obs-text), no
    other control byte (CR, LF, NUL, VT, FF, ESC, DEL...), no leading or
    trailing whitespace."""
    s = str(value)
    for c in s.encode():
        if (c < 32 and c != 9) or c == 127:
            raise ValueError("invalid byte {:#04x} in header value".format(c))
    if s and (s[0] in " \t" or s[-1] in " \t"):
        raise ValueError("header value with leading or trailing whitespace")
    return s


def check_status(code):
    """An int 200..599, or 101 (a WebSocket handshake). Other 1xx are interim
    answers the server gives itself (100 Continue), never a final response."""
    if type(code) is not int or not (200 <= code <= 599 or code == 101):
        raise ValueError("invalid status code {!r}: a response's status is an int from 200 to 599".format(code))
    return code


# cookie-octet (RFC 6265): no CTLs, whitespace, DQUOTE, comma, semicolon or backslash
def _cookie_value(v):
    s = str(v)
    q = len(s) > 1 and s[0] == '"' and s[-1] == '"'
    for c in (s[1:-1] if q else s).encode():
        if c <= 32 or c >= 127 or c in b'",;\\':
            raise ValueError("invalid cookie value {!r}: use only printable ASCII without space, '\"', ',', ';' or '\\'".format(s))
    return s


def _attr(name, v):
    # an attribute value: anything but CTLs and ";" (RFC 6265 av-octet)
    s = str(v)
    for c in s.encode():
        if c < 32 or c == 127 or c == 59:
            raise ValueError("invalid cookie {} {!r}".format(name, s))
    return s


_SAMESITE = {"strict": "Strict", "lax": "Lax", "none": "None"}


def set_cookie_value(key, value="", max_age=None, expires=None, path="/", domain=None, secure=False,
                     httponly=False, samesite="lax"):
    """The text of one Set-Cookie header (Starlette's set_cookie arguments)."""
    k = str(key)
    if not k:
        raise ValueError("empty cookie name")
    for c in k.encode():
        if c >= 128 or not _TCHAR[c]:
            raise ValueError("invalid cookie name {!r}".format(k))
    c = k + "=" + _cookie_value(value)
    if max_age is not None:
        c += "; Max-Age={}".format(int(max_age))
    if expires is not None:
        if isinstance(expires, int):
            c += "; Expires=" + _http_date(expires)
        else:
            c += "; Expires=" + _attr("expires", expires)
    if path:
        c += "; Path=" + _attr("path", path)
    if domain:
        c += "; Domain=" + _attr("domain", domain)
    if secure:
        c += "; Secure"
    if httponly:
        c += "; HttpOnly"
    if samesite:
        s = str(samesite)
        if s.lower() not in _SAMESITE:
            raise ValueError("samesite must be 'strict', 'lax' or 'none'")
        c += "; SameSite=" + s  # as given, as Starlette writes it
    return c


def _http_date(seconds_from_now):
    import time

    try:
        t = time.gmtime(time.time() + seconds_from_now)
    except AttributeError:
        raise ValueError("expires as seconds needs time.gmtime: give a date string")
    return "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} GMT".format(
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[t[6]], t[2],
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[t[1] - 1],
        t[0], t[3], t[4], t[5])


_ATTR_CHAR = b"!#$&+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def content_disposition(filename, disposition="attachment"):
    """RFC 6266: filename="<ASCII fallback>"; filename*=UTF-8''<RFC 8187>
    (as Starlette: the plain form alone when the name is safe ASCII)."""
    name = str(filename)
    b = name.encode()
    plain = True
    for c in b:
        if c < 32 or c >= 127 or c in b'"\\%;':
            plain = False
            break
    if plain:
        return '{}; filename="{}"'.format(disposition, name)
    enc = []
    for c in b:
        if c in _ATTR_CHAR:
            enc.append(chr(c))
        else:
            enc.append("%{:02X}".format(c))
    fallback = []
    for ch in name:
        o = ord(ch)
        fallback.append(ch if 32 <= o < 127 and ch not in '"\\%;' else "_")
    return "{}; filename=\"{}\"; filename*=UTF-8''{}".format(disposition, "".join(fallback), "".join(enc))
