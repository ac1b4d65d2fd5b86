"""A key left out of a pack, a lesson or the glossary: `learnmeta validate` names it on its line
and says what to write, and where (not only "is missing")."""

from __future__ import annotations

from factories import LESSON, pack_data, write_lesson, write_pack
from learnmeta.cli import main


def _out(capsys, *paths) -> str:
    assert main(["validate", *map(str, paths)]) == 1
    return capsys.readouterr().out


def test_a_packs_missing_keys_say_what_to_write_and_where(tmp_path, capsys):
    data = pack_data()
    del data["pack"]["licence"], data["pack"]["reviewed"], data["pack"]["sources"]
    del data["questions"][0]["explanation"], data["questions"][0]["choices"][1]["text"]
    write_lesson(tmp_path)
    out = _out(capsys, write_pack(tmp_path, data), tmp_path / "lesson.md")
    assert "'pack.licence' is missing: add licence = \"...\" under [pack]" in out, out
    assert "'pack.reviewed' is missing: add reviewed = 2026-11-24 (the day a person checked the facts; no quotes)" in out
    assert "'pack.sources' is missing: add at least one source: a [[pack.sources]] table with its title" in out
    assert "'explanation' is missing: add explanation = \"...\" (why the right answer is right" in out
    assert "'choices[2].text' is missing: add text = \"...\" to this choice" in out


def test_a_lessons_missing_sources_and_an_empty_file_say_what_to_add(tmp_path, capsys):
    start, sources = LESSON.split("[[sources]]", 1)
    after = sources.split("+++", 1)[1]
    lesson = tmp_path / "lesson.md"
    lesson.write_text(start + "+++" + after, encoding="utf-8")
    out = _out(capsys, lesson)
    assert f"{lesson}:2: error: 'sources' is missing: add at least one source: a [[sources]] table" in out, out
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    out = _out(capsys, empty)
    assert "'schema_version' is missing: add schema_version = 1 as the file's first line" in out
    assert "'pack' is missing: add a [pack] table" in out
    assert "'questions' is missing: add the questions, each in a [[questions]] table of its own" in out


def test_a_knowledge_checks_missing_pack_is_not_told_to_add_a_pack_table(tmp_path, capsys):
    lesson = tmp_path / "lesson.md"
    text = LESSON.replace('knowledge_check = { pack = "test-pack", ', "knowledge_check = { ")
    assert text != LESSON
    lesson.write_text(text, encoding="utf-8")
    out = _out(capsys, lesson)
    assert "'knowledge_check.pack' is missing: add pack = \"a-pack-id\"" in out, out
    assert "[pack] table" not in out
