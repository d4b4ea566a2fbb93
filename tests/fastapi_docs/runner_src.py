# Runs FastAPI documentation examples through a test client and prints one
# line per request: "R <json>". The same file runs inside every runtime:
# CPython with the real FastAPI (the reference), CPython with MicroFastApi,
# the host twin and the emulated Pico W, so it is written for MicroPython too.
#
# The job (job.json beside it, or JOB set by whoever execs it) is
#   {"client": "fastapi" | "microfastapi",
#    "examples": [{"dir": "e0", "module": "tutorial002", "requests": [...]}, ...]}
# Each example's files are in its own folder, put first on sys.path while it
# runs; the modules it brought are dropped afterwards so the next example
# with the same module names gets its own.
import gc
import json
import sys

try:
    JOB  # noqa: F821 (set by the emulator step that execs this file)
except NameError:
    # argv[1]: the folder (absolute) holding job.json and the examples' folders
    with open(sys.argv[1] + "/job.json") as f:
        JOB = json.load(f)
    JOB["root"] = sys.argv[1]

# the examples' folders are ROOT + "/e<N>": absolute, so that a module's
# __file__ starts with its folder on every runtime (see the clean-up below)
ROOT = JOB["root"]
SEND_KEYS = ("headers", "params", "json", "data", "files", "cookies", "content", "auth", "follow_redirects")


def _client_class():
    if JOB["client"] == "fastapi":
        from fastapi.testclient import TestClient
    else:
        try:
            from microfastapi.testclient import TestClient
        except ImportError:
            from microfastapi.testing import TestClient
    return TestClient


def _trace(e):
    try:
        import traceback

        return "".join(traceback.format_exception(type(e), e, e.__traceback__))[-1500:]
    except ImportError:
        import io

        buf = io.StringIO()
        sys.print_exception(e, buf)
        return buf.getvalue()[-1500:]


def _emit(ex, i, d):
    d["ex"] = ex
    d["req"] = i
    print("R " + json.dumps(d))


def _answer(r, compare_headers, present_headers):
    ct = r.headers.get("content-type") or ""
    out = {"status": r.status_code, "ctype": ct.split(";")[0].strip()}
    if ct.startswith("application/json"):
        try:
            out["body"] = r.json()
        except Exception:
            out["text"] = r.text
    else:
        out["text"] = r.text
    if compare_headers:
        out["headers"] = {h: r.headers.get(h) for h in compare_headers}
    if present_headers:
        # headers whose value cannot match (a time, say): whether they are there
        out["present"] = {h: r.headers.get(h) is not None for h in present_headers}
    return out


def _files(spec):
    # JSON cannot carry bytes: files are {"field": [filename, text, content_type]}
    # or {"field": [[filename, text, content_type], ...]} for several
    out = []
    for name, v in spec.items():
        for f in v if isinstance(v[0], list) else [v]:
            out.append((name, (f[0], f[1].encode(), f[2])))
    return out


def _import(name):
    m = __import__(name)
    for part in name.split(".")[1:]:
        m = getattr(m, part)
    return m


def run():
    TestClient = _client_class()
    for ex, job in enumerate(JOB["examples"]):
        path = ROOT + "/" + job["dir"]
        before = set(sys.modules)
        sys.path.insert(0, path)
        try:
            try:
                app = getattr(_import(job["module"]), job.get("app", "app"))
                client = TestClient(app)
            except Exception as e:
                _emit(ex, -1, {"error": _trace(e)})
                continue
            entered = False
            if hasattr(client, "__enter__"):
                try:
                    client = client.__enter__()
                    entered = True
                except Exception as e:
                    _emit(ex, -1, {"error": _trace(e)})
                    continue
            for i, rq in enumerate(job["requests"]):
                kw = {}
                for k in SEND_KEYS:
                    if k in rq:
                        v = rq[k]
                        kw[k] = _files(v) if k == "files" else tuple(v) if k == "auth" else v
                try:
                    r = client.request(rq["method"], rq["url"], **kw)
                    _emit(ex, i, _answer(r, rq.get("compare_headers"), rq.get("present_headers")))
                except Exception as e:
                    _emit(ex, i, {"error": _trace(e)})
            if entered:
                try:
                    client.__exit__(None, None, None)
                except Exception as e:
                    _emit(ex, -2, {"error": _trace(e)})
        finally:
            sys.path.remove(path)
            # drop the example's own modules (library ones stay: a second copy
            # of a framework module would make a second copy of its classes)
            for k in list(sys.modules):
                if k not in before and (getattr(sys.modules[k], "__file__", None) or "").startswith(path + "/"):
                    del sys.modules[k]
            gc.collect()
    print("DONE")


run()
