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
