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


async def test_home_counts_only_the_due_questions_a_review_would_ask(make_app, screen_text, tmp_path):
    """Records of a pack removed from packs/ (or of a question removed from a pack) stay in the
    progress file: home must not offer "Review 2 questions due now" when the review then says
    nothing is due."""
    import datetime as dt

    from learnmeta.progress import ProgressStore

    path = tmp_path / "progress.toml"
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True)
        store.record_answer("a-removed-pack", "1.0.0", "q1", lesson="l", section="s", response="x",
                            correct=False, hints_used=0, when=long_ago)
        store.record_answer("sample-pack", "1.0.0", "a-removed-question", lesson="l", section="s",
                            response="x", correct=False, hints_used=0, when=long_ago)
        store.record_answer("sample-pack", "1.0.0", "same-cells", lesson="l", section="s",
                            response="x", correct=False, hints_used=0, when=long_ago)
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Review 1 question due now" in text
        await pilot.press("r")
        await pilot.pause()
        assert "Nothing is due" not in screen_text(app)


async def test_leaving_a_review_is_called_leaving_the_review_not_the_quiz(make_app, screen_text, tmp_path):
    import datetime as dt

    from learnmeta.progress import ProgressStore

    path = tmp_path / "progress.toml"
    long_ago = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True)
        store.record_answer("sample-pack", "1.0.0", "same-cells", lesson="l", section="s",
                            response="x", correct=False, hints_used=0, when=long_ago)
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Leave the review?" in text and "quiz" not in text.lower()
