"""``learnmeta``, ``learnmeta lesson ID``, ``learnmeta quiz PACK``, ``learnmeta review``: what starts,
and the clear messages and exit statuses when an id or a pack file is wrong (no app started)."""

from __future__ import annotations

import pytest

from learnmeta.cli import main

BROKEN_PACK = """schema_version = 1

[pack]
id = "broken"
title = "Broken"
description = "A pack with a mistake on line 11."
version = "1.0.0"
authors = ["me"]
licence = "CC0"
reviewed = 2026-11-24
pass_mark = "eighty"
"""


def test_no_command_opens_the_app_at_home(started, tmp_path):
    assert main(["--progress", str(tmp_path / "p.toml")]) == 0
    assert started[0].start == ("home",)


def test_no_arguments_at_all_open_home_as_the_parser_would(started, monkeypatch):
    from learnmeta.cli import NO_ARGUMENTS, build_parser

    assert vars(build_parser().parse_args([])) == vars(NO_ARGUMENTS)  # the shortcut is the same
    monkeypatch.setattr("sys.argv", ["learnmeta"])
    assert main() == 0
    assert started[0].start == ("home",)


def test_lesson_command_opens_that_lesson(started):
    lesson_id = "what-is-metastatic-cancer"
    assert main(["lesson", lesson_id]) == 0
    assert started[0].start == ("lesson", lesson_id)


def test_quiz_command_accepts_a_pack_id_or_a_pack_file(started, tmp_path):
    from learnmeta import paths

    assert main(["quiz", "what-is-metastatic-cancer"]) == 0
    assert started[0].start[1].id == "what-is-metastatic-cancer"
    text = (paths.quizzes_dir() / "how-cancer-spreads.toml").read_text(encoding="utf-8")
    mine = tmp_path / "my-pack.toml"
    mine.write_text(text.replace('id = "how-cancer-spreads"', 'id = "my-pack"', 1), encoding="utf-8")
    assert main(["quiz", str(mine)]) == 0
    assert started[1].start[1].id == "my-pack"
    assert started[1].preview  # a file outside the library: a preview (tests/test_quiz_preview.py)


def test_a_pack_file_whose_lessons_are_not_in_the_library_is_refused_as_validate_refuses_it(
        started, sample_content, capsys):
    assert main(["quiz", str(sample_content / "sample-pack.toml")]) == 1
    assert "no lesson has the id 'sample-basics'" in capsys.readouterr().err
    assert started == []


def test_review_command_starts_a_review(started):
    assert main(["review"]) == 0
    assert started[0].start == ("review",)


def test_learner_option_picks_that_learners_file(started, tmp_path):
    assert main(["--learner", "ann", "review"]) == 0
    assert started[0].store.path.parent.parent == tmp_path / "home"
    assert "ann" in started[0].store.path.name


def test_unknown_lesson_id_is_a_clear_usage_error_without_starting_the_app(started, capsys):
    assert main(["lesson", "what-is-metastatic-cancr"]) == 2  # a usage error, as the README says
    err = capsys.readouterr().err
    assert "no lesson has the id 'what-is-metastatic-cancr'" in err
    assert "Did you mean 'what-is-metastatic-cancer'?" in err
    assert started == []


def test_unknown_pack_id_is_a_clear_usage_error_without_starting_the_app(started, capsys):
    assert main(["quiz", "no-such-pack"]) == 2  # an id given on the command line: usage error
    assert "no quiz has the id 'no-such-pack'" in capsys.readouterr().err
    assert started == []


def test_a_pack_file_that_does_not_load_names_the_file_and_line(started, tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN_PACK, encoding="utf-8")
    assert main(["quiz", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:11:" in err and "pass_mark" in err
    assert "Traceback" not in err
    assert started == []


def test_a_missing_pack_file_is_named_and_is_a_usage_error(started, tmp_path, capsys):
    """As `learnmeta validate` says of a file that does not exist, and as for an unknown id."""
    assert main(["quiz", str(tmp_path / "nowhere.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert started == []


def test_problems_in_the_learners_packs_folder_become_a_notice_not_a_failure(started, tmp_path):
    packs = tmp_path / "home" / "packs"
    packs.mkdir(parents=True)
    (packs / "broken.toml").write_text(BROKEN_PACK, encoding="utf-8")
    assert main([]) == 0
    notices = started[0].startup_notices
    assert any("broken.toml" in notice and "learnmeta validate" in notice for notice in notices)


def test_a_pack_that_loads_but_names_a_missing_lesson_is_kept_with_a_notice(started, tmp_path, sample_content):
    packs = tmp_path / "home" / "packs"
    packs.mkdir(parents=True)
    text = (sample_content / "sample-pack.toml").read_text(encoding="utf-8")
    (packs / "orphan.toml").write_text(text.replace('id = "sample-pack"', 'id = "orphan"'), encoding="utf-8")
    assert main([]) == 0
    app = started[0]
    assert app.library.pack("orphan") is not None
    assert any("orphan.toml" in n and "links to lessons may not work" in n for n in app.startup_notices)
    assert not any("left out" in n for n in app.startup_notices)


def test_a_fifo_in_the_packs_folder_is_a_notice_and_never_hangs_start_up(started, tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    packs = tmp_path / "home" / "packs"
    packs.mkdir(parents=True)
    os.mkfifo(packs / "stuck.toml")
    assert main([]) == 0  # reading it used to block forever
    assert any("stuck.toml" in notice for notice in started[0].startup_notices)


def test_quiz_on_a_fifo_is_refused_at_once(started, tmp_path, capsys):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "stuck.toml")
    assert main(["quiz", str(tmp_path / "stuck.toml")]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert started == []


def test_a_lesson_files_name_given_for_an_id_says_how_to_check_and_add_it(started, capsys, tmp_path):
    """An instructor who wrote a lesson tries `learnmeta lesson my-lesson.md`: told that the
    command takes an id, how to check the file, and where the app's lessons are."""
    from learnmeta import paths

    mine = tmp_path / "06-my-lesson.md"
    mine.write_text("+++\nschema_version = 1\n+++\n", encoding="utf-8")
    assert main(["lesson", str(mine)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"'{mine}' is a file, and `learnmeta lesson` opens a lesson by its id (see `learnmeta list`)" in err
    assert f"To check a lesson file, run: learnmeta validate {mine}." in err
    assert f"its own lessons folder, {paths.lessons_dir()}: docs/authoring.md says how to add one" in err
    assert "no lesson has the id" not in err
    assert started == []
