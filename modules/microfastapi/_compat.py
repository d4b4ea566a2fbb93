# What differs between CPython and MicroPython, and the small helpers the
# framework's modules share (public names: no module reaches into another's
# private ones).
import sys

# True on CPython (and PyPy), False on MicroPython (images, twin, stock).
CPY = sys.implementation.name != "micropython"


# MicroPython's millisecond ticks (they wrap: compare them with ticks_diff),
# CPython's monotonic clock in their place
try:
    from time import ticks_ms, ticks_diff, ticks_add
except ImportError:
    import time as _time

    def ticks_ms():
        return int(_time.monotonic() * 1000)

    def ticks_diff(a, b):
        return a - b

    def ticks_add(a, b):
        return a + b


def deadline(ms):
    # the ticks_ms() value `ms` milliseconds from now
    return ticks_add(ticks_ms(), ms)


def _g():
    yield


# The type of a generator object. On MicroPython `async def` and generator
# functions both give one (and asyncio drives them with send(None)).
GeneratorType = type(_g())


def print_exception(e, request=None):
    # the traceback on the console, on both runtimes, after the request that
    # caused it ("GET /items/3?q=x"), as uvicorn names it
    if request is not None:
        print("ERROR:    Exception in " + request)
    if CPY:
        import traceback

        traceback.print_exception(type(e), e, e.__traceback__)
    else:
        sys.print_exception(e)


def format_exception(e):
    # the traceback as text (what debug=True answers a 500 with)
    if CPY:
        import traceback

        return "".join(traceback.format_exception(type(e), e, e.__traceback__))
    import io

    buf = io.StringIO()
    sys.print_exception(e, buf)
    return buf.getvalue()


class Raised:
    # What a long-lived worker generator (handling.fast, Server.handle_bytes)
    # yields for an exception: a generator that raises is finished, and these
    # must live as long as the app (their frame then stays off the heap), so
    # they catch everything and their driver re-raises `e`.
    def __init__(self, e):
        self.e = e


def title_of(name):
    # Python's name.title().replace("_", " "), which Pydantic makes a field's
    # title with and FastAPI an operation's summary: "item_id" -> "Item Id",
    # "itemName" -> "Itemname", "item-query" -> "Item-Query" (MicroPython's
    # str has no .title()). Here rather than in schema.py so that an app
    # without annotations does not load schema.py for /openapi.json.
    out = []
    prev_alpha = False
    for c in name:
        alpha = c.isalpha()
        out.append((c.lower() if prev_alpha else c.upper()) if alpha else c)
        prev_alpha = alpha
    return "".join(out).replace("_", " ")


# str.isdigit limited to ASCII: CPython's also takes other scripts' digits
# (which int() accepts), MicroPython's only ASCII ones (the fast path calls
# str.isdigit itself there).
if CPY:
    def isdigits(s):
        return s.isdigit() and s.isascii()
else:
    isdigits = str.isdigit
