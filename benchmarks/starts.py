"""Start-up, three ways, each against the bare Textual app started alternately with it (issue 20).

* ``warm``: ``learnmeta`` for a learner who has been there before and closed the app normally
  (learnmeta's cache of what it checked last time is warm, as on every start but the first after
  an install or a change to a content file);
* ``cold``: the same learner with learnmeta's cache emptied first (after an install, an upgrade or
  an edit to a pack);
* ``kill``: a heavy learner (10,000 answers) whose app was killed (SIGKILL) just after a save,
  so nothing was written at exit: the progress file is newer than anything kept for it.

Each start is timed from starting the process to the first frame drawn once the app is ready for
keys, in an 80x24 pseudo-terminal (benchmarks/terminal.py). Rounds rotate the order of the four
kinds (bare, warm, cold, kill), so a machine that speeds up or slows down during the run is
shared by all of them; every ratio is a median over a median of the same run's bare starts.

The killed app is a real ``learnmeta`` process on the heavy learner's file: once its home screen
is drawn it records one answer as the quiz screen does (saved at once, atomically) and kills
itself (``killed`` in benchmarks/child.py), as a closed terminal or a crash would.
"""

from __future__ import annotations

import os
import shutil
import statistics
from pathlib import Path

HEAVY_ANSWERS = 10_000
"""The heavy learner of the kill case: 10,000 answers (100 quizzes of 100), as ``save_p95_ms``."""


def _ready_ms(started: float, lines: list[list[str]]) -> tuple[float, str]:
    ready = next(line for line in lines if line[0] == "ready")
    return (float(ready[1]) - started) * 1000, ready[2]


def _heavy_home(folder: Path, answers: int) -> dict[str, str]:
    """A welcomed learner with ``answers`` answers, in a data folder of its own."""
    from benchmarks.suite import _welcomed_home, learner_with_answers

    env = _welcomed_home(folder)
    previous = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        from learnmeta.progress import resolve_progress_path

        store = learner_with_answers(resolve_progress_path(None, None), answers)
        store.close()
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return env


def _kill_after_save(env: dict[str, str], round_: int) -> None:
    """Run the app on the heavy learner; it saves one more answer and is killed (SIGKILL)."""
    from benchmarks.terminal import run_child

    _, lines, _ = run_child("killed", {**env, "LEARNMETA_BENCH_ROUND": str(round_)}, timeout=120,
                            killed=True)
    if not any(line[0] == "saved" for line in lines):
        raise SystemExit("the app to be killed did not save first")


def measure_starts(folder: Path, runs: int, heavy_answers: int = HEAVY_ANSWERS) -> dict:
    """``runs`` timed rounds (after one unmeasured round) of the bare app, the warm start and the
    start after a kill; a cold start in every round too (``runs`` of them)."""
    from benchmarks.suite import _welcomed_home
    from benchmarks.terminal import run_child

    env = _welcomed_home(folder / "start")
    heavy = _heavy_home(folder / "start-heavy", heavy_answers)
    heavy_file = Path(heavy["LEARNMETA_HOME"]) / "learners"
    times: dict[str, list[float]] = {"bare": [], "warm": [], "cold": [], "kill": []}
    screens = set()
    kinds = ["bare", "warm", "cold", "kill"]
    for round_ in range(runs + 1):
        order = kinds[round_ % 4:] + kinds[:round_ % 4]
        for kind in order:
            if kind == "cold":
                shutil.rmtree(env["LEARNMETA_CACHE"], ignore_errors=True)
            if kind == "kill":
                _kill_after_save(heavy, round_)
            mode = "bare" if kind == "bare" else "learnmeta"
            started, lines, _ = run_child(mode, heavy if kind == "kill" else env, timeout=120)
            ms, screen = _ready_ms(started, lines)
            if round_:  # the first round warms the disk cache and compiled bytecode
                times[kind].append(ms)
            if kind != "bare":
                screens.add(screen)
    if screens != {"HomeScreen"}:
        raise SystemExit(f"learnmeta opened on {screens}, not its home screen")
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    bare = medians["bare"]
    return {
        "start_ratio": round(medians["warm"] / bare, 3),
        "start_ms": round(medians["warm"], 1),
        "bare_start_ms": round(bare, 1),
        "start_runs": runs,
        "start_cold_ratio": round(medians["cold"] / bare, 3),
        "start_cold_ms": round(medians["cold"], 1),
        "start_cold_runs": len(times["cold"]),
        "start_after_kill_ratio": round(medians["kill"] / bare, 3),
        "start_after_kill_ms": round(medians["kill"], 1),
        "start_after_kill_answers": heavy_answers,
        "start_after_kill_kib": round(sum(p.stat().st_size for p in heavy_file.glob("*.toml")) / 1024, 1),
    }
