"""The floors for an answer and a page turn: bare Textual apps doing the same drawing (issue 20).

Run in the same pseudo-terminal as learnmeta's session (``python benchmarks/child.py MODE``),
with the same timing (a hook on ``App._display``; a key sent as the terminal driver sends it,
after the screen has been still for 0.4 s; its effect complete when 50 ms pass with no frame):

``bare-answer``
    A question (a built-in question's prompt and its choices, in a scrolling body between a
    Header and a Footer). On Enter it mounts, under the question, a bordered block of wrapped
    text of about 12 lines (the question's own explanation, made up to that length); timed from
    the key to the first frame with the block on screen, as ``answer_p95_ms`` is timed to the
    first frame with the verdict. Then ``n`` removes it and shows the next question (sent at
    once, untimed, as learnmeta's session presses Enter to go on).
``bare-pages``
    Each built-in lesson's pages, each one rendered once into a ``Markdown`` widget when the
    lesson opens, as learnmeta's lesson screen does; → hides the page shown and shows the next
    (with its title in a Static above it), timed to the last frame the key causes, as
    ``page_turn_p95_ms`` is.

Neither saves anything or has more than a Header, a Footer and what is said here: they are what
Textual itself needs for the same drawing.
"""

from __future__ import annotations

import asyncio
import os
import textwrap
import time

QUIET = 0.05
THINK = 0.4
READING = 0.3
FEEDBACK_LINES = 12
WIDTH = 74
"""The width the feedback's text wraps to in an 80-column terminal (inside a border and padding)."""


def _feedback_text(question, fill: str) -> str:
    """About :data:`FEEDBACK_LINES` lines of text once wrapped, starting with the question's own
    explanation."""
    text = " ".join(part for part in (getattr(question, "explanation", "") or "", fill) if part)
    while len(textwrap.wrap(text, WIDTH)) < FEEDBACK_LINES:
        text += " " + fill
    return " ".join(textwrap.wrap(text, WIDTH)[:FEEDBACK_LINES])


class _Driver:
    """Frames as the app writes them, and keys timed as learnmeta's session times them."""

    def __init__(self) -> None:
        from benchmarks.child import Collections, hook_textual

        self.collections = Collections()
        self.frames: list[float] = []
        self.seen: list[float] = []
        self.watch = None
        hook_textual(self.on_frame)

    def on_frame(self, app, when: float) -> None:
        self.frames.append(when)
        if self.watch is not None and self.watch(app):
            self.seen.append(when)

    async def settle(self, started: float, until, quiet: float = QUIET) -> tuple[float, float]:
        deadline = started + 10
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            last = self.frames[-1] if self.frames else 0.0
            if last > started and until() and now - last >= quiet:
                first = next((t for t in self.seen if t > started), None) if self.watch else last
                if first is None:
                    raise SystemExit("the key's result never showed on screen")
                return (first - started) * 1000, (last - started) * 1000
            if now > deadline:
                raise SystemExit("no frame after a key")

    async def key(self, app, key: str, until, shown=None, think: bool = True) -> tuple[float, float]:
        """Send ``key``, after the screen has been still for :data:`THINK` (unless ``think`` is
        false: an untimed key, sent at once as learnmeta's session sends its untimed keys)."""
        from textual import events

        while think and self.frames and time.perf_counter() - self.frames[-1] < THINK:
            await asyncio.sleep(0.005)
        self.frames.clear()
        self.seen.clear()
        self.watch = shown
        self.collections.mark()
        started = time.perf_counter()
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)
        try:
            return await self.settle(started, until)
        finally:
            self.watch = None


def bare_answer() -> int:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.content import Content
    from textual.widgets import Footer, Header, Static

    from benchmarks.child import report
    from learnmeta.content.library import load_library

    quick = os.environ.get("LEARNMETA_BENCH_QUICK") == "1"
    library = load_library()
    questions = [q for pack in library.packs for q in pack.questions]
    questions = questions[:3] if quick else questions
    fill = " ".join(q.explanation or "" for q in questions[:5]) or "Text of the feedback."
    driver = _Driver()

    def prompt_of(question) -> str:
        return getattr(question, "prompt", "") or question.id

    def choices_of(question) -> str:
        """Up to four answers, one line each: with the block, all of it fits in 80x24 (the
        block is then on screen without scrolling, as the issue's bare app has it)."""
        options = getattr(question, "choices", None) or []
        lines = [f"{n}. {getattr(c, 'text', c)}"[:70] for n, c in enumerate(options[:4], 1)]
        return "\n".join(lines) or "(type an answer)"

    class BareAnswerApp(App):
        CSS = """
        #body { height: 1fr; padding: 0 1; overflow-y: scroll; }
        #prompt { margin: 1 0; text-style: bold; }
        .feedback { height: auto; border: round $success; padding: 0 1; margin-top: 1; }
        """
        BINDINGS = [("enter", "answer", "Answer"), ("n", "next", "Next"), ("q", "quit", "Quit")]

        def __init__(self) -> None:
            super().__init__()
            self.index = 0
            self.answered = False

        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll(id="body"):
                yield Static(Content(prompt_of(questions[0])[:150]), id="prompt")
                yield Static(Content(choices_of(questions[0])), id="choices")
            yield Footer()

        def action_answer(self) -> None:
            if self.answered:
                return
            self.answered = True
            block = Static(Content(_feedback_text(questions[self.index], fill)), id="feedback",
                           classes="feedback")
            self.query_one("#body").mount(block)

        def action_next(self) -> None:
            if not self.answered:
                return
            self.answered = False
            self.query_one("#feedback").remove()
            self.index = (self.index + 1) % len(questions)
            self.query_one("#prompt", Static).update(Content(prompt_of(questions[self.index])[:150]))
            self.query_one("#choices", Static).update(Content(choices_of(questions[self.index])))

    def feedback_shown(app) -> bool:
        found = app.screen.query("#feedback")
        return bool(found) and found.first() in app.screen._compositor.visible_widgets

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        for _ in questions:
            shown, settled = await driver.key(app, "enter", lambda: app.answered, shown=feedback_shown)
            report("bare_answer", shown, settled)
            driver.collections.report()
            # On to the next question at once, as learnmeta's session goes on (``pilot.press``,
            # no wait): the timed Enter after it still waits for 0.4 s of stillness.
            await driver.key(app, "n", lambda: not app.answered, think=False)

    return _run(BareAnswerApp(), script)


def bare_pages() -> int:
    from textual.app import App, ComposeResult
    from textual.containers import Vertical, VerticalScroll
    from textual.content import Content
    from textual.widgets import Footer, Header, Markdown, Static

    from benchmarks.child import report
    from learnmeta.content.library import load_library

    quick = os.environ.get("LEARNMETA_BENCH_QUICK") == "1"
    library = load_library()
    lessons = library.lessons[:1] if quick else library.lessons
    driver = _Driver()

    class BarePagesApp(App):
        CSS = """
        #reader { height: 1fr; padding: 0 1; overflow-y: scroll; }
        #heading { text-style: bold; margin: 1 0 0 0; }
        .page-body { height: auto; }
        """
        BINDINGS = [("right", "next_page", "Next"), ("q", "quit", "Quit")]

        def __init__(self) -> None:
            super().__init__()
            self.pages: list = []
            self.index = 0

        def compose(self) -> ComposeResult:
            yield Header()
            with VerticalScroll(id="reader"):
                yield Static(id="heading")
                yield Vertical(id="view")
            yield Footer()

        async def open_lesson(self, lesson) -> None:
            view = self.query_one("#view")
            await view.remove_children()
            self.pages = [page for page in lesson.pages if not page.trainee]
            self.index = 0
            bodies = [Markdown(page.body, classes="page-body", open_links=False) for page in self.pages]
            for number, body in enumerate(bodies):
                body.display = number == 0
            self.query_one("#heading", Static).update(Content(self.pages[0].title))
            await view.mount_all(bodies)

        def action_next_page(self) -> None:
            if self.index + 1 >= len(self.pages):
                return
            bodies = list(self.query_one("#view").children)
            bodies[self.index].display = False
            self.index += 1
            bodies[self.index].display = True
            self.query_one("#heading", Static).update(Content(self.pages[self.index].title))
            self.query_one("#reader", VerticalScroll).scroll_home(animate=False)

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        for lesson in lessons:
            driver.frames.clear()
            started = time.perf_counter()
            await app.open_lesson(lesson)
            await driver.settle(started, lambda: True, quiet=READING)
            for number in range(1, len(app.pages)):
                _, settled = await driver.key(app, "right", lambda n=number: app.index == n)
                report("bare_page", settled)

    return _run(BarePagesApp(), script)


def _run(app, script) -> int:
    """Run ``app`` driven by ``script``; 1 (and what went wrong, on the report pipe) if the
    script failed, which Textual's auto-pilot would otherwise leave running."""
    from benchmarks.child import report

    failed: list[str] = []

    async def guarded(pilot) -> None:
        try:
            await script(pilot)
        except BaseException as error:  # noqa: BLE001 - said, then the app ends
            failed.append(f"{type(error).__name__}: {error}")
        pilot.app.exit()

    app.run(auto_pilot=guarded)
    if failed:
        report("error", failed[0])
        return 1
    return 0


MODES = {"bare-answer": bare_answer, "bare-pages": bare_pages}
"""The child modes this module adds (``python benchmarks/child.py bare-answer``)."""


def measure_bare_answers(env: dict[str, str], quick: bool) -> list[float]:
    """One pass of the bare answer app over every built-in question: ms from each Enter to the
    first frame with the block on screen."""
    return _bare_pass("bare-answer", "bare_answer", env, quick, "the bare answer app measured no answers")


def _bare_pass(mode: str, tag: str, env: dict[str, str], quick: bool, none: str) -> list[float]:
    """One pass of a bare app (child ``mode``): the ms of each of its ``tag`` lines; exits
    saying ``none`` when it measured nothing."""
    from benchmarks.terminal import run_child

    env = dict(env)
    if quick:
        env["LEARNMETA_BENCH_QUICK"] = "1"
    _, lines, _ = run_child(mode, env, timeout=600)
    figures = [float(line[1]) for line in lines if line[0] == tag]
    if not figures:
        raise SystemExit(none)
    return figures


def measure_bare_pages(env: dict[str, str], quick: bool) -> dict:
    """The bare page app's page turns (to the last frame)."""
    import statistics

    from benchmarks.suite import percentile

    pages = _bare_pass("bare-pages", "bare_page", env, quick, "the bare page app measured no page turns")
    return {
        "bare_page_p50_ms": round(statistics.median(pages), 1),
        "bare_page_ms": round(percentile(pages, 0.95), 1),
        "bare_page_turns": len(pages),
    }
