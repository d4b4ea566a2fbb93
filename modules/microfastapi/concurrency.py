# Calling user code that may be sync or async, and stepping generators that
# may be async (yield dependencies, lifespan) on both runtimes.
#
# On CPython, coroutines, generators and async generators are different types.
# On MicroPython, `async def` and `def ... yield` both make a generator, and
# asyncio's awaitables suspend by yielding None: a generator that yields None
# may be awaiting something or may have reached a bare `yield`. step() tells
# them apart by what the suspension did to the current task (put it on a
# waiting queue, task.data, or back on the run queue: sleep).
from ._compat import CPY, GeneratorType as GEN


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


class Yielded:
    # step()'s answer when the generator reached a `yield`
    def __init__(self, value):
        self.value = value


if not CPY:
    from asyncio import core as _core

    class _Spy:
        # stands for asyncio's run queue while a generator runs one step:
        # records whether the step scheduled the current task (sleep does)
        def __init__(self, q, task):
            self.q = q
            self.task = task
            self.hit = False

        def push(self, t, *key):
            if t is self.task:
                self.hit = True
            self.q.push(t, *key)

        def __getattr__(self, n):
            return getattr(self.q, n)

    def _send(g, v, throw):
        # one step of g; -> (value yielded, whether an await suspended it).
        # An awaited asyncio object suspends by yielding None after queueing
        # the task: on a waiting queue (task.data is set) or back on the run
        # queue (sleep: seen through _Spy). A bare `yield` does neither.
        t = _core.cur_task
        if t is None:
            return (g.throw(throw) if throw is not None else g.send(v)), False
        q = _core._task_queue
        spy = _core._task_queue = _Spy(q, t)
        try:
            y = g.throw(throw) if throw is not None else g.send(v)
        finally:
            _core._task_queue = q
        return y, y is None and (spy.hit or t.data is not None)

    def _mp_step(g, throw, to_end):
        # drive g to its next `yield` (-> Yielded) or its end (-> the
        # StopIteration), passing every await on to the event loop; to_end:
        # g has yielded its value already, so every None it yields is an await
        send = None
        while True:
            try:
                if to_end:
                    v = g.throw(throw) if throw is not None else g.send(send)
                    waiting = v is None
                else:
                    v, waiting = _send(g, send, throw)
            except StopIteration as s:
                return s
            throw = None
            if not waiting:
                return Yielded(v)
            try:
                send = yield None
            except BaseException as e:
                # cancelled while awaiting: into the generator
                throw = e


async def step(g, throw=None, to_end=False):
    # Run a generator-based dependency or lifespan to its next `yield`
    # (-> Yielded(value)) or its end (-> StopIteration / StopAsyncIteration);
    # with throw, raise that exception at the `yield` it stopped at first.
    # Exceptions from the generator propagate.
    if CPY:
        if hasattr(g, "__anext__"):
            try:
                if throw is not None:
                    return Yielded(await g.athrow(throw))
                return Yielded(await g.__anext__())
            except StopAsyncIteration as s:
                return s
        try:
            if throw is not None:
                return Yielded(g.throw(throw))
            return Yielded(next(g))
        except StopIteration as s:
            return s
    return await _mp_step(g, throw, to_end)
