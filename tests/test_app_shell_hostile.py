"""Hostile content: markup and escape codes in a lesson, glossary and pack show literally and do
nothing. ``[@click=app.quit]`` must not become a live link, ``[/]`` must not crash, ``[b]`` must not
vanish, and no ESC may reach the screen."""

from __future__ import annotations

import pytest

from waiting import until

CLICK = "[@click=app.quit]x[/]"
ESC = "\x1b[31m\x1b]0;owned\x07\x9b2J"
TOML_ESC = "\\u001b[31m\\u001b]0;owned\\u0007"

HOSTILE_LESSON = f'''+++
schema_version = 1
id = "hostile"
title = '{CLICK} lesson [b]'
order = 1
purpose = "Testing."
estimated_minutes = 1
key_points = ['{CLICK} point [/]', "esc {TOML_ESC} point"]
reviewed = 2026-11-24
knowledge_check = {{ pack = "hostile-pack", questions = ["q1"] }}

[[sources]]
title = '[@click=app.bell]source[/]'

[[spread_patterns]]
primary = '{CLICK} primary [/]'
sites = ["liver"]
+++

## {CLICK} first [b] page [/] {{#first}}

Body {CLICK} and [/] and [b]bold[/b] and {ESC} end.

[link](https://example.org) and a term: evil term.

## Second {{#second}}

Second page.
'''

HOSTILE_GLOSSARY = f'''schema_version = 1

[[terms]]
term = "evil term"
definition = '{CLICK} definition [/]'
aliases = ['[b]alias']
'''

HOSTILE_PACK = f'''schema_version = 1

[pack]
id = "hostile-pack"
title = '{CLICK} pack [/]'
description = "esc {TOML_ESC} description"
version = "1.0.0"
authors = ['[b]author']
licence = "CC0"
reviewed = 2026-11-24
pass_mark = 50

[[pack.sources]]
title = "x"

[[questions]]
id = "q1"
type = "single"
prompt = '{CLICK} prompt [/] [b]'
lesson = "hostile"
section = "first"
explanation = '{CLICK} explanation [/]'

[[questions.choices]]
id = "a"
text = '{CLICK} choice [/]'
correct = true
feedback = '[/] feedback'

[[questions.choices]]
id = "b"
text = "esc {TOML_ESC} choice"
'''


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE_LESSON, encoding="utf-8")
    (folder / "glossary.toml").write_text(HOSTILE_GLOSSARY, encoding="utf-8")
    (folder / "hostile.toml").write_text(HOSTILE_PACK, encoding="utf-8")
    return folder


def assert_inert(app, text: str) -> None:
    assert app.is_running, "the app stopped"
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


async def test_hostile_lesson_pack_and_glossary_show_literally_and_do_nothing(make_app, hostile, screen_text):
    app = make_app(content=[hostile])
    assert app.library.errors == [], app.library.problems
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"1. {CLICK} lesson [b]" in text
        assert f"{CLICK} pack [/]" in text
        assert_inert(app, text)

        # Click right on the would-be link in the lessons list: nothing happens but opening it.
        await pilot.press("enter")  # continue: the hostile lesson
        await pilot.pause()
        text = screen_text(app)
        assert f"{CLICK} lesson [b]" in text
        assert f"{CLICK} first [b] page [/]" in text
        assert f"Body {CLICK} and [/] and" in text
        assert_inert(app, text)
        await pilot.click("TitleBar", offset=(3, 0))
        await pilot.click("#page-heading", offset=(3, 0))
        await pilot.pause()
        assert app.is_running

        await pilot.press("g")  # glossary terms on the page
        await pilot.pause()
        text = screen_text(app)
        assert f"evil term: {CLICK} definition [/]" in text
        assert_inert(app, text)
        await pilot.press("escape", "right", "right")  # to the key points
        await pilot.pause()
        text = screen_text(app)
        assert f"• {CLICK} point [/]" in text
        assert "• esc [31m]0;owned point" in text  # the ESC characters are gone, the rest is text
        assert "[@click=app.bell]source[/]" in text
        assert_inert(app, text)

        await pilot.press("enter")  # the knowledge check: prompt and choices literally
        await pilot.pause()
        text = screen_text(app)
        assert f"{CLICK} prompt [/] [b]" in text
        assert f"{CLICK} choice [/]" in text
        assert_inert(app, text)
        app.go_home()
        await pilot.pause()

        app.show_glossary()
        await pilot.pause()
        await pilot.press(*"evil")
        await pilot.pause()
        text = screen_text(app)
        assert f"{CLICK} definition [/]" in text and "Also called: [b]alias" in text
        assert_inert(app, text)
        app.go_home()

        app.show_body_map()
        await pilot.pause()
        text = screen_text(app)
        assert f"{CLICK} primary [/]" in text
        assert_inert(app, text)
        app.go_home()

        await pilot.press("ctrl+p", *"pack")
        await until(pilot, lambda: "pack [/]" in screen_text(app), "the palette to list the pack")
        text = screen_text(app)
        assert "pack [/]" in text
        assert_inert(app, text)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
