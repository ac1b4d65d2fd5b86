"""A learner's results as CSV, JSON or xAPI statements (``learnmeta export``: :mod:`learnmeta.cli.export`).

It reads the learner's progress file (``--progress PATH``, or ``--learner NAME``'s file in the
data folder) read-only, through :func:`learnmeta.progress.read_progress`, and never changes it.

* ``csv``: one row per answer, oldest first: learner, pack, pack version, question, lesson,
  section, response, correct, when, the question's times answered and times correct, hints used,
  attempt, confidence, ``from``, and the learner's result in the pack: ``pack_best_percent`` and
  ``pack_passed`` of their finished whole-pack quizzes (empty when none; see
  :mod:`learnmeta.instructor.results`).
* ``json``: the same answers, the finished attempts (each with ``answered``, how many of its
  ``total`` were answered, where known: a question left unanswered is not a wrong answer) and
  each pack's totals, in one document
  (``format_version`` 2: one record per answer; version 1 had one per question).
* ``xapi``: one xAPI 1.0.3 statement per line (JSON Lines) for a Learning Record Store:
  "answered" per answer (with the question's ``cmi.interaction`` definition), "completed" and
  "passed"/"failed" per finished attempt, "experienced" per lesson page seen: see
  :mod:`learnmeta.instructor.xapi`.

The answers are every answer in the answer log beside the progress file (``<stem>.answers.jsonl``,
see :mod:`learnmeta.progress.answerlog`; an undone answer left out, an overruled one counted
right), each with its ``answer_id``. A question whose latest answer is not among them (the log is
missing, or the file is from before answers were kept) gives its latest answer instead, marked
``from = "latest"``: nothing the files know is left out.

Every format identifies the learner by their learner id (the progress file's ``[learner]`` ``id``,
see :func:`learnmeta.instructor.results.learner_id`), never by name: the name in their profile
is only a label beside it (``learner_name``; the xAPI actor's ``name``). ``--anonymous`` uses a
keyed hash of the id instead (:func:`learnmeta.instructor.results.anonymous_id`, key from
``--anonymous-key`` or ``LEARNMETA_ANONYMOUS_KEY``) and leaves the name out; ``--email`` makes the
xAPI actor an e-mail address instead of the account (only when given).
Exit statuses: 0 written; 1 the progress file cannot be read or the output cannot be written;
2 usage error (the output exists without ``--force``, a bad e-mail address, ``--anonymous``
without a key).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator

def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: prefix with ')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _library() -> tuple[dict, dict]:
    """The packs known here (pack id -> pack, for the questions' xAPI definitions and names) and the
    lessons' titles (lesson id -> title)."""
    try:
        from learnmeta.content.library import load_library

        library = load_library()
    except Exception:  # definitions are a nicety: never fail an export for them
        return {}, {}
    return {pack.id: pack for pack in library.packs}, {
        lesson.meta.id: lesson.meta.title for lesson in getattr(library, "lessons", [])
    }


def statements(progress, *, learner: str, agent: dict, base: str, answers=None, changes=None) -> list[dict]:
    """A learner's xAPI statements (see :mod:`learnmeta.instructor.xapi`); ``learner`` is the id
    the statements are about (the learner id or the anonymous id)."""
    return list(each_statement(progress, learner=learner, agent=agent, base=base, answers=answers,
                               changes=changes))


def each_statement(progress, *, learner: str, agent: dict, base: str, answers=None, changes=None,
                   counted: list[int] | None = None) -> Iterator[dict]:
    """The statements of :func:`statements`, one at a time: the answers are gone through once,
    never held (a long answer log's). ``counted[0]`` counts the answers' records gone through."""
    from learnmeta.instructor import results, xapi

    packs, lesson_titles = _library()
    starts = {
        attempt.id: results.iso(attempt.started)
        for pack in progress.packs.values()
        for attempt in pack.attempts
    }
    records: Iterable[dict] = results.each_answer_record(progress, learner, answers=answers)
    if counted is not None:
        records = _counting(records, counted)
    elif isinstance(answers, list) or answers is None:
        records = list(records)  # as before: held (xapi.each_statement sorts what it holds)
    return xapi.each_statement(
        agent, learner, records, results.attempt_records(progress, learner),
        base=base, packs=packs, attempt_starts=starts, lessons=progress.lessons, lesson_titles=lesson_titles,
        changes=results.change_records(changes),
    )


def _counting(records: Iterable[dict], counted: list[int]) -> Iterator[dict]:
    for record in records:
        counted[0] += 1
        yield record


class _Pieces:
    """A text "file" for :mod:`csv` that hands each piece on."""

    def __init__(self, out: Callable[[str], None]) -> None:
        self.write = out


def _named(learner: str, learner_name: str | None, anonymous_key: str | None) -> tuple[str, str]:
    """Who an export is about: the learner id it shows (with ``anonymous_key``, its keyed hash)
    and the learner's name ("" when anonymous or not known)."""
    from learnmeta.instructor import results

    if anonymous_key is not None:
        return results.anonymous_id(learner, anonymous_key), ""
    return learner, learner_name or ""


def render(
    fmt: str,
    progress,
    *,
    learner: str,
    learner_name: str | None,
    anonymous_key: str | None = None,
    email: str | None = None,
    base: str | None = None,
    answers=None,
    changes=None,
) -> tuple[str, int]:
    """The export's text and how many answers it holds (:func:`write`, held whole).

    ``learner`` is the learner id (:func:`learnmeta.instructor.results.learner_id`); with
    ``anonymous_key`` the export uses its keyed hash instead and holds no name."""
    pieces: list[str] = []
    count = write(fmt, pieces.append, progress, learner=learner, learner_name=learner_name,
                  anonymous_key=anonymous_key, email=email, base=base, answers=answers, changes=changes)
    return "".join(pieces), count


def write(
    fmt: str,
    out: Callable[[str], None],
    progress,
    *,
    learner: str,
    learner_name: str | None,
    anonymous_key: str | None = None,
    email: str | None = None,
    base: str | None = None,
    answers=None,
    changes=None,
) -> int:
    """Give the export's text to ``out``, piece by piece (a row, an answer, a statement: the
    answers are gone through once, and a long answer log's are never held); how many answers it
    holds. The same text as :func:`render`."""
    from learnmeta.instructor import results

    shown, name = _named(learner, learner_name, anonymous_key)
    records = results.each_answer_record(progress, shown, name, answers=answers)
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(_Pieces(out), fieldnames=results.ANSWER_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            row = {key: _cell(value) for key, value in record.items()}
            passed = {True: "true", False: "false"}.get(record["pack_passed"], "")
            flag = {True: "true", False: "false", None: ""}
            writer.writerow({**row, "correct": "true" if record["correct"] else "false", "pack_passed": passed,
                             "overruled": flag.get(record.get("overruled"), ""),
                             "given_again": flag.get(record.get("given_again"), "")})
            count += 1
        return count
    if fmt == "json":
        document = {
            "format": "learnmeta-results",
            "format_version": 2,
            "learner": shown,
            **({"learner_name": name} if name else {}),
            "packs": results.pack_summaries(progress),
            "attempts": results.attempt_records(progress, shown),
            "answers": [],
        }
        # json.dumps(document, indent=2) with the answers written one by one where it puts them
        text = json.dumps(document, indent=2, ensure_ascii=False)
        empty = "[]\n}"
        if not text.endswith('"answers": ' + empty):
            raise ValueError("the JSON export's answers are not its last key")
        for record in records:
            piece = json.dumps(record, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            out((text[: -len(empty)] + "[\n    " if count == 0 else ",\n    ") + piece)
            count += 1
        out(text + "\n" if count == 0 else "\n  ]\n}\n")
        return count
    counted = [0]
    for statement in _xapi_statements(progress, learner=learner, learner_name=learner_name,
                                      anonymous_key=anonymous_key, email=email, base=base, answers=answers,
                                      changes=changes, counted=counted):
        out(json.dumps(statement, ensure_ascii=False) + "\n")
    return counted[0]


def xapi_statements(
    progress,
    *,
    learner: str,
    learner_name: str | None,
    anonymous_key: str | None = None,
    email: str | None = None,
    base: str | None = None,
    answers=None,
    changes=None,
) -> list[dict]:
    """The learner's xAPI statements, as :func:`render` writes them for ``xapi``; ``changes``:
    the answers overruled or taken back (:attr:`learnmeta.progress.answerlog.HandedIn.changes`),
    whose statements are voided."""
    return list(_xapi_statements(progress, learner=learner, learner_name=learner_name, anonymous_key=anonymous_key,
                                 email=email, base=base, answers=answers, changes=changes))


def each_xapi_statement(progress, *, learner: str, learner_name: str | None, anonymous_key: str | None = None,
                        email: str | None = None, base: str | None = None, answers=None,
                        changes=None) -> Iterator[dict]:
    """The statements of :func:`xapi_statements`, one at a time (the answers gone through once:
    a long answer log's are never held)."""
    return _xapi_statements(progress, learner=learner, learner_name=learner_name, anonymous_key=anonymous_key,
                            email=email, base=base, answers=answers, changes=changes, counted=[0])


def _xapi_statements(progress, *, learner: str, learner_name: str | None, anonymous_key: str | None = None,
                     email: str | None = None, base: str | None = None, answers=None, changes=None,
                     counted: list[int] | None = None) -> Iterator[dict]:
    from learnmeta.instructor import results, xapi

    shown, name = _named(learner, learner_name, anonymous_key)
    base = base or xapi.DEFAULT_BASE
    email = None if anonymous_key is not None else email
    agent = results.actor(account_name=shown, name=name or None, email=email, home=xapi.home_page(base))
    return each_statement(progress, learner=f"mailto:{email}" if email else shown, agent=agent, base=base,
                          answers=answers, changes=changes, counted=counted)
