"""Long work shows rich's progress bar on a terminal, and nothing anywhere else."""

from __future__ import annotations

import pytest

from class_helpers import make_class
from learnmeta.cli import main

PACK = "how-cancer-spreads"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


@pytest.fixture
def files(tmp_path):
    return [str(p) for p in make_class(tmp_path / "class", 4, [PACK])]


def test_a_report_over_many_files_is_quiet_when_the_output_is_not_a_terminal(files, capsys):
    capsys.readouterr()
    assert main(["report", "--csv", *files]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("kind,pack,question")


def test_a_report_over_many_files_shows_a_bar_with_the_count_on_a_terminal(files, capsys, monkeypatch):
    capsys.readouterr()
    assert main(["report", "--csv", *files]) == 0
    quiet = capsys.readouterr().out
    monkeypatch.setattr("learnmeta.cli.progress.on_terminal", lambda: True)
    assert main(["report", "--csv", *files]) == 0
    captured = capsys.readouterr()
    assert "Reading" in captured.err and "4/4" in captured.err and "files" in captured.err
    assert captured.out == quiet  # the report itself is the same
