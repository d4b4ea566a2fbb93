"""Our changes to MicroPython are patches in firmware/patches/micropython/,
applied by firmware/fetch.sh to the tree it assembles (both SOURCES modes
share that step): in lexical order, on a copy that is renamed into place only
when every patch applied, recorded in the tree's stamp by the hash of the
pins, SOURCES and the patches' content. A patch that does not apply stops the
build with one line naming it and leaves the tree as it was; a changed, added
or removed patch assembles the tree afresh."""
import json
import os
import shutil
import subprocess

import pytest

from build_env import BUILD, REPO, TWIN, require_file, run_twin

FETCH = os.path.join(REPO, "firmware", "fetch.sh")
PATCHES = os.path.join(REPO, "firmware", "patches", "micropython")
MPY = os.path.join(BUILD, "src", "micropython")

# Adds one file to the tree; NOTE_V2 changes the same file's content.
NOTE = """--- /dev/null
+++ b/MFA-NOTE.txt
@@ -0,0 +1 @@
+{}
"""
# The first hunk applies, the second does not (no such line in mpconfig.h):
# a half-applied patch would leave py/mpconfig.h changed.
HALF = """--- a/py/mpconfig.h
+++ b/py/mpconfig.h
@@ -1,3 +1,4 @@
+// HALF-APPLIED
{}
--- a/py/obj.h
+++ b/py/obj.h
@@ -1,3 +1,3 @@
-this line is not in obj.h
+neither is this one
 so the hunk fails
 and stops the patch
"""


def fetch(*args, patches, timeout=300):
    env = dict(os.environ, MFA_PATCHES=str(patches))
    return subprocess.run([FETCH, *args], env=env, capture_output=True, text=True, timeout=timeout)


def tree_id(patches):
    out = fetch("--tree-id", patches=patches)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.fixture
def patch_dir(tmp_path):
    """A copy of the project's patches that a test may add to."""
    d = tmp_path / "patches"
    shutil.copytree(PATCHES, d)
    return d


def test_the_build_tree_is_patched_and_stamped():
    patches = sorted(p for p in os.listdir(PATCHES) if p.endswith(".patch"))
    assert patches and all(p[:4].isdigit() and p[4] == "-" for p in patches), patches
    stamp = open(require_file(os.path.join(MPY, ".assembled"))).read().strip()
    assert stamp == tree_id(PATCHES)
    assert "MICROPY_PY_FUNCTION_ANNOTATIONS" in open(os.path.join(MPY, "py", "mpconfig.h")).read()
    # The twin was built from this tree, with the annotation options on.
    build_id = open(require_file(os.path.join(os.path.dirname(TWIN), ".build-id"))).read()
    assert build_id.split()[0] == stamp and "-DMICROPY_PY_FUNCTION_ANNOTATIONS=1" in build_id


def test_a_patch_that_does_not_apply_stops_with_one_line_and_changes_nothing(patch_dir, tmp_path):
    dest = tmp_path / "src"
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0, out.stderr
    before = (dest / ".assembled").read_text()
    mpconfig = (dest / "py" / "mpconfig.h").read_text()
    head = "".join(" " + line + "\n" for line in mpconfig.splitlines()[:3]).rstrip("\n")
    (patch_dir / "0900-half.patch").write_text(HALF.format(head))
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode != 0
    errors = [l for l in out.stderr.splitlines() if not l.startswith("[fetch]")]
    assert len(errors) == 1, out.stderr
    assert errors[0].startswith("error: patch ") and "0900-half.patch does not apply" in errors[0], errors
    assert "py/obj.h" in errors[0] or "FAILED" in errors[0], errors
    # The tree is the one from before, whole: no half-applied hunk, no copy left over.
    assert (dest / ".assembled").read_text() == before
    assert (dest / "py" / "mpconfig.h").read_text() == mpconfig
    assert not (tmp_path / "src.tmp").exists()
    # And with no tree before: none afterwards.
    out = fetch(str(tmp_path / "fresh"), patches=patch_dir)
    assert out.returncode != 0 and "0900-half.patch does not apply" in out.stderr
    assert not (tmp_path / "fresh").exists() and not (tmp_path / "fresh.tmp").exists()


def test_a_changed_added_or_removed_patch_assembles_the_tree_afresh(patch_dir, tmp_path):
    dest = tmp_path / "src"
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0, out.stderr
    first = (dest / ".assembled").read_text().strip()
    # Same patches: nothing to do, nothing said.
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    # Added: applied after the others (lexical order), once.
    (patch_dir / "0900-note.patch").write_text(NOTE.format("one"))
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0, out.stderr
    applied = [l.split()[-1] for l in out.stderr.splitlines() if "applying" in l]
    assert applied == sorted(p for p in os.listdir(patch_dir)) and applied[-1] == "0900-note.patch"
    assert (dest / "MFA-NOTE.txt").read_text() == "one\n"
    second = (dest / ".assembled").read_text().strip()
    assert second != first and second == tree_id(patch_dir)
    # Changed: the new content on a fresh tree (the old patch is not under it).
    (patch_dir / "0900-note.patch").write_text(NOTE.format("two"))
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0, out.stderr
    assert (dest / "MFA-NOTE.txt").read_text() == "two\n"
    # Removed: gone from the tree.
    (patch_dir / "0900-note.patch").unlink()
    out = fetch(str(dest), patches=patch_dir)
    assert out.returncode == 0, out.stderr
    assert not (dest / "MFA-NOTE.txt").exists()
    assert (dest / ".assembled").read_text().strip() == first


def test_make_rebuilds_what_the_tree_feeds_after_a_patch_change(patch_dir):
    """make compares the tree's stamp with the patches: unchanged, nothing to
    do; one more patch, and the tree, mpy-cross and the twin are made again
    (shown with make -n, which runs nothing)."""
    def make_n(patches):
        env = dict(os.environ, MFA_PATCHES=str(patches))
        return subprocess.run(["make", "-n", "--no-print-directory", "twin"], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=120)
    out = make_n(PATCHES)
    assert out.returncode == 0, out.stderr
    assert "fetch.sh" not in out.stdout and "ports/unix" not in out.stdout, out.stdout
    (patch_dir / "0900-note.patch").write_text(NOTE.format("one"))
    out = make_n(patch_dir)
    assert out.returncode == 0, out.stderr
    for step in ("firmware/fetch.sh firmware/build/src/micropython", "mpy-cross", "ports/unix", ".build-id"):
        assert step in out.stdout, (step, out.stdout)


def test_annotations_on_in_the_twin_off_in_the_plain_twin():
    code = ("def f(item_id: int, q: str | None = None) -> dict:\n    pass\n"
            "print(getattr(f, '__annotations__', 'none'))")
    out = run_twin(code)
    assert out.returncode == 0, out.stderr
    assert eval(out.stdout) == {"item_id": "int", "q": "str | None", "return": "dict"}
    out = run_twin(code, twin=os.path.join(BUILD, "unix-plain", "micropython"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "none"


def test_generic_alias_and_unpacking_on_in_the_twin_off_in_the_plain_twin():
    # 0002 (list[int], int | None) and 0003 ({**d}, [*a]): on in the twin,
    # the plain twin keeps stock MicroPython's errors
    code = ("for src in ('list[int]', 'int | None', 'sorted({**{\\'a\\': 1}, \\'b\\': 2})', '[*(1, 2), 3]'):\n"
            "    try:\n"
            "        print(repr(eval(src)))\n"
            "    except Exception as e:\n"
            "        print(type(e).__name__)\n")
    out = run_twin(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:4] == ["list[int]", "int | None", "['a', 'b']", "[1, 2, 3]"], out.stdout
    out = run_twin(code, twin=os.path.join(BUILD, "unix-plain", "micropython"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:4] == ["TypeError", "TypeError", "SyntaxError", "SyntaxError"], out.stdout


def test_unpacking_compiled_by_mpy_cross_runs_on_the_twin(tmp_path):
    # frozen code is compiled by our mpy-cross: {**d} and [*a] in a .mpy
    src = tmp_path / "unpack_mod.py"
    src.write_text("d = {'a': 1}\nr = sorted({**d, 'b': 2, **{'c': 3}}.items()), [0, *range(2), *'x']\n")
    mpy_cross = require_file(os.path.join(MPY, "mpy-cross", "build", "mpy-cross"))
    subprocess.run([mpy_cross, str(src)], check=True, timeout=60)
    os.remove(str(src))
    out = run_twin("import sys\nsys.path.insert(0, {!r})\nimport unpack_mod\nprint(unpack_mod.r)".format(str(tmp_path)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "([('a', 1), ('b', 2), ('c', 3)], [0, 0, 1, 'x'])", out.stdout


@pytest.mark.parametrize("which", ["unix", "unix-plain"])
def test_long_command_line_arguments_on_the_twin(which, tmp_path):
    """Patch 0301: stock MicroPython 1.25's unix port made each command-line
    argument a qstr (at most 255 bytes) before any handler was set up, so one
    of 256 bytes ended the process with "FATAL: uncaught NLR" before the
    script ran. Now 255, 256 and 4,000 bytes (non-ASCII too) arrive whole,
    after a script and after -c, on both twins (built from the same tree)."""
    binary = require_file(os.path.join(BUILD, which, "micropython"))
    script = tmp_path / "argv.py"
    script.write_text("import sys\nprint('ARGV', [len(a) for a in sys.argv[1:]], sys.argv[-1][-3:])\n")
    args = ["a" * 255, "b" * 256, "\u00e9" * 2000]  # the last: 4,000 bytes of UTF-8
    env = dict(os.environ)
    env.pop("MICROPYPATH", None)
    out = subprocess.run([binary, str(script)] + args, capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == "ARGV [255, 256, 2000] \u00e9\u00e9\u00e9", out.stdout
    code = "import sys; print('ARGV', sys.argv[0], [len(a) for a in sys.argv[1:]])"
    out = subprocess.run([binary, "-c", code] + args, capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.strip() == "ARGV -c [255, 256, 2000]", out.stdout


def test_long_annotations_in_frozen_code(tmp_path):
    """Frozen code, as the images carry it (mpy-cross, then mpy-tool's C),
    keeps annotation texts over 255 characters: the patch's own
    annotations_long.py frozen into a copy of the twin's build (only the
    frozen modules are compiled again and linked) and imported from .frozen
    alone gives its .exp."""
    twin_dir = os.path.dirname(require_file(TWIN))
    build = tmp_path / "unix"
    shutil.copytree(twin_dir, build, symlinks=True)  # keeps the files' times: nothing else is rebuilt
    tests_dir = os.path.join(MPY, "tests", "micropython")
    manifest = tmp_path / "manifest.py"
    manifest.write_text("module('annotations_long.py', base_path={!r})\n".format(tests_dir))
    flags = open(os.path.join(twin_dir, ".build-id")).read().split(None, 1)[1].strip()  # the twin's options
    assert "-DMICROPY_PY_FUNCTION_ANNOTATIONS=1" in flags, flags
    out = subprocess.run(["make", "-s", "-C", os.path.join(MPY, "ports", "unix"), "-j2", "MICROPY_PY_BTREE=0", "STRIP=",
                          "BUILD=" + str(build), "CFLAGS_EXTRA=" + flags, "FROZEN_MANIFEST=" + str(manifest),
                          "USER_C_MODULES=" + os.path.join(REPO, "c_modules")],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    frozen_c = (build / "frozen_content.c").read_text()
    assert "const_obj_annotations_long" in frozen_c and "mp_type_str}, " in frozen_c
    out = subprocess.run([str(build / "micropython"), "-c", "import sys\nsys.path[:] = ['.frozen']\nimport annotations_long"],
                         cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == open(os.path.join(tests_dir, "annotations_long.py.exp")).read()


@pytest.mark.parametrize("board", ["PICO_W_API", "PICO2_W_API"])
def test_annotations_are_on_in_the_images(board):
    report = json.load(open(require_file(os.path.join(BUILD, board, "size-report.json"))))
    # the patch's own functions are linked in (with the options off they are not compiled)
    assert 800 < report["annotations_patch_code"] < 4096, report["annotations_patch_code"]
    # and those of the generic-alias and unpacking patches (0002, 0003)
    assert 300 < report["language_patches_code"] < 4096, report["language_patches_code"]
