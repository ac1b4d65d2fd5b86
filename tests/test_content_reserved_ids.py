"""Built-in pack and lesson ids are reserved (issue 12, item 8).

A pack with `id = "mastery-check"` passed `validate`; in the learner's `packs/` folder it took the
built-in pack's place in `learnmeta list` (and the built-in file was blamed), and previewing it
recorded a pass under the built-in id. Now a user pack or lesson that reuses a built-in id is an
error naming both files, wherever it comes from, and the built-in one always stays.
"""

from __future__ import annotations

import re
from pathlib import Path

from learnmeta import paths
from learnmeta.cli import main
from learnmeta.content.library import load_library

BUILT_IN = paths.quizzes_dir() / "what-is-metastatic-cancer.toml"


def _impostor(folder: Path, pack_id: str = "mastery-check", name: str = "mine.toml") -> Path:
    """The built-in first pack (one lesson: it sorts before the mastery check) under another id."""
    text = BUILT_IN.read_text(encoding="utf-8")
    text = re.sub(r'^id = "what-is-metastatic-cancer"$', f'id = "{pack_id}"', text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of_id(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if line.startswith("id = "))


def test_validate_refuses_a_pack_file_that_takes_a_built_in_id_naming_both_files(tmp_path, capsys):
    path = _impostor(tmp_path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(text for text in out.splitlines() if "reserved" in text)
    assert f"{path}:{_line_of_id(path)}: error:" in line
    assert "'mastery-check'" in line and "mastery-check.toml" in line


def test_json_output_says_the_same(tmp_path, capsys):
    path = _impostor(tmp_path)
    assert main(["validate", "--format", "json", str(path)]) == 1
    assert '"code": "reserved-id"' in capsys.readouterr().out


def test_in_the_packs_folder_the_built_in_pack_stays_and_the_impostor_is_the_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    path = _impostor(tmp_path / "packs")
    library = load_library()
    pack = library.pack("mastery-check")
    assert Path(pack.path) == paths.quizzes_dir() / "mastery-check.toml"
    assert sum(p.id == "mastery-check" for p in library.packs) == 1
    errors = [p for p in library.errors]
    assert [Path(p.path) for p in errors] == [path]
    assert "reserved" in errors[0].message and "mastery-check.toml" in errors[0].message

    assert main(["list"]) == 1
    out = capsys.readouterr().out
    listed = next(text for text in out.splitlines() if text.strip().startswith("mastery-check"))
    assert "Mastery check" in listed and "[your packs]" not in listed
    problems = out.split("have problems", 1)[1]
    assert "mine.toml" in problems and "quizzes/mastery-check.toml" not in problems


def test_every_built_in_id_is_reserved(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    for pack_id in ("how-cancer-spreads", "where-cancer-spreads", "what-is-metastatic-cancer"):
        _impostor(tmp_path / "packs", pack_id, name=f"a-{pack_id}.toml")
    library = load_library()
    for pack in library.packs:
        assert Path(pack.path).parent == paths.quizzes_dir(), pack.path
    assert len(library.errors) == 3


def test_validate_refuses_a_lesson_file_that_takes_a_built_in_lesson_id(tmp_path, capsys):
    source = paths.lessons_dir() / "02-how-cancer-spreads.md"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r'^id = "how-cancer-spreads"$', 'id = "what-is-metastatic-cancer"', text, count=1, flags=re.M)
    text = re.sub(r"^order = \d+$", "order = 0", text, count=1, flags=re.M)  # it would sort first
    path = tmp_path / "lesson.md"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(text for text in out.splitlines() if "reserved" in text)
    assert f"{path}:" in line and "01-what-is-metastatic-cancer.md" in line
    library = load_library([str(path)])
    assert Path(library.lesson("what-is-metastatic-cancer").path).parent == paths.lessons_dir()


def test_the_built_in_file_itself_is_not_an_impostor(capsys):
    assert main(["validate", str(paths.quizzes_dir() / "mastery-check.toml")]) == 0


def test_two_of_the_learners_own_packs_with_one_id_keep_the_first_by_file_name(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    first = _impostor(tmp_path / "packs", "class-pack", name="a.toml")
    second = _impostor(tmp_path / "packs", "class-pack", name="b.toml")
    text = second.read_text(encoding="utf-8").replace('lessons = ["what-is-metastatic-cancer"]',
                                                      'lessons = ["what-is-metastatic-cancer", "how-cancer-spreads"]')
    second.write_text(text, encoding="utf-8")
    library = load_library()
    assert library.pack("class-pack").path == str(first)
    assert [Path(p.path) for p in library.errors] == [second]
