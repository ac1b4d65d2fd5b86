"""The progress file's format, defined once as pydantic models (schema_version 1).

One learner's progress lives in one TOML file that a person can open in an editor and understand.
Every time is an ISO 8601 date and time in UTC, written as ``2026-11-24T13:31:08+00:00`` (whole
seconds). Ids are the content's own ids (lesson, page, pack and question ids). A file looks like::

    schema_version = 1
    created = 2026-11-24T13:31:08+00:00
    saved = 2026-11-24T14:02:51+00:00
    saved_by = "learnmeta 0.1.0"

    [learner]                      # Progress.learner (Settings)
    name = "Ann"                   # optional
    track = "self"                 # "self" (on my own) or "course" (in a course)
    theme = "textual-dark"
    reduced_motion = false
    welcomed = true

    [last_activity]                # what "continue" reopens (optional)
    kind = "lesson"                # "lesson" (with lesson and page) or "quiz" (with pack)
    lesson = "what-is-metastatic-cancer"
    page = "naming"
    when = 2026-11-24T14:02:51+00:00

    [lessons.what-is-metastatic-cancer]          # Progress.lessons[lesson id]
    pages_seen = ["intro", "naming"]
    page_count = 5
    last_page = "naming"
    last_visited = 2026-11-24T14:02:51+00:00
    completed = 2026-11-24T14:10:00+00:00       # only once finished

    [packs.what-is-metastatic-cancer]            # Progress.packs[pack id]; then the same pack's questions
    version = "1.0.0"              # the pack version the answers below belong to
    attempts_total = 3             # every attempt ever started (the list keeps the last 20)
    finished_total = 2
    passed_total = 1
    best_percent = 80              # best finished attempt in "quiz" mode

    attempts = [                   # the last 20, oldest first; the last four only once finished
      { id = "20261124T140251-3fa2", mode = "quiz", pack_version = "1.0.0", started = 2026-11-24T14:02:51+00:00, answered = 5, finished = 2026-11-24T14:06:10+00:00, correct = 4, total = 5, percent = 80, passed = true },
    ]

    [questions.what-is-metastatic-cancer]        # Progress.questions[pack id][question id]
    naming-rule = { seen = 3, correct = 2, hints_used = 1, last_correct = true, last_answered = 2026-11-24T14:03:00+00:00, last_answer = "Metastatic colon cancer", lesson = "what-is-metastatic-cancer", section = "naming", review = { due = 2026-11-26T14:03:00+00:00, state = "review", stability = 2.3065, difficulty = 2.1181 } }

``review`` is the question's spaced-review (FSRS) state: when it is next ``due``; ``state`` is
"learning", "review" or "relearning"; ``step`` (learning steps only), ``stability`` and
``difficulty`` are FSRS's own numbers. The review's last date is ``last_answered``.

Readers outside the store (``learnmeta export`` and ``report``) should use
:func:`learnmeta.progress.read_progress` (it returns a :class:`Progress`, or raises
:class:`learnmeta.progress.fileformat.ProgressFileError` with a plain reason), not parse the TOML
themselves.
Field names are stable within a schema version; a file with a higher ``schema_version`` is from a
newer learnmeta and is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from learnmeta.content.text import clean_text

SCHEMA_VERSION = 1
"""The progress format this release reads and writes."""

MAX_ATTEMPTS_KEPT = 20
"""Attempts kept per pack; the totals count every attempt."""

MAX_ANSWER_CHARS = 200
"""The last answer is kept to this many characters."""

UTC = dt.timezone.utc


def utc_seconds(value: dt.datetime) -> dt.datetime:
    """The same moment in UTC, to the whole second (what the file can hold)."""
    return value.astimezone(UTC).replace(microsecond=0)


def _require_aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time needs a UTC offset, e.g. 2026-11-24T13:31:08+00:00")
    return utc_seconds(value)


UtcTime = Annotated[dt.datetime, AfterValidator(_require_aware)]
"""A timezone-aware time, stored in UTC to the second."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: str) -> str:
    return _SURROGATE.sub("\ufffd", clean_text(value))


def _one_line(value: str) -> str:
    return " ".join(_clean(value).split())


def _answer(value: str) -> str:
    return _clean(value)[:MAX_ANSWER_CHARS]


Key = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""An id used as a key (lesson, page, pack, question, section)."""
Name = Annotated[str, AfterValidator(_one_line), StringConstraints(max_length=100)]
Answer = Annotated[str, AfterValidator(_answer)]
Count = Annotated[int, Field(ge=0)]
Percent = Annotated[int, Field(ge=0, le=100)]


class Model(BaseModel):
    """Base: unknown keys are ignored (a hand-edited extra line never makes a file unreadable)."""

    model_config = ConfigDict(extra="ignore", validate_default=False, validate_assignment=True)


class Settings(Model):
    """``[learner]``: who this is and how they like the app."""

    name: Name | None = None
    track: Literal["self", "course"] = "self"
    theme: Annotated[str, StringConstraints(min_length=1, max_length=60)] = "textual-dark"
    reduced_motion: bool = False
    welcomed: bool = False


class LastActivity(Model):
    """``[last_activity]``: where "continue" takes the learner."""

    kind: Literal["lesson", "quiz"]
    lesson: Key | None = None
    page: Key | None = None
    pack: Key | None = None
    when: UtcTime


class LessonProgress(Model):
    """``[lessons.<lesson id>]``."""

    pages_seen: list[Key] = Field(default_factory=list)
    page_count: Count = 0
    last_page: Key | None = None
    last_visited: UtcTime | None = None
    completed: UtcTime | None = None


class Attempt(Model):
    """One of ``[packs.<pack id>]`` ``attempts``: a quiz started, and how it ended."""

    id: Key
    mode: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "quiz"
    pack_version: Annotated[str, StringConstraints(max_length=40)] = ""
    started: UtcTime
    answered: Count = 0
    finished: UtcTime | None = None
    correct: Count | None = None
    total: Count | None = None
    percent: Percent | None = None
    passed: bool | None = None


class PackProgress(Model):
    """``[packs.<pack id>]``: the pack's version, totals and the last attempts."""

    version: Annotated[str, StringConstraints(max_length=40)] = ""
    attempts_total: Count = 0
    finished_total: Count = 0
    passed_total: Count = 0
    best_percent: Percent | None = None
    attempts: list[Attempt] = Field(default_factory=list)


ReviewStateName = Literal["learning", "review", "relearning"]


class ReviewState(Model):
    """``review = {...}``: a question's FSRS scheduling state."""

    due: UtcTime
    state: ReviewStateName = "learning"
    step: Count | None = None
    stability: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    difficulty: Annotated[float, Field(allow_inf_nan=False)] | None = None


class QuestionProgress(Model):
    """``[questions.<pack id>]`` ``<question id> = {...}``: one question's record."""

    seen: Count = 0
    correct: Count = 0
    hints_used: Count = 0
    last_correct: bool | None = None
    last_answered: UtcTime | None = None
    last_answer: Answer = ""
    lesson: Key | None = None
    section: Key | None = None
    review: ReviewState | None = None


class Progress(Model):
    """The whole progress file."""

    schema_version: int = SCHEMA_VERSION
    created: UtcTime | None = None
    saved: UtcTime | None = None
    saved_by: Annotated[str, StringConstraints(max_length=60)] = ""
    learner: Settings = Field(default_factory=Settings)
    last_activity: LastActivity | None = None
    lessons: dict[Key, LessonProgress] = Field(default_factory=dict)
    packs: dict[Key, PackProgress] = Field(default_factory=dict)
    questions: dict[Key, dict[Key, QuestionProgress]] = Field(default_factory=dict)
    """pack id -> question id -> record."""
