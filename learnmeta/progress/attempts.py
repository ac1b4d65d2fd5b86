"""The store's packs, their attempts and exams: starting, finishing and carrying one on.

Part of :class:`~learnmeta.progress.store.ProgressStore` (see :mod:`learnmeta.progress.storebase`):
each change is made in memory, then saved at once. The answers themselves are recorded by the
store and its answer log (:meth:`~learnmeta.progress.store.ProgressStore.record_answer`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from learnmeta.progress.model import (
    MAX_ATTEMPTS_KEPT,
    MAX_COUNT,
    Attempt,
    LastActivity,
    PackProgress,
    QuestionProgress,
)
from learnmeta.progress.storebase import StoreParts, _now, _usable_id, _when
from learnmeta.record import VALUE, Value

if TYPE_CHECKING:
    from learnmeta.content.library import Library


@VALUE
class UnfinishedAttempt(Value):
    """An attempt left (or cut off) part way, as a quiz needs it to carry on."""

    id: str
    answered: int
    """The answers the attempt counted."""
    answers: dict[str, bool]
    """The pack's questions answered since the attempt started -> whether the last answer was right."""
    seed: str | None = None
    """A pool's draw: its seed (None when the pack draws no pool)."""
    questions: tuple[str, ...] | None = None
    """A pool's draw: the ids of the questions drawn, in the order asked."""
    confidence: dict[str, int] = dataclasses.field(default_factory=dict)
    """Of the questions answered since it started, those whose last answer said how sure -> the
    level (1 not sure to 3 sure)."""
    taken_back: tuple[str, ...] = ()
    """The questions whose wrong answer in the attempt was taken back (undo)."""
    taken_back_sure: dict[str, int] = dataclasses.field(default_factory=dict)
    """Of those, the ones whose wrong answer said how sure -> the level (1 to 3)."""


@VALUE
class UnfinishedExam(Value):
    """An exam started and not submitted, as it carries on: its answers so far and its clock."""

    id: str
    started: dt.datetime
    time_limit_minutes: int | None
    answers: dict[str, Any]
    """Question id -> the answer saved (the engine checks each against its question)."""
    seed: str | None = None
    questions: tuple[str, ...] | None = None
    recorded: int = 0
    """Answers already recorded for it (its ``answered``): more than 0 only when its submission
    was cut off after the answer log took them in (they are then never recorded again)."""
    confidence: dict[str, int] = dataclasses.field(default_factory=dict)
    """Question id -> how sure the learner said they were of its answer (1 to 3)."""


class AttemptsPart(StoreParts):
    """Packs, attempts and exams."""

    # --------------------------------------------------------------------------------------
    # Packs and their attempts
    # --------------------------------------------------------------------------------------

    def _pack(self, pack_id: str, pack_version: str | None = None) -> PackProgress:
        pack = self.progress.packs.get(pack_id)
        if pack is None:
            pack = self.progress.packs[pack_id] = PackProgress(version=pack_version or "")
        elif pack_version and pack.version != pack_version:
            pack.version = pack_version
        return pack

    def start_attempt(
        self,
        pack_id: str,
        pack_version: str,
        mode: str = "quiz",
        *,
        seed: str | None = None,
        questions: list[str] | None = None,
        exam: bool = False,
        time_limit_minutes: int | None = None,
        when: dt.datetime | None = None,
        taken_back: list[str] | None = None,
        taken_back_sure: dict[str, int] | None = None,
    ) -> str:
        """A new attempt at a pack; returns its id. Keeps the last 20 attempts; saves.

        ``seed`` and ``questions``: a question pool's draw (recorded so that carrying on, the
        results and the class report know which questions were asked). ``exam``: an exam, with
        its ``time_limit_minutes`` (None: no limit); its answers are kept with
        :meth:`save_exam_answer` until it is submitted. ``taken_back``: questions whose wrong
        answer was taken back in an attempt left with no answers, which this one goes on from (an
        answer given again to them is marked so), with ``taken_back_sure``, how sure those wrong
        answers were (1 to 3), for those that said."""
        now = _when(when)
        import secrets  # not needed to start the app (it imports hmac and hashlib)

        attempt_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        if not self._ids_usable(pack_id, version=pack_version, mode=mode or "quiz"):
            return attempt_id
        if questions is not None and not self._ids_usable(*questions):
            questions = None
        if taken_back is not None and not self._ids_usable(*taken_back):
            taken_back = None
        sure = {qid: level for qid, level in (taken_back_sure or {}).items()
                if taken_back and qid in taken_back and type(level) is int and 1 <= level <= 3}
        pack = self._pack(pack_id, pack_version)
        attempt = Attempt(
            id=attempt_id, mode=mode or "quiz", pack_version=pack_version or "", started=now,
            seed=seed if _usable_id(seed, 64) else None,
            questions=list(questions) if questions is not None else None,
            exam=True if exam else None,
            time_limit_minutes=time_limit_minutes if exam and time_limit_minutes else None,
            exam_answers={} if exam else None,
            taken_back=list(dict.fromkeys(taken_back))[:20_000] if taken_back else None,
            taken_back_sure=sure or None,
        )
        attempts = [*pack.attempts, attempt]
        pack.attempts = attempts[-MAX_ATTEMPTS_KEPT:]
        pack.attempts_total += 1
        self.progress.last_activity = LastActivity(kind="quiz", pack=pack_id, when=now)
        self._save({pack_id})
        return attempt_id

    def _find_attempt(self, attempt_id: str) -> tuple[PackProgress, Attempt] | None:
        for pack in self.progress.packs.values():
            for attempt in pack.attempts:
                if attempt.id == attempt_id:
                    return pack, attempt
        return None

    def finish_attempt(
        self, attempt_id: str, *, correct: int, total: int, percent: int, passed: bool | None,
        given_again: int = 0,
    ) -> None:
        """Record how an attempt ended; a "quiz" attempt counts for the best score. Saves.
        ``given_again``: how many answers its results said were given again (kept when some)."""
        found = self._find_attempt(attempt_id)
        if found is None:
            return
        pack, attempt = found
        pack_id = next(key for key, value in self.progress.packs.items() if value is pack)
        if attempt.finished is None:
            pack.finished_total += 1
            if attempt.mode == "quiz" and passed:
                pack.passed_total += 1
        attempt.finished = _now()
        attempt.correct = max(0, int(correct))
        attempt.total = max(0, int(total))
        attempt.percent = min(100, max(0, int(percent)))
        attempt.passed = passed
        attempt.given_again = min(MAX_COUNT, int(given_again)) if given_again and given_again > 0 else None
        if attempt.mode == "quiz":
            best = pack.best_percent
            pack.best_percent = attempt.percent if best is None else max(best, attempt.percent)
        self._save({pack_id})
        self._recorded("attempt", attempt)

    def unfinished_attempt(self, pack_id: str, version: str, mode: str = "quiz") -> UnfinishedAttempt | None:
        """The pack's last attempt, when it is of this mode and pack version, not finished, and has
        answers, or had one taken back (then with no answers: never carried on, but a new attempt
        keeps its ``taken_back``); None otherwise. (Whether a quiz carries it on is the quiz
        engine's rule.) Reviews started since do not count as the pack's last attempt (a review
        is never carried on): a knowledge check or quiz left part way, then a review, carries on
        as it would have without the review, with its own answers only (from the answer log,
        the review's answers to the same questions left out)."""
        attempts = self._attempts_to_carry_on(pack_id, skip_reviews=mode != "review")
        attempt = attempts[-1] if attempts else None
        if (
            attempt is None
            or attempt.mode != mode
            or attempt.finished is not None
            or (attempt.answered == 0 and not attempt.taken_back)
            or attempt.pack_version != version
        ):
            return None
        if attempt.answered == 0:  # only taken back: nothing since counts for it
            return _carried_on(attempt, {}, {})
        pack = self.progress.packs[pack_id]
        if len(attempts) < len(pack.attempts):  # reviews since: the attempt's own answers, from the log
            return self._unfinished_from_log(pack_id, attempt)
        since = {
            question_id: record
            for question_id, record in self.progress.questions.get(pack_id, {}).items()
            if record.last_answered is not None and record.last_answered >= attempt.started
        }
        for question_id in self._answered_before(pack_id, attempt, since):
            del since[question_id]
        answers = {question_id: bool(record.last_correct) for question_id, record in since.items()}
        sure = {
            question_id: record.last_confidence
            for question_id, record in since.items()
            if record.last_confidence is not None
        }
        return _carried_on(attempt, answers, sure)

    def _attempts_to_carry_on(self, pack_id: str, *, skip_reviews: bool = True) -> list[Attempt]:
        """The pack's attempts up to its last one that may be carried on: reviews started after
        it left out (a review is never carried on, and does not end what it came between)."""
        pack = self.progress.packs.get(pack_id)
        attempts = pack.attempts if pack is not None else []
        last = len(attempts)
        while skip_reviews and last > 0 and attempts[last - 1].mode == "review":
            last -= 1
        return attempts[:last]

    def _unfinished_from_log(self, pack_id: str, attempt: Attempt) -> UnfinishedAttempt:
        """:meth:`unfinished_attempt` of an attempt with reviews started after it: the questions'
        latest answers are perhaps the reviews', so the attempt's own are read from the answer log
        (an undone answer left out, an overruled one counted right), its latest to each question."""
        answers: dict[str, bool] = {}
        sure: dict[str, int] = {}
        for answer in self.each_answer(pack=pack_id, attempt=attempt.id):
            answers[answer.question] = bool(answer.correct)
            if answer.confidence in (1, 2, 3):
                sure[answer.question] = answer.confidence
            else:
                sure.pop(answer.question, None)
        return _carried_on(attempt, answers, sure)

    def _answered_before(self, pack_id: str, attempt: Attempt, since: dict[str, QuestionProgress]) -> list[str]:
        """Of the questions whose latest answer came in the second ``attempt`` started (the file
        keeps whole seconds), those whose answer the answer log gives to an attempt started
        before it (practice, then the quiz started within the second): not the attempt's. Read
        only when there are such questions; an answer of no attempt still counts."""
        same = {qid for qid, record in since.items() if record.last_answered == attempt.started}
        if not same:
            return []
        pack = self.progress.packs.get(pack_id)
        order = {kept.id: place for place, kept in enumerate(pack.attempts if pack is not None else ())}
        here = order.get(attempt.id, len(order))
        latest: dict[str, str | None] = {}
        for answer in self.each_answer(pack=pack_id):
            if answer.question in same and answer.when == attempt.started:
                latest[answer.question] = answer.attempt
        # an attempt no longer kept (the oldest are dropped) was started before those kept
        return [qid for qid, of in latest.items() if of is not None and of != attempt.id and order.get(of, -1) < here]

    def finished_attempts(self) -> list[tuple[str, Attempt]]:
        """(pack id, attempt) of every finished attempt kept (the last 20 of each pack), the most
        recently finished first."""
        found = [
            (pack_id, attempt)
            for pack_id, pack in self.progress.packs.items()
            for attempt in pack.attempts
            if attempt.finished is not None
        ]
        found.sort(key=lambda item: (item[1].finished or item[1].started, item[1].id), reverse=True)
        return found

    def best_score(self, pack_id: str) -> int | None:
        pack = self.progress.packs.get(pack_id)
        return pack.best_percent if pack else None

    def passed(self, pack_id: str) -> bool:
        pack = self.progress.packs.get(pack_id)
        return bool(pack and pack.passed_total > 0)

    # --------------------------------------------------------------------------------------
    # Exams: answers kept until the whole attempt is submitted
    # --------------------------------------------------------------------------------------

    def unfinished_exam(self, pack_id: str, version: str) -> UnfinishedExam | None:
        """The pack's last attempt when it is an exam on this pack version not submitted yet
        (with or without answers: its clock started when it did); None otherwise. Reviews
        started since do not count (as for :meth:`unfinished_attempt`)."""
        attempts = self._attempts_to_carry_on(pack_id)
        attempt = attempts[-1] if attempts else None
        if attempt is None or not attempt.exam or attempt.finished is not None or attempt.pack_version != version:
            return None
        return UnfinishedExam(
            attempt.id, attempt.started, attempt.time_limit_minutes, dict(attempt.exam_answers or {}),
            attempt.seed, tuple(attempt.questions) if attempt.questions is not None else None,
            attempt.answered, dict(attempt.exam_confidence or {}),
        )

    def save_exam_answer(self, attempt_id: str, question_id: str, answer: Any,
                         confidence: int | None = None) -> None:
        """Keep (or, with ``answer`` None, remove) one answer of an exam not submitted yet, with
        how sure the learner said they were of it (``confidence`` 1 to 3; None: not said), and
        save. Nothing else changes: the answer counts, and is checked, when the exam is
        submitted (:meth:`record_answer` for each, inside :meth:`saving_once`)."""
        found = self._find_attempt(attempt_id)
        if found is None or not self._ids_usable(question_id):
            return
        pack, attempt = found
        answers = dict(attempt.exam_answers or {})
        sure = dict(attempt.exam_confidence or {})
        if answer is None:
            answers.pop(question_id, None)
        else:
            answers[question_id] = answer
        if answer is None or confidence not in (1, 2, 3):
            sure.pop(question_id, None)
        else:
            sure[question_id] = confidence
        attempt.exam_answers = answers
        attempt.exam_confidence = sure or None
        pack_id = next(key for key, value in self.progress.packs.items() if value is pack)
        self._save({pack_id})

    def close_exam(self, attempt_id: str) -> None:
        """Drop a submitted exam's kept answers (they are recorded as answers now)."""
        found = self._find_attempt(attempt_id)
        if found is None:
            return
        pack, attempt = found
        attempt.exam_answers = None
        attempt.exam_confidence = None
        pack_id = next(key for key, value in self.progress.packs.items() if value is pack)
        self._save({pack_id})

    # --------------------------------------------------------------------------------------
    # Packs that changed, continuing
    # --------------------------------------------------------------------------------------

    def sync_packs(self, library: Library) -> list[str]:
        """Bring the progress in line with the packs as they are now.

        For a pack whose version changed, answers to questions still in it are kept (their lesson
        and section updated); the records (counts, latest answer, review date) of questions no
        longer in it are dropped, so they are never due for review again. Their answers stay in
        the history: it is a record of what was done, and each line names the pack version it was
        given in. Returns one plain message per changed pack. Packs not in the library are left
        alone.
        """
        messages: list[str] = []
        changed: set[str] = set()
        for pack in library.packs:
            pack_id = pack.id
            new_version = pack.pack.version
            stored = self.progress.packs.get(pack_id)
            answers = self.progress.questions.get(pack_id)
            if stored is None and not answers:
                continue
            if stored is None:
                stored = self._pack(pack_id, new_version)
                changed.add(pack_id)
                continue
            if stored.version == new_version:
                continue
            old_version = stored.version
            stored.version = new_version
            changed.add(pack_id)
            if not old_version or not answers:
                continue
            current = {question.id: question for question in pack.questions}
            kept: dict[str, QuestionProgress] = {}
            for question_id, record in answers.items():
                question = current.get(question_id)
                if question is not None:
                    record.lesson = question.lesson
                    record.section = question.section
                    kept[question_id] = record
            dropped = len(answers) - len(kept)
            self.progress.questions[pack_id] = kept
            message = (
                f"The question pack “{pack.title}” was updated (version {old_version} to "
                f"{new_version}). Your answers to {len(kept)} question{'s' if len(kept) != 1 else ''}"
                " in it are kept"
            )
            if dropped:
                message += (
                    f"; {dropped} question{'s were' if dropped != 1 else ' was'} removed or changed,"
                    " so they will not come up for review again (your answers to them stay in your"
                    " history)."
                )
            else:
                message += "."
            messages.append(message)
        if changed:
            self._save(None)
        return messages

    def last_activity(self) -> tuple[str, str, str | None] | tuple[str, str] | None:
        """What "continue" reopens: ("lesson", lesson_id, page_id), ("quiz", pack_id) or None."""
        activity = self.progress.last_activity
        if activity is None:
            return None
        if activity.kind == "lesson" and activity.lesson:
            return ("lesson", activity.lesson, activity.page)
        if activity.kind == "quiz" and activity.pack:
            return ("quiz", activity.pack)
        return None


def _carried_on(attempt: Attempt, answers: dict[str, bool], sure: dict[str, int]) -> UnfinishedAttempt:
    """An attempt left part way, as carried on: its answers and how sure, as the caller found them."""
    return UnfinishedAttempt(attempt.id, attempt.answered, answers, attempt.seed,
                             tuple(attempt.questions) if attempt.questions is not None else None,
                             sure, tuple(attempt.taken_back or ()), dict(attempt.taken_back_sure or {}))
