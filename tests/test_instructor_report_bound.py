"""What ``learnmeta report`` keeps of learners' files is bounded in all, as it is for an LRS's
statements (learnmeta/instructor/class_data.py ``MAX_KEPT_BYTES``, 4 GB, counted as
``ClassData.kept``). Each file was bounded (64 MB, its answer log too), but a report may be given
any number of files, and it kept every answer of every one: nothing bounded the whole. Past the
bound the files after it are left out, named on the error output, and the report is made on the
files read (they count as skipped), with exit status 1. The bound is made small here (about two
learners' files)."""

from __future__ import annotations

import pytest

from class_helpers import library, make_class
from learnmeta.cli import main
from learnmeta.instructor import class_data
from learnmeta.instructor.class_data import read_class

MOST = 40_000
"""About two of these learners' files as the report keeps them (the first some 23 kB, each after
it some 13 kB: the responses and ids it shares with those before are held once)."""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    packs = [p.id for p in library().packs][:2]
    return [str(path) for path in make_class(tmp_path_factory.mktemp("class"), 6, packs)]


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("workers, chunk, read", [(1, 250, 3), (2, 2, 4)])
def test_the_files_after_the_bound_are_left_out(files, workers, chunk, read, monkeypatch):
    """Read by one process, the third file passes the bound (a file is read whole or not at all)
    and the three after it are not read; by two, a piece of two files at a time (each some 36
    kB), the second piece passes it and the last two files are not read."""
    in_parallel = class_data._read_in_parallel
    ran: list[str] = []

    def watched(*args):  # read_class falls back to one process if this fails: it must not, here
        try:
            found = in_parallel(*args)
        except Exception as error:
            ran.append(repr(error))
            raise
        ran.append("ok")
        return found

    monkeypatch.setattr(class_data, "_read_in_parallel", watched)
    data = read_class(files, workers=workers, chunk=chunk, most_kept=MOST)
    assert ran == ([] if workers == 1 else ["ok"])
    assert data.read == files[:read] and data.left_out == files[read:]
    assert MOST < data.kept < 2 * MOST and len(data.learners) == read
    whole = read_class(files, workers=workers, chunk=chunk)
    assert whole.read == files and whole.left_out == [] and len(whole.learners) == 6


def test_the_report_names_the_files_left_out_and_reports_on_the_rest(files, capsys, monkeypatch):
    """The report on the files read is made, and the exit status is 1: a script reading only the
    status took it for the whole class (it was 0)."""
    monkeypatch.setattr(class_data, "MAX_KEPT_BYTES", MOST)  # 4 GB in use
    assert main(["report", *files]) == 1
    said = capsys.readouterr()
    assert (f"learnmeta report: the files read hold more than one report keeps (40 kB of learners, ids, answers "
            f"and times, after 3 file(s)), so 3 file(s) were left out, not read: {', '.join(files[3:])}.\n"
            ) in said.err, said.err
    assert "Report on fewer files at once" in said.err and "Traceback" not in said.err
    assert said.err.endswith("learnmeta report: the report leaves out 3 file(s) (named above), so the exit "
                             "status is 1.\n"), said.err
    assert "Class report from 3 file(s)" in said.out
    for name in files[:3]:
        assert f"skipped {name}" not in said.err


def test_many_files_left_out_are_named_ten_at_a_time(files, capsys, monkeypatch):
    monkeypatch.setattr(class_data, "MAX_KEPT_BYTES", 1)  # the first file passes it
    assert main(["report", *files, *files, *files]) == 1  # 18 files: 17 left out
    err = capsys.readouterr().err
    named = ", ".join([*files[1:], *files[:5]])
    assert f"so 17 file(s) were left out, not read: {named} and 7 more.\n" in err, err


@pytest.mark.parametrize("kind", ["table", "csv", "json", "html"])
def test_a_report_written_to_a_file_with_files_left_out_is_written_and_exits_1(
        files, kind, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(class_data, "MAX_KEPT_BYTES", MOST)
    output = tmp_path / f"class.{kind}"
    assert main(["report", *files, "--format", kind, "-o", str(output)]) == 1
    said = capsys.readouterr()
    assert f"Wrote the report on 3 file(s) to {output}." in said.out
    assert "so the exit status is 1." in said.err and output.stat().st_size > 0
    assert main(["report", *files[:2], "--format", kind, "-o", str(output)]) == 0  # within the bound
    assert "exit status" not in capsys.readouterr().err
