"""A trainee asked to hand in their record opens Settings: it says where their progress file
is (only on this computer), the answer log beside it, and the command that makes one file of
them to hand in, with --progress when the file is not the usual one."""

from __future__ import annotations

from learnmeta.app.screens.settings import SettingsScreen


def _flat(text: str) -> str:
    return " ".join(text.split())


async def test_settings_says_where_the_progress_is_kept_and_how_to_hand_it_in(make_app, tmp_path, screen_text):
    progress = tmp_path / "alex.toml"
    app = make_app(progress=progress)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        shown = _flat(screen_text(app))
        assert f"Kept only on this computer, in {progress}, with your answers beside it in alex.answers.jsonl." in shown
        assert "To hand your results in to a course, give your teacher both files" in shown
        # Not the usual file of this computer's learner: the command names it.
        assert f"learnmeta export --format csv -o my-results.csv --progress {progress}" in shown


async def test_the_usual_learners_command_needs_no_path(make_app, tmp_path, screen_text, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    from learnmeta.progress.locations import resolve_progress_path

    usual = resolve_progress_path(None, None)
    usual.parent.mkdir(parents=True)
    app = make_app(progress=usual)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        shown = _flat(screen_text(app))
        assert f"in {usual}," in shown
        assert "learnmeta export --format csv -o my-results.csv Start again" in shown  # no --progress


async def test_a_window_that_does_not_save_says_so_where_the_file_is(make_app, tmp_path, screen_text):
    """A second window on the same learner only reads: Settings said "Kept only on this
    computer, in ..." there too, as if this window kept what was done in it. It says that this
    window does not save, and why, and still where the file is."""
    progress = tmp_path / "alex.toml"
    first = make_app(progress=progress)
    second = make_app(progress=progress)
    assert second.store.read_only and not first.store.read_only
    async with second.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(second.screen, SettingsScreen)
        shown = _flat(screen_text(second))
        assert "Kept only on this computer" not in shown, shown
        assert (f"This window does not save: your progress is open in another window. It only reads "
                f"your progress file, {progress}, and saves nothing to it") in shown, shown
