# Streaming parsers for request forms: multipart/form-data and
# application/x-www-form-urlencoded, in bounded RAM whatever the body size.
#
# Both are push parsers: feed(chunk) with chunks of any size as they arrive
# from the socket, then close() at the end of the body. They never hold more
# than one chunk plus a small carry-over (a possible partial boundary, or at
# most `max_header_size` bytes of a part's headers, or `max_field_size` bytes of
# one urlencoded field).
#
#   MultipartParser(boundary, sink, max_header_size=..)   parts -> sink calls:
#       sink.part_begin(headers, name, filename)  headers: datastructures.Headers
#       sink.part_data(bytes)  (any number of times)
#       sink.part_end()
#   UrlencodedParser(sink, max_field_size=..)  sink.field(name, value) per pair
#   FormBuilder(limits): a sink building a FormData (fields in RAM, files in
#       SpooledFiles that go to flash above limits.spool_threshold); abort()
#       deletes everything it made.
#   parse_form(content_type, chunks, limits) (async): the whole flow for a
#       request; chunks: an async iterator of body chunks. Returns FormData.
#       On any error or disconnect, nothing is left on flash.
#
# Errors raise FormError(status, detail): 400 for a malformed body (no
# boundary, truncated part, bad part headers), 413 when a limit is passed.
from .datastructures import FormData, Headers, SpooledFile, UploadFile


class FormError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status = status
        self.detail = detail


class FormLimits:
    """Limits of one form. Defaults fit the Pico W (set per app or per call):
    max_part_size   bytes of one non-file field, held in RAM (413 above)
    max_file_size   bytes of one file (413 above; None: no limit)
    max_body_size   bytes of the whole body (413 above; None: no limit)
    max_files, max_fields   counts (413 above; Starlette's defaults are 1000)
    max_header_size bytes of one part's headers (413 above)
    spool_threshold bytes of a file kept in RAM before it moves to a temp file
    """

    max_part_size = 16 * 1024
    max_file_size = None
    max_body_size = None
    max_files = 1000
    max_fields = 1000
    max_header_size = 2048
    spool_threshold = 4096

    def __init__(self, **kw):
        for k in kw:
            if not hasattr(FormLimits, k):
                raise TypeError("unknown form limit " + k)
            setattr(self, k, kw[k])


DEFAULT_LIMITS = FormLimits()


def boundary_of(content_type):
    """The boundary parameter of a multipart Content-Type, as bytes; FormError
    400 when it is missing or empty."""
    params = _params(content_type.split(";", 1)[1] if ";" in content_type else "")
    b = params.get("boundary")
    if not b or len(b) > 200:
        raise FormError(400, "Missing boundary in multipart.")
    return b.encode()


def _params(s):
    # key=value; key="quoted \" value"; ... -> dict (lower-case keys)
    out = {}
    i = 0
    n = len(s)
    while i < n:
        while i < n and s[i] in " \t;":
            i += 1
        j = i
        while j < n and s[j] not in "=;":
            j += 1
        key = s[i:j].strip().lower()
        i = j
        val = ""
        if i < n and s[i] == "=":
            i += 1
            while i < n and s[i] in " \t":
                i += 1
            if i < n and s[i] == '"':
                i += 1
                buf = []
                while i < n and s[i] != '"':
                    if s[i] == "\\" and i + 1 < n:
                        i += 1
                    buf.append(s[i])
                    i += 1
                i += 1
                val = "".join(buf)
            else:
                j = i
                while j < n and s[j] != ";":
                    j += 1
                val = s[i:j].strip()
                i = j
        if key:
            out[key] = val
    return out


def _ext_value(v):
    # RFC 5987 filename*=UTF-8''na%C3%AFve.txt
    from ._parser import unquote

    parts = v.split("'", 2)
    if len(parts) == 3:
        try:
            return unquote(parts[2])
        except ValueError:
            return None
    return None


_PREAMBLE, _AFTER_DELIM, _HEADERS, _BODY, _DONE = 0, 1, 2, 3, 4


class MultipartParser:
    def __init__(self, boundary, sink, max_header_size=2048):
        self.delim = b"--" + boundary  # the first one: may start the body
        self.sep = b"\r\n--" + boundary  # every later one ends a part's data
        self.sink = sink
        self.max_header_size = max_header_size
        self.buf = b""
        self.state = _PREAMBLE

    def feed(self, chunk):
        buf = self.buf + chunk if self.buf else bytes(chunk)
        while True:
            st = self.state
            if st == _BODY:
                i = buf.find(self.sep)
                if i < 0:
                    # keep what could be the start of a separator
                    keep = len(self.sep) - 1
                    if len(buf) > keep:
                        cut = len(buf) - keep
                        j = buf.find(b"\r", cut)
                        if j < 0:
                            cut = len(buf)
                        else:
                            cut = j
                        if cut:
                            self.sink.part_data(buf[:cut])
                            buf = buf[cut:]
                    break
                if i:
                    self.sink.part_data(buf[:i])
                self.sink.part_end()
                buf = buf[i + len(self.sep):]
                self.state = _AFTER_DELIM
            elif st == _AFTER_DELIM:
                # after a boundary: "--" ends the body, else optional
                # whitespace then CRLF starts the next part
                if len(buf) < 2:
                    break
                if buf[:2] == b"--":
                    self.state = _DONE
                    buf = b""
                    break
                j = 0
                while j < len(buf) and buf[j] in b" \t":
                    j += 1
                if len(buf) - j < 2:
                    if j > 64:
                        raise FormError(400, "Invalid multipart boundary line.")
                    break
                if buf[j:j + 2] != b"\r\n":
                    raise FormError(400, "Invalid multipart boundary line.")
                buf = buf[j + 2:]
                self.state = _HEADERS
            elif st == _HEADERS:
                if buf[:2] == b"\r\n":
                    head, buf = b"", buf[2:]
                else:
                    i = buf.find(b"\r\n\r\n")
                    if i < 0:
                        if len(buf) > self.max_header_size:
                            raise FormError(413, "Part headers exceed the limit of {} bytes.".format(self.max_header_size))
                        break
                    if i > self.max_header_size:
                        raise FormError(413, "Part headers exceed the limit of {} bytes.".format(self.max_header_size))
                    head, buf = buf[:i], buf[i + 4:]
                self._begin(head)
                self.state = _BODY
            elif st == _PREAMBLE:
                i = buf.find(self.delim)
                if i < 0:
                    keep = len(self.delim) - 1
                    if len(buf) > keep:
                        buf = buf[len(buf) - keep:]
                    break
                buf = buf[i + len(self.delim):]
                self.state = _AFTER_DELIM
            else:  # _DONE: the epilogue is ignored
                buf = b""
                break
        self.buf = buf

    def _begin(self, head):
        items = []
        try:
            text = head.decode()
        except UnicodeError:
            raise FormError(400, "Invalid part headers (not UTF-8).")
        for line in text.split("\r\n"):
            if not line:
                continue
            c = line.find(":")
            if c <= 0 or line[0] in " \t":
                raise FormError(400, "Invalid part header line.")
            items.append((line[:c].strip().lower(), line[c + 1:].strip()))
        headers = Headers(items)
        cd = headers.get("content-disposition")
        if cd is None:
            raise FormError(400, "Missing Content-Disposition header in a multipart part.")
        params = _params(cd.split(";", 1)[1] if ";" in cd else "")
        name = params.get("name")
        if name is None:
            raise FormError(400, 'The Content-Disposition header field "name" must be provided.')
        filename = params.get("filename")
        if "filename*" in params:
            filename = _ext_value(params["filename*"]) or filename
        self.sink.part_begin(headers, name, filename)

    def close(self):
        if self.state != _DONE:
            raise FormError(400, "Truncated multipart body." if self.state != _PREAMBLE
                            else "Invalid multipart body: no boundary found.")


class UrlencodedParser:
    def __init__(self, sink, max_field_size=16 * 1024):
        self.sink = sink
        self.max_field_size = max_field_size
        self.buf = b""

    def feed(self, chunk):
        buf = self.buf + chunk if self.buf else bytes(chunk)
        start = 0
        while True:
            i = buf.find(b"&", start)
            if i < 0:
                break
            self._pair(buf[start:i])
            start = i + 1
        buf = buf[start:]
        if len(buf) > self.max_field_size:
            raise FormError(413, "Form field exceeds the limit of {} bytes.".format(self.max_field_size))
        self.buf = buf

    def _pair(self, p):
        if not p:
            return
        if len(p) > self.max_field_size:
            raise FormError(413, "Form field exceeds the limit of {} bytes.".format(self.max_field_size))
        from ._parser import unquote

        try:
            s = p.decode()
            e = s.find("=")
            if e >= 0:
                k, v = unquote(s[:e], True), unquote(s[e + 1:], True)
            else:
                k, v = unquote(s, True), ""
        except (UnicodeError, ValueError):
            raise FormError(400, "Invalid form data (not UTF-8).")
        self.sink.field(k, v)

    def close(self):
        self._pair(self.buf)
        self.buf = b""


class FormBuilder:
    """Sink for both parsers: builds the FormData within `limits`."""

    def __init__(self, limits=None):
        self.limits = limits or DEFAULT_LIMITS
        self.items = []
        self.files = 0
        self.fields = 0
        self.cur = None  # the UploadFile being written, or a bytearray
        self.cur_name = None
        self.cur_size = 0

    # urlencoded
    def field(self, name, value):
        self.fields += 1
        if self.fields > self.limits.max_fields:
            raise FormError(413, "Too many fields. Maximum number of fields is {}.".format(self.limits.max_fields))
        self.items.append((name, value))

    # multipart
    def part_begin(self, headers, name, filename):
        lim = self.limits
        self.cur_name = name
        self.cur_size = 0
        if filename is not None:
            self.files += 1
            if self.files > lim.max_files:
                raise FormError(413, "Too many files. Maximum number of files is {}.".format(lim.max_files))
            up = UploadFile(SpooledFile(lim.spool_threshold), size=0, filename=filename, headers=headers)
            self.items.append((name, up))  # listed now: abort() finds it
            self.cur = up
        else:
            self.fields += 1
            if self.fields > lim.max_fields:
                raise FormError(413, "Too many fields. Maximum number of fields is {}.".format(lim.max_fields))
            self.cur = bytearray()

    def part_data(self, data):
        n = self.cur_size + len(data)
        self.cur_size = n
        cur = self.cur
        if isinstance(cur, bytearray):
            if n > self.limits.max_part_size:
                raise FormError(413, "Part exceeded maximum size of {}KB.".format(self.limits.max_part_size // 1024))
            cur.extend(data)
        else:
            m = self.limits.max_file_size
            if m is not None and n > m:
                raise FormError(413, "File exceeded maximum size of {} bytes.".format(m))
            try:
                cur.file.write(data)
            except OSError as e:
                if e.args and e.args[0] == 28:  # ENOSPC: the board's flash is full
                    raise FormError(413, "Not enough space to store the upload.")
                raise
            cur.size = n

    def part_end(self):
        cur = self.cur
        if isinstance(cur, bytearray):
            try:
                v = bytes(cur).decode()
            except UnicodeError:
                v = bytes(cur).decode("latin-1") if _has_latin1() else str(bytes(cur))[2:-1]
            self.items.append((self.cur_name, v))
        else:
            cur.file.seek(0)
        self.cur = None

    def result(self):
        return FormData(self.items)

    def abort(self):
        # close and delete every file made so far (also a half-written one)
        for _, v in self.items:
            if isinstance(v, UploadFile):
                try:
                    v.file.close()
                except Exception:
                    pass
        self.items = []


def _has_latin1():
    try:
        b"".decode("latin-1")
        return True
    except Exception:
        return False


async def parse_form(content_type, chunks, limits=None, content_length=None):
    """The FormData of a request body. content_type: the request's header;
    chunks: an async iterator of the body's chunks. FormError on bad input or
    passed limits (nothing is left on flash); any other exception (a client
    gone mid-upload) also removes what was spooled, then propagates."""
    limits = limits or DEFAULT_LIMITS
    ct = (content_type or "").lower()
    if limits.max_body_size is not None and content_length is not None and content_length > limits.max_body_size:
        raise FormError(413, "Request body exceeds the limit of {} bytes.".format(limits.max_body_size))
    sink = FormBuilder(limits)
    if ct.startswith("multipart/form-data"):
        parser = MultipartParser(boundary_of(content_type), sink, limits.max_header_size)
    elif ct.startswith("application/x-www-form-urlencoded"):
        parser = UrlencodedParser(sink, limits.max_part_size)
    else:
        return FormData()
    total = 0
    try:
        async for chunk in chunks:
            total += len(chunk)
            if limits.max_body_size is not None and total > limits.max_body_size:
                raise FormError(413, "Request body exceeds the limit of {} bytes.".format(limits.max_body_size))
            parser.feed(chunk)
        parser.close()
    except BaseException:
        sink.abort()
        raise
    return sink.result()


def parse_form_bytes(content_type, body, limits=None):
    """parse_form for a body already in memory (CPython/test helper): sync."""
    limits = limits or DEFAULT_LIMITS
    ct = (content_type or "").lower()
    sink = FormBuilder(limits)
    if ct.startswith("multipart/form-data"):
        parser = MultipartParser(boundary_of(content_type), sink, limits.max_header_size)
    elif ct.startswith("application/x-www-form-urlencoded"):
        parser = UrlencodedParser(sink, limits.max_part_size)
    else:
        return FormData()
    try:
        parser.feed(body)
        parser.close()
    except BaseException:
        sink.abort()
        raise
    return sink.result()


def encode_multipart(data=None, files=None, boundary=None):
    """(content_type, body bytes) for a multipart/form-data request, as httpx
    writes one (the test client's `files=`): data fields first, then files.
    files: a dict or a list of (name, file) pairs, file = content, or
    (filename, content[, content_type[, headers]]); content: bytes, str or a
    file object with read()."""
    if boundary is None:
        import os

        try:
            rnd = os.urandom(16)
        except (AttributeError, NotImplementedError):
            import random

            rnd = bytes(random.getrandbits(8) for _ in range(16))
        boundary = "".join("{:02x}".format(b) for b in rnd)
    b = boundary.encode()
    out = []
    items = list(data.items()) if isinstance(data, dict) else list(data or ())
    for name, value in items:
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if not isinstance(v, (str, bytes)):
                v = str(v)
            out.append(b"--" + b + b'\r\nContent-Disposition: form-data; name="' + _q(name) + b'"\r\n\r\n')
            out.append(v.encode() if isinstance(v, str) else v)
            out.append(b"\r\n")
    fitems = list(files.items()) if isinstance(files, dict) else list(files or ())
    for name, f in fitems:
        ctype = None
        extra = {}
        if isinstance(f, tuple):
            filename = f[0]
            content = f[1]
            if len(f) > 2:
                ctype = f[2]
            if len(f) > 3:
                extra = f[3] or {}
        else:
            filename = getattr(f, "name", None) or "upload"
            content = f
        if hasattr(content, "read"):
            content = content.read()
        if isinstance(content, str):
            content = content.encode()
        if ctype is None and filename is not None:
            ctype = "application/octet-stream"
        h = b'Content-Disposition: form-data; name="' + _q(name) + b'"'
        if filename is not None:
            h += b'; filename="' + _q(filename) + b'"'
        h += b"\r\n"
        for k in extra:
            h += k.encode() + b": " + str(extra[k]).encode() + b"\r\n"
        if ctype is not None:
            h += b"Content-Type: " + ctype.encode() + b"\r\n"
        out.append(b"--" + b + b"\r\n" + h + b"\r\n")
        out.append(content)
        out.append(b"\r\n")
    out.append(b"--" + b + b"--\r\n")
    return "multipart/form-data; boundary=" + boundary, b"".join(out)


def _q(s):
    # a name/filename in a quoted-string, escaped as browsers and httpx do
    return s.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A").encode()
