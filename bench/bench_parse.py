"""Benchmark (not a test): microseconds per request-head parse on the host
twin for a 460-byte browser GET (9 headers) and a 564-byte POST with a
200-byte JSON body: the C binding (_microfastapi) vs the pure-Python fallback
(microfastapi/_parser.py with the C module hidden) vs Microdot 2.7's
Request.create, all in the same twin process. Each "parse" is what a server
does per request: head, query string, body slice (Microdot: its
Request.create over an in-memory stream, which also parses query and cookies).

    python3 bench/bench_parse.py [--n 1000] [--rounds 15]

Env: MFA_TWIN (default firmware/build/unix/micropython); MICRODOT_DIR, a
folder holding the `microdot` package (default: the one importable by this
Python, else microdot==2.7.0 fetched once with pip into
~/.cache/microfastapi/microdot-2.7.0).
"""
import argparse
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "parser"))
import make_corpus  # noqa: E402  (the shared corpus defines the two requests)

MICRODOT_VERSION = "2.7.0"


def microdot_dir():
    d = os.environ.get("MICRODOT_DIR")
    if d:
        return d
    spec = importlib.util.find_spec("microdot")
    if spec and spec.origin:
        import microdot

        if getattr(microdot, "__version__", "") == MICRODOT_VERSION:
            return os.path.dirname(os.path.dirname(spec.origin))
    cache = os.path.expanduser("~/.cache/microfastapi/microdot-" + MICRODOT_VERSION)
    if not os.path.isdir(os.path.join(cache, "microdot")):
        os.makedirs(cache, exist_ok=True)
        with tempfile.TemporaryDirectory() as d:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", d, "microdot==" + MICRODOT_VERSION],
                check=True,
            )
            with zipfile.ZipFile(glob.glob(os.path.join(d, "microdot-*.whl"))[0]) as z:
                for n in z.namelist():
                    if n.startswith("microdot/") and n.endswith(".py"):
                        z.extract(n, cache)
    return cache


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000, help="parses per timing round")
    ap.add_argument("--rounds", type=int, default=15, help="timing rounds; the best one counts")
    args = ap.parse_args()
    twin = os.environ.get("MFA_TWIN", os.path.join(ROOT, "firmware", "build", "unix", "micropython"))
    if not os.access(twin, os.X_OK):
        sys.exit("host twin not found at %s: run `make twin` or set MFA_TWIN" % twin)
    reqs = {"get460": make_corpus.BROWSER_GET, "post564": make_corpus.POST_JSON}
    with open(os.path.join(ROOT, "bench", "parse_twin_bench.py")) as f:
        body = f.read()
    head = "REQS = %r\nPARSER_PY = %r\nMICRODOT_DIR = %r\nN = %d\nROUNDS = %d\n" % (
        reqs, os.path.join(ROOT, "modules", "microfastapi", "_parser.py"), microdot_dir(), args.n, args.rounds)
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([twin], input=(head + body).encode(), cwd=d, capture_output=True, timeout=900)
    if r.returncode:
        sys.exit("twin failed:\n" + r.stdout.decode() + r.stderr.decode())
    res = {}
    for line in r.stdout.decode().split("\n"):
        if line.strip():
            name, parser, us = line.split()
            res[(name, parser)] = float(us)
    print("twin: %s" % twin)
    print("%-34s %10s %10s %10s   %s" % ("request", "C us", "Python us", "Microdot us", "ratios"))
    for name, label in (("get460", "GET 460 B, 9 headers"), ("post564", "POST 564 B, 200 B JSON body")):
        c, p, m = res[(name, "c")], res[(name, "python")], res[(name, "microdot")]
        print("%-34s %10.2f %10.2f %10.2f   Python/C %.1fx, Microdot/C %.1fx, Microdot/Python %.2fx"
              % (label + " (%d B)" % len(reqs[name]), c, p, m, p / c, m / c, m / p))


if __name__ == "__main__":
    main()
