"""Benchmark: a progress file for a learner with 10,000 answered questions.

Run: ``python benchmarks/bench_progress.py`` (it works in a temporary folder; about a minute).
Prints file sizes and median times. A save is the whole recipe: write the TOML, read it back and
compare, write a temp file, fsync, keep the backup, atomic replace, fsync the folder.

A. 10,000 *different* answered questions in 50 packs of 200, ids of a realistic length
   ("what-is-metastatic-cancer-07" / "question-0123"), each with an answer text, a lesson, a
   section and FSRS state; 20 attempts per pack and 30 lessons read.
B. 10,000 answers (100 quizzes of 100 questions) to a library of 1,000 questions: every answer is
   in the answer log beside the file, so the file stops growing once every question is answered.
C. A small library's file after 60 and after 2,400 answers, side by side: what answering more
   costs the file and its saves (nothing: the answers are in the log).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import learnmeta.cache  # noqa: E402,F401 - ProgressStore.open uses the start-up cache, as in the front ends
from learnmeta import files  # noqa: E402
from learnmeta.progress import fileformat  # noqa: E402
from learnmeta.progress.model import (  # noqa: E402
    UTC,
    Attempt,
    LessonProgress,
    PackProgress,
    Progress,
    QuestionProgress,
)
from learnmeta.progress.scheduling import review  # noqa: E402
from learnmeta.progress.store import ProgressStore  # noqa: E402
from benchmarks.suite import learner_with_answers, median_ms  # noqa: E402

QUESTIONS = 10_000
PACKS = 50
RUNS = 15


def build_progress() -> Progress:
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    progress = Progress(created=start)
    for lesson in range(30):
        progress.lessons[f"lesson-{lesson:02d}-about-metastatic-cancer"] = LessonProgress(
            pages_seen=[f"section-{page}" for page in range(6)],
            page_count=6,
            last_page="section-5",
            last_visited=start,
            completed=start,
        )
    per_pack = QUESTIONS // PACKS
    n = 0
    for pack in range(PACKS):
        pack_id = f"what-is-metastatic-cancer-{pack:02d}"
        attempts = [
            Attempt(id=f"20260105T0900{i:02d}-ab12", pack_version="1.2.0", started=start, answered=per_pack,
                    finished=start, correct=150, total=per_pack, percent=75, passed=False)
            for i in range(20)
        ]
        progress.packs[pack_id] = PackProgress(version="1.2.0", attempts_total=35, finished_total=30,
                                               best_percent=90, passed_total=4, attempts=attempts)
        questions = progress.questions[pack_id] = {}
        for q in range(per_pack):
            when = start + dt.timedelta(minutes=n)
            correct = n % 3 != 0
            state = review(None, last_review=None, correct=correct, hints_used=n % 5 == 0, when=when)
            questions[f"question-{q:04d}"] = QuestionProgress(
                seen=3, correct=2, hints_used=int(n % 5 == 0), last_correct=correct, last_answered=when,
                last_answer="Metastatic colon cancer", lesson=f"lesson-{pack % 30:02d}-about-metastatic-cancer",
                section=f"section-{q % 6}", review=state,
            )
            n += 1
    return progress


def answer_in(store, pack_id: str, count: int):
    numbers = iter(range(10**7))

    def record() -> None:
        n = next(numbers)
        store.record_answer(pack_id, "1.2.0", f"question-{n % count:04d}", lesson="lesson-00-about-metastatic-cancer",
                            section="section-0", response="Liver cancer", correct=n % 2 == 0, hints_used=0)
        assert store.save_error is None, store.save_error

    return record


def distinct_questions(folder: Path) -> None:
    progress = build_progress()
    path = folder / "distinct.toml"

    def full_save() -> None:  # everything written and checked: what the first save used to cost
        data = fileformat.dumps(progress).encode("utf-8")
        if fileformat.loads(data) != progress:
            raise SystemExit("read-back check failed")
        files.replace_atomically(path, data, backup=True)

    full_ms = median_ms(full_save, runs=5)
    size = os.path.getsize(path)
    load_ms = median_ms(lambda: fileformat.read_progress(path), runs=5)

    def reopen() -> None:
        ProgressStore.open(path).close()

    open_ms = median_ms(reopen, runs=5)
    store = ProgressStore.open(path)
    record_ms = median_ms(answer_in(store, "what-is-metastatic-cancer-00", QUESTIONS // PACKS), runs=RUNS * 2)
    store.close()

    print(f"A. {QUESTIONS:,} different answered questions in {PACKS} packs (20 attempts each)")
    print(f"   file size:                       {size / 1024:8,.0f} KiB ({size / QUESTIONS:.0f} bytes per question)")
    print(f"   record_answer + save (median):   {record_ms:8.1f} ms   (only the answered question and its pack table are rewritten and checked)")
    print(f"   ProgressStore.open (median):     {open_ms:8.1f} ms")
    print(f"   load: parse + validate (median): {load_ms:8.1f} ms")
    print(f"   full save, every pack checked:   {full_ms:8.1f} ms")


def answers_over_a_library(folder: Path) -> None:
    path = folder / "answers.toml"
    store = learner_with_answers(path, QUESTIONS)  # the learner `python -m benchmarks` saves for
    size = os.path.getsize(path)
    from learnmeta.progress.answerlog import log_path

    history_bytes = os.path.getsize(log_path(path))
    entries = len(store.answers())
    record_ms = median_ms(answer_in(store, "what-is-metastatic-cancer-00", 100), runs=RUNS * 2)
    store.close()
    open_ms = median_ms(lambda: ProgressStore.open(path).close(), runs=RUNS)
    print(f"B. {QUESTIONS:,} answers to a library of 1,000 questions in 10 packs")
    print(f"   file size:                       {size / 1024:8,.0f} KiB ({size:,} bytes)")
    print(f"   the answer log beside it:        {history_bytes / 1024:8,.0f} KiB ({entries:,} answers, "
          f"{history_bytes / max(entries, 1):.0f} bytes each)")
    print(f"   record_answer + save (median):   {record_ms:8.1f} ms")
    print(f"   ProgressStore.open (median):     {open_ms:8.1f} ms")


def history_cost(folder: Path) -> None:
    """The same small-library learner (60 questions answered) after 60 and after 2,400 answers."""
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    print("C. 60 questions answered in 3 packs: what more answers add")
    for label, answers in (("60 answers", 60), ("2,400 answers", 2_400)):
        path = folder / f"small-{answers}.toml"
        store = ProgressStore.open(path)
        real_save, store._save = store._save, lambda *args: True
        for n in range(answers):
            store.record_answer(f"what-is-metastatic-cancer-{n % 3:02d}", "1.2.0", f"question-{n % 20:04d}",
                                lesson="lesson-00-about-metastatic-cancer", section="section-0",
                                response="Metastatic colon cancer", correct=n % 4 != 0, hints_used=0,
                                when=start + dt.timedelta(minutes=n))
        store._save = real_save
        store.save()
        size = os.path.getsize(path)
        record_ms = median_ms(answer_in(store, "what-is-metastatic-cancer-00", 20), runs=RUNS * 2)
        store.close()
        open_ms = median_ms(lambda: ProgressStore.open(path).close(), runs=RUNS)
        print(f"   {label:29s} {size / 1024:6,.0f} KiB, record_answer + save {record_ms:4.1f} ms, "
              f"open {open_ms:5.1f} ms")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        distinct_questions(Path(folder))
        answers_over_a_library(Path(folder))
        history_cost(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
