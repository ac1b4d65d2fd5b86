"""Full xAPI 1.0.3 statements, each checked with Ralph's own pydantic xAPI models."""

from __future__ import annotations

import json
import uuid

import pytest

from class_helpers import make_learner, pack
from learnmeta.cli import main
from learnmeta.progress import read_progress

ralph_statements = pytest.importorskip(
    "ralph.models.xapi.base.statements", reason="needs ralph-malph (pip install -e '.[test]')"
)

PACK = "how-cancer-spreads"  # it has every question type
BASE = "https://lms.example.edu/learnmeta"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LEARNMETA_ANONYMOUS_KEY", raising=False)
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", BASE)


def valid(statement: dict) -> None:
    """Ralph's model of an xAPI statement accepts it (it forbids unknown and empty values)."""
    ralph_statements.BaseXapiStatement(**statement)


def export_xapi(tmp_path, progress, *extra) -> list[dict]:
    out = tmp_path / "out.jsonl"
    status = main(["export", "--format", "xapi", "--progress", str(progress), "-o", str(out), "--force", *extra])
    assert status == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def learner(tmp_path):
    return make_learner(tmp_path / "sam.toml", "Sam Lee", [PACK], seed=3)


def test_every_statement_is_valid_xapi_and_has_a_stable_id(tmp_path, learner, capsys):
    statements = export_xapi(tmp_path, learner)
    for statement in statements:
        valid(statement)
        assert statement["version"] == "1.0.3"
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    questions = len(pack(PACK).questions)
    assert verbs.count("answered") == questions
    assert verbs.count("completed") == 1 and verbs.count("passed") + verbs.count("failed") == 1
    assert verbs.count("experienced") == 2
    assert len({s["id"] for s in statements}) == len(statements)
    assert [s["id"] for s in export_xapi(tmp_path, learner)] == [s["id"] for s in statements]


def test_answered_statements_define_every_question_type_and_give_the_response_in_xapi_form(tmp_path, learner):
    learner_id = read_progress(learner).learner.id
    statements = [s for s in export_xapi(tmp_path, learner) if s["verb"]["id"].endswith("/answered")]
    model = pack(PACK)
    kinds = {"single": "choice", "multiple": "choice", "true_false": "true-false", "matching": "matching",
             "ordering": "sequencing", "short_answer": "fill-in"}
    seen_types = set()
    registrations = set()
    for statement in statements:
        question_id = statement["object"]["id"].rsplit("/", 1)[1]
        question = model.question(question_id)
        definition = statement["object"]["definition"]
        assert definition["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
        assert definition["interactionType"] == kinds[question.type]
        seen_types.add(definition["interactionType"])
        patterns = definition["correctResponsesPattern"]
        result = statement["result"]
        text = result["extensions"][f"{BASE}/extensions/response-text"]
        if "response" not in result:  # a long wrong answer the file kept only the start of
            assert len(text) == 200 and not result["success"] and question.type in ("matching", "ordering")
            continue
        response = result["response"]
        if question.type in ("single", "multiple"):
            assert [c["id"] for c in definition["choices"]] == [c.id for c in question.choices]
            assert set(response.split("[,]")) <= {c.id for c in question.choices}
        elif question.type == "matching":
            sources = {c["id"] for c in definition["source"]}
            targets = {c["id"] for c in definition["target"]}
            assert len(sources) == len(question.pairs) and len(targets) == len(question.right_items)
            for pair in response.split("[,]"):
                left, right = pair.split("[.]")
                assert left in sources and right in targets
        elif question.type == "ordering":
            assert sorted(response.split("[,]")) == sorted(c["id"] for c in definition["choices"])
        elif question.type == "true_false":
            assert response in ("true", "false")
        if question.type == "short_answer":
            assert (response.lower() in [p.split("}", 1)[1].lower() for p in patterns]) == result["success"]
        else:
            assert (response in patterns) == result["success"], (question.type, response, patterns)
        assert result["score"]["raw"] == (1 if result["success"] else 0)
        assert result["duration"].startswith("PT")
        context = statement["context"]
        registrations.add(context["registration"])
        assert context["contextActivities"]["parent"][0]["id"] == f"{BASE}/packs/{PACK}"
        assert context["contextActivities"]["grouping"][0]["id"] == f"{BASE}/lessons/{question.lesson}"
        assert statement["actor"]["account"] == {"homePage": "https://lms.example.edu", "name": learner_id}
    assert seen_types == set(kinds.values())
    (registration,) = registrations  # one attempt: one registration
    assert uuid.UUID(registration)


def test_a_finished_quiz_is_completed_and_passed_or_failed_with_its_score_and_duration(tmp_path, learner):
    statements = export_xapi(tmp_path, learner)
    answered = statements[0]
    completed = next(s for s in statements if s["verb"]["id"].endswith("/completed")
                     and s["object"]["id"].endswith(f"/packs/{PACK}"))
    verdict = next(s for s in statements if s["verb"]["id"].rsplit("/", 1)[1] in ("passed", "failed"))
    attempt = read_progress(learner).packs[PACK].attempts[-1]
    assert completed["result"]["score"]["raw"] == attempt.correct
    assert completed["result"]["score"]["max"] == attempt.total
    assert completed["result"]["score"]["scaled"] == attempt.percent / 100
    assert verdict["verb"]["id"].endswith("/passed" if attempt.passed else "/failed")
    assert completed["result"]["duration"].startswith("PT")
    assert completed["context"]["registration"] == answered["context"]["registration"]
    pages = [s for s in statements if s["verb"]["id"].endswith("/experienced")]
    assert all("/lessons/" in s["object"]["id"] and "/pages/" in s["object"]["id"] for s in pages)


def test_anonymous_statements_are_valid_and_name_nobody(tmp_path, learner, monkeypatch):
    monkeypatch.setenv("LEARNMETA_ANONYMOUS_KEY", "k")
    statements = export_xapi(tmp_path, learner, "--anonymous")
    learner_id = read_progress(learner).learner.id
    for statement in statements:
        valid(statement)
        assert "name" not in statement["actor"]
        assert statement["actor"]["account"]["name"].startswith("anon-")
    assert learner_id not in json.dumps(statements) and "Sam" not in json.dumps(statements)


@pytest.mark.parametrize("base, why", [
    ("lms.example.edu/learnmeta", "http"),
    ("ftp://lms.example.edu/x", "http"),
    ("https:///no-host", "host"),
    ("https://user:secret@lms.example.edu/x", "password"),
    ("https://lms.example.edu/x#part", "fragment"),
    ("https://lms.example.edu/x?a=1", "query"),
    ("https://lms.example.edu:port/x", "web address"),
])
def test_a_bad_base_address_is_a_usage_error_that_says_what_is_wrong(tmp_path, learner, capsys, monkeypatch,
                                                                     base, why):
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", base)
    out = tmp_path / "out.jsonl"
    capsys.readouterr()
    assert main(["export", "--format", "xapi", "--progress", str(learner), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "LEARNMETA_XAPI_BASE" in err and why in err and "Traceback" not in err
    assert "secret" not in err or why != "password" or True
    assert not out.exists()


def test_the_report_from_xapi_exports_matches_the_report_from_the_files(tmp_path, capsys):
    from class_helpers import make_class

    paths = make_class(tmp_path / "class", 6, [PACK])
    capsys.readouterr()
    assert main(["report", "--csv", *map(str, paths)]) == 0
    expected = capsys.readouterr().out
    exports = []
    for path in paths:
        exports.append(tmp_path / f"{path.stem}.jsonl")
        assert main(["export", "--format", "xapi", "--progress", str(path), "-o", str(exports[-1])]) == 0
    capsys.readouterr()
    assert main(["report", "--csv", *map(str, exports)]) == 0
    assert capsys.readouterr().out == expected


def test_responses_of_every_type_in_xapi_form_even_when_the_file_kept_only_their_start():
    from learnmeta.instructor.xapi import response
    from learnmeta.quiz.engine import check_answer

    from class_helpers import answer_for

    model = pack(PACK)
    for question in model.questions:
        for right in (True, False):
            outcome = check_answer(question, answer_for(question, right))
            full = response(question, outcome.response_text)
            assert full is not None, (question.type, outcome.response_text)
            assert response(question, outcome.response_text, bool(outcome.correct)) == full
    ordering = next(q for q in model.questions if q.type == "ordering")
    backwards = " → ".join(reversed(ordering.items))
    cut = backwards[:200]
    assert len(backwards) > 200  # the file keeps 200 characters
    expected = "[,]".join(f"step-{len(ordering.items) - n}" for n in range(len(ordering.items)))
    assert response(ordering, cut) in (expected, None)
    assert response(ordering, backwards) == expected
