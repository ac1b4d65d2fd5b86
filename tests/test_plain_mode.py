"""Plain mode (``learnmeta --plain``, and TERM=dumb) driven end to end through stdin and stdout.

Each test runs learnmeta in a subprocess with its input piped from a string, as a script or a
screen-reader user's terminal would feed it, then checks what it printed and what the progress
file holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from learnmeta.content.loader import load_pack
from learnmeta.content.models import (
    MatchingQuestion,
    MultipleQuestion,
    OrderingQuestion,
    ShortAnswerQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from learnmeta.progress.fileformat import read_progress
from learnmeta.quiz.engine import presentation

REPO = Path(__file__).resolve().parent.parent
ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(*args: str, stdin: str, term: str = "xterm-256color", timeout: float = 60):
    """learnmeta with ``args``, its input piped from ``stdin``; (exit status, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TERM": term}
    env.pop("NO_COLOR", None)
    result = subprocess.run([sys.executable, "-m", "learnmeta", *args], input=stdin, capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=timeout)
    # No escape codes, no colour, no cursor movement: plain lines only.
    assert not ESCAPES.search(result.stdout.replace("\n", "")), repr(result.stdout[:500])
    # Read aloud, every line is words: no arrows, ticks, bullets or pointers (a speech
    # synthesiser says "right arrow", "check mark"), and no line of symbols alone.
    assert not re.search(r"[→←›✓✗•▶]", result.stdout), re.search(r".*[→←›✓✗•▶].*", result.stdout)
    for line in result.stdout.splitlines():
        assert not line.strip() or re.search(r"\w", line), repr(line)
    return result.returncode, result.stdout, result.stderr


def home() -> Path:
    return Path(os.environ["LEARNMETA_HOME"])


def progress():
    return read_progress(home() / "learners" / "default.toml")


@pytest.fixture
def demo_pack() -> Path:
    """A pack with one question of each type, in the learner's packs folder (from `new-pack`)."""
    path = home() / "packs" / "demo.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    status, _, err = plain("new-pack", "demo", "--lesson", "what-is-metastatic-cancer", "-o", str(path), stdin="")
    assert status == 0, err
    return path


def typed(question, right: bool) -> str:
    """What to type to answer ``question`` rightly (or wrongly), as shown in plain mode."""
    shown = presentation(question, 0)
    if isinstance(question, SingleQuestion):
        numbers = [n for n, c in enumerate(shown.choices, 1) if c.correct == right]
        return str(numbers[0])
    if isinstance(question, MultipleQuestion):
        if right:
            return " ".join(str(n) for n, c in enumerate(shown.choices, 1) if c.correct)
        return " ".join(str(n) for n in range(1, len(shown.choices) + 1))  # all of them
    if isinstance(question, TrueFalseQuestion):
        return "t" if question.answer == right else "f"
    if isinstance(question, MatchingQuestion):
        letters = "abcdefghijkl"
        given = [letters[shown.right_items.index(pair.right)] for pair in question.pairs]
        if not right:
            given = given[1:] + given[:1]
        return " ".join(f"{n}{letter}" for n, letter in enumerate(given, 1))
    if isinstance(question, OrderingQuestion):
        order = [shown.items.index(item) + 1 for item in question.items]
        if not right:
            order.reverse()
        return " ".join(map(str, order))
    if isinstance(question, ShortAnswerQuestion):
        return question.accepted[0] if right else "something else entirely"
    raise AssertionError(question)


def test_a_lesson_read_to_the_end_as_plain_lines():
    status, out, err = plain("--plain", "lesson", "what-is-metastatic-cancer", stdin="\n" * 30 + "quit\n")
    assert status == 0, err
    assert "Lesson: What metastatic cancer is." in out
    assert "What you will learn:" in out
    assert "Page 1 of " in out and "Cancer can spread" in out
    # Markdown as plain lines: list items with "-", no emphasis marks or heading hashes.
    assert "\n- Metastatic disease.\n" in out
    assert "**" not in out and "\n#" not in out and "{#" not in out
    assert not re.search(r"[─│┌┐└┘━┃]", out)  # no box drawing
    assert "Key points of “What metastatic cancer is”:" in out
    assert "Type check to check what you learned" in out
    assert out.rstrip().endswith("Goodbye. Your progress is saved.")
    lesson = progress().lessons["what-is-metastatic-cancer"]
    assert lesson.completed is not None
    assert lesson.last_page == lesson.pages_seen[-1] and len(lesson.pages_seen) >= 5


def test_lesson_back_and_help():
    status, out, _ = plain("--plain", "lesson", "what-is-metastatic-cancer", stdin="\nback\nhelp\nquit\n")
    assert status == 0
    assert out.count("Page 1 of ") >= 3  # the page, its prompt, then again after back
    assert "Help. What you can type here:" in out and "- back: the page before" in out


def test_a_quiz_with_right_and_wrong_answers_and_its_feedback(demo_pack):
    pack = load_pack(demo_pack)
    questions = pack.questions
    right = {0: True, 1: False, 2: True, 3: True, 4: False, 5: True}
    lines = ["banana"]  # not an answer: it says what to type, and asks again
    for index, question in enumerate(questions):
        lines.append(typed(question, right[index]))
        lines.append("")  # Enter: the next question (or the results)
    lines += ["", "quit"]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert "Quiz: Demo. 6 questions." in out
    assert "“banana” is not a number." in out
    assert "Question 1 of 6." in out and "Question 6 of 6." in out
    assert out.count("\nRight.") + out.count("\nRight. It is spelled") == 4
    assert out.count("\nNot quite.") == 2
    # What was wrong is said in words, item by item, with the right answer.
    assert "wrong: you chose this one, but it does not belong." in out
    assert "wrong place." in out
    assert "The right answer:" in out
    assert "Why: " in out and "Read more: the lesson “What metastatic cancer is”" in out
    assert "You got 4 of 6 right (67 percent)." in out
    assert "To look at again:" in out
    saved = progress()
    attempt = saved.packs["demo"].attempts[-1]
    assert attempt.finished is not None and attempt.correct == 4 and attempt.total == 6
    records = saved.questions["demo"]
    assert [records[q.id].last_correct for q in questions] == [right[i] for i in range(6)]


def test_hint_and_skip(demo_pack):
    question = load_pack(demo_pack).questions[0]
    status, out, _ = plain("--plain", "quiz", "demo", stdin=f"hint\nskip\n\nquit\n")
    assert status == 0
    if question.hints:
        assert "Hint" in out
    else:
        assert "There are no hints for this question." in out
    assert "Skipped: it comes back at the end, with no penalty." in out
    assert "Question 2 of 6." in out


def test_quit_and_carry_on_where_it_was_left(demo_pack):
    questions = load_pack(demo_pack).questions
    first = f"{typed(questions[0], True)}\n\n{typed(questions[1], True)}\n\n"
    status, out, _ = plain("--plain", "quiz", "demo", stdin=first)  # the input ends: quit, saving
    assert status == 0
    assert "The input has ended." in out and "Goodbye. Your progress is saved." in out
    assert "You typed: " in out and "You pressed Enter." in out  # a transcript: each answer shown
    assert set(progress().questions["demo"]) == {questions[0].id, questions[1].id}

    status, out, _ = plain("--plain", stdin="1\nquit\n")  # home: Continue carries the quiz on
    assert status == 0
    assert "1. Carry on the quiz: Demo (question 3 of 6)" in out
    assert "Welcome back. You answered 2 of 6 questions last time, so the quiz carries on from question 3." in out
    assert "Question 3 of 6." in out


def test_a_review_of_questions_due(demo_pack):
    from learnmeta.progress import ProgressStore

    # Both due at the same moment: a review asks them in the order of their ids.
    questions = sorted(load_pack(demo_pack).questions[:2], key=lambda q: q.id)
    store = ProgressStore.open(home() / "learners" / "default.toml")
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)
    for question in questions:
        store.record_answer("demo", "1.0.0", question.id, lesson=question.lesson, section=question.section,
                            response="x", correct=False, hints_used=0, when=long_ago)
    store.close()
    answers = f"{typed(questions[0], True)}\n\n{typed(questions[1], False)}\n\n\nquit\n"
    status, out, err = plain("--plain", "review", stdin=answers)
    assert status == 0, err
    assert "Review. 2 questions." in out
    assert "From: Demo" in out
    assert "Review results" in out and "You got 1 of 2 right" in out
    records = progress().questions["demo"]
    assert records[questions[0].id].last_correct is True and records[questions[0].id].seen == 2
    assert records[questions[0].id].review.due > dt.datetime.now(dt.timezone.utc)


def test_home_and_review_say_when_the_next_review_is_when_nothing_is_due(demo_pack):
    from learnmeta.progress import ProgressStore

    question = load_pack(demo_pack).questions[0]
    store = ProgressStore.open(home() / "learners" / "default.toml")
    store.record_answer("demo", "1.0.0", question.id, lesson=question.lesson, section=question.section,
                        response="x", correct=True, hints_used=0,
                        when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    store.close()
    status, out, err = plain("--plain", stdin="4\nquit\n")
    assert status == 0, err
    when = re.search(r"Review \(nothing is due now; next review: (tomorrow|in \d+ days)\)", out)
    assert when, out
    assert f"Nothing is due for review right now.\nThe next review is {when.group(1)}." in out


def test_nothing_to_review_glossary_and_support():
    status, out, _ = plain("--plain", stdin="4\n5\nmetastasis\nlist\n\n6\nquit\n")
    assert status == 0
    assert "There is nothing to review yet." in out
    assert "Glossary: " in out and re.search(r"\nmetastasis \(also called [^)]*\): One tumour", out)
    assert "Support: who you can talk to." in out
    assert "Macmillan Support Line, 0808 808 00 00" in out and "1-800-422-6237" in out


def test_term_dumb_chooses_plain_mode_without_a_terminal():
    status, out, err = plain(stdin="quit\n", term="dumb")
    assert status == 0, err
    assert out.startswith("learnmeta, in plain mode")
    assert "Home." in out


def test_a_second_window_is_told_it_does_not_save(demo_pack):
    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(home() / "learners" / "default.toml")  # the first window
    try:
        question = load_pack(demo_pack).questions[0]
        status, out, _ = plain("--plain", "quiz", "demo", stdin=f"{typed(question, True)}\n\nquit\n")
    finally:
        store.close()
    assert status == 0
    assert "Your answers in this window will not be saved:" in out
    assert "Goodbye. Nothing was saved in this window." in out
    assert "demo" not in progress().questions


def test_unknown_ids_exit_2_a_usage_error_as_the_app_does():
    status, _, err = plain("--plain", "lesson", "no-such-lesson", stdin="")
    assert status == 2 and "no lesson has the id 'no-such-lesson'" in err
    status, _, err = plain("--plain", "quiz", "nope", stdin="")
    assert status == 2 and "no quiz has the id 'nope'" in err


def test_plain_mode_loads_no_textual_or_rich():
    script = ("import sys\nfrom learnmeta.cli import main\nstatus = main(['--plain'])\n"
              "assert status == 0, status\n"
              "print('LOADED', sorted({n.split('.')[0] for n in sys.modules} & {'textual', 'rich'}))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script], input="2\n1\n\nquit\n", capture_output=True,
                            text=True, env=env, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


def test_every_built_in_page_reads_as_plain_lines():
    from learnmeta.content.library import load_library
    from learnmeta.plain.markdown import plain_lines

    library = load_library(user_packs=False)
    pages = [page for lesson in library.lessons for page in lesson.pages]
    assert len(pages) > 20
    for page in pages:
        lines = plain_lines(page.body)
        assert lines, page.id
        text = "\n".join(lines)
        for mark in ("**", "](", "{#", "\n#", "\n>", "__", "`", "|-"):
            assert mark not in "\n" + text, (page.id, mark)
        assert not re.search(r"[→←›✓✗•▶─│]", text), page.id


def test_markdown_as_plain_lines():
    from learnmeta.plain.markdown import plain_lines

    source = ("## Title {#id}\n\nSome **bold**, _soft_ and `code`, a [link](https://example.org).\n"
              "> **Call your team if you have:**\n>\n> - pain,\n> - fever.\n\n"
              "| Site | Sign |\n|---|---|\n| Bone | Pain |\n\n1. one\n   more\n2. two\n\n---\nsnake_case stays.")
    assert plain_lines(source) == [
        "Title", "",
        "Some bold, soft and code, a link (https://example.org).", "",
        "Call your team if you have:", "",
        "- pain,", "- fever.", "",
        "Site; Sign", "Bone; Pain", "",
        "1. one more", "2. two", "",
        "snake_case stays.",
    ]


def test_typed_answers_for_every_kind_of_question(demo_pack):
    from learnmeta.plain.answers import NotAnAnswer, read_answer

    by_type = {question.type: question for question in load_pack(demo_pack).questions}

    def read(kind: str, text: str):
        question = by_type[kind]
        return read_answer(question, presentation(question, 0), text)

    single = by_type["single"]
    right = next(c for c in single.choices if c.correct)
    assert read("single", right.text.upper()) == right.id  # its words, in any case
    assert read("multiple", "1, 2") == read("multiple", "2 1")
    assert read("true_false", "T") is True and read("true_false", "false") is False
    matching = by_type["matching"]
    assert set(read("matching", " ".join(f"{n}a" for n in range(1, len(matching.pairs) + 1)))) == {
        pair.left for pair in matching.pairs}
    for kind, text, says in [
        ("single", "9", "There is no number 9"),
        ("single", "1 2", "Choose one answer"),
        ("true_false", "maybe", "Type t for true or f for false"),
        ("matching", "1a", "still need"),
        ("matching", "1a 1b", "Item 1 has two matches"),
        ("matching", "1z", "There is no match z"),
        ("ordering", "1 1", "Each number once"),
        ("ordering", "1", "still"),
        ("short_answer", "", "Type your answer"),
    ]:
        with pytest.raises(NotAnAnswer, match=says):
            read(kind, text)


def test_how_you_are_learning_can_be_changed():
    status, out, _ = plain("--plain", stdin="7\n2\nquit\n")
    assert status == 0
    assert "7. How you are learning: on my own (change it)" in out
    assert "Saved: in a course, with a pass mark." in out
    assert "How you are learning: in a course, with a pass mark (change it)" in out
    assert progress().learner.track == "course"


def test_a_pack_file_tried_out_saves_nothing(tmp_path):
    pack = tmp_path / "mine.toml"
    status, _, err = plain("new-pack", "mine", "--lesson", "what-is-metastatic-cancer", "-o", str(pack), stdin="")
    assert status == 0, err
    question = load_pack(pack).questions[0]
    status, out, err = plain("--plain", "quiz", str(pack), stdin=f"{typed(question, True)}\n\nquit\n")
    assert status == 0, err
    assert "Trying out a pack file: your answers are not saved" in out
    assert "Goodbye. This was a preview: nothing was saved." in out
    learner = home() / "learners" / "default.toml"
    assert not learner.exists() or "mine" not in progress().questions


def test_progress_naming_a_pack_is_refused(demo_pack):
    status, out, err = plain("--plain", "--progress", str(demo_pack), stdin="quit\n")
    assert status == 1 and "learnmeta:" in err and out == ""


def test_my_questions_for_my_next_visit_in_plain_lines():
    """The same list as the app's (issue #16): add a suggestion, write one's own, mark asked,
    move, remove and save the page, all as typed lines, kept in the progress file."""
    script = "\n".join([
        "8",            # home: My questions for my next visit
        "add 1", "new Can I travel in the summer?", "asked 2", "up 2", "add 99", "remove 2",
        "save", "", "quit", "",
    ])
    status, out, err = plain("--plain", stdin=script)
    assert status == 0, err
    assert "My questions for my next visit." in out and "Your list is empty." in out
    assert "Added to your list: Where did my cancer start?" in out
    assert "Added to your list: Can I travel in the summer?" in out
    assert "Marked asked: Can I travel in the summer?" in out
    assert "Now number 1 of 2." in out
    assert "Type add and the number of a suggestion, from 1 to" in out
    assert "Removed from your list: Where did my cancer start?" in out
    assert "Saved to" in out and "default-questions.md" in out
    kept = progress().visit.questions
    assert [(q.text, q.asked) for q in kept] == [("Can I travel in the summer?", True)]
    page = (home() / "learners" / "default-questions.md").read_text(encoding="utf-8")
    assert "- [x] Can I travel in the summer?" in page

def test_progress_and_past_results_as_text(demo_pack):
    from learnmeta.progress import ProgressStore
    from learnmeta.quiz.engine import check_answer

    pack = load_pack(demo_pack)
    single = next(q for q in pack.questions if isinstance(q, SingleQuestion))
    wrong = next(c for c in single.choices if not c.correct)
    store = ProgressStore.open(home() / "learners" / "default.toml")
    attempt = store.start_attempt("demo", "1.0.0")
    outcome = check_answer(single, wrong.id)
    store.record_answer("demo", "1.0.0", single.id, lesson=single.lesson, section=single.section,
                        response=outcome.response_text, correct=False, hints_used=0, attempt_id=attempt)
    store.finish_attempt(attempt, correct=0, total=len(pack.questions), percent=0, passed=False)
    store.close()
    status, out, err = plain("--plain", stdin="9\n\n10\n1\n\nquit\n")
    assert status == 0, err
    assert "Your progress." in out and "Lessons:" in out
    assert "1. What metastatic cancer is: 0 of " in out and "knowledge check not taken yet" in out
    assert "In the last 14 days: 1 answer, 0 right and 1 not right." in out
    assert "Today: 0 right, 1 not right" in out
    assert "Ideas to look at again: none for now." in out  # chosen once only
    assert "Past results, the most recent first:" in out
    assert re.search(r"1\. today \d\d:\d\d, Quiz: Demo, 0 of \d+ right \(0 percent\)", out), out
    assert f"1. Not right: {single.prompt}" in out
    assert f"You answered: {wrong.text}" in out and "The right answer: " in out


def _past_result_of(pack, matching, response: str) -> str:
    """What plain mode prints for past results (10, then the first attempt) after one attempt
    at ``pack`` in which ``matching`` was answered wrong with ``response`` (the file keeps its
    first 200 characters)."""
    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(home() / "learners" / "default.toml")
    attempt = store.start_attempt("demo", "1.0.0")
    store.record_answer("demo", "1.0.0", matching.id, lesson=matching.lesson, section=matching.section,
                        response=response, correct=False, hints_used=0, attempt_id=attempt)
    store.finish_attempt(attempt, correct=0, total=len(pack.questions), percent=0, passed=False)
    store.close()
    status, out, err = plain("--plain", stdin="10\n1\n\nquit\n")
    assert status == 0, err
    return out


def test_past_results_say_a_long_matching_answer_as_it_was_kept(demo_pack):
    """The file keeps an answer's first 200 characters: a long matching answer did not read back
    and "You answered:" was followed by nothing. It says the matches as kept, in words."""
    pack = load_pack(demo_pack)
    matching = next(q for q in pack.questions if isinstance(q, MatchingQuestion))
    long = "the one that goes on for a long while, " * 2 + "and on and on"
    response = "; ".join(f"{pair.left} → {long}" for pair in matching.pairs)
    assert len(response) > 200
    out = _past_result_of(pack, matching, response)
    said = out.split("You answered:", 1)[1].split("The right answer", 1)[0]
    first = matching.pairs[0]
    assert f"- {first.left}: {long.strip()}" in said, out
    assert said.rstrip().endswith("…"), said


def test_review_reads_a_leechs_page_first(demo_pack):
    from learnmeta.progress import ProgressStore

    pack = load_pack(demo_pack)
    single = next(q for q in pack.questions if isinstance(q, SingleQuestion))
    store = ProgressStore.open(home() / "learners" / "default.toml")
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=60)
    for minutes in range(4):
        store.record_answer("demo", "1.0.0", single.id, lesson=single.lesson, section=single.section,
                            response="x", correct=False, hints_used=0,
                            when=long_ago + dt.timedelta(minutes=minutes))
    store.close()
    status, out, err = plain("--plain", "review", stdin=f"{typed(single, True)}\n\n\nquit\n")
    assert status == 0, err
    first = out.index("You have missed the next question 4 times, so here first is the page that teaches it.")
    assert out.index("Read more, from the lesson", first) < out.index("Question 1 of 1", first)


@pytest.mark.parametrize("tail", ["; ", ";"])
def test_past_results_say_a_match_lost_whole_at_the_cut_as_cut(demo_pack, tail):
    """The 200 characters kept end just after a match, at its "; " (or between its ";" and
    space): that match is whole and says so, and the matches lost after it are said as not kept
    in words (it said the whole match was cut short, and nothing of those lost; or ended ";…")."""
    pack = load_pack(demo_pack)
    matching = next(q for q in pack.questions if isinstance(q, MatchingQuestion))
    first = matching.pairs[0]
    long = "x" * (200 - len(f"{first.left} → ") - len(tail))
    response = "; ".join(f"{pair.left} → {long}" for pair in matching.pairs)
    assert response[:200].endswith(f"{first.left} → {long}{tail}")
    out = _past_result_of(pack, matching, response)
    said = out.split("You answered:", 1)[1].split("The right answer", 1)[0]
    assert [line for line in said.splitlines() if line.strip()] == [f"- {first.left}: {long}",
                                                                     "- … (the rest was not kept)"], said


def test_a_question_of_two_choices_asks_for_1_or_2(demo_pack):
    """Two choices: "type its number, 1 or 2", not "1 to 2" (as in the app)."""
    import tomllib

    import tomli_w

    data = tomllib.loads(demo_pack.read_text(encoding="utf-8"))
    single = data["questions"][0]
    assert single["type"] == "single"
    right = next(c for c in single["choices"] if c.get("correct"))
    single["choices"] = [right, next(c for c in single["choices"] if c is not right)]
    demo_pack.write_text(tomli_w.dumps(data), encoding="utf-8")
    status, out, err = plain("--plain", "quiz", "demo", stdin="quit\n")
    assert status == 0, err
    assert "Choose one: type its number, 1 or 2, or its words." in out, out
    assert "1 to 2" not in out


def test_past_results_keep_a_cut_match_whose_answer_holds_a_semicolon_whole(demo_pack):
    """A match is "item → answer", the matches joined by "; ": an answer holding "; " itself was
    said as two matches, its second half on a line of its own as if it were another item's."""
    pack = load_pack(demo_pack)
    matching = next(q for q in pack.questions if isinstance(q, MatchingQuestion))
    long = "bones; the spine, the ribs and the pelvis; the long bones of the arms and legs; the skull"
    response = "; ".join(f"{pair.left} → {long}" for pair in matching.pairs)
    assert len(response) > 200
    out = _past_result_of(pack, matching, response)
    said = [line for line in out.split("You answered:", 1)[1].split("The right answer", 1)[0].splitlines()
            if line.strip()]
    lefts = [pair.left for pair in matching.pairs]
    assert said[0] == f"- {lefts[0]}: {long}", said
    assert all(any(line.startswith(f"- {left}: bones; the spine") for left in lefts)
               for line in said if line != "- … (the rest was not kept)"), said
    assert len(said) <= len(lefts) + 1, said
