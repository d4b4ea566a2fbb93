# MicroFastApi's boot main.py, frozen into the image.
#
# MicroPython runs a frozen main.py in preference to one on the filesystem
# (shared/runtime/pyexec.c looks for frozen modules first), so an app frozen
# as main.py could never be replaced by copying a new main.py to the board.
# This one lets the filesystem win: a /main.py there runs as __main__, as it
# would on the stock image; without one, the module `app` runs (your app,
# frozen into a custom image with module("app.py", ...)); without either the
# board goes to the REPL.


def _compile_fs_main():
    import os
    try:
        if os.stat("main.py")[0] & 0x4000:  # a directory, not a script
            return None
    except OSError:
        return None
    with open("main.py") as f:
        return compile(f.read(), "main.py", "exec")


_code = _compile_fs_main()
del _compile_fs_main
if _code is not None:
    # Into this module's globals (__main__), so that the REPL sees the
    # script's names afterwards, as with the stock image's main.py.
    exec(_code, globals())
else:
    del _code
    try:
        import app
    except ImportError as e:
        if str(e) != "no module named 'app'":
            raise
