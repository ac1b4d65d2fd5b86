"""The lesson reader and pages for health-care trainees: the course track reads them in turn; the
self-study track is offered them ("For health-care trainees: read more ... (press t)") and can go
on without them."""

from __future__ import annotations

import tomllib

import pytest

LESSON = '''+++
schema_version = 1
id = "layered"
title = "A layered lesson"
order = 1
purpose = "You will learn how cancer spreads."
estimated_minutes = 4
key_points = ["Cancer can spread."]
what_you_can_do = ["Ask your healthcare team."]
reviewed = 2026-11-24

[[sources]]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"
+++

## Cells can move {#move}

Cancer cells can break away.

## The steps {#steps}

Cells travel in the blood and settle in a new place.

## The cascade in proper terms {#cascade .trainee}

Intravasation, then extravasation, then colonization.

## Talking to your team {#team}

Your healthcare team knows your situation.
'''


def content(tmp_path):
    folder = tmp_path / "layered"
    folder.mkdir(exist_ok=True)
    (folder / "01-layered.md").write_text(LESSON, encoding="utf-8")
    return [folder]


OFFER = "For health-care trainees: read more: The cascade in proper terms (press t)"


async def test_the_course_track_reads_the_trainee_page_in_turn(make_app, tmp_path, screen_text):
    app = make_app(content=content(tmp_path), start=("lesson", "layered"), track="course")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "page 1 of 4" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "page 2 of 4" in text and "The steps" in text
        assert "For health-care trainees: read more" not in text  # nothing to offer: it comes next
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "page 3 of 4" in text
        assert "The cascade in proper terms" in text and "for health-care trainees" in text
        assert "Intravasation, then extravasation" in text


async def test_the_self_study_track_offers_the_trainee_page_without_forcing_it(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    app = make_app(progress=progress, content=content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "page 1 of 3" in text and OFFER not in text
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "page 2 of 3" in text and OFFER in text and "t: for trainees" in text
        # going on skips it: the next page is the next page for everyone
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "page 3 of 3" in text and "Talking to your team" in text
        assert "Intravasation" not in text
        await pilot.press("right")
        await pilot.pause()
        assert "Key points" in screen_text(app)
    lesson = tomllib.loads(progress.read_text(encoding="utf-8"))["lessons"]["layered"]
    assert "completed" in lesson and "cascade" not in lesson["pages_seen"]


async def test_pressing_t_opens_the_offered_trainee_page_in_its_place(make_app, tmp_path, screen_text):
    app = make_app(content=content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")  # nothing offered on the first page: nothing happens
        await pilot.pause()
        assert "page 1 of 3" in screen_text(app)
        await pilot.press("right", "t")
        await pilot.pause()
        text = screen_text(app)
        assert "page 3 of 4" in text and "Intravasation, then extravasation" in text
        assert "for health-care trainees" in text
        await pilot.press("right")
        await pilot.pause()
        assert "page 4 of 4" in screen_text(app) and "Talking to your team" in screen_text(app)
        await pilot.press("left", "left")
        await pilot.pause()
        text = screen_text(app)
        assert "page 2 of 4" in text and OFFER not in text  # already opened: no longer offered


async def test_the_offer_fits_a_small_screen(make_app, tmp_path, screen_text):
    app = make_app(content=content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "For health-care trainees:" in text and "(press t)" in text


async def test_read_more_from_a_quiz_opens_a_trainee_page_on_the_self_study_track(make_app, tmp_path, screen_text):
    app = make_app(content=content(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("layered", "cascade")  # what "read more" does for a question on that page
        await pilot.pause()
        text = screen_text(app)
        assert "page 3 of 4" in text and "Intravasation, then extravasation" in text


async def test_home_counts_the_pages_of_the_learners_track(make_app, tmp_path, screen_text):
    self_app = make_app(progress=tmp_path / "a.toml", content=content(tmp_path), start=("lesson", "layered"))
    async with self_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        self_app.go_home()
        await pilot.pause()
        assert "1 of 3 pages" in screen_text(self_app)
    course_app = make_app(progress=tmp_path / "b.toml", content=content(tmp_path), start=("lesson", "layered"),
                          track="course")
    async with course_app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        course_app.go_home()
        await pilot.pause()
        assert "1 of 4 pages" in screen_text(course_app)


async def test_support_names_a_uk_line_trial_searches_and_the_urgent_signs(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Macmillan Support Line, 0808 808 00 00" in text
        assert "Cancer Trials Canada" in text and "ClinicalTrials.gov" in text and "Be Part of Research" in text
        assert "spinal cord compression" in text


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_footer_keeps_f2_support_in_view_where_t_is_offered(make_app, tmp_path, screen_text, size):
    """With "t" in the footer, its last key, "f2 Support", was cut to "f2 Su" at 80x24 and 60x20."""
    app = make_app(content=content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        footer = screen_text(app).rstrip("\n").splitlines()[-1]
        assert " t " in footer and "f2 Support" in footer


async def test_home_counts_only_the_tracks_pages_when_a_trainee_page_was_opened(make_app, tmp_path, screen_text):
    """On the self-study track, opening the offered trainee page (t) after page 2 made home say
    "3 of 3 pages" with the last page still unread: the count mixed in a page not counted."""
    app = make_app(content=content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("right", "t")
        await pilot.pause()
        assert "page 3 of 4" in screen_text(app)
        app.go_home()
        await pilot.pause()
        assert "2 of 3 pages" in screen_text(app)
