"""The one error type that loading content can raise, and the problems it carries.

A :class:`Problem` says where (file, line, question id, field path) and what, in plain English,
so an instructor can fix a file without reading our code. Lint findings are problems too, with
``severity="warning"``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from learnmeta.content.text import clean_text
from learnmeta.record import VALUE, Value

Severity = Literal["error", "warning"]

_PREDICATES = ("is ", "should ", "must ", "needs ", "has ")


@VALUE
class Problem(Value):
    """One thing wrong with one content file."""

    path: str
    message: str
    line: int | None = None
    question: str | None = None
    field: str | None = None
    severity: Severity = "error"
    code: str = "invalid"

    def __post_init__(self) -> None:
        # Messages quote what the author wrote (a key, an id): keep that printable and short.
        for name in ("message", "question", "field"):
            value = getattr(self, name)
            if value is not None:
                value = clean_text(value).replace("\n", " ")
                if len(value) > 300:
                    value = value[:297] + "..."
                object.__setattr__(self, name, value)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        parts = []
        if self.question:
            parts.append(f"question '{self.question}'")
        if self.field:
            parts.append(f"'{self.field}'")
        context = ", ".join(parts)
        if not context:
            return f"{where}: {self.severity}: {self.message}"
        # "'pack.title' is missing" reads better than "'pack.title': is missing".
        joiner = " " if self.field and self.message.startswith(_PREDICATES) else ": "
        return f"{where}: {self.severity}: {context}{joiner}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items()}


class ContentError(Exception):
    """Raised when a content file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ContentError needs at least one problem")
        self.problems = problems
        self.partial: Any = None
        """What could still be read of the file for the checks that come after (a
        :class:`~learnmeta.content.partial.PartialPack` or ``PartialLesson``; for a record that
        did not validate, the ``Soundness`` of its values), or None."""
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def path(self) -> str:
        return self.problems[0].path
