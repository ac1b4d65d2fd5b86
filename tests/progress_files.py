"""What the tests of damaged, hand-edited and hostile progress files share
(test_progress_recovery.py, test_progress_hostile.py): ``path``, a fixture, the learner's file in a
data folder of the test's own; :func:`rich_store`, a real file with a bit of everything in it; and
:func:`answer`, one more answer."""

from __future__ import annotations

import datetime as dt

import pytest

from learnmeta.progress import ProgressStore

T0 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def path(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "progress.toml"


def rich_store(path):
    """A real file with everything in it: settings, a lesson, a finished attempt, three answers
    (q1, q2, q3). Its .bak is the file as it was one save earlier (it already holds q1 and q2;
    the attempt is not finished there)."""
    store = ProgressStore.open(path)
    store.update_settings(name="Ann", welcomed=True, track="course")
    store.record_page("lesson-a", "intro", 3)
    attempt = store.start_attempt("pack-a", "1.0.0")
    for qid in ("q1", "q2", "q3"):
        store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="an answer",
                            correct=True, hints_used=0, attempt_id=attempt, when=T0)
    store.finish_attempt(attempt, correct=3, total=3, percent=100, passed=True)
    store.close()
    return path.read_bytes()


def answer(store, qid, correct=True):
    store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="an answer",
                        correct=correct, hints_used=0, when=T0)
