""""Who is learning?": the first screen of a session in a web browser (`learnmeta serve`).

On one's own computer it lists the learners who already have progress here (pick one with the
arrows and Enter) and has a box to add a new one. In a class it lists nobody: a learner types
their name and their PIN (chosen the first time). Names are free text: the roster
(:mod:`learnmeta.serve.roster`) turns them into a file name inside the learners' folder.
Nothing of any learner is shown before a learner is chosen.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import literal
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.footer import Footer
from learnmeta.app.widgets.frame import Disclaimer, TitleBar

HOME_INTRO = (
    "Pick your name, or add yourself below. Each learner's progress is kept separately on "
    "this computer."
)
CLASS_INTRO = (
    "Type your name and your PIN. The first time, choose a PIN of 4 or more letters or digits "
    "and remember it: you need it to come back to your progress."
)

MARKED, UNMARKED = "▶ ", "  "

NEXT = {
    "learners": "↑ ↓ to choose your name, then Enter. Tab: add a new learner.",
    "name": "Type a name, then press Enter.",
    "name-pin": "Type your name, then press Enter for the PIN.",
    "pin": "Type your PIN, then press Enter to start.",
}
"""What to do now, shown under the form for the part that has the focus."""


class WhoScreen(LearnScreen):
    """Pick or add a learner; the app then opens that learner's progress (``learner_chosen``)."""

    BINDINGS = [Binding("escape", "noop", show=False)]
    AUTO_FOCUS = "#learners, #name"
    """The list of learners (the name box when there is none) has the focus from the first frame:
    Textual's default gave it to the scrolling form first, and moving it then redrew the screen
    (two more full frames for a browser to draw, docs/performance.md)."""

    def spoken_opening(self) -> str:
        """The learners and the one the arrows are on, or the box to type in
        (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import who_words

        return who_words(self)

    def __init__(self, roster) -> None:
        super().__init__()
        self.roster = roster
        self._marked: int | None = None
        """The learner shown with "▶" (None: none)."""
        self._next = ""
        """The key of the hint shown under the form (NEXT)."""

    def compose(self) -> ComposeResult:
        from learnmeta.serve.roster import MAX_NAME, MAX_PIN

        yield TitleBar("Who is learning?")
        with VerticalScroll(id="who"):
            intro = CLASS_INTRO if self.roster.needs_pin else HOME_INTRO
            yield Static(Content(intro), classes="para")
            names = self.roster.learners() if self.roster.lists_learners else []
            if names:
                yield Static(Content("Learners on this computer"), classes="heading")
                # As it is once it has the focus (AUTO_FOCUS), on the first learner: "▶" there.
                self._marked = 0
                yield OptionList(*[Option(self._prompt(n, i == 0), id=f"learner-{i}")
                                   for i, n in enumerate(names)], id="learners", classes="menu")
                self._names = names
            else:
                self._names = []
            label = "Your name:" if self.roster.needs_pin else "A new learner's name:"
            yield Label(Content(label))
            yield Input(placeholder="Your name", id="name", max_length=MAX_NAME)
            if self.roster.needs_pin:
                yield Label(Content("Your PIN:"))
                yield Input(placeholder="4 or more letters or digits", id="pin",
                            max_length=MAX_PIN, password=True)
            with Horizontal(id="who-buttons"):
                yield Button(Content("Start"), id="who-start", variant="primary")
            first = "learners" if names else "name-pin" if self.roster.needs_pin else "name"
            self._next = first
            yield Static(Content(NEXT[first]), id="who-next", classes="hint")
            yield Static("", id="who-problem", classes="important")
        yield Disclaimer()
        yield Footer()

    def on_mount(self) -> None:
        if self._names:
            self.query_one("#learners", OptionList).focus()
        else:
            self.query_one("#name", Input).focus()

    @staticmethod
    def _prompt(name: str, marked: bool):
        return Content(MARKED if marked else UNMARKED) + literal(name)

    def _mark(self) -> None:
        """"▶" before the learner the arrows are on while the list has the focus (never the
        colour alone)."""
        if not self._names:
            return
        menu = self.query_one("#learners", OptionList)
        marked = menu.highlighted if menu.has_focus else None
        if marked == self._marked:
            return  # as it is drawn: no redraw
        for index in {self._marked, marked} - {None}:
            if index is not None and 0 <= index < len(self._names):
                menu.replace_option_prompt_at_index(
                    index, self._prompt(self._names[index], index == marked))
        self._marked = marked

    @on(OptionList.OptionHighlighted, "#learners")
    def _highlighted(self) -> None:
        self._mark()

    def on_descendant_blur(self) -> None:
        self._mark()

    def on_descendant_focus(self, event) -> None:
        self._mark()
        key = event.widget.id
        if key == "name" and self.roster.needs_pin:
            key = "name-pin"
        if key in NEXT and key != self._next:
            self._next = key
            self.query_one("#who-next", Static).update(Content(NEXT[key]))

    def action_noop(self) -> None:
        pass

    @on(OptionList.OptionSelected, "#learners")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._choose(self._names[event.option_index], "")

    @on(Input.Submitted, "#name")
    def _name_done(self) -> None:
        if self.roster.needs_pin:
            self.query_one("#pin", Input).focus()
        else:
            self._start()

    @on(Input.Submitted, "#pin")
    @on(Button.Pressed, "#who-start")
    def _start(self) -> None:
        name = self.query_one("#name", Input).value
        pin = self.query_one("#pin", Input).value if self.roster.needs_pin else ""
        self._choose(name, pin)

    def _choose(self, name: str, pin: str) -> None:
        from learnmeta.serve.roster import RosterProblem

        try:
            choice = self.roster.choose(name, pin)
        except RosterProblem as problem:
            self._problem(str(problem))
            if self.roster.needs_pin:
                self.query_one("#pin", Input).value = ""
            return
        except OSError as error:
            self._problem(f"learnmeta cannot use the learners' folder ({error.strerror or error}).")
            return
        self.app.learner_chosen(choice)  # type: ignore[attr-defined]

    def _problem(self, text: str) -> None:
        self.query_one("#who-problem", Static).update(literal(text))
        self.app.bell()
