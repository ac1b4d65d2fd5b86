"""Where ``answer_ratio``'s spread comes from: both apps' answer passes with Python's cycle
collections logged (issue 20; docs/performance.md, "Answers: a steadier ratio").

    python benchmarks/answer_spread.py [ROUNDS] [--quick] [--json]

``ROUNDS`` rounds (default 2) in which learnmeta (its questions alone: ``session`` with
``LEARNMETA_BENCH_PARTS=answers``) and the bare answer app (benchmarks/drawing.py) each answer every
built-in question, taking turns in a rotating order as the rounds of ``answer_ratio`` do, in the
same pseudo-terminal with the same timing. The children run with ``LEARNMETA_BENCH_GC=1``
(``Collections`` in benchmarks/child.py), so each answer comes with the middle and full
collections made during it and its CPU time. For each pass it prints the load average around it,
p50 and p95 (nearest rank, as the benchmark takes it, and linearly interpolated), the seven
largest answers, the answers in which a full collection ran (and its CPU time), and the largest
answers without one; then each round's ratio and the ratio over the rounds pooled.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _load() -> float:
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            return float(file.read().split()[0])
    except OSError:
        return os.getloadavg()[0]


def answers_of(lines: list[list[str]]) -> list[dict]:
    """Each answer a child reported: ms to the first frame showing it, its full collections
    (``[(cpu_ms, ms_after_the_key)]``) and its CPU time."""
    found: list[dict] = []
    for line in lines:
        if line[0] in ("answer", "bare_answer"):
            found.append({"ms": float(line[1]), "full": [], "cpu": None})
        elif line[0] == "collections" and found:
            words = line[1:]
            found[-1]["cpu"] = float(words[words.index("cpu") + 1])
            for word in words[:words.index("cpu")]:
                generation, rest = word.split(":", 1)
                times, after = rest.split("@")
                if generation == "2":
                    found[-1]["full"].append((float(times.split("/")[1]), float(after)))
    return found


def describe(answers: list[dict]) -> dict:
    from benchmarks.suite import percentile

    times = [a["ms"] for a in answers]
    with_full = [i for i, a in enumerate(answers) if a["full"]]
    ordinary = sorted(a["ms"] for a in answers if not a["full"])
    cpus = [a["cpu"] for a in answers if a["cpu"] is not None]
    return {
        "answers": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "p95_linear_ms": round(statistics.quantiles(times, n=20, method="inclusive")[18], 1) if len(times) > 1 else times[0],
        "largest_ms": [round(t, 1) for t in sorted(times)[-7:]],
        "full_collections_at": [i + 1 for i in with_full],
        "full_collection_answers_ms": [round(answers[i]["ms"], 1) for i in with_full],
        "full_collection_cpu_ms": [round(cpu, 1) for i in with_full for cpu, _ in answers[i]["full"]],
        "largest_ordinary_ms": [round(t, 1) for t in ordinary[-3:]],
        "logged": all(a["cpu"] is not None for a in answers),
        "cpu_p50_ms": round(statistics.median(cpus), 1) if cpus else None,
        "cpu_p95_ms": round(percentile(cpus, 0.95), 1) if cpus else None,
    }


def measure(rounds: int, quick: bool) -> dict:
    from benchmarks.suite import _welcomed_home, percentile
    from benchmarks.terminal import run_child

    folder = Path(tempfile.mkdtemp(prefix="learnmeta-spread-"))
    os.environ["LEARNMETA_HOME"] = str(folder / "home")
    os.environ["LEARNMETA_CACHE"] = str(folder / "cache")
    env = {**_welcomed_home(folder / "session"), "LEARNMETA_BENCH_GC": "1"}
    if quick:
        env["LEARNMETA_BENCH_QUICK"] = "1"
    passes: list[dict] = []
    pooled: dict[str, list[float]] = {"learnmeta": [], "bare": []}
    ratios = []
    for round_ in range(rounds):
        order = ("bare", "learnmeta") if round_ % 2 else ("learnmeta", "bare")
        p95s = {}
        for who in order:
            before, started = _load(), time.time()
            if who == "bare":
                _, lines, _ = run_child("bare-answer", env, timeout=600)
            else:
                _, lines, _ = run_child("session", {**env, "LEARNMETA_BENCH_PARTS": "answers"}, timeout=600)
            answers = answers_of(lines)
            if not answers:
                raise SystemExit(f"{who}: no answers measured")
            pooled[who] += [a["ms"] for a in answers]
            figures = describe(answers)
            p95s[who] = figures["p95_ms"]
            passes.append({"round": round_ + 1, "app": who, "load_before": before, "load_after": _load(),
                           "seconds": round(time.time() - started), **figures})
        ratios.append(round(p95s["learnmeta"] / p95s["bare"], 3))
    ours, bare = percentile(pooled["learnmeta"], 0.95), percentile(pooled["bare"], 0.95)
    return {"passes": passes, "round_ratios": ratios, "pooled_ratio": round(ours / bare, 3),
            "pooled_p95_ms": round(ours, 1), "pooled_bare_p95_ms": round(bare, 1)}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    quick, as_json = "--quick" in args, "--json" in args
    numbers = [a for a in args if not a.startswith("--")]
    rounds = int(numbers[0]) if numbers else 2
    result = measure(rounds, quick)
    if as_json:
        print(json.dumps(result, indent=2))
        return 0
    for p in result["passes"]:
        print(f"round {p['round']} {p['app']:9} load {p['load_before']:.2f}-{p['load_after']:.2f}, {p['seconds']} s: "
              f"p50 {p['p50_ms']} ms, p95 {p['p95_ms']} (interpolated {p['p95_linear_ms']}); largest {p['largest_ms']}")
        print(f"    full collections in answers {p['full_collections_at']}: those answers {p['full_collection_answers_ms']} ms, "
              f"the collections' CPU {p['full_collection_cpu_ms']} ms; largest without one {p['largest_ordinary_ms']}; "
              f"CPU from the key to the report p50 {p['cpu_p50_ms']}, p95 {p['cpu_p95_ms']} ms")
    print(f"each round's ratio {result['round_ratios']}; pooled {result['pooled_ratio']} "
          f"({result['pooled_p95_ms']} ms against {result['pooled_bare_p95_ms']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
