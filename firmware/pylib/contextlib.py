# contextlib for MicroFastApi's firmware (MicroPython has none built in):
# what FastAPI programs use of it. CPython uses its own.
#   @asynccontextmanager  (a lifespan, a dependency helper)
#   @contextmanager, suppress, nullcontext, closing


class _GeneratorCM:
    def __init__(self, gen):
        self.gen = gen

    def __enter__(self):
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield")

    def __exit__(self, typ, val, tb):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if val is None:
            val = typ()
        try:
            self.gen.throw(val)
        except StopIteration:
            return True
        except BaseException as e:
            if e is val:
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    def helper(*args, **kwds):
        return _GeneratorCM(func(*args, **kwds))

    return helper


class _AsyncGeneratorCM:
    # On MicroPython an async generator is a generator whose awaits also
    # yield None: microfastapi.concurrency.step tells its `yield` apart.
    def __init__(self, gen):
        self.gen = gen

    async def __aenter__(self):
        from microfastapi.concurrency import step, Yielded

        s = await step(self.gen)
        if type(s) is not Yielded:
            raise RuntimeError("generator didn't yield")
        return s.value

    async def __aexit__(self, typ, val, tb):
        from microfastapi.concurrency import step, Yielded

        if typ is not None and val is None:
            val = typ()
        try:
            s = await step(self.gen, val, True)
        except BaseException as e:
            if e is val:
                return False
            raise
        if type(s) is Yielded:
            raise RuntimeError("generator didn't stop")
        return val is not None


def asynccontextmanager(func):
    def helper(*args, **kwds):
        return _AsyncGeneratorCM(func(*args, **kwds))

    return helper


class suppress:
    def __init__(self, *exceptions):
        self.exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, typ, val, tb):
        return typ is not None and issubclass(typ, self.exceptions)


class nullcontext:
    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *exc):
        return False

    async def __aenter__(self):
        return self.enter_result

    async def __aexit__(self, *exc):
        return False


class closing:
    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc):
        self.thing.close()
        return False
