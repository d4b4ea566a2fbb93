"""Helpers for the on-target tests: build paths, the ROM call harness and the
board runner (emu/romcall.mjs, emu/run.mjs on rp2040js)."""
import base64
import json
import os
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMU = os.path.join(ROOT, "emu")


def _path(env, default):
    p = os.environ.get(env) or default
    return p if os.path.isabs(p) else os.path.join(ROOT, p)


ROM = _path("MFA_EMU_ROM", "firmware/build/emu-rom/rom.bin")
IMAGE = _path("PICO_W_UF2", "firmware/build/PICO_W_API/firmware.uf2")
TWIN = _path("MFA_TWIN", "firmware/build/unix/micropython")


class Missing(Exception):
    pass


def need(path, what, how):
    if not os.path.exists(path):
        raise Missing("{} not found at {}: {}".format(what, path, how))
    return path


def need_node():
    need(os.path.join(EMU, "node_modules", "rp2040js", "package.json"), "rp2040js", "run 'make emu-deps'")


def need_rom():
    need_node()
    return need(ROM, "the emulation ROM", "run 'make rom'")


def need_image():
    need_rom()
    return need(IMAGE, "the Pico W image", "run 'make firmware BOARD=PICO_W_API'")


def need_twin():
    return need(TWIN, "the host twin", "run 'make twin'")


def romcall(calls, timeout=300):
    """Run calls (see emu/romcall.mjs) in one emulator; returns the results."""
    p = subprocess.run(["node", os.path.join(EMU, "romcall.mjs"), need_rom()],
                       input=json.dumps(calls), capture_output=True, text=True, timeout=timeout)
    if p.returncode:
        raise RuntimeError("romcall.mjs failed: " + p.stderr[-2000:])
    return json.loads(p.stdout)


def run_steps(steps, timeout=600, image=None):
    """Boot the image once and run steps (see emu/run.mjs); returns its JSON summary."""
    image = image or need_image()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(steps, f)
        name = f.name
    try:
        p = subprocess.run(["node", os.path.join(EMU, "run.mjs"), image, "--steps", name,
                            "--timeout", str(timeout)],
                           capture_output=True, text=True, timeout=timeout + 60)
    finally:
        os.unlink(name)
    if p.returncode not in (0, 1):
        raise RuntimeError("run.mjs failed ({}): {}{}".format(p.returncode, p.stdout[-3000:], p.stderr[-3000:]))
    d = json.loads(p.stdout)
    if d["failure"]:
        raise RuntimeError("run.mjs: " + d["failure"])
    return d


def exec_step(code):
    return {"exec": code}


def put_step(path, data):
    if isinstance(data, str):
        data = data.encode()
    return {"put": path, "data_b64": base64.b64encode(data).decode()}


def run_twin(code, timeout=120):
    """Run code on the host twin from an empty folder (frozen modules only)."""
    twin = need_twin()
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, MICROPYPATH=".frozen")
        p = subprocess.run([twin, "-c", code], cwd=d, env=env, capture_output=True, text=True, timeout=timeout)
    return p.stdout, p.stderr, p.returncode
