"""Instructors' tools read the answer log beside a progress file: every answer, and a clear note
when a learner hands in the progress file without it."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from learnmeta.cli import main
from learnmeta.instructor.class_data import read_class
from learnmeta.progress import ProgressStore
from learnmeta.progress.answerlog import log_path

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


def learner_file(path, answers: int, *, undo_last=False, overrule_first=False):
    store = ProgressStore.open(path)
    real_save, store._save = store._save, lambda *args: True  # one save at the end is enough here
    ids = [store.record_answer("pack-a", "1.0.0", "q1", lesson="l", section="s", response=f"answer {n}",
                               correct=n % 2 == 1, hints_used=0, when=T0 + dt.timedelta(minutes=n))
           for n in range(answers)]
    store._save = real_save
    if overrule_first:
        store.overrule_answer(ids[0])
    if undo_last:
        store.undo_answer(ids[-1])
    assert store.save(), store.save_error
    store.close()
    return ids


def test_the_class_report_gets_every_answer_not_the_last_2000(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    learner_file(folder / "ann.toml", 2_100)
    data = read_class([str(folder)])
    assert data.skipped == [] and data.notes == [] and data.read == [str(folder / "ann.toml")]
    (learner,) = data.learners
    assert len(data.learners[learner]["pack-a"].answers["q1"]) == 2_100


def test_undone_answers_are_left_out_and_overruled_ones_count_as_right(tmp_path):
    path = tmp_path / "ann.toml"
    learner_file(path, 3, undo_last=True, overrule_first=True)
    data = read_class([str(path)])
    (learner,) = data.learners
    answers = data.learners[learner]["pack-a"].answers["q1"]
    assert [(a.response, a.correct) for a in answers] == [("answer 0", True), ("answer 1", True)]


def test_a_progress_file_without_its_log_is_read_with_a_note_that_says_what_to_hand_in(tmp_path, capsys):
    path = tmp_path / "ann.toml"
    learner_file(path, 3)
    log_path(path).unlink()
    assert main(["report", "--csv", str(path)]) == 0
    err = capsys.readouterr().err
    assert (f"note: {path}: its answer log ann.answers.jsonl is not beside it: only each question's latest "
            "answer and its counts are known. Ask the learner to hand in ann.toml together with "
            "ann.answers.jsonl.") in err.replace("\n", " ")
    data = read_class([str(path)])
    (learner,) = data.learners
    assert [a.response for a in data.learners[learner]["pack-a"].answers["q1"]] == ["answer 2"]  # the latest


def test_a_log_named_alone_is_skipped_and_says_which_file_to_name(tmp_path, capsys):
    path = tmp_path / "ann.toml"
    learner_file(path, 2)
    assert main(["report", str(log_path(path)), str(path)]) == 0
    err = capsys.readouterr().err
    assert f"skipped {log_path(path)}: it is an answer log: it is read with its progress file ann.toml" in err
    alone = tmp_path / "alone"
    alone.mkdir()
    log_path(path).rename(alone / "bob.answers.jsonl")
    data = read_class([str(alone)])
    assert data.read == [] and "bob.toml" in data.skipped[0][1]


def test_a_log_of_another_learner_beside_the_file_is_not_used(tmp_path):
    learner_file(tmp_path / "ann.toml", 2)
    learner_file(tmp_path / "bob.toml", 5)
    log_path(tmp_path / "bob.toml").replace(log_path(tmp_path / "ann.toml"))
    data = read_class([str(tmp_path / "ann.toml")])
    assert "is another learner's" in data.notes[0][1]
    (learner,) = data.learners
    assert len(data.learners[learner]["pack-a"].answers["q1"]) == 1  # the latest only


def test_export_has_every_answer_with_its_id_and_xapi_ids_from_it(tmp_path, capsys):
    path = tmp_path / "ann.toml"
    ids = learner_file(path, 3, undo_last=True)
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--progress", str(path), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["response"], r["answer_id"], r["from"]) for r in rows] == [
        ("answer 0", ids[0], "history"), ("answer 1", ids[1], "history")]
    xapi = tmp_path / "out.jsonl"
    assert main(["export", "--format", "xapi", "--progress", str(path), "-o", str(xapi)]) == 0
    first = [json.loads(line) for line in xapi.read_text(encoding="utf-8").splitlines()]
    log_path(path).rename(tmp_path / "elsewhere.jsonl")
    capsys.readouterr()
    assert main(["export", "--format", "xapi", "--progress", str(path), "-o", str(xapi), "--force"]) == 0
    assert "is not beside it" in capsys.readouterr().err
    (latest,) = [json.loads(line) for line in xapi.read_text(encoding="utf-8").splitlines()
                 if json.loads(line)["verb"]["display"]["en-US"] == "answered"]
    answered = [s for s in first if s["verb"]["display"]["en-US"] == "answered"]
    assert len(answered) == 2 and latest["id"] not in {s["id"] for s in answered}  # ids: from the answers
