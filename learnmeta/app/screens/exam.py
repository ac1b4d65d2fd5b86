"""The exam screen: questions answered in any order, no feedback until the whole exam is submitted.

A thin layer over :class:`learnmeta.quiz.exam.ExamSession` (the rules) and the
:class:`~learnmeta.quiz.attempts.AttemptRecorder` (the saving): every answer is saved the moment
it is given, so leaving, or the program being killed, keeps it, and the exam carries on next time.
Where the learner is asked how sure they are (a pack with certainty-based marking, or their
setting or track, as in a quiz), Enter on an answer asks it (1 not sure, 2 fairly sure, 3 sure;
Enter goes on without saying, Backspace goes back to the answer) before going on; the level is
saved with the answer, shown with it, and can be changed with it until the exam is submitted.
The time left is a quiet line at the top, in whole minutes (never seconds ticking, never flashing);
``i`` says it (and what is answered) in the message line, for a screen reader, on request. When
the time is up the exam is submitted, with a kind message, and the results show the feedback for
every question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from learnmeta.app.safe import prompt_content
from learnmeta.content.text import without_emphasis_marks
from learnmeta.app.screens.base import AppScreen, Spoken, scroll_bindings
from learnmeta.app.widgets.answers import Ordering, QuestionWidget, ShortAnswer, widget_for
from learnmeta.app.widgets.footer import Footer, FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.quiz.attempts import AttemptRecorder
from learnmeta.quiz.exam import intro_words

if TYPE_CHECKING:
    from learnmeta.progress.store import ProgressStore
    from learnmeta.quiz.exam import ExamSession


class ExamScreen(AppScreen):
    """One question at a time; n / p move, g lists them all, s submits."""

    CTRL_C_WORDS = "To leave the exam, press Esc: your answers are kept (the time goes on)."
    """What Ctrl+C says (:meth:`LearnApp.action_help_quit`), beside how to close learnmeta."""

    SPEAKS_FOR_ITSELF = True
    """Says each question as it shows it: nothing more is said as it opens (base.Spoken)."""

    HELP_SECTION = "Exam (learnmeta quiz PACK --exam)"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    CSS_PATH = ["quiz.tcss", "exam.tcss"]
    BINDINGS = [
        Binding("enter", "save_next", "Keep", priority=True,
                tooltip="exam: keep your answer and go to the next question (nothing is checked yet)"),
        Binding("n", "next", "Next", tooltip="exam: the next question (your answer is kept)"),
        Binding("p", "previous", "Previous", show=False, tooltip="exam: the question before"),
        Binding("g", "questions", "Questions", tooltip="exam: every question, which are answered, and going to one"),
        Binding("s", "submit", "Submit", tooltip="exam: submit the whole exam (it asks first)"),
        Binding("i", "status", "Status", show=False, tooltip="exam: say the time left and how many are answered"),
        Binding("x", "clear", "Clear", show=False, tooltip="exam: take back the answer to this question"),
        # 1 2 3 are named by the question and the keys line while asked: the footer keeps its room
        # for Keep, Submit, Leave, F1 and F2 (at 60 columns they would not all fit).
        Binding("1", "sure(1)", "Not sure", show=False,
                tooltip="exam, when asked how sure you are: not sure (then the next question)"),
        Binding("2", "sure(2)", "Fairly sure", show=False, tooltip="exam, when asked how sure you are: fairly sure"),
        Binding("3", "sure(3)", "Sure", show=False, tooltip="exam, when asked how sure you are: sure"),
        Binding("backspace", "change", "Change", show=False,
                tooltip="exam, when asked how sure you are: go back and change your answer"),
        Binding("f5", "previous_typing", "Previous", show=False, tooltip="exam, while typing: the question before"),
        Binding("f6", "next_typing", "Next", tooltip="exam, while typing: the next question"),
        Binding("f7", "questions_typing", "Questions", tooltip="exam, while typing: every question"),
        Binding("f8", "submit_typing", "Submit", tooltip="exam, while typing: submit the whole exam"),
        Binding("escape", "leave", "Leave", tooltip="leave the exam (your answers are kept; the time goes on)"),
        *scroll_bindings("scroll_body"),
    ]
    FOOTER_GIVE_WAY = ("questions", "questions_typing")
    """The list of questions goes first when the footer is too narrow (the keys line names it, and
    Enter on the last question opens it). Next stays: it is the one key that goes on without
    answering (Enter asks for an answer first)."""

    def __init__(self, session: ExamSession, *, store: ProgressStore | None = None, title: str = "Exam",
                 track: str | None = None, preview: bool = False, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self.store = store
        self.exam_title = title
        self.track = track
        self.preview = preview
        self.recorder = AttemptRecorder(store, self._notice, report_save_error=True)
        self.answer_widget: QuestionWidget | None = None
        self._notices: list[str] = []
        self._welcome: tuple[str, int] | None = None
        """The "welcome back" note and the number answered it names, while that is still true."""
        self._time_shown = ""
        self._done = False
        self.rating = False
        """The answer is kept and the learner is asked how sure they are (1, 2, 3; Enter goes on)."""

    # --- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar(Content(self.exam_title), id="quiz-title")
        with Horizontal(id="quiz-top"):
            yield Static("", id="quiz-position")
            yield Static("", id="exam-time")
        with VerticalScroll(id="quiz-body"):
            yield Static("", id="quiz-notice")
            yield Static("", id="quiz-prompt")
            yield Vertical(id="quiz-answer")
            yield Static("", id="exam-saved")
        yield Static("", id="quiz-message")
        yield Static("", id="quiz-keys")
        yield Disclaimer()
        yield FooterWithHelp()

    RULE = ("Your answers are checked when you submit the whole exam. You can move between "
            "questions and change answers until then.")
    """Said after "Exam:", how many questions and the pass mark (:meth:`_rule`)."""
    CARRIED_ON_RULE = "Nothing is checked until you submit the whole exam."
    """Said after "Welcome back..." on an exam carried on: the rule, short, so that at 60x20 the
    note and the question fit above the answer (the whole rule comes back when the welcome goes)."""

    def _rule(self) -> str:
        """The exam's first note: how many questions, the pass mark when its results will say
        passed or not (as the results screen decides: the course track, or a pack tried out),
        then how it is checked."""
        mark = self.session.pack.pack.pass_mark if self.preview or self._track() == "course" else None
        return f"Exam: {intro_words(self.session.total, mark)} {self.RULE}"

    def _track(self) -> str:
        if self.track is not None:
            return self.track
        return self.store.settings.track if self.store is not None else "self"

    async def on_mount(self) -> None:
        self._notice(self._rule())
        if self.preview:
            self._notice("Trying out a pack file: add --record to save answers.")
        if self.store is not None and self.store.read_only_reason is not None:
            self._notice(f"Your answers in this window will not be saved: {self.store.read_only_reason.what}")
        self.session = self.recorder.begin_exam(self.session)
        if self.session.submitted:  # its time ran out while learnmeta was closed
            self._finish()
            return
        if self.session.carried_on:
            # What is new comes first, in place of the rule the learner has seen (said short).
            welcome = f"{self.session.welcome_back()} {self.CARRIED_ON_RULE}"
            self._welcome = (welcome, self._answered_count())
            self._notices[0] = welcome  # the rule, said first
            self._notice_shown()
        self.set_interval(5, self._tick)
        await self.show_question()

    # --- helpers ---------------------------------------------------------------------------
    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

    def _notice(self, text: str) -> None:
        self._notices.append(text)
        self._notice_shown()

    def _notice_shown(self) -> None:
        notice = self._static("#quiz-notice")
        notice.update(Content("\n".join(self._notices)))
        notice.display = bool(self._notices)

    def _answered_count(self) -> int:
        return self.session.total - len(self.session.unanswered)

    def _drop_stale_welcome(self) -> None:
        """Once the learner has answered (or taken back) a question since carrying on, "welcome
        back ... 1 of 18 questions answered" is no longer true: it goes, and the exam's rule is
        said in full in its place (the top line says this question's state, g and s the count)."""
        if self._welcome is None or self._answered_count() == self._welcome[1]:
            return
        text, _ = self._welcome
        self._welcome = None
        if text in self._notices:
            self._notices[self._notices.index(text)] = self._rule()
        self._notice_shown()

    def _message(self, text: str) -> None:
        message = self._static("#quiz-message")
        message.update(Content(text))
        message.display = bool(text)

    @property
    def typing(self) -> bool:
        return isinstance(self.answer_widget, ShortAnswer) and not self.rating

    @property
    def asks_confidence(self) -> bool:
        """Whether the learner is asked how sure they are of each answer (the core's rule, as in
        a quiz: a CBM pack always; else the setting, or the track)."""
        from learnmeta.quiz.confidence import asked

        setting = self.store.settings.ask_confidence if self.store is not None else None
        track = self.track
        if track is None:
            track = self.store.settings.track if self.store is not None else "self"
        return asked(setting, track, self.session.marking)

    def _update_top(self) -> None:
        session = self.session
        status = session.status_words(session.position)
        self._static("#quiz-position").update(Content(f"Question {session.number} of {session.total} ({status})"))
        self._update_time()
        self._drop_stale_welcome()

    def _update_time(self) -> None:
        words = self.session.time_words()
        text = "" if words == "There is no time limit." else f"Time left: {words.removesuffix(' left.')}"
        if text != self._time_shown:  # changes once a minute at most: nothing ticks or flashes
            self._time_shown = text
            self._static("#exam-time").update(Content(text))

    def _keys_text(self) -> str:
        if self.rating:
            return ("1 not sure · 2 fairly sure · 3 sure · Enter goes on without saying · "
                    "Backspace changes your answer")
        widget = self.answer_widget.keys_help() if self.answer_widget else ""
        for checks, instead in ((", then press Enter to check.", "."), (", then Enter to check.", "."),
                                (" Enter to check.", ""), (", then Enter to check", "")):
            widget = widget.replace(checks, instead)
        enter = "Enter keeps it, asks how sure you are, and goes on." if self.asks_confidence else \
            "Enter keeps it and goes on."
        if self.typing:
            return (f"{widget.split(' F3')[0].split(' F4')[0]} {enter} "
                    "F5 previous · F6 next · F7 questions · F8 submit")
        time = " · i time left" if self.session.time_limit_minutes else ""
        return f"{widget} {enter} n next · p previous · g questions · s submit{time}"

    # --- showing a question ------------------------------------------------------------------
    async def show_question(self) -> None:
        session = self.session
        question = session.current
        if question is None:
            return
        self._update_top()
        self._static("#quiz-prompt").update(prompt_content(question.prompt))
        holder = self.query_one("#quiz-answer", Vertical)
        await holder.remove_children()
        widget = widget_for(question, session.presentation, id="answer")
        response = session.current_response
        if response is not None:
            widget.restore(response)
        self.answer_widget = widget
        await holder.mount(widget)
        self._show_saved()
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)
        # Focused without Textual's scroll into view, which scrolled more than the answer needs
        # (at 60x20 a carried-on exam opened with its note's first lines above the view): the
        # view opens at the top, and moves down only as far as the answer needs (below).
        widget.focus_target.focus(scroll_visible=False)
        self.call_after_refresh(self._answer_in_view)
        self.refresh_bindings()
        if self.learn_app.announcing:  # a screen reader in the browser hears the question
            from learnmeta.content.text import without_emphasis_marks

            status = session.status_words(session.position)
            self.learn_app.announce(f"Question {session.number} of {session.total} ({status}). "
                                    f"{without_emphasis_marks(question.prompt)}")

    def _answer_in_view(self) -> None:
        """When the answer does not fit under the notes and the question, the body scrolls just
        far enough to show it, but never past the question's first line (nor, while "Welcome
        back..." is said, past the note's): a long answer is then scrolled to as the learner
        moves through it."""
        widget = self.answer_widget
        if widget is None or not widget.is_attached:
            return
        body = self.query_one("#quiz-body", VerticalScroll)
        view = body.scrollable_content_region
        below = widget.region.bottom - view.bottom
        if below <= 0:
            return
        keep = self._static("#quiz-notice" if self._welcome is not None else "#quiz-prompt")
        room = keep.region.y - view.y
        if room > 0:
            body.scroll_to(y=body.scroll_y + min(below, room), animate=False, immediate=True)

    def _show_saved(self) -> None:
        saved = self._static("#exam-saved")
        session = self.session
        if session.is_answered(session.position) and self.asks_confidence:
            from learnmeta.quiz.confidence import LEVEL_WORDS

            level = session.current_confidence
            said = (f"Your answer is kept, and that you are {LEVEL_WORDS[level]} of it. You can change "
                    "both until you submit (Enter asks how sure again; x takes it back).") if level else (
                "Your answer is kept; you have not said how sure you are (Enter asks). You can change "
                "it until you submit (x takes it back).")
            saved.update(Content(said))
        elif session.is_answered(session.position):
            saved.update(Content("Your answer is kept. You can change it until you submit (x takes it back)."))
        elif session.is_partly_answered(session.position):
            saved.update(Content("Partly answered: what you matched is kept. Match every item for it to "
                                 "count (x takes it back)."))
        else:
            saved.update(Content("Not answered yet."))

    # --- answers -----------------------------------------------------------------------------
    def _keep(self, response: Any) -> bool:
        """Keep (and save) this answer to the current question; whether it was kept."""
        session = self.session
        if session.time_up():
            self._time_up()
            return False
        if response == session.current_response:
            return True
        stored = session.set_answer(response)
        if stored is None:
            return False
        self.recorder.save_exam_answer(session, session.current, stored)
        self._update_top()
        self._show_saved()
        return True

    def _widget_draft(self) -> Any | None:
        """What the widget shows, whole or half made (some items matched); None: nothing yet."""
        widget = self.answer_widget
        if widget is None:
            return None
        draft = widget.draft()
        if isinstance(widget, Ordering) and draft == list(widget.presentation.items) \
                and self.session.current_response is None:
            return None  # an order not touched is not an answer yet (Enter keeps it as it is)
        return draft

    def _keep_widget_answer(self) -> None:
        """Keep what the widget shows (before moving away, or as it changes), a half-made answer
        too; when the learner has undone all of it (unticked every box, emptied the box, cleared
        every match), the answer kept is taken back, so coming back shows what they left."""
        if self.answer_widget is None:
            return
        draft = self._widget_draft()
        if draft is not None:
            self._keep(draft)
        elif self.session.current_response is not None and not self.session.time_up():
            self.session.clear_answer()
            self.recorder.save_exam_answer(self.session, self.session.current, None)
            self._update_top()
            self._show_saved()

    @on(QuestionWidget.Changed)
    def _changed(self, event: QuestionWidget.Changed) -> None:
        event.stop()
        if self.rating:  # the answer changed (a click) while asked how sure: back to answering
            self._stop_rating()
        self._message("")
        if not isinstance(event.widget, ShortAnswer):
            self._keep_widget_answer()  # a choice picked is an answer given: saved at once

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()

    @on(QuestionWidget.Incomplete)
    async def _incomplete(self, event: QuestionWidget.Incomplete) -> None:
        event.stop()
        text = event.text.replace("then Enter", "").replace(" (or press F4 to skip)", "")
        self._message(f"{text.rstrip('. ,')}. Or go on without answering: n (F6 while typing).")

    @on(QuestionWidget.Submitted)
    async def _submitted(self, event: QuestionWidget.Submitted) -> None:
        event.stop()
        if self._keep(event.response):
            if self.asks_confidence and not self.rating:
                self._ask_confidence()
                return
            await self._go(self.session.position + 1, after_last="list")

    async def action_save_next(self) -> None:
        """Enter: the answer widget's own Enter (a held item let go, a typed answer) would check
        the answer; in an exam it keeps it and goes on, and the footer says so. Asked how sure:
        goes on without saying (a level said before stays)."""
        if self.rating:
            self._stop_rating()
            await self._go(self.session.position + 1, after_last="list")
            return
        if self.answer_widget is not None:
            self.answer_widget.submit()

    # --- how sure ------------------------------------------------------------------------------
    def _ask_confidence(self) -> None:
        """The answer is kept: ask how sure the learner is of it (nothing is checked)."""
        from learnmeta.quiz.confidence import LEVEL_WORDS

        self.rating = True
        self.set_focus(None)  # 1, 2, 3 and Backspace are the screen's now, not the answer's
        level = self.session.current_confidence
        before = f" You said: {LEVEL_WORDS[level]}; Enter keeps that." if level else ""
        self._message(f"How sure are you of this answer? 1 not sure, 2 fairly sure, 3 sure.{before}")
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self.refresh_bindings()

    def _stop_rating(self) -> None:
        if not self.rating:
            return
        self.rating = False
        self._message("")
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self.refresh_bindings()

    async def action_sure(self, level: int) -> None:
        if not self.rating:
            return
        session = self.session
        if session.time_up():
            self._time_up()
            return
        if session.set_confidence(level):
            self.recorder.save_exam_answer(session, session.current, to_stored_response(session))
        self._stop_rating()
        self._show_saved()
        await self._go(session.position + 1, after_last="list")

    def action_change(self) -> None:
        """Back to the answer, to change it (how sure is asked again with Enter)."""
        if not self.rating:
            return
        self._stop_rating()
        if self.answer_widget is not None:
            target = self.answer_widget.focus_target
            target.focus()
            if isinstance(target, Input):  # back to editing the typed answer, not replacing it
                self.call_after_refresh(target.action_end)

    def action_clear(self) -> None:
        self._stop_rating()
        if self.session.clear_answer():
            self.recorder.save_exam_answer(self.session, self.session.current, None)
            self.run_worker(self.show_question())
            self._message("Your answer to this question is taken back: it is not answered now.")

    # --- moving --------------------------------------------------------------------------------
    async def _go(self, index: int, *, after_last: str = "say") -> None:
        if self._done:
            return
        self._stop_rating()
        self._keep_widget_answer()
        if self._done:
            return
        if index >= self.session.total:
            if after_last == "list":
                self.action_questions()
            else:
                keys = ("F7", "F8") if self.typing else ("g", "s")  # (typed into the box: F keys)
                self._message(f"This is the last question. {keys[0]} lists them all; {keys[1]} submits the exam.")
            return
        if index < 0:
            self._message("This is the first question.")
            return
        self.session.go_to(index)
        self._message("")
        await self.show_question()

    async def action_next(self) -> None:
        await self._go(self.session.position + 1)

    async def action_previous(self) -> None:
        await self._go(self.session.position - 1)

    async def action_next_typing(self) -> None:
        await self.action_next()

    async def action_previous_typing(self) -> None:
        await self.action_previous()

    def action_questions_typing(self) -> None:
        self.action_questions()

    def action_submit_typing(self) -> None:
        self.action_submit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.endswith("_typing"):
            return self.typing
        if action in ("sure", "change"):
            return self.rating
        if action in ("next", "previous", "questions", "submit", "status", "clear"):
            return not self.typing
        return True

    def action_scroll_body(self, how: str) -> None:
        getattr(self.query_one("#quiz-body", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_status(self) -> None:
        self._message(f"{self.session.time_words()} {self.session.overview_words()}".strip())

    def action_questions(self) -> None:
        self._stop_rating()
        self._keep_widget_answer()
        if self._done:
            return

        async def chosen(result: int | str | None) -> None:
            if result == "submit":
                self.action_submit()
            elif isinstance(result, int):
                self.session.go_to(result)
                self._message("")
                await self.show_question()

        self.app.push_screen(ExamQuestionsDialog(self.session), chosen)

    def action_submit(self) -> None:
        from learnmeta.app.screens.confirm import ConfirmDialog

        self._stop_rating()
        self._keep_widget_answer()
        if self._done:
            return

        def submit(confirmed: bool | None) -> None:
            if confirmed and not self._done:
                self.session.submit()
                self._finish()

        self.app.push_screen(
            ConfirmDialog(self.session.confirm_text(), yes="Submit the exam", no="Keep working"), submit
        )

    def action_leave(self) -> None:
        from learnmeta.app.screens.confirm import ConfirmDialog

        self._stop_rating()
        self._keep_widget_answer()
        if self.store is None or self.store.read_only:
            question = "Leave the exam? Answers in this window are not saved."
        else:
            question = "Leave the exam? Your answers are kept, and it carries on next time"
            question += "; the time goes on while you are away." if self.session.time_limit_minutes else "."

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.learn_app.go_home()

        self.app.push_screen(ConfirmDialog(question, yes="Leave the exam", no="Keep going"), leave)

    # --- time ----------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._done:
            return
        if self.session.time_up():
            self._time_up()
            return
        self._update_time()
        reminder = self.session.reminder_due()
        if reminder:
            self._message(reminder)

    def _time_up(self) -> None:
        if self._done:
            return
        self._keep_widget_answer_silently()
        self.session.submit(timed_out=True)
        self._finish()

    def _keep_widget_answer_silently(self) -> None:
        """What the widget shows when the time runs out counts if it is whole (given in time)."""
        if self.answer_widget is None or self.session.submitted:
            return
        response = self._widget_draft()
        if response is None or response == self.session.current_response:
            return
        stored = self.session.set_answer(response, now=self.session.deadline)
        if stored is not None:
            self.recorder.save_exam_answer(self.session, self.session.current, stored)

    # --- the end -------------------------------------------------------------------------------
    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self.recorder.submit_exam(self.session)
        from learnmeta.app.screens.results import ResultsScreen

        track = self.track
        if track is None:
            track = self.store.settings.track if self.store is not None else "self"
        # Any dialog over the exam (the list, a question) goes with it.
        while len(self.app.screen_stack) > 1 and self.app.screen is not self:
            self.app.pop_screen()
        self.app.switch_screen(
            ResultsScreen(
                self.session.result(), pack=self.session.pack, track=track, mode="quiz",
                whole_quiz=self.session.whole_quiz, store=self.store, title=self.exam_title,
                preview=self.preview, checked=self.session.checked(),
                presentations=[self.session.presentation_of(i) for i in range(self.session.total)],
                message=self.session.submitted_words(),
            )
        )


def to_stored_response(session: ExamSession) -> Any:
    """The current question's kept answer as the progress file keeps it (to save it again with
    how sure the learner said they were)."""
    from learnmeta.quiz.exam import to_stored

    question = session.current
    response = session.current_response
    return None if question is None or response is None else to_stored(question, response)


class ExamQuestionsDialog(ModalScreen, Spoken):
    """Every question of the exam: answered or not, in words; Enter goes to one."""

    DEFAULT_CSS = """
    ExamQuestionsDialog { align: center middle; }
    ExamQuestionsDialog > Vertical {
        width: 90%; max-width: 90; height: 90%; border: round $accent; background: $surface; padding: 0 1;
    }
    ExamQuestionsDialog #exam-overview { height: auto; margin-bottom: 1; text-style: bold; }
    ExamQuestionsDialog OptionList { height: 1fr; }
    ExamQuestionsDialog #exam-list-buttons { height: auto; margin-top: 1; }
    ExamQuestionsDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("s", "submit", "Submit"),
        Binding("f1", "app.help", "Help"),
        Binding("f2", "app.support", "Support"),
    ]

    def spoken_opening(self) -> str:
        """What is answered, where the arrows are, and the keys (learnmeta/app/opening.py)."""
        from learnmeta.app.opening import exam_questions_words

        return exam_questions_words(self)

    def __init__(self, session: ExamSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        with Vertical():
            time = session.time_words()
            head = session.overview_words() + ("" if time == "There is no time limit." else f" {time}")
            yield Static(Content(head), id="exam-overview")
            options = []
            for line in session.overview():
                prompt = " ".join(without_emphasis_marks(line.prompt).split())
                if len(prompt) > 70:
                    prompt = prompt[:69] + "…"
                mark = "•" if line.answered else "◐" if line.partly else "○"
                lead = f"{mark} {line.number}. "
                options.append(Option(Hanging(Content.assemble(lead, prompt, (f" ({line.status})", "italic")),
                                              len(lead)), id=f"q-{line.index}"))
            yield OptionList(*options, id="exam-list")
            with Horizontal(id="exam-list-buttons"):
                yield Button(Content("Submit the exam (s)"), id="exam-list-submit", variant="primary")
                yield Button(Content("Back (Esc)"), id="exam-list-back")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.session.position
        options.focus()

    def on_screen_resume(self) -> None:
        from learnmeta.app.screens.base import announce_opening

        announce_opening(self)  # in a browser, what it is is read out (learnmeta/app/opening.py)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    @on(Button.Pressed, "#exam-list-submit")
    def _submit_pressed(self) -> None:
        self.dismiss("submit")

    @on(Button.Pressed, "#exam-list-back")
    def _back_pressed(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        self.dismiss("submit")

    def action_back(self) -> None:
        self.dismiss(None)
