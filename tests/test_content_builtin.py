"""The built-in lessons, glossary and question packs: they load, they are complete, and they are
written the way the project promises (kind feedback, no cues to the answer, no absolute words,
every medical word in the glossary, every lesson page checked by a question)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from learnmeta import paths
from learnmeta.content.library import load_library
from learnmeta.content.models import QUESTION_TYPES

REVIEWED = dt.date(2026, 11, 24)
LESSON_ORDER = [
    "what-is-metastatic-cancer",
    "how-cancer-spreads",
    "where-cancer-spreads",
    "how-metastatic-cancer-is-treated",
    "living-with-metastatic-cancer",
]
MASTERY = "mastery-check"
TRAINEES = "for-health-care-trainees"  # the questions on the trainee pages
CCS_URL = "https://cancer.ca/en/cancer-information/what-is-cancer/metastatic-cancer"
NCI_URL = "https://www.cancer.gov/types/metastatic-cancer"

# Medical words the lessons use. Each must appear in a lesson and have a glossary entry (its term
# or an alias). Add to this list when a lesson gains a new medical word.
MEDICAL_WORDS = [
    "cells", "cancer", "tumour", "primary tumour", "metastatic cancer", "secondary cancer",
    "metastatic tumour", "metastatic disease", "metastasis", "metastases", "advanced cancer",
    "locally advanced",
    "organ", "tissue", "solid tumour", "blood cancers", "bone marrow", "leukemia", "lymphoma",
    "white blood cells", "multiple myeloma", "grade", "grading", "differentiation", "diagnosis",
    "lymphatic system", "lymph system", "lymph", "lymph nodes", "lymph vessels", "spleen", "thymus",
    "tonsils", "adenoids", "direct extension", "invasion", "lymphatic spread", "hematogenous spread",
    "immune system", "blood vessels", "angiogenesis", "gland", "prostate", "bladder", "colon",
    "rectum", "colorectal", "testicle", "ovary", "peritoneum", "membrane", "abdomen", "pelvis",
    "adrenal glands", "pancreas", "localized", "regional", "distant", "distant metastases",
    "quality of life", "supportive therapies", "symptom", "chemotherapy", "drug therapy",
    "radiation therapy", "surgery", "ablation", "clinical trials", "eligible", "healthcare team",
    "second primary cancer", "recurrence", "stage", "stage 4", "stage IV", "seizures", "jaundice",
    "spinal cord", "spinal cord compression", "imaging tests", "CT scans", "MRI", "PET scans",
    "bone scans", "tumour markers", "biopsy", "cancer of unknown primary", "hormone therapy",
    "targeted therapy", "immunotherapy", "bone-strengthening drugs", "oligometastatic disease",
    "palliative care", "hospice care", "fatigue", "scanxiety", "social worker",
    "advance care planning", "advance directive", "support groups",
    "large bowel",
]
# Words that mark a medical term by their form: any such word in a lesson needs a glossary entry.
MEDICAL_FORM = re.compile(
    r"\b\w*(?:metasta\w*|\w+omas?|\w+genesis|\w+ogenous|\w+therapy|\w+itis|\w+ectomy|\w+ology)\b",
    re.IGNORECASE,
)

# Words we do not write: absolutes (say "most often", "common"), battle metaphors, labels that put
# the illness before the person, and survival or prognosis figures.
BANNED = re.compile(
    r"\b(always|only|never\s+spreads?|fight\w*|battles?|war|warriors?|lose|losing|lost|"
    r"victims?|suffer\w*|sufferers?|stricken|afflicted|cancer\s+patients?|survival|prognosis|"
    r"life\s+expectancy|percent|per\s+cent|terminal|median|odds|"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s*-?\s*(?:years?|months?|weeks?)|"
    r"\d+\s+(?:in|out\s+of)\s+\d+)\b|%",
    re.IGNORECASE,
)
"""Absolutes, battle words, labels and prognosis figures ("5-year", "six months", "1 in 5")."""
ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|those)\b", re.IGNORECASE)
KIND_OPENING = "Not quite."
# Short answers where a one-letter slip is a different, wrong answer ("metastases" for one tumour).
NO_TYPO_ALLOWANCE = {("what-is-metastatic-cancer", "metastasis-word")}


@pytest.fixture(scope="module")
def library():
    return load_library(user_packs=False)


def prose(markdown: str) -> str:
    """The text a learner reads: list markers, emphasis and link targets removed."""
    lines = []
    for line in markdown.split("\n"):
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        lines.append(line.replace("**", "").replace("__", ""))
    return "\n".join(lines)


def lesson_texts(library) -> list[tuple[str, str]]:
    """(where, text) for everything a learner reads in the lessons."""
    texts = []
    for lesson in library.lessons:
        meta = lesson.meta
        texts.append((f"{lesson.id}: purpose", meta.purpose))
        texts += [(f"{lesson.id}: key point", k) for k in meta.key_points]
        texts += [(f"{lesson.id}: what you can do", w) for w in meta.what_you_can_do]
        texts += [(f"{lesson.id}#{page.id}", prose(page.body)) for page in lesson.pages]
    return texts


def all_lesson_prose(library) -> str:
    return "\n".join(prose(page.body) for lesson in library.lessons for page in lesson.pages)


def contains(text: str, name: str) -> bool:
    return re.search(r"\b" + re.escape(name) + r"\b", text, re.IGNORECASE) is not None


def question_texts(pack) -> list[tuple[str, str]]:
    """(where, text) for everything a learner reads in a pack."""
    texts = [(f"{pack.id}: description", pack.pack.description)]
    for q in pack.questions:
        where = f"{pack.id}/{q.id}"
        texts += [(where, q.prompt), (where, q.explanation)] + [(where, h) for h in q.hints]
        for choice in getattr(q, "choices", []):
            texts += [(where, choice.text)] + ([(where, choice.feedback)] if choice.feedback else [])
        for pair in getattr(q, "pairs", []):
            texts += [(where, pair.left), (where, pair.right)]
            texts += [(where, pair.feedback)] if pair.feedback else []
        texts += [(where, d) for d in getattr(q, "distractors", [])]
        texts += [(where, i) for i in getattr(q, "items", [])]
        for name in ("feedback_true", "feedback_false", "feedback_wrong"):
            if getattr(q, name, None):
                texts.append((where, getattr(q, name)))
    return texts


def wrong_choice_lengths(q) -> tuple[list[int], list[int]]:
    return ([len(c.text) for c in q.choices if c.correct], [len(c.text) for c in q.choices if not c.correct])


# ---- it loads ---------------------------------------------------------------------------------


def test_the_built_in_content_loads_with_no_problems(library):
    assert [str(p) for p in library.problems] == []
    assert [lesson.id for lesson in library.lessons] == LESSON_ORDER
    assert library.glossary is not None
    assert sorted(p.id for p in library.packs) == sorted(LESSON_ORDER + [MASTERY, TRAINEES])


def test_the_validate_command_passes_the_built_in_content_strictly(tmp_path):
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "learnmeta", "validate", "--strict"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()


def test_the_item_writing_checks_find_nothing_to_warn_about(library):
    from learnmeta.instructor.lint import lint_library

    assert [str(p) for p in lint_library(library)] == []


# ---- lessons ----------------------------------------------------------------------------------


def test_every_lesson_has_a_purpose_pages_a_summary_actions_sources_and_a_review_date(library):
    for lesson in library.lessons:
        meta = lesson.meta
        assert meta.purpose and meta.key_points, lesson.id
        assert meta.what_you_can_do and any(" you" in w.lower() or w.startswith("Ask") for w in meta.what_you_can_do)
        assert any(s.url == CCS_URL for s in meta.sources), lesson.id
        assert meta.reviewed == REVIEWED, lesson.id
        assert len(lesson.pages) >= 4, lesson.id


def test_every_page_has_an_explicit_id_and_is_short(library):
    for lesson in library.lessons:
        headings = [line for line in Path(lesson.path).read_text(encoding="utf-8").split("\n")
                    if line.startswith("## ")]
        assert headings and all(re.search(r"\{#[a-z0-9-]+(?:\s+\.trainee)?\}\s*$", h) for h in headings), lesson.id
        for page in lesson.pages:
            words = len(prose(page.body).split())
            assert words <= 150, f"{lesson.id}#{page.id} has {words} words; split it into two pages"


def test_where_cancer_spreads_draws_the_common_sites_from_the_sources(library):
    lesson = library.lesson("where-cancer-spreads")
    patterns = {p.primary: p for p in lesson.meta.spread_patterns}
    expected = {  # the Canadian page's "most often" sites, and the NCI's lists
        "Breast cancer": {"bones"}, "Prostate cancer": {"bones"}, "Colorectal cancer": {"liver"},
        "Testicular cancer": {"lungs"}, "Ovarian cancer": {"peritoneum"},
        "Lung cancer": {"adrenal-glands", "bones", "brain", "liver", "lungs"},
        "Pancreatic cancer": {"liver", "lungs", "peritoneum"},
    }
    for primary, sites in expected.items():
        assert primary in patterns, primary
        assert sites <= set(patterns[primary].sites), primary
        assert patterns[primary].source is not None, primary
    assert any(s.url == NCI_URL for s in lesson.meta.sources)


def test_lessons_avoid_absolutes_battle_words_and_survival_figures(library):
    texts = lesson_texts(library)
    texts += [(f"glossary: {t.term}", t.definition) for t in library.glossary.terms]
    for pack in library.packs:
        texts += question_texts(pack)
    found = [(where, m.group(0)) for where, text in texts for m in [BANNED.search(text)] if m]
    assert found == []


def test_the_banned_word_check_catches_what_it_should():
    for text in ("It always spreads to bones.", "The only place", "She lost her battle",
                 "cancer patients", "a 5-year survival of 30%", "fighting cancer", "about six months",
                 "a five-year outlook", "1 in 5 people", "2 out of 3", "the median is short", "12 weeks"):
        assert BANNED.search(text), text
    assert not BANNED.search("Breast cancer most often spreads to the bones. They survive and settle.")
    assert not BANNED.search("It can be controlled for years. Call 1-800-422-6237 within a few weeks.")


# ---- the glossary -----------------------------------------------------------------------------


def test_every_listed_medical_word_is_used_in_a_lesson_and_defined_in_the_glossary(library):
    text = all_lesson_prose(library)
    unused = [w for w in MEDICAL_WORDS if not contains(text, w)]
    undefined = [w for w in MEDICAL_WORDS if library.glossary.lookup(w) is None]
    assert unused == [], "no lesson uses these words: take them off MEDICAL_WORDS"
    assert undefined == [], "add these words to lessons/glossary.toml (as a term or an alias)"


def test_every_word_that_looks_medical_in_a_lesson_is_in_the_glossary(library):
    words = {m.group(0).lower() for m in MEDICAL_FORM.finditer(all_lesson_prose(library))}
    assert words, "the pattern found no medical-looking words at all"
    assert sorted(w for w in words if library.glossary.lookup(w) is None) == []


def test_every_glossary_term_appears_in_a_lesson_and_has_a_source(library):
    text = all_lesson_prose(library)
    for term in library.glossary.terms:
        assert any(contains(text, name) for name in term.names), f"'{term.term}' is in no lesson"
        assert term.source is not None, term.term


def test_each_glossary_term_is_marked_in_bold_where_a_learner_first_meets_it(library):
    # A term in bold marks the place the lesson defines it; it must be the first page that uses it.
    pages = [(f"{lesson.id}#{page.id}", page.body) for lesson in library.lessons for page in lesson.pages]
    late = []
    for term in library.glossary.terms:
        for where, body in pages:
            if any(contains(prose(body), name) for name in term.names):
                bold = re.findall(r"\*\*([^*]+)\*\*", body)
                if not any(contains(b, name) for b in bold for name in term.names):
                    late.append(f"{term.term} ({where})")
                break
    assert late == []


# ---- questions --------------------------------------------------------------------------------


def test_there_are_enough_questions_of_every_type(library):
    questions = [q for pack in library.packs for q in pack.questions]
    assert len(questions) >= 48
    counts = Counter(q.type for q in questions)
    assert all(counts[t] >= 2 for t in QUESTION_TYPES), counts


def test_each_lesson_has_its_own_pack_and_a_knowledge_check_of_three_to_five(library):
    for lesson in library.lessons:
        pack = library.pack(lesson.id)
        assert pack is not None and pack.pack.lessons == [lesson.id]
        assert all(q.lesson == lesson.id for q in pack.questions), lesson.id
        check = lesson.meta.knowledge_check
        assert check is not None and check.pack == lesson.id
        assert 3 <= len(check.questions) <= 5, lesson.id
        assert all(pack.question(qid) is not None for qid in check.questions)


def test_the_mastery_check_mixes_all_the_lessons(library):
    pack = library.pack(MASTERY)
    assert pack.pack.pass_mark == 80
    assert {q.lesson for q in pack.questions} == set(LESSON_ORDER)
    assert set(pack.pack.lessons) == set(LESSON_ORDER)


def test_every_pack_names_its_licence_authors_sources_and_review_date(library):
    for pack in library.packs:
        info = pack.pack
        assert info.licence == "CC BY 4.0" and info.authors == ["learnmeta team"], pack.id
        assert info.reviewed == REVIEWED, pack.id
        assert any(s.url == CCS_URL for s in info.sources), pack.id


def test_every_question_has_a_cited_source_an_explanation_a_hint_and_a_lesson_page(library):
    for pack in library.packs:
        pack_urls = {s.url for s in pack.pack.sources}
        for q in pack.questions:
            where = f"{pack.id}/{q.id}"
            assert q.source is not None and q.source.url in pack_urls, where
            assert q.explanation and q.hints, where
            lesson = library.lesson(q.lesson)
            assert lesson is not None and lesson.page(q.section) is not None, where


def test_every_lesson_page_is_checked_by_at_least_one_question(library):
    asked = {(q.lesson, q.section) for pack in library.packs for q in pack.questions}
    missing = [f"{lesson.id}#{page.id}" for lesson in library.lessons for page in lesson.pages
               if (lesson.id, page.id) not in asked]
    assert missing == []


def test_every_wrong_answer_gets_kind_feedback_and_a_misconception(library):
    problems = []
    for pack in library.packs:
        for q in pack.questions:
            where = f"{pack.id}/{q.id}"
            if q.type in ("single", "multiple"):
                for c in q.choices:
                    if not c.feedback:
                        problems.append(f"{where} choice {c.id}: no feedback")
                    elif not c.correct and (not c.feedback.startswith(KIND_OPENING) or not c.misconception):
                        problems.append(f"{where} choice {c.id}: feedback must open kindly and name a misconception")
            elif q.type == "true_false":
                wrong = q.feedback_false if q.answer else q.feedback_true
                if not (q.feedback_true and q.feedback_false and q.misconception):
                    problems.append(f"{where}: needs feedback_true, feedback_false and misconception")
                elif not wrong.startswith(KIND_OPENING):
                    problems.append(f"{where}: the wrong answer's feedback must open kindly")
            elif q.type == "matching":
                if not all(p.feedback and p.feedback.startswith(KIND_OPENING) for p in q.pairs):
                    problems.append(f"{where}: every pair needs kind feedback")
            elif q.type == "short_answer":
                if not (q.feedback_wrong and q.feedback_wrong.startswith(KIND_OPENING)):
                    problems.append(f"{where}: feedback_wrong must open kindly")
                if len(q.accepted) < 2 or not (q.allow_typo or (pack.id, q.id) in NO_TYPO_ALLOWANCE):
                    problems.append(f"{where}: accept several forms and forgive typos")
    assert problems == []


def test_a_typed_answer_that_is_a_different_word_is_not_forgiven_as_a_typo(library):
    from learnmeta.quiz.engine import check_answer

    one = library.question("what-is-metastatic-cancer", "metastasis-word")
    assert check_answer(one, "a metastasis").correct
    assert not check_answer(one, "metastases").correct
    assert check_answer(library.question("how-cancer-spreads", "angiogenesis-meaning"), "angiogenisis").correct


def test_no_choice_is_all_or_none_of_the_above(library):
    found = [where for pack in library.packs for where, text in question_texts(pack) if ABOVE.search(text)]
    assert found == []


def test_the_right_answer_does_not_sit_in_one_place_or_stand_out_by_length(library):
    for pack in library.packs:
        singles = [q for q in pack.questions if q.type == "single"]
        positions = Counter(next(i for i, c in enumerate(q.choices) if c.correct) for q in singles)
        if len(singles) >= 3:
            position, most = positions.most_common(1)[0]
            assert most <= len(singles) / 2, f"{pack.id}: choice {position + 1} is right in {most} of {len(singles)}"
        eligible = longest = 0
        for q in pack.questions:
            if q.type in ("single", "multiple") and len(q.choices) >= 3:
                right, wrong = wrong_choice_lengths(q)
                if right and wrong:
                    eligible += 1
                    longest += min(right) > max(wrong)
        assert longest <= eligible / 2, f"{pack.id}: the right choice is the longest in {longest} of {eligible}"


def test_built_in_content_is_found_where_the_package_looks_for_it():
    assert (paths.lessons_dir() / "glossary.toml").is_file()
    assert (paths.quizzes_dir() / f"{MASTERY}.toml").is_file()
