"""The progress summary: per lesson, pages read, the knowledge check's score and the questions
mastered; the answers of the last days; when the next review is; the ideas to look at again and
the questions often missed. The app's progress screen and plain mode's "progress" show it.

Rules, in words a learner can be told:

* **pages read**: the pages of the learner's track seen (as home counts them);
* **knowledge check questions**: of the check's questions, how many the latest answer got right,
  wherever it was given (the check, a quiz, a review: said as "knowledge check questions", so a
  learner who never opened the check is not told they took it; "not taken yet" before any is
  answered);
* **mastered**: a question answered right at least twice, and right the last time
  (:func:`is_mastered`), among the questions of every pack that teach the lesson;
* **answers over time**: the answers in the history, by day (the learner's own calendar).

Plain Python: no Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from learnmeta.progress.scheduling import next_review_in_words
from learnmeta.study.mistakes import Leech, Misconception, ideas_to_look_at_again, leeches

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Lesson
    from learnmeta.progress.model import HistoryEntry, QuestionProgress
    from learnmeta.progress.store import ProgressStore

DAYS_SHOWN = 14
"""The answers over time cover this many days, today included."""

MASTERED_RIGHT = 2


def is_mastered(record: QuestionProgress | None) -> bool:
    """Answered right at least twice, and right the last time."""
    return record is not None and bool(record.last_correct) and record.correct >= MASTERED_RIGHT


@dataclass(frozen=True)
class LessonSummary:
    lesson_id: str
    title: str
    pages_read: int
    page_count: int
    completed: bool
    check_right: int | None
    """Of the check's questions, how many the latest answer got right (None: none answered yet,
    or the lesson has no check)."""
    check_count: int
    """The questions of the lesson's knowledge check (0: it has none)."""
    questions: int
    """Questions in the library that teach this lesson."""
    mastered: int
    check_answered: int = 0
    """Of the check's questions, how many have been answered (in the check, a quiz or a review)."""

    @property
    def pages_text(self) -> str:
        done = " (finished)" if self.completed else ""
        return f"{self.pages_read} of {self.page_count} pages read{done}"

    @property
    def check_text(self) -> str:
        if not self.check_count:
            return "no knowledge check"
        if self.check_right is None:
            return "knowledge check not taken yet"
        if self.check_answered < self.check_count:  # (home still offers the check then)
            return (f"knowledge check questions: {self.check_answered} of {self.check_count} "
                    f"answered, {self.check_right} right")
        return f"knowledge check questions: {self.check_right} of {self.check_count} right"

    @property
    def mastered_text(self) -> str:
        return f"{self.mastered} of {self.questions} question{'s' if self.questions != 1 else ''} mastered"


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    right: int = 0
    wrong: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong


@dataclass(frozen=True)
class ProgressSummary:
    lessons: list[LessonSummary]
    days: list[DayCount]
    """The last :data:`DAYS_SHOWN` days, oldest first, today last."""
    due_now: int
    next_review: str | None
    """When the next review is, in words ("now", "tomorrow"); None: nothing is scheduled."""
    ideas: list[Misconception] = field(default_factory=list)
    leeches: list[Leech] = field(default_factory=list)

    @property
    def answers_shown(self) -> int:
        return sum(day.total for day in self.days)

    def days_text(self) -> list[str]:
        """The answers over time in words (what the plot shows, for a screen reader): a line for
        the period, then one per day with answers."""
        right = sum(day.right for day in self.days)
        total = self.answers_shown
        if not total:
            return [f"No answers in the last {len(self.days)} days."]
        lines = [f"In the last {len(self.days)} days: {total} answer{'s' if total != 1 else ''}, "
                 f"{right} right and {total - right} not right."]
        for day in self.days:
            if day.total:
                lines.append(f"{day_name(day.day, self.days[-1].day)}: {day.right} right, {day.wrong} not right")
        return lines

    def review_text(self) -> str:
        if self.due_now:
            return f"{self.due_now} question{'s' if self.due_now != 1 else ''} due for review now."
        if self.next_review is None:
            return "Nothing to review yet: questions come back for review once you have answered them."
        return f"Nothing is due now. Next review: {self.next_review}."


def day_name(day: dt.date, today: dt.date) -> str:
    """ "Today", "Yesterday", "Wednesday 2 December"."""
    if day == today:
        return "Today"
    if day == today - dt.timedelta(days=1):
        return "Yesterday"
    return f"{day:%A} {day.day} {day:%B}"


def _lesson_summary(library: Library, store: ProgressStore, lesson: Lesson) -> LessonSummary:
    state = store.lesson_state(lesson.id)
    track_pages = {page.id for page in lesson.pages_for(store.settings.track)}
    records = store.progress.questions
    check = lesson.meta.knowledge_check
    check_count, check_right, check_answered = 0, None, 0
    if check is not None:
        pack = library.pack(check.pack)
        ids = [qid for qid in check.questions if pack is not None and pack.question(qid) is not None]
        check_count = len(ids)
        answered = [record for qid in ids if (record := records.get(check.pack, {}).get(qid)) and record.seen]
        check_answered = len(answered)
        if answered:
            check_right = sum(1 for record in answered if record.last_correct)
    questions = mastered = 0
    for pack in library.packs:
        pack_records = records.get(pack.id, {})
        for question in pack.questions:
            if question.lesson == lesson.id:
                questions += 1
                mastered += is_mastered(pack_records.get(question.id))
    return LessonSummary(
        lesson_id=lesson.id,
        title=lesson.title,
        pages_read=len(track_pages.intersection(state.seen)),
        page_count=len(track_pages),
        completed=state.completed is not None,
        check_right=check_right,
        check_count=check_count,
        questions=questions,
        mastered=mastered,
        check_answered=check_answered,
    )


def answers_by_day(answers: Iterable[HistoryEntry], today: dt.date, days: int = DAYS_SHOWN) -> list[DayCount]:
    """Right and not-right answers on each of the last ``days`` days (local dates), oldest first."""
    counts = _day_counts(today, days)
    for entry in answers:
        _count(counts, entry)
    return [DayCount(day, right, wrong) for day, (right, wrong) in counts.items()]


def _day_counts(today: dt.date, days: int) -> dict[dt.date, list[int]]:
    first = today - dt.timedelta(days=days - 1)
    return {first + dt.timedelta(days=n): [0, 0] for n in range(days)}


def _count(counts: dict[dt.date, list[int]], entry: HistoryEntry) -> None:
    day = entry.when.astimezone().date()
    if day in counts:
        counts[day][0 if entry.correct else 1] += 1


def progress_summary(library: Library, store: ProgressStore, now: dt.datetime | None = None) -> ProgressSummary:
    """The whole summary at ``now`` (default: now). The answers are gone through once, each
    counted on its day as the ideas to look at again are found (not all held at once)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    counts = _day_counts(now.astimezone().date(), DAYS_SHOWN)

    def counted() -> Iterator[HistoryEntry]:
        for entry in store.each_answer():
            _count(counts, entry)
            yield entry

    ideas = ideas_to_look_at_again(library, store, counted())
    return ProgressSummary(
        lessons=[_lesson_summary(library, store, lesson) for lesson in library.lessons],
        days=[DayCount(day, right, wrong) for day, (right, wrong) in counts.items()],
        due_now=store.due_count(now, library=library),
        next_review=next_review_in_words(store.next_due(library), now),
        ideas=ideas,
        leeches=leeches(library, store),
    )
