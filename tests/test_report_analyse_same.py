"""`learnmeta report`'s figures per question, worked out the plain way here, against
``analyse`` on varied random classes: learners who answered some questions only, more than one
answer to a question, hints, overrules and answers given again, question pools (``drawn``),
packs installed here and packs that are not. ``analyse`` makes each learner's score on the other
questions once (not again for each question), takes the learners in order once, and looks at
each distinct answer once for a misconception (docs/performance.md, "The class report, slower
and back"): its figures must be exactly those of looking at every learner for every question."""

from __future__ import annotations

import math
import random

import pytest

from class_helpers import library
from learnmeta.instructor.class_data import Answer, ClassData
from learnmeta.instructor.measures import discriminative_efficiency
from learnmeta.instructor.report import _shows, analyse, point_biserial, upper_lower


@pytest.fixture(scope="module")
def packs():
    return {pack.id: pack for pack in library().packs}


def random_class(rng: random.Random, packs: dict) -> ClassData:
    data = ClassData()
    used = rng.sample(sorted(packs), k=rng.randint(1, 2)) + (["not-installed"] if rng.random() < 0.4 else [])
    for _ in range(rng.randint(1, 50)):
        learner = f"learner-{rng.randint(0, 70):03d}"
        for pack_id in used:
            pack = packs.get(pack_id)
            ids = [q.id for q in pack.questions] if pack else [f"q{i}" for i in range(6)]
            for qid in rng.sample(ids, k=rng.randint(0, len(ids))):
                question = pack.question(qid) if pack else None
                choices = [c.text for c in getattr(question, "choices", None) or []] or ["yes", "no", "perhaps"]
                for _ in range(rng.choice([1, 1, 2, 3])):
                    picked = rng.sample(choices, k=rng.choice([1, 1, min(2, len(choices))]))
                    data.answer(learner, pack_id, qid, Answer(
                        rng.random() < 0.6, "; ".join(picked), f"2026-11-{rng.randint(10, 28)}T10:{rng.randint(0, 59):02d}:00Z",
                        rng.choice([None, 0, 1, 2]), rng.choice([None, True, False]), rng.random() < 0.1))
            if rng.random() < 0.5:
                data.attempt(learner, pack_id, rng.randint(0, 100), rng.choice([None, True, False]))
            if rng.random() < 0.3:
                data.drew(learner, pack_id, rng.randint(1, 8))
    return data


def plain_questions(data: ClassData, pack_id: str, packs: dict) -> dict:
    """Each question's figures, every learner looked at for every question (as ``analyse`` was)."""
    learners = {key: items[pack_id] for key, items in data.learners.items() if pack_id in items}
    first = {key: {q: a[0] for q, a in item.answers.items() if a} for key, item in learners.items()}
    answered = {q for answers in first.values() for q in answers}
    definition = packs.get(pack_id)
    pool = definition.pack.draw if definition else None
    figures = {}
    for qid in answered:
        keys = sorted(k for k in learners if qid in first[k])
        right = [first[k][qid].correct for k in keys]
        rest_keys, rest_right, rest_scores = [], [], []
        for key, ok in zip(keys, right):
            given = learners[key].drawn or pool
            count = len(answered) if given is None else min(given, len(answered))
            others = [a.correct for q, a in first[key].items() if q != qid]
            if others and len(others) >= max(1, math.ceil((count - 1) / 2)):
                rest_keys.append(key)
                rest_right.append(ok)
                rest_scores.append(sum(others) / len(others))
        every = [a for k in keys for a in learners[k].answers[qid]]
        figures[qid] = {
            "learners": len(keys), "facility": sum(right) / len(right),
            "latest_facility": sum(learners[k].answers[qid][-1].correct for k in keys) / len(keys),
            "all_answers": len(every), "discrimination": point_biserial(rest_right, rest_scores),
            "upper_lower": upper_lower(rest_right, rest_scores, rest_keys),
            "discriminative_efficiency": discriminative_efficiency([float(ok) for ok in rest_right], rest_scores),
            "hints": sum(a.hints for a in every if a.hints is not None),
            "with_hints": sum(1 for a in every if a.hints), "hints_known": sum(a.hints is not None for a in every),
            "overruled": sum(1 for a in every if a.overruled), "given_again": sum(a.given_again for a in every),
        }
    return figures


def plain_misconceptions(data: ClassData, pack_id: str, definition) -> dict:
    first = {key: {q: a[0] for q, a in items[pack_id].answers.items() if a}
             for key, items in data.learners.items() if pack_id in items}
    out: dict[str, tuple[int, int, int]] = {}
    for question in definition.questions:
        names = {question.misconception} if question.type == "true_false" and question.misconception else set()
        names |= {c.misconception for c in getattr(question, "choices", None) or [] if c.misconception}
        for name in names:
            chosen, answers, who = out.get(name, (0, 0, frozenset()))
            for key, answered in first.items():
                if question.id in answered:
                    answers += 1
                    if _shows(question, name, answered[question.id]):
                        chosen += 1
                        who = who | {key}
            out[name] = (chosen, answers, who)
    return {name: (chosen, answers, len(who)) for name, (chosen, answers, who) in out.items() if answers}


@pytest.mark.parametrize("seed", range(60))
def test_each_question_s_figures_are_those_of_looking_at_every_learner(seed, packs):
    data = random_class(random.Random(seed), packs)
    report = analyse(data, packs)
    assert report
    for stats in report:
        plain = plain_questions(data, stats.pack, packs)
        assert {q.question for q in stats.questions} == set(plain)
        for question in stats.questions:
            found = {name: getattr(question, name) for name in plain[question.question]}
            assert found == plain[question.question], (stats.pack, question.question)
        complete = [k for k, items in data.learners.items() if stats.pack in items
                    and len([q for q, a in items[stats.pack].answers.items() if a]) == len(plain)]
        assert stats.reliability.learners == len(complete)
        definition = packs.get(stats.pack)
        if definition is not None:
            assert {m.misconception: (m.chosen, m.answers, m.learners) for m in stats.misconceptions} == \
                plain_misconceptions(data, stats.pack, definition)
