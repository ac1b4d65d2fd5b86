"""The quiz screen: one question at a time, feedback at once, every answer saved as it is given.

Used for a pack's quiz, a lesson's knowledge check, practice of missed questions and the review
of due questions (``session.mode``). The screen is thin: the engine's session decides what is
asked and whether it is right; the progress store records it; the answer widgets in
:mod:`learnmeta.app.widgets.answers` take the keys.

Every answer is saved the moment it is checked (``store.record_answer``), so leaving the quiz, or
the program being killed, keeps what was answered: its line is written to the answer log before
the feedback is drawn, and the log's fsync and the summary's save follow just after that frame
(``store.saving_later``, ``recorder.save_pending``; docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, ProgressBar, Static

from learnmeta.app.screens.base import AppScreen, scroll_bindings
from learnmeta.app.safe import prompt_content
from learnmeta.app.widgets.answers import QuestionWidget, ShortAnswer, widget_for
from learnmeta.app.widgets.feedback import FeedbackPanel, QuizBody, where_to_read
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.quiz.attempts import AttemptRecorder, welcome_back
from learnmeta.quiz.engine import taken_back_words

if TYPE_CHECKING:
    from learnmeta.progress.store import ProgressStore
    from learnmeta.quiz.engine import ReviewSession

WidgetType = TypeVar("WidgetType", bound=Widget)


class QuizProgress(ProgressBar):
    """The quiz's progress bar, without the clock of Textual's ProgressBar.

    ProgressBar's mount starts a timer that updates its ETA every second, shown or not; here it
    is not shown, but the estimate changed each second, so the bar was drawn again every second
    while the learner read: a frame of its own, which, when it fell just as Enter was pressed,
    held the feedback's frame back a refresh or two (to 35-50 ms, 1 to 3 answers in 125 of a
    benchmark pass). This bar changes when an answer counts, and then only."""

    def _on_mount(self, event: events.Mount) -> None:
        # ProgressBar.on_mount without its set_interval (textual 8.2.8, which pyproject pins);
        # the handlers of the classes below are not called (Widget's own only handles
        # overflow: scroll).
        event.prevent_default()
        self.update()
        self._clock.reset()


class QuizScreen(AppScreen):
    """One question per screen, with its feedback, hints, skip and a progress bar."""

    CTRL_C_WORDS = "To leave the quiz, press Esc: your answers so far are kept."
    """What Ctrl+C says (:meth:`LearnApp.action_help_quit`), beside how to close learnmeta."""

    SPEAKS_FOR_ITSELF = True
    """Says each question and its feedback as it shows them: nothing more is said as it opens
    (base.Spoken)."""

    HELP_SECTION = "Quiz and review"
    """The section of Help (F1) that opens first from here (base.AppScreen)."""

    CSS_PATH = "quiz.tcss"
    AUTO_FOCUS = ""
    """No focus given on return from another screen (Textual's default gives it to the first
    widget that takes it): after an answer nothing has it, and giving it to the answer scrolled
    the question back to its top, away from the feedback the learner was reading before "read
    more". Each question gives its answer the focus itself (:meth:`show_question`)."""
    BINDINGS = [
        Binding("enter", "check", "Check", show=False, tooltip="check your answer"),
        Binding("1", "sure(1)", "Not sure", tooltip="when asked how sure you are: not sure (then it is checked)"),
        Binding("2", "sure(2)", "Fairly sure", tooltip="when asked how sure you are: fairly sure"),
        Binding("3", "sure(3)", "Sure", tooltip="when asked how sure you are: sure"),
        Binding("enter", "check_unrated", "Check", show=False,
                tooltip="when asked how sure you are: check without saying"),
        Binding("backspace", "change", "Change", show=False,
                tooltip="when asked how sure you are: go back and change your answer"),
        Binding("enter", "next", "Next", tooltip="after the feedback: go on to the next question"),
        Binding("u", "undo", "Undo",
                tooltip="right after the feedback: take back your answer and answer again"),
        Binding("i", "overrule", "I was right",
                tooltip="after a typed answer marked not right: I was right, count it (noted as your own marking)"),
        Binding("n", "next", "Next", show=False, tooltip="after the feedback: go on to the next question"),
        Binding("h", "hint", "Hint",
                tooltip="a hint, when the question has one (one at a time; hints used are noted)"),
        Binding("f3", "hint_typing", "Hint", tooltip="a hint, while typing an answer"),
        Binding("h", "no_hints", show=False),
        Binding("f3", "no_hints_typing", show=False),
        Binding("k", "skip", "Skip", tooltip="skip this question (no penalty; it comes back at the end)"),
        Binding("f4", "skip_typing", "Skip", tooltip="skip, while typing an answer"),
        Binding("r", "read_more", "Read more", tooltip="read more: open the lesson page that teaches it"),
        Binding("escape", "leave", "Leave", tooltip="leave the quiz (your answers so far are kept)"),
        *scroll_bindings("scroll_body"),
    ]

    def __init__(
        self,
        session: ReviewSession,
        *,
        store: ProgressStore | None = None,
        title: str = "Quiz",
        track: str | None = None,
        preview: bool = False,
        back: str = "home",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.back = back
        """Where the results' Esc and leaving go: "home", or "history" (practice started from
        Past results goes back there)."""
        self.session = session
        self.store = store
        self.quiz_title = title
        self.track = track
        self.preview = preview
        """A pack file tried out (``learnmeta quiz PATH``): nothing is saved, and a note says so."""
        self.answered = False
        self.rating = False
        """The answer is chosen and the learner is asked how sure they are (1, 2, 3; Enter skips)."""
        self._pending: Any = None
        """The response waiting while the learner says how sure they are."""
        self._teach_first = False
        """A review question last answered wrong although sure: r reads about it before answering."""
        self.answer_widget: QuestionWidget | None = None
        self.recorder = AttemptRecorder(store, self._notice, report_save_error=True)
        """Saves the attempts and every answer (:mod:`learnmeta.quiz.attempts`)."""
        self._hints_shown: list[str] = []
        self._parts: dict[str, Widget] = {}
        self._shown_message = ""
        self._shown_position = ""
        self._read_first: set[tuple[str, str]] = set()
        """Questions whose teaching page was opened first (leeches in a review)."""
        self._notices: list[str] = []
        """Notes that stay (not saving); ``_notes_once`` are shown with the next question only."""
        self._notes_once: list[str] = []
        self.pack = session.pack
        """The pack of a one-pack session (None for a review across packs)."""

    # --- layout ----------------------------------------------------------------------------
    def _refresh_layout(self, size=None, scroll: bool = False) -> None:
        """After the layout that first places an answer's feedback out of view (as it always is
        below a matching question), scroll it into view and draw again straight away. Left to the
        resize events, the scroll came a refresh later, 20-40 ms after. And the frame of the first
        layout is not drawn then: only the one with the feedback in view (drawing both cost a
        whole screen's rendering more, on the answers the p95 comes from).
        (Textual's private hooks, as of textual 8.2.8, which pyproject pins.)"""
        if not self.answered:
            super()._refresh_layout(size, scroll)
            return
        body = self._part("#quiz-body", QuizBody)
        if not body.feedback_pending:
            super()._refresh_layout(size, scroll)
            return
        app = self.app
        with app.batch_update():  # Textual draws the frames of these layouts later (call_later)...
            super()._refresh_layout(size, scroll)
            feedback = self._part("#quiz-feedback", FeedbackPanel)
            compositor = self._compositor
            if body.feedback_pending and feedback not in compositor.visible_widgets:
                if body.show_feedback():
                    # The scroll's layout compares what is in view with the layout before it, to
                    # draw only what moved; just after a whole layout it has nothing to compare
                    # with and marks the whole screen (title, keys, footer...) to be drawn again.
                    # The layout just made is what it should compare with.
                    if compositor._visible_map is None:
                        compositor._visible_map = compositor._full_map
                    super()._refresh_layout(size, scroll=True)
        if self.is_current and not app._batch_count:
            self._compositor_refresh()  # ...but this one frame is drawn now (they find nothing left)

    def compose(self) -> ComposeResult:
        yield TitleBar(Content(self.quiz_title), id="quiz-title")
        with Horizontal(id="quiz-top"):
            yield Static("", id="quiz-position")
            yield QuizProgress(
                total=self.session.total, show_eta=False, show_percentage=False, id="quiz-progress"
            )
        with QuizBody(id="quiz-body"):
            yield Static("", id="quiz-notice")
            yield Static("", id="quiz-from")
            yield Static("", id="quiz-prompt")
            yield Static("", id="quiz-hints")
            yield FeedbackPanel(id="quiz-feedback")
        yield Static("", id="quiz-message")
        yield Static("", id="quiz-keys")
        yield Disclaimer()
        yield FooterWithHelp()

    async def on_mount(self) -> None:
        if self.preview:
            self._notice("Trying out a pack file: add --record to save answers.")
        if self.store is not None and self.store.read_only_reason is not None:
            self._notice(f"Your answers in this window will not be saved: {self.store.read_only_reason.what}")
        resumed = self.recorder.begin(self.session)
        if resumed is not None:
            self.session = resumed
            self._notice(welcome_back(resumed), once=True)
        await self.show_question()

    def on_unmount(self) -> None:
        """Leaving the quiz (Esc, home, quitting): the last answer's save, if it still waits."""
        self.recorder.save_pending()

    # --- small helpers ---------------------------------------------------------------------
    def _part(self, selector: str, kind: type[WidgetType]) -> WidgetType:
        """One of the screen's own widgets (composed once, never replaced), found once: the
        answer's frame asks for several, and each query walks the screen's widgets."""
        found = self._parts.get(selector)
        if found is None or not found.is_attached:
            found = self._parts[selector] = self.query_one(selector, kind)
        assert isinstance(found, kind)
        return found

    def _static(self, selector: str) -> Static:
        return self._part(selector, Static)

    def _notice(self, text: str, *, once: bool = False) -> None:
        """A note above the question: lasting (not saving), or ``once``, for the next question only
        (carrying on where the learner left off)."""
        (self._notes_once if once else self._notices).append(text)
        self._show_notices()

    def _show_notices(self) -> None:
        notes = self._notices + self._notes_once
        notice = self._static("#quiz-notice")
        notice.update(Content("\n".join(notes)))
        notice.display = bool(notes)

    def _message(self, text: str) -> None:
        """A short message just above the keys line, outside the scrolling part: always in view."""
        message = self._static("#quiz-message")
        if text != self._shown_message or message.display != bool(text):  # (else nothing to redo)
            self._shown_message = text
            message.update(Content(text))
            message.display = bool(text)
        self.learn_app.announce(text)  # in a browser, read out (each time: "How sure are you...?")
        if text and self.answer_widget is not None and not self.answered:
            # The body is a line or two shorter now: keep the row being answered in view.
            self.call_after_refresh(self.answer_widget.scroll_to_cursor)

    @property
    def mode(self) -> str:
        return self.session.mode

    @property
    def typing(self) -> bool:
        """True while the learner is typing a short answer (letter keys go into the box)."""
        return isinstance(self.answer_widget, ShortAnswer) and not self.answered and not self.rating

    def _update_position(self, *, bar: bool = True) -> None:
        """ "Question N of M" and (``bar``) the progress bar."""
        session = self.session
        text = f"Question {session.number} of {session.total}"
        if session.skipped_before:
            text += " (skipped before)"
        if text != self._shown_position:
            self._shown_position = text
            self._static("#quiz-position").update(Content(text))
        if bar:
            self._move_bar()

    def _move_bar(self) -> None:
        """The progress bar to where the session is (done counts the current question once it is
        answered). Nothing is done when it is there already."""
        session = self.session
        progress = self._part("#quiz-progress", ProgressBar)
        if progress.total != session.total or progress.progress != session.done_count:
            progress.update(total=session.total, progress=session.done_count)

    # --- showing a question ----------------------------------------------------------------
    @property
    def asks_confidence(self) -> bool:
        """Whether the learner is asked how sure they are before an answer is checked (the
        core's rule: a CBM pack always; else the setting, or the track)."""
        from learnmeta.quiz.confidence import asked

        setting = self.store.settings.ask_confidence if self.store is not None else None
        track = self.track
        if track is None:
            track = self.store.settings.track if self.store is not None else "self"
        return asked(setting, track, self.session.marking)

    async def show_question(self, *, again: bool = False) -> None:
        """Show the current question; ``again``: the same one after an undo (its hints stay)."""
        session = self.session
        question = session.current
        if question is None:
            self.finish()
            return
        self.answered = False
        self.rating = False
        self._pending = None
        if not again:
            self._hints_shown = []
        pack_now = session.current_pack
        self._teach_first = bool(
            self.mode == "review" and self.store is not None and pack_now is not None
            and self.store.teach_first(pack_now.id, question.id)
        )
        if self._teach_first and not again and not self._leech_page_first(question, pack_now):
            self._notice(
                "Last time you were sure of an answer that was not right. You may like to read "
                "the page that teaches it first: press r. Then answer when you are ready.",
                once=True,
            )
        self._update_position()
        self._show_notices()
        self._notes_once = []  # "welcome back" is for the first question after carrying on only

        pack = session.current_pack
        from_line = self._static("#quiz-from")
        if self.mode == "review" and pack is not None:
            from_line.update(Content.assemble(("From: ", "bold"), pack.title))
            from_line.display = True
        else:
            from_line.display = False
        self._static("#quiz-prompt").update(prompt_content(question.prompt))
        self._show_hints()
        self._message("")
        self._part("#quiz-feedback", FeedbackPanel).display = False

        body = self._part("#quiz-body", QuizBody)
        if self.answer_widget is not None:
            await self.answer_widget.remove()
        # The answer goes in the body itself, between the prompt and the hints (a container of
        # its own around it was one widget more to lay out and draw in every answer's frame).
        self.answer_widget = widget_for(question, session.presentation, id="answer")
        await body.mount(self.answer_widget, before=self._static("#quiz-hints"))
        self._static("#quiz-keys").update(Content(self._keys_text()))
        body.feedback_pending = False
        body.can_focus = False  # a click on the prompt must not take the keys from the answer
        body.scroll_home(animate=False)
        # Focused without Textual's scroll into view, which is animated and looks at the layout
        # before the new answer is laid out: at 60x20 a matching question's body was still
        # gliding a line down (scroll_y 1.95 of 2) when the question looked settled, so its
        # first screen settled a line differently from run to run. The same scroll (the answer
        # centred, its top kept in view, only when it does not fit) is made at once, after the
        # refresh that lays the answer out.
        self.answer_widget.focus_target.focus(scroll_visible=False)
        self.answer_in_view_pending = True
        self.call_after_refresh(self._answer_in_view)
        self.refresh_bindings()
        if self.learn_app.announcing:  # a screen reader in the browser hears the new question
            from learnmeta.content.text import without_emphasis_marks

            self.learn_app.announce(f"{self._shown_position}. {without_emphasis_marks(question.prompt)}")
        self._teaching_page_first(question, pack)

    def _leech_page_first(self, question, pack) -> bool:
        """Whether a leech's page opens before this question (then the page says the rest)."""
        from learnmeta.study.mistakes import teaching_page_first

        return (self.store is not None and pack is not None
                and teaching_page_first(self.store, self.mode, pack.id, question.id) is not None)

    def _teaching_page_first(self, question, pack) -> None:
        """A question often missed (a leech), in a review: its teaching page opens first, once;
        Esc there comes back to the question (the core's rule: study.mistakes)."""
        from learnmeta.study.mistakes import teaching_page_first

        if self.store is None or pack is None or (pack.id, question.id) in self._read_first:
            return
        missed = teaching_page_first(self.store, self.mode, pack.id, question.id)
        if missed is None:
            return
        self._read_first.add((pack.id, question.id))
        self._notice(f"You have missed this question {missed} times, so its page was shown first.", once=True)
        self.learn_app.say(f"You have missed the next question {missed} times, so here first is the page "
                           "that teaches it. Esc goes back to the question.", timeout=6)
        self.learn_app.open_lesson(question.lesson, question.section)

    @property
    def _kind(self) -> str:
        """What the learner is doing, in the words the screen's title uses: a review or a quiz."""
        return "review" if self.session.mode == "review" else "quiz"

    def _keys_text(self) -> str:
        """The keys line under the question: one line at every size the app draws (each text
        fits the 60-column screen's line, ``answers.base.KEYS_LINE_CELLS``), so that it keeps its
        height when the feedback shows and the body is not made a line taller and laid out again. It
        says what the footer under it does not: how to answer, Enter and Backspace while asked how
        sure, and r and scrolling after the feedback (at 60 columns the footer has no room for
        Read more). Hint, Skip, Undo, I was right and Leave are the footer's too; every key is
        in help."""
        if self.rating:  # 1, 2 and 3 are in the footer ("1 Not sure 2 Fairly sure 3 Sure")
            return "Enter checks without saying · Backspace changes the answer"
        if self.answered:
            if not self.session.can_undo:
                return "Enter goes on. r reads more about it. ↑ ↓ scroll."
            if self.session.can_overrule:
                return "Enter goes on. i: I was right. u undoes it. r reads more."
            return "Enter goes on. r reads more. u undoes it. ↑ ↓ scroll."
        return self.answer_widget.keys_line() if self.answer_widget else ""

    # --- the keys --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return not self.answered and not self.rating and self.answer_widget is not None
        if action in ("sure", "check_unrated", "change"):
            return self.rating
        if action == "undo":
            return self.answered and self.session.can_undo
        if action == "overrule":
            return self.answered and self.session.can_overrule
        if action == "next":
            return self.answered
        if action == "read_more":
            return self.answered or (self._teach_first and not self.typing and not self.rating)
        # On a question without hints, or once all its hints are shown, the footer offers none,
        # and h or F3 says there are none, or no more (no_hints: a key help lists never does
        # nothing).
        if action in ("hint", "skip", "no_hints"):
            if self.answered or self.typing or self.rating:
                return False
            return action == "skip" or (action == "hint") == self._hints_left()
        if action in ("hint_typing", "skip_typing", "no_hints_typing"):
            if not self.typing or self.rating:
                return False
            return action == "skip_typing" or (action == "hint_typing") == self._hints_left()
        return True

    def _has_hints(self) -> bool:
        question = self.session.current
        return bool(question is not None and question.hints)

    def _hints_left(self) -> bool:
        """Whether h would show a hint: the question has one not shown yet."""
        question = self.session.current
        return question is not None and self.session.hints_used < len(question.hints)

    def action_scroll_body(self, how: str) -> None:
        """↑ ↓ and the page keys scroll the question and its feedback when the answer widget
        does not use them (after answering, nothing has the focus)."""
        getattr(self.query_one("#quiz-body", QuizBody), f"scroll_{how}")(animate=False)

    def action_check(self) -> None:
        if self.answer_widget is not None and not self.answered:
            self.answer_widget.submit()

    def action_hint(self) -> None:
        if self.answered:
            return
        hint = self.session.next_hint()
        if hint is None:
            self.action_no_hints()  # none, or no more
            return
        self._hints_shown.append(hint)
        self._show_hints()
        total = len(self.session.current.hints) if self.session.current is not None else 0
        number = len(self._hints_shown)
        self.learn_app.announce(f"Hint {number} of {total}: {hint}" if total > 1 else f"Hint: {hint}")
        self._static("#quiz-hints").scroll_visible(animate=False)
        self._message("")
        self.refresh_bindings()  # the footer's Hint goes after the last

    def _show_hints(self) -> None:
        """The hints shown so far for this question (none: hidden)."""
        current = self.session.current
        total = len(current.hints) if current is not None else 0
        parts: list[Any] = []
        for number, text in enumerate(self._hints_shown, start=1):
            if parts:
                parts.append("\n")
            label = f"Hint {number} of {total}: " if total > 1 else "Hint: "
            parts.extend([(label, "bold"), text])
        hints = self._static("#quiz-hints")
        hints.update(Content.assemble(*parts))
        hints.display = bool(parts)

    def action_hint_typing(self) -> None:
        self.action_hint()

    def action_no_hints(self) -> None:
        if self._has_hints():
            self._message("No more hints for this question.")
        else:
            self._message("There are no hints for this question.")

    def action_no_hints_typing(self) -> None:
        self.action_no_hints()

    async def action_skip(self) -> None:
        if self.answered or self.session.current is None:
            return
        before = self.session.done_count
        self.session.skip()
        if self.session.finished:
            self.finish()
            return
        await self.show_question()
        if self.session.done_count > before:
            self._message("The previous question, skipped twice, is left unanswered.")
        else:
            self._message("You skipped the last question: it comes back at the end, with no penalty.")

    async def action_skip_typing(self) -> None:
        await self.action_skip()

    async def action_next(self) -> None:
        if not self.answered:
            return
        self.session.advance()
        if self.session.finished:
            self.finish()
        else:
            await self.show_question()

    def action_read_more(self) -> None:
        question = self.session.current
        if question is None or not (self.answered or self._teach_first):
            return
        self.learn_app.open_lesson(question.lesson, question.section)

    def action_leave(self) -> None:
        from learnmeta.app.screens.confirm import ConfirmDialog

        if self.store is None or self.store.read_only:
            question = f"Leave the {self._kind}? Answers in this window are not saved."
        else:
            question = f"Leave the {self._kind}? Your answers so far are saved."

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.learn_app.go_back(self.back)

        self.app.push_screen(
            ConfirmDialog(question, yes=f"Leave the {self._kind}", no="Keep going"), leave
        )

    # --- answering -------------------------------------------------------------------------
    @on(QuestionWidget.Incomplete)
    def _incomplete(self, event: QuestionWidget.Incomplete) -> None:
        event.stop()
        self._message(event.text)

    @on(QuestionWidget.Changed)
    @on(Input.Changed)
    def _changed(self, event) -> None:
        event.stop()
        if self.rating:  # the answer changed (a click) while asked how sure: choose again
            self._stop_rating()
        if self._static("#quiz-message").display:
            self._message("")

    @on(QuestionWidget.Submitted)
    def _submitted(self, event: QuestionWidget.Submitted) -> None:
        event.stop()
        if self.answered or self.session.current is None:
            return
        if self.asks_confidence and not self.rating:
            self._ask_confidence(event.response)
            return
        self._check(event.response, None)

    def _ask_confidence(self, response: Any) -> None:
        """The answer is chosen: ask how sure the learner is before checking it."""
        self.rating = True
        self._pending = response
        self.set_focus(None)  # 1, 2, 3 and Backspace are the screen's now, not the answer's
        self._message("How sure are you of this answer?")
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self.refresh_bindings()

    def action_sure(self, level: int) -> None:
        if self.rating:
            self._check(self._pending, level)

    def action_check_unrated(self) -> None:
        if self.rating:
            self._check(self._pending, None)

    answer_in_view_pending = False
    """A new question's answer is not yet scrolled into view (tests wait for it)."""

    def _answer_in_view(self) -> None:
        self.answer_in_view_pending = False
        widget = self.answer_widget.focus_target if self.answer_widget is not None else None
        if widget is not None and self.focused is widget and not self.can_view_entire(widget):
            self.scroll_to_center(widget, origin_visible=True, animate=False, immediate=True)

    def action_change(self) -> None:
        """Back to the answer, to change it before checking."""
        if not self.rating:
            return
        self._stop_rating()
        self._message("")
        if self.answer_widget is not None:
            target = self.answer_widget.focus_target
            target.focus()
            if isinstance(target, Input):  # back to editing the typed answer, not replacing it
                self.call_after_refresh(target.action_end)

    def _stop_rating(self) -> None:
        self.rating = False
        self._pending = None
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self.refresh_bindings()

    def _check(self, response: Any, confidence: int | None) -> None:
        """Check the answer (with how sure the learner said they were), save it, show feedback."""
        question = self.session.current
        widget = self.answer_widget
        if self.answered or question is None or widget is None:
            return
        self.rating = False
        self._pending = None
        self.learn_app.collect_after_the_frame()
        pack = self.session.current_pack
        hints_used = self.session.hints_used
        outcome = self.session.answer(response, confidence=confidence)
        self.answered = True
        # The answer's line is written to the answer log before anything is drawn (a killed app
        # or a closed terminal cannot lose it); its fsync and the summary's atomic save (10-20 ms
        # of waiting for the disk) come just after the frame with the feedback.
        self.recorder.record(self.session, pack, question, outcome, hints_used, confidence=confidence,
                             later=True)
        with self.app.batch_update():  # one frame with all of it, not a half-changed one first
            widget.show_outcome(outcome)
            self._show_feedback(question, outcome)
        # Lay out the whole screen on the next frame, not piece by piece; without a repaint of
        # the whole screen (a frame that drew every line again, the title and footer included),
        # as what changed marks itself to be drawn.
        self.refresh(layout=True, repaint=False)
        self.call_after_refresh(self.recorder.save_pending)
        # Nothing keeps the focus once the answer is locked (the screen's ↑ ↓ then scroll the
        # feedback; focusing the body instead restyled everything in it, 6-14 ms). The answer
        # lets go of it just after the frame with the feedback: losing the focus restyles the
        # answer's rows (about 4 ms), and disabling a typed answer's box restyles it (3-4 ms),
        # which the feedback need not wait for (the box refuses keys until then).
        self.call_after_refresh(self._after_the_feedback_frame)

    async def action_undo(self) -> None:
        """Take the answer back (in the session and the progress file) and ask the question again."""
        if not self.answered or not self.recorder.undo(self.session):
            return
        await self.show_question(again=True)
        track = self.track
        if track is None:
            track = self.store.settings.track if self.store is not None else "self"
        taken = self.session.current_taken_back  # a wrong answer: the next one is marked given again
        self._message(taken_back_words(track == "course" and taken and self.session.whole_quiz,
                                       marked=taken and self.store is not None))

    def action_overrule(self) -> None:
        """ "I was right": the typed answer counts as right (saved as overruled)."""
        question = self.session.current
        if not self.answered or question is None:
            return
        outcome = self.recorder.overrule(self.session)
        if outcome is None:
            return
        with self.app.batch_update():
            if self.answer_widget is not None:
                self.answer_widget.show_outcome(outcome)
            self._show_feedback(question, outcome)
            self._move_bar()

    def _after_the_feedback_frame(self) -> None:
        """What the frame with the feedback did not wait for: the answer's own (a typed answer's
        box disabled), and the answer letting go of the focus. (Nothing, if a key since then has
        taken the answer back or gone on.)"""
        widget = self.answer_widget
        if not self.answered or widget is None:
            return
        self._move_bar()
        widget.after_feedback_drawn()
        focused = self.focused
        if focused is not None and (focused is widget or widget in focused.ancestors):
            self.set_focus(None)

    def _show_feedback(self, question, outcome) -> None:
        self._message("")
        record = self.session.current_record
        # The answered question already counts as done; skipped ones wait in the queue.
        self._part("#quiz-feedback", FeedbackPanel).show(
            question,
            outcome,
            shown=self.session.presentation,
            where=where_to_read(self.learn_app.library, question.lesson, question.section),
            last=self.session.total - self.session.done_count <= 0,
            confidence=record.confidence if record is not None else None,
            overruled=bool(record is not None and record.overruled),
            cbm=self.session.marking == "cbm",
        )
        # The bar moves just after the feedback's frame (_after_the_feedback_frame): that frame
        # hardly ever drew it anyway (its update reached the screen after the layout that draws
        # the feedback in 124 of the 125 built-in answers), and moving it was the bar's watchers,
        # its estimate of the time left and three refreshes: CPU the verdict waited for.
        self._update_position(bar=False)
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self._scroll_to_feedback()
        self.refresh_bindings()
        # In a browser, a screen reader hears the verdict and the feedback (the page's own
        # reading of the redrawn screen starts with "Too much output to announce").
        if self.learn_app.announcing:
            self.learn_app.announce(self._part("#quiz-feedback", FeedbackPanel).spoken)

    def _scroll_to_feedback(self) -> None:
        """Bring the feedback into view with "Right" / "Not quite" as high as it can go.

        Scrolling the verdict to the top (as far as the body can scroll) shows the whole feedback
        when it fits, and its beginning when it is taller than the window. The body does it once
        its new size is known (see :class:`QuizBody`).
        """
        body = self._part("#quiz-body", QuizBody)
        body.feedback_pending = True
        self.set_timer(0.25, body.show_feedback)  # in case no size changed

    # --- the end ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Record how the attempt ended and show the results."""
        result = self.session.result()
        full_pack = self.pack
        self.recorder.finish(self.session, result)
        from learnmeta.app.screens.results import ResultsScreen

        track = self.track
        if track is None:
            track = self.store.settings.track if self.store is not None else "self"
        self.app.switch_screen(
            ResultsScreen(
                result,
                pack=full_pack,
                track=track,
                mode=self.mode,
                whole_quiz=self.session.whole_quiz,
                store=self.store,
                title=self.quiz_title,
                preview=self.preview,
                back=self.back,
            )
        )

    # A short answer's box keeps Enter to itself; the screen hears about it from the widget.
    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
