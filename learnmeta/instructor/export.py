"""A learner's results as CSV, JSON or xAPI statements (``learnmeta export``: :mod:`learnmeta.cli.export`).

It reads the learner's progress file (``--progress PATH``, or ``--learner NAME``'s file in the
data folder) read-only, through :func:`learnmeta.progress.read_progress`, and never changes it.

* ``csv``: one row per answer, oldest first: learner, pack, pack version, question, lesson,
  section, response, correct, when, the question's times answered and times correct, hints used,
  attempt, confidence, ``from``, and the learner's result in the pack: ``pack_best_percent`` and
  ``pack_passed`` of their finished whole-pack quizzes (empty when none; see
  :mod:`learnmeta.instructor.results`).
* ``json``: the same answers, the finished attempts and each pack's totals, in one document
  (``format_version`` 2: one record per answer; version 1 had one per question).
* ``xapi``: one xAPI 1.0.3 statement per line (JSON Lines) for a Learning Record Store:
  "answered" per answer, "completed" and "passed"/"failed" per finished quiz, with the
  attempt's mode (``"quiz"`` for a whole-pack quiz) as a context extension.

The answers are the progress file's history (its most recent 2,000 answers). A question whose
latest answer is older than that, or a file written before the history existed, gives its
latest answer instead, marked ``from = "latest"``: nothing the file knows is left out.

The learner is named by the name in their profile (or ``--learner``); ``--anonymous`` uses a
stable anonymous account instead, and ``--email`` adds an e-mail address (only when given).
Exit statuses: 0 written; 1 the progress file cannot be read or the output cannot be written;
2 usage error (the output exists without ``--force``, a bad e-mail address).
"""

from __future__ import annotations

import csv
import io
import json

def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: prefix with ')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _titles() -> dict:
    """Pack and question titles for xAPI activity names (prompt text), from the known packs."""
    try:
        from learnmeta.content.library import load_library

        library = load_library()
    except Exception:  # names are a nicety: never fail an export for them
        return {}
    titles: dict = {}
    for pack in library.packs:
        titles[pack.id] = pack.title
        for question in pack.questions:
            titles[(pack.id, question.id)] = question.prompt[:200]
    return titles


def render(fmt: str, progress, *, learner_name: str | None, anonymous: bool, email: str | None) -> tuple[str, int]:
    """The export's text and how many answers it holds."""
    from learnmeta.instructor import results

    anon = results.anonymous_id(progress)
    shown = anon if anonymous or not learner_name else learner_name
    answers = results.answer_records(progress, shown)
    attempts = results.attempt_records(progress, shown)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=results.ANSWER_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in answers:
            row = {key: _cell(value) for key, value in record.items()}
            passed = {True: "true", False: "false"}.get(record["pack_passed"], "")
            writer.writerow({**row, "correct": "true" if record["correct"] else "false", "pack_passed": passed})
        return buffer.getvalue(), len(answers)
    if fmt == "json":
        document = {
            "format": "learnmeta-results",
            "format_version": 2,
            "learner": shown,
            "packs": results.pack_summaries(progress),
            "attempts": attempts,
            "answers": answers,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n", len(answers)
    agent = results.actor(
        name=None if anonymous else learner_name,
        email=None if anonymous else email,
        anonymous=anonymous or (not learner_name and not email),
        account_name=anon if (anonymous or not learner_name) else learner_name,
    )
    statements = results.xapi_statements(agent, answers, attempts, titles=_titles())
    text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in statements)
    return text, len(answers)
