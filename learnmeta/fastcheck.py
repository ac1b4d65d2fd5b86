"""The checks of :mod:`learnmeta.checks`, run without pydantic for input that passes them all.

Importing pydantic and building its validators took about 150 ms: most of a start with an empty
cache (after an install, an upgrade or an edit to a pack), and of `learnmeta validate`. Yet
nearly every file read is valid. :func:`validate` reads the same annotations pydantic reads (the
types, :data:`~learnmeta.constraints.STRICT`, the lengths, bounds and patterns, the
:class:`~learnmeta.constraints.After` functions, the dataclass defaults and ``__post_init__``) and
applies them itself, but only to values of exactly the type the annotation names: a text where
text belongs, a whole number where one belongs, a ``date`` where a date belongs. Anything else,
anything it does not know how to check exactly as pydantic does, and anything a check refuses,
raises :class:`Refused`, which is no verdict: :func:`learnmeta.checks.validate` then asks
pydantic, which gives its usual answer and messages. So this path accepts a subset of what
pydantic accepts and makes the same records from it (``tests/test_fastcheck.py`` compares the two
on every built-in file and on thousands of damaged ones); it never accepts more.

Where pydantic's own rules are subtle it is stricter still: text that pydantic would strip is
stripped only of ASCII spaces, tabs and line ends (pydantic trims with Rust's notion of
white space, which other characters would need to match); a pattern is checked only on text
without a line end (Python's ``$`` also matches before a final line end, Rust's does not);
numbers must be finite. An unknown key is refused where the record's ``__pydantic_config__``
forbids it and left out where it says to ignore it (pydantic's default), as pydantic does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import sys
import types
import typing
from typing import Any, Callable, Literal, Union

from learnmeta.constraints import After, Doc, Pydantic


class Refused(Exception):
    """Not checked here: pydantic decides (see the module's notes)."""


class _Unsupported(Exception):
    """An annotation this module does not check as pydantic does: that class is left to pydantic."""


Check = Callable[[Any], Any]
_MISSING = object()
_records: dict[type, Check | None] = {}
_ASCII_SPACE = " \t\n\r\x0b\x0c"


def validate(kind: type, data: Any) -> Any:
    """``data`` checked as a ``kind`` and made into one, or :class:`Refused`."""
    check = _records.get(kind, _MISSING)
    if check is _MISSING:
        check = _record_check(kind)
    if check is None:
        raise Refused(kind)
    try:
        return check(data)  # type: ignore[operator]
    except Refused:
        raise
    except (TypeError, AttributeError, KeyError, ValueError, IndexError) as error:  # unforeseen:
        raise Refused(f"{type(error).__name__}: {error}") from None  # pydantic decides


def prepare(kind: type) -> bool:
    """Make the check of a record class now (it is made on first use otherwise); whether there
    is one."""
    check = _records.get(kind, _MISSING)
    if check is _MISSING:
        check = _record_check(kind)
    return check is not None


def _record_check(cls: type) -> Check | None:
    """The check of a record class (made once; None if one of its fields cannot be checked here)."""
    if not dataclasses.is_dataclass(cls):
        _records[cls] = None
        return None
    # A place-holder while the class is compiled, so that a record inside itself would refer to it.
    slot: list[Check] = []
    _records[cls] = lambda value: slot[0](value)
    try:
        check = _compile_record(cls)
    except _Unsupported:
        _records[cls] = None
        return None
    slot.append(check)
    _records[cls] = check
    return check


_hints_of: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls, include_extras=True)``, made once per class (a question class
    is asked twice: for its tag, :func:`_union`, and for its check) and with each distinct
    annotation text of a module evaluated once (:func:`_evaluated_hints`)."""
    found = _hints_of.get(cls)
    if found is None:
        found = _hints_of[cls] = _evaluated_hints(cls)
    return found


_evaluated: dict[tuple[str, str], Any] = {}
"""(module, annotation text) -> what the text names in that module."""


def _evaluated_hints(cls: type) -> dict[str, Any]:
    """What ``typing.get_type_hints(cls, include_extras=True)`` gives, for annotations written as
    text (``from __future__ import annotations``) that name what their class's module holds:
    each text evaluated in that module, as get_type_hints does (which looks in the module before
    the class), but once per module for all its classes. get_type_hints evaluated every text
    afresh, a subclass's inherited ones again for each subclass (the question classes share
    QuestionBase's seven), through a ForwardRef compiled each time: 3.9 ms for the content
    classes, 2.1 ms so. Anything else (a name only the class defines, a text that does not
    evaluate, a result with text or a ForwardRef still in it, an annotation that is not text) is
    left to get_type_hints itself."""
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        own = base.__dict__.get("__annotations__")
        if not own:
            continue
        module = sys.modules.get(base.__module__)
        if type(own) is not dict or module is None:
            return typing.get_type_hints(cls, include_extras=True)
        for name, text in own.items():
            if type(text) is not str:
                return typing.get_type_hints(cls, include_extras=True)
            key = (base.__module__, text)
            value = _evaluated.get(key, _MISSING)
            if value is _MISSING:
                try:
                    value = eval(text, vars(module))  # the module's own annotation, as get_type_hints
                except Exception:
                    return typing.get_type_hints(cls, include_extras=True)
                if value is None:
                    value = type(None)
                if not _resolved(value):
                    return typing.get_type_hints(cls, include_extras=True)
                _evaluated[key] = value
            hints[name] = value
    return hints


def _resolved(hint: Any) -> bool:
    """Whether nothing in ``hint`` is still text or a ForwardRef for get_type_hints to evaluate
    (a Literal's values and Annotated's metadata are not evaluated)."""
    if isinstance(hint, (str, typing.ForwardRef)):
        return False
    origin = typing.get_origin(hint)
    if origin is Literal:
        return True
    if origin is typing.Annotated:
        return _resolved(hint.__origin__)
    for arg in typing.get_args(hint):
        items = arg if isinstance(arg, (list, tuple)) else (arg,)  # Callable[[X], Y]: a list
        if not all(_resolved(item) for item in items):
            return False
    return True


def record_maker(cls: type) -> tuple[dict[str, Check], Callable[[dict[str, Any]], Any]] | None:
    """For a record class checked here: each field's check (exactly what :func:`validate` applies
    to that field's value), and ``make(values)``, which makes the record from values those checks
    gave, as :func:`validate` does (the defaults of the fields not given, ``__post_init__``:
    :class:`Refused` if it refuses). None where :func:`validate` leaves the class to pydantic.

    For a reader that knows its values' forms and checks each distinct value once
    (:mod:`learnmeta.progress.quickread`): the checks are the ones :func:`validate` applies, so
    what it makes is what :func:`validate` would make of the same values. A check may raise
    :class:`Refused` or another error (as in :func:`validate`): the reader then leaves the
    value to :func:`validate`."""
    if not prepare(cls):
        return None
    return _makers.get(cls)


_makers: dict[type, tuple[dict[str, Check], Callable[[dict[str, Any]], Any]]] = {}


def _record_fields(cls: type) -> tuple[list[tuple[str, Check, Any]], Any, bool]:
    """(each field's (name, check, default), the class's ``__post_init__``, whether unknown keys
    are ignored); :class:`_Unsupported` for a class left to pydantic."""
    hints = _hints(cls)
    fields = []
    for found in dataclasses.fields(cls):
        if not found.init:
            raise _Unsupported(f"{cls.__name__}.{found.name}")
        if found.default is not dataclasses.MISSING:
            default: Any = ("value", found.default)
        elif found.default_factory is not dataclasses.MISSING:
            default = ("factory", found.default_factory)
        else:
            default = None
        fields.append((found.name, _compile(hints[found.name]), default))
    post_init = getattr(cls, "__post_init__", None)
    extra = (getattr(cls, "__pydantic_config__", None) or {}).get("extra", "ignore")
    if extra not in ("ignore", "forbid"):
        raise _Unsupported(f"{cls.__name__}: extra={extra!r}")
    return fields, post_init, extra == "ignore"


def _compile_record(cls: type) -> Check:
    fields, post_init, ignore = _record_fields(cls)
    names = frozenset(name for name, _, _ in fields)
    new = object.__new__

    # record_maker's make(): what check() below does once each value is checked. Fields with a
    # default factory are made afresh for each record (none in the records made this way now).
    template = {name: default[1] if default is not None and default[0] == "value" else _MISSING
                for name, _, default in fields}
    required = frozenset(name for name, _, default in fields if default is None)
    factories = [(name, default[1]) for name, _, default in fields if default is not None and default[0] == "factory"]

    def make(values: dict[str, Any]) -> Any:
        made_fields = template.copy()
        made_fields.update(values)
        if len(made_fields) != len(template) or not required <= values.keys():
            raise Refused(cls)  # a key that is no field, or a field without a default missing
        for name, factory in factories:
            if name not in values:
                made_fields[name] = factory()
        return finish(made_fields)

    def finish(made_fields: dict[str, Any]) -> Any:
        """The record of checked field values, as pydantic makes it (its ``__post_init__`` run:
        :class:`Refused` if it refuses); what make() and check() end with."""
        made: Any = new(cls)
        made.__dict__.update(made_fields)
        if post_init is not None:
            try:
                post_init(made)
            except Exception:
                raise Refused(cls) from None
        return made

    _makers[cls] = ({name: check for name, check, _ in fields}, make)

    def check(value: Any) -> Any:
        if value.__class__ is cls:  # a record already made (and checked): taken as it is, as
            return value  # pydantic takes it (its revalidate_instances is "never")
        if type(value) is not dict or not (ignore or names.issuperset(value)):
            raise Refused(cls)
        made_fields = {}
        for name, check_field, default in fields:
            if name in value:
                made_fields[name] = check_field(value[name])
            elif default is None:
                raise Refused(cls)
            else:
                made_fields[name] = default[1] if default[0] == "value" else default[1]()
        return finish(made_fields)

    return check


def _compile(annotation: Any, outer: dict[str, Any] | None = None) -> Check:
    """The check of a value annotated so; ``outer``: constraints given around it (pydantic puts
    those of an ``Annotated[X | None, ...]`` on X)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
    else:
        base, metadata = annotation, []
    strict = False
    constraints: dict[str, Any] = dict(outer or {})
    afters: list[Callable[[Any], Any]] = []
    tag: str | None = None
    for item in metadata:
        if isinstance(item, Doc):
            continue
        if isinstance(item, After):
            afters.append(item.function)
            continue
        if not isinstance(item, Pydantic) or afters:  # a pydantic check after an After: not here
            raise _Unsupported(repr(item))
        if item.name == "Strict" and not item.args and not item.kwargs:
            strict = True
        elif item.name in ("Field", "StringConstraints") and not item.args:
            for key, limit in item.kwargs.items():
                if limit is None:
                    continue
                if key in constraints and constraints[key] != limit:
                    raise _Unsupported(key)
                constraints[key] = limit
        elif item.name == "Discriminator" and len(item.args) == 1 and not item.kwargs:
            tag = item.args[0]
        else:
            raise _Unsupported(item.name)
    del strict  # only values of exactly the type are taken here, strict or not
    inner = _base(base, constraints, tag)
    if not afters:
        return inner

    def check(value: Any) -> Any:
        value = inner(value)
        for function in afters:
            try:
                value = function(value)
            except Exception:
                raise Refused(function) from None
        return value

    return check


def _take(constraints: dict[str, Any], *allowed: str) -> dict[str, Any]:
    unknown = set(constraints) - set(allowed)
    if unknown:
        raise _Unsupported(", ".join(sorted(unknown)))
    return constraints


def _lengths(constraints: dict[str, Any]) -> tuple[int, float]:
    return constraints.get("min_length") or 0, constraints.get("max_length", math.inf)


def _number_bounds(constraints: dict[str, Any]) -> Callable[[Any], bool]:
    ge, gt = constraints.get("ge"), constraints.get("gt")
    le, lt = constraints.get("le"), constraints.get("lt")

    def within(value: Any) -> bool:
        return ((ge is None or value >= ge) and (gt is None or value > gt)
                and (le is None or value <= le) and (lt is None or value < lt))

    return within


def _base(base: Any, constraints: dict[str, Any], tag: str | None) -> Check:
    origin = typing.get_origin(base)
    if tag is not None and origin not in (Union, types.UnionType):
        raise _Unsupported("a discriminator on something else than a union")
    if base is str:
        return _text(_take(constraints, "strip_whitespace", "min_length", "max_length", "pattern"))
    if base is bool:
        _take(constraints)
        return _exactly(bool)
    if base is int or base is float:
        within = _number_bounds(_take(constraints, "ge", "gt", "le", "lt", "allow_inf_nan"))
        kind = base

        def number(value: Any) -> Any:
            if type(value) is not kind or (kind is float and not math.isfinite(value)) or not within(value):
                raise Refused(kind)
            return value

        return number
    if base is dt.date or base is dt.datetime:
        _take(constraints)
        return _exactly(base)
    if base is type(None):
        _take(constraints)
        return _exactly(type(None))
    if origin is Literal:
        _take(constraints)
        allowed = typing.get_args(base)
        if not all(type(choice) is str for choice in allowed):
            raise _Unsupported("a Literal of something else than text")
        choices = frozenset(allowed)

        def literal(value: Any) -> Any:
            if type(value) is not str or value not in choices:
                raise Refused(base)
            return value

        return literal
    if origin in (Union, types.UnionType):
        return _union(typing.get_args(base), constraints, tag)
    if origin is list:
        least, most = _lengths(_take(constraints, "min_length", "max_length"))
        (item_type,) = typing.get_args(base)
        item = _compile(item_type)

        def list_of(value: Any) -> Any:
            if type(value) is not list or not least <= len(value) <= most:
                raise Refused(list)
            return [item(each) for each in value]

        return list_of
    if origin is dict:
        least, most = _lengths(_take(constraints, "min_length", "max_length"))
        key_type, value_type = typing.get_args(base)
        key, item = _compile(key_type), _compile(value_type)

        def table_of(value: Any) -> Any:
            if type(value) is not dict or not least <= len(value) <= most:
                raise Refused(dict)
            return {key(k): item(v) for k, v in value.items()}

        return table_of
    if isinstance(base, type) and dataclasses.is_dataclass(base):
        _take(constraints)
        found = _records.get(base, _MISSING)
        if found is _MISSING:
            found = _record_check(base)
        if found is None:
            raise _Unsupported(base.__name__)
        cls = base
        return lambda value: _records[cls](value)  # type: ignore[misc]  # compiled: not None
    raise _Unsupported(repr(base))


def _exactly(kind: type) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not kind:
            raise Refused(kind)
        return value

    return check


def _text(constraints: dict[str, Any]) -> Check:
    strip = bool(constraints.get("strip_whitespace"))
    least, most = _lengths(constraints)
    pattern = constraints.get("pattern")
    search = re.compile(pattern).search if pattern is not None else None

    def text(value: Any) -> Any:
        if type(value) is not str:
            raise Refused(str)
        if strip:
            value = value.strip(_ASCII_SPACE)
            if value and (value[0].isspace() or value[-1].isspace()):
                raise Refused("white space pydantic might strip otherwise")
        if not least <= len(value) <= most:
            raise Refused(str)
        if search is not None and ("\n" in value or search(value) is None):
            raise Refused(pattern)
        return value

    return text


_PLAIN = (bool, int, float, str, list, dict, dt.date, dt.datetime, type(None))


def _plain_type(annotation: Any) -> type:
    """The Python type a value of this annotation has (for telling a union's members apart)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is Literal and all(type(choice) is str for choice in typing.get_args(annotation)):
        return str
    if origin in (list, dict):
        return origin
    if annotation in _PLAIN:
        return annotation
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return dict
    raise _Unsupported(f"a union member {annotation!r}")


def _union(members: tuple[Any, ...], constraints: dict[str, Any], tag: str | None) -> Check:
    if tag is None:
        others = [member for member in members if member is not type(None)]
        if len(others) == 1 and len(members) == 2:  # X | None: the constraints are X's
            inner = _compile(others[0], constraints)
            return lambda value: None if value is None else inner(value)
        # Members of different Python types (true or false, text, a list, a table): a value of
        # exactly one of them can only be that member (pydantic's "smart" union picks the member
        # it matches exactly). A value its member refuses is left to pydantic, which may try
        # the others less strictly.
        _take(constraints)
        by_type: dict[type, Check] = {}
        for member in members:
            kind = _plain_type(member)
            if kind in by_type:
                raise _Unsupported("a union of two members of one type")
            by_type[kind] = _compile(member)

        def union(value: Any) -> Any:
            check = by_type.get(type(value))
            if check is None:
                raise Refused("a union")
            return check(value)

        return union
    _take(constraints)
    by_tag: dict[str, Check] = {}
    for member in members:
        if not (isinstance(member, type) and dataclasses.is_dataclass(member)):
            raise _Unsupported("a tagged union of something else than records")
        hint = _hints(member).get(tag)
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
        if typing.get_origin(hint) is not Literal:
            raise _Unsupported(f"{member.__name__}.{tag}")
        member_check = _base(member, {}, None)
        for value in typing.get_args(hint):
            if type(value) is not str or value in by_tag:
                raise _Unsupported(f"{member.__name__}.{tag}")
            by_tag[value] = member_check

    def tagged(value: Any) -> Any:
        if type(value) is not dict or type(value.get(tag)) is not str:
            raise Refused(tag)
        check = by_tag.get(value[tag])
        if check is None:
            raise Refused(tag)
        return check(value)

    return tagged


# ---------------------------------------------------------------------------------------------
# One record from a line of JSON (the answer log)
# ---------------------------------------------------------------------------------------------

_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00")
"""A time as ``datetime.isoformat()`` writes one in UTC: read the same by Python and pydantic."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_time_fields: dict[type, frozenset[str] | None] = {}


def _times_of(cls: type) -> frozenset[str] | None:
    """The fields of a flat record that hold a time (None: a field holds a record, a list or a
    table, which this JSON path leaves to pydantic)."""
    if cls in _time_fields:
        return _time_fields[cls]
    times: set[str] | None = set()
    for name, hint in _hints(cls).items():
        if name not in {found.name for found in dataclasses.fields(cls)}:
            continue
        plain = _unwrapped(hint)
        if plain is dt.datetime:
            times.add(name)  # type: ignore[union-attr]
        elif plain not in (str, int, bool, float, type(None)) and typing.get_origin(plain) is not Literal:
            times = None
            break
    _time_fields[cls] = frozenset(times) if times is not None else None
    return _time_fields[cls]


def _unwrapped(hint: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` -> X."""
    while True:
        if typing.get_origin(hint) is typing.Annotated:
            hint = typing.get_args(hint)[0]
            continue
        if typing.get_origin(hint) in (Union, types.UnionType):
            others = [member for member in typing.get_args(hint) if member is not type(None)]
            if len(others) == 1:
                hint = others[0]
                continue
        return hint


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    table = dict(pairs)
    if len(table) != len(pairs):
        raise Refused("a key given twice")
    return table


def _no_constant(name: str) -> Any:
    raise Refused(name)


def validate_json(kind: type, data: bytes | str) -> Any:
    """One JSON object checked as a flat ``kind`` (as pydantic's ``validate_json`` checks it), or
    :class:`Refused`. Times must be written as :data:`_UTC_TIME`; a key given twice, NaN,
    text with a lone surrogate and anything else doubtful are left to pydantic."""
    import json

    times = _times_of(kind)
    if times is None:
        raise Refused(kind)
    try:
        value = json.loads(data, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise Refused("not JSON") from None
    if type(value) is not dict:
        raise Refused(kind)
    for key, item in value.items():
        if type(item) is str and _SURROGATE.search(item):
            raise Refused("a lone surrogate")
        if key in times and item is not None:
            if type(item) is not str or not _UTC_TIME.fullmatch(item):
                raise Refused(key)
            try:
                value[key] = dt.datetime.fromisoformat(item)
            except ValueError:  # 2026-13-01: pydantic says what is wrong
                raise Refused(key) from None
    return validate(kind, value)
