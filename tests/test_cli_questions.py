"""`learnmeta questions`: "My questions for my next visit", a checklist a patient can print and
tick (content review 2, C17: a tangible tool, not only a list on a screen)."""

from __future__ import annotations

import os
import subprocess
import sys

from learnmeta.content.checklist import checklist, question_of
from learnmeta.content.library import load_library


def run(*args, cwd=None, home=None):
    env = {**os.environ, "LEARNMETA_HOME": str(home)} if home else dict(os.environ)
    return subprocess.run([sys.executable, "-m", "learnmeta", "questions", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=60)


def test_it_prints_a_box_to_tick_for_every_question_the_lessons_say_to_ask(tmp_path):
    result = run(home=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("My questions for my next visit\n")
    library = load_library(user_packs=False)
    for lesson in library.lessons:
        for action in lesson.meta.what_you_can_do:
            question = question_of(action)
            if question:
                assert f"[ ] {question}\n" in text, question
    assert "[ ] Has my cancer spread? If so, where has it spread?" in text  # "Ask:" is gone
    assert "My own questions\n[ ] ____" in text
    assert "1-888-939-3333" in text  # the helplines come along
    assert "general information, not medical advice" in text


def test_it_writes_the_checklist_to_a_file_and_never_over_one_without_force(tmp_path):
    target = tmp_path / "visit.txt"
    result = run("-o", str(target), home=tmp_path)
    assert result.returncode == 0 and "Wrote your questions to" in result.stdout
    assert target.read_text(encoding="utf-8") == checklist(load_library(user_packs=False).lessons)
    target.write_text("my notes", encoding="utf-8")
    result = run("-o", str(target), home=tmp_path)
    assert result.returncode == 2 and "exists already; use --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "my notes"
    assert run("-o", str(target), "--force", home=tmp_path).returncode == 0
    assert target.read_text(encoding="utf-8").startswith("My questions")
    result = run("-o", str(tmp_path), home=tmp_path)
    assert result.returncode == 2 and "is a folder" in result.stderr and "Traceback" not in result.stderr


def test_an_action_is_a_question_only_when_it_asks_one():
    assert question_of("Ask your healthcare team: where did my cancer start?") == "Where did my cancer start?"
    assert question_of("Ask: Has my cancer spread?") == "Has my cancer spread?"
    assert question_of("Ask your team to draw or show you where your cancer is.") is None
    assert question_of("Write your questions down before each visit.") is None


def test_it_never_writes_over_a_link_even_with_force(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("my notes", encoding="utf-8")
    link = tmp_path / "visit.txt"
    link.symlink_to(kept)
    result = run("-o", str(link), "--force", home=tmp_path)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert link.is_symlink() and kept.read_text(encoding="utf-8") == "my notes"


# --- --export: the learner's own list (issue #16) ---------------------------------------------

def _learner_with_questions(home, *questions):
    from learnmeta.progress import ProgressStore

    path = home / "ann.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Ann Example")
    for text in questions:
        assert store.add_visit_question(text) is None
    store.mark_visit_question(0, True)
    store.close()
    return path


def test_export_writes_the_learners_own_list_as_markdown_and_reads_the_file_only(tmp_path):
    import datetime as dt

    from learnmeta.study.visit import day

    progress = _learner_with_questions(tmp_path, "Can I travel?", "What does <b>stage 4</b> mean?")
    before = progress.read_bytes()
    target = tmp_path / "new folder" / "visit.md"
    result = run("--export", str(target), "--progress", str(progress), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Wrote your 2 questions to" in result.stdout
    page = target.read_text(encoding="utf-8")
    assert page.startswith("# My questions for my next visit\n")
    assert f"Made on {day(dt.date.today())}." in page
    assert "## To ask\n\n- [ ] What does \\<b\\>stage 4\\</b\\> mean?\n" in page  # shown as typed
    assert "## Asked already\n\n- [x] Can I travel?\n" in page
    assert "Ann" not in page and "id" not in page.split("## To ask")[0]
    assert progress.read_bytes() == before  # read, never written
    again = run("--export", str(target), "--progress", str(progress), home=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr


def test_export_with_an_empty_list_or_no_file_says_what_to_do(tmp_path):
    empty = _learner_with_questions(tmp_path)
    result = run("--export", str(tmp_path / "x.md"), "--progress", str(empty), home=tmp_path)
    assert result.returncode == 1 and "no questions yet" in result.stderr and "Traceback" not in result.stderr
    missing = run("--export", str(tmp_path / "x.md"), "--progress", str(tmp_path / "nobody.toml"), home=tmp_path)
    assert missing.returncode == 1 and "no progress file" in missing.stderr
    # Where to make the list, as the app has it: m works on a lesson's key points, not any page.
    for said in (result.stderr, missing.stderr):
        assert "Ctrl+P" in said and "My questions" in said and "m on a lesson's key points" in said, said
    pack = tmp_path / "pack.toml"
    pack.write_text('[pack]\nid = "x"\n', encoding="utf-8")
    wrong = run("--export", str(tmp_path / "x.md"), "--progress", str(pack), home=tmp_path)
    assert wrong.returncode == 1 and "cannot read" in wrong.stderr and "not a learnmeta progress file" in wrong.stderr
    assert not (tmp_path / "x.md").exists()
    both = run("--export", str(tmp_path / "x.md"), "-o", str(tmp_path / "y.txt"), home=tmp_path)
    assert both.returncode == 2 and "not both" in both.stderr
