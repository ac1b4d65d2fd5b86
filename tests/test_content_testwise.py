"""A learner who has not read the lessons must not beat chance by surface cues.

Each strategy below is one a test-wise learner uses (shared/notes/content-review-2.md, 2.2): pick
the longest choice, take absolute words for false, tick all but one, follow the grammar of the
question, and so on. Each is run on every question it applies to, in every built-in pack (the
packs found at run time, so new ones are checked too), and its expected score is compared with
blind guessing on the same questions. A strategy that beats chance by more than 15 points fails,
with the questions that give it away.

Scores are expected values: where a strategy leaves several choices, it guesses among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import comb
from statistics import mean
from typing import Callable

import pytest

from learnmeta.content.library import load_library

MARGIN = 0.15
"""How far above chance a strategy may score: 15 points."""
MIN_QUESTIONS = 3
"""A pack is judged on its own for a strategy that applies to this many of its questions or more
(fewer is too few to tell luck from a cue); every pack is also judged with all the others."""

ABSOLUTE = {
    "all", "always", "any", "anything", "cannot", "certain", "certainly", "completely", "each",
    "entirely", "every", "everyone", "everything", "forever", "guaranteed", "just", "must",
    "never", "no", "none", "nobody", "nothing", "nowhere", "only", "sure", "totally", "whole",
}
"""Words that state a rule with no exceptions ("every", "never")."""
HEDGES = {
    "can", "common", "commonly", "could", "few", "generally", "likely", "many", "may", "might",
    "mainly", "most", "mostly", "often", "perhaps", "possible", "possibly", "probably",
    "several", "some", "sometimes", "tend", "tends", "usually",
}
"""Words that soften a statement ("can", "most often")."""
STOP = {
    "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "has", "have",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "these", "they",
    "this", "to", "was", "what", "when", "where", "which", "who", "why", "with", "you", "your",
    "true", "false", "choose", "apply", "cancer", "cancers",
}
COUNT_HINT = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|\d+)\s+(of\s+these|choices|answers)\b"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|\d+)\s+\w*\s*(is|are)\s+(right|correct)\b",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower())


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOP and len(w) > 2}


def absolute(text: str) -> bool:
    return any(w in ABSOLUTE for w in words(text))


def hedged(text: str) -> bool:
    return any(w in HEDGES for w in words(text))


def statement(question) -> str:
    return re.sub(r"^\s*true or false\s*[:?]\s*", "", question.prompt, flags=re.IGNORECASE)


def pick(choices, chosen) -> float:
    """Expected score of guessing among ``chosen`` (all choices when it is empty)."""
    chosen = list(chosen) or list(choices)
    return sum(1 for c in chosen if c.correct) / len(chosen)


def best(choices, key) -> list:
    top = max(key(c) for c in choices)
    return [c for c in choices if key(c) == top]


def tick(choices, chosen) -> float:
    """Score of a "choose all that apply" answer: right only when it is exactly the right set."""
    chosen = set(id(c) for c in chosen)
    return float(all((id(c) in chosen) == bool(c.correct) for c in choices))


# ---- the strategies: (name, question type, score function returning None when it does not apply)


def _position(index: int):
    def score(q):
        if q.shuffle or len(q.choices) <= max(index, -index - 1):
            return None
        return float(bool(q.choices[index].correct))

    return score


def _agreement(q):
    """Grammar: an article at the end of the prompt, or a plural question with a singular choice."""
    prompt = q.prompt.strip().rstrip("?:.… ").lower()
    last = prompt.split()[-1] if prompt.split() else ""
    if last in ("a", "an"):
        starts_with_vowel = lambda c: c.text.strip()[:1].lower() in "aeiou"  # noqa: E731
        fits = [c for c in q.choices if starts_with_vowel(c) == (last == "an")]
        return pick(q.choices, fits)
    if re.search(r"\b(what|which|who)\s+(are|were)\b", prompt):
        singular = re.compile(r"^(a|an|one|another|it|this)\b", re.IGNORECASE)
        fits = [c for c in q.choices if not singular.match(c.text.strip())]
        if len(fits) < len(q.choices):
            return pick(q.choices, fits)
    return None


def _odd_one_out(q):
    """Pick the choice whose first word differs in kind from all the others' (form cue)."""
    firsts = [words(c.text)[:1] for c in q.choices]
    kinds = [("the" if f == ["the"] else "it" if f == ["it"] else "other") for f in firsts]
    odd = [c for c, k in zip(q.choices, kinds) if kinds.count(k) == 1]
    return pick(q.choices, odd) if len(odd) == 1 and len(q.choices) >= 3 else None


def _hint_count(q):
    first = q.hints[0] if q.hints else ""
    match = re.search(r"\b(one|two|three|four|five|six|\d+)\b", first.lower()) if COUNT_HINT.search(first) else None
    if not match:
        return None
    numbers = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    k = numbers.get(match.group(1)) or int(match.group(1))
    return 1 / comb(len(q.choices), k) if k <= len(q.choices) else 0.0


@dataclass(frozen=True)
class Strategy:
    name: str
    kind: str
    score: Callable
    chance: Callable


CHANCE = {
    "single": lambda q: 1 / len(q.choices),
    "true_false": lambda q: 0.5,
    "multiple": lambda q: 1 / (2 ** len(q.choices) - 1),
    "matching": lambda q: 1 / len(q.right_items),  # per pair
}

STRATEGIES = [
    # true or false
    Strategy("always true", "true_false", lambda q: float(q.answer), CHANCE["true_false"]),
    Strategy("always false", "true_false", lambda q: float(not q.answer), CHANCE["true_false"]),
    Strategy("absolute words mean false", "true_false",
             lambda q: float(q.answer == (not absolute(statement(q)))), CHANCE["true_false"]),
    Strategy("hedged means true", "true_false",
             lambda q: float(q.answer == hedged(statement(q))), CHANCE["true_false"]),
    # one right choice
    Strategy("first choice", "single", _position(0), CHANCE["single"]),
    Strategy("second choice", "single", _position(1), CHANCE["single"]),
    Strategy("third choice", "single", _position(2), CHANCE["single"]),
    Strategy("last choice", "single", _position(-1), CHANCE["single"]),
    Strategy("longest choice", "single", lambda q: pick(q.choices, best(q.choices, lambda c: len(c.text))),
             CHANCE["single"]),
    Strategy("shortest choice", "single", lambda q: pick(q.choices, best(q.choices, lambda c: -len(c.text))),
             CHANCE["single"]),
    Strategy("avoid absolute words", "single",
             lambda q: pick(q.choices, [c for c in q.choices if not absolute(c.text)]), CHANCE["single"]),
    Strategy("prefer hedged choices", "single",
             lambda q: pick(q.choices, [c for c in q.choices if hedged(c.text)]), CHANCE["single"]),
    Strategy("echo the prompt", "single",
             lambda q: pick(q.choices, best(q.choices, lambda c: len(content_words(c.text) & content_words(q.prompt)))),
             CHANCE["single"]),
    Strategy("most like the others", "single",
             lambda q: pick(q.choices, best(q.choices, lambda c: sum(
                 len(content_words(c.text) & content_words(o.text)) for o in q.choices if o is not c))),
             CHANCE["single"]),
    Strategy("grammatical agreement", "single", _agreement, CHANCE["single"]),
    Strategy("odd one out in form", "single", _odd_one_out, CHANCE["single"]),
    # choose all that apply
    Strategy("tick every choice", "multiple", lambda q: tick(q.choices, q.choices), CHANCE["multiple"]),
    Strategy("all but one", "multiple",
             lambda q: mean(tick(q.choices, [o for o in q.choices if o is not c]) for c in q.choices),
             CHANCE["multiple"]),
    Strategy("tick what has no absolute word", "multiple",
             lambda q: tick(q.choices, [c for c in q.choices if not absolute(c.text)]), CHANCE["multiple"]),
    Strategy("tick the hedged choices", "multiple",
             lambda q: tick(q.choices, [c for c in q.choices if hedged(c.text)] or q.choices), CHANCE["multiple"]),
    Strategy("count in the first hint", "multiple", _hint_count, CHANCE["multiple"]),
    Strategy("longer half", "multiple",
             lambda q: tick(q.choices, sorted(q.choices, key=lambda c: -len(c.text))[:max(1, len(q.choices) // 2)]),
             CHANCE["multiple"]),
    # matching: pair each item with the answer that repeats its words (per pair)
    Strategy("match by shared words", "matching",
             lambda q: mean(
                 pick([_Right(r, r == p.right) for r in q.right_items],
                      best([_Right(r, r == p.right) for r in q.right_items],
                           lambda c: len(content_words(c.text) & content_words(p.left))))
                 for p in q.pairs),
             CHANCE["matching"]),
]


@dataclass(frozen=True)
class _Right:
    text: str
    correct: bool


def advantage(strategy: Strategy, questions) -> tuple[float, int, list[str]]:
    """How far the strategy scores above chance on the questions it applies to, how many those
    are, and the ids of those it gets right by more than chance."""
    scores, chances, giveaways = [], [], []
    for q in questions:
        if q.type != strategy.kind:
            continue
        score = strategy.score(q)
        if score is None:
            continue
        chance = strategy.chance(q)
        scores.append(score)
        chances.append(chance)
        if score > chance + 1e-9:
            giveaways.append(q.id)
    if not scores:
        return 0.0, 0, []
    return mean(scores) - mean(chances), len(scores), giveaways


def failures(packs) -> list[str]:
    found = []
    groups = [(pack.id, pack.questions) for pack in packs]
    groups.append(("all packs", [q for pack in packs for q in pack.questions]))
    for name, questions in groups:
        for strategy in STRATEGIES:
            lead, count, giveaways = advantage(strategy, questions)
            if count >= MIN_QUESTIONS and lead > MARGIN + 1e-9:
                found.append(f"{name}: '{strategy.name}' beats chance by {lead * 100:.0f} points "
                             f"on {count} questions; it gains on: {', '.join(giveaways)}")
    return found


@pytest.fixture(scope="module")
def packs():
    library = load_library(user_packs=False)
    assert library.packs, "no built-in packs were found"
    return library.packs


def test_no_surface_strategy_beats_chance_by_more_than_15_points(packs):
    problems = failures(packs)
    assert problems == [], "\n".join(problems)


def test_no_first_hint_gives_away_how_many_choices_are_right(packs):
    found = [f"{pack.id}/{q.id}: {q.hints[0]}" for pack in packs for q in pack.questions
             if q.type == "multiple" and q.hints and COUNT_HINT.search(q.hints[0])]
    assert found == []


def test_choose_all_questions_vary_in_how_many_choices_are_right(packs):
    multiples = [q for pack in packs for q in pack.questions if q.type == "multiple"]
    wrong_counts = [sum(1 for c in q.choices if not c.correct) for q in multiples]
    right_counts = [sum(1 for c in q.choices if c.correct) for q in multiples]
    assert len(set(right_counts)) >= 3, right_counts
    assert wrong_counts.count(1) <= len(multiples) / 3, "too many have a single wrong choice"


# ---- the strategies themselves find what they should -----------------------------------------


def _tf(qid: str, prompt: str, answer: bool):
    from learnmeta.content.models import TrueFalseQuestion

    return TrueFalseQuestion(id=qid, type="true_false", prompt=prompt, lesson="l", section="s",
                             explanation="x", answer=answer)


def _single(qid: str, prompt: str, texts: list[str], right: int):
    from learnmeta.content.models import Choice, SingleQuestion

    choices = [Choice(id=f"c{i}", text=t, correct=i == right) for i, t in enumerate(texts)]
    return SingleQuestion(id=qid, type="single", prompt=prompt, lesson="l", section="s",
                          explanation="x", choices=choices)


def _multiple(qid: str, texts: list[str], right: set[int], hint: str | None = None):
    from learnmeta.content.models import Choice, MultipleQuestion

    choices = [Choice(id=f"c{i}", text=t, correct=i in right) for i, t in enumerate(texts)]
    return MultipleQuestion(id=qid, type="multiple", prompt="Which? Choose all that apply.", lesson="l",
                            section="s", explanation="x", choices=choices, hints=[hint] if hint else [])


class _Pack:
    def __init__(self, questions):
        self.id = "test"
        self.questions = questions


def test_a_bank_with_the_cues_the_review_found_fails():
    cued = [
        _tf("t1", "True or false: every cancer spreads.", False),
        _tf("t2", "True or false: cancer can spread.", True),
        _tf("t3", "True or false: cancer never goes away for anyone.", False),
        _tf("t4", "True or false: it may show up years later.", True),
        _single("s1", "What is it?", ["A bone", "A long and careful description of the answer", "A lung"], 1),
        _single("s2", "What is it?", ["A bone", "A lung", "The right answer, and the longest one"], 2),
        _single("s3", "What is it?", ["The full and precise right answer to it", "A bone", "A lung"], 0),
        _multiple("m1", ["A", "B", "C", "Silly"], {0, 1, 2}, "Three of these are right."),
        _multiple("m2", ["A", "B", "C", "Silly"], {0, 1, 2}, "Three of these are right."),
        _multiple("m3", ["A", "B", "C", "D", "Silly"], {0, 1, 2, 3}, "Four of these are right."),
    ]
    text = "\n".join(failures([_Pack(cued)]))
    for name in ("absolute words mean false", "hedged means true", "longest choice", "all but one",
                 "count in the first hint"):
        assert f"'{name}'" in text, name


def test_a_balanced_bank_passes():
    balanced = [
        _tf("t1", "True or false: every cell has a nucleus-like part.", True),
        _tf("t2", "True or false: cancer can turn into a new type.", False),
        _tf("t3", "True or false: the grade tells how far it spread.", False),
        _tf("t4", "True or false: it is named after where it started.", True),
        _single("s1", "What is it?", ["A long wrong answer to the question", "Right", "Also wrong"], 1),
        _single("s2", "What is it?", ["Wrong", "Another wrong one", "The right answer here"], 2),
        _single("s3", "What is it?", ["Right one", "A wrong answer that is long", "Wrong"], 0),
        _multiple("m1", ["Apples", "Bread", "Cherry pie", "Dates"], {1, 3}),
        _multiple("m2", ["Apples", "Bread", "Cherries", "Dates", "Eggs"], {2}),
        _multiple("m3", ["Apples", "Bread", "Cherry jam on toast", "Dates"], {0, 1, 3}),
    ]
    assert failures([_Pack(balanced)]) == []
