# Sampling on the second core, serving on the first.
#
# The pattern: core 1 runs a loop that takes a reading at a steady rate and
# writes it into a ring buffer made once, up front (arrays: the loop
# allocates nothing, so it never waits for, or triggers, a garbage collection
# that core 0 is running). Handlers on core 0 take a consistent copy under a
# lock and build their JSON outside it, so core 1 is held up only for the
# copy of a few hundred bytes, never for a network write.
#
#   core 1: read -> lock -> values[i], stamps[i], count += 1 -> unlock -> sleep
#   core 0: GET /samples -> lock -> copy arrays and count -> unlock -> JSON
#
# Rules this follows (MicroPython's _thread on the RP2040/RP2350 runs the new
# thread on core 1, at most one such thread):
# - share data only through the lock-protected object, never bare globals
#   that both cores update;
# - keep the locked section short and free of I/O and allocation;
# - let core 1 stop when asked (`sampler.running = False`), and start it once.
#
# On the board: `mpremote cp examples/core1_sampling.py :main.py + reset`
# (with wifi_secrets.py for Wi-Fi, as in sensors_pico.py); it reads the RP2040's
# temperature sensor. On the host twin or CPython there is no ADC: a counter
# stands in for it, so a test can check that no copy is ever torn.
import time
from array import array

import _thread

from microfastapi import MicroFastApi, Query

N = 64  # readings kept
PERIOD_MS = 20  # one reading every 20 ms on core 1

try:
    import machine

    _adc = machine.ADC(4)  # RP2040 internal temperature sensor (raw 16-bit)

    def read_sensor(n):
        return _adc.read_u16()

except (ImportError, AttributeError, ValueError, TypeError):

    def read_sensor(n):  # no ADC here: the reading is a function of its number
        return n % 4096


if hasattr(time, "ticks_ms"):
    ticks_ms, sleep_ms = time.ticks_ms, time.sleep_ms
else:  # CPython
    def ticks_ms():
        return int(time.monotonic() * 1000) & 0x3FFFFFFF

    def sleep_ms(ms):
        time.sleep(ms / 1000)


class Samples:
    """The last N readings: written by core 1, copied out by core 0."""

    def __init__(self, n):
        self.size = n
        self.values = array("H", [0] * n)  # raw readings
        self.stamps = array("L", [0] * n)  # ticks_ms when taken
        self.count = 0  # readings taken so far
        self.lock = _thread.allocate_lock()
        self.running = False

    def add(self, value, stamp):  # core 1
        with self.lock:
            i = self.count % self.size
            self.values[i] = value
            self.stamps[i] = stamp
            self.count += 1

    def snapshot(self):  # core 0: a consistent copy, taken quickly
        with self.lock:
            count = self.count
            values = array("H", self.values)
            stamps = array("L", self.stamps)
        return count, values, stamps

    def latest(self, k):
        """The k newest readings, oldest first: [(number, value, stamp)]."""
        count, values, stamps = self.snapshot()
        k = min(k, count, self.size)
        return [(n, values[n % self.size], stamps[n % self.size]) for n in range(count - k, count)]


samples = Samples(N)


def sampler(buf):  # runs on core 1
    n = 0
    while buf.running:
        buf.add(read_sensor(n), ticks_ms())
        n += 1
        sleep_ms(PERIOD_MS)


def start_sampler():
    if not samples.running:
        samples.running = True
        _thread.start_new_thread(sampler, (samples,))


app = MicroFastApi(title="Sampling on core 1", version="1.0.0")


@app.get("/samples", summary="The newest readings, oldest first")
def read_samples(k=Query(int, default=10)):
    rows = samples.latest(k)
    return {
        "count": samples.count,
        "samples": [{"n": n, "value": v, "ticks_ms": t} for n, v, t in rows],
    }


@app.get("/samples/mean", summary="Mean of the readings kept")
def mean():
    count, values, _ = samples.snapshot()
    kept = min(count, N)
    if not kept:
        return {"count": 0, "mean": None}
    total = 0
    for i in range(kept):
        total += values[i]
    return {"count": count, "mean": total / kept}


if __name__ == "__main__":
    start_sampler()
    try:
        app.run(port=80)  # MFA_HOST / MFA_PORT in the environment override host and port
    finally:
        samples.running = False  # core 1 stops at its next reading
