"""Turning a :class:`~learnmeta.progress.model.Progress` into TOML text and back.

The writer is small and made for this one format (tomli-w writes times with a space instead of
the ISO ``T`` and cannot write one question per line): one ``key = value`` per line for the
learner and lessons, then one section per pack (``[packs.<id>]`` with one line per attempt, then
``[questions.<id>]`` with one line per answered question). The answers themselves are not in it:
they go to the answer log beside it (:mod:`learnmeta.progress.answerlog`), so the file stays
small however many answers a learner gives. A file from before the log may still hold them
(``[history]`` ``answers``): they are read (:attr:`Progress.history`) and handed to the log at the
file's first save, never written here again. The very last thing written is the end marker,
:data:`END` (``[end]`` ``complete = true``): a file that parses as TOML but was cut short at a
line end lacks it, and :func:`loads` refuses such a file (:class:`IncompleteFileError`) instead
of taking it as a smaller progress.

Each part (:func:`dump_head`, :func:`dump_pack_table`, and each question's line from
:func:`dump_question`) is TOML that reads back on its own, under table names no other part uses,
so the file is simply their concatenation. That lets the store rewrite and re-check only what
changed: whatever is written is parsed back, validated and compared with what was meant
(:func:`check_head`, :func:`check_pack_table`, :func:`check_question`) before it is saved.

The reader never lets a bad file escape as anything but :class:`ProgressFileError`, whose
``reason`` is a plain sentence for the learner. It is strict: a value of the wrong type anywhere
(``saved = 20``, ``seen = "3"``, ``welcomed = 1``) makes the whole file unreadable, never a silent
default or conversion. Only :func:`salvage`, used when there is no good backup, is lenient: it
keeps what can be read of a damaged file and drops the rest.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

from learnmeta import checks
from learnmeta.progress.model import (
    SCHEMA_VERSION,
    UTC,
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
    to_table,
)

MAX_FILE_BYTES = 64 * 1024 * 1024
"""A progress file larger than this is not parsed (tomllib has no size limit of its own)."""

HEADER = (
    "# learnmeta progress: what one learner has read and answered.\n"
    "# Plain TOML; times are ISO 8601 in UTC. learnmeta rewrites this file after every answer\n"
    "# and keeps the previous copy beside it (.bak). Close learnmeta before editing it.\n"
)


class ProgressFileError(Exception):
    """A progress file that cannot be used; ``reason`` says why, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class IncompleteFileError(ProgressFileError):
    """The file lacks the end marker (:data:`END`): it was cut short, so it may be missing data."""

    def __init__(self) -> None:
        super().__init__(
            "it was cut short (the end that learnmeta always writes, [end], is missing), so some "
            "of your progress may be missing from it"
        )


class NewerVersionError(ProgressFileError):
    """The file was written by a newer learnmeta (a higher ``schema_version``)."""

    def __init__(self, version: int, progress: Progress | None, saved_by: str | None = None) -> None:
        super().__init__(
            f"it was saved by a newer version of learnmeta (format {version}; this one reads "
            f"format {SCHEMA_VERSION})"
        )
        self.version = version
        self.progress = progress
        """What could be read of it with this version's models, or None."""
        self.saved_by = saved_by
        """Its ``saved_by`` text (``"learnmeta 0.3.0"``), if it has one; from the file, unchecked."""


# ------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _string(value: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


class _Exact:
    """A value from the file that this version does not know: written back as it was read."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _exact(value: Any) -> str:
    """A value as TOML, exactly as tomllib gave it (times keep their offset or have none; dates,
    times of day, inf and nan are written as TOML writes them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if value != value else ("inf" if value > 0 else "-inf")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_exact(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_exact(v)}" for k, v in value.items()) + " }"
    return _value(value)


def _value(value: Any) -> str:
    if isinstance(value, _Exact):
        return _exact(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write the number {value!r}")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("cannot write a time without a UTC offset")
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write a value of type {type(value).__name__}")


def _lines(table: dict[str, Any]) -> list[str]:
    return [f"{_key(k)} = {_value(v)}" for k, v in table.items()]


def _with(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``table`` with the keys this version does not know added back, to be written as read."""
    if not extra:
        return table
    return {**table, **{key: _Exact(value) for key, value in extra.items()}}


# ------------------------------------------------------------------------------------------
# Keys this version does not know
# ------------------------------------------------------------------------------------------

_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = frozenset(getattr(kind, "__dataclass_fields__"))
    return names


def _extra(table: Any, kind: type) -> dict[str, Any]:
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
    found.top = _extra(raw, Progress)
    found.top.pop(END_TABLE, None)
    tables = found.tables
    kinds: tuple[tuple[str, type], ...] = (
        ("learner", Settings), ("last_activity", LastActivity), ("history", History),
        ("answer_log", AnswerLogState), ("visit", Visit),
    )
    for name, kind in kinds:
        if extra := _extra(raw.get(name), kind):
            tables[(name,)] = extra
    kinds = (("lessons", LessonProgress), ("packs", PackProgress))
    for name, kind in kinds:
        group = raw.get(name)
        if isinstance(group, dict):
            for key, table in group.items():
                if extra := _extra(table, kind):
                    tables[(name, key)] = extra
    records = found.records
    for pack_id, table in (raw.get("packs") or {}).items():
        for attempt in table.get("attempts") or [] if isinstance(table, dict) else []:
            if (extra := _extra(attempt, Attempt)) and isinstance(attempt.get("id"), str):
                records[("attempt", pack_id, attempt["id"])] = extra
    for pack_id, questions in (raw.get("questions") or {}).items():
        for question_id, record in questions.items() if isinstance(questions, dict) else ():
            if extra := _extra(record, QuestionProgress):
                records[("question", pack_id, question_id)] = extra
            if isinstance(record, dict) and (extra := _extra(record.get("review"), ReviewState)):
                records[("review", pack_id, question_id)] = extra
    answers = (raw.get("history") or {}).get("answers")
    if isinstance(answers, list) and len(answers) == len(progress.history.answers):
        for entry, item in zip(progress.history.answers, answers):
            if extra := _extra(item, HistoryEntry):
                found.history[id(entry)] = (entry, extra)
    return found


def _same(read: dict[str, Any], meant: dict[str, Any]) -> bool:
    """Whether the unknown keys read back are the ones written (compared as TOML text, so that
    nan equals nan and the order of the keys does not matter)."""
    return _exact(dict(sorted(read.items()))) == _exact(dict(sorted(meant.items())))


def dump_head(progress: Progress, unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """The start of the file: format, learner, last activity, lessons and the learner's questions
    for their next visit (with the keys this
    version does not know: top-level ones after ``saved_by``, top-level tables last)."""
    data = to_table(progress, exclude=("packs", "questions", "history"))
    out: list[str] = [HEADER]
    top: dict[str, Any] = {k: data[k] for k in ("schema_version", "created", "saved", "saved_by") if k in data}
    out.extend(_lines(_with(top, {k: v for k, v in unknown.top.items() if not isinstance(v, dict)})))
    out.append("\n[learner]")
    out.extend(_lines(_with(data.get("learner", {}), unknown.table("learner"))))
    if "last_activity" in data:
        out.append("\n[last_activity]")
        out.extend(_lines(_with(data["last_activity"], unknown.table("last_activity"))))
    if "answer_log" in data:
        out.append("\n[answer_log]")
        out.extend(_lines(_with(data["answer_log"], unknown.table("answer_log"))))
    for lesson_id, lesson in data.get("lessons", {}).items():
        out.append(f"\n[lessons.{_key(lesson_id)}]")
        out.extend(_lines(_with(lesson, unknown.table("lessons", lesson_id))))
    visit = data.get("visit", {})
    extra = unknown.table("visit")
    if visit.get("questions") or extra:
        out.append("\n[visit]")
        out.extend(_lines(_with({}, extra)))
        out.append("questions = [")
        out.extend(f"  {_value(item)}," for item in visit.get("questions", []))
        out.append("]")
    for name, table in unknown.top.items():
        if isinstance(table, dict):
            out.append(f"\n[{_key(name)}]")
            out.extend(_lines(_with({}, table)))
    out.append("")
    return "\n".join(out)


def pack_ids(progress: Progress) -> list[str]:
    """Every pack the file has something about, in order."""
    return list(dict.fromkeys([*progress.packs, *progress.questions]))


def dump_pack_table(progress: Progress, pack_id: str, unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """``[packs.<id>]`` with its attempts, one per line ("" if the pack has no such table)."""
    pack = progress.packs.get(pack_id)
    if pack is None:
        return ""
    data = to_table(pack)
    attempts = data.pop("attempts", [])
    out = [f"\n[packs.{_key(pack_id)}]", *_lines(_with(data, unknown.table("packs", pack_id))), "attempts = ["]
    out.extend(
        f"  {_value(_with(attempt, unknown.record('attempt', pack_id, attempt['id'])))},"
        for attempt in attempts
    )
    out.append("]\n")
    return "\n".join(out)


def questions_header(pack_id: str) -> str:
    return f"\n[questions.{_key(pack_id)}]\n"


def dump_question(
    question_id: str, question: QuestionProgress, unknown: Unknown = NOTHING_UNKNOWN, pack_id: str = ""
) -> str:
    """One answered question: a single line, ``<id> = { ... }``."""
    table = to_table(question)
    if unknown:
        table = _with(table, unknown.record("question", pack_id, question_id))
        if "review" in table:
            table["review"] = _with(table["review"], unknown.record("review", pack_id, question_id))
    return f"{_key(question_id)} = {_value(table)}\n"


def dump_history(unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """``[history]`` with the keys this version does not know ("" when there are none). The
    answers themselves live in the answer log (:mod:`learnmeta.progress.answerlog`): a file that
    still holds ``answers`` (from before the log) hands them to the log at its first save."""
    extra = {key: value for key, value in unknown.table("history").items() if key != "answers"}
    if not extra:
        return ""
    return "\n[history]\n" + "".join(f"{line}\n" for line in _lines(_with({}, extra)))


END_TABLE = "end"
END = "\n[end]\n# learnmeta writes this last: a file without it was cut short.\ncomplete = true\n"
"""The end marker: always the last table of the file, after everything else (TOML needs it to be
a table after the others, so it can only be last if it is written last)."""


Chunks = dict[str, tuple[str, dict[str, str] | None]]
"""pack id -> (its ``[packs.<id>]`` text, question id -> its line, or None without ``[questions.<id>]``)."""


def file_parts(progress: Progress) -> tuple[str, Chunks]:
    """The parts of the file written for ``progress``: its start and each pack's text (what
    :func:`assemble` joins; the store keeps them to reuse)."""
    chunks: Chunks = {}
    for pack_id in pack_ids(progress):
        records = progress.questions.get(pack_id)
        lines = None if records is None else {qid: dump_question(qid, r) for qid, r in records.items()}
        chunks[pack_id] = (dump_pack_table(progress, pack_id), lines)
    return dump_head(progress), chunks


def assemble(head: str, chunks: Chunks, unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """The whole file from its parts, in order, ending with :data:`END`."""
    parts = [head]
    for pack_id, (table, lines) in chunks.items():
        parts.append(table)
        if lines is not None:
            parts.append(questions_header(pack_id))
            parts.extend(lines.values())
    parts.append(dump_history(unknown))
    parts.append(END)  # last: a file cut short lacks it
    return "".join(parts)


def dumps(progress: Progress) -> str:
    """The TOML text of ``progress`` (None values are left out), ending with :data:`END`."""
    return assemble(*file_parts(progress))


def _ends_with_marker(data: bytes) -> bool:
    """Quick test: the last lines that are not blank or comments are ``[end]``, ``complete = true``."""
    lines = [
        b" ".join(line.split())
        for line in data[-4096:].splitlines()
        if line.strip() and not line.lstrip().startswith(b"#")
    ]
    return lines[-2:] == [b"[end]", b"complete = true"]


def is_complete(data: bytes) -> bool:
    """Whether ``data`` is a whole progress file this version can load (end marker included).

    Quick for what learnmeta wrote itself (the marker is on its last lines); anything else is
    loaded in full to decide.
    """
    if _ends_with_marker(data):
        return True
    try:
        loads(data)
    except ProgressFileError:
        return False
    return True


def prepare_checks() -> None:
    """Make the checks the ``check_*`` functions and the reader use. Those of
    :mod:`learnmeta.fastcheck` cover every valid record, so pydantic is not imported for them
    (it was, about 100 ms of processor time just after the first frame): only a record they
    leave to pydantic builds pydantic's validator, when it comes."""
    from learnmeta import fastcheck
    from learnmeta.progress.model import Settings

    for kind in (Progress, PackProgress, QuestionProgress, HistoryEntry, Settings):
        if not fastcheck.prepare(kind):
            checks.adapter(kind)


def check_head(text: str, progress: Progress, unknown: Unknown = NOTHING_UNKNOWN) -> None:
    """Raise ValueError unless ``text`` (from :func:`dump_head`) reads back as ``progress``'s head."""
    from learnmeta import tomlread

    raw = tomlread.loads(text)
    if "packs" in raw or "questions" in raw or "history" in raw:
        raise ValueError("the start of the file holds pack data or history")
    back = checks.validate(Progress, raw)
    for name in ("schema_version", "created", "saved", "saved_by", "learner", "last_activity", "answer_log", "lessons",
                 "visit"):
        if getattr(back, name) != getattr(progress, name):
            raise ValueError(f"'{name}' does not read back the same")
    read = unknown_keys(raw, back)
    meant = {
        where: extra
        for where, extra in unknown.tables.items()
        if where in (("learner",), ("visit",))
        or (where == ("last_activity",) and progress.last_activity is not None)
        or (where == ("answer_log",) and progress.answer_log is not None)
        or (where[0] == "lessons" and where[1] in progress.lessons)
    }
    if not _same(read.top, unknown.top) or read.tables.keys() != meant.keys() or any(
        not _same(read.tables[where], extra) for where, extra in meant.items()
    ):
        raise ValueError("the start of the file does not keep the keys this version does not know")


def check_pack_table(text: str, progress: Progress, pack_id: str, unknown: Unknown = NOTHING_UNKNOWN) -> None:
    """Raise ValueError unless ``text`` (from :func:`dump_pack_table`) reads back the same."""
    from learnmeta import tomlread

    raw = tomlread.loads(text)
    if set(raw) - {"packs"} or set(raw.get("packs", {})) - {pack_id}:
        raise ValueError(f"pack '{pack_id}' does not read back on its own")
    pack = raw.get("packs", {}).get(pack_id)
    back = None if pack is None else checks.validate(PackProgress, pack)
    if back != progress.packs.get(pack_id):
        raise ValueError(f"pack '{pack_id}' does not read back the same")
    if back is not None and unknown:
        attempts = {a.get("id"): a for a in pack.get("attempts", []) if isinstance(a, dict)}
        if not _same(_extra(pack, PackProgress), unknown.table("packs", pack_id)) or any(
            not _same(_extra(attempts.get(a.id), Attempt), unknown.record("attempt", pack_id, a.id))
            for a in back.attempts
        ):
            raise ValueError(f"pack '{pack_id}' does not keep the keys this version does not know")


def check_question(
    line: str, question_id: str, question: QuestionProgress, unknown: Unknown = NOTHING_UNKNOWN, pack_id: str = ""
) -> None:
    """Raise ValueError unless ``line`` (from :func:`dump_question`) reads back as ``question``.

    A line that reads back alone reads back the same under its ``[questions.<id>]`` header: its
    key is a single bare or quoted key, never a dotted one.
    """
    from learnmeta import tomlread

    raw = tomlread.loads(line)
    if list(raw) != [question_id] or checks.validate(QuestionProgress, raw[question_id]) != question:
        raise ValueError(f"question '{question_id}' does not read back the same")
    if unknown:
        record = raw[question_id]
        review = _extra(record.get("review"), ReviewState) if question.review is not None else {}
        meant_review = unknown.record("review", pack_id, question_id) if question.review is not None else {}
        if not _same(_extra(record, QuestionProgress), unknown.record("question", pack_id, question_id)) or not _same(
            review, meant_review
        ):
            raise ValueError(f"question '{question_id}' does not keep the keys this version does not know")


# ------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------


def _printable(text: str, limit: int = 300) -> str:
    """``text`` (which may name a key from the file) with each character that is not printable
    written as its code (``\\x1b``): a hand-edited key never reaches a screen as an escape."""
    shown = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" if ord(char) < 256
                    else f"\\u{ord(char):04x}" for char in text[:limit])
    return shown + ("..." if len(text) > limit else "")


def _first_error(error: ValidationError) -> str:
    try:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))
    except Exception:  # pragma: no cover - defensive
        return "its contents are not in the expected shape"


def parse(data: bytes) -> dict[str, Any]:
    """Bytes -> the raw TOML table, or :class:`ProgressFileError`."""
    from learnmeta import tomlread

    if not data.strip():
        raise ProgressFileError("it is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ProgressFileError(f"it is too large to be a progress file ({len(data) // (1024 * 1024)} MiB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProgressFileError("it is not a text file (it is not valid UTF-8)") from None
    try:
        return tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        raise ProgressFileError(f"it is not valid TOML ({error})") from None
    except RecursionError:
        raise ProgressFileError("it is not valid TOML (it is nested too deeply)") from None


def from_table(raw: dict[str, Any]) -> Progress:
    """A parsed TOML table -> :class:`Progress`, or :class:`ProgressFileError`.

    Strict: the end marker and ``[learner]`` must be there, and every value must have its own
    type (a number is never taken as a time, a string never as a number). A valid file is checked
    without pydantic (:mod:`learnmeta.fastcheck`), which is imported only for one that is not."""
    if not raw:  # only comments: the start of a file (they all begin with HEADER) and no more
        raise IncompleteFileError()
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProgressFileError("it has no schema_version number, so it is not a learnmeta progress file")
    if version > SCHEMA_VERSION:
        try:
            partial = checks.validate(Progress, {**raw, "schema_version": SCHEMA_VERSION})
        except (RecursionError, ValueError):  # pydantic's ValidationError is a ValueError
            partial = None
        saved_by = raw.get("saved_by")
        raise NewerVersionError(version, partial, saved_by[:60] if isinstance(saved_by, str) else None)
    if version < 1:
        raise ProgressFileError(f"its schema_version ({version}) is not one learnmeta ever wrote")
    end = raw.get(END_TABLE)
    if not (isinstance(end, dict) and end.get("complete") is True):
        raise IncompleteFileError()
    if not isinstance(raw.get("learner"), dict):
        raise ProgressFileError("it has no [learner] table, so part of it is missing")
    try:
        return checks.validate(Progress, raw)
    except (RecursionError, ValueError, TypeError) as error:
        from pydantic import ValidationError

        shown = _printable(_first_error(error) if isinstance(error, ValidationError) else str(error))
        raise ProgressFileError(f"part of it is not in the expected shape ({shown})") from None


def loads(data: bytes) -> Progress:
    """Bytes of a progress file -> :class:`Progress`, or :class:`ProgressFileError`."""
    return from_table(parse(data))


def loads_keeping_unknown(data: bytes) -> tuple[Progress, Unknown]:
    """Like :func:`loads`, with the keys this version does not know (:class:`Unknown`)."""
    raw = parse(data)
    progress = from_table(raw)
    return progress, unknown_keys(raw, progress)


def read_progress(path: str | Path) -> Progress:
    """Read one progress file (for tools such as ``learnmeta report``); never changes it.

    Raises :class:`ProgressFileError` (with a plain ``reason``) for any file that cannot be used,
    including one that cannot be opened.
    """
    from learnmeta.files import FileProblem, read_bounded

    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except FileProblem as problem:
        if problem.code == "not-found":
            raise ProgressFileError("the file does not exist") from None
        if problem.code == "is-directory":
            raise ProgressFileError("it is a folder, not a file") from None
        raise ProgressFileError(f"it could not be opened ({problem.reason})") from None
    except OSError as error:
        raise ProgressFileError(f"it could not be opened ({error.strerror or error})") from None
    try:
        return loads(data)
    except NewerVersionError:
        raise
    except ProgressFileError:
        why_not = not_progress_shape(data)  # a pack named by mistake is not "cut short"
        if why_not is not None:
            raise ProgressFileError(f"it is not a learnmeta progress file ({why_not})") from None
        raise


_PROGRESS_MARK = re.compile(
    rb"(?m)^[ \t]*(?:# learnmeta progress|saved_by[ \t]*=|\[[ \t]*(?:learner|end|last_activity)[ \t]*\])"
)


def not_progress_shape(data: bytes) -> str | None:
    """Why ``data`` (a file that did not load) is no progress file at all, or None if it is one,
    perhaps damaged: blank, or with a part that only progress files have (the header comment
    learnmeta writes, ``saved_by``, ``[learner]``, ``[last_activity]``, ``[end]``).

    A question pack, a lesson, a glossary, any other TOML or a file that is not TOML has none of
    them: the store must then neither move it aside nor write over it.
    """
    from learnmeta import tomlread

    if not data.strip() or _PROGRESS_MARK.search(data[:MAX_FILE_BYTES]):
        return None
    if len(data) <= MAX_FILE_BYTES:
        try:
            raw = tomlread.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, tomlread.TOMLDecodeError, RecursionError):
            raw = None
        if raw is not None:
            if isinstance(raw.get("learner"), dict) or isinstance(raw.get(END_TABLE), dict) or "saved_by" in raw:
                return None
            if isinstance(raw.get("pack"), dict) or isinstance(raw.get("questions"), list):
                return "it looks like a question pack"
            if isinstance(raw.get("terms"), list):
                return "it looks like a glossary"
            return "it is TOML, but it has no [learner] table and no [end], so it is some other file"
    if data.lstrip().startswith((b"+++", b"---")):
        return "it looks like a lesson"
    return "it is not TOML and has nothing of a progress file in it"


# ------------------------------------------------------------------------------------------
# Salvaging what can be read of a damaged file
# ------------------------------------------------------------------------------------------

MAX_SALVAGE_TRIES = 200
"""Prefixes of a damaged file tried by :func:`salvage` (each is parsed once)."""


def _parse_longest_prefix(text: str) -> dict[str, Any] | None:
    """The longest start of ``text`` that parses as TOML, cut at a line end.

    Tried in turn: the whole text; without its last line (a cut mid-line); then cut before each
    table header, from the last up. Each of these is also tried with ``]`` added, which closes a
    many-line array (attempts, history) cut between two of its one-line items.
    """
    from learnmeta import tomlread

    lines = text.splitlines(keepends=True)
    cuts = [len(lines), len(lines) - 1]
    cuts += [n for n in range(len(lines) - 1, -1, -1) if lines[n].startswith("[")]
    tried = 0
    for cut in dict.fromkeys(c for c in cuts if c >= 0):
        prefix = "".join(lines[:cut])
        if prefix and not prefix.endswith("\n"):
            prefix += "\n"
        for candidate in (prefix, prefix + "]\n"):
            tried += 1
            if tried > MAX_SALVAGE_TRIES:
                return None
            try:
                return tomlread.loads(candidate)
            except (tomlread.TOMLDecodeError, RecursionError):
                continue
    return None


def _drop_invalid(raw: dict[str, Any], errors: Sequence[Mapping[str, Any]]) -> bool:
    """Remove from ``raw`` the smallest part holding each error; False if nothing could be."""
    targets: dict[int, tuple[Any, set[Any]]] = {}
    for error in errors:
        container: Any = raw
        parent: Any = None
        key: str | int | None = None
        for part in error.get("loc", ()):
            if isinstance(container, dict) and isinstance(part, str) and part in container:
                parent, key, container = container, part, container[part]
            elif isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container):
                parent, key, container = container, part, container[part]
            else:
                break  # a missing key or a validator's tag: drop what holds it
        if parent is None:
            return False
        targets.setdefault(id(parent), (parent, set()))[1].add(key)
    for parent, keys in targets.values():
        for key in sorted(keys, key=lambda k: (isinstance(k, int), k), reverse=True):
            del parent[key]
    return bool(targets)


def salvage(data: bytes) -> Progress | None:
    """What can be read of a damaged progress file, or None if nothing can.

    Lenient, for when there is no good backup: the longest start of the file that parses, with
    every value that does not validate left out (a record missing a required value is left out
    whole). Only a file that says ``schema_version = 1`` is salvaged.
    """
    from pydantic import ValidationError

    if len(data) > MAX_FILE_BYTES:
        return None
    raw = _parse_longest_prefix(data.decode("utf-8-sig", errors="replace"))
    if raw is None:
        return None
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        return None
    raw.pop(END_TABLE, None)
    for _ in range(50):
        try:
            return checks.validate(Progress, raw)
        except ValidationError as error:
            if not _drop_invalid(raw, error.errors()):
                return None
        except (RecursionError, ValueError, TypeError):
            return None
    return None
