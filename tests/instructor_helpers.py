"""Hand-built learners' progress files for the export and report tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from learnmeta.progress.fileformat import dumps
from learnmeta.progress.model import Attempt, PackProgress, Progress, QuestionProgress, Settings

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def progress_file(
    path: Path,
    name: str | None,
    answers: dict[str, dict[str, tuple[str, bool]]],
    *,
    percent: dict[str, int] | None = None,
    passed: dict[str, bool] | None = None,
    created: dt.datetime = T0,
    learner_id: str | None = None,
) -> Path:
    """Write a progress file: ``answers[pack][question] = (response, correct)``; without
    ``learner_id`` it is a file from before learner ids."""
    progress = Progress(created=created, saved=created, learner=Settings(id=learner_id, name=name))
    minute = 0
    for pack_id, questions in answers.items():
        progress.questions[pack_id] = {}
        for question_id, (response, correct) in questions.items():
            minute += 1
            progress.questions[pack_id][question_id] = QuestionProgress(
                seen=2,
                correct=1 if correct else 0,
                hints_used=1,
                last_correct=correct,
                last_answered=created + dt.timedelta(minutes=minute),
                last_answer=response,
                lesson="lesson-1",
                section="section-1",
            )
        pack = PackProgress(version="1.0.0")
        if percent and pack_id in percent:
            ok = sum(c for _, c in questions.values())
            pack.attempts = [
                Attempt(
                    id=f"a-{pack_id}",
                    pack_version="1.0.0",
                    started=created,
                    answered=len(questions),
                    finished=created + dt.timedelta(minutes=minute + 1),
                    correct=ok,
                    total=len(questions),
                    percent=percent[pack_id],
                    passed=(passed or {}).get(pack_id),
                )
            ]
            pack.attempts_total = pack.finished_total = 1
            pack.passed_total = 1 if (passed or {}).get(pack_id) else 0
            pack.best_percent = percent[pack_id]
        progress.packs[pack_id] = pack
    path.write_text(dumps(progress), encoding="utf-8")
    return path
