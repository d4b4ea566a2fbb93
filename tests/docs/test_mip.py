"""mip: package.json lists exactly the framework's files, and installing it
the way mip does (each url's source copied to its destination) gives a
framework that runs on stock MicroPython (the plain twin: no frozen framework,
no C module), pure-Python parser included."""
import ast
import json
import os
import shutil
import subprocess
import tempfile

from openapi_spec_validator import validate

from docs_helpers import EXAMPLES, MODULES, REPO, TWIN_PLAIN, load_example, need, serve

PKG = os.path.join(REPO, "package.json")
SRC = os.path.join(MODULES, "microfastapi")


def package():
    with open(PKG, encoding="utf-8") as f:
        return json.load(f)


def test_package_json_lists_every_file():
    pkg = package()
    assert set(pkg) <= {"urls", "deps", "version"}
    urls = pkg["urls"]
    # the package's files, its subpackages' (security/, middleware/) included
    files = sorted(os.path.relpath(os.path.join(d, f), SRC).replace(os.sep, "/")
                   for d, _, names in os.walk(SRC) if "__pycache__" not in d
                   for f in names if not f.endswith(".pyc"))
    assert sorted(src for _, src in urls) == ["modules/microfastapi/" + f for f in files], \
        "package.json 'urls' must list exactly the files in modules/microfastapi"
    for dest, src in urls:
        assert dest == "microfastapi/" + src[len("modules/microfastapi/"):]
        assert "\\" not in src and not src.startswith("/")  # relative, forward slashes (mip)
    assert len({d for d, _ in urls}) == len(urls)
    # the version is the framework's
    with open(os.path.join(SRC, "__init__.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    version = [n.value.value for n in tree.body if isinstance(n, ast.Assign)
               and any(getattr(t, "id", None) == "__version__" for t in n.targets)]
    assert version == [pkg["version"]]


def mip_install(target):
    """What `mip.install(<folder>/package.json, target=...)` does with a
    package that has no deps: fetch each url relative to package.json and
    write it at its destination under the target."""
    base = os.path.dirname(PKG)
    pkg = package()
    assert not pkg.get("deps"), "deps would need installing too"
    for dest, src in pkg["urls"]:
        out = os.path.join(target, *dest.split("/"))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        shutil.copyfile(os.path.join(base, *src.split("/")), out)


def test_mip_install_runs_on_plain_twin():
    twin = need(TWIN_PLAIN, "build it with 'make twin-plain'")
    with tempfile.TemporaryDirectory() as tmp:
        lib = os.path.join(tmp, "lib")
        app_dir = os.path.join(tmp, "app")
        os.makedirs(app_dir)
        mip_install(lib)
        # the device's sys.path: frozen modules (asyncio) first, then /lib
        env = {"MICROPYPATH": ".frozen:" + lib}
        run_env = dict(os.environ, **env)
        p = subprocess.run([twin, "-c", "import microfastapi, sys\n"
                            "print(microfastapi.ACCELERATED, microfastapi.__version__)\n"
                            "print(microfastapi.__file__)\n"
                            "import _microfastapi\n"],
                           cwd=app_dir, env=run_env, capture_output=True, text=True, timeout=30)
        lines = p.stdout.splitlines()
        assert lines[:1] == ["False " + package()["version"]], p.stdout + p.stderr
        assert lines[1].startswith(lib), lines  # the installed copy, nothing frozen
        assert "ImportError" in p.stderr  # no C module on stock MicroPython

        script = os.path.join(app_dir, "crud.py")
        shutil.copyfile(os.path.join(EXAMPLES, "crud.py"), script)
        with serve(script, twin=twin, env=env) as s:
            st, hd, body = s.get("/openapi.json")
            assert st == 200, body
            doc = json.loads(body)
            validate(doc)
            # same document as the firmware and CPython build (params= in crud.py)
            from microfastapi import openapi
            assert doc == json.loads(json.dumps(openapi.get_openapi(load_example("crud").app)))

            st, body = s.request("POST", "/items", b'{"name": "tea", "price": 3}', {"Content-Type": "application/json"})
            assert st == 201, body
            item = json.loads(body)
            assert item == {"id": 1, "name": "tea", "price": 3, "done": False}
            st, body = s.request("PUT", "/items/1", b'{"name": "tea", "done": true}', {"Content-Type": "application/json"})
            assert st == 200 and json.loads(body)["done"] is True, body
            st, body = s.request("GET", "/items?limit=5&skip=0")
            assert st == 200 and [i["id"] for i in json.loads(body)] == [1], body
            st, body = s.request("GET", "/items?limit=x")  # query conversion from params=
            assert st == 422 and json.loads(body)["detail"][0]["loc"] == ["query", "limit"], body
            st, body = s.request("POST", "/items", b'{"price": 1}', {"Content-Type": "application/json"})
            assert st == 422 and json.loads(body)["detail"][0]["loc"] == ["body", "name"], body
            st, body = s.request("DELETE", "/items/1")
            assert st == 204 and body == b""
            st, body = s.request("GET", "/items/1")
            assert st == 404, body

            # /docs on stock MicroPython: plain (deflate decompresses the frozen bytes)
            import gzip
            from microfastapi.docs_page import PAGE_GZ
            st, hd, body = s.get("/docs", {"Accept-Encoding": "identity"})
            assert st == 200 and hd["content-type"].startswith("text/html")
            assert body == gzip.decompress(PAGE_GZ)
            assert s.proc.poll() is None
