"""FastAPI's documentation as an executable specification.

The tutorial programs come from FastAPI's source distribution on PyPI (pinned
below, checked by sha256, cached in ~/.cache/microfastapi like every other
download; nothing of FastAPI's is kept in this repository). Each chapter file
in chapters/ names programs of docs_src/ and the requests to replay. The same
requests go through:
  - the real FastAPI on CPython (the reference: whatever it answers is right),
  - MicroFastApi on CPython, on the host twin and on the emulated Pico W,
with the programs' imports rewritten from fastapi/pydantic/starlette to
microfastapi and nothing else changed. Status, media type and body must match
the reference, except where a chapter documents a difference (DIFFERENCES):
then ours must give exactly the documented answer.
"""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODULES = os.path.join(ROOT, "modules")
CHAPTERS = os.path.join(HERE, "chapters")
RUNNER = os.path.join(HERE, "runner_src.py")

FASTAPI_VERSION = "0.165.0"
FASTAPI_SDIST_SHA256 = "dd94d4128319c1e1d50535ab023ab698f850a4d2822f0e181747b46f4ff3c0ab"
CACHE = os.environ.get("MFA_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "microfastapi")


class SpecUnavailable(Exception):
    pass


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 16), b""):
            h.update(b)
    return h.hexdigest()


def docs_src():
    """The docs_src folder of the pinned FastAPI sdist, downloaded once (pip,
    from the index this machine is configured with) and unpacked in the cache."""
    base = os.path.join(CACHE, "fastapi-docs", FASTAPI_VERSION)
    done = os.path.join(base, "docs_src")
    if os.path.isdir(done):
        return done
    name = "fastapi-{}.tar.gz".format(FASTAPI_VERSION)
    tarball = os.path.join(CACHE, "downloads", name)
    if not os.path.exists(tarball) or _sha256(tarball) != FASTAPI_SDIST_SHA256:
        os.makedirs(os.path.dirname(tarball), exist_ok=True)
        with tempfile.TemporaryDirectory() as d:
            p = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                                "fastapi==" + FASTAPI_VERSION, "-d", d],
                               capture_output=True, text=True, timeout=300)
            got = os.path.join(d, name)
            if p.returncode or not os.path.exists(got):
                raise SpecUnavailable("could not download FastAPI {} sdist with pip: {}".format(
                    FASTAPI_VERSION, (p.stderr or p.stdout)[-800:]))
            digest = _sha256(got)
            if digest != FASTAPI_SDIST_SHA256:
                raise SpecUnavailable("{}: sha256 {} is not the pinned {}".format(name, digest, FASTAPI_SDIST_SHA256))
            shutil.move(got, tarball)
    tmp = base + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    prefix = "fastapi-{}/docs_src/".format(FASTAPI_VERSION)
    with tarfile.open(tarball) as t:
        members = [m for m in t.getmembers() if m.name.startswith(prefix) and (m.isfile() or m.isdir())]
        t.extractall(tmp, members=members)
    os.makedirs(base, exist_ok=True)
    os.rename(os.path.join(tmp, "fastapi-{}".format(FASTAPI_VERSION), "docs_src"), done)
    shutil.rmtree(tmp, ignore_errors=True)
    return done


# fastapi.x / starlette.x / pydantic -> microfastapi.x; nothing else is touched
_IMPORT = re.compile(r"^(\s*)(from|import)\s+(fastapi|starlette|pydantic)\b(\.[\w.]+)?", re.M)


def rewrite(source):
    """The program with only its import lines changed, as a user would."""
    return _IMPORT.sub(lambda m: "{}{} microfastapi{}".format(m.group(1), m.group(2), m.group(4) or ""), source)


def load_chapter(name):
    ns = {}
    path = os.path.join(CHAPTERS, name + ".py")
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), ns)
    return Chapter(ns["EXAMPLES"], ns.get("DIFFERENCES", {}), ns.get("MICROPYTHON_UNSUPPORTED", {}))


class Chapter:
    """EXAMPLES: {docs_src program: [request, ...]}; DIFFERENCES: {program:
    {request index: the answer we give on purpose, with "why"}};
    MICROPYTHON_UNSUPPORTED: {program: why it cannot load on MicroPython (its
    syntax, say)}: those run on CPython only, and the test says so."""

    def __init__(self, examples, differences, mp_unsupported):
        self.examples = examples
        self.differences = differences
        self.mp_unsupported = mp_unsupported
        for key in list(differences) + list(mp_unsupported):
            if key not in examples:
                raise ValueError("{} is not in EXAMPLES".format(key))

    def for_runtime(self, runtime):
        if runtime == "cpython":
            return self.examples
        return {k: v for k, v in self.examples.items() if k not in self.mp_unsupported}


def chapters():
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(CHAPTERS, "*.py"))
                  if not os.path.basename(p).startswith("_"))


def _example_files(src, key):
    """(files {relative path: text}, module name) for a docs_src key: a module
    'chapter/tutorial001.py', or a module of a package 'chapter/app/main.py'."""
    parts = key.split("/")
    chapter_dir = os.path.join(src, parts[0])
    if len(parts) == 2:
        with open(os.path.join(chapter_dir, parts[1])) as f:
            return {parts[1]: f.read()}, parts[1][:-3]
    pkg = parts[1]
    files = {}
    for dirpath, _dirs, names in os.walk(os.path.join(chapter_dir, pkg)):
        for n in names:
            if n.endswith(".py"):
                full = os.path.join(dirpath, n)
                with open(full) as f:
                    files[os.path.relpath(full, chapter_dir)] = f.read()
    return files, ".".join(parts[1:])[:-3]


def make_job(src, examples, client):
    """The files to put in place and the job for runner_src.py."""
    files = {}
    job = {"client": client, "examples": []}
    for i, (key, requests) in enumerate(examples.items()):
        ex_files, module = _example_files(src, key)
        d = "e{}".format(i)
        for rel, text in ex_files.items():
            files[d + "/" + rel] = text if client == "fastapi" else rewrite(text)
        job["examples"].append({"dir": d, "module": module, "requests": requests})
    return files, job


def write_tree(root, files, job):
    for rel, text in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    with open(os.path.join(root, "job.json"), "w") as f:
        json.dump(job, f)


def parse_results(out, examples):
    # {(program, request index): answer}; index -1: loading failed, -2: leaving
    keys = list(examples)
    res = {}
    for line in out.splitlines():
        if line.startswith("R "):
            d = json.loads(line[2:])
            res[(keys[d.pop("ex")], d.pop("req"))] = d
    return res, "DONE" in out.splitlines()


def run_cpython(examples, client, python=None, timeout=300):
    src = docs_src()
    files, job = make_job(src, examples, client)
    with tempfile.TemporaryDirectory() as d:
        write_tree(d, files, job)
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        if client != "fastapi":
            env["PYTHONPATH"] = MODULES
        p = subprocess.run([python or sys.executable, RUNNER, d], cwd=d, env=env,
                           capture_output=True, text=True, timeout=timeout)
    return _finish(p.stdout, p.stderr, p.returncode, examples)


def run_twin(examples, twin, timeout=300):
    src = docs_src()
    files, job = make_job(src, examples, "microfastapi")
    with tempfile.TemporaryDirectory() as d:
        write_tree(d, files, job)
        env = dict(os.environ)
        env.pop("MICROPYPATH", None)
        p = subprocess.run([twin, RUNNER, d], cwd=d, env=env, capture_output=True, text=True, timeout=timeout)
    return _finish(p.stdout, p.stderr, p.returncode, examples)


def emulator_steps(examples):
    """Steps for emu/run.mjs: the files put on the board's flash, then the
    runner exec'd with its job (the board has no argv)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
    import emu

    src = docs_src()
    files, job = make_job(src, examples, "microfastapi")
    job["root"] = ""
    steps = []
    dirs = set()
    for rel in files:
        parts = rel.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            dirs.add("/" + "/".join(parts[:k]))
    steps.append(emu.exec_step("import os\nfor d in {!r}:\n    os.mkdir(d)\n".format(sorted(dirs, key=len))))
    for rel, text in files.items():
        steps.append(emu.put_step("/" + rel, text))
    with open(RUNNER) as f:
        runner = f.read()
    steps.append(emu.exec_step("JOB = " + repr(job) + "\n" + runner))
    return steps


def run_emulator(examples, timeout=900):
    sys.path.insert(0, os.path.join(ROOT, "tests", "target"))
    import emu

    d = emu.run_steps([{"banner": True}] + emulator_steps(examples), timeout=timeout)
    last = d["results"][-1]
    return _finish(last["out"], last.get("err", ""), 0, examples)


def _finish(out, err, rc, examples):
    res, done = parse_results(out, examples)
    if not done:
        raise RuntimeError("the runner did not finish (exit {}):\n{}\n{}".format(rc, out[-3000:], err[-3000:]))
    return res


def _detail_as_multiset(answer):
    # MicroPython's dicts keep no order, so where FastAPI lists several errors
    # in the order of a dict (a JSON body's keys), the same items may come in
    # another order there: compare them as a multiset (README: differences)
    body = answer.get("body") if isinstance(answer, dict) else None
    if isinstance(body, dict) and isinstance(body.get("detail"), list) and len(body["detail"]) > 1:
        body = dict(body, detail=sorted(body["detail"], key=lambda x: json.dumps(x, sort_keys=True)))
        return dict(answer, body=body)
    return answer


def compare(chapter, runtime, reference, ours):
    """A list of human-readable mismatches (empty: ours answers as FastAPI)."""
    unordered = runtime != "cpython"
    bad = []
    for key, requests in chapter.for_runtime(runtime).items():
        if (key, -1) in ours:
            bad.append("{}: does not load: {}".format(key, ours[(key, -1)]["error"]))
            continue
        if (key, -1) in reference:
            bad.append("{}: the REFERENCE (real FastAPI) does not load it: {}".format(key, reference[(key, -1)]["error"]))
            continue
        for j, rq in enumerate(requests):
            want = reference.get((key, j))
            got = ours.get((key, j))
            doc = chapter.differences.get(key, {}).get(j)
            if doc is not None:
                want = {k: v for k, v in doc.items() if k != "why"}
                got = {k: v for k, v in (got or {}).items() if k in want}
            what = "{} {} {}".format(key, rq["method"], rq["url"])
            if want is None or "error" in want:
                bad.append("{}: the reference failed: {}".format(what, want))
                continue
            if unordered:
                want, got = _detail_as_multiset(want), _detail_as_multiset(got)
            if got != want:
                bad.append("{}:\n    FastAPI: {}\n    ours:    {}".format(what, json.dumps(want)[:1500], json.dumps(got)[:1500]))
        if (key, -2) in ours:
            bad.append("{}: leaving the client (lifespan shutdown) failed: {}".format(key, ours[(key, -2)]["error"]))
    return bad
