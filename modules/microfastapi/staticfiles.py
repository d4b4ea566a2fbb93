# StaticFiles: serve a folder, as Starlette's (FastAPI's
# `from fastapi.staticfiles import StaticFiles`), mounted with
# app.mount("/static", StaticFiles(directory="static"), name="static").
#
# The request path below the mount is split on "/" and each segment
# percent-decoded on its own. A segment that is empty, "." or "..", or holds
# "/", "\" or NUL (which MicroPython's file functions would cut the name at:
# /a.txt%00.html would open a.txt as text/html) is refused with 404, before
# the filesystem is touched. Every component of the path must be a real
# directory, the last one a regular file: a symlink anywhere is 404 (as
# Starlette with follow_symlink=False, which also allows no link out of the
# folder). The ".gz" sibling is served to clients that accept gzip only when
# it too is a regular file.
import os

from ._parser import unquote

try:
    from .responses import FileResponse, RedirectResponse, JSONResponse
except ImportError:
    from .response import FileResponse, RedirectResponse, JSONResponse

_DIR, _REG, _LNK = 0x4000, 0x8000, 0xA000
from ._compat import CPY as _CPY  # noqa: E402


def _kind(parent, name):
    # the file type of parent/name without following a symlink, or None
    if _CPY:
        try:
            m = os.lstat(parent + "/" + name).st_mode
        except OSError:
            return None
        return m & 0xF000
    try:
        for e in os.ilistdir(parent):
            if e[0] == name:
                return e[1] & 0xF000
    except OSError:
        pass
    return None


def _accepts_gzip(headers):
    for p in headers.get("accept-encoding", "").split(","):
        p = p.strip()
        if p == "gzip" or (p.startswith("gzip;") and p.replace(" ", "")[5:] not in ("q=0", "q=0.0", "q=0.00", "q=0.000")):
            return True
    return False


class StaticFiles:
    def __init__(self, directory=None, packages=None, html=False, check_dir=True, follow_symlink=False):
        if directory is None:
            raise TypeError("StaticFiles needs directory= (packages= is not supported)")
        if packages:
            raise TypeError("StaticFiles(packages=...) is not supported: give directory=")
        if follow_symlink:
            raise TypeError("StaticFiles(follow_symlink=True) is not supported: symlinks are never followed")
        d = str(directory)
        while len(d) > 1 and d[-1] == "/":
            d = d[:-1]
        self.directory = d
        self.html = html
        if check_dir and _kind_of(d) != _DIR:
            raise RuntimeError("Directory '{}' does not exist".format(d))

    def resolve(self, rel):
        # rel: the raw (percent-encoded) path below the mount, without its
        # leading "/". -> (file path, its kind) with kind _DIR or _REG, or None
        parent = self.directory
        if not rel:
            return parent, _DIR
        segs = rel.split("/")
        last = len(segs) - 1
        for i in range(len(segs)):
            s = segs[i]
            if s == "" and i == last:
                return parent, _DIR  # trailing slash
            try:
                s = unquote(s)
            except (ValueError, UnicodeError):
                return None
            if s in ("", ".", "..") or "/" in s or "\\" in s or "\0" in s:
                return None
            k = _kind(parent, s)
            parent = parent + "/" + s
            if k == _DIR:
                continue
            if k == _REG and i == last:
                return parent, _REG
            return None  # missing, symlink, fifo, device, or a file used as a folder
        return parent, _DIR

    def file_response(self, path, headers, status_code=200):
        name = path[path.rfind("/") + 1 :]
        if headers is not None and _accepts_gzip(headers):
            k = _kind(path[: path.rfind("/")], name + ".gz")
            if k == _REG:
                r = FileResponse(path + ".gz", status_code=status_code)
                r.content_type = FileResponse(path).content_type
                r.headers["content-encoding"] = "gzip"
                r.headers["vary"] = "Accept-Encoding"
                r.gzip_sibling = False
                return r
        r = FileResponse(path, status_code=status_code)
        r.gzip_sibling = False
        return r

    def get_response(self, rel, request):
        # -> Response for GET/HEAD of rel (see resolve)
        method = request.method
        if method != "GET" and method != "HEAD":
            return JSONResponse({"detail": "Method Not Allowed"}, 405, {"allow": "GET, HEAD"})
        r = self.resolve(rel)
        if r is not None:
            path, kind = r
            if kind == _REG:
                return self.file_response(path, request.headers)
            if self.html:
                if rel and rel[-1] != "/":
                    # as Starlette: a folder's URL ends with "/" so relative links work
                    return RedirectResponse(_last_segment(request.path) + "/", 307)
                if _kind(path, "index.html") == _REG:
                    return self.file_response(path + "/index.html", request.headers)
        if self.html and _kind(self.directory, "404.html") == _REG:
            return self.file_response(self.directory + "/404.html", request.headers, 404)
        return JSONResponse({"detail": "Not Found"}, 404)


def _last_segment(path):
    # a relative redirect target: "<last segment>/" can never name another host
    i = path.rfind("/")
    return "./" + path[i + 1 :]


def _kind_of(path):
    if _CPY:
        try:
            return os.lstat(path).st_mode & 0xF000
        except OSError:
            return None
    try:
        return os.stat(path)[0] & 0xF000
    except OSError:
        return None
