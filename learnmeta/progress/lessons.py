"""The store's settings, lessons and the learner's list of questions for their next visit.

Part of :class:`~learnmeta.progress.store.ProgressStore` (see :mod:`learnmeta.progress.storebase`):
each change is made in memory, then saved at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from learnmeta import checks
from learnmeta.progress import model
from learnmeta.progress.model import LastActivity, LessonProgress, Settings, VisitQuestion
from learnmeta.progress.storebase import StoreParts, _now
from learnmeta.record import VALUE, Value


@VALUE
class LessonState(Value):
    pages_seen: int
    page_count: int
    last_page: str | None
    completed: dt.datetime | None
    seen: tuple[str, ...] = ()
    """The ids of the pages seen (``pages_seen`` counts them, trainee pages included)."""


class LessonsPart(StoreParts):
    """Settings, lessons and the visit list."""

    # --------------------------------------------------------------------------------------
    # Settings and lessons
    # --------------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.progress.learner

    def update_settings(self, **changes: Any) -> None:
        """Change settings (name, track, theme, reduced_motion, welcomed) and save.

        Unknown names raise :class:`TypeError` and bad values :class:`ValueError` (programming
        errors, not the learner's).
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(Settings)}
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        merged = {**dataclasses.asdict(self.progress.learner), **changes}
        self.progress.learner = checks.validate(Settings, merged)  # ValidationError is a ValueError
        self._save(set())

    # --------------------------------------------------------------------------------------
    # "My questions for my next visit"
    # --------------------------------------------------------------------------------------

    @property
    def visit_questions(self) -> list[VisitQuestion]:
        """The learner's questions for their healthcare team, in their order (read only: change
        them with the methods below, which save)."""
        return list(self.progress.visit.questions)

    def add_visit_question(self, text: str, lesson: str | None = None) -> str | None:
        """Add a question at the end of the list and save. Returns None, or why it was not added,
        in words for the learner (empty, too long, already on the list, the list is full)."""
        try:
            question = checks.validate(VisitQuestion, {"text": text, "lesson": lesson or None})
        except ValueError:
            words = " ".join(text.split())
            if not words:
                return "Type a question first."
            if len(words) > model.MAX_VISIT_QUESTION_CHARS:
                return f"That question is too long: at most {model.MAX_VISIT_QUESTION_CHARS} characters."
            return "That question could not be added."
        questions = self.progress.visit.questions
        if any(q.text.casefold() == question.text.casefold() for q in questions):
            return "That question is already on your list."
        if len(questions) >= model.MAX_VISIT_QUESTIONS:
            return f"Your list is full ({model.MAX_VISIT_QUESTIONS} questions). Remove one first."
        questions.append(question)
        self._save(set())
        return None

    def remove_visit_question(self, index: int) -> None:
        """Take question ``index`` off the list and save (an index off the list: nothing)."""
        questions = self.progress.visit.questions
        if 0 <= index < len(questions):
            del questions[index]
            self._save(set())

    def move_visit_question(self, index: int, offset: int) -> int:
        """Move question ``index`` up (``offset`` < 0) or down the list and save; returns where it
        is now (it stops at either end)."""
        questions = self.progress.visit.questions
        if not 0 <= index < len(questions):
            return index
        target = min(len(questions) - 1, max(0, index + offset))
        if target != index:
            questions.insert(target, questions.pop(index))
            self._save(set())
        return target

    def mark_visit_question(self, index: int, asked: bool) -> None:
        """Mark question ``index`` asked (or not yet asked) and save."""
        questions = self.progress.visit.questions
        if 0 <= index < len(questions) and questions[index].asked != asked:
            questions[index] = dataclasses.replace(questions[index], asked=asked)
            self._save(set())

    def _lesson(self, lesson_id: str) -> LessonProgress:
        lesson = self.progress.lessons.get(lesson_id)
        if lesson is None:
            lesson = self.progress.lessons[lesson_id] = LessonProgress()
        return lesson

    def record_page(self, lesson_id: str, page_id: str, page_count: int) -> None:
        """The learner is on this page: mark it seen, remember it for "continue", save."""
        if not self._ids_usable(lesson_id, page_id):
            return
        now = _now()
        lesson = self._lesson(lesson_id)
        if page_id not in lesson.pages_seen:
            lesson.pages_seen = [*lesson.pages_seen, page_id]
        lesson.page_count = max(0, int(page_count))
        lesson.last_page = page_id
        lesson.last_visited = now
        self.progress.last_activity = LastActivity(kind="lesson", lesson=lesson_id, page=page_id, when=now)
        self._save(set())

    def complete_lesson(self, lesson_id: str) -> None:
        """Mark the lesson finished (the first time counts) and save."""
        if not self._ids_usable(lesson_id):
            return
        now = _now()
        lesson = self._lesson(lesson_id)
        if lesson.completed is None:
            lesson.completed = now
        lesson.last_visited = now
        self._save(set())

    def lesson_state(self, lesson_id: str) -> LessonState:
        lesson = self.progress.lessons.get(lesson_id) or LessonProgress()
        return LessonState(
            pages_seen=len(lesson.pages_seen),
            page_count=lesson.page_count,
            last_page=lesson.last_page,
            completed=lesson.completed,
            seen=tuple(lesson.pages_seen),
        )
