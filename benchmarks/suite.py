"""Every benchmark, side by side, with the targets of issue 7. Run ``python -m benchmarks``.

What each figure measures (docs/performance.md says more):

start_ms, bare_start_ms, start_ratio
    Process start to the first frame drawn once the app is ready for keys, in an 80x24
    pseudo-terminal: ``learnmeta`` (its home screen, for a learner who has been there before)
    against a minimal Textual app with a Header, a Static and a Footer. The two are started
    alternately, after one unmeasured start of each; medians. The learner's cache (what learnmeta
    checked at its last start: learnmeta.cache) is warm, as on any start but the first after an
    install or a change to a content file; start_cold_ms is the same with the cache emptied first.
page_turn_p50_ms, page_turn_p95_ms
    The key that turns a lesson page (→) to the last frame it causes, over every page of the
    built-in lessons (the last turn of each shows its key points), in the same terminal.
answer_p50_ms, answer_p95_ms, answer_ratio, bare_answer_ms
    The key that submits an answer (Enter) to the first frame showing its feedback, over every
    question of the built-in packs, in each of :data:`ANSWER_ROUNDS` rounds; against a bare
    Textual app that mounts a block of the same size on the same keys (benchmarks/drawing.py),
    the two taking turns in every round in a rotating order. The p95s are over every round's
    answers of each app; ``answer_round_ratios`` is each round's own ratio, and the
    ``*_first_round`` keys are the first round alone (the whole session, then the bare app: the
    figure as it was measured before rounds).
content_load_ms
    Loading and validating every built-in lesson, the glossary and every pack, cross-references
    checked: ``load_library()``, median of repeated runs in one process.
big_pack_ratio
    ``load_pack`` (read, parse, validate) on a generated pack of 10,000 questions (the built-in
    questions over and over, new ids), against ``tomllib`` parsing the same file alone.
save_p50_ms, save_p95_ms, progress_kib, save_p95_100_ms, progress_100_kib, save_ratio
    Recording one answer (appended to the answer log and fsynced, then the atomic, checked save
    of the progress file that follows every answer) for a learner who has given 100,000 answers
    to the same 100 questions (1,000 quizzes of 100), and the progress file's size; the same for a
    learner with 100 answers to those questions, and the ratios of the two p95s and of the two
    files (``progress_kib_ratio``): the answers live in the log beside the file, so neither the
    save nor the file grows with them (``answer_log_mib`` is the log). ``save_cpu_*`` is each
    save's CPU time (the fsyncs' waits left out). Several hundred saves each, in rounds in which
    the learners take turns. For information, not held to a target: ``save_p95_1000q_ms`` and
    ``progress_1000q_kib``, 100,000 answers over 1,000 different questions (10 packs): the file
    holds a line for each question answered.
peak_rss_mib
    The session above (every lesson page, every question) as one process: its peak resident
    memory (``VmHWM`` on Linux).
serve_start_ms, serve_start_ratio
    `learnmeta serve` in a headless Chromium: from asking for the page to the home screen drawn
    in it, for a browser that chose its learner before (``serve_first_visit_ms``: one that never
    came, through "Who is learning?" with Enter pressed at once), against the terminal start
    measured alternately with it (benchmarks/serve.py). Left out, with ``serve_skipped`` saying
    why, where Chromium or Playwright is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from learnmeta import gcpause

SERVE_TARGET = 2.0
"""The browser start may take this many times the terminal start: the page, its scripts and the
websocket come on top of the same app process, and one more screen ("Who is learning?")."""

TARGETS = {
    "start_ratio": 1.3,
    "start_cold_ratio": 1.5,
    "start_after_kill_ratio": 1.4,
    "page_turn_p95_ms": 100,
    "page_turn_ratio": 1.5,
    "answer_p95_ms": 50,
    "answer_ratio": 1.5,
    "validate_ms": 500,
    "content_load_ms": 100,
    "big_pack_ratio": 1.2,
    "save_p95_ms": 20,
    "save_ratio": 1.5,
    "progress_kib": 1024,
    "progress_kib_ratio": 1.5,
    "peak_rss_mib": 120,
    "serve_start_ratio": SERVE_TARGET,
    "report_10k_files_s": 10.0,
    "report_10k_lrs_s": 20.0,
    "report_10k_lrs_real_s": 20.0,
}
"""Each figure must be at most this."""

FOR_INFORMATION = {
    "save_p95_1000q_ms": TARGETS["save_p95_ms"],
    "progress_1000q_kib": TARGETS["progress_kib"],
}
"""Figures shown beside a target they are not held to: the save of a learner with as many answers
over 1,000 different questions (its file holds a line for each question), against the targets of
``save_p95_ms`` and ``progress_kib``, which measure 100 questions (docs/performance.md)."""


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _welcomed_home(folder: Path) -> dict[str, str]:
    """A data folder whose learner has seen the welcome, so the app opens on its home screen, and
    a cache folder of its own (``folder/cache``: learnmeta keeps its cache outside the data
    folder, where ``LEARNMETA_CACHE`` says)."""
    env = {"LEARNMETA_HOME": str(folder), "LEARNMETA_CACHE": str(folder / "cache")}
    previous = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        from learnmeta.progress import ProgressStore, resolve_progress_path

        with ProgressStore.open(resolve_progress_path(None, None)) as store:
            store.update_settings(welcomed=True)
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return env


# --------------------------------------------------------------------------------------------
# In a terminal
# --------------------------------------------------------------------------------------------


def measure_start(folder: Path, runs: int, quick: bool = False) -> dict:
    """Warm, cold and after a kill, alternating with the bare app (benchmarks/starts.py)."""
    from benchmarks.starts import HEAVY_ANSWERS, measure_starts

    return measure_starts(folder, runs, heavy_answers=300 if quick else HEAVY_ANSWERS)


ANSWER_ROUNDS = 4
"""Rounds of ``answer_ratio``: in each, learnmeta and the bare app answer every built-in question
once, one after the other, in turns (learnmeta first in odd rounds, the bare app first in even
ones). The first round is the whole session (pages, then answers, in one process) and the bare
app right after it, as the figure was measured before rounds; ``*_first_round`` keys keep it."""


def _answer_times(lines: list[list[str]], key: str = "answer") -> tuple[list[float], list[float]]:
    """(first frame with the feedback, last frame) of each answer a child reported, in ms."""
    shown = [float(line[1]) for line in lines if line[0] == key]
    settled = [float(line[2]) for line in lines if line[0] == key]
    if not shown:
        raise SystemExit(f"a pass measured no answers ({key})")
    return shown, settled


def answer_rounds_figures(ours: list[list[float]], bare: list[list[float]]) -> dict:
    """``answer_ratio`` and its companions from each round's answer times (ms) of learnmeta
    (``ours``) and of the bare app (``bare``): the p95s over every round's answers pooled, each
    round's own ratio, and the first round's figures alone."""
    pooled_ours = [ms for round_ in ours for ms in round_]
    pooled_bare = [ms for round_ in bare for ms in round_]
    ours_p95 = [percentile(round_, 0.95) for round_ in ours]
    bare_p95 = [percentile(round_, 0.95) for round_ in bare]
    ratios = [round(a / b, 3) for a, b in zip(ours_p95, bare_p95)]
    return {
        "answer_ratio": round(percentile(pooled_ours, 0.95) / percentile(pooled_bare, 0.95), 3),
        "answer_p50_ms": round(statistics.median(pooled_ours), 1),
        "answer_p95_ms": round(percentile(pooled_ours, 0.95), 1),
        "answers": len(pooled_ours),
        "bare_answer_p50_ms": round(statistics.median(pooled_bare), 1),
        "bare_answer_ms": round(percentile(pooled_bare, 0.95), 1),
        "bare_answers": len(pooled_bare),
        "answer_rounds": len(ours),
        "answer_round_ratios": ratios,
        "answer_round_ratio_min": min(ratios),
        "answer_round_ratio_max": max(ratios),
        "answer_round_p95s_ms": [round(v, 1) for v in ours_p95],
        "bare_answer_round_p95s_ms": [round(v, 1) for v in bare_p95],
        "answer_ratio_first_round": ratios[0],
        "answer_p50_first_round_ms": round(statistics.median(ours[0]), 1),
        "answer_p95_first_round_ms": round(ours_p95[0], 1),
        "bare_answer_p50_first_round_ms": round(statistics.median(bare[0]), 1),
        "bare_answer_first_round_ms": round(bare_p95[0], 1),
    }


def measure_session(folder: Path, quick: bool, answer_rounds: int | None = None) -> dict:
    """The session (every page, every answer, peak memory) against the bare apps, then more
    rounds of answers alone for ``answer_ratio`` (:data:`ANSWER_ROUNDS`)."""
    from benchmarks.drawing import measure_bare_answers, measure_bare_pages
    from benchmarks.terminal import run_child

    rounds = answer_rounds or (2 if quick else ANSWER_ROUNDS)
    env = _welcomed_home(folder / "session")
    if quick:
        env["LEARNMETA_BENCH_QUICK"] = "1"
    _, lines, _ = run_child("session", env, timeout=600)
    pages = [float(line[1]) for line in lines if line[0] == "page"]
    shown, settled = _answer_times(lines)
    reported = [int(line[1]) for line in lines if line[0] == "rss_kib"]
    if not reported:
        raise SystemExit("the session did not report its memory")
    opens = [float(line[1]) for line in lines if line[0] == "open"]
    opens_settled = [float(line[2]) for line in lines if line[0] == "open"]
    peak = reported[-1]  # the child's own reading (see child.peak_rss_kib)
    if not pages:
        raise SystemExit("the session measured no page turns")
    ours, ours_settled = [shown], [settled]
    bare = [measure_bare_answers(env, quick)]  # right after, on the same machine
    bare_pages = measure_bare_pages(env, quick)
    orders = ["learnmeta, bare"]
    for round_ in range(1, rounds):  # answers alone, the two apps taking turns
        order = ("bare", "ours") if round_ % 2 else ("ours", "bare")
        orders.append(", ".join("learnmeta" if who == "ours" else who for who in order))
        for who in order:
            if who == "bare":
                bare.append(measure_bare_answers(env, quick))
            else:
                _, lines, _ = run_child("session", {**env, "LEARNMETA_BENCH_PARTS": "answers"}, timeout=600)
                shown, settled = _answer_times(lines)
                ours.append(shown)
                ours_settled.append(settled)
    page_p95 = percentile(pages, 0.95)
    all_settled = [ms for round_ in ours_settled for ms in round_]
    return {
        **bare_pages,
        **answer_rounds_figures(ours, bare),
        "answer_round_orders": orders,
        "page_turn_ratio": round(page_p95 / bare_pages["bare_page_ms"], 3),
        "page_turn_p50_ms": round(statistics.median(pages), 1),
        "page_turn_p95_ms": round(page_p95, 1),
        "page_turns": len(pages),
        "answer_settled_p50_ms": round(statistics.median(all_settled), 1),
        "answer_settled_p95_ms": round(percentile(all_settled, 0.95), 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "lesson_open_max_ms": round(max(opens), 1) if opens else None,
        "lesson_open_settled_max_ms": round(max(opens_settled), 1) if opens_settled else None,
    }


# --------------------------------------------------------------------------------------------
# In this process
# --------------------------------------------------------------------------------------------


def median_ms(action, runs: int) -> float:
    """The median time of ``runs`` calls of ``action``, in ms (also used by bench_*.py)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_content(runs: int) -> dict:
    from learnmeta.content.library import load_library

    started = time.perf_counter()
    library = load_library()
    first = (time.perf_counter() - started) * 1000
    errors = [p for p in library.problems if p.severity == "error"]
    if errors:
        raise SystemExit(f"the built-in content has errors: {errors[0]}")
    return {
        "content_load_ms": round(median_ms(load_library, runs), 1),
        "content_load_first_ms": round(first, 1),
    }


def write_big_pack(path: Path, count: int) -> int:
    """A pack of ``count`` questions: the built-in ones, over and over, with new ids."""
    import tomli_w

    from learnmeta.paths import quizzes_dir

    files = sorted(quizzes_dir().glob("*.toml"))
    first = tomllib.loads(files[0].read_text(encoding="utf-8"))
    questions = [q for f in files for q in tomllib.loads(f.read_text(encoding="utf-8"))["questions"]]
    data = {"schema_version": first["schema_version"], "pack": dict(first["pack"], id="big-pack"),
            "questions": [dict(questions[i % len(questions)], id=f"q{i:05d}") for i in range(count)]}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path.stat().st_size


def measure_big_pack(folder: Path, count: int, runs: int) -> dict:
    from learnmeta.content.loader import load_pack

    path = folder / "big-pack.toml"
    size = write_big_pack(path, count)
    if len(load_pack(path).questions) != count:
        raise SystemExit("the generated pack did not load whole")

    def parse_only() -> None:
        with path.open("rb") as file:
            tomllib.load(file)

    def parse_only_without_gc() -> None:
        with gcpause.paused():
            parse_only()

    ours, parse, parse_no_gc = [], [], []
    for _ in range(runs):  # alternately, so all three see the same machine
        ours.append(median_ms(lambda: load_pack(path), 1))
        parse.append(median_ms(parse_only, 1))
        parse_no_gc.append(median_ms(parse_only_without_gc, 1))
    load_ms, parse_ms = statistics.median(ours), statistics.median(parse)
    no_gc_ms = statistics.median(parse_no_gc)
    return {
        "big_pack_ratio": round(load_ms / parse_ms, 3),
        "big_pack_load_ms": round(load_ms, 1),
        "big_pack_tomllib_ms": round(parse_ms, 1),
        # load_pack pauses the cycle collector while it works; against tomllib given the same:
        "big_pack_ratio_same_gc": round(load_ms / no_gc_ms, 3),
        "big_pack_tomllib_without_gc_ms": round(no_gc_ms, 1),
        "big_pack_questions": count,
        "big_pack_kib": round(size / 1024, 1),
    }


def learner_with_answers(path: Path, answers: int, packs: int = 10):
    """An open store for a learner who has answered ``answers`` questions, saved: 100-question
    quizzes going round ``packs`` packs of 100 questions (with ``packs=1``, the same 100 questions
    again and again), every answer in the answer log beside the file."""
    from learnmeta.progress import ProgressStore
    from learnmeta.progress.model import UTC

    path.parent.mkdir(parents=True, exist_ok=True)
    store = ProgressStore.open(path)
    real_save = store._save
    store._save = lambda *args, **kwargs: True  # build quickly; the save at the end is real
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    attempt = None
    for n in range(answers):
        pack_id = f"what-is-metastatic-cancer-{(n // 100) % packs:02d}"
        if n % 100 == 0:
            attempt = store.start_attempt(pack_id, "1.2.0")
        store.record_answer(pack_id, "1.2.0", f"question-{n % 100:04d}", lesson="what-is-metastatic-cancer",
                            section=f"section-{n % 6}", response="Metastatic colon cancer",
                            correct=n % 4 != 0, hints_used=0, attempt_id=attempt,
                            when=start + dt.timedelta(minutes=n))
        if n % 100 == 99:
            store.finish_attempt(attempt, correct=75, total=100, percent=75, passed=False)
    store._save = real_save
    if not store.save():
        raise SystemExit(f"the progress could not be saved: {store.save_error}")
    return store


class _Saver:
    """One learner of the save benchmark: built and saved, then opened again as the app opens it
    (so the store holds nothing of the building), with each timed save's wall and CPU time."""

    def __init__(self, path: Path, answers: int, packs: int) -> None:
        from learnmeta.progress import ProgressStore
        from learnmeta.progress.answerlog import log_path

        self.path = path
        learner_with_answers(path, answers, packs).close()
        self.kib = path.stat().st_size / 1024  # before the timed saves: ``answers`` answers exactly
        self.log_mib = log_path(path).stat().st_size / 1024 / 1024
        self.store = ProgressStore.open(path)
        self.questions = sum(len(lines) for lines in self.store.progress.questions.values())
        if self.store.read_only:
            raise SystemExit(f"the benchmark's learner could not be opened: {self.store.notices}")
        self.store.settle()  # as the app does after its first frame
        self.attempt = self.store.start_attempt("what-is-metastatic-cancer-00", "1.2.0")
        self.count = 0
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def save(self, measured: bool = True) -> None:
        """Record one answer (to one of the same 100 questions) and save, as after an answer."""
        n, self.count = self.count, self.count + 1
        started, started_cpu = time.perf_counter(), time.process_time()
        self.store.record_answer("what-is-metastatic-cancer-00", "1.2.0", f"question-{n % 100:04d}",
                                 lesson="what-is-metastatic-cancer", section="section-0",
                                 response="Liver cancer", correct=n % 2 == 0, hints_used=0,
                                 attempt_id=self.attempt)
        cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
        if self.store.save_error is not None:
            raise SystemExit(f"a save failed: {self.store.save_error}")
        if measured:
            self.wall.append(wall * 1000)
            self.cpu.append(cpu * 1000)

    def close(self) -> None:
        self.store.close()


def measure_save(folder: Path, answers: int, saves: int, few: int = 100, rounds: int = 10) -> dict:
    """Saves for a learner with ``answers`` answers and for one with ``few``, both to the same 100
    questions (the only difference is the number of answers), and, for information, for a learner
    with ``answers`` answers over 1,000 different questions (10 packs: its progress file holds a
    line for each). ``saves`` timed saves each, in ``rounds`` rounds in which the three take turns
    in a rotating order, so a busy moment of the machine falls on all of them; wall-clock and CPU
    time (``time.process_time``: the fsyncs' waits for the disk, which dominate the wall clock,
    left out) of each."""
    many = _Saver(folder / "many" / "learner.toml", answers, packs=1)
    light = _Saver(folder / "few" / "learner.toml", few, packs=1)
    wide = _Saver(folder / "wide" / "learner.toml", answers, packs=10)
    savers = [many, light, wide]
    try:
        for saver in savers:  # unmeasured: the first saves of a store write its parts afresh
            for _ in range(5):
                saver.save(measured=False)
        per_round = max(1, saves // rounds)
        for round_ in range(rounds):
            for saver in savers[round_ % 3:] + savers[:round_ % 3]:
                for _ in range(per_round):
                    saver.save()
    finally:
        for saver in savers:
            saver.close()

    def p95(values: list[float]) -> float:
        return percentile(values, 0.95)

    return {
        "save_p50_ms": round(statistics.median(many.wall), 2),
        "save_p95_ms": round(p95(many.wall), 2),
        "save_cpu_p50_ms": round(statistics.median(many.cpu), 3),
        "save_cpu_p95_ms": round(p95(many.cpu), 3),
        "saves": len(many.wall),
        "save_rounds": rounds,
        "progress_kib": round(many.kib, 1),
        "progress_answers": answers,
        "answer_log_mib": round(many.log_mib, 2),
        "save_p50_100_ms": round(statistics.median(light.wall), 2),
        "save_p95_100_ms": round(p95(light.wall), 2),
        "save_cpu_p50_100_ms": round(statistics.median(light.cpu), 3),
        "save_cpu_p95_100_ms": round(p95(light.cpu), 3),
        "progress_100_kib": round(light.kib, 1),
        "answer_log_100_kib": round(light.log_mib * 1024, 1),
        "progress_few_answers": few,
        "save_ratio": round(p95(many.wall) / p95(light.wall), 3),
        "save_cpu_ratio": round(p95(many.cpu) / p95(light.cpu), 3),
        "progress_kib_ratio": round(many.kib / light.kib, 3),
        # For information: as many answers over 1,000 different questions (a line each).
        "save_p50_1000q_ms": round(statistics.median(wide.wall), 2),
        "save_p95_1000q_ms": round(p95(wide.wall), 2),
        "save_cpu_p95_1000q_ms": round(p95(wide.cpu), 3),
        "progress_1000q_kib": round(wide.kib, 1),
        "progress_1000q_questions": wide.questions,
        "answer_log_1000q_mib": round(wide.log_mib, 2),
    }


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def machine() -> dict:
    import textual

    from learnmeta import __version__

    return {
        "learnmeta": __version__,
        "python": platform.python_version(),
        "textual": textual.__version__,
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(),
    }


ROWS = [
    ("start_ratio", "Start-up, learnmeta / bare Textual app", "x", lambda r: f"{r['start_ms']:.0f} ms vs {r['bare_start_ms']:.0f} ms, medians of {r['start_runs']} each"),
    ("start_cold_ratio", "Start-up with an empty cache / bare", "x", lambda r: f"{r['start_cold_ms']:.0f} ms, medians of {r['start_cold_runs']}, alternating with the bare app"),
    ("start_after_kill_ratio", "Start-up after a kill / bare", "x", lambda r: f"{r['start_after_kill_ms']:.0f} ms; a learner of {r['start_after_kill_answers']:,} answers ({r['start_after_kill_kib']:,.0f} KiB), the app killed after a save"),
    ("page_turn_ratio", "Page turn p95 / bare app's", "x", lambda r: f"{r['page_turn_p95_ms']:.1f} ms vs {r['bare_page_ms']:.1f} ms (the same pages in Markdown widgets, shown in turn)"),
    ("answer_ratio", "Answer p95 / bare app's", "x", lambda r: f"{r['answer_p95_ms']:.1f} ms vs {r['bare_answer_ms']:.1f} ms (a bordered block of 12 wrapped lines mounted), {r['answers']} answers each in {r['answer_rounds']} alternating rounds; the rounds' own ratios {r['answer_round_ratio_min']:.2f}-{r['answer_round_ratio_max']:.2f}, the first round alone {r['answer_ratio_first_round']:.2f}"),
    ("page_turn_p95_ms", "Page turn, p95", "ms", lambda r: f"p50 {r['page_turn_p50_ms']:.1f} ms over {r['page_turns']} turns; a lesson's first page shown in at most {r['lesson_open_max_ms']:.0f} ms (all pages ready {r['lesson_open_settled_max_ms']:.0f})"),
    ("answer_p95_ms", "Answer to feedback shown, p95", "ms", lambda r: f"p50 {r['answer_p50_ms']:.1f} ms over {r['answers']} answers ({r['answer_rounds']} rounds); last frame p50 {r['answer_settled_p50_ms']:.0f}, p95 {r['answer_settled_p95_ms']:.0f} ms"),
    ("validate_ms", "learnmeta validate, 300 questions", "ms", lambda r: f"the whole process, median of {r['validate_runs']} ({r['validate_kib']:,.0f} KiB pack)"),
    ("content_load_ms", "Load + validate built-in content", "ms", lambda r: f"first in a process {r['content_load_first_ms']:.1f} ms"),
    ("big_pack_ratio", "Big pack, load / tomllib alone", "x", lambda r: f"{r['big_pack_load_ms']:.0f} ms vs {r['big_pack_tomllib_ms']:.0f} ms ({r['big_pack_ratio_same_gc']:.2f}x tomllib with the collector paused too), {r['big_pack_questions']:,} questions ({r['big_pack_kib']:,.0f} KiB)"),
    ("save_p95_ms", "Save after an answer, p95", "ms", lambda r: f"p50 {r['save_p50_ms']:.2f} ms over {r['saves']} saves, {r['progress_answers']:,} answers to 100 questions; CPU p95 {r['save_cpu_p95_ms']:.2f} ms"),
    ("save_ratio", "Save p95, many answers / 100 answers", "x", lambda r: f"{r['save_p95_ms']:.2f} ms at {r['progress_answers']:,} answers vs {r['save_p95_100_ms']:.2f} ms at {r['progress_few_answers']:,}, the same 100 questions; CPU p95 {r['save_cpu_p95_ms']:.2f} vs {r['save_cpu_p95_100_ms']:.2f} ms ({r['save_cpu_ratio']:.2f} x); {r['saves']} saves each, {r['save_rounds']} rounds"),
    ("progress_kib", "Progress file size", "KiB", lambda r: f"{r['progress_answers']:,} answers to 100 questions; the answer log beside it {r['answer_log_mib']:,.1f} MiB"),
    ("progress_kib_ratio", "Progress file, many answers / 100", "x", lambda r: f"{r['progress_kib']:,.1f} KiB at {r['progress_answers']:,} answers vs {r['progress_100_kib']:,.1f} KiB at {r['progress_few_answers']:,}, the same 100 questions"),
    ("save_p95_1000q_ms", "Save p95, 1,000 different questions", "ms", lambda r: f"for information: {r['progress_answers']:,} answers over {r['progress_1000q_questions']:,} different questions, a line each in the file; p50 {r['save_p50_1000q_ms']:.2f} ms, CPU p95 {r['save_cpu_p95_1000q_ms']:.2f} ms"),
    ("progress_1000q_kib", "Progress file, 1,000 questions", "KiB", lambda r: f"for information: the same learner; the answer log beside it {r['answer_log_1000q_mib']:,.1f} MiB"),
    ("peak_rss_mib", "Peak memory, lesson + quiz session", "MiB", lambda r: "every page and every question"),
    ("report_10k_files_s", "Class report, 10,000 learners' files", "s", lambda r: _class_note(r, "files")),
    ("report_10k_lrs_s", "Class report, 10,000 learners, LRS", "s", lambda r: _class_note(r, "lrs")),
    ("report_10k_lrs_real_s", "Class report, 10,000 learners, Ralph", "s", lambda r: _class_note(r, "lrs_real")),
    ("serve_start_ratio", "Browser start / terminal start", "x", lambda r: f"{r['serve_start_ms']:.0f} ms vs {r['serve_terminal_start_ms']:.0f} ms, medians of {r['serve_runs']}, a browser that was here before; a first visit {r['serve_first_visit_ms']:.0f} ms ({r['serve_first_visit_ratio']:.2f} x; \"Who is learning?\" drawn at {r['serve_who_ms']:.0f} ms); home in the screen-reader copy at {r['serve_start_reader_ms']:.0f} ms"),
]


def _class_note(results: dict, source: str) -> str:
    """The notes of the class report's rows (benchmarks/bench_class_report.py)."""
    if "report_class_learners" in results:
        return f"{results['report_class_learners']} learners (--quick)"
    note = (f"CPU {results['report_10k_' + source + '_cpu_s']:.1f} s, peak {results['report_10k_' + source + '_peak_mib']:.0f} MiB;"
            f" 1,000 learners {results.get('report_1k_' + source + '_s', 0):.1f} s")
    if source == "lrs":
        note += f"; {results['report_10k_statements']:,} statements from an LRS answering from memory"
    if source == "lrs_real":
        note = (f"CPU {results['report_10k_lrs_real_cpu_s']:.1f} s, peak {results['report_10k_lrs_real_peak_mib']:.0f} MiB;"
                f" {results['report_lrs_real']}; sending the statements took {results['report_10k_lrs_real_send_s']:.0f} s")
        if "report_10k_lrs_real_ralph_cpu_s" in results:
            note += f"; Ralph's CPU meanwhile {results['report_10k_lrs_real_ralph_cpu_s']:.1f} s"
    return note


def table(results: dict) -> str:
    info = results["machine"]
    lines = [
        f"learnmeta {info['learnmeta']} benchmarks: Python {info['python']}, Textual {info['textual']}, "
        f"{info['system']}, {info['cpus']} CPUs, {info['date']}",
        "",
        f"{'figure':38} {'result':>9} {'target':>9}         notes",
    ]
    for key, label, unit, notes in ROWS:
        if key not in results:
            continue
        value, target = results[key], TARGETS.get(key, FOR_INFORMATION.get(key))
        shown = f"{value:.2f}" if unit == "x" else f"{value:,.1f}"
        verdict = "ok" if value <= target else "MISSED"
        if key in FOR_INFORMATION:
            verdict = "(info)" if value <= target else "(over)"
        lines.append(f"{label:38} {shown:>7} {unit:<3} <= {target:<4} {verdict:7} {notes(results)}")
    if "report_10k_lrs_real_skipped" in results:
        lines.append(f"{'Class report, 10,000 learners, Ralph':38} {'-':>9} {'':9}         not measured: "
                     f"{results['report_10k_lrs_real_skipped']}")
    if "serve_skipped" in results:
        lines.append(f"{'Browser start / terminal start':38} {'-':>9} {'':9}         not measured: {results['serve_skipped']}")
    missed = [key for key in TARGETS if key in results and results[key] > TARGETS[key]]
    lines.append("")
    lines.append("Every target met." if not missed else f"Targets missed: {', '.join(missed)}.")
    return "\n".join(lines)


def run(quick: bool = False, start_runs: int | None = None, only: list[str] | None = None,
        answer_rounds: int | None = None) -> dict:
    results: dict = {"machine": machine()}
    parts = only or ["start", "session", "content", "validate", "big_pack", "save", "class_report", "serve"]
    previous = {name: os.environ.get(name) for name in ("LEARNMETA_HOME", "LEARNMETA_CACHE")}
    with tempfile.TemporaryDirectory(prefix="learnmeta-bench-") as tmp:
        folder = Path(tmp)
        # The learner's own data folder (and any packs added to it) and cache stay out of every
        # figure.
        os.environ["LEARNMETA_HOME"] = str(folder / "home")
        os.environ["LEARNMETA_CACHE"] = str(folder / "cache")
        # The app's own processes first, while this one is still small and the machine quiet.
        if "start" in parts:
            results.update(measure_start(folder, runs=start_runs or (1 if quick else 15), quick=quick))
        if "session" in parts:
            results.update(measure_session(folder, quick, answer_rounds))
        if "content" in parts:
            results.update(measure_content(runs=3 if quick else 15))
        if "validate" in parts:
            from benchmarks.validating import measure_validate

            results.update(measure_validate(folder, runs=1 if quick else 9))
        if "big_pack" in parts:
            results.update(measure_big_pack(folder, count=200 if quick else 10_000, runs=1 if quick else 5))
        if "save" in parts:
            results.update(measure_save(folder / "save", answers=300 if quick else 100_000,
                                        saves=10 if quick else 600, few=100, rounds=2 if quick else 12))
        if "class_report" in parts:
            from benchmarks.bench_class_report import measure as measure_class_report

            results.update(measure_class_report(folder / "class", quick))
        if "serve" in parts:
            from benchmarks.serve import measure_serve

            results.update(measure_serve(_welcomed_home(folder / "serve"), runs=1 if quick else 10))
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    results["targets"] = TARGETS
    results["for_information"] = FOR_INFORMATION
    results["missed"] = [key for key in TARGETS if key in results and results[key] > TARGETS[key]]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure learnmeta's start-up, page turns, answers, loading and saving, "
                    "against a bare Textual app and tomllib. Prints a table, or JSON with --json.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--quick", action="store_true",
                        help="a tiny run that proves every benchmark works (its figures mean nothing)")
    parser.add_argument("--start-runs", type=int, default=None, metavar="N",
                        help="starts of each app for the start-up median (default 15)")
    parser.add_argument("--answer-rounds", type=int, default=None, metavar="N",
                        help=f"rounds of answers by each app for answer_ratio (default {ANSWER_ROUNDS})")
    parser.add_argument("--only", action="append",
                        choices=["start", "session", "content", "validate", "big_pack", "save", "class_report", "serve"],
                        help="run only this part (may be given more than once)")
    args = parser.parse_args(argv)
    if args.start_runs is not None and args.start_runs < 1:
        parser.error("--start-runs must be at least 1")
    if args.answer_rounds is not None and args.answer_rounds < 1:
        parser.error("--answer-rounds must be at least 1")
    if not args.json:
        print("Running the benchmarks (about two minutes)...", file=sys.stderr, flush=True)
    try:
        results = run(quick=args.quick, start_runs=args.start_runs, only=args.only,
                      answer_rounds=args.answer_rounds)
    except Exception as error:  # a benchmark that cannot run says why, without a traceback
        print(f"benchmarks: a benchmark could not run: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
    return 0
