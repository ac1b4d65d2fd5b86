"""The complete examples in docs/authoring.md are valid files: an author can copy them."""

from __future__ import annotations

import re
from pathlib import Path

from learnmeta.content import loader

DOC = (Path(__file__).resolve().parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", DOC, flags=re.S | re.M)


def block(language: str, marker: str) -> str:
    return next(text for lang, text in BLOCKS if lang == language and marker in text)


def test_the_lesson_example_loads(tmp_path):
    path = tmp_path / "lesson.md"
    path.write_text(block("markdown", "+++"), encoding="utf-8")
    lesson = loader.load_lesson(path)
    assert [p.id for p in lesson.pages] == ["where-it-starts", "naming"]
    assert lesson.meta.spread_patterns[0].sites == ["bones", "brain", "liver", "lungs"]


def test_the_glossary_example_loads(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text(block("toml", "[[terms]]"), encoding="utf-8")
    assert loader.load_glossary(path).lookup("lymph nodes").term == "lymph node"


def test_the_pack_example_loads_with_every_question_type(tmp_path):
    path = tmp_path / "pack.toml"
    path.write_text(block("toml", "[pack]"), encoding="utf-8")
    pack = loader.load_pack(path)
    assert sorted({q.type for q in pack.questions}) == sorted(
        ["single", "multiple", "true_false", "matching", "ordering", "short_answer"]
    )
