"""`learnmeta new-pack`: a new pack that validates at once and shows every question type."""

from __future__ import annotations

import tomllib

import pytest

from learnmeta.cli import main
from learnmeta.cli.validate import collect
from learnmeta.content.library import load_library
from learnmeta.content.models import QUESTION_TYPES

DEFAULT_LESSON = "what-is-metastatic-cancer"


def test_new_pack_writes_a_commented_pack_with_the_schema_directive_first(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["new-pack", "bone-sites"]) == 0
    path = tmp_path / "bone-sites.toml"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "#:schema ./pack.schema.json"
    assert "learnmeta schema pack > pack.schema.json" in text
    data = tomllib.loads(text)
    assert data["pack"]["id"] == "bone-sites"
    assert sorted(q["type"] for q in data["questions"]) == sorted(QUESTION_TYPES)
    assert "learnmeta validate bone-sites.toml" in capsys.readouterr().out


def test_the_new_pack_validates_without_errors_or_warnings(tmp_path, capsys):
    path = tmp_path / "fresh.toml"
    assert main(["new-pack", "fresh", "-o", str(path)]) == 0
    files, problems = collect([str(path)])
    assert problems == []
    sections = {p.id for p in load_library(user_packs=False).lesson(DEFAULT_LESSON).pages}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert all(q["lesson"] == DEFAULT_LESSON and q["section"] in sections for q in data["questions"])


def test_another_lesson_can_be_chosen_and_its_real_section_is_used(tmp_path, capsys):
    library = load_library(user_packs=False)
    other = next(lesson for lesson in library.lessons if lesson.id != DEFAULT_LESSON)
    path = tmp_path / "other.toml"
    assert main(["new-pack", "other", "--lesson", other.id, "-o", str(path)]) == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert {q["lesson"] for q in data["questions"]} == {other.id}
    assert {q["section"] for q in data["questions"]} <= {p.id for p in other.pages}
    assert main(["validate", str(path)]) == 0


def test_an_unknown_lesson_is_refused_and_the_known_ones_listed(tmp_path, capsys):
    assert main(["new-pack", "x", "--lesson", "no-such-lesson", "-o", str(tmp_path / "x.toml")]) == 2
    err = capsys.readouterr().err
    assert "no-such-lesson" in err and DEFAULT_LESSON in err
    assert not (tmp_path / "x.toml").exists()


def test_an_existing_file_is_kept_unless_force_is_given(tmp_path, capsys):
    path = tmp_path / "mine.toml"
    path.write_text("my work", encoding="utf-8")
    assert main(["new-pack", "mine", "-o", str(path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "my work"
    assert main(["new-pack", "mine", "-o", str(path), "--force"]) == 0
    assert path.read_text(encoding="utf-8").startswith("#:schema")


def test_an_id_that_cannot_be_a_pack_id_is_a_usage_error(tmp_path, capsys):
    assert main(["new-pack", "Bone Sites", "-o", str(tmp_path / "b.toml")]) == 2
    assert "cannot be a pack id" in capsys.readouterr().err


@pytest.mark.parametrize(("command", "given", "example"), [
    (["new-pack", "Week 3"], "Week 3", "week-3"),
    (["import-gift", "{gift}", "-o", "{out}", "--id", "Week 2!"], "Week 2!", "week-2"),
    (["import-qti", "{zip}", "-o", "{out}", "--id", "Über Pack"], "Über Pack", "uber-pack"),
])
def test_an_id_that_cannot_be_one_is_answered_with_the_id_to_use(tmp_path, capsys, command, given, example):
    """An instructor who types a title for an id is offered the id made from it."""
    gift = tmp_path / "q.gift"
    gift.write_text("::Q1:: Cells keep their type. {TRUE}\n", encoding="utf-8")
    package = tmp_path / "p.zip"
    package.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    names = {"gift": str(gift), "out": str(tmp_path / "out.toml"), "zip": str(package)}
    assert main([part.format(**names) for part in command]) == 2
    err = capsys.readouterr().err
    assert f"'{given}' cannot be a pack id: use lower-case letters, digits, '-' and '_'" in err
    assert f"(for example '{example}')" in err, err
    assert "give one with --id" not in err  # it was given
