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

import contextlib
import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from learnmeta.quiz.engine import QuizSession

if TYPE_CHECKING:
    from learnmeta.content.models import Pack, Question
    from learnmeta.quiz.exam import ExamSession
    from learnmeta.quiz.engine import Outcome, ReviewSession, SessionResult


class AttemptStore(Protocol):
    """What the recorder needs of a progress store."""

    save_error: str | None

    def unfinished_attempt(self, pack_id: str, version: str, mode: str = ...) -> Any: ...

    def start_attempt(self, pack_id: str, pack_version: str, mode: str = ..., *, seed: str | None = ...,
                      questions: list[str] | None = ..., exam: bool = ...,
                      time_limit_minutes: int | None = ..., when: dt.datetime | None = ...,
                      taken_back: list[str] | None = ...,
                      taken_back_sure: dict[str, int] | None = ...) -> str: ...

    def record_answer(self, pack_id: str, pack_version: str, question_id: str, *, lesson: str | None,
                      section: str | None, response: str, correct: bool, hints_used: int,
                      attempt_id: str | None = ..., confidence: int | None = ...,
                      given_again: bool = ...) -> str | None: ...

    def undo_answer(self, answer_id: str) -> bool: ...

    def overrule_answer(self, answer_id: str) -> bool: ...

    def finish_attempt(self, attempt_id: str, *, correct: int, total: int, percent: int,
                       passed: bool | None, given_again: int = ...) -> None: ...

    def unfinished_exam(self, pack_id: str, version: str) -> Any: ...

    def save_exam_answer(self, attempt_id: str, question_id: str, answer: Any,
                         confidence: int | None = ...) -> None: ...

    def close_exam(self, attempt_id: str) -> None: ...

    def saving_once(self) -> AbstractContextManager[None]: ...

    def saving_later(self) -> AbstractContextManager[None]: ...

    def save_pending(self) -> bool: ...


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
        self.last_answer: str | None = None
        """The id the store gave the answer saved last (for undo and "I was right")."""
        self._told = False
        self._details: dict[str, dict[str, Any]] = {}
        """pack id -> what the attempt a knowledge check starts with its first answer records
        besides its mode (the questions taken back in the attempt it goes on from)."""

    def begin(self, session: ReviewSession) -> ReviewSession | None:
        """Carry on the attempt this quiz left part way, or start the attempt of a quiz.

        Returns the session carried on (ask it instead of ``session``), or None when it starts
        afresh. A knowledge check, practice and review start their attempt with the first answer.
        An attempt left with no answers, after a wrong one was taken back (undo), is not carried
        on: the new attempt of the quiz (or of the knowledge check, when they were its questions)
        keeps the questions taken back, so an answer given again to them is still marked so, and
        one left unanswered still counts in certainty-based marking as it was given.
        """
        taken_back: list[str] = []
        sure: dict[str, int] = {}
        if self.store is not None and isinstance(session, QuizSession) and session.can_resume:
            pack = session.pack
            attempt = self.store.unfinished_attempt(pack.id, pack.pack.version, session.attempt_mode)
            resumed = session.resumed(attempt) if attempt is not None else None
            if attempt is not None and resumed is not None:
                self.attempts[pack.id] = attempt.id
                return resumed
            ids = tuple(getattr(attempt, "taken_back", None) or ()) if attempt is not None else ()
            if (attempt is not None and not attempt.answered and ids
                    and (session.whole_quiz or set(ids) <= set(session.question_ids))):
                sure = dict(getattr(attempt, "taken_back_sure", None) or {})
                taken_back = session.knowing_taken_back(ids, sure)
        carried = {"taken_back": taken_back,
                   "taken_back_sure": {qid: level for qid, level in sure.items() if qid in taken_back}}
        if session.mode == "quiz" and session.pack is not None:
            details = session.attempt_details() if isinstance(session, QuizSession) else {}
            if taken_back:
                details = {**details, **carried}
            self._attempt_for(session.pack.id, session.pack.pack.version, session.attempt_mode, details)
        elif taken_back and session.pack is not None:  # a check: its attempt starts with an answer
            self._details[session.pack.id] = carried
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
               hints_used: int, confidence: int | None = None, *, later: bool = False) -> None:
        """Save one checked answer (and start the pack's attempt first, if it has none yet);
        ``confidence``: how sure the learner said they were (1 to 3; None: not said).

        ``later``: the answer is written to the answer log now (a killed app cannot lose it) and
        the rest of its save (the fsync, the summary) is left for :meth:`save_pending`, which the
        caller makes soon after (see ``ProgressStore.saving_later``). The attempt's start, when
        this answer starts it, is saved in full first."""
        self.last_answer = None
        if self.store is None:
            return
        pack_id = pack.id if pack is not None else ""
        version = pack.pack.version if pack is not None else ""
        attempt = self._attempt_for(pack_id, version, session.attempt_mode, self._details.pop(pack_id, None))
        try:
            with self.store.saving_later() if later else contextlib.nullcontext():
                self.last_answer = self._record_answer(question, outcome, pack_id, version, attempt,
                                                       hints_used, confidence, self._given_again(session))
        except OSError as error:
            self._problem(str(error))
            return
        self._check_save_error()

    def save_pending(self) -> None:
        """Save what :meth:`record` left for later (``later=True``), and tell the learner if that
        failed. Undo, "I was right", the end of a quiz and closing the store save it first too."""
        if self.store is None:
            return
        self.store.save_pending()
        self._check_save_error()

    @staticmethod
    def _given_again(session: ReviewSession) -> bool:
        """The answer just given follows a wrong answer to the question taken back (undo)."""
        record = session.current_record
        return bool(record is not None and record.given_again)

    def _record_answer(self, question: Question, outcome: Outcome, pack_id: str, version: str,
                       attempt: str | None, hints_used: int, confidence: int | None,
                       given_again: bool = False) -> str | None:
        assert self.store is not None
        return self.store.record_answer(
            pack_id,
            version,
            question.id,
            lesson=question.lesson,
            section=question.section,
            response=outcome.response_text,
            correct=bool(outcome.correct),
            hints_used=hints_used,
            attempt_id=attempt,
            confidence=confidence,
            given_again=given_again,
        )

    def undo(self, session: ReviewSession) -> bool:
        """Take back the answer just given (the session's and the store's): the question is asked
        again as if it had never been answered. Returns whether it was taken back (False: nothing
        to undo, or an exam)."""
        if session.current_record is None or not session.can_undo:
            return False
        answer, self.last_answer = self.last_answer, None
        if self.store is not None and answer is not None:
            try:
                self.store.undo_answer(answer)
            except OSError as error:
                self._problem(str(error))
            self._check_save_error()
        session.undo()
        return True

    def overrule(self, session: ReviewSession) -> Outcome | None:
        """ "I was right" about the typed answer just given: it counts as right, in the session and
        in the store (recorded as overruled). Returns the new outcome (None: it cannot be)."""
        if session.current_record is None or not session.can_overrule:
            return None
        if self.store is not None and self.last_answer is not None:
            try:
                self.store.overrule_answer(self.last_answer)
            except OSError as error:
                self._problem(str(error))
            self._check_save_error()
        return session.overrule()

    def finish(self, session: ReviewSession, result: SessionResult) -> None:
        """Record how each attempt ended: its totals, and for a whole quiz whether it passed.

        Every question skipped: nothing to score. The attempt stays unfinished (with no answers it
        is never carried on): it adds no score, best or pass to the record.
        """
        if self.store is None or result.answered == 0:
            return
        pack = session.pack
        passed = result.passed(pack.pack.pass_mark) if pack is not None and session.whole_quiz else None
        # what a whole quiz's results said of answers given again, for Past results to say it too
        again = result.given_again if session.whole_quiz else 0
        for pack_id, attempt in self.attempts.items():
            correct, total, percent = result.score(pack_id)
            try:
                self.store.finish_attempt(attempt, correct=correct, total=total, percent=percent, passed=passed,
                                          given_again=again)
            except OSError as error:
                self._problem(str(error))

    # --- exams ---------------------------------------------------------------------------------
    def begin_exam(self, session: ExamSession, now: dt.datetime | None = None) -> ExamSession:
        """Carry on the exam this pack left unsubmitted (its questions, clock and answers), or
        start the exam's attempt and its clock. Returns the session to use. An exam whose time
        ran out meanwhile comes back submitted (``timed_out``): :meth:`submit_exam` records it."""
        from learnmeta.quiz.exam import now_utc

        now = now or now_utc()
        pack = session.pack
        if self.store is not None:
            left = self.store.unfinished_exam(pack.id, pack.pack.version)
            carried = session.carried_on_from(left) if left is not None else None
            if left is not None and carried is not None:
                self.attempts[pack.id] = left.id
                if getattr(left, "recorded", 0):  # submitted, and cut off before its end was saved
                    carried.answers_recorded = True
                    carried.submit()
                elif carried.time_up(now):
                    carried.submit(timed_out=True)
                return carried
        session.started = now
        if self.store is not None:
            try:
                attempt = self.store.start_attempt(
                    pack.id, pack.pack.version, mode=session.attempt_mode, exam=True,
                    time_limit_minutes=session.time_limit_minutes, when=now, **session.attempt_details(),
                )
            except OSError as error:
                self._problem(str(error))
            else:
                self.attempts[pack.id] = attempt
                self._check_save_error()
        return session

    def save_exam_answer(self, session: ExamSession, question: Question | None, stored: Any) -> None:
        """Save one exam answer (``stored`` None: taken back), with how sure the learner said
        they were of it, the moment either is given."""
        attempt = self.attempts.get(session.pack.id)
        if self.store is None or attempt is None or question is None:
            return
        confidence = session.confidence_of(question) if stored is not None else None
        try:
            self.store.save_exam_answer(attempt, question.id, stored, confidence=confidence)
        except OSError as error:
            self._problem(str(error))
            return
        self._check_save_error()

    def submit_exam(self, session: ExamSession) -> None:
        """Record a submitted exam, all at once (one save): each answer as an answer (its counts,
        review and history), then how the attempt ended; its kept answers are then dropped."""
        attempt = self.attempts.get(session.pack.id)
        if self.store is None or attempt is None:
            return
        pack = session.pack
        result = session.result()
        try:
            with self.store.saving_once():
                for question, outcome in session.checked():
                    if outcome is None or session.answers_recorded:
                        continue
                    self.store.record_answer(
                        pack.id, pack.pack.version, question.id, lesson=question.lesson,
                        section=question.section, response=outcome.response_text,
                        correct=bool(outcome.correct), hints_used=0, attempt_id=attempt,
                        confidence=session.confidence_of(question),
                    )
                correct, total, percent = result.score(pack.id)
                passed = result.passed(pack.pack.pass_mark) if session.whole_quiz else None
                self.store.finish_attempt(attempt, correct=correct, total=total, percent=percent,
                                          passed=passed)
                self.store.close_exam(attempt)
        except OSError as error:
            self._problem(str(error))
            return
        self._check_save_error()

    def _check_save_error(self) -> None:
        if self.report_save_error and self.store is not None and self.store.save_error:
            self._problem(self.store.save_error)

    def _problem(self, text: str) -> None:
        if not self._told:
            self._told = True
            self.on_problem(f"Your answers could not be saved: {text}")
