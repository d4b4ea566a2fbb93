# Converting and validating values against a Spec (see annotations.py), with
# Pydantic v2-shaped error items as FastAPI puts them in its 422 answer:
#   {"type": "int_parsing", "loc": ["query", "n"], "msg": "Input should be a
#    valid integer, unable to parse string as an integer", "input": "x"}
# plus "ctx" where Pydantic has one (constraints, enum, literal).
# The rules are Pydantic's lax ("python") mode, which FastAPI uses for query,
# path, header, cookie, form and body values alike:
#   int    int; bool (True -> 1); float with no fraction; str/bytes of digits
#          (spaces around, "_" between digits, "+"/"-", a ".0" tail allowed)
#   float  int, float, bool, numeric str/bytes ("1e3", "inf", "nan" too)
#   bool   bool; 0/1 (int or float); str/bytes among FastAPI's words
#          1/0 true/false on/off yes/no t/f y/n, any case
#   str    str, bytes/bytearray (decoded UTF-8); numbers are NOT turned into str
#   bytes  bytes, bytearray, str (encoded UTF-8)
#   list/set/tuple  list, tuple, set (str and dict are refused)
#   dict   dict; keys and values validated
#   Literal  the exact values; Enum: a member, or a member's value (a str of
#          digits for an int-valued enum)
#   X | None  None, or X;  Union[A, B]: an exact type match first, then each
#          alternative in order (Pydantic's "smart" mode)
# Constraints: gt ge lt le multiple_of (numbers), min_length max_length (str,
# bytes, list, set, tuple, dict), pattern (str, re.search like Pydantic; on
# MicroPython its `re` is limited, see annotations.compile_pattern). Like
# Pydantic, the first failing constraint is the one reported.
#
# Public API
#   validate(spec, value, loc, errors) -> the converted value, or INVALID after
#       appending the error item(s) to `errors` (a list). loc: a tuple, e.g.
#       ("query", "n"); it prefixes every error's loc.
#   error_item(type, loc, input, ctx=None) -> one error dict (msg from MESSAGES)
#   missing(loc, input=None) -> the "missing" error item
#   MESSAGES: error type -> Pydantic's message template
from . import annotations as A

INVALID = object()

MESSAGES = {
    "missing": "Field required",
    "int_type": "Input should be a valid integer",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_type": "Input should be a valid number",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "finite_number": "Input should be a finite number",
    "bool_type": "Input should be a valid boolean",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "string_type": "Input should be a valid string",
    "string_unicode": "Input should be a valid string, unable to parse raw data as a unicode string",
    "bytes_type": "Input should be a valid bytes",
    "list_type": "Input should be a valid list",
    "set_type": "Input should be a valid set",
    "tuple_type": "Input should be a valid tuple",
    "dict_type": "Input should be a valid dictionary",
    "model_attributes_type": "Input should be a valid dictionary or object to extract fields from",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "is_instance_of": "Input should be an instance of {class}",
    "none_required": "Input should be None",
    "greater_than": "Input should be greater than {gt}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "less_than": "Input should be less than {lt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "multiple_of": "Input should be a multiple of {multiple_of}",
    "string_too_short": "String should have at least {min_length} character{s}",
    "string_too_long": "String should have at most {max_length} character{s}",
    "bytes_too_short": "Data should have at least {min_length} byte{s}",
    "bytes_too_long": "Data should have at most {max_length} byte{s}",
    "too_short": "{field_type} should have at least {min_length} item{s} after validation, not {actual_length}",
    "too_long": "{field_type} should have at most {max_length} item{s} after validation, not {actual_length}",
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "enum": "Input should be {expected}",
    "literal_error": "Input should be {expected}",
    "extra_forbidden": "Extra inputs are not permitted",
    "value_error": "Value error, {error}",
    "json_invalid": "JSON decode error",
    "url_type": "URL input should be a string or URL",
    "datetime_type": "Input should be a valid datetime",
    "datetime_from_date_parsing": "Input should be a valid datetime or date, {error}",
    "date_type": "Input should be a valid date",
    "date_from_datetime_inexact": "Datetimes provided to dates should have zero time - e.g. be exact dates",
    "date_from_datetime_parsing": "Input should be a valid date or datetime, {error}",
    "time_type": "Input should be a valid time",
    "time_parsing": "Input should be in a valid time format, {error}",
    "time_delta_type": "Input should be a valid timedelta",
    "time_delta_parsing": "Input should be a valid timedelta, {error}",
    "uuid_type": "UUID input should be a string, bytes or UUID object",
    "uuid_parsing": "Input should be a valid UUID, {error}",
    "decimal_type": "Decimal input should be an integer, float, string or Decimal object",
    "decimal_parsing": "Input should be a valid decimal",
    "url_too_long": "URL should have at most {max_length} character{s}",
}


def _num(v):
    # numbers in messages as Pydantic (Rust) prints them: 1.0 -> "1", 0.5 -> "0.5"
    if isinstance(v, float) and v == int(v) and abs(v) < 1e16:
        return str(int(v))
    return str(v)


def error_item(typ, loc, input, ctx=None):
    msg = MESSAGES.get(typ, typ)
    if ctx:
        f = {}
        for k in ctx:
            v = ctx[k]
            f[k] = _num(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
        n = ctx.get("min_length", ctx.get("max_length"))
        f["s"] = "" if n == 1 else "s"
        msg = msg.format(**f)
        return {"type": typ, "loc": list(loc), "msg": msg, "input": input, "ctx": ctx}
    return {"type": typ, "loc": list(loc), "msg": msg, "input": input}


def missing(loc, input=None):
    return {"type": "missing", "loc": list(loc), "msg": "Field required", "input": input}


# ---- scalar converters: return the value or raise _Fail(type) ------------------


class _Fail(Exception):
    pass


def _digits_int(s):
    # Pydantic's int-from-text: spaces around, a sign, "_" between digits, and
    # a ".0" tail ("1.0", "1.00") are accepted; anything else is int_parsing
    t = s.strip()
    if "." in t:
        t, frac = t.split(".", 1)
        if not frac or frac.strip("0"):
            raise _Fail("int_parsing")
    neg = t[:1] == "-"
    u = t[1:] if t[:1] in ("+", "-") else t
    if not u or u[0] == "_" or u[-1] == "_" or "__" in u:
        raise _Fail("int_parsing")
    for c in u:
        if c not in "0123456789_":
            raise _Fail("int_parsing")
    n = int(u.replace("_", ""))
    return -n if neg else n


def to_int(v):
    t = type(v)
    if t is int:
        return v
    if t is bool:
        return int(v)
    if t is float:
        if v != v or v in (_INF, -_INF):
            raise _Fail("finite_number")
        if v != int(v):
            raise _Fail("int_from_float")
        return int(v)
    if t is str:
        return _digits_int(v)
    if t in (bytes, bytearray):
        try:
            return _digits_int(bytes(v).decode())
        except UnicodeError:
            raise _Fail("int_parsing")
    if isinstance(v, int) and not isinstance(v, bool):  # IntEnum members, int subclasses
        return int(v)
    raise _Fail("int_type")


_INF = float("inf")
_FLOAT_CHARS = "0123456789.+-eE_"


def _str_float(s):
    s = s.strip()
    low = s.lower()
    if low in ("inf", "+inf", "infinity", "+infinity"):
        return _INF
    if low in ("-inf", "-infinity"):
        return -_INF
    if low in ("nan", "+nan", "-nan"):
        return float("nan")
    if not s:
        raise _Fail("float_parsing")
    for c in s:
        if c not in _FLOAT_CHARS:
            raise _Fail("float_parsing")
    try:
        return float(s.replace("_", ""))
    except ValueError:
        raise _Fail("float_parsing")


def to_float(v):
    t = type(v)
    if t is float:
        return v
    if t is int or t is bool:
        return float(v)
    if t is str:
        return _str_float(v)
    if t in (bytes, bytearray):
        try:
            return _str_float(bytes(v).decode())
        except UnicodeError:
            raise _Fail("float_parsing")
    if isinstance(v, (int, float)):
        return float(v)
    raise _Fail("float_type")


_TRUE = ("1", "true", "on", "yes", "t", "y")
_FALSE = ("0", "false", "off", "no", "f", "n")


def to_bool(v):
    t = type(v)
    if t is bool:
        return v
    if t is str or t in (bytes, bytearray):
        if t is not str:
            try:
                v = bytes(v).decode()
            except UnicodeError:
                raise _Fail("bool_parsing")
        s = v.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise _Fail("bool_parsing")
    if t is int:
        if v == 1:
            return True
        if v == 0:
            return False
        raise _Fail("bool_parsing")
    if t is float:
        if v == 1.0:
            return True
        if v == 0.0:
            return False
    raise _Fail("bool_type")


def to_str(v):
    t = type(v)
    if t is str:
        return v
    if t in (bytes, bytearray):
        try:
            return bytes(v).decode()
        except UnicodeError:
            raise _Fail("string_unicode")
    if isinstance(v, str):  # str-valued enum members, str subclasses
        return str(v) if not hasattr(v, "value") else v.value
    raise _Fail("string_type")


def to_bytes(v):
    t = type(v)
    if t is bytes:
        return v
    if t is bytearray:
        return bytes(v)
    if t is str:
        return v.encode()
    raise _Fail("bytes_type")


_SCALAR = {A.INT: to_int, A.FLOAT: to_float, A.BOOL: to_bool, A.STR: to_str, A.BYTES: to_bytes}


# ---- constraints -------------------------------------------------------------


def _check(spec, v, loc, errors, original):
    # v: the converted value, checked; original: the input, reported (as Pydantic)
    kind = spec.kind
    for name, limit in spec.checks:
        if name == "pattern":
            if isinstance(v, str) and limit[1].search(v) is None:
                errors.append(error_item("string_pattern_mismatch", loc, original, {"pattern": limit[0]}))
                return INVALID
        elif name == "min_length" or name == "max_length":
            try:
                n = len(v)
            except TypeError:  # (MicroPython's builtins have no __len__ attribute)
                continue
            short = name == "min_length"
            if (n < limit) if short else (n > limit):
                if kind == A.STR:
                    typ = "string_too_short" if short else "string_too_long"
                    errors.append(error_item(typ, loc, original, {name: limit}))
                elif kind == A.BYTES:
                    typ = "bytes_too_short" if short else "bytes_too_long"
                    errors.append(error_item(typ, loc, original, {name: limit}))
                else:
                    ft = {A.LIST: "List", A.SET: "Set", A.TUPLE: "Tuple", A.DICT: "Dictionary"}.get(kind, "Value")
                    ctx = {"field_type": ft, name: limit, "actual_length": n}
                    errors.append(error_item("too_short" if short else "too_long", loc, original, ctx))
                return INVALID
        elif name == "after":  # AfterValidator(limit): its result is the value
            try:
                v = limit(v)
            except (ValueError, AssertionError) as e:
                what = "Value error, " if isinstance(e, ValueError) else "Assertion failed, "
                errors.append({"type": "value_error" if isinstance(e, ValueError) else "assertion_error",
                               "loc": list(loc), "msg": what + str(e), "input": original, "ctx": {"error": {}}})
                return INVALID
        elif isinstance(v, (int, float)) and not isinstance(v, bool) or kind in (A.INT, A.FLOAT):
            bad = None
            if name == "multiple_of":
                if v % limit:
                    bad = "multiple_of"
            elif name == "le":
                if not v <= limit:
                    bad = "less_than_equal"
            elif name == "lt":
                if not v < limit:
                    bad = "less_than"
            elif name == "ge":
                if not v >= limit:
                    bad = "greater_than_equal"
            elif name == "gt":
                if not v > limit:
                    bad = "greater_than"
            if bad:
                errors.append(error_item(bad, loc, original, {name: limit}))
                return INVALID
    return v


# ---- the validator ---------------------------------------------------------------


def _expected(values):
    r = [repr(x) for x in values]
    if len(r) == 1:
        return r[0]
    return ", ".join(r[:-1]) + " or " + r[-1]


def enum_members(cls):
    # the frozen enum of the firmware has no metaclass: _members_() gives
    # name -> member there (and on CPython's enum nothing by that name)
    f = getattr(cls, "_members_", None)
    m = f() if f is not None else getattr(cls, "__members__", None)
    if m is not None:
        return list(m.values())
    return list(cls)


def _seq(spec, v, loc, errors):
    kind = spec.kind
    if not isinstance(v, (list, tuple, set, frozenset)):
        errors.append(error_item(kind + "_type", loc, v))
        return INVALID
    out = []
    bad = False
    if kind == A.TUPLE and spec.items is not None:
        n = len(spec.items)
        v = list(v)
        if len(v) > n:
            errors.append(error_item("too_long", loc, v,
                                     {"field_type": "Tuple", "max_length": n, "actual_length": len(v)}))
            return INVALID
        for i in range(n):
            if i >= len(v):
                errors.append(missing(loc + (i,), v))
                bad = True
                continue
            r = validate(spec.items[i], v[i], loc + (i,), errors)
            if r is INVALID:
                bad = True
            out.append(r)
    else:
        item = spec.item
        # items already of the element's exact type, with nothing to check,
        # are taken as they are (no call, no loc tuple per item)
        exact = _EXACT_SCALAR.get(item.kind) if item is not None and not item.checks and not item.optional else None
        i = 0
        for x in v:
            if item is not None and type(x) is not exact:
                x = validate(item, x, loc + (i,), errors)
                if x is INVALID:
                    bad = True
            out.append(x)
            i += 1
    if bad:
        return INVALID
    if kind == A.SET:
        try:
            return spec.cls(out) if spec.cls is not None else set(out)
        except TypeError:  # unhashable items
            errors.append(error_item("set_type", loc, v))
            return INVALID
    if kind == A.TUPLE:
        return tuple(out)
    return out


def _dict(spec, v, loc, errors):
    if not isinstance(v, dict):
        errors.append(error_item("dict_type", loc, v))
        return INVALID
    if spec.key is None and spec.item is None:
        return dict(v)
    out = {}
    bad = False
    for k in v:
        x = v[k]
        if spec.key is not None:
            k2 = validate(spec.key, k, loc + (k, "[key]"), errors)
            if k2 is INVALID:
                bad = True
                continue
        else:
            k2 = k
        if spec.item is not None:
            x = validate(spec.item, x, loc + (k,), errors)
            if x is INVALID:
                bad = True
                continue
        out[k2] = x
    return INVALID if bad else out


def _enum(spec, v, loc, errors):
    cls = spec.cls
    members = enum_members(cls)
    for m in members:
        if v is m or (type(v) is cls and v == m):
            return m
    for m in members:
        if m.value == v and type(m.value) is type(v):
            return m
    if isinstance(v, str):  # "1" for an int-valued enum (query/path text)
        for m in members:
            if type(m.value) is int:
                try:
                    if _digits_int(v) == m.value:
                        return m
                except _Fail:
                    break
    for m in members:
        if m.value == v and not isinstance(v, bool):
            return m
    exp = _expected([m.value for m in members])
    errors.append(error_item("enum", loc, v, {"expected": exp}))
    return INVALID


def _literal(spec, v, loc, errors):
    for x in spec.values:
        if x == v and type(x) is type(v):
            return x
    # Enum member literals match their value too
    for x in spec.values:
        if getattr(x, "value", _NO) == v:
            return x
    errors.append(error_item("literal_error", loc, v, {"expected": _expected(spec.values)}))
    return INVALID


_NO = object()


def _type_name(s):
    k = s.kind
    if k in (A.MODEL, A.ENUM, A.CLASS):
        return s.cls.__name__
    if k == A.LITERAL:
        return "literal[{}]".format(",".join(repr(x) for x in s.values))
    if k in A.SEQUENCES or k == A.DICT:
        return repr(s).split(" ")[0]
    return k


_EXACT_SCALAR = {A.INT: int, A.FLOAT: float, A.BOOL: bool, A.STR: str}
_EXACT = {A.INT: int, A.FLOAT: float, A.BOOL: bool, A.STR: str, A.BYTES: bytes,
          A.LIST: list, A.SET: set, A.TUPLE: tuple, A.DICT: dict}


def _union(spec, v, loc, errors):
    # exact type first (Pydantic's smart mode), then lax in order
    t = type(v)
    for s in spec.items:
        if _EXACT.get(s.kind) is t or (s.kind == A.MODEL and t is s.cls):
            errs = []
            r = validate(s, v, loc, errs)
            if r is not INVALID:
                return r
    collected = []
    for s in spec.items:
        errs = []
        r = validate(s, v, loc + (_type_name(s),), errs)
        if r is not INVALID:
            return r
        collected.extend(errs)
    errors.extend(collected)
    return INVALID


def _model(spec, v, loc, errors):
    return spec.cls._mfa_validate(v, loc, errors)


def _class(spec, v, loc, errors):
    cls = spec.cls
    hook = getattr(cls, "_mfa_validate", None)  # HttpUrl, EmailStr, UploadFile...
    if hook is not None:
        return hook(v, loc, errors)
    std = _std_validator(cls)
    if std is not None:
        if isinstance(v, cls) and type(v) is not bool:
            return v
        try:
            return std(cls, v)
        except _Fail as e:
            typ, why = e.args[0], e.args[1] if len(e.args) > 1 else None
            if why is None:
                errors.append(error_item(typ, loc, v))
            else:
                errors.append({"type": typ, "loc": list(loc), "msg": MESSAGES.get(typ, typ).format(error=why),
                               "input": v, "ctx": {"error": why}})
            return INVALID
    if isinstance(v, spec.cls):
        return v
    errors.append(error_item("is_instance_of", loc, v, {"class": spec.cls.__name__}))
    return INVALID


# ---- the standard library's value types FastAPI's Extra Data Types chapter
# uses (CPython; MicroPython has none of them unless a datetime/uuid module is
# installed): datetime, date, time, timedelta, UUID, Decimal. Lax parsing as
# Pydantic's for the usual forms (ISO 8601 text, numbers); the error texts
# for malformed input are simpler than Pydantic's (README: differences).


def _std_validator(cls):
    mod = getattr(cls, "__module__", None)
    if mod == "datetime" or mod == "_datetime":
        return _STD_DT.get(cls.__name__)
    if mod == "uuid" and cls.__name__ == "UUID":
        return _uuid
    if (mod == "decimal" or mod == "_decimal") and cls.__name__ == "Decimal":
        return _decimal
    return None


def _text(v, typ):
    if isinstance(v, (bytes, bytearray)):
        v = bytes(v).decode()
    if not isinstance(v, str):
        raise _Fail(typ)
    return v.strip()


def _iso(s):
    """ISO 8601 text as every fromisoformat takes it: "Z" as "+00:00", a
    fraction of a second as 6 digits (micropython-lib's datetime takes only 3
    or 6; CPython and Pydantic any number, beyond 6 cut)."""
    if s[-1:] in "zZ":
        s = s[:-1] + "+00:00"
    dot = s.find(".")
    if dot > 0:
        end = dot + 1
        while end < len(s) and s[end].isdigit():
            end += 1
        if end > dot + 1:
            s = s[:dot + 1] + (s[dot + 1:end] + "00000")[:6] + s[end:]
    return s


def _dt_datetime(cls, v):
    import datetime as D

    if isinstance(v, (int, float)) and not isinstance(v, bool):
        t = float(v)
        if abs(t) > 2e10:  # milliseconds, as Pydantic takes them
            t /= 1000
        return cls.fromtimestamp(t, D.timezone.utc)
    if isinstance(v, D.date) and not isinstance(v, D.datetime):
        return cls(v.year, v.month, v.day)
    s = _text(v, "datetime_type")
    if len(s) < 10:
        raise _Fail("datetime_from_date_parsing", "input is too short")
    try:
        return cls.fromisoformat(_iso(s))
    except ValueError:
        raise _Fail("datetime_from_date_parsing", "invalid datetime")


def _dt_date(cls, v):
    import datetime as D

    if isinstance(v, D.datetime):
        return v.date()
    s = _text(v, "date_type")
    if len(s) < 10:
        raise _Fail("date_from_datetime_parsing", "input is too short")
    try:
        if len(s) > 10 and s[10] in "Tt ":
            import datetime as D

            dt = D.datetime.fromisoformat(_iso(s))
            if dt.time() != D.time(0):
                raise _Fail("date_from_datetime_inexact")
            return dt.date()
        return cls.fromisoformat(s)
    except ValueError:
        raise _Fail("date_from_datetime_parsing", "invalid date")


def _dt_time(cls, v):
    s = _text(v, "time_type")
    if len(s) < 5:
        raise _Fail("time_parsing", "input is too short")
    try:
        return cls.fromisoformat(_iso(s))
    except ValueError:
        raise _Fail("time_parsing", "invalid time")


def _dt_timedelta(cls, v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return cls(seconds=v)
    s = _text(v, "time_delta_type")
    neg = s[:1] == "-"
    if s[:1] in "+-":
        s = s[1:]
    try:
        if s[:1] in "pP":  # ISO 8601: P[nD][T[nH][nM][nS]]
            days = secs = 0.0
            num = ""
            in_time = False
            for c in s[1:].upper():
                if c == "T":
                    in_time = True
                elif c.isdigit() or c == ".":
                    num += c
                else:
                    n = float(num)
                    num = ""
                    if c == "W":
                        days += 7 * n
                    elif c == "D":
                        days += n
                    elif c == "H" and in_time:
                        secs += 3600 * n
                    elif c == "M" and in_time:
                        secs += 60 * n
                    elif c == "S" and in_time:
                        secs += n
                    else:
                        raise ValueError
            if num:
                raise ValueError
            d = cls(days=days, seconds=secs)
        else:  # [D day[s], ]HH:MM[:SS[.f]]
            days = 0
            if "day" in s:
                a, s = s.split(",", 1) if "," in s else (s, "0:0")
                days = int(a.split()[0])
            parts = [float(x) for x in s.strip().split(":")]
            if not 2 <= len(parts) <= 3:
                raise ValueError
            secs = parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) == 3 else 0)
            d = cls(days=days, seconds=secs)
    except (ValueError, IndexError):
        raise _Fail("time_delta_parsing", "invalid digit in duration")
    return -d if neg else d


_STD_DT = {"datetime": _dt_datetime, "date": _dt_date, "time": _dt_time, "timedelta": _dt_timedelta}


def _uuid(cls, v):
    s = _text(v, "uuid_type")
    try:
        return cls(s)
    except ValueError:
        # the uuid crate's words (Pydantic's message), for the common cases
        t = s[9:-1] if s[:9].lower() == "urn:uuid:" else (s[1:-1] if s[:1] == "{" and s[-1:] == "}" else s)
        for i, c in enumerate(t):
            if c not in "0123456789abcdefABCDEF-":
                raise _Fail("uuid_parsing", "invalid character: found `{}` at {}".format(c, i))
        raise _Fail("uuid_parsing", "invalid length: found {}".format(len(t)))


def _decimal(cls, v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return cls(str(v))
    s = _text(v, "decimal_type")
    try:
        d = cls(s)
    except Exception:
        raise _Fail("decimal_parsing")
    if not d.is_finite():
        raise _Fail("finite_number")
    return d


def _none(spec, v, loc, errors):
    errors.append(error_item("none_required", loc, v))
    return INVALID


_BY_KIND = {
    A.LIST: _seq, A.SET: _seq, A.TUPLE: _seq, A.DICT: _dict, A.ENUM: _enum,
    A.LITERAL: _literal, A.UNION: _union, A.MODEL: _model, A.CLASS: _class,
    A.NONE: _none,
}


def validate(spec, value, loc, errors):
    """Convert/validate value against spec; see the module comment. Returns the
    value (converted) or INVALID after appending error items to errors."""
    if value is None and spec.optional:
        return None
    kind = spec.kind
    if kind == A.ANY:
        v = value
    else:
        conv = _SCALAR.get(kind)
        if conv is not None:
            try:
                v = conv(value)
            except _Fail as e:
                errors.append(error_item(e.args[0], loc, value))
                return INVALID
        else:
            if kind == A.MODEL:
                # (straight to the model: one C-stack frame less per nested
                # model, which the Pico W's small stack needs)
                v = spec.cls._mfa_validate(value, loc, errors)
            else:
                v = _BY_KIND[kind](spec, value, loc, errors)
            if v is INVALID:
                return v
    if spec.checks:
        return _check(spec, v, loc, errors, value)
    return v
