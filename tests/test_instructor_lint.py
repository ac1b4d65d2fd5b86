"""Item-writing lint: each flaw an instructor can make gives a warning that names the line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from factories import pack_data, write_lesson, write_pack
from learnmeta.cli import main
from learnmeta.content.loader import load_pack
from learnmeta.instructor.lint import lint_pack

TODAY = dt.date(2026, 11, 24)


def lint(tmp_path, data: dict, today: dt.date = TODAY):
    return lint_pack(load_pack(write_pack(tmp_path, data)), today=today)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def single(qid: str, prompt: str, choices: list[tuple[str, bool]], **extra) -> dict:
    return {
        "id": qid,
        "type": "single",
        "prompt": prompt,
        "lesson": "test-lesson",
        "section": "s1",
        "explanation": "Because.",
        "source": {"title": "A source"},
        "choices": [
            {"id": f"c{i}", "text": text, "correct": right, "feedback": "Because."}
            for i, (text, right) in enumerate(choices)
        ],
        **extra,
    }


def test_a_well_written_pack_has_no_warnings(tmp_path):
    assert lint(tmp_path, pack_data()) == []


@pytest.mark.parametrize("text", ["All of the above", "none of the above", "Both of these"])
def test_all_or_none_of_the_above_is_flagged_on_its_line(tmp_path, text):
    data = pack_data()
    data["questions"][0]["choices"][2]["text"] = text
    (problem,) = lint(tmp_path, data)
    assert problem.code == "all-of-the-above"
    assert problem.severity == "warning"
    assert problem.question == "q-single" and problem.field == "choices[3].text"
    lines = (tmp_path / "pack.toml").read_text(encoding="utf-8").split("\n")
    assert text in lines[problem.line - 1]


def test_the_right_choice_being_the_longest_again_and_again_is_flagged(tmp_path):
    data = pack_data()
    data["questions"] = [
        single(f"q{i}", "Pick one.", [("Short", False), ("A much longer and very detailed answer", True), ("Brief", False)], shuffle=True)
        for i in range(3)
    ]
    assert "longest-correct" in codes(lint(tmp_path, data))
    data["questions"][0]["choices"][0]["text"] = "An even longer wrong answer that goes on and on"
    data["questions"][1]["choices"][0]["text"] = "An even longer wrong answer that goes on and on"
    assert "longest-correct" not in codes(lint(tmp_path, data))  # 1 of 3 is chance


def test_the_right_answer_always_in_the_same_position_is_flagged(tmp_path):
    data = pack_data()
    data["questions"] = [
        single(f"q{i}", f"Question number {i}.", [(f"Right {i}", True), (f"Wrong {i}", False), (f"Other {i}", False)])
        for i in range(5)
    ]
    found = [p for p in lint(tmp_path, data) if p.code == "position-bias"]
    assert len(found) == 1 and "choice A" in found[0].message and "5 of 5" in found[0].message
    for i in range(5):  # shuffled questions cannot be biased
        data["questions"][i]["shuffle"] = True
    assert "position-bias" not in codes(lint(tmp_path, data))


def test_positions_spread_evenly_are_not_flagged(tmp_path):
    data = pack_data()
    data["questions"] = []
    for i in range(6):
        choices = [(f"Wrong {i} {j}", False) for j in range(3)]
        choices[i % 3] = (f"Right {i}", True)
        data["questions"].append(single(f"q{i}", f"Question number {i}.", choices))
    assert "position-bias" not in codes(lint(tmp_path, data))


def test_a_wrong_choice_without_feedback_and_true_false_without_wrong_feedback(tmp_path):
    data = pack_data()
    del data["questions"][0]["choices"][0]["feedback"]
    del data["questions"][2]["feedback_false"]  # answer is true: saying false gets nothing
    found = [p for p in lint(tmp_path, data) if p.code == "no-feedback"]
    assert [(p.question, p.field) for p in found] == [
        ("q-single", "choices[1].feedback"),
        ("q-true-false", "feedback_false"),
    ]


def test_a_question_without_its_own_source_is_flagged_even_if_the_pack_has_sources(tmp_path):
    data = pack_data()
    del data["questions"][3]["source"]
    found = [p for p in lint(tmp_path, data) if p.code == "no-source"]
    assert [p.question for p in found] == ["q-matching"]


def test_a_review_more_than_two_years_old_is_flagged(tmp_path):
    data = pack_data()
    data["pack"]["reviewed"] = dt.date(2024, 11, 23)
    assert codes(lint(tmp_path, data, today=dt.date(2026, 11, 24))) == ["stale-review"]
    data["pack"]["reviewed"] = dt.date(2024, 11, 24)
    assert codes(lint(tmp_path, data, today=dt.date(2026, 11, 24))) == []


@pytest.mark.parametrize(
    "prompt, flagged",
    [
        ("Which of these is not a common site?", True),
        ("All of these are common sites except which one?", True),
        ("Which of these is NOT a common site?", False),
        ("Which of these is **not** a common site?", False),
        ("Which of these is a common site?", False),
        ("Cancer cannot always be cured. Is that true?", False),
    ],
)
def test_a_negative_stem_must_be_emphasised(tmp_path, prompt, flagged):
    data = pack_data()
    data["questions"][0]["prompt"] = prompt
    assert ("negative-stem" in codes(lint(tmp_path, data))) is flagged


def test_a_prompt_above_grade_eight_is_flagged_and_a_plain_one_is_not(tmp_path):
    data = pack_data()
    data["questions"][0]["prompt"] = (
        "Considering haematogenous dissemination characteristics, which anatomical localisation "
        "predominantly manifests metastatic involvement subsequent to primary mammary carcinoma?"
    )
    data["questions"][1]["prompt"] = "Where does breast cancer often spread to?"
    found = [p for p in lint(tmp_path, data) if p.code == "reading-level"]
    assert [p.question for p in found] == ["q-single"]
    assert "grade" in found[0].message


def test_duplicate_questions_and_choices_that_differ_only_in_case_or_punctuation(tmp_path):
    data = pack_data()
    data["questions"][1]["prompt"] = "pick B!"  # the same as q-single's "Pick b."
    data["questions"][0]["choices"][2]["text"] = "choice  A."
    data["questions"][5]["accepted"] = ["angiogenesis", "Angiogenesis!"]
    found = {(p.code, p.question) for p in lint(tmp_path, data)}
    assert ("duplicate-choice", "q-single") in found
    assert ("duplicate-choice", "q-short") in found
    # duplicate questions are found across the packs being checked: through validate
    path = write_pack(tmp_path, data)
    lesson = write_lesson(tmp_path)
    from learnmeta.cli.validate import collect

    _, problems = collect([str(path), str(lesson)])
    dupes = [p for p in problems if p.code == "duplicate-question"]
    assert [p.question for p in dupes] == ["q-multiple"]


def test_validate_prints_warnings_exits_0_and_strict_makes_them_errors(tmp_path, capsys):
    data = pack_data()
    data["questions"][0]["choices"][2]["text"] = "None of the above"
    path = write_pack(tmp_path, data)
    lesson = write_lesson(tmp_path)
    assert main(["validate", str(path), str(lesson)]) == 0
    out = capsys.readouterr().out
    assert "warning" in out and "all/none of the above" in out
    assert main(["validate", "--strict", str(path), str(lesson)]) == 1
    assert "error: question 'q-single'" in capsys.readouterr().out
    assert main(["validate", "--format", "json", str(path), str(lesson)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "all-of-the-above" in [p["code"] for p in report["problems"]]


def test_only_the_files_being_checked_are_linted(tmp_path, capsys):
    data = pack_data()
    data["questions"][0]["choices"][2]["text"] = "None of the above"
    write_pack(tmp_path, data)
    lesson = write_lesson(tmp_path)
    main(["validate", str(lesson)])
    assert "all/none of the above" not in capsys.readouterr().out


def test_an_accepted_answer_of_only_punctuation_is_flagged_and_with_no_other_it_is_an_error(tmp_path, capsys):
    """Typed answers are compared ignoring case, spaces and punctuation: "?!" can never be
    matched, so a short answer whose accepted answers are all like that can never be right."""
    data = pack_data()
    data["questions"][5]["accepted"] = ["angiogenesis", "?!"]
    (flagged,) = [p for p in lint(tmp_path, data) if p.code == "unmatchable-answer"]
    assert (flagged.question, flagged.severity, flagged.field) == ("q-short", "warning", "accepted[2]")
    data["questions"][5]["accepted"] = ["...", "- -"]
    path = write_pack(tmp_path, data)
    lesson = write_lesson(tmp_path)
    assert main(["validate", str(path), str(lesson)]) == 1
    out = capsys.readouterr().out
    assert "no typed answer can match it" in out and "no learner can ever get this question right" in out


def test_a_misconception_tag_without_a_description_is_flagged_on_its_line_once(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][2]["misconception"] = "c-is-right"
    data["questions"][1]["choices"][1]["misconception"] = "c-is-right"  # the same tag again: one warning
    data["questions"][2]["misconception"] = "false-is-right"
    problems = lint(tmp_path, data)
    assert codes(problems) == ["undescribed-misconception", "undescribed-misconception"]
    lines = (tmp_path / "pack.toml").read_text(encoding="utf-8").split("\n")
    first, second = problems
    assert first.question == "q-single" and first.field == "choices[3].misconception"
    assert 'misconception = "c-is-right"' in lines[first.line - 1]
    assert second.question == "q-true-false" and second.field == "misconception"
    assert 'misconception = "false-is-right"' in lines[second.line - 1]
    assert "[misconceptions]" in first.message and "'c-is-right'" in first.message


def test_a_description_no_question_uses_is_flagged_and_validate_prints_file_and_line(tmp_path, capsys):
    data = pack_data()
    data["misconceptions"]["a-typo"] = "Described, but no question says a-typo."
    path = write_pack(tmp_path, data)
    (problem,) = lint_pack(load_pack(path), today=TODAY)
    assert problem.code == "unused-misconception"
    assert 'a-typo = "' in path.read_text(encoding="utf-8").split("\n")[problem.line - 1]
    write_lesson(tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"pack.toml:{problem.line}: warning: " in out and "[misconceptions] describes 'a-typo'" in out


def test_a_misconception_description_is_checked_like_any_text(tmp_path):
    from learnmeta.content.errors import ContentError

    data = pack_data()
    data["misconceptions"]["Not An Id"] = "A tag must be an id."
    with pytest.raises(ContentError) as raised:
        load_pack(write_pack(tmp_path, data))
    assert "misconceptions" in str(raised.value)
