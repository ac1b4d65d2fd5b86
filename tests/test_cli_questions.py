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
