# The exceptions a FastAPI application raises and catches, with FastAPI's
# names and shapes (fastapi.exceptions / starlette.exceptions).


def phrase(status_code):
    # the reason phrase of a status ("Not Found"), from the responses' table
    from .responses import STATUS

    return STATUS.get(status_code, "Error")


class HTTPException(Exception):
    # raise HTTPException(404, "Item not found", headers={...}): the answer is
    # {"detail": detail} with that status and those headers. detail may be any
    # JSON value; left out, it is the status's reason phrase.
    def __init__(self, status_code, detail=None, headers=None):
        if detail is None:
            detail = phrase(status_code)
        super().__init__(status_code, detail)
        self.status_code = status_code
        self.detail = detail
        self.headers = headers

    def __str__(self):
        return "{}: {}".format(self.status_code, self.detail)

    def __repr__(self):
        return "{}(status_code={!r}, detail={!r})".format(type(self).__name__, self.status_code, self.detail)


class WebSocketException(Exception):
    def __init__(self, code, reason=None):
        super().__init__(code, reason)
        self.code = code
        self.reason = reason or ""

    def __str__(self):
        return "{}: {}".format(self.code, self.reason)


class FastAPIError(RuntimeError):
    # a mistake in the application's code (not in a request)
    pass


class ValidationException(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self._errors = errors

    def errors(self):
        # the list of error items, each {"type", "loc", "msg", "input"[, "ctx"]}
        return self._errors

    def __str__(self):
        n = len(self._errors)
        s = "{} validation error{}:".format(n, "" if n == 1 else "s")
        for e in self._errors:
            s += "\n  {}".format(e)
        return s


class RequestValidationError(ValidationException):
    # The request did not match the declared parameters. Not an HTTPException:
    # app.exception_handler(RequestValidationError) catches it alone; unhandled
    # it becomes 422 {"detail": exc.errors()}. body: the request body as it was
    # received (parsed JSON where it was JSON), for the handler to echo back.
    def __init__(self, errors, body=None):
        # each item's loc as a tuple, as Pydantic gives it (JSON shows a list)
        for e in errors:
            loc = e.get("loc")
            if type(loc) is list:
                e["loc"] = tuple(loc)
        super().__init__(errors)
        self.body = body


class WebSocketRequestValidationError(ValidationException):
    pass


class ResponseValidationError(ValidationException):
    def __init__(self, errors, body=None):
        super().__init__(errors)
        self.body = body
