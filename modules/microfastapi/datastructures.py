# UploadFile, FormData and the spooled file behind an upload.
#
# An uploaded file stays in RAM up to a threshold, then moves to a temporary
# file (the board's flash on the Pico W, the temp folder elsewhere) and goes on
# there: RAM stays bounded whatever the file's size. The temporary file is
# deleted when the UploadFile is closed (the framework closes every upload
# once the response is sent, and on any error or disconnect while reading).
try:
    import io
except ImportError:  # pragma: no cover
    import uio as io

from ._compat import CPY as _CPY

_counter = [0]


def upload_dir():
    """Where uploads above the threshold are spooled: $TMPDIR / the system temp
    folder on CPython, /tmp on MicroPython (created if missing, on the board's
    flash file system)."""
    if _CPY:
        import tempfile

        return tempfile.gettempdir()
    import os

    try:
        d = os.getenv("TMPDIR") or "/tmp"
    except AttributeError:  # the board's os has no getenv
        d = "/tmp"
    try:
        os.stat(d)
    except OSError:
        os.mkdir(d)
    return d


SPOOL_PREFIX = "mfa-upload-"


def clean_upload_dir():
    """Delete spooled uploads left by a power cut or crash (files named
    mfa-upload-*): done before the first upload of each run."""
    import os

    d = upload_dir()
    try:
        names = os.listdir(d)
    except OSError:
        return 0
    n = 0
    for name in names:
        if name.startswith(SPOOL_PREFIX):
            try:
                os.remove(d + "/" + name)
                n += 1
            except OSError:
                pass
    return n


_cleaned = [False]


class SpooledFile:
    """A binary file in RAM (io.BytesIO) until more than `threshold` bytes are
    written, then a temporary file; read/write/seek/tell/close like a file.
    close() deletes the temporary file."""

    def __init__(self, threshold):
        self.threshold = threshold
        self._f = io.BytesIO()
        self.path = None
        self._size = 0

    @property
    def rolled(self):
        return self.path is not None

    def _roll(self):
        import os

        if not _cleaned[0]:
            _cleaned[0] = True
            clean_upload_dir()
        d = upload_dir()
        while True:
            _counter[0] += 1
            path = "{}/{}{}-{}.part".format(d, SPOOL_PREFIX, _pid(), _counter[0])
            try:
                os.stat(path)
            except OSError:
                break
        f = open(path, "w+b")
        self.path = path
        try:
            f.write(self._f.getvalue())
        except BaseException:
            f.close()
            self._unlink()
            raise
        pos = self._f.tell()
        self._f = f
        f.seek(pos)

    def write(self, data):
        n = len(data)
        if self.path is None and self._size + n > self.threshold:
            self._roll()
        self._f.write(data)
        end = self._f.tell()
        if end > self._size:
            self._size = end
        return n

    def read(self, size=-1):
        if size is None or size < 0:
            return self._f.read()
        return self._f.read(size)

    def seek(self, offset, whence=0):
        return self._f.seek(offset, whence)

    def tell(self):
        return self._f.tell()

    def flush(self):
        if self.path is not None:
            self._f.flush()

    def _unlink(self):
        if self.path is not None:
            import os

            try:
                os.remove(self.path)
            except OSError:
                pass

    def close(self):
        self.closed = True
        try:
            self._f.close()
        finally:
            self._unlink()

    closed = False

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


def _pid():
    try:
        import os

        return os.getpid()
    except (ImportError, AttributeError):
        return 0


class Headers:
    """Read-only, case-insensitive headers of a multipart part."""

    def __init__(self, items=()):
        self._items = list(items)  # [(lower-case name, value)]

    def get(self, key, default=None):
        key = key.lower()
        for k, v in self._items:
            if k == key:
                return v
        return default

    def getlist(self, key):
        key = key.lower()
        return [v for k, v in self._items if k == key]

    def __getitem__(self, key):
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def __contains__(self, key):
        return self.get(key, _MISSING) is not _MISSING

    def keys(self):
        return [k for k, _ in self._items]

    def items(self):
        return list(self._items)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self._items)

    def __repr__(self):
        return "Headers({!r})".format(self._items)


_MISSING = object()


class UploadFile:
    """An uploaded file, as FastAPI's: filename, content_type, size, headers,
    file (a file-like object), and the async read/write/seek/close."""

    def __init__(self, file, size=None, filename=None, headers=None):
        self.file = file
        self.size = size
        self.filename = filename
        self.headers = headers if headers is not None else Headers()

    @property
    def content_type(self):
        return self.headers.get("content-type")

    @classmethod
    def plan_entry(cls, name, annotation, default, route):
        # a handler parameter annotated UploadFile: a file of a form (bodies.py)
        from .bodies import model_plan_entry

        return model_plan_entry(cls, name, annotation, default, route)

    async def read(self, size=-1):
        return self.file.read(size)

    async def write(self, data):
        if self.size is not None:
            self.size += len(data)
        self.file.write(data)

    async def seek(self, offset):
        self.file.seek(offset)

    async def close(self):
        self.file.close()

    def __repr__(self):
        return "UploadFile(filename={!r}, size={!r}, headers={!r})".format(self.filename, self.size, self.headers)


class FormData:
    """The parsed form, as Starlette's: form[key] (the last value), get,
    getlist, keys, values, items, multi_items; close() closes its files."""

    def __init__(self, items=()):
        self._list = list(items)

    def __getitem__(self, key):
        v = self.get(key, _MISSING)
        if v is _MISSING:
            raise KeyError(key)
        return v

    def get(self, key, default=None):
        r = default
        for k, v in self._list:
            if k == key:
                r = v
        return r

    def getlist(self, key):
        return [v for k, v in self._list if k == key]

    def __contains__(self, key):
        for k, _ in self._list:
            if k == key:
                return True
        return False

    def keys(self):
        seen = []
        for k, _ in self._list:
            if k not in seen:
                seen.append(k)
        return seen

    def values(self):
        return [self[k] for k in self.keys()]

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def multi_items(self):
        return list(self._list)

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self.keys())

    def close_sync(self):
        for _, v in self._list:
            if isinstance(v, UploadFile):
                try:
                    v.file.close()
                except Exception:
                    pass

    async def close(self):
        self.close_sync()

    def __repr__(self):
        return "FormData({!r})".format(self._list)


def quote_plus(s):
    """urllib.parse.quote_plus: UTF-8 bytes other than ASCII letters, digits
    and "-._~" as %XX, a space as "+" (what an HTML form and urlencode send)."""
    out = []
    for c in str(s).encode():
        if 97 <= c <= 122 or 65 <= c <= 90 or 48 <= c <= 57 or c in b"-._~":
            out.append(chr(c))
        elif c == 32:
            out.append("+")
        else:
            out.append("%{:02X}".format(c))
    return "".join(out)


# schemes whose URLs have a //netloc part even when it is empty (urlunsplit's
# uses_netloc, the ones a web API meets)
_NETLOC_SCHEMES = ("http", "https", "ws", "wss", "ftp", "file")


class URL:
    """Starlette's URL (request.url, websocket.url): str(url) is the URL,
    `==` compares it with a str or another URL, and its parts are read with
    urllib.parse.urlsplit's rules: scheme, netloc, path, query, fragment,
    username, password, hostname (lower case), port (int or None),
    is_secure. replace(), include_query_params(), replace_query_params(),
    remove_query_params() give new URLs. Made only when .url is read."""

    def __init__(self, url="", **components):
        self._url = url
        self._parts = None
        if components:
            self._url = URL("").replace(**components)._url

    @property
    def components(self):
        # (scheme, netloc, path, query, fragment), as urlsplit splits them
        p = self._parts
        if p is None:
            u = self._url
            scheme = netloc = query = fragment = ""
            i = u.find(":")
            if i > 0 and u[0].isalpha():
                for c in u[:i]:
                    if not (c.isalpha() or c.isdigit() or c in "+-.") or ord(c) > 127:
                        break
                else:
                    scheme, u = u[:i].lower(), u[i + 1:]
            if u[:2] == "//":
                end = len(u)
                for c in "/?#":
                    j = u.find(c, 2)
                    if 0 <= j < end:
                        end = j
                netloc, u = u[2:end], u[end:]
            i = u.find("#")
            if i >= 0:
                u, fragment = u[:i], u[i + 1:]
            i = u.find("?")
            if i >= 0:
                u, query = u[:i], u[i + 1:]
            p = self._parts = (scheme, netloc, u, query, fragment)
        return p

    @property
    def scheme(self):
        return self.components[0]

    @property
    def netloc(self):
        return self.components[1]

    @property
    def path(self):
        return self.components[2]

    @property
    def query(self):
        return self.components[3]

    @property
    def fragment(self):
        return self.components[4]

    def _userinfo(self):
        n = self.netloc
        i = n.rfind("@")
        if i < 0:
            return None, None
        u = n[:i]
        j = u.find(":")
        return (u, None) if j < 0 else (u[:j], u[j + 1:])

    @property
    def username(self):
        return self._userinfo()[0]

    @property
    def password(self):
        return self._userinfo()[1]

    def _hostport(self):
        h = self.netloc
        h = h[h.rfind("@") + 1:]
        port = ""
        if h[:1] == "[":
            i = h.find("]")
            if i >= 0:
                h, port = h[1:i], h[i + 1:]
                port = port[1:] if port[:1] == ":" else ""
        else:
            i = h.find(":")
            if i >= 0:
                h, port = h[:i], h[i + 1:]
        return h, port

    @property
    def hostname(self):
        h = self._hostport()[0]
        return h.lower() if h else None

    @property
    def port(self):
        p = self._hostport()[1]
        if not p:
            return None
        if not p.isdigit() or not 0 <= int(p) <= 65535:
            raise ValueError("Port could not be cast to integer value as {!r}".format(p))
        return int(p)

    @property
    def is_secure(self):
        return self.scheme in ("https", "wss")

    def replace(self, **kwargs):
        if "username" in kwargs or "password" in kwargs or "hostname" in kwargs or "port" in kwargs:
            hostname = kwargs.pop("hostname", None)
            port = kwargs.pop("port", self.port)
            username = kwargs.pop("username", self.username)
            password = kwargs.pop("password", self.password)
            if hostname is None:
                hostname = self.netloc[self.netloc.rfind("@") + 1:]
                if hostname and hostname[-1] != "]":
                    hostname = hostname.rsplit(":", 1)[0]
            elif ":" in hostname and hostname[:1] != "[":
                hostname = "[" + hostname + "]"
            netloc = hostname
            if port is not None:
                netloc += ":" + str(port)
            if username is not None:
                userpass = username
                if password is not None:
                    userpass += ":" + password
                netloc = userpass + "@" + netloc
            kwargs["netloc"] = netloc
        parts = list(self.components)
        for i, k in enumerate(("scheme", "netloc", "path", "query", "fragment")):
            if k in kwargs:
                parts[i] = kwargs.pop(k)
        if kwargs:
            raise TypeError("unexpected keyword: " + ", ".join(kwargs))
        scheme, netloc, path, query, fragment = parts
        # urlunsplit
        u = path
        if netloc or (scheme in _NETLOC_SCHEMES and u[:2] != "//"):
            if u and u[:1] != "/":
                u = "/" + u
            u = "//" + netloc + u
        if scheme:
            u = scheme + ":" + u
        if query:
            u += "?" + query
        if fragment:
            u += "#" + fragment
        return self.__class__(u)

    def _query_pairs(self):
        # parse_qsl(query, keep_blank_values=True)
        from ._parser import unquote

        out = []
        for p in self.query.split("&"):
            if p:
                k, _, v = p.partition("=")
                out.append((unquote(k, True), unquote(v, True)))
        return out

    def _with_pairs(self, pairs):
        return self.replace(query="&".join(quote_plus(k) + "=" + quote_plus(v) for k, v in pairs))

    def include_query_params(self, **kwargs):
        new = [(str(k), str(kwargs[k])) for k in kwargs]
        return self._with_pairs([p for p in self._query_pairs() if p[0] not in kwargs] + new)

    def replace_query_params(self, **kwargs):
        return self._with_pairs([(str(k), str(kwargs[k])) for k in kwargs])

    def remove_query_params(self, keys):
        if isinstance(keys, str):
            keys = [keys]
        return self._with_pairs([p for p in self._query_pairs() if p[0] not in keys])

    def __eq__(self, other):
        return str(self) == str(other)

    def __ne__(self, other):
        return str(self) != str(other)

    def __str__(self):
        return self._url

    def __repr__(self):
        u = self._url
        if self.password:
            u = str(self.replace(password="********"))
        return "URL({!r})".format(u)
