"""A learner who has answered 10,000 times keeps a small file: it grows with the questions, not the answers.

The answer history keeps only the most recent 2,000 answers, so it stops growing once full.

Speed is measured in ``benchmarks/bench_progress.py``, not here.
"""

from __future__ import annotations

import datetime as dt

from learnmeta.progress.answerlog import answers, log_path
from learnmeta.progress import ProgressStore, read_progress

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PACKS = 10
PER_PACK = 100  # a large library: 1,000 questions
ANSWERS = 10_000


def _answer_many(store, answers: int, start: dt.datetime) -> None:
    """Whole quizzes of 100 questions, one pack after another."""
    for n in range(answers):
        pack_id = f"what-is-metastatic-cancer-{(n // PER_PACK) % PACKS:02d}"
        if n % PER_PACK == 0:
            attempt = store.start_attempt(pack_id, "1.2.0")
        store.record_answer(
            pack_id, "1.2.0", f"question-{n % PER_PACK:03d}",
            lesson=f"lesson-{(n // PER_PACK) % PACKS:02d}-about-metastatic-cancer", section=f"section-{n % 6}",
            response="Metastatic colon cancer", correct=n % 4 != 0, hints_used=n % 3 == 0,
            attempt_id=attempt, when=start + dt.timedelta(minutes=n),
        )
        if n % PER_PACK == PER_PACK - 1:
            store.finish_attempt(attempt, correct=75, total=100, percent=75, passed=False)


def test_ten_thousand_answers_keep_the_file_under_one_megabyte(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = ProgressStore.open(path)
    monkeypatch.setattr(store, "_save", lambda *args: True)  # one save at the end is enough here
    _answer_many(store, ANSWERS, T0)
    monkeypatch.undo()
    assert store.save(), store.save_error
    size = path.stat().st_size
    store.close()

    progress = read_progress(path)
    assert sum(q.seen for qs in progress.questions.values() for q in qs.values()) == ANSWERS
    assert sum(len(qs) for qs in progress.questions.values()) == PACKS * PER_PACK
    assert all(p.attempts_total == ANSWERS // PER_PACK // PACKS for p in progress.packs.values())
    history = answers(log_path(path))
    assert len(history) == ANSWERS  # every answer, in the log beside the file
    assert [e.when for e in history] == [T0 + dt.timedelta(minutes=n) for n in range(ANSWERS)]
    assert size < 400_000, f"{size:,} bytes"  # the summary only: 1,000 questions' lines


def test_more_answers_to_the_same_questions_do_not_grow_the_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.toml"
    store = ProgressStore.open(path)
    monkeypatch.setattr(store, "_save", lambda *args: True)
    _answer_many(store, 4_000, T0)
    for pack_id in list(store.progress.packs):
        for _ in range(20):  # every pack has its full 20 attempts already
            store.finish_attempt(store.start_attempt(pack_id, "1.2.0"), correct=1, total=2, percent=50, passed=False)
    monkeypatch.undo()  # a real save (the patched one would leave the empty new file to measure)
    assert store.save(), store.save_error
    after_4000 = path.stat().st_size
    monkeypatch.setattr(store, "_save", lambda *args: True)
    _answer_many(store, 8_000, T0 + dt.timedelta(days=30))
    monkeypatch.undo()
    assert store.save(), store.save_error
    after_12000 = path.stat().st_size
    store.close()
    assert after_4000 > 200_000  # the real file, with its 1,000 questions
    # the same 1,000 questions, at most 20 attempts per pack: only digits get longer
    assert after_12000 < after_4000 * 1.05
    progress = read_progress(path)
    assert all(len(p.attempts) == 20 for p in progress.packs.values())
    assert "history" not in path.read_text(encoding="utf-8") and len(answers(log_path(path))) == 12_000
