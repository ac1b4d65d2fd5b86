"""Parsing a progress file as learnmeta writes it, about four times as fast as TOML alone.

Nearly all of a progress file is the question lines, one per question a learner has answered
(``[questions.<pack id>]``, then ``<question id> = { seen = 3, ... }``): a learner of 1,000
questions has a file of about 350 KiB, which ``tomli`` parses in about 25 ms. That is most of a
start after the app was killed or the terminal closed (the file is then newer than what the
start-up cache holds, so it is read afresh), and of reading a class for a report.

:func:`loads` gives exactly what ``tomli.loads`` gives (the same dicts, keys in the same order,
values of the same types), or tomli's own error, by this route:

* Only a line in exactly the form :func:`learnmeta.progress.fileformat.dump_question` writes is
  read here: one regular expression for the whole line, the fields in the writer's order, each
  value in one narrow form (counts without leading zeros, ``true``/``false``, times
  ``YYYY-MM-DDTHH:MM:SS+00:00``, floats as Python writes them, strings with no escape, quote or
  control character). Each of these means in TOML just what the conversion here makes of it
  (``int``, ``float``, ``datetime.fromisoformat``, the characters themselves).
* Such lines are taken only in a section that starts with the line ``[questions.<bare key>]``
  and holds nothing but them (and empty lines) up to the next line that starts with ``[`` or the
  end; and only in a file with no multi-line string (no ``\"\"\"`` or ``'''`` anywhere), so every
  line of it is a line of TOML, not part of a value that started above it.
* Everything else, with those sections' headers kept and their question lines left out, is
  parsed by tomli. Each of those headers must then be a table of its own that nothing else
  filled (an empty table: else the lines might not have been in it), and it is filled with the
  lines, in their order. Leaving out whole ``key = value`` lines (and empty lines) of a table
  changes nothing else of what TOML reads.
* Anything else (another form of line, a duplicate id or header, a date that does not exist, a
  file tomli refuses) and the whole text is parsed by tomli, which then gives its own values or
  error, with the line and column it always says.

``tests/test_progress_quickread.py`` compares the two on files the store wrote and on thousands
of damaged copies.

With ``records=True`` (what :func:`learnmeta.progress.fileformat.parse` asks, as the file is
then checked at once), each question line is made into its record here
(:class:`~learnmeta.progress.model.QuestionProgress`, its review a
:class:`~learnmeta.progress.model.ReviewState`) instead of a table: each value is converted as
above and checked with the very check :func:`learnmeta.fastcheck.validate` applies to that field
(:func:`learnmeta.fastcheck.record_maker`), once for each distinct text of it in the file (a
learner's 1,000 lines hold the same lesson, section, state and counts again and again; the
result of a check depends on nothing but the value, and the key is the text itself, so ``0.0``
and ``-0.0`` or two ways of writing one moment are never taken for each other). The record check
takes a record already made as it is, as pydantic does, so checking the file checks these lines
no more. A line any check refuses stays a table, for :func:`learnmeta.checks.validate` to decide
and to say what is wrong, as before. For a file of 1,000 questions that is 15 ms of reading and
checking down to 12 (a start after the app was killed: docs/performance.md, "Start-up, fifth pass").
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

from learnmeta import tomlread

_INT = r"(0|[1-9][0-9]{0,17})"
_BOOL = r"(true|false)"
_TIME = r"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00)"
_TEXT = r'"([^"\\\x00-\x1f\x7f]*)"'
_FLOAT = r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:e[+-]?[0-9]+)?|e[+-]?[0-9]+))"
_LINE = (
    r"([A-Za-z0-9_-]+) = \{ seen = " + _INT + ", correct = " + _INT + ", hints_used = " + _INT
    + "(?:, last_correct = " + _BOOL + ")?(?:, last_answered = " + _TIME + ")?, last_answer = " + _TEXT
    + "(?:, lesson = " + _TEXT + ")?(?:, section = " + _TEXT + ")?"
    + r"(?:, review = \{ due = " + _TIME + ", state = " + _TEXT + "(?:, step = " + _INT + ")?"
    + "(?:, stability = " + _FLOAT + ")?(?:, difficulty = " + _FLOAT + r")? \})?"
    + "(?:, last_confidence = " + _INT + r")? \}"
)
"""A question's line as ``dump_question`` writes it (QuestionProgress's fields in order, with
ReviewState's inside): the fields a record may leave out are optional, in their places."""
_HEADER = r"\[questions\.([A-Za-z0-9_-]+)\]$"
_FIRST_HEADER = re.compile(_HEADER, re.MULTILINE)
_HEADERS = re.compile(r"\n" + _HEADER, re.MULTILINE)
"""A line that is exactly ``[questions.<bare key>]`` (``$``: just before its line end, or at the
end): the first line (``match``), and the others after their line end (its literal text is what
makes the search fast: ``^`` made it 15 times as slow)."""
_NEXT_LINE = re.compile(r"\n*" + _LINE + r"(?=\n|\Z)")
"""The next question line, after the line end(s) before it (the one expression compiled: 0.7 ms
of every start that reads a progress file itself)."""
_BLANK = re.compile(r"\n*")

_time = dt.datetime.fromisoformat


class _NotQuick(Exception):
    """The text is not in the form read here: tomli reads all of it."""


def _question(match: re.Match[str]) -> tuple[str, dict[str, Any]]:
    (qid, seen, correct, hints, last_correct, last_answered, last_answer, lesson, section,
     due, state, step, stability, difficulty, confidence) = match.groups()
    record: dict[str, Any] = {"seen": int(seen), "correct": int(correct), "hints_used": int(hints)}
    if last_correct is not None:
        record["last_correct"] = last_correct == "true"
    if last_answered is not None:
        record["last_answered"] = _time(last_answered)
    record["last_answer"] = last_answer
    if lesson is not None:
        record["lesson"] = lesson
    if section is not None:
        record["section"] = section
    if due is not None:
        review: dict[str, Any] = {"due": _time(due), "state": state}
        if step is not None:
            review["step"] = int(step)
        if stability is not None:
            review["stability"] = float(stability)
        if difficulty is not None:
            review["difficulty"] = float(difficulty)
        record["review"] = review
    if confidence is not None:
        record["last_confidence"] = int(confidence)
    return qid, record


class _Maker:
    """Makes question lines into records with fastcheck's own checks of each field, each distinct
    text of a value checked once (see the module's docstring)."""

    def __init__(self) -> None:
        from learnmeta import fastcheck
        from learnmeta.progress.model import QuestionProgress, ReviewState

        question = fastcheck.record_maker(QuestionProgress)
        review = fastcheck.record_maker(ReviewState)
        if question is None or review is None:
            raise _NotQuick  # checked by pydantic: the lines stay tables
        self.checks, self.make = question
        self.review_checks, self.make_review = review
        self.errors = (fastcheck.Refused, TypeError, AttributeError, KeyError, ValueError, IndexError,
                       OverflowError)
        self.seen: dict[str, dict[str, Any]] = {name: {} for name in (*self.checks, *self.review_checks)}
        """field -> the text of a value -> the value checked (the review's fields by their names:
        ``due``, ``state``... none of which a question's record has)."""
        if set(self.checks) & set(self.review_checks):
            raise _NotQuick  # a field of both: they would share their values' checks
        names = ("seen", "correct", "hints_used", "last_correct", "last_answered", "last_answer", "lesson",
                 "section", "last_confidence", "due", "state", "step", "stability", "difficulty")
        if not self.seen.keys() >= set(names):
            raise _NotQuick  # a field renamed: the lines stay tables (a test compares the fields)
        self.memos = tuple(self.seen[name] for name in names)
        """The same dicts, in the order :meth:`record` takes them."""

    def _checked(self, checks: dict[str, Any], name: str, text: str, convert: Any) -> Any:
        found = self.seen[name][text] = checks[name](convert(text))
        return found

    def record(self, match: re.Match[str]) -> tuple[str, Any]:
        """(the question's id, its record), or its table as :func:`_question` makes it when a
        check refuses a value (the file's check then says what is wrong)."""
        (qid, seen, correct, hints, last_correct, last_answered, last_answer, lesson, section,
         due, state, step, stability, difficulty, confidence) = match.groups()
        checked, checks = self._checked, self.checks
        m_seen, m_correct, m_hints, m_last_correct, m_last_answered, m_last_answer, m_lesson, m_section, \
            m_confidence, m_due, m_state, m_step, m_stability, m_difficulty = self.memos
        try:
            # Each value: as checked before for the same text, else converted and checked now.
            record: dict[str, Any] = {
                "seen": v if (v := m_seen.get(seen, _NOT_SEEN)) is not _NOT_SEEN
                else checked(checks, "seen", seen, int),
                "correct": v if (v := m_correct.get(correct, _NOT_SEEN)) is not _NOT_SEEN
                else checked(checks, "correct", correct, int),
                "hints_used": v if (v := m_hints.get(hints, _NOT_SEEN)) is not _NOT_SEEN
                else checked(checks, "hints_used", hints, int),
            }
            if last_correct is not None:
                record["last_correct"] = v if (v := m_last_correct.get(last_correct, _NOT_SEEN)) \
                    is not _NOT_SEEN else checked(checks, "last_correct", last_correct, _true)
            if last_answered is not None:
                record["last_answered"] = v if (v := m_last_answered.get(last_answered, _NOT_SEEN)) \
                    is not _NOT_SEEN else checked(checks, "last_answered", last_answered, _time)
            record["last_answer"] = v if (v := m_last_answer.get(last_answer, _NOT_SEEN)) \
                is not _NOT_SEEN else checked(checks, "last_answer", last_answer, str)
            if lesson is not None:
                record["lesson"] = v if (v := m_lesson.get(lesson, _NOT_SEEN)) \
                    is not _NOT_SEEN else checked(checks, "lesson", lesson, str)
            if section is not None:
                record["section"] = v if (v := m_section.get(section, _NOT_SEEN)) \
                    is not _NOT_SEEN else checked(checks, "section", section, str)
            if due is not None:
                inner = self.review_checks
                review: dict[str, Any] = {
                    "due": v if (v := m_due.get(due, _NOT_SEEN)) is not _NOT_SEEN
                    else checked(inner, "due", due, _time),
                    "state": v if (v := m_state.get(state, _NOT_SEEN)) is not _NOT_SEEN
                    else checked(inner, "state", state, str),
                }
                if step is not None:
                    review["step"] = v if (v := m_step.get(step, _NOT_SEEN)) \
                        is not _NOT_SEEN else checked(inner, "step", step, int)
                if stability is not None:
                    review["stability"] = v if (v := m_stability.get(stability, _NOT_SEEN)) \
                        is not _NOT_SEEN else checked(inner, "stability", stability, float)
                if difficulty is not None:
                    review["difficulty"] = v if (v := m_difficulty.get(difficulty, _NOT_SEEN)) \
                        is not _NOT_SEEN else checked(inner, "difficulty", difficulty, float)
                record["review"] = self.make_review(review)  # the record check takes it as made
            if confidence is not None:
                record["last_confidence"] = v if (v := m_confidence.get(confidence, _NOT_SEEN)) \
                    is not _NOT_SEEN else checked(checks, "last_confidence", confidence, int)
            return qid, self.make(record)
        except self.errors:
            return _question(match)


_NOT_SEEN = object()


def _true(text: str) -> bool:
    return text == "true"


def _split(text: str, maker: _Maker | None = None) -> tuple[str, dict[str, dict[str, Any]]]:
    """(the text without the question sections' lines, pack id -> question id -> its table).

    The text is never split into lines: a file of millions of short lines (64 MiB of them, as
    much as is read) took seconds and more than a gigabyte of memory here before tomli, which
    takes it in a moment, was asked. Only the question lines become strings, one at a time, and
    the first line not in their form ends the search."""
    if '"""' in text or "'''" in text:
        raise _NotQuick
    kept: list[str] = []
    found: dict[str, dict[str, Any]] = {}
    next_line, blank = _NEXT_LINE.match, _BLANK.fullmatch
    last = 0
    first = _FIRST_HEADER.match(text)
    headers = _HEADERS.finditer(text)  # none in a section's lines: none of them starts with "["
    for header in itertools.chain([first] if first else [], headers):
        end = header.end()  # the header's line end (or the end of the text)
        pack_id = header.group(1)
        if pack_id in found:
            raise _NotQuick
        table: dict[str, Any] = {}
        found[pack_id] = table
        stop = text.find("\n[", end)  # the line end before the next line that starts with "["
        if stop < 0:
            stop = len(text)
        at = end
        while (match := next_line(text, at, stop)) is not None:
            qid, record = _question(match) if maker is None else maker.record(match)
            if qid in table:
                raise _NotQuick
            table[qid] = record
            at = match.end()
        if not blank(text, at, stop):  # a line in another form
            raise _NotQuick
        kept.append(text[last:end])  # up to the header: the section's empty lines mean nothing
        last = stop
    kept.append(text[last:])
    return "".join(kept), found


def loads(text: str, *, records: bool = False) -> dict[str, Any]:
    """What ``tomli.loads(text)`` gives, or raises (see the module's docstring); ``records``:
    with the question lines that pass their checks made into records."""
    try:
        rest, found = _split(text, _Maker() if records else None)
        if not found:
            raise _NotQuick
        raw = tomlread.loads(rest)
        questions = raw.get("questions")
        if not isinstance(questions, dict):
            raise _NotQuick
        for pack_id, table in found.items():
            here = questions.get(pack_id)
            if type(here) is not dict or here:
                raise _NotQuick
            questions[pack_id] = table
        return raw
    except (_NotQuick, ValueError, OverflowError, RecursionError):  # TOMLDecodeError is a ValueError
        return tomlread.loads(text)
