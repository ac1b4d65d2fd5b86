"""The bar on the left of the feedback is seen in every theme: in the light ones it was
$panel-lighten-2, nearly white on a light grey background (contrast 1.3 in "textual-light");
the dark theme keeps its look."""

from __future__ import annotations

import pytest

PACK = "how-metastatic-cancer-is-treated"


def luminance(colour) -> float:
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = colour.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one, other) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def bar_colours(app):
    """The feedback bar's colour and the background beside it, on the verdict's row."""
    strips = app.screen._compositor.render_strips()
    row = next(n for n, strip in enumerate(strips) if "Not quite" in strip.text or "✓ Right" in strip.text)
    bar = next(s for s in strips[row] if s.text.strip() == "█" or s.text.startswith("█"))
    beside = next(s for s in strips[row] if "Not quite" in s.text or "Right" in s.text)
    return bar.style.color, beside.style.bgcolor


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "catppuccin-latte", "learnmeta-high-contrast"])
async def test_the_feedback_bar_shows_against_a_light_background(make_app, theme):
    """(And in the high-contrast theme, where $panel-lighten-2 is its black background.)"""
    app = make_app(builtin=True, start=("quiz", PACK), theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.pause()
        bar, background = bar_colours(app)
        assert contrast(bar, background) >= 2.0, (bar, background)


async def test_in_the_dark_theme_the_bar_is_as_it_was(make_app):
    app = make_app(builtin=True, start=("quiz", PACK))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        await pilot.press("1", "enter")
        await pilot.pause()
        await pilot.pause()
        bar, _ = bar_colours(app)
        assert bar.get_truecolor().hex.upper() == app.theme_variables["panel-lighten-2"].upper()


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "learnmeta-high-contrast"])
async def test_an_exam_s_checked_answers_on_the_results_have_a_bar_that_shows(make_app, tmp_path, theme):
    from factories import pack_data, write_content
    from test_app_quiz_feedback_indent import checked_answers_in_view

    data = pack_data()
    data["pack"]["mode"] = "exam"
    data["questions"] = data["questions"][:1]
    content = write_content(tmp_path / "exam", data)
    app = make_app(content=[content], start=("quiz", "test-pack"), theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await checked_answers_in_view(pilot, app, ("1", "s", "y"))  # a wrong answer, submitted
        strips = app.screen._compositor.render_strips()
        row = next(n for n, strip in enumerate(strips) if "1. Not quite" in strip.text)
        bar = next(s for s in strips[row] if s.text.startswith("█"))
        beside = next(s for s in strips[row] if "Not quite" in s.text)
        if theme == "textual-dark":  # as it was
            assert bar.style.color.get_truecolor().hex.upper() == app.theme_variables["panel-lighten-2"].upper()
        else:
            assert contrast(bar.style.color, beside.style.bgcolor) >= 2.0
