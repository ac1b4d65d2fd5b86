"""A learner's past attempts, and each one's results as they were: for "Past results" in the app
and "history" in plain mode.

The attempts come from the progress file (the last 20 of each pack); the answers given in one
come from the answer log (:meth:`~learnmeta.progress.store.ProgressStore.attempt_answers`: an
undone answer left out, an overruled one counted right), the one query this module reads them
through. Each answer is checked again against the
question as it is now, so its feedback can be shown (which choices were right, the author's
notes); when the question changed so that the recorded answer no longer reads the same, the
verdict recorded at the time stands and only the words of the answer are shown.

Plain Python over the library and the store: no Textual (the results screen and plain mode
render what this returns).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from learnmeta.quiz import confidence as sureness
from learnmeta.quiz.engine import AnswerRecord, Outcome, SessionResult, check_answer, correct_answer_text, response_from_text

if TYPE_CHECKING:
    from learnmeta.content.library import Library
    from learnmeta.content.models import Pack, Question
    from learnmeta.progress.model import Attempt, HistoryEntry
    from learnmeta.progress.store import ProgressStore

KINDS = {"quiz": "Quiz", "practice": "Practice", "review": "Review"}
"""An attempt's mode in the file -> what the learner calls it."""


@dataclass(frozen=True)
class PastAttempt:
    """One finished attempt, as the history lists it."""

    pack_id: str
    pack_title: str
    attempt: Attempt

    @property
    def id(self) -> str:
        return self.attempt.id

    @property
    def kind(self) -> str:
        """ "Quiz", "Exam", "Practice" (a knowledge check or practice) or "Review"."""
        if self.attempt.exam:
            return "Exam"
        return KINDS.get(self.attempt.mode, self.attempt.mode.capitalize())

    @property
    def score(self) -> str:
        """ "4 of 5 right (80%)" (or "no score" when nothing was counted)."""
        attempt = self.attempt
        if attempt.correct is None or not attempt.total:
            return "no score"
        return f"{attempt.correct} of {attempt.total} right ({attempt.percent or 0}%)"

    def when(self, now: dt.datetime | None = None) -> str:
        """When it was finished, in the learner's own time: "today 14:02", "yesterday 09:30",
        "3 December 2026"."""
        finished = (self.attempt.finished or self.attempt.started).astimezone()
        today = (now or dt.datetime.now(dt.timezone.utc)).astimezone().date()
        days = (today - finished.date()).days
        if days == 0:
            return f"today {finished:%H:%M}"
        if days == 1:
            return f"yesterday {finished:%H:%M}"
        return f"{finished.day} {finished:%B %Y}"

    def label(self, now: dt.datetime | None = None) -> str:
        """One line for the list: "today 14:02 · Quiz: Where cancer spreads · 4 of 5 right (80%)"."""
        passed = " · passed" if self.attempt.mode == "quiz" and self.attempt.passed else ""
        return f"{self.when(now)} · {self.kind}: {self.pack_title} · {self.score}{passed}"


def past_attempts(library: Library, store: ProgressStore) -> list[PastAttempt]:
    """Every finished attempt kept, the most recent first (a pack no longer in the library is
    named by its id, from the progress file: without control characters, which the screens
    would pass to the terminal as escape codes)."""
    from learnmeta.content.text import clean_text

    found = []
    for pack_id, attempt in store.finished_attempts():
        pack = library.pack(pack_id)
        title = pack.title if pack is not None else " ".join(clean_text(pack_id).split()) or "?"
        found.append(PastAttempt(pack_id, title, attempt))
    return found


@dataclass(frozen=True)
class PastAnswer:
    """One answer of a past attempt."""

    entry: HistoryEntry
    """The answer as recorded."""
    question: Question | None
    """The question as it is now (None: no longer in the library)."""
    outcome: Outcome | None
    """What the results showed about it (None when the question is gone)."""


@dataclass(frozen=True)
class PastResult:
    """A past attempt's results, in the shape the results screen shows a session's."""

    attempt: PastAttempt
    pack: Pack | None
    result: SessionResult
    answers: list[PastAnswer]
    answers_kept: bool
    """False when the answer log does not hold this attempt's answers (it was moved, or kept
    aside as unreadable): then only its score can be shown."""
    checked: list[tuple[Question, Outcome | None]] | None = None
    """An exam's: every question it asked, in order, with its feedback (None: not answered), as
    its results showed them when it was submitted; None for any other attempt (or an exam whose
    pack has changed since, or whose answers are not kept)."""

    @property
    def mode(self) -> str:
        """The session mode the results screen knows: "quiz", "practice" or "review"."""
        return self.attempt.attempt.mode if self.attempt.attempt.mode in KINDS else "practice"

    @property
    def whole_quiz(self) -> bool:
        return self.attempt.attempt.mode == "quiz"


def past_outcome(question: Question, entry: HistoryEntry) -> Outcome:
    """The feedback for a recorded answer: the answer checked again against the question as it
    is now, when it reads back the same and gets the verdict recorded then; otherwise the
    recorded verdict with the right answer as it is now."""
    response = response_from_text(question, entry.response)
    if response is not None:
        outcome = check_answer(question, response)
        if outcome.correct == entry.correct:
            return outcome
    return Outcome(entry.correct, [], correct_answer_text(question), entry.response)


NOT_KEPT = "… (the rest was not kept)"
"""What :func:`kept_pieces` says for the pieces of an answer lost whole after the last one kept."""


def _split_before(text: str, between: str, starts: list[str]) -> list[str]:
    """``text`` split at each ``between`` that one of ``starts`` follows (or the start of one, where
    the text ends): a piece's own text may hold ``between`` (an answer "bones; the spine"). A text
    that does not begin with one of ``starts`` (the question changed since) is split at each."""
    if not any(text.startswith(begin) or begin.startswith(text) for begin in starts):
        return text.split(between)
    pieces, start, at = [], 0, text.find(between)
    while at >= 0:
        rest = text[at + len(between):]
        if any(rest.startswith(begin) or begin.startswith(rest) for begin in starts):
            pieces.append(text[start:at])
            start = at + len(between)
        at = text.find(between, at + 1)
    return [*pieces, text[start:]]


def kept_pieces(question: Question, text: str) -> list[str]:
    """A matching or ordering answer that did not read back (:func:`past_outcome`), piece by piece
    as the file kept it: each "item → answer" of a matching answer, each item of an ordering one
    in the learner's order. The file keeps an answer's first ``MAX_ANSWER_CHARS`` characters, so
    a long one (eight of the built-in questions' can be) is cut: the piece cut short ends "…";
    a cut just after a piece, in the separator after it, leaves that piece whole and says the
    pieces lost after it as a piece of their own, :data:`NOT_KEPT`."""
    from learnmeta.content.models import MatchingQuestion
    from learnmeta.progress.model import MAX_ANSWER_CHARS

    if isinstance(question, MatchingQuestion):  # "item → answer; item → answer"
        between, starts = "; ", [f"{pair.left} → " for pair in question.pairs]
    else:  # "item → item"
        between, starts = " → ", [item for item in getattr(question, "items", [])]
    pieces = _split_before(text, between, starts)
    if len(text) >= MAX_ANSWER_CHARS:
        last = pieces[-1]
        start = next((size for size in range(len(between) - 1, 0, -1) if last.endswith(between[:size])), 0)
        if start:  # cut inside the separator: the piece before it is whole
            pieces[-1:] = [last[:-start], ""]
        pieces[-1] += "…" if pieces[-1] else NOT_KEPT
    return [piece for piece in pieces if piece]


def attempt_results(library: Library, store: ProgressStore, attempt_id: str) -> PastResult | None:
    """The results of the finished attempt ``attempt_id`` as they were; None when there is no
    such finished attempt."""
    past = next((item for item in past_attempts(library, store) if item.id == attempt_id), None)
    if past is None:
        return None
    attempt = past.attempt
    pack = library.pack(past.pack_id)
    entries = store.attempt_answers(attempt_id)
    latest: dict[str, HistoryEntry] = {}
    for entry in entries:
        latest[entry.question] = entry  # a question answered twice: the last answer counts
    answers: list[PastAnswer] = []
    for entry in latest.values():
        question = pack.question(entry.question) if pack is not None else None
        answers.append(PastAnswer(entry, question, past_outcome(question, entry) if question else None))
    answers.sort(key=lambda answer: answer.entry.when)

    missed: list[Question] = [a.question for a in answers if a.question is not None and not a.entry.correct]
    by_lesson: dict[str, list[int]] = {}
    for answer in answers:
        if answer.question is not None:
            tally = by_lesson.setdefault(answer.question.lesson, [0, 0])
            tally[0] += answer.entry.correct
            tally[1] += 1
    lesson_answered = {lesson: count for lesson, (_right, count) in by_lesson.items()}
    unanswered: set[str] = set()
    checked: list[tuple[Question, Outcome | None]] | None = None
    if attempt.mode == "quiz" and pack is not None and pack.pack.version == attempt.pack_version:
        # A whole quiz (or the questions it drew from a pool): questions left unanswered counted
        # as not right, and are worth a look.
        asked = pack.questions if attempt.questions is None else [
            question for qid in attempt.questions if (question := pack.question(qid)) is not None
        ]
        if attempt.exam and entries:
            outcomes = {answer.entry.question: answer.outcome for answer in answers}
            checked = [(question, outcomes.get(question.id)) for question in asked]
        for question in asked:
            if question.id not in latest:
                missed.append(question)
                unanswered.add(question.id)
                by_lesson.setdefault(question.lesson, [0, 0])[1] += 1
                lesson_answered.setdefault(question.lesson, 0)
    answered = len(latest) if entries else attempt.answered
    correct = attempt.correct if attempt.correct is not None else sum(a.entry.correct for a in answers)
    total = attempt.total if attempt.total else answered
    taken_back = set(attempt.taken_back or ())
    records = [
        AnswerRecord(past.pack_id, answer.entry.version, answer.question, answer.outcome, answer.entry.hints,
                     confidence=sureness.level(answer.entry.confidence), overruled=bool(answer.entry.overruled),
                     given_again=bool(answer.entry.given_again))
        for answer in answers
        if answer.question is not None and answer.outcome is not None
    ]
    result = SessionResult(
        correct=correct,
        answered=answered,
        skipped=max(0, total - answered) if entries else 0,
        total=total,
        by_lesson={lesson: (right, count) for lesson, (right, count) in by_lesson.items()},
        missed=missed,
        by_lesson_answered=lesson_answered,
        unanswered=frozenset(unanswered),
        records=records,
        by_pack={past.pack_id: (correct, total)},
        rated=tuple((answer.entry.correct, sureness.level(answer.entry.confidence)) for answer in answers),
        marking="cbm" if pack is not None and pack.pack.marking == "cbm" else "standard",
        # As the results said when it ended (kept with the attempt since it was), else those whose
        # wrong answer was taken back in this attempt (one taken back in a knowledge check before
        # it never counted in this score)
        given_again=attempt.given_again if attempt.given_again is not None else sum(
            bool(answer.entry.given_again) and answer.entry.question in taken_back for answer in answers),
        # wrong answers taken back and never answered again in it: in the sureness figures as given
        taken_back_left=tuple((False, level) for qid, level in sorted((attempt.taken_back_sure or {}).items())
                              if qid in taken_back and qid not in latest) if entries else (),
    )
    return PastResult(past, pack, result, answers, answers_kept=bool(entries), checked=checked)
