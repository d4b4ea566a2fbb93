# The annotation resolver: one type description (a Spec) for every runtime.
#
# Annotations reach us in two forms:
# - objects, on CPython: int, str | None, typing.Optional[int], list[str],
#   Annotated[int, Query(ge=1)], a BaseModel or Enum subclass ...; and on
#   the firmware, values such as response_model=list[Item] or Item | None
#   (its 0002 patch makes them GenericAlias/UnionType objects as CPython's)
# - text, on the patched firmware (f.__annotations__ == {"q": "str | None"}),
#   and on CPython under `from __future__ import annotations` or for a
#   quoted forward reference ("Item").
# Both are turned, once, at registration, into a Spec. Text is parsed here
# (never eval'd as a whole: on stock MicroPython 1.25 `str | None` and
# `list[int]` raise TypeError when evaluated); names are looked up in the module globals
# given, then builtins; the names of typing's forms (Optional, Union, List,
# Dict, Set, Tuple, FrozenSet, Annotated, Literal, Any, Sequence) are
# recognised by name, so they work whether or not a `typing` module exists.
# Only the metadata of Annotated[T, ...] and the values of Literal[...] are
# eval'd, each alone, against the module globals.
#
# Public API
#   resolve(annotation, globals=None) -> Spec      (raises AnnotationError)
#   function_annotations(fn) -> dict name -> raw annotation ("return" too)
#   class_annotations(cls) -> list of (name, raw annotation), base classes first
#   module_globals(obj) -> the globals dict of a function's or class's module
#   with_constraints(spec, decl) -> Spec with decl's gt/ge/lt/le/min_length/
#       max_length/pattern added (decl: a Query/Path/Body/Field... object)
#   Spec kinds: ANY INT FLOAT BOOL STR BYTES NONE LIST SET TUPLE DICT LITERAL
#       ENUM MODEL UNION CLASS (see Spec).
import sys

try:
    import builtins as _builtins
except ImportError:  # pragma: no cover
    _builtins = None

ANY = "any"
INT = "int"
FLOAT = "float"
BOOL = "bool"
STR = "str"
BYTES = "bytes"
NONE = "none"
LIST = "list"
SET = "set"
TUPLE = "tuple"
DICT = "dict"
LITERAL = "literal"
ENUM = "enum"
MODEL = "model"
UNION = "union"
CLASS = "class"

SEQUENCES = (LIST, SET, TUPLE)


class AnnotationError(ValueError):
    pass


class Spec:
    """What a value must be. Attributes (read them, never change a shared Spec):

    kind      one of the kind constants above
    optional  True when None is accepted (X | None, Optional[X], Union[.., None])
    item      LIST/SET: the element Spec; TUPLE: element Spec of tuple[T, ...];
              DICT: the value Spec (None = any)
    key       DICT: the key Spec (None = any)
    items     UNION: the alternatives; TUPLE: the per-position Specs of
              tuple[A, B] (None for tuple[T, ...] and bare tuple)
    values    LITERAL: the allowed values (tuple)
    cls       ENUM/MODEL/CLASS: the class; other kinds: the Python type
              (int, str, list...) or None for ANY/NONE/LITERAL/UNION
    meta      the Annotated[T, ...] metadata objects, in order (tuple); a
              parameter kind (Query(...), Body(...), Field(...)) is found here
    checks    constraints, a tuple of (name, value) pairs, names among gt ge lt
              le multiple_of min_length max_length pattern; for "pattern" the
              value is (text, compiled regex)
    """

    optional = False
    item = None
    key = None
    items = None
    values = None
    cls = None
    meta = ()
    checks = ()

    def __init__(self, kind, cls=None):
        self.kind = kind
        if cls is not None:
            self.cls = cls

    def copy(self, **kw):
        s = Spec(self.kind)
        d = self.__dict__
        for k in d:
            setattr(s, k, d[k])
        for k in kw:
            setattr(s, k, kw[k])
        return s

    def __repr__(self):
        k = self.kind
        if k in SEQUENCES or k == DICT:
            if k == DICT:
                r = "dict[{}, {}]".format(self.key, self.item)
            elif self.items is not None:
                r = "tuple[{}]".format(", ".join(repr(i) for i in self.items))
            else:
                r = "{}[{}]".format(k, self.item)
        elif k == UNION:
            r = " | ".join(repr(i) for i in self.items)
        elif k == LITERAL:
            r = "Literal{}".format(list(self.values))
        elif k in (ENUM, MODEL, CLASS):
            r = getattr(self.cls, "__name__", str(self.cls))
        else:
            r = k
        if self.optional:
            r += " | None"
        if self.checks:
            r += " " + str(dict((n, v[0] if n == "pattern" else v) for n, v in self.checks))
        return r

    def find_meta(self, cls):
        """The first metadata object that is an instance of cls, or None."""
        for m in self.meta:
            if isinstance(m, cls):
                return m
        return None


# one shared Spec per plain type (no metadata, no constraints)
_PLAIN = {}
for _k, _t in ((INT, int), (FLOAT, float), (BOOL, bool), (STR, str), (BYTES, bytes),
               (LIST, list), (SET, set), (TUPLE, tuple), (DICT, dict)):
    _PLAIN[_t] = Spec(_k, _t)
SPEC_ANY = Spec(ANY)
SPEC_NONE = Spec(NONE)
SPEC_NONE.optional = True
try:
    _PLAIN[frozenset] = Spec(SET, frozenset)
except NameError:  # MicroPython built without frozenset
    pass

# typing forms recognised by their (last) name
_GENERIC = {
    "Optional": "optional", "Union": "union", "List": LIST, "Set": SET,
    "FrozenSet": SET, "Tuple": TUPLE, "Dict": DICT, "Annotated": "annotated",
    "Literal": LITERAL, "Any": ANY, "Sequence": LIST, "Iterable": LIST,
    "Mapping": DICT, "MutableMapping": DICT, "AbstractSet": SET,
    "list": LIST, "set": SET, "frozenset": SET, "tuple": TUPLE, "dict": DICT,
}
_BUILTIN_CONTAINERS = {LIST: list, SET: set, TUPLE: tuple, DICT: dict}


def module_globals(obj):
    """The globals a function's or class's annotations are resolved against."""
    g = getattr(obj, "__globals__", None)
    if g is not None:
        return g
    mod = getattr(obj, "__module__", None)
    if mod:
        m = sys.modules.get(mod)
        if m is None and mod == "__main__":
            try:
                import __main__ as m
            except ImportError:
                m = None
        if m is not None:
            return m.__dict__
    return {}


def function_annotations(fn):
    """Raw annotations of a function (objects or text), {} when the runtime
    dropped them (stock MicroPython)."""
    f = getattr(fn, "__func__", fn)  # bound methods
    try:
        a = f.__annotations__
    except AttributeError:
        return {}
    return a or {}


def class_annotations(cls):
    """[(field name, raw annotation)] of cls and its bases, bases first; a
    subclass re-declaring a field keeps the base's position (as Pydantic).
    Field order inside one class follows the runtime's dict order (definition
    order on CPython; MicroPython's dicts are unordered)."""
    out = []
    index = {}
    chain = []
    c = cls
    # single inheritance walk is enough for models; use __mro__ when present
    mro = getattr(cls, "__mro__", None)
    if mro is not None:
        chain = list(mro)
    else:
        while c is not None and c is not object:
            chain.append(c)
            b = getattr(c, "__bases__", ())
            c = b[0] if b else None
    for c in reversed(chain):
        a = c.__dict__.get("__annotations__") if hasattr(c, "__dict__") else None
        if not a:
            continue
        # definition order: MicroPython's dicts are unordered; the firmware
        # may keep the order in __annotation_order__
        for n in c.__dict__.get("__annotation_order__") or a:
            if n[:1] == "_" or n == "model_config":
                continue
            v = a[n]
            if n in index:
                out[index[n]] = (n, v)
            else:
                index[n] = len(out)
                out.append((n, v))
    return out


# ---- object annotations (CPython, or whatever a typing stub builds) -----------

try:
    import typing as _typing
except ImportError:
    _typing = None

_get_origin = getattr(_typing, "get_origin", None)
_get_args = getattr(_typing, "get_args", None)
_TYPING_ANY = getattr(_typing, "Any", None)
_ANNOTATED = getattr(_typing, "Annotated", None)
_LITERAL = getattr(_typing, "Literal", None)
_UNION = getattr(_typing, "Union", None)
try:
    import types as _types

    _UNION_TYPE = getattr(_types, "UnionType", None)
except ImportError:
    _UNION_TYPE = None
if _UNION_TYPE is None:
    try:  # MicroPython with the firmware's generic-alias patch: int | None works
        _UNION_TYPE = type(int | None)
    except TypeError:
        pass
_NoneType = type(None)


def _is_enum(cls):
    try:
        import enum
        if issubclass(cls, enum.Enum):
            return True
    except (ImportError, TypeError, AttributeError):
        pass
    return (hasattr(cls, "_members_") or hasattr(cls, "__members__")) and not hasattr(cls, "keys")


def _is_model(cls):
    return hasattr(cls, "model_validate") and hasattr(cls, "model_fields")


def _from_class(t):
    s = _PLAIN.get(t)
    if s is not None:
        return s
    if t is _NoneType:
        return SPEC_NONE
    if _is_model(t):
        return Spec(MODEL, t)
    if _is_enum(t):
        return Spec(ENUM, t)
    return Spec(CLASS, t)


def _origin_args(a):
    # (origin name among _GENERIC's values or None, args)
    if _get_origin is not None:
        o = _get_origin(a)
        if o is None:
            return None, ()
        args = _get_args(a)
        if o is _ANNOTATED or (hasattr(a, "__metadata__")):
            return "annotated", (a.__origin__,) + tuple(a.__metadata__)
        if o is _UNION or (_UNION_TYPE is not None and o is _UNION_TYPE):
            return "union", args
        if o is _LITERAL:
            return LITERAL, args
        name = getattr(o, "__name__", None) or getattr(o, "_name", None)
        if o in (list, set, frozenset, tuple, dict):
            return _GENERIC[o.__name__], args
        try:
            import collections.abc as abc
            for base, k in ((abc.Mapping, DICT), (abc.Set, SET), (abc.Sequence, LIST), (abc.Iterable, LIST)):
                if o is base:
                    return k, args
        except ImportError:
            pass
        return _GENERIC.get(name), args
    # duck typing for a typing stub: objects with __origin__ / __args__
    o = getattr(a, "__origin__", None)
    if o is None:
        return None, ()
    args = getattr(a, "__args__", ())
    meta = getattr(a, "__metadata__", None)
    if meta is not None:
        return "annotated", (o,) + tuple(meta)
    name = o if isinstance(o, str) else (getattr(o, "__name__", None) or getattr(o, "_name", None))
    return _GENERIC.get(name), args


def _resolve_obj(a, g):
    if a is None or a is _NoneType:
        return SPEC_NONE
    if isinstance(a, Spec):
        return a
    if isinstance(a, str):
        return resolve_text(a, g)
    if _TYPING_ANY is not None and a is _TYPING_ANY or a is object:
        return SPEC_ANY
    kind, args = _origin_args(a)
    if kind is None:
        if isinstance(a, type):
            return _from_class(a)
        r = repr(a)
        if r in ("typing.Any", "Any"):
            return SPEC_ANY
        raise AnnotationError("unsupported annotation {!r}".format(a))
    if kind == "annotated":
        return _annotated(_resolve_obj(args[0], g), args[1:])
    if kind == LITERAL:
        return _literal(args)
    if kind == ANY:
        return SPEC_ANY
    return _build(kind, [_resolve_obj(x, g) if x is not Ellipsis else Ellipsis for x in args])


# ---- building Specs --------------------------------------------------------


def _union(alts):
    opt = False
    rest = []
    for s in alts:
        if s.kind == NONE:
            opt = True
        elif s.kind == UNION:
            rest.extend(s.items)
            opt = opt or s.optional
        else:
            if s.optional:
                opt = True
                s = s.copy(optional=False)
            rest.append(s)
    if not rest:
        return SPEC_NONE
    if len(rest) == 1:
        s = rest[0]
    else:
        s = Spec(UNION)
        s.items = tuple(rest)
    if opt and not s.optional:
        s = s.copy(optional=True)
    return s


def _build(kind, args):
    if kind == "optional":
        if len(args) != 1:
            raise AnnotationError("Optional takes one type")
        return _union([args[0], SPEC_NONE])
    if kind == "union":
        return _union(args)
    if kind == ANY:
        return SPEC_ANY
    base = _PLAIN[_BUILTIN_CONTAINERS[kind]]
    if not args:
        return base
    s = Spec(kind, base.cls)
    if kind == DICT:
        if len(args) != 2:
            raise AnnotationError("dict takes two types")
        s.key = None if args[0].kind == ANY else args[0]
        s.item = None if args[1].kind == ANY else args[1]
    elif kind == TUPLE:
        if len(args) == 2 and args[1] is Ellipsis:
            s.item = args[0]
        elif len(args) == 1 and getattr(args[0], "kind", None) is None:
            s.items = ()
        else:
            s.items = tuple(args)
    else:
        if len(args) != 1:
            raise AnnotationError("{} takes one type".format(kind))
        s.item = None if args[0].kind == ANY else args[0]
    return s


def _literal(values):
    s = Spec(LITERAL)
    flat = []
    for v in values:  # Literal[Literal["a"], "b"] flattens
        if isinstance(v, Spec) and v.kind == LITERAL:
            flat.extend(v.values)
        else:
            flat.append(v)
    s.values = tuple(flat)
    return s


def _annotated(spec, meta):
    s = spec.copy(meta=spec.meta + tuple(meta))
    for m in meta:
        if isinstance(m, AfterValidator):
            s = s.copy(checks=s.checks + (("after", m.func),))
        else:
            s = with_constraints(s, m)
    return s


class AfterValidator:
    """Pydantic's AfterValidator: Annotated[str, AfterValidator(check)] calls
    check(value) once the value has its type (and constraints); its result is
    the value. A ValueError (or AssertionError) from it is a 422 item of type
    value_error, "Value error, <its message>", as Pydantic's."""

    def __init__(self, func):
        self.func = func


_CHECK_NAMES = ("gt", "ge", "lt", "le", "multiple_of", "min_length", "max_length", "pattern")


def with_constraints(spec, decl):
    """spec plus the constraints declared on decl (a Query/Path/Body/Field...
    object, or anything with gt/ge/lt/le/multiple_of/min_length/max_length/
    pattern attributes; None values are ignored). Returns spec itself when
    decl adds none."""
    add = []
    for n in _CHECK_NAMES:
        v = getattr(decl, n, None)
        if v is None and n == "pattern":
            v = getattr(decl, "regex", None)  # FastAPI's deprecated name
        if v is None:
            continue
        if n == "pattern":
            v = (v, compile_pattern(v))
        add.append((n, v))
    if not add:
        return spec
    old = [c for c in spec.checks if c[0] not in [a[0] for a in add]]
    return spec.copy(checks=tuple(old + add))


def compile_pattern(p):
    """Compile a pattern with the runtime's `re`. MicroPython's `re` knows
    . [] [^] * + ? *? +? ?? | () ^ $ \\d \\w \\s (and capitals): no {m,n}
    counts, no lookarounds, no named groups, no flags. An unsupported pattern
    fails here, at registration, with the pattern named."""
    import re

    try:
        return re.compile(p)
    except Exception as e:
        raise AnnotationError("pattern {!r} is not supported by this runtime's re: {}".format(p, e))


# ---- text annotations ----------------------------------------------------------


def _tokens(s):
    # -> list of (kind, text, start, end); kinds: n(ame) s(tring) v(alue: number)
    # and single punctuation characters; "..." is kind "."
    out = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in " \t\n":
            i += 1
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (s[j].isalpha() or s[j].isdigit() or s[j] in "_."):
                j += 1
            out.append(("n", s[i:j], i, j))
            i = j
        elif c.isdigit() or (c == "-" and i + 1 < n and s[i + 1].isdigit()):
            j = i + 1
            while j < n and (s[j].isdigit() or s[j].isalpha() or s[j] in "._+-") and not (s[j] in "+-" and s[j - 1] not in "eE"):
                j += 1
            out.append(("v", s[i:j], i, j))
            i = j
        elif c in "'\"":
            j = i + 1
            while j < n and s[j] != c:
                j += 2 if s[j] == "\\" else 1
            out.append(("s", s[i:j + 1], i, j + 1))
            i = j + 1
        elif s.startswith("...", i):
            out.append((".", "...", i, i + 3))
            i += 3
        else:
            out.append((c, c, i, i + 1))
            i += 1
    return out


class _TextParser:
    def __init__(self, text, g):
        self.text = text
        self.toks = _tokens(text)
        self.pos = 0
        self.g = g

    def peek(self):
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def another(self):
        # after an item of a [...] list: True when a "," and another item
        # follow (the comma is taken; a trailing one ends the list)
        if self.peek() != ",":
            return False
        self.take()
        return self.peek() != "]"

    def take(self, kind=None):
        if self.pos >= len(self.toks):
            raise AnnotationError("unexpected end of annotation {!r}".format(self.text))
        t = self.toks[self.pos]
        if kind is not None and t[0] != kind:
            raise AnnotationError("unexpected {!r} in annotation {!r}".format(t[1], self.text))
        self.pos += 1
        return t

    def skip_expr(self):
        # skip one expression (for metadata eval); returns (start, end) in text
        start = self.toks[self.pos][2]
        depth = 0
        end = start
        while self.pos < len(self.toks):
            k = self.toks[self.pos][0]
            if depth == 0 and k in ",]":
                break
            if k in "[(":
                depth += 1
            elif k in "])":
                depth -= 1
            end = self.toks[self.pos][3]
            self.pos += 1
        return start, end

    def evaluate(self, start, end):
        src = self.text[start:end]
        try:
            return eval(src, self.g)
        except Exception as e:
            raise AnnotationError("cannot evaluate {!r} in annotation {!r}: {}".format(src, self.text, e))

    def type_expr(self):
        alts = [self.atom()]
        while self.peek() == "|":
            self.take()
            alts.append(self.atom())
        return alts[0] if len(alts) == 1 else _union(alts)

    def atom(self):
        k = self.peek()
        if k == "s":  # forward reference "Item"
            t = self.take()
            return resolve_text(eval(t[1]), self.g)
        if k == "(":
            self.take()
            s = self.type_expr()
            self.take(")")
            return s
        t = self.take("n")
        name = t[1]
        if name == "None":
            return SPEC_NONE
        last = name.rsplit(".", 1)[-1] if "." in name else name
        form = _GENERIC.get(last)
        obj = None
        if form is None or name not in ("list", "set", "tuple", "dict", "frozenset"):
            obj = _lookup(name, self.g, form is None)
        if form is not None and (obj is None or _is_typing_form(obj, last)):
            return self.generic(form)
        if self.peek() == "[":
            # a subscripted user class we do not know: keep the class
            self.take()
            depth = 1
            while depth:
                k = self.take()[0]
                depth += (k == "[") - (k == "]")
        return _resolve_obj(obj, self.g)

    def generic(self, form):
        if self.peek() != "[":
            if form in _BUILTIN_CONTAINERS:
                return _PLAIN[_BUILTIN_CONTAINERS[form]]
            if form == ANY:
                return SPEC_ANY
            raise AnnotationError("{} needs arguments in {!r}".format(form, self.text))
        self.take("[")
        if form == "annotated":
            base = self.type_expr()
            meta = []
            while self.another():
                a, b = self.skip_expr()
                meta.append(self.evaluate(a, b))
            self.take("]")
            return _annotated(base, meta)
        if form == LITERAL:
            vals = []
            while True:
                a, b = self.skip_expr()
                vals.append(self.evaluate(a, b))
                if not self.another():
                    break
            self.take("]")
            return _literal(vals)
        args = []
        while True:
            if self.peek() == ".":
                self.take()
                args.append(Ellipsis)
            elif self.peek() == "(" and self.toks[self.pos + 1][0] == ")":  # tuple[()]
                self.take()
                self.take()
                args.append(None)
            else:
                args.append(self.type_expr())
            if not self.another():
                break
        self.take("]")
        return _build(form, args)


def _is_typing_form(obj, name):
    # True when obj is typing's Optional/List/... (or a stub's), not a user class
    # that happens to have that name
    if obj in (list, set, tuple, dict, frozenset):
        return True
    if isinstance(obj, type):
        m = getattr(obj, "__module__", "")
        return m in ("typing", "typing_extensions", "builtins", "collections.abc")
    return True


_MISSING = object()


def _lookup(name, g, required):
    parts = name.split(".")
    obj = g.get(parts[0], _MISSING) if g else _MISSING
    if obj is _MISSING:
        obj = getattr(_builtins, parts[0], _MISSING)
    if obj is _MISSING and parts[0] == "typing" and _typing is not None:
        obj = _typing
    if obj is _MISSING:
        if not required:
            return None
        raise AnnotationError("name {!r} is not defined".format(parts[0]))
    for p in parts[1:]:
        try:
            obj = getattr(obj, p)
        except AttributeError:
            if not required:
                return None
            raise AnnotationError("{!r} has no attribute {!r}".format(name, p))
    return obj


def resolve_text(text, g):
    p = _TextParser(text, g)
    s = p.type_expr()
    if p.pos != len(p.toks):
        raise AnnotationError("cannot read annotation {!r}".format(text))
    return s


def resolve(annotation, globals=None):
    """The Spec of an annotation (object or text); globals: the dict names in
    text are looked up in (the handler's/class's module globals)."""
    try:
        return _resolve_obj(annotation, globals or {})
    except AnnotationError:
        raise
    except Exception as e:  # a typing object we do not understand
        raise AnnotationError("cannot resolve annotation {!r}: {}".format(annotation, e))
