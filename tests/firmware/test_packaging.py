"""Issue 10: packaging basics. The wheel from `make dist` installs the
framework and its stubs into a fresh virtual environment, where a small app
runs under the TestClient; one version number (__version__) is what the
wheel, package.json, the release file names and the board banner show; and
any folder in boards/ builds by the README's recipe (tests/target)."""
import ast
import glob
import json
import os
import subprocess
import sys
import zipfile

from build_env import BUILD, REPO, require_file

INIT = os.path.join(REPO, "modules", "microfastapi", "__init__.py")


def version():
    tree = ast.parse(open(INIT, encoding="utf-8").read())
    found = [n.value.value for n in tree.body if isinstance(n, ast.Assign)
             and any(getattr(t, "id", None) == "__version__" for t in n.targets)]
    assert len(found) == 1
    return found[0]


def make(*args, timeout=600):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout)


APP = '''
from microfastapi import FastAPI, HTTPException, __version__
from microfastapi.testing import TestClient

app = FastAPI()

@app.get("/items/{item_id:int}")
def read_item(item_id, q=None):
    if item_id == 0:
        raise HTTPException(404, "no such item")
    return {"item_id": item_id, "q": q}

client = TestClient(app)
r = client.get("/items/5?q=x")
assert r.status_code == 200 and r.json() == {"item_id": 5, "q": "x"}, (r.status_code, r.text)
assert client.get("/items/0").status_code == 404
import microfastapi, os
print(__version__, os.path.dirname(microfastapi.__file__))
'''


def test_wheel_installs_framework_and_stubs_in_a_fresh_venv(tmp_path):
    out = make("dist")
    assert out.returncode == 0, out.stdout + out.stderr
    wheels = glob.glob(os.path.join(BUILD, "dist", "microfastapi-*.whl"))
    assert len(wheels) == 1, wheels
    wheel = wheels[0]
    assert os.path.basename(wheel).startswith("microfastapi-{}-py3-none-any".format(version()))
    names = zipfile.ZipFile(wheel).namelist()
    assert "microfastapi/__init__.py" in names and "microfastapi-stubs/__init__.pyi" in names
    stubs = sorted("microfastapi-stubs/" + os.path.relpath(p, os.path.join(REPO, "stubs", "microfastapi")).replace(os.sep, "/")
                   for p in glob.glob(os.path.join(REPO, "stubs", "microfastapi", "**", "*.pyi"), recursive=True))
    assert sorted(n for n in names if n.startswith("microfastapi-stubs/")) == stubs, "every stub is in the wheel"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    src = sorted(os.path.relpath(p, os.path.join(REPO, "modules")).replace(os.sep, "/")
                 for p in glob.glob(os.path.join(REPO, "modules", "microfastapi", "**", "*.py"), recursive=True))
    assert sorted(n for n in names if n.startswith("microfastapi/")) == src, "every framework file is in the wheel"

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    p = subprocess.run([py, "-m", "pip", "install", "-q", "--no-index", "--disable-pip-version-check", wheel],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    (tmp_path / "app").mkdir()
    p = subprocess.run([py, "-c", APP], cwd=str(tmp_path / "app"), capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    got_version, where = p.stdout.split()
    assert got_version == version()
    assert where.startswith(str(venv)), "imported from the installed wheel"
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    assert os.path.isfile(os.path.join(site, "microfastapi-stubs", "__init__.pyi"))


def test_pyproject_lists_every_subpackage():
    text = open(os.path.join(REPO, "pyproject.toml")).read()
    for top, name, init in (("modules", "microfastapi", "__init__.py"), ("stubs", "microfastapi-stubs", "__init__.pyi")):
        for folder, dirs, files in os.walk(os.path.join(REPO, top, "microfastapi")):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            if init in files:
                rel = os.path.relpath(folder, os.path.join(REPO, top, "microfastapi"))
                pkg = name if rel == "." else name + "." + rel.replace(os.sep, ".")
                assert '"{}"'.format(pkg) in text, "add {} to [tool.setuptools] packages in pyproject.toml".format(pkg)


def test_one_version_everywhere():
    v = version()
    assert json.load(open(os.path.join(REPO, "package.json")))["version"] == v
    p = subprocess.run([sys.executable, os.path.join(REPO, "tools", "gen_package_json.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    # the release files are named with it (VERSION= overrides, as CI does)
    out = make("-n", "release")
    assert out.returncode == 0, out.stderr
    assert 'firmware/release.sh "{}"'.format(v) in out.stdout, out.stdout[-2000:]
    # and the images carry it in their banner (MicroPython's own version too:
    # the banner string is in the image; tests/target boots it)
    for board in ("PICO_W_API", "PICO2_W_API"):
        data = open(require_file(os.path.join(BUILD, board, "firmware.bin")), "rb").read()
        assert "with MicroFastApi {}".format(v).encode() in data, board
        assert b"v1.25.0" in data, board


def test_license_is_mit():
    text = open(os.path.join(REPO, "LICENSE")).read()
    assert text.startswith("MIT License") and "Permission is hereby granted" in text
