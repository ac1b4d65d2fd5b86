"""A learner's results as plain records, and their xAPI 1.0.3 statements. No files, no printing.

Every answer is in the answer log beside the progress file (:mod:`learnmeta.progress.answerlog`;
a file from before the log may still hold its answers in ``[history]``), and the progress file
keeps for each question its latest answer with how many times it was answered and answered right.
So an export has one answer record per answer (``from = "history"``), in time order, with its
``answer_id``; an undone answer is left out and an overruled one counts as right. A question whose
latest answer is not among them (the log is missing, or the answer is older than the log and the
file's history) adds that latest answer (``from = "latest"``), so nothing known is left out;
older answers are known only as counts (``times_answered``, ``times_correct``).
There is one attempt record per attempt that was finished, with its ``mode``: only a ``"quiz"``
attempt is a whole-pack quiz; ``"check"``/``"practice"`` (a lesson's knowledge check, practising
missed questions) and ``"review"`` attempts are not (see :func:`quiz_result`).

:func:`answer_records` and :func:`attempt_records` turn a :class:`~learnmeta.progress.model.Progress`
into dicts; :mod:`learnmeta.instructor.xapi` turns those into xAPI statements.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import hmac
import uuid
from collections.abc import Iterator

ACCOUNT_HOME = "https://learnmeta.invalid"

ANSWER_FIELDS = [
    "learner",
    "pack",
    "pack_version",
    "question",
    "lesson",
    "section",
    "response",
    "correct",
    "when",
    "times_answered",
    "times_correct",
    "hints_used",
    "attempt",
    "confidence",
    "from",
    "pack_best_percent",
    "pack_passed",
    "learner_name",
    "overruled",
    "answer_id",
    "given_again",
]
"""Per answer: its learner, pack, the pack version it was given in, question, the question's lesson
and section (as stored now), response, correct, when, hints used in that answer ("" for a
``latest`` record: not known), attempt id ("" when none), confidence ("" when not asked) and where
it came from ("history" or "latest"). ``times_answered`` and ``times_correct`` are the question's
totals, the same on each of its records; ``pack_best_percent`` and ``pack_passed`` are the
learner's result in the pack (see :func:`quiz_result`), the same on each of the pack's records
(``None``, an empty CSV cell, when no whole-pack quiz was finished). ``learner`` is the learner
id (or an anonymous id, see :func:`anonymous_id`); ``learner_name`` is only a label, the name in
the learner's profile ("" when there is none or the export is anonymous). ``overruled`` is true
for an answer the learner overruled ("I was right": it counts as right), false for another answer
of the history, empty for a ``latest`` record (not known). ``answer_id`` is the answer's id in the
answer log ("" for a ``latest`` record). ``given_again`` is true for an answer given after the
learner took back (undo) a wrong answer to the same question, having seen its feedback (it counts
in the score; the answer taken back is not in the export), false for another answer of the
history (an answer recorded before learnmeta kept this says false too), empty for a ``latest``
record."""

QUIZ_MODE = "quiz"
"""The attempt mode of a whole-pack quiz: the only kind that finishes a pack, scores and passes it."""


def quiz_result(pack) -> tuple[int | None, bool | None]:
    """A learner's result in a pack (a :class:`~learnmeta.progress.model.PackProgress`):
    ``(best percent, passed)`` of their finished whole-pack quizzes (attempt mode ``"quiz"``).

    ``(None, None)`` when no such quiz was finished: knowledge checks, practice and review
    attempts never count. ``passed`` is True when one passed, else False. The totals
    (``best_percent``, ``passed_total``) count only "quiz" attempts and outlive the 20 attempts
    kept, so they are used with the attempts kept.
    """
    if pack is None:
        return None, None
    finished = [a for a in pack.attempts if a.finished is not None and a.mode == QUIZ_MODE]
    percents = [a.percent for a in finished if a.percent is not None]
    if pack.best_percent is not None:
        percents.append(pack.best_percent)
    best = max(percents) if percents else None
    if best is None:
        return None, None
    return best, pack.passed_total > 0 or any(bool(a.passed) for a in finished)


def iso(value: dt.datetime | None) -> str | None:
    """An ISO 8601 time in UTC, ``2026-11-24T14:03:00Z``."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


ANONYMOUS_KEY_ENV = "LEARNMETA_ANONYMOUS_KEY"
"""The environment variable that may hold the key for ``--anonymous`` ids."""

_CONTENT_IDS = uuid.UUID("5b0c7d7e-3f4a-4f43-9d0e-6c1b2a8f4e21")
"""The UUID v5 namespace of learner ids derived from a file's content (see :func:`learner_id`)."""


def learner_id(progress, content: bytes | None = None) -> str:
    """The learner's id: the file's ``[learner]`` ``id`` (a random UUID, see
    :mod:`learnmeta.progress.model`).

    A file written before learner ids existed, and not saved since, has none: it is then known by
    an id derived from its content (a UUID v5 of the SHA-256 of its bytes, ``content``), so the
    same file handed in twice still counts once. The next save by the app gives it its own id,
    so its later copies count as another learner than its old copies: collect them all again.
    """
    given = getattr(getattr(progress, "learner", None), "id", None)
    if given:
        return str(given)
    return str(uuid.uuid5(_CONTENT_IDS, hashlib.sha256(content or b"").hexdigest()))


def anonymous_id(learner: str, key: str) -> str:
    """An id that stands for ``learner`` (a learner id) without saying who it is:
    ``anon-`` and the first 32 hex digits (128 bits) of HMAC-SHA256(key, learner id).

    The same learner gets the same anonymous id under the same key (so a course keeps one key for
    all its exports), two learners never share one in practice, and without the key nobody can
    tell which learner id, let alone which name, it stands for."""
    digest = hmac.new(key.encode("utf-8"), learner.encode("utf-8"), hashlib.sha256).hexdigest()
    return "anon-" + digest[:32]


def history_record(progress, entry, learner: str, name: str = "", results: dict | None = None) -> dict:
    """The record of one answer of the history (``entry``), as :func:`answer_records` gives it
    (the course's outbox makes the statement of each answer as it is given from it).
    ``results``: each pack's :func:`quiz_result`, when already worked out."""
    if results is None:
        results = {pack_id: quiz_result(pack) for pack_id, pack in progress.packs.items()}
    item = progress.questions.get(entry.pack, {}).get(entry.question)
    return {
        "learner": learner,
        "pack": entry.pack,
        "pack_version": entry.version,
        "question": entry.question,
        "lesson": (item.lesson if item else None) or "",
        "section": (item.section if item else None) or "",
        "response": entry.response,
        "correct": bool(entry.correct),
        "when": iso(entry.when),
        "times_answered": item.seen if item else None,
        "times_correct": item.correct if item else None,
        "hints_used": entry.hints,
        "overruled": bool(getattr(entry, "overruled", None)),
        "attempt": entry.attempt,
        "confidence": entry.confidence,
        "from": "history",
        "pack_best_percent": results.get(entry.pack, (None, None))[0],
        "pack_passed": results.get(entry.pack, (None, None))[1],
        "learner_name": name,
        "answer_id": getattr(entry, "id", None),
        "given_again": bool(getattr(entry, "given_again", None)),
    }


def change_records(changes) -> list[dict]:
    """The answers overruled or taken back (:class:`learnmeta.progress.answerlog.Change`), as
    :func:`learnmeta.instructor.xapi.statements` takes them: the answer's ``answer_id``,
    ``attempt`` and ``when``, whether it was ``overruled`` and ``undone``, and when each mark was
    made (``overruled_at``, ``undone_at``; the answer's own time for a mark without one)."""
    records = []
    for change in changes or ():
        when = iso(change.answer.when)
        records.append({
            "answer_id": change.answer.id,
            "attempt": change.answer.attempt,
            "when": when,
            "overruled": change.overrule is not None,
            "overruled_at": (iso(change.overrule.when) or when) if change.overrule is not None else None,
            "undone": change.undo is not None,
            "undone_at": (iso(change.undo.when) or when) if change.undo is not None else None,
        })
    return records


def answer_records(progress, learner: str, name: str = "", answers=None) -> list[dict]:
    """One record per answer (``answers``: the learner's answers, as
    :func:`learnmeta.progress.answerlog.handed_in` finds them; None: the progress file's own
    history only), plus each question's latest answer when they do not hold it
    (``from = "latest"``); oldest first (answers given in the same second stay in the order they
    were given)."""
    return list(each_answer_record(progress, learner, name, answers))


def each_answer_record(progress, learner: str, name: str = "", answers=None) -> Iterator[dict]:
    """The records :func:`answer_records` gives, one at a time. ``answers`` is gone through twice
    (first for each question's latest time): a long log's
    (:class:`~learnmeta.progress.answerlog.StreamedAnswers`, which knows those times already:
    once) is then never held. The records come in time order as the answers do (the answer log's
    order); were they not in that order, they are held and sorted, as :func:`answer_records` did."""
    history = answers if answers is not None else getattr(getattr(progress, "history", None), "answers", None) or []
    results = {pack_id: quiz_result(pack) for pack_id, pack in progress.packs.items()}
    known = getattr(history, "newest", None)  # a long log's, found when it was surveyed
    in_order = getattr(history, "in_order", None)
    newest: dict[tuple[str, str], object] = known if known is not None else {}
    if known is None or in_order is None:
        newest, in_order, last = {}, True, None
        for entry in history:
            key = (entry.pack, entry.question)
            if key not in newest or entry.when > newest[key]:
                newest[key] = entry.when
            when = iso(entry.when) or ""
            if last is not None and when < last:
                in_order = False
            last = when
    latest = _latest_records(progress, learner, name, newest, results)
    if not in_order:
        records = [history_record(progress, entry, learner, name, results) for entry in history]
        records = latest + records  # a latest answer not in the history is older than it (or equal)
        records.sort(key=lambda r: r["when"] or "")  # stable: history order kept within a second
        yield from records
        return
    # In order already: the latest records merged in where the stable sort put them (before
    # the answers of the same second: heapq.merge is stable, so the first iterable's come first).
    yield from heapq.merge(latest, (history_record(progress, entry, learner, name, results) for entry in history),
                           key=lambda r: r["when"] or "")


def _latest_records(progress, learner: str, name: str, newest: dict, results: dict) -> list[dict]:
    """Each question's latest answer whose time is past those of ``newest`` (the answers held),
    oldest first: ``from = "latest"``."""
    latest: list[dict] = []
    for pack_id, questions in progress.questions.items():
        version = progress.packs[pack_id].version if pack_id in progress.packs else ""
        for question_id, item in questions.items():
            if item.seen == 0 and item.last_answered is None:
                continue
            covered = newest.get((pack_id, question_id))
            if covered is not None and (item.last_answered is None or covered >= item.last_answered):
                continue  # the history holds the latest answer
            latest.append(
                {
                    "learner": learner,
                    "pack": pack_id,
                    "pack_version": version,
                    "question": question_id,
                    "lesson": item.lesson or "",
                    "section": item.section or "",
                    "response": item.last_answer,
                    "correct": bool(item.last_correct),
                    "when": iso(item.last_answered),
                    "times_answered": item.seen,
                    "times_correct": item.correct,
                    "hints_used": None,
                    "overruled": None,
                    "attempt": None,
                    "confidence": None,
                    "from": "latest",
                    "pack_best_percent": results.get(pack_id, (None, None))[0],
                    "pack_passed": results.get(pack_id, (None, None))[1],
                    "learner_name": name,
                    "answer_id": None,
                    "given_again": None,
                }
            )
    latest.sort(key=lambda r: (r["when"] or "", r["pack"], r["question"]))
    return latest


def attempt_records(progress, learner: str) -> list[dict]:
    """One record per finished attempt, oldest first."""
    records = []
    for pack_id, pack in progress.packs.items():
        for attempt in pack.attempts:
            if attempt.finished is None:
                continue
            record = {
                "learner": learner,
                "pack": pack_id,
                "pack_version": attempt.pack_version or pack.version,
                "attempt": attempt.id,
                "mode": attempt.mode,
                "started": iso(attempt.started),
                "finished": iso(attempt.finished),
                "correct": attempt.correct,
                "total": attempt.total,
                "percent": attempt.percent,
                "passed": attempt.passed,
            }
            if attempt.answered > 0:
                # How many of the total were answered: a question left unanswered scores as not
                # right, and the record says it was not a wrong answer (0: not known, an attempt
                # from before it was kept, or nothing answered)
                record["answered"] = attempt.answered
            if attempt.questions is not None:  # a question pool: what this attempt drew
                record["seed"] = attempt.seed
                record["questions"] = list(attempt.questions)
            if attempt.exam:
                record["exam"] = True
            records.append(record)
    records.sort(key=lambda r: (r["finished"] or "", r["pack"]))
    return records


def pack_summaries(progress) -> list[dict]:
    return [
        {
            "pack": pack_id,
            "version": pack.version,
            "attempts_total": pack.attempts_total,
            "finished_total": pack.finished_total,
            "passed_total": pack.passed_total,
            "best_percent": pack.best_percent,
        }
        for pack_id, pack in progress.packs.items()
    ]


# ----------------------------------------------------------------------------------------------
# xAPI
# ----------------------------------------------------------------------------------------------


def actor(*, account_name: str, name: str | None = None, email: str | None = None,
          home: str | None = None) -> dict:
    """An xAPI Agent identified by an ``account`` (``name`` = the learner id or anonymous id,
    ``homePage`` = ``home``), or by an e-mail address when one is given; ``name`` is only a label
    (left out of anonymous exports)."""
    agent: dict = {"objectType": "Agent"}
    if name:
        agent["name"] = name
    if email:
        agent["mbox"] = f"mailto:{email}"
    else:
        agent["account"] = {"homePage": home or ACCOUNT_HOME, "name": account_name}
    return agent
