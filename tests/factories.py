"""Valid content to start tests from: a lesson, a glossary and a pack with every question type.

Tests change one thing in these and check what the loader says about it. Nothing here depends on
the built-in content, which authors may change at any time.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import tomli_w

LESSON_ID = "test-lesson"

LESSON = """+++
schema_version = 1
id = "test-lesson"
title = "A test lesson"
order = 99
purpose = "You will learn how tests are written."
estimated_minutes = 3
key_points = ["Tests check things."]
what_you_can_do = ["Ask a question."]
reviewed = 2026-11-01
knowledge_check = { pack = "test-pack", questions = ["q-single", "q-true-false"] }

[[sources]]
title = "A source"
url = "https://example.org/source"
+++

## The first page {#s1}

Some words on the first page.

## The second page {#s2}

More words, about the lymph nodes.
"""

SOURCE = {"title": "A source", "url": "https://example.org/source"}


def pack_data() -> dict:
    """A valid pack as a dict: one question of each of the six types."""
    common = {"lesson": LESSON_ID, "section": "s1", "explanation": "Because.", "source": SOURCE}
    return copy.deepcopy(
        {
            "schema_version": 1,
            "pack": {
                "id": "test-pack",
                "title": "A test pack",
                "description": "Questions for tests.",
                "version": "1.0.0",
                "language": "en",
                "authors": ["Tester"],
                "licence": "CC BY 4.0",
                "sources": [SOURCE],
                "reviewed": dt.date(2026, 11, 1),
                "pass_mark": 80,
                "lessons": [LESSON_ID],
            },
            "questions": [
                {
                    "id": "q-single",
                    "type": "single",
                    "prompt": "Pick b.",
                    "hints": ["It is not a.", "It is b."],
                    "choices": [
                        {"id": "a", "text": "Choice a", "feedback": "Not a.", "misconception": "m-a"},
                        {"id": "b", "text": "Choice b", "correct": True, "feedback": "Yes, b."},
                        {"id": "c", "text": "Choice c", "feedback": "Not c."},
                    ],
                    **common,
                },
                {
                    "id": "q-multiple",
                    "type": "multiple",
                    "prompt": "Pick a and c.",
                    "choices": [
                        {"id": "a", "text": "Choice a", "correct": True, "feedback": "a is right."},
                        {"id": "b", "text": "Choice b", "feedback": "b is wrong."},
                        {"id": "c", "text": "Choice c", "correct": True, "feedback": "c is right."},
                    ],
                    **common,
                },
                {
                    "id": "q-true-false",
                    "type": "true_false",
                    "prompt": "This is true.",
                    "answer": True,
                    "feedback_true": "Yes.",
                    "feedback_false": "Not quite.",
                    **common,
                },
                {
                    "id": "q-matching",
                    "type": "matching",
                    "prompt": "Match them.",
                    "pairs": [
                        {"left": "Breast", "right": "Bones"},
                        {"left": "Colon", "right": "Liver"},
                        {"left": "Prostate", "right": "Bones"},
                    ],
                    "distractors": ["Skin"],
                    **common,
                },
                {
                    "id": "q-ordering",
                    "type": "ordering",
                    "prompt": "Put them in order.",
                    "items": ["First", "Second", "Third"],
                    **common,
                },
                {
                    "id": "q-short",
                    "type": "short_answer",
                    "prompt": "Name the process.",
                    "accepted": ["angiogenesis", "new blood vessels"],
                    "allow_typo": True,
                    "feedback_wrong": "It is angiogenesis.",
                    **common,
                },
            ],
            "misconceptions": {"m-a": "That a is the answer. It is b."},
        }
    )


RIGHT = {
    "q-single": "b",
    "q-multiple": frozenset({"a", "c"}),
    "q-true-false": True,
    "q-matching": {"Breast": "Bones", "Colon": "Liver", "Prostate": "Bones"},
    "q-ordering": ["First", "Second", "Third"],
    "q-short": "angiogenesis",
}
"""The right response to each question of :func:`pack_data`, by its id (as the quiz engine takes it)."""


def write_pack(folder: Path, data: dict | None = None, name: str = "pack.toml") -> Path:
    path = folder / name
    path.write_text(tomli_w.dumps(pack_data() if data is None else data), encoding="utf-8")
    return path


def write_lesson(folder: Path, text: str = LESSON, name: str = "lesson.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_content(folder: Path, data: dict | None = None) -> Path:
    """``folder``, made, with the test lesson (:data:`LESSON`) and a pack (``data``, or
    :func:`pack_data`'s) in it."""
    folder.mkdir()
    write_lesson(folder)
    write_pack(folder, data)
    return folder


GLOSSARY = """schema_version = 1

[[terms]]
term = "metastasis"
definition = "Cancer that has spread."
aliases = ["metastases"]

[[terms]]
term = "lymph node"
definition = "A small bean-shaped organ."
aliases = ["lymph nodes"]
"""
