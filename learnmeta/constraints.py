"""The annotations that carry the checks on the domain's dataclasses (:mod:`learnmeta.checks`)::

    Id = Annotated[str, text_form(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
    order: Annotated[int, STRICT, bounds(ge=0, le=10_000), doc("Lessons are shown in this order.")]

Small objects that pydantic asks for through its public ``__get_pydantic_core_schema__`` /
``__get_pydantic_json_schema__`` protocol, each building the pydantic object it stands for only
then; :mod:`learnmeta.fastcheck` reads the same objects to check valid data without pydantic.
Both import them from here (the content and progress models through :mod:`learnmeta.checks`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Callable


class Pydantic:
    """Stands for ``pydantic.<name>(*args, **kwargs)`` in an ``Annotated[...]``, built on first use.

    It is applied to the plain type, before every other annotation of the same ``Annotated``:
    so it must never come after an :class:`After` (a length checked before the text is cleaned
    would refuse text that cleaning shortens). ``tests/test_checks.py`` holds the models to this.
    """

    __slots__ = ("name", "args", "kwargs")

    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs

    def build(self):
        import pydantic

        return getattr(pydantic, self.name)(*self.args, **self.kwargs)

    def __get_pydantic_core_schema__(self, source, handler):
        return handler(Annotated[source, self.build()])

    def __repr__(self) -> str:
        return f"Pydantic({self.name!r}, {self.args!r}, {self.kwargs!r})"


class After:
    """Run ``function`` on the value once its type is checked (pydantic's ``AfterValidator``):
    it returns the value, perhaps changed, or raises ValueError with a plain message.

    ``schema`` holds the JSON Schema keywords for what ``function`` enforces (``maxLength``
    for a text limit checked after cleaning), so ``learnmeta schema`` tells editors the same
    limits the loader holds files to."""

    __slots__ = ("function", "schema")

    def __init__(self, function: Callable[[Any], Any], schema: dict[str, Any] | None = None) -> None:
        self.function = function
        self.schema = schema or {}

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))

    def __get_pydantic_json_schema__(self, schema, handler):
        json_schema = handler(schema)
        json_schema.update(self.schema)
        return json_schema


class Doc:
    """A field's description, for the JSON Schema that ``learnmeta schema`` prints."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema, handler):
        json_schema = handler(schema)
        json_schema["description"] = self.text
        return json_schema


STRICT = Pydantic("Strict")
"""The value must already have its type: 1 is not true, "5" is not 5, a string is not a date."""

Bool = Annotated[bool, STRICT]
Int = Annotated[int, STRICT]
Date = Annotated[dt.date, STRICT]


def too_long(max_length: int) -> Exception:
    """The error an :class:`After` function raises for a text over ``max_length`` characters
    (pydantic's own ``string_too_long``, so messages and codes are the same as for a limit)."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(
        "string_too_long", "String should have at most {max_length} characters", {"max_length": max_length}
    )


def size(min_length: int | None = None, max_length: int | None = None) -> Pydantic:
    """A list (or text) with at least / at most this many items (characters)."""
    return Pydantic("Field", min_length=min_length, max_length=max_length)


def bounds(**limits: float) -> Pydantic:
    """A number's limits: ``ge``, ``gt``, ``le``, ``lt``, and ``allow_inf_nan``."""
    return Pydantic("Field", **limits)


def text_form(**constraints: Any) -> Pydantic:
    """pydantic's ``StringConstraints``: ``pattern``, ``min_length``, ``strip_whitespace``..."""
    return Pydantic("StringConstraints", **constraints)


def tagged_by(field_name: str) -> Pydantic:
    """A union told apart by one field (``type = "single"``): errors name only that member."""
    return Pydantic("Discriminator", field_name)


def doc(text: str) -> Doc:
    return Doc(text)


CONFIG_FORBID = {"extra": "forbid"}
"""``__pydantic_config__`` of a content dataclass: an unknown key is an error (a typo must not pass)."""
CONFIG_IGNORE = {"extra": "ignore"}
"""``__pydantic_config__`` of a progress dataclass: a hand-added line does no harm."""
