"""The answer log: every answer a learner gives, one record per line, in a file beside the progress file.

The progress file (``<name>.toml``) is a summary: counts, each question's latest answer and its
next review. Every answer itself goes to ``<name>.answers.jsonl`` beside it (:func:`log_path`),
appended and fsynced before the summary is saved, and never rewritten: the log only grows, so a
crash can cut short at most the record being written. It is JSON Lines (one JSON object per
line, UTF-8, data only), in the order the records were written::

    {"kind":"log","format":1,"learner":"0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"}
    {"kind":"answer","id":"5d0f...","when":"2026-11-24T14:03:00+00:00","pack":"what-is-metastatic-cancer","version":"1.0.0","question":"naming-rule","response":"Liver cancer","correct":false,"hints":1,"attempt":"20261124T140251-3fa2"}
    {"kind":"overrule","id":"9a1c...","answer":"5d0f...","when":"2026-11-24T14:03:09+00:00"}
    {"kind":"undo","id":"77b2...","answer":"5d0f...","when":"2026-11-24T14:03:12+00:00"}

* ``log``: the first line of a log, with its ``format`` (1) and the learner id of the progress
  file it belongs to (so a log handed in beside the wrong file is noticed).
* ``answer``: one answer, with every field of :class:`~learnmeta.progress.model.HistoryEntry`
  (fields added there flow here as they are: :func:`encode_answer` writes every field, the
  reader checks them with the same model) and its ``id``, a random UUID that other records and
  the xAPI statements refer to.
* ``undo``: the answer ``answer`` is taken back: readers drop it (it does not count); when it
  was wrong (its feedback showed the right answer), the next answer to its question is written
  with ``given_again``.
* ``overrule``: the learner said "I was right": readers count the answer ``answer`` as right and
  mark it ``overruled``.

Records of a kind this version does not know are skipped (a newer learnmeta may add kinds), and
so are keys it does not know. Reading (:func:`read_log`) is bounded and treats the file as
untrusted: only a regular file (never through a link), at most :data:`MAX_LOG_BYTES`, each line
at most :data:`MAX_LINE_BYTES`. A last line without its line end is a record cut short by a
crash: it is dropped silently, and the next append cuts it off first (only those bytes after
the last line end, and only when they are not a whole JSON record), so it never ends up in the
middle of the log, named at every read. Any other line that does not read as a record is skipped
and named in ``problems``, never a traceback; no whole record is ever rewritten or removed.

The summary says how far it has taken in the log (``[answer_log]`` ``size`` and ``last``): when
the app was killed between the two writes, the store applies the records after ``last`` when it
next opens the file (:meth:`learnmeta.progress.store.ProgressStore.open`), so no answer is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal, Sequence, Union

from learnmeta import files
from learnmeta.progress.model import HistoryEntry, to_table
from learnmeta.record import RECORD, VALUE, Record, Value

if TYPE_CHECKING:
    from collections.abc import Iterable

LOG_SUFFIX = ".answers.jsonl"
FORMAT = 1
"""The log format this version writes (the ``log`` record's ``format``)."""
MAX_LOG_BYTES = 512 * 1024 * 1024
"""A log larger than this is not read (an answer takes about 250 bytes: some two million answers)."""
MAX_LINE_BYTES = 64 * 1024
"""A line longer than this is skipped unread (an answer's record is well under 2 KB)."""
MAX_PROBLEMS_NAMED = 5
"""How many bad lines a reader names one by one (the rest are counted)."""


def log_path(progress_path: Path) -> Path:
    """The answer log of the progress file ``progress_path``: ``<stem>.answers.jsonl`` beside it
    (``ann.toml`` -> ``ann.answers.jsonl``)."""
    name = progress_path.name
    stem = name[: -len(".toml")] if name.endswith(".toml") and len(name) > len(".toml") else name
    return progress_path.with_name(stem + LOG_SUFFIX)


def new_id() -> str:
    """A new record id: a random UUID (version 4), as text."""
    return str(uuid.uuid4())


@VALUE
class Mark(Value):
    """An ``undo`` or ``overrule`` record: what happened to the answer ``answer`` (its id)."""

    kind: Literal["undo", "overrule"]
    id: str
    answer: str
    when: dt.datetime | None = None


Entry = Union[HistoryEntry, Mark]
"""A record of the log that means something to a reader."""

MARK_KINDS = ("undo", "overrule")


# ------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def encode_answer(entry: HistoryEntry, extra: dict[str, Any] | None = None) -> bytes:
    """The log's line for an answer (every field of the record that is set; times in ISO 8601),
    with ``extra``: keys an old file's history answer had that this version does not know (left
    out if JSON cannot hold them)."""
    table = to_table(entry)
    record: dict[str, Any] = {"kind": "answer", "id": table.pop("id", None)}
    record.update(table)
    if record["id"] is None:
        raise ValueError("an answer needs an id to be logged")
    plain = {key: _json_value(value) for key, value in record.items()}
    if extra:
        try:
            return _line({**{key: _json_value(value) for key, value in extra.items() if key not in plain}, **plain})
        except (ValueError, TypeError, RecursionError):
            pass
    return _line(plain)


_MIGRATED = uuid.UUID("3e9b7c1a-5f2d-4a8e-9c6b-1d0f4e2a7b53")
"""The UUID v5 namespace of the ids given to the answers of a file from before the log."""


def with_ids(history: list[HistoryEntry]) -> list[HistoryEntry]:
    """The answers of an old file's ``[history]``, each with an id: its own, or one made from the
    answer and its place in the history (a UUID v5), so the same file gives the same ids every
    time (moving them to the log twice writes nothing twice). Two learners' identical answers may
    share an id: what refers to an answer from outside (an xAPI statement) names the learner too."""
    made = []
    for index, entry in enumerate(history):
        if entry.id is None:
            text = json.dumps({key: _json_value(value) for key, value in to_table(entry).items()}, sort_keys=True)
            entry = replace(entry, id=str(uuid.uuid5(_MIGRATED, f"{index}|{text}")))
        made.append(entry)
    return made


def encode_mark(mark: Mark) -> bytes:
    record: dict[str, Any] = {"kind": mark.kind, "id": mark.id, "answer": mark.answer}
    if mark.when is not None:
        record["when"] = mark.when.isoformat()
    return _line(record)


def header(learner: str | None) -> bytes:
    """The first line of a new log."""
    record: dict[str, Any] = {"kind": "log", "format": FORMAT}
    if learner:
        record["learner"] = learner
    return _line(record)


# ------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------

_ANSWER_START = b'{"kind":"answer",'


BULK_LINES = 2_000
"""A log of more lines than this is checked with pydantic's validator (about 8 µs a line here,
against some 25 for :mod:`learnmeta.fastcheck`, which spares importing pydantic: worth it for a
few lines, not for a whole class's logs)."""


def _decode_answer(line: bytes, bulk: bool = False) -> HistoryEntry:
    from learnmeta import checks

    if bulk:
        entry = checks.adapter(HistoryEntry).validate_json(line)
    else:
        entry = checks.validate_json(HistoryEntry, line)  # without pydantic where it can (fastcheck)
    if not isinstance(entry, HistoryEntry) or not entry.id:
        raise ValueError("an answer without an id")
    return entry


def _time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("a time that is not text")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time without a UTC offset")
    try:
        return moment.astimezone(dt.timezone.utc)
    except OverflowError:  # 9999-12-31T23:59-23:59 is past the last time there is
        raise ValueError("a time out of range") from None


def _id(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 200:
        raise ValueError("an id that is not text of 1 to 200 characters")
    return value


def decode(line: bytes, bulk: bool = False) -> Entry | dict[str, Any] | None:
    """One line of the log -> an answer, a :class:`Mark`, the ``log`` header (as its dict), or
    None for a record of a kind this version does not know. Raises ValueError for a line that is
    not a record (with a short reason). ``bulk``: one of many lines (see :data:`BULK_LINES`)."""
    if line.startswith(_ANSWER_START):  # what this version writes: one parse, checked by the model
        try:
            return _decode_answer(line, bulk)
        except ValueError as error:
            raise ValueError(_reason(error)) from None
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError):
        raise ValueError("it is not a JSON record") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str):
        raise ValueError("it is not a record with a kind")
    kind = raw["kind"]
    if kind == "answer":
        try:
            return _decode_answer(line, bulk)
        except ValueError as error:
            raise ValueError(_reason(error)) from None
    if kind in MARK_KINDS:
        return Mark(kind, _id(raw.get("id")), _id(raw.get("answer")), _time(raw.get("when")))
    if kind == "log":
        return raw
    return None


def _reason(error: ValueError) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            if first.get("type") == "json_invalid":
                return "it is not a JSON record"
            where = ".".join(str(part) for part in first.get("loc", ()))
            return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))
        except Exception:  # pragma: no cover - defensive
            pass
    return str(error)[:200]


@RECORD
class LogRead(Record):
    """What :func:`read_log` found in a log."""

    entries: list[Entry] = field(default_factory=list)
    """Every answer and mark, in the order written (an answer id seen twice: the first kept)."""
    learner: str | None = None
    """The learner id its ``log`` record names, if any."""
    problems: list[str] = field(default_factory=list)
    """Plain sentences naming the lines skipped (at most :data:`MAX_PROBLEMS_NAMED`, then a count)."""
    torn: bool = False
    """Its last line was cut short (a crash while appending) and was dropped."""
    size: int = 0
    """Its size in bytes when it was read."""
    newer: int | None = None
    """The format of a log written by a newer learnmeta (its records are still read), else None."""

    def answers(self, pack: str | None = None, attempt: str | None = None) -> list[HistoryEntry]:
        """The answers given, oldest first, with the marks applied (see :func:`resolve`)."""
        return resolve(self.entries, pack=pack, attempt=attempt)


def read_log(path: Path, bulk: bool | None = None) -> LogRead:
    """Read the answer log at ``path`` (an empty :class:`LogRead` when there is none). Raises
    :class:`learnmeta.files.FileProblem` when it cannot be read at all (a link, a folder, a
    device, too large, not allowed). ``bulk``: check its answers with pydantic's validator (see
    :data:`BULK_LINES`; None: when the log is large), as when many logs are read in turn."""
    try:
        lines = files.stream_lines_bounded(path, MAX_LOG_BYTES, MAX_LINE_BYTES)  # never held whole
    except files.FileProblem as problem:
        if problem.code == "not-found":
            return LogRead()
        raise
    return parse_lines(lines, path.name, bulk)


def parse_lines(lines: files.Lines, name: str = "the answer log", bulk: bool | None = None) -> LogRead:
    found = LogRead()
    seen: dict[str, Entry] = {}
    bad = 0
    if bulk is not None:
        pass
    elif isinstance(lines.lines, list):
        bulk = len(lines.lines) > BULK_LINES
    else:  # streamed (files.stream_lines_bounded): not counted beforehand; told by the size
        bulk = lines.size > BULK_LINES * 250  # about 250 bytes an answer
    for number, line in lines.lines:
        reason = None
        if line is None:
            reason = f"it is longer than {MAX_LINE_BYTES // 1024} KB"
        elif not line.strip():
            continue
        else:
            try:
                record = decode(line, bulk)
            except ValueError as error:
                reason = str(error)
            else:
                if isinstance(record, dict):
                    if found.learner is None and isinstance(record.get("learner"), str):
                        found.learner = record["learner"][:64]
                    version = record.get("format")
                    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
                        found.newer = version
                elif record is not None:
                    key = record.id or ""
                    earlier = seen.get(key)
                    if earlier is None:
                        seen[key] = record
                        found.entries.append(record)
                    elif earlier != record:  # the same record again (a write retried) is no problem
                        reason = f"its id {key[:40]} was used by an earlier record"
        if reason is not None:
            bad += 1
            if bad <= MAX_PROBLEMS_NAMED:
                found.problems.append(f"{name}, line {number}, was skipped: {reason}.")
    if bad > MAX_PROBLEMS_NAMED:
        found.problems.append(f"{name}: {bad - MAX_PROBLEMS_NAMED} more lines were skipped.")
    found.size, found.torn = lines.size, bool(lines.torn.strip())  # known once all lines are read
    return found


def resolve(entries: Iterable[Entry], pack: str | None = None, attempt: str | None = None) -> list[HistoryEntry]:
    """The answers in ``entries``, oldest first, as readers count them: an answer with an
    ``undo`` is left out; one with an ``overrule`` (and no ``undo``) counts as right and is marked
    ``overruled``. A mark naming no answer before it is ignored. With ``pack`` or ``attempt``,
    only that pack's (attempt's) answers."""
    answers: dict[str, HistoryEntry] = {}
    for entry in entries:
        if isinstance(entry, HistoryEntry):
            if entry.id is not None:
                answers.setdefault(entry.id, entry)
            continue
        target = answers.get(entry.answer)
        if target is None:
            continue
        if entry.kind == "undo":
            del answers[entry.answer]
        elif not target.correct:
            answers[entry.answer] = replace(target, correct=True, overruled=True)
    return [
        answer
        for answer in answers.values()
        if (pack is None or answer.pack == pack) and (attempt is None or answer.attempt == attempt)
    ]


@VALUE
class Change(Value):
    """What became of an answer after it was given, for tools that told others about it (the
    xAPI export, the course's outbox): ``answer`` as it was given, its ``overrule`` (if it was
    marked right) and its ``undo`` (if it was taken back), each the log's mark."""

    answer: HistoryEntry
    overrule: Mark | None = None
    undo: Mark | None = None


def changes(entries: Iterable[Entry]) -> list[Change]:
    """The answers in ``entries`` that were overruled or taken back, in the order of their first
    mark, with the marks that counted (as :func:`resolve` counts them: a mark naming no answer
    before it, an overrule of a right answer and any mark after an undo are ignored)."""
    answers: dict[str, HistoryEntry] = {}
    found: dict[str, Change] = {}
    for entry in entries:
        if isinstance(entry, HistoryEntry):
            if entry.id is not None and entry.id not in found:
                answers.setdefault(entry.id, entry)
            continue
        target = answers.get(entry.answer)
        change = found.get(entry.answer)
        if target is None or (change is not None and change.undo is not None):
            continue
        if entry.kind == "undo":
            found[entry.answer] = Change(target, change.overrule if change else None, entry)
        elif not target.correct and change is None:
            found[entry.answer] = Change(target, entry)
    return list(found.values())


STREAM_ABOVE = 8 * 1024 * 1024
"""A log larger than this (about 32,000 answers) is not read whole and kept by the readers that can
go through it (:func:`stream_answers`; the store's ``each_answer``): past results, the progress
screen and its ideas to look at again hold a bounded amount, however long the log."""

RECENT_IDS = 4096
"""How many of the last answers' ids :func:`stream_answers` remembers to tell an answer written
twice (a write retried: the records of one flush again, close together) from a new one."""


@RECORD
class Survey(Record):
    """What :func:`stream_answers` tells of a log besides its answers, once gone through."""

    learner: str | None = None
    """The learner id the log's ``log`` record names, if any."""
    other: bool = False
    """It is another learner's log (left out)."""
    changes: list[Change] = field(default_factory=list)
    """The answers overruled or taken back, as :func:`changes` gives them for the same records."""


def stream_answers(path: Path, *, before: Sequence[Entry] = (), after: Sequence[Entry] = (),
                   learner: str | None = None, keep: Callable[[HistoryEntry], bool] | None = None,
                   problems: list[str] | None = None, survey: Survey | None = None) -> Iterator[HistoryEntry]:
    """The answers :func:`resolve` gives of ``before``, the log at ``path`` and ``after`` (those that
    ``keep`` keeps), one at a time and in the same order, without holding them all: the log is
    gone through twice, line by line, first for its marks (``undo``/``overrule``: a few), then for
    its answers, each given as the marks after it leave it. What is held is the marks and the ids
    of the last :data:`RECENT_IDS` answers (an id seen again among them is the same answer written
    twice, and only the first counts, as :func:`resolve` counts it; an id used again further apart,
    which only a hand-made log has, is counted twice here). A log of another learner than
    ``learner`` is left out, as the store leaves it out. Skipped lines are named in ``problems``
    (as :func:`read_log` names them). ``survey``, when given, is filled in as the log is gone
    through (its ``changes`` once the last answer is given). Raises FileProblem (an OSError) as
    :func:`read_log` does."""
    marks: dict[str, list[tuple[int, Mark]]] = {}
    marked: dict[str, tuple[int, HistoryEntry]] = {}  # the first record of each answer a mark names

    def note(position: int, entry: Entry) -> None:
        if isinstance(entry, Mark):
            marks.setdefault(entry.answer, []).append((position, entry))

    for index, entry in enumerate(before):
        note(index - len(before), entry)
    try:
        lines = files.stream_lines_bounded(path, MAX_LOG_BYTES, MAX_LINE_BYTES)
    except files.FileProblem as problem:
        if problem.code != "not-found":
            raise
        lines = None
    last = 0
    header: str | None = None
    other = False
    if lines is not None:
        for number, line in lines.lines:
            last = number
            if line is None or line.startswith(_ANSWER_START) or not line.strip():
                continue
            try:
                record = decode(line)
            except ValueError:
                continue  # named in the second pass
            if isinstance(record, dict):
                if header is None and isinstance(record.get("learner"), str):
                    header = record["learner"][:64]
                    other = learner is not None and header != learner
                    if survey is not None:
                        survey.learner, survey.other = header, other
            elif record is not None:
                note(number, record)
    for index, entry in enumerate(after):
        note(last + 1 + index, entry)

    recent: dict[str, None] = {}

    def given(position: int, entry: HistoryEntry) -> HistoryEntry | None:
        key = entry.id
        if key is not None and key in marks and key not in marked:
            marked[key] = (position, entry)
        if key is None or key in recent:
            return None
        recent[key] = None
        if len(recent) > RECENT_IDS:
            del recent[next(iter(recent))]
        state: HistoryEntry | None = entry
        for at, mark in marks.get(key, ()):
            if at < position or state is None:
                continue
            if mark.kind == "undo":
                state = None
            elif not state.correct:
                state = replace(state, correct=True, overruled=True)
        if state is None or (keep is not None and not keep(state)):
            return None
        return state

    for index, entry in enumerate(before):
        if isinstance(entry, HistoryEntry) and (found := given(index - len(before), entry)) is not None:
            yield found
    if lines is not None and not other and last:
        again = files.stream_lines_bounded(path, MAX_LOG_BYTES, MAX_LINE_BYTES)
        bulk = lines.size > BULK_LINES * 250
        bad = 0
        for number, line in again.lines:
            if number > last:
                break  # appended since the marks were read: the next read has it
            reason = None
            if line is None:
                reason = f"it is longer than {MAX_LINE_BYTES // 1024} KB"
            elif line.strip():
                try:
                    record = decode(line, bulk)
                except ValueError as error:
                    reason = str(error)
                else:
                    if isinstance(record, HistoryEntry) and (found := given(number, record)) is not None:
                        yield found
            if reason is not None and problems is not None:
                bad += 1
                if bad <= MAX_PROBLEMS_NAMED:
                    problems.append(f"{path.name}, line {number}, was skipped: {reason}.")
        if problems is not None and bad > MAX_PROBLEMS_NAMED:
            problems.append(f"{path.name}: {bad - MAX_PROBLEMS_NAMED} more lines were skipped.")
    for index, entry in enumerate(after):
        if isinstance(entry, HistoryEntry) and (found := given(last + 1 + index, entry)) is not None:
            yield found
    if survey is not None:
        # changes() over the answers marks name and the marks, in the order they were written
        # (another learner's log: its marks count for nothing here, as its answers)
        written: list[tuple[int, int, Entry]] = [(at, 0, answer) for at, answer in marked.values()]
        written += [(at, 1, mark) for found_marks in marks.values() for at, mark in found_marks
                    if not (other and 0 < at <= last)]
        written.sort(key=lambda item: (item[0], item[1]))
        survey.changes = changes(entry for _, _, entry in written)


def answer_ids(path: Path, learner: str | None = None) -> Iterator[str]:
    """The id of every answer record in the log at ``path`` (undone ones too, each as often as it
    is written), one at a time, line by line: nothing is kept. None of a log whose ``log``
    record names another learner than ``learner`` (its first line, as a log is written). Raises
    FileProblem as :func:`read_log` does; a line that is not an answer is passed over."""
    try:
        lines = files.stream_lines_bounded(path, MAX_LOG_BYTES, MAX_LINE_BYTES)
    except files.FileProblem as problem:
        if problem.code == "not-found":
            return
        raise
    bulk = lines.size > BULK_LINES * 250
    for _, line in lines.lines:
        if line is None or not line.strip():
            continue
        try:
            record = decode(line, bulk)
        except ValueError:
            continue
        if isinstance(record, HistoryEntry) and record.id:
            yield record.id
        elif isinstance(record, dict) and learner is not None and record.get("learner") not in (None, learner):
            return  # another learner's log: none of it is this learner's


def answers(path: Path, pack: str | None = None, attempt: str | None = None) -> list[HistoryEntry]:
    """The answers in the log at ``path`` (see :func:`resolve`); raises as :func:`read_log`."""
    return read_log(path).answers(pack=pack, attempt=attempt)


# ------------------------------------------------------------------------------------------
# Appending
# ------------------------------------------------------------------------------------------


def _torn(tail: bytes) -> bool:
    """Whether the log's last line, without its line end, is a record cut short by a crash (not a
    whole JSON value): then the next append cuts it off, so it is not left in the middle of the
    log, named as unreadable at every read. A whole record missing only its line end is kept."""
    try:
        json.loads(tail)
    except (ValueError, RecursionError):
        return True
    return False


class AnswerLog:
    """The writing end of one log: records are queued (:meth:`add`), written together
    (:meth:`write`), then fsynced (:meth:`sync`; :meth:`flush` does both). A record whose write
    failed stays queued, so the next flush writes it with the rest: the log never loses a record
    the store has taken in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pending: list[tuple[Entry, bytes]] = []
        self.unsynced: list[tuple[files.Appended, list[tuple[Entry, bytes]]]] = []
        """Writes not yet fsynced, with their records (queued again if the fsync fails)."""

    def add(self, entry: Entry) -> None:
        line = encode_answer(entry) if isinstance(entry, HistoryEntry) else encode_mark(entry)
        if decode(line.rstrip(b"\n")) != entry:  # never write what does not read back the same
            raise ValueError("the answer does not read back the same from its line")
        self.pending.append((entry, line))

    def flush(self, learner: str | None) -> tuple[int, str] | None:
        """Write the queued records (with the ``log`` record first when the log is new) and fsync
        them, and any written before and not yet fsynced; returns the log's size and the id of the
        last record written (None if nothing was queued). Raises OSError (``files.FileProblem``
        when the path is no regular file); the records then stay queued."""
        written = self.write(learner) if self.pending else None
        self.sync()
        return written

    def write(self, learner: str | None) -> tuple[int, str]:
        """Write the queued records (with the ``log`` record first when the log is new), without
        fsyncing them (see :meth:`sync`): once this returns they are in the file, which a killed
        or crashed process cannot undo; a power cut before :meth:`sync` can. Returns the log's
        size and the id of the last record written. Raises OSError (``files.FileProblem`` when
        the path is no regular file); the records then stay queued. Call only with something
        queued."""
        data = b"".join(line for _, line in self.pending)
        if not files.size_or_none(self.path):
            data = header(learner) + data
        appended = files.append_lines(self.path, data, torn=_torn)
        records, self.pending = self.pending, []
        self.unsynced.append((appended, records))
        last = records[-1][0].id
        assert last is not None
        return appended.size, last

    def sync(self) -> None:
        """fsync what :meth:`write` wrote. Raises OSError if an fsync fails: what it wrote is then
        queued again (before anything queued since), to be written again with the next flush (a
        reader counts a record written twice once, by its id)."""
        while self.unsynced:
            appended, records = self.unsynced[0]
            try:
                appended.sync()
            except OSError:
                again = [record for _, written in self.unsynced for record in written]
                for other, _ in self.unsynced:
                    other.close()
                self.unsynced.clear()
                self.pending[0:0] = again
                raise
            del self.unsynced[0]

    @property
    def synced(self) -> bool:
        """Everything written is fsynced."""
        return not self.unsynced

    def close(self) -> None:
        """Close what is open without fsyncing it (a store closed after a failed sync)."""
        for appended, _ in self.unsynced:
            appended.close()
        self.unsynced.clear()


# ------------------------------------------------------------------------------------------
# For tools that read a learner's files (export, the class report)
# ------------------------------------------------------------------------------------------


@dataclass
class HandedIn:
    """A learner's answers as a tool finds them: the progress file's own (an old file's
    ``[history]``) and those of the log beside it."""

    answers: list[HistoryEntry] | StreamedAnswers
    """Every answer, oldest first (a long log's, gone through again each time: :func:`handed_in_streamed`)."""
    note: str | None = None
    """A plain sentence when the log is missing, cannot be read or is another learner's (then
    only what the progress file holds is counted), else None."""
    problems: list[str] = field(default_factory=list)
    """Lines of the log that were skipped (see :attr:`LogRead.problems`)."""
    changes: list[Change] = field(default_factory=list)
    """The answers overruled or taken back (see :func:`changes`): the xAPI export voids what a
    record store may have received of them."""


def _hand_in(note: str, progress_path: Path, log: Path) -> str:
    return (f"{note}: only each question's latest answer and its counts are known. Ask the learner "
            f"to hand in {progress_path.name} together with {log.name}.")


def handed_in(progress_path: Path, progress: Any, bulk: bool | None = None) -> HandedIn:
    """Every answer of the learner whose progress file ``progress_path`` holds ``progress``: the
    answer log beside it (``<stem>.answers.jsonl``), with an old file's ``[history]``. Never
    raises for a bad log: it is then left out and ``note`` says why. ``bulk``: see
    :func:`read_log` (a class report reading many learners)."""
    history = with_ids(list(progress.history.answers))
    log = log_path(progress_path)
    note = None
    try:
        read = read_log(log, bulk)
    except files.FileProblem as problem:
        read = LogRead()
        note = f"its answer log {log.name} could not be read ({problem.reason})"
    else:
        learner = progress.learner.id
        state = progress.answer_log
        if read.learner is not None and learner is not None and read.learner != learner:
            note = f"the answer log beside it, {log.name}, is another learner's, so it was not used"
            read = LogRead()
        elif read.size == 0 and state is not None and state.size > 0:
            note = f"its answer log {log.name} is not beside it"
    if note is not None:
        note = _hand_in(note, progress_path, log)
    entries = [*history, *read.entries]
    return HandedIn(resolve(entries), note, read.problems, changes(entries))


class StreamedAnswers:
    """The answers of a long log beside a handed-in progress file (with an old file's
    ``[history]`` first), as :func:`resolve` counts them, gone through again, line by line, each
    time they are iterated: nothing of the log is kept. What the first time through found:
    ``count``, ``newest`` (the latest time of each (pack, question)) and ``in_order`` (whether
    the answers come in time order, to the second, as exports list them)."""

    def __init__(self, path: Path, before: Sequence[Entry], learner: str | None) -> None:
        self.path, self.before, self.learner = path, before, learner
        self.count = 0
        self.newest: dict[tuple[str, str], dt.datetime] = {}
        self.in_order = True

    def __iter__(self) -> Iterator[HistoryEntry]:
        return stream_answers(self.path, before=self.before, learner=self.learner)

    def _survey(self, problems: list[str], survey: Survey) -> None:
        last: dt.datetime | None = None
        for answer in stream_answers(self.path, before=self.before, learner=self.learner, problems=problems,
                                     survey=survey):
            self.count += 1
            key = (answer.pack, answer.question)
            seen = self.newest.get(key)
            if seen is None or answer.when > seen:
                self.newest[key] = answer.when
            moment = answer.when if answer.when.tzinfo is not None else answer.when.replace(tzinfo=dt.timezone.utc)
            moment = moment.astimezone(dt.timezone.utc).replace(microsecond=0)  # as exports give it
            if last is not None and moment < last:
                self.in_order = False
            last = moment


def handed_in_streamed(progress_path: Path, progress: Any) -> HandedIn:
    """:func:`handed_in` for a tool that goes through the answers in turn (``learnmeta
    export``): a log over :data:`STREAM_ABOVE` is gone through line by line instead of read whole
    and kept (the ``answers`` are then :class:`StreamedAnswers`, gone through again each time:
    once here, for the lines to name, the answers changed since and whether it is this
    learner's log); a shorter one is read as :func:`handed_in` reads it. The same answers,
    notes, lines named and changes, but for two records with one id far apart in a long log
    (only a hand-made log has them), which are both counted and not named."""
    log = log_path(progress_path)
    try:
        size = files.size_or_none(log)
    except files.FileProblem:
        size = None  # handed_in says why it cannot be read
    if size is None or size <= STREAM_ABOVE:
        return handed_in(progress_path, progress)
    history = with_ids(list(progress.history.answers))
    answers = StreamedAnswers(log, history, progress.learner.id)
    problems: list[str] = []
    survey = Survey()
    try:
        answers._survey(problems, survey)
    except files.FileProblem as problem:
        note = _hand_in(f"its answer log {log.name} could not be read ({problem.reason})", progress_path, log)
        return HandedIn(resolve(history), note, [], changes(history))
    if survey.other:
        note = _hand_in(f"the answer log beside it, {log.name}, is another learner's, so it was not used",
                        progress_path, log)
        return HandedIn(resolve(history), note, [], changes(history))
    return HandedIn(answers, None, problems, survey.changes)
