# Issue 10, item 7: a keyword the public API does not take is a TypeError at
# the call, on CPython and MicroPython alike. Prints one line per check.
from microfastapi import MicroFastApi, FastAPI, Route, Path, Query, Header, Cookie


def h(x=None):
    return {}


CHECKS = [
    ("MicroFastApi(titel=)", lambda: MicroFastApi(titel="x")),
    ("FastAPI(titel=)", lambda: FastAPI(titel="x")),
    ("app.get(summry=)", lambda: MicroFastApi().get("/", summry="x")),
    ("app.post(status=)", lambda: MicroFastApi().post("/", status=201)),
    ("app.route(tag=)", lambda: MicroFastApi().route("/", methods=("GET",), tag="x")),
    ("app.add_route(descrption=)", lambda: MicroFastApi().add_route("/", h, descrption="x")),
    ("Route(sumary=)", lambda: Route(None, "/", ("GET",), h, sumary="x")),
    ("Query(titel=)", lambda: Query(None, titel="x")),
    ("Path(greater=)", lambda: Path(greater=1)),
    ("Header(convert=)", lambda: Header(None, convert=False)),
    ("Cookie(max_len=)", lambda: Cookie(None, max_len=3)),
    ("Query(default twice)", lambda: Query(None, default=1)),
]
for name, f in CHECKS:
    try:
        f()
        print("NO-ERROR", name)
    except TypeError as e:
        print("TypeError", name, "|", e)
# the real keywords are taken
app = MicroFastApi(title="t", max_body_size=100)
app.get("/", status_code=200, summary="s", description="d", tags=["a"], name="n", include_in_schema=False,
        deprecated=True, operation_id="x", responses={404: "nope"})(h)
Query(None, alias="a", title="t", description="d", gt=1, ge=1, lt=9, le=9, min_length=1, max_length=5,
      pattern="^a", deprecated=True, include_in_schema=False, examples=["a"])
Header(None, convert_underscores=False)
print("OK")
