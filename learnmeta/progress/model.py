"""The progress file's format, defined once as dataclasses that pydantic checks (schema_version 1).

One learner's progress lives in one TOML file that a person can open in an editor and understand.
Every time is an ISO 8601 date and time in UTC, written as ``2026-11-24T13:31:08+00:00`` (whole
seconds). Ids are the content's own ids (lesson, page, pack and question ids). A file looks like::

    schema_version = 1
    created = 2026-11-24T13:31:08+00:00
    saved = 2026-11-24T14:02:51+00:00
    saved_by = "learnmeta 0.1.0"

    [learner]                      # Progress.learner (Settings)
    id = "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"   # a random learner id (UUID4), given once
    name = "Ann"                   # optional
    track = "self"                 # "self" (on my own) or "course" (in a course)
    theme = "textual-dark"
    reduced_motion = false
    welcomed = true
    # lrs = "https://lrs.example.edu/xAPI/statements"  # only when the learner agreed to send
    ask_confidence = true          # optional: ask "how sure are you?" (absent: as the track has it)

    [last_activity]                # what "continue" reopens (optional)
    kind = "lesson"                # "lesson" (with lesson and page) or "quiz" (with pack)
    lesson = "what-is-metastatic-cancer"
    page = "naming"
    when = 2026-11-24T14:02:51+00:00

    [answer_log]                   # how far this summary has taken in the answer log
    size = 1234
    last = "5d0f0e2a-6c4b-4d3e-8a1f-2b9c7e6d5a40"

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
    # taken_back = ["spread-routes"]  # only when a wrong answer was taken back, not yet given again

    attempts = [                   # the last 20, oldest first; the last four only once finished
      { id = "20261124T140251-3fa2", mode = "quiz", pack_version = "1.0.0", started = 2026-11-24T14:02:51+00:00, answered = 5, finished = 2026-11-24T14:06:10+00:00, correct = 4, total = 5, percent = 80, passed = true },
    ]

    [questions.what-is-metastatic-cancer]        # Progress.questions[pack id][question id]
    naming-rule = { seen = 3, correct = 2, hints_used = 1, last_correct = true, last_answered = 2026-11-24T14:03:00+00:00, last_answer = "Metastatic colon cancer", lesson = "what-is-metastatic-cancer", section = "naming", review = { due = 2026-11-26T14:03:00+00:00, state = "review", stability = 2.3065, difficulty = 2.1181 } }

    [end]                          # always last: the end marker
    # learnmeta writes this last: a file without it was cut short.
    complete = true

``review`` is the question's spaced-review (FSRS) state: when it is next ``due``; ``state`` is
"learning", "review" or "relearning"; ``step`` (learning steps only), ``stability`` and
``difficulty`` are FSRS's own numbers. The review's last date is ``last_answered``.

``[learner]`` ``id`` is the learner's id: a random UUID (version 4) given when the file is
created, and to a file written before ids existed at its next save (it came within schema version
1: an additive change). It never changes, not even with a reset, and it is how the class report
and every export tell learners apart (never by their name, which two people can share); it says
nothing about who the learner is. A file without one (not saved since) is told apart by its
content in the report (see :func:`learnmeta.instructor.results.learner_id`).

Every answer itself is in the answer log beside the file (``<stem>.answers.jsonl``, see
:mod:`learnmeta.progress.answerlog`): one record per answer with ``when`` it was given, the
``pack`` id and pack ``version``, the ``question`` id, the ``response`` text (as ``last_answer``,
at most 200 characters), whether it was ``correct``, the ``hints`` used, the ``attempt`` id (when
the answer was part of an attempt), the learner's ``confidence`` (how sure they said they were:
1 not sure, 2 fairly sure, 3 sure; absent when not said; old files may hold 0 to 100),
``overruled = true`` when the learner said "I was right" about an answer marked not right (it
then counts as ``correct``; see the log's ``overrule`` records), ``given_again = true`` when it
was given after the learner took back (undo) a wrong answer to the same question, having seen
its feedback, with no answer to the question counted between them (in the same sitting or any
later one, in any mode: the pack's ``taken_back`` keeps the questions waiting for one; so a
score or a class report shows that an answer was changed after its feedback; an answer recorded
before learnmeta kept this has no ``given_again`` and reads as not given again), and its own
``id``; they are :class:`HistoryEntry` records. An answer taken back (an ``undo`` record) counts
as never given. So this file stays small whatever the learner does, and
starting the app never reads the answers. A question removed from its pack (see
``ProgressStore.sync_packs``) loses its ``[questions]`` line, but its answers stay in the log: they
are a record of what was done.

A file from before the log kept the most recent 2,000 answers here, as ``[history]``
``answers = [...]`` (one inline table per answer, oldest first). Such a file still loads (they
are :attr:`Progress.history`), and its first save moves them to the log and writes the file
without them (:meth:`learnmeta.progress.store.ProgressStore.save`); a file without
``[history]`` loads with an empty history. Both changes are additive, so ``schema_version``
stays 1.

``[answer_log]`` says how far this summary has taken in the answer log beside the file
(``<stem>.answers.jsonl``, see :mod:`learnmeta.progress.answerlog`, where every answer is
appended before the summary is saved): ``size`` is the log's size in bytes and ``last`` the id of
the last record counted here. When they differ from the log (the app was stopped between the two
writes), the store applies the records after ``last`` when it next opens the file. The table came
within schema version 1 (additive).

``[end]`` ``complete = true`` is the end marker: learnmeta writes it last, after everything else,
so a file that was cut short (a copy or a sync that stopped part way, a disk that filled up
outside learnmeta) lacks it, even when what is left is still valid TOML. A file without it is
never trusted as it is: the store moves it aside unchanged, uses the backup if that is complete,
and otherwise keeps what can be read of it, and tells the learner either way (see
:mod:`learnmeta.progress.store`). The marker came within schema version 1 (``schema_version``
stays 1): the only files written without it were made by development builds on the day it was
added, and the store handles them as possibly cut short, so nothing in them is lost.

Reading is strict: ``[learner]`` must be there, and a value of the wrong type anywhere (a number
where a time belongs, such as ``saved = 20``; a string where a count belongs; ``1`` for ``true``)
makes the file unreadable, never silently converted or replaced by a default. Unknown keys do
no harm: this version ignores them, and the store writes them back at every save (see
:class:`learnmeta.progress.fileformat.Unknown`), so fields a newer learnmeta adds within schema
version 1 survive an older one.

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
import uuid
from dataclasses import field
from typing import Annotated, Any, Literal

from learnmeta.checks import CONFIG_IGNORE, STRICT, After, Bool, Int, bounds, doc, size, text_form, too_long
from learnmeta.content.text import clean_text, has_hidden_characters
from learnmeta.record import RECORD, Record

SCHEMA_VERSION = 1
"""The progress format this release reads and writes."""

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A progress file larger than this is not parsed (tomllib has no size limit of its own)."""

END_TABLE = "end"
"""The table a progress file ends with (:data:`learnmeta.progress.fileformat.END`)."""

MAX_ATTEMPTS_KEPT = 20
"""Attempts kept per pack; the totals count every attempt."""

MAX_ANSWER_CHARS = 200
"""The last answer (and each answer in the history) is kept to this many characters."""

UTC = dt.timezone.utc


def utc_seconds(value: dt.datetime) -> dt.datetime:
    """The same moment in UTC, to the whole second (what the file can hold)."""
    return value.astimezone(UTC).replace(microsecond=0)


def _require_aware(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is UTC and not value.microsecond and type(value) is dt.datetime:
        return value  # already what utc_seconds makes (as every time the file holds: at start, 4,000 for 1,000 questions)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a time needs a UTC offset, e.g. 2026-11-24T13:31:08+00:00")
    try:
        return utc_seconds(value)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first moment Python can hold
        raise ValueError(f"the time {value.isoformat()} is out of range in UTC") from None


UtcTime = Annotated[dt.datetime, STRICT, After(_require_aware)]
"""A timezone-aware time, stored in UTC to the second."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: str) -> str:
    if value.isascii() and value.isprintable():  # nothing to clean (the usual answer: read quickly)
        return value
    return _SURROGATE.sub("\ufffd", clean_text(value))


MAX_NAME_CHARS = 100


def new_learner_id() -> str:
    """A new random learner id (a UUID4, as text)."""
    return str(uuid.uuid4())


def _learner_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError("a learner id is a UUID, such as 0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10") from None


def _name(value: str) -> str:
    """A learner's name: one line, cleaned, then at most 100 characters (so spaces and hidden
    characters that cleaning removes never count towards the limit)."""
    value = " ".join(_clean(value).split())
    if len(value) > MAX_NAME_CHARS:
        raise too_long(MAX_NAME_CHARS)
    return value


def clean_answer(value: str) -> str:
    """An answer as the file keeps it: control characters removed, at most 200 characters."""
    return _clean(value)[:MAX_ANSWER_CHARS]


MAX_VISIT_QUESTIONS = 200
"""The most questions "My questions for my next visit" keeps (a list to take to one visit)."""
MAX_VISIT_QUESTION_CHARS = 500


def _visit_question(value: str) -> str:
    """A question on the learner's list: one line, cleaned, 1 to 500 characters."""
    value = " ".join(_clean(value).split())
    if not value:
        raise ValueError("a question needs some words")
    if len(value) > MAX_VISIT_QUESTION_CHARS:
        raise too_long(MAX_VISIT_QUESTION_CHARS)
    return value


_KEY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _key(value: str) -> str:
    """An id as a key: refused when it holds a control or invisible character (an id reaches
    screens, reports and the record store; one from a hand-edited file or a planted answer log
    must not carry terminal escapes there). Packs' and lessons' own ids never hold any."""
    if value.isascii() and value.isprintable():  # no control or invisible character can be there
        return value
    if _KEY_CONTROL.search(value) or has_hidden_characters(value):
        raise ValueError("an id cannot hold control or invisible characters")
    return value


MAX_COUNT = 1_000_000_000
"""The most any count in the file holds (seen, right, hints...): a hand-edited file cannot put
numbers there that no learner makes and that screens and reports would carry."""
TOML_INT_LIMIT = 2**63
"""TOML's whole numbers are 64-bit, from -2**63 to 2**63 - 1; tomli reads larger ones (``0x`` and
4,000 digits), which Python will not write back (more than 4,300 digits): every save failed."""
MAX_HINTS_PER_ANSWER = 100
"""The most hints one answer counts (a question has at most 5)."""

Key = Annotated[str, text_form(min_length=1, max_length=200), After(_key)]
"""An id used as a key (lesson, page, pack, question, section): no control or invisible characters."""
Name = Annotated[str, After(_name)]
VisitText = Annotated[str, After(_visit_question)]
LearnerId = Annotated[str, text_form(min_length=32, max_length=45), After(_learner_id)]
Answer = Annotated[str, After(clean_answer)]
Version = Annotated[str, text_form(max_length=40)]
Count = Annotated[int, STRICT, bounds(ge=0, le=MAX_COUNT)]
Percent = Annotated[int, STRICT, bounds(ge=0, le=100)]


def to_table(record: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record as a TOML table, in field order, with the records inside it (in lists and tables
    too) as tables and ``None`` values left out (TOML has no null)."""
    return {
        name: _plain(value)
        for name in record.__dataclass_fields__
        if name not in exclude and (value := getattr(record, name)) is not None
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return to_table(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class ProgressRecord(Record):
    """Every progress record: a dataclass (``@RECORD``, see :mod:`learnmeta.record`) whose fields
    are named when it is made. pydantic checks it only when a file is read (or a part of one
    read back after writing): see :mod:`learnmeta.checks`."""

    __slots__ = ()
    __pydantic_config__ = CONFIG_IGNORE  # unknown keys are ignored: a hand-added line does no harm


@RECORD
class Settings(ProgressRecord):
    """``[learner]``: who this is and how they like the app."""

    id: LearnerId | None = None
    """The learner id (see the module's notes): given by the store, never by the learner."""
    name: Name | None = None
    track: Literal["self", "course"] = "self"
    theme: Annotated[str, text_form(min_length=1, max_length=60)] = "textual-dark"
    reduced_motion: Bool = False
    welcomed: Bool = False
    lrs: Annotated[str, text_form(min_length=1, max_length=1000)] | None = None
    """The course's Learning Record Store that the learner agreed to send their answers to
    (its statements address), or None: nothing is sent (see :mod:`learnmeta.instructor.outbox`).
    Only the address: the user name and password are never stored."""
    lrs_declined: Annotated[str, text_form(min_length=1, max_length=1000)] | None = None
    """The address the learner said no to (so they are not asked again for it)."""
    ask_confidence: Bool | None = None
    """Ask "how sure are you?" before checking an answer; None: as the track has it (asked on
    the course track, not on the self-study track)."""


@RECORD
class LastActivity(ProgressRecord):
    """``[last_activity]``: where "continue" takes the learner."""

    kind: Literal["lesson", "quiz"]
    lesson: Key | None = None
    page: Key | None = None
    pack: Key | None = None
    when: UtcTime


@RECORD
class LessonProgress(ProgressRecord):
    """``[lessons.<lesson id>]``."""

    pages_seen: list[Key] = field(default_factory=list)
    page_count: Count = 0
    last_page: Key | None = None
    last_visited: UtcTime | None = None
    completed: UtcTime | None = None


MAX_EXAM_ANSWER_ITEMS = 20
"""The most items an exam answer holds (choice ids ticked, items in order, pairs matched)."""


def _exam_text(value: str) -> str:
    if len(value) > MAX_ANSWER_CHARS:
        raise too_long(MAX_ANSWER_CHARS)
    return _clean(value)


ExamText = Annotated[str, STRICT, After(_exam_text)]
ExamAnswer = Annotated[
    Bool | ExamText | Annotated[list[ExamText], size(max_length=MAX_EXAM_ANSWER_ITEMS)]
    | Annotated[dict[ExamText, ExamText], size(max_length=MAX_EXAM_ANSWER_ITEMS)],
    doc("An exam answer"),
]
"""One exam answer not submitted yet, as the quiz engine's response (see
:mod:`learnmeta.quiz.exam`): a choice id or typed text, true or false, the choice ids ticked or
the items in order (a list), or the pairs matched (a table). The exam checks each against its
question when it carries on, and drops any that does not fit."""


@RECORD
class Attempt(ProgressRecord):
    """One of ``[packs.<pack id>]`` ``attempts``: a quiz started, and how it ended.

    Optional fields, written only when they apply: ``seed`` and ``questions`` for a pack with a
    question pool (``draw``): the seed of the draw and the ids of the questions drawn, in the
    order asked; ``exam = true`` for an exam, with its ``time_limit_minutes`` (counted from
    ``started``) and ``exam_answers`` (question id -> answer), the answers saved as they are
    given and kept until the exam is submitted, when they are recorded like any answer, with
    ``exam_confidence`` (question id -> 1 not sure, 2 fairly sure, 3 sure) for those the learner
    said how sure they were of; ``taken_back``: the questions whose wrong answer in this attempt
    the learner took back (undo), so that an answer given again, even after the quiz was left and
    carried on, is marked ``given_again`` (absent when none, and in files from before it), with
    ``taken_back_sure`` (question id -> 1 not sure, 2 fairly sure, 3 sure) for those whose wrong
    answer said how sure: one never answered again in the attempt still counts in its sureness
    figures and certainty-based marking as it was given (a question left unanswered scores 0,
    more than a wrong answer given as fairly sure or sure); ``given_again``: for a finished whole
    quiz, how many answers its results said were given again after a wrong one was taken back."""

    id: Key
    mode: Annotated[str, text_form(min_length=1, max_length=40)] = "quiz"
    pack_version: Version = ""
    started: UtcTime
    answered: Count = 0
    finished: UtcTime | None = None
    correct: Count | None = None
    total: Count | None = None
    percent: Percent | None = None
    passed: Bool | None = None
    seed: Annotated[str, text_form(min_length=1, max_length=64)] | None = None
    questions: Annotated[list[Key], size(max_length=20_000)] | None = None
    exam: Bool | None = None
    time_limit_minutes: Annotated[int, STRICT, bounds(ge=1, le=600)] | None = None
    exam_answers: dict[Key, ExamAnswer] | None = None
    exam_confidence: dict[Key, Annotated[int, STRICT, bounds(ge=1, le=3)]] | None = None
    taken_back: Annotated[list[Key], size(max_length=20_000)] | None = None
    taken_back_sure: dict[Key, Annotated[int, STRICT, bounds(ge=1, le=3)]] | None = None
    given_again: Count | None = None
    """A finished whole quiz: how many answers its results said were given again after a wrong
    one was taken back (undo), so that Past results say the same (a quiz carried on counts the
    answers to its questions since it started, which its own answers need not all be). Absent
    when none, and in files from before it was kept: Past results then count the attempt's own."""


@RECORD
class PackProgress(ProgressRecord):
    """``[packs.<pack id>]``: the pack's version, totals and the last attempts."""

    version: Version = ""
    attempts_total: Count = 0
    finished_total: Count = 0
    passed_total: Count = 0
    best_percent: Percent | None = None
    attempts: list[Attempt] = field(default_factory=list)
    taken_back: Annotated[list[Key], size(max_length=20_000)] | None = None
    """The pack's questions whose latest answer was a wrong one the learner took back (undo)
    after its feedback, which showed the right answer: the next answer to one, whenever and
    wherever it is given (a quiz, a knowledge check, practice, a review), is marked
    ``given_again`` and the question leaves this list. Absent when none (and in files from
    before it was kept)."""


ReviewStateName = Literal["learning", "review", "relearning"]


@RECORD
class ReviewState(ProgressRecord):
    """``review = {...}``: a question's FSRS scheduling state."""

    due: UtcTime
    state: ReviewStateName = "learning"
    step: Annotated[int, STRICT, bounds(ge=0, lt=TOML_INT_LIMIT)] | None = None  # fsrs copes with any (see tests)
    stability: Annotated[float, STRICT, bounds(gt=0, allow_inf_nan=False)] | None = None
    difficulty: Annotated[float, STRICT, bounds(allow_inf_nan=False)] | None = None


@RECORD
class QuestionProgress(ProgressRecord):
    """``[questions.<pack id>]`` ``<question id> = {...}``: one question's record."""

    seen: Count = 0
    correct: Count = 0
    hints_used: Count = 0
    last_correct: Bool | None = None
    last_answered: UtcTime | None = None
    last_answer: Answer = ""
    lesson: Key | None = None
    section: Key | None = None
    review: ReviewState | None = None
    last_confidence: Annotated[int, STRICT, bounds(ge=1, le=3)] | None = None
    """How sure the learner said they were of the latest answer (1 not sure to 3 sure; absent
    when not said). Sure and not right: review offers the page that teaches it first."""


@RECORD
class HistoryEntry(ProgressRecord):
    """One answer, as it was given: a record of the answer log (and of an old file's
    ``[history]`` ``answers``)."""

    when: UtcTime
    pack: Key
    version: Version = ""
    question: Key
    response: Answer = ""
    correct: Bool
    hints: Annotated[int, STRICT, bounds(ge=0, le=MAX_HINTS_PER_ANSWER)] = 0
    attempt: Key | None = None
    confidence: Annotated[int, STRICT, bounds(ge=0, le=100)] | None = None
    id: Key | None = None
    """The answer's id in the answer log (a random UUID; see :mod:`learnmeta.progress.answerlog`)."""
    overruled: Bool | None = None
    """True when the learner said "I was right" (an ``overrule`` record): it counts as right."""
    given_again: Bool | None = None
    """True when the learner gave this answer after taking back (``undo``) a wrong answer to the
    same question (one they had said was right, "I was right", too: it was marked wrong, with
    the right answer shown), having seen its feedback, with no answer to it counted in between (in the same
    sitting or a later one: see :attr:`PackProgress.taken_back`); absent otherwise, and in files
    from before it was kept."""


@RECORD
class AnswerLogState(ProgressRecord):
    """``[answer_log]``: how far the summary has taken in the answer log beside the file."""

    size: Count = 0
    """The log's size in bytes after the last record the summary reflects."""
    last: Key | None = None
    """The id of that record."""


@RECORD
class History(ProgressRecord):
    """``[history]`` of a file from before the answer log: its most recent answers, oldest first
    (read, moved to the log at the first save, never written)."""

    answers: list[HistoryEntry] = field(default_factory=list)


@RECORD
class VisitQuestion(ProgressRecord):
    """One question on the learner's list for their healthcare team."""

    text: VisitText
    asked: Bool = False
    lesson: Key | None = None
    """The lesson that suggested it; None for a question the learner wrote."""


@RECORD
class Visit(ProgressRecord):
    """``[visit]``: "My questions for my next visit", in the learner's own order (at most
    :data:`MAX_VISIT_QUESTIONS`)."""

    questions: list[VisitQuestion] = field(default_factory=list)


@RECORD
class Progress(ProgressRecord):
    """The whole progress file."""

    schema_version: Int = SCHEMA_VERSION
    created: UtcTime | None = None
    saved: UtcTime | None = None
    saved_by: Annotated[str, text_form(max_length=60)] = ""
    learner: Settings = field(default_factory=Settings)
    last_activity: LastActivity | None = None
    lessons: dict[Key, LessonProgress] = field(default_factory=dict)
    packs: dict[Key, PackProgress] = field(default_factory=dict)
    questions: dict[Key, dict[Key, QuestionProgress]] = field(default_factory=dict)
    """pack id -> question id -> record."""
    history: History = field(default_factory=History)
    answer_log: AnswerLogState | None = None
    visit: Visit = field(default_factory=Visit)
