# enum for MicroPython images: Enum, IntEnum, StrEnum and unique, enough for
# FastAPI's "class ModelName(str, Enum)" path and query parameters.
#
# MicroPython 1.25 has no metaclasses and no __init_subclass__, so a class
# cannot act when it is defined. Its members are therefore made on first use
# of the class's Enum API (_members_(), or calling the class for a plain
# Enum): each "name = value" of the body becomes an instance with .name and
# .value, stored back on the class, so that afterwards ModelName.alexnet is
# the member and "model_name is ModelName.alexnet" holds. The framework's
# annotation resolver calls _members_() when it registers a route, before
# any handler runs. What does not work as on CPython, by the same cause:
#   - iterating, len() and ModelName["name"] on the class (no metaclass):
#     use ModelName._members_() (a dict name -> member; afterwards also
#     ModelName.__members__, as on CPython);
#   - members come in the order written only on the firmware, whose compiler
#     records it (__definition_order__); elsewhere in the class dict's order;
#   - for a str/int mixin, ModelName("alexnet") (MicroPython calls no
#     Python __new__ for a subclass of a builtin type) gives an equal member,
#     not the same object: use ModelName._value2member_map_["alexnet"].
#
# Frozen by the MicroPython manifests only (firmware/pylib/manifest.py): on
# CPython the standard library's enum is used, which has _member_map_,
# _value2member_map_ and _member_names_ too.


try:
    from collections import OrderedDict as _ordered  # keeps the members' order
except ImportError:
    _ordered = dict


def _is_member_value(name, value):
    return not name.startswith("_") and not callable(value) and not isinstance(value, (classmethod, staticmethod, property))


class Enum:
    @classmethod
    def _members_(cls):
        """{name: member} of this enum, making the members on first use."""
        members = cls.__dict__.get("_member_map_")
        if members is not None:
            return members
        members = _ordered()
        by_value = {}
        native = None
        for base in (str, int, float, bytes):
            if issubclass(cls, base):
                native = base
                break
        # in the order written: the firmware's compiler records it in
        # __definition_order__ (MicroPython's dicts keep none)
        attrs = cls.__dict__
        names = [n for n in attrs.get("__definition_order__", ()) if n in attrs]
        names += [n for n in attrs if n not in names]
        for name in names:
            value = attrs[name]
            if not _is_member_value(name, value):
                continue
            if value in by_value:  # an alias: the same member under a second name
                member = by_value[value]
            else:
                if native is None:
                    member = object.__new__(cls)
                else:
                    member = cls(value)
                member._name_ = name
                member._value_ = value
                by_value[value] = member
            members[name] = member
            setattr(cls, name, member)
        cls._member_map_ = members
        cls.__members__ = members
        cls._value2member_map_ = by_value
        cls._member_names_ = [n for n in members if members[n]._name_ == n]
        return members

    def __new__(cls, value):
        # for a plain Enum (no builtin mixin): Color(1) is Color.RED
        cls._members_()
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        raise ValueError("{!r} is not a valid {}".format(value, cls.__name__))

    def __init__(self, *args):
        pass

    @property
    def name(self):
        try:
            return self._name_
        except AttributeError:  # a mixin made by calling the class
            return type(self)._value2member_map_[self._value()]._name_

    @property
    def value(self):
        try:
            return self._value_
        except AttributeError:
            return type(self)._value2member_map_[self._value()]._value_

    def _value(self):
        cls = type(self)
        cls._members_()
        for value in cls._value2member_map_:
            if value == self:
                return value
        raise ValueError("{!r} is not a valid {}".format(self, cls.__name__))

    def __hash__(self):
        return hash(self.value) if isinstance(self, (str, int, float, bytes)) else hash(self._name_)

    def __reduce_ex__(self, proto):
        return type(self), (self.value,)


class IntEnum(int, Enum):
    pass


class StrEnum(str, Enum):
    pass


def unique(cls):
    """The class, if no two names share a value (as CPython's @unique)."""
    members = cls._members_()
    aliases = [name for name in members if members[name]._name_ != name]
    if aliases:
        raise ValueError("duplicate values found in {!r}: {}".format(cls, ", ".join(aliases)))
    return cls
