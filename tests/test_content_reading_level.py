"""Reading level of the built-in lessons: Flesch-Kincaid grade, measured with textstat 0.7.8.

The ceilings: at most grade 8 for every lesson and at most grade 7 over all lessons together,
measured on the prose a learner reads on the lesson pages (not the front matter, not the page
titles, not the Markdown marks, not a page's closing "*Sources: ...*" citation): each lesson's
prose is its pages' prose joined, and all lessons together is every lesson's prose joined. Both
tracks are measured: the course track reads every page, the self-study track leaves the trainee
pages out. A failure names the hardest pages, so an author knows where to start.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.metadata import version

import pytest
import textstat

from learnmeta.content.library import load_library
from learnmeta.content.models import Lesson, LessonMeta, Page

LESSON_CEILING = 8.0
OVERALL_CEILING = 7.0
TEXTSTAT_VERSION = "0.7.8"  # later versions need a network to start, and score differently


CITATION = re.compile(r"^\s*[*_]Sources?:.*[*_]\s*$")
"""A page's closing line that names its sources: a reference, not prose."""


def prose(markdown: str) -> str:
    """The words on a page: quote, heading and list markers, emphasis, code marks, link and image
    targets and citation lines removed."""
    lines = []
    for line in markdown.split("\n"):
        if CITATION.match(line):
            continue
        line = re.sub(r"^(?:\s*>)+\s?", "", line)  # a quoted box
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("**", "").replace("__", "").replace("`", "")
        line = re.sub(r"(?<![\w*])[*_]((?=\S)[^*_\n]*?\S)[*_](?![\w*])", r"\1", line)  # *italic*
        lines.append(line)
    return "\n".join(lines).strip()


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


TRACKS = ("course", "self-study")


def lesson_prose(lesson, track: str = "course") -> str:
    return "\n\n".join(prose(page.body) for page in lesson.pages_for(track))


def hardest_pages(lessons, count: int = 3) -> str:
    pages = [(grade(prose(p.body)), f"{lesson.id}#{p.id}") for lesson in lessons for p in lesson.pages]
    pages.sort(reverse=True)
    return "; ".join(f"{where} (grade {value:.1f})" for value, where in pages[:count])


def reading_level_failures(lessons) -> list[str]:
    """What is over a ceiling, on either track, each with the hardest pages to rewrite first."""
    failures = []
    for track in TRACKS:
        on = "" if track == "course" else f" on the {track} track"
        for lesson in lessons:
            value = grade(lesson_prose(lesson, track))
            if value > LESSON_CEILING:
                failures.append(
                    f"lesson '{lesson.id}' reads at grade {value:.2f}{on} (ceiling {LESSON_CEILING:g}); "
                    f"hardest pages: {hardest_pages([lesson])}"
                )
        overall = grade("\n\n".join(lesson_prose(lesson, track) for lesson in lessons))
        if overall > OVERALL_CEILING:
            failures.append(
                f"all lessons together read at grade {overall:.2f}{on} (ceiling {OVERALL_CEILING:g}); "
                f"hardest pages: {hardest_pages(lessons)}"
            )
    return failures


@pytest.fixture(scope="module")
def lessons():
    library = load_library(user_packs=False)
    assert library.lessons, "no built-in lessons were found"
    return library.lessons


def test_the_measure_is_the_pinned_textstat():
    assert version("textstat") == TEXTSTAT_VERSION


def test_every_lesson_and_all_lessons_together_are_under_the_reading_ceilings(lessons):
    assert len(lessons) == 5
    failures = reading_level_failures(lessons)
    assert failures == [], "\n".join(failures)


def test_the_summary_and_actions_of_each_lesson_read_at_grade_8_or_lower(lessons):
    for lesson in lessons:
        meta = lesson.meta
        text = "\n".join([meta.purpose, *meta.key_points, *meta.what_you_can_do])
        assert grade(text) <= LESSON_CEILING, f"{lesson.id}: front matter reads at grade {grade(text):.1f}"


def _lesson_with(lesson_id: str, bodies: dict[str, str]) -> Lesson:
    meta = LessonMeta(
        schema_version=1, id=lesson_id, title="Test", order=1, purpose="Test.", estimated_minutes=1,
        key_points=["Test."], sources=[{"title": "Test"}], reviewed=dt.date(2026, 11, 24),
    )
    pages = [Page(id=page_id, title=page_id, body=body) for page_id, body in bodies.items()]
    return Lesson(meta=meta, pages=pages)


def test_a_hard_lesson_fails_and_the_failure_names_its_hardest_page():
    dense = (
        "Metastatic dissemination characteristically necessitates multidisciplinary therapeutic "
        "interventions, incorporating chemotherapeutic, radiotherapeutic and immunological "
        "modalities contingent upon histopathological differentiation."
    )
    plain = "Cancer can spread. It keeps its name. Ask your team what it means for you."
    failures = reading_level_failures([_lesson_with("hard", {"easy": plain, "dense": dense})])
    assert len(failures) == 4  # the lesson, and all lessons together, on each track
    assert "lesson 'hard'" in failures[0] and "hard#dense" in failures[0]
    assert failures[0].index("hard#dense") < failures[0].index("hard#easy")


def test_markdown_markers_are_not_counted_as_words():
    text = prose("- **Leukemia** starts in the cells that make blood.\n1. See [this page](https://x.org/a).")
    assert text == "Leukemia starts in the cells that make blood.\nSee this page."


def test_quoted_boxes_italics_and_citations_are_not_counted_as_prose():
    page = (
        "> **Call your team right away if you have:**\n>\n> - new back pain,\n"
        "Read *this* part. ### Not a heading\n\n*Sources: Valastyan and Weinberg, Cell, 2011.*"
    )
    assert prose(page) == (
        "Call your team right away if you have:\n\nnew back pain,\nRead this part. ### Not a heading"
    )


def test_a_hard_trainee_page_counts_on_the_course_track_only():
    dense = ("Intravasation and extravasation precede metastatic colonization, contingent upon "
             "microenvironmental permissiveness and heterotypic intercellular interactions.")
    plain = "Cancer can spread. It keeps its name. Ask your team what it means for you. " * 3
    lesson = _lesson_with("mixed", {"easy": plain})
    trainee = Page(id="deep", title="deep", body=dense, trainee=True)
    lesson = Lesson(meta=lesson.meta, pages=[*lesson.pages, trainee])
    assert grade(lesson_prose(lesson, "self-study")) < grade(lesson_prose(lesson, "course"))
    assert "deep" not in lesson_prose(lesson, "self-study") and "Intravasation" in lesson_prose(lesson, "course")
