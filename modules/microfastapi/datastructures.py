# UploadFile, FormData and the spooled file behind an upload.
#
# An uploaded file stays in RAM up to a threshold, then moves to a temporary
# file (the board's flash on the Pico W, the temp folder elsewhere) and goes on
# there: RAM stays bounded whatever the file's size. The temporary file is
# deleted when the UploadFile is closed (the framework closes every upload
# once the response is sent, and on any error or disconnect while reading).
import sys

try:
    import io
except ImportError:  # pragma: no cover
    import uio as io

_CPY = sys.implementation.name != "micropython"
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
