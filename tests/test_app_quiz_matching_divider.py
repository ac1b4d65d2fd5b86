"""The line (▏) between a matching question's items and its answers is seen in every theme: it
was $panel-lighten-2, set in code, nearly white on a light theme's light grey (contrast 1.1-1.3)
and black on the high-contrast theme's black. Its colour is the stylesheet's now, as the
feedback bar's is (App.-light-mode: $foreground-muted), and follows a change of theme."""

from __future__ import annotations

import pytest

from factories import pack_data, write_content
from test_app_quiz_feedback_bar import contrast
from waiting import settled, until


@pytest.fixture
def matching_only(tmp_path):
    data = pack_data()
    data["questions"] = [data["questions"][3]]
    return write_content(tmp_path / "matching", data)


def divider_colours(app):
    """The divider's colour and the background beside it, on the "Answers" row."""
    strips = app.screen._compositor.render_strips()
    row = next(strip for strip in strips if "▏ Answers" in strip.text)
    bar = next(s for s in row if s.text.startswith("▏"))
    beside = next(s for s in row if "Answers" in s.text)
    return bar.style.color, beside.style.bgcolor or bar.style.bgcolor


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "catppuccin-latte", "learnmeta-high-contrast"])
async def test_the_divider_shows_against_the_background(make_app, matching_only, theme):
    app = make_app(content=[matching_only], start=("quiz", "test-pack"), theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.theme == theme
        bar, background = divider_colours(app)
        assert contrast(bar, background) >= 2.0, (bar, background)


async def test_in_the_dark_theme_it_is_as_it_was_and_it_follows_a_change_of_theme(make_app, matching_only):
    app = make_app(content=[matching_only], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert app.theme == "textual-dark"
        bar, _ = divider_colours(app)
        assert bar.get_truecolor().hex.upper() == app.theme_variables["panel-lighten-2"].upper()
        app.theme = "textual-light"
        await until(pilot, lambda: contrast(*divider_colours(app)) >= 2.0, "the divider in the light theme's colour")
