"""A generated class: learners' progress files made by the app's own store and quiz engine.

Each learner takes a whole-pack quiz on the built-in packs, answering each question right or
wrong as a seeded coin (weighted by the learner's "ability") decides, with the responses the
quiz engine itself would record for that answer (the texts of the choices picked, the pairs
matched, the order given, the words typed).
"""

from __future__ import annotations

import datetime as dt
import random
from functools import lru_cache
from pathlib import Path

START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


@lru_cache(maxsize=1)
def library():
    from learnmeta.content.library import load_library

    return load_library(user_packs=False)


def pack(pack_id: str):
    return next(p for p in library().packs if p.id == pack_id)


def answer_for(question, right: bool):
    """A response to ``question`` as the quiz screens give it to the engine: right or wrong."""
    kind = question.type
    if kind == "single":
        return next(c.id for c in question.choices if c.correct == right)
    if kind == "multiple":
        if right:
            return {c.id for c in question.choices if c.correct}
        return {next(c.id for c in question.choices if not c.correct)}
    if kind == "true_false":
        return bool(question.answer) == right
    if kind == "matching":
        matches = {p.left: p.right for p in question.pairs}
        if not right:
            lefts = list(matches)
            others = [r for r in question.right_items if r != matches[lefts[0]]]
            matches[lefts[0]] = others[0]
        return matches
    if kind == "ordering":
        return list(question.items) if right else list(reversed(question.items))
    if kind == "short_answer":
        return question.accepted[0] if right else "not the answer"
    raise AssertionError(kind)


def take_quiz(store, pack_model, rng: random.Random, ability: float, when: dt.datetime) -> dt.datetime:
    """One finished whole-pack quiz; returns the time after it."""
    from learnmeta.quiz.engine import check_answer

    version = pack_model.pack.version
    attempt = store.start_attempt(pack_model.id, version)
    started = store.progress.packs[pack_model.id].attempts[-1].started
    when = max(when, started)  # answers come after the attempt started
    right_count = 0
    for question in pack_model.questions:
        outcome = check_answer(question, answer_for(question, rng.random() < ability))
        when += dt.timedelta(seconds=rng.randint(8, 90))
        store.record_answer(
            pack_model.id, version, question.id, lesson=question.lesson, section=question.section,
            response=outcome.response_text, correct=bool(outcome.correct), hints_used=0,
            attempt_id=attempt, when=when,
        )
        right_count += bool(outcome.correct)
    total = len(pack_model.questions)
    percent = round(100 * right_count / total)
    store.finish_attempt(attempt, correct=right_count, total=total, percent=percent,
                         passed=percent >= pack_model.pack.pass_mark)
    return when


def make_learner(path: Path, name: str | None, pack_ids: list[str], seed: int, pages: int = 2) -> Path:
    """A learner's progress file, made by the store: a quiz on each pack and a few lesson pages."""
    from learnmeta.progress import ProgressStore

    rng = random.Random(seed)
    ability = 0.25 + 0.65 * rng.random()
    store = ProgressStore.open(path)
    if name:
        store.update_settings(name=name)
    when = START + dt.timedelta(minutes=seed)
    for pack_id in pack_ids:
        when = take_quiz(store, pack(pack_id), rng, ability, when)
    lesson = library().lessons[0]
    for page in lesson.pages[:pages]:
        store.record_page(lesson.meta.id, page.id, len(lesson.pages))
    store.close()
    return path


def make_class(folder: Path, size: int, pack_ids: list[str], names: list[str] | None = None) -> list[Path]:
    """``size`` learners' files in ``folder`` (names repeat when ``names`` is shorter)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = names or ["Sam Lee", "Ann", "Bo", "Cy"]
    return [
        make_learner(folder / f"learner-{n:04d}.toml", names[n % len(names)], pack_ids, seed=n)
        for n in range(size)
    ]
