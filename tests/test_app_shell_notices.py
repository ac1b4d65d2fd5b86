"""What the progress store tells the learner reaches the screen: a second window on the same
profile says it does not save, and problems in the learner's packs folder are a notice."""

from __future__ import annotations

from learnmeta.progress import ProgressStore


async def test_a_second_window_on_the_same_profile_says_it_does_not_save(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    first = ProgressStore.open(progress)
    try:
        app = make_app(progress=progress, welcomed=False)
        assert app.store.read_only
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            app.go_home()
            await pilot.pause()
            text = screen_text(app)
            assert "This window does not save: your progress is open in another window." in text
            assert "another" in text  # the store's notice, shown as a toast
    finally:
        first.close()


async def test_startup_notices_are_shown_literally(make_app, screen_text):
    app = make_app()
    app.startup_notices = ["Some content could not be used and was left out ([b]x.toml[/])."]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert "([b]x.toml[/])" in screen_text(app)


async def test_the_does_not_save_line_shows_in_full_on_every_screen(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    first = ProgressStore.open(progress)
    try:
        for size, line in (((80, 24), "This window does not save: your progress is open in another window."),
                           ((60, 20), "Not saving: your progress is open in another window.")):
            app = make_app(progress=progress)
            assert app.store.read_only
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                assert line in screen_text(app), size
                assert "not medical advice" in screen_text(app)
                app.open_lesson("sample-basics")
                await pilot.pause()
                assert line in screen_text(app), size
                assert "not medical advice" in screen_text(app)
                assert "Page 1 of 3  → Next" in screen_text(app)  # the page line is not covered
                await pilot.press("f1")
                await pilot.pause()
                assert line in screen_text(app), size
    finally:
        first.close()


async def test_a_damaged_progress_file_is_explained_in_a_window_that_stays_until_ok(make_app, tmp_path, screen_text):
    from learnmeta.app.screens.home import HomeScreen
    from learnmeta.app.screens.notice import NoticeDialog

    progress = tmp_path / "p.toml"
    progress.write_text("# learnmeta progress: what one learner has read and answered.\nthis is [not toml\n",
                        encoding="utf-8")
    app = make_app(progress=progress)
    assert app.store.notices
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeDialog)
        await pilot.pause(1.5)  # no timeout: still there
        assert isinstance(app.screen, NoticeDialog)
        text = " ".join(screen_text(app).split())
        first_words = " ".join(app.store.notices[0].split()[:6])
        assert first_words in text
        assert "OK (Enter)" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_notice_is_shown_literally_in_its_window(make_app, tmp_path, screen_text):
    from learnmeta.app.screens.notice import NoticeDialog

    app = make_app()
    app.store.notices.append("Kept aside as [end] old.toml [b]x[/]")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeDialog)
        assert "Kept aside as [end] old.toml [b]x[/]" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoticeDialog)


async def test_a_folder_as_the_progress_path_says_so_on_every_screen_and_in_a_window(make_app, tmp_path, screen_text):
    from learnmeta.app.screens.notice import NoticeDialog

    folder = tmp_path / "progress"
    folder.mkdir()
    for size, line in (((80, 24), "This window does not save: the progress path is a folder."),
                       ((60, 20), "the progress path is a folder.")):
        app = make_app(progress=folder)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, NoticeDialog)  # the whole story, until OK
            text = " ".join(screen_text(app).replace("█", " ").split())  # not the dialog's sides
            assert "is a folder, not a file" in text and "another window" not in text
            await pilot.press("enter")
            await pilot.pause()
            assert line in screen_text(app), size
            assert "another window" not in screen_text(app)


async def test_a_file_from_a_newer_learnmeta_names_its_version_on_screen(make_app, tmp_path, screen_text):
    progress = tmp_path / "p.toml"
    progress.write_text('schema_version = 2\nsaved_by = "learnmeta 0.9.0"\n[learner]\nwelcomed = true\n'
                        '[end]\ncomplete = true\n', encoding="utf-8")
    app = make_app(progress=progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "newer version of learnmeta" in text and "(0.9.0), in format 2" in text and "Update learnmeta" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "This window does not save: the file is from newer learnmeta 0.9.0." in screen_text(app)


async def test_a_store_notice_is_shown_as_soon_as_the_store_makes_it(make_app, screen_text, monkeypatch):
    import errno

    from learnmeta import files

    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert "disk is full" not in screen_text(app)

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(files, "replace_atomically", full)
        app.store.record_page("sample-basics", "starts", 3)  # the save fails: the store says so
        await pilot.pause()  # no waiting for a timer: the store pushed it
        assert "because the disk is full" in " ".join(screen_text(app).split())


async def test_a_quiz_in_a_window_that_does_not_save_names_the_real_cause(make_app, tmp_path, screen_text):
    folder = tmp_path / "progress"
    folder.mkdir()
    app = make_app(progress=folder, start=("quiz", "sample-pack"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the notice window: OK
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "answers in this window will not be saved: the progress path is a folder." in text
        assert "another window" not in text
