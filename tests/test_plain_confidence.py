"""Confidence, undo and "I was right" in plain mode (``learnmeta --plain``), driven through stdin."""

from __future__ import annotations

from learnmeta.content.loader import load_pack
from learnmeta.progress import ProgressStore

from test_plain_mode import demo_pack, home, plain, progress, typed  # noqa: F401 - the fixture


def answers():
    """The learner's answers, as the answer log beside the progress file holds them."""
    from learnmeta.progress.answerlog import answers as logged, log_path

    return logged(log_path(home() / "learners" / "default.toml"))

__all__ = ["demo_pack"]


def _course_track() -> None:
    with ProgressStore.open(home() / "learners" / "default.toml") as store:
        store.update_settings(track="course", welcomed=True)


def test_on_the_course_track_plain_mode_asks_how_sure_and_says_kindly_when_sure_and_wrong(demo_pack):
    _course_track()
    questions = load_pack(demo_pack).questions
    lines = [typed(questions[0], False), "maybe", "3", "", typed(questions[1], True), "", "quit"]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert "How sure are you? Type 1 for not sure, 2 for fairly sure, 3 for sure" in out
    assert "Type 1, 2 or 3, or press Enter." in out
    assert "You were sure, and this one is not right." in out
    saved = progress()
    assert saved.questions["demo"][questions[0].id].last_confidence == 3
    assert answers()[-1].confidence is None  # Enter: not said


def test_undo_in_plain_mode_asks_the_question_again(demo_pack):
    questions = load_pack(demo_pack).questions
    lines = [typed(questions[0], False), "undo", typed(questions[0], True), "", "quit"]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert "undo to take your answer back" in out
    assert ("Your answer was taken back. Answer again when you are ready: as you saw the right answer, "
            "your record will show that your next answer to it was given again.") in " ".join(out.split())
    assert "as if it was never given" not in out
    assert out.count("Question 1 of 6.") == 2
    saved = progress()
    record = saved.questions["demo"][questions[0].id]
    assert (record.seen, record.correct, record.last_correct) == (1, 1, True)
    assert [a.correct for a in answers()] == [True]


def test_i_was_right_in_plain_mode_for_a_typed_answer(demo_pack):
    questions = load_pack(demo_pack).questions
    short = next(n for n, q in enumerate(questions) if q.type == "short_answer")
    lines = ["skip"] * short + [typed(questions[short], False), "right", "", "quit"]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert "or right if your answer was right" in out
    assert "Counted as right: you said your answer was right." in out
    entry = answers()[-1]
    assert (entry.question, entry.correct, entry.overruled) == (questions[short].id, True, True)


def test_plain_mode_home_turns_asking_how_sure_on(demo_pack):
    status, out, err = plain("--plain", stdin="11\n1\nquit\n")
    assert status == 0, err
    assert "11. Ask how sure I am before checking an answer: off (change it)" in out
    assert "Saved: you will be asked how sure you are." in out
    assert "Ask how sure I am before checking an answer: on (change it)" in out
    assert progress().learner.ask_confidence is True
    questions = load_pack(demo_pack).questions
    status, out, err = plain("--plain", "quiz", "demo", stdin=f"{typed(questions[0], True)}\n2\n\nquit\n")
    assert status == 0, err
    assert "How sure are you?" in out
    assert answers()[-1].confidence == 2


def test_plain_review_offers_the_page_first_after_a_sure_but_wrong_answer(demo_pack):
    import datetime as dt

    question = load_pack(demo_pack).questions[0]
    with ProgressStore.open(home() / "learners" / "default.toml") as store:
        store.update_settings(welcomed=True)
        store.record_answer("demo", "1.0.0", question.id, lesson=question.lesson, section=question.section,
                            response="x", correct=False, hints_used=0, confidence=3,
                            when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2))
    status, out, err = plain("--plain", "review", stdin=f"read\n\n{typed(question, True)}\n\n\nquit\n")
    assert status == 0, err
    said = out.index("Last time you were sure of an answer that was not right.")
    assert said < out.index(question.prompt)
    assert "Right." in out[said:]
    assert progress().questions["demo"][question.id].last_correct is True


def test_undo_typed_one_step_late_is_not_taken_as_an_answer_to_the_next_question(demo_pack):
    """After Enter the next question is asked; "undo" there was read as a typed answer ("undo",
    not right, saved) or as "not a number". It says when undo works, and nothing is saved."""
    questions = load_pack(demo_pack).questions
    short = next(n for n, q in enumerate(questions) if q.type == "short_answer")
    assert short > 0
    lines = ["skip"] * (short - 1) + [typed(questions[short - 1], True), "", "undo", "quit"]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    assert "Undo works right after the feedback, before you go on." in out
    assert [entry.question for entry in answers()] == [questions[short - 1].id]


def test_on_the_course_track_plain_mode_says_an_answer_given_again_after_an_undo_beside_the_pass(demo_pack):
    """Wrong, undo, right: the score counts it right, and the verdict says it was given again
    (as the app's results do); the answer log marks it."""
    with ProgressStore.open(home() / "learners" / "default.toml") as store:
        store.update_settings(track="course", welcomed=True, ask_confidence=False)
    questions = load_pack(demo_pack).questions
    lines = [typed(questions[0], False), "undo"]
    for question in questions:
        lines += [typed(question, True), ""]
    status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines + ["quit"]) + "\n")
    assert status == 0, err
    words = " ".join(out.split())
    assert "Passed. The pass mark is" in words, out[-1500:]
    assert "percent. 1 wrong answer was taken back after its feedback and answered again." in words
    assert [a.given_again for a in answers()][:2] == [True, None]


def test_on_the_course_track_an_undo_in_a_review_says_the_next_answer_is_marked_given_again(demo_pack):
    """A wrong answer taken back in a review (no pass mark there) is no longer "as if it was never
    given" on the course track: the answer given next is marked given again in the log (and the
    class report counts it), and the learner is told so before answering again."""
    import datetime as dt

    question = load_pack(demo_pack).questions[0]
    with ProgressStore.open(home() / "learners" / "default.toml") as store:
        store.update_settings(track="course", welcomed=True, ask_confidence=False)
        store.record_answer("demo", "1.0.0", question.id, lesson=question.lesson, section=question.section,
                            response="x", correct=False, hints_used=0,
                            when=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2))
    lines = [typed(question, False), "undo", typed(question, True), "", "quit"]
    status, out, err = plain("--plain", "review", stdin="\n".join(lines) + "\n")
    assert status == 0, err
    words = " ".join(out.split())
    assert ("Your answer was taken back. Answer again when you are ready: as you saw the right answer, "
            "your record will show that your next answer to it was given again.") in words, out[-1500:]
    assert "as if it was never given" not in words
    assert [(a.correct, a.given_again) for a in answers()] == [(False, None), (True, True)]


def test_a_sure_wrong_answer_taken_back_and_left_unanswered_keeps_its_cbm_mark_in_plain_mode(demo_pack):
    """Certainty-based marking scores a question left unanswered 0 and a sure wrong answer -6:
    sure and wrong, undo, then skipping the question to the end raised the CBM score by 6. The
    results now give the same CBM figures as for the wrong answer left standing, and say why."""
    text = demo_pack.read_text(encoding="utf-8")
    demo_pack.write_text(text.replace('pass_mark = 80 ', 'marking = "cbm"\npass_mark = 80 ', 1), encoding="utf-8")
    questions = load_pack(demo_pack).questions
    assert load_pack(demo_pack).pack.marking == "cbm"
    rest = [line for question in questions[1:] for line in (typed(question, True), "3", "")]
    said = {}
    for how, first in (("stood", [typed(questions[0], False), "3", ""]),
                       ("taken back", [typed(questions[0], False), "3", "undo", "skip"])):
        for path in (home() / "learners").glob("default*"):
            path.unlink()
        lines = first + rest + (["skip"] if how == "taken back" else []) + ["quit"]
        status, out, err = plain("--plain", "quiz", "demo", stdin="\n".join(lines) + "\n")
        assert status == 0, err
        words = " ".join(out.split())
        start = words.index("Certainty-based marking")
        said[how] = words[start:words.index("C1 not sure", start)]
        if how == "taken back":
            assert "You got 5 of 6 right (83 percent). 1 question was left unanswered." in words
            assert ("A wrong answer you took back and did not answer again counts in this marking as you "
                    "gave it.") in words
    assert said["taken back"] == said["stood"]
    assert f"{3 * (len(questions) - 1) - 6:+d} in all" in said["stood"]
