"""What one answer costs the app before its feedback is on screen, per question type (issue 20).

``python -m benchmarks.answer_costs [--runs N] [--code DIR ...] [--profile FOLDER]``

Runs every built-in quiz (no lessons) in an 80x24 pseudo-terminal, as ``benchmarks/child.py``'s
session does: an answer chosen by keys, the screen left still for 0.4 s, then Enter sent as the
terminal driver sends it. For each answer it reads ``time.process_time()`` at the key and at the
first frame written with the feedback among the visible widgets (the frame ``answer_p95_ms`` is
timed to), and at the last frame the key caused (``settled``), and reports, per question type,
the CPU medians and p95s. The wall clock is beside it, for information: on a shared machine
only the CPU is steady enough to compare two versions of the code.

``--code DIR`` (repeatable): measure the learnmeta found in each DIR (a checkout or a ``git
archive`` of another commit), alternating between them run by run, so that before and after
are measured in the same minutes. ``--profile FOLDER``: also run cProfile from each Enter to
its feedback's frame, and write one ``.pstats`` file per question type there.

It measures; it asserts nothing, and is not part of ``python -m benchmarks``.
"""

from __future__ import annotations

import os
import sys
import time

THINK = 0.4
QUIET = 0.05
READING = 0.3


# --------------------------------------------------------------------------------------------
# The child: the app in the pseudo-terminal
# --------------------------------------------------------------------------------------------


def child() -> int:  # pragma: no cover - runs in the pseudo-terminal
    import asyncio
    import cProfile

    from textual import events
    from textual.app import App

    out = int(os.environ["LEARNMETA_BENCH_FD"])
    profile_dir = os.environ.get("ANSWER_COSTS_PROFILE") or None

    def report(*words: object) -> None:
        os.write(out, (" ".join(str(w) for w in words) + "\n").encode())

    frames: list[tuple[float, float]] = []
    """(wall, cpu) of each frame written."""
    seen: list[tuple[float, float]] = []
    """The frames in which the feedback was on screen."""
    watch: list = [None]
    profiler: list = [None]

    display = App._display

    def timed_display(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            stamp = (time.perf_counter(), time.process_time())
            frames.append(stamp)
            check = watch[0]
            if check is not None and check(self):
                if not seen and profiler[0] is not None:
                    profiler[0].disable()
                    profiler[0] = None
                if not seen and phases is not None:
                    phases.stop()
                seen.append(stamp)

    App._display = timed_display
    phases = _phases() if os.environ.get("ANSWER_COSTS_PHASES") else None

    import learnmeta.cache  # noqa: F401 - as the front ends do
    from learnmeta.app.app import LearnApp
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore, resolve_progress_path

    library = load_library()
    store = ProgressStore.open(resolve_progress_path(None, None))
    profiles: dict[str, cProfile.Profile] = {}

    def feedback_on_screen(app) -> bool:
        screen = app.screen
        found = screen.query("#quiz-feedback")
        return bool(found) and found.first() in screen._compositor.visible_widgets

    async def settle(started: float, until, quiet: float = QUIET) -> None:
        deadline = started + 10
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            last = frames[-1][0] if frames else 0.0
            waiting = watch[0] is not None and not seen
            if last > started and until() and now - last >= quiet and not waiting:
                return
            if now > deadline:
                raise SystemExit("no frame after a key")

    async def enter(app, kind: str, screen) -> None:
        while frames and time.perf_counter() - frames[-1][0] < THINK:
            await asyncio.sleep(0.005)
        frames.clear()
        seen.clear()
        watch[0] = feedback_on_screen
        if profile_dir:
            profiler[0] = profiles.setdefault(kind, cProfile.Profile())
        wall, cpu = time.perf_counter(), time.process_time()
        if phases is not None:
            phases.reset()
        if profiler[0] is not None:
            profiler[0].enable()
        event = events.Key("enter", None)
        event.set_sender(app)
        app._driver.send_message(event)
        try:
            await settle(wall, lambda: screen.answered)
        finally:
            watch[0] = None
            if profiler[0] is not None:
                profiler[0].disable()
                profiler[0] = None
        (shown_wall, shown_cpu), (last_wall, last_cpu) = seen[0], frames[-1]
        report("answer", kind, round((shown_cpu - cpu) * 1000, 3), round((shown_wall - wall) * 1000, 3),
               round((last_cpu - cpu) * 1000, 3), round((last_wall - wall) * 1000, 3), len(frames),
               screen.session.current.id if screen.session.current is not None else "-")
        if phases is not None:
            report("phases", kind, *[f"{name}={value}" for name, value in phases.taken.items()])

    async def choose_something(pilot, screen) -> None:
        kind = type(screen.answer_widget).__name__
        if kind == "ShortAnswer":
            await pilot.press("l", "i", "v", "e", "r")
        elif kind == "Matching":
            for _ in range(len(screen.answer_widget.question.pairs)):
                await pilot.press("space", "down")
        elif kind != "Ordering":
            await pilot.press("1")

    failed: list[str] = []

    async def script(pilot) -> None:
        try:
            app = pilot.app
            await pilot.pause()
            for pack in library.packs:
                app.start_quiz(pack.id)
                frames.clear()
                await settle(time.perf_counter() - 1, lambda: type(app.screen).__name__ == "QuizScreen",
                             quiet=READING)
                screen = app.screen
                while type(app.screen).__name__ == "QuizScreen":
                    await choose_something(pilot, screen)
                    await enter(app, type(screen.answer_widget).__name__, screen)
                    frames.clear()
                    started = time.perf_counter()
                    await pilot.press("enter")
                    await settle(started, lambda: type(app.screen).__name__ != "QuizScreen"
                                 or not screen.answered)
                app.go_home()
                await pilot.pause()
        except BaseException as error:  # noqa: BLE001 - said, then the app ends
            failed.append(f"{type(error).__name__}: {error}")
        pilot.app.exit()

    app = LearnApp(library, store, ("home",))
    try:
        app.run(auto_pilot=script)
    finally:
        store.close()
    if profile_dir:
        for kind, profile in profiles.items():
            profile.dump_stats(os.path.join(profile_dir, f"{kind}.pstats"))
    if failed:
        report("error", failed[0])
        return 1
    return 0


class _Phases:  # pragma: no cover - runs in the pseudo-terminal
    """CPU inside some functions (ms) and the widgets drawn, from a key to its feedback's frame."""

    def __init__(self) -> None:
        self.taken: dict[str, float] = {}
        self.on = False
        self.depth: dict[str, int] = {}

    def reset(self) -> None:
        self.taken = {}
        self.on = True

    def stop(self) -> None:
        self.on = False

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)
        phases = self

        def timed(*args, **kwargs):
            if not phases.on or phases.depth.get(label):
                return original(*args, **kwargs)
            phases.depth[label] = 1
            began = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                phases.depth[label] = 0
                if True:  # begun while counting: counted to its end
                    taken = (time.process_time() - began) * 1000
                    phases.taken[label] = round(phases.taken.get(label, 0.0) + taken, 3)

        setattr(owner, name, timed)

    def count(self, owner, name: str, prefix: str) -> None:
        original = getattr(owner, name)
        phases = self

        def counted(self, *args, **kwargs):
            if not phases.on:
                return original(self, *args, **kwargs)
            label = f"{prefix}:{type(self).__name__}#{self.id or ''}"
            began = time.process_time()
            try:
                return original(self, *args, **kwargs)
            finally:
                taken = (time.process_time() - began) * 1000
                phases.taken[label] = round(phases.taken.get(label, 0.0) + taken, 3)
                phases.taken[f"{label}~n"] = phases.taken.get(f"{label}~n", 0) + 1

        setattr(owner, name, counted)


def _phases(bare: bool = False) -> _Phases:  # pragma: no cover - runs in the pseudo-terminal
    import gc

    from textual._compositor import Compositor
    from textual.app import App
    from textual.css.stylesheet import Stylesheet
    from textual.widget import Widget

    phases = _Phases()
    if not bare:
        from learnmeta.app.screens.quiz import QuizScreen
        from learnmeta.app.widgets import answers
        from learnmeta.app.widgets.feedback import FeedbackPanel

        phases.wrap(QuizScreen, "_check", "check")
        phases.wrap(QuizScreen, "_show_feedback", "show_feedback")
        phases.wrap(FeedbackPanel, "show", "feedback_text")
        for widget in set(answers.WIDGETS.values()):
            phases.wrap(widget, "show_outcome", "show_outcome")
    for name in filter(None, os.environ.get("ANSWER_COSTS_WRAP", "").split(",")):
        # more functions to time: module:Class.method (or module:function)
        import importlib

        module, _, qualified = name.partition(":")
        *owner_path, attribute = qualified.split(".")
        owner = importlib.import_module(module)
        for part in owner_path:
            owner = getattr(owner, part)
        phases.wrap(owner, attribute, qualified)
    phases.wrap(Stylesheet, "update_nodes", "restyle")
    phases.wrap(Compositor, "reflow", "reflow")
    phases.wrap(Compositor, "reflow_visible", "reflow_visible")
    phases.wrap(Compositor, "render_update", "render")
    phases.wrap(App, "_display", "display")
    phases.count(Widget, "render_lines", "drawn")
    phases.wrap(Compositor, "_arrange_root", "arrange")
    collecting: dict[int, float] = {}

    def timed_gc(phase: str, info: dict) -> None:  # the collector's own runs, and their generation
        if phase == "start":
            collecting[0] = time.process_time()
        elif phases.on and 0 in collecting:
            label = f"gc{info.get('generation')}"
            taken = (time.process_time() - collecting.pop(0)) * 1000
            phases.taken[label] = round(phases.taken.get(label, 0.0) + taken, 3)
            phases.taken[f"{label}~n"] = phases.taken.get(f"{label}~n", 0) + 1

    gc.callbacks.append(timed_gc)
    return phases


def bare_child() -> int:  # pragma: no cover - runs in the pseudo-terminal
    """``benchmarks/drawing.py``'s bare answer app, as the benchmark runs it, with the CPU of each
    answer read the same way (from the key to the frame with its block on screen)."""
    from textual import events
    from textual.app import App

    import benchmarks.drawing as drawing
    from benchmarks.child import report

    stamps: list[tuple[float, float]] = []
    display = App._display

    def stamped(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            stamps.append((time.perf_counter(), time.process_time()))
            if phases is not None and getattr(self, "_costs_watch", None) and self._costs_watch(self):
                phases.stop()

    App._display = stamped
    phases = _phases(bare=True) if os.environ.get("ANSWER_COSTS_PHASES") else None

    async def key(self, app, key: str, until, shown=None, think: bool = True):
        while think and self.frames and time.perf_counter() - self.frames[-1] < drawing.THINK:
            await asyncio.sleep(0.005)
        self.frames.clear()
        self.seen.clear()
        self.watch = shown
        app._costs_watch = shown
        if phases is not None and shown is not None:
            phases.reset()
        started, cpu = time.perf_counter(), time.process_time()
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)
        try:
            result = await self.settle(started, until)
        finally:
            self.watch = None
            app._costs_watch = None
        if shown is not None:
            first = next(t for t in self.seen if t > started)
            shown_wall, shown_cpu = [stamp for stamp in stamps if stamp[0] <= first][-1]
            last_wall, last_cpu = stamps[-1]
            report("answer", "Bare", round((shown_cpu - cpu) * 1000, 3), round((shown_wall - started) * 1000, 3),
                   round((last_cpu - cpu) * 1000, 3), round((last_wall - started) * 1000, 3), len(self.frames))
            if phases is not None:
                report("phases", "Bare", *[f"{name}={value}" for name, value in phases.taken.items()])
        return result

    import asyncio

    drawing._Driver.key = key
    return drawing.bare_answer()


# --------------------------------------------------------------------------------------------
# The parent
# --------------------------------------------------------------------------------------------


def run_once(code: str, home: str, profile_dir: str | None, phases: bool = False,
             mode: str = "answer-costs") -> list[list[str]]:
    import benchmarks.terminal as terminal

    env = {"LEARNMETA_HOME": home, "LEARNMETA_CACHE": os.path.join(home, "cache"),
           "PYTHONPATH": os.path.abspath(code)}
    if phases:
        env["ANSWER_COSTS_PHASES"] = "1"
    if profile_dir:
        os.makedirs(profile_dir, exist_ok=True)
        env["ANSWER_COSTS_PROFILE"] = os.path.abspath(profile_dir)
    here = terminal.CHILD
    terminal.CHILD = __file__  # this module, as the child (terminal.run_child's pseudo-terminal)
    try:
        _, lines, _ = terminal.run_child(mode, env, timeout=900)
    finally:
        terminal.CHILD = here
    errors = [line for line in lines if line[0] == "error"]
    if errors:
        raise SystemExit(" ".join(errors[0][1:]))
    return [line for line in lines if line[0] in ("answer", "phases")]


def summary(rows: list[list[str]]) -> dict[str, dict[str, float]]:
    import statistics

    from benchmarks.suite import percentile

    kinds: dict[str, list[list[str]]] = {}
    phases: dict[str, dict[str, list[float]]] = {}
    for row in rows:
        if row[0] == "phases":
            for kind in (row[1], "all"):
                found = phases.setdefault(kind, {})
                for item in row[2:]:
                    name, _, value = item.rpartition("=")
                    found.setdefault(name, []).append(float(value))
            continue
        kinds.setdefault(row[1], []).append(row)
        kinds.setdefault("all", []).append(row)
    result = {}
    for kind, found in sorted(kinds.items()):
        cpu = [float(r[2]) for r in found]
        wall = [float(r[3]) for r in found]
        settled_cpu = [float(r[4]) for r in found]
        result[kind] = {
            "slowest": [f"{r[-1] if len(r) > 7 else '?'} {float(r[2]):.1f}" for r in sorted(found, key=lambda r: -float(r[2]))[:8]]
            if kind == "all" else [],
            "n": len(found),
            "cpu_p50": round(statistics.median(cpu), 2), "cpu_p95": round(percentile(cpu, 0.95), 2),
            "cpu_max": round(max(cpu), 2),
            "wall_p50": round(statistics.median(wall), 2), "wall_p95": round(percentile(wall, 0.95), 2),
            "settled_cpu_p50": round(statistics.median(settled_cpu), 2),
        }
        if kind in phases:  # each phase's mean per answer (answers without it count 0)
            result[kind]["phases"] = {name: round(sum(values) / len(found), 2)
                                      for name, values in sorted(phases[kind].items())}
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m benchmarks.answer_costs", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each code (alternating)")
    parser.add_argument("--code", action="append", help="a folder holding the learnmeta to measure")
    parser.add_argument("--profile", help="write cProfile statistics per question type here")
    parser.add_argument("--phases", action="store_true",
                        help="CPU inside our check, restyling, layout and drawing, and the widgets drawn (mean per answer)")
    parser.add_argument("--bare", action="store_true", help="measure the bare answer app too, after each run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    codes = args.code or [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
    from benchmarks.suite import _welcomed_home

    results = []
    with tempfile.TemporaryDirectory(prefix="answer-costs-") as folder:
        for run in range(args.runs):
            for number, code in enumerate(codes):
                home = os.path.join(folder, f"home-{run}-{number}")
                _welcomed_home(__import__("pathlib").Path(home))
                load = os.getloadavg()[0]
                started = time.strftime("%H:%M:%S")
                profile = os.path.join(args.profile, f"code{number}") if args.profile else None
                rows = run_once(code, home, profile, args.phases)
                if args.bare and number == len(codes) - 1:
                    rows += run_once(code, home, None, args.phases, mode="bare-costs")
                entry = {"run": run, "code": code, "at": started, "load": round(load, 2), "kinds": summary(rows)}
                results.append(entry)
                if not args.json:
                    print(f"run {run} {code} at {started} (load {load:.2f})")
                    for kind, figures in entry["kinds"].items():
                        print(f"  {kind:16} n={figures['n']:3} cpu p50 {figures['cpu_p50']:6.2f} "
                              f"p95 {figures['cpu_p95']:6.2f} max {figures['cpu_max']:6.2f} | wall p50 "
                              f"{figures['wall_p50']:6.2f} p95 {figures['wall_p95']:6.2f} | settled cpu "
                              f"p50 {figures['settled_cpu_p50']:6.2f}", flush=True)
                        if figures["slowest"]:
                            print("      slowest (CPU ms):", ", ".join(figures["slowest"]))
                        for name, value in figures.get("phases", {}).items():
                            print(f"      {name:40} {value:8.2f}")
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("answer-costs", "bare-costs"):
        sys.path.pop(0)  # the benchmarks folder: the learnmeta measured comes from PYTHONPATH
        sys.exit(child() if sys.argv[1] == "answer-costs" else bare_child())
    sys.exit(main())
