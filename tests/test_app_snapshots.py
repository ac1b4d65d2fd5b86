"""Snapshots of the main screens at 80x24, on the fixed sample content (see conftest.py).

After a deliberate change of look: `pytest tests/test_app_snapshots.py --snapshot-update`, but only
after looking at the report. Plain `def` tests: snap_compare runs the app itself.
"""

from __future__ import annotations

from textual.widgets import Input


async def _steady(pilot) -> None:
    """No blinking cursor (it would make the picture differ from run to run)."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def _before(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await _steady(pilot)

    return run_before


def test_welcome_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(welcomed=False), run_before=_before(), terminal_size=(80, 24))


def test_home_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_before(), terminal_size=(80, 24))


def test_lesson_page_snapshot(snap_compare, make_app):
    app = make_app(start=("lesson", "sample-basics"))
    assert snap_compare(app, run_before=_before("right"), terminal_size=(80, 24))


def test_glossary_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_before("g", "p", "r"), terminal_size=(80, 24))


def test_body_map_snapshot(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_before("w", "down"), terminal_size=(80, 24))


def test_high_contrast_home_snapshot(snap_compare, make_app):
    app = make_app(theme="learnmeta-high-contrast")
    assert snap_compare(app, run_before=_before(), terminal_size=(80, 24))
