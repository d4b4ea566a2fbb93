#!/usr/bin/env python3
"""Write package.json, what `mip install` reads, from the framework's files
and its version (__version__ in modules/microfastapi/__init__.py, the one
place the version is set).

    python3 tools/gen_package_json.py           write it if it changed
    python3 tools/gen_package_json.py --check   exit 1 if it is not current
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "modules", "microfastapi")
OUT = os.path.join(ROOT, "package.json")


def version():
    with open(os.path.join(PACKAGE, "__init__.py"), encoding="utf-8") as f:
        m = re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M)
    if not m:
        sys.exit("error: no __version__ = \"...\" line in modules/microfastapi/__init__.py")
    return m.group(1)


def files():
    """Every source file of the package (subpackages included), as mip
    destination and repository path, sorted."""
    out = []
    for folder, dirs, names in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".pyc"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), os.path.join(ROOT, "modules")).replace(os.sep, "/")
            out.append([rel, "modules/" + rel])
    return sorted(out)


def render():
    urls = ",\n".join("    " + json.dumps(pair) for pair in files())
    return '{{\n  "urls": [\n{}\n  ],\n  "version": {}\n}}\n'.format(urls, json.dumps(version()))


def main(argv):
    text = render()
    try:
        with open(OUT, encoding="utf-8") as f:
            current = f.read()
    except OSError:
        current = None
    if "--check" in argv:
        if current != text:
            print("package.json is not current: run 'make package-json'", file=sys.stderr)
            return 1
        return 0
    if current != text:
        with open(OUT + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(OUT + ".tmp", OUT)
        print("[build] package.json written (version {})".format(version()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
