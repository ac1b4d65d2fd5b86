"""A matching question answered with the mouse, as with the keys: a click on an item puts ▶ on
it, a click on a numbered answer (on any of its lines, when it wraps) matches it to the ▶ item,
and ▶ goes on to the next item still to match (learnmeta.app.widgets.answers.matching)."""

from __future__ import annotations

import pytest

from factories import pack_data, write_content
from waiting import settled, until_still

LONG = "Bones, the long ones of the arms and legs, the spine and the pelvis most of all"


@pytest.fixture
def matching_long(tmp_path):
    data = pack_data()
    matching = data["questions"][3]  # Breast, Colon, Prostate; Bones, Liver, Skin
    matching["pairs"][0]["right"] = LONG
    data["questions"] = [matching]
    return write_content(tmp_path / "matching", data)


@pytest.fixture
def matching_taller(tmp_path):
    """matching_long with a prompt of three lines at 60 columns: its answer does not fit the
    60x20 screen's body (whose keys line is one row since the eighth answers pass)."""
    data = pack_data()
    matching = data["questions"][3]
    matching["pairs"][0]["right"] = LONG
    matching["prompt"] = ("Match each kind of cancer with a place it often spreads to. Take your "
                          "time: the answers on the right are numbered, and one is not used.")
    data["questions"] = [matching]
    return write_content(tmp_path / "matching-taller", data)


def answers_column(lines: list[str]) -> int:
    """The column of the line (▏) between the items and the answers."""
    return next(line.index("▏") for line in lines if "▏ Answers" in line)


def answer_line(lines: list[str], words: str) -> tuple[int, int]:
    """Where ``words`` are in the answers' column (right of ▏): (x, y) of their second letter."""
    bar = answers_column(lines)
    for y, line in enumerate(lines):
        if words in line[bar:]:
            return bar + line[bar:].index(words) + 1, y
    raise AssertionError(f"{words!r} not in the answers' column:\n" + "\n".join(lines))


def item_line(lines: list[str], item: str) -> tuple[int, int]:
    bar = answers_column(lines)
    y = next(y for y, line in enumerate(lines) if item in line[:bar])
    return lines[y].index(item) + 1, y


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_click_on_an_item_then_on_an_answer_matches_them(make_app, matching_long, size, screen_text):
    app = make_app(content=[matching_long], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        # focusing the answer scrolls it into view a refresh later (at 60x20, by a line)
        await until_still(pilot, lambda: screen_text(app))
        lines = screen_text(app).splitlines()
        long_number = next(line[answers_column(lines):] for line in lines if "Bones, the" in line).split()[1]
        # "Answers" and the space below the answers match nothing
        await pilot.click(offset=answer_line(lines, "Answers"))
        await until_still(pilot, lambda: screen_text(app))
        assert screen_text(app).count("(not matched yet)") == 3
        # Colon, then the long answer's wrapped second line: Colon gets the long answer
        await pilot.click(offset=item_line(lines, "Colon"))
        await until_still(pilot, lambda: screen_text(app))
        lines = screen_text(app).splitlines()
        await pilot.click(offset=answer_line(lines, "of all"))  # its last line, just above the next answer
        await until_still(pilot, lambda: screen_text(app))
        text = screen_text(app)
        assert f"→ {long_number} Bones, the long" in text, text
        assert text.count("(not matched yet)") == 2, text
        lines = text.splitlines()
        colon = item_line(lines, "Colon")[1]
        assert "▶ Prostate" in text, text  # ▶ went on to the next item still to match
        # the answer's number on its first line, then Skin: Prostate, then Breast (▶ wraps round)
        await pilot.click(offset=answer_line(lines, "Skin"))
        await until_still(pilot, lambda: screen_text(app))
        lines = screen_text(app).splitlines()
        await pilot.click(offset=answer_line(lines, "Liver"))
        await until_still(pilot, lambda: screen_text(app))
        text = screen_text(app)
        assert "(not matched yet)" not in text, text
        assert f"→ {long_number} Bones, the long" in "\n".join(text.splitlines()[colon:colon + 2]), text
        await pilot.press("enter")
        await settled(pilot)
        assert "✗ Not quite" in screen_text(app)
        # once checked, a click on an answer changes nothing
        app.screen.query_one("#quiz-body").scroll_home(animate=False)  # (the feedback took the view)
        await settled(pilot)
        before = screen_text(app)
        await pilot.click(offset=answer_line(before.splitlines(), "Liver"))
        await until_still(pilot, lambda: screen_text(app))
        assert screen_text(app) == before


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_matching_question_s_first_screen_is_still_once_it_counts_as_settled(
        make_app, matching_taller, size, screen_text, tmp_path):
    """At 60x20 focusing the matching answer scrolled the body a line down, animated, and it
    was still gliding (scroll_y 1.95 of 2) when the question counted as settled: the first
    screen settled a line differently from run to run. The scroll is made at once now, to the
    same place; at 80x24, where the answer fits, nothing scrolls, as before."""
    for run in range(3):
        app = make_app(content=[matching_taller], start=("quiz", "test-pack"),
                       progress=tmp_path / f"{size[0]}-{run}.toml")
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            body = app.screen.query_one("#quiz-body")
            first, text = body.scroll_y, screen_text(app)
            await until_still(pilot, lambda: (body.scroll_y, screen_text(app)))
            assert (body.scroll_y, screen_text(app)) == (first, text)
            assert first == (2 if size == (60, 20) else 0)  # where it always came to rest
