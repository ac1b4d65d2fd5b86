"""A large class is read by several processes (instructor/class_data.read_class): the class, and
so the report, is exactly the one a single process reads, files that cannot be read included."""

from __future__ import annotations

import shutil

from class_helpers import make_class
from learnmeta.instructor.class_data import read_class
from learnmeta.instructor.report import analyse, known_packs, render_csv


def test_reading_a_class_in_pieces_by_several_processes_gives_the_same_report(tmp_path):
    folder = tmp_path / "class"
    paths = make_class(folder, 9, ["how-cancer-spreads"])
    shutil.copy(paths[2], folder / "learner-0002-handed-in-twice.toml")  # counts once
    (folder / "broken.toml").write_text("this is [not toml", encoding="utf-8")
    (folder / "notes.txt").write_text("not a result", encoding="utf-8")
    names = [str(p) for p in sorted(folder.iterdir())]
    counted = []
    one = read_class(names, workers=1)
    many = read_class(names, counted.append, workers=2, chunk=3)
    assert sum(counted) == len(names)  # the bar counts every file
    assert many.read == one.read and many.skipped == one.skipped
    assert any(path.endswith("broken.toml") for path, _ in many.skipped)
    assert any(path.endswith("notes.txt") for path, _ in many.skipped)
    assert many.learners == one.learners
    packs = known_packs()
    assert render_csv(analyse(many, packs)) == render_csv(analyse(one, packs))
    assert len(many.learners) == 9


def test_a_large_class_checks_its_answer_logs_in_bulk_and_reports_the_same(tmp_path, monkeypatch):
    """From :data:`class_data.BULK_FROM` files each answer log is checked with pydantic's compiled
    validator instead of learnmeta.fastcheck: the same class, the same notes about damaged lines
    (in every one of their words), the same report."""
    from learnmeta.instructor import class_data
    from learnmeta.progress import answerlog

    folder = tmp_path / "class"
    paths = make_class(folder, 6, ["how-cancer-spreads"])
    logs = [answerlog.log_path(path) for path in paths]
    with logs[1].open("ab") as log:  # damaged lines, as a hand edit or a bad copy leaves them
        log.write(b'{"kind":"answer","id":"x1","when":"not a time","pack":"how-cancer-spreads"}\n')
        log.write(b'{"kind":"answer","id":"x2","correct":"maybe"}\n{not json\n')
    lines = logs[2].read_bytes().splitlines(keepends=True)
    logs[2].write_bytes(b"".join(lines[:3]) + lines[3].replace(b'"correct":true', b'"correct":"yes!"')
                        .replace(b'"correct":false', b'"correct":"yes!"') + b"".join(lines[4:]))
    names = [str(p) for p in sorted(paths)]
    checked: list[bool] = []
    real = answerlog._decode_answer

    def noted(line, bulk=False):
        checked.append(bulk)
        return real(line, bulk)

    monkeypatch.setattr(answerlog, "_decode_answer", noted)
    one_by_one = read_class(names, workers=1)
    assert checked and not any(checked)
    checked.clear()
    monkeypatch.setattr(class_data, "BULK_FROM", 3)
    in_bulk = read_class(names, workers=1)
    assert checked and all(checked)
    assert in_bulk.notes == one_by_one.notes and len(in_bulk.notes) >= 2
    assert any("line" in note and "was skipped" in note for _, note in in_bulk.notes)
    assert in_bulk.learners == one_by_one.learners and in_bulk.skipped == one_by_one.skipped
    packs = known_packs()
    assert render_csv(analyse(in_bulk, packs)) == render_csv(analyse(one_by_one, packs))
