"""The store's review queries: which questions are due, how many, and when the next one is.

Part of :class:`~learnmeta.progress.store.ProgressStore` (see :mod:`learnmeta.progress.storebase`);
it only reads. When a question comes back is decided by :mod:`learnmeta.progress.scheduling` as
each answer is recorded; here its review state is read.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterator

from learnmeta.progress.model import QuestionProgress, ReviewState
from learnmeta.progress.storebase import StoreParts, _when
from learnmeta.record import VALUE, Value

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Pack, Question


@VALUE
class DueQuestion(Value):
    pack_id: str
    question_id: str
    lesson: str | None
    section: str | None
    due: dt.datetime


class ReviewPart(StoreParts):
    """What is due for review."""

    # --------------------------------------------------------------------------------------
    # Review
    # --------------------------------------------------------------------------------------

    def due_questions(self, now: dt.datetime | None = None, library: Library | None = None) -> list[DueQuestion]:
        """Questions whose review is due at ``now``, the longest overdue first; with ``library``,
        only those it still has (a pack removed from ``packs/`` leaves its records behind)."""
        now = _when(now)
        due = [
            DueQuestion(pack_id, question_id, record.lesson, record.section, review.due)
            for pack_id, question_id, record, review in self.reviewable(library)
            if review.due <= now
        ]
        due.sort(key=lambda item: (item.due, item.pack_id, item.question_id))
        return due

    def due_items(self, library: Library, now: dt.datetime | None = None) -> list[tuple[Pack, Question]]:
        """(pack, question) of every question due at ``now`` that ``library`` still has, the
        longest overdue first: what a review asks (both front ends)."""
        items = []
        for due in self.due_questions(now, library=library):
            pack = library.pack(due.pack_id)
            question = pack.question(due.question_id) if pack else None
            if pack is not None and question is not None:
                items.append((pack, question))
        return items

    def due_count(self, now: dt.datetime | None = None, library: Library | None = None) -> int:
        """How many questions are due at ``now`` (with ``library``: that it still has, so that
        the count is what a review then asks)."""
        now = _when(now)
        return sum(1 for *_, review in self.reviewable(library) if review.due <= now)

    def next_due(self, library: Library | None = None) -> dt.datetime | None:
        """When the first question comes back for review (it may be due already); None when no
        question has a review (with ``library``: none that it still has)."""
        return min((review.due for *_, review in self.reviewable(library)), default=None)

    def reviewable(
        self, library: Library | None
    ) -> Iterator[tuple[str, str, QuestionProgress, ReviewState]]:
        """(pack id, question id, record, its review state) of every question with a review
        state (in ``library``)."""
        for pack_id, questions in self.progress.questions.items():
            pack = None if library is None else library.pack(pack_id)
            if library is not None and pack is None:
                continue
            for question_id, record in questions.items():
                if record.review is None or (pack is not None and pack.question(question_id) is None):
                    continue
                yield pack_id, question_id, record, record.review
