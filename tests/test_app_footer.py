"""The footer updates its keys in place; what it shows must equal a footer built afresh."""

from __future__ import annotations

from waiting import settled, until


def shown(footer) -> list:
    return [(type(w).__name__, w.key, w.key_display, w.description, w.action, w._disabled,
             sorted(w.classes)) for w in footer.children]


async def test_the_footer_after_each_key_of_a_quiz_matches_one_built_afresh(make_app):
    app = make_app(builtin=True, start=("quiz", "how-cancer-spreads"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        compared = 0
        for _ in range(6):
            screen = app.screen
            kind = type(screen.answer_widget).__name__
            if kind == "ShortAnswer":
                await pilot.press(*"liver")
            elif kind == "Matching":
                for _pair in screen.answer_widget.question.pairs:
                    await pilot.press("space", "down")
            elif kind != "Ordering":
                await pilot.press("1")
            for key in ("enter", "enter"):  # check (the keys change), then on to the next question
                await pilot.press(key)
                await settled(pilot)
                footer = app.screen.query_one("FooterWithHelp")
                in_place = shown(footer)
                before = set(map(id, footer.children))
                footer.call_later(footer.recompose)
                await until(pilot, lambda: footer.children and not before & set(map(id, footer.children)),
                            "the footer to be built afresh")
                assert shown(footer) == in_place
                compared += 1
        assert compared == 12
