"""The exam screen, walked with the keyboard: no feedback anywhere on screen before the exam is
submitted, moving between questions, changing answers, the list of questions, submitting with
the unanswered named, the time limit, and the full results with feedback for every question."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from factories import pack_data, write_content, write_pack
from learnmeta.app.screens.exam import ExamQuestionsDialog, ExamScreen
from learnmeta.app.screens.results import ResultsScreen
from test_app_quiz import keys_for_matching, keys_for_ordering, screen_text

BIG = (100, 50)
VERDICTS = ("✓", "✗", "Right", "Not quite", "Why:", "The right answer", "Yes, b.", "Not a.")


@pytest.fixture
def exam_content(tmp_path) -> Path:
    data = pack_data()
    data["pack"]["mode"] = "exam"
    data["pack"]["time_limit_minutes"] = 30
    return write_content(tmp_path / "exam-content", data)


def words(app) -> str:
    """The text of what the current screen shows, each widget's text on one line (not wrapped)."""
    from textual.widgets import Static

    return "\n".join(" ".join(str(w.render()).split()) for w in app.screen.query(Static) if w.display)


def no_feedback(text: str) -> None:
    for word in VERDICTS:
        assert word not in text, (word, text)


def saved(path: Path) -> dict:
    return tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]


async def press(pilot, *keys):
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_an_exam_shows_no_feedback_until_submitted_then_feedback_for_every_question(
        make_app, exam_content, tmp_path):
    from learnmeta import checks
    from learnmeta.content.models import Pack

    pack = checks.validate(Pack, pack_data())
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        text = screen_text(app)
        assert "Exam: A test pack" in text and "Question 1 of 6 (not answered)" in text
        assert "Time left: 30 minutes" in text or "Time left: 29 minutes" in text
        no_feedback(text)
        await press(pilot, "1")  # a wrong choice: kept, nothing said about it
        text = screen_text(app)
        no_feedback(text)
        assert "Your answer is kept" in text
        await press(pilot, "2")  # changed to the right one
        await press(pilot, "enter")
        assert "Question 2 of 6" in screen_text(app)
        await press(pilot, "1", "3", "enter")  # multiple: right
        await press(pilot, "f", "enter")  # true/false: wrong
        for key in keys_for_matching(pack):
            await press(pilot, key)
        await press(pilot, "enter")
        no_feedback(screen_text(app))
        await press(pilot, *keys_for_ordering(pack), "enter")
        assert "Question 6 of 6" in screen_text(app)
        await press(pilot, *"angiogenesis")  # typed, not yet kept
        await press(pilot, "f5")  # previous: the typed answer is kept on the way
        assert "Question 5 of 6 (answered)" in screen_text(app)
        attempt = saved(tmp_path / "progress.toml")
        assert attempt["exam_answers"]["q-single"] == "b" and attempt["exam_answers"]["q-short"] == "angiogenesis"
        assert attempt["exam_answers"]["q-true-false"] is False
        assert "questions" not in tomllib.loads((tmp_path / "progress.toml").read_text())
        await press(pilot, "s")  # submit: it asks first
        text = screen_text(app)
        assert "Submit your exam? You have answered every question." in text
        no_feedback(text)
        await press(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Exam results: A test pack" in text and "Your exam is submitted" in text
        assert "You got 5 of 6 right (83%)." in text
        assert "Every question, with feedback" in text
        assert "✓ 1. Right" in text and "Yes, b." in text
        assert "✗ 3. Not quite" in text and "The right answer: True" in text
        blocks = [str(block.render()) for block in app.screen.query(".results-checked")]
        assert len(blocks) == 6 and all("Why: Because." in block for block in blocks)
        assert "Read more: A test lesson › The first page" in blocks[5]
    data = tomllib.loads((tmp_path / "progress.toml").read_text())
    attempt = data["packs"]["test-pack"]["attempts"][-1]
    assert (attempt["correct"], attempt["total"], attempt["percent"]) == (5, 6, 83)
    assert "exam_answers" not in attempt
    assert all(record["seen"] == 1 for record in data["questions"]["test-pack"].values())


async def test_the_list_names_the_unanswered_jumps_and_submitting_names_them_too(make_app, exam_content):
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "2", "n", "n", "t")  # answer 1, pass 2, answer 3
        await press(pilot, "g")
        assert isinstance(app.screen, ExamQuestionsDialog)
        text = screen_text(app)
        assert "2 of 6 answered. Not answered: 2, 4, 5 and 6." in text
        assert "1. Pick b. (answered)" in text and "2. Pick a and c. (not answered)" in text
        no_feedback(text.replace("✓", ""))
        assert app.screen.query_one("OptionList").highlighted == 2  # where the learner is
        await press(pilot, "up", "enter")  # go to question 2
        assert isinstance(app.screen, ExamScreen)
        assert "Question 2 of 6 (not answered)" in screen_text(app)
        await press(pilot, "p")
        text = screen_text(app)
        assert "Question 1 of 6 (answered)" in text and "(•) Choice b" in text  # the answer kept
        await press(pilot, "x")  # taken back
        assert "Question 1 of 6 (not answered)" in screen_text(app)
        await press(pilot, "s")
        text = screen_text(app)
        assert "Questions 1, 2, 4, 5 and 6 are not answered yet" in words(app)
        await press(pilot, "n")  # keep working
        assert isinstance(app.screen, ExamScreen)


async def test_time_left_is_quiet_said_on_request_and_the_end_of_time_submits_kindly(
        make_app, exam_content, monkeypatch, tmp_path):
    from learnmeta.quiz import exam as exam_rules

    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamScreen)
        await press(pilot, "2")
        await press(pilot, "i")
        assert "minutes left. 1 of 6 answered." in screen_text(app)
        later = screen.session.started + dt.timedelta(minutes=26)
        monkeypatch.setattr(exam_rules, "now_utc", lambda: later)
        screen._tick()
        await pilot.pause()
        text = screen_text(app)
        assert "Time left: 4 minutes" in text and "A gentle reminder" in text
        monkeypatch.setattr(exam_rules, "now_utc", lambda: later + dt.timedelta(minutes=5))
        screen._tick()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "The time for this exam is up, so it has been submitted with the answers you gave (1 of 6)" in words(app)
    attempt = saved(tmp_path / "progress.toml")
    assert attempt["correct"] == 1 and attempt["total"] == 6


async def test_leaving_keeps_the_answers_and_the_exam_carries_on(make_app, exam_content, tmp_path):
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "1")
        await press(pilot, "escape")
        assert "Leave the exam? Your answers are kept" in screen_text(app)
        await press(pilot, "y")
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Welcome back. Your exam carries on where you left it: 2 of 6 questions answered." in words(app)
        assert "Question 3 of 6 (not answered)" in text
        await press(pilot, "p")
        assert "[x] Choice a" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_welcome_back_count_goes_once_the_learner_answers_again(make_app, exam_content, size):
    """"Welcome back ... 1 of 6 questions answered" is true when the exam carries on, not after
    more answers (found by a new-user walkthrough: it still said 1 of 18 after "Keep working"
    with 3 answered). It goes once the count changes; the top line and g still say where the
    learner is."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter")
        await press(pilot, "escape", "y")
    welcome = "Welcome back. Your exam carries on where you left it: 1 of 6 questions answered."
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert welcome in words(app)
        await press(pilot, "n", "p")  # moving about answers nothing: the count is still true
        assert welcome in words(app) and "Question 2 of 6 (not answered)" in screen_text(app)
        await press(pilot, "1", "enter", "t")  # questions 2 and 3 answered
        assert "Welcome back" not in words(app)
        await press(pilot, "s")
        assert "Questions 4, 5 and 6 are not answered yet" in words(app)
        await press(pilot, "n")  # keep working
        assert isinstance(app.screen, ExamScreen)
        text = words(app)
        assert "Welcome back" not in text and "1 of 6 questions answered" not in text
        assert "Your answers are checked when you submit" in text  # the other notes stay
        assert "Question 3 of 6 (answered)" in screen_text(app)


async def test_exam_flag_on_the_command_line_makes_any_pack_an_exam(make_app, tmp_path):
    folder = write_content(tmp_path / "c")
    app = make_app(content=[folder], start=("quiz", "test-pack", "exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "Time left" not in screen_text(app)  # no limit in this pack
    app = make_app(content=[folder], start=("quiz", "test-pack"), progress=tmp_path / "another.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ExamScreen)  # without --exam, and no exam left: a quiz


async def test_an_exam_left_unsubmitted_carries_on_even_when_the_quiz_is_opened_without_exam(make_app, tmp_path):
    folder = write_content(tmp_path / "c")
    app = make_app(content=[folder], start=("quiz", "test-pack", "exam"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "2")
    app = make_app(content=[folder], start=("quiz", "test-pack"))  # from home's list, say
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        assert "1 of 6 questions answered" in words(app)


def test_continue_on_home_carries_on_an_exam_left_unsubmitted(tmp_path):
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore
    from learnmeta.study.next_step import next_step

    folder = write_content(tmp_path / "c")
    library = load_library([folder], builtin=False, user_packs=False)
    with ProgressStore.open(tmp_path / "p.toml") as store:
        attempt = store.start_attempt("test-pack", "1.0.0", exam=True)
        store.save_exam_answer(attempt, "q-single", "b")
        step = next_step(library, store)
    assert step.kind == "quiz" and step.label == "Carry on the exam: A test pack (1 of 6 answered)"


async def test_a_submitted_exam_reopened_from_past_results_shows_every_questions_feedback_again(
        make_app, exam_content):
    """Past results reopen an exam as its results were: called an exam, and every question with
    its feedback (the unanswered ones too: the right answer, why, and where to read)."""
    from learnmeta.app.screens.history import HistoryScreen

    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "f", "enter")  # 1 right, 2 not answered, 3 not right
        await press(pilot, "s", "y")
        assert isinstance(app.screen, ResultsScreen)
        submitted = [" ".join(str(b.render()).split()) for b in app.screen.query(".results-checked")]
        app.show_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, ResultsScreen)
        text = words(app)
        assert "Exam results (today " in screen_text(app) and "): A test pack" in screen_text(app)
        assert "You got 1 of 6 right (17%). 5 questions were left unanswered." in text
        assert "Every question, with feedback" in text
        reopened = [" ".join(str(b.render()).split()) for b in app.screen.query(".results-checked")]
        assert reopened == submitted and len(reopened) == 6
        assert reopened[0].startswith("✓ 1. Right") and "Yes, b." in reopened[0]
        assert reopened[1].startswith("✗ 2. Not answered") and "The right answer: Choice a" in reopened[1]
        assert "The right answer: True" in reopened[2]
        assert all("Why: Because." in block and "Read more: A test lesson" in block for block in reopened)
        await press(pilot, "escape")
        assert isinstance(app.screen, HistoryScreen)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_the_exams_footer_keeps_keep_next_submit_leave_f1_and_f2_whole_in_a_small_window(
        make_app, exam_content, size):
    """At 60x20 the exam's footer ran past the edge: "f2 Supp". Then Next gave way, the only
    key that goes on without answering (Enter asks for an answer first): now the list of
    questions gives way (the keys line above names it, and the last question opens it), and
    every key still shown is whole."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _ in range(6):  # every kind of question: letters or, while typing, F keys
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            next_key = "f6 Next" if app.screen.typing else "n Next"
            for key in ("Keep", next_key, "Submit", "esc Leave", "f1 Help", "f2 Support"):
                assert key in footer, footer
            keys = " ".join(screen_text(app).splitlines()[-6:-2])  # the keys line names what gave way
            assert ("F7 questions" if app.screen.typing else "g questions") in " ".join(keys.split()), keys
            await press(pilot, "f6" if app.screen.typing else "n")


async def test_an_exam_whose_pack_changed_since_is_still_called_an_exam_when_reopened(
        make_app, exam_content, tmp_path):
    """Its questions changed (a new version): the answers are shown as they were, under the
    heading that names it an exam, as the list of past results does."""
    from learnmeta.app.screens.history import HistoryScreen

    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "s", "y")
        assert isinstance(app.screen, ResultsScreen)
    data = pack_data()
    data["pack"]["mode"] = "exam"
    data["pack"]["version"] = "2.0.0"
    write_pack(exam_content, data)
    again = make_app(content=[exam_content])
    async with again.run_test(size=BIG) as pilot:
        await pilot.pause()
        again.show_history()
        await pilot.pause()
        assert isinstance(again.screen, HistoryScreen)
        assert "Exam: A test pack" in screen_text(again)
        await press(pilot, "enter")
        assert isinstance(again.screen, ResultsScreen)
        text = screen_text(again)
        assert "Exam results (today " in text and "): A test pack" in text, text
        assert "✓ Right: Pick b." in text


async def test_at_60x20_the_keys_line_is_whole_for_every_kind_of_question(make_app, exam_content):
    """The keys line was cut to three lines: on a matching question at 60x20, "s submit · i time
    left" fell off the end (i is named nowhere else on the screen)."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        for _ in range(6):
            await pilot.pause()
            text = " ".join(screen_text(app).split())
            ending = "F8 submit" if app.screen.typing else "s submit · i time left"
            assert ending in text, text
            await press(pilot, "f6" if app.screen.typing else "n")


async def test_half_made_answers_are_kept_when_moving_away_and_shown_when_coming_back(
        make_app, exam_content, tmp_path):
    """Some items of a matching question matched, then n, p, the list: the matches are still
    there (and in the progress file); the question is "partly answered" in the list and when
    submitting. A typed answer goes with the learner too; unticking every box, or emptying the
    box, takes the kept answer back."""
    from learnmeta import checks
    from learnmeta.content.models import Pack

    pack = checks.validate(Pack, pack_data())
    first_match = keys_for_matching(pack)[0]
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    progress = tmp_path / "progress.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "n", "n", "n")
        assert "Question 4 of 6 (not answered)" in screen_text(app)
        await press(pilot, first_match)  # Breast matched; Colon and Prostate not yet
        text = screen_text(app)
        assert "Question 4 of 6 (partly answered)" in text
        assert "Partly answered: what you matched is kept" in words(app)
        assert text.count("(not matched yet)") == 2
        assert saved(progress)["exam_answers"] == {"q-matching": {"Breast": "Bones"}}
        await press(pilot, "n")  # away...
        assert "Question 5 of 6" in screen_text(app)
        await press(pilot, "p")  # ...and back: the match is shown again
        text = screen_text(app)
        assert "Question 4 of 6 (partly answered)" in text and text.count("(not matched yet)") == 2
        assert "Bones" in text.split("Breast", 1)[1].split("\n", 1)[0]
        await press(pilot, keys_for_matching(pack)[1])  # carries on at the first item left: Colon
        assert saved(progress)["exam_answers"] == {"q-matching": {"Breast": "Bones", "Colon": "Liver"}}
        await press(pilot, "g")
        assert "4. Match them. (partly answered)" in screen_text(app)
        await press(pilot, "up", "up", "enter")  # to question 2, from the list
        assert "Question 2 of 6 (not answered)" in screen_text(app)
        await press(pilot, "1")  # ticked: kept
        assert saved(progress)["exam_answers"]["q-multiple"] == ["a"]
        await press(pilot, "1")  # unticked again: nothing is kept for it
        assert "q-multiple" not in saved(progress)["exam_answers"]
        await press(pilot, "g", "end", "enter")  # to question 6, the typed answer
        await press(pilot, *"angio")
        await press(pilot, "f5")  # not confirmed with Enter: kept on the way
        assert saved(progress)["exam_answers"]["q-short"] == "angio"
        await press(pilot, "n")  # (on question 5, the order: not typing)
        assert "Question 6 of 6 (answered)" in screen_text(app)
        await press(pilot, *["backspace"] * 5, "f5")  # emptied: taken back
        assert "q-short" not in saved(progress)["exam_answers"]
        await press(pilot, "s")
        assert ("Question 4 is only partly answered, and questions 1, 2, 3, 5 and 6 are not answered; "
                "they would count as not right.") in words(app)
        await press(pilot, "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    data = tomllib.loads(progress.read_text())
    attempt = data["packs"]["test-pack"]["attempts"][-1]
    assert attempt["correct"] == 0 and "exam_answers" not in attempt
    assert "q-matching" not in data.get("questions", {}).get("test-pack", {})  # half made: not answered


@pytest.fixture
def cbm_exam_content(tmp_path) -> Path:
    data = pack_data()
    data["pack"]["mode"] = "exam"
    data["pack"]["marking"] = "cbm"
    return write_content(tmp_path / "cbm-exam-content", data)


async def test_a_cbm_exam_asks_how_sure_keeps_it_with_the_answer_and_scores_and_shows_it(
        make_app, cbm_exam_content, tmp_path):
    """Enter on an answer asks how sure (1, 2, 3; Enter goes on without saying; Backspace back to
    the answer), says nothing about right or wrong, saves the level with the answer, shows it
    when the learner comes back, lets them change both; the submitted exam is scored with it and
    its results, and past results, say how sure they were."""
    from learnmeta.app.screens.history import HistoryScreen

    progress = tmp_path / "progress.toml"
    app = make_app(content=[cbm_exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert "asks how sure you are" in words(app)
        await press(pilot, "2", "enter")  # right; Enter asks how sure
        text = words(app)
        assert "How sure are you of this answer? 1 not sure, 2 fairly sure, 3 sure." in text
        assert "Question 1 of 6 (answered)" in screen_text(app)
        no_feedback(text)
        await press(pilot, "3")  # sure: kept, and on to question 2
        assert "Question 2 of 6 (not answered)" in screen_text(app)
        assert saved(progress)["exam_confidence"] == {"q-single": 3}
        await press(pilot, "p")
        assert "Your answer is kept, and that you are sure of it." in words(app)
        await press(pilot, "enter")
        assert "You said: sure; Enter keeps that." in words(app)
        await press(pilot, "backspace", "1")  # back to the answer: changed to a (wrong)
        assert saved(progress)["exam_answers"]["q-single"] == "a"
        await press(pilot, "enter", "2")  # fairly sure now
        assert "Question 2 of 6" in screen_text(app)
        assert saved(progress)["exam_confidence"] == {"q-single": 2}
        await press(pilot, "1", "3", "enter")  # right; asked how sure...
        await press(pilot, "enter")  # ...goes on without saying
        assert "Question 3 of 6" in screen_text(app)
        await press(pilot, "t", "enter", "3")  # right, sure
        attempt = saved(progress)
        assert attempt["exam_confidence"] == {"q-single": 2, "q-true-false": 3}
        assert set(attempt["exam_answers"]) == {"q-single", "q-multiple", "q-true-false"}
        no_feedback(screen_text(app))
        await press(pilot, "s", "y")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = words(app)
        assert "How sure you were" in text
        # C2 wrong -2, C1 (not said) right +1, C3 right +3: +2 over 6 questions
        assert "Certainty-based marking, 6 questions: average CBM mark 0.33 per question" in text
        assert "(from -6 to 3; +2 in all)" in text and "C3 sure: 1 answer, 100% right" in text
        sure = " ".join(str(app.screen.query_one("#results-sureness").render()).split())
        app.show_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, ResultsScreen)
        assert "How sure you were" in words(app)
        assert " ".join(str(app.screen.query_one("#results-sureness").render()).split()) == sure
    data = tomllib.loads(progress.read_text())
    kept = data["questions"]["test-pack"]
    assert kept["q-single"]["last_confidence"] == 2 and kept["q-true-false"]["last_confidence"] == 3
    assert "last_confidence" not in kept["q-multiple"]
    assert "exam_confidence" not in data["packs"]["test-pack"]["attempts"][-1]


async def test_an_exam_that_does_not_ask_how_sure_goes_on_with_enter_as_before(make_app, exam_content, tmp_path):
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))  # self-study, standard marking
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter")
        assert "Question 2 of 6" in screen_text(app) and "How sure" not in words(app)
    assert "exam_confidence" not in saved(tmp_path / "progress.toml")


async def test_a_past_result_too_long_for_the_window_wraps_under_its_text(make_app, tmp_path):
    """Past results at 60x20: a row that wraps goes on indented under its text, never at the
    list's edge where it would read as a row of its own."""
    from learnmeta.app.screens.history import HistoryScreen

    data = pack_data()
    data["pack"]["title"] = "A test pack with a title long enough to wrap"
    folder = write_content(tmp_path / "long-title", data)
    app = make_app(content=[folder], start=("quiz", "test-pack", "exam"))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await press(pilot, "2", "s", "y")
        assert isinstance(app.screen, ResultsScreen)
        app.show_history()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "· Exam: A test pack" in line)
        start = lines[row].index("today")
        rest = lines[row + 1]
        assert "right (17%)" in rest or "(17%)" in rest, lines[row:row + 2]
        assert len(rest) - len(rest.lstrip(" ▊")) == start + 2, lines[row:row + 2]


async def test_hand_edited_exam_answers_that_do_not_fit_are_dropped_and_typed_text_is_shown_as_text(
        make_app, exam_content, tmp_path):
    """An attacker's pass on the kept answers (exam_answers, which now holds half-made matching
    answers too): answers that name no choice, item or pair of their question are dropped (the
    question is not answered), a half-made one that fits is 'partly answered', and typed text that
    looks like markup is shown as the learner typed it. No traceback, nothing drawn as markup."""
    progress = tmp_path / "progress.toml"
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "2")
        await press(pilot, "escape", "y")
    app.store.close()  # the window is closed: the next one saves
    text = progress.read_text()
    assert 'exam_answers = { q-single = "b" }' in text
    hostile = ('exam_answers = { q-single = "[b]zzz[/b]", q-multiple = ["a", "zzz"], q-true-false = "true", '
               'q-matching = { Colon = "Liver" }, q-ordering = ["First", "First", "Third"], '
               'q-short = "[bold red]angio[/bold red]", q-unknown = "a" }')
    progress.write_text(text.replace('exam_answers = { q-single = "b" }', hostile))
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert not app.store.notices  # a file of the right shape: nothing to say about it
        assert "Welcome back. Your exam carries on where you left it: 1 of 6 questions answered." in words(app)
        await press(pilot, "g")
        listed = " ".join(screen_text(app).split())
        for line in ("○ 1. Pick b. (not answered)", "○ 2. Pick a and c. (not answered)",
                     "○ 3. This is true. (not answered)", "◐ 4. Match them. (partly answered)",
                     "○ 5. Put them in order. (not answered)", "• 6. Name the process. (answered)"):
            assert line in listed, (line, listed)
        await press(pilot, "escape", "g", "home", "down", "down", "down", "enter")
        shown = screen_text(app)
        assert "Question 4 of 6 (partly answered)" in shown and shown.count("(not matched yet)") == 2
        assert "Liver" in shown.split("Colon", 1)[1].split("\n", 1)[0]
        await press(pilot, "g", "end", "enter")
        shown = screen_text(app)
        assert "Question 6 of 6 (answered)" in shown and "[bold red]angio[/bold red]" in shown
        assert "zzz" not in shown


async def test_next_on_the_last_question_names_the_keys_that_work_there(make_app, exam_content):
    """F6 (next) on the last question, a typed answer: it said "g lists them all; s submits the
    exam", keys that type into the box there. It names F7 and F8."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        for _ in range(5):
            await press(pilot, "f6" if app.screen.typing else "n")
        assert "Question 6 of 6" in screen_text(app) and app.screen.typing
        await press(pilot, "f6")
        text = " ".join(screen_text(app).split())
        assert "This is the last question. F7 lists them all; F8 submits the exam." in text
        assert "g lists them all" not in text


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_a_carried_on_exam_opens_with_the_welcome_note_and_the_question_in_view(make_app, size):
    """At 60x20 the built-in mastery check, carried on at its second question, opened scrolled:
    the first lines of its note ("Exam: your answers are checked...", then "Welcome back...")
    were above the view. It opens at the top now: the welcome first (what is new), the rule said
    short after it, then the question; the whole rule comes back once the welcome goes."""
    app = make_app(builtin=True, start=("quiz", "mastery-check", "exam"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        await press(pilot, "3", "enter", "escape", "y")
    app.store.close()  # the window is closed: the next one saves
    app = make_app(builtin=True, start=("quiz", "mastery-check", "exam"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        body = without_bars(lines[2:])
        assert "Question 2 of 18 (not answered)" in lines[1]
        first_note_line = next(line for line in lines[2:] if line.strip())
        assert first_note_line.strip().startswith("█ Welcome back. Your exam carries on"), lines
        assert ("Welcome back. Your exam carries on where you left it: 1 of 18 questions answered. "
                "Nothing is checked until you submit the whole exam.") in body, body
        prompt = app.screen.session.current.prompt
        assert body.index("Welcome back") < body.index(" ".join(prompt.split())), body
        assert "Your answers are checked" not in body  # said short, not twice
        await press(pilot, "1", "enter")  # answered since: the welcome goes, the rule comes back
        body = without_bars(screen_text(app).splitlines()[2:])
        assert "Welcome back" not in body
        assert "Your answers are checked when you submit the whole exam." in body


def without_bars(lines: list[str]) -> str:
    """The words of these lines, without the note's bar and the scrollbar."""
    return " ".join("".join(" " if c in "▁▂▃▄▅▆▇█" else c for c in " ".join(lines)).split())


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_exam_results_after_one_answer_say_what_was_done_and_what_is_left(make_app, exam_content, size):
    """"Well done for working through these." was said to a learner who answered 1 of 18: the
    results of a partial attempt say what was answered and that the rest are there, calmly."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "s", "y")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Well done for working through these" not in text
        assert ("You answered 1 of 6 questions, and got it right. The other 5 are there whenever "
                "you want to try them, and each question below says where to read about it.") in text, text


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_partial_exam_results_tell_unanswered_from_wrong_by_lesson_and_on_the_practise_button(
        make_app, exam_content, size):
    """After 2 answers (one right, one wrong) of 6, "By lesson" said "1 of 6 right", as if the 4
    left were wrong answers, and "Practise the ones I missed" took the 4 unanswered too. Now the
    line says what was answered and what was right, and the button says what it includes."""
    app = make_app(content=[exam_content], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "2", "enter", "2", "enter", "s", "y")  # q1 right, q2 (multiple) wrong
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause()
        by_lesson = " ".join(str(app.screen.query_one("#results-by-lesson").render()).split())
        assert by_lesson == "A test lesson: 2 of 6 answered, 1 right", by_lesson
        button = app.screen.query_one("#results-practise")
        assert str(button.label) == "Practise missed and unanswered (p)"
        assert button.region.right <= size[0] and button.size.width >= len("Practise missed and unanswered (p)")
        footer = screen_text(app).splitlines()[-1]
        assert "p Practise " in footer and "Practise missed" not in footer, footer


@pytest.mark.parametrize("size", [(60, 20), (80, 24)])
async def test_an_exam_says_how_many_questions_and_the_pass_mark_before_the_first(make_app, size, tmp_path):
    """The exam's first note said how it is checked, but not how many questions it has nor the
    pass mark: a trainee should know both before starting. The pass mark is said where the
    results will say passed or not (the course track), the number of questions always."""
    app = make_app(builtin=True, start=("quiz", "mastery-check", "exam"), track="course")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ExamScreen)
        body = without_bars(screen_text(app).splitlines()[2:])
        assert body.startswith("Exam: 18 questions. Pass mark 80%. Your answers are checked when you "
                               "submit the whole exam."), body
    app = make_app(builtin=True, start=("quiz", "mastery-check", "exam"), track="self",
                   progress=tmp_path / "self-study.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = words(app)
        assert "18 questions." in text and "Pass mark" not in text  # self-study: no pass or fail


@pytest.mark.parametrize("exam", [False, True])
async def test_ctrl_c_in_a_quiz_says_how_to_leave_it_and_how_to_close_learnmeta(make_app, request, exam):
    """Ctrl+C in a quiz showed Textual's own "Press ctrl+q to quit the app": nothing of Esc, or
    of the answers. Now it says both, calmly; and selected text is still what Ctrl+C copies."""
    content = request.getfixturevalue("exam_content" if exam else "quiz_content")
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+c")
        said = [" ".join(n.message.split()) for n in app._notifications]
        kind = "exam" if exam else "quiz"
        assert isinstance(app.screen, ExamScreen) == exam
        assert said and "To leave the " + kind + ", press Esc: your answers" in said[-1], said
        assert "To close learnmeta, press Ctrl+Q" in said[-1]
        assert not any("Press" in n.message and "to quit" in n.message for n in app._notifications)


CLI_EXAM = """
import asyncio, sys
from learnmeta.app.app import LearnApp
from learnmeta.cli import launch, main

def run(self, *args, **kwargs):
    async def drive():
        async with self.run_test(size=(60, 20)) as pilot:
            for key in KEYS:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            from conftest import _screen_text
            print(_screen_text(self))
    asyncio.run(drive())

LearnApp.run = run
launch.has_terminal = lambda: True
sys.exit(main(["quiz", "mastery-check", "--exam"]))
"""


def test_an_exam_carried_on_from_the_command_line_says_welcome_back_at_60x20(tmp_path):
    """`learnmeta quiz mastery-check --exam`, left after one answer and opened again the same way
    at 60x20, opened at question 2 with "Welcome back..." above the view (fixed by 26802f5 for
    the app's start; this goes through the real command line, as a learner does)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")])}

    def learnmeta(*keys: str) -> str:
        script = CLI_EXAM.replace("KEYS", repr(keys))
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    learnmeta("escape", "3", "enter", "escape", "y")  # the first-run welcome skipped; 1 answered; left
    lines = learnmeta().splitlines()
    assert "Question 2 of 18 (not answered)" in lines[1], lines
    body = without_bars(lines[2:])
    assert body.startswith("Welcome back. Your exam carries on where you left it: 1 of 18 questions "
                           "answered."), body
