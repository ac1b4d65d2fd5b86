"""A lesson opens with its purpose, and ends with its sources and when its facts were checked."""

from __future__ import annotations


async def test_the_first_page_opens_with_what_you_will_learn_and_later_pages_do_not(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "What you will learn" in text and "about 4 min" in text
        assert "You will learn what it means when cancer spreads." in text
        await pilot.press("right")
        await pilot.pause()
        assert "What you will learn" not in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert "What you will learn" in screen_text(app)


async def test_the_end_lists_sources_and_the_date_the_facts_were_checked(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("right")
            await pilot.pause()
        text = screen_text(app)
        assert "Key points" in text and "Sources" in text
        assert "Metastatic cancer (Canadian Cancer Society)" in text
        assert "Facts last checked: 24 November 2026" in text
        assert "What you will learn" not in text
