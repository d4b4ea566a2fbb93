# jsonable_encoder: FastAPI's, for what MicroPython and CPython have.
# Models -> their model_dump(mode="json"); Enum members -> their value;
# set/frozenset/tuple -> list; bytes -> str (UTF-8); dict keys and values,
# list items encoded in turn; datetime/date/time -> isoformat(); UUID,
# Decimal and other objects with a str form FastAPI knows -> str/float;
# timedelta -> total seconds (float). dict/list/str/int/float/bool/None
# come back as they are (a copy for dict and list).


def jsonable_encoder(obj, include=None, exclude=None, by_alias=True, exclude_unset=False,
                     exclude_defaults=False, exclude_none=False):
    t = type(obj)
    if t is str or t is int or t is float or t is bool or obj is None:
        return obj
    if hasattr(obj, "model_dump") and hasattr(t, "model_fields"):
        # (model_dump's JSON mode is JSON-able already: no second walk)
        return obj.model_dump(mode="json", include=include, exclude=exclude, by_alias=by_alias,
                              exclude_unset=exclude_unset, exclude_defaults=exclude_defaults,
                              exclude_none=exclude_none)
    if t is dict:
        out = {}
        for k in obj:
            v = obj[k]
            if exclude_none and v is None:
                continue
            if include is not None and k not in include:
                continue
            if exclude is not None and k in exclude:
                continue
            out[jsonable_encoder(k)] = jsonable_encoder(v, exclude_none=exclude_none)
        return out
    if t is list or t is tuple or t is set or t is frozenset:
        return [jsonable_encoder(x, exclude_none=exclude_none) for x in obj]
    if t is bytes or t is bytearray:
        return bytes(obj).decode()
    if hasattr(obj, "value") and (hasattr(t, "__members__") or hasattr(t, "_members_")):  # Enum member
        return jsonable_encoder(obj.value)
    if isinstance(obj, str):  # str subclasses (HttpUrl...)
        return str(obj)
    if isinstance(obj, (int, float)):
        return obj
    # timedelta first: micropython-lib's also has an isoformat()
    ts = getattr(obj, "total_seconds", None)
    if ts is not None:
        return ts()
    iso = getattr(obj, "isoformat", None)
    if iso is not None:
        return iso()
    name = t.__name__
    if name in ("UUID", "Decimal", "PurePath", "PosixPath", "WindowsPath", "IPv4Address", "IPv6Address",
                "IPv4Network", "IPv6Network", "IPv4Interface", "IPv6Interface", "Url", "NameEmail"):
        return float(obj) if name == "Decimal" else str(obj)
    if isinstance(obj, dict):
        return jsonable_encoder(dict(obj))
    d = getattr(obj, "__dict__", None)
    if d is not None:  # plain objects: their attributes, as FastAPI's vars() fallback
        return jsonable_encoder(dict((k, d[k]) for k in d if k[:1] != "_"))
    raise ValueError("Object of type {} is not JSON serializable".format(name))
