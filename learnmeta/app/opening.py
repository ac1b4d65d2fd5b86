"""What a screen reader in the browser hears as a screen opens (`learnmeta serve` only).

xterm.js reads out a redrawn screen as a jumble of its characters, or says "Too much output to
announce": a learner who cannot see it did not know that "Who is learning?", the welcome, home,
Settings or Help had opened, nor which part of it the keys now act on. Each of those screens
says, when it opens and when the learner comes back to it, what it is and where the focus is, in
a few calm words ("Home: 3 lessons, 2 quizzes. Nothing is due for review today. On the button
Start: What metastatic cancer is."), through :meth:`LearnApp.announce
<learnmeta.app.app.LearnApp.announce>` and so :func:`learnmeta.app.announce.spoken`, the one
sanitiser (names, titles and labels come from packs and learners).

:func:`learnmeta.app.screens.base.announce_opening` asks :func:`opening_words` for them, and only
when the app is announcing (in a terminal, this module is not even imported). Each screen says
which words are its own where it is defined (:class:`learnmeta.app.screens.base.Spoken`: its
``spoken_opening``, which calls the function here that makes them, and ``SPEAKS_FOR_ITSELF``
for the quiz, the exam, a lesson and the results), so a subclass of a screen says what it says.
The words are made once the screen's frame is drawn, so the focus is where Textual put it.
"""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select

from learnmeta.app.screens.base import Spoken
from learnmeta.app.widgets.toggles import ClearCheckbox


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _plain(thing: object) -> str:
    """A label or prompt (a Content, a rich Text, a str) as its plain words, without the "▶ "
    marker the lists draw before the highlighted row."""
    text = getattr(thing, "plain", None)
    words = text if isinstance(text, str) else str(thing)
    return " ".join(words.split()).removeprefix("▶ ").strip()


def where_focus_is(widget: Widget | None) -> str:
    """The focused widget in words: "On the button Start learning.", "In the box Your name.",
    "On Ann Lee, 1 of 3."; "" for anything else (a scrolling part, nothing focused)."""
    if widget is None:
        return ""
    if isinstance(widget, Button):
        return f"On the button {_plain(widget.label)}."
    if isinstance(widget, OptionList):
        index = widget.highlighted
        if index is None or not widget.option_count:
            return ""
        prompt = _plain(widget.get_option_at_index(index).prompt)
        return f"On {prompt}, {index + 1} of {widget.option_count}."
    if isinstance(widget, Input):
        # the label above the box says what it is for ("Your name (optional ...):")
        siblings = list(widget.parent.children) if widget.parent is not None else []
        index = siblings.index(widget) if widget in siblings else 0
        above = siblings[index - 1] if index > 0 else None
        what = (_plain(above.content).removesuffix(":") if isinstance(above, Label)
                else widget.placeholder or "for text")
        filled = "empty" if not widget.value else ("filled in" if widget.password else widget.value)
        return f"In the box {_plain(what)}: {filled}."
    if isinstance(widget, ClearCheckbox):
        return f"On the tick box {_plain(widget.label)}: {'ticked' if widget.value else 'not ticked'}."
    if isinstance(widget, Select):
        chosen = widget.selection
        label = next((_plain(prompt) for prompt, value in getattr(widget, "_options", [])
                      if value == chosen), "")
        return f"On the list {label}: Enter opens it." if label else ""
    return ""


def who_words(screen) -> str:
    """ "Who is learning?": the learners listed (the arrows are on one), or the box to type in."""
    names = getattr(screen, "_names", [])
    focus = where_focus_is(screen.focused)
    if names:
        return (f"Who is learning? {_count(len(names), 'learner')} on this computer. {focus} "
                "Up and down arrows choose your name, Enter starts; Tab goes to the box for a "
                "new learner.")
    if screen.roster.needs_pin:
        return f"Who is learning? Type your name, then press Enter for your PIN. {focus}"
    return f"Who is learning? Type a new learner's name, then press Enter. {focus}"


def welcome_words(screen) -> str:
    """The welcome: what it is, that it is not medical advice, the name box, Escape skips."""
    return ("Welcome to learnmeta, for learning about metastatic cancer. This is general "
            "information, not medical advice. " + where_focus_is(screen.focused)
            + " Your name is optional. Enter goes on; Escape skips the welcome.")


def home_words(screen) -> str:
    """Home: how many lessons (done) and quizzes, review, and where the focus is (Continue's
    button at first: what Enter does)."""
    app = screen.learn_app
    library, store = app.library, app.store
    lessons = library.lessons
    done = sum(1 for lesson in lessons if store.lesson_state(lesson.id).completed)
    said = f"Home: {_count(len(lessons), 'lesson')}"
    if done:
        said += f", {done} done"
    said += f"; {_count(len(library.packs), 'quiz', 'quizzes')}."
    review = screen.query("#review").results(Button)
    for button in review:
        said += f" {_plain(button.label).removesuffix(' (r)')}."
    return f"{said} {where_focus_is(screen.focused)}"


def settings_words(screen) -> str:
    """Settings: saved as they are made, and where the focus is (the colours' list at first)."""
    return (f"Settings. Each change is saved as it is made. {where_focus_is(screen.focused)} "
            "Tab moves on; Escape goes back.")


def help_words(screen) -> str:
    """Help: the keys, and which screen's keys it opened at."""
    at = getattr(screen, "opened_at", None)
    where = f"It opens at the keys of {at}." if at else "It opens at the keys used everywhere."
    return (f"Help: keys. {where} Up and down arrows, Page Up and Page Down scroll; "
            "Escape goes back.")


def notice_words(screen) -> str:
    """A notice to read at one's own pace (a damaged file kept aside, a second window): its
    title, its messages, and the button."""
    from learnmeta.app.announce import sentences

    return sentences(screen.title_text, *screen.messages, where_focus_is(screen.focused))


def confirm_words(screen) -> str:
    """A question asked before going on (leave the quiz? reset?): the question and the button."""
    from learnmeta.app.announce import sentences

    return sentences(screen.question, where_focus_is(screen.focused))


def title_words(screen) -> str:
    """Any other screen of ours with a title bar (the glossary, Your progress, Past results, My
    questions, the spread map...): its title and where the focus is."""
    from learnmeta.app.announce import sentences
    from learnmeta.app.widgets.frame import TitleBar

    for bar in screen.query(TitleBar).results(TitleBar):
        return sentences(_plain(bar.content), where_focus_is(screen.focused))
    return ""


def page_terms_words(screen) -> str:
    """The words of a lesson page (g): how many, which, and how to close it."""
    terms = [term.term for term in getattr(screen, "terms", [])]
    if not terms:
        return "Words on this page: none from the glossary. g or Escape closes."
    return (f"Words on this page: {_count(len(terms), 'word')}: {', '.join(terms)}. Up and down arrows "
            "scroll; g or Escape closes.")


def exam_questions_words(screen) -> str:
    """The exam's list of questions: what is answered, and where the arrows are."""
    from learnmeta.app.announce import sentences

    overview = screen.query("#exam-overview").results()
    head = next((_plain(getattr(part, "content", "")) for part in overview), "")
    return sentences("The exam's questions", head, where_focus_is(screen.focused),
                     "Enter goes to the question; s submits; Escape goes back")


def too_small_words(screen) -> str:
    """The window is smaller than the screen under it can serve (a phone's, a zoomed page)."""
    from learnmeta.app.screens.too_small import too_small_text

    width, height = screen.needed
    return too_small_text(width, height)


def palette_words(screen) -> str:
    """The command palette (Ctrl+P), Textual's own, and the command highlighted if its list
    has filled already (else that is said as it fills: LearnApp.on_command_palette_option_highlighted)."""
    from textual.command import CommandList

    said = ("Commands: type to search; up and down arrows choose; Enter runs the command; "
            "Escape closes.")
    lists = screen.query(CommandList)
    highlighted = where_focus_is(lists.first()) if lists else ""
    return f"{said} {highlighted}" if highlighted else said


def back_words(screen) -> str:
    """A quiz or a lesson come back to (from Help, a question before going on): its title, and
    the question or the page it is at, in the words it said when it showed them."""
    from learnmeta.app.announce import sentences
    from learnmeta.content.text import without_emphasis_marks

    said = title_words(screen)
    position = getattr(screen, "_shown_position", "")
    session = getattr(screen, "session", None)
    question = getattr(session, "current", None)
    if position and question is not None:  # a quiz, a review or an exam
        return sentences(said, position, without_emphasis_marks(question.prompt))
    lesson = getattr(screen, "lesson", None)
    if lesson is not None and hasattr(screen, "page_count"):
        if screen.at_end:
            return sentences(said, "Key points")
        return sentences(said, f"Page {screen.index + 1} of {screen.page_count}: "
                               f"{screen.page_at(screen.index).title}")
    return said


def speaks_for_itself(screen) -> bool:
    """Whether ``screen`` says what it shows as it changes (the question, the page, the
    results), as its class says (:attr:`Spoken.SPEAKS_FOR_ITSELF
    <learnmeta.app.screens.base.Spoken.SPEAKS_FOR_ITSELF>`, which a subclass inherits): then
    nothing more is said as it opens or as the focus moves on it."""
    return isinstance(screen, Spoken) and screen.SPEAKS_FOR_ITSELF


def opening_words(screen, again: bool = False) -> str:
    """What ``screen`` says as it opens (``again``: as the learner comes back to it): the words
    its class says (:meth:`~learnmeta.app.screens.base.Spoken.spoken_opening`, inherited by a
    subclass; its title and where the focus is unless it says more), the command palette's
    (Textual's own), else its title. A screen that speaks for itself says nothing as
    it opens, and its title and where the learner is when the learner comes back to it (from
    Help, a question before going on)."""
    if speaks_for_itself(screen):
        return back_words(screen) if again else ""
    if isinstance(screen, Spoken):
        return screen.spoken_opening()
    if isinstance(screen, CommandPalette):
        return palette_words(screen)
    return title_words(screen)
