"""Learner ids: every progress file gets a random one, and the report and exports count by it."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import shutil
import uuid

import pytest

from instructor_helpers import progress_file
from learnmeta.cli import main
from learnmeta.progress import ProgressStore, read_progress

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LEARNMETA_ANONYMOUS_KEY", raising=False)
    monkeypatch.delenv("LEARNMETA_XAPI_BASE", raising=False)


def learner(path, name, answers):
    """A learner's file made by the app's store: ``answers`` is a list of (question, correct)."""
    store = ProgressStore.open(path)
    store.update_settings(name=name)
    for minute, (qid, correct) in enumerate(answers):
        store.record_answer("pack-i", "1.0.0", qid, lesson="l", section="s",
                            response="right" if correct else "wrong", correct=correct,
                            hints_used=0, when=START + dt.timedelta(minutes=minute))
    store.close()
    return path


def report(capsys, *paths) -> dict:
    capsys.readouterr()
    assert main(["report", "--csv", *map(str, paths)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    return {(r["kind"], r["question"]): r for r in rows}


def test_a_new_progress_file_gets_a_random_learner_id_that_stays(tmp_path):
    first = learner(tmp_path / "a.toml", "Ann", [("q1", True)])
    second = learner(tmp_path / "b.toml", "Ann", [("q1", True)])
    ids = [read_progress(p).learner.id for p in (first, second)]
    assert all(uuid.UUID(i).version == 4 for i in ids)
    assert ids[0] != ids[1]
    learner(first, "Ann", [("q2", False)])  # opened and saved again
    assert read_progress(first).learner.id == ids[0]
    assert f'id = "{ids[0]}"' in first.read_text(encoding="utf-8")


def test_a_file_from_before_learner_ids_gets_one_at_its_next_save(tmp_path):
    old = progress_file(tmp_path / "old.toml", "Old", {"pack-i": {"q1": ("right", True)}})
    old.write_text(old.read_text(encoding="utf-8").replace("[learner]\n", '[learner]\nfavourite = "kept"\n'),
                   encoding="utf-8")
    assert read_progress(old).learner.id is None
    store = ProgressStore.open(old)
    store.update_settings(theme="textual-light")
    store.close()
    given = read_progress(old).learner.id
    assert uuid.UUID(given).version == 4
    assert 'favourite = "kept"' in old.read_text(encoding="utf-8")
    assert read_progress(old).questions["pack-i"]["q1"].correct == 1


def test_two_people_with_one_name_count_twice_and_one_file_handed_in_twice_counts_once(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    # a generated class: six learners, two of them both called "Sam Lee", with different answers
    plan = {
        "sam-1": ("Sam Lee", [("q1", True), ("q2", True), ("q3", True)]),
        "sam-2": ("Sam Lee", [("q1", False), ("q2", False), ("q3", True)]),
        "ann": ("Ann", [("q1", True), ("q2", False), ("q3", True)]),
        "bo": ("Bo", [("q1", False), ("q2", True), ("q3", False)]),
        "cy": ("Cy", [("q1", True), ("q2", True), ("q3", False)]),
        "di": ("Di", [("q1", False), ("q2", False), ("q3", False)]),
    }
    paths = [learner(folder / f"{key}.toml", name, answers) for key, (name, answers) in plan.items()]
    rows = report(capsys, *paths)
    assert rows[("pack", "")]["learners"] == "6"
    assert rows[("question", "q1")]["facility"] == "0.500"  # 3 of 6: both Sams count
    # the same file handed in twice (a copy under another name, and its export) counts once
    copy = tmp_path / "sam-1-again.toml"
    shutil.copyfile(paths[0], copy)
    export = tmp_path / "sam-1.json"
    assert main(["export", "--format", "json", "--progress", str(paths[0]), "-o", str(export)]) == 0
    again = report(capsys, *paths, copy, export)
    assert again == rows


def test_a_file_from_before_learner_ids_handed_in_twice_counts_once(tmp_path, capsys):
    old = progress_file(tmp_path / "old.toml", "Sam Lee", {"pack-i": {"q1": ("right", True)}})
    other = progress_file(tmp_path / "other.toml", "Sam Lee", {"pack-i": {"q1": ("wrong", False)}})
    copy = tmp_path / "old-copy.toml"
    shutil.copyfile(old, copy)
    rows = report(capsys, old, copy, other)
    assert rows[("pack", "")]["learners"] == "2"
    assert rows[("question", "q1")]["facility"] == "0.500"


def test_anonymous_needs_a_key_and_says_how_to_give_one(tmp_path, capsys):
    path = learner(tmp_path / "a.toml", "Ann", [("q1", True)])
    out = tmp_path / "a.csv"
    assert main(["export", "--format", "csv", "--progress", str(path), "-o", str(out), "--anonymous"]) == 2
    err = capsys.readouterr().err
    assert "LEARNMETA_ANONYMOUS_KEY" in err and "--anonymous-key" in err and "Traceback" not in err
    assert not out.exists()


def test_anonymous_ids_are_a_keyed_hash_of_the_learner_id_and_never_repeat(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "class"
    folder.mkdir()
    paths = [learner(folder / f"l{n}.toml", "Sam Lee", [("q1", n % 2 == 0)]) for n in range(12)]

    def anonymous(path, *extra):
        out = tmp_path / "out.json"
        assert main(["export", "--format", "json", "--progress", str(path), "-o", str(out), "--force",
                     "--anonymous", *extra]) == 0
        text = out.read_text(encoding="utf-8")
        assert "Sam" not in text and read_progress(path).learner.id not in text
        return json.loads(text)["learner"]

    monkeypatch.setenv("LEARNMETA_ANONYMOUS_KEY", "our course key")
    ids = [anonymous(p) for p in paths]
    assert len(set(ids)) == len(ids)  # same-named learners stay apart
    learner_id = read_progress(paths[0]).learner.id
    digest = hmac.new(b"our course key", learner_id.encode(), hashlib.sha256).hexdigest()
    assert ids[0] == "anon-" + digest[:32]
    assert anonymous(paths[0]) == ids[0]  # the same key: the same id every time
    assert anonymous(paths[0], "--anonymous-key", "another key") != ids[0]
