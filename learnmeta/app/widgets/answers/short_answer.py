"""Short answer: the learner types it; letters go into the box, so F3 and F4 give a hint and skip."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from learnmeta.app.widgets.answers.base import RIGHT, WRONG, QuestionWidget


class AnswerInput(Input):
    """The box a short answer is typed in; the footer shows that Enter checks it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Check")]

    refusing = False
    """The answer is checked and the box is not disabled yet (:meth:`ShortAnswer.show_outcome`):
    it takes no key and no paste, and claims no key, so each goes on to the screen (Enter goes on,
    u undoes...) as it does once the box is disabled and has let go of the focus."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return not self.refusing and super().check_consume_key(key, character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.refusing:
            return False  # none of the box's own keys (Enter, ← →, Backspace...): the screen's
        return super().check_action(action, parameters)

    async def _on_key(self, event: events.Key) -> None:
        if self.refusing:
            event.prevent_default()  # not typed into the box; it goes on up to the screen
        elif event.key == "enter":
            # Enter checks the answer (the binding). Input would first show its blinking cursor
            # again, and that frame, drawn before the check, held the feedback's frame back by
            # one or two refreshes (25 ms more) whenever the cursor was in its hidden half.
            event.prevent_default()

    def _on_paste(self, event: events.Paste) -> None:
        if self.refusing:
            event.prevent_default()
            event.stop()  # pasted nowhere, as with no focus


class ShortAnswer(QuestionWidget, can_focus=False):
    """Type it, then Enter; F3 a hint, F4 skip (letters go into the box)."""

    DEFAULT_CSS = """
    ShortAnswer AnswerInput { width: 1fr; max-width: 70; margin: 0 1; }
    ShortAnswer .answer-result { height: auto; padding: 0 1; }
    """

    def compose(self):
        yield AnswerInput(
            placeholder="Type your answer here", id="short-answer-input", max_length=200
        )
        yield Static("", classes="answer-result")

    @property
    def input(self) -> AnswerInput:
        return self.query_one(AnswerInput)

    @property
    def focus_target(self) -> Widget:
        return self.input

    def keys_help(self) -> str:
        hint = " F3 shows a hint," if self.question.hints else ""
        return f"Type your answer, then press Enter to check.{hint} F4 skips."

    def keys_line(self) -> str:
        if self.question.hints:
            return "Type your answer, then Enter to check. F3 hint, F4 skip."
        return "Type your answer, then Enter to check. F4 skips."

    def missing_text(self) -> str:
        return "Type an answer first (or press F4 to skip)."

    def restore(self, response) -> None:
        self._restored = response if isinstance(response, str) else ""
        if self.is_mounted:
            self.input.value = self._restored

    def on_mount(self) -> None:  # (Textual calls the base class's on_mount too)
        restored = getattr(self, "_restored", "")
        if restored:
            self.input.value = restored
            self.input.cursor_position = len(restored)

    def response(self) -> Any | None:
        text = self.input.value
        return text if text.strip() else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def show_outcome(self, outcome) -> None:
        self.locked = True
        self.outcome = outcome
        box = self.input
        # Disabling the box restyles it and its parts, and takes the focus from it, which restyles
        # the screen's focus (3-4 ms): that waits until just after the frame with the feedback
        # (after_feedback_drawn). Meanwhile the box refuses every key, which goes to the screen as
        # it will once the box is disabled.
        box.refusing = True
        symbol = RIGHT if outcome.correct else WRONG
        words = "right" if outcome.correct else "not quite"
        if outcome.typo:
            words = f"Right. It is spelled: {outcome.matched}"
        elif getattr(outcome, "overruled", False):
            words = "counted as right: you said so"
        self.query_one(".answer-result", Static).update(
            Content.assemble(f"{symbol} You typed: ", outcome.response_text, f"  ← {words}")
        )

    def after_feedback_drawn(self) -> None:
        if self.locked:
            self.input.disabled = True
