"""Reading back what the writer made before it is saved: each part of the progress file
(:func:`~learnmeta.progress.fileformat.dump_head`,
:func:`~learnmeta.progress.fileformat.dump_pack_table`, each question's line from
:func:`~learnmeta.progress.fileformat.dump_question`) is parsed back, validated and compared with
what was meant, the keys this version does not know included. A part that does not read back the
same raises ValueError, and the store saves nothing.
"""

from __future__ import annotations

from learnmeta import checks
from learnmeta.progress.model import Attempt, HistoryEntry, PackProgress, Progress, QuestionProgress, ReviewState
from learnmeta.progress.unknownkeys import NOTHING_UNKNOWN, Unknown, extra_keys, same, unknown_keys


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
    """Raise ValueError unless ``text`` (from :func:`~learnmeta.progress.fileformat.dump_head`)
    reads back as ``progress``'s head."""
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
    if not same(read.top, unknown.top) or read.tables.keys() != meant.keys() or any(
        not same(read.tables[where], extra) for where, extra in meant.items()
    ):
        raise ValueError("the start of the file does not keep the keys this version does not know")


def check_pack_table(text: str, progress: Progress, pack_id: str, unknown: Unknown = NOTHING_UNKNOWN) -> None:
    """Raise ValueError unless ``text`` (from
    :func:`~learnmeta.progress.fileformat.dump_pack_table`) reads back the same."""
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
        if not same(extra_keys(pack, PackProgress), unknown.table("packs", pack_id)) or any(
            not same(extra_keys(attempts.get(a.id), Attempt), unknown.record("attempt", pack_id, a.id))
            for a in back.attempts
        ):
            raise ValueError(f"pack '{pack_id}' does not keep the keys this version does not know")


def check_pack_start(text: str, pack: PackProgress, pack_id: str) -> None:
    """Raise ValueError unless ``text`` (from
    :func:`~learnmeta.progress.fileformat.pack_table_start`, with no attempts after it) reads
    back as ``pack`` without its attempts (each attempt's line is checked on its own:
    :func:`check_attempt`)."""
    from learnmeta import tomlread
    from learnmeta.progress.fileformat import PACK_TABLE_END

    raw = tomlread.loads(text + "\n" + PACK_TABLE_END)
    if set(raw) - {"packs"} or set(raw.get("packs", {})) != {pack_id}:
        raise ValueError(f"pack '{pack_id}' does not read back on its own")
    back = checks.validate(PackProgress, raw["packs"][pack_id])
    if back.attempts or any(getattr(back, name) != getattr(pack, name)
                            for name in PackProgress.__dataclass_fields__ if name != "attempts"):
        raise ValueError(f"pack '{pack_id}' does not read back the same")


def check_attempt(line: str, attempt: Attempt, pack_id: str) -> Attempt:
    """The attempt that ``line`` (from :func:`~learnmeta.progress.fileformat.attempt_line`) reads
    back as, in its pack's ``attempts = [...]``; ValueError unless it is ``attempt``. An inline
    table on one line reads back the same as a value of its own as in a list."""
    from learnmeta import tomlread

    if "\n" in line or not (line.startswith("  {") and line.endswith("},")):
        raise ValueError(f"an attempt of pack '{pack_id}' is not one line")
    raw = tomlread.loads("attempt = " + line[2:-1])
    back = checks.validate(Attempt, raw["attempt"]) if list(raw) == ["attempt"] else None
    if back is None or back != attempt:
        raise ValueError(f"an attempt of pack '{pack_id}' does not read back the same")
    return back


def check_question(
    line: str, question_id: str, question: QuestionProgress, unknown: Unknown = NOTHING_UNKNOWN, pack_id: str = ""
) -> None:
    """Raise ValueError unless ``line`` (from :func:`~learnmeta.progress.fileformat.dump_question`)
    reads back as ``question``.

    A line that reads back alone reads back the same under its ``[questions.<id>]`` header: its
    key is a single bare or quoted key, never a dotted one.
    """
    from learnmeta import tomlread

    raw = tomlread.loads(line)
    if list(raw) != [question_id] or checks.validate(QuestionProgress, raw[question_id]) != question:
        raise ValueError(f"question '{question_id}' does not read back the same")
    if unknown:
        record = raw[question_id]
        review = extra_keys(record.get("review"), ReviewState) if question.review is not None else {}
        meant_review = unknown.record("review", pack_id, question_id) if question.review is not None else {}
        if not same(extra_keys(record, QuestionProgress), unknown.record("question", pack_id, question_id)) or not same(
            review, meant_review
        ):
            raise ValueError(f"question '{question_id}' does not keep the keys this version does not know")
