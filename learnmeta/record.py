"""The base of the domain's dataclasses: ``__init__``, equality and repr written once, not once
per class.

``@dataclass`` writes the source of ``__init__``, ``__repr__`` and ``__eq__`` for every class
and compiles each with ``exec``: for the thirty-odd content and progress classes that was about
10 ms of every start of the app, and ``__init__`` alone still about 4 ms. ``RECORD`` makes the
class a dataclass (its fields, defaults and ``__post_init__`` as declared) without writing any of
them; :class:`Record`'s methods behave as the generated ones do (keyword fields set in order,
defaults and factories, ``__post_init__``; same class and fields equal in order; the repr). The
records read from files and from the start-up cache are made without ``__init__`` at all
(:mod:`learnmeta.fastcheck`, :mod:`learnmeta.cache_records`).
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:  # for the type checker, what RECORD makes: a dataclass with keyword fields
    from typing import dataclass_transform

    @dataclass_transform(kw_only_default=True, field_specifiers=(field,))
    def RECORD(cls: type[_T]) -> type[_T]: ...
else:
    _record_dataclass = dataclass(kw_only=True, repr=False, eq=False, init=False)

    def RECORD(cls: type[_T]) -> type[_T]:
        return _record_dataclass(cls)
"""The decorator for every record: fields named when one is made; see :class:`Record`."""

if TYPE_CHECKING:  # what VALUE makes: a frozen dataclass, fields given in order or by name
    @dataclass_transform(frozen_default=True, field_specifiers=(field,))
    def VALUE(cls: type[_T]) -> type[_T]: ...
else:
    _value_dataclass = dataclass(init=False, repr=False, eq=False)

    def VALUE(cls: type[_T]) -> type[_T]:
        return _value_dataclass(cls)
"""The decorator for a small frozen value over :class:`Value`: ``@dataclass(frozen=True)``'s
behaviour, without its six methods written and compiled for each class."""


_REQUIRED = object()


def _init_plan(cls: type) -> tuple[tuple[tuple[str, Any, Any], ...], Any]:
    """(each field's (name, default, factory), the class's ``__post_init__``), worked out once
    per class: what ``@dataclass`` would write into the class's own ``__init__``."""
    plan = cls.__dict__.get("_record_init")
    if plan is None:
        steps: list[tuple[str, Any, Any]] = []
        for found in fields(cls):
            if found.default is not MISSING:
                steps.append((found.name, found.default, None))
            elif found.default_factory is not MISSING:
                steps.append((found.name, _REQUIRED, found.default_factory))
            else:
                steps.append((found.name, _REQUIRED, None))
        plan = (tuple(steps), getattr(cls, "__post_init__", None))
        type.__setattr__(cls, "_record_init", plan)
    return plan


def _names(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every field, the fields shown by repr) of a record class, worked out once per class."""
    names = cls.__dict__.get("_record_names")
    if names is None:
        found = fields(cls)  # the fields proper (``__dataclass_fields__`` also holds ClassVars)
        names = (tuple(f.name for f in found), tuple(f.name for f in found if f.repr))
        type.__setattr__(cls, "_record_names", names)
    return names


class Record:
    """Equality and repr over a dataclass's fields, as ``@dataclass`` would write them."""

    __slots__ = ()

    def __init__(self, **given: Any) -> None:
        """Each field from ``given`` or its default, then ``__post_init__``: what the
        ``__init__`` that ``@dataclass(kw_only=True)`` writes for each class does. One method
        for every record: writing and compiling one per class took about 5 ms of every start
        for the thirty-odd record classes."""
        steps, post_init = _init_plan(self.__class__)
        left = len(given)
        for name, default, factory in steps:
            if name in given:
                value = given[name]
                left -= 1
            elif default is not _REQUIRED:
                value = default
            elif factory is not None:
                value = factory()
            else:
                raise TypeError(f"{self.__class__.__qualname__}.__init__() missing 1 required keyword-only "
                                f"argument: '{name}'")
            setattr(self, name, value)
        if left:
            known = {name for name, _, _ in steps}
            unknown = next(name for name in given if name not in known)
            raise TypeError(f"{self.__class__.__qualname__}.__init__() got an unexpected keyword argument "
                            f"'{unknown}'")
        if post_init is not None:
            post_init(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _names(self.__class__)[0]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # equal records may differ later, as with dataclass(eq=True)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(self.__class__)[1])
        return f"{self.__class__.__qualname__}({shown})"


class Value(Record):
    """What ``@dataclass(frozen=True)`` writes for each class, written once: ``__init__`` taking
    the fields in order or by name (defaults, factories, then ``__post_init__``), equality and
    repr (:class:`Record`'s), a hash of the fields, and no field set or removed once made
    (``dataclasses.FrozenInstanceError``). For the small frozen values made at start (a lesson's
    state, the next step, a problem in a file...): compiling those six methods for each of them
    took about 4 ms of every start."""

    __slots__ = ()

    def __init__(self, *args: Any, **given: Any) -> None:
        cls = self.__class__
        steps, post_init = _init_plan(cls)
        if len(args) > len(steps):
            raise TypeError(f"{cls.__qualname__}.__init__() takes {len(steps) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        left = len(given)
        for index, (name, default, factory) in enumerate(steps):
            if index < len(args):
                if name in given:
                    raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument '{name}'")
                value = args[index]
            elif name in given:
                value = given[name]
                left -= 1
            elif default is not _REQUIRED:
                value = default
            elif factory is not None:
                value = factory()
            else:
                raise TypeError(f"{cls.__qualname__}.__init__() missing 1 required positional argument: '{name}'")
            object.__setattr__(self, name, value)
        if left:
            known = {name for name, _, _ in steps}
            unknown = next(name for name in given if name not in known)
            raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument '{unknown}'")
        if post_init is not None:
            post_init(self)

    def __hash__(self) -> int:  # type: ignore[override]  # frozen: hashable, as dataclass(frozen=True)
        return hash(tuple(getattr(self, name) for name in _names(self.__class__)[0]))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
