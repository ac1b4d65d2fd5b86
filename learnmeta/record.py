"""The base of the domain's dataclasses: equality and repr written once, not once per class.

``@dataclass`` writes the source of ``__init__``, ``__repr__`` and ``__eq__`` for every class
and compiles each with ``exec``: for the thirty content and progress classes that was about
10 ms of every start of the app. Here only ``__init__`` is generated (``RECORD``); the other two
are these methods, which behave as the generated ones do (same class, fields equal in order).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:  # for the type checker, what RECORD makes: a dataclass with keyword fields
    from typing import dataclass_transform

    @dataclass_transform(kw_only_default=True, field_specifiers=(field,))
    def RECORD(cls: type[_T]) -> type[_T]: ...
else:
    RECORD = dataclass(kw_only=True, repr=False, eq=False)
"""The decorator for every record: fields named when one is made; see :class:`Record`."""


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

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _names(self.__class__)[0]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # equal records may differ later, as with dataclass(eq=True)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _names(self.__class__)[1])
        return f"{self.__class__.__qualname__}({shown})"
