"""`learnmeta validate` says every mistake of a pack, a lesson or the glossary in one run.

The checks across fields and files (a question's lesson and section, the question pool, ids used
twice, the knowledge check, terms defined twice) used to wait until every field's own error was
fixed, so an instructor fixed, ran validate again, and met a new round of errors. These tests
write content with one mistake of each kind, check that one run names them all, each with its
file and line, and that fixing exactly what it named leaves nothing: no second round. A part
that is broken is left out of the checks that would only repeat its error.
"""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import GLOSSARY, LESSON, LESSON_ID, pack_data, write_lesson, write_pack
from learnmeta.cli import main
from learnmeta.content.library import load_library
from test_content_fuzz import ALL_PATHS, set_at, toml_values


def validate(capsys, *paths) -> tuple[int, list[str]]:
    """validate's exit status and its error lines (warnings left out)."""
    status = main(["validate", *map(str, paths)])
    out = capsys.readouterr().out
    return status, [line for line in out.splitlines() if ": error: " in line]


def question(data: dict, qid: str) -> dict:
    return next(q for q in data["questions"] if q["id"] == qid)


def with_one_of_each_question(data: dict) -> dict:
    """The pack with a copy of its single-answer question for each mistake below, so that each
    mistake is in a question of its own."""
    single = question(data, "q-single")
    for qid in ("q-no-prompt", "q-bad-correct", "q-dup-choice", "q-no-lesson", "q-no-section", "q-twice"):
        data["questions"].append({**copy.deepcopy(single), "id": qid})
    return data


def broken(data: dict) -> dict:
    """One mistake of each kind, each in its own place."""
    data["pack"]["pass_mark"] = 150                                  # a field's own bounds
    data["pack"]["lessons"].append("no-such-lesson")                  # a lesson that does not exist
    data["pack"]["draw"] = 50                                         # more than the pack has
    data["pack"]["draw_by_tag"] = {"nosuchtag": 1}                    # a tag no question has
    del question(data, "q-no-prompt")["prompt"]                       # a field missing
    question(data, "q-bad-correct")["choices"][1]["correct"] = "yes"  # a field of the wrong type
    question(data, "q-single")["choices"][1]["correct"] = False       # no right choice
    question(data, "q-dup-choice")["choices"][2]["id"] = "a"          # a choice id twice
    question(data, "q-matching")["pairs"][1]["left"] = "Breast"       # two pairs, one left item
    question(data, "q-multiple")["choices"][0]["correct"] = False     # ...
    question(data, "q-multiple")["choices"][2]["correct"] = False     # no right choice
    question(data, "q-no-lesson")["lesson"] = "no-lesson-here"        # a question's lesson
    question(data, "q-no-section")["section"] = "no-such-section"     # a question's section
    question(data, "q-twice")["id"] = "q-ordering"                    # a question id twice
    return data


EXPECTED = [
    "'pack.pass_mark' must be at most 100",
    "'pack.lessons[2]': no lesson has the id 'no-such-lesson'",
    "'pack.draw': draw = 50 asks for more questions than the pack has (12)",
    "'pack.draw_by_tag.nosuchtag': no question has the tag 'nosuchtag'",
    "question 'q-no-prompt', 'prompt' is missing",
    "question 'q-bad-correct', 'choices[2].correct' should be true or false, not text",
    "question 'q-single': a 'single' question needs exactly one choice with correct = true; it has 0",
    "question 'q-dup-choice': choice id 'a' is used more than once",
    "question 'q-matching': two pairs have the same left-hand item",
    "question 'q-multiple': a 'multiple' question needs at least one choice with correct = true",
    "question 'q-no-lesson', 'lesson': no lesson has the id 'no-lesson-here'",
    "question 'q-no-section', 'section': lesson 'test-lesson' has no section 'no-such-section'",
    "question 'q-ordering', 'id': question id 'q-ordering' is used more than once in this pack",
]


def test_one_run_names_every_mistake_of_a_pack_each_with_its_line(tmp_path, capsys):
    write_lesson(tmp_path)
    path = write_pack(tmp_path, broken(with_one_of_each_question(pack_data())))
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    for expected in EXPECTED:
        found = [line for line in errors if expected in line]
        assert len(found) == 1, (expected, errors)
        assert re.match(rf"{re.escape(str(path))}:\d+: error: ", found[0]), found[0]
    assert len(errors) == len(EXPECTED), errors


def test_fixing_what_the_one_run_named_leaves_nothing_to_find(tmp_path, capsys):
    """No second round: with each named mistake fixed, the pack is valid."""
    write_lesson(tmp_path)
    data = with_one_of_each_question(pack_data())
    data["questions"] = [q for q in data["questions"] if q["id"] != "q-twice"]  # the id used twice
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert (status, errors) == (0, [])


def test_a_broken_field_is_left_out_of_the_checks_that_need_it(tmp_path, capsys):
    """A question whose lesson, section or tags are broken is not also told that the lesson or
    section does not exist, or that no question carries a tag; its other questions still are."""
    write_lesson(tmp_path)
    data = pack_data()
    question(data, "q-single")["lesson"] = "Not An Id"          # its own error only
    question(data, "q-multiple")["type"] = "several"            # nothing of it is checked
    question(data, "q-multiple")["section"] = "no-such-section"
    question(data, "q-true-false")["tags"] = "only-here"        # not a list: tags unknown
    data["pack"]["draw"] = 3
    data["pack"]["draw_by_tag"] = {"only-here": 1}
    question(data, "q-short")["section"] = "no-such-section"    # a sound question: still checked
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    assert len(errors) == 4, errors
    assert any("question 'q-single', 'lesson' must be an id" in line for line in errors), errors
    assert any("question 'q-multiple': 'type' must be one of" in line for line in errors), errors
    assert any("question 'q-true-false', 'tags' should be a list" in line for line in errors), errors
    assert any("question 'q-short', 'section': lesson 'test-lesson' has no section 'no-such-section'" in line
               for line in errors), errors


def test_a_questions_checks_of_its_fields_together_come_with_its_field_errors(tmp_path, capsys):
    """A question's checks of its fields together (exactly one right choice, a choice id used
    once, a matching question's items) waited until every field of that question was right: an
    instructor fixed a missing prompt, ran validate again, and only then heard that no choice was
    right. Now one run says both, each with the file and the question's line; fixing what it
    named leaves nothing."""
    write_lesson(tmp_path)
    data = pack_data()
    single = question(data, "q-single")
    del single["prompt"]                                          # a field missing...
    single["choices"][1]["correct"] = False                       # ...and no right choice
    single["choices"][0]["feedback"] = "x" * 2001                 # (a choice's feedback: not read)
    multiple = question(data, "q-multiple")
    multiple["explanation"] = 5                                   # a field of the wrong type...
    multiple["choices"][2]["id"] = "a"                            # ...a choice id twice...
    for choice in multiple["choices"]:
        choice["correct"] = False                                 # ...and no right choice
    matching = question(data, "q-matching")
    matching["hints"] = "not a list"                              # a field of the wrong type...
    matching["pairs"][1]["left"] = "Breast"                       # ...two pairs, one left item...
    matching["distractors"] = ["Bones"]                           # ...a distractor that is an answer
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    text = path.read_text(encoding="utf-8").splitlines()

    def line_of(qid: str) -> int:
        return next(n for n, line in enumerate(text, 1) if line.strip() == f'id = "{qid}"')

    expected = [
        ("q-single", "question 'q-single', 'prompt' is missing"),
        ("q-single", "question 'q-single': a 'single' question needs exactly one choice with correct = true; it has 0"),
        (None, "question 'q-single', 'choices[1].feedback' is too long"),
        (None, "question 'q-multiple', 'explanation' should be text in quotes"),
        ("q-multiple", "question 'q-multiple': choice id 'a' is used more than once"),
        ("q-multiple", "question 'q-multiple': a 'multiple' question needs at least one choice with correct = true"),
        (None, "question 'q-matching', 'hints' should be a list"),
        ("q-matching", "question 'q-matching': two pairs have the same left-hand item"),
        ("q-matching", "question 'q-matching': distractor 'Bones' is also a right-hand item of a pair"),
    ]
    for qid, message in expected:
        found = [line for line in errors if message in line]
        assert len(found) == 1, (message, errors)
        if qid is not None:  # on its [[questions]] line, as when its fields are all right
            assert found[0].startswith(f"{path}:{line_of(qid) - 1}: error: "), found[0]
    assert len(errors) == len(expected), errors

    del single["choices"][0]["feedback"]
    single["prompt"] = "Pick b."
    single["choices"][1]["correct"] = True
    multiple["explanation"] = "Because."
    multiple["choices"][2]["id"] = "c"
    multiple["choices"][0]["correct"] = True
    del matching["hints"]
    matching["pairs"][1]["left"] = "Colon"
    matching["distractors"] = ["Skin"]
    write_pack(tmp_path, data)
    assert validate(capsys, path, tmp_path / "lesson.md") == (0, [])


def test_a_check_of_fields_together_does_not_guess_from_a_broken_field(tmp_path, capsys):
    """Where the check together would read a field that is broken, it is not run: the only right
    choice's `correct = "yes"` is its own error, not also "no choice is right"; nor is a choice
    whose key is misspelt (`corect`) counted as a wrong one."""
    write_lesson(tmp_path)
    data = pack_data()
    single = question(data, "q-single")
    del single["prompt"]
    single["choices"][1]["correct"] = "yes"
    multiple = question(data, "q-multiple")
    multiple["explanation"] = 5
    multiple["choices"][1]["correct"] = True
    for number in (0, 2):
        multiple["choices"][number]["corect"] = multiple["choices"][number].pop("correct")
    multiple["choices"][1]["correct"] = False
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    assert not any("with correct = true" in line for line in errors), errors
    assert len(errors) == 5, errors  # prompt, correct, explanation, the two misspelt keys


def test_a_short_answer_no_one_can_match_is_said_with_the_questions_other_mistake(tmp_path, capsys):
    """Accepted answers that are only punctuation (no typed answer can match them) are an
    error, found by the item-writing checks, which ran only on questions with no mistake of
    their own: after fixing the prompt, a second run said it. Now the same run does; the
    warnings (one of several answers unmatchable) still wait for a question with no error."""
    write_lesson(tmp_path)
    data = pack_data()
    short = question(data, "q-short")
    short["prompt"] = 5
    short["accepted"] = ["??", "--"]
    again = {**copy.deepcopy(short), "id": "q-short-again", "accepted": ["??", "angiogenesis"]}
    data["questions"].append(again)
    path = write_pack(tmp_path, data)
    status = main(["validate", str(path), str(tmp_path / "lesson.md")])
    out = capsys.readouterr().out
    assert status == 1
    assert "question 'q-short', 'prompt' should be text in quotes" in out, out
    assert ("error: question 'q-short', 'accepted[2]': the accepted answer '--' is only punctuation "
            "and spaces, which are ignored when answers are compared: no typed answer can match it; "
            "no learner can ever get this question right") in out, out
    assert "question 'q-short-again', 'prompt' should be text in quotes" in out, out
    assert "'q-short-again', 'accepted" not in out, out
    assert out.count(": error: ") == 3 and ": warning: " not in out, out


def test_a_spread_patterns_sites_are_checked_with_the_lessons_other_mistakes(tmp_path, capsys):
    """The same in a lesson: a site named in site_names but not in sites is said beside a
    mistake in another field of the same pattern."""
    pattern = ('[[spread_patterns]]\nprimary = "' + "x" * 201 + '"\nsites = ["bones"]\n'
               'site_names = { lungs = "the other lung" }\n')
    lesson = write_lesson(tmp_path, LESSON.replace("[[sources]]", pattern + "\n[[sources]]"))
    write_pack(tmp_path)
    status, errors = validate(capsys, lesson, tmp_path / "pack.toml")
    assert status == 1
    assert any("'spread_patterns[1].primary' is too long" in line for line in errors), errors
    assert any("site_names names 'lungs', which is not one of this pattern's sites" in line
               for line in errors), errors
    assert len(errors) == 2, errors


BROKEN_LESSON = (
    LESSON.replace("order = 99", 'order = "ninety-nine"')
    .replace('questions = ["q-single", "q-true-false"]', 'questions = ["q-single", "q-gone"]')
    .replace("## The second page {#s2}", "## The second page {#s1 .trainees}")
)


def test_one_run_names_every_mistake_of_a_lesson(tmp_path, capsys):
    lesson = write_lesson(tmp_path, BROKEN_LESSON)
    data = pack_data()
    question(data, "q-multiple")["section"] = "s9"   # the broken lesson has no s9
    pack = write_pack(tmp_path, data)
    status, errors = validate(capsys, lesson, pack)
    assert status == 1
    expected = [
        (lesson, "'order' should be a whole number, not text"),
        (lesson, "'knowledge_check.questions': pack 'test-pack' has no question 'q-gone'"),
        (lesson, "unknown page class '.trainees'; did you mean '.trainee'?"),
        (lesson, "section id 's1' is used twice (first on line "),
        (pack, "question 'q-multiple', 'section': lesson 'test-lesson' has no section 's9'"),
    ]
    for path, message in expected:
        assert any(re.match(rf"{re.escape(str(path))}:\d+: error: .*{re.escape(message)}", line)
                   for line in errors), (message, errors)
    # The lesson did not load, but the pack's questions on it are not told it does not exist.
    assert not any(f"no lesson has the id '{LESSON_ID}'" in line for line in errors), errors
    assert len(errors) == len(expected), errors


def test_a_lesson_of_too_many_pages_says_so_with_its_other_mistakes(tmp_path, capsys):
    pages = "".join(f"## Page {n} {{#p{n}}}\n\nText.\n\n" for n in range(61))
    body = LESSON.split("+++\n", 2)
    text = f"+++\n{body[1]}+++\n\n{pages}".replace("knowledge_check", "# knowledge_check")
    write_lesson(tmp_path, text, "sound.md")
    write_lesson(tmp_path, text.replace("order = 99", 'order = "x"'), "broken.md")
    status, errors = validate(capsys, tmp_path / "sound.md")
    assert status == 1 and len(errors) == 1 and "'pages' has too many items: at most 60" in errors[0]
    status, errors = validate(capsys, tmp_path / "broken.md")
    assert status == 1
    assert any("'pages' has too many items: at most 60" in line for line in errors), errors
    assert any("'order' should be a whole number" in line for line in errors), errors


def test_a_knowledge_check_is_checked_against_a_pack_that_did_not_load(tmp_path, capsys):
    """A question missing from a pack that did not load is named when every question's id could
    be read, and not when one could not (it may be the one asked for)."""
    lesson = write_lesson(tmp_path, LESSON.replace('"q-true-false"]', '"q-gone"]'))
    data = pack_data()
    data["pack"]["pass_mark"] = 150
    pack = write_pack(tmp_path, data)
    status, errors = validate(capsys, lesson, pack)
    assert status == 1
    assert any("pack 'test-pack' has no question 'q-gone'" in line for line in errors), errors
    question(data, "q-short")["id"] = "Q Short"
    write_pack(tmp_path, data)
    status, errors = validate(capsys, lesson, pack)
    assert not any("has no question" in line for line in errors), errors


def test_a_broken_pack_that_takes_a_reserved_id_is_told_so_in_the_same_run(tmp_path, capsys):
    write_lesson(tmp_path)
    data = pack_data()
    data["pack"]["id"] = "mastery-check"  # a built-in pack's
    data["pack"]["pass_mark"] = 150
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    assert any("pack id 'mastery-check' is reserved" in line for line in errors), errors
    assert any("'pack.pass_mark' must be at most 100" in line for line in errors), errors


def test_a_term_defined_twice_is_said_with_the_glossarys_other_mistakes(tmp_path, capsys):
    text = GLOSSARY + '\n[[terms]]\nterm = "Metastases"\ndefinition = 5\n\n[[terms]]\nterm = "spread"\ndefinition = 7\n'
    path = tmp_path / "glossary.toml"
    path.write_text(text.replace('definition = 7', 'definition = "Moving."'), encoding="utf-8")
    status, errors = validate(capsys, path)
    assert status == 1
    assert any("'Metastases' is defined twice (in 'metastasis' and in 'Metastases')" in line
               for line in errors), errors
    assert any("definition' should be text in quotes" in line for line in errors), errors


def test_a_misspelt_key_is_not_taken_for_a_missing_one(tmp_path, capsys):
    """`drw = 3` beside draw_by_tag, and `tag = [...]` in a question: the unknown key is named,
    without 'draw_by_tag needs draw' or 'no question has the tag', which its spelling explains."""
    write_lesson(tmp_path)
    data = pack_data()
    data["pack"]["drw"] = 3
    data["pack"]["draw_by_tag"] = {"only-here": 1}
    question(data, "q-single")["tag"] = ["only-here"]
    path = write_pack(tmp_path, data)
    status, errors = validate(capsys, path, tmp_path / "lesson.md")
    assert status == 1
    assert len(errors) == 2, errors
    assert any("unknown key 'drw'; did you mean 'draw'?" in line for line in errors), errors
    assert any("unknown key 'tag'; did you mean 'tags'?" in line for line in errors), errors


def test_a_file_whose_toml_is_broken_is_not_said_to_be_missing(tmp_path, capsys):
    """A lesson or a pack that does not parse still gives its id, read line by line: a pack's
    questions on the lesson, or a lesson's knowledge check of the pack, are not told that no
    lesson or pack has that id."""
    lesson = write_lesson(tmp_path, LESSON.replace("order = 99", "order = = 99"))
    pack = write_pack(tmp_path)
    status, errors = validate(capsys, lesson, pack)
    assert status == 1
    assert len(errors) == 1 and "lesson.md:5: error: this is not valid TOML" in errors[0], errors

    write_lesson(tmp_path)
    pack.write_text(pack.read_text(encoding="utf-8").replace("pass_mark = 80", "pass_mark = = 80"),
                    encoding="utf-8")
    status, errors = validate(capsys, lesson, pack)
    assert status == 1
    assert len(errors) == 1 and "pack.toml" in errors[0] and "this is not valid TOML" in errors[0], errors


FUZZ = settings(max_examples=150, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(where=st.sampled_from(ALL_PATHS), value=toml_values,
       lesson_line=st.sampled_from(LESSON.split("\n")[1:12]), lesson_value=st.text(max_size=12))
def test_whatever_is_broken_the_checks_across_files_run_without_failing(
        tmp_path, where, value, lesson_line, lesson_value):
    """The checks across files run on what could be read of a pack and a lesson with a random
    value anywhere: they end in problems naming one of the files, never in an exception."""
    data = pack_data()
    set_at(data, where, value)
    pack = write_pack(tmp_path, data)
    key = lesson_line.split("=", 1)[0]
    lesson = write_lesson(tmp_path, LESSON.replace(lesson_line, f"{key}= {lesson_value}", 1))
    library = load_library([pack, lesson], builtin=False, user_packs=False)
    for problem in library.problems:
        assert problem.path in (str(pack), str(lesson)) and problem.message


def test_an_id_shared_by_a_file_that_loads_and_one_that_does_not_is_said_in_either_order(tmp_path, capsys):
    """Of the files that use an id, the first read (in the order named) keeps it, whether it
    loaded or not, and each later one is told which file has it; a loaded file after a loaded
    one of its id is told of that one only, not of the broken file before both."""
    write_lesson(tmp_path)
    good = write_pack(tmp_path, name="good.toml")
    bad_data = pack_data()
    bad_data["pack"]["pass_mark"] = 150
    bad = write_pack(tmp_path, bad_data, name="bad.toml")
    also = write_pack(tmp_path, name="also.toml")
    lesson = tmp_path / "lesson.md"
    said = "'pack.id': pack id 'test-pack' is also used by"

    def id_errors(*paths) -> list[str]:
        status, errors = validate(capsys, lesson, *paths)
        assert status == 1
        assert any("'pack.pass_mark' must be at most 100" in line for line in errors), errors
        return sorted(re.sub(r":\d+:", ":N:", line) for line in errors if said in line)

    assert id_errors(good, bad) == [f"{bad}:N: error: {said} {good}"]
    assert id_errors(bad, good) == [f"{good}:N: error: {said} {bad}"]
    assert id_errors(bad, good, also) == sorted([f"{good}:N: error: {said} {bad}",
                                                 f"{also}:N: error: {said} {good}"])
    broken_lesson = write_lesson(tmp_path, LESSON.replace('title = "A test lesson"', "title = 5"),
                                 name="broken.md")
    for first, then in ((lesson, broken_lesson), (broken_lesson, lesson)):
        status = main(["validate", str(first), str(then)])
        out = capsys.readouterr().out
        assert status == 1
        assert f"{then}:3: error: 'id': lesson id '{LESSON_ID}' is also used by {first}" in out, out
        assert f"{first}:3: error: lesson id" not in out, out


def test_the_item_writing_warnings_of_sound_questions_come_with_the_errors(tmp_path, capsys):
    """A pack that did not load got no item-writing warnings at all: one mistake in its [pack]
    table hid them for every question, for a second round. Each question with no error of its
    own is now checked as in a pack that loads; a question with an error is not (its warnings
    could only repeat or guess); the checks across the pack's questions wait for a file that
    loads."""
    lesson = write_lesson(tmp_path)
    data = pack_data()
    data["pack"]["pass_mark"] = 150                                   # the [pack] table's error
    question(data, "q-multiple")["prompt"] = "Pick the ones that are not wrong."  # negative-stem
    del question(data, "q-single")["choices"][0]["feedback"]           # no-feedback, and
    question(data, "q-single")["choices"][2]["text"] = "All of the above"  # all-of-the-above,
    del question(data, "q-single")["prompt"]                          # in a broken question
    short = question(data, "q-short")
    data["questions"].append({**copy.deepcopy(short), "id": "q-short-again"})  # duplicate-question
    data["questions"][-1]["accepted"] = ["??", "--"]                  # unmatchable: an error
    path = write_pack(tmp_path, data)
    status = main(["validate", str(lesson), str(path)])
    out = capsys.readouterr().out
    assert status == 1
    text = (tmp_path / "pack.toml").read_text(encoding="utf-8").splitlines()
    prompt_line = next(n for n, line in enumerate(text, 1) if "Pick the ones" in line)
    assert f"{path}:{prompt_line}: warning: question 'q-multiple', 'prompt': the prompt says 'not'" in out, out
    assert "'pack.pass_mark' must be at most 100" in out and "question 'q-single', 'prompt' is missing" in out
    assert "question 'q-single'" not in out.replace("question 'q-single', 'prompt' is missing", ""), out
    assert "All of the above" not in out
    assert "question 'q-short-again', 'prompt': the same question as question 'q-short'" in out, out
    assert ("error: question 'q-short-again', 'accepted[2]': the accepted answer '--' is only punctuation"
            in out), out
    assert "longest-correct" not in out and "position-bias" not in out


def test_a_pack_refused_for_an_id_used_twice_has_its_questions_checked_for_writing(tmp_path, capsys):
    lesson = write_lesson(tmp_path)
    data = pack_data()
    question(data, "q-multiple")["prompt"] = "Pick the ones that are not wrong."
    question(data, "q-short")["id"] = "q-single"                      # an id twice: the only error
    path = write_pack(tmp_path, data)
    status = main(["validate", str(lesson), str(path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "question id 'q-single' is used more than once" in out, out
    assert "warning: question 'q-multiple', 'prompt': the prompt says 'not'" in out, out
