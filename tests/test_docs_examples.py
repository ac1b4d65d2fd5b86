"""The complete examples in docs/authoring.md are valid files: an author can copy them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def test_the_pack_example_validates_against_the_built_in_lessons(tmp_path):
    """An author who copies the example pack and runs `learnmeta validate` on it gets no error:
    every lesson and section it names is one of the built-in lessons' (it once named a section
    'new-home' that no lesson has)."""
    path = tmp_path / "pack.toml"
    path.write_text(block("toml", "[pack]"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "learnmeta", "validate", str(path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "LEARNMETA_HOME": str(tmp_path / "home")},
    )
    assert ": error:" not in result.stdout, result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
