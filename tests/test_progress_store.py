"""The progress store: what it records, where the file lives, and what the file holds."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
import tomllib
from types import SimpleNamespace

import pytest

from learnmeta.progress import ProgressStore, read_progress, resolve_progress_path
from learnmeta.progress.locations import safe_learner_name

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def store(home):
    opened = ProgressStore.open(resolve_progress_path(None, None))
    yield opened
    opened.close()


def answer(store, qid, correct, *, pack="pack-a", version="1.0.0", hints=0, when=T0, attempt=None,
           lesson="lesson-a", section="intro", response="an answer"):
    store.record_answer(pack, version, qid, lesson=lesson, section=section, response=response,
                        correct=correct, hints_used=hints, attempt_id=attempt, when=when)


def on_disk(store) -> dict:
    return tomllib.loads(store.path.read_text(encoding="utf-8"))


# --- where it lives ------------------------------------------------------------------------


def test_default_learner_file_is_in_the_data_folder(home):
    assert resolve_progress_path(None, None) == home / "learners" / "default.toml"


def test_each_learner_gets_their_own_file(home):
    ann = resolve_progress_path(None, "Ann Lee")
    bob = resolve_progress_path(None, "Bob")
    assert ann == home / "learners" / "ann-lee.toml"
    assert bob != ann and bob.parent == ann.parent


def test_progress_option_wins_over_learner(home, tmp_path):
    chosen = tmp_path / "elsewhere" / "mine.toml"
    assert resolve_progress_path(str(chosen), "Ann") == chosen


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b\\c", "C:\\x", "..", "CON", "李华", "   "])
def test_learner_names_never_leave_the_learners_folder(home, name):
    path = resolve_progress_path(None, name)
    assert path.parent == home / "learners"
    assert path.suffix == ".toml" and path.stem and "/" not in path.stem and ".." not in path.stem


def test_names_in_other_scripts_get_different_files():
    assert safe_learner_name("李华") != safe_learner_name("王芳")
    assert safe_learner_name("José") == "jose"


def test_opening_creates_a_private_data_folder_and_the_file(store, home):
    assert store.path.exists()
    assert (home / "packs").is_dir()
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(home / "learners").st_mode) == 0o700
        assert stat.S_IMODE(os.stat(store.path).st_mode) & 0o077 == 0
    assert store.notices == [] and not store.read_only


# --- what it holds -------------------------------------------------------------------------


def test_file_is_plain_toml_with_iso_utc_times(store):
    store.update_settings(name="Ann", track="course")
    store.record_page("lesson-a", "intro", 4)
    answer(store, "q1", True)
    text = store.path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert data["schema_version"] == 1
    assert data["learner"]["name"] == "Ann" and data["learner"]["track"] == "course"
    assert "last_answered = 2026-11-24T09:00:00+00:00" in text
    question = data["questions"]["pack-a"]["q1"]
    assert question["seen"] == 1 and question["correct"] == 1 and question["last_answer"] == "an answer"
    assert question["lesson"] == "lesson-a" and question["section"] == "intro"
    assert question["review"]["due"].utcoffset() == dt.timedelta(0)


def test_settings_are_saved_and_read_back(store):
    store.update_settings(name="Ann", track="course", theme="textual-light", reduced_motion=True, welcomed=True)
    store.close()
    again = ProgressStore.open(store.path)
    assert again.settings.name == "Ann" and again.settings.track == "course"
    assert again.settings.theme == "textual-light" and again.settings.reduced_motion and again.settings.welcomed
    again.close()


def test_bad_settings_are_refused(store):
    with pytest.raises(TypeError):
        store.update_settings(colour="red")
    with pytest.raises(ValueError):
        store.update_settings(track="sometimes")


def test_pages_seen_resume_point_and_completion(store):
    store.record_page("lesson-a", "intro", 3)
    store.record_page("lesson-a", "naming", 3)
    store.record_page("lesson-a", "intro", 3)
    state = store.lesson_state("lesson-a")
    assert (state.pages_seen, state.page_count, state.last_page, state.completed) == (2, 3, "intro", None)
    assert store.last_activity() == ("lesson", "lesson-a", "intro")
    store.complete_lesson("lesson-a")
    store.close()
    again = ProgressStore.open(store.path)
    assert again.lesson_state("lesson-a").completed is not None
    assert again.lesson_state("lesson-a").last_page == "intro"
    assert again.lesson_state("never-opened").pages_seen == 0
    again.close()


def test_attempts_scores_and_pass(store):
    first = store.start_attempt("pack-a", "1.0.0")
    answer(store, "q1", False, attempt=first)
    store.finish_attempt(first, correct=0, total=1, percent=0, passed=False)
    assert store.best_score("pack-a") == 0 and not store.passed("pack-a")
    second = store.start_attempt("pack-a", "1.0.0")
    store.finish_attempt(second, correct=1, total=1, percent=100, passed=True)
    review = store.start_attempt("pack-a", "1.0.0", mode="review")
    store.finish_attempt(review, correct=0, total=1, percent=0, passed=False)
    assert store.best_score("pack-a") == 100 and store.passed("pack-a")
    assert store.best_score("pack-b") is None and not store.passed("pack-b")
    assert store.last_activity() == ("quiz", "pack-a")
    pack = on_disk(store)["packs"]["pack-a"]
    assert pack["attempts_total"] == 3 and pack["finished_total"] == 3 and pack["passed_total"] == 1
    assert pack["attempts"][0]["answered"] == 1 and pack["attempts"][0]["percent"] == 0


def test_only_the_last_20_attempts_are_kept_with_totals(store):
    ids = [store.start_attempt("pack-a", "1.0.0") for _ in range(25)]
    for attempt_id in ids:
        store.finish_attempt(attempt_id, correct=1, total=2, percent=50, passed=False)
    pack = on_disk(store)["packs"]["pack-a"]
    assert len(pack["attempts"]) == 20
    assert [a["id"] for a in pack["attempts"]] == ids[-20:]
    assert pack["attempts_total"] == 25 and pack["finished_total"] == 20


def test_answers_count_times_seen_correct_and_hints(store):
    answer(store, "q1", False, response="Liver cancer")
    answer(store, "q1", True, hints=1, response="Colon cancer", when=T0 + dt.timedelta(minutes=15))
    store.close()
    record = read_progress(store.path).questions["pack-a"]["q1"]
    assert (record.seen, record.correct, record.hints_used) == (2, 1, 1)
    assert record.last_answer == "Colon cancer" and record.last_correct is True
    assert record.last_answered == T0 + dt.timedelta(minutes=15)


def logged(store):
    from learnmeta.progress.answerlog import answers, log_path

    return answers(log_path(store.path))


def test_every_answer_is_added_to_the_answer_log_in_the_order_given(store):
    attempt = store.start_attempt("pack-a", "1.0.0")
    answer(store, "q1", False, response="Liver cancer", attempt=attempt)
    answer(store, "q1", True, hints=2, response="Colon cancer", attempt=attempt, when=T0 + dt.timedelta(minutes=1))
    answer(store, "q2", True, pack="pack-b", version="2.0", response="True", when=T0 + dt.timedelta(minutes=2))
    assert "Liver cancer" not in store.path.read_text(encoding="utf-8")  # only the latest answer there
    assert store.progress.questions["pack-a"]["q1"].last_answer == "Colon cancer"
    store.close()
    history = logged(store)
    assert [(e.pack, e.version, e.question, e.response, e.correct, e.hints, e.attempt) for e in history] == [
        ("pack-a", "1.0.0", "q1", "Liver cancer", False, 0, attempt),
        ("pack-a", "1.0.0", "q1", "Colon cancer", True, 2, attempt),
        ("pack-b", "2.0", "q2", "True", True, 0, None),
    ]
    assert [e.when for e in history] == [T0, T0 + dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=2)]
    assert all(e.confidence is None for e in history)


def test_an_old_file_s_history_moves_to_the_log_at_its_first_save_every_answer(store):
    from learnmeta.progress.model import HistoryEntry

    old = [HistoryEntry(when=T0, pack="pack-a", version="1.0.0", question="old", response=f"old {n}", correct=False)
           for n in range(2000)]
    store.progress.history.answers = list(old)
    store.progress.questions["pack-a"] = {}
    store.save()
    assert "[history]" not in store.path.read_text(encoding="utf-8")
    for n in range(3):
        answer(store, "q1", True, response=f"new {n}", when=T0 + dt.timedelta(minutes=n + 1))
    store.close()
    responses = [e.response for e in logged(store)]
    assert len(responses) == 2003  # none dropped: the log keeps every answer
    assert responses[:2] == ["old 0", "old 1"] and responses[-3:] == ["new 0", "new 1", "new 2"]
    assert read_progress(store.path).questions["pack-a"]["q1"].seen == 3


def test_a_file_written_before_the_answer_log_loads_and_gains_one(store):
    answer(store, "q1", True)
    store.close()
    from learnmeta.progress.answerlog import log_path

    log_path(store.path).unlink()
    text = store.path.read_text(encoding="utf-8")
    old = text[: text.index("\n[answer_log]")] + text[text.index("\n[packs."):]  # no [answer_log]
    store.path.write_text(old, encoding="utf-8")
    again = ProgressStore.open(store.path)
    assert again.notices == [] and again.answers() == []
    assert again.progress.questions["pack-a"]["q1"].seen == 1
    answer(again, "q1", False, when=T0 + dt.timedelta(days=1))
    again.close()
    progress = read_progress(store.path)
    assert progress.schema_version == 1 and progress.answer_log is not None
    assert [(e.question, e.correct) for e in logged(store)] == [("q1", False)]
    assert progress.questions["pack-a"]["q1"].seen == 2


def test_answer_text_is_cleaned_and_shortened(store):
    answer(store, "q1", True, response="\x1b[31mred\x1b]0;x\x07 " + "a" * 500)
    progress = read_progress(store.path)
    record = progress.questions["pack-a"]["q1"]
    assert "\x1b" not in record.last_answer and "\x07" not in record.last_answer
    assert len(record.last_answer) == 200
    assert logged(store)[-1].response == record.last_answer


def test_reset_keeps_the_old_file_aside_and_the_settings(store):
    store.update_settings(name="Ann")
    answer(store, "q1", True)
    old_bytes = store.path.read_bytes()
    kept = store.reset()
    assert kept != store.path and kept.read_bytes() == old_bytes
    assert store.progress.questions == {} and store.settings.name == "Ann"
    assert on_disk(store).get("questions", {}) == {}


# --- review scheduling ---------------------------------------------------------------------


def test_missed_question_is_due_sooner_than_known_one(store):
    answer(store, "missed", False)
    answer(store, "known", True)
    answer(store, "hinted", True, hints=2)
    due = {q: store.progress.questions["pack-a"][q].review.due for q in ("missed", "known", "hinted")}
    assert due["missed"] < due["hinted"] < due["known"]
    assert due["missed"] - T0 <= dt.timedelta(hours=1)
    assert due["known"] - T0 >= dt.timedelta(days=1)


def test_due_questions_name_the_section_that_teaches_them(store):
    answer(store, "missed", False, lesson="lesson-b", section="naming")
    answer(store, "known", True)
    assert store.due_count(T0) == 0
    soon = T0 + dt.timedelta(hours=1)
    due = store.due_questions(soon)
    assert [(d.pack_id, d.question_id, d.lesson, d.section) for d in due] == [("pack-a", "missed", "lesson-b", "naming")]
    assert store.due_count(soon) == 1
    assert store.due_count(T0 + dt.timedelta(days=30)) == 2


def test_a_question_answered_right_again_goes_further_out(store):
    answer(store, "q1", True)
    first_due = store.progress.questions["pack-a"]["q1"].review.due
    answer(store, "q1", True, when=first_due)
    second_due = store.progress.questions["pack-a"]["q1"].review.due
    assert second_due - first_due > first_due - T0


def test_a_known_question_missed_later_comes_back_soon(store):
    answer(store, "q1", True)
    later = store.progress.questions["pack-a"]["q1"].review.due
    answer(store, "q1", False, when=later)
    assert store.progress.questions["pack-a"]["q1"].review.due - later <= dt.timedelta(hours=1)


def test_review_state_survives_saving_and_loading(store):
    answer(store, "q1", True)
    answer(store, "q2", False)
    store.close()
    again = ProgressStore.open(store.path)
    assert again.progress.questions == store.progress.questions
    assert again.due_count(T0 + dt.timedelta(hours=1)) == 1
    again.close()


def test_confidence_sure_sends_a_question_further_than_plain_correct(store):
    from learnmeta.progress.scheduling import review

    plain = review(None, last_review=None, correct=True, when=T0)
    sure = review(None, last_review=None, correct=True, confidence=3, when=T0)
    assert sure.due > plain.due


# --- packs that change ---------------------------------------------------------------------


def _library(version, question_ids, lesson="lesson-a", section="intro"):
    questions = [SimpleNamespace(id=qid, lesson=lesson, section=section) for qid in question_ids]
    pack = SimpleNamespace(id="pack-a", title="Pack A", pack=SimpleNamespace(version=version), questions=questions)
    return SimpleNamespace(packs=[pack])


def test_pack_update_keeps_unchanged_ids_and_drops_removed_ones(store):
    for qid in ("q1", "q2", "q3"):
        answer(store, qid, True)
    assert store.sync_packs(_library("1.0.0", ["q1", "q2", "q3"])) == []
    messages = store.sync_packs(_library("1.1.0", ["q1", "q3", "q4"], section="new-section"))
    assert len(messages) == 1
    assert "Pack A" in messages[0] and "1.1.0" in messages[0] and "1 question was removed" in messages[0]
    store.close()
    progress = read_progress(store.path)
    assert sorted(progress.questions["pack-a"]) == ["q1", "q3"]
    assert progress.questions["pack-a"]["q1"].section == "new-section"
    assert progress.questions["pack-a"]["q1"].seen == 1
    assert progress.packs["pack-a"].version == "1.1.0"
    # the answers themselves stay in the answer log, with the version they were given in
    assert [(e.question, e.version) for e in logged(store)] == [
        ("q1", "1.0.0"), ("q2", "1.0.0"), ("q3", "1.0.0")
    ]


def test_packs_missing_from_the_library_are_left_alone(store):
    answer(store, "q1", True, pack="gone-pack")
    assert store.sync_packs(SimpleNamespace(packs=[])) == []
    assert "q1" in store.progress.questions["gone-pack"]


def test_sync_with_the_real_library_reports_nothing_for_unchanged_packs(store):
    from learnmeta.content.library import load_library

    library = load_library(user_packs=False)
    pack = library.packs[0]
    question = pack.questions[0]
    store.record_answer(pack.id, pack.pack.version, question.id, lesson=question.lesson,
                        section=question.section, response="x", correct=True, hints_used=0)
    assert store.sync_packs(library) == []
    assert question.id in store.progress.questions[pack.id]


# --- the format as documented ----------------------------------------------------------------


def test_the_example_in_the_format_description_is_a_valid_progress_file(tmp_path):
    import textwrap

    import learnmeta.progress.model as model

    doc = model.__doc__
    example = textwrap.dedent(doc[doc.index("A file looks like::") + 19 : doc.index("``review`` is the")])
    path = tmp_path / "example.toml"
    path.write_text(example.strip() + "\n", encoding="utf-8")
    store = ProgressStore.open(path)
    assert store.notices == [] and store.settings.name == "Ann"
    assert store.best_score("what-is-metastatic-cancer") == 80
    assert store.progress.questions["what-is-metastatic-cancer"]["naming-rule"].review.state == "review"
    assert store.lesson_state("what-is-metastatic-cancer").last_page == "naming"
    assert store.progress.answer_log.size == 1234 and store.answers() == []  # no log beside it here
    store.close()


def test_the_example_in_the_answer_log_description_is_a_valid_log(tmp_path):
    import textwrap

    from learnmeta.progress import answerlog

    doc = answerlog.__doc__
    example = textwrap.dedent(doc[doc.index("line, UTF-8, data only)") : doc.index("* ``log``")]).split("::", 1)[1]
    path = tmp_path / "example.answers.jsonl"
    path.write_text(example.strip() + "\n", encoding="utf-8")
    read = answerlog.read_log(path)
    assert read.problems == [] and read.learner == "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"
    assert read.answers() == []  # the one answer was overruled, then taken back
    assert [type(e).__name__ for e in read.entries] == ["HistoryEntry", "Mark", "Mark"]


def test_a_hand_added_unknown_line_does_not_make_the_file_unreadable(store):
    answer(store, "q1", True)
    store.close()
    text = store.path.read_text(encoding="utf-8").replace("[learner]\n", "[learner]\nfavourite_colour = \"blue\"\n")
    store.path.write_text(text, encoding="utf-8")
    again = ProgressStore.open(store.path)
    assert again.notices == [] and "q1" in again.progress.questions["pack-a"]
    again.close()


def test_the_same_history_entry_twice_in_an_old_file_moves_to_the_log_twice(store):
    from learnmeta.progress.model import HistoryEntry

    entry = HistoryEntry(when=T0, pack="pack-a", version="1.0.0", question="q1", response="x", correct=True)
    store.progress.history.answers = [entry, entry]
    assert store.save(), store.save_error
    answer(store, "q2", False)
    store.close()
    assert [e.question for e in logged(store)] == ["q1", "q1", "q2"]
