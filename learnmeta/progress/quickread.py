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


def _split(text: str) -> tuple[str, dict[str, dict[str, Any]]]:
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
            qid, record = _question(match)
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


def loads(text: str) -> dict[str, Any]:
    """What ``tomli.loads(text)`` gives, or raises (see the module's docstring)."""
    try:
        rest, found = _split(text)
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
