"""Hostile lines in the answer log: a line that does not read is skipped and named, and the
progress file still opens for saving; never a traceback, never 'nothing will be saved'."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from learnmeta.progress import ProgressStore
from learnmeta.progress.answerlog import log_path

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "ann.toml"


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
def test_an_undo_or_overrule_whose_time_is_out_of_range_is_skipped_and_the_file_still_saves(path, when):
    store = ProgressStore.open(path)
    given = store.record_answer("pack-a", "1.0.0", "q1", lesson=None, section=None, response="Liver",
                                correct=False, hints_used=0, when=T0)
    store.close()
    with open(log_path(path), "a", encoding="utf-8") as log:
        log.write(json.dumps({"kind": "overrule", "id": "m1", "answer": given, "when": when}) + "\n")
        log.write(json.dumps({"kind": "undo", "id": "m2", "answer": given, "when": when}) + "\n")

    store = ProgressStore.open(path)
    try:
        assert not store.read_only, store.notices
        assert [(a.response, a.correct) for a in store.each_answer()] == [("Liver", False)]
        assert "line 3" in " ".join(store.notices) and "line 4" in " ".join(store.notices)
        store.record_answer("pack-a", "1.0.0", "q2", lesson=None, section=None, response="Bone",
                            correct=True, hints_used=0, when=T0)
    finally:
        store.close()
    store = ProgressStore.open(path)
    try:
        assert [a.response for a in store.each_answer()] == ["Liver", "Bone"]
    finally:
        store.close()
