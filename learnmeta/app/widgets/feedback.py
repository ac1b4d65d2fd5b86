"""The feedback under a quiz question, and the scrolling body that holds it.

Everything in it is drawn from the engine's :class:`~learnmeta.quiz.engine.Outcome`: the verdict
(with the spelling when a typo was forgiven), what the learner answered (each matching line and
each place marked ✓ or ✗), the author's notes, the right answer, why, and where to read more.
"""

from __future__ import annotations

import re

from textual.containers import VerticalScroll
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Static

from learnmeta.app.announce import sentences
from learnmeta.app.safe import prompt_content
from learnmeta.app.widgets.answers import RIGHT, WRONG
from learnmeta.app.widgets.hanging import Hanging
from learnmeta.content.models import MatchingQuestion, MultipleQuestion, OrderingQuestion, ShortAnswerQuestion
from learnmeta.quiz import confidence as sureness
from learnmeta.quiz.engine import Presentation
from learnmeta.study.history import kept_pieces


def where_to_read(library, lesson_id: str, section_id: str) -> str:
    """ "Lesson title › Section title" (the ids, for a lesson the library does not have)."""
    lesson = library.lesson(lesson_id)
    if lesson is None:
        return f"{lesson_id} › {section_id}"
    page = lesson.page(section_id)
    return f"{lesson.title} › {page.title if page is not None else section_id}"


def right_answer(question, outcome) -> Content:
    """ "The right answer: ..." in words; a list, one line each, for matching and ordering."""
    label = ("The right answer:", "bold")
    if isinstance(question, MatchingQuestion):
        lines = [Content.assemble("\n  ", pair.left, " → ", pair.right) for pair in question.pairs]
        return Content.assemble(label, *lines)
    if isinstance(question, OrderingQuestion):
        lines = [Content.assemble(f"\n  {n}. ", item) for n, item in enumerate(question.items, 1)]
        return Content.assemble(label, *lines)
    return Content.assemble(label, " ", outcome.correct_answer)


def your_answer(question, outcome) -> Content:
    """ "You answered: ..." in words; for matching and ordering a list, each line marked ✓ or ✗."""
    label = ("You answered:", "bold")
    if isinstance(question, MatchingQuestion):
        lines = [
            Content.assemble(f"\n  {RIGHT if pair.correct else WRONG} ", pair.left, " → ", pair.given)
            for pair in outcome.pairs
            if pair.given is not None
        ]
        if not outcome.pairs:  # a past answer that did not read back: as it was kept
            lines = [Content.assemble("\n  ", piece) for piece in kept_pieces(question, outcome.response_text)]
        return Content.assemble(label, *lines)
    if isinstance(question, OrderingQuestion):
        lines = [
            Content.assemble(f"\n  {RIGHT if place.correct else WRONG} {number}. ", place.item)
            for number, place in enumerate(outcome.places, 1)
        ]
        if not outcome.places:
            pieces = kept_pieces(question, outcome.response_text)
            lines = [Content.assemble(f"\n  {number}. ", piece) for number, piece in enumerate(pieces, 1)]
        return Content.assemble(label, *lines)
    if isinstance(question, ShortAnswerQuestion):
        label = ("You typed:", "bold")
    return Content.assemble(label, " ", outcome.response_text)


def choice_notes(outcome, shown) -> list[Content]:
    """For a "tick all" question: one note per answer the learner ticked or that belongs.

    Each says which answer it is about and what the learner did with it, then the author's
    note, so a note like "Yes, it is another name for it" is never read as praise for a tick
    that was not given. Answers rightly left unticked need no note. ``shown``: the answers in
    the order they were shown.
    """
    notes = []
    for choice in shown:
        mark = outcome.choices[choice.id]
        if mark.chosen and mark.correct:
            symbol, did = RIGHT, "you ticked this one, and it belongs."
        elif mark.chosen:
            symbol, did = WRONG, "you ticked this one, but it does not belong."
        elif mark.correct:
            symbol, did = WRONG, "you left this one out, but it belongs too."
        else:
            continue
        line = Content.assemble(f"{symbol} ", (choice.text, "bold"), ": ", did)
        if choice.feedback:
            line = Content.assemble(line, "\n  ", choice.feedback)
        notes.append(line)
    return notes


def checked_answer(number: int, question, outcome, *, shown: Presentation, where: str) -> Content:
    """One question of a submitted exam, with all its feedback: the verdict in words (not
    answered, right or not quite), the prompt, what the learner answered, the author's notes, the
    right answer, why, and where to read about it."""
    if outcome is None:
        verdict = Content.styled(f"{WRONG} {number}. Not answered", "bold")
    elif outcome.typo:
        verdict = Content.assemble((f"{RIGHT} {number}. Right.", "bold"), " It is spelled: ", (outcome.matched, "bold"))
    elif outcome.correct:
        verdict = Content.styled(f"{RIGHT} {number}. Right", "bold")
    else:
        verdict = Content.styled(f"{WRONG} {number}. Not quite", "bold")
    parts = [verdict, prompt_content(question.prompt)]
    if outcome is not None:
        parts.append(your_answer(question, outcome))
        if isinstance(question, MultipleQuestion):
            parts.extend(choice_notes(outcome, shown.choices or question.choices))
        else:
            parts.extend(Content(text) for text in outcome.feedback if text)
    if outcome is None or not outcome.correct:
        from learnmeta.quiz.engine import correct_answer_text

        class _Right:  # right_answer() needs only the right answer's text
            correct_answer = correct_answer_text(question)

        parts.append(right_answer(question, outcome if outcome is not None else _Right()))
    parts.append(Content.assemble(("Why: ", "bold"), question.explanation))
    parts.append(Content.assemble(("Read more: ", "bold"), where))
    return Content("\n").join(parts)


_INDENTED = re.compile(rf" *(?:[{RIGHT}{WRONG}] )?(?:\d+\. )?")
"""Where the text of a line starts after what leads it: the spaces that set it in (a choice's
note, an item of "You answered" or "The right answer"), its ✓ or ✗ and its number."""

_MATCHED = re.compile(r"[^\n→]{1,40} → ")
"""After that, in a list of matches, the item and its arrow: the answer goes on under itself."""


def hung(content: Content, width: int) -> Content:
    """``content`` with each line that is set in (a note under its choice, an item of a list) or
    marked ✓ ✗ (a choice the note is about) wrapped to ``width`` so that its lines after the
    first start under its text, not at the left edge, where they would read as a line of their
    own. Other lines are left as they are."""
    lines = list(content.split("\n", allow_blank=True))  # (split's list is cached: never changed here)
    changed = False
    for number, line in enumerate(lines):
        if line.cell_length <= width:
            continue
        indent = text_start(line.plain, width)
        if indent:
            lines[number] = Hanging(line, indent).lines(width)
            changed = True
    return Content("\n").join(lines) if changed else content


def text_start(line: str, width: int) -> int:
    """Where the text of ``line`` starts, when it is set in (a note under its choice, an item of a
    list) or marked ✓ ✗, for its wrapped lines to go on under it at ``width`` cells: after its ✓ ✗
    and number, and in a list of matches after the item and its arrow when 20 cells are left.
    0 for any other line, or when fewer than 10 cells would be left."""
    if not line.startswith((" ", RIGHT, WRONG)):
        return 0
    match = _INDENTED.match(line)
    indent = match.end() if match else 0
    if indent and line.startswith(" "):
        matched = _MATCHED.match(line, indent)
        if matched and width - matched.end() >= 20:
            indent = matched.end()  # "Breast → Bones and", "         the liver"
    return indent if indent and width - indent >= 10 else 0


class WrappedOnce(Content):
    """A text that is wrapped once for a width, not twice: its height is counted from the very
    lines that are then drawn.

    Textual's ``Content`` wraps a text once to measure its height (``get_height``, without its
    styles) and again to draw it (``render_strips``); a matching question's long feedback is then
    wrapped twice in the frame that shows it. Here the lines wrapped for a width (and the
    alignment and wrapping rules) are kept and used for both. A line set in (a choice's note, an
    item of a list) goes on under its own text when it wraps (:func:`hung`). What is kept is the text cut into
    lines; each line's styles (theme colours, the "read more" click) are resolved when it is
    drawn, every time, so a theme change shows at once. A new text is a new object (nothing
    carries over from one question to the next), and another width wraps again. A selection
    (or a line padding, which Textual measures differently) goes Textual's own way.
    """

    def __init__(self, content: Content) -> None:
        super().__init__(content.plain, list(content.spans), content.cell_length, strip_control_codes=False)
        self._wrapped_for: tuple | None = None
        self._wrapped: list = []

    def _lines(self, width: int, rules, get_style) -> list:
        get_rule = rules.get
        key = (
            width,
            get_rule("text_align", "left"),
            get_rule("text_overflow", "fold"),
            get_rule("text_wrap", "wrap") == "nowrap",
        )
        if key != self._wrapped_for:
            _, align, overflow, no_wrap = key
            text = hung(self, width) if not no_wrap and align in ("left", "start") else self
            self._wrapped = text._wrap_and_format(
                width, align=align, overflow=overflow, no_wrap=no_wrap, get_style=get_style
            )
            self._wrapped_for = key
        return self._wrapped

    def get_height(self, rules, width: int) -> int:
        if rules.get("line_pad", 0):
            return super().get_height(rules, width)
        return len(self._lines(width, rules, Style.parse))

    def render_strips(self, width: int, height: int | None, style: Style, options) -> list[Strip]:
        if not width:
            return []
        if options.selection is not None or options.post_style is not None or options.rules.get("line_pad", 0):
            return super().render_strips(width, height, style, options)
        lines = self._lines(width, options.rules, options.get_style)
        if height is not None:
            lines = lines[:height]
        strips = []
        for line in lines:
            line.get_style = options.get_style  # the widget's styles now (its theme), not when wrapped
            strips.append(Strip(*line.to_strip(style)))
        return strips


READ_MORE_CLICK = "@click=screen.read_more"
"""The action a click on the "read more" line runs (a style of ours on that line, never pack text)."""


class FeedbackPanel(Static):
    """What the learner gets back after answering, as one widget; it scrolls itself into view
    once laid out.

    One text, not a widget per part: each widget is styled, measured, laid out and drawn on its
    own (the panel was a container of four, then eight, and drawing them was most of the
    answer's frame). The verdict's colour is a style of its line (beside its ✓ ✗ and words), the
    parts under it are separated by a blank line as margins did, and the "read more" line runs
    the screen's ``read_more`` when clicked, as r does.
    """

    _said: tuple[Content, tuple[Content, ...]] | None = None
    """The verdict shown last and what is under it but "You answered" (:meth:`show`)."""

    @property
    def spoken(self) -> str:
        """The feedback shown last, as words to read out in a browser (LearnApp.announce): the
        verdict in words, then what is under it but "You answered" (the learner knows it), most
        useful first, as the screen has it. Made when asked, not on every answer in a terminal."""
        if self._said is None:
            return ""
        verdict, parts = self._said
        return sentences(verdict.plain.removeprefix(RIGHT).removeprefix(WRONG), *(part.plain for part in parts))

    def on_resize(self) -> None:
        body = self.parent
        if isinstance(body, QuizBody):
            body.show_feedback()

    def show(self, question, outcome, *, shown: Presentation, where: str, last: bool,
             confidence: int | None = None, overruled: bool = False, cbm: bool = False) -> None:
        """Fill in the feedback from the engine's outcome, and show it.

        ``shown``: the order the answers were shown in; ``where``: "lesson › page" that teaches
        it; ``last``: the last question, so Enter leads to the results; ``confidence``: how sure
        the learner said they were; ``overruled``: they said "I was right"; ``cbm``: the pack is
        scored with certainty-based marking (its mark is shown).
        """
        colour = "$text-success" if outcome.correct else "$text-warning"
        if overruled:
            verdict = Content.assemble((f"{RIGHT} Counted as right.", "bold"), " You said your answer was right.")
        elif outcome.typo:  # a typo forgiven: right, and kindly, the spelling
            verdict = Content.assemble((f"{RIGHT} Right.", "bold"), " It is spelled: ", (outcome.matched, "bold"))
        elif outcome.correct:
            verdict = Content.styled(f"{RIGHT} Right", "bold")
        else:
            verdict = Content.styled(f"{WRONG} Not quite", "bold")
        verdict = verdict.stylize_before(colour)
        parts = [your_answer(question, outcome)]  # under the verdict: the question may be out of view
        sure_lines = []
        if not overruled:
            line = sureness.feedback_line(outcome.correct, confidence)
            if line:
                sure_lines.append(line)
        if cbm:
            sure_lines.append(sureness.cbm_feedback(outcome.correct, confidence))
        if sure_lines:
            parts.append(Content("\n".join(sure_lines)))
        if not outcome.correct:
            parts.append(right_answer(question, outcome))
        if isinstance(question, MultipleQuestion):
            notes = choice_notes(outcome, shown.choices)
        else:
            notes = [Content(text) for text in outcome.feedback if text]
        if notes:
            parts.append(Content("\n\n").join(notes))
        parts.append(Content.assemble(("Why: ", "bold"), question.explanation))
        read_more = Content.assemble(
            ("r", "bold reverse"), "  Read more: ", (where, "underline")
        ).stylize(READ_MORE_CLICK)
        next_line = Content.assemble(("Enter", "bold reverse"), "  See your results" if last else "  Next question")
        self._said = (verdict, tuple(parts[1:]))  # read out in a browser: spoken
        self.update(WrappedOnce(Content.assemble(verdict, "\n", Content("\n\n").join([*parts, read_more, next_line]))))
        self.display = True


class QuizBody(VerticalScroll):
    """The scrolling part of the quiz: prompt, answer, hints and feedback."""

    feedback_pending = False

    def on_resize(self) -> None:
        self.show_feedback()

    def show_feedback(self) -> bool:
        """Scroll the feedback panel up to the top (as far as it goes), once, when it is laid out.
        Returns whether it scrolled now."""
        feedback = self.query_one("#quiz-feedback")
        if not self.feedback_pending:
            return False
        if not feedback.display or feedback.outer_size.height == 0:
            return False
        self.feedback_pending = False
        return bool(self.scroll_to_widget(feedback, animate=False, top=True, immediate=True))


def past_answer_lines(question, outcome) -> list[Content]:
    """The feedback for one answer of a past attempt, as lines: what the learner answered (each
    matching line or place marked ✓ ✗), the author's notes, the right answer when it was not
    right, and why. Each goes on under its own text when it wraps: see :func:`text_start`."""
    if isinstance(question, MultipleQuestion) and outcome.choices:
        shown = [choice for choice in question.choices if choice.id in outcome.choices]
        notes = choice_notes(outcome, shown)
    else:
        notes = [Content(text) for text in outcome.feedback if text]
    parts = [your_answer(question, outcome), *notes]
    if not outcome.correct:
        parts.append(right_answer(question, outcome))
    parts.append(Content.assemble(("Why: ", "bold"), question.explanation))
    return [line for part in parts for line in part.split("\n")]
