"""Spaced review of questions with FSRS (the ``fsrs`` package, 6.3).

Each answered question carries an FSRS card, stored as a :class:`ReviewState`. The rating comes
from the answer:

* wrong -> ``Again`` (back in 10 minutes);
* right with a hint -> ``Hard``;
* right without hints -> ``Good`` (back in about 2 days the first time, then longer);
* how sure the learner said they were (:mod:`learnmeta.quiz.confidence`: 1 not sure, 2 fairly
  sure, 3 sure): right and sure -> ``Easy`` (a longer interval than ``Good``); right but not sure
  -> ``Hard`` (sooner); fairly sure, or not said (``None``), changes nothing. Wrong is ``Again``
  however sure (the soonest there is: 10 minutes); wrong and sure is also kept on the question
  (``last_confidence``) so that review offers the page that teaches it first.

One learning step of 10 minutes, one relearning step of 10 minutes, no fuzzing (so the same
answers give the same dates, and the tests can say what to expect).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from learnmeta.progress.model import ReviewState, to_table, utc_seconds

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

CARD_ID = 1
"""fsrs wants a card id; ours is the question's key in the file, so every card gets this one
(the default would sleep 1 ms to make a unique one)."""

LEARNING_STEP = dt.timedelta(minutes=10)

_STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
_STATE_NUMBERS = {name: number for number, name in _STATE_NAMES.items()}

CONFIDENCE_GUESSED = 1
CONFIDENCE_SURE = 3


@lru_cache(maxsize=1)
def scheduler() -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(learning_steps=(LEARNING_STEP,), relearning_steps=(LEARNING_STEP,), enable_fuzzing=False)


def rating_for(correct: bool, hints_used: int = 0, confidence: int | None = None) -> Rating:
    """The FSRS rating for one answer."""
    from fsrs import Rating

    if not correct:
        return Rating.Again
    if hints_used > 0:
        return Rating.Hard
    if confidence is not None and confidence >= CONFIDENCE_SURE:
        return Rating.Easy
    if confidence is not None and confidence <= CONFIDENCE_GUESSED:
        return Rating.Hard
    return Rating.Good


def card_to_dict(card: Card) -> dict[str, Any]:
    """An fsrs card as a dict with no ``None`` values (TOML has no null), state named in words."""
    data = card.to_dict()
    out: dict[str, Any] = {
        "due": utc_seconds(dt.datetime.fromisoformat(data["due"])),
        "state": _STATE_NAMES[int(data["state"])],
    }
    step, stability, difficulty = data.get("step"), data.get("stability"), data.get("difficulty")
    last_review = data.get("last_review")
    if step is not None:
        out["step"] = int(step)
    if stability is not None:
        out["stability"] = round(float(stability), 4)
    if difficulty is not None:
        out["difficulty"] = round(float(difficulty), 4)
    if last_review is not None:
        out["last_review"] = utc_seconds(dt.datetime.fromisoformat(last_review))
    return out


def card_from_dict(data: dict[str, Any]) -> Card:
    """The reverse of :func:`card_to_dict` (missing keys become ``None``, as fsrs expects)."""
    from fsrs import Card

    def iso(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime) else value

    return Card.from_dict(
        {
            "card_id": CARD_ID,
            "state": _STATE_NUMBERS[data.get("state", "learning")],
            "step": data.get("step"),
            "stability": data.get("stability"),
            "difficulty": data.get("difficulty"),
            "due": iso(data["due"]),
            "last_review": iso(data.get("last_review")),
        }
    )


def to_card(state: ReviewState | None, last_review: dt.datetime | None, now: dt.datetime) -> Card:
    """The fsrs card for a stored state (a new card, due now, when there is none)."""
    if state is None:
        return card_from_dict({"due": now, "state": "learning", "step": 0})
    data = to_table(state)
    if last_review is not None:
        data["last_review"] = last_review
    if data.get("state") in ("learning", "relearning") and "step" not in data:
        data["step"] = 0
    return card_from_dict(data)


def review(
    state: ReviewState | None,
    *,
    last_review: dt.datetime | None,
    correct: bool,
    hints_used: int = 0,
    confidence: int | None = None,
    when: dt.datetime,
) -> ReviewState:
    """The question's next review state after one answer given at ``when`` (aware, UTC).

    A stored state fsrs cannot work with (one edited by hand: a review state without its
    stability, numbers so large that its arithmetic overflows) is started afresh, as a question
    never answered: the answer is still recorded and scheduled."""
    when = utc_seconds(when)
    if last_review is not None and last_review > when:
        last_review = when  # a clock that went backwards must not confuse fsrs
    rating = rating_for(correct, hints_used, confidence)
    if state is not None:
        try:
            return _next(to_card(state, last_review, when), rating, when)
        except (ArithmeticError, ValueError, TypeError, AssertionError, IndexError, KeyError):
            pass  # fsrs's own checks are assertions; its arithmetic overflows on huge numbers
    return _next(to_card(None, None, when), rating, when)


_LONGEST = dt.timedelta(days=36500)
"""A review further away than this is not a schedule but numbers gone wrong."""


def _next(card: Card, rating: Rating, when: dt.datetime) -> ReviewState:
    new_card, _log = scheduler().review_card(card, rating, review_datetime=when)
    data = card_to_dict(new_card)
    data.pop("last_review", None)  # it is the question's last_answered
    for name in ("stability", "difficulty"):
        if not math.isfinite(data.get(name, 0.0)):
            raise ArithmeticError(f"{name} is not a finite number")
    if not when <= data["due"] <= when + _LONGEST:
        raise ArithmeticError("the next review is not in a sensible time")
    return ReviewState(**data)


def due_in_words(due: dt.datetime, now: dt.datetime) -> str:
    """When a question comes back, in words: "later today", "tomorrow", "in 5 days", "on 3 March
    2027" (for both front ends' results)."""
    if due.tzinfo is None:
        due = due.replace(tzinfo=dt.timezone.utc)
    days = (due.date() - now.date()).days
    if days <= 0:
        return "later today"
    if days == 1:
        return "tomorrow"
    if days < 60:
        return f"in {days} days"
    return f"on {due.day} {due.strftime('%B %Y')}"


def next_review_in_words(due: dt.datetime | None, now: dt.datetime) -> str | None:
    """When the next review is, in words by the learner's own calendar: "now", "later today",
    "tomorrow", "in 5 days", "on 3 March 2027" (home, plain mode, the progress screen, an empty
    review); None when nothing is scheduled."""
    if due is None:
        return None
    if due.tzinfo is None:
        due = due.replace(tzinfo=dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    if due <= now:
        return "now"
    return due_in_words(due.astimezone(), now.astimezone())
