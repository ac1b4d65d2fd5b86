"""What the home screen's "Continue" button does next, and the words that say so.

In this order: a quiz left part way (the quiz screen carries it on), the lesson being read, the
knowledge check of a lesson read to the end but not yet checked, then the first lesson not done
(or its check), then the review that is due, and otherwise a gentle "been through everything".
Plain Python over the library and the progress store: no Textual here, so it is easy to test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from learnmeta.record import VALUE, Value

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Lesson, Pack
    from learnmeta.progress.store import ProgressStore


@VALUE
class NextStep(Value):
    """``kind``: "quiz" | "lesson" | "check" | "review" | "done"; ``label`` says what happens."""

    kind: str
    label: str
    lesson: Lesson | None = None
    pack: Pack | None = None
    page: str | None = None


def unfinished_quiz(store: ProgressStore, pack: Pack) -> int | None:
    """How many questions of a whole quiz left part way were answered (None: none left so).

    The quiz screen's own test: the store's unfinished attempt, and the engine's rule for
    carrying it on (:meth:`learnmeta.quiz.engine.QuizSession.resumed`).
    """
    attempt = store.unfinished_attempt(pack.id, pack.pack.version)
    if attempt is None:
        return None
    from learnmeta.quiz.engine import QuizSession

    session = QuizSession(pack).resumed(attempt)
    return None if session is None else session.earlier_count


SHORT_LABEL = 52
"""The longest "carry on" label that fits Continue on one line in a 60-column terminal."""


def _carry_on_check(title: str, position: int, count: int) -> str:
    """Where a knowledge check carries on, in the longest words that fit 60 columns."""
    forms = [
        f"Carry on: {title} check, question {position} of {count}",
        f"Carry on: {title} check, {position} of {count}",
    ]
    return next((form for form in forms if len(form) <= SHORT_LABEL),
                f"Carry on the check, question {position} of {count}")


def unfinished_check(store: ProgressStore, pack: Pack, question_ids: list[str]) -> int | None:
    """How many questions of a knowledge check left part way were answered (None: none left so),
    by the quiz screen's own test, as :func:`unfinished_quiz` for a whole quiz."""
    from learnmeta.quiz.engine import QuizSession

    questions = [q for qid in question_ids if (q := pack.question(qid)) is not None]
    session = QuizSession(pack, questions, mode="check")
    attempt = store.unfinished_attempt(pack.id, pack.pack.version, session.attempt_mode)
    if attempt is None:
        return None
    resumed = session.resumed(attempt)
    return None if resumed is None else resumed.earlier_count


def check_taken(store: ProgressStore, pack: Pack, question_ids: list[str]) -> bool:
    """True when every question of a lesson's knowledge check has been answered at least once."""
    answers = store.progress.questions.get(pack.id, {})
    return all((answer := answers.get(qid)) is not None and answer.seen > 0
               for qid in question_ids if pack.question(qid) is not None)


def _check_step(library: Library, store: ProgressStore, lesson: Lesson) -> NextStep | None:
    """The lesson's knowledge check, if it has one that has not been taken."""
    check = lesson.meta.knowledge_check
    if check is None:
        return None
    pack = library.pack(check.pack)
    if pack is None or check_taken(store, pack, check.questions):
        return None
    count = sum(1 for qid in check.questions if pack.question(qid) is not None)
    if count == 0:
        return None
    done = unfinished_check(store, pack, check.questions)
    if done is not None:
        return NextStep("check", _carry_on_check(lesson.title, done + 1, count), lesson=lesson, pack=pack)
    words = f"{count} question{'s' if count != 1 else ''}"
    return NextStep("check", f"Check what you learned: {lesson.title} ({words})", lesson=lesson, pack=pack)


def _lesson_step(lesson: Lesson, page: str | None, track: str | None = None) -> NextStep:
    if not page or lesson.page(page) is None:
        return NextStep("lesson", f"Start: {lesson.title}", lesson=lesson)
    pages = lesson.pages_for(track)
    ids = [p.id for p in pages]
    if page not in ids:  # a trainee page opened on the self-study track: it counts in its place
        ids = [p.id for p in lesson.pages if p.id in ids or p.id == page]
    return NextStep("lesson", f"Continue: {lesson.title}, page {ids.index(page) + 1} of {len(ids)}",
                    lesson=lesson, page=page)


def next_step(library: Library, store: ProgressStore) -> NextStep:
    """The one thing "Continue" does now."""
    last = store.last_activity()
    if last and last[0] == "quiz":
        pack = library.pack(last[1])
        exam = store.unfinished_exam(pack.id, pack.pack.version) if pack is not None else None
        if pack is not None and exam is not None:  # start_quiz carries the exam on
            total = len(exam.questions) if exam.questions else len(pack.questions)
            return NextStep("quiz", f"Carry on the exam: {pack.title} ({len(exam.answers)} of "
                            f"{total} answered)", pack=pack)
        done = unfinished_quiz(store, pack) if pack is not None else None
        if pack is not None and done is not None:
            asked = pack.pack.draw if pack.pack.draw is not None else len(pack.questions)
            return NextStep("quiz", f"Carry on the quiz: {pack.title} (question {done + 1} of "
                            f"{min(asked, len(pack.questions))})", pack=pack)
    elif last and last[0] == "lesson":
        lesson = library.lesson(last[1])
        if lesson is not None:
            if not store.lesson_state(lesson.id).completed:
                return _lesson_step(lesson, last[2] if len(last) > 2 else None, store.settings.track)
            step = _check_step(library, store, lesson)
            if step is not None:
                return step
    for lesson in library.lessons:
        state = store.lesson_state(lesson.id)
        if not state.completed:
            return _lesson_step(lesson, state.last_page, store.settings.track)
        step = _check_step(library, store, lesson)
        if step is not None:
            return step
    due = store.due_count(library=library)
    if due:
        return NextStep("review", f"Review {due} question{'s' if due != 1 else ''} due now")
    return NextStep("done", "You have been through everything. Choose a lesson or quiz to go over")
