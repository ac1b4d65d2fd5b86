"""`learnmeta quiz PATH` for a pack file outside the library is a preview (issue 12, item 10).

It opened packs that `validate` rejects, saved the instructor's answers into their own profile
(under whatever id the pack claimed, a built-in one included), and showed the first-run
welcome. Now it refuses what `validate` refuses (same messages, same status), records nothing
unless `--record` is given, says so on the screen, and skips the welcome.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learnmeta import paths
from learnmeta.app.app import LearnApp
from learnmeta.cli import main

BUILT_IN = paths.quizzes_dir() / "what-is-metastatic-cancer.toml"


def _pack_file(folder: Path, pack_id: str = "class-pack", change=None) -> Path:
    """A valid pack outside the library: the built-in first pack under another id."""
    text = BUILT_IN.read_text(encoding="utf-8")
    text = re.sub(r'^id = "what-is-metastatic-cancer"$', f'id = "{pack_id}"', text, count=1, flags=re.M)
    text = re.sub(r'^title = ".*"$', 'title = "Class pack"', text, count=1, flags=re.M)
    if change is not None:
        text = change(text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pack_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _learners_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "home" / "learners"
    return sorted(folder.iterdir()) if folder.exists() else []


# -- what validate refuses, quiz refuses ---------------------------------------------------------


@pytest.mark.parametrize("change, expected", [
    (lambda t: t.replace('lessons = ["what-is-metastatic-cancer"]', 'lessons = ["no-such-lesson"]'),
     "no lesson has the id 'no-such-lesson'"),
    (lambda t: t.replace('pass_mark = ', 'pass_mark = "eighty" #'), "pass_mark"),
    (lambda t: t.replace('id = "class-pack"', 'id = "mastery-check"'), "reserved"),
])
def test_quiz_refuses_what_validate_refuses_with_the_same_messages_and_status(
        started, tmp_path, capsys, change, expected):
    path = _pack_file(tmp_path / "mine", change=change)
    validate_status = main(["validate", str(path)])
    validated = capsys.readouterr()
    problems = [line for line in validated.out.splitlines() if ": error:" in line]
    assert validate_status == 1 and problems
    assert main(["quiz", str(path)]) == validate_status
    err = capsys.readouterr().err
    assert expected in err
    for line in problems:
        assert line in err
    assert "Traceback" not in err
    assert started == []
    assert _learners_files(tmp_path) == []


def test_a_folder_is_not_a_pack_file(started, tmp_path, capsys):
    folder = tmp_path / "packs.toml"
    folder.mkdir()
    assert main(["quiz", str(folder)]) == 1
    assert "folder" in capsys.readouterr().err
    assert started == []


def test_a_lesson_file_is_not_a_pack(started, tmp_path, capsys):
    lesson = paths.lessons_dir() / "01-what-is-metastatic-cancer.md"
    copy = tmp_path / "lesson.md"
    copy.write_text(lesson.read_text(encoding="utf-8").replace('id = "what-is-metastatic-cancer"', 'id = "my-lesson"'),
                    encoding="utf-8")
    assert main(["quiz", str(copy)]) == 1
    assert "not a question pack" in capsys.readouterr().err
    assert started == []


# -- a preview records nothing -------------------------------------------------------------------


def test_a_valid_pack_outside_the_library_is_a_preview_that_touches_no_progress_file(started, tmp_path):
    path = _pack_file(tmp_path / "mine")
    assert main(["quiz", str(path)]) == 0
    app = started[0]
    assert app.preview and app.start[0] == "quiz" and app.start[1].id == "class-pack"
    assert not app.ran_with_store_path.is_relative_to(tmp_path / "home")
    assert not app.ran_with_store_path.exists()  # a throwaway store, removed when the app ends
    assert _learners_files(tmp_path) == []


def test_a_preview_looks_as_the_app_does_for_this_learner_without_writing_their_file(started, tmp_path):
    from learnmeta.progress import ProgressStore, resolve_progress_path

    own = resolve_progress_path(None, None)
    store = ProgressStore.open(own)
    store.update_settings(theme="learnmeta-high-contrast", reduced_motion=True, track="course", welcomed=True)
    store.close()
    before = own.read_bytes()
    assert main(["quiz", str(_pack_file(tmp_path / "mine"))]) == 0
    settings = started[0].store.settings
    assert (settings.theme, settings.reduced_motion, settings.track) == ("learnmeta-high-contrast", True, "course")
    assert own.read_bytes() == before


def test_record_saves_a_preview_into_the_learners_file_and_still_skips_the_welcome(started, tmp_path):
    path = _pack_file(tmp_path / "mine")
    assert main(["quiz", str(path), "--record"]) == 0
    app = started[0]
    assert not app.preview and not app.welcome
    assert app.ran_with_store_path.is_relative_to(tmp_path / "home")


def test_a_pack_named_by_its_path_in_the_library_is_no_preview(started, tmp_path):
    assert main(["quiz", str(BUILT_IN)]) == 0
    app = started[0]
    assert not app.preview and app.welcome
    assert app.start[1].id == "what-is-metastatic-cancer"
    assert app.ran_with_store_path.is_relative_to(tmp_path / "home")


def test_record_is_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["quiz", "--help"])
    out = capsys.readouterr().out
    assert "--record" in out and "preview" in out
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "--record" in readme


# -- the preview on screen -----------------------------------------------------------------------


async def _answer_first_question(pilot) -> None:
    await pilot.pause()
    await pilot.press("1")
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_preview_screen_says_answers_are_not_saved_and_saves_none(tmp_path, screen_text, size):
    from learnmeta.app.screens.quiz import QuizScreen
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore

    library = load_library(user_packs=False)
    pack = library.pack("what-is-metastatic-cancer")
    progress = tmp_path / "progress.toml"
    store = ProgressStore.open(progress)  # a learner who was never welcomed
    before = progress.read_bytes()
    try:
        app = LearnApp(library, store, ("quiz", pack), preview=True, welcome=False, seed=0)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)  # no welcome on top
            text = screen_text(app)
            assert text.splitlines()[0].strip().startswith("Preview: answers are not saved")
            assert "Trying out a pack file: add --record to save answers." in text
            await _answer_first_question(pilot)
            assert screen_text(app).splitlines()[0].strip().startswith("Preview: answers are not saved")
            assert store.progress.questions == {} and store.progress.packs == {}
    finally:
        store.close()
    assert progress.read_bytes() == before


async def test_without_preview_the_same_quiz_is_saved(tmp_path):
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore

    library = load_library(user_packs=False)
    pack = library.pack("what-is-metastatic-cancer")
    store = ProgressStore.open(tmp_path / "progress.toml")
    store.update_settings(welcomed=True)
    try:
        app = LearnApp(library, store, ("quiz", pack), seed=0)
        async with app.run_test(size=(80, 24)) as pilot:
            await _answer_first_question(pilot)
            assert store.progress.questions.get("what-is-metastatic-cancer")
    finally:
        store.close()


# -- the preview's results -----------------------------------------------------------------------


@pytest.mark.parametrize("pass_mark, verdict", [
    (1, "✓ This score would pass. The pass mark is 1%."),
    (80, "✗ This score would not pass yet. The pass mark is 80%."),
])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_preview_results_say_nothing_was_saved_and_what_the_score_would_mean(
        tmp_path, screen_text, size, pass_mark, verdict):
    """The results after a preview's last question said neither that nothing was saved nor
    whether the score passes (a --record run says "✓ Passed. The pass mark is 80%.")."""
    from learnmeta.app.screens.quiz import QuizScreen
    from learnmeta.app.screens.results import ResultsScreen
    from learnmeta.cli import validate
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore

    path = _pack_file(tmp_path / "mine", change=lambda t: re.sub(
        r"^pass_mark = \d+", f"pass_mark = {pass_mark}", t, count=1, flags=re.M))
    checked, _files, problems = validate.check([str(path)])
    assert not validate.status(problems)
    pack = next(p for p in checked.packs if p.id == "class-pack")
    library = load_library(user_packs=False)
    store = ProgressStore.open(tmp_path / "progress.toml")
    try:
        app = LearnApp(library, store, ("quiz", pack), preview=True, welcome=False, seed=0)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            quiz = app.screen
            assert isinstance(quiz, QuizScreen)
            session = quiz.session
            first = session.current
            right = next(i for i, c in enumerate(first.choices, 1) if c.correct)
            await pilot.press(str(right))
            await pilot.press("enter")
            await pilot.pause()
            quiz.finish()  # the rest left unanswered: 1 of N right
            await pilot.pause()
            assert isinstance(app.screen, ResultsScreen)
            text = " ".join(screen_text(app).split())
            assert "Preview: these answers were not saved." in text
            assert verdict in text
            assert store.progress.questions == {} and store.progress.packs == {}
    finally:
        store.close()
