# typing for MicroPython images: the names FastAPI-style code imports, so
# that "from typing import Annotated, Optional, ..." works and the aliases a
# module builds at run time (CommonsDep = Annotated[dict, Depends(...)],
# Optional[int] as a default's type) evaluate to objects that get_origin()
# and get_args() take apart as CPython's do. Annotations themselves are not
# evaluated on the firmware (the compiler keeps their text), so "str | None"
# and "list[int]" need nothing from here. Where they are evaluated (the
# firmware's 0002 patch: response_model=list[Item], int | None in an alias),
# get_origin() and get_args() take the objects apart as CPython's do.
#
# Frozen by the MicroPython manifests only (firmware/pylib/manifest.py): on
# CPython the standard library's typing is used.

TYPE_CHECKING = False
_NoneType = type(None)
try:  # list[int] and int | None (CPython's types.GenericAlias and types.UnionType)
    _GenericAlias = type(list[int])
    _UnionType = type(int | None)
except TypeError:  # MicroPython without the firmware's generic-alias patch
    _GenericAlias = _UnionType = None


class _Alias:
    # A subscripted form: List[int], Union[int, None], Annotated[int, x], ...
    def __init__(self, form, origin, args, metadata=()):
        self._form = form  # the _Form it came from (get_origin)
        self.__origin__ = origin
        self.__args__ = args
        if metadata:
            self.__metadata__ = metadata

    def __eq__(self, other):
        return (isinstance(other, _Alias) and self._form is other._form and self.__origin__ == other.__origin__
                and self.__args__ == other.__args__ and getattr(self, "__metadata__", ()) == getattr(other, "__metadata__", ()))

    def __hash__(self):
        return hash((self._form._name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __getitem__(self, params):
        # a generic alias made concrete, e.g. Dict[str, T][int]: kept as it was
        return self

    def __call__(self, *args, **kw):
        return self.__origin__(*args, **kw)

    def __repr__(self):
        if self._form is Annotated:
            return "typing.Annotated[{}, {}]".format(_name(self.__origin__), ", ".join(repr(m) for m in self.__metadata__))
        if self._form is Union and len(self.__args__) == 2 and _NoneType in self.__args__:
            other = self.__args__[0] if self.__args__[1] is _NoneType else self.__args__[1]
            return "typing.Optional[{}]".format(_name(other))
        args = self.__args__
        if self._form is Literal:
            return "typing.Literal[{}]".format(", ".join(repr(a) for a in args))
        return "typing.{}[{}]".format(self._form._name, ", ".join(_name(a) for a in args))


def _name(tp):
    if tp is _NoneType:
        return "None"
    if tp is Ellipsis:
        return "..."
    if isinstance(tp, list):
        return "[{}]".format(", ".join(_name(t) for t in tp))
    if _GenericAlias is not None and type(tp) in (_GenericAlias, _UnionType):
        return repr(tp)  # list[int]: its __name__ would be list's
    return getattr(tp, "__name__", None) or repr(tp)


class _Form:
    # A special form or a generic alias of a builtin: Union, Optional, List, ...
    def __init__(self, name, origin=None):
        self._name = name
        self.__origin__ = origin

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if self is Optional:
            return Union[params[0], None]
        if self is Union:
            args = []
            for p in params:
                p = _NoneType if p is None else p
                union = (isinstance(p, _Alias) and p._form is Union) or (_UnionType is not None and type(p) is _UnionType)
                for q in (p.__args__ if union else (p,)):
                    if q not in args:
                        args.append(q)
            return args[0] if len(args) == 1 else _Alias(Union, Union, tuple(args))
        if self is Annotated:
            if len(params) < 2:
                raise TypeError("Annotated[...] needs a type and at least one annotation")
            return _Alias(Annotated, params[0], params, params[1:])
        if self is Literal:
            return _Alias(Literal, Literal, params)
        if self is ClassVar or self is Final:
            return params[0]
        return _Alias(self, self.__origin__ or self, params)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __call__(self, *args, **kw):
        if self.__origin__ is None:
            raise TypeError("cannot instantiate typing." + self._name)
        return self.__origin__(*args, **kw)

    def __repr__(self):
        return "typing." + self._name


Any = _Form("Any")
Union = _Form("Union")
Optional = _Form("Optional")
Annotated = _Form("Annotated")
Literal = _Form("Literal")
ClassVar = _Form("ClassVar")
Final = _Form("Final")
NoReturn = _Form("NoReturn")
Never = _Form("Never")
Self = _Form("Self")
LiteralString = _Form("LiteralString")
# Builtin containers and the abstract ones FastAPI code annotates with.
List = _Form("List", list)
Dict = _Form("Dict", dict)
Set = _Form("Set", set)
FrozenSet = _Form("FrozenSet", frozenset)
Tuple = _Form("Tuple", tuple)
Type = _Form("Type", type)
Callable = _Form("Callable")
Iterable = _Form("Iterable")
Iterator = _Form("Iterator")
AsyncIterable = _Form("AsyncIterable")
AsyncIterator = _Form("AsyncIterator")
Generator = _Form("Generator")
AsyncGenerator = _Form("AsyncGenerator")
Awaitable = _Form("Awaitable")
Coroutine = _Form("Coroutine")
Sequence = _Form("Sequence")
MutableSequence = _Form("MutableSequence")
Mapping = _Form("Mapping")
MutableMapping = _Form("MutableMapping")
Hashable = _Form("Hashable")
Sized = _Form("Sized")
Text = str
AnyStr = str


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound

    def __repr__(self):
        return "~" + self.__name__


class _Generic:
    pass


class _GenericForm:
    # Generic[T] gives a plain base class, so that "class Box(Generic[T])"
    # works (MicroPython 1.25 has no __class_getitem__).
    def __getitem__(self, params):
        return _Generic

    def __repr__(self):
        return "typing.Generic"


Generic = _GenericForm()


class Protocol:
    pass


class NamedTuple:
    def __init__(self, *args, **kw):
        raise TypeError("typing.NamedTuple is not available on MicroPython: use collections.namedtuple")


def get_origin(tp: object) -> object:
    """As CPython's: Annotated for Annotated[...], Union for X | Y and
    Optional[X], list for List[int], None for anything else."""
    if isinstance(tp, _Alias):
        return tp._form if tp._form in (Annotated, Union, Literal) else tp.__origin__
    if _GenericAlias is not None:
        t = type(tp)
        if t is _GenericAlias:
            return tp.__origin__
        if t is _UnionType:
            return _UnionType
    return None


def get_args(tp: object) -> tuple:
    """As CPython's: (int, Query(...)) for Annotated[int, Query(...)],
    (int, NoneType) for Optional[int], () for anything else."""
    if isinstance(tp, _Alias) or (_GenericAlias is not None and type(tp) in (_GenericAlias, _UnionType)):
        return tp.__args__
    return ()


def cast(typ, val):
    return val


def overload(func):
    return func


def final(f):
    return f


def no_type_check(f):
    return f


def runtime_checkable(cls):
    return cls


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    """The annotations of a function or class, each evaluated where this
    runtime can (on the firmware they are text; "str | None" and "list[int]"
    do not evaluate on MicroPython and stay text)."""
    hints = {}
    ann = getattr(obj, "__annotations__", None) or {}
    ns = dict(globals())
    ns.update(globalns if globalns is not None else getattr(obj, "__globals__", {}))
    if localns:
        ns.update(localns)
    for name in ann:
        value = ann[name]
        if isinstance(value, str):
            try:
                value = eval(value, ns)
            except Exception:
                pass
        if value is None:
            value = _NoneType
        if not include_extras and isinstance(value, _Alias) and value._form is Annotated:
            value = value.__origin__
        hints[name] = value
    return hints
