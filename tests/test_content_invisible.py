"""Invisible characters and look-alike text (issue 12, item 9).

A soft hyphen, a word joiner, a combining grapheme joiner, a zero-width space or a bidi override
inside an accepted short answer or a choice used to pass `validate` silently: no learner could
ever type that answer, and two choices could look the same. Now answers and choices are compared
after one normalisation (:func:`learnmeta.content.text.normalise_text`: invisible characters
removed, then NFKC), on both sides; `validate` warns about each invisible character with its
line; and two choices (or pairs, or items) that look the same are an error.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest

from factories import pack_data, write_lesson, write_pack
from learnmeta.cli import main
from learnmeta.content import loader
from learnmeta.content.errors import ContentError
from learnmeta.content.library import load_library
from learnmeta.content.text import INVISIBLE_EXTRA, clean_text, is_invisible, normalise_text
from learnmeta.quiz.engine import check_answer, short_answer_matches

INVISIBLES = {
    "soft hyphen": "\u00ad",
    "word joiner": "\u2060",
    "combining grapheme joiner": "\u034f",
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "byte order mark": "\ufeff",
    "right-to-left override": "\u202e",
    "left-to-right isolate": "\u2066",
    "pop directional isolate": "\u2069",
    "Mongolian vowel separator": "\u180e",
    "function application": "\u2061",
    "tag letter": "\U000e0041",
    "Hangul filler": "\u3164",
}


def _short(tmp_path, accepted: list[str], name: str = "pack.toml", allow_typo: bool = True):
    data = pack_data()
    data["questions"][5]["accepted"] = accepted
    data["questions"][5]["allow_typo"] = allow_typo
    write_lesson(tmp_path)
    return write_pack(tmp_path, data, name=name)


@pytest.mark.parametrize("char", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_an_accepted_answer_with_an_invisible_character_can_be_typed(tmp_path, char):
    path = _short(tmp_path, [f"meta{char}stasis"])
    question = loader.load_pack(path).question("q-short")
    assert short_answer_matches(question, "metastasis")
    assert short_answer_matches(question, "Metastasis.")
    assert check_answer(question, "metastasis").correct


@pytest.mark.parametrize("char", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_what_the_learner_types_is_normalised_too(tmp_path, char):
    question = loader.load_pack(_short(tmp_path, ["metastasis"])).question("q-short")
    assert short_answer_matches(question, f"meta{char}stasis")
    assert short_answer_matches(question, f"{char}metastasis{char}")


def test_compatibility_forms_and_composed_letters_match(tmp_path):
    question = loader.load_pack(_short(tmp_path, ["café fibre", "ｂｏｎｅ"], allow_typo=False)).question("q-short")
    assert short_answer_matches(question, "cafe\u0301 ﬁbre")  # e + combining accent; fi ligature
    assert short_answer_matches(question, "cafe\u034f\u0301 fibre")  # a joiner between them
    assert short_answer_matches(question, "bone")  # full-width letters in the pack
    assert not short_answer_matches(question, "cafe fibre")  # an accent still matters
    assert not short_answer_matches(question, "\u200b\u00ad")  # nothing visible is no answer


def test_normalise_text_is_the_one_function_both_sides_use():
    assert normalise_text("Meta\u00adsta\u2060sis\u200b") == "Metastasis"
    assert normalise_text("ﬁ\u034f") == "fi"
    assert normalise_text("cafe\u0301") == "café"
    assert normalise_text("a\u202eb\u202c") == "ab"
    assert normalise_text("plain") == "plain"


def test_every_format_character_is_invisible_and_the_display_cleaner_removes_them():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and not _prepended_mark(code):
            assert is_invisible(char), f"U+{code:04X}"
            assert clean_text(f"a{char}b") == "ab", f"U+{code:04X}"
    for char in INVISIBLE_EXTRA:
        assert clean_text(f"a{char}b") == "ab"
    for visible in "a é ✓ → — ·\t\n":
        assert not is_invisible(visible)
    assert clean_text("\u0600") == "\u0600"  # an Arabic number sign is drawn: it stays


def _prepended_mark(code: int) -> bool:
    return code in (*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD)


# -- validate warns, with the line --------------------------------------------------------------


@pytest.mark.parametrize("char", INVISIBLES.values(), ids=INVISIBLES.keys())
def test_validate_warns_about_an_invisible_character_in_an_accepted_answer_with_its_line(tmp_path, char, capsys):
    path = _short(tmp_path, ["angiogenesis", f"new blood{char} vessels"])
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "vessels" in text)
    assert main(["validate", str(path), str(tmp_path / "lesson.md")]) == 0
    out = capsys.readouterr().out
    code = f"U+{ord(char):04X}"
    warning = next(text for text in out.splitlines() if code in text)
    assert f"{path}:{line}:" in warning and "warning" in warning and "invisible" in warning


@pytest.mark.parametrize("escape", ["\\u00AD", "\\u2060", "\\u034F", "\\u200B", "\\u202E", "\\U000E0041"])
def test_validate_warns_about_invisible_characters_written_as_toml_escapes(tmp_path, escape):
    path = _short(tmp_path, ["angiogenesis"])
    text = path.read_text(encoding="utf-8").replace('"angiogenesis"', f'"angio{escape}genesis"')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, text in enumerate(text.split("\n"), 1) if "angio" in text)
    library = load_library([str(path), str(tmp_path / "lesson.md")])
    warnings = [p for p in library.problems if p.severity == "warning" and p.code == "invisible-character"]
    assert [p.line for p in warnings] == [line]
    assert library.errors == []
    assert library.pack("test-pack").question("q-short").accepted[0] == "angiogenesis"


@pytest.mark.parametrize("field", ["prompt", "explanation", "hint", "choice", "feedback", "title", "lesson"])
def test_validate_warns_about_invisible_characters_in_any_text_field(tmp_path, field):
    data = pack_data()
    soft = "\u00ad"
    if field == "prompt":
        data["questions"][0]["prompt"] = f"Pick{soft} b."
    elif field == "explanation":
        data["questions"][0]["explanation"] = f"Be{soft}cause."
    elif field == "hint":
        data["questions"][0]["hints"] = [f"It is{soft} not a."]
    elif field == "choice":
        data["questions"][0]["choices"][0]["text"] = f"Choice{soft} a"
    elif field == "feedback":
        data["questions"][0]["choices"][0]["feedback"] = f"Not{soft} a."
    elif field == "title":
        data["pack"]["title"] = f"A test{soft} pack"
    write_lesson(tmp_path)
    path = write_pack(tmp_path, data)
    if field == "lesson":
        lesson = tmp_path / "lesson.md"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("first page.", f"first{soft} page."),
                          encoding="utf-8")
        path = lesson
    library = load_library([str(tmp_path)])
    warnings = [p for p in library.problems if p.code == "invisible-character"]
    assert len(warnings) == 1 and warnings[0].path == str(path) and warnings[0].line
    assert "U+00AD" in warnings[0].message and "SOFT HYPHEN" in warnings[0].message


# -- look-alikes are errors ----------------------------------------------------------------------


@pytest.mark.parametrize("first, second", [
    ("Bone", "Bo\u00adne"),
    ("Bone", "Bo\u200bne"),
    ("Bone", "B\u034fone"),
    ("fine", "ﬁne"),
    ("café", "cafe\u0301"),
    ("Bone", "\u202eBone"),
    ("Liver", "ＬＩＶＥＲ"),
])
def test_two_choices_that_look_the_same_are_an_error(tmp_path, first, second):
    data = pack_data()
    data["questions"][0]["choices"][0]["text"] = first
    data["questions"][0]["choices"][2]["text"] = second
    with pytest.raises(ContentError) as error:
        loader.load_pack(write_pack(tmp_path, data))
    assert any("two choices have the same text" in p.message for p in error.value.problems)


def test_look_alike_matching_and_ordering_items_are_errors(tmp_path):
    data = pack_data()
    data["questions"][3]["pairs"][1]["left"] = "Bre\u00adast"
    with pytest.raises(ContentError) as error:
        loader.load_pack(write_pack(tmp_path, data))
    assert any("same left-hand item" in p.message for p in error.value.problems)
    data = pack_data()
    data["questions"][4]["items"] = ["First", "Fi\u200brst", "Third"]
    with pytest.raises(ContentError) as error:
        loader.load_pack(write_pack(tmp_path, data))
    assert any("listed twice" in p.message for p in error.value.problems)
    data = pack_data()
    data["questions"][3]["distractors"] = ["Bo\u2060nes"]
    with pytest.raises(ContentError) as error:
        loader.load_pack(write_pack(tmp_path, data))
    assert any("also a right-hand item" in p.message for p in error.value.problems)


def test_different_choices_stay_different(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][0]["text"] = "resume"
    data["questions"][0]["choices"][2]["text"] = "résumé"
    assert loader.load_pack(write_pack(tmp_path, data)).question("q-single").choices[2].text == "résumé"


@pytest.mark.parametrize("other", ["bones", "BONES", "Ｂones"])
def test_two_right_hand_items_that_look_the_same_but_are_spelled_apart_are_an_error(tmp_path, other):
    """They were shown as two items, and only one of them counted as right."""
    data = pack_data()
    data["questions"][3]["pairs"][2]["right"] = other  # the first pair's right is "Bones"
    with pytest.raises(ContentError) as error:
        loader.load_pack(write_pack(tmp_path, data))
    assert any("look the same" in p.message for p in error.value.problems)


def test_one_right_hand_item_for_two_left_hand_items_is_still_fine(tmp_path):
    pack = loader.load_pack(write_pack(tmp_path, pack_data()))
    assert pack.question("q-matching").right_items == ["Bones", "Liver", "Skin"]
