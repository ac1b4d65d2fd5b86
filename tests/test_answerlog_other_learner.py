"""An answer log that belongs to another learner beside a progress file (a progress file deleted
to start over on a shared computer, or another learner's log copied in): the new learner's past
results never show the other learner's answers, and the new answers never go into their log.
The other learner's log is kept, unchanged, under a name that says so. No Textual here."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from learnmeta.progress import ProgressStore
from learnmeta.progress.answerlog import log_path

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "ann.toml"


def answer(store, qid, response):
    return store.record_answer("pack-a", "1.0.0", qid, lesson=None, section=None, response=response,
                               correct=False, hints_used=0, when=T0)


def anns_file(path):
    store = ProgressStore.open(path)
    answer(store, "q1", "Ann's private answer")
    answer(store, "q2", "Ann's other answer")
    ann = store.progress.learner.id
    store.close()
    return ann


def test_a_new_learner_beside_another_learners_log_sees_none_of_it_and_writes_a_log_of_their_own(path):
    ann = anns_file(path)
    anns_log = log_path(path).read_bytes()
    os.unlink(path)  # "start over" by deleting the file (and its backup) by hand
    os.unlink(str(path) + ".bak")

    store = ProgressStore.open(path)
    try:
        assert store.progress.learner.id != ann
        assert list(store.each_answer()) == []  # past results, the progress summary: nothing of Ann's
        answer(store, "q1", "Bo's answer")
        assert [a.response for a in store.each_answer()] == ["Bo's answer"]
        notices = " ".join(store.notices)
    finally:
        store.close()
    kept = [p for p in path.parent.iterdir() if p.name.endswith(".answers.jsonl") and p != log_path(path)]
    assert len(kept) == 1 and kept[0].read_bytes() == anns_log  # Ann's log is kept, unchanged
    assert kept[0].name in notices
    lines = [json.loads(line) for line in log_path(path).read_text(encoding="utf-8").splitlines()]
    assert lines[0]["learner"] != ann and "Ann's" not in log_path(path).read_text(encoding="utf-8")


def test_a_second_window_never_shows_another_learners_log(path):
    ann = anns_file(path)
    anns_log = log_path(path).read_bytes()
    os.unlink(path)
    os.unlink(str(path) + ".bak")
    first = ProgressStore.open(path)  # Bo's window: it holds the lock
    try:
        log_path(path).write_bytes(anns_log)  # Ann's log copied in again while Bo's window is open
        second = ProgressStore.open(path)
        try:
            assert second.read_only
            assert second.progress.learner.id != ann
            assert list(second.each_answer()) == []
        finally:
            second.close()
    finally:
        first.close()


def test_an_old_files_answers_are_never_moved_into_another_learners_log(path):
    import tomli_w

    ann = anns_file(path)
    anns_log = log_path(path).read_bytes()
    os.unlink(path)
    os.unlink(str(path) + ".bak")
    bo = "5d0f6a2e-1b7c-4e8a-9c3d-2f4b6a8c0e1d"
    old = {  # Bo's file from before the answer log: the answers in [history]
        "schema_version": 1,
        "learner": {"id": bo},
        "questions": {"pack-a": {"q7": {"seen": 1, "correct": 0, "last_correct": False,
                                        "last_answered": T0, "last_answer": "Bo's old answer"}}},
        "history": {"answers": [{"when": T0, "pack": "pack-a", "version": "1.0.0", "question": "q7",
                                 "response": "Bo's old answer", "correct": False}]},
        "end": {"complete": True},
    }
    path.write_text(tomli_w.dumps(old), encoding="utf-8")

    store = ProgressStore.open(path)
    try:
        assert store.progress.learner.id == bo != ann, store.notices
        answer(store, "q8", "Bo's new answer")
        assert [a.response for a in store.each_answer()] == ["Bo's old answer", "Bo's new answer"]
    finally:
        store.close()
    kept = [p for p in path.parent.iterdir() if p.name.endswith(".answers.jsonl") and p != log_path(path)]
    assert len(kept) == 1 and kept[0].read_bytes() == anns_log
    lines = [json.loads(line) for line in log_path(path).read_text(encoding="utf-8").splitlines()]
    assert lines[0]["learner"] == bo and [r.get("response") for r in lines[1:]] == ["Bo's old answer",
                                                                                    "Bo's new answer"]
