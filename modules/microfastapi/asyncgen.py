# Async generators on MicroPython, which has none of its own.
#
# There, `async def f(): ... await x ... yield v` compiles to a plain generator
# that yields None for each await (the awaitable has already put the task on
# a queue) and v for each value. Iterating it with `for` (or sending into it
# from a coroutine and ignoring what it yields) hands the scheduler a task
# that is queued twice or not at all: the twin segfaults in asyncio's task
# queue, the board spins in mp_pairheap_pairing, or the request never ends.
# step() drives such a generator correctly from inside a coroutine: awaits
# are passed up to the scheduler, values come back to the caller.
#
# step() takes every None for an await (right where the generator is known to
# be a coroutine, or has yielded its value already); anext_chunk() tells a
# bare `yield None` (a value) from an await as concurrency.step does.
from ._compat import CPY as _CPY, GeneratorType as _GEN

DONE = object()  # step()'s first item when the generator has returned


def step(g):
    """await step(g) -> (DONE, return value) or (None, next yielded value).
    Exceptions thrown into the awaiting task (cancellation) go into g."""
    x = None
    exc = None
    while True:
        try:
            v = g.throw(exc) if exc is not None else g.send(x)
        except StopIteration as s:
            return DONE, s.value
        if v is not None:
            return None, v
        exc = None
        try:
            x = yield None
        except BaseException as e:  # noqa: B036 - CancelledError must reach g
            exc = e


async def anext_chunk(it):
    """The next item of an async iterator (CPython async generator, object
    with __anext__, or a MicroPython generator mixing awaits and values), or
    DONE."""
    if hasattr(it, "__anext__"):
        try:
            return await it.__anext__()
        except StopAsyncIteration:
            return DONE
    if _CPY or type(it) is not _GEN:
        # a sync iterator (on CPython a generator cannot await)
        try:
            return next(it)
        except StopIteration:
            return DONE
    # a value of None is a value here (an SSE item None is `data: null`, as
    # FastAPI sends it): concurrency.step tells a bare `yield None` from an
    # await by what the await did to the task
    from .concurrency import step as step_to_yield

    r = await step_to_yield(it)
    return DONE if isinstance(r, StopIteration) else r.value


async def aclose(it):
    """Close a stream's iterator on every way out, so that its `finally`
    runs (on MicroPython nothing else would)."""
    try:
        if hasattr(it, "aclose"):
            await it.aclose()
        elif hasattr(it, "close"):
            it.close()
    except Exception:
        pass
