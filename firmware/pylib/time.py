# time for MicroFastApi's firmware: MicroPython's built-in time module plus
# the clocks CPython code reaches for (FastAPI's middleware page times a
# request with time.perf_counter()). `time` is one of MicroPython's
# "extensible" built-ins: a time.py on sys.path (this one, frozen) is imported
# in its place, and `utime` still names the built-in. CPython uses its own.
from utime import *  # noqa: F401,F403 (sleep, ticks_ms, time, gmtime, ...)
from utime import ticks_add, ticks_diff, ticks_us, time_ns

# perf_counter() counts from this module's import, in microseconds, from the
# microsecond tick counter. That counter wraps (every 2**30 us, about 18
# minutes, on the boards), and ticks_diff is only right modulo that period: when
# two calls are more than half a period apart, the wall clock (time_ns) counts
# the wraps, if it agrees with the ticks to a second (an NTP sync moving the
# wall clock in between makes it disagree: then the ticks alone are used).
_PERIOD = ticks_add(0, -1) + 1
_HALF = _PERIOD // 2
_last_tick = ticks_us()
_last_wall = time_ns()
_elapsed_us = 0


def _advance():
    global _last_tick, _last_wall, _elapsed_us
    tick = ticks_us()
    wall = time_ns()
    step = ticks_diff(tick, _last_tick)
    gap = (wall - _last_wall) // 1000
    if gap > _HALF:
        wraps = (gap - step + _HALF) // _PERIOD
        if wraps > 0 and abs(gap - step - wraps * _PERIOD) < 1_000_000:
            step += wraps * _PERIOD
    if step > 0:
        _elapsed_us += step
    _last_tick = tick
    _last_wall = wall
    return _elapsed_us


def perf_counter_ns():
    return _advance() * 1000


def perf_counter():
    # float seconds (single precision on the board: microsecond steps for the
    # first seconds, ~60 us after 1,000 s)
    return _advance() / 1_000_000


monotonic = perf_counter
monotonic_ns = perf_counter_ns
