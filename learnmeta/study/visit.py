""""My questions for my next visit" as a Markdown page to print or bring to a visit.

The learner's own list (kept in the progress file's ``[visit]``): the questions still to ask,
then the ones asked already, a space for notes and the reminder that this is not medical advice.
The page carries the date and nothing about the learner beyond the questions they chose or
typed: no name, no id, no scores. No Textual here: the app's key and ``learnmeta questions
--export`` share it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from learnmeta.content.checklist import TITLE
from learnmeta.progress.model import VisitQuestion

NOT_ADVICE = "This is general information, not medical advice. Your healthcare team knows your situation."

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _literal(text: str) -> str:
    """``text`` as Markdown that shows exactly these characters (nothing becomes a link, a
    heading, emphasis or HTML), on one line."""
    text = " ".join(text.split())
    text = _MARKDOWN.sub(r"\\\1", text)
    return re.sub(r"^(\d+)\.", r"\1\\.", text)  # "1. x" would start a numbered list


def day(when: dt.date) -> str:
    """``5 December 2026``: a date nobody misreads, whichever country they are in."""
    return f"{when.day} {when:%B %Y}"


def visit_markdown(questions: Sequence[VisitQuestion], today: dt.date) -> str:
    """The page: a Markdown checklist, to ask first, then asked already."""
    to_ask = [q for q in questions if not q.asked]
    asked = [q for q in questions if q.asked]
    lines = [f"# {TITLE}", "", f"Made on {day(today)}.", ""]
    if not questions:
        lines += ["No questions on the list yet.", ""]
    if to_ask:
        lines += ["## To ask", "", *(f"- [ ] {_literal(q.text)}" for q in to_ask), ""]
    if asked:
        lines += ["## Asked already", "", *(f"- [x] {_literal(q.text)}" for q in asked), ""]
    lines += ["## Notes from the visit", "", *(["- "] * 3), "", f"_{NOT_ADVICE}_", ""]
    return "\n".join(lines)
