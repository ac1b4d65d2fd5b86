"""The quiz engine: checking answers, the order things are shown in, and a session's score.

Pure domain logic: no Textual, no files. Screens hand it what the learner did and show what it
returns; the progress store records it.

Responses, by question type::

    single        str               a choice id
    multiple      frozenset[str]    the choice ids selected
    true_false    bool
    matching      dict[str, str]    left item -> right item
    ordering      list[str]         the items in the learner's order
    short_answer  str               what was typed

Scores are honest and simple: a question is right or not (no partial credit); a skipped question
costs nothing while the quiz goes on, and one left unanswered at the end counts as not right.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from learnmeta.content.models import (
    Choice,
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    Pack,
    Question,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from learnmeta.content.text import normalise_answer
from learnmeta.quiz import confidence as sureness
from learnmeta.quiz.words import is_word


@dataclass(frozen=True)
class ChoiceMark:
    """One choice of a single, multiple or true/false question, once the answer is checked."""

    id: str
    """The choice's id ("true" and "false" for a true or false question)."""
    chosen: bool
    correct: bool
    """Whether this choice is a right answer, chosen or not."""


@dataclass(frozen=True)
class PairMark:
    """One item of a matching question, once the answer is checked."""

    left: str
    given: str | None
    """The answer the learner matched it with (None: not matched)."""
    right: str
    """The answer it goes with."""

    @property
    def correct(self) -> bool:
        return self.given == self.right


@dataclass(frozen=True)
class PlaceMark:
    """One place in the learner's order for an ordering question, once the answer is checked."""

    item: str
    right_place: int | None
    """Where the item goes (0-based; None for an item the question does not have)."""
    correct: bool
    """Whether the item is in its right place."""


@dataclass(frozen=True)
class Outcome:
    """What the learner gets back after answering: everything a screen shows about the answer,
    so nothing else ever works out a verdict again."""

    correct: bool
    feedback: list[str]
    """The author's feedback for what the learner chose, in the order chosen."""
    correct_answer: str
    """The right answer, as plain text."""
    response_text: str
    """What the learner answered, as plain text (for the record and exports)."""
    choices: dict[str, ChoiceMark] = field(default_factory=dict)
    """Single, multiple and true/false: every choice by id, in the question's order."""
    pairs: tuple[PairMark, ...] = ()
    """Matching: every item, in the question's order."""
    places: tuple[PlaceMark, ...] = ()
    """Ordering: every place, in the learner's order."""
    matched: str | None = None
    """Short answer: the accepted answer the typed one was taken as (None: not accepted)."""
    typo: bool = False
    """Short answer: right only with one letter forgiven (then ``matched`` is the spelling)."""
    overruled: bool = False
    """Short answer: counted as right because the learner said "I was right"."""
    misconceptions: tuple[str, ...] = ()
    """The ``misconception`` tags of the wrong answers chosen (single, multiple, true/false):
    the mistaken ideas this answer suggests, in the question's order."""


@dataclass(frozen=True)
class Presentation:
    """The order in which one question's parts are shown."""

    choices: list[Choice] = field(default_factory=list)
    right_items: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Checking one answer
# --------------------------------------------------------------------------------------------


def _swapped_neighbours(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` with two letters side by side swapped ("invasoin", "invasion")."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


def _within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one slip: one letter changed, added or
    dropped, or two letters side by side swapped."""
    if a == b or _swapped_neighbours(a, b):
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = edits = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        edits += 1
        if edits > 1:
            return False
        if len(a) == len(b):
            i += 1
        j += 1
    return edits + (len(b) - j) + (len(a) - i) <= 1


TYPO_MIN_LENGTH = 5
"""A typo is forgiven only in answers this long or longer: in short words one letter matters."""


def forgivable_typo(given: str, expected: str) -> bool:
    """Whether ``given`` is a slip of one letter in ``expected`` (both normalised): the answer is
    long enough, one letter is changed, added or dropped (or two side by side are swapped:
    "invasoin"), and the word that changed is not
    another real word ("livr" is a slip for "liver"; "river" and "lever" are other answers).
    """
    if len(expected) < TYPO_MIN_LENGTH or not _within_one_edit(given, expected):
        return False
    expected_words = set(expected.split())
    return not any(is_word(word) for word in given.split() if word not in expected_words)


def accepted_answer(question: ShortAnswerQuestion, typed: str) -> tuple[str | None, bool]:
    """The accepted answer ``typed`` is taken as (case, spaces and punctuation ignored), and
    whether only with a typo forgiven: an exact match wins over a forgiven typo. (None, False)
    when it is not accepted."""
    given = normalise_answer(typed)
    if not given:
        return None, False
    expected = [(accepted, normalise_answer(accepted)) for accepted in question.accepted]
    for accepted, normal in expected:
        if given == normal:
            return accepted, False
    if question.allow_typo:
        for accepted, normal in expected:
            if forgivable_typo(given, normal):
                return accepted, True
    return None, False


def short_answer_matches(question: ShortAnswerQuestion, typed: str) -> bool:
    """Whether ``typed`` is an accepted answer (case, spaces and punctuation ignored)."""
    return accepted_answer(question, typed)[0] is not None


def correct_answer_text(question: Question) -> str:
    """The right answer to a question, as plain text."""
    if isinstance(question, SingleQuestion):  # several only with accept_any: any one is right
        return " or ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, MultipleQuestion):
        return "; ".join(c.text for c in question.choices if c.correct)
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, MatchingQuestion):
        return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
    if isinstance(question, OrderingQuestion):
        return " → ".join(question.items)
    if isinstance(question, ShortAnswerQuestion):
        return question.accepted[0]
    raise TypeError(f"unknown question type: {type(question).__name__}")


def check_answer(question: Question, response: Any) -> Outcome:
    """Check a response to a question; never raises for a response of the wrong shape."""
    right = correct_answer_text(question)
    if isinstance(question, SingleQuestion):
        chosen = next((c for c in question.choices if c.id == response), None)
        correct = bool(chosen and chosen.correct)
        feedback = [chosen.feedback] if chosen and chosen.feedback else []
        marks = {c.id: ChoiceMark(c.id, c is chosen, c.correct) for c in question.choices}
        mistaken: tuple[str, ...] = ()
        if chosen and not chosen.correct and chosen.misconception:
            mistaken = (chosen.misconception,)
        return Outcome(correct, feedback, right, chosen.text if chosen else "", choices=marks,
                       misconceptions=mistaken)
    if isinstance(question, MultipleQuestion):
        picked = set(response) if isinstance(response, (set, frozenset, list, tuple)) else set()
        wanted = {c.id for c in question.choices if c.correct}
        feedback = [
            c.feedback
            for c in question.choices
            if c.feedback and (c.id in picked or (c.correct and c.id not in picked))
        ]
        text = "; ".join(c.text for c in question.choices if c.id in picked)
        marks = {c.id: ChoiceMark(c.id, c.id in picked, c.correct) for c in question.choices}
        tags = tuple(c.misconception for c in question.choices
                     if c.id in picked and not c.correct and c.misconception)
        return Outcome(picked == wanted, feedback, right, text, choices=marks, misconceptions=tags)
    if isinstance(question, TrueFalseQuestion):
        said = response if isinstance(response, bool) else None
        marks = {
            "true": ChoiceMark("true", said is True, bool(question.answer)),
            "false": ChoiceMark("false", said is False, not question.answer),
        }
        if said is None:
            return Outcome(False, [], right, "", choices=marks)
        note = question.feedback_true if said else question.feedback_false
        wrong = said != question.answer
        tags = (question.misconception,) if wrong and question.misconception else ()
        return Outcome(not wrong, [note] if note else [], right, str(said), choices=marks,
                       misconceptions=tags)
    if isinstance(question, MatchingQuestion):
        matches: dict[Any, Any] = response if isinstance(response, dict) else {}
        pairs = tuple(PairMark(p.left, matches.get(p.left), p.right) for p in question.pairs)
        feedback = [p.feedback for p, mark in zip(question.pairs, pairs) if not mark.correct and p.feedback]
        text = "; ".join(f"{left} → {right}" for left, right in matches.items())
        return Outcome(all(mark.correct for mark in pairs), feedback, right, text, pairs=pairs)
    if isinstance(question, OrderingQuestion):
        order: list[Any] = list(response) if isinstance(response, (list, tuple)) else []
        items = list(question.items)
        places = tuple(
            PlaceMark(
                item,
                items.index(item) if item in items else None,
                place < len(items) and items[place] == item,
            )
            for place, item in enumerate(order)
        )
        return Outcome(order == items, [], right, " → ".join(map(str, order)), places=places)
    if isinstance(question, ShortAnswerQuestion):
        typed = response if isinstance(response, str) else ""
        matched, typo = accepted_answer(question, typed)
        ok = matched is not None
        feedback = [question.feedback_wrong] if not ok and question.feedback_wrong else []
        return Outcome(ok, feedback, right, typed.strip(), matched=matched, typo=typo)
    raise TypeError(f"unknown question type: {type(question).__name__}")


def _split_known(text: str, separator: str, pieces: Sequence[str], *, in_order: bool) -> list[str] | None:
    """``text`` read back as known ``pieces`` joined by ``separator``, each used at most once
    (``in_order``: in the order of ``pieces``), or None when it cannot be. Pieces may hold the
    separator themselves: every way is tried, the first that reads the whole text wins."""
    if not text:
        return []

    def read(start: int, used: frozenset[int], after: int) -> list[str] | None:
        for index, piece in enumerate(pieces):
            if index in used or (in_order and index < after) or not piece:
                continue
            if not text.startswith(piece, start):
                continue
            end = start + len(piece)
            if end == len(text):
                return [piece]
            if text.startswith(separator, end):
                rest = read(end + len(separator), used | {index}, index + 1)
                if rest is not None:
                    return [piece, *rest]
        return None

    return read(0, frozenset(), 0)


def response_from_text(question: Question, text: str) -> Any | None:
    """The response (in the engine's shape, see the module's notes) that an answer recorded as
    ``text`` (an :attr:`Outcome.response_text`, as the progress file keeps it) was; None when the
    text cannot be read back against the question as it is now (its answers changed, or the
    text was cut short)."""
    if isinstance(question, SingleQuestion):
        return next((c.id for c in question.choices if c.text == text), None)
    if isinstance(question, MultipleQuestion):
        texts = [c.text for c in question.choices]
        found = _split_known(text, "; ", texts, in_order=True)
        if found is None:
            return None
        return frozenset(c.id for c in question.choices if c.text in found)
    if isinstance(question, TrueFalseQuestion):
        return {"True": True, "False": False}.get(text)
    if isinstance(question, MatchingQuestion):
        lefts = [pair.left for pair in question.pairs]
        rights = question.right_items
        combos = [f"{left} → {right}" for left in lefts for right in rights]
        found = _split_known(text, "; ", combos, in_order=False)
        if found is None:
            return None
        matches: dict[str, str] = {}
        for piece in found:
            index = combos.index(piece)
            left = lefts[index // len(rights)]
            if left in matches:
                return None
            matches[left] = rights[index % len(rights)]
        return matches
    if isinstance(question, OrderingQuestion):
        return _split_known(text, " → ", list(question.items), in_order=False)
    if isinstance(question, ShortAnswerQuestion):
        return text
    return None


def presentation(question: Question, seed: int | str = 0) -> Presentation:
    """The order to show a question's parts in, the same every time for the same seed."""
    rng = random.Random(f"{seed}:{question.id}")
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        choices = list(question.choices)
        if question.shuffle:
            rng.shuffle(choices)
        return Presentation(choices=choices)
    if isinstance(question, MatchingQuestion):
        rights = question.right_items
        rng.shuffle(rights)
        return Presentation(right_items=rights)
    if isinstance(question, OrderingQuestion):
        items = list(question.items)
        while items == list(question.items):
            rng.shuffle(items)
        return Presentation(items=items)
    return Presentation()


# --------------------------------------------------------------------------------------------
# Question pools: draw = N questions per attempt
# --------------------------------------------------------------------------------------------


def new_draw_seed() -> str:
    """A fresh seed for one attempt's draw (recorded in the attempt, so it can be told again)."""
    import secrets

    return secrets.token_hex(4)


def draw_questions(pack: Pack, seed: int | str) -> list[Question]:
    """The questions one attempt gets from a pack with a pool (``draw``), the same every time
    for the same seed, in the pack's order; every question when the pack draws none.

    First, for each tag of ``draw_by_tag`` in turn, that many questions carrying the tag (a
    question drawn for one tag is not drawn again for another); then the rest of ``draw`` from
    all the questions not drawn yet. ``learnmeta validate`` checks that the pack can give what
    it asks; if it cannot (a pack built in memory), as many as there are are drawn.
    """
    info = pack.pack
    if info.draw is None or info.draw >= len(pack.questions) and not info.draw_by_tag:
        return list(pack.questions)
    rng = random.Random(f"draw:{seed}")
    chosen: set[int] = set()
    for tag, wanted in info.draw_by_tag.items():
        carrying = [i for i, q in enumerate(pack.questions) if tag in q.tags and i not in chosen]
        chosen.update(rng.sample(carrying, min(wanted, len(carrying))))
    rest = [i for i in range(len(pack.questions)) if i not in chosen]
    chosen.update(rng.sample(rest, max(0, min(info.draw - len(chosen), len(rest)))))
    return [pack.questions[i] for i in sorted(chosen)]


# --------------------------------------------------------------------------------------------
# A session: one quiz, a knowledge check, or a review
# --------------------------------------------------------------------------------------------


@dataclass
class AnswerRecord:
    """One answered question in a session."""

    pack_id: str
    pack_version: str
    question: Any
    outcome: Outcome
    hints_used: int
    confidence: int | None = None
    """How sure the learner said they were (1 not sure to 3 sure; None: not said)."""
    overruled: bool = False
    """A typed answer the learner said was right ("I was right"): ``outcome`` is then right."""
    given_again: bool = False
    """Given after the learner took back (undo) a wrong answer to this question in this session
    (or in the attempt it carries on): the score shows it where a pass mark is shown, and the
    record keeps it (``given_again``). The progress store marks the record of an answer given
    after a wrong one taken back in another sitting or mode too (``PackProgress.taken_back``);
    that one never counted in this score, so the score does not say it."""


ATTEMPT_MODES = {"quiz": "quiz", "practice": "practice", "check": "practice", "review": "review"}
"""A session's mode -> the mode of its attempts in the progress file."""


@dataclass(frozen=True)
class SessionResult:
    """A finished (or left) session's score: for a quiz carried on, its answers from before too."""

    correct: int
    answered: int
    skipped: int
    total: int
    by_lesson: dict[str, tuple[int, int]]
    missed: list[Any]
    records: list[AnswerRecord]
    """The answers given in this sitting, in the order they were first asked."""
    by_pack: dict[str, tuple[int, int]] = field(default_factory=dict)
    """pack id -> (right, questions): a review's questions come from several packs."""
    rated: tuple[tuple[bool, int | None], ...] = ()
    """Every answer counted (those given before the session was carried on too): (right, how sure
    the learner said they were, None when not said or not known)."""
    marking: str = "standard"
    """"cbm" when the pack is scored with certainty-based marking (``marking = "cbm"``)."""
    given_again: int = 0
    """Answers of this sitting given again after a wrong answer to the question was taken back
    (undo): where a score is handed in, it says so (see :attr:`AnswerRecord.given_again`)."""
    by_lesson_answered: dict[str, int] = field(default_factory=dict)
    """lesson id -> how many of its questions were answered (beside ``by_lesson``'s right and
    questions: a question not answered is not a wrong answer, and the results say which)."""
    unanswered: frozenset[str] = frozenset()
    """The ids of the questions of ``missed`` that were not answered (the others were answered
    and not right)."""
    taken_back_left: tuple[tuple[bool, int | None], ...] = ()
    """Wrong answers taken back (undo) after their feedback, having said how sure, whose question
    then got no answer in the attempt: each (False, how sure). They are not answers (the score
    counts the question as not answered, which is not right either), but certainty-based marking
    counts them as they were given: left unanswered, a question scores 0 there, more than a
    wrong answer given as fairly sure (-2) or sure (-6), so taking one back and leaving the
    question would raise the CBM score."""

    @property
    def _sureness(self) -> tuple[tuple[bool, int | None], ...]:
        return self.rated + self.taken_back_left

    @property
    def calibration(self) -> sureness.Calibration:
        """How well the learner's sureness matched their answers (those given)."""
        return sureness.calibration(self.rated)

    @property
    def cbm_calibration(self) -> sureness.Calibration:
        """The breakdown by certainty that CBM reports (an answer without one counts at C1)."""
        return sureness.cbm_calibration(self._sureness)

    @property
    def cbm(self) -> sureness.CbmScore:
        """The session scored on Moodle's certainty-based marking scale."""
        return sureness.cbm_score(self._sureness, self.total)

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0

    def passed(self, pass_mark: int) -> bool:
        return self.total > 0 and self.percent >= pass_mark

    def score(self, pack_id: str) -> tuple[int, int, int]:
        """(right, questions, percent) for one pack's attempt in this session."""
        correct, total = self.by_pack.get(pack_id, (0, 0))
        return correct, total, round(100 * correct / total) if total else 0


def taken_back_words(said_in_results: bool, marked: bool = False) -> str:
    """What the learner is told when an answer is taken back (undo); ``said_in_results``: a wrong
    answer taken back where a pass mark is shown, so the results will say it was given again;
    ``marked``: a wrong answer taken back elsewhere, on any track, and saved: its feedback showed
    the right answer, so the learner's record (the answer log) marks their next answer to it as
    given again (the class report counts it). The self-study track was told "as if it was never
    given" while its log marked the next answer so: the words now say what the record holds.
    Otherwise (a right answer taken back, or nothing saved): it does not count, and nothing
    marks the next answer."""
    if said_in_results:
        return ("Your answer was taken back. Answer again when you are ready: as you saw the right "
                "answer, your results will say that a wrong answer was answered again.")
    if marked:
        return ("Your answer was taken back. Answer again when you are ready: as you saw the right "
                "answer, your record will show that your next answer to it was given again.")
    return "Your answer was taken back, so it does not count. Answer again when you are ready."


def worked_through_words(answered: int, total: int, correct: int) -> str:
    """What self-study results say when some answers were not right or some questions were not
    answered (a score, no pass mark): for a partial attempt, what was done and what is left,
    without pressure or blame ("well done for working through these" said at 1 of 18 was not
    true); for a whole one, the gentle words it always had. The app and plain mode both say it."""
    left = total - answered
    if left <= 0 or answered <= 0:
        return ("Well done for working through these. The questions below are worth another look: "
                "each one says where to read about it.")
    right = ""
    if correct == answered:
        right = ", and got it right" if answered == 1 else ", and got them all right"
    rest = "The one left is there whenever you want to try it" if left == 1 else \
        f"The other {left} are there whenever you want to try them"
    noun = "question" if total == 1 else "questions"
    return (f"You answered {answered} of {total} {noun}{right}. {rest}, and each question below says "
            "where to read about it.")


def lesson_score_words(correct: int, total: int, answered: int | None) -> str:
    """A lesson's line of "By lesson": "3 of 4 right" when every question was answered (or
    when how many were is not known), else what was answered and what was right, so a question
    left unanswered never reads as a wrong answer: "1 of 4 answered, 1 right"."""
    if answered is None or answered >= total:
        return f"{correct} of {total} right"
    return f"{answered} of {total} answered, {correct} right"


def practise_words(missed: int, unanswered: int) -> str:
    """The words of the button (and plain mode's offer) that practises ``missed`` questions, of
    which ``unanswered`` were not answered: what it includes, and nothing else."""
    if unanswered <= 0:
        return "Practise the ones I missed"
    if unanswered >= missed:
        return "Practise the ones not answered"
    return "Practise missed and unanswered"


def given_again_words(count: int) -> str:
    """What a score where a pass mark is shown says of the answers given again after a wrong
    answer was taken back (undo), with a leading space; "" when there were none. The score
    counts the answer given again: these words keep it honest for whoever it is handed to."""
    if count <= 0:
        return ""
    if count == 1:
        return " 1 wrong answer was taken back after its feedback and answered again."
    return f" {count} wrong answers were taken back after their feedback and answered again."


def taken_back_left_words(count: int) -> str:
    """What certainty-based marking's figures say of the wrong answers taken back (undo) and not
    answered again, which they count as given; "" when there were none."""
    if count <= 0:
        return ""
    if count == 1:
        return ("A wrong answer you took back and did not answer again counts in this marking as you "
                "gave it.")
    return (f"{count} wrong answers you took back and did not answer again count in this marking as "
            "you gave them.")


class ReviewSession:
    """Questions from one or more packs, asked one at a time."""

    pack: Pack | None = None
    """The pack of a quiz on one pack (None for a review across packs)."""
    exam: bool = False
    """An exam (:class:`learnmeta.quiz.exam.ExamSession`): no feedback, hints, undo or "I was
    right" until the whole attempt is submitted. Front ends check this flag."""
    draw_seed: str | None = None
    """The seed of the questions drawn from a pool (``draw``); None when nothing was drawn."""

    def __init__(
        self,
        items: Sequence[tuple[Pack, Question]],
        *,
        seed: int | str = 0,
        mode: str = "review",
    ):
        if not items:
            raise ValueError("a session needs at least one question")
        self.items = list(items)
        """Every question of the session, those answered before it was carried on too."""
        self.mode = mode
        self.seed = seed
        self._queue: list[int] = list(range(len(self.items)))
        self._order: list[int] = list(self._queue)
        """The order questions are first asked in (indices into ``items``)."""
        self._skipped_once: set[int] = set()
        self._left: set[int] = set()
        self._answers: dict[int, AnswerRecord] = {}
        self._taken_back: set[int] = set()
        """Questions whose wrong answer was taken back (undo) in this sitting."""
        self._taken_back_sure: dict[int, int] = {}
        """Of those, the ones whose wrong answer said how sure -> the level (the surest)."""
        self._earlier: dict[int, bool] = {}
        """Questions answered before the session was carried on -> whether right."""
        self._skipped_earlier: set[int] = set()
        """Questions skipped before the session was carried on (they come last)."""
        self._earlier_confidence: dict[int, int | None] = {}
        """Questions answered before the session was carried on -> how sure (when known)."""
        self._hints: dict[int, int] = {}
        self._answered_current = False

    # what is being asked
    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def finished(self) -> bool:
        return not self._queue

    @property
    def _index(self) -> int | None:
        return self._queue[0] if self._queue else None

    @property
    def current(self) -> Question | None:
        index = self._index
        return None if index is None else self.items[index][1]

    @property
    def current_pack(self) -> Pack | None:
        index = self._index
        return None if index is None else self.items[index][0]

    @property
    def number(self) -> int:
        """The current question's number (1-based), kept when it is skipped and asked again.

        In a session carried on, the questions answered before come first: the next is number
        "answered before + 1", and so on.
        """
        index = self._index
        if index is None:
            return self.total
        return len(self._earlier) + self._order.index(index) + 1

    @property
    def skipped_before(self) -> bool:
        """Whether the current question was skipped once already (in this sitting or before)."""
        index = self._index
        return index is not None and (index in self._skipped_once or index in self._skipped_earlier)

    @property
    def done_count(self) -> int:
        """Questions answered (the current one too, once answered) or left unanswered."""
        return len(self._answers) + len(self._left) + len(self._earlier)

    @property
    def earlier_count(self) -> int:
        """Questions answered before the session was carried on."""
        return len(self._earlier)

    @property
    def skipped_earlier_count(self) -> int:
        return len(self._skipped_earlier)

    @property
    def presentation(self) -> Presentation:
        question = self.current
        return presentation(question, self.seed) if question is not None else Presentation()

    # what the progress file calls it
    @property
    def whole_quiz(self) -> bool:
        """A quiz on all of a pack's questions: it can be carried on, and it decides a pass."""
        return False

    @property
    def attempt_mode(self) -> str:
        return ATTEMPT_MODES.get(self.mode, "practice")

    @property
    def can_resume(self) -> bool:
        """Whether the session carries on an attempt left part way (a review never does)."""
        return False

    # hints
    @property
    def hints_used(self) -> int:
        index = self._index
        return self._hints.get(index, 0) if index is not None else 0

    def next_hint(self) -> str | None:
        """The next hint for the current question, or None when there are no more."""
        index = self._index
        if index is None or self._answered_current:
            return None
        hints = self.items[index][1].hints
        used = self._hints.get(index, 0)
        if used >= len(hints):
            return None
        self._hints[index] = used + 1
        return hints[used]

    # answering
    def answer(self, response: Any, confidence: int | None = None) -> Outcome:
        """Check and record an answer to the current question (once; then call advance()).

        ``confidence``: how sure the learner said they were (1 not sure, 2 fairly sure, 3 sure;
        anything else counts as not said)."""
        index = self._index
        if index is None:
            raise RuntimeError("the session is finished")
        if self._answered_current:
            return self._answers[index].outcome
        pack, question = self.items[index]
        outcome = check_answer(question, response)
        self._answers[index] = AnswerRecord(
            pack.id, pack.pack.version, question, outcome, self._hints.get(index, 0),
            confidence=sureness.level(confidence), given_again=index in self._taken_back,
        )
        self._answered_current = True
        return outcome

    @property
    def current_record(self) -> AnswerRecord | None:
        """The answer just given to the current question (None before it is answered)."""
        index = self._index
        if index is None or not self._answered_current:
            return None
        return self._answers.get(index)

    @property
    def can_undo(self) -> bool:
        """Whether the answer just given can be taken back (right after its feedback; never in
        an exam)."""
        return self.current_record is not None and not self.exam

    @property
    def current_taken_back(self) -> bool:
        """A wrong answer to the current question was taken back (undo): the next answer to it
        is one given again (see :func:`given_again_words`)."""
        return self._index is not None and self._index in self._taken_back

    def knowing_taken_back(self, question_ids: Iterable[str], sure: Mapping[str, int] | None = None) -> list[str]:
        """Ask the questions of ``question_ids`` (a wrong answer to them was taken back in an
        attempt left with no answers) knowing it: an answer given again to one is marked so.
        ``sure``: how sure those wrong answers were (question id -> 1 to 3), for those that said.
        Returns those of them this session asks."""
        wanted = set(question_ids)
        found = {index: question.id for index, (_pack, question) in enumerate(self.items)
                 if question.id in wanted}
        self._taken_back |= set(found)
        self._knowing_sure(found, sure)
        return list(dict.fromkeys(found.values()))

    def _knowing_sure(self, found: dict[int, str], sure: Mapping[str, int] | None) -> None:
        for index, question_id in found.items():
            level = sureness.level((sure or {}).get(question_id))
            if level is not None:
                self._taken_back_sure[index] = max(level, self._taken_back_sure.get(index, 0))

    def undo(self) -> AnswerRecord | None:
        """Take back the answer just given: it does not count, and the question is asked again
        (hints already shown stay used; a wrong answer's next answer is one given again). Returns the answer taken back (None: nothing to
        undo)."""
        index = self._index
        if index is None or not self.can_undo:
            return None
        self._answered_current = False
        taken = self._answers.pop(index)
        if not taken.outcome.correct or taken.overruled:  # "I was right" first: marked wrong, seen so
            self._taken_back.add(index)
            if taken.confidence is not None:
                self._taken_back_sure[index] = max(taken.confidence, self._taken_back_sure.get(index, 0))
        return taken

    @property
    def can_overrule(self) -> bool:
        """Whether the learner can say "I was right" about the answer just given: a typed (short)
        answer marked not right, not already overruled, and never in an exam."""
        record = self.current_record
        return (
            record is not None
            and not self.exam
            and isinstance(record.question, ShortAnswerQuestion)
            and not record.outcome.correct
            and not record.overruled
        )

    def overrule(self) -> Outcome | None:
        """ "I was right": the typed answer just given is marked right (and recorded as overruled).
        Returns the new outcome (None when it cannot be overruled)."""
        record = self.current_record
        if record is None or not self.can_overrule:
            return None
        record.outcome = dataclasses.replace(record.outcome, correct=True, feedback=[], overruled=True)
        record.overruled = True
        return record.outcome

    def advance(self) -> None:
        """Go on to the next question after answering."""
        if self._queue and self._answered_current:
            self._queue.pop(0)
        self._answered_current = False

    def skip(self) -> None:
        """Skip without penalty: the question comes back once at the end; skipped twice, it is left.

        A question skipped before the quiz was carried on (shown "skipped before", at the end) has
        had its one coming back: skipped again, it is left, as in one sitting."""
        index = self._index
        if index is None or self._answered_current:
            return
        self._queue.pop(0)
        if index in self._skipped_once or index in self._skipped_earlier:
            self._left.add(index)
        else:
            self._skipped_once.add(index)
            self._queue.append(index)

    # the score
    def result(self) -> SessionResult:
        """The score so far, with the answers given before the session was carried on: questions
        not yet answered count as not right."""
        by_lesson: dict[str, list[int]] = {}
        by_pack: dict[str, list[int]] = {}
        lesson_answered: dict[str, int] = {}
        unanswered: set[str] = set()
        missed = []
        correct = 0
        rated: list[tuple[bool, int | None]] = []
        for index, (pack, question) in enumerate(self.items):
            given = True
            if index in self._earlier:
                ok = self._earlier[index]
                rated.append((ok, self._earlier_confidence.get(index)))
            else:
                record = self._answers.get(index)
                ok = bool(record and record.outcome.correct)
                if record is not None:
                    rated.append((ok, record.confidence))
                else:
                    given = False
                    unanswered.add(question.id)
            lesson_answered[question.lesson] = lesson_answered.get(question.lesson, 0) + given
            correct += ok
            for tally in (by_lesson.setdefault(question.lesson, [0, 0]), by_pack.setdefault(pack.id, [0, 0])):
                tally[0] += ok
                tally[1] += 1
            if not ok:
                missed.append(question)
        return SessionResult(
            correct=correct,
            answered=len(self._answers) + len(self._earlier),
            skipped=len(self._left),
            total=self.total,
            by_lesson={lesson: (c, t) for lesson, (c, t) in by_lesson.items()},
            missed=missed,
            by_lesson_answered=lesson_answered,
            unanswered=frozenset(unanswered),
            records=[self._answers[i] for i in self._order if i in self._answers],
            by_pack={pack_id: (c, t) for pack_id, (c, t) in by_pack.items()},
            rated=tuple(rated),
            marking=self.marking,
            # this sitting's, and those of a sitting before it was carried on (taken back, then
            # answered again in the attempt)
            given_again=sum(record.given_again for record in self._answers.values())
            + sum(index in self._taken_back for index in self._earlier),
            taken_back_left=tuple(
                (False, self._taken_back_sure[index]) for index in sorted(self._taken_back_sure)
                if index in self._taken_back and index not in self._answers and index not in self._earlier
            ),
        )

    @property
    def marking(self) -> str:
        """"cbm" when the session's pack is scored with certainty-based marking."""
        pack = self.pack
        return "cbm" if pack is not None and pack.pack.marking == "cbm" else "standard"


class QuizSession(ReviewSession):
    """A quiz on one pack: all its questions, or the ones named, in the order given."""

    def __init__(
        self,
        pack: Pack,
        questions: Sequence[Question] | None = None,
        *,
        seed: int | str = 0,
        mode: str = "quiz",
        draw_seed: str | None = None,
    ):
        drawn = questions is None and mode == "quiz" and pack.pack.draw is not None
        if drawn:
            draw_seed = draw_seed or new_draw_seed()
            chosen = draw_questions(pack, draw_seed)
        else:
            chosen = list(pack.questions) if questions is None else list(questions)
        super().__init__([(pack, q) for q in chosen], seed=seed, mode=mode)
        self.pack: Pack = pack
        self.draw_seed = draw_seed if drawn or draw_seed else None

    @classmethod
    def for_ids(cls, pack: Pack, question_ids: Sequence[str], **kwargs: Any) -> QuizSession:
        """A session of the named questions of a pack (unknown ids are left out)."""
        questions = [q for qid in question_ids if (q := pack.question(qid)) is not None]
        return cls(pack, questions, **kwargs)

    @property
    def whole_quiz(self) -> bool:
        """All of the pack's questions, or the questions drawn for this attempt from its pool."""
        return self.mode == "quiz" and (self.draw_seed is not None or self.total == len(self.pack.questions))

    @property
    def question_ids(self) -> list[str]:
        return [question.id for _pack, question in self.items]

    def attempt_details(self) -> dict[str, Any]:
        """What the attempt records besides its mode: for a pool, the seed and the questions
        drawn (so results, carrying on and the class report know exactly what was asked)."""
        if self.draw_seed is None:
            return {}
        return {"seed": self.draw_seed, "questions": self.question_ids}

    def drawn_again(self, attempt: Any) -> QuizSession | None:
        """For a pack with a pool: this quiz on the questions ``attempt`` drew (its recorded ids,
        or else its seed drawn again); None when the attempt recorded neither, or a question it
        drew is no longer in the pack."""
        ids = getattr(attempt, "questions", None)
        seed = getattr(attempt, "seed", None)
        if ids:
            found = [self.pack.question(qid) for qid in ids]
            chosen = [q for q in found if q is not None]
            if len(chosen) != len(found):
                return None
        elif seed:
            chosen = draw_questions(self.pack, seed)
        else:
            return None
        return type(self)(self.pack, chosen, seed=self.seed, mode=self.mode,
                          draw_seed=seed or self.draw_seed)

    @property
    def attempt_mode(self) -> str:
        """"quiz" only for a whole quiz: a quiz on some of a pack's questions is practice, which
        counts toward no best score and no pass; a knowledge check is practice too."""
        if self.mode == "quiz" and not self.whole_quiz:
            return "practice"
        return super().attempt_mode

    @property
    def can_resume(self) -> bool:
        """A whole quiz, or a lesson's knowledge check, carries on where it was left: see
        :meth:`resumed`."""
        return self.whole_quiz or self.mode == "check"

    def resumed(self, attempt: Any) -> QuizSession | None:
        """This quiz carried on from an attempt left (or cut off) part way; None when it cannot be.

        ``attempt`` is the store's :class:`~learnmeta.progress.store.UnfinishedAttempt` (of this
        session's ``attempt_mode``, on this version): the answers counted, and the pack's questions
        answered since it started (question id -> right). It carries on when some of these
        questions were answered and some are left. For a knowledge check every answer since must
        be to the check's questions, one per answer the attempt counted: otherwise the attempt
        was something else (practising other questions) and the check starts afresh.

        The session carries on after the last question answered; any left unanswered before it
        (skipped) come at the end, as a skip would have put them.
        """
        if not self.can_resume:
            return None
        if self.draw_seed is not None:  # a pool: the questions that attempt drew, not a new draw
            again = self.drawn_again(attempt)
            return None if again is None else again._resumed_on(attempt)
        return self._resumed_on(attempt)

    def _resumed_on(self, attempt: Any) -> QuizSession | None:
        ids = [question.id for _pack, question in self.items]
        since = attempt.answers
        if not self.whole_quiz and (set(since) - set(ids) or attempt.answered != len(since)):
            return None
        earlier = {index: since[qid] for index, qid in enumerate(ids) if qid in since}
        if not earlier or len(earlier) == len(ids):
            return None
        last = max(earlier)
        after = [index for index in range(last + 1, len(ids)) if index not in earlier]
        before = [index for index in range(last) if index not in earlier]
        session = QuizSession(self.pack, [q for _pack, q in self.items], seed=self.seed, mode=self.mode,
                              draw_seed=self.draw_seed)
        session._queue = after + before
        session._order = list(session._queue)
        session._earlier = earlier
        sure = getattr(attempt, "confidence", None) or {}
        session._earlier_confidence = {
            index: sureness.level(sure.get(qid)) for index, qid in enumerate(ids) if index in earlier
        }
        session._skipped_earlier = set(before)
        taken = set(getattr(attempt, "taken_back", None) or ())
        session._taken_back = {index for index, qid in enumerate(ids) if qid in taken}
        session._knowing_sure({index: ids[index] for index in session._taken_back},
                              getattr(attempt, "taken_back_sure", None))
        return session
