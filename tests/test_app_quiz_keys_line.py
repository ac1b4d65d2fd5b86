"""The keys line under a quiz question: one line at every size, so the question stays put.

The line says how to answer (and, after the feedback, how to go on); the footer under it keeps
Hint, Skip, Undo and Leave. Before, the line took two rows while a question was asked at 80
columns and one after the answer, so the body with the question and its feedback grew a row
when the feedback came (and was laid out a second time for it); at 60 columns it took two rows
in both, a row the question did not have.
"""

from __future__ import annotations

import pytest

from factories import pack_data, write_content
from learnmeta import checks
from learnmeta.app.widgets.answers.matching import CURSOR
from learnmeta.content.models import Pack
from test_app_quiz import WRONG_KEYS, keys_for_matching, screen_text
from waiting import settled, until

ASKED = {
    "q-single": "Press 1 to 3 (or ↑ ↓ and Space), then Enter to check.",
    "q-multiple": "Press 1 to 3 for each right answer, then Enter to check.",
    "q-true-false": "1 or t for True, 2 or f for False, then Enter to check.",
    "q-matching": f"Press a number to match the {CURSOR} item; {CURSOR} then moves on.",
    "q-ordering": "↑ ↓ pick an item; [ ] or Shift+↑ ↓ move it; Enter checks.",
    "q-short": "Type your answer, then Enter to check. F4 skips.",
}
ANSWERED = "Enter goes on. r reads more. u undoes it. ↑ ↓ scroll."
TYPED_NOT_RIGHT = "Enter goes on. i: I was right. u undoes it. r reads more."


def rows(app) -> list[str]:
    return [line.strip() for line in screen_text(app).split("\n")]


def keys_line_rows(app) -> int:
    return app.screen.query_one("#quiz-keys").region.height


def footer_row(app) -> str:
    return screen_text(app).rstrip("\n").split("\n")[-1]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_question_stays_put_when_the_feedback_shows(make_app, tmp_path, size):
    """For each kind of question, the keys line is one whole row before and after the answer,
    and the body holding the question and its feedback keeps its place and size (before: at
    80x24 it was a row taller after every answer, the keys line having gone from two rows to
    one)."""
    data = pack_data()
    content = write_content(tmp_path / "keys-content", data)
    pack = checks.validate(Pack, data)
    wrong = {**WRONG_KEYS, "q-matching": keys_for_matching(pack, wrong=True)}
    app = make_app(content=[content], start=("quiz", "test-pack"), ask_confidence=False)
    async with app.run_test(size=size) as pilot:
        for question in pack.questions:
            await settled(pilot)
            assert app.screen.session.current.id == question.id
            body = app.screen.query_one("#quiz-body")
            asked_at = body.region
            assert ASKED[question.id] in rows(app), (question.id, screen_text(app))
            assert keys_line_rows(app) == 1, question.id
            await pilot.press(*wrong[question.id], "enter")
            await settled(pilot)
            assert "✗ Not quite" in screen_text(app), question.id
            said = TYPED_NOT_RIGHT if question.id == "q-short" else ANSWERED
            assert said in rows(app), (question.id, screen_text(app))
            assert keys_line_rows(app) == 1, question.id
            assert body.region == asked_at, (question.id, asked_at, body.region)
            await pilot.press("enter")


async def test_asked_how_sure_the_keys_line_is_one_row_and_the_footer_has_1_2_3(make_app, quiz_content):
    """At 60x20, while asked how sure: the keys line names Enter and Backspace (which the footer
    does not show) on one row; the footer shows 1 Not sure, 2 Fairly sure, 3 Sure."""
    app = make_app(content=[quiz_content], start=("quiz", "test-pack"), ask_confidence=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await settled(pilot)
        await pilot.press("2", "enter")
        await until(pilot, lambda: "How sure are you of this answer?" in screen_text(app), "the question")
        await until(pilot, lambda: "Sure" in footer_row(app), "the footer")
        assert "Enter checks without saying · Backspace changes the answer" in rows(app), screen_text(app)
        assert keys_line_rows(app) == 1
        footer = footer_row(app)
        assert "1 Not sure" in footer and "2 Fairly sure" in footer and "3 Sure" in footer, footer
        await pilot.press("3")
        await settled(pilot)
        assert "✓ Right" in screen_text(app) and ANSWERED in rows(app)


def ten_answers_pack() -> dict:
    """Questions with ten answers (keys 1 to 9 and 0), and a typed one with a hint."""
    data = pack_data()
    by_id = {question["id"]: question for question in data["questions"]}
    for question_id in ("q-single", "q-multiple"):
        choices = by_id[question_id]["choices"]
        choices += [{"id": f"x{n}", "text": f"Choice {n}"} for n in range(4, 11)]
    by_id["q-matching"]["pairs"] = [{"left": f"Item {n}", "right": f"Answer {n}"} for n in range(1, 11)]
    by_id["q-short"]["hints"] = ["It starts with an a."]
    data["questions"] = [by_id[q] for q in ("q-single", "q-multiple", "q-matching", "q-short")]
    return data


async def test_ten_answers_and_a_typed_hint_still_fit_one_row_at_60_columns(make_app, tmp_path):
    """The longest keys lines (ten answers, where 0 is the tenth; a typed answer with a hint)
    are one whole row at 60x20, and the footer keeps its Hint and Skip."""
    content = write_content(tmp_path / "keys-content", ten_answers_pack())
    app = make_app(content=[content], start=("quiz", "test-pack"), ask_confidence=False)
    expected = {
        "q-single": ("Press 1 to 9, or 0 for 10, then Enter to check.", "h Hint"),
        "q-multiple": ("Press 1 to 9 (0 for 10) for each right answer, then Enter.", "k Skip"),
        "q-matching": (f"Press a number (0 for 10) to match the {CURSOR} item; {CURSOR} moves on.", "k Skip"),
        "q-short": ("Type your answer, then Enter to check. F3 hint, F4 skip.", "f3 Hint"),
    }
    async with app.run_test(size=(60, 20)) as pilot:
        for question_id, (said, footer_has) in expected.items():
            await settled(pilot)
            assert app.screen.session.current.id == question_id
            assert said in rows(app), (question_id, screen_text(app))
            assert keys_line_rows(app) == 1, question_id
            footer = footer_row(app)
            assert footer_has in footer and "esc Leave" in footer and "f1 Help" in footer, footer
            if question_id == "q-short":
                assert "f4 Skip" in footer, footer
            await pilot.press("f4" if question_id == "q-short" else "k")
