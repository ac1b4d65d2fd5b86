"""The checks on the domain's dataclasses, which pydantic applies when it validates a file.

The content and progress objects are plain dataclasses: starting the app reads them from a cache
(:mod:`learnmeta.cache`) and never imports pydantic, whose import and validator building took
about 100 ms, a third of the start-up. Reading a file, checking a pack or building a JSON Schema
still uses pydantic, through :func:`validate` and :func:`adapter`.

The annotations carry the checks as small objects that pydantic asks for through its public
``__get_pydantic_core_schema__`` / ``__get_pydantic_json_schema__`` protocol; each builds the
pydantic object it stands for only then::

    Id = Annotated[str, text_form(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
    order: Annotated[int, STRICT, bounds(ge=0, le=10_000), doc("Lessons are shown in this order.")]

Every scalar that a TOML file could give with the wrong type (a number, true or false, a date or
time) is marked :data:`STRICT`: ``correct = "yes"`` is an error, never true. (pydantic's strict
*config* would also refuse a table where a dataclass belongs, so strictness is per field.)

Those annotations are defined in :mod:`learnmeta.constraints` (imported from here as well), which
:mod:`learnmeta.fastcheck` reads too: it imports nothing from this module, which asks it first.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, TypeVar

from learnmeta.constraints import CONFIG_FORBID as CONFIG_FORBID
from learnmeta.constraints import CONFIG_IGNORE as CONFIG_IGNORE
from learnmeta.constraints import STRICT as STRICT
from learnmeta.constraints import After as After
from learnmeta.constraints import Bool as Bool
from learnmeta.constraints import Date as Date
from learnmeta.constraints import Doc as Doc
from learnmeta.constraints import Int as Int
from learnmeta.constraints import Pydantic as Pydantic
from learnmeta.constraints import bounds as bounds
from learnmeta.constraints import doc as doc
from learnmeta.constraints import size as size
from learnmeta.constraints import tagged_by as tagged_by
from learnmeta.constraints import text_form as text_form
from learnmeta.constraints import too_long as too_long

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")


_adapters: dict[Any, TypeAdapter[Any]] = {}
_building = threading.Lock()
"""Held while an adapter is built: the app builds some in a background thread after its first
frame (app._prepare_saving), and a save that needs one meanwhile waits for it instead of
importing pydantic a second time alongside."""


def adapter(kind: Any) -> TypeAdapter[Any]:
    """pydantic's TypeAdapter for a dataclass or type, built once per process."""
    found = _adapters.get(kind)
    if found is None:
        with _building:
            found = _adapters.get(kind)
            if found is None:
                from pydantic import TypeAdapter

                found = _adapters[kind] = TypeAdapter(kind)
    return found


FAST = True
"""Whether :func:`validate` first tries :mod:`learnmeta.fastcheck` (the tests compare both ways)."""


def validate(kind: type[T], data: Any) -> T:
    """``data`` (a dict from TOML, or dataclass instances) checked and turned into ``kind``.

    Valid data of exactly the right types is checked without pydantic (:mod:`learnmeta.fastcheck`,
    which makes the same records); anything else goes to pydantic, which raises its
    ``ValidationError`` for what is wrong.
    """
    if FAST:
        from learnmeta import fastcheck

        try:
            made: T = fastcheck.validate(kind, data)
            return made
        except fastcheck.Refused:
            pass
    checked: T = adapter(kind).validate_python(data)
    return checked


def validate_json(kind: type[T], data: bytes | str) -> T:
    """One JSON object checked and turned into ``kind`` (a flat record), as :func:`validate`:
    without pydantic where :func:`learnmeta.fastcheck.validate_json` can, else with it."""
    if FAST:
        from learnmeta import fastcheck

        try:
            made: T = fastcheck.validate_json(kind, data)
            return made
        except fastcheck.Refused:
            pass
    checked: T = adapter(kind).validate_json(data)
    return checked
