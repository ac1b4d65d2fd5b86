"""The store's answers: recording one, taking it back or marking it right, and reading them all.

Part of :class:`~learnmeta.progress.store.ProgressStore` (see :mod:`learnmeta.progress.storebase`).
Each answer (and each undo or overrule) is appended to the answer log beside the file
(:mod:`learnmeta.progress.answerlog`) before the summary in the file is saved; :meth:`_catch_up`
applies, at opening, what the log holds that the summary does not. Where the log is flushed, an
old file's history migrated and a log kept aside is the store's saving (:mod:`learnmeta.progress.store`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Iterator

from learnmeta import files
from learnmeta.progress import answerlog, model
from learnmeta.progress.model import (
    MAX_HINTS_PER_ANSWER,
    AnswerLogState,
    HistoryEntry,
    LastActivity,
    QuestionProgress,
)
from learnmeta.progress.storebase import StoreParts, _now, _usable_confidence, _usable_id, _when

if TYPE_CHECKING:
    from learnmeta.progress.model import Attempt, PackProgress


class AnswersPart(StoreParts):
    """Recording, undoing, overruling and reading answers."""

    # The store's state for its answers (set in ProgressStore.__init__, described there).
    notices: list[str]
    _log: answerlog.AnswerLog
    _answered: int
    _activity_before: dict[str, LastActivity | None]
    _recent: dict[str, tuple[HistoryEntry, QuestionProgress | None, int]]
    _read_cache: tuple[tuple[int, ...], answerlog.LogRead] | None
    _reads: int
    _resolved: tuple[tuple[int, ...], list[HistoryEntry]] | None
    _streamed_problems: set[str]

    if TYPE_CHECKING:  # defined by the store and its other parts

        def _pack(self, pack_id: str, pack_version: str | None = None) -> PackProgress: ...

        def _find_attempt(self, attempt_id: str) -> tuple[PackProgress, Attempt] | None: ...

        def _save_failed(self, message: str) -> None: ...

        def _keep_others_log_aside(self) -> None: ...

    def record_answer(
        self,
        pack_id: str,
        pack_version: str,
        question_id: str,
        *,
        lesson: str | None,
        section: str | None,
        response: str,
        correct: bool,
        hints_used: int,
        attempt_id: str | None = None,
        confidence: int | None = None,
        when: dt.datetime | None = None,
        given_again: bool = False,
    ) -> str | None:
        """Record one answer: append it to the answer log (fsynced), then update the question's
        line (counts, latest answer, review) and save. Returns the answer's id (for
        :meth:`undo_answer` and :meth:`overrule_answer`), or None if it could not be recorded (an
        id in the content the file cannot hold; a notice says so)."""
        if not self._ids_usable(pack_id, question_id, lesson or None, section or None, version=pack_version):
            return None
        stored = self.progress.packs.get(pack_id)
        if stored is not None and stored.taken_back and question_id in stored.taken_back:
            given_again = True  # its wrong answer was taken back after its feedback, in any sitting
        entry = HistoryEntry(
            id=answerlog.new_id(),
            when=_when(when),
            pack=pack_id,
            version=pack_version or "",
            question=question_id,
            response=model.clean_answer(response or ""),
            correct=bool(correct),
            hints=min(MAX_HINTS_PER_ANSWER, max(0, int(hints_used))),
            attempt=attempt_id if _usable_id(attempt_id) else None,
            confidence=confidence if _usable_confidence(confidence) else None,
            given_again=True if given_again else None,
        )
        try:
            self._log.add(entry)
        except ValueError as error:  # a line that would not read back the same is never written
            self._save_failed(f"Your latest answer could not be saved ({error}). Everything saved before is safe.")
            return None
        assert entry.id is not None
        before = self.progress.questions.get(pack_id, {}).get(question_id)
        self._activity_before[entry.id] = self.progress.last_activity
        self._apply_answer(entry, lesson=lesson, section=section)
        self._answered += 1
        self._recent[entry.id] = (entry, before, self._answered)
        self._save({pack_id}, {(pack_id, question_id)})
        self._recorded("answer", entry)
        return entry.id

    def _apply_answer(self, entry: HistoryEntry, lesson: str | None = None, section: str | None = None) -> None:
        """Take an answer into the summary: its question's counts, latest answer and next review,
        its attempt's count, "continue"."""
        from learnmeta.progress import scheduling

        pack_id, question_id = entry.pack, entry.question
        self._pack(pack_id, entry.version)
        questions = self.progress.questions.setdefault(pack_id, {})
        old = questions.get(question_id) or QuestionProgress()
        review = scheduling.review(
            old.review,
            last_review=old.last_answered,
            correct=entry.correct,
            hints_used=entry.hints,
            confidence=entry.confidence,
            when=entry.when,
        )
        questions[question_id] = QuestionProgress(
            seen=old.seen + 1,
            correct=old.correct + (1 if entry.correct else 0),
            hints_used=old.hints_used + entry.hints,
            last_correct=entry.correct,
            last_answered=entry.when,
            last_answer=entry.response,
            lesson=lesson or old.lesson,
            section=section or old.section,
            review=review,
            last_confidence=entry.confidence if entry.confidence in (1, 2, 3) else None,
        )
        if entry.attempt is not None:
            found = self._find_attempt(entry.attempt)
            if found is not None:
                found[1].answered += 1
        _waiting(self.progress.packs.get(pack_id), question_id, False)  # answered: given again
        self.progress.last_activity = LastActivity(kind="quiz", pack=pack_id, when=entry.when)

    def undo_answer(self, answer_id: str) -> bool:
        """Take back an answer (by its id from :meth:`record_answer`): an ``undo`` record goes to
        the answer log, and the question's counts, latest answer and review are as if it had
        never been given. Saves. False if there is no such answer (or it was taken back)."""
        return self._mark("undo", answer_id)

    def overrule_answer(self, answer_id: str) -> bool:
        """"I was right": an ``overrule`` record goes to the answer log, and the answer counts as
        right from now on (readers mark it ``overruled``); the question's counts and, if it was
        the latest answer, its latest result and review follow. Saves. False if there is no such
        answer, or it already counts as right."""
        return self._mark("overrule", answer_id)

    def _mark(self, kind: str, answer_id: str) -> bool:
        if not _usable_id(answer_id):
            return False
        recent = self._recent.get(answer_id)
        target = recent[0] if recent is not None else self._logged_answer(answer_id)
        if target is None or (kind == "overrule" and target.correct):
            return False
        mark = answerlog.Mark("undo" if kind == "undo" else "overrule", answerlog.new_id(), answer_id, _now())
        self._log.add(mark)
        self._apply_mark(mark, target)
        self._save({target.pack}, {(target.pack, target.question)})
        self._recorded(mark.kind, (mark, target))
        return True

    def _logged_answer(self, answer_id: str) -> HistoryEntry | None:
        return next((answer for answer in self.each_answer() if answer.id == answer_id), None)

    def _apply_mark(self, mark: answerlog.Mark, target: HistoryEntry) -> None:
        """Take an ``undo`` or ``overrule`` of ``target`` (the answer as it counted until now)
        into the summary."""
        undo = mark.kind == "undo"
        pack_id, question_id = target.pack, target.question
        if undo and target.attempt is not None:
            found = self._find_attempt(target.attempt)
            if found is not None and found[1].answered > 0:
                found[1].answered -= 1
            # (an answer overruled, "I was right", was marked wrong, with the right answer shown)
            if found is not None and (not target.correct or target.overruled):  # given again: marked so
                taken = found[1].taken_back or []
                if target.question not in taken and len(taken) < 20_000:
                    found[1].taken_back = [*taken, target.question]
                if target.confidence in (1, 2, 3) and target.question in (found[1].taken_back or ()):
                    # how sure the wrong answer was (the surest, taken back more than once)
                    sure = found[1].taken_back_sure or {}
                    found[1].taken_back_sure = {
                        **sure, target.question: max(sure.get(target.question, 0), target.confidence)}
        if undo and (not target.correct or target.overruled or target.given_again):
            # The next answer to the question, in whatever sitting or mode, is marked given again
            # (taking back an answer given again keeps the wrong one's feedback seen, too).
            _waiting(self.progress.packs.get(pack_id), question_id, True)
        # The question's latest answer and review: from what this session remembers of the
        # question before the answer, when the answer is this session's and nothing followed it
        # (undo: that state again; overrule: the answer given again, as right); else replayed
        # from the question's answers in the log.
        recent = self._recent.pop(mark.answer, None)
        activity = self.progress.last_activity
        if (undo and recent is not None and mark.answer in self._activity_before
                and all(order < recent[2] for _, _, order in self._recent.values())
                and activity is not None and activity.kind == "quiz" and activity.pack == pack_id
                and activity.when == target.when):
            self.progress.last_activity = self._activity_before[mark.answer]  # "continue" as before it
        after = recent[2] if recent is not None else -1
        followed = False
        for other_id, (entry, _, order) in list(self._recent.items()):
            if entry.pack == pack_id and entry.question == question_id and order > after:
                followed = True
                del self._recent[other_id]  # it remembers the question as this changes it
        if recent is not None and not undo:
            self._recent[mark.answer] = (dataclasses.replace(target, correct=True, overruled=True), *recent[1:])
        questions = self.progress.questions.get(pack_id, {})
        record = questions.get(question_id)
        if record is None:
            return  # the question left its pack: nothing of it is counted any more
        if undo:
            record.seen = max(0, record.seen - 1)
            record.correct = max(0, record.correct - (1 if target.correct else 0))
            record.hints_used = max(0, record.hints_used - target.hints)
        else:
            record.correct = min(record.seen, record.correct + 1)
        if recent is not None and not followed:
            self._restate(record, recent[1], target, undo)
        else:
            self._replay(record, target, undo)
        if record.seen == 0:
            del questions[question_id]
            if not questions:  # no answered question left in the pack: no empty table either
                self.progress.questions.pop(pack_id, None)

    @staticmethod
    def _restate(record: QuestionProgress, before: QuestionProgress | None, target: HistoryEntry, undo: bool) -> None:
        from learnmeta.progress import scheduling

        if undo:
            if before is not None:
                record.last_correct, record.last_answered = before.last_correct, before.last_answered
                record.last_answer, record.review = before.last_answer, before.review
                record.last_confidence = before.last_confidence
            return
        record.last_correct = True
        record.review = scheduling.review(
            before.review if before else None,
            last_review=before.last_answered if before else None,
            correct=True,
            hints_used=target.hints,
            confidence=target.confidence,
            when=target.when,
        )

    def _replay(self, record: QuestionProgress, target: HistoryEntry, undo: bool) -> None:
        """The question's latest answer and review from its answers in the log (the mark applied),
        when ``target`` was its latest answer."""
        from learnmeta.progress import scheduling

        answers = [a for a in self.each_answer(pack=target.pack) if a.question == target.question]
        if any(a.when > target.when for a in answers) or (answers and not undo and answers[-1].id != target.id):
            return  # a later answer is the latest: it stays so
        if not answers:
            return  # nothing left in the log (its answers came before the log): the counts say it
        review = None
        last: dt.datetime | None = None
        for answer in answers:
            review = scheduling.review(review, last_review=last, correct=answer.correct, hints_used=answer.hints,
                                       confidence=answer.confidence, when=answer.when)
            last = answer.when
        latest = answers[-1]
        record.last_correct, record.last_answered = latest.correct, latest.when
        record.last_answer, record.review = latest.response, review
        record.last_confidence = latest.confidence if latest.confidence in (1, 2, 3) else None

    def teach_first(self, pack_id: str, question_id: str) -> bool:
        """Whether the question's latest answer was not right although the learner was sure: a
        review then offers the page that teaches it before asking it again."""
        record = self.progress.questions.get(pack_id, {}).get(question_id)
        return bool(record is not None and record.last_correct is False and record.last_confidence == 3)

    def answers(self, pack: str | None = None, attempt: str | None = None) -> list[HistoryEntry]:
        """Every answer the learner gave (of ``pack``, of ``attempt``), oldest first: the answer
        log, with the answers not yet written to it (and an old file's ``[history]`` not yet moved
        there), an undone answer left out and an overruled one counted right (see
        :func:`learnmeta.progress.answerlog.resolve`). Reads the whole log (again only when it has
        changed) and keeps it, never at start-up: this is what :meth:`each_answer`, which the
        app's features go through (past results, the progress screen, undo and overrule), gives
        for a log under :data:`~learnmeta.progress.answerlog.STREAM_ABOVE`; called directly (the
        tests, benchmarks/bench_log_memory.py), a longer log is gone through line by line as
        :meth:`each_answer` goes through it and not kept: what is held is the list returned (the
        answers of ``pack`` or ``attempt`` only, when one is given). A log that cannot be read
        gives what this file and window hold, and a notice."""
        if self._log_is_long():
            return list(self._streamed(pack, attempt))
        read = self._logged()
        pending = self._log.pending
        key = (self._reads, len(pending), id(pending[-1][0]) if pending else 0, len(self.progress.history.answers))
        if self._resolved is None or self._resolved[0] != key:
            entries: list[answerlog.Entry] = list(answerlog.with_ids(self.progress.history.answers))
            entries += read.entries
            entries += [entry for entry, _ in pending]
            self._resolved = (key, answerlog.resolve(entries))
        every = self._resolved[1]
        return [
            answer for answer in every
            if (pack is None or answer.pack == pack) and (attempt is None or answer.attempt == attempt)
        ]

    def each_answer(self, pack: str | None = None, attempt: str | None = None) -> Iterator[HistoryEntry]:
        """The answers :meth:`answers` gives, one at a time, for readers that go through them once
        (past results, the progress screen, its ideas to look at again). A log over
        :data:`~learnmeta.progress.answerlog.STREAM_ABOVE` is gone through line by line
        (:func:`~learnmeta.progress.answerlog.stream_answers`) instead of read whole and kept, so
        what is held stays bounded however long it grows; a smaller one is read and kept as
        :meth:`answers` keeps it."""
        if not self._log_is_long():
            yield from self.answers(pack=pack, attempt=attempt)
            return
        yield from self._streamed(pack, attempt)

    def _log_is_long(self) -> bool:
        """Whether the log is over :data:`~learnmeta.progress.answerlog.STREAM_ABOVE`: gone through
        line by line, never read whole and kept."""
        try:
            size = files.size_or_none(self._log.path)
        except OSError:
            return False
        return size is not None and size > answerlog.STREAM_ABOVE

    def _streamed(self, pack: str | None, attempt: str | None) -> Iterator[HistoryEntry]:
        """The answers of a long log, one at a time (see :meth:`each_answer`)."""
        self._read_cache = self._resolved = None  # what was kept of it while it was short

        def keep(answer: HistoryEntry) -> bool:
            return (pack is None or answer.pack == pack) and (attempt is None or answer.attempt == attempt)

        problems: list[str] = []
        try:
            yield from answerlog.stream_answers(
                self._log.path, before=answerlog.with_ids(self.progress.history.answers),
                after=[entry for entry, _ in self._log.pending], learner=self.progress.learner.id,
                keep=keep, problems=problems)
        except OSError as error:
            self._notice(f"Your answer log {self._log.path} could not be read ({getattr(error, 'reason', error)}).")
        for problem in problems:
            if problem not in self._streamed_problems:  # said once, not at every reading
                self._streamed_problems.add(problem)
                self._notice(f"A line of your answer log could not be read and was skipped: {problem}")

    def _logged(self) -> answerlog.LogRead:
        from learnmeta.progress.writing import signature

        found = signature(self._log.path)
        cached = self._read_cache
        if found and cached is not None and cached[0] == found:
            return cached[1]
        self._reads += 1
        try:
            read = answerlog.read_log(self._log.path)
        except OSError as error:
            self._notice(f"Your answer log {self._log.path} could not be read ({getattr(error, 'reason', error)}).")
            return answerlog.LogRead()
        for problem in read.problems:
            self._notice(f"A line of your answer log could not be read and was skipped: {problem}")
        learner = self.progress.learner.id
        if read.learner is not None and learner is not None and read.learner != learner:
            read = answerlog.LogRead()  # another learner's log (kept aside at the next start): never shown
        self._read_cache = (found, read) if found else None
        return read

    def _log_after(self, state: AnswerLogState | None, size: int) -> answerlog.LogRead | None:
        """The log's records after the summary's ``[answer_log]``, read from there on (a crash
        between the two writes leaves one record to read, however long the log), when the record
        that ends where it says is the one it names; else None."""
        if state is None or state.last is None or not 0 < state.size < size:
            return None
        back = min(state.size, answerlog.MAX_LINE_BYTES + 1)
        try:
            data = files.read_bounded(self._log.path, answerlog.MAX_LOG_BYTES, start=state.size - back)
        except OSError:
            return None
        before, after = data[:back], data[back:]
        if not before.endswith(b"\n"):
            return None
        try:
            last = answerlog.decode(before[:-1].rsplit(b"\n", 1)[-1])
        except ValueError:
            return None
        if not isinstance(last, (HistoryEntry, answerlog.Mark)) or last.id != state.last:
            return None
        read = answerlog.parse_lines(files.split_lines(after, answerlog.MAX_LINE_BYTES), self._log.path.name)
        read.size = state.size + len(after)
        return read

    def _catch_up(self) -> None:
        """Apply the answers (and marks) the log holds but the summary does not: the app was
        stopped between writing the log and saving the summary. Costs one ``stat`` when the
        summary is up to date (the usual case)."""
        state = self.progress.answer_log
        try:
            size = files.size_or_none(self._log.path)
        except OSError:
            return  # not a log file: the first answer keeps it aside
        if not size or (state is not None and state.size == size):
            return
        if state is None and any(self.progress.questions.values()):
            return  # answers counted, but not which of the log's: never count any twice
        read = self._log_after(state, size)
        if read is not None:  # an undo or overrule of an earlier answer: that answer is further back
            tail = {entry.id for entry in read.entries if isinstance(entry, HistoryEntry)}
            if any(isinstance(entry, answerlog.Mark) and entry.answer not in tail for entry in read.entries):
                read = None
        start = 0
        if read is None:  # not where the summary says it stopped: the whole log, to find that
            try:
                read = answerlog.read_log(self._log.path)
            except OSError:
                return
            learner = self.progress.learner.id
            if read.learner is not None and learner is not None and read.learner != learner:
                self._keep_others_log_aside()  # never counted, shown or added to as this learner's
                return
            if state is not None and state.last is not None:
                found = next((n for n, entry in enumerate(read.entries) if entry.id == state.last), None)
                if found is None:
                    return  # the log does not hold what the summary took in last: not this file's log
                start = found + 1
        entries = read.entries
        known = {entry.id for entry in answerlog.with_ids(self.progress.history.answers)}
        applied = 0
        for index in range(start, len(entries)):
            entry = entries[index]
            if isinstance(entry, HistoryEntry):
                if entry.id in known:
                    continue
                self._apply_answer(entry)
                applied += 1
                continue
            target = next((a for a in answerlog.resolve(entries[:index]) if a.id == entry.answer), None)
            if target is not None and not (entry.kind == "overrule" and target.correct):
                self._apply_mark(entry, target)
                applied += 1
        if entries:
            self.progress.answer_log = AnswerLogState(size=read.size, last=entries[-1].id)
        if applied:
            if self.notices:  # a copy was restored: say that the log filled it in
                self._notice(
                    f"Your answer log held {applied} more step{'s' if applied != 1 else ''} than that "
                    "copy (answers, or answers taken back or marked right); they are included again."
                )
            self._save(None)  # a stop between the log and the summary: mended without a word

    def attempt_answers(self, attempt_id: str) -> list[HistoryEntry]:
        """The answers given in one attempt, oldest first, from the answer log (only those held,
        however long the log: :meth:`each_answer`)."""
        return list(self.each_answer(attempt=attempt_id))


def _waiting(pack: PackProgress | None, question_id: str, taken_back: bool) -> None:
    """Put the question in the pack's ``taken_back`` (a wrong answer to it was taken back after
    its feedback: its next answer is given again) or take it out (it was answered)."""
    if pack is None:
        return
    waiting = pack.taken_back or []
    if taken_back and question_id not in waiting and len(waiting) < 20_000:
        pack.taken_back = [*waiting, question_id]
    elif not taken_back and question_id in waiting:
        pack.taken_back = [qid for qid in waiting if qid != question_id] or None
