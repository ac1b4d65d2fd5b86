"""Pages for health-care trainees: `{#id .trainee}` on a lesson heading marks a page that the course
track reads in turn and the self-study track is offered. The format, what `validate` says about
it, and the built-in trainee layer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from factories import LESSON, write_lesson, write_pack
from learnmeta.content import loader
from learnmeta.content.errors import ContentError
from learnmeta.content.library import load_library

TRAINEE_LESSON = LESSON.replace(
    "## The second page {#s2}",
    "## For the course {#deeper .trainee}\n\nIntravasation and extravasation.\n\n## The second page {#s2}",
)


def problems(path):
    with pytest.raises(ContentError) as caught:
        loader.load_lesson(path)
    return caught.value.problems


def test_a_trainee_page_is_marked_and_left_out_of_the_self_study_sequence(tmp_path):
    lesson = loader.load_lesson(write_lesson(tmp_path, TRAINEE_LESSON))
    assert [(p.id, p.trainee) for p in lesson.pages] == [("s1", False), ("deeper", True), ("s2", False)]
    assert lesson.pages[1].title == "For the course"
    assert [p.id for p in lesson.pages_for("course")] == ["s1", "deeper", "s2"]
    assert [p.id for p in lesson.pages_for("self")] == ["s1", "s2"]
    assert [p.id for p in lesson.trainee_pages_after("s1")] == ["deeper"]
    assert lesson.trainee_pages_after("s2") == []


def test_an_unknown_page_class_is_an_error_with_its_line_and_a_suggestion(tmp_path):
    path = write_lesson(tmp_path, TRAINEE_LESSON.replace(".trainee}", ".trainees}"))
    (problem,) = problems(path)
    assert "unknown page class '.trainees'; did you mean '.trainee'?" in problem.message
    assert problem.line == path.read_text().split("\n").index("## For the course {#deeper .trainees}") + 1


def test_something_else_in_the_braces_is_an_error_that_shows_the_form(tmp_path):
    path = write_lesson(tmp_path, TRAINEE_LESSON.replace("{#deeper .trainee}", "{#deeper trainee}"))
    (problem,) = problems(path)
    assert "'trainee' is not understood" in problem.message and "{#cascade .trainee}" in problem.message


def test_a_lesson_cannot_start_with_a_trainee_page(tmp_path):
    path = write_lesson(tmp_path, LESSON.replace("{#s1}", "{#s1 .trainee}"))
    (problem,) = problems(path)
    assert "the first page cannot be for trainees only" in problem.message


def test_a_heading_with_an_id_alone_is_read_as_before(tmp_path):
    lesson = loader.load_lesson(write_lesson(tmp_path))
    assert [(p.id, p.trainee) for p in lesson.pages] == [("s1", False), ("s2", False)]


def test_a_knowledge_check_may_not_ask_about_a_trainee_page(tmp_path):
    # q-single and q-true-false, the lesson's knowledge check, are about section s1
    text = LESSON.replace("{#s1}", "{#s0}\n\nFirst.\n\n## Deeper {#s1 .trainee}")
    lesson_path = write_lesson(tmp_path, text)
    library = load_library([str(lesson_path), str(write_pack(tmp_path))])
    errors = [p for p in library.problems if p.severity == "error"]
    assert len(errors) == 2 and all("trainee page 's1'" in e.message for e in errors)
    assert {e.path for e in errors} == {str(lesson_path)}


def test_validate_reports_a_bad_page_class_with_file_line_and_exit_1(tmp_path):
    path = write_lesson(tmp_path, TRAINEE_LESSON.replace(".trainee}", ".expert}"))
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "learnmeta", "validate", str(path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert f"{path}:" in result.stdout + result.stderr
    assert "unknown page class '.expert'" in result.stdout + result.stderr


# ---- the built-in trainee layer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_library(user_packs=False)


def test_the_built_in_trainee_pages_teach_the_cascade_seeding_and_seed_and_soil(library):
    lesson = library.lesson("how-cancer-spreads")
    trainee = {p.id: p for p in lesson.pages if p.trainee}
    assert set(trainee) == {"metastatic-cascade", "seed-and-soil"}
    text = " ".join(p.body.lower() for p in trainee.values())
    for word in ("intravasation", "extravasation", "colonization", "seeding", "seed and soil"):
        assert word in text, word
    # each is offered on the last page for everyone, and the self-study sequence leaves them out
    assert [p.id for p in lesson.trainee_pages_after("steps-of-spread")] == ["metastatic-cascade", "seed-and-soil"]
    assert not any(p.trainee for p in lesson.pages_for("self"))


def test_the_first_lesson_has_a_trainee_page_on_testing_the_metastasis(library):
    lesson = library.lesson("what-is-metastatic-cancer")
    assert [p.id for p in lesson.trainee_pages_after("naming")] == ["testing-the-metastasis"]
    assert "receptor" in lesson.page("testing-the-metastasis").body


def test_trainee_pages_are_asked_about_in_the_trainee_pack_and_nowhere_else(library):
    trainee = {(lesson.id, p.id) for lesson in library.lessons for p in lesson.pages if p.trainee}
    asked = {}
    for pack in library.packs:
        for q in pack.questions:
            if (q.lesson, q.section) in trainee:
                asked.setdefault(pack.id, set()).add((q.lesson, q.section))
    assert asked == {"for-health-care-trainees": trainee}


def test_the_trainee_pack_comes_after_the_lessons_packs_and_before_the_mastery_check(library):
    ids = [pack.id for pack in library.packs]
    assert ids.index("living-with-metastatic-cancer") < ids.index("for-health-care-trainees") < ids.index("mastery-check")
