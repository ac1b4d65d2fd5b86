"""An exam end to end through the real command line, in plain mode (``learnmeta --plain quiz
PACK --exam``, input piped as a screen reader user's terminal would feed it): nothing says right
or wrong before submitting, answers can be changed and moved between, submitting names the
unanswered and asks first, a quit mid-exam keeps every answer, and the results give the feedback
for every question."""

from __future__ import annotations

import tomllib

from learnmeta.content.loader import load_pack
from test_plain_mode import demo_pack, home, plain, progress, typed  # noqa: F401 - fixture

BEFORE_SUBMIT = ("Right.", "Not quite.", "The right answer", "Why:")


def test_an_exam_end_to_end_with_feedback_only_after_submitting(demo_pack):  # noqa: F811
    pack = load_pack(demo_pack)
    q = pack.questions
    lines = [
        typed(q[0], False),   # 1: wrong, kept, the next question follows
        "back",               # back to 1...
        typed(q[0], True),    # ...changed to the right answer
        "next",               # 3 passed over without answering
        typed(q[2], True),
        "list",
        "",                   # go on (to question 4)
        "hint",               # no hints in an exam
        typed(q[3], True),
        "time",
        "submit", "no",       # asked first, naming 2, 5 and 6; kept working
        typed(q[4], True),
        "submit", "yes",
        "", "quit",
    ]
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    before, _, after = out.partition("Your exam is submitted.")
    assert after, out
    for words in BEFORE_SUBMIT:
        assert words not in before, words
    assert "This is an exam: your answers are checked when you submit the whole exam." in before
    assert before.count("Kept. You can change it until you submit.") == 5
    assert "Your answer so far: " in before  # back at question 1, its answer is read out
    assert "2 of 6 answered. Not answered: 2, 4, 5 and 6." in before
    assert "There are no hints in an exam." in before
    assert "There is no time limit. 3 of 6 answered. Not answered: 2, 5 and 6." in before
    assert "Questions 2, 5 and 6 are not answered yet; they would count as not right." in before
    assert "Questions 2 and 6 are not answered yet" in before
    assert "Keep working: nothing is submitted." in before
    # after: every question with its feedback, then the score
    assert after.count("Question ") >= 6 and after.count("Not answered.") == 2
    assert after.count("Why: ") == 6
    assert "Exam results: Demo" in after and "You got 4 of 6 right" in after
    assert ("You answered 4 of 6 questions, and got them all right. The other 2 are there whenever "
            "you want to try them") in " ".join(after.split())  # not "well done for working through these"
    assert "Well done for working through these" not in after
    # by lesson, the 2 unanswered are not wrong answers; practising takes exactly them, and says so
    by_lesson = after.partition("By lesson:")[2].partition("How sure")[0]
    assert " answered, " in by_lesson and "4 right" in " ".join(by_lesson.split()), by_lesson
    assert "practise to practise the ones not answered" in after
    saved = progress()
    attempt = saved.packs["demo"].attempts[-1]
    assert attempt.exam and (attempt.correct, attempt.total) == (4, 6) and attempt.exam_answers is None
    assert set(saved.questions["demo"]) == {q[0].id, q[2].id, q[3].id, q[4].id}
    assert saved.questions["demo"][q[0].id].seen == 1  # changed once, counted once


def test_quitting_mid_exam_keeps_the_answers_and_it_carries_on(demo_pack):  # noqa: F811
    pack = load_pack(demo_pack)
    q = pack.questions
    status, out, err = plain("--plain", "quiz", "demo", "--exam",
                             stdin="\n".join([typed(q[0], True), typed(q[1], False), "quit"]) + "\n")
    assert status == 0, err
    data = tomllib.loads((home() / "learners" / "default.toml").read_text())
    attempt = data["packs"]["demo"]["attempts"][-1]
    assert len(attempt["exam_answers"]) == 2 and attempt["answered"] == 0
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="quit\n")
    assert "Welcome back. Your exam carries on where you left it: 2 of 6 questions answered." in out
    assert "Question 3 of 6 (not answered)." in out


def test_a_submitted_exam_read_again_from_past_results_has_every_questions_feedback(demo_pack):  # noqa: F811
    pack = load_pack(demo_pack)
    q = pack.questions
    status, out, err = plain("--plain", "quiz", "demo", "--exam",
                             stdin="\n".join([typed(q[0], True), "submit", "yes", "", "quit"]) + "\n")
    assert status == 0, err
    status, out, err = plain("--plain", stdin="10\n1\n\nquit\n")
    assert status == 0, err
    past = out.partition("Past results, the most recent first:")[2]
    assert "Exam results: Demo" in past and "You got 1 of 6 right" in past
    assert "1. Right: " in past
    for number in range(2, 7):
        assert f"{number}. Not answered: " in past, number
    assert past.count("The right answer") == 5 and past.count("Why: ") == 6
    assert past.count("Read more: ") == 6


def test_a_cbm_exam_in_plain_mode_asks_how_sure_after_each_answer_and_scores_with_it(demo_pack):  # noqa: F811
    """Each answer kept is followed by "How sure are you?" (Enter goes on without saying; back
    changes the answer first); the level is saved with the answer, read out with it when the
    learner comes back, and scores the submitted exam; the results say how sure they were."""
    text = demo_pack.read_text(encoding="utf-8")
    assert "[pack]\n" in text and "\nmarking" not in text
    demo_pack.write_text(text.replace("[pack]\n", '[pack]\nmarking = "cbm"\n', 1), encoding="utf-8")
    pack = load_pack(demo_pack)
    q = pack.questions
    lines = [
        typed(q[0], True), "3",      # 1: right, sure
        typed(q[1], False), "back",  # 2: wrong... back to change it
        typed(q[1], True), "",       # ...right, not said
        "quit",
    ]
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert out.count("How sure are you?") == 3
    for words in BEFORE_SUBMIT:
        assert words not in out, words
    attempt = progress().packs["demo"].attempts[-1]
    assert attempt.exam_confidence == {q[0].id: 3}
    status, out, err = plain("--plain", "quiz", "demo", "--exam",
                             stdin="\n".join(["go 1", "go 3", typed(q[2], False), "2", "submit", "yes", "", "quit"])
                             + "\n")
    assert status == 0, err
    assert "(you said: sure)" in out.partition("Your exam is submitted.")[0], out[-3000:]
    after = out.partition("Your exam is submitted.")[2]
    assert "How sure you were:" in after, out[-2500:]
    # C3 right +3, C1 (not said) right +1, C2 wrong -2: +2 over 6 questions
    assert "Certainty-based marking, 6 questions: average CBM mark 0.33 per question" in after
    saved = progress()
    assert saved.packs["demo"].attempts[-1].exam_confidence is None
    assert saved.questions["demo"][q[0].id].last_confidence == 3
    assert saved.questions["demo"][q[2].id].last_confidence == 2


def test_an_exam_says_how_many_questions_and_on_the_course_track_the_pass_mark(demo_pack):  # noqa: F811
    """It said "Exam: Demo. 6 questions." and no pass mark, which a trainee should know before
    starting (on the course track, where the results say passed or not)."""
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="quit\n")
    assert status == 0, err
    assert "6 questions." in out and "Pass mark" not in out  # on my own: no pass or fail
    status, out, err = plain("--plain", stdin="7\n2\nquit\n")  # how you are learning: in a course
    assert status == 0 and progress().learner.track == "course", err
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="quit\n")
    assert status == 0, err
    mark = load_pack(demo_pack).pack.pass_mark
    assert f"6 questions. Pass mark {mark} percent." in out, out
