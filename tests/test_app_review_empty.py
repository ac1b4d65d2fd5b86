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


async def test_home_and_an_empty_review_say_when_the_next_review_is(make_app, screen_text):
    """A question answered right is next due in a few days: home says "Next review: in N days"
    (or "tomorrow"), and opening review says the same, not only that nothing is due."""
    import datetime as dt

    from learnmeta.progress.scheduling import next_review_in_words

    app = make_app()
    app.store.record_answer("sample-pack", "1.0.0", "same-cells", lesson="sample-basics",
                            section="naming", response="False", correct=True, hints_used=0)
    now = dt.datetime.now(dt.timezone.utc)
    when = next_review_in_words(app.store.next_due(app.library), now)
    assert when is not None and when not in ("now", "later today")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert f"Nothing is due today. Next review: {when}" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert f"Nothing is due for review right now. The next review is {when}." in screen_text(app)


def test_next_review_in_words_goes_by_the_learners_calendar():
    import datetime as dt

    from learnmeta.progress.scheduling import next_review_in_words

    now = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.timezone.utc)
    assert next_review_in_words(None, now) is None
    assert next_review_in_words(now - dt.timedelta(minutes=1), now) == "now"
    assert next_review_in_words(now + dt.timedelta(days=1), now) == "tomorrow"
    assert next_review_in_words(now + dt.timedelta(days=4), now) == "in 4 days"
    assert next_review_in_words(now + dt.timedelta(days=90), now) == "on 5 March 2027"
