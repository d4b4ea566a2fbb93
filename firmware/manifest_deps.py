#!/usr/bin/env python3
"""Make dependencies of a frozen manifest: every manifest it includes or
require()s and every file it freezes, as a Make rule for TARGET.

    firmware/manifest_deps.py TARGET OUT.d MANIFEST -v NAME=PATH ...

Runs MicroPython's own manifest reader (tools/manifestfile.py of the tree
in MPY_DIR), so it sees exactly what makemanifest.py freezes, your app's
modules included: changing any of them rebuilds the image. Each file also
gets an empty rule (as `gcc -MP` does), so deleting one is no error.
"""
import os
import sys


def main(argv):
    target, out, manifest = argv[1:4]
    path_vars = {}
    rest = argv[4:]
    while rest:
        flag, value = rest[0], rest[1]
        assert flag == "-v", "usage: manifest_deps.py TARGET OUT.d MANIFEST -v NAME=PATH ..."
        name, _, path = value.partition("=")
        path_vars[name] = path
        rest = rest[2:]
    sys.path.insert(0, os.path.join(path_vars["MPY_DIR"], "tools"))
    import manifestfile

    m = manifestfile.ManifestFile(manifestfile.MODE_FREEZE, path_vars)
    m.execute(os.path.abspath(manifest))
    deps = sorted(set(m._visited) | {f.full_path for f in m.files()})
    esc = [d.replace(" ", "\\ ") for d in deps]
    text = "{}: \\\n  {}\n\n{}\n".format(target, " \\\n  ".join(esc), "\n".join(d + ":" for d in esc))
    with open(out + ".tmp", "w") as f:
        f.write(text)
    os.replace(out + ".tmp", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
