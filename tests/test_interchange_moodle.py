"""Moodle XML export and import: weights, per-answer feedback, general feedback, hints, tags and
ids kept; what learnmeta cannot represent named with the question and its line.
(Hostile files: tests/test_interchange_hostile.py.)"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from lxml import etree

from learnmeta.cli import main
from learnmeta.content.library import load_library
from learnmeta.content.loader import load_pack

EVERY = Path(__file__).parent / "fixtures" / "interchange" / "every-feature.toml"
MOODLE = Path(__file__).parent / "fixtures" / "interchange" / "moodle-export.xml"


def export(tmp_path, capsys, pack: str, name: str = "questions.xml") -> tuple[Path, str]:
    out = tmp_path / name
    status = main(["export-moodle-xml", pack, "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return out, captured.err


def import_xml(tmp_path, capsys, source: Path, name: str = "back.toml", *extra: str):
    out = tmp_path / name
    status = main(["import-moodle-xml", str(source), "-o", str(out), *extra])
    return status, out, capsys.readouterr()


def questions(path: Path) -> dict:
    return {q["id"]: q for q in tomllib.loads(path.read_text(encoding="utf-8"))["questions"]}


def moodle_question(root, name: str):
    return next(q for q in root.iter("question") if q.findtext("name/text") == name)


# ----------------------------------------------------------------------------------------------
# Export
# ----------------------------------------------------------------------------------------------


def test_each_question_type_becomes_moodles_own_with_weights_feedback_hints_tags_and_ids(tmp_path, capsys):
    out, warnings = export(tmp_path, capsys, str(EVERY))
    root = etree.parse(str(out)).getroot()
    assert root.tag == "quiz"
    assert root.find("question").get("type") == "category"

    single = moodle_question(root, "1-single")
    assert single.get("type") == "multichoice" and single.findtext("single") == "true"
    assert single.findtext("idnumber") == "1-single"
    assert single.findtext("shuffleanswers") == "true"
    assert [a.get("fraction") for a in single.iter("answer")] == ["0", "100", "0"]
    assert single.find("answer/feedback/text").text.startswith("Not quite. The cells in the liver")
    assert single.findtext("generalfeedback/text") == "Cancer keeps the name of the place where it started.<br>A second line."
    assert single.findtext("questiontext/text").endswith("(Use &lt;angle&gt; &amp; \"quotes\".)")
    assert [h.findtext("text") for h in single.iter("hint")] == ["Think about where it started.", "It is not liver cancer."]
    assert [t.findtext("text") for t in single.iter("tag")] == ["naming", "week-1"]

    multiple = moodle_question(root, "other-names")
    assert multiple.findtext("single") == "false"
    assert [a.get("fraction") for a in multiple.iter("answer")] == ["50", "50", "-100", "-100"]

    any_one = moodle_question(root, "any-one")
    assert any_one.findtext("single") == "true"
    assert [a.get("fraction") for a in any_one.iter("answer")] == ["100", "100", "0"]

    tf = moodle_question(root, "same-cells")
    assert tf.get("type") == "truefalse"
    assert [(a.findtext("text"), a.get("fraction"), a.findtext("feedback/text")) for a in tf.iter("answer")] == [
        ("true", "100", "Yes."), ("false", "0", "Not quite. The cells keep their type.")]

    match = moodle_question(root, "match-sites")
    assert [(s.findtext("text"), s.findtext("answer/text")) for s in match.iter("subquestion")] == [
        ("Breast cancer", "Bones"), ("Colorectal cancer", "Liver"), ("Prostate cancer", "Bones"),
        ("", "Skin"), ("", "Eye")]

    order = moodle_question(root, "stages-of-spread")
    assert order.get("type") == "ordering"
    assert [(a.get("fraction"), a.findtext("text")) for a in order.iter("answer")] == [
        ("1", "Localized"), ("2", "Regional"), ("3", "Distant"), ("4", "Everywhere &amp; more")]

    short = moodle_question(root, "new-blood-supply")
    assert short.get("type") == "shortanswer" and short.findtext("usecase") == "0"
    assert [(a.findtext("text"), a.get("fraction")) for a in short.iter("answer")] == [
        ("angiogenesis", "100"), ("tumour angiogenesis", "100"), ("Angiogenesis!", "100"), ("*", "0")]
    assert "allow_typo is kept for learnmeta only" in warnings
    assert "the feedback on pair 2 is kept for learnmeta only" in warnings


def test_a_multiple_choice_with_three_right_answers_uses_moodles_exact_third(tmp_path, capsys):
    pack = tmp_path / "p.toml"
    text = EVERY.read_text(encoding="utf-8").replace(
        '{ id = "d4", text = "Early cancer", misconception = "early" }',
        '{ id = "d4", text = "Early cancer", correct = true }')
    pack.write_text(text, encoding="utf-8")
    out, _ = export(tmp_path, capsys, str(pack))
    multiple = moodle_question(etree.parse(str(out)).getroot(), "other-names")
    assert [a.get("fraction") for a in multiple.iter("answer")] == ["33.3333333", "33.3333333", "-100", "33.3333333"]


# ----------------------------------------------------------------------------------------------
# Round trips
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack_id", [p.id for p in load_library(user_packs=False).packs])
def test_every_builtin_pack_comes_back_from_moodle_xml_exactly(tmp_path, capsys, pack_id):
    original = next(p for p in load_library(user_packs=False).packs if p.id == pack_id)
    source, _ = export(tmp_path, capsys, pack_id)
    status, out, captured = import_xml(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert "Not kept" not in captured.out and captured.err == ""
    back = load_pack(out)
    assert back.pack == original.pack
    assert back.questions == original.questions
    assert back.misconceptions == original.misconceptions


def test_a_pack_using_every_feature_comes_back_from_moodle_xml_exactly(tmp_path, capsys):
    source, _ = export(tmp_path, capsys, str(EVERY))
    status, out, captured = import_xml(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert load_pack(out) == load_pack(EVERY)
    assert main(["validate", str(out)]) == 0


# ----------------------------------------------------------------------------------------------
# Moodle's own export
# ----------------------------------------------------------------------------------------------


def test_moodles_own_export_imports_with_every_loss_named_by_question_and_line(tmp_path, capsys):
    status, out, captured = import_xml(tmp_path, capsys, MOODLE, "moodle.toml")
    assert status == 0, captured.err
    found = questions(out)
    where = str(MOODLE)

    sites = found["sites-1"]  # the idnumber is the id
    assert sites["type"] == "single"
    assert sites["prompt"] == "Where does breast cancer most often spread?"
    assert [(c["text"], c.get("correct", False)) for c in sites["choices"]] == [
        ("The bones", True), ("The liver", False), ("The skin", False)]
    assert sites["choices"][1]["feedback"] == "It can, but bones are more common."
    assert sites["explanation"] == "Breast cancer most often spreads to the bones."
    assert sites["hints"] == ["Think of the skeleton."]
    assert sites["tags"] == ["week-1", "spread", "breast-cancer"]
    assert sites["shuffle"] is True

    assert found["either-name"]["type"] == "single" and found["either-name"]["accept_any"] is True

    assert found["which-ones"]["type"] == "multiple"
    assert [c.get("correct", False) for c in found["which-ones"]["choices"]] == [True, True, False]

    assert found["angio"]["accepted"] == ["angiogenesis"]
    assert found["angio"]["feedback_wrong"] == "The word is angiogenesis."

    assert found["true-or-false"]["answer"] is False
    assert found["true-or-false"]["feedback_true"] == "No: it keeps its name."

    assert found["match-q"]["pairs"] == [{"left": "Breast", "right": "Bones"}, {"left": "Colon", "right": "Liver"}]
    assert found["match-q"]["distractors"] == ["Skin"]

    lines = captured.out
    assert f"{where}:11: question 'Breast cancer sites': the question text: the image or media 'body.png' is not kept" in lines
    assert f"{where}:13: question 'Breast cancer sites': the question text: the file 'body.png' is not kept" in lines
    assert f"{where}:28: question 'Breast cancer sites': partial credit (50%) for 'The liver': it now counts as wrong" in lines
    assert f"{where}:26: question 'Breast cancer sites': the incorrect feedback 'Look again at the lesson.'" in lines
    assert f"{where}:16: question 'Breast cancer sites': its default mark 2 (each learnmeta question counts once)" in lines
    assert f"{where}:69: question 'Angio': case matters there; learnmeta ignores case" in lines
    assert f"{where}:70: question 'Angio': the partly right answer 'angiogenesi' (50%), left out" in lines
    assert f"{where}:74: question 'Angio': the feedback for answer 'angiogenesis'" in lines
    assert "question 'Which ones': the answers' weights (60%, 40%, -100%)" in lines
    assert f"{where}:98: skipped 'How many': a numerical question: learnmeta has no such question type" in captured.err
    assert f"{where}:105: skipped 'Essay': an essay question: learnmeta has no such question type" in captured.err
    assert f"{where}:38: question 'Either name': its penalty for each wrong try (33% of its mark)" in lines
    assert f"{where}:31: question 'Breast cancer sites': the tag 'Breast cancer' is now 'breast-cancer'" in lines
    assert main(["validate", str(out)]) == 0


# ----------------------------------------------------------------------------------------------
# The command line
# ----------------------------------------------------------------------------------------------


def test_exit_statuses_and_messages(tmp_path, capsys):
    out = tmp_path / "x" / "q.xml"
    assert main(["export-moodle-xml", "nope", "-o", str(out)]) == 2
    assert main(["export-moodle-xml", str(EVERY), "-o", str(out)]) == 0
    assert f"Made the folder {out.parent}." in capsys.readouterr().out
    assert main(["export-moodle-xml", str(EVERY), "-o", str(out)]) == 2
    assert main(["import-moodle-xml", str(tmp_path / "none.xml"), "-o", str(tmp_path / "p.toml")]) == 2
    not_quiz = tmp_path / "other.xml"
    not_quiz.write_text("<?xml version='1.0'?>\n<html><body/></html>")
    status, result, captured = import_xml(tmp_path, capsys, not_quiz)
    assert status == 1 and not result.exists()
    assert f"{not_quiz}:2: error: this is not Moodle XML: its top element is <html>, not <quiz>" in captured.err
    empty = tmp_path / "empty.xml"
    empty.write_text("<quiz><question type='category'><category><text>$course$/top</text></category></question></quiz>")
    status, result, captured = import_xml(tmp_path, capsys, empty)
    assert status == 1 and "holds no questions" in captured.err
    broken = tmp_path / "broken.xml"
    broken.write_text("<quiz>\n<question type='multichoice'>\n</quiz>")
    status, result, captured = import_xml(tmp_path, capsys, broken)
    assert status == 1 and f"{broken}:3: error: this is not well-formed XML" in captured.err
    assert "Traceback" not in captured.err
