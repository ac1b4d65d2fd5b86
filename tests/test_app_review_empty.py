"""Review with nothing due: say so plainly, explain review, and never praise what was not done."""

from __future__ import annotations


async def test_review_for_a_new_learner_explains_review_without_praise(make_app, screen_text):
    app = make_app(start=("review",))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "There is nothing to review yet." in text
        assert "Well done" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert "There is nothing to review yet." not in screen_text(app)
