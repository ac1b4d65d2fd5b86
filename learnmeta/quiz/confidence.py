"""How sure the learner was: the three levels, certainty-based marks, and how well sureness
matched the answers, in words that both front ends show.

Pure domain logic: no Textual, no files.

After choosing an answer and before it is checked, the learner can say how sure they are:
:data:`NOT_SURE` (1), :data:`FAIRLY_SURE` (2) or :data:`SURE` (3); or not say (``None``). The
progress file keeps the level with the answer (``confidence``, 1 to 3), and review scheduling uses
it (:func:`learnmeta.progress.scheduling.rating_for`: right and sure comes back later, right but
not sure sooner; wrong and sure is marked to be taught first next time).

A pack with ``marking = "cbm"`` is scored with Moodle's certainty-based marking (CBM) scale
(Gardner-Medwin's; Moodle's ``question_cbm``):

=========  =====  =====
certainty  right  wrong
=========  =====  =====
C1         +1     0
C2         +2     −2
C3         +3     −6
=========  =====  =====

An answer given without a certainty counts as C1, as in Moodle; a question not answered scores 0
and still counts in the averages. :func:`cbm_score` reports what Moodle's quiz review shows: the
average CBM mark per question, the accuracy (share of questions right), the CBM bonus (0.1 × the
average mark above what that accuracy would earn at the best single certainty) and accuracy +
bonus; :func:`calibration` gives Moodle's breakdown by certainty (the share right at each level,
against the range where that level is the best choice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NOT_SURE = 1
FAIRLY_SURE = 2
SURE = 3
LEVELS = (NOT_SURE, FAIRLY_SURE, SURE)

LEVEL_WORDS = {NOT_SURE: "not sure", FAIRLY_SURE: "fairly sure", SURE: "sure"}
"""Each level as the learner is asked it ("How sure are you? 1 not sure, 2 fairly sure, 3 sure")."""

CBM_RIGHT = {NOT_SURE: 1, FAIRLY_SURE: 2, SURE: 3}
CBM_WRONG = {NOT_SURE: 0, FAIRLY_SURE: -2, SURE: -6}
DEFAULT_CERTAINTY = NOT_SURE
"""The certainty an answer counts at when none was given (Moodle's ``default_certainty``)."""

BEST_RANGE = {NOT_SURE: (0.0, 2 / 3), FAIRLY_SURE: (2 / 3, 0.8), SURE: (0.8, 1.0)}
"""For each level, the share right for which it earns the most CBM marks (Moodle's optimal range)."""

MARKINGS = ("standard", "cbm")


def asked(setting: bool | None, track: str, marking: str = "standard") -> bool:
    """Whether the learner is asked how sure they are before an answer is checked: always for a
    pack scored with certainty-based marking; otherwise as the learner's setting says, and when
    they never chose, on the course track and not on the self-study track."""
    if marking == "cbm":
        return True
    if setting is not None:
        return bool(setting)
    return track == "course"


def level(value: object) -> int | None:
    """A confidence level from a value of any kind: 1, 2 or 3, else None (not said)."""
    if isinstance(value, int) and not isinstance(value, bool) and value in LEVELS:
        return value
    return None


def cbm_mark(correct: bool, confidence: int | None) -> int:
    """The CBM mark for one answer (an answer with no certainty counts as C1)."""
    certainty = level(confidence) or DEFAULT_CERTAINTY
    return CBM_RIGHT[certainty] if correct else CBM_WRONG[certainty]


def feedback_line(correct: bool, confidence: int | None) -> str | None:
    """A kind word after the verdict, only where sureness and the answer did not agree."""
    if confidence == SURE and not correct:
        return (
            "You were sure, and this one is not right. That happens, and it is good to find out "
            "now: it comes back soon, with the page that teaches it first."
        )
    if confidence == NOT_SURE and correct:
        return "You were not sure, and you were right: you know more than you thought."
    return None


def cbm_feedback(correct: bool, confidence: int | None) -> str:
    """The CBM mark of one answer, in words: "Certainty-based mark: +3 (sure, and right)"."""
    certainty = level(confidence)
    mark = cbm_mark(correct, confidence)
    said = LEVEL_WORDS[certainty] if certainty else "no certainty given, counted as not sure"
    shown = f"{mark:+d}" if mark else "0"
    return f"Certainty-based mark: {shown} ({said}, and {'right' if correct else 'not right'})."


# --------------------------------------------------------------------------------------------
# A whole session
# --------------------------------------------------------------------------------------------


Rated = tuple[bool, "int | None"]
"""One answer: (right, confidence level or None)."""


@dataclass(frozen=True)
class CbmScore:
    """A session scored with CBM, as Moodle's quiz review reports it."""

    questions: int
    """Every question of the session, answered or not."""
    answered: int
    total: int
    """The sum of the CBM marks."""
    average: float
    """The average CBM mark per question (−6 to 3)."""
    accuracy: float
    """The share of questions right (0 to 1)."""
    bonus: float
    accuracy_and_bonus: float


def cbm_bonus(average: float, accuracy: float) -> float:
    """Moodle's CBM bonus: 0.1 × (the average mark − what this accuracy earns at the best single
    certainty level)."""
    expected = max(
        accuracy * CBM_RIGHT[certainty] + (1 - accuracy) * CBM_WRONG[certainty] for certainty in LEVELS
    )
    return 0.1 * (average - expected)


def cbm_score(answers: Iterable[Rated], questions: int) -> CbmScore:
    """The CBM score of the answers given to a session of ``questions`` questions (those not
    answered score 0 and count in the averages, as in Moodle)."""
    given = list(answers)
    questions = max(questions, len(given))
    total = sum(cbm_mark(correct, confidence) for correct, confidence in given)
    right = sum(1 for correct, _ in given if correct)
    if questions == 0:
        return CbmScore(0, 0, 0, 0.0, 0.0, 0.0, 0.0)
    average = total / questions
    accuracy = right / questions
    bonus = cbm_bonus(average, accuracy)
    return CbmScore(questions, len(given), total, average, accuracy, bonus, accuracy + bonus)


@dataclass(frozen=True)
class LevelTally:
    level: int
    answered: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0

    @property
    def judgement(self) -> str:
        """Moodle's word for this level: "about right", "a bit overconfident", "overconfident",
        "a bit underconfident", "underconfident" ("" with no answers)."""
        if not self.answered:
            return ""
        low, high = BEST_RANGE[self.level]
        share = self.share
        if share < low - 1e-9:
            return "overconfident" if (share - low) ** 2 * self.answered > 0.5 else "a bit overconfident"
        if share > high + 1e-9:
            return "underconfident" if (share - high) ** 2 * self.answered > 0.5 else "a bit underconfident"
        return "about right"


@dataclass(frozen=True)
class Calibration:
    """How well the learner's sureness matched their answers."""

    levels: tuple[LevelTally, ...]
    """One tally per level, not sure first."""
    unrated: int
    """Answers given without saying how sure."""

    @property
    def rated(self) -> int:
        return sum(tally.answered for tally in self.levels)

    def tally(self, confidence: int) -> LevelTally:
        return next(tally for tally in self.levels if tally.level == confidence)

    @property
    def sure_but_wrong(self) -> int:
        tally = self.tally(SURE)
        return tally.answered - tally.right

    @property
    def unsure_but_right(self) -> int:
        return self.tally(NOT_SURE).right


def cbm_calibration(answers: Iterable[Rated]) -> Calibration:
    """The breakdown CBM reports: an answer given without a certainty counts at C1, as its mark
    does (Moodle's ``default_certainty``)."""
    return calibration((correct, level(confidence) or DEFAULT_CERTAINTY) for correct, confidence in answers)


def calibration(answers: Iterable[Rated]) -> Calibration:
    counts = {certainty: [0, 0] for certainty in LEVELS}
    unrated = 0
    for correct, confidence in answers:
        certainty = level(confidence)
        if certainty is None:
            unrated += 1
            continue
        counts[certainty][0] += 1
        counts[certainty][1] += bool(correct)
    return Calibration(tuple(LevelTally(c, a, r) for c, (a, r) in counts.items()), unrated)


def calibration_words(result: Calibration) -> list[str]:
    """How sureness matched the answers, in plain sentences (empty when no level was given).

    One line per level used ("When you were sure: right 4 of 5 times."), then one sentence on
    the whole. Whole numbers only, and right or wrong always in words.
    """
    if not result.rated:
        return []
    lines = []
    for tally in reversed(result.levels):  # sure first: it matters most
        if tally.answered:
            lines.append(
                f"When you were {LEVEL_WORDS[tally.level]}: right {tally.right} of "
                f"{tally.answered} {'time' if tally.answered == 1 else 'times'}."
            )
    wrong_sure = result.sure_but_wrong
    if wrong_sure:
        lines.append(
            f"You were sure of {wrong_sure} answer{'s' if wrong_sure != 1 else ''} that "
            f"{'were' if wrong_sure != 1 else 'was'} not right. "
            f"{'They come' if wrong_sure != 1 else 'It comes'} back soon, with the page to read first."
        )
    elif any(tally.judgement.endswith("overconfident") for tally in result.levels):
        lines.append("Sometimes you were a little surer than your answers turned out to be.")
    elif any(tally.judgement.endswith("underconfident") for tally in result.levels):
        lines.append("You knew more than you thought: you can trust yourself a little more.")
    else:
        lines.append("How sure you were matched how you did.")
    return lines


def cbm_words(score: CbmScore) -> list[str]:
    """A CBM score as Moodle reports it, for trainees: average mark, accuracy, bonus."""
    if score.questions == 0:
        return []
    return [
        f"Certainty-based marking, {score.questions} question{'s' if score.questions != 1 else ''}: "
        f"average CBM mark {score.average:.2f} per question (from -6 to 3; {score.total:+d} in all).",
        f"Accuracy {100 * score.accuracy:.1f}%, CBM bonus {100 * score.bonus:+.1f}%, "
        f"accuracy + bonus {100 * score.accuracy_and_bonus:.1f}%.",
    ]


def cbm_breakdown(result: Calibration) -> list[str]:
    """Moodle's breakdown by certainty: for each level, answers, share right, its best range and
    the judgement ("C3 sure: 5 answers, 80% right (best 80% to 100%): about right")."""
    lines = []
    for tally in reversed(result.levels):
        name = f"C{tally.level} {LEVEL_WORDS[tally.level]}"
        if not tally.answered:
            lines.append(f"{name}: no answers.")
            continue
        low, high = BEST_RANGE[tally.level]
        lines.append(
            f"{name}: {tally.answered} answer{'s' if tally.answered != 1 else ''}, "
            f"{100 * tally.share:.0f}% right (best {100 * low:.0f}% to {100 * high:.0f}%): "
            f"{tally.judgement}."
        )
    return lines
