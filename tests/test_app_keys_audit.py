"""Every key the footer shows does something on that screen, and is in help for that screen.

A pass over the main screens (and with each of their parts focused in turn): for each key the
footer shows (the screen's active bindings with ``show``, as the footer reads them), the action
exists on its target (screen, app or widget), ``check_action`` allows it (a key it greys out
does nothing), and the F1 help screen lists the key in the section for that screen (F1, F2,
Ctrl+P and Esc "back" are listed once, under Everywhere). The keys of ours kept out of the
footer are in help too: a screen's in its section's key column, a widget's (the answer widgets')
in its section's words.
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from factories import write_content
from learnmeta.app.screens.help import HelpScreen, KeyTable, key_label
from learnmeta.app.screens.lesson import LessonScreen
from learnmeta.app.screens.quiz import QuizScreen
from learnmeta.app.screens.results import ResultsScreen
from waiting import until

EVERYWHERE_ACTIONS = {"help", "support", "command_palette", "back"}
"""Actions whose keys help lists once, under Everywhere, for every screen."""
WIDGET_KEYS = {"left_square_bracket": "[", "right_square_bracket": "]", "delete": "Delete",
               "shift+up": "Shift+↑", "shift+down": "Shift+↓"}
"""How help writes keys that key_label leaves as Textual names them."""
QUIZ = "Quiz and review"
LEAVE = "Questions asked before going on (leave the quiz? reset?)"


def help_sections(app) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The keys help lists, section by section ("→, n, Enter" and "↑ ↓": one key each), and
    each section's whole text."""
    sections: dict[str, set[str]] = {}
    words: dict[str, str] = {}
    title = ""
    for widget in app.screen.query_one("#help").children:
        if isinstance(widget, Static) and "heading" in widget.classes:
            title = str(widget.render()).strip()
        elif isinstance(widget, KeyTable):
            keys = sections.setdefault(title, set())
            words[title] = " ".join(f"{shown} {what}" for shown, what in widget.rows)
            for shown, _what in widget.rows:
                for part in shown.split(","):
                    part = part.strip()
                    keys.add(part)
                    if all(len(one) == 1 for one in part.split()):
                        keys.update(part.split())
    return sections, words


class Audit:
    """Walks screens with a Pilot and notes every footer key that breaks the rule."""

    def __init__(self, app, pilot) -> None:
        self.app, self.pilot = app, pilot
        self.found: list[str] = []
        self.sections: dict[str, set[str]] = {}
        self.words: dict[str, str] = {}
        self.checked = 0

    async def read_help(self) -> None:
        await self.pilot.press("f1")
        await until(self.pilot, lambda: isinstance(self.app.screen, HelpScreen), "help")
        self.sections, self.words = help_sections(self.app)
        assert {"Everywhere", "Home", QUIZ, LEAVE} <= set(self.sections)
        await self.every_focus("help", "Everywhere")
        await self.pilot.press("escape")

    def check(self, where: str, section: str) -> None:
        app = self.app
        for key, (node, binding, _enabled, _tooltip) in app.screen.active_bindings.items():
            target, name, parameters = app._parse_action(binding.action, node)
            label = key_label(key)
            if not binding.show:
                # A key of ours kept out of the footer (not Textual's own): still in help.
                if binding.description and ours(node, binding.action):
                    if node is app.screen or node is app:
                        self.in_help(where, section, label, binding.action, name)
                    else:  # a widget's keys: help may say them in words ("the answer's number")
                        self.in_words(where, section, label, binding.action)
                continue
            self.checked += 1
            if not (hasattr(target, f"action_{name}") or hasattr(target, f"_action_{name}")):
                self.found.append(f"{where}: {label} ({binding.action}) has no action on {type(target).__name__}")
            elif not target.check_action(name, parameters):
                self.found.append(f"{where}: {label} ({binding.action}) is shown but does nothing now")
            self.in_help(where, section, label, binding.action, name)

    def in_words(self, where: str, section: str, label: str, action: str) -> None:
        words = self.words.get(section, "").replace("Shift+↑ ↓", "Shift+↑ Shift+↓")
        label = WIDGET_KEYS.get(label, label)
        if label not in words and not (label.isdigit() and "number" in words):
            self.found.append(f"{where}: {label} ({action}) is not in help under {section!r}")

    def in_help(self, where: str, section: str, label: str, action: str, name: str) -> None:
        listed = self.sections.get(section, set())
        if name in EVERYWHERE_ACTIONS:
            listed = listed | self.sections["Everywhere"]
        if label not in listed:
            self.found.append(f"{where}: {label} ({action}) is not in help under {section!r}")

    async def every_focus(self, where: str, section: str) -> None:
        """The footer's keys as the screen opened, then with each of its parts focused."""
        await self.pilot.pause()
        self.check(where, section)
        screen = self.app.screen
        for widget in list(screen.focus_chain):
            if self.app.screen is not screen:
                break
            widget.focus()
            await self.pilot.pause()
            self.check(f"{where}, {widget.id or type(widget).__name__} focused", section)

    async def visit(self, where: str, section: str, opened, done) -> None:
        self.app.go_home()
        await self.pilot.pause()
        opened()
        await until(self.pilot, done, where)
        await self.every_focus(where, section)


def ours(node, action: str) -> bool:
    """Whether a binding of ``action`` comes from one of our classes (not Textual's own)."""
    for cls in type(node).__mro__:
        if cls.__module__.startswith("learnmeta"):
            for binding in cls.__dict__.get("BINDINGS", []):
                if (binding.action if hasattr(binding, "action") else binding[1]) == action:
                    return True
    return False


def due_answers(store) -> None:
    """The two sample questions answered wrongly long ago: due for review now."""
    when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
    for question in ("name-rule", "same-cells"):
        store.record_answer("sample-pack", "1.0.0", question, lesson="sample-basics",
                            section="naming", response="x", correct=False, hints_used=0, when=when)


def named(app, name: str):
    return lambda: type(app.screen).__name__ == name


async def test_every_key_in_the_footer_does_something_and_is_in_help(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        audit = Audit(app, pilot)
        await audit.read_help()
        await audit.visit("home", "Home", lambda: None, named(app, "HomeScreen"))
        await audit.visit("nothing to review", "Results", app.start_review,
                          named(app, "NothingToReviewScreen"))
        for where, section, show, name in [
            ("glossary", "Glossary", app.show_glossary, "GlossaryScreen"),
            ("body map", "Where cancer spreads", app.show_body_map, "BodyMapScreen"),
            ("settings", "Welcome and Settings", app.show_settings, "SettingsScreen"),
            ("support", "Everywhere", app.show_support, "SupportScreen"),
            ("my questions", "My questions for my next visit", app.show_questions, "QuestionsScreen"),
            ("welcome", "Welcome and Settings", app.show_welcome, "WelcomeScreen"),
        ]:
            await audit.visit(where, section, show, named(app, name))

        # A lesson: its first page, a middle page, the key points, and the words on a page.
        await audit.visit("lesson page 1", "Reading a lesson", lambda: app.open_lesson("sample-basics"),
                          lambda: isinstance(app.screen, LessonScreen))
        await pilot.press("right")
        await audit.every_focus("lesson page 2", "Reading a lesson")
        while not app.screen.at_end:
            await pilot.press("right")
            await pilot.pause()
        await audit.every_focus("lesson key points", "Reading a lesson")
        await pilot.press("g")
        await until(pilot, named(app, "PageTermsDialog"), "the words on the page")
        await audit.every_focus("the words on the page", "Reading a lesson")

        # A quiz: a question, its feedback, leaving, and the results.
        await audit.visit("quiz question", QUIZ, lambda: app.start_quiz("sample-pack"),
                          lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("1", "enter")
        await until(pilot, lambda: app.screen.answered, "the feedback")
        await audit.every_focus("quiz feedback", QUIZ)
        await pilot.press("escape")
        await until(pilot, named(app, "ConfirmDialog"), "leave the quiz?")
        await audit.every_focus("leave the quiz?", LEAVE)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, QuizScreen), "back to the quiz")
        while not isinstance(app.screen, ResultsScreen):
            await pilot.press("enter" if app.screen.answered else "k")
            await pilot.pause()
        await audit.every_focus("results", "Results")

        # A review of the questions due.
        due_answers(app.store)
        await audit.visit("review question", QUIZ, app.start_review,
                          lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("1", "enter")
        await until(pilot, lambda: app.screen.answered, "the review's feedback")
        await audit.every_focus("review feedback", QUIZ)

        # Progress, past results and a past attempt's results (the quiz above finished).
        app.go_home()
        await audit.visit("progress", "Your progress", app.show_progress, named(app, "ProgressScreen"))
        await audit.visit("past results", "Past results", app.show_history, named(app, "HistoryScreen"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.past is not None,
                    "a past result")
        await audit.every_focus("a past result", "Results")
    assert audit.checked > 50  # the walk saw the footers it means to
    assert not audit.found, "\n".join(audit.found)


async def test_every_kind_of_question_offers_only_keys_that_work(make_app, tmp_path):
    """One question of each type (a typed answer among them, and hints), before and after."""
    folder = write_content(tmp_path / "quiz-content")
    app = make_app(content=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        audit = Audit(app, pilot)
        await audit.read_help()
        app.start_quiz("test-pack")
        await until(pilot, lambda: isinstance(app.screen, QuizScreen), "the quiz")
        seen = set()
        while isinstance(app.screen, QuizScreen) and app.screen.session.current is not None:
            question = app.screen.session.current
            if question.id in seen:
                break
            seen.add(question.id)
            await audit.every_focus(f"question {question.id}", QUIZ)
            await app.screen.action_skip()
            await pilot.pause()
        assert len(seen) == 6
    assert not audit.found, "\n".join(audit.found)


async def test_q_is_promised_only_where_it_quits_and_help_says_ctrl_q_quits_anywhere(make_app):
    """A walkthrough pressed q in the lesson reader, and nothing happened: q quits from home
    only (its footer shows it), Ctrl+Q from any screen. Nothing may promise q elsewhere: help
    lists q under Home alone, and says there that Ctrl+Q is the key for any screen; no other
    footer shows q; and q in the reader leaves it open, as nothing there says otherwise."""
    from test_app_quiz import screen_text

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "q Quit" in screen_text(app).splitlines()[-1]
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        sections, words = help_sections(app)
        assert [title for title, keys in sections.items() if "q" in keys] == ["Home"]
        assert "q quit learnmeta, from home (Ctrl+Q quits from any screen)" in words["Home"], words["Home"]
        assert "Ctrl+Q quit learnmeta, from any screen" in words["Everywhere"], words["Everywhere"]
        await pilot.press("escape")
        for opened, done in [(lambda: app.open_lesson("sample-basics"), lambda: isinstance(app.screen, LessonScreen)),
                             (app.show_glossary, named(app, "GlossaryScreen")),
                             (app.show_progress, named(app, "ProgressScreen")),
                             (app.show_history, named(app, "HistoryScreen")),
                             (lambda: app.start_quiz("sample-pack"), lambda: isinstance(app.screen, QuizScreen))]:
            app.go_home()
            await pilot.pause()
            opened()
            await until(pilot, done, "the screen")
            await pilot.pause()
            footer = f" {screen_text(app).splitlines()[-1]} "
            assert " q " not in footer, footer
        app.go_home()
        await pilot.pause()
        app.open_lesson("sample-basics")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen), "the lesson")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.is_running
