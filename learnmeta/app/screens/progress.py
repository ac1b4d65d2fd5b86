"""Your progress: per lesson, pages read, the knowledge check's score and questions mastered;
the answers of the last 14 days as a small plot (textual-plotext) with the same in words; when
the next review is; the ideas to look at again; the questions often missed.

The screen renders :func:`learnmeta.study.summary.progress_summary`: every rule is in the core.
The plot tells right from not right by its marks (█ and ░, named in its legend), never by colour
alone, and the lines under it say everything it shows, for a screen reader.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import literal, prompt_content
from learnmeta.app.screens.base import LearnScreen
from learnmeta.app.widgets.feedback import where_to_read
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import HangingLines

RIGHT_MARK, WRONG_MARK = "█", "░"
"""The plot's marks: its bars are told apart by these, named in the legend, not by colour."""

MAX_LISTED = 30
"""Ideas and often-missed questions listed at most."""


def answers_plot(days) -> Widget:
    """A bar plot of the answers right and not right on each day (textual-plotext)."""
    from textual_plotext import PlotextPlot

    plot = PlotextPlot(id="progress-plot")
    plt = plot.plt
    labels = [str(day.day.day) for day in days]
    # plotext 5.3 takes a label and a marker per series (its annotations say one of each).
    plt.multiple_bar(labels, [[day.right for day in days], [day.wrong for day in days]],  # type: ignore[call-arg]
                     labels=[f"right ({RIGHT_MARK})", f"not right ({WRONG_MARK})"],
                     marker=[RIGHT_MARK, WRONG_MARK])  # type: ignore[arg-type]
    highest = max([day.right for day in days] + [day.wrong for day in days] + [1])
    step = max(1, round(highest / 4))
    plt.yticks(list(range(0, highest + 1, step)))
    plt.xlabel("day of the month")
    return plot


class ProgressScreen(LearnScreen):
    """The learner's progress, from the core's summary."""

    HELP_SECTION = "Your progress"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="back to the screen before"),
        Binding("h", "app.history", "Past results", tooltip="past results: reopen a quiz, check or review you finished"),
        Binding("r", "review", "Review", tooltip="review the questions that are due now (when some are)"),
        Binding("tab", "next_list", "Next list", show=False,
                tooltip="Tab moves to the next list: ideas to look at again, then questions often missed"),
    ]

    def __init__(self, *, now: dt.datetime | None = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.now = now

    def compose(self) -> ComposeResult:
        from learnmeta.study.summary import progress_summary

        app = self.learn_app
        summary = self.summary = progress_summary(app.library, app.store, self.now)
        yield TitleBar(Content("Your progress"), id="progress-title")
        with VerticalScroll(id="progress-body"):
            yield Static(Content(summary.review_text()), id="progress-review")
            with Horizontal(id="progress-buttons"):
                if summary.due_now:  # the review it says is due, one key away
                    yield Button(Content("Review now (r)"), id="progress-review-now", compact=True)
                yield Button(Content("Past results (h)"), id="progress-history", compact=True)
                yield Button(Content("Back (Esc)"), id="progress-back", compact=True)
            yield Static(Content("Lessons"), classes="progress-heading")
            # Each line wraps under its own text (HangingLines): at 60 columns "knowledge check
            # 2 of 4 right" went on at the left edge, where it read as a line of its own.
            lines: list[tuple[Content, int]] = []
            for number, lesson in enumerate(summary.lessons, start=1):
                lead = f"{number}. "
                lines.append((Content.assemble(lead, (lesson.title, "bold")), len(lead)))
                lines.append((Content(f"   {lesson.pages_text}; {lesson.check_text};"), 3))
                lines.append((Content(f"   {lesson.mastered_text}"), 3))
            if not lines:
                lines.append((Content("No lessons found."), 0))
            lines.append((Content("   (Mastered: answered right at least twice, and right the last time.)"), 4))
            yield Static(HangingLines(lines), id="progress-lessons")

            yield Static(Content(f"Your answers over the last {len(summary.days)} days"),
                         classes="progress-heading")
            if summary.answers_shown:
                yield answers_plot(summary.days)
            yield Static(Content("\n").join(Content(line) for line in summary.days_text()), id="progress-days")

            yield Static(Content("Ideas to look at again"), classes="progress-heading")
            if summary.ideas:
                yield Static(Content(
                    "Ideas your answers suggested twice or more. Enter on one opens the page that "
                    "explains it."), classes="progress-note")
                yield OptionList(*self._idea_options(), id="progress-ideas", classes="progress-list")
            else:
                yield Static(Content(
                    "None for now. When your wrong answers suggest the same mistaken idea twice, it "
                    "is shown here with the page that explains it."), classes="progress-note")

            yield Static(Content("Questions you have missed often"), classes="progress-heading")
            if summary.leeches:
                yield Static(Content(
                    "Each has been answered wrong 4 times or more, so review shows its page first. "
                    "Enter on one opens that page now."), classes="progress-note")
                yield OptionList(*self._leech_options(), id="progress-leeches", classes="progress-list")
            else:
                yield Static(Content("None: no question has been answered wrong 4 times or more."),
                             classes="progress-note")
        yield Disclaimer()
        yield FooterWithHelp()

    def _where(self, lesson: str, section: str) -> str:
        return where_to_read(self.learn_app.library, lesson, section)

    def _idea_options(self) -> list[Option]:
        options = []
        for index, idea in enumerate(self.summary.ideas[:MAX_LISTED]):
            prompt = HangingLines([
                (Content.assemble("• ", literal(idea.plain_words), f" (chosen {idea.times} times)"), 2),
                (Content.assemble("  ", ("Read: ", "bold"), literal(self._where(idea.lesson, idea.section))), 8),
            ])
            options.append(Option(prompt, id=f"idea-{index}"))
        return options

    def _leech_options(self) -> list[Option]:
        options = []
        for index, leech in enumerate(self.summary.leeches[:MAX_LISTED]):
            prompt = HangingLines([
                (Content.assemble("• ", prompt_content(leech.question.prompt),
                                  f" (missed {leech.wrong} of {leech.seen} times)"), 2),
                (Content.assemble("  ", ("Read: ", "bold"), literal(self._where(leech.lesson, leech.section))), 8),
            ])
            options.append(Option(prompt, id=f"leech-{index}"))
        return options

    def on_mount(self) -> None:
        self.query_one("#progress-buttons").query(Button).first().focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            return bool(self.summary.due_now)  # shown only while the screen says some are due
        return True

    def action_review(self) -> None:
        self.learn_app.start_review()

    def action_next_list(self) -> None:
        """Tab from the buttons goes to the first list (then on as usual)."""
        lists = self.query(".progress-list")
        if lists and isinstance(self.focused, Button):
            lists.first().focus()
        else:
            self.focus_next()

    @on(OptionList.OptionSelected, "#progress-ideas")
    def _open_idea(self, event: OptionList.OptionSelected) -> None:
        idea = self.summary.ideas[event.option_index]
        self.learn_app.open_lesson(idea.lesson, idea.section)

    @on(OptionList.OptionSelected, "#progress-leeches")
    def _open_leech(self, event: OptionList.OptionSelected) -> None:
        leech = self.summary.leeches[event.option_index]
        self.learn_app.open_lesson(leech.lesson, leech.section)

    @on(Button.Pressed, "#progress-review-now")
    def _review(self) -> None:
        self.learn_app.start_review()

    @on(Button.Pressed, "#progress-history")
    def _history(self) -> None:
        self.learn_app.show_history()

    @on(Button.Pressed, "#progress-back")
    def _back(self) -> None:
        self.action_back()
