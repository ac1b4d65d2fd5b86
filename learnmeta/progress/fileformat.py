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

This module writes the file's parts and reads the whole; beside it, and imported from here as
well: :mod:`~learnmeta.progress.tomltext` (the text of each value),
:mod:`~learnmeta.progress.unknownkeys` (:class:`Unknown`: the keys this version does not know),
:mod:`~learnmeta.progress.readback` (the ``check_*`` functions) and
:mod:`~learnmeta.progress.salvage` (:func:`salvage`).

The reader never lets a bad file escape as anything but :class:`ProgressFileError`, whose
``reason`` is a plain sentence for the learner. It is strict: a value of the wrong type anywhere
(``saved = 20``, ``seen = "3"``, ``welcomed = 1``) makes the whole file unreadable, never a silent
default or conversion. Only :func:`salvage`, used when there is no good backup, is lenient: it
keeps what can be read of a damaged file and drops the rest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

    from learnmeta.progress.readback import check_attempt as check_attempt
    from learnmeta.progress.readback import check_head as check_head
    from learnmeta.progress.readback import check_pack_start as check_pack_start
    from learnmeta.progress.readback import check_pack_table as check_pack_table
    from learnmeta.progress.readback import check_question as check_question
    from learnmeta.progress.readback import prepare_checks as prepare_checks
    from learnmeta.progress.salvage import salvage as salvage

from learnmeta import checks
from learnmeta.progress.model import (
    END_TABLE as END_TABLE,
    MAX_FILE_BYTES as MAX_FILE_BYTES,
    SCHEMA_VERSION,
    TOML_INT_LIMIT,
    Attempt,
    PackProgress,
    Progress,
    QuestionProgress,
    to_table,
)
from learnmeta.progress.tomltext import key_text, table_lines, value_text, with_unknown
from learnmeta.progress.unknownkeys import NOTHING_UNKNOWN as NOTHING_UNKNOWN
from learnmeta.progress.unknownkeys import Unknown as Unknown
from learnmeta.progress.unknownkeys import unwritable
from learnmeta.progress.unknownkeys import unknown_keys as unknown_keys

_LATER = {
    "check_attempt": "learnmeta.progress.readback",
    "check_head": "learnmeta.progress.readback",
    "check_pack_start": "learnmeta.progress.readback",
    "check_pack_table": "learnmeta.progress.readback",
    "check_question": "learnmeta.progress.readback",
    "prepare_checks": "learnmeta.progress.readback",
    "salvage": "learnmeta.progress.salvage",
}
"""Names of the parts beside this module that are used from here, loaded on first use: opening a
good file needs neither (the parts are read back when a save comes; a file is salvaged only when
it is damaged), so a start does not import them."""


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    found = getattr(importlib.import_module(module), name)
    globals()[name] = found  # once: later uses find it here
    return found


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


def dump_head(progress: Progress, unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """The start of the file: format, learner, last activity, lessons and the learner's questions
    for their next visit (with the keys this
    version does not know: top-level ones after ``saved_by``, top-level tables last)."""
    data = to_table(progress, exclude=("packs", "questions", "history"))
    out: list[str] = [HEADER]
    top: dict[str, Any] = {k: data[k] for k in ("schema_version", "created", "saved", "saved_by") if k in data}
    out.extend(table_lines(with_unknown(top, {k: v for k, v in unknown.top.items() if not isinstance(v, dict)})))
    out.append("\n[learner]")
    out.extend(table_lines(with_unknown(data.get("learner", {}), unknown.table("learner"))))
    if "last_activity" in data:
        out.append("\n[last_activity]")
        out.extend(table_lines(with_unknown(data["last_activity"], unknown.table("last_activity"))))
    if "answer_log" in data:
        out.append("\n[answer_log]")
        out.extend(table_lines(with_unknown(data["answer_log"], unknown.table("answer_log"))))
    for lesson_id, lesson in data.get("lessons", {}).items():
        out.append(f"\n[lessons.{key_text(lesson_id)}]")
        out.extend(table_lines(with_unknown(lesson, unknown.table("lessons", lesson_id))))
    visit = data.get("visit", {})
    extra = unknown.table("visit")
    if visit.get("questions") or extra:
        out.append("\n[visit]")
        out.extend(table_lines(with_unknown({}, extra)))
        out.append("questions = [")
        out.extend(f"  {value_text(item)}," for item in visit.get("questions", []))
        out.append("]")
    for name, table in unknown.top.items():
        if isinstance(table, dict):
            out.append(f"\n[{key_text(name)}]")
            out.extend(table_lines(with_unknown({}, table)))
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
    out = [f"\n[packs.{key_text(pack_id)}]", *table_lines(with_unknown(data, unknown.table("packs", pack_id))), "attempts = ["]
    out.extend(
        f"  {value_text(with_unknown(attempt, unknown.record('attempt', pack_id, attempt['id'])))},"
        for attempt in attempts
    )
    out.append("]\n")
    return "\n".join(out)


def pack_table_start(pack: PackProgress, pack_id: str) -> str:
    """The start of :func:`dump_pack_table`'s text for a file without keys this version does not
    know: ``[packs.<id>]``, its values and ``attempts = [``; each attempt's line
    (:func:`attempt_line`) follows, then :data:`PACK_TABLE_END`."""
    return "\n".join([f"\n[packs.{key_text(pack_id)}]", *table_lines(to_table(pack, exclude=("attempts",))),
                      "attempts = ["])


def attempt_line(attempt: Attempt) -> str:
    """One attempt's line in ``attempts = [...]`` (no keys this version does not know)."""
    return f"  {value_text(to_table(attempt))},"


PACK_TABLE_END = "]\n"


def questions_header(pack_id: str) -> str:
    return f"\n[questions.{key_text(pack_id)}]\n"


def dump_question(
    question_id: str, question: QuestionProgress, unknown: Unknown = NOTHING_UNKNOWN, pack_id: str = ""
) -> str:
    """One answered question: a single line, ``<id> = { ... }``."""
    table = to_table(question)
    if unknown:
        table = with_unknown(table, unknown.record("question", pack_id, question_id))
        if "review" in table:
            table["review"] = with_unknown(table["review"], unknown.record("review", pack_id, question_id))
    return f"{key_text(question_id)} = {value_text(table)}\n"


def dump_history(unknown: Unknown = NOTHING_UNKNOWN) -> str:
    """``[history]`` with the keys this version does not know ("" when there are none). The
    answers themselves live in the answer log (:mod:`learnmeta.progress.answerlog`): a file that
    still holds ``answers`` (from before the log) hands them to the log at its first save."""
    extra = {key: value for key, value in unknown.table("history").items() if key != "answers"}
    if not extra:
        return ""
    return "\n[history]\n" + "".join(f"{line}\n" for line in table_lines(with_unknown({}, extra)))


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
        errors = error.errors()
        first = errors[0]
        loc = tuple(first.get("loc", ()))
        message = str(first.get("msg", "invalid"))
        union = _union_error(errors, loc)
        if union is not None:
            loc, message = union
        where = ".".join(str(part) for part in loc)
        return f"{where}: {message}" if where else message
    except Exception:  # pragma: no cover - defensive
        return "its contents are not in the expected shape"


def _union_error(errors: list[Any], loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str] | None:
    """A value that fits none of the forms a key may take (an exam answer: true or false, a text,
    a list or a table): pydantic says why for each form, under the form's own name (``bool``,
    ``function-after[_exam_text(), str]``), and the first was always "should be a valid boolean",
    whatever the value. Then: the reason of the form the value has (a list of too many items, a
    table with a value that is not text), without the form's name; or, when it has none of them,
    that it is not a kind of value kept there. None when the first error is not of that kind."""
    if len(loc) < 2 or not str(errors[0].get("type", "")).endswith("_type"):
        return None
    base, value = loc[:-1], errors[0].get("input")
    forms = [e for e in errors if tuple(e.get("loc", ()))[:len(base)] == base and len(e.get("loc", ())) > len(base)]
    if len({e["loc"][len(base)] for e in forms}) < 2 or not any(
            e is not errors[0] and e.get("input") is value and len(e["loc"]) == len(loc) for e in forms):
        return None  # not the forms of one value (two keys beside each other, say)
    for form in forms:
        where = tuple(form["loc"])
        if len(where) > len(loc) or not str(form.get("type", "")).endswith("_type"):
            return base + where[len(loc):], str(form.get("msg", "invalid"))
    return base, "this kind of value does not belong here"


def parse(data: bytes) -> dict[str, Any]:
    """Bytes -> the raw TOML table, or :class:`ProgressFileError`. Question lines that pass their
    checks are records already (:mod:`learnmeta.progress.quickread`), for :func:`from_table`."""
    from learnmeta import tomlread
    from learnmeta.progress import quickread

    if not data.strip():
        raise ProgressFileError("it is empty")
    if len(data) > MAX_FILE_BYTES:
        raise ProgressFileError(f"it is too large to be a progress file ({len(data) // (1024 * 1024)} MiB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProgressFileError("it is not a text file (it is not valid UTF-8)") from None
    try:
        # tomli's values or error, its question lines read faster, and made into records where
        # they pass the checks from_table applies (which takes them as made)
        return quickread.loads(text, records=checks.FAST)
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
    if not -TOML_INT_LIMIT <= version < TOML_INT_LIMIT:  # a number TOML does not hold: no format, and
        raise ProgressFileError(  # too long to say (Python will not write one of 4,300 digits)
            "its schema_version is a number larger than a TOML file may hold, so it is not a "
            "learnmeta progress file")
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
    unknown = unknown_keys(raw, progress)
    if unknown:
        why = unwritable(unknown)
        if why is not None:  # it could be read, but every save would fail to write it back
            raise ProgressFileError(f"part of it is not in the expected shape ({_printable(why)})")
    return progress, unknown


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
