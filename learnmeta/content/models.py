"""The file formats, defined once as pydantic models.

Three kinds of content file, each with a ``schema_version``:

* a **lesson**: Markdown with a TOML front-matter block between ``+++`` lines (:class:`LessonMeta`);
  each ``##`` section of the body is one page (:class:`Page`);
* the **glossary**: ``lessons/glossary.toml`` (:class:`Glossary`);
* a **question pack**: a TOML file with a ``[pack]`` table and ``[[questions]]`` (:class:`Pack`).

Every model forbids unknown keys (a typo must not pass silently), every text field is cleaned of
control characters and has a length bound, and the cross-checks that fit inside one file live
here as validators. Checks that need several files are in :mod:`learnmeta.content.library`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from pydantic_core import PydanticCustomError

from learnmeta.content.text import clean_text

SCHEMA_VERSION = 1
"""The newest version of each format that this release reads and writes."""


def _cleaner(max_length: int, may_be_empty: bool):
    """The one Python validator of a text field: remove control characters (the value arrives
    stripped), then check it is not empty and not too long (after cleaning: hidden characters
    do not count towards the limit).

    One call per text value, with a fast path for the common case: a pack of 10,000 questions
    holds some 80,000 texts, and two Python validators per text cost a fifth of its load time.
    """

    def clean(value: str) -> str:
        if not value.isprintable():  # newlines, tabs and control characters all land here
            value = clean_text(value).strip()
            if not value and not may_be_empty:
                raise ValueError("must not be empty")
        if len(value) > max_length:
            raise PydanticCustomError(
                "string_too_long",
                "String should have at most {max_length} characters",
                {"max_length": max_length},
            )
        return value

    return clean


def _text(max_length: int, min_length: int = 1):
    """A text field: stripped, cleaned of control characters, with a length bound."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length),
        AfterValidator(_cleaner(max_length, may_be_empty=not min_length)),
    ]


ShortText = _text(200)
"""A title, a choice, a term: one line or so."""
Text = _text(2000)
"""A prompt, an explanation, a definition, feedback."""
LongText = _text(4000)
"""A description."""

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64),
]
"""An id: lower-case letters, digits, ``-`` and ``_``, starting with a letter or digit."""

Url = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500),
]


class Model(BaseModel):
    """Base for every content model: unknown keys are errors, and values are never coerced
    (``correct = "yes"`` is an error, not true)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Source(Model):
    """Where a fact comes from."""

    title: ShortText = Field(description="The name of the source, e.g. the page's title.")
    url: Url | None = Field(default=None, description="Its address (http or https).")
    publisher: ShortText | None = Field(default=None, description="Who published it.")


def _check_schema_version(value: int) -> int:
    if value < 1:
        raise ValueError("must be 1 or more")
    if value > SCHEMA_VERSION:
        raise ValueError(
            f"this file uses format version {value}, but this version of learnmeta reads "
            f"version {SCHEMA_VERSION} at most; update learnmeta to open it"
        )
    return value


SchemaVersion = Annotated[int, AfterValidator(_check_schema_version)]


# --------------------------------------------------------------------------------------------
# Lessons
# --------------------------------------------------------------------------------------------

BodySite = Literal[
    "brain",
    "lungs",
    "liver",
    "bones",
    "adrenal-glands",
    "peritoneum",
    "lymph-nodes",
    "bladder",
    "skin",
]
"""The places in the body that the "where cancer spreads" picture can show."""


class SpreadPattern(Model):
    """Where one primary cancer most often spreads: the data behind the body picture."""

    primary: ShortText = Field(description="The cancer where it started, e.g. 'Breast cancer'.")
    sites: list[BodySite] = Field(min_length=1, max_length=9)
    source: Source | None = None

    @field_validator("sites")
    @classmethod
    def _unique_sites(cls, sites: list[str]) -> list[str]:
        if len(set(sites)) != len(sites):
            raise ValueError("a site is listed twice")
        return sites


class KnowledgeCheck(Model):
    """The questions at the end of a lesson: ids of questions in one pack."""

    pack: Id = Field(description="The id of the pack that holds the questions.")
    questions: list[Id] = Field(min_length=1, max_length=20)

    @field_validator("questions")
    @classmethod
    def _unique(cls, ids: list[str]) -> list[str]:
        if len(set(ids)) != len(ids):
            raise ValueError("a question id is listed twice")
        return ids


class LessonMeta(Model):
    """The front matter of a lesson file (the TOML between the ``+++`` lines)."""

    schema_version: SchemaVersion
    id: Id
    title: ShortText
    order: int = Field(ge=0, le=10_000, description="Lessons are shown in this order.")
    purpose: Text = Field(description="What you will learn: shown first.")
    estimated_minutes: int = Field(ge=1, le=600)
    key_points: list[Text] = Field(min_length=1, max_length=20, description="The summary.")
    what_you_can_do: list[Text] = Field(default_factory=list, max_length=20)
    sources: list[Source] = Field(min_length=1, max_length=20)
    reviewed: dt.date = Field(description="When a person last checked the lesson's facts.")
    knowledge_check: KnowledgeCheck | None = None
    spread_patterns: list[SpreadPattern] = Field(default_factory=list, max_length=40)


class Page(Model):
    """One ``##`` section of a lesson body: one page on screen."""

    id: Id
    title: ShortText
    body: Annotated[_text(6000, min_length=0), Field(description="Markdown.")]
    line: int = Field(default=0, description="Where the section's heading is in the file.")


class Lesson(Model):
    """A whole lesson: its front matter and its pages, with the file it came from."""

    meta: LessonMeta
    pages: list[Page] = Field(min_length=1, max_length=60)
    path: str = ""
    _lines: object = PrivateAttr(default=None)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def page_index(self, page_id: str) -> int | None:
        return next((i for i, p in enumerate(self.pages) if p.id == page_id), None)


# --------------------------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------------------------


class Term(Model):
    """One glossary entry."""

    term: ShortText
    definition: Text = Field(description="A plain-language definition.")
    aliases: list[ShortText] = Field(default_factory=list, max_length=20)
    source: Source | None = None

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aliases]


class Glossary(Model):
    """``lessons/glossary.toml``."""

    schema_version: SchemaVersion
    terms: list[Term] = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _unique_terms(self) -> Glossary:
        seen: dict[str, str] = {}
        for term in self.terms:
            for name in term.names:
                key = name.casefold()
                if key in seen:
                    raise ValueError(
                        f"'{name}' is defined twice (in '{seen[key]}' and in '{term.term}')"
                    )
                seen[key] = term.term
        return self

    def lookup(self, name: str) -> Term | None:
        key = name.casefold()
        return next((t for t in self.terms if key in (n.casefold() for n in t.names)), None)


# --------------------------------------------------------------------------------------------
# Question packs
# --------------------------------------------------------------------------------------------


class Choice(Model):
    """One choice of a ``single`` or ``multiple`` question."""

    id: Id
    text: ShortText
    correct: bool = False
    feedback: Text | None = Field(
        default=None, description="Why this choice is right or wrong, shown after answering."
    )
    misconception: Id | None = Field(
        default=None, description="A tag naming the mistaken belief this choice stands for."
    )


class QuestionBase(Model):
    """What every question has, whatever its type."""

    id: Id
    prompt: Text
    lesson: Id = Field(description="The id of the lesson that teaches the answer.")
    section: Id = Field(description="The id of the lesson page that teaches the answer.")
    explanation: Text = Field(description="Shown after answering, right or wrong.")
    hints: list[Text] = Field(default_factory=list, max_length=5, description="Shown one by one.")
    source: Source | None = None
    tags: list[Id] = Field(default_factory=list, max_length=20)


def _check_choice_ids(choices: list[Choice]) -> None:
    ids = [c.id for c in choices]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"choice id '{duplicates[0]}' is used more than once")
    texts = [c.text.casefold() for c in choices]
    if len(set(texts)) != len(texts):
        raise ValueError("two choices have the same text")


class SingleQuestion(QuestionBase):
    """Exactly one correct choice."""

    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2, max_length=10)
    shuffle: bool = Field(default=False, description="Show the choices in a random order.")

    @model_validator(mode="after")
    def _one_correct(self) -> SingleQuestion:
        _check_choice_ids(self.choices)
        correct = sum(c.correct for c in self.choices)
        if correct != 1:
            raise ValueError(
                f"a 'single' question needs exactly one choice with correct = true; it has {correct}"
            )
        return self


class MultipleQuestion(QuestionBase):
    """Select all that apply: one or more correct choices."""

    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2, max_length=10)
    shuffle: bool = False

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleQuestion:
        _check_choice_ids(self.choices)
        if not any(c.correct for c in self.choices):
            raise ValueError("a 'multiple' question needs at least one choice with correct = true")
        return self


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")
    feedback_true: Text | None = Field(default=None, description="Shown to a learner who said true.")
    feedback_false: Text | None = Field(
        default=None, description="Shown to a learner who said false."
    )
    misconception: Id | None = Field(
        default=None, description="The mistaken belief behind the wrong answer."
    )


class Pair(Model):
    """One left-hand item and the right-hand item it matches."""

    left: ShortText
    right: ShortText
    feedback: Text | None = None


class MatchingQuestion(QuestionBase):
    """Match each left-hand item to a right-hand item; extra right-hand items are distractors."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, max_length=10)
    distractors: list[ShortText] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _well_formed(self) -> MatchingQuestion:
        lefts = [p.left.casefold() for p in self.pairs]
        if len(set(lefts)) != len(lefts):
            raise ValueError("two pairs have the same left-hand item")
        rights = {p.right.casefold() for p in self.pairs}
        extra = [d.casefold() for d in self.distractors]
        if len(set(extra)) != len(extra):
            raise ValueError("a distractor is listed twice")
        clash = next((d for d in self.distractors if d.casefold() in rights), None)
        if clash is not None:
            raise ValueError(f"distractor '{clash}' is also a right-hand item of a pair")
        if len(rights) + len(extra) > 12:
            raise ValueError("at most 12 right-hand items (answers and distractors) in all")
        return self

    @property
    def right_items(self) -> list[str]:
        """Every right-hand item once, in file order, distractors last."""
        seen: list[str] = []
        for item in [p.right for p in self.pairs] + list(self.distractors):
            if item not in seen:
                seen.append(item)
        return seen


class OrderingQuestion(QuestionBase):
    """Put the items in order; the file lists them in their correct order."""

    type: Literal["ordering"]
    items: list[ShortText] = Field(min_length=2, max_length=10)

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: list[str]) -> list[str]:
        folded = [i.casefold() for i in items]
        if len(set(folded)) != len(folded):
            raise ValueError("an item is listed twice")
        return items


class ShortAnswerQuestion(QuestionBase):
    """A typed answer, checked against the accepted answers."""

    type: Literal["short_answer"]
    accepted: list[ShortText] = Field(min_length=1, max_length=20)
    allow_typo: bool = Field(
        default=False, description="Forgive one wrong, missing or extra letter (answers of 5+ letters)."
    )
    feedback_wrong: Text | None = Field(default=None, description="Shown after a wrong answer.")


Question = Annotated[
    Union[
        SingleQuestion,
        MultipleQuestion,
        TrueFalseQuestion,
        MatchingQuestion,
        OrderingQuestion,
        ShortAnswerQuestion,
    ],
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "matching", "ordering", "short_answer")


class PackInfo(Model):
    """The ``[pack]`` table."""

    id: Id
    title: ShortText
    description: LongText
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$", max_length=20)] = Field(
        description="The pack's own version, e.g. '1.2.0'. Raise it when questions change."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    authors: list[ShortText] = Field(min_length=1, max_length=50)
    licence: ShortText
    sources: list[Source] = Field(min_length=1, max_length=50)
    reviewed: dt.date
    pass_mark: int = Field(ge=0, le=100, description="The score, in percent, that passes.")
    lessons: list[Id] = Field(default_factory=list, max_length=50)


class Pack(Model):
    """A question pack: ``[pack]`` and ``[[questions]]``."""

    schema_version: SchemaVersion
    pack: PackInfo
    questions: list[Question] = Field(min_length=1, max_length=20_000)
    _path: str = PrivateAttr(default="")
    _lines: object = PrivateAttr(default=None)

    @property
    def path(self) -> str:
        """The file the pack was loaded from ("" when built in memory)."""
        return self._path

    def duplicate_question_ids(self) -> list[tuple[int, str]]:
        """(index, id) of each question whose id an earlier question already uses."""
        seen: set[str] = set()
        duplicates = []
        for index, question in enumerate(self.questions):
            if question.id in seen:
                duplicates.append((index, question.id))
            seen.add(question.id)
        return duplicates

    @property
    def id(self) -> str:
        return self.pack.id

    @property
    def title(self) -> str:
        return self.pack.title

    def question(self, question_id: str):
        return next((q for q in self.questions if q.id == question_id), None)
