"""Help: every key, screen by screen, built from the screens' own bindings where it can be.

Also the way back to the welcome page and to settings.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from learnmeta.app.widgets.footer import Footer
from learnmeta.app.safe import literal
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.screens.confirm import CONFIRM_HEADING
from learnmeta.app.widgets.frame import Disclaimer, TitleBar

_KEY_NAMES = {
    "right": "→", "left": "←", "up": "↑", "down": "↓", "escape": "Esc", "enter": "Enter",
    "space": "Space", "tab": "Tab", "shift+tab": "Shift+Tab", "pageup": "PgUp",
    "pagedown": "PgDn", "home": "Home", "end": "End", "backspace": "Backspace",
    "left_square_bracket": "[", "right_square_bracket": "]", "delete": "Delete",
}

EVERYWHERE = [
    ("F1", "this help: every key"),
    ("F2", "support: helplines and your healthcare team"),
    ("Ctrl+P", "command palette: type what you want to do"),
    ("Esc", "back to the screen before"),
    ("Tab, Shift+Tab", "move between the parts of a screen"),
    ("↑ ↓", "move in a list, or scroll"),
    ("Enter", "choose, or press the highlighted button"),
    ("Ctrl+Q", "quit learnmeta, from any screen (your progress is saved as you go)"),
]

WELCOME_AND_SETTINGS = [
    ("Tab, Shift+Tab", "move between your name, the choices and the buttons"),
    ("↑ ↓, ← →", "choose how you are learning: on my own, or in a course"),
    ("Space", "in Settings, turn reduced motion, or being asked how sure you are, on or off"),
    ("Enter", "save your name and go on; on the welcome, Enter on the choice goes on to Start"),
    ("Esc", "on the welcome: skip it, saving nothing typed there (your name and how you learn "
            "are in Settings); in Settings: back"),
]


def key_label(keys: str) -> str:
    """``"right,n"`` -> ``"→, n"``; ``"ctrl+p"`` -> ``"Ctrl+P"``."""
    shown = []
    for key in keys.split(","):
        key = key.strip()
        if key in _KEY_NAMES:
            shown.append(_KEY_NAMES[key])
        elif key.startswith("shift+") and key[6:] in _KEY_NAMES:
            shown.append("Shift+" + _KEY_NAMES[key[6:]])
        elif key.startswith(("f", "ctrl+")) and len(key) > 1 and (key[1:].isdigit() or "+" in key):
            shown.append("+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+")))
        else:
            shown.append(key)
    return ", ".join(shown)


def binding_rows(screen_class, hidden: bool = False) -> list[tuple[str, str]]:
    """(keys, what they do) from a class's bindings; keys doing the same thing share a row.

    A binding's tooltip, when it has one, is the longer description used here.
    """
    merged: dict[str, list[str]] = {}
    for binding in screen_class.BINDINGS:
        if isinstance(binding, Binding):
            key, description, show = binding.key, binding.tooltip or binding.description, binding.show
        else:
            key, description, show = binding[0], binding[2] if len(binding) > 2 else "", True
        if description and (show or hidden):
            keys = merged.setdefault(description, [])
            for one in key.split(","):
                if one.strip() and one.strip() not in keys:
                    keys.append(one.strip())
    return [(key_label(",".join(keys)), description) for description, keys in merged.items()]


QUESTION_WIDGETS = [
    ("SingleChoice", "One answer"),
    ("MultipleChoice", "Several answers"),
    ("TrueFalse", "True or false"),
    ("Matching", "Matching"),
    ("Ordering", "Ordering"),
    ("ShortAnswer", "Typed answer"),
]


def quiz_rows() -> list[tuple[str, str]]:
    """The quiz keys, from the quiz screen and the question widgets themselves."""
    from learnmeta.app.screens.quiz import QuizScreen
    from learnmeta.app.widgets import answers

    rows = []
    for name, label in QUESTION_WIDGETS:
        doc = (getattr(answers, name).__doc__ or "").strip().splitlines()
        if doc:
            rows.append((label, doc[0]))
    return rows + binding_rows(QuizScreen, hidden=True)


def exam_rows() -> list[tuple[str, str]]:
    """An exam's keys, and what is not there in an exam (said plainly)."""
    from learnmeta.app.screens.exam import ExamScreen

    return [
        ("No feedback", "in an exam nothing says right or wrong until you submit the whole "
                        "exam; there are no hints, no undo and no \"I was right\""),
        ("Answers", "answer as in a quiz; each answer is kept (and saved) as you give it, and "
                    "you can change it until you submit"),
        *binding_rows(ExamScreen, hidden=True),
        ("Time", "with a time limit, the time left is shown at the top in whole minutes; when "
                 "it is up, the exam is submitted with the answers you gave"),
    ]


def results_rows() -> list[tuple[str, str]]:
    from learnmeta.app.screens.results import ResultsScreen

    return binding_rows(ResultsScreen, hidden=True)


def progress_rows() -> list[tuple[str, str]]:
    from learnmeta.app.screens.progress import ProgressScreen

    return binding_rows(ProgressScreen, hidden=True) + [
        ("Enter", "on an idea or a question often missed: open the page that explains it"),
    ]


class KeyTable(Grid):
    """Two columns: the keys, and what they do (wrapped under itself, not under the keys)."""

    DEFAULT_CSS = """
    KeyTable {
        grid-size: 2;
        grid-columns: 18 1fr;
        grid-gutter: 0 1;
        height: auto;
        margin: 0 0 1 2;
    }
    KeyTable > .key { text-style: bold; }
    """

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        for key, what in self.rows:
            yield Static(literal(key), classes="key")
            yield Static(literal(what))


class HelpScreen(LearnScreen):
    """Every key, and the welcome page again."""

    MIN_SIZE = (40, 12)

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, opened_at: str | None = None) -> None:
        """``opened_at``: the section to open at, the ``HELP_SECTION`` of the screen Help was
        opened from (which a subclass of it inherits); None (home among them): at the top, the
        keys used everywhere."""
        super().__init__()
        self.opened_at = opened_at

    def spoken_opening(self) -> str:
        """Help: keys, and which screen's keys it opened at (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import help_words

        return help_words(self)

    def compose(self) -> ComposeResult:
        from learnmeta.app.screens.confirm import ConfirmDialog
        from learnmeta.app.screens.home import HomeScreen
        from learnmeta.app.screens.lesson import LessonScreen
        from learnmeta.app.screens.questions import QuestionsScreen

        sections = [
            ("Everywhere", EVERYWHERE),
            ("Home", binding_rows(HomeScreen, hidden=True)),
            ("Reading a lesson", binding_rows(LessonScreen, hidden=True) + [("↑ ↓, PgUp, PgDn", "scroll the page"),
                                                                         ("Space", "a screenful down, like PgDn")]),
            ("Quiz and review", quiz_rows()),
            ("Results", results_rows()),
            ("Glossary", [("letters", "search as you type"), ("↓, Enter", "go to the list")]),
            ("Where cancer spreads", [("↑ ↓", "choose where the cancer started"),
                                      ("Tab, then PgDn", "in a small window, the key to the drawing's numbers")]),
            ("Your progress", progress_rows()),
            ("Past results", [("↑ ↓, Enter", "choose a quiz, check or review and reopen its results"),
                              ("Esc", "back to the screen before")]),
            ("Welcome and Settings", WELCOME_AND_SETTINGS),
            ("My questions for my next visit", binding_rows(QuestionsScreen, hidden=True)),
            ("Exam (learnmeta quiz PACK --exam)", exam_rows()),
            (CONFIRM_HEADING, binding_rows(ConfirmDialog)[:2]),
        ]
        yield TitleBar("Help: keys")
        with VerticalScroll(id="help"):
            for title, rows in sections:
                heading = Static(Content(title), classes="heading")
                if title == self.opened_at:
                    heading.id = "help-opened-at"
                yield heading
                yield KeyTable(rows)
            with Horizontal(id="help-buttons"):
                yield Button(Content("Show the welcome page again"), id="help-welcome", compact=True)
                yield Button(Content("Settings"), id="help-settings", compact=True)
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        help_list = self.query_one("#help", VerticalScroll)
        help_list.focus()
        if self.opened_at is not None:  # that screen's keys first (the rest above and below)
            heading = self.query_one("#help-opened-at", Static)
            self.call_after_refresh(help_list.scroll_to_widget, heading, top=True, animate=False)

    @on(Button.Pressed, "#help-welcome")
    def _welcome(self) -> None:
        self.learn_app.show_welcome()

    @on(Button.Pressed, "#help-settings")
    def _settings(self) -> None:
        self.learn_app.show_settings()
