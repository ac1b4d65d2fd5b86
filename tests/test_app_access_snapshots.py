"""Snapshots of the screens that issue 17 changed, at 40x15, 60x20 and 120x40: the message of
a window too small for home, the lesson reader in a small window (its shortest disclaimer) and
on a wide terminal (about 80 columns of text), support (helplines beyond North America),
help (every screen's keys) and a quiz question (the whole question in view, 80 columns wide).

After a deliberate change of look: `pytest tests/test_app_access_snapshots.py --snapshot-update`,
but only after looking at the report. Plain `def` tests: snap_compare runs the app itself.
"""

from __future__ import annotations

import pytest


def _before(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()

    return run_before


def test_home_too_small_snapshot_40x15(snap_compare, make_app):
    assert snap_compare(make_app(), run_before=_before(), terminal_size=(40, 15))


@pytest.mark.parametrize("size", [(40, 15), (60, 20), (120, 40)])
def test_lesson_page_snapshot(snap_compare, make_app, size):
    app = make_app(start=("lesson", "sample-basics"))
    assert snap_compare(app, run_before=_before("right"), terminal_size=size)


@pytest.mark.parametrize("size", [(40, 15), (60, 20), (120, 40)])
def test_support_snapshot(snap_compare, make_app, size):
    assert snap_compare(make_app(), run_before=_before("f2"), terminal_size=size)


@pytest.mark.parametrize("size", [(40, 15), (60, 20), (120, 40)])
def test_help_snapshot(snap_compare, make_app, size):
    assert snap_compare(make_app(), run_before=_before("f1"), terminal_size=size)


@pytest.mark.parametrize("size", [(60, 20), (120, 40)])
def test_quiz_question_snapshot(snap_compare, make_app, size):
    app = make_app(start=("quiz", "sample-pack"))
    assert snap_compare(app, run_before=_before(), terminal_size=size)
