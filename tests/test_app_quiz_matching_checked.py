"""A checked matching question in a narrow window: an item matched wrongly says "← right:" and
the right answer together, never the answer alone on a line of its own under the one chosen,
where it reads as part of it (learnmeta.app.widgets.answers.matching, ``Matching.row_content``)."""

from __future__ import annotations

import re

import pytest

from factories import pack_data, write_content
from waiting import settled


def screen_text(app) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


@pytest.fixture
def matching_only(tmp_path):
    data = pack_data()
    data["questions"] = [data["questions"][3]]  # Breast, Colon, Prostate; Bones, Liver, Skin
    return write_content(tmp_path / "matching", data)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_wrong_match_says_the_right_answer_with_its_label(make_app, matching_only, size):
    app = make_app(content=[matching_only], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        skin = re.search(r"(\d+) Skin", screen_text(app)).group(1)
        await pilot.press(skin, skin, skin, "enter")  # every item matched with Skin
        await settled(pilot)
        app.screen.query_one("#quiz-body").scroll_home(animate=False)  # (the feedback took the view)
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        for item, right in (("Breast", "Bones"), ("Colon", "Liver"), ("Prostate", "Bones")):
            row = next(n for n, line in enumerate(lines) if f"✗ {item}" in line)
            said = " ".join(lines[row:row + 3])
            assert f"← right: {right}" in said, lines[row:row + 3]
            if size == (80, 24):  # it fits: one line, as before
                assert re.search(rf"✗ {item} +→  \d Skin  ← right: {right}", lines[row]), lines[row]
