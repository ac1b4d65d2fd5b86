"""A page turn draws the page and the keys that go with it in the same frame.

The footer's keys change on some turns: "← Back" comes on the first turn, "t Trainee" on a page
that offers trainee pages, and at the key points "→ Next" goes, "m My questions" comes and the
line above the disclaimer says what Enter does. Those changes used to be drawn a frame or two
after the page (the footer rebuilt after the page's frame, the line after the focus moved), so
for 40-100 ms the new page showed with the old page's keys, and the turn's last frame came late
(issue 20: the page-turn benchmark times the last frame). Here every frame drawn after the key
is read as a learner would see it: no frame shows the new page with keys that are not its own.
"""

from __future__ import annotations

from waiting import settled, until

from test_app_lesson_trainee import OFFER, content as trainee_content


def frame_text(app) -> list[str]:
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


def watch_frames(app) -> list[list[str]]:
    """Every frame drawn from now on, as the lines of text on screen."""
    frames: list[list[str]] = []
    display = app._display

    def noted(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            frames.append(frame_text(app))

    app._display = noted
    return frames


async def turn(pilot, key: str, frames: list) -> list[list[str]]:
    """Press ``key`` and let the screen settle: the frames it drew."""
    frames.clear()
    await pilot.press(key)
    await settled(pilot)
    await pilot.pause()
    return list(frames)


def footer(lines: list[str]) -> str:
    return lines[-1]


async def test_back_and_the_new_page_come_in_the_same_frame(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "page 1 of 3" in screen_text(app), "the first page")
        await settled(pilot)
        assert "← Back" not in footer(frame_text(app))  # nothing to go back to
        frames = watch_frames(app)
        drawn = await turn(pilot, "right", frames)
        with_page = [lines for lines in drawn if "page 2 of 3" in lines[0]]
        assert with_page, "the second page was never drawn"
        for lines in with_page:
            assert "← Back" in footer(lines) and "→ Next" in footer(lines), footer(lines)
        assert footer(with_page[0]) == footer(frame_text(app))  # its keys did not change after it

        drawn = await turn(pilot, "left", frames)  # back to the first page: ← Back goes with it
        with_page = [lines for lines in drawn if "page 1 of 3" in lines[0]]
        assert with_page and all("← Back" not in footer(lines) for lines in with_page)


async def test_the_key_points_come_with_their_keys_and_what_enter_does(make_app, screen_text):
    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "page 1 of 3" in screen_text(app), "the first page")
        await settled(pilot)
        frames = watch_frames(app)
        await turn(pilot, "right", frames)
        await turn(pilot, "right", frames)
        drawn = await turn(pilot, "right", frames)
        at_end = [lines for lines in drawn if "key points" in lines[0]]
        assert at_end, "the key points were never drawn"
        for lines in at_end:
            text = "\n".join(lines)
            assert "→ Next" not in footer(lines) and "My questions" in footer(lines), footer(lines)
            assert "Enter: check what you learned" in text
        assert footer(at_end[0]) == footer(frame_text(app))
        assert "Enter: check what you learned" in screen_text(app)
        assert app.screen.focused.id == "check"

        drawn = await turn(pilot, "left", frames)  # back to the last page: → Next comes back
        with_page = [lines for lines in drawn if "page 3 of 3" in lines[0]]
        assert with_page
        for lines in with_page:
            assert "→ Next" in footer(lines) and "My questions" not in footer(lines), footer(lines)
        assert app.screen.focused is None


async def test_a_trainee_offer_comes_with_its_key(make_app, tmp_path, screen_text):
    app = make_app(content=trainee_content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "page 1 of 3" in screen_text(app), "the first page")
        await settled(pilot)
        frames = watch_frames(app)
        drawn = await turn(pilot, "right", frames)  # the page that offers the trainee page
        offered = [lines for lines in drawn if OFFER in "\n".join(lines)]
        assert offered, "the offer was never drawn"
        for lines in offered:
            assert "t Trainee" in footer(lines), footer(lines)
        drawn = await turn(pilot, "right", frames)  # the next page offers nothing
        with_page = [lines for lines in drawn if "page 3 of 3" in lines[0]]
        assert with_page and all("Trainee" not in footer(lines) for lines in with_page)


async def test_the_lessons_footer_matches_one_built_afresh_after_each_turn(make_app, tmp_path, screen_text):
    """Keys updated in place, and spare keys shown and hidden, show what a new footer would."""
    app = make_app(content=trainee_content(tmp_path), start=("lesson", "layered"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: "page 1 of 3" in screen_text(app), "the first page")
        await settled(pilot)
        for key in ("right", "t", "right", "right", "right", "left", "left", "left", "left"):
            await pilot.press(key)
            await settled(pilot)
            footer_widget = app.screen.query_one("Footer")
            in_place = footer(frame_text(app))
            shown = [(w.key, w.description) for w in footer_widget.children if w.display]
            before = set(map(id, footer_widget.children))
            footer_widget.call_later(footer_widget.recompose)
            await until(pilot, lambda: footer_widget.children and not before & set(map(id, footer_widget.children)),
                        "the footer to be built afresh")
            await pilot.pause()
            assert [(w.key, w.description) for w in footer_widget.children if w.display] == shown, key
            assert footer(frame_text(app)) == in_place, key


def test_the_key_points_lists_read_as_the_table_grid_drew_them():
    """The key points, what you can do and the sources are drawn from lines made once for each
    width: the same lines, bullets, hanging indents and "…" as the Rich table grid drew them
    (for every built-in lesson, from 20 to 120 cells wide)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from learnmeta.app.screens.lesson import Bullets
    from learnmeta.content.library import load_library

    def table_lines(items: list[str], width: int) -> list[str]:
        table = Table.grid(expand=True)
        table.add_column(width=2, no_wrap=True)
        table.add_column(ratio=1)
        for item in items:
            table.add_row(Text("•"), Text(item))
        console = Console(width=width, color_system=None)
        return ["".join(segment.text for segment in line).rstrip()
                for line in console.render_lines(table, console.options.update(width=width), pad=False)]

    compared = 0
    for lesson in load_library(user_packs=False).lessons:
        meta = lesson.meta
        sources = [source.title + (f" ({source.publisher})" if source.publisher else "")
                   + (f": {source.url}" if source.url else "") for source in meta.sources]
        for items in (meta.key_points, meta.what_you_can_do, sources):
            if not items:
                continue
            bullets = Bullets(list(items))
            for width in range(20, 121):
                assert bullets.lines_at(width).plain.split("\n") == table_lines(list(items), width), width
                compared += 1
    assert compared > 1000
