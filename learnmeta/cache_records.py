"""The start-up cache's records as plain JSON values, and back, with every value checked.

:mod:`learnmeta.cache` stores the checked library and each learner's progress as JSON. A cache
file is untrusted data like any other file (it may have been planted, damaged or written by
another version), so rebuilding records from it is done here by explicit code: each record class
below has a fixed list of fields, each field a fixed kind (text, id, whole number in a range,
true/false, date, time, one of some words, a list, a table, another record). A value of the
wrong kind, an unknown or missing key, a number out of range, a time without UTC: anything at
all that is wrong raises :class:`Bad`, and the cache is ignored. Only the classes named here are
ever made, by calling them; nothing in the file names a class or a function.

Text is cleaned of control characters again as it is read (:func:`learnmeta.content.text.clean_text`):
text that cleaning would change, or that holds lone surrogates (which JSON can carry), makes the
whole cache file refused. Nothing from the cache reaches a widget uncleaned, and the cache never
holds anything but what the files themselves give.

When a record class gains or loses a field, its list here must follow (a test compares them).
Until it does, records of that class are neither written nor read: the cache is not used,
which costs speed, never correctness.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from typing import Any, Callable, get_args

from learnmeta.content import models as m
from learnmeta.content.errors import Problem
from learnmeta.content.library import Library
from learnmeta.content.text import INVISIBLE_EXTRA, clean_text
from learnmeta.progress import model as p


class Bad(ValueError):
    """A cache value that is not what this version writes."""


Load = Callable[[Any], Any]
Dump = Callable[[Any], Any]
Kind = tuple[Load, Dump]

_SURROGATE = re.compile("[\ud800-\udfff]")
_DRAWN_INVISIBLE = re.compile(f"[{INVISIBLE_EXTRA}]")
"""The characters cleaning removes that Python counts as printable (letters and marks that draw
nothing: the Hangul fillers, the combining grapheme joiner...)."""
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_UTC = dt.timezone.utc
_ZERO = dt.timedelta(0)


# ---------------------------------------------------------------------------------------------
# Kinds of value
# ---------------------------------------------------------------------------------------------


def _clean(value: Any) -> str:
    """Text as learnmeta's own cleaning leaves it. Text that cleaning would change (control
    characters, lone surrogates) is not what learnmeta writes: the whole cache is refused, so
    the files are read again and checked as usual (never a cache that differs from them)."""
    if type(value) is not str:
        raise Bad("not text")
    if value.isprintable() and (value.isascii() or not _DRAWN_INVISIBLE.search(value)):
        return value  # the common case; newlines, controls and surrogates are not printable
    if _SURROGATE.search(value) or clean_text(value) != value:
        raise Bad("text with control characters")
    return value


def _key(value: Any) -> str:
    value = _clean(value)
    if not value:
        raise Bad("an empty key")
    return value


def _id(value: Any) -> str:
    if type(value) is not str or not _ID.fullmatch(value):
        raise Bad("not an id")
    return value


def _raw_text(value: Any) -> str:
    """Text kept as it is (the progress file's own text, checked against the file itself)."""
    if type(value) is not str:
        raise Bad("not text")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Bad("not true or false")
    return value


def _dump_text(value: Any) -> str:
    if type(value) is not str:
        raise Bad("not text")
    return value


def _dump_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Bad("not true or false")
    return value


def text(longest: int, shortest: int = 1) -> Kind:
    """Text of ``shortest`` to ``longest`` characters, as the models bound it (see :func:`_clean`)."""

    def load(value: Any) -> str:
        value = _clean(value)
        if not shortest <= len(value) <= longest:
            raise Bad("text too long or too short")
        return value

    return load, _dump_text


TEXT: Kind = (_clean, _dump_text)
KEY: Kind = (_key, _dump_text)
ID: Kind = (_id, _dump_text)
RAW: Kind = (_raw_text, _dump_text)
BOOL: Kind = (_bool, _dump_bool)


def whole(low: int | None = None, high: int | None = None) -> Kind:
    """A whole number (not true or false) from ``low`` to ``high``."""

    def check(value: Any) -> int:
        if type(value) is not int or (low is not None and value < low) or (high is not None and value > high):
            raise Bad("not a whole number in range")
        return value

    return check, check


def number(above: float | None = None) -> Kind:
    """A finite decimal number (above ``above``)."""

    def load(value: Any) -> float:
        if type(value) is not float or not math.isfinite(value) or (above is not None and value <= above):
            raise Bad("not a number in range")
        return value

    return load, load


def words(*allowed: str) -> Kind:
    """One of these words."""
    choices = frozenset(allowed)

    def check(value: Any) -> str:
        if type(value) is not str or value not in choices:
            raise Bad("not one of the words allowed")
        return value

    return check, check


def _load_date(value: Any) -> dt.date:
    if type(value) is not str or len(value) != 10:
        raise Bad("not a date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Bad("not a date") from None


def _dump_date(value: Any) -> str:
    if type(value) is not dt.date:
        raise Bad("not a date")
    return value.isoformat()


def _load_time(value: Any) -> dt.datetime:
    if type(value) is not str or len(value) > 40:
        raise Bad("not a time")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Bad("not a time") from None
    if moment.tzinfo is None or moment.utcoffset() != _ZERO:
        raise Bad("not a time in UTC")
    return moment.replace(tzinfo=_UTC)


def _dump_time(value: Any) -> str:
    if type(value) is not dt.datetime or value.tzinfo is None or value.utcoffset() != _ZERO:
        raise Bad("not a time in UTC")
    return value.isoformat()


DATE: Kind = (_load_date, _dump_date)
TIME: Kind = (_load_time, _dump_time)


def optional(kind: Kind) -> Kind:
    load, dump = kind
    return (lambda v: None if v is None else load(v)), (lambda v: None if v is None else dump(v))


def list_of(kind: Kind, shortest: int = 0, longest: int | None = None) -> Kind:
    """A list of ``shortest`` to ``longest`` items (as the models bound them)."""
    load, dump = kind

    def load_list(value: Any) -> list:
        if type(value) is not list or len(value) < shortest or (longest is not None and len(value) > longest):
            raise Bad("not a list of the right length")
        return [load(item) for item in value]

    def dump_list(value: Any) -> list:
        if type(value) is not list:
            raise Bad("not a list")
        return [dump(item) for item in value]

    return load_list, dump_list


def set_of(kind: Kind) -> Kind:
    load, dump = kind

    def load_set(value: Any) -> set:
        if type(value) is not list:
            raise Bad("not a list")
        return {load(item) for item in value}

    def dump_set(value: Any) -> list:
        if type(value) is not set:
            raise Bad("not a set")
        return sorted(dump(item) for item in value)

    return load_set, dump_set


def table_of(key: Kind, kind: Kind) -> Kind:
    """A table (JSON object) whose keys are text."""
    load_key, dump_key = key
    load, dump = kind

    def load_table(value: Any) -> dict:
        if type(value) is not dict:
            raise Bad("not a table")
        return {load_key(k): load(v) for k, v in value.items()}

    def dump_table(value: Any) -> dict:
        if type(value) is not dict:
            raise Bad("not a table")
        return {dump_key(k): dump(v) for k, v in value.items()}

    return load_table, dump_table


_FIELDS_CHECKED: dict[type, bool] = {}
FIELDS: dict[type, tuple[str, ...]] = {}
"""Each record class made here -> the fields stored for it (a test checks they are its fields)."""


def _fields_match(cls: type, names: tuple[str, ...]) -> bool:
    """Whether ``names`` are exactly the fields of ``cls`` (worked out once per class)."""
    known = _FIELDS_CHECKED.get(cls)
    if known is None:
        known = _FIELDS_CHECKED[cls] = set(names) == {f.name for f in dataclasses.fields(cls)}
    return known


def record(cls: type, *fields: tuple[str, Kind]) -> Kind:
    """A record of ``cls`` (made with these fields, then checked by its own ``__post_init__``),
    stored as a JSON object with exactly these keys."""
    names = tuple(name for name, _ in fields)
    FIELDS[cls] = names
    keys = frozenset(names)
    loads = tuple((name, kind[0]) for name, kind in fields)
    dumps = tuple((name, kind[1]) for name, kind in fields)

    post_init = getattr(cls, "__post_init__", None)
    new = object.__new__

    def load(value: Any) -> Any:
        if type(value) is not dict or value.keys() != keys or not _fields_match(cls, names):
            raise Bad(f"not a {cls.__name__}")
        # What the dataclass's __init__ does when every field is given (set each field, then
        # __post_init__), without its per-field __setattr__: about half the time of a load.
        made: Any = new(cls)
        made.__dict__.update({name: load_field(value[name]) for name, load_field in loads})
        if post_init is not None:
            try:
                post_init(made)
            except Exception as error:  # the class's own checks refused it
                raise Bad(f"{cls.__name__}: {error}") from None
        return made

    def dump(value: Any) -> dict:
        if value.__class__ is not cls or not _fields_match(cls, names):
            raise Bad(f"not a {cls.__name__}")
        return {name: dump_field(getattr(value, name)) for name, dump_field in dumps}

    return load, dump


def tagged(tag: str, choices: dict[str, Kind], classes: dict[type, Kind]) -> Kind:
    """One of several records, told apart by the value of their ``tag`` field."""

    def load(value: Any) -> Any:
        kind = choices.get(value.get(tag)) if type(value) is dict and type(value.get(tag)) is str else None  # type: ignore[arg-type]  # a str: checked just before
        if kind is None:
            raise Bad("not one of the kinds allowed")
        return kind[0](value)

    def dump(value: Any) -> Any:
        kind = classes.get(value.__class__)
        if kind is None:
            raise Bad("not one of the kinds allowed")
        return kind[1](value)

    return load, dump


# ---------------------------------------------------------------------------------------------
# Content (learnmeta.content.models) and the library
# ---------------------------------------------------------------------------------------------

SHORT = text(200)
TEXT_2000 = text(2000)
SOURCE = record(m.Source, ("title", SHORT), ("url", optional(text(500))), ("publisher", optional(SHORT)))
SCHEMA_VERSION = whole(1, m.SCHEMA_VERSION)
SITE = words(*get_args(m.BodySite))
SPREAD = record(
    m.SpreadPattern,
    ("primary", SHORT),
    ("sites", list_of(SITE, 1, 9)),
    ("source", optional(SOURCE)),
    ("site_names", table_of(SITE, SHORT)),
)
KNOWLEDGE_CHECK = record(m.KnowledgeCheck, ("pack", ID), ("questions", list_of(ID, 1, 20)))
LESSON_META = record(
    m.LessonMeta,
    ("schema_version", SCHEMA_VERSION),
    ("id", ID),
    ("title", SHORT),
    ("order", whole(0, 10_000)),
    ("purpose", TEXT_2000),
    ("estimated_minutes", whole(1, 600)),
    ("key_points", list_of(TEXT_2000, 1, 20)),
    ("what_you_can_do", list_of(TEXT_2000, 0, 20)),
    ("sources", list_of(SOURCE, 1, 20)),
    ("reviewed", DATE),
    ("knowledge_check", optional(KNOWLEDGE_CHECK)),
    ("spread_patterns", list_of(SPREAD, 0, 40)),
)
PAGE = record(m.Page, ("id", ID), ("title", SHORT), ("body", text(6000, 0)), ("line", whole(0)), ("trainee", BOOL))
_LESSON = record(m.Lesson, ("meta", LESSON_META), ("pages", list_of(PAGE, 1, 60)), ("path", TEXT))


def _unique(ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise Bad(f"{what} used twice")


def _load_lesson(value: Any) -> m.Lesson:
    """A lesson, whose page ids are its own (as loading its file makes sure)."""
    lesson = _LESSON[0](value)
    _unique([page.id for page in lesson.pages], "a page id")
    return lesson


LESSON: Kind = (_load_lesson, _LESSON[1])
TERM = record(
    m.Term, ("term", SHORT), ("definition", TEXT_2000), ("aliases", list_of(SHORT, 0, 20)), ("source", optional(SOURCE))
)
GLOSSARY = record(m.Glossary, ("schema_version", SCHEMA_VERSION), ("terms", list_of(TERM, 1, 2000)))
CHOICE = record(
    m.Choice,
    ("id", ID),
    ("text", SHORT),
    ("correct", BOOL),
    ("feedback", optional(TEXT_2000)),
    ("misconception", optional(ID)),
)
_QUESTION_BASE = (
    ("id", ID),
    ("prompt", TEXT_2000),
    ("lesson", ID),
    ("section", ID),
    ("explanation", TEXT_2000),
    ("hints", list_of(TEXT_2000, 0, 5)),
    ("source", optional(SOURCE)),
    ("tags", list_of(ID, 0, 20)),
)
PAIR = record(m.Pair, ("left", SHORT), ("right", SHORT), ("feedback", optional(TEXT_2000)))
CHOICES = list_of(CHOICE, 2, 10)
_QUESTIONS = {
    "single": record(
        m.SingleQuestion, *_QUESTION_BASE, ("type", words("single")), ("choices", CHOICES), ("shuffle", BOOL),
        ("accept_any", BOOL),
    ),
    "multiple": record(
        m.MultipleQuestion, *_QUESTION_BASE, ("type", words("multiple")), ("choices", CHOICES), ("shuffle", BOOL)
    ),
    "true_false": record(
        m.TrueFalseQuestion,
        *_QUESTION_BASE,
        ("type", words("true_false")),
        ("answer", BOOL),
        ("feedback_true", optional(TEXT_2000)),
        ("feedback_false", optional(TEXT_2000)),
        ("misconception", optional(ID)),
    ),
    "matching": record(
        m.MatchingQuestion,
        *_QUESTION_BASE,
        ("type", words("matching")),
        ("pairs", list_of(PAIR, 2, 10)),
        ("distractors", list_of(SHORT, 0, 10)),
    ),
    "ordering": record(m.OrderingQuestion, *_QUESTION_BASE, ("type", words("ordering")), ("items", list_of(SHORT, 2, 10))),
    "short_answer": record(
        m.ShortAnswerQuestion,
        *_QUESTION_BASE,
        ("type", words("short_answer")),
        ("accepted", list_of(SHORT, 1, 20)),
        ("allow_typo", BOOL),
        ("feedback_wrong", optional(TEXT_2000)),
    ),
}
QUESTION_CLASSES: dict[type, Kind] = {
    m.SingleQuestion: _QUESTIONS["single"],
    m.MultipleQuestion: _QUESTIONS["multiple"],
    m.TrueFalseQuestion: _QUESTIONS["true_false"],
    m.MatchingQuestion: _QUESTIONS["matching"],
    m.OrderingQuestion: _QUESTIONS["ordering"],
    m.ShortAnswerQuestion: _QUESTIONS["short_answer"],
}
QUESTION = tagged("type", _QUESTIONS, QUESTION_CLASSES)
PACK_INFO = record(
    m.PackInfo,
    ("id", ID),
    ("title", SHORT),
    ("description", text(4000)),
    ("version", text(20)),
    ("language", text(40)),
    ("authors", list_of(SHORT, 1, 50)),
    ("licence", SHORT),
    ("sources", list_of(SOURCE, 1, 50)),
    ("reviewed", DATE),
    ("pass_mark", whole(0, 100)),
    ("lessons", list_of(ID, 0, 50)),
    ("mode", words("quiz", "exam")),
    ("time_limit_minutes", optional(whole(1, 600))),
    ("draw", optional(whole(1, 20_000))),
    ("draw_by_tag", table_of(ID, whole(1, 20_000))),
    ("marking", words("standard", "cbm")),
)
_PACK = record(
    m.Pack,
    ("schema_version", SCHEMA_VERSION),
    ("pack", PACK_INFO),
    ("questions", list_of(QUESTION, 1, 20_000)),
    ("misconceptions", table_of(ID, TEXT_2000)),
)


def _load_pack(value: Any) -> m.Pack:
    """A pack with the file it came from (``Pack.path`` is not a field)."""
    if type(value) is not dict or value.keys() != {"path", "pack"}:
        raise Bad("not a pack")
    pack = _PACK[0](value["pack"])
    _unique([question.id for question in pack.questions], "a question id")
    object.__setattr__(pack, "path", _clean(value["path"]))
    return pack


def _dump_pack(pack: m.Pack) -> dict:
    return {"path": _dump_text(pack.path), "pack": _PACK[1](pack)}


PACK: Kind = (_load_pack, _dump_pack)
PROBLEM = record(
    Problem,
    ("path", TEXT),
    ("message", TEXT),
    ("line", optional(whole(0))),
    ("question", optional(TEXT)),
    ("field", optional(TEXT)),
    ("severity", words("error", "warning")),
    ("code", TEXT),
)
_LIBRARY = record(
    Library,
    ("lessons", list_of(LESSON)),
    ("glossary", optional(GLOSSARY)),
    ("packs", list_of(PACK)),
    ("problems", list_of(PROBLEM)),
    ("files", list_of(TEXT)),
    ("broken_pack_ids", set_of(ID)),
)




def _load_library(value: Any) -> Library:
    """The library, whose lesson ids and pack ids are unique (as loading leaves them)."""
    library = _LIBRARY[0](value)
    _unique([lesson.id for lesson in library.lessons], "a lesson id")
    _unique([pack.id for pack in library.packs], "a pack id")
    return library


LIBRARY: Kind = (_load_library, _LIBRARY[1])


# ---------------------------------------------------------------------------------------------
# Progress (learnmeta.progress.model)
# ---------------------------------------------------------------------------------------------

COUNT = whole(0)
PERCENT = whole(0, 100)
P_KEY = text(200)
VERSION = text(40, 0)
ANSWER = text(p.MAX_ANSWER_CHARS, 0)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _learner_id(value: Any) -> str:
    """A learner id as the progress model leaves it (``str(uuid.UUID(...))``: lower case, dashed)."""
    if type(value) is not str or not _UUID.fullmatch(value):
        raise Bad("not a learner id")
    return value


LEARNER_ID: Kind = (_learner_id, _dump_text)
SETTINGS = record(
    p.Settings,
    ("id", optional(LEARNER_ID)),
    ("name", optional(text(p.MAX_NAME_CHARS, 0))),
    ("track", words("self", "course")),
    ("theme", text(60)),
    ("reduced_motion", BOOL),
    ("welcomed", BOOL),
    ("lrs", optional(text(1000))),
    ("lrs_declined", optional(text(1000))),
    ("ask_confidence", optional(BOOL)),
)
LAST_ACTIVITY = record(
    p.LastActivity,
    ("kind", words("lesson", "quiz")),
    ("lesson", optional(P_KEY)),
    ("page", optional(P_KEY)),
    ("pack", optional(P_KEY)),
    ("when", TIME),
)
LESSON_PROGRESS = record(
    p.LessonProgress,
    ("pages_seen", list_of(P_KEY)),
    ("page_count", COUNT),
    ("last_page", optional(P_KEY)),
    ("last_visited", optional(TIME)),
    ("completed", optional(TIME)),
)
_EXAM_TEXT = text(p.MAX_ANSWER_CHARS, 0)


def _load_exam_answer(value: Any) -> Any:
    """An exam answer as the model bounds it: true/false, text, a list of text, a table of text."""
    if type(value) is bool:
        return value
    if type(value) is str:
        return _EXAM_TEXT[0](value)
    if type(value) is list and len(value) <= p.MAX_EXAM_ANSWER_ITEMS:
        return [_EXAM_TEXT[0](item) for item in value]
    if type(value) is dict and len(value) <= p.MAX_EXAM_ANSWER_ITEMS:
        return {_EXAM_TEXT[0](k): _EXAM_TEXT[0](v) for k, v in value.items()}
    raise Bad("not an exam answer")


EXAM_ANSWER: Kind = (_load_exam_answer, _load_exam_answer)
ATTEMPT = record(
    p.Attempt,
    ("id", P_KEY),
    ("mode", text(40)),
    ("pack_version", VERSION),
    ("started", TIME),
    ("answered", COUNT),
    ("finished", optional(TIME)),
    ("correct", optional(COUNT)),
    ("total", optional(COUNT)),
    ("percent", optional(PERCENT)),
    ("passed", optional(BOOL)),
    ("seed", optional(text(64))),
    ("questions", optional(list_of(P_KEY, 0, 20_000))),
    ("exam", optional(BOOL)),
    ("time_limit_minutes", optional(whole(1, 600))),
    ("exam_answers", optional(table_of(P_KEY, EXAM_ANSWER))),
    ("exam_confidence", optional(table_of(P_KEY, whole(1, 3)))),
    ("taken_back", optional(list_of(P_KEY, 0, 20_000))),
    ("taken_back_sure", optional(table_of(P_KEY, whole(1, 3)))),
    ("given_again", optional(COUNT)),
)
PACK_PROGRESS = record(
    p.PackProgress,
    ("version", VERSION),
    ("attempts_total", COUNT),
    ("finished_total", COUNT),
    ("passed_total", COUNT),
    ("best_percent", optional(PERCENT)),
    ("attempts", list_of(ATTEMPT)),
    ("taken_back", optional(list_of(P_KEY, 0, 20_000))),
)
REVIEW = record(
    p.ReviewState,
    ("due", TIME),
    ("state", words("learning", "review", "relearning")),
    ("step", optional(COUNT)),
    ("stability", optional(number(above=0.0))),
    ("difficulty", optional(number())),
)
QUESTION_PROGRESS = record(
    p.QuestionProgress,
    ("seen", COUNT),
    ("correct", COUNT),
    ("hints_used", COUNT),
    ("last_correct", optional(BOOL)),
    ("last_answered", optional(TIME)),
    ("last_answer", ANSWER),
    ("lesson", optional(P_KEY)),
    ("section", optional(P_KEY)),
    ("review", optional(REVIEW)),
    ("last_confidence", optional(whole(1, 3))),
)
HISTORY_ENTRY = record(
    p.HistoryEntry,
    ("when", TIME),
    ("pack", P_KEY),
    ("version", VERSION),
    ("question", P_KEY),
    ("response", ANSWER),
    ("correct", BOOL),
    ("hints", COUNT),
    ("attempt", optional(P_KEY)),
    ("confidence", optional(whole(0, 100))),
    ("id", optional(P_KEY)),
    ("overruled", optional(BOOL)),
    ("given_again", optional(BOOL)),
)
ANSWER_LOG = record(p.AnswerLogState, ("size", COUNT), ("last", optional(P_KEY)))
HISTORY = record(p.History, ("answers", list_of(HISTORY_ENTRY)))
VISIT_QUESTION = record(
    p.VisitQuestion,
    ("text", text(p.MAX_VISIT_QUESTION_CHARS)),
    ("asked", BOOL),
    ("lesson", optional(P_KEY)),
)
VISIT = record(p.Visit, ("questions", list_of(VISIT_QUESTION)))
PROGRESS = record(
    p.Progress,
    ("schema_version", whole(1, p.SCHEMA_VERSION)),
    ("created", optional(TIME)),
    ("saved", optional(TIME)),
    ("saved_by", text(60, 0)),
    ("learner", SETTINGS),
    ("last_activity", optional(LAST_ACTIVITY)),
    ("lessons", table_of(P_KEY, LESSON_PROGRESS)),
    ("packs", table_of(P_KEY, PACK_PROGRESS)),
    ("questions", table_of(P_KEY, table_of(P_KEY, QUESTION_PROGRESS))),
    ("history", HISTORY),
    ("answer_log", optional(ANSWER_LOG)),
    ("visit", VISIT),
)
_LINES = table_of(KEY, RAW)


def _load_chunk(value: Any) -> tuple[str, dict[str, str] | None]:
    if type(value) is not list or len(value) != 2:
        raise Bad("not a pack's text")
    table, lines = value
    return _raw_text(table), None if lines is None else _LINES[0](lines)


def _dump_chunk(value: Any) -> list:
    table, lines = value
    return [_raw_text(table), None if lines is None else _LINES[1](lines)]


CHUNK: Kind = (_load_chunk, _dump_chunk)
PROGRESS_PARTS = table_of(KEY, CHUNK)
"""pack id -> [its ``[packs.<id>]`` text, question id -> its line (or null)]: the store's parts."""
