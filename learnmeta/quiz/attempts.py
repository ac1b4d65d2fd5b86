"""A quiz's attempts in the progress store, the same for every front end (the app, plain mode).

:class:`AttemptRecorder` carries on an attempt left part way (the store says which; the engine
decides whether: :meth:`~learnmeta.quiz.engine.QuizSession.resumed`), starts the attempt of a
quiz, saves every answer the moment it is checked, and records an attempt's totals at the end.
A save problem never ends a quiz: it is handed to ``on_problem``, once, in words.

No Textual here, and no import of the progress store (the quiz layer does not know it): the
store is anything with the methods of :class:`AttemptStore`, as
:class:`~learnmeta.progress.store.ProgressStore` has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from learnmeta.quiz.engine import QuizSession

if TYPE_CHECKING:
    from learnmeta.content.models import Pack, Question
    from learnmeta.quiz.engine import Outcome, ReviewSession, SessionResult


class AttemptStore(Protocol):
    """What the recorder needs of a progress store."""

    save_error: str | None

    def unfinished_attempt(self, pack_id: str, version: str, mode: str = ...) -> Any: ...

    def start_attempt(self, pack_id: str, pack_version: str, mode: str = ..., *, seed: str | None = ...,
                      questions: list[str] | None = ..., exam: bool = ...,
                      time_limit_minutes: int | None = ...) -> str: ...

    def record_answer(self, pack_id: str, pack_version: str, question_id: str, *, lesson: str | None,
                      section: str | None, response: str, correct: bool, hints_used: int,
                      attempt_id: str | None = ...) -> None: ...

    def finish_attempt(self, attempt_id: str, *, correct: int, total: int, percent: int,
                       passed: bool | None) -> None: ...


def welcome_back(session: ReviewSession) -> str:
    """What a learner is told when a quiz (or a knowledge check) carries on where it was left."""
    done, skipped = session.earlier_count, session.skipped_earlier_count
    kind = "quiz" if session.whole_quiz else "check"
    text = (
        f"Welcome back. You answered {done} of {session.total} questions last time, "
        f"so the {kind} carries on from question {done + 1}."
    )
    if skipped:
        text += (
            " The one you skipped comes at the end."
            if skipped == 1
            else f" The {skipped} you skipped come at the end."
        )
    return text


class AttemptRecorder:
    """Records one session in the progress store (``store`` None: nothing is saved)."""

    def __init__(
        self,
        store: AttemptStore | None,
        on_problem: Callable[[str], None],
        *,
        report_save_error: bool = False,
    ) -> None:
        self.store = store
        self.on_problem = on_problem
        self.report_save_error = report_save_error
        """Also report the store's ``save_error`` after each change (the app does; plain mode
        shows the store's notices itself)."""
        self.attempts: dict[str, str] = {}
        """pack id -> attempt id in the progress file."""
        self._told = False

    def begin(self, session: ReviewSession) -> ReviewSession | None:
        """Carry on the attempt this quiz left part way, or start the attempt of a quiz.

        Returns the session carried on (ask it instead of ``session``), or None when it starts
        afresh. A knowledge check, practice and review start their attempt with the first answer.
        """
        if self.store is not None and isinstance(session, QuizSession) and session.can_resume:
            pack = session.pack
            attempt = self.store.unfinished_attempt(pack.id, pack.pack.version, session.attempt_mode)
            resumed = session.resumed(attempt) if attempt is not None else None
            if attempt is not None and resumed is not None:
                self.attempts[pack.id] = attempt.id
                return resumed
        if session.mode == "quiz" and session.pack is not None:
            details = session.attempt_details() if isinstance(session, QuizSession) else {}
            self._attempt_for(session.pack.id, session.pack.pack.version, session.attempt_mode, details)
        return None

    def _attempt_for(self, pack_id: str, version: str, mode: str,
                     details: dict[str, Any] | None = None) -> str | None:
        if pack_id in self.attempts:
            return self.attempts[pack_id]
        if self.store is None:
            return None
        try:
            attempt = self.store.start_attempt(pack_id, version, mode=mode, **(details or {}))
        except OSError as error:  # the store reports save problems itself; never end the quiz on one
            self._problem(str(error))
            return None
        self.attempts[pack_id] = attempt
        self._check_save_error()
        return attempt

    def record(self, session: ReviewSession, pack: Pack | None, question: Question, outcome: Outcome,
               hints_used: int) -> None:
        """Save one checked answer (and start the pack's attempt first, if it has none yet)."""
        if self.store is None:
            return
        pack_id = pack.id if pack is not None else ""
        version = pack.pack.version if pack is not None else ""
        attempt = self._attempt_for(pack_id, version, session.attempt_mode)
        try:
            self.store.record_answer(
                pack_id,
                version,
                question.id,
                lesson=question.lesson,
                section=question.section,
                response=outcome.response_text,
                correct=bool(outcome.correct),
                hints_used=hints_used,
                attempt_id=attempt,
            )
        except OSError as error:
            self._problem(str(error))
            return
        self._check_save_error()

    def finish(self, session: ReviewSession, result: SessionResult) -> None:
        """Record how each attempt ended: its totals, and for a whole quiz whether it passed.

        Every question skipped: nothing to score. The attempt stays unfinished (with no answers it
        is never carried on): it adds no score, best or pass to the record.
        """
        if self.store is None or result.answered == 0:
            return
        pack = session.pack
        passed = result.passed(pack.pack.pass_mark) if pack is not None and session.whole_quiz else None
        for pack_id, attempt in self.attempts.items():
            correct, total, percent = result.score(pack_id)
            try:
                self.store.finish_attempt(attempt, correct=correct, total=total, percent=percent, passed=passed)
            except OSError as error:
                self._problem(str(error))

    def _check_save_error(self) -> None:
        if self.report_save_error and self.store is not None and self.store.save_error:
            self._problem(self.store.save_error)

    def _problem(self, text: str) -> None:
        if not self._told:
            self._told = True
            self.on_problem(f"Your answers could not be saved: {text}")
