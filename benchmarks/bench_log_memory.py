"""Benchmark: peak memory of the readers that go through a learner's whole answer log.

Run: ``python benchmarks/bench_log_memory.py [ANSWERS]`` (default 100,000; a temporary folder).
A learner's answer log of ANSWERS answers (about 245 bytes each, every 7th wrong, in attempts of
100) is written beside a progress file, and each reader runs once with the log read whole and kept
(as every log was read before; now a log up to ``answerlog.STREAM_ABOVE``) and once gone through
line by line (``answerlog.stream_answers``, a log over that size): the progress screen's summary
(``study.summary.progress_summary``: answers by day, ideas to look at again), past results of one
attempt (``store.attempt_answers``) and the store's own full list (``store.answers()``: undo's
replay, export, the outbox; still read whole). Printed: tracemalloc's peak over what was held
before (MiB) and CPU seconds, each reader in a fresh store.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import learnmeta.cache  # noqa: E402,F401 - as the front ends open a store
from learnmeta.content.library import load_library  # noqa: E402
from learnmeta.progress import answerlog  # noqa: E402
from learnmeta.progress.model import UTC, HistoryEntry  # noqa: E402
from learnmeta.progress.store import ProgressStore  # noqa: E402
from learnmeta.study.summary import progress_summary  # noqa: E402


def make_log(folder: Path, answers: int) -> Path:
    path = folder / "big.toml"
    with ProgressStore.open(path) as store:
        store.record_answer("what-is-metastatic-cancer", "1.0.0", "naming-rule", lesson=None, section=None,
                            response="Liver cancer", correct=False, hints_used=0)
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with answerlog.log_path(path).open("ab") as out:
        for n in range(answers):
            entry = HistoryEntry(id=f"{n:08d}-5f2d-4a8e-9c6b-1d0f4e2a7b53", when=start + dt.timedelta(minutes=n),
                                 pack="what-is-metastatic-cancer", version="1.0.0", question=f"question-{n % 40:04d}",
                                 response="Metastatic colon cancer" if n % 7 else "Liver cancer",
                                 correct=n % 7 != 0, hints=0, attempt=f"attempt-{n // 100:06d}")
            out.write(answerlog.encode_answer(entry))
    return path


def measure(path: Path, library, reader) -> tuple[float, float]:
    with ProgressStore.open(path) as store:
        reader(store, library)  # a first reading's imports are not counted (what it keeps goes with the store)
    with ProgressStore.open(path) as store:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        cpu = time.process_time()
        reader(store, library)
        cpu = time.process_time() - cpu
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
    return peak / 2**20, cpu


READERS = {
    "progress screen (progress_summary)": lambda store, library: progress_summary(library, store),
    "past results of one attempt": lambda store, library: store.attempt_answers("attempt-000500"),
    "every answer as a list (answers())": lambda store, library: store.answers(),
}


def main(answers: int = 100_000) -> int:
    library = load_library()
    with tempfile.TemporaryDirectory() as folder:
        path = make_log(Path(folder), answers)
        size = answerlog.log_path(path).stat().st_size
        print(f"A log of {answers:,} answers: {size / 2**20:.1f} MiB")
        streamed_above = answerlog.STREAM_ABOVE
        for name, reader in READERS.items():
            answerlog.STREAM_ABOVE = 1 << 40  # read whole and kept, as before
            whole = measure(path, library, reader)
            answerlog.STREAM_ABOVE = 0  # gone through line by line
            streamed = measure(path, library, reader)
            answerlog.STREAM_ABOVE = streamed_above
            print(f"  {name:38s} whole: peak {whole[0]:6.1f} MiB, {whole[1]:5.2f} s CPU;"
                  f"  streamed: peak {streamed[0]:6.1f} MiB, {streamed[1]:5.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
