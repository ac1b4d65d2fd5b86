"""Question pools (``draw = N``, ``draw_by_tag``): each attempt gets N questions chosen at random,
its seed and the questions drawn are recorded in the attempt, carrying on asks the same ones,
``validate`` names what a pack cannot give (file:line), and the class report counts each question
over the learners who were given it. No Textual here."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from factories import RIGHT, pack_data, write_lesson, write_pack
from learnmeta import checks
from learnmeta.cli import main
from learnmeta.content.errors import ContentError
from learnmeta.content.loader import load_pack
from learnmeta.content.models import Pack
from learnmeta.progress import ProgressStore
from learnmeta.quiz.attempts import AttemptRecorder
from learnmeta.quiz.engine import QuizSession, draw_questions


def pool_data(draw=3, by_tag=None, tags=None) -> dict:
    data = pack_data()
    data["pack"]["draw"] = draw
    if by_tag is not None:
        data["pack"]["draw_by_tag"] = by_tag
    for index, question_tags in (tags or {}).items():
        data["questions"][index]["tags"] = question_tags
    return data


def pool(**kwargs) -> Pack:
    return checks.validate(Pack, pool_data(**kwargs))


# --- drawing --------------------------------------------------------------------------------


def test_each_attempt_draws_n_questions_and_the_same_seed_draws_the_same_ones():
    pack = pool(draw=3)
    first = [q.id for q in draw_questions(pack, "seed-1")]
    assert len(first) == 3 and len(set(first)) == 3
    assert [q.id for q in draw_questions(pack, "seed-1")] == first
    draws = {tuple(q.id for q in draw_questions(pack, f"seed-{n}")) for n in range(40)}
    assert len(draws) > 5  # different seeds give different questions
    order = [q.id for q in pack.questions]
    assert first == sorted(first, key=order.index)  # asked in the pack's order


def test_draw_by_tag_gives_each_tag_its_count_and_the_rest_from_anywhere():
    pack = pool(draw=4, by_tag={"bones": 2, "liver": 1},
                tags={0: ["bones"], 1: ["bones"], 2: ["bones", "liver"], 3: ["liver"]})
    for n in range(50):
        drawn = draw_questions(pack, n)
        assert len(drawn) == 4
        assert sum("bones" in q.tags for q in drawn) >= 2
        assert sum("liver" in q.tags for q in drawn) >= 1


def test_a_pack_without_draw_gives_every_question():
    pack = checks.validate(Pack, pack_data())
    assert draw_questions(pack, "x") == list(pack.questions)
    session = QuizSession(pack)
    assert session.draw_seed is None and session.attempt_details() == {}


def test_a_pooled_quiz_is_a_whole_quiz_on_the_questions_drawn():
    pack = pool(draw=2)
    session = QuizSession(pack, draw_seed="abc")
    assert session.total == 2 and session.whole_quiz and session.attempt_mode == "quiz"
    assert session.attempt_details() == {"seed": "abc", "questions": [q.id for _p, q in session.items]}
    # practising some questions of it is not a draw, and not a whole quiz
    practice = QuizSession(pack, [pack.questions[0]], mode="practice")
    assert practice.draw_seed is None and not practice.whole_quiz
    check = QuizSession(pack, [pack.questions[0], pack.questions[1]], mode="check")
    assert check.draw_seed is None and not check.whole_quiz


# --- the attempt records the draw; carrying on asks the same questions -----------------------


def test_the_attempt_records_the_seed_and_the_questions_and_carrying_on_asks_them(tmp_path):
    pack = pool(draw=3)
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        session = QuizSession(pack)
        recorder = AttemptRecorder(store, print)
        assert recorder.begin(session) is None
        drawn = [q.id for _p, q in session.items]
        question = session.current
        recorder.record(session, pack, question, session.answer(RIGHT[question.id]), 0)
        session.advance()
    saved = tomllib.loads(path.read_text())["packs"]["test-pack"]["attempts"][-1]
    assert saved["seed"] == session.draw_seed and saved["questions"] == drawn
    # A new session would draw again; the store's attempt brings back the same questions.
    with ProgressStore.open(path) as store:
        for attempt in range(5):
            carried = AttemptRecorder(store, print).begin(QuizSession(pack))
            assert carried is not None
            assert [q.id for _p, q in carried.items] == drawn
            assert carried.number == 2 and carried.earlier_count == 1
            assert carried.draw_seed == session.draw_seed and carried.whole_quiz


def test_a_finished_pooled_attempt_scores_out_of_the_questions_drawn(tmp_path):
    pack = pool(draw=2)
    with ProgressStore.open(tmp_path / "progress.toml") as store:
        session = QuizSession(pack)
        recorder = AttemptRecorder(store, print)
        recorder.begin(session)
        while not session.finished:
            question = session.current
            recorder.record(session, pack, question, session.answer(RIGHT[question.id]), 0)
            session.advance()
        result = session.result()
        recorder.finish(session, result)
        attempt = store.progress.packs["test-pack"].attempts[-1]
        assert (attempt.correct, attempt.total, attempt.percent) == (2, 2, 100)
        assert store.best_score("test-pack") == 100
        assert store.passed("test-pack")


def test_a_drawn_question_removed_from_the_pack_starts_afresh(tmp_path):
    pack = pool(draw=3)

    class Left:
        id = "a"
        answered = 1
        answers = {"q-single": True}
        seed = "s"
        questions = ("q-single", "q-gone", "q-short")

    assert QuizSession(pack).resumed(Left()) is None


# --- validate --------------------------------------------------------------------------------


def problems(tmp_path, data) -> list:
    try:
        load_pack(write_pack(tmp_path, data))
    except ContentError as error:
        return error.problems
    return []


def line_of(tmp_path, text: str) -> int:
    lines = (tmp_path / "pack.toml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def test_validate_names_a_draw_larger_than_the_pack(tmp_path):
    found = problems(tmp_path, pool_data(draw=7))
    assert len(found) == 1
    assert found[0].line == line_of(tmp_path, "draw = 7")
    assert "draw = 7 asks for more questions than the pack has (6)" in found[0].message


def test_validate_names_an_unknown_tag_with_a_suggestion(tmp_path):
    found = problems(tmp_path, pool_data(draw=3, by_tag={"livr": 1}, tags={0: ["liver"]}))
    assert [p.line for p in found] == [line_of(tmp_path, "livr = 1")]
    assert "no question has the tag 'livr'; did you mean 'liver'?" in found[0].message


def test_validate_names_a_tag_asked_for_more_than_it_has(tmp_path):
    found = problems(tmp_path, pool_data(draw=3, by_tag={"bones": 2}, tags={0: ["bones"]}))
    assert [p.line for p in found] == [line_of(tmp_path, "bones = 2")]
    assert "asks for 2 question(s) tagged 'bones', but only 1 question(s) have that tag" in found[0].message


def test_validate_names_draw_by_tag_summing_above_draw(tmp_path):
    found = problems(tmp_path, pool_data(draw=2, by_tag={"a": 2, "b": 1}, tags={0: ["a"], 1: ["a"], 2: ["b"]}))
    assert len(found) == 1
    assert found[0].line == line_of(tmp_path, "[pack.draw_by_tag]")
    assert "draw_by_tag asks for 3 questions in all, more than draw = 2" in found[0].message


def test_validate_names_draw_by_tag_without_draw(tmp_path):
    data = pack_data()
    data["pack"]["draw_by_tag"] = {"a": 1}
    data["questions"][0]["tags"] = ["a"]
    found = problems(tmp_path, data)
    assert len(found) == 1 and "draw_by_tag needs draw" in found[0].message


def test_validate_names_tags_that_overlap_too_much_to_give_what_is_asked(tmp_path):
    found = problems(tmp_path, pool_data(draw=3, by_tag={"a": 1, "b": 1}, tags={0: ["a", "b"]}))
    assert len(found) == 1 and "only 1 question(s) carry any of these tags" in found[0].message


def test_an_inline_draw_by_tag_table_is_placed_on_its_line(tmp_path):
    path = write_pack(tmp_path, pack_data())
    text = path.read_text().replace('pass_mark = 80', 'pass_mark = 80\ndraw = 9\ndraw_by_tag = { nope = 1 }')
    path.write_text(text)
    try:
        load_pack(path)
        found = []
    except ContentError as error:
        found = error.problems
    assert {p.line for p in found} == {line_of(tmp_path, "draw = 9"), line_of(tmp_path, "draw_by_tag")}


def test_the_validate_command_prints_file_line_errors_and_exits_1(tmp_path):
    write_pack(tmp_path, pool_data(draw=9))
    write_lesson(tmp_path)
    result = subprocess.run([sys.executable, "-m", "learnmeta", "validate", str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "draw = 9" in l)
    assert line.startswith(f"pack.toml:{line_of(tmp_path, 'draw = 9')}: error:") or \
        f"pack.toml:{line_of(tmp_path, 'draw = 9')}: error:" in line
    assert "Traceback" not in result.stderr


def test_a_valid_pool_passes_validate_and_the_schema_describes_it(tmp_path, capsys):
    write_pack(tmp_path, pool_data(draw=2, by_tag={"a": 1}, tags={0: ["a"]}))
    write_lesson(tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["schema", "pack"]) == 0
    info = json.loads(capsys.readouterr().out)["$defs"]["PackInfo"]["properties"]
    for key in ("draw", "draw_by_tag", "mode", "time_limit_minutes"):
        assert key in info and info[key].get("description")


# --- the class report -------------------------------------------------------------------------


def test_the_report_counts_each_question_over_the_learners_given_it_and_ranks_them(tmp_path, capsys, monkeypatch):
    """Six questions, two drawn per learner: per-question learners are those given it, and
    discrimination is worked out (one other question each is half of what they were given)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    pack = pool(draw=2)
    folder = tmp_path / "class"
    folder.mkdir()
    given: dict[str, int] = {}
    for learner in range(12):
        with ProgressStore.open(folder / f"l{learner}.toml") as store:
            session = QuizSession(pack, draw_seed=f"seed-{learner}")
            recorder = AttemptRecorder(store, print)
            recorder.begin(session)
            while not session.finished:
                question = session.current
                given[question.id] = given.get(question.id, 0) + 1
                response = RIGHT[question.id] if learner % 3 else "wrong"
                recorder.record(session, pack, question, session.answer(response), 0)
                session.advance()
            recorder.finish(session, session.result())
    assert main(["report", str(folder), "--csv"]) == 0
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
    per_question = {row[2]: row for row in rows if row[0] == "question"}
    assert {qid: int(row[3]) for qid, row in per_question.items()} == given
    assert sum(given.values()) == 24
    # the same learners right on every question they were given: discrimination is there
    assert any(row[8] for row in per_question.values())


def test_the_quiz_lists_say_how_many_questions_each_attempt_asks():
    from learnmeta.quiz.exam import questions_words

    assert questions_words(pool(draw=3)) == "3 of 6 questions each time"
    assert questions_words(checks.validate(Pack, pack_data())) == "6 questions"
    data = pool_data(draw=6)
    data["pack"]["mode"] = "exam"
    assert questions_words(checks.validate(Pack, data)) == "6 questions, an exam"


def test_continue_on_home_counts_a_pooled_quiz_out_of_the_questions_drawn(tmp_path):
    from learnmeta.content.library import load_library
    from learnmeta.study.next_step import next_step

    folder = tmp_path / "c"
    folder.mkdir()
    write_lesson(folder)
    write_pack(folder, pool_data(draw=3))
    library = load_library([folder], builtin=False, user_packs=False)
    pack = library.pack("test-pack")
    with ProgressStore.open(tmp_path / "p.toml") as store:
        session = QuizSession(pack)
        recorder = AttemptRecorder(store, print)
        recorder.begin(session)
        question = session.current
        recorder.record(session, pack, question, session.answer(RIGHT[question.id]), 0)
        step = next_step(library, store)
    assert step.label == "Carry on the quiz: A test pack (question 2 of 3)"


def test_the_report_says_why_a_pool_has_no_reliability_figure(tmp_path):
    from learnmeta.instructor.class_data import ClassData, Answer
    from learnmeta.instructor.report import analyse

    data = ClassData()
    for learner, questions in (("a", ["q1", "q2"]), ("b", ["q2", "q3"]), ("c", ["q1", "q3"])):
        for qid in questions:
            data.answer(learner, "p", qid, Answer(True, "x", "2026-11-24T10:00:00Z"))
        data.drew(learner, "p", 2)
    (pack,) = analyse(data)
    assert pack.reliability.kr20 is None
    assert "with a question pool, each learner is given only some of them" in pack.reliability.note
