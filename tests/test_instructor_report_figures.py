"""`learnmeta report`'s figures on a generated class with known answers, each checked against an
independent computation written here (other formulas for the same quantities), in every format.

The class: learners' progress files written by the app's own store, each learner taking a whole
quiz on a built-in pack; whether each answer is right comes from a seeded coin weighted by the
learner's ability, and this test keeps that matrix of right and wrong, the hints each answer
used and the answer given, so every figure can be worked out from what the learners did.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
from pathlib import Path

import pytest

from class_helpers import START, answer_for, pack as builtin_pack
from learnmeta.cli import main
from learnmeta.instructor import measures

PACK = "what-is-metastatic-cancer"
LEARNERS = 25


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))


def make_class(folder: Path, size: int = LEARNERS, seed: int = 7):
    """The learners' files, and what they did: {learner: {question: (right, hints, response)}},
    and each learner's percent."""
    from learnmeta.progress import ProgressStore
    from learnmeta.quiz.engine import check_answer

    folder.mkdir(parents=True, exist_ok=True)
    pack = builtin_pack(PACK)
    rng = random.Random(seed)
    did, percents = {}, {}
    for n in range(size):
        ability = 0.15 + 0.8 * n / size
        store = ProgressStore.open(folder / f"learner-{n:03d}.toml")
        attempt = store.start_attempt(PACK, pack.pack.version)
        when = START + dt.timedelta(hours=n)
        answers = {}
        for question in pack.questions:
            right = rng.random() < ability
            hints = rng.choice([0, 0, 0, 1, 2]) if question.hints else 0
            outcome = check_answer(question, answer_for(question, right))
            when += dt.timedelta(seconds=30)
            store.record_answer(PACK, pack.pack.version, question.id, lesson=question.lesson,
                                section=question.section, response=outcome.response_text,
                                correct=bool(outcome.correct), hints_used=hints, attempt_id=attempt, when=when)
            answers[question.id] = (bool(outcome.correct), hints, outcome.response_text)
        right_count = sum(ok for ok, _, _ in answers.values())
        percent = round(100 * right_count / len(pack.questions))
        store.finish_attempt(attempt, correct=right_count, total=len(pack.questions), percent=percent,
                             passed=percent >= pack.pack.pass_mark)
        store.close()
        did[f"learner-{n:03d}"] = answers
        percents[f"learner-{n:03d}"] = percent
    return did, percents


# -- independent computations -------------------------------------------------------------------


def alpha_from_covariances(matrix):
    """Cronbach's alpha as k/(k-1) * (1 - trace(C) / sum(C)), C the items' covariance matrix."""
    n, k = len(matrix), len(matrix[0])
    means = [sum(row[i] for row in matrix) / n for i in range(k)]
    cov = [[sum((row[i] - means[i]) * (row[j] - means[j]) for row in matrix) / (n - 1) for j in range(k)]
           for i in range(k)]
    return k / (k - 1) * (1 - sum(cov[i][i] for i in range(k)) / sum(map(sum, cov)))


def moodle_efficiency(marks, totals):
    """Moodle's loop: marks and rest-of-test marks (total minus this mark), sorted and paired."""
    others = [t - m for m, t in zip(marks, totals)]
    n = len(marks)
    ma, oa = sum(marks) / n, sum(others) / n
    cov = sum((m - ma) * (o - oa) for m, o in zip(marks, others)) / (n - 1)
    covmax = sum((m - ma) * (o - oa) for m, o in zip(sorted(marks), sorted(others))) / (n - 1)
    return None if not covmax else 100 * cov / covmax


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    import os

    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("LEARNMETA_HOME")
    os.environ["LEARNMETA_HOME"] = str(home)
    try:
        folder = tmp_path_factory.mktemp("class")
        did, percents = make_class(folder)
        outputs = {}
        for kind in ("csv", "json", "html", "table"):
            target = folder.parent / f"report-{folder.name}.{kind}"
            assert main(["report", str(folder), "--format", kind, "-o", str(target)]) == 0
            outputs[kind] = target.read_text(encoding="utf-8")
    finally:
        if old is None:
            os.environ.pop("LEARNMETA_HOME", None)
        else:
            os.environ["LEARNMETA_HOME"] = old
    return did, percents, outputs


def expected_figures(did, percents):
    pack = builtin_pack(PACK)
    ids = [q.id for q in pack.questions]
    learners = sorted(did)
    matrix = [[int(did[name][qid][0]) for qid in ids] for name in learners]
    totals = [sum(row) for row in matrix]
    alpha = alpha_from_covariances(matrix)
    sd = math.sqrt(sum((t - sum(totals) / len(totals)) ** 2 for t in totals) / (len(totals) - 1))
    return pack, ids, learners, matrix, totals, alpha, sd


def test_reliability_and_the_standard_error_match_an_independent_computation(generated):
    did, percents, outputs = generated
    pack, ids, learners, matrix, totals, alpha, sd = expected_figures(did, percents)
    (row,) = [r for r in csv.DictReader(io.StringIO(outputs["csv"])) if r["kind"] == "pack"]
    assert float(row["kr20"]) == pytest.approx(alpha, abs=5e-4)  # right/wrong items: KR-20 = alpha
    assert float(row["alpha"]) == pytest.approx(alpha, abs=5e-4)
    sem = sd * math.sqrt(1 - alpha)
    assert float(row["sem"]) == pytest.approx(sem, abs=5e-4)
    assert float(row["sem_percent"]) == pytest.approx(sem / len(ids) * 100, abs=0.05)
    assert (row["reliability_learners"], row["reliability_items"]) == (str(LEARNERS), str(len(ids)))
    document = json.loads(outputs["json"])
    figures = document["packs"][0]["reliability"]
    assert figures["kr20"] == pytest.approx(alpha, abs=1e-9)
    assert figures["sem"] == pytest.approx(sem, abs=1e-9)
    assert f"KR-20 {alpha:.2f}" in outputs["table"] and f"KR-20 {alpha:.2f}" in outputs["html"]


def test_discriminative_efficiency_is_moodles(generated):
    did, percents, outputs = generated
    pack, ids, learners, matrix, totals, alpha, sd = expected_figures(did, percents)
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(outputs["csv"])) if r["kind"] == "question"}
    checked = 0
    for index, qid in enumerate(ids):
        expected = moodle_efficiency([row[index] for row in matrix], totals)
        if expected is None:
            assert rows[qid]["discriminative_efficiency"] == ""
        else:
            assert float(rows[qid]["discriminative_efficiency"]) == pytest.approx(expected, abs=0.05)
            checked += 1
    assert checked >= len(ids) - 2


def test_the_score_histogram_counts_each_learners_best_score(generated):
    did, percents, outputs = generated
    expected = [0] * 10
    for percent in percents.values():
        expected[min(percent // 10, 9)] += 1
    bands = [r for r in csv.DictReader(io.StringIO(outputs["csv"])) if r["kind"] == "score_band"]
    assert [int(r["learners"]) for r in bands] == expected
    assert [(r["low"], r["high"]) for r in bands][-1] == ("90", "100")
    histogram = json.loads(outputs["json"])["packs"][0]["histogram"]
    assert [band["learners"] for band in histogram] == expected


def test_per_tag_and_per_misconception_breakdowns(generated):
    did, percents, outputs = generated
    pack = builtin_pack(PACK)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    tags = {r["name"]: r for r in rows if r["kind"] == "tag"}
    expected_tags = sorted({tag for q in pack.questions for tag in q.tags})
    assert sorted(tags) == expected_tags and expected_tags
    for tag in expected_tags:
        questions = [q.id for q in pack.questions if tag in q.tags]
        right = [did[name][qid][0] for name in did for qid in questions]
        assert int(tags[tag]["questions"]) == len(questions)
        assert int(tags[tag]["answers"]) == len(right)
        assert float(tags[tag]["facility"]) == pytest.approx(sum(right) / len(right), abs=5e-4)
    misconceptions = {r["name"]: r for r in rows if r["kind"] == "misconception"}
    expected: dict[str, list[int]] = {}
    for question in pack.questions:
        for name in did:
            right, _hints, response = did[name][question.id]
            named = set()
            if question.type == "true_false" and question.misconception:
                named.add(question.misconception)
                if not right:
                    expected.setdefault(question.misconception, [0, 0])[0] += 1
            for choice in getattr(question, "choices", []):
                if choice.misconception:
                    named.add(choice.misconception)
                    picked = response.split("; ") if question.type == "multiple" else [response]
                    if choice.text in picked:
                        expected.setdefault(choice.misconception, [0, 0])[0] += 1
            for item in named:
                expected.setdefault(item, [0, 0])[1] += 1
    assert sorted(misconceptions) == sorted(expected) and expected
    for item, (chosen, answers) in expected.items():
        assert (int(misconceptions[item]["chosen"]), int(misconceptions[item]["answers"])) == (chosen, answers)
    assert any(chosen for chosen, _ in expected.values())


def test_hint_use_per_question(generated):
    did, percents, outputs = generated
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(outputs["csv"])) if r["kind"] == "question"}
    for qid, row in rows.items():
        hints = [did[name][qid][1] for name in did]
        assert (int(row["hints_known"]), int(row["with_hints"]), int(row["hints"])) == (
            len(hints), sum(h > 0 for h in hints), sum(hints))
    assert any(int(row["with_hints"]) for row in rows.values())


def test_measures_on_hand_worked_examples():
    matrix = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    # p = .75 .5 .25, sum pq = .625; totals 3 2 1 0, population variance 1.25: 3/2 * (1 - .5) = .75
    assert measures.kr20(matrix) == pytest.approx(0.75)
    assert measures.cronbach_alpha(matrix) == pytest.approx(0.75)
    # sample sd of 3 2 1 0 is sqrt(5/3); SEM = sqrt(5/3) * sqrt(.25)
    assert measures.standard_error_of_measurement([3, 2, 1, 0], 0.75) == pytest.approx(math.sqrt(5 / 3) / 2)
    assert measures.kr20([[1, 1], [1, 1]]) is None  # no spread
    assert measures.kr20([[1, 0]]) is None  # one learner
    # an item perfectly in line with the rest of the test: 100 %; reversed: -100 %
    assert measures.discriminative_efficiency([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(100)
    assert measures.discriminative_efficiency([1, 1, 0, 0], [1, 2, 3, 4]) == pytest.approx(-100)
    assert measures.discriminative_efficiency([1, 1, 1, 1], [1, 2, 3, 4]) is None
    assert measures.histogram([0, 9, 10, 99, 100]) == [
        (0, 9, 2), (10, 19, 1), (20, 29, 0), (30, 39, 0), (40, 49, 0), (50, 59, 0), (60, 69, 0),
        (70, 79, 0), (80, 89, 0), (90, 100, 2)]


def test_csv_and_the_old_csv_flag_give_the_same_report(tmp_path, capsys):
    make_class(tmp_path / "class", size=4)
    assert main(["report", "--csv", str(tmp_path / "class")]) == 0
    old = capsys.readouterr().out
    assert main(["report", "--format", "csv", str(tmp_path / "class")]) == 0
    assert capsys.readouterr().out == old
    assert main(["report", "--csv", "--format", "json", str(tmp_path / "class")]) == 2


def test_overrules_per_question_are_counted_from_the_files_and_their_exports(tmp_path, capsys):
    from learnmeta.progress import ProgressStore

    pack = builtin_pack(PACK)
    question = next(q for q in pack.questions if q.type == "short_answer")
    folder = tmp_path / "class"
    folder.mkdir()
    for n, overrule in enumerate([True, False, True]):
        store = ProgressStore.open(folder / f"l{n}.toml")
        answer = store.record_answer(PACK, pack.pack.version, question.id, lesson=question.lesson,
                                     section=question.section, response="a near miss", correct=False,
                                     hints_used=0, when=START + dt.timedelta(minutes=n))
        if overrule:
            assert store.overrule_answer(answer)
        store.close()
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(_report(capsys, folder))) if r["kind"] == "question"}
    assert (rows[question.id]["overruled"], rows[question.id]["overrules_known"]) == ("2", "3")
    export = tmp_path / "l0.csv"
    assert main(["export", "--format", "csv", "--progress", str(folder / "l0.toml"), "-o", str(export)]) == 0
    (record,) = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert record["overruled"] == "true" and record["correct"] == "true"
    capsys.readouterr()
    for name in ("l1", "l2"):
        out = tmp_path / f"{name}.jsonl"
        assert main(["export", "--format", "xapi", "--progress", str(folder / f"{name}.toml"), "-o", str(out)]) == 0
    capsys.readouterr()
    exports = tmp_path / "exports"
    exports.mkdir()
    for path in (export, tmp_path / "l1.jsonl", tmp_path / "l2.jsonl"):
        path.rename(exports / path.name)
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(_report(capsys, exports))) if r["kind"] == "question"}
    assert (rows[question.id]["overruled"], rows[question.id]["overrules_known"]) == ("2", "3")
    assert "Overruled" in (_report(capsys, folder, "table"))


def test_answers_given_again_after_an_undo_are_counted_from_the_files_and_their_exports(tmp_path, capsys):
    """A wrong answer taken back (undo) after its feedback and answered right again counts as
    right, but the class report counts it per question ("Given again"), from the learners' files
    and from their CSV, JSON and xAPI exports alike; the export's record says so."""
    from learnmeta.progress import ProgressStore

    pack = builtin_pack(PACK)
    question = next(q for q in pack.questions if q.type == "single")
    wrong, right = (next(c.text for c in question.choices if c.correct == ok) for ok in (False, True))
    folder = tmp_path / "class"
    folder.mkdir()
    for n, again in enumerate([True, False, True, True]):
        store = ProgressStore.open(folder / f"l{n}.toml")
        when = START + dt.timedelta(minutes=n)
        first = store.record_answer(PACK, pack.pack.version, question.id, lesson=question.lesson,
                                    section=question.section, response=wrong, correct=False,
                                    hints_used=0, when=when)
        if again:  # as the app records it: the wrong answer taken back, the right one given again
            assert store.undo_answer(first)
        store.record_answer(PACK, pack.pack.version, question.id, lesson=question.lesson,
                            section=question.section, response=right, correct=True, hints_used=0,
                            when=when + dt.timedelta(seconds=20), given_again=again)
        store.close()

    def given_again(text: str) -> str:
        rows = [r for r in csv.DictReader(io.StringIO(text)) if r["kind"] == "question"]
        return next(r["given_again"] for r in rows if r["question"] == question.id)

    assert given_again(_report(capsys, folder)) == "3"
    table = _report(capsys, folder, "table")
    assert "Given again" in table and "took back (undo) a wrong answer" in table
    page = _report(capsys, folder, "html")
    assert '<th scope="col">Given again</th>' in page and '<td class="n">3</td>' in page
    exports = tmp_path / "exports"
    exports.mkdir()
    for n, kind in enumerate(["csv", "json", "xapi", "xapi"]):
        out = exports / f"l{n}.{'jsonl' if kind == 'xapi' else kind}"
        assert main(["export", "--format", kind, "--progress", str(folder / f"l{n}.toml"), "-o", str(out)]) == 0
    capsys.readouterr()
    records = list(csv.DictReader(io.StringIO((exports / "l0.csv").read_text(encoding="utf-8"))))
    assert [(r["correct"], r["given_again"]) for r in records] == [("true", "true")]
    (record,) = json.loads((exports / "l1.json").read_text(encoding="utf-8"))["answers"][-1:]
    assert record["given_again"] is False
    assert given_again(_report(capsys, exports)) == "3"


def _report(capsys, folder, kind="csv") -> str:
    capsys.readouterr()
    assert main(["report", "--format", kind, str(folder)]) == 0
    return capsys.readouterr().out


def test_facility_discrimination_and_pack_scores_match_an_independent_computation(generated):
    import statistics

    did, percents, outputs = generated
    pack, ids, learners, matrix, totals, alpha, sd = expected_figures(did, percents)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    (pack_row,) = [r for r in rows if r["kind"] == "pack"]
    assert float(pack_row["mean_score"]) == pytest.approx(statistics.mean(percents.values()), abs=0.05)
    passes = sum(p >= pack.pack.pass_mark for p in percents.values())
    assert float(pack_row["pass_rate"]) == pytest.approx(passes / len(percents), abs=5e-4)
    questions = {r["question"]: r for r in rows if r["kind"] == "question"}
    for index, qid in enumerate(ids):
        marks = [row[index] for row in matrix]
        rest = [(total - mark) / (len(ids) - 1) for mark, total in zip(marks, totals)]
        assert float(questions[qid]["facility"]) == pytest.approx(statistics.mean(marks), abs=5e-4)
        if len(set(marks)) > 1:
            expected = statistics.correlation([float(m) for m in marks], rest)
            assert float(questions[qid]["discrimination"]) == pytest.approx(expected, abs=5e-4)
        else:
            assert questions[qid]["discrimination"] == ""


@pytest.mark.parametrize("kind", ["html", "json", "csv", "table"])
def test_a_report_file_of_each_format_may_be_written_again_but_a_learners_file_never(tmp_path, capsys, kind):
    make_class(tmp_path / "class", size=3)
    target = tmp_path / f"report.{kind}"
    assert main(["report", str(tmp_path / "class"), "--format", kind, "-o", str(target)]) == 0
    assert main(["report", str(tmp_path / "class"), "--format", kind, "-o", str(target)]) == 0
    learner = tmp_path / "class" / "learner-000.toml"
    before = learner.read_bytes()
    assert main(["report", str(tmp_path / "class"), "--format", kind, "-o", str(learner)]) == 2
    assert learner.read_bytes() == before


def test_reliability_says_why_it_is_missing():
    from learnmeta.instructor.class_data import Answer, ClassData
    from learnmeta.instructor.report import analyse

    data = ClassData()
    data.answer("a", "p", "q1", Answer(True, "x", "2026-11-20T10:00:00Z"))
    data.answer("a", "p", "q2", Answer(False, "y", "2026-11-20T10:01:00Z"))
    data.answer("b", "p", "q1", Answer(False, "y", "2026-11-20T10:00:00Z"))
    data.answer("b", "p", "q3", Answer(True, "x", "2026-11-20T10:01:00Z"))
    (pack,) = analyse(data, {})
    assert pack.reliability.kr20 is None
    assert pack.reliability.note == "it needs at least two learners who answered every question; 0 did"
    data.answer("b", "p", "q2", Answer(False, "y", "2026-11-20T10:02:00Z"))
    data.answer("a", "p", "q3", Answer(False, "y", "2026-11-20T10:02:00Z"))
    (pack,) = analyse(data, {})  # totals 1 and 1: no spread
    assert pack.reliability.kr20 is None and pack.reliability.note == "every learner got the same number right"
