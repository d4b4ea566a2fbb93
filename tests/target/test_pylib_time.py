"""The firmware's time module (firmware/pylib/time.py): MicroPython's built-in
time, extended with CPython's perf_counter()/monotonic() (FastAPI's middleware
page uses perf_counter). On the twin, frozen as in the images; the emulated
Pico W runs it through tests/fastapi_docs (chapter middleware)."""
import emu

SCRIPT = r'''
import time, utime
# the built-in's functions are the same objects; the module is the frozen one
print("BUILTIN", time is not utime, time.ticks_ms is utime.ticks_ms, time.sleep_ms is utime.sleep_ms,
      time.gmtime is utime.gmtime, hasattr(utime, "perf_counter"))
a = time.perf_counter()
time.sleep_ms(20)
b = time.perf_counter()
print("STEP", b > a, b - a >= 0.019, b - a < 5)
n1 = time.perf_counter_ns(); n2 = time.perf_counter_ns()
print("NS", type(n1) is int, n2 >= n1, time.monotonic is time.perf_counter)
# the boards' tick counter wraps every 2**30 us (the twin's: 2**62): act as
# the board, then make 1,200 s pass between two calls (the ticks moved on by
# 1,200 s modulo the period): the wall clock counts the one wrap
time._PERIOD = 2**30
time._HALF = 2**29
before = time.perf_counter()
time._last_wall -= 1200 * 10**9
time._last_tick = time.ticks_add(time.ticks_us(), -(1200 * 10**6 - 2**30))
after = time.perf_counter()
print("WRAP", 1199 < after - before < 1201)
# a wall clock set forward an hour (an NTP sync) between two calls: the ticks
# disagree with it, so they are used alone; set backwards: the same
time._last_wall -= 3600 * 10**9
x = time.perf_counter()
time._last_wall += 7200 * 10**9
y = time.perf_counter()
print("NTP", 0 <= x - after < 1, 0 <= y - x < 1)
'''


def test_time_extends_the_builtin_with_perf_counter():
    out, err, rc = emu.run_twin(SCRIPT)
    assert rc == 0, err
    assert out.split("\n")[:5] == ["BUILTIN True True True True False", "STEP True True True", "NS True True True",
                                   "WRAP True", "NTP True True"], out
