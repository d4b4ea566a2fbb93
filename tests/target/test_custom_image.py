"""Issue 10: "Your own image, with your app frozen in" works exactly as the
README writes it, for a board folder of any name: the README's commands and
manifest line are taken from the README itself and run; the image boots in
the emulator and runs the frozen app; a main.py copied to the filesystem
then wins over it; a change to the frozen app rebuilds the image, and a
second `make` with nothing changed builds nothing."""
import os
import re
import shutil
import subprocess

import emu

README = os.path.join(emu.ROOT, "README.md")
NAME = "MY_TEST_BOARD"  # not *_API: any folder name is a board


def readme_recipe():
    text = open(README, encoding="utf-8").read()
    section = text.split("## Your own image, with your app frozen in", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    shell = [b for lang, b in blocks if lang == "sh"]
    python = [b for lang, b in blocks if lang == "python"]
    assert shell and python, "the README section has a sh and a python block"
    commands = [l.strip() for l in shell[0].splitlines() if l.strip() and not l.strip().startswith("#")]
    manifest_lines = [l for l in python[0].splitlines() if "/path/to/my/app" in l]
    return commands, manifest_lines


def run(cmd, timeout=1800):
    return subprocess.run(cmd, shell=True, cwd=emu.ROOT, capture_output=True, text=True, timeout=timeout)


def test_readme_recipe_for_any_board_name(tmp_path):
    commands, manifest_lines = readme_recipe()
    assert any(c.startswith("cp -r boards/PICO_W_API boards/MY_BOARD") for c in commands), commands
    assert any(c.startswith("make firmware BOARD=MY_BOARD") for c in commands), commands
    assert manifest_lines and all(l.lstrip().startswith("module(") for l in manifest_lines), manifest_lines

    board_dir = os.path.join(emu.ROOT, "boards", NAME)
    out_dir = os.path.join(emu.ROOT, "firmware", "build", NAME)
    assert not os.path.exists(board_dir), "{} exists already: remove it first".format(board_dir)
    app = tmp_path / "app"
    app.mkdir()
    (app / "app.py").write_text("print('frozen app v1 ran as', __name__)\n")
    try:
        build_cmds = []
        for c in commands:
            c = c.replace("MY_BOARD", NAME)
            if c.startswith("make "):
                build_cmds.append(c)
                continue
            p = run(c)
            assert p.returncode == 0, (c, p.stderr)
            if c.startswith("cp -r"):
                with open(os.path.join(board_dir, "manifest.py"), "a") as f:
                    for line in manifest_lines:
                        f.write(line.strip().replace("/path/to/my/app", str(app)) + "\n")
        assert build_cmds

        def build():
            outs = [run(c) for c in build_cmds]
            for c, p in zip(build_cmds, outs):
                assert p.returncode == 0, (c, p.stdout[-3000:], p.stderr[-3000:])
            return "".join(p.stdout for p in outs)

        out = build()
        assert "[build] {} image".format(NAME) in out, out
        image = os.path.join(out_dir, "firmware.uf2")
        assert os.path.exists(image) and os.path.exists(os.path.join(out_dir, "size-report.txt"))

        steps = [
            {"soft_reset": "friendly"},
            emu.put_step("/main.py", "print('filesystem main.py ran')\n"),
            {"soft_reset": "friendly"},
        ]
        d = emu.run_steps(steps, image=image, timeout=120)
        first, after = d["results"][0]["out"], d["results"][2]["out"]
        assert "frozen app v1 ran as app" in first, first
        assert "filesystem main.py ran" in after and "frozen app" not in after, after

        # a change to the frozen app rebuilds the image
        (app / "app.py").write_text("print('frozen app v2 ran as', __name__)\n")
        out = build()
        assert "[build] {} image".format(NAME) in out, out
        assert b"frozen app v2 ran as" in open(os.path.join(out_dir, "firmware.bin"), "rb").read()
        # and nothing changed: nothing built
        out = build()
        assert "[build]" not in out, out
    finally:
        shutil.rmtree(board_dir, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)
