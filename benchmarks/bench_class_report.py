"""Benchmark: the class report for 1,000 and 10,000 learners, from files and from a Learning Record Store.

Run: ``python benchmarks/bench_class_report.py [N ...] [--lrs N]`` (in a temporary folder).
Default: files for 1,000 and 10,000 learners; ``--lrs N`` (alone, or with sizes) sends N learners to a Ralph started
here (its file-system backend, as in the tests: ``tests/ralph_lrs.py``) and times the report from it.

Each learner is a progress file as the app writes it (``[learner]`` id, one whole quiz on the
built-in pack "how-cancer-spreads", 14 questions, each in the history; right or wrong by a seeded
coin weighted by the learner's ability), written directly with the file format's own writer (the
app's store saves after every answer, which would take far longer to make 10,000 learners with).

Prints, per class size: the files' total size, the time to read them and make the report
(``learnmeta report`` without printing), and for ``--lrs``: the statements, the time to send
them all (batches of 100) and the time to read them back and make the report (pages of 100, Ralph's
most). The two reports are compared, and must be the same.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from learnmeta.progress.fileformat import dumps  # noqa: E402
from learnmeta.progress.model import (  # noqa: E402
    Attempt,
    HistoryEntry,
    PackProgress,
    Progress,
    QuestionProgress,
    Settings,
)

PACK = "how-cancer-spreads"
UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def write_class(folder: Path, size: int) -> list[Path]:
    from class_helpers import answer_for, pack
    from learnmeta.quiz.engine import check_answer

    model = pack(PACK)
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = {
        (q.id, right): check_answer(q, answer_for(q, right)) for q in model.questions for right in (True, False)
    }
    paths = []
    for n in range(size):
        rng = random.Random(n)
        ability = 0.25 + 0.65 * rng.random()
        when = START + dt.timedelta(minutes=n)
        attempt_id = f"{when:%Y%m%dT%H%M%S}-{n:06x}"
        progress = Progress(created=when, saved=when, saved_by="learnmeta benchmark",
                            learner=Settings(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                             name=f"Learner {n % 50}"))
        right_count = 0
        questions = {}
        for question in model.questions:
            when += dt.timedelta(seconds=rng.randint(8, 90))
            outcome = outcomes[(question.id, rng.random() < ability)]
            ok = bool(outcome.correct)
            right_count += ok
            progress.history.answers.append(HistoryEntry(
                when=when, pack=PACK, version=model.pack.version, question=question.id,
                response=outcome.response_text[:200], correct=ok, attempt=attempt_id))
            questions[question.id] = QuestionProgress(
                seen=1, correct=int(ok), last_correct=ok, last_answered=when,
                last_answer=outcome.response_text[:200], lesson=question.lesson, section=question.section)
        progress.questions[PACK] = questions
        total = len(model.questions)
        percent = round(100 * right_count / total)
        passed = percent >= model.pack.pass_mark
        progress.packs[PACK] = PackProgress(
            version=model.pack.version, attempts_total=1, finished_total=1, passed_total=int(passed),
            best_percent=percent,
            attempts=[Attempt(id=attempt_id, pack_version=model.pack.version, started=START + dt.timedelta(minutes=n),
                              answered=total, finished=when, correct=right_count, total=total,
                              percent=percent, passed=passed)])
        path = folder / f"learner-{n:05d}.toml"
        path.write_text(dumps(progress), encoding="utf-8")
        paths.append(path)
    return paths


def report_from_files(paths: list[Path]) -> tuple[str, float]:
    from learnmeta.instructor.class_data import read_class
    from learnmeta.instructor.report import analyse, known_packs, render_csv

    began = time.perf_counter()
    data = read_class([str(p) for p in paths])
    text = render_csv(analyse(data, known_packs()))
    return text, time.perf_counter() - began


def lrs_round(paths: list[Path], folder: Path) -> dict:
    from ralph_lrs import start_ralph, stop_ralph

    from learnmeta.instructor.class_data import read_statements
    from learnmeta.instructor.export import xapi_statements
    from learnmeta.instructor.report import analyse, known_packs, render_csv
    from learnmeta.lrs import Client
    from learnmeta.progress import read_progress

    server, process = start_ralph(folder / "ralph")
    try:
        client = Client(server.url, server.user, server.password)
        statements = []
        for path in paths:
            progress = read_progress(path)
            statements += xapi_statements(progress, learner=progress.learner.id, learner_name=progress.learner.name)
        began = time.perf_counter()
        client.send(statements)
        sent = time.perf_counter() - began
        began = time.perf_counter()
        data, _ = read_statements(client.fetch(limit=100))
        text = render_csv(analyse(data, known_packs()))
        fetched = time.perf_counter() - began
    finally:
        stop_ralph(process)
    return {"statements": len(statements), "send_s": sent, "report_s": fetched, "text": text}


def main(argv: list[str]) -> int:
    lrs_size = None
    sizes: list[int] = []
    words = iter(argv)
    for word in words:
        if word == "--lrs":
            lrs_size = int(next(words))
        else:
            sizes.append(int(word))
    if not sizes and lrs_size is None:
        sizes = [1_000, 10_000]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in sorted(set(sizes + ([lrs_size] if lrs_size else []))):
            began = time.perf_counter()
            paths = write_class(folder / f"class-{size}", size)
            made = time.perf_counter() - began
            megabytes = sum(p.stat().st_size for p in paths) / 1e6
            text, seconds = report_from_files(paths)
            print(f"{size:>6} learners: files {megabytes:.1f} MB (made in {made:.1f} s); "
                  f"report from files {seconds:.2f} s ({1000 * seconds / size:.2f} ms a learner)")
            if size == lrs_size:
                result = lrs_round(paths, folder / f"lrs-{size}")
                same = "the same report" if result["text"] == text else "A DIFFERENT REPORT"
                print(f"{size:>6} learners: {result['statements']} statements sent to Ralph (fs backend) in "
                      f"{result['send_s']:.1f} s; report from the LRS {result['report_s']:.1f} s: {same}")
                if result["text"] != text:
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
