"""The keys of a progress file that this version does not know (:class:`Unknown`), found when
the file is read (:func:`unknown_keys`) so that every save writes them back: fields are added
within a schema version, and an older learnmeta must never delete what a newer one wrote.
"""

from __future__ import annotations

from typing import Any

from learnmeta.progress.model import (
    END_TABLE,
    TOML_INT_LIMIT,
    AnswerLogState,
    Attempt,
    History,
    HistoryEntry,
    LastActivity,
    LessonProgress,
    PackProgress,
    Progress,
    QuestionProgress,
    ReviewState,
    Settings,
    Visit,
)
from learnmeta.progress.tomltext import exact_text

_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = frozenset(getattr(kind, "__dataclass_fields__"))
    return names


def extra_keys(table: Any, kind: type) -> dict[str, Any]:
    """The keys of ``table`` (a record of ``kind`` as read) that ``kind`` does not have."""
    if not isinstance(table, dict):
        return {}
    known = _fields(kind)
    if not table.keys() - known:
        return {}
    return {key: value for key, value in table.items() if key not in known}


class Unknown:
    """The keys of a progress file that this version does not know, by where they were, so that
    saving writes them back: fields are added within a schema version, and an older learnmeta
    must never delete what a newer one wrote. Kept: top-level keys and tables; keys in
    ``[learner]``, ``[last_activity]``, ``[answer_log]``, ``[lessons.<id>]``, ``[packs.<id>]``,
    ``[history]``; and in each attempt, question record (and its ``review``); an old file's history
    answers take theirs to the answer log. They stay with their table or record when this version
    changes it (a question answered again keeps them); a record this version drops (an attempt
    past the last 20, a question removed from its pack) takes its keys with it. A file restored from its backup or salvaged
    keeps none: the damaged file, kept aside unchanged, still has them.
    """

    __slots__ = ("top", "tables", "records", "history")

    def __init__(self) -> None:
        self.top: dict[str, Any] = {}
        self.tables: dict[tuple[str, ...], dict[str, Any]] = {}
        """("learner",), ("last_activity",), ("lessons", id), ("packs", id), ("history",) -> keys."""
        self.records: dict[tuple[str, ...], dict[str, Any]] = {}
        """("attempt", pack id, attempt id), ("question", pack id, question id), ("review", ...) -> keys."""
        self.history: dict[int, tuple[HistoryEntry, dict[str, Any]]] = {}
        """id(entry) -> (the history entry, its keys); the entry is kept so its id stays its own."""

    def __bool__(self) -> bool:
        return bool(self.top or self.tables or self.records or self.history)

    def table(self, *where: str) -> dict[str, Any]:
        return self.tables.get(where, {})

    def record(self, *where: str) -> dict[str, Any]:
        return self.records.get(where, {})

    def entry(self, entry: HistoryEntry) -> dict[str, Any]:
        found = self.history.get(id(entry))
        return found[1] if found is not None and found[0] is entry else {}


NOTHING_UNKNOWN = Unknown()


def unknown_keys(raw: dict[str, Any], progress: Progress) -> Unknown:
    """What ``raw`` (a parsed progress file that loaded as ``progress``) holds that this version
    does not know (see :class:`Unknown`)."""
    found = Unknown()
    found.top = extra_keys(raw, Progress)
    found.top.pop(END_TABLE, None)
    tables = found.tables
    kinds: tuple[tuple[str, type], ...] = (
        ("learner", Settings), ("last_activity", LastActivity), ("history", History),
        ("answer_log", AnswerLogState), ("visit", Visit),
    )
    for name, kind in kinds:
        if extra := extra_keys(raw.get(name), kind):
            tables[(name,)] = extra
    kinds = (("lessons", LessonProgress), ("packs", PackProgress))
    for name, kind in kinds:
        group = raw.get(name)
        if isinstance(group, dict):
            for key, table in group.items():
                if extra := extra_keys(table, kind):
                    tables[(name, key)] = extra
    records = found.records
    for pack_id, table in (raw.get("packs") or {}).items():
        for attempt in table.get("attempts") or [] if isinstance(table, dict) else []:
            if (extra := extra_keys(attempt, Attempt)) and isinstance(attempt.get("id"), str):
                records[("attempt", pack_id, attempt["id"])] = extra
    for pack_id, questions in (raw.get("questions") or {}).items():
        for question_id, record in questions.items() if isinstance(questions, dict) else ():
            if extra := extra_keys(record, QuestionProgress):
                records[("question", pack_id, question_id)] = extra
            if isinstance(record, dict) and (extra := extra_keys(record.get("review"), ReviewState)):
                records[("review", pack_id, question_id)] = extra
    answers = (raw.get("history") or {}).get("answers")
    if isinstance(answers, list) and len(answers) == len(progress.history.answers):
        for entry, item in zip(progress.history.answers, answers):
            if extra := extra_keys(item, HistoryEntry):
                found.history[id(entry)] = (entry, extra)
    return found


def same(read: dict[str, Any], meant: dict[str, Any]) -> bool:
    """Whether the unknown keys read back are the ones written (compared as TOML text, so that
    nan equals nan and the order of the keys does not matter)."""
    return exact_text(dict(sorted(read.items()))) == exact_text(dict(sorted(meant.items())))


DEEPEST_UNKNOWN = 32
"""The deepest a value this version does not know may nest (lists and tables in one another).
Nothing learnmeta writes nests more than six deep; the writer and the check that reads each part
back are recursive (a value nested 400 deep read, but could never be written back: every save
then failed)."""


def unwritable(found: Unknown) -> str | None:
    """Why a key this version does not know could not be written back as it was read (``where:
    what``), or None. TOML's whole numbers are 64-bit, but tomli reads any (``0x`` and 4,000
    digits), and Python will not write one of more than 4,300 digits; and values nested very
    deep are refused (:data:`DEEPEST_UNKNOWN`). Either made every save fail, for good."""
    places: list[tuple[str, dict[str, Any]]] = [("", found.top)]
    places += [(".".join(where) + ".", extra) for where, extra in found.tables.items()]
    for (kind, pack_id, record_id), extra in found.records.items():
        prefix = {"attempt": f"packs.{pack_id}.attempts.{record_id}.", "question": f"questions.{pack_id}.{record_id}.",
                  "review": f"questions.{pack_id}.{record_id}.review."}.get(kind, "")
        places.append((prefix, extra))
    places += [("history.answers.", extra) for _, extra in found.history.values()]
    for prefix, extra in places:
        for key, value in extra.items():
            stack = [(value, 1)]
            while stack:
                item, depth = stack.pop()
                if isinstance(item, (list, dict)):
                    if depth > DEEPEST_UNKNOWN:
                        return f"{prefix}{key}: nested more than {DEEPEST_UNKNOWN} deep"
                    stack.extend((each, depth + 1) for each in (item.values() if isinstance(item, dict) else item))
                elif isinstance(item, int) and not isinstance(item, bool) and not -TOML_INT_LIMIT <= item < TOML_INT_LIMIT:
                    return f"{prefix}{key}: a whole number larger than a TOML file may hold"
    return None
