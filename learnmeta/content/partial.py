"""What can still be read of a content file that did not load, for the checks that come after.

Checks across a file's fields (a draw larger than the pack) and across files (a question naming
a lesson or section, a knowledge check naming a pack's questions) run on loaded files. Without
this module a pack with one broken question got none of them until every field error was fixed:
an instructor fixed, ran ``learnmeta validate`` again, and met a new round of errors. Now a file
that did not load leaves an outline of its sound parts (:class:`PartialPack`,
:class:`PartialLesson`) on its :class:`~learnmeta.content.errors.ContentError`, and those checks
run on it too.

A value counts as sound only if it passed every check of its own: nothing wrong at it or inside
it, and nothing around it refused whole (a question of an unknown ``type``, a table that is not
one). A check that looked at several fields together, such as a question's "exactly one right
choice", does not make its fields unsound. What is not sound is left out, so no check reports an
error that a mistake already reported explains.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING, Any, Iterable

from learnmeta.content.toml_lines import LineIndex

if TYPE_CHECKING:
    from pydantic import ValidationError

    from learnmeta.content.models import Question

ABSENT: Any = object()
"""A key that is not in the file (its default applies)."""

_ACROSS_FIELDS = ("value_error", "assertion_error")
"""The kinds of error a check of a whole record or list raises after its parts were checked."""


class Soundness:
    """Which values of a file that did not validate passed their own checks."""

    def __init__(self, errors: Iterable[tuple[tuple[Any, ...], str]]):
        """``errors``: (where, kind) of each error, where as in the file (no union tags)."""
        self._under: set[tuple[Any, ...]] = set()
        self._refused: set[tuple[Any, ...]] = set()
        self._at: set[tuple[Any, ...]] = set()
        self._misspelt: set[tuple[Any, ...]] = set()
        """Tables with a key that is not theirs: a key missing there may be that one, misspelt."""
        for loc, kind in errors:
            self._at.add(loc)
            if kind in ("extra_forbidden", "unexpected_keyword_argument") and loc:
                self._misspelt.add(loc[:-1])
            for end in range(len(loc) + 1):
                self._under.add(loc[:end])
            if kind not in _ACROSS_FIELDS:
                self._refused.add(loc)

    @classmethod
    def of(cls, error: ValidationError, strip: Any = tuple) -> Soundness:
        """From pydantic's error; ``strip`` turns its locations into the file's."""
        return cls((strip(tuple(item["loc"])), item["type"]) for item in error.errors(include_url=False))

    def refused_at(self, loc: tuple[Any, ...]) -> bool:
        """Whether an error is reported at ``loc`` itself (not only inside it)."""
        return loc in self._at

    def troubled(self, loc: tuple[Any, ...]) -> bool:
        """Whether an error is reported at ``loc`` or inside it."""
        return loc in self._under

    def refused_whole(self, loc: tuple[Any, ...]) -> bool:
        """Whether the value at ``loc``, or what holds it, is refused whole (not a table, an
        unknown ``type``...), not only found wrong by a check across its fields."""
        return any(loc[:end] in self._refused for end in range(len(loc) + 1))

    def value(self, data: Any, loc: tuple[Any, ...], whole: bool = True) -> Any:
        """The value at ``loc`` if it is sound, :data:`ABSENT` if the key is not there (and what
        would hold it is sound, with no unknown key that may be this one misspelt), else None.
        With ``whole`` False, what is inside it need not be sound (a list whose items are to be
        looked at one by one), only the value itself: no error at it, nor around it."""
        if loc in (self._under if whole else self._at):
            return None

        for end in range(len(loc)):
            if loc[:end] in self._refused:
                return None
        value = data
        for part in loc:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return None
                value = value[part]
            else:
                if not isinstance(value, dict):
                    return None
                if part not in value:
                    return None if loc[:-1] in self._misspelt else ABSENT
                value = value[part]
        return value


def together(kind: Any, data: Any, sound: Soundness, loc: tuple[Any, ...]) -> list[str]:
    """What ``kind.together`` (a record's check of its fields together, such as a question's
    "exactly one right choice") finds in the record at ``loc`` of a file that did not validate,
    run on the fields it reads (``kind.TOGETHER``) as they were checked, when each of them is
    sound: a mistake in another field (a missing prompt, a choice's feedback too long) no longer
    hides it for a second run of ``learnmeta validate``. Nothing when a value it reads is not
    sound (a choice whose ``correct`` is broken is not counted as wrong), when the record is
    refused whole (not a table, an unknown ``type``), or when nothing in it is wrong (it was
    checked as it loaded)."""
    if not sound.troubled(loc) or sound.refused_whole(loc):
        return []
    values: dict[str, Any] = {}
    for name, keys in kind.TOGETHER.items():
        if keys:
            found = _sound_tables(data, sound, (*loc, name), _item_kind(_hint(kind, name)), keys)
        else:
            found = _sound_value(data, sound, (*loc, name), kind, name)
        if found is None:
            return []
        values[name] = found
    from types import SimpleNamespace

    return list(kind.together(SimpleNamespace(**values)))


@functools.cache
def _hint(kind: Any, name: str) -> Any:
    """The annotation of the field ``name`` of the record class ``kind``."""
    import typing

    return typing.get_type_hints(kind, include_extras=True)[name]


@functools.cache
def _checker(kind: Any, name: str) -> tuple[Any, Any]:
    """(pydantic's adapter that checks the field ``name`` of the record class ``kind``, its
    default or ABSENT), made once, for the fields that a check together reads only (only files
    that did not load need them: all of a question's fields took 150 ms to make)."""
    from pydantic import TypeAdapter

    item = next(item for item in dataclasses.fields(kind) if item.name == name)
    if item.default is not dataclasses.MISSING:
        default = item.default
    elif item.default_factory is not dataclasses.MISSING:
        default = item.default_factory()
    else:
        default = ABSENT
    return TypeAdapter(_hint(kind, name)), default


def _item_kind(annotation: Any) -> Any:
    """The record class of a list-of-records annotation (``Annotated[list[Choice], ...]``)."""
    import typing

    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_args(annotation)[0]


def _sound_value(data: Any, sound: Soundness, loc: tuple[Any, ...], kind: Any, name: str) -> Any:
    """The value at ``loc`` (the field ``name`` of a ``kind``) as its check made it (cleaned
    text...), its default when it is not given, or None when it is not sound."""
    value = sound.value(data, loc)
    if value is None:
        return None
    checker, default = _checker(kind, name)
    if value is ABSENT:
        return None if default is ABSENT else default
    return checker.validate_python(value)


def _sound_tables(data: Any, sound: Soundness, loc: tuple[Any, ...], kind: Any, keys: tuple[str, ...]) -> Any:
    """The list of tables at ``loc``, each with the ``keys`` read of it, as :func:`_sound_value`
    makes them; None when the list or one of these keys of one of its tables is not sound."""
    from types import SimpleNamespace

    tables = sound.value(data, loc, whole=False)
    if not isinstance(tables, list):
        return None
    made = []
    for index in range(len(tables)):
        if sound.refused_at((*loc, index)):
            return None
        values = {}
        for key in keys:
            value = _sound_value(data, sound, (*loc, index, key), kind, key)
            if value is None:
                return None
            values[key] = value
        made.append(SimpleNamespace(**values))
    return made


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: Any) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


@dataclasses.dataclass(frozen=True)
class PartialQuestion:
    """A question of a pack that did not load: its id, lesson and section where they are sound."""

    index: int
    id: str | None
    lesson: str | None
    section: str | None
    tags: list[str] | None
    accepted: list[str] | None = None
    """The accepted answers of a short-answer question with a mistake of its own, when they are
    sound: the check that some typed answer can match one runs on them (learnmeta.instructor.lint)."""


@dataclasses.dataclass(frozen=True)
class PartialPack:
    """The sound parts of a pack file that did not load."""

    path: str
    lines: LineIndex
    id: str | None
    lessons: list[tuple[int, str]]
    """(index, id) of each sound entry of ``pack.lessons``."""
    questions: list[PartialQuestion]
    all_ids_known: bool
    """Whether every question's id is sound: only then can a missing id be said to be missing."""
    sound_questions: list[tuple[int, Question]] = dataclasses.field(default_factory=list)
    """(index, the question) of each question that is sound as a whole, made as in a pack that
    loaded: the item-writing checks of one question (learnmeta.instructor.lint) run on them."""

    def question(self, question_id: str) -> PartialQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


def partial_pack(data: Any, sound: Soundness, path: str, lines: LineIndex) -> PartialPack | None:
    """The outline of a pack that did not validate, or None if it has no readable questions list
    or ``[pack]`` table at all."""
    if not isinstance(data, dict):
        return None
    pack_id = _text(sound.value(data, ("pack", "id")))
    lessons: list[tuple[int, str]] = []
    listed = data.get("pack", {}).get("lessons") if isinstance(data.get("pack"), dict) else None
    if isinstance(listed, list):
        for index in range(len(listed)):
            value = _text(sound.value(data, ("pack", "lessons", index)))
            if value is not None:
                lessons.append((index, value))
    questions: list[PartialQuestion] = []
    raw = data.get("questions")
    all_ids = isinstance(raw, list)
    if isinstance(raw, list):
        for index in range(len(raw)):
            where = ("questions", index)
            tags = sound.value(data, (*where, "tags"))
            question = PartialQuestion(
                index=index,
                id=_text(sound.value(data, (*where, "id"))),
                lesson=_text(sound.value(data, (*where, "lesson"))),
                section=_text(sound.value(data, (*where, "section"))),
                tags=[] if tags is ABSENT else _texts(tags),
                accepted=_accepted(data, sound, where),
            )
            all_ids = all_ids and question.id is not None
            questions.append(question)
    return PartialPack(path=path, lines=lines, id=pack_id, lessons=lessons, questions=questions,
                       all_ids_known=all_ids)


def _accepted(data: Any, sound: Soundness, where: tuple[Any, ...]) -> list[str] | None:
    """The accepted answers of the short-answer question at ``where`` as they were checked, if
    it has a mistake of its own and they are sound (one without is checked whole)."""
    from learnmeta.content.models import ShortAnswerQuestion

    raw = data["questions"][where[1]]
    if not isinstance(raw, dict) or raw.get("type") != "short_answer" or not sound.troubled(where):
        return None
    accepted = _sound_value(data, sound, (*where, "accepted"), ShortAnswerQuestion, "accepted")
    return _texts(accepted)


@dataclasses.dataclass(frozen=True)
class PartialLesson:
    """The sound parts of a lesson file that did not load."""

    path: str
    lines: LineIndex | None
    id: str | None
    sections: list[tuple[str, bool]] | None
    """(id, a trainee page) of each section in page order, when the pages could be read and
    are not too many (more than a lesson may have: none are checked against)."""
    check_pack: str | None
    """The pack of its knowledge check, when that is sound."""
    check_questions: list[str]
    """Its knowledge check's question ids, when they are sound (else none)."""

    def section(self, section_id: str) -> tuple[str, bool] | None:
        return next((s for s in self.sections or [] if s[0] == section_id), None)
