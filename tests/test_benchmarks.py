"""The benchmarks work: ``python -m benchmarks --quick`` runs every one of them on a tiny input.

Nothing here asserts a speed (docs/performance.md has the figures); it proves the command a
reader of the README runs prints its table and its JSON with every figure the issue asks for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KEYS = [
    "start_ratio", "start_ms", "bare_start_ms", "start_cold_ms",
    "start_cold_ratio", "start_after_kill_ratio", "start_after_kill_ms",
    "page_turn_p50_ms", "page_turn_p95_ms", "page_turn_ratio", "bare_page_ms",
    "answer_p50_ms", "answer_p95_ms", "answer_ratio", "bare_answer_ms",
    "answer_ratio_first_round", "answer_p95_first_round_ms", "bare_answer_first_round_ms",
    "answer_round_ratio_min", "answer_round_ratio_max", "answer_rounds",
    "validate_ms",
    "content_load_ms",
    "big_pack_ratio",
    "save_p50_ms", "save_p95_ms", "progress_kib", "save_p95_100_ms", "progress_100_kib", "save_ratio",
    "save_cpu_p95_ms", "save_cpu_p95_100_ms", "save_cpu_ratio", "progress_kib_ratio", "answer_log_mib",
    "save_p95_1000q_ms", "save_cpu_p95_1000q_ms", "progress_1000q_kib",
    "peak_rss_mib",
]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the benchmarks run the app in a POSIX pseudo-terminal")


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def test_quick_json_has_every_figure_with_a_plausible_value(tmp_path):
    result = run("--json", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in KEYS:
        assert isinstance(figures[key], (int, float)), key
        assert figures[key] > 0, key
    assert figures["page_turn_p50_ms"] <= figures["page_turn_p95_ms"]
    assert figures["answer_p50_ms"] <= figures["answer_p95_ms"]
    assert figures["save_p50_ms"] <= figures["save_p95_ms"]
    assert figures["save_ratio"] == pytest.approx(figures["save_p95_ms"] / figures["save_p95_100_ms"], rel=0.01)
    assert_save_figures_are_sane(figures)
    assert figures["start_ratio"] == pytest.approx(figures["start_ms"] / figures["bare_start_ms"], rel=0.01)
    # Each new ratio is over a baseline measured in the same run (issue 20).
    assert figures["start_cold_ratio"] == pytest.approx(figures["start_cold_ms"] / figures["bare_start_ms"], rel=0.01)
    assert figures["start_after_kill_ratio"] == pytest.approx(
        figures["start_after_kill_ms"] / figures["bare_start_ms"], rel=0.01)
    assert figures["answer_ratio"] == pytest.approx(figures["answer_p95_ms"] / figures["bare_answer_ms"], rel=0.01)
    assert figures["page_turn_ratio"] == pytest.approx(figures["page_turn_p95_ms"] / figures["bare_page_ms"], rel=0.01)
    assert figures["bare_answers"] >= 2 and figures["bare_page_turns"] >= 2
    assert_answer_rounds_are_consistent(figures)
    assert figures["validate_questions"] == 300
    assert figures["page_turns"] >= 2 and figures["answers"] >= 2
    assert set(figures["targets"]) <= set(figures)
    assert figures["machine"]["python"]


def assert_answer_rounds_are_consistent(figures: dict) -> None:
    """answer_ratio is over every round's answers of each app (2 rounds with --quick, the apps
    taking turns in a rotating order); each round's own ratio, their range and the first round's
    figures (the measure before rounds) are beside it."""
    assert figures["answer_rounds"] == 2
    assert figures["answer_round_orders"] == ["learnmeta, bare", "bare, learnmeta"]
    # The same questions in every round, by both apps: 3 answers a round with --quick.
    assert figures["answers"] == figures["bare_answers"] == 2 * 3
    ratios = figures["answer_round_ratios"]
    assert len(ratios) == len(figures["answer_round_p95s_ms"]) == len(figures["bare_answer_round_p95s_ms"]) == 2
    for ratio, ours, bare in zip(ratios, figures["answer_round_p95s_ms"], figures["bare_answer_round_p95s_ms"]):
        assert ratio == pytest.approx(ours / bare, rel=0.02)
    assert (figures["answer_round_ratio_min"], figures["answer_round_ratio_max"]) == (min(ratios), max(ratios))
    assert figures["answer_ratio_first_round"] == ratios[0]
    assert figures["answer_ratio_first_round"] == pytest.approx(
        figures["answer_p95_first_round_ms"] / figures["bare_answer_first_round_ms"], rel=0.02)
    assert figures["answer_p95_first_round_ms"] == figures["answer_round_p95s_ms"][0]
    assert figures["bare_answer_first_round_ms"] == figures["bare_answer_round_p95s_ms"][0]
    # A p95 over the rounds pooled lies between the rounds' own p95s.
    for pooled, rounds in ((figures["answer_p95_ms"], figures["answer_round_p95s_ms"]),
                           (figures["bare_answer_ms"], figures["bare_answer_round_p95s_ms"])):
        assert min(rounds) <= pooled <= max(rounds)
    assert figures["answer_p50_first_round_ms"] <= figures["answer_p95_first_round_ms"]
    assert figures["bare_answer_p50_ms"] <= figures["bare_answer_ms"]


def test_answer_ratio_pools_every_rounds_answers():
    """The pooled p95 is taken over all rounds' answers of each app, not a mean of rounds' p95s;
    each round keeps its own ratio, and the first round's figures stay as they were measured."""
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.suite import answer_rounds_figures
    finally:
        sys.path.remove(str(ROOT))
    # 20 answers a round: the p95 is the 19th smallest.
    ours = [[10.0] * 18 + [30.0, 40.0], [10.0] * 20]
    bare = [[5.0] * 18 + [6.0, 50.0], [5.0] * 18 + [20.0, 20.0]]
    figures = answer_rounds_figures(ours, bare)
    assert figures["answer_round_p95s_ms"] == [30.0, 10.0]
    assert figures["bare_answer_round_p95s_ms"] == [6.0, 20.0]
    assert figures["answer_round_ratios"] == [5.0, 0.5]
    assert (figures["answer_round_ratio_min"], figures["answer_round_ratio_max"]) == (0.5, 5.0)
    # Pooled, 40 answers: the p95 is the 38th smallest: 10 for learnmeta, 20 for the bare app.
    assert figures["answer_p95_ms"] == 10.0 and figures["bare_answer_ms"] == 20.0
    assert figures["answer_ratio"] == 0.5
    assert figures["answers"] == figures["bare_answers"] == 40
    assert figures["answer_ratio_first_round"] == 5.0
    assert figures["answer_p95_first_round_ms"] == 30.0 and figures["bare_answer_first_round_ms"] == 6.0


def assert_save_figures_are_sane(figures: dict) -> None:
    """The save part compares learners who answered the same 100 questions 300 and 100 times
    (--quick), and shows one with 300 answers over 300 questions for information."""
    assert figures["save_cpu_p50_ms"] <= figures["save_cpu_p95_ms"]
    assert figures["save_cpu_ratio"] == pytest.approx(figures["save_cpu_p95_ms"] / figures["save_cpu_p95_100_ms"], rel=0.01)
    assert figures["progress_kib_ratio"] == pytest.approx(figures["progress_kib"] / figures["progress_100_kib"], rel=0.01)
    assert figures["progress_answers"] == 300 and figures["progress_few_answers"] == 100
    assert figures["saves"] == 10 and figures["save_rounds"] == 2
    # The same questions: three times the answers, (nearly) the same file; the log grows.
    assert figures["progress_kib_ratio"] < 1.1
    assert figures["answer_log_mib"] * 1024 > 2.5 * figures["answer_log_100_kib"]
    # The informational learner answered three times the questions: its file has a line for each.
    assert figures["progress_1000q_questions"] == 300
    assert figures["progress_1000q_kib"] > 2.5 * figures["progress_kib"]
    assert figures["save_p50_1000q_ms"] <= figures["save_p95_1000q_ms"]
    assert "save_p95_1000q_ms" not in figures["targets"] and "save_p95_1000q_ms" not in figures["missed"]
    assert figures["for_information"]["save_p95_1000q_ms"] == figures["targets"]["save_p95_ms"]


def test_the_save_part_compares_the_same_questions(tmp_path):
    """``--only save``: its figures, and its table with the informational rows marked as such."""
    result = run("--json", "--only", "save", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert_save_figures_are_sane(figures)
    assert "start_ratio" not in figures
    table = run("--only", "save", tmp_path=tmp_path).stdout
    assert "Progress file, many answers / 100" in table and "the same 100 questions" in table
    info = [line for line in table.splitlines() if line.startswith("Save p95, 1,000 different questions")]
    assert len(info) == 1 and "300 different questions" in info[0]
    assert "(info)" in info[0] or "(over)" in info[0]  # never "ok" or "MISSED": no target of its own


def test_the_table_names_each_figure_and_its_target(tmp_path):
    result = run("--only", "content", "--only", "big_pack", "--only", "save", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    table = result.stdout
    for label in ("Load + validate built-in content", "Big pack, load / tomllib alone",
                  "Save after an answer, p95", "Progress file size"):
        assert label in table
    assert "<= 1024" in table and "<= 1.2" in table
    assert "Start-up" not in table  # not asked for, not measured


def test_a_wrong_option_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "everything"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--answer-rounds", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "--answer-rounds must be at least 1" in result.stderr


def test_percentile_is_the_nearest_rank():
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.suite import percentile
    finally:
        sys.path.remove(str(ROOT))
    values = list(range(1, 21))  # 1..20
    assert percentile(values, 0.95) == 19
    assert percentile(values, 0.5) == 10
    assert percentile([7.0], 0.95) == 7.0


def bench_script(name: str):
    """benchmarks/<name>.py, a script run by hand, imported as a module of its own."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_answer_spread_script_logs_each_answers_collections(tmp_path, monkeypatch, capsys):
    """benchmarks/answer_spread.py (docs/performance.md, "Answers: a steadier ratio") runs both
    apps' answers with the collector's log on (3 answers each with --quick; figures mean nothing)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    module = bench_script("answer_spread")
    assert module.main(["2", "--quick", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(p["round"], p["app"]) for p in result["passes"]] == [
        (1, "learnmeta"), (1, "bare"), (2, "bare"), (2, "learnmeta")]
    for measured in result["passes"]:
        assert measured["answers"] == 3
        assert measured["logged"]  # every answer came with its collections and CPU time
        assert measured["p50_ms"] <= measured["p95_ms"] == max(measured["largest_ms"])
    assert len(result["round_ratios"]) == 2
    assert result["pooled_ratio"] == pytest.approx(result["pooled_p95_ms"] / result["pooled_bare_p95_ms"], rel=0.02)


def test_the_class_report_benchmark_runs_on_a_tiny_class(tmp_path, monkeypatch, capsys):
    """benchmarks/bench_class_report.py works (on 5 learners from files; its figures mean nothing)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    module = bench_script("bench_class_report")
    assert module.main(["5"]) == 0
    assert "5 learners: files" in capsys.readouterr().out


def test_the_log_memory_benchmark_runs_on_a_tiny_log(tmp_path, monkeypatch, capsys):
    """benchmarks/bench_log_memory.py works (on 300 answers; its figures mean nothing)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    module = bench_script("bench_log_memory")
    assert module.main(300) == 0
    out = capsys.readouterr().out
    assert "A log of 300 answers" in out and out.count("streamed: peak") == 3


def test_the_class_report_part_measures_files_an_lrs_and_ralph(tmp_path):
    """``--only class_report``: the report's figures from files and from an LRS (the same report
    either way, or it fails), with CPU time and peak memory, and through Ralph when installed."""
    result = run("--json", "--only", "class_report", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("report_10k_files_s", "report_10k_lrs_s", "report_5_files_cpu_s", "report_5_files_peak_mib",
                "report_5_lrs_cpu_s", "report_5_lrs_peak_mib"):
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["report_5_statements"] == 5 * 16  # 14 answers, "completed", "passed"/"failed"
    assert figures["targets"]["report_10k_files_s"] == 10 and figures["targets"]["report_10k_lrs_s"] == 20
    assert "report_10k_lrs_real_s" in figures or "report_10k_lrs_real_skipped" in figures
    if "report_10k_lrs_real_s" in figures:  # the same report through Ralph, or the part fails
        assert figures["report_10k_lrs_real_s"] > 0 and "Ralph 5.1.0" in figures["report_lrs_real"]
        assert figures["targets"]["report_10k_lrs_real_s"] == 20
    table = run("--only", "class_report", tmp_path=tmp_path)
    assert "Class report, 10,000 learners' files" in table.stdout and "5 learners (--quick)" in table.stdout
