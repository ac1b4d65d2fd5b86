"""GIFT as Moodle reads it: each feature of the format imports, and nothing is lost unnamed.

The fixture ``gift_examples.gift`` is our own: questions written for these tests that try the
features of GIFT one by one, in the order Moodle's GIFT format page (docs.moodle.org) describes
them, each written plainly, then more tightly, then in short forms.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from factories import pack_data, write_pack
from learnmeta import checks
from learnmeta.cli import main
from learnmeta.content import models
from learnmeta.content.errors import ContentError
from learnmeta.content.loader import load_pack
from learnmeta.instructor.gift import BLANK, parse_gift, write_gift
from learnmeta.instructor.xapi import interaction
from learnmeta.quiz.engine import check_answer

FIXTURES = Path(__file__).parent / "fixtures" / "gift"
EXAMPLES = FIXTURES / "gift_examples.gift"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The examples, imported once through the command: (pack, stdout, stderr)."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("gift") / "examples.toml"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["import-gift", str(EXAMPLES), "-o", str(out)])
    assert status == 0, stderr.getvalue()
    return load_pack(out), stdout.getvalue(), stderr.getvalue()


def by_prompt(pack, text):
    return [q for q in pack.questions if q.prompt == text]


def fixture_line(text: str) -> int:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_the_examples_import_every_question_learnmeta_has_a_type_for(imported):
    pack, out, err = imported
    assert "Imported 40 question(s)" in out
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert len(skipped) == 10 and all("numerical" in line for line in skipped)  # only {#...}
    assert "Traceback" not in err


def test_equals_answers_are_each_fully_right_as_moodle_reads_them(imported):
    pack, _, _ = imported
    (even,) = by_prompt(pack, "Which of these is an even number?")  # {=2 =4 ~5 ~7}
    assert even.type == "single" and even.accept_any
    by_text = {c.text: c.id for c in even.choices}
    assert check_answer(even, by_text["2"]).correct
    assert check_answer(even, by_text["4"]).correct  # either one alone: full marks
    assert not check_answer(even, by_text["5"]).correct
    assert check_answer(even, by_text["5"]).correct_answer == "2 or 4"
    assert interaction(even, "en")["correctResponsesPattern"] == [by_text["2"], by_text["4"]]


def test_a_single_question_with_two_right_choices_needs_accept_any(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][0]["correct"] = True
    with pytest.raises(ContentError, match="accept_any"):
        load_pack(write_pack(tmp_path, data))
    data["questions"][0]["accept_any"] = True
    assert load_pack(write_pack(tmp_path, data)).questions[0].accept_any


def test_missing_word_questions_become_questions_whose_prompt_shows_a_blank(imported):
    pack, out, _ = imported
    week = by_prompt(pack, f"A week has {BLANK} days in it.")
    assert week and all(q.type == "single" for q in week)
    assert [c.text for c in week[0].choices if c.correct] == ["seven"]
    (capital,) = by_prompt(pack, f"The capital of Australia is {BLANK}.")[:1]  # answers before the full stop
    assert [c.text for c in capital.choices if c.correct] == ["Canberra"]
    (three,) = by_prompt(pack, f"Three plus {BLANK} equals six.")  # a missing-word short answer
    assert three.type == "short_answer" and three.accepted == ["three", "3"]
    assert f"a missing-word question; its prompt shows the blank as {BLANK}" in out


def test_partial_credit_that_cannot_be_kept_is_named_with_its_question_and_line(imported):
    _, out, _ = imported
    melbourne = fixture_line("~%25%Melbourne")
    territory = fixture_line("~%50%Australian Capital Territory")
    assert re.search(rf"'Capital of Australia': line {melbourne}: the partial credit \(25%\) for 'Melbourne'", out)
    assert re.search(rf"'Capital of Australia': line {territory}: the partial credit \(50%\) for "
                     "'Australian Capital Territory'", out)
    canbera = fixture_line("=%75%Canbera")
    assert f"line {canbera}: the partly right answer 'Canbera' (75%)" in out
    sun = fixture_line("~%-50%The Sun")
    assert f"line {sun}: the penalty -50% for 'The Sun' cannot be kept" in out
    assert "choosing 'The Sun' (0%) costs nothing in Moodle" in out


def test_multiple_answer_weights_become_the_right_choices(imported):
    pack, _, _ = imported
    planets = by_prompt(pack, "Which two of these are planets?")
    assert len(planets) == 2
    for question in planets:
        assert question.type == "multiple"
        assert [c.text for c in question.choices if c.correct] == ["Mars", "Venus"]


def test_escaped_control_characters_and_markdown_are_kept(imported):
    pack, _, _ = imported
    (equals,) = by_prompt(pack, "Which answer equals 7?")
    assert [(c.text, c.correct) for c in equals.choices] == [("= 3 + 3", False), ("= 3 + 4", True), ("= 3 + 5", False)]
    control = next(q for q in pack.questions if q.id == "gift-control-characters")
    assert [c.text for c in control.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert control.choices[-1].correct
    assert by_prompt(pack, "What is the opposite of **hot**?")


def test_images_and_audio_in_html_are_named_not_dropped_silently(tmp_path, capsys):
    source = tmp_path / "media.gift"
    source.write_text(
        "::Bones::[html]<p>Look at the scan: <img src=\"@@PLUGINFILE@@/scans/bone-scan.png\" "
        "alt=\"a bone scan\"></p><p>Where has the cancer spread?</p>{\n"
        "  =<p>The bones</p>#<p>Yes. <audio controls><source src\\=\"@@PLUGINFILE@@/why.mp3\"></audio></p>\n"
        "  ~<p>The skin <img src\\=\"skin.jpg\"></p>\n"  # = is escaped in an answer, as Moodle writes it
        "}\n",
        encoding="utf-8",
    )
    out = tmp_path / "media.toml"
    assert main(["import-gift", str(source), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "the image 'bone-scan.png' ('a bone scan') was left out" in printed
    assert "the audio 'why.mp3' was left out" in printed
    assert "the image 'skin.jpg' was left out" in printed
    question = load_pack(out).questions[0]
    assert question.prompt == "Look at the scan: [image: a bone scan]\nWhere has the cancer spread?"
    assert question.choices[1].text == "The skin [image]"


def test_choice_ids_survive_a_round_trip_and_are_made_from_the_text_otherwise(tmp_path, capsys):
    data = pack_data()
    data["questions"][0]["choices"] = [
        {"id": "liver", "text": "Liver cancer", "feedback": "No."},
        {"id": "colon", "text": "Metastatic colon cancer", "correct": True},
    ]
    pack = write_pack(tmp_path, data)
    gift = tmp_path / "pack.gift"
    assert main(["export-gift", str(pack), "-o", str(gift)]) == 0
    assert "// [choice-ids:liver,colon]" in gift.read_text(encoding="utf-8")
    back = tmp_path / "back.toml"
    assert main(["import-gift", str(gift), "-o", str(back)]) == 0
    assert [c.id for c in load_pack(back).questions[0].choices] == ["liver", "colon"]
    # From Moodle (no ids): readable ids from each text, the same whatever the order.
    first = parse_gift("::Q::Which?{=Metastatic colon cancer ~Liver cancer}", lesson="l", section="s")
    again = parse_gift("::Q::Which?{~Liver cancer =Metastatic colon cancer ~Bone cancer}", lesson="l", section="s")
    ids = {c["text"]: c["id"] for c in first.questions[0]["choices"]}
    assert ids == {"Metastatic colon cancer": "metastatic-colon-cancer", "Liver cancer": "liver-cancer"}
    assert {c["text"]: c["id"] for c in again.questions[0]["choices"]}.items() >= ids.items()


def test_accept_any_survives_an_export_and_import(tmp_path):
    question = parse_gift("::P::Which is prime?{=2 =3 ~4}", lesson="l", section="s").questions[0]
    assert question["accept_any"] is True
    data = pack_data()
    data["questions"] = [dict(question, lesson=data["questions"][0]["lesson"], section="s1")]
    pack = checks.validate(models.Pack, data)
    text, _ = write_gift(pack)
    again = parse_gift(text, lesson="l", section="s").questions[0]
    assert again["accept_any"] is True
    assert [c["id"] for c in again["choices"]] == [c["id"] for c in question["choices"]]


def test_every_note_says_what_happened_to_what_was_not_kept(imported):
    _, out, _ = imported
    notes = [line for line in out.splitlines() if line.startswith("Note: '")]
    assert notes
    for note in notes:
        assert re.search(r"cannot be kept|left out|costs nothing|must choose|prompt shows the blank", note), note


def test_feedback_on_a_matching_pair_is_kept_as_the_pairs_feedback():
    found = parse_gift("::M::Match them.{=Breast -> Bones#Breast cancer often reaches the bones. =Colon -> Liver}",
                       lesson="l", section="s")
    assert found.questions[0]["pairs"][0] == {
        "left": "Breast", "right": "Bones", "feedback": "Breast cancer often reaches the bones."}
    assert found.notes == []
