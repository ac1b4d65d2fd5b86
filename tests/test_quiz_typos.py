"""The typo allowance of short answers: a slip of one letter is forgiven, another real word never
is ("liver" must not accept "river" or "lever")."""

from __future__ import annotations

import pytest

from learnmeta.content.library import load_library
from learnmeta.content.models import ShortAnswerQuestion
from learnmeta.quiz import words
from learnmeta.quiz.engine import check_answer, short_answer_matches


def _question(*accepted: str, allow_typo: bool = True) -> ShortAnswerQuestion:
    return ShortAnswerQuestion(
        id="q", type="short_answer", prompt="Which organ?", lesson="l", section="s",
        explanation="It is the liver.", accepted=list(accepted), allow_typo=allow_typo,
    )


@pytest.mark.parametrize("typed", ["river", "lever", "liner", "lives", "live", "the river", "Lever!"])
def test_a_real_word_one_letter_away_is_not_taken_for_a_typo(typed):
    assert not short_answer_matches(_question("liver", "the liver"), typed)


@pytest.mark.parametrize("typed", ["livr", "liever", "lver", "the livr", " LIVR "])
def test_a_slip_that_spells_no_word_is_forgiven(typed):
    assert short_answer_matches(_question("liver", "the liver"), typed)


def test_the_built_in_liver_question_takes_the_slip_and_not_the_other_words():
    question = load_library(user_packs=False).question("where-cancer-spreads", "colorectal-liver")
    assert check_answer(question, "livr").correct
    for typed in ("river", "lever", "liner", "lives", "live"):
        assert not check_answer(question, typed).correct, typed


def test_other_words_near_built_in_answers_are_refused():
    library = load_library(user_packs=False)
    assert not check_answer(library.question("mastery-check", "invasion-word"), "evasion").correct
    assert check_answer(library.question("mastery-check", "invasion-word"), "invasin").correct


def test_in_an_answer_of_several_words_only_the_changed_word_is_looked_up():
    question = _question("primary tumour")
    assert short_answer_matches(question, "primry tumour")  # "primry" is no word
    assert not short_answer_matches(question, "primary rumour")  # "rumour" is one


def test_commonwealth_spellings_count_as_words():
    assert words.is_word("tumours") and words.is_word("localised") and words.is_word("tumor")
    assert not words.is_word("livr")


def test_no_typo_is_forgiven_when_the_word_list_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setattr(words, "_word_list_path", lambda: tmp_path / "missing.dict")
    words._words.cache_clear()
    try:
        assert not short_answer_matches(_question("liver"), "livr")
        assert short_answer_matches(_question("liver"), "liver")
    finally:
        words._words.cache_clear()


def test_without_the_allowance_a_slip_is_wrong():
    assert not short_answer_matches(_question("liver", allow_typo=False), "livr")


@pytest.mark.parametrize("typed", ["invasoin", "inavsion", "ivnasion", "the livre"])
def test_two_letters_side_by_side_swapped_count_as_one_slip(typed):
    question = _question("invasion", "the liver")
    outcome = check_answer(question, typed)
    assert outcome.correct and outcome.typo


@pytest.mark.parametrize("typed", ["invasoni", "nivasoin", "invsaoin", "inviason"])
def test_a_swap_of_letters_apart_or_two_slips_is_not_forgiven(typed):
    # "inviason": letters swapped across another; "invsaoin": two swaps; "invasoni": one moved
    assert not check_answer(_question("invasion"), typed).correct


def test_a_swap_that_spells_another_word_is_not_forgiven_and_no_swap_without_allow_typo():
    assert not short_answer_matches(_question("form"), "from")  # short word anyway
    assert not short_answer_matches(_question("united"), "untied")  # "untied" is a word
    assert not short_answer_matches(_question("invasion", allow_typo=False), "invasoin")


def test_the_built_in_invasion_question_takes_the_swap():
    question = load_library(user_packs=False).question("mastery-check", "invasion-word")
    assert check_answer(question, "invasoin").correct
