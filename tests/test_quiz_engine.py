"""Checking answers without Textual: the engine's outcome says everything a screen shows.

For every choice, item or place it says whether the learner chose it and whether it is right, and
for a short answer which accepted answer it was taken as, so the answer widgets and the feedback
only draw what it says.
"""

from __future__ import annotations

import dataclasses

import pytest

from factories import pack_data
from learnmeta import checks
from learnmeta.content.models import Pack
from learnmeta.quiz.engine import ChoiceMark, PairMark, PlaceMark, check_answer


@pytest.fixture(scope="module")
def pack() -> Pack:
    return checks.validate(Pack, pack_data())


def marks(outcome) -> list[tuple[str, bool, bool]]:
    return [(mark.id, mark.chosen, mark.correct) for mark in outcome.choices.values()]


def test_single_choice_marks_the_chosen_answer_and_the_right_one(pack):
    question = pack.question("q-single")
    wrong = check_answer(question, "a")
    assert not wrong.correct and wrong.feedback == ["Not a."] and wrong.response_text == "Choice a"
    assert marks(wrong) == [("a", True, False), ("b", False, True), ("c", False, False)]
    right = check_answer(question, "b")
    assert right.correct and marks(right) == [("a", False, False), ("b", True, True), ("c", False, False)]


def test_a_single_choice_that_is_not_in_the_question_is_not_right_and_marks_nothing_chosen(pack):
    outcome = check_answer(pack.question("q-single"), "zzz")
    assert not outcome.correct and outcome.response_text == ""
    assert [mark.chosen for mark in outcome.choices.values()] == [False, False, False]


def test_tick_all_marks_every_tick_and_every_answer_left_out(pack):
    question = pack.question("q-multiple")
    outcome = check_answer(question, frozenset({"a", "b"}))
    assert not outcome.correct
    assert marks(outcome) == [("a", True, True), ("b", True, False), ("c", False, True)]
    assert outcome.feedback == ["a is right.", "b is wrong.", "c is right."]
    assert check_answer(question, frozenset({"a", "c"})).correct


def test_true_or_false_marks_both_answers(pack):
    question = pack.question("q-true-false")
    said_false = check_answer(question, False)
    assert not said_false.correct and said_false.feedback == ["Not quite."]
    assert said_false.choices == {
        "true": ChoiceMark("true", chosen=False, correct=True),
        "false": ChoiceMark("false", chosen=True, correct=False),
    }
    said_true = check_answer(question, True)
    assert said_true.correct and said_true.response_text == "True"
    assert [mark.chosen for mark in said_true.choices.values()] == [True, False]
    nothing = check_answer(question, "yes")  # not a bool: not right, nothing chosen
    assert not nothing.correct and not any(mark.chosen for mark in nothing.choices.values())


def test_matching_marks_each_item_with_what_was_given_and_what_is_right(pack):
    question = pack.question("q-matching")
    outcome = check_answer(question, {"Breast": "Bones", "Colon": "Skin", "Prostate": "Bones"})
    assert not outcome.correct
    assert outcome.pairs == (
        PairMark("Breast", "Bones", "Bones"),
        PairMark("Colon", "Skin", "Liver"),
        PairMark("Prostate", "Bones", "Bones"),
    )
    assert [pair.correct for pair in outcome.pairs] == [True, False, True]
    assert check_answer(question, {"Breast": "Bones", "Colon": "Liver", "Prostate": "Bones"}).correct


def test_ordering_marks_each_place_and_where_a_misplaced_item_goes(pack):
    question = pack.question("q-ordering")
    outcome = check_answer(question, ["Second", "First", "Third"])
    assert not outcome.correct
    assert outcome.places == (
        PlaceMark("Second", right_place=1, correct=False),
        PlaceMark("First", right_place=0, correct=False),
        PlaceMark("Third", right_place=2, correct=True),
    )
    assert check_answer(question, ["First", "Second", "Third"]).correct


def test_a_short_answer_says_which_accepted_answer_it_was_taken_as(pack):
    question = pack.question("q-short")
    exact = check_answer(question, "  New Blood-Vessels ")
    assert exact.correct and exact.matched == "new blood vessels" and not exact.typo
    assert exact.response_text == "New Blood-Vessels"
    typo = check_answer(question, "angiogenisis")
    assert typo.correct and typo.matched == "angiogenesis" and typo.typo
    wrong = check_answer(question, "xyz")
    assert not wrong.correct and wrong.matched is None and not wrong.typo
    assert wrong.feedback == ["It is angiogenesis."]


def test_an_exact_match_with_a_later_accepted_answer_wins_over_a_typo_in_an_earlier_one(pack):
    question = dataclasses.replace(pack.question("q-short"), accepted=["metastases", "metastasis"])
    outcome = check_answer(question, "metastasis")
    assert outcome.correct and outcome.matched == "metastasis" and not outcome.typo


def test_no_typo_is_forgiven_in_short_words_or_when_the_pack_does_not_allow_it(pack):
    question = pack.question("q-short")
    assert not check_answer(dataclasses.replace(question, accepted=["bone"]), "bond").correct
    strict = dataclasses.replace(question, allow_typo=False)
    assert not check_answer(strict, "angiogenisis").correct
    assert check_answer(strict, "Angiogenesis").correct
