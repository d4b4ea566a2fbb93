# Standard-library modules the MicroPython builds (images and the twin) lack
# and FastAPI programs import (time: extends the built-in). Kept out of modules/ so that on CPython, where
# tests put modules/ on sys.path, the standard library's own are used.
module("contextlib.py")
module("secrets.py")
module("typing.py")
module("enum.py")
module("time.py")
# UUID path parameters and fields (FastAPI's Extra Data Types)
module("uuid.py")
# datetime, date, time, timedelta, timezone: micropython-lib's (pinned in
# firmware/pins.env, fetched at build time, never copied into the repo)
require("datetime")
