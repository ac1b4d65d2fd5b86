"""Ids and counts that arrive without record_answer's checks (a hand-edited progress file, a
planted or edited answer log) are checked by the progress model itself: an id with control or
invisible characters, or a count no learner makes, never reaches the progress file, the
screens or a command's output; the file loads (salvaged, or kept aside) with a notice, never a
traceback."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from learnmeta.cli import main
from learnmeta.progress import ProgressStore
from learnmeta.progress.answerlog import log_path, read_log

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")
HOSTILE = ["q\x1b]0;owned\x07", "q\x1b[2J", "q\u202etxt", "q\x9b31m", "q\x00"]


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "ann.toml"


def answer(store, qid, minutes=0):
    return store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="an answer",
                               correct=True, hints_used=0, when=T0 + dt.timedelta(minutes=minutes))


def no_raw(text: str) -> None:
    assert not RAW.search(text), repr(text)


@pytest.mark.parametrize("bad", HOSTILE, ids=["osc", "csi", "bidi", "c1", "nul"])
def test_an_answer_log_record_with_a_control_character_in_an_id_is_skipped_with_a_plain_notice(path, bad, capsys):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    log = log_path(path)
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    planted = {**records[1], "id": "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b11", "question": bad, "hints": 3}
    big = {**records[1], "id": "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b12", "question": "q2", "hints": 10**30}
    with log.open("a", encoding="utf-8") as out:
        out.write(json.dumps(planted) + "\n" + json.dumps(big) + "\n")
    read = read_log(log)
    assert [a.question for a in read.answers()] == ["q1"] and len(read.problems) == 2
    with ProgressStore.open(path) as store:
        assert [(a.question, a.hints) for a in store.answers()] == [("q1", 0)]
        answer(store, "q3", minutes=1)  # the file is saved without them
        assert store.notices
        for notice in store.notices:
            no_raw(notice)
    saved = path.read_text(encoding="utf-8")
    no_raw(saved)
    assert "owned" not in saved and "10000000000" not in saved
    capsys.readouterr()
    main(["report", "--csv", str(path)])
    out, err = capsys.readouterr()
    no_raw(out)
    no_raw(err)


@pytest.mark.parametrize("bad", HOSTILE, ids=["osc", "csi", "bidi", "c1", "nul"])
def test_a_hand_edited_progress_file_with_a_control_character_in_an_id_loads_without_it(path, bad, capsys):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    text = path.read_text(encoding="utf-8")
    escaped = json.dumps(bad)  # a TOML basic string takes JSON's escapes for these
    assert "[questions.pack-a]" in text or "[questions.pack-a.q1]" in text or "q1 = " in text, text
    text = text.replace("q1 = {", f"{escaped} = {{", 1) if "q1 = {" in text else text.replace(
        "[questions.pack-a.q1]", f"[questions.pack-a.{escaped}]", 1)
    path.write_text(text, encoding="utf-8")
    with ProgressStore.open(path) as store:  # salvaged, or kept aside: never a traceback
        for pack in store.progress.questions.values():
            for key in pack:
                no_raw(key)
        for notice in store.notices:
            no_raw(notice)
    capsys.readouterr()
    main(["report", "--csv", str(path)])
    out, err = capsys.readouterr()
    no_raw(out)
    no_raw(err)


def test_a_hand_edited_count_no_learner_makes_is_refused(path):
    with ProgressStore.open(path) as store:
        answer(store, "q1")
    text = path.read_text(encoding="utf-8")
    assert "seen = 1" in text
    path.write_text(text.replace("seen = 1", "seen = 100000000000000000", 1), encoding="utf-8")
    with ProgressStore.open(path) as store:
        assert all(record.seen < 10**12 for pack in store.progress.questions.values() for record in pack.values())
        assert store.notices
