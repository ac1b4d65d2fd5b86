"""The process the benchmarks start in a pseudo-terminal: ``python benchmarks/child.py MODE``.

MODE is one of:

* ``bare``: a minimal Textual app (a Header, a Static and a Footer), the floor for start-up;
* ``learnmeta``: the real command, ``learnmeta`` with no arguments, which opens the home screen;
* ``killed``: ``learnmeta``, which saves an answer once its home screen is drawn and is then
  killed (SIGKILL), leaving nothing written at exit;
* ``bare-answer``, ``bare-pages``: bare Textual apps doing the drawing of an answer's feedback
  and of a page turn (benchmarks/drawing.py);
* ``session``: learnmeta's app driven through every lesson page and every built-in question
  (pages turned and answers submitted by key events), reporting each latency and the peak memory;
  with ``LEARNMETA_BENCH_PARTS=answers``, only the questions (the later rounds of ``answer_ratio``,
  benchmarks/suite.py).

It writes what it measured as lines of ``key value...`` to the file descriptor named by
``LEARNMETA_BENCH_FD`` (a pipe the parent reads), so the terminal itself only carries the app's
output. The times are ``time.perf_counter()`` readings, which on Linux and macOS share one
monotonic clock with the parent, so the parent can subtract its own start time.

Nothing here changes what the app does: two hooks on ``textual.app.App`` note when the app is
ready for keys (``App._ready``) and when a frame has been written to the terminal
(``App._display``).
"""

from __future__ import annotations

import os
import sys
import time

_FD = int(os.environ.get("LEARNMETA_BENCH_FD", "1"))


def report(*words: object) -> None:
    os.write(_FD, (" ".join(str(w) for w in words) + "\n").encode())


def hook_textual(on_frame) -> None:
    """Call ``on_frame(app, time)`` after each frame the app writes to the terminal."""
    from textual.app import App

    display = App._display

    def timed_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            on_frame(self, time.perf_counter())

    App._display = timed_display


class Collections:
    """With ``LEARNMETA_BENCH_GC=1``, Python's cycle collections in this process, for
    benchmarks/answer_spread.py: :meth:`mark` as a timed key is sent, :meth:`report` after its
    line, which reports each middle and full collection that began since the key as
    ``collections GEN:WALL_MS/CPU_MS@MS_AFTER_THE_KEY ...`` (young ones, a fraction of a
    millisecond, are left out), then the answer's CPU time (``cpu MS``, the whole process, from
    the key to the report). Without it, nothing is hooked and both do nothing."""

    def __init__(self) -> None:
        import gc

        self.on = os.environ.get("LEARNMETA_BENCH_GC") == "1"
        self.done: list[tuple[int, float, float, float]] = []
        self.began: tuple[int, float, float] | None = None
        self.key = (0.0, 0.0)
        if self.on:
            gc.callbacks.append(self._noted)

    def _noted(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.began = (info["generation"], time.perf_counter(), time.thread_time())
        elif self.began is not None:
            generation, wall, cpu = self.began
            if generation:
                self.done.append((generation, wall, time.perf_counter() - wall, time.thread_time() - cpu))
            self.began = None

    def mark(self) -> None:
        if self.on:
            self.done.clear()
            self.key = (time.perf_counter(), time.process_time())

    def report(self) -> None:
        if self.on:
            key, cpu = self.key
            report("collections", *[f"{g}:{w * 1000:.2f}/{c * 1000:.2f}@{(at - key) * 1000:.1f}"
                                    for g, at, w, c in self.done if at >= key],
                   "cpu", f"{(time.process_time() - cpu) * 1000:.1f}")


def exit_when_ready() -> None:
    """Report the first frame written once the app is ready for keys, then leave."""
    from textual.app import App

    ready = App._ready

    async def noted_ready(self) -> None:
        await ready(self)
        self._bench_ready = True

    App._ready = noted_ready

    def on_frame(app, when: float) -> None:
        if getattr(app, "_bench_ready", False) and not getattr(app, "_bench_done", False):
            app._bench_done = True
            report("ready", when, type(app.screen).__name__, time.process_time())
            app.exit()

    hook_textual(on_frame)


def peak_rss_kib() -> int:
    """This process's peak resident memory, in KiB: ``VmHWM`` where Linux has it (the rusage
    figure also counts what the parent had when it forked this process, before the exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def killed() -> int:
    """``learnmeta`` on its home screen; once that is drawn, one answer is recorded as the quiz
    screen records it (saved at once) and the process kills itself, as a closed terminal or a
    crash ends it: nothing is written at exit (benchmarks/starts.py)."""
    import signal

    from textual.app import App

    ready = App._ready

    async def noted_ready(self) -> None:
        await ready(self)
        self._bench_ready = True

    App._ready = noted_ready
    round_ = int(os.environ.get("LEARNMETA_BENCH_ROUND", "0"))

    def on_frame(app, when: float) -> None:
        if getattr(app, "_bench_ready", False) and not getattr(app, "_bench_done", False):
            app._bench_done = True
            store = app.store
            attempt = store.start_attempt("what-is-metastatic-cancer-00", "1.2.0")
            store.record_answer("what-is-metastatic-cancer-00", "1.2.0", f"question-{round_ % 100:04d}",
                                lesson="what-is-metastatic-cancer", section="section-0",
                                response=f"answer {round_}", correct=round_ % 2 == 0, hints_used=0,
                                attempt_id=attempt)
            if store.save_error is not None or store.read_only:
                report("failed", store.save_error or "read-only")
            else:
                report("saved", time.perf_counter())
            os.kill(os.getpid(), signal.SIGKILL)

    hook_textual(on_frame)
    from learnmeta.cli import main

    return main([])


def bare() -> int:
    exit_when_ready()
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class BareApp(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello from a minimal Textual app.")
            yield Footer()

    BareApp().run()
    return 0


def learnmeta() -> int:
    exit_when_ready()
    from learnmeta.cli import main

    return main([])


def session() -> int:
    """Every lesson page, then every built-in question, with the latency of each key."""
    import asyncio

    frames: list[float] = []
    """When each frame was written."""
    seen: list[float] = []
    """When each frame was written in which ``watch`` held: what the key was for is on screen."""
    watch: list = [None]

    def on_frame(app, when: float) -> None:
        frames.append(when)
        check = watch[0]
        if check is not None and check(app):
            seen.append(when)

    hook_textual(on_frame)

    import learnmeta.cache  # noqa: F401 - the store keeps checked progress in it, as in the front ends
    from learnmeta.app.app import LearnApp
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore, resolve_progress_path

    collections = Collections()
    quick = os.environ.get("LEARNMETA_BENCH_QUICK") == "1"
    parts = os.environ.get("LEARNMETA_BENCH_PARTS", "pages,answers").split(",")
    """``pages`` (every lesson page) and ``answers`` (every question), in that order."""
    quiet = float(os.environ.get("LEARNMETA_BENCH_QUIET", "0.05"))
    """How long with no new frame before a key's effect counts as complete (seconds)."""
    READING = 0.3
    """After opening a lesson or a quiz, a learner reads before the first key: the app is idle."""
    THINK = float(os.environ.get("LEARNMETA_BENCH_THINK", "0.4"))
    """Before each timed key, the screen has been still this long: a quick reader, skimming."""
    library = load_library()
    store = ProgressStore.open(resolve_progress_path(None, None))

    def on_screen(widget_id: str):
        """A check: the widget is laid out in view on the current screen."""
        def check(app) -> bool:
            screen = app.screen
            widget = screen.query(f"#{widget_id}").first() if screen.query(f"#{widget_id}") else None
            return widget is not None and widget in screen._compositor.visible_widgets
        return check

    def first_page_shown(app) -> bool:
        """The lesson's first page is on screen with its text (its Markdown blocks mounted)."""
        screen = app.screen
        if type(screen).__name__ != "LessonScreen":
            return False
        body = screen.query("#page-body-0").first() if screen.query("#page-body-0") else None
        return body is not None and bool(body.children) and body in screen._compositor.visible_widgets

    async def settle(pilot, started: float, until, quiet: float = quiet) -> tuple[float, float]:
        """Wait for the frames a key caused. Return ms from the key to the first frame in which
        ``watch`` held (or the last frame, without one) and to the last frame."""
        deadline = started + 10
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            last = frames[-1] if frames else 0.0
            # With a check, wait for a frame in which it holds (a scroll that comes late, after
            # a pause with no frame, is late, not missing): until the deadline.
            waiting = watch[0] is not None and not any(t > started for t in seen)
            if last > started and until() and now - last >= quiet and not waiting:
                if os.environ.get("LEARNMETA_BENCH_FRAMES"):
                    report("frames", *[round((f - started) * 1000, 1) for f in frames if f > started])
                first_seen = next((t for t in seen if t > started), None) if watch[0] else last
                if first_seen is None:
                    raise SystemExit("the key's result never showed on screen")
                return (first_seen - started) * 1000, (last - started) * 1000
            if now > deadline:
                raise SystemExit(f"no frame after a key in {type(pilot.app.screen).__name__}")

    async def timed(pilot, key: str, until, shown=None) -> tuple[float, float]:
        """Send one key as the terminal driver does (``pilot.press`` would also make every widget
        on the screen answer a message before it returns, which delays the app's own work)."""
        from textual import events

        while frames and time.perf_counter() - frames[-1] < THINK:  # as a quick reader would
            await asyncio.sleep(0.005)
        frames.clear()
        seen.clear()
        watch[0] = shown
        collections.mark()
        started = time.perf_counter()
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
        try:
            return await settle(pilot, started, until)
        finally:
            watch[0] = None

    async def script(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        lessons = library.lessons[:1] if quick else library.lessons
        for lesson in lessons if "pages" in parts else []:
            frames.clear()
            seen.clear()
            watch[0] = first_page_shown
            started = time.perf_counter()
            app.open_lesson(lesson.id, lesson.pages[0].id, bookmark=False)
            shown, opened = await settle(pilot, started, lambda: type(app.screen).__name__ == "LessonScreen",
                                         quiet=READING)
            watch[0] = None
            report("open", shown, opened, lesson.id)
            screen = app.screen
            pages = lesson.pages_for(app.store.settings.track)  # trainee pages: only on the course track
            for number in range(1, len(pages) + 1):  # the last turn shows the key points
                _, settled = await timed(pilot, "right", lambda n=number: screen.index == n)
                report("page", settled, lesson.id, number)
            app.go_home()
            await pilot.pause()
        packs = library.packs[:1] if quick else library.packs
        for pack in packs if "answers" in parts else []:
            app.start_quiz(pack.id)
            await settle(pilot, time.perf_counter() - 1, lambda: type(app.screen).__name__ == "QuizScreen",
                         quiet=READING)
            screen = app.screen
            asked = 0
            while type(app.screen).__name__ == "QuizScreen" and (not quick or asked < 3):
                await choose_something(pilot, screen)
                shown, settled = await timed(pilot, "enter", lambda: screen.answered,
                                             shown=on_screen("quiz-feedback"))
                report("answer", shown, settled, pack.id, type(screen.answer_widget).__name__)
                collections.report()
                asked += 1
                frames.clear()
                started = time.perf_counter()
                await pilot.press("enter")  # on to the next question, or the results
                await settle(pilot, started, lambda: type(app.screen).__name__ != "QuizScreen"
                             or not screen.answered)
            app.go_home()
            await pilot.pause()
        report("rss_kib", peak_rss_kib())
        app.exit()

    async def choose_something(pilot, screen) -> None:
        """Give an answer (any answer) by keys, so that Enter submits it."""
        kind = type(screen.answer_widget).__name__
        if kind == "ShortAnswer":
            await pilot.press("l", "i", "v", "e", "r")
        elif kind == "Matching":
            rows = len(screen.answer_widget.question.pairs)
            for _ in range(rows):
                await pilot.press("space", "down")
        elif kind != "Ordering":
            await pilot.press("1")

    app = LearnApp(library, store, ("home",))
    try:
        app.run(auto_pilot=script)
    finally:
        store.close()
    return 0


def _more_modes() -> dict:
    """The bare apps that draw as much as an answer or a page turn (benchmarks/drawing.py)."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from benchmarks import drawing

    return drawing.MODES


if __name__ == "__main__":
    modes = {"bare": bare, "learnmeta": learnmeta, "session": session, "killed": killed}
    sys.exit((modes.get(sys.argv[1]) or _more_modes()[sys.argv[1]])())
