"""Loading content files: every rule of the formats, and the message an author sees for each."""

from __future__ import annotations

from pathlib import Path

import tomli_w
import pytest

from factories import GLOSSARY, LESSON, pack_data, write_lesson, write_pack
from learnmeta.content import loader
from learnmeta.content.errors import ContentError
from learnmeta.content.library import load_library


def problems_for(path):
    with pytest.raises(ContentError) as caught:
        if str(path).endswith(".md"):
            loader.load_lesson(path)
        elif "glossary" in str(path):
            loader.load_glossary(path)
        else:
            loader.load_pack(path)
    return caught.value.problems


def only_problem(path):
    problems = problems_for(path)
    assert len(problems) == 1, problems
    return problems[0]


def line_of(path, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


# ---- packs that are right --------------------------------------------------------------------


def test_a_pack_with_every_question_type_loads(tmp_path):
    pack = loader.load_pack(write_pack(tmp_path))
    assert [q.type for q in pack.questions] == [
        "single", "multiple", "true_false", "matching", "ordering", "short_answer",
    ]
    assert pack.path.endswith("pack.toml")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = write_pack(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert loader.load_pack(path).id == "test-pack"


def test_windows_line_endings_are_accepted(tmp_path):
    path = write_pack(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert loader.load_pack(path).id == "test-pack"


def test_control_characters_never_get_past_loading(tmp_path):
    data = pack_data()
    data["questions"][0]["prompt"] = "Pick\x1b[31m red\x1b]0;title\x07 \x9b2J b.\ttab\nnewline"
    pack = loader.load_pack(write_pack(tmp_path, data))
    prompt = pack.questions[0].prompt
    assert "\x1b" not in prompt and "\x07" not in prompt and "\x9b" not in prompt
    assert "\t" in prompt and "\n" in prompt
    assert prompt.startswith("Pick[31m red]0;title")


# ---- files that cannot be read ---------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path):
    problem = only_problem(tmp_path / "nope.toml")
    assert problem.path.endswith("nope.toml") and problem.message == "file not found"


def test_a_folder_is_not_a_file(tmp_path):
    folder = tmp_path / "pack.toml"
    folder.mkdir()
    assert "folder" in only_problem(folder).message


def test_a_file_that_cannot_be_read_says_so(tmp_path, monkeypatch):
    import os

    path = write_pack(tmp_path)
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert "permission denied" in only_problem(path).message


def test_a_fifo_or_a_device_is_refused_at_once_never_waited_on(tmp_path):
    """A FIFO named like a pack (in the learner's packs/ folder, or given to validate or quiz)
    blocked reading forever."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pack.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in only_problem(fifo).message
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    assert "not a regular file" in only_problem(link).message


def test_a_link_to_a_pack_file_is_read(tmp_path):
    real = write_pack(tmp_path)
    link = tmp_path / "linked.toml"
    link.symlink_to(real)
    assert loader.load_pack(link).id == "test-pack"


def test_bytes_that_are_not_utf8_name_the_line(tmp_path):
    path = tmp_path / "pack.toml"
    path.write_bytes(b'schema_version = 1\n\n[pack]\ntitle = "caf\xe9"\n')
    problem = only_problem(path)
    assert problem.line == 4 and "UTF-8" in problem.message


def test_text_that_is_not_toml_names_the_line(tmp_path):
    path = write_pack(tmp_path)
    text = path.read_text().split("\n")
    text.insert(5, "this is = = not toml")
    path.write_text("\n".join(text))
    problem = only_problem(path)
    assert problem.line == 6 and "not valid TOML" in problem.message


def test_nesting_too_deep_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    problem = only_problem(path)
    assert "nested too deeply" in problem.message or "not valid TOML" in problem.message


def test_deep_inline_tables_are_an_error_not_a_crash(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n")
    assert only_problem(path).severity == "error"


def test_a_huge_file_is_refused_with_the_limit_named(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (loader.MAX_FILE_BYTES + 10) + b"\n")
    problem = only_problem(path)
    assert "too large" in problem.message and "32 MB" in problem.message


def test_an_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("")
    messages = [str(p) for p in problems_for(path)]
    assert f"{path}:1: error: 'schema_version' is missing: add schema_version = 1 as the file's first line" in messages
    assert any(m.startswith(f"{path}:1: error: 'pack' is missing: add a [pack] table") for m in messages), messages


# ---- the shape of a pack ---------------------------------------------------------------------


def test_an_unknown_key_is_named_with_a_suggestion_and_its_line(tmp_path):
    data = pack_data()
    data["questions"][2]["promt"] = data["questions"][2].pop("prompt")
    path = write_pack(tmp_path, data)
    messages = {p.message: p for p in problems_for(path)}
    typo = messages["unknown key 'promt'; did you mean 'prompt'?"]
    assert typo.question == "q-true-false"
    assert typo.line == line_of(path, "promt =")
    (missing,) = [problem for message, problem in messages.items() if message.startswith("is missing")]
    assert missing.field == "prompt"


def test_a_key_of_another_question_type_is_not_offered_as_its_own_spelling(tmp_path):
    data = pack_data()
    ordering = next(q for q in data["questions"] if q["type"] == "ordering")
    ordering["shuffle"] = True  # single and multiple questions have it; ordering ones do not
    path = write_pack(tmp_path, data)
    problem = only_problem(path)
    assert problem.field == "shuffle" and problem.line == line_of(path, "shuffle = true")
    assert problem.message == "'shuffle' is not used here (only in other kinds of question or table); remove it"


def test_a_wrong_type_names_the_question_field_and_line(tmp_path):
    data = pack_data()
    data["questions"][1]["choices"][2]["correct"] = "yes"
    path = write_pack(tmp_path, data)
    problem = only_problem(path)
    assert problem.question == "q-multiple"
    assert problem.field == "choices[3].correct"
    assert problem.message == "should be true or false, not text"
    assert problem.line == line_of(path, 'correct = "yes"')
    assert str(problem) == (
        f"{path}:{problem.line}: error: question 'q-multiple', 'choices[3].correct' "
        "should be true or false, not text"
    )


def test_an_unknown_question_type_lists_the_types(tmp_path):
    data = pack_data()
    data["questions"][4]["type"] = "essay"
    problem = only_problem(write_pack(tmp_path, data))
    assert "'type' must be one of: single, multiple, true_false" in problem.message
    assert problem.question == "q-ordering"


def test_a_pack_table_error_points_into_the_pack_table(tmp_path):
    data = pack_data()
    data["pack"]["pass_mark"] = 180
    path = write_pack(tmp_path, data)
    problem = only_problem(path)
    assert problem.field == "pack.pass_mark" and problem.message == "must be at most 100"
    assert problem.line == line_of(path, "pass_mark")


def test_a_bad_id_explains_what_an_id_looks_like(tmp_path):
    data = pack_data()
    data["questions"][0]["id"] = "Question One"
    problem = only_problem(write_pack(tmp_path, data))
    assert "must be an id" in problem.message


def test_text_fields_have_length_bounds(tmp_path):
    data = pack_data()
    data["questions"][0]["prompt"] = "x" * 5000
    assert "too long" in only_problem(write_pack(tmp_path, data)).message


def test_a_newer_schema_version_asks_for_an_update(tmp_path):
    data = pack_data()
    data["schema_version"] = 7
    assert "update learnmeta" in only_problem(write_pack(tmp_path, data)).message


def test_a_date_in_quotes_is_explained(tmp_path):
    data = pack_data()
    data["pack"]["reviewed"] = "24 November"
    assert "a date such as 2026-11-24" in only_problem(write_pack(tmp_path, data)).message


# ---- rules within a question ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "change", "expected"),
    [
        (0, lambda q: q["choices"][0].update(correct=True), "exactly one choice with correct = true; it has 2"),
        (0, lambda q: q["choices"][1].update(correct=False), "exactly one choice with correct = true; it has 0"),
        (1, lambda q: [c.update(correct=False) for c in q["choices"]], "at least one choice with correct = true"),
        (0, lambda q: q["choices"][2].update(id="a"), "choice id 'a' is used more than once"),
        (0, lambda q: q["choices"][2].update(text="choice A"), "two choices have the same text"),
        (0, lambda q: q.update(choices=q["choices"][1:2]), "needs at least 2 item(s)"),
        (3, lambda q: q["pairs"][1].update(left="Breast"), "two pairs have the same left-hand item"),
        (3, lambda q: q.update(distractors=["Liver"]), "distractor 'Liver' is also a right-hand item"),
        (4, lambda q: q.update(items=["First", "First"]), "an item is listed twice"),
        (4, lambda q: q.update(items=["Only one"]), "needs at least 2 item(s)"),
        (5, lambda q: q.update(accepted=[]), "needs at least 1 item(s)"),
        (2, lambda q: q.pop("answer"), "is missing"),
    ],
)
def test_question_rules(tmp_path, index, change, expected):
    data = pack_data()
    change(data["questions"][index])
    problems = problems_for(write_pack(tmp_path, data))
    assert any(expected in p.message for p in problems), [p.message for p in problems]
    assert all(p.question == data["questions"][index]["id"] for p in problems)


def test_duplicate_question_ids_point_at_the_second(tmp_path):
    data = pack_data()
    data["questions"][3]["id"] = "q-single"
    path = write_pack(tmp_path, data)
    problem = only_problem(path)
    assert problem.message.startswith("question id 'q-single' is used more than once in this pack: give each question")
    assert problem.line == line_of(path, 'id = "q-single"', occurrence=2)


# ---- lessons --------------------------------------------------------------------------------


def test_a_lesson_splits_into_pages_at_each_heading(tmp_path):
    lesson = loader.load_lesson(write_lesson(tmp_path))
    assert [p.id for p in lesson.pages] == ["s1", "s2"]
    assert [p.title for p in lesson.pages] == ["The first page", "The second page"]
    assert lesson.pages[1].body == "More words, about the lymph nodes."


def test_a_heading_without_an_id_gets_one_from_its_title(tmp_path):
    text = LESSON.replace("## The second page {#s2}", "## How cancer spreads: the bloodstream")
    lesson = loader.load_lesson(write_lesson(tmp_path, text))
    assert lesson.pages[1].id == "how-cancer-spreads-the-bloodstream"


def test_headings_inside_code_blocks_are_not_pages(tmp_path):
    text = LESSON + "\n```\n## not a page\n```\n"
    lesson = loader.load_lesson(write_lesson(tmp_path, text))
    assert len(lesson.pages) == 2 and "## not a page" in lesson.pages[1].body


def test_a_lesson_without_front_matter_says_how_to_start(tmp_path):
    problem = only_problem(write_lesson(tmp_path, "## A page\n\nText.\n"))
    assert problem.line == 1 and "front-matter block" in problem.message


def test_an_unclosed_front_matter_block_is_named(tmp_path):
    problem = only_problem(write_lesson(tmp_path, "+++\nid = 'x'\n## Page\n"))
    assert "not closed" in problem.message


def test_text_before_the_first_heading_is_an_error_with_its_line(tmp_path):
    text = LESSON.replace("+++\n\n## The first page", "+++\nStray words.\n## The first page")
    path = write_lesson(tmp_path, text)
    problem = only_problem(path)
    assert problem.line == line_of(path, "Stray words.") and "never be shown" in problem.message


def test_duplicate_section_ids_are_an_error(tmp_path):
    text = LESSON.replace("{#s2}", "{#s1}")
    path = write_lesson(tmp_path, text)
    problem = only_problem(path)
    assert "section id 's1' is used twice" in problem.message
    assert problem.line == line_of(path, "The second page")


def test_front_matter_errors_have_file_lines(tmp_path):
    text = LESSON.replace("estimated_minutes = 3", "estimated_minutes = 'three'")
    path = write_lesson(tmp_path, text)
    problem = only_problem(path)
    assert problem.field == "estimated_minutes"
    assert problem.line == line_of(path, "estimated_minutes")


def test_front_matter_that_is_not_toml_has_the_file_line(tmp_path):
    text = LESSON.replace("order = 99", "order = = 99")
    path = write_lesson(tmp_path, text)
    assert only_problem(path).line == line_of(path, "order = = 99")


# ---- the glossary ---------------------------------------------------------------------------


def test_the_glossary_loads_and_finds_aliases(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text(GLOSSARY)
    glossary = loader.load_glossary(path)
    assert glossary.lookup("Metastases").term == "metastasis"


def test_glossary_terms_are_unique_including_aliases(tmp_path):
    path = tmp_path / "glossary.toml"
    path.write_text(GLOSSARY + '\n[[terms]]\nterm = "Metastases"\ndefinition = "Again."\n')
    assert "'Metastases' is defined twice" in only_problem(path).message


# ---- checks across files --------------------------------------------------------------------


def check(paths):
    library = load_library([str(p) for p in paths])
    return library, [p for p in library.problems if p.severity == "error"]


def test_a_lesson_and_its_pack_check_cleanly_together(tmp_path):
    library, errors = check([write_lesson(tmp_path), write_pack(tmp_path)])
    assert errors == []
    assert library.lesson("test-lesson") and library.pack("test-pack")


def test_an_unknown_section_is_named_with_a_suggestion(tmp_path):
    data = pack_data()
    data["questions"][2]["section"] = "s3"
    pack_path = write_pack(tmp_path, data)
    _, errors = check([write_lesson(tmp_path), pack_path])
    assert len(errors) == 1
    assert errors[0].question == "q-true-false"
    assert "lesson 'test-lesson' has no section 's3'" in errors[0].message
    assert errors[0].line == line_of(pack_path, 'section = "s3"')


def test_an_unknown_lesson_is_named(tmp_path):
    data = pack_data()
    data["questions"][0]["lesson"] = "test-lessons"
    _, errors = check([write_lesson(tmp_path), write_pack(tmp_path, data)])
    assert any("no lesson has the id 'test-lessons'; did you mean 'test-lesson'?" in e.message for e in errors)


def test_a_knowledge_check_must_name_real_questions(tmp_path):
    text = LESSON.replace('"q-true-false"', '"q-missing"')
    lesson_path = write_lesson(tmp_path, text)
    _, errors = check([lesson_path, write_pack(tmp_path)])
    assert [e.message for e in errors] == ["pack 'test-pack' has no question 'q-missing'"]
    assert errors[0].path == str(lesson_path)


def test_pack_ids_are_unique_overall(tmp_path):
    first = write_pack(tmp_path, name="a.toml")
    second = write_pack(tmp_path, name="b.toml")
    _, errors = check([write_lesson(tmp_path), first, second])
    assert len(errors) == 1 and errors[0].path == str(second)
    assert "pack id 'test-pack' is also used by" in errors[0].message


def test_a_broken_file_does_not_stop_the_others_from_loading(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[[[")
    library, errors = check([write_lesson(tmp_path), write_pack(tmp_path), broken])
    assert library.pack("test-pack") is not None
    assert [e.path for e in errors] == [str(broken)]


def test_a_folder_on_the_command_line_checks_what_it_holds(tmp_path):
    write_lesson(tmp_path)
    write_pack(tmp_path)
    library, errors = check([tmp_path])
    assert errors == [] and len(library.files) == 2


def test_the_learners_packs_folder_is_loaded(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    (tmp_path / "packs").mkdir()
    data = pack_data()
    data["pack"]["id"] = "my-own-pack"
    data["pack"]["lessons"] = []
    data["questions"] = data["questions"][:1]
    data["questions"][0]["lesson"] = "unknown-lesson"
    path = write_pack(tmp_path / "packs", data)
    library = load_library()
    assert library.pack("my-own-pack") is not None
    assert any(p.path == str(path) and "no lesson has the id" in p.message for p in library.problems)


def test_data_for_the_fixture_is_valid_toml():
    assert tomli_w.dumps(pack_data())


def test_packs_come_in_lesson_order_with_mixed_packs_last():
    library = load_library()
    order = {lesson.id: lesson.meta.order for lesson in library.lessons}
    single = [p for p in library.packs if len(p.pack.lessons) == 1]
    assert [order[p.pack.lessons[0]] for p in single] == sorted(order[p.pack.lessons[0]] for p in single)
    first_mixed = next(i for i, p in enumerate(library.packs) if len(p.pack.lessons) > 1)
    assert all(len(p.pack.lessons) > 1 for p in library.packs[first_mixed:])


def test_hidden_control_characters_are_removed_with_a_warning_naming_the_line(tmp_path):
    data = pack_data()
    data["questions"][1]["prompt"] = "Pick\x1b[31m a and c."
    path = write_pack(tmp_path, data)
    write_lesson(tmp_path)
    library = load_library([str(tmp_path)])
    warnings = [p for p in library.problems if p.code == "control-character"]
    assert [p.line for p in warnings] == [line_of(path, "Pick\\u001b")]
    assert "(U+001B)" in warnings[0].message and warnings[0].severity == "warning"
    assert library.pack("test-pack").questions[1].prompt == "Pick[31m a and c."
    assert library.errors == []


def test_hidden_characters_do_not_count_towards_a_length_limit(tmp_path):
    """A title of 195 letters and ten zero-width spaces (as TOML escapes) loads as 195 letters;
    one of 201 letters is too long, with its line; one that is only hidden characters is empty."""
    import re

    base = (Path(__file__).resolve().parent.parent / "quizzes" / "what-is-metastatic-cancer.toml").read_text()

    def with_title(title: str) -> Path:
        path = tmp_path / "pack.toml"
        path.write_text(re.sub(r'^title = ".*"$', lambda m: f'title = "{title}"', base, count=1, flags=re.M))
        return path

    assert loader.load_pack(with_title("A" * 195 + "\\u200b" * 10)).pack.title == "A" * 195
    with pytest.raises(ContentError) as error:
        loader.load_pack(with_title("A" * 201))
    problem = error.value.problems[0]
    assert "too long: at most 200 characters" in problem.message and problem.line == 7
    with pytest.raises(ContentError) as error:
        loader.load_pack(with_title("\\u200b  "))
    assert "must not be empty" in error.value.problems[0].message


def test_a_big_pack_finds_each_question_by_id_without_going_through_the_pack_each_time(tmp_path):
    """A pack may hold 20,000 questions and validation and the front ends ask for many of them by
    id: going through the list for each (as Pack.question did) made that work grow with the
    square of the pack (p6-attack). The questions are gone through once, whatever is asked."""
    import copy

    data = pack_data()
    single = next(q for q in data["questions"] if q["type"] == "single")
    data["questions"] = [{**copy.deepcopy(single), "id": f"q-{n}"} for n in range(3000)]
    pack = loader.load_pack(write_pack(tmp_path, data))

    class Counted(list):
        walks = 0

        def __iter__(self):
            Counted.walks += 1
            return super().__iter__()

    object.__setattr__(pack, "questions", Counted(pack.questions))  # content is read-only otherwise
    found = [pack.question(f"q-{n}") for n in range(3000)]
    assert [q.id for q in found] == [f"q-{n}" for n in range(3000)]
    assert pack.question("q-none") is None
    assert Counted.walks <= 1
