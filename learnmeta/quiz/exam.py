"""Exam mode: the rules of an exam, for every front end (the app, plain mode). No Textual here.

An exam (``learnmeta quiz PACK --exam``, or ``mode = "exam"`` in a pack) is a whole quiz whose
answers are checked only when the learner submits the whole attempt:

* **No feedback before submitting**: no verdict, no right answer, no hints, no undo and no "I was
  right" (front ends look at :attr:`ReviewSession.exam <learnmeta.quiz.engine.ReviewSession.exam>`).
* **Moving about**: next, previous, or straight to any question (:meth:`ExamSession.go_to`);
  :meth:`ExamSession.overview` says which are answered, in words.
* **Changing answers**: an answer can be given, changed or cleared until the exam is submitted.
  Each is saved as it is given (the recorder's :meth:`~learnmeta.quiz.attempts.AttemptRecorder.save_exam_answer`):
  a kill mid-exam loses nothing, and the exam carries on with its answers next time.
* **Half-made answers** are kept too: a matching question with only some items matched is saved
  and shown again as it was when the learner comes back (:func:`is_whole` says it is not whole).
  It is "partly answered" in the list and when submitting, and counts as not answered (not right,
  and 0 in certainty-based marking) unless it is finished before the exam is submitted.
* **How sure**: where the learner is asked how sure they are (a pack with ``marking = "cbm"``,
  or their setting or track: :func:`learnmeta.quiz.confidence.asked`), each answer can carry a
  level (:meth:`ExamSession.set_confidence`), saved with it and changed with it until the exam is
  submitted; it is then recorded with the answer, scores certainty-based marking and shows in
  "How sure you were". An answer given without saying counts as C1, as in a quiz.
* **Submitting** asks first, naming the questions not answered (:meth:`ExamSession.confirm_text`);
  those count as not right. Then every answer is checked at once (:meth:`ExamSession.submit`)
  and the results show the feedback for every question.
* **Time** (``time_limit_minutes`` in the pack): the deadline is fixed when the exam starts,
  ``started + limit``, and does not stop while learnmeta is closed (as in Moodle): carried on
  after a restart, the exam has the time that is left; if it ran out meanwhile, the exam is
  submitted at once with the answers saved, and the learner is told so kindly. An answer given
  after the deadline does not count. Time left is said calmly in whole minutes
  (:func:`time_left_words`), when asked, and once when five minutes are left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    Pack,
    Question,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from learnmeta.quiz.size import questions_words  # noqa: F401 - where front ends found it
from learnmeta.quiz.engine import AnswerRecord, Outcome, Presentation, QuizSession, check_answer, presentation

UTC = dt.timezone.utc

REMINDER_MINUTES = 5
"""One calm reminder when this many minutes are left (never a countdown, never flashing)."""

MAX_TEXT = 200
"""A typed answer is kept to this many characters (as the progress file keeps it)."""


def now_utc() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


def is_exam(pack: Pack, store: Any, *, asked: bool = False) -> bool:
    """Whether a whole quiz on ``pack`` is taken as an exam: asked for (``--exam``), the pack's
    ``mode = "exam"``, or an exam on it left unsubmitted in ``store`` (it carries on, whichever
    way the quiz was opened)."""
    if asked or pack.pack.mode == "exam":
        return True
    return store is not None and store.unfinished_exam(pack.id, pack.pack.version) is not None


def intro_words(total: int, pass_mark: int | None, percent: str = "%") -> str:
    """What an exam says of itself before the first question: how many questions and, when its
    results will say passed or not (``pass_mark`` given: the course track, or a pack tried out),
    the pass mark, e.g. "18 questions. Pass mark 80%." (plain mode says `` percent``)."""
    text = f"{total} question{'s' if total != 1 else ''}."
    if pass_mark is not None:
        text += f" Pass mark {pass_mark}{percent}."
    return text


# --------------------------------------------------------------------------------------------
# Answers as the progress file keeps them
# --------------------------------------------------------------------------------------------


def is_whole(question: Question, response: Any) -> bool:
    """Whether a kept response is a whole answer: a matching one with every item matched (a
    half-made one is kept, but is only "partly answered"); every other kept response is whole."""
    if isinstance(question, MatchingQuestion):
        return isinstance(response, dict) and len(response) == len(question.pairs)
    return response is not None


def to_stored(question: Question, response: Any) -> Any:
    """A response in the engine's shape as the progress file can hold it (a frozenset becomes a
    sorted list); None when it is not an answer to this question."""
    response = from_stored(question, response if not isinstance(response, (set, frozenset)) else sorted(response))
    if response is None:
        return None
    if isinstance(response, frozenset):
        return sorted(response)
    if isinstance(response, dict):
        return dict(response)
    if isinstance(response, list):
        return list(response)
    return response


def from_stored(question: Question, value: Any) -> Any:
    """An answer read back (from the progress file, or typed) as the engine's response for this
    question, checked against it: a choice it has, items it has, each once. None when it does not
    fit (the question changed, or the file was edited): that question is then not answered. A
    matching answer may have only some items matched (a half-made answer, kept as it is)."""
    if isinstance(question, SingleQuestion):
        ids = {choice.id for choice in question.choices}
        return value if isinstance(value, str) and value in ids else None
    if isinstance(question, MultipleQuestion):
        ids = {choice.id for choice in question.choices}
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v in ids for v in value):
            return None
        return frozenset(value)
    if isinstance(question, TrueFalseQuestion):
        return value if isinstance(value, bool) else None
    if isinstance(question, MatchingQuestion):
        lefts = {pair.left for pair in question.pairs}
        rights = set(question.right_items)
        if not isinstance(value, dict) or not value or not set(value) <= lefts or not all(
                isinstance(v, str) and v in rights for v in value.values()):
            return None
        return {pair.left: value[pair.left] for pair in question.pairs if pair.left in value}
    if isinstance(question, OrderingQuestion):
        if not isinstance(value, list) or sorted(map(str, value)) != sorted(question.items) or len(value) != len(question.items):
            return None
        return list(value)
    if isinstance(question, ShortAnswerQuestion):
        if not isinstance(value, str) or not value.strip():
            return None
        return value.strip()[:MAX_TEXT]
    return None


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def numbers_in_words(numbers: Sequence[int]) -> str:
    """``[3]`` "3"; ``[3, 7]`` "3 and 7"; ``[1, 2, 5]`` "1, 2 and 5"."""
    shown = [str(n) for n in numbers]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def time_left_words(left: dt.timedelta | None) -> str:
    """Time left, calmly, in whole minutes: "24 minutes left", "1 minute left", "Less than a
    minute left"; "" when there is no time limit."""
    if left is None:
        return ""
    seconds = max(0, int(left.total_seconds()))
    if seconds < 60:
        return "Less than a minute left"
    minutes = (seconds + 30) // 60  # the nearest minute: 19 min 55 s is "20 minutes"
    return f"{minutes} minute{'s' if minutes != 1 else ''} left"


@dataclass(frozen=True)
class OverviewLine:
    """One question in the list of questions: its number, prompt, and whether it is answered."""

    index: int
    number: int
    prompt: str
    answered: bool
    partly: bool = False
    """Half made (a matching question with some items matched): kept, but not answered yet."""

    @property
    def status(self) -> str:
        return "answered" if self.answered else "partly answered" if self.partly else "not answered"


# --------------------------------------------------------------------------------------------
# The exam
# --------------------------------------------------------------------------------------------


class ExamSession(QuizSession):
    """A whole quiz taken as an exam: answers given, changed and moved between freely, checked
    only when the whole attempt is submitted."""

    exam = True

    def __init__(
        self,
        pack: Pack,
        questions: Sequence[Question] | None = None,
        *,
        seed: int | str = 0,
        draw_seed: str | None = None,
        time_limit_minutes: int | None = None,
        use_pack_limit: bool = True,
    ):
        super().__init__(pack, questions, seed=seed, mode="quiz", draw_seed=draw_seed)
        if time_limit_minutes is None and use_pack_limit:
            time_limit_minutes = pack.pack.time_limit_minutes
        self.time_limit_minutes: int | None = time_limit_minutes
        self.started: dt.datetime | None = None
        """When the exam started (its clock): set when it starts, or from the attempt carried on."""
        self.position = 0
        self._responses: dict[int, Any] = {}
        self._confidence: dict[int, int] = {}
        self.submitted = False
        self.timed_out = False
        """Submitted because the time was up (not by the learner)."""
        self.carried_on = False
        self.answers_recorded = False
        """Its answers are in the progress already (a submission cut off after the answer log
        took them in): submitting records only how the attempt ended."""
        self._reminded = False

    # --- where the learner is ------------------------------------------------------------
    @property
    def _index(self) -> int | None:
        return None if self.submitted else self.position

    @property
    def finished(self) -> bool:
        return self.submitted

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def skipped_before(self) -> bool:
        return False

    @property
    def done_count(self) -> int:
        return self.total - len(self.unanswered)

    def go_to(self, index: int) -> bool:
        """Go to the question at ``index`` (0-based); False when there is none."""
        if self.submitted or not 0 <= index < self.total:
            return False
        self.position = index
        return True

    def next(self) -> bool:
        return self.go_to(self.position + 1)

    def previous(self) -> bool:
        return self.go_to(self.position - 1)

    @property
    def at_last(self) -> bool:
        return self.position == self.total - 1

    def presentation_of(self, index: int) -> Presentation:
        """The order question ``index``'s parts are shown in (the same all through the exam)."""
        return presentation(self.items[index][1], self.seed)

    # --- answers ---------------------------------------------------------------------------
    def response_at(self, index: int) -> Any | None:
        return self._responses.get(index)

    @property
    def current_response(self) -> Any | None:
        return self._responses.get(self.position)

    def is_answered(self, index: int) -> bool:
        """Whether question ``index`` has a whole answer (a half-made one is not yet)."""
        return index in self._responses and is_whole(self.items[index][1], self._responses[index])

    def is_partly_answered(self, index: int) -> bool:
        """Whether question ``index`` has a half-made answer (some items of a matching question)."""
        return index in self._responses and not self.is_answered(index)

    def status_words(self, index: int) -> str:
        """ "answered", "partly answered" or "not answered"."""
        return "answered" if self.is_answered(index) else (
            "partly answered" if self.is_partly_answered(index) else "not answered")

    def set_answer(self, response: Any, now: dt.datetime | None = None) -> Any | None:
        """Give (or change) the current question's answer. Returns it as the progress file keeps
        it (to save), or None when it is not kept: not an answer to this question, the exam is
        submitted, or the time is up."""
        if self.submitted or self.time_up(now):
            return None
        question = self.items[self.position][1]
        stored = to_stored(question, response)
        if stored is None:
            return None
        self._responses[self.position] = from_stored(question, stored)
        return stored

    def clear_answer(self) -> bool:
        """Take back the current question's answer (it is then not answered), and how sure the
        learner said they were of it; whether it had one."""
        if self.submitted or self.position not in self._responses:
            return False
        del self._responses[self.position]
        self._confidence.pop(self.position, None)
        return True

    # --- how sure -----------------------------------------------------------------------------
    def confidence_at(self, index: int) -> int | None:
        """How sure the learner said they were of question ``index``'s answer (None: not said)."""
        return self._confidence.get(index)

    @property
    def current_confidence(self) -> int | None:
        return self._confidence.get(self.position)

    def confidence_of(self, question: Question) -> int | None:
        """How sure the learner said they were of ``question``'s answer (None: not said)."""
        for index, (_pack, asked) in enumerate(self.items):
            if asked is question or asked.id == question.id:
                return self._confidence.get(index)
        return None

    def set_confidence(self, level: int | None, now: dt.datetime | None = None) -> bool:
        """Say (or, with None, unsay) how sure the learner is of the current question's answer:
        1 not sure, 2 fairly sure, 3 sure. Whether it was kept: only a question with an answer
        has one, and nothing changes once the exam is submitted or its time is up."""
        from learnmeta.quiz.confidence import level as as_level

        if self.submitted or self.time_up(now) or self.position not in self._responses:
            return False
        said = as_level(level)
        if said is None:
            self._confidence.pop(self.position, None)
        else:
            self._confidence[self.position] = said
        return True

    def answer(self, response: Any, confidence: int | None = None) -> Outcome:
        raise RuntimeError("an exam checks nothing before it is submitted: use set_answer()")

    def next_hint(self) -> str | None:
        return None  # no hints in an exam

    def skip(self) -> None:
        self.next()  # nothing is put off: an exam moves freely

    def advance(self) -> None:
        self.next()

    @property
    def unanswered(self) -> list[int]:
        """The numbers (1-based) of the questions without a whole answer (partly answered too)."""
        return [index + 1 for index in range(self.total) if not self.is_answered(index)]

    @property
    def partly_answered(self) -> list[int]:
        """The numbers (1-based) of the questions with a half-made answer."""
        return [index + 1 for index in range(self.total) if self.is_partly_answered(index)]

    def overview(self) -> list[OverviewLine]:
        return [
            OverviewLine(index, index + 1, question.prompt, self.is_answered(index), self.is_partly_answered(index))
            for index, (_pack, question) in enumerate(self.items)
        ]

    def overview_words(self) -> str:
        """ "8 of 10 answered. Not answered: 3 and 7." (", partly answered: 5" when one is half made)"""
        answered = self.total - len(self.unanswered)
        text = f"{answered} of {self.total} answered."
        partly = self.partly_answered
        missing = [n for n in self.unanswered if n not in partly]
        if missing:
            text += f" Not answered: {numbers_in_words(missing)}."
        if partly:
            text += f" Partly answered: {numbers_in_words(partly)}."
        return text

    # --- time ------------------------------------------------------------------------------
    @property
    def deadline(self) -> dt.datetime | None:
        if self.time_limit_minutes is None or self.started is None:
            return None
        return self.started + dt.timedelta(minutes=self.time_limit_minutes)

    def time_left(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        deadline = self.deadline
        if deadline is None:
            return None
        return max(dt.timedelta(0), deadline - (now or now_utc()))

    def time_up(self, now: dt.datetime | None = None) -> bool:
        left = self.time_left(now)
        return left is not None and left <= dt.timedelta(0)

    def time_words(self, now: dt.datetime | None = None) -> str:
        """ "Time left: 24 minutes." (or "There is no time limit.") for when the learner asks."""
        left = self.time_left(now)
        if left is None:
            return "There is no time limit."
        return time_left_words(left) + "."

    def reminder_due(self, now: dt.datetime | None = None) -> str | None:
        """Once, when five minutes or less are left: a calm reminder (None otherwise)."""
        left = self.time_left(now)
        if self._reminded or left is None or left > dt.timedelta(minutes=REMINDER_MINUTES) or left <= dt.timedelta(0):
            return None
        self._reminded = True
        return (f"A gentle reminder: {time_left_words(left).lower()}. Your answers are saved; "
                "you can submit whenever you are ready.")

    # --- submitting ------------------------------------------------------------------------
    def confirm_text(self) -> str:
        """The question asked before submitting, naming the questions not answered (and those
        partly answered: they count as not answered)."""
        partly = self.partly_answered
        if partly:
            missing = [n for n in self.unanswered if n not in partly]
            some = (f"Question {partly[0]} is only partly answered" if len(partly) == 1
                    else f"Questions {numbers_in_words(partly)} are only partly answered")
            if missing:
                some += (f", and question {missing[0]} is not answered" if len(missing) == 1
                         else f", and questions {numbers_in_words(missing)} are not answered")
            return (f"Submit your exam? {some}; {'it' if len(partly) + len(missing) == 1 else 'they'} "
                    "would count as not right. After this you cannot change your answers.")
        missing = self.unanswered
        if not missing:
            return "Submit your exam? You have answered every question. After this you cannot change your answers."
        if len(missing) == self.total:
            return "Submit your exam? You have not answered any question yet, so nothing would count as right."
        if len(missing) == 1:
            return (f"Submit your exam? Question {missing[0]} is not answered yet; it would count "
                    "as not right. After this you cannot change your answers.")
        return (f"Submit your exam? Questions {numbers_in_words(missing)} are not answered yet; they "
                "would count as not right. After this you cannot change your answers.")

    def submit(self, *, timed_out: bool = False) -> list[tuple[Question, Outcome | None]]:
        """Check every answer at once and end the exam: (question, outcome) in order, the outcome
        None for a question not answered (it counts as not right)."""
        checked: list[tuple[Question, Outcome | None]] = []
        for index, (pack, question) in enumerate(self.items):
            response = self._responses.get(index)
            if response is None or not is_whole(question, response):  # a half-made answer: not answered
                checked.append((question, None))
                self._left.add(index)
                continue
            outcome = check_answer(question, response)
            self._answers[index] = AnswerRecord(pack.id, pack.pack.version, question, outcome, 0,
                                                confidence=self._confidence.get(index))
            checked.append((question, outcome))
        self._order = list(range(self.total))
        self._queue = []
        self.submitted = True
        self.timed_out = timed_out
        return checked

    def checked(self) -> list[tuple[Question, Outcome | None]]:
        """After submitting: every question with its outcome (None: not answered), in order."""
        return [
            (question, record.outcome if (record := self._answers.get(index)) is not None else None)
            for index, (_pack, question) in enumerate(self.items)
        ]

    def submitted_words(self) -> str:
        """What the learner is told once the exam is submitted."""
        answered = self.total - len(self.unanswered)
        if self.timed_out:
            return (f"The time for this exam is up, so it has been submitted with the answers you "
                    f"gave ({answered} of {self.total}). Thank you for your work. Here is how it "
                    "went, with feedback on every question.")
        return "Your exam is submitted. Here is how it went, with feedback on every question."

    # --- carrying on ------------------------------------------------------------------------
    def carried_on_from(self, left: Any) -> ExamSession | None:
        """This exam carried on from one started and not submitted (the store's
        :class:`~learnmeta.progress.store.UnfinishedExam`): the same questions (a pool's draw
        too), its clock and its answers; answers that no longer fit their question are dropped.
        None when a question it asked is no longer in the pack (it then starts afresh)."""
        ids = list(left.questions) if left.questions else None
        if ids is not None:
            found = [self.pack.question(qid) for qid in ids]
            questions = [q for q in found if q is not None]
            if len(questions) != len(found):
                return None
        elif self.pack.pack.draw is not None and left.seed:
            from learnmeta.quiz.engine import draw_questions

            questions = draw_questions(self.pack, left.seed)
        else:
            questions = list(self.pack.questions)
        session = ExamSession(self.pack, questions, seed=self.seed, draw_seed=left.seed,
                              time_limit_minutes=left.time_limit_minutes, use_pack_limit=False)
        # A start later than now (a clock put back, or a file edited) would give an exam no end,
        # or one past the last time there is: its clock starts now instead.
        session.started = min(left.started, now_utc()) if left.started is not None else None
        for index, (_pack, question) in enumerate(session.items):
            if question.id in left.answers:
                response = from_stored(question, left.answers[question.id])
                if response is not None:
                    session._responses[index] = response
                    from learnmeta.quiz.confidence import level as as_level

                    sure = as_level(getattr(left, "confidence", {}).get(question.id))
                    if sure is not None:
                        session._confidence[index] = sure
        unanswered = [index for index in range(session.total) if not session.is_answered(index)]
        session.position = unanswered[0] if unanswered else 0
        session.carried_on = True
        return session

    def welcome_back(self, now: dt.datetime | None = None) -> str:
        answered = self.total - len(self.unanswered)
        text = (f"Welcome back. Your exam carries on where you left it: {answered} of {self.total} "
                "questions answered.")
        left = self.time_left(now)
        if left is not None:
            text += f" {time_left_words(left)}."
        return text
