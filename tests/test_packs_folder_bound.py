"""What the learner's packs folder is read of, in all: at most a number of files and of bytes.

Each file read is bounded (32 MB), but the folder was not: a folder of many large packs made a
start of minutes, and `learnmeta list` and `validate` read it all too. Now the files past either
bound, by name, are left out, not read, and the app (a notice), `list` and `validate` say how
many, why, and from which file on; `list` and `validate` then exit 1 (what was left out was not
checked). The bounds are lowered here through the module's constants, except in the real start,
which uses sparse files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factories import pack_data, write_pack
from learnmeta.cli import main
from learnmeta.content import library as library_module


def packs_folder() -> Path:
    folder = Path(os.environ["LEARNMETA_HOME"]) / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_packs(folder: Path, count: int) -> list[Path]:
    """``count`` valid packs on the built-in lesson, ``pack-01.toml`` on; each a different id."""
    written = []
    for number in range(1, count + 1):
        data = pack_data()
        data["pack"]["id"] = f"my-pack-{number:02}"
        data["pack"]["title"] = f"My pack {number:02}"
        data["pack"]["lessons"] = ["what-is-metastatic-cancer"]
        for question in data["questions"]:
            question["lesson"], question["section"] = "what-is-metastatic-cancer", "naming"
        written.append(write_pack(folder, data, name=f"pack-{number:02}.toml"))
    return written


def test_validate_leaves_out_the_files_past_the_count_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(library_module, "MAX_PACKS_FOLDER_FILES", 3)
    folder = packs_folder()
    write_packs(folder, 3)
    (folder / "pack-04.toml").write_text("not = = toml", encoding="utf-8")  # past the bound
    (folder / "pack-05.toml").write_text("nor this", encoding="utf-8")
    (folder / "notes.txt").write_text("not a pack", encoding="utf-8")        # not counted
    status = main(["validate"])
    out = capsys.readouterr().out
    assert status == 1
    assert (f"{folder}: error: 2 pack files in your packs folder were left out, not read: learnmeta "
            "reads at most 3 files and 64 MB of packs from it, and these come after that, by name "
            "(from 'pack-04.toml' on). Move the packs you do not use to another folder.") in out, out
    assert "pack-04.toml:" not in out and "pack-05.toml:" not in out  # not read, so not checked
    assert out.count(": error: ") == 1, out


def test_the_bytes_in_all_are_bounded_too_and_one_left_out_is_said_in_the_singular(monkeypatch, capsys):
    folder = packs_folder()
    first, second, third = write_packs(folder, 3)
    bound = first.stat().st_size + second.stat().st_size + third.stat().st_size - 1
    monkeypatch.setattr(library_module, "MAX_PACKS_FOLDER_BYTES", bound)
    status = main(["list"])
    out = capsys.readouterr().out
    assert status == 1
    assert "my-pack-01" in out and "my-pack-02" in out and "my-pack-03" not in out
    assert ("1 pack file in your packs folder was left out, not read: learnmeta reads at most 1,000 "
            f"files and {bound:,} bytes of packs from it, and this comes after that, by name (from "
            "'pack-03.toml' on).") in out, out
    assert "have problems" not in out  # it is not a file with mistakes


def test_under_the_bounds_nothing_is_left_out_or_said(capsys):
    write_packs(packs_folder(), 3)
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "left out" not in out and "my-pack-03" in out


def test_the_app_says_it_and_the_cache_knows_when_a_file_past_the_bound_comes_within_it(monkeypatch):
    """A start with the folder past its bound gets a notice, from the cache too; when the first
    file left out shrinks so that it fits, the next start reads it (its size decided)."""
    from learnmeta import cache
    from learnmeta.cli.launch import _library_notices

    folder = packs_folder()
    write_packs(folder, 2)
    (folder / "pack-03.toml").write_text("# a long comment\n" * 1000, encoding="utf-8")
    monkeypatch.setattr(library_module, "MAX_PACKS_FOLDER_BYTES",
                        sum(path.stat().st_size for path in folder.iterdir()) - 1)
    for _ in range(2):  # checked, then from the cache
        notices = _library_notices(cache.load_library_cached())
        assert len(notices) == 1 and notices[0].startswith("1 pack file in your packs folder was left out"), notices
    write_packs(folder, 3)  # pack-03.toml is now a pack, and smaller: within the bound
    library = cache.load_library_cached()
    assert "my-pack-03" in [pack.id for pack in library.packs]
    assert _library_notices(library) == []


@pytest.mark.skipif(not hasattr(os, "truncate"), reason="needs sparse files")
def test_a_real_start_with_large_packs_past_the_real_bound_reads_no_more_and_says_so(tmp_path):
    """The bound as shipped: three pack files of 30 MB (sparse: no disk taken) pass 64 MB in
    all; the start reads the first two (and finds them not to be packs), leaves the third out,
    and home's notices say so."""
    from start_harness import start_headless

    home = tmp_path / "home"
    folder = home / "packs"
    folder.mkdir(parents=True)
    for name in ("big-1.toml", "big-2.toml", "big-3.toml"):
        with open(folder / name, "wb") as handle:
            handle.truncate(30 * 1024 * 1024)
    lines = start_headless(home, "[]", then="print(*self.startup_notices, sep='\\n')",
                           cache=tmp_path / "cache")
    assert lines[0].startswith("WelcomeScreen") or lines[0].startswith("HomeScreen"), lines
    said = "\n".join(lines[1:])
    assert ("1 pack file in your packs folder was left out, not read: learnmeta reads at most "
            "1,000 files and 64 MB of packs from it, and this comes after that, by name (from "
            "'big-3.toml' on).") in said, said
    assert "Some content could not be used and was left out (big-1.toml, big-2.toml)." in said, said
