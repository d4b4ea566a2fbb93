# Calling user code that may be sync or async, and stepping generators that
# may be async (yield dependencies, lifespan) on both runtimes.
#
# On CPython, coroutines, generators and async generators are different types.
# On MicroPython, `async def` and `def ... yield` both make a generator, and
# asyncio's awaitables suspend by yielding None: a generator that yields None
# may be awaiting something or may have reached a bare `yield`. step() tells
# them apart from what the suspension left on the current task (a waiting
# queue in task.data, or a new run-queue key from sleep).
import sys

CPY = sys.implementation.name != "micropython"


def _g():
    yield


GEN = type(_g())
del _g


def is_awaitable(r):
    if CPY:
        return hasattr(r, "__await__")
    return type(r) is GEN


async def call(fn, *a, **kw):
    # fn(*a, **kw), awaited when it gives an awaitable
    r = fn(*a, **kw)
    if is_awaitable(r):
        return await r
    return r


class _Yielded:
    # step()'s answer when the generator reached a `yield`
    def __init__(self, value):
        self.value = value


if not CPY:
    from asyncio import core as _core

    def _mp_step(g, throw):
        # drive g until its next `yield` (-> _Yielded) or its end (-> the
        # StopIteration); every await inside is passed on to the event loop
        send = None
        first = True
        while True:
            t = _core.cur_task
            key = getattr(t, "ph_key", None)
            try:
                if first and throw is not None:
                    v = g.throw(throw)
                else:
                    v = g.send(send)
            except StopIteration as s:
                return s
            first = False
            if v is None and (t is None or (t.data is None and getattr(t, "ph_key", None) == key)):
                return _Yielded(None)
            if v is not None:
                return _Yielded(v)
            try:
                send = yield None
            except BaseException as e:
                # cancelled while awaiting: into the generator
                throw = e
                first = True


async def step(g, throw=None):
    # Run a generator-based dependency or lifespan to its next `yield`
    # (-> _Yielded(value)) or its end (-> StopIteration / StopAsyncIteration);
    # with throw, raise that exception at the `yield` it stopped at first.
    # Exceptions from the generator propagate.
    if CPY:
        if hasattr(g, "__anext__"):
            try:
                if throw is not None:
                    return _Yielded(await g.athrow(throw))
                return _Yielded(await g.__anext__())
            except StopAsyncIteration as s:
                return s
        try:
            if throw is not None:
                return _Yielded(g.throw(throw))
            return _Yielded(next(g))
        except StopIteration as s:
            return s
    return await _mp_step(g, throw)
