""""My questions for my next visit" in the progress store, without Textual (issue #16): the
learner's list is kept in the progress file's ``[visit]`` table, in their order, and survives
a restart, the start-up cache and a newer version's keys."""

from __future__ import annotations

from learnmeta.progress import ProgressStore
from learnmeta.progress.fileformat import read_progress
from learnmeta.progress.model import MAX_VISIT_QUESTION_CHARS, MAX_VISIT_QUESTIONS


def texts(store):
    return [(q.text, q.asked) for q in store.visit_questions]


def test_add_move_mark_remove_and_reopen(tmp_path):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        assert store.add_visit_question("Has it   spread?\n", "what-is") is None
        assert store.add_visit_question("has it spread?") == "That question is already on your list."
        assert store.add_visit_question("   ") == "Type a question first."
        assert "too long" in store.add_visit_question("x" * (MAX_VISIT_QUESTION_CHARS + 1))
        assert store.add_visit_question("Can I \x1b[31mwork?") is None
        assert store.add_visit_question("Who do I call?") is None
        assert store.move_visit_question(2, -5) == 0  # stops at the top
        store.mark_visit_question(1, True)
        store.remove_visit_question(2)
        store.remove_visit_question(9)  # off the list: nothing
    expected = [("Who do I call?", False), ("Has it spread?", True)]
    assert [(q.text, q.asked) for q in read_progress(path).visit.questions] == expected
    with ProgressStore.open(path) as again:  # through the start-up cache written at close
        assert texts(again) == expected
        assert again.visit_questions[1].lesson == "what-is"
    text = path.read_text(encoding="utf-8")
    assert "\x1b" not in text and "[visit]" in text


def test_the_list_has_a_limit_and_says_so(tmp_path):
    with ProgressStore.open(tmp_path / "p.toml") as store:
        for n in range(MAX_VISIT_QUESTIONS):
            assert store.add_visit_question(f"Question {n}?") is None
        assert "full" in store.add_visit_question("One more?")


def test_keys_a_newer_version_wrote_in_visit_are_kept(tmp_path):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        store.add_visit_question("Has it spread?")
    text = path.read_text(encoding="utf-8").replace("[visit]\n", "[visit]\nprinted = 2\n")
    path.write_text(text, encoding="utf-8")
    with ProgressStore.open(path) as store:
        store.add_visit_question("Can I work?")
    saved = path.read_text(encoding="utf-8")
    assert "printed = 2" in saved and "Can I work?" in saved


def test_a_file_without_visit_reads_as_an_empty_list_and_is_written_without_one(tmp_path):
    path = tmp_path / "p.toml"
    with ProgressStore.open(path) as store:
        store.update_settings(name="Ann")
        assert store.visit_questions == []
    assert "[visit]" not in path.read_text(encoding="utf-8")
