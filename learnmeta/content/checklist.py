""""My questions for my next visit": the lessons' "what you can do" as a checklist to print.

Each lesson's ``what_you_can_do`` lists questions to ask ("Ask: Has my cancer spread?") and
things to do. Read on a screen they are a list; a patient needs a tool to take along (PEMAT's
"tangible tool", shared/notes/content-review-2.md C17): a page with a box to tick for each
question, room to write their own, and the helplines. Plain text, so it prints anywhere and any
editor opens it. No Textual here: the app and the ``learnmeta questions`` command share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from learnmeta.content.models import Lesson
from learnmeta.content.text import clean_text

TITLE = "My questions for my next visit"

_ASK = re.compile(r"^ask(?: your (?:healthcare |health care )?team)?\s*:\s*", re.IGNORECASE)


def question_of(action: str) -> str | None:
    """The question an action asks the team ("Ask: Has it spread?" -> "Has it spread?"), or None
    when the action is something to do rather than a question to ask."""
    match = _ASK.match(action.strip())
    if not match:
        return None
    question = action.strip()[match.end():].strip()
    return question[:1].upper() + question[1:] if question else None


def questions(lessons: Iterable[Lesson]) -> list[str]:
    """Every question the lessons say to ask the team, once each, in lesson order."""
    return [question for question, _ in suggestions(lessons)]


def suggestions(lessons: Iterable[Lesson]) -> list[tuple[str, str]]:
    """(question, lesson id) for every question the lessons suggest asking, once each, in lesson
    order: what "My questions for my next visit" offers to add to the learner's own list."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for lesson in lessons:
        for action in lesson.meta.what_you_can_do:
            question = question_of(clean_text(action))
            if question and question.casefold() not in seen:
                seen.add(question.casefold())
                found.append((question, lesson.id))
    return found


def checklist(lessons: Iterable[Lesson], ticked: Iterable[str] = ()) -> str:
    """The checklist for these lessons, in their order: questions to ask, then things to do.
    The questions in ``ticked`` are marked ``[x]``: asked already."""
    done = {t.casefold() for t in ticked}
    lines = [TITLE, "=" * len(TITLE), "",
             "Tick each question when you have asked it. Cross out any that do not fit you.", ""]
    seen: set[str] = set()
    todo: list[str] = []
    for lesson in lessons:
        asked: list[str] = []
        for action in lesson.meta.what_you_can_do:
            action = clean_text(action).strip()
            question = question_of(action)
            key = (question or action).casefold()
            if key in seen:
                continue
            seen.add(key)
            if question is None:
                todo.append(action)
            else:
                asked.append(question)
        if asked:
            boxes = [f"[{'x' if q.casefold() in done else ' '}] {q}" for q in asked]
            lines += [clean_text(lesson.title), *boxes, ""]
    lines += ["My own questions", *(["[ ] ______________________________________________"] * 3), ""]
    if todo:
        lines += ["Things you can do", *(f"[ ] {t}" for t in todo), ""]
    lines += [
        "This is general information, not medical advice. Your healthcare team knows your situation.",
        "",
    ]
    return "\n".join(lines)
