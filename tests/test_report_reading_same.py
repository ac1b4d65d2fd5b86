"""What `learnmeta report` reads from files, made cheaper, gives what it gave: a class folder's
files found from the folder's own listing (not by asking the system about each and comparing
paths), and the answers of a piece read by another process sent back as their values
(docs/performance.md, "The class report, slower and back")."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from learnmeta.instructor import class_data
from learnmeta.instructor.class_data import SUFFIXES, Answer, ClassData, expand


def as_before(folder: Path) -> list[Path]:
    """What expand made of a folder before."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def test_a_folder_s_files_are_those_found_before_in_the_same_order(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    names = ["b.toml", "a.toml", "A.toml", "Z.TOML", "x.answers.jsonl", "x.toml", "e.json", "e.csv", "e.ndjson",
             "e.xapi", "e.jsonl", "notes.txt", ".toml", "dot.", "no-suffix", "é.toml", "e.toml", "10.toml",
             "9.toml", "x.outbox.jsonl", "a b.toml", "a-b.toml", "a_b.toml", "ü.CSV", "tab\tname.toml"]
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "folder.toml").mkdir()  # a folder named like a file: not one
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.toml").write_text("x", encoding="utf-8")
    os.symlink(folder / "a.toml", folder / "link-to-file.toml")
    os.symlink(folder / "sub", folder / "link-to-folder.toml")
    os.symlink(folder / "gone.toml", folder / "broken-link.toml")
    os.symlink(folder / "loop-b.toml", folder / "loop-a.toml")
    os.symlink(folder / "loop-a.toml", folder / "loop-b.toml")
    fifo = folder / "pipe.toml"
    os.mkfifo(fifo)
    found = class_data._accepted_in(folder)
    assert found == as_before(folder)
    assert Path(folder / "link-to-file.toml") in found and Path(folder / "folder.toml") not in found
    assert fifo not in found and Path(folder / "broken-link.toml") not in found
    # and what the report is given: the logs beside their progress files and outboxes left out, as before
    assert [p.name for p in expand([str(folder)])][:4] == ["10.toml", "9.toml", "A.toml", "Z.TOML"]


def test_the_report_reads_the_files_it_counted(tmp_path, monkeypatch):
    """The report expands what it is given once, for its bar and the reading."""
    from class_helpers import library, make_class
    from learnmeta.cli import main

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    make_class(tmp_path / "class", 3, [library().packs[0].id])
    calls = []
    real = class_data.expand

    def counted(paths):
        calls.append(list(paths))
        return real(paths)

    monkeypatch.setattr(class_data, "expand", counted)
    assert main(["report", str(tmp_path / "class"), "-o", str(tmp_path / "report.txt")]) == 0
    assert calls == [[str(tmp_path / "class")]]
    assert "Class report from 3 file(s)" in (tmp_path / "report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("answer", [
    Answer(True, "a response", "2026-11-24T14:03:00+01:00", 2, True, True),
    Answer(False, "x" * 5000, "not a time", None, None, False),
    Answer(True),
    Answer(False, "’ émoji 🙂", "", 0, False, False),
])
def test_an_answer_sent_from_another_process_is_the_same_answer(answer):
    back = pickle.loads(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    fields = ("correct", "response", "when", "hints", "overruled", "given_again")
    assert type(back) is Answer
    assert [getattr(back, name) for name in fields] == [getattr(answer, name) for name in fields]
    with pytest.raises(AttributeError):
        back.correct = not back.correct  # still frozen


def test_a_piece_of_a_class_comes_back_whole(tmp_path, monkeypatch):
    from class_helpers import library, make_class

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    files = [str(p) for p in make_class(tmp_path / "class", 4, [p.id for p in library().packs][:2])]
    piece = class_data._read_chunk(files, True)
    back = pickle.loads(pickle.dumps(piece, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == piece and back.kept == piece.kept
    fields = ("correct", "response", "when", "hints", "overruled", "given_again")
    every = [(learner, pack, question, [tuple(getattr(a, f) for f in fields) for a in answers])
             for learner, packs in piece.learners.items() for pack, item in packs.items()
             for question, answers in item.answers.items()]
    assert every and every == [
        (learner, pack, question, [tuple(getattr(a, f) for f in fields) for a in answers])
        for learner, packs in back.learners.items() for pack, item in packs.items()
        for question, answers in item.answers.items()]
    merged = ClassData()
    merged.merge(back)
    assert merged.learners == piece.learners
