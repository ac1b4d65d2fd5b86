"""What a new learner met in the quiz at 80x24 and 60x20: each found problem, walked again.

Long matching answers (as in the built-in packs) stay readable and "match every item first" is in
view; after answering, the learner's own answer is with the verdict; a forgiven typo shows the
spelling; a quiz on some of a pack's questions is practice, never the pack's best score.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factories import pack_data, write_content
from learnmeta.app.screens.results import ResultsScreen
from learnmeta.progress import read_progress
from waiting import settled

LONG_PAIRS = [
    {"left": "Localized", "right": "The cancer has not spread from where it started"},
    {"left": "Regional", "right": "The cancer has reached nearby tissues or lymph nodes"},
    {"left": "Distant", "right": "The cancer has reached a part of the body far away"},
]


def screen_text(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


@pytest.fixture
def long_content(tmp_path) -> Path:
    """The test pack, its matching question with long answers like the built-in ones."""
    data = pack_data()
    matching = data["questions"][3]
    matching["pairs"] = LONG_PAIRS
    matching["distractors"] = ["The cancer has changed into a new type of cancer"]
    return write_content(tmp_path / "long-content", data)


async def to_matching(pilot) -> None:
    await pilot.pause()
    await pilot.press("k", "k", "k")  # skip single, multiple, true/false
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_long_matches_wrap_under_their_text_and_match_every_item_first_is_in_view(
    make_app, long_content, size
):
    app = make_app(content=[long_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await to_matching(pilot)
        text = screen_text(app)
        assert "▶ then moves on" in " ".join(text.split())
        await pilot.press("1")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # The number matched the first item, and ▶ moved on to the next one, as the keys line says.
        assert any("▶ Regional" in line for line in lines)
        first = next(i for i, line in enumerate(lines) if "→ 1 The cancer has" in line)
        indent = lines[first].index("The cancer has")
        wrapped = lines[first + 1]
        assert wrapped[:indent].strip() == "" and wrapped[indent] != " ", (lines[first], wrapped)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Match every item first: 2 still to match." in text
        assert "Not quite" not in text


async def test_after_answering_at_80x24_the_verdict_and_the_learners_answer_are_both_in_view(
    make_app, long_content
):
    app = make_app(content=[long_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_matching(pilot)
        await pilot.press("1", "1", "1", "enter")  # every item given answer 1: not all right
        await settled(pilot)  # the feedback scrolls into view once laid out
        text = screen_text(app)
        assert "✗ Not quite" in text
        assert "You answered:" in text
        assert text.index("✗ Not quite") < text.index("You answered:")


async def answer_short(make_app, content, typed: str) -> str:
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("k", "k", "k", "k", "k")  # to the short answer
        await pilot.pause()
        await pilot.press(*typed, "enter")
        await pilot.pause()
        return screen_text(app)


async def test_a_forgiven_typo_is_right_and_shows_the_spelling_kindly(make_app, long_content):
    text = await answer_short(make_app, long_content, "angiogenisis")
    assert "✓ Right. It is spelled: angiogenesis" in text
    assert "You typed: angiogenisis" in text
    assert "Not quite" not in text


async def test_an_exact_answer_in_other_case_and_spacing_is_right_without_a_spelling(
    make_app, long_content
):
    text = await answer_short(make_app, long_content, " New  blood-vessels ")
    assert "✓ Right" in text
    assert "spelled" not in text


async def test_a_quiz_on_some_of_a_packs_questions_is_practice_not_the_best_score(
    make_app, long_content
):
    app = make_app(content=[long_content], start=("home",), track="course", ask_confidence=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.start_quiz(app.library.pack("test-pack"), question_ids=["q-single", "q-true-false"])
        await pilot.pause()
        assert "Question 1 of 2" in screen_text(app)
        await pilot.press("2", "enter", "enter", "t", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "You got 2 of 2 right (100%)." in text
        assert "✓ Passed" not in text and "Not passed yet" not in text
        assert text.splitlines()[0].strip().startswith("Practice results: A test pack")
    attempts = read_progress(app.store.path).packs["test-pack"].attempts
    assert [attempt.mode for attempt in attempts] == ["practice"]
    assert app.store.best_score("test-pack") is None
    assert app.store.passed("test-pack") is False


CHECK = ["q-single", "q-true-false"]  # the test lesson's knowledge check


async def open_check(app, pilot) -> None:
    await pilot.pause()
    app.start_quiz(app.library.pack("test-pack"), question_ids=CHECK, mode="check")
    await pilot.pause()


async def test_a_knowledge_check_left_part_way_carries_on_when_reopened(
    make_app, long_content, tmp_path
):
    progress = tmp_path / "check.toml"
    app = make_app(progress=progress, content=[long_content])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_check(app, pilot)
        assert "Question 1 of 2" in screen_text(app)
        await pilot.press("1", "enter")  # wrong: b is right
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    app.store.close()
    again = make_app(progress=progress, content=[long_content])
    async with again.run_test(size=(80, 24)) as pilot:
        await open_check(again, pilot)
        text = screen_text(again)
        words = " ".join(text.replace("█", " ").split())  # the notice has a bar on its left
        assert "You answered 1 of 2 questions last time, so the check carries on from question 2." in words
        assert "Question 2 of 2" in text and "This is true." in text
        await pilot.press("t", "enter", "enter")
        await pilot.pause()
        text = screen_text(again)
        assert isinstance(again.screen, ResultsScreen)
        assert text.splitlines()[0].strip().startswith("Check results: A test pack")
        assert "You got 1 of 2 right (50%)." in text and "✗ Pick b." in text
    attempts = read_progress(progress).packs["test-pack"].attempts
    assert [(a.mode, a.answered, a.correct, a.total) for a in attempts] == [("practice", 2, 1, 2)]
    assert again.store.best_score("test-pack") is None


async def test_a_knowledge_check_starts_afresh_after_practice_of_other_questions(
    make_app, long_content
):
    app = make_app(content=[long_content])
    attempt = app.store.start_attempt("test-pack", "1.0.0", mode="practice")  # left part way
    app.store.record_answer(
        "test-pack", "1.0.0", "q-multiple", lesson="test-lesson", section="s1",
        response="a", correct=False, hints_used=0, attempt_id=attempt,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_check(app, pilot)
        text = screen_text(app)
        assert "Question 1 of 2" in text and "Pick b." in text
        assert "Welcome back" not in text


async def test_after_answering_the_arrow_keys_scroll_the_feedback_and_enter_goes_on(
    make_app, long_content
):
    """Once the answer is locked nothing keeps the focus: the screen's ↑ ↓ scroll the question
    and its feedback, and Enter still moves on."""
    app = make_app(content=[long_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await to_matching(pilot)
        await pilot.press("1", "1", "1", "enter")
        await settled(pilot)
        body = app.screen.query_one("#quiz-body")
        assert app.screen.answered and app.focused is None
        assert body.max_scroll_y > 0, "the feedback needs scrolling at 60x20"
        body.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("up")
        await pilot.pause()
        assert body.scroll_y == 1
        before = app.screen.session.done_count
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.session.done_count == before and not app.screen.answered  # the next question


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_matching_items_and_answers_side_by_side_and_a_click_on_an_answer_matches_the_item(
    make_app, long_content, size
):
    """The items and the numbered answers are drawn by one widget now (they were two columns of
    widgets): the answers stay to the right of a line (▏), each wrapped under its own text; a
    click on an item puts ▶ on it, a click on an answer matches it to that item (as its number
    key does; test_app_quiz_matching_click walks that further)."""
    app = make_app(content=[long_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await to_matching(pilot)
        await settled(pilot)
        lines = screen_text(app).splitlines()
        top = next(n for n, line in enumerate(lines) if "▶ Localized" in line)
        bar = lines[top].index("▏")
        edge = size[0] - 2  # the body's scrollbar
        assert lines[top][bar:edge].split() == ["▏", "Answers"]
        answers = [line[bar:edge] for line in lines[top:] if len(line) > bar and line[bar] == "▏"]
        text = " ".join(part[1:].strip() for part in answers)
        for number, right in enumerate(app.screen.answer_widget.rights[:1], 1):  # in view at 60x20 too
            assert f"{number} {' '.join(right.split())}" in " ".join(text.split())
        first = next(n for n, part in enumerate(answers) if part[1:].lstrip().startswith("1 "))
        label = answers[first].index("1 ")
        assert answers[first + 1][:label + 2].strip() == "▏"  # wrapped under its own text
        assert answers[first + 1][label + 2] != " "
        # A click on the third item: ▶ moves there, nothing is matched.
        third = next(n for n, line in enumerate(lines) if "Distant" in line[:bar])
        await pilot.click(offset=(lines[third].index("Distant") + 1, third))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "▶ Distant" in lines[third] and "▶ Localized" not in lines[top]
        # A click on the first answer's second line matches it to Distant; ▶ goes on to Localized.
        row = top + first + 1
        await pilot.click(offset=(bar + label + 3, row))
        await pilot.pause()
        assert app.screen.answer_widget.pairing == {2: 0} and app.screen.answer_widget.cursor == 0
        words = " ".join(screen_text(app).split())
        assert "→ 1 " + " ".join(app.screen.answer_widget.rights[0].split()[:2]) in words, words
