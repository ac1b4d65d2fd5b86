"""``learnmeta validate`` on a 300-question pack, as an author runs it: the whole process (issue 20).

The pack is the built-in questions over and over with new ids (``suite.write_big_pack``), so its
lessons and sections are the built-in ones and every cross-reference is checked as for a real
pack. Timed from starting ``python -m learnmeta validate PACK`` to its exit, the median of
several runs after one unmeasured run (which lets Python cache compiled bytecode, as an installed
package has). The command must exit 0: the pack is valid.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTIONS = 300


def measure_validate(folder: Path, runs: int, questions: int = QUESTIONS) -> dict:
    from benchmarks.suite import write_big_pack

    path = folder / "validate-pack.toml"
    size = write_big_pack(path, questions)
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as terminal.run_child: compiled once, as installed
    command = [sys.executable, "-m", "learnmeta", "validate", str(path)]
    times = []
    for round_ in range(runs + 1):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        elapsed = (time.perf_counter() - started) * 1000
        if result.returncode != 0:
            raise SystemExit(f"learnmeta validate refused the generated pack: {result.stdout[-500:]}")
        if round_:
            times.append(elapsed)
    return {
        "validate_ms": round(statistics.median(times), 1),
        "validate_runs": runs,
        "validate_questions": questions,
        "validate_kib": round(size / 1024, 1),
    }
