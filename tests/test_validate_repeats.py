"""Something written twice in a pack: `learnmeta validate` names what is repeated and says what
to do, so the author need not hunt for it in a list."""

from __future__ import annotations

import pytest

from factories import pack_data, write_lesson, write_pack
from learnmeta.cli import main


def _out(capsys, tmp_path, change) -> str:
    data = pack_data()
    change(data)
    write_lesson(tmp_path)
    assert main(["validate", str(write_pack(tmp_path, data)), str(tmp_path / "lesson.md")]) == 1
    return capsys.readouterr().out


def _question(data, kind):
    return next(q for q in data["questions"] if q["type"] == kind)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: _question(d, "ordering").update(items=["Localized", "Regional", "regional "]),
     "an item is listed twice ('regional'): list each one once"),
    (lambda d: _question(d, "single")["choices"][1].update(text=_question(d, "single")["choices"][0]["text"].upper()),
     "two choices have the same text ("),
    (lambda d: _question(d, "single")["choices"][1].update(id=_question(d, "single")["choices"][0]["id"]),
     "is used more than once: give each choice an id of its own"),
    (lambda d: d["questions"][1].update(id=d["questions"][0]["id"]),
     "is used more than once in this pack: give each question an id of its own"),
])
def test_a_repeat_is_named_with_what_to_do(tmp_path, capsys, change, expected):
    out = _out(capsys, tmp_path, change)
    assert expected in out, out


def test_a_matching_questions_repeated_left_item_and_distractor_are_named(tmp_path, capsys):
    def change(data):
        question = _question(data, "matching")
        question["pairs"][1]["left"] = question["pairs"][0]["left"]
        question["distractors"] = ["Skin", "skin"]

    out = _out(capsys, tmp_path, change)
    left = pack_data()
    first = _question(left, "matching")["pairs"][0]["left"]
    assert f"two pairs have the same left-hand item ('{first}'): give each its own" in out, out
    assert "a distractor is listed twice ('skin'): list each one once" in out
