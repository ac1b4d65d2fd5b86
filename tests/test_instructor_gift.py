"""GIFT import and export: what an instructor moving questions from and to Moodle gets."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import pack_data, write_pack
from learnmeta import checks
from learnmeta.cli import main
from learnmeta.content import models
from learnmeta.content.library import load_library
from learnmeta.content.loader import load_pack
from learnmeta.instructor.gift import PLACEHOLDER_EXPLANATION, parse_gift, write_gift

FIXTURES = Path(__file__).parent / "fixtures" / "gift"
LESSON = "what-is-metastatic-cancer"


def first_section() -> str:
    return load_library(user_packs=False).lesson(LESSON).pages[0].id


def import_file(tmp_path, capsys, source: Path, name: str = "out.toml", *extra: str):
    out = tmp_path / name
    status = main(["import-gift", str(source), "-o", str(out), *extra])
    captured = capsys.readouterr()
    return status, out, captured


def questions_by_id(path: Path) -> dict:
    return {q["id"]: q for q in tomllib.loads(path.read_text(encoding="utf-8"))["questions"]}


def test_importing_the_full_format_fixture_gives_a_valid_pack_with_every_supported_type(tmp_path, capsys):
    status, out, captured = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    assert status == 0, captured.err
    assert "Imported 10 question(s)" in captured.out
    load_pack(out)  # raises if invalid
    assert main(["validate", str(out)]) == 0
    assert "error" not in capsys.readouterr().out.replace("0 error", "")
    q = questions_by_id(out)
    assert [q[k]["type"] for k in ("naming-rule", "common-sites", "same-cells", "word-for-spread", "match-organs")] == [
        "single", "multiple", "true_false", "short_answer", "matching"
    ]
    assert all(item["lesson"] == LESSON and item["section"] == first_section() for item in q.values())


def test_choices_keep_their_feedback_and_the_general_feedback_becomes_the_explanation(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    naming = questions_by_id(out)["naming-rule"]
    assert naming["prompt"] == "Colon cancer has spread to the liver. What is it **called**?"
    assert naming["explanation"] == "Cancer is named after the place where it started."
    assert [(c["text"], c.get("correct", False)) for c in naming["choices"]] == [
        ("Metastatic colon cancer", True),
        ("Liver cancer", False),
        ("Colon cancer of the liver {rare}", False),
    ]
    assert naming["choices"][1]["feedback"] == "Not quite. The cells in the liver are still colon cancer cells."


def test_weighted_answers_become_a_multiple_choice_question_with_the_positive_ones_right(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    sites = questions_by_id(out)["common-sites"]
    assert sites["type"] == "multiple"
    assert [(c["text"], c.get("correct", False)) for c in sites["choices"]] == [
        ("Bones", True), ("Liver", True), ("Skin only", False)
    ]


def test_true_false_feedback_goes_to_the_answer_the_learner_gave(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    q = questions_by_id(out)
    # {T#shown when wrong#shown when right}: the learner who says false is wrong.
    assert q["same-cells"]["answer"] is True
    assert q["same-cells"]["feedback_false"] == "Not quite. The cells keep their type."
    assert q["same-cells"]["feedback_true"] == "Yes. They are the same kind of cells."
    # {FALSE#...#...}: the learner who says true is wrong.
    assert q["false-statement"]["answer"] is False
    assert q["false-statement"]["feedback_true"] == "Not quite: it is the same cancer."
    assert q["false-statement"]["feedback_false"] == "Right: it is the same cancer that has spread."


def test_short_answers_keep_every_fully_right_answer_and_the_catch_all_feedback(tmp_path, capsys):
    _, out, captured = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    word = questions_by_id(out)["word-for-spread"]
    assert word["accepted"] == ["metastatic", "metastasis"]
    assert word["feedback_wrong"] == 'It starts with "meta".'
    assert "partly right answer 'metastasised'" in captured.out


def test_matching_pairs_and_an_empty_left_side_as_a_distractor(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    match = questions_by_id(out)["match-organs"]
    assert match["prompt"] == "Match each primary cancer to a common site & spread."  # [html] tags gone
    assert match["pairs"][0] == {"left": "Breast cancer", "right": "Bones"}
    assert match["distractors"] == ["Skin"]


def test_escapes_multiline_text_titles_and_categories(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    q = questions_by_id(out)
    escaped = q["escapes-all-of-them"]
    assert escaped["prompt"] == (
        "Which text has every special character: a ~ tilde, an = equals, a # hash, { braces }, "
        "a colon: and a backslash \\?"
    )
    assert escaped["choices"][0]["text"] == "The one with ~ = # { } : \\"
    assert escaped["choices"][0]["feedback"] == "Right: it has them all."
    assert q["multiline-question"]["prompt"] == "This question\nspans several lines\nand has an escaped new line."
    assert q["multiline-question"]["choices"][1]["feedback"] == "Feedback on\ntwo lines."
    assert "q9" in q  # an untitled question gets an id from its position
    assert q["naming-rule"]["tags"] == ["health-101", "week-1"]
    assert q["common-sites"]["tags"] == ["health-101", "week-1", "spread"]  # plus // [tag:spread]
    assert q["match-organs"]["tags"] == ["health-101", "week-2"]


def test_questions_without_general_feedback_get_a_placeholder_and_the_note_says_so(tmp_path, capsys):
    _, out, captured = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    assert questions_by_id(out)["q9"]["explanation"] == PLACEHOLDER_EXPLANATION
    assert "5 question(s) had no general feedback" in captured.out
    assert f"lesson '{LESSON}'" in captured.out and f"section '{first_section()}'" in captured.out


def test_unsupported_types_are_listed_by_title_on_stderr_and_skipped(tmp_path, capsys):
    status, out, captured = import_file(tmp_path, capsys, FIXTURES / "full_format.gift")
    assert status == 0
    for title, kind in [
        ("Numerical age", "numerical"),
        ("Essay reflection", "essay"),
        ("Just a description", "description"),
        ("Embedded cloze", "embedded"),
    ]:
        line = next(line for line in captured.err.splitlines() if f"'{title}'" in line)
        assert kind in line and "skipped" in line
    assert "'Missing word'" not in captured.err  # a missing-word question imports (below)
    assert len(questions_by_id(out)) == 10


def test_a_moodle_export_with_html_and_id_comments_imports(tmp_path, capsys):
    status, out, captured = import_file(tmp_path, capsys, FIXTURES / "moodle_export.gift")
    assert status == 0, captured.err
    q = questions_by_id(out)
    assert q["where-breast-cancer-spreads"]["choices"][0] == {
        "id": "the-bones", "text": "The bones", "correct": True, "feedback": "Yes."
    }
    assert q["where-breast-cancer-spreads"]["tags"] == ["sites"]
    assert q["tf-plain"]["answer"] is True and "feedback_true" not in q["tf-plain"]
    assert q["one-feedback"]["feedback_false"] == "No, it is named after where it started."
    assert q["short"]["accepted"] == ["lymph", "Lymph fluid"]
    assert "'Num'" in captured.err and "'Desc'" in captured.err


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("::A::First question {=a ~b}\n\n::B::Second question {=a ~b\n\n", 3, "never closed"),
        ("::A::Broken } question {=a ~b}\n", 1, "no '{' before it"),
        ("::A::Short {xyz}\n", 1, "must start with ="),
        ("\n\n::A::Two { blocks {=a ~b}\n", 3, "inside an answer block"),
        ("::A::Matching {=a -> b =c}\n", 1, "matching"),
        ("::No end title {=a ~b}\n", 1, "not closed"),
    ],
)
def test_a_gift_syntax_error_names_the_file_and_line_and_writes_nothing(tmp_path, capsys, text, line, words):
    source = tmp_path / "bad.gift"
    source.write_text(text, encoding="utf-8")
    status, out, captured = import_file(tmp_path, capsys, source)
    assert status == 1
    assert f"{source}:{line}: error:" in captured.err
    assert words in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_a_file_with_only_unsupported_questions_is_an_error_not_an_empty_pack(tmp_path, capsys):
    source = tmp_path / "essays.gift"
    source.write_text("::E1::Write.{}\n\n::N1::Count.{#3}\n", encoding="utf-8")
    status, out, captured = import_file(tmp_path, capsys, source)
    assert status == 1
    assert "no question could be imported" in captured.err
    assert not out.exists()


def test_a_question_learnmeta_would_reject_is_skipped_with_the_reason(tmp_path, capsys):
    source = tmp_path / "long.gift"
    long_choice = "x" * 250
    source.write_text(f"::Long::Which?{{={long_choice} ~short}}\n\n::Ok::Which?{{=a ~b}}\n", encoding="utf-8")
    status, out, captured = import_file(tmp_path, capsys, source)
    assert status == 0
    assert "'Long'" in captured.err and "200" in captured.err
    assert list(questions_by_id(out)) == ["ok"]


def test_import_refuses_to_overwrite_without_force_and_rejects_unknown_lessons(tmp_path, capsys):
    out = tmp_path / "out.toml"
    out.write_text("keep me", encoding="utf-8")
    assert main(["import-gift", str(FIXTURES / "full_format.gift"), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["import-gift", str(FIXTURES / "full_format.gift"), "-o", str(out), "--force",
                 "--lesson", "no-such-lesson"]) == 2
    err = capsys.readouterr().err
    assert "no-such-lesson" in err and LESSON in err
    assert main(["import-gift", str(tmp_path / "missing.gift"), "-o", str(tmp_path / "x.toml")]) == 2
    assert main(["import-gift", str(FIXTURES / "full_format.gift"), "-o", str(out), "--force",
                 "--id", "Not An Id"]) == 2


def test_an_imported_pack_never_takes_the_id_of_a_built_in_pack(tmp_path, capsys):
    status, out, captured = import_file(tmp_path, capsys, FIXTURES / "full_format.gift", f"{LESSON}.toml")
    assert status == 0
    assert load_pack(out).id == f"{LESSON}-gift"
    assert main(["validate", str(out)]) == 0
    assert main(["import-gift", str(FIXTURES / "full_format.gift"), "-o", str(tmp_path / "x.toml"),
                 "--id", LESSON]) == 2


def test_the_pack_id_comes_from_id_or_the_output_name(tmp_path, capsys):
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift", "Week 1 Quiz.toml")
    assert load_pack(out).id == "week-1-quiz"
    _, out, _ = import_file(tmp_path, capsys, FIXTURES / "full_format.gift", "other.toml", "--id", "my-pack")
    assert load_pack(out).id == "my-pack"


# ----------------------------------------------------------------------------------------------
# Export and round trips
# ----------------------------------------------------------------------------------------------


def comparable(pack_path: Path) -> list[dict]:
    """What GIFT can express of each question (choice ids are not in GIFT)."""
    out = []
    for q in tomllib.loads(pack_path.read_text(encoding="utf-8"))["questions"]:
        q = dict(q)
        for key in ("lesson", "section", "hints", "source", "allow_typo", "shuffle", "misconception"):
            q.pop(key, None)
        if "choices" in q:
            q["choices"] = [
                {k: v for k, v in c.items() if k not in ("id", "misconception")} for c in q["choices"]
            ]
        if "pairs" in q:
            q["pairs"] = [{k: v for k, v in p.items() if k != "feedback"} for p in q["pairs"]]
        out.append(q)
    return out


@pytest.mark.parametrize("fixture", ["full_format.gift", "moodle_export.gift"])
def test_import_export_import_gives_the_same_questions(tmp_path, capsys, fixture):
    _, first, _ = import_file(tmp_path, capsys, FIXTURES / fixture, "first.toml")
    gift = tmp_path / "again.gift"
    assert main(["export-gift", str(first), "-o", str(gift)]) == 0
    capsys.readouterr()
    _, second, captured = import_file(tmp_path, capsys, gift, "second.toml")
    assert captured.err == ""  # nothing skipped, nothing lost
    assert comparable(second) == comparable(first)


def test_export_warns_per_question_about_what_gift_cannot_hold(tmp_path, capsys):
    pack = write_pack(tmp_path)
    gift = tmp_path / "pack.gift"
    assert main(["export-gift", str(pack), "-o", str(gift)]) == 0
    captured = capsys.readouterr()
    assert "question 'q-ordering': left out: GIFT has no ordering question type" in captured.err
    assert "question 'q-single': lost: 2 hint(s)" in captured.err
    assert "question 'q-single': lost: the choices' misconception tags" in captured.err
    assert "question 'q-short': lost: allow_typo" in captured.err
    assert "Wrote 5 question(s)" in captured.out
    assert "::q-ordering::" not in gift.read_text(encoding="utf-8")


def test_a_pack_exported_and_imported_keeps_everything_gift_expresses(tmp_path, capsys):
    pack = write_pack(tmp_path)
    gift = tmp_path / "pack.gift"
    main(["export-gift", str(pack), "-o", str(gift)])
    capsys.readouterr()
    _, back, _ = import_file(tmp_path, capsys, gift, "back.toml")
    original = [q for q in comparable(pack) if q["type"] != "ordering"]
    assert comparable(back) == original


def test_export_takes_a_built_in_pack_id_and_refuses_unknown_ones(tmp_path, capsys):
    gift = tmp_path / "builtin.gift"
    assert main(["export-gift", LESSON, "-o", str(gift)]) == 0
    assert gift.read_text(encoding="utf-8").count("::") >= 2
    assert main(["export-gift", "no-such-pack", "-o", str(tmp_path / "x.gift")]) == 2
    assert "no pack has the id 'no-such-pack'" in capsys.readouterr().err
    assert main(["export-gift", LESSON, "-o", str(gift)]) == 2  # exists, no --force


def test_export_of_an_invalid_pack_says_why_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[pack]\nid = 'x'\n", encoding="utf-8")
    assert main(["export-gift", str(bad), "-o", str(tmp_path / "bad.gift")]) == 1
    assert "bad.toml" in capsys.readouterr().err
    assert not (tmp_path / "bad.gift").exists()


_WORD = st.text(alphabet="abcXYZ019~=#{}:\\->[]%*", min_size=1, max_size=8)
_TEXT = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(prompt=_TEXT, right=_TEXT, wrong=_TEXT, feedback=_TEXT, explanation=_TEXT)
def test_any_text_survives_a_round_trip_through_gift(prompt, right, wrong, feedback, explanation):
    if right.casefold() == wrong.casefold():
        wrong = wrong + " other"
    data = pack_data()
    single = data["questions"][0]
    single.update(prompt=prompt, explanation=explanation)
    single["choices"] = [
        {"id": "a", "text": right, "correct": True},
        {"id": "b", "text": wrong, "feedback": feedback},
    ]
    pack = checks.validate(models.Pack, {**data, "questions": [single]})
    text, _ = write_gift(pack)
    result = parse_gift(text, lesson="l", section="s")
    assert result.errors == [] and result.skipped == []
    (back,) = result.questions
    assert back["prompt"] == prompt
    assert back["explanation"] == explanation
    assert [(c["text"], c.get("correct", False), c.get("feedback")) for c in back["choices"]] == [
        (right, True, None),
        (wrong, False, feedback),
    ]


def test_answer_text_that_looks_like_a_weight_is_kept_as_text():
    data = pack_data()
    single = data["questions"][0]
    single["choices"] = [
        {"id": "a", "text": "%50% of people", "correct": True},
        {"id": "b", "text": "%10% of people", "feedback": "No."},
    ]
    short = data["questions"][5]
    short["accepted"] = ["%5%"]
    pack = checks.validate(models.Pack, {**data, "questions": [single, short]})
    result = parse_gift(write_gift(pack)[0], lesson="l", section="s")
    assert [c["text"] for c in result.questions[0]["choices"]] == ["%50% of people", "%10% of people"]
    assert result.questions[0]["type"] == "single"
    assert result.questions[1]["accepted"] == ["%5%"]
    assert result.notes == []


def test_the_import_command_runs_end_to_end_as_a_program(tmp_path):
    out = tmp_path / "e2e.toml"
    done = subprocess.run(
        [sys.executable, "-m", "learnmeta", "import-gift", str(FIXTURES / "full_format.gift"), "-o", str(out)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "learnmeta", "validate", str(out)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0
    assert "error:" not in checked.stdout


def test_many_questions_with_one_title_get_numbered_ids_without_trying_every_number_again(monkeypatch):
    """20,000 questions titled alike (the most a pack holds) took about a minute to import: each
    question's id tried q-2, q-3... from the start. Each number is now tried about once."""
    from learnmeta.instructor import gift

    lookups = 0
    contains = gift._Ids.__contains__

    def counted(self, qid):
        nonlocal lookups
        lookups += 1
        return contains(self, qid)

    monkeypatch.setattr(gift._Ids, "__contains__", counted)
    result = gift.parse_gift("::q:: a {=b ~c}\n\n" * 2000, lesson="l", section="s")
    ids = [question["id"] for question in result.questions]
    assert ids == ["q", *[f"q-{n}" for n in range(2, 2001)]]
    assert lookups < 3 * 2000


def test_a_gift_file_of_more_questions_than_a_pack_holds_is_refused_plainly(tmp_path, capsys):
    from learnmeta.cli import main

    source = tmp_path / "big.gift"
    source.write_text("::q:: a {=b ~c}\n\n" * 20_001, encoding="utf-8")
    output = tmp_path / "big.toml"
    assert main(["import-gift", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert "20,001 questions" in err and "at most 20,000" in err and "split" in err
    assert "did not pass its own check" not in err and "None" not in err
    assert not output.exists()


def test_export_says_the_left_out_list_is_on_standard_error(tmp_path, capsys):
    """The list of left-out questions goes to stderr; with stdout sent to a file it is not
    'listed above', so stdout says where it is."""
    pack = write_pack(tmp_path)
    assert main(["export-gift", str(pack), "-o", str(tmp_path / "pack.gift")]) == 0
    captured = capsys.readouterr()
    assert "above" not in captured.out
    assert "Left out 1 question(s) that GIFT cannot express (each named in a warning on standard error)." in captured.out
    assert "question 'q-ordering': left out" in captured.err
