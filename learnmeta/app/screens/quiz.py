"""The quiz screen: one question at a time, feedback at once, every answer saved as it is given.

Used for a pack's quiz, a lesson's knowledge check, practice of missed questions and the review
of due questions (``session.mode``). The screen is thin: the engine's session decides what is
asked and whether it is right; the progress store records it; the answer widgets in
:mod:`learnmeta.app.widgets.answers` take the keys.

Every answer is saved the moment it is checked (``store.record_answer``), so leaving the quiz, or
the program being killed, keeps what was answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, ProgressBar, Static

from learnmeta.app.screens.base import AppScreen, scroll_bindings
from learnmeta.app.widgets.answers import QuestionWidget, ShortAnswer, widget_for
from learnmeta.app.widgets.feedback import FeedbackPanel, QuizBody, where_to_read
from learnmeta.app.widgets.footer import FooterWithHelp
from learnmeta.app.widgets.frame import Disclaimer, TitleBar
from learnmeta.quiz.attempts import AttemptRecorder, welcome_back

if TYPE_CHECKING:
    from learnmeta.progress.store import ProgressStore
    from learnmeta.quiz.engine import ReviewSession


class QuizScreen(AppScreen):
    """One question per screen, with its feedback, hints, skip and a progress bar."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("enter", "check", "Check", show=False, tooltip="check your answer"),
        Binding("enter", "next", "Next", tooltip="after the feedback: go on to the next question"),
        Binding("n", "next", "Next", show=False, tooltip="after the feedback: go on to the next question"),
        Binding("h", "hint", "Hint", tooltip="a hint (one at a time; hints used are noted)"),
        Binding("f3", "hint_typing", "Hint", tooltip="a hint, while typing an answer"),
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
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self.store = store
        self.quiz_title = title
        self.track = track
        self.preview = preview
        """A pack file tried out (``learnmeta quiz PATH``): nothing is saved, and a note says so."""
        self.answered = False
        self.answer_widget: QuestionWidget | None = None
        self.recorder = AttemptRecorder(store, self._notice, report_save_error=True)
        """Saves the attempts and every answer (:mod:`learnmeta.quiz.attempts`)."""
        self._hints_shown: list[str] = []
        self._notices: list[str] = []
        """Notes that stay (not saving); ``_notes_once`` are shown with the next question only."""
        self._notes_once: list[str] = []
        self.pack = session.pack
        """The pack of a one-pack session (None for a review across packs)."""

    # --- layout ----------------------------------------------------------------------------
    def _refresh_layout(self, size=None, scroll: bool = False) -> None:
        """After the layout that first places an answer's feedback out of view (as it always is
        below a matching question), scroll it into view and draw again straight away. Left to the
        resize events, the scroll came a refresh later, 20-40 ms after.
        (Textual's private hook, as of textual 8.2.8, which pyproject pins.)"""
        super()._refresh_layout(size, scroll)
        if not self.answered:
            return
        body = self.query_one("#quiz-body", QuizBody)
        verdict = self.query_one("#quiz-verdict")
        if body.feedback_pending and verdict not in self._compositor.visible_widgets:
            if body.show_feedback():
                super()._refresh_layout(size, scroll=True)

    def compose(self) -> ComposeResult:
        yield TitleBar(Content(self.quiz_title), id="quiz-title")
        with Horizontal(id="quiz-top"):
            yield Static("", id="quiz-position")
            yield ProgressBar(
                total=self.session.total, show_eta=False, show_percentage=False, id="quiz-progress"
            )
        with QuizBody(id="quiz-body"):
            yield Static("", id="quiz-notice")
            yield Static("", id="quiz-from")
            yield Static("", id="quiz-prompt")
            yield Vertical(id="quiz-answer")
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

    # --- small helpers ---------------------------------------------------------------------
    def _static(self, selector: str) -> Static:
        return self.query_one(selector, Static)

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
        message.update(Content(text))
        message.display = bool(text)
        if text and self.answer_widget is not None and not self.answered:
            # The body is a line or two shorter now: keep the row being answered in view.
            self.call_after_refresh(self.answer_widget.scroll_to_cursor)

    @property
    def mode(self) -> str:
        return self.session.mode

    @property
    def typing(self) -> bool:
        """True while the learner is typing a short answer (letter keys go into the box)."""
        return isinstance(self.answer_widget, ShortAnswer) and not self.answered

    def _update_position(self) -> None:
        session = self.session
        text = f"Question {session.number} of {session.total}"
        if session.skipped_before:
            text += " (skipped before)"
        self._static("#quiz-position").update(Content(text))
        # done counts the current question once it is answered
        self.query_one(ProgressBar).update(total=session.total, progress=session.done_count)

    # --- showing a question ----------------------------------------------------------------
    async def show_question(self) -> None:
        session = self.session
        question = session.current
        if question is None:
            self.finish()
            return
        self.answered = False
        self._hints_shown = []
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
        self._static("#quiz-prompt").update(Content(question.prompt))
        self._static("#quiz-hints").display = False
        self._message("")
        self.query_one("#quiz-feedback").display = False

        holder = self.query_one("#quiz-answer", Vertical)
        await holder.remove_children()
        self.answer_widget = widget_for(question, session.presentation, id="answer")
        await holder.mount(self.answer_widget)
        self._static("#quiz-keys").update(Content(self._keys_text()))
        body = self.query_one("#quiz-body", QuizBody)
        body.feedback_pending = False
        body.can_focus = False  # a click on the prompt must not take the keys from the answer
        body.scroll_home(animate=False)
        self.answer_widget.focus_target.focus()
        self.refresh_bindings()

    @property
    def _kind(self) -> str:
        """What the learner is doing, in the words the screen's title uses: a review or a quiz."""
        return "review" if self.session.mode == "review" else "quiz"

    def _keys_text(self) -> str:
        if self.answered:
            return f"Enter goes on. r reads more about it. ↑ ↓ scroll. Esc leaves the {self._kind}."
        widget_help = self.answer_widget.keys_help() if self.answer_widget else ""
        if self.typing:
            return f"{widget_help} Esc leaves the {self._kind}."
        hint = " h hint ·" if self._has_hints() else ""
        return f"{widget_help}{hint} k skip · Esc leave"

    # --- the keys --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return not self.answered and self.answer_widget is not None
        if action in ("next", "read_more"):
            return self.answered
        if action in ("hint", "skip"):
            if self.answered or self.typing:
                return False
            if action == "hint" and not self._has_hints():
                return False
            return True
        if action in ("hint_typing", "skip_typing"):
            if not self.typing:
                return False
            if action == "hint_typing" and not self._has_hints():
                return False
            return True
        return True

    def _has_hints(self) -> bool:
        question = self.session.current
        return bool(question is not None and question.hints)

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
            current = self.session.current
            if current is not None and current.hints:
                self._message("No more hints for this question.")
            else:
                self._message("There are no hints for this question.")
            return
        self._hints_shown.append(hint)
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
        hints.display = True
        hints.scroll_visible(animate=False)
        self._message("")
        self.refresh_bindings()

    def action_hint_typing(self) -> None:
        self.action_hint()

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
            self._message("You skipped the last question again: it is left unanswered.")
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
        if question is None or not self.answered:
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
                self.learn_app.go_home()

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
        if self._static("#quiz-message").display:
            self._message("")

    @on(QuestionWidget.Submitted)
    def _submitted(self, event: QuestionWidget.Submitted) -> None:
        event.stop()
        if self.answered or self.session.current is None:
            return
        question = self.session.current
        pack = self.session.current_pack
        hints_used = self.session.hints_used
        outcome = self.session.answer(event.response)
        self.answered = True
        self.recorder.record(self.session, pack, question, outcome, hints_used)
        with self.app.batch_update():  # one frame with all of it, not a half-changed one first
            event.widget.show_outcome(outcome)
            self._show_feedback(question, outcome)
        self.refresh(layout=True)  # lay out the whole screen on the next frame, not piece by piece
        # Nothing keeps the focus once the answer is locked (the screen's ↑ ↓ then scroll the
        # feedback; focusing the body instead restyled everything in it, 6-14 ms). The answer
        # lets go of it just after the frame with the feedback: losing the focus restyles the
        # answer's rows (about 4 ms), which the feedback need not wait for.
        self.call_after_refresh(self._let_go_of_focus)

    def _let_go_of_focus(self) -> None:
        widget, focused = self.answer_widget, self.focused
        if self.answered and focused is not None and (focused is widget or widget in focused.ancestors):
            self.set_focus(None)

    def _show_feedback(self, question, outcome) -> None:
        self._message("")
        # The answered question already counts as done; skipped ones wait in the queue.
        self.query_one(FeedbackPanel).show(
            question,
            outcome,
            shown=self.session.presentation,
            where=where_to_read(self.learn_app.library, question.lesson, question.section),
            last=self.session.total - self.session.done_count <= 0,
        )
        self._update_position()
        self._static("#quiz-keys").update(Content(self._keys_text()))
        self._scroll_to_feedback()
        self.refresh_bindings()

    def _scroll_to_feedback(self) -> None:
        """Bring the feedback into view with "Right" / "Not quite" as high as it can go.

        Scrolling the verdict to the top (as far as the body can scroll) shows the whole feedback
        when it fits, and its beginning when it is taller than the window. The body does it once
        its new size is known (see :class:`QuizBody`).
        """
        body = self.query_one("#quiz-body", QuizBody)
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
            )
        )

    # A short answer's box keeps Enter to itself; the screen hears about it from the widget.
    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
