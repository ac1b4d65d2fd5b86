"""The results screen: the score, a verdict for the course track, what to read again, and practice.

For the course track the score is measured against the pack's pass mark ("✓ Passed" / "✗ Not
passed yet", in words); for the self-study track there is no verdict, only gentle words. When
nothing was answered (every question skipped) there is no score and no verdict. Every missed
question says where to read about it and opens that lesson page; "practise the ones I missed"
starts a quiz of just those. After a review, each question shows when it comes back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.progress.scheduling import due_in_words
from learnmeta.quiz import confidence as sureness
from learnmeta.quiz.engine import (given_again_words, lesson_score_words, practise_words, taken_back_left_words,
                                    worked_through_words)
from learnmeta.app.screens.base import AppScreen
from learnmeta.app.safe import prompt_content
from learnmeta.content.text import without_emphasis_marks
from learnmeta.app.widgets.answers import RIGHT, WRONG
from learnmeta.app.widgets.feedback import where_to_read
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import HangingLines, Indent

if TYPE_CHECKING:
    from learnmeta.progress.store import ProgressStore


MAX_MISSED_SHOWN = 100
"""The missed questions listed at most (a huge pack would make a very long list)."""



def _due(store, pack_id: str, question_id: str) -> dt.datetime | None:
    """When the store will ask this question again, if it keeps a schedule for it."""
    record = store.progress.questions.get(pack_id, {}).get(question_id)
    return record.review.due if record is not None and record.review is not None else None


PRACTISE_TIP = "practise the questions not right: those you missed, or did not answer (the button says which)"


class ResultsScreen(AppScreen):
    """How the quiz went, and what to do next."""

    SPEAKS_FOR_ITSELF = True
    """Says the results as it shows them: nothing more is said as it opens (base.Spoken)."""

    HELP_SECTION = "Results"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    CSS_PATH = "results.tcss"
    BINDINGS = [
        # One of the three is shown, as the button says what it includes (see practise_words)
        Binding("p", "practise", "Practise missed", tooltip=PRACTISE_TIP),
        Binding("p", "practise_unanswered", "Practise unanswered", tooltip=PRACTISE_TIP),
        Binding("p", "practise_both", "Practise", tooltip=PRACTISE_TIP),
        Binding("escape", "home", "Home", tooltip="back to the home screen"),
        Binding("escape", "back", "Back", tooltip="past results: back to the list of past results"),
        Binding("escape", "past_results", "Past results",
                tooltip="after practice started from past results: back to the list of past results"),
        Binding("tab", "to_list", "To the list", show=False,
                tooltip="from the buttons, Tab goes straight to the list of questions"),
    ]

    def __init__(
        self,
        result,
        *,
        pack=None,
        track: str = "self",
        mode: str = "quiz",
        whole_quiz: bool = False,
        store: ProgressStore | None = None,
        title: str | None = None,
        now: dt.datetime | None = None,
        preview: bool = False,
        checked: list | None = None,
        presentations: list | None = None,
        message: str | None = None,
        past=None,
        back: str = "home",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.back = back
        """Where Esc goes (a quiz's results, not a past attempt's): "home", or "history" for
        practice started from Past results, which goes back to the list it came from."""
        self.past = past
        """A finished attempt reopened from past results (:class:`learnmeta.study.history.PastResult`):
        the screen as it was, with the feedback for each answer; Esc goes back to the list."""
        self.result = result
        self.checked = checked
        """A submitted exam: (question, outcome or None) for every question, each shown with its
        feedback (None for a quiz, whose feedback came with each answer)."""
        self.presentations = presentations or []
        self.message = message
        """Said first (an exam: submitted, or the time was up)."""
        self.pack = pack
        self.track = track
        self.mode = mode
        self.whole_quiz = whole_quiz
        """A quiz on all of the pack's questions (the engine's rule): it decides a pass."""
        self.store = store
        self.title_text = title or (pack.title if pack is not None else "Your results")
        self.now = now
        self.preview = preview
        """A pack file tried out (``learnmeta quiz PATH``): nothing was saved, and the screen says
        so; a whole quiz still says whether the score would pass, whatever the track."""

    # --- what to say -----------------------------------------------------------------------
    def heading(self) -> Content:
        """ "Results: Where cancer spreads", "Check results: ...", "Practice results: ...",
        "Review results": what was done, named once (not "Results: Quiz: ..."); a past attempt's
        says when it was finished, before the title: "Exam results (today 14:02): Where cancer
        spreads" (after it, a long title at 60 columns cut the time off, the one thing that tells
        two attempts at a pack apart)."""
        heading = self._heading()
        if self.past is None:
            return heading
        when = f" ({self.past.attempt.when(self.now)})"
        kind, colon, title = heading.plain.partition(": ")
        if not colon:
            return Content.assemble(heading, when)
        return Content.assemble(kind, when, ": ", heading[len(kind) + len(colon):])

    def _heading(self) -> Content:
        pack_title = self.pack.title if self.pack is not None else None
        if self.past is not None and pack_title is None:
            pack_title = self.past.attempt.pack_title
        if self.mode == "review":
            return Content("Review results")
        if pack_title is None:
            return Content.assemble("Results: ", self.title_text)
        if self.mode == "check":
            return Content.assemble("Check results: ", pack_title)
        if self.checked is not None or (self.past is not None and self.past.attempt.kind == "Exam"):
            return Content.assemble("Exam results: ", pack_title)
        if self.mode == "practice" or not self.whole_quiz:
            return Content.assemble("Practice results: ", pack_title)
        return Content.assemble("Results: ", pack_title)

    @property
    def decides_pass(self) -> bool:
        """A whole quiz on the course track (or any preview), with something answered: it passes
        or not yet."""
        return (self.track == "course" or self.preview) and self.whole_quiz and self.result.answered > 0

    def score_text(self) -> str:
        result = self.result
        if result.answered == 0:
            return "You skipped every question, so there is no score this time."
        text = f"You got {result.correct} of {result.total} right ({result.percent}%)."
        if result.skipped:
            left = "question was" if result.skipped == 1 else "questions were"
            text += f" {result.skipped} {left} left unanswered."
        best = self._best_score()
        if best is not None and best > result.percent:
            text += f" Your best score on this quiz so far: {best}%."
        return text

    def _best_score(self) -> int | None:
        """The learner's best score on the whole quiz, for a whole quiz (None otherwise)."""
        if not self.whole_quiz or self.store is None or self.past is not None:
            return None
        return self.store.best_score(self.pack.id)

    def verdict(self) -> Content:
        result = self.result
        if result.answered == 0:
            return Content(
                "No questions were answered this time, and nothing was counted. "
                "They are here whenever you are ready."
            )
        again = given_again_words(result.given_again)
        if self.decides_pass and self.preview:
            mark = self.pack.pack.pass_mark
            if result.passed(mark):
                return Content.assemble(
                    (f"{RIGHT} This score would pass.", "bold"), f" The pass mark is {mark}%.{again}"
                )
            return Content.assemble(
                (f"{WRONG} This score would not pass yet.", "bold"), f" The pass mark is {mark}%.{again}"
            )
        if self.decides_pass:
            mark = self.pack.pack.pass_mark
            if result.passed(mark):
                return Content.assemble(
                    (f"{RIGHT} Passed.", "bold"), f" The pass mark is {mark}%.{again}"
                )
            return Content.assemble(
                (f"{WRONG} Not passed yet.", "bold"),
                f" The pass mark is {mark}%.{again} Read about the questions below; "
                "you can try again whenever you like.",
            )
        if self.mode == "review":
            return Content(
                "Thank you for reviewing. Questions come back when it helps most to see them again."
            )
        if result.total and result.correct == result.total:
            return Content("Every answer right. Well done.")
        if self.track == "course" and self.pack is not None:
            return Content("This was practice: it does not change whether you passed the quiz.")
        return Content(worked_through_words(result.answered, result.total, result.correct))

    def _lesson_title(self, lesson_id: str) -> str:
        lesson = self.learn_app.library.lesson(lesson_id)
        return lesson.title if lesson is not None else lesson_id

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        result = self.result
        yield TitleBar(self.heading(), id="results-title")
        with VerticalScroll(id="results-body"):
            if self.preview:
                yield Static(Content("Preview: these answers were not saved."), id="results-preview")
            if self.message:
                yield Static(Content(self.message), id="results-message")
            yield Static(Content(self.score_text()), id="results-score")
            verdict = Static(self.verdict(), id="results-verdict")
            if self.decides_pass:
                verdict.add_class("-passed" if result.passed(self.pack.pack.pass_mark) else "-not-yet")
            yield verdict
            with Horizontal(id="results-buttons"):
                if self._can_practise():
                    words = practise_words(len(result.missed), len(result.unanswered)) if result.answered \
                        else "Practise them"
                    yield Button(Content(f"{words} (p)"), id="results-practise", variant="primary")
                yield Button(Content(self._way_back()), id="results-home")
            if result.by_lesson and result.answered:
                yield Static(Content("By lesson"), classes="results-heading")
                lines: list[tuple[Content, Indent]] = [
                    (Content.assemble(
                        "  ", self._lesson_title(lesson_id), ": ",
                        lesson_score_words(correct, total, result.by_lesson_answered.get(lesson_id)),
                    ), 4)
                    for lesson_id, (correct, total) in result.by_lesson.items()
                ]
                yield Static(HangingLines(lines), id="results-by-lesson")
            yield from self._compose_sureness()
            if self.past is not None and self.checked is None:
                yield from self._compose_past_answers()
            elif self.mode == "review":
                yield from self._compose_reviewed()
            if self.checked is not None:
                yield from self._compose_checked()
            if self.past is not None and self.checked is None:
                answered = {answer.entry.question for answer in self.past.answers}
                self._missed = [q for q in result.missed if q.id not in answered]
                if self._missed:
                    yield Static(Content("Not answered (Tab to the list, then Enter to read about one)"),
                                 classes="results-heading")
                    yield OptionList(*self._missed_options(), id="results-missed")
            elif result.missed:
                heading = "To look at again" if result.answered else "The questions, to read about"
                yield Static(
                    Content(f"{heading} (Tab to the list, then Enter to read about one)"),
                    classes="results-heading",
                )
                yield OptionList(*self._missed_options(), id="results-missed")
        yield Disclaimer()
        yield FooterWithHelp()

    def _compose_sureness(self) -> ComposeResult:
        """How sure the learner was against how they did, in words; for a pack scored with
        certainty-based marking, the CBM score and its breakdown as Moodle reports them."""
        result = self.result
        if not result.answered:
            return
        calibration = result.calibration
        lines = sureness.calibration_words(calibration)
        if result.marking == "cbm":
            left = [taken_back_left_words(len(result.taken_back_left))] if result.taken_back_left else []
            lines = [*sureness.cbm_words(result.cbm), *sureness.cbm_breakdown(result.cbm_calibration), *left,
                     *lines]
        if not lines:
            return
        yield Static(Content("How sure you were"), classes="results-heading")
        yield Static(Content("\n".join(lines)), id="results-sureness")

    @property
    def missed(self) -> list:
        """The questions of the "to look at again" list (a past attempt's: those not answered)."""
        if self.past is not None and self.checked is None:
            return getattr(self, "_missed", [])
        return self.result.missed

    def _compose_past_answers(self) -> ComposeResult:
        """A past attempt's answers, each with its feedback and where to read about it."""
        past = self.past
        if not past.answers_kept:
            yield Static(Content(
                "The answers of this attempt are not in your answer log (it may have been moved or "
                "kept aside), so only its score can be shown."
            ), id="results-not-kept")
            return
        records = past.result.records[:MAX_MISSED_SHOWN]
        if not records:
            return
        yield Static(
            Content("Your answers (Tab to the list, then Enter to read about one)"), classes="results-heading"
        )
        yield OptionList(*(self._answer_option(n, record) for n, record in enumerate(records)),
                         id="results-answers")

    def _answer_option(self, index: int, record) -> Option:
        from learnmeta.app.widgets.feedback import past_answer_lines, text_start

        question, outcome = record.question, record.outcome
        where = where_to_read(self.learn_app.library, question.lesson, question.section)
        mark = f"{RIGHT} Right" if outcome.correct else f"{WRONG} Not right"
        lines: list[tuple[Content, Indent]] = [
            (Content.assemble(f"{mark}: ", (without_emphasis_marks(question.prompt), "bold")), 2)
        ]
        def under_its_text(line: str, width: int) -> int:  # four cells in, then as the quiz's feedback
            return 4 + text_start(line[4:], width - 4)

        lines += [(Content.assemble("    ", line), under_its_text) for line in past_answer_lines(question, outcome)]
        lines.append((Content.assemble("    ", ("Read: ", "bold"), where), 10))
        return Option(HangingLines(lines), id=f"answer-{index}")

    def _missed_options(self) -> list[Option]:
        options = []
        missed = self.missed
        for index, question in enumerate(missed[:MAX_MISSED_SHOWN]):
            where = where_to_read(self.learn_app.library, question.lesson, question.section)
            prompt = HangingLines([
                (Content.assemble(f"{WRONG if self.result.answered else '•'} ", prompt_content(question.prompt)), 2),
                (Content.assemble("    ", ("Read: ", "bold"), where), 10),
            ])
            options.append(Option(prompt, id=f"missed-{index}"))
        hidden = len(missed) - MAX_MISSED_SHOWN
        if hidden > 0:
            more = Content(f"… and {hidden} more: practise them with p.")
            options.append(Option(more, id="missed-more", disabled=True))
        return options

    def _compose_checked(self) -> ComposeResult:
        """Every question of a submitted exam, with its feedback."""
        from learnmeta.app.widgets.feedback import WrappedOnce, checked_answer
        from learnmeta.quiz.engine import Presentation

        yield Static(Content("Every question, with feedback"), classes="results-heading")
        checked = self.checked or []
        for number, (question, outcome) in enumerate(checked[:MAX_MISSED_SHOWN], start=1):
            shown = self.presentations[number - 1] if number - 1 < len(self.presentations) else Presentation()
            where = where_to_read(self.learn_app.library, question.lesson, question.section)
            # (its notes and lists go on under their own text when they wrap, as the quiz's do)
            yield Static(WrappedOnce(checked_answer(number, question, outcome, shown=shown, where=where)),
                         classes="results-checked")
        if len(checked) > MAX_MISSED_SHOWN:
            yield Static(Content(f"… and {len(checked) - MAX_MISSED_SHOWN} more"), classes="results-checked")

    def _compose_reviewed(self) -> ComposeResult:
        records = list(self.result.records)
        if not records:
            return
        now = self.now or dt.datetime.now(dt.timezone.utc)
        lines: list[tuple[Content, int]] = []
        for record in records[:MAX_MISSED_SHOWN]:
            symbol = RIGHT if record.outcome.correct else WRONG
            due = _due(self.store, record.pack_id, record.question.id) if self.store is not None else None
            when = f" (comes back {due_in_words(due, now)})" if due is not None else ""
            lines.append((Content.assemble(f"  {symbol} ", prompt_content(record.question.prompt), (when, "italic")), 4))
        if len(records) > MAX_MISSED_SHOWN:
            lines.append((Content(f"  … and {len(records) - MAX_MISSED_SHOWN} more"), 4))
        yield Static(Content("Reviewed"), classes="results-heading")
        yield Static(HangingLines(lines), id="results-reviewed")

    def on_mount(self) -> None:
        # The first button has the focus, so the screen opens at the top: score first.
        buttons = self.query("#results-buttons Button")
        buttons.first().focus(scroll_visible=False)
        if self.learn_app.announcing:  # a screen reader in the browser hears how it went
            self.learn_app.announce(self.spoken())

    def spoken(self) -> str:
        """The results' first lines as words to read out (heading, score, verdict)."""
        from learnmeta.app.announce import sentences

        verdict = self.verdict().plain.replace(f"{RIGHT} ", "").replace(f"{WRONG} ", "")
        return sentences(self.heading().plain, self.message or "", self.score_text(), verdict)

    def _way_back(self) -> str:
        """The button's words: where Esc goes."""
        if self.past is not None:
            return "Back (Esc)"
        return "Past results (Esc)" if self.back == "history" else "Home (Esc)"

    # --- actions ---------------------------------------------------------------------------
    def _can_practise(self) -> bool:
        return bool(self.result.missed) and self.pack is not None

    def _practise_action(self) -> str:
        """Which of the practise bindings is shown: by what the practice includes."""
        unanswered = len(self.result.unanswered) if self.result.answered else 0
        if not unanswered:
            return "practise"
        return "practise_unanswered" if unanswered >= len(self.result.missed) else "practise_both"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("practise", "practise_unanswered", "practise_both"):
            return self._can_practise() and action == self._practise_action()
        if action == "home":
            return self.past is None and self.back != "history"
        if action == "past_results":
            return self.past is None and self.back == "history"
        if action == "back":
            return self.past is not None
        return True

    @on(OptionList.OptionSelected, "#results-missed")
    def _open_missed(self, event: OptionList.OptionSelected) -> None:
        question = self.missed[event.option_index]
        self.learn_app.open_lesson(question.lesson, question.section)

    @on(OptionList.OptionSelected, "#results-answers")
    def _open_answered(self, event: OptionList.OptionSelected) -> None:
        question = self.past.result.records[event.option_index].question
        self.learn_app.open_lesson(question.lesson, question.section)

    @on(Button.Pressed, "#results-practise")
    def _practise_pressed(self) -> None:
        self.action_practise()

    @on(Button.Pressed, "#results-home")
    def _home_pressed(self) -> None:
        self.action_home()

    def action_to_list(self) -> None:
        """Tab from a button lands on the list of questions, as the heading above it says
        (from the list, or with no list, Tab moves on as ever)."""
        lists = self.query("#results-answers, #results-missed")
        if lists and isinstance(self.focused, Button):
            lists.first().focus()
        else:
            self.focus_next()

    def action_practise_unanswered(self) -> None:
        self.action_practise()

    def action_practise_both(self) -> None:
        self.action_practise()

    def action_practise(self) -> None:
        if not self._can_practise():
            return
        ids = [question.id for question in self.result.missed]
        # From a past attempt (or practice begun there), the practice goes back to Past results.
        back = "history" if self.past is not None else self.back
        self.learn_app.start_quiz(self.pack, question_ids=ids, mode="practice", back=back)

    def action_home(self) -> None:
        if self.past is not None:
            self.dismiss()
            return
        self.learn_app.go_back(self.back)

    def action_past_results(self) -> None:
        self.learn_app.go_back("history")

    def action_back(self) -> None:
        self.dismiss()


class NothingToReviewScreen(AppScreen):
    """Shown for a review when nothing is due: what review is, and the way back home.

    A brand-new learner has nothing to review yet; saying "Well done!" would praise what was
    never done. The app shows this screen instead of starting an empty review.
    """

    CSS_PATH = "results.tcss"
    BINDINGS = [Binding("escape", "home", "Home", tooltip="back to the home screen")]

    def __init__(self, *, anything_answered: bool = False, next_review: str | None = None,
                 name=None, id=None, classes=None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.anything_answered = anything_answered
        self.next_review = next_review
        """When the next review is, in words ("tomorrow"), when one is scheduled."""

    def message(self) -> str:
        if self.anything_answered:
            first = "Nothing is due for review right now."
            if self.next_review and self.next_review != "now":
                first += f" The next review is {self.next_review}."
        else:
            first = "There is nothing to review yet."
        return (
            f"{first}\n\nHow review works: questions you miss in a quiz come back here later, "
            "spaced out so they are easier to remember. When some are due, the home screen says so."
        )

    def compose(self) -> ComposeResult:
        yield TitleBar(Content("Review"), id="results-title")
        with VerticalScroll(id="results-body"):
            yield Static(Content(self.message()), id="results-verdict")
            with Horizontal(id="results-buttons"):
                yield Button(Content("Home (Esc)"), id="results-home", variant="primary")
        yield Disclaimer()
        yield FooterWithHelp()

    def on_mount(self) -> None:
        self.query_one("#results-home", Button).focus(scroll_visible=False)

    @on(Button.Pressed, "#results-home")
    def _home_pressed(self) -> None:
        self.action_home()

    def action_home(self) -> None:
        self.learn_app.go_home()
