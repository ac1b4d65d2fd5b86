"""Home: lessons with their state, quizzes with best score and pass, questions due, and a
focused "continue" that takes the learner onward; review starts from here."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Button

from learnmeta.app.screens.home import HomeScreen
from learnmeta.app.screens.lesson import LessonScreen


def answer(store, question_id, correct, days_ago):
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)
    store.record_answer("sample-pack", "1.0.0", question_id, lesson="sample-basics", section="naming",
                        response="x", correct=correct, hints_used=0, when=when)


async def test_home_lists_lessons_in_order_with_their_state_and_focuses_continue(make_app, screen_text):
    app = make_app()
    app.store.record_page("sample-basics", "starts", 3)
    app.store.record_page("sample-basics", "naming", 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1. What spreading means  (in progress: 2 of 3 pages)" in text
        assert "2. How treatment helps  (not started, 3 min)" in text
        assert text.index("1. What spreading means") < text.index("2. How treatment helps")
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == "continue"
        assert "Continue: What spreading means, page 2 of 3" in text


async def test_home_shows_best_score_pass_and_questions_due(make_app, screen_text):
    app = make_app(track="course")
    store = app.store
    attempt = store.start_attempt("sample-pack", "1.0.0")
    answer(store, "name-rule", True, days_ago=30)
    answer(store, "same-cells", False, days_ago=30)
    store.finish_attempt(attempt, correct=1, total=2, percent=50, passed=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "What spreading means: check  (best score 50%, passed ✓)" in text
        due = store.due_count()
        assert due >= 1
        assert f"Review {due} question" in text


async def test_a_new_learner_is_offered_the_first_lesson_and_nothing_due(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Start: What spreading means" in text
        assert "2 questions, no score yet" in text
        await pilot.press("r")  # review with nothing due: says so and explains review
        await pilot.pause()
        assert "There is nothing to review yet." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "page 1 of 3" in screen_text(app)


async def test_review_starts_a_session_of_the_due_questions(make_app):
    app = make_app()
    answer(app.store, "same-cells", False, days_ago=30)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert [q.id for _, q in app.screen.session.items] == ["same-cells"]


async def test_choosing_a_lesson_or_quiz_from_the_lists_opens_it(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "down", "enter")  # lessons list: the second lesson
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "How treatment helps" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "enter")  # focus came back to the lessons; next: the quizzes
        await pilot.pause()
        from learnmeta.app.screens.quiz import QuizScreen

        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session.pack.id == "sample-pack"


async def test_home_says_questions_come_back_later_today_and_updates_when_shown_again(make_app, screen_text):
    import datetime as dt

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        now = dt.datetime.now(dt.timezone.utc)
        app.store.record_answer("sample-pack", "1.0.0", "name-rule", lesson="sample-basics",
                                section="naming", response="bone", correct=False, hints_used=0, when=now)
        record = app.store.progress.questions["sample-pack"]["name-rule"]
        due = record.review.due
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        if due.astimezone().date() == now.astimezone().date() and due > dt.datetime.now(dt.timezone.utc):
            assert "Nothing is due right now; 1 comes back later today" in text, text
            assert "Nothing is due for review today" not in text
        else:  # too close to midnight, or due at once: the usual words
            assert "Nothing is due right now" not in text


async def test_home_quiz_status_in_a_course_has_no_nested_brackets(make_app, screen_text):
    app = make_app(track="course")
    attempt = app.store.start_attempt("sample-pack", "1.0.0")
    app.store.record_answer("sample-pack", "1.0.0", "name-rule", lesson="sample-basics", section="naming",
                            response="bone", correct=False, hints_used=0, attempt_id=attempt)
    app.store.record_answer("sample-pack", "1.0.0", "same-cells", lesson="sample-basics", section="naming",
                            response="false", correct=False, hints_used=0, attempt_id=attempt)
    app.store.finish_attempt(attempt, correct=0, total=2, percent=0, passed=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "(best score 0%, not passed yet, pass mark 50%)" in screen_text(app)


async def test_in_a_course_home_shows_each_quizs_pass_mark_before_the_first_score(make_app, tmp_path, screen_text):
    """A trainee sees the target before starting, not only after a first try; on one's own,
    no pass mark is shown."""
    app = make_app(track="course")
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "(2 questions, no score yet, pass mark 50%)" in screen_text(app)
    alone = make_app(progress=tmp_path / "alone.toml", track="self")
    async with alone.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert "(2 questions, no score yet)" in screen_text(alone)
        assert "pass mark" not in screen_text(alone)


async def test_home_lists_mark_the_highlighted_row_only_while_they_have_the_focus(make_app, screen_text):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "▶" not in screen_text(app)  # Continue has the focus
        await pilot.press("tab")  # the lessons list
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▶" in line]
        assert len(lines) == 1 and "▶ 1. What spreading means" in lines[0]
        await pilot.press("down")
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▶" in line]
        assert len(lines) == 1 and "▶ 2. How treatment helps" in lines[0]
        await pilot.press("tab")  # the quizzes list
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▶" in line]
        assert len(lines) == 1 and "▶ What spreading means: check" in lines[0]


async def test_the_spread_map_shows_every_cancer_at_80x24(make_app, screen_text):
    app = make_app(builtin=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        text = screen_text(app)
        from learnmeta.content.lookup import spread_patterns

        for pattern in spread_patterns(app.library.lessons):
            assert pattern.primary in text, pattern.primary


async def test_a_pack_from_the_packs_folder_is_marked_so_it_cannot_pass_for_a_built_in_one(
    make_app, screen_text, sample_content, monkeypatch, tmp_path
):
    """A pack a learner (or anyone) put in packs/ with the title of a built-in quiz is told apart."""
    from learnmeta import paths

    packs = tmp_path / "home" / "packs"
    packs.mkdir(parents=True)
    monkeypatch.setattr(paths, "user_packs_dir", lambda: packs)
    copy = (sample_content / "sample-pack.toml").read_text(encoding="utf-8")
    copy = copy.replace('id = "sample-pack"', 'id = "look-alike-pack"', 1)
    assert 'id = "look-alike-pack"' in copy
    (packs / "look-alike.toml").write_text(copy, encoding="utf-8")
    app = make_app(content=[sample_content, packs / "look-alike.toml"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "What spreading means: check" in line]
        assert len(lines) == 2, lines
        assert sum("added to your packs folder" in line for line in lines) == 1, lines


async def test_a_lesson_row_that_wraps_at_60x20_goes_on_under_its_title_and_follows_a_resize(
        make_app, screen_text):
    """A row too long for the window wraps with a hanging indent: the rest starts under the
    lesson's title, never at the left edge where it would read as a row of its own."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "4. How metastatic cancer is treated" in line)
        title_column = lines[row].index("How metastatic")
        rest = lines[row + 1]
        assert rest.strip().startswith("min)"), lines[row:row + 2]
        assert rest.index("min)") == title_column  # hangs under the title, not at the edge
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "4. How metastatic cancer is treated  (not started, 10 min)" in text  # one line again
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "4. How metastatic cancer is treated" in line)
        assert lines[row + 1].index("min)") == lines[row].index("How metastatic")


async def test_at_60x20_home_shows_the_quizzes_heading_and_says_there_is_more_below(make_app, screen_text):
    """Home at 60x20 showed Continue, the lessons and the tools, and the quizzes only after
    scrolling, with nothing but the scrollbar to say they were there. Under 24 rows Continue is
    one line, so "Quizzes" and the first quiz are in view; a line above Review says there is
    more below while there is, and goes when the lists are scrolled to their end."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Start: What metastatic cancer is" in text and "5. Living with metastatic cancer" in text
        assert "Quizzes" in text and "What metastatic cancer is  (21 questions" in text, text
        assert "↓ More below" in text, text
        assert "Glossary (g)" in text and "Past results (h)" in text
        assert isinstance(app.focused, Button) and app.focused.id == "continue"
        app.screen.query_one("#home").scroll_end(animate=False)
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Mastery check: metastatic cancer" in text and "↓ More below" not in text, text


async def test_at_120x40_home_shows_everything_and_no_more_below(make_app, screen_text):
    app = make_app(builtin=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Mastery check: metastatic cancer" in text and "↓ More below" not in text, text
        assert app.screen.query_one("#continue").outer_size.height == 3  # the tall button, as before


async def test_at_60x20_the_view_above_more_below_ends_with_a_whole_quiz_title(make_app, screen_text):
    """The first quiz's title wraps at 60 columns, and home's first screen ended after its first
    line: "↓ More below" stood where "yet)" would be, as if it covered it. Under 24 rows the
    lessons' heading has no blank line above it (Continue is one line there), so the first
    quiz shows whole; every other line of the lists is read by scrolling."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        more = next(i for i, line in enumerate(lines) if "↓ More below" in line)
        first = next(i for i, line in enumerate(lines) if "What metastatic cancer is  (21 questions" in line)
        assert lines[first].rstrip().endswith("no score"), lines[first]  # it wraps at 60 columns
        assert lines[first + 1].strip() == "yet)", lines[first:more + 1]
        assert first + 1 < more
        assert "Start: What metastatic cancer is" in lines[1] and "Lessons" in lines[2], lines[:3]
        assert "5. Living with metastatic cancer" in "\n".join(lines)


async def test_at_60x20_check_what_you_learned_breaks_after_its_colon_and_hides_no_quiz_line(
        make_app, screen_text):
    """After a lesson read to the end, Continue says "Check what you learned: What metastatic
    cancer is (4 questions)": at 60 columns it wrapped at the width, "(4" / "questions)", and its
    second line pushed the first quiz's "yet)" under "↓ More below". It breaks after the colon
    when it does not fit, and under 24 rows the headings have no blank line above them."""
    app = make_app(builtin=True)
    lesson = app.library.lesson("what-is-metastatic-cancer")
    pages = [page.id for page in lesson.pages]
    for page in pages:
        app.store.record_page(lesson.id, page, len(pages))
    app.store.complete_lesson(lesson.id)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].strip() == "Check what you learned:", lines[:4]
        assert lines[2].strip() == "What metastatic cancer is (4 questions)", lines[:4]
        more = next(i for i, line in enumerate(lines) if "↓ More below" in line)
        first = next(i for i, line in enumerate(lines) if "What metastatic cancer is  (21 questions" in line)
        assert lines[first + 1].strip() == "yet)" and first + 1 < more, lines[first:more + 1]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert "Check what you learned: What metastatic cancer is (4 questions)" in screen_text(app)


async def test_the_review_button_names_its_key_r_whatever_it_says(make_app, screen_text):
    """r opens review from home, and says when the next review is when nothing is due; but the
    button named it only when something was due, and the footer leaves Review out: with nothing
    due, nothing on home said r. Now every label of the button ends with "(r)"."""
    from learnmeta.app.screens.results import NothingToReviewScreen

    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Nothing is due for review today (r)" in text, text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, NothingToReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        now = dt.datetime.now(dt.timezone.utc)
        # answered right some days ago: next due in days, "Next review: ..."
        app.store.record_answer("sample-pack", "1.0.0", "name-rule", lesson="sample-basics",
                                section="naming", response="bone", correct=True, hints_used=0, when=now)
        app.screen.refresh_state()
        await pilot.pause()
        label = str(app.screen.query_one("#review", Button).label)
        assert label.endswith(" (r)") and "Nothing is due" in label, label
        assert app.screen.query_one("#review", Button).region.right <= 60
