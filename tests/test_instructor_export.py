"""`learnmeta export`: a learner's results as CSV, JSON and xAPI 1.0.3 statements."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import uuid
from urllib.parse import urlparse

import pytest

from instructor_helpers import progress_file
from learnmeta.cli import main

VERBS = {f"http://adlnet.gov/expapi/verbs/{v}" for v in ("answered", "completed", "passed", "failed")}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
ANN_ID = "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LEARNMETA_XAPI_BASE", raising=False)
    return tmp_path / "home"


@pytest.fixture
def ann(tmp_path):
    return progress_file(
        tmp_path / "ann.toml",
        "Ann Lee",
        {"pack-a": {"q1": ("Liver cancer", False), "q2": ("True", True)}},
        percent={"pack-a": 50},
        passed={"pack-a": False},
        learner_id=ANN_ID,
    )


def export(tmp_path, capsys, progress, fmt, *extra):
    out = tmp_path / f"out.{fmt}"
    status = main(["export", "--format", fmt, "--progress", str(progress), "-o", str(out), *extra])
    captured = capsys.readouterr()
    return status, out, captured


def is_absolute_iri(value: str) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.path) and " " not in value


def check_statement(statement: dict) -> None:
    """The xAPI 1.0.3 statement structure rules that a Learning Record Store enforces."""
    assert set(statement) <= {"id", "actor", "verb", "object", "result", "context", "timestamp",
                              "stored", "authority", "version", "attachments"}
    uuid.UUID(statement["id"])
    actor = statement["actor"]
    assert actor["objectType"] == "Agent"
    assert sum(key in actor for key in IFIS) == 1, "exactly one inverse functional identifier"
    if "mbox" in actor:
        assert actor["mbox"].startswith("mailto:")
    if "account" in actor:
        assert is_absolute_iri(actor["account"]["homePage"]) and actor["account"]["name"]
    verb = statement["verb"]
    assert verb["id"] in VERBS
    assert all(isinstance(v, str) for v in verb["display"].values())
    obj = statement["object"]
    assert obj.get("objectType", "Activity") == "Activity" and is_absolute_iri(obj["id"])
    result = statement.get("result", {})
    if "score" in result:
        score = result["score"]
        assert -1 <= score["scaled"] <= 1
        if "raw" in score:
            assert score.get("min", score["raw"]) <= score["raw"] <= score.get("max", score["raw"])
    if "success" in result:
        assert isinstance(result["success"], bool)
    when = dt.datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
    assert when.tzinfo is not None
    for parent in statement.get("context", {}).get("contextActivities", {}).get("parent", []):
        assert is_absolute_iri(parent["id"])


def test_csv_rows_hold_learner_pack_question_response_correctness_and_time(tmp_path, capsys, home, ann):
    status, out, captured = export(tmp_path, capsys, ann, "csv")
    assert status == 0, captured.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["pack"], r["question"], r["response"], r["correct"]) for r in rows] == [
        ("pack-a", "q1", "Liver cancer", "false"),
        ("pack-a", "q2", "True", "true"),
    ]
    assert rows[0]["learner"] == ANN_ID and rows[0]["learner_name"] == "Ann Lee"
    assert rows[0]["when"] == "2026-11-20T09:01:00Z"
    assert "Exported 2 answer(s)" in captured.out


def test_json_holds_the_answers_the_attempts_and_the_pack_totals(tmp_path, capsys, home, ann):
    status, out, _ = export(tmp_path, capsys, ann, "json")
    assert status == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["learner"] == ANN_ID and document["learner_name"] == "Ann Lee"
    assert [(a["question"], a["correct"]) for a in document["answers"]] == [("q1", False), ("q2", True)]
    assert document["attempts"][0]["percent"] == 50 and document["attempts"][0]["passed"] is False
    assert document["packs"][0]["best_percent"] == 50


def test_xapi_is_one_valid_statement_per_line(tmp_path, capsys, home, ann):
    status, out, _ = export(tmp_path, capsys, ann, "xapi")
    assert status == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    statements = [json.loads(line) for line in lines]
    for statement in statements:
        check_statement(statement)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    assert verbs == ["answered", "answered", "completed", "failed"]
    first = statements[0]
    assert first["actor"]["name"] == "Ann Lee"
    assert first["actor"]["account"]["name"] == ANN_ID
    assert "mbox" not in first["actor"]
    assert first["object"]["id"].endswith("/packs/pack-a/questions/q1")
    assert first["result"] == {
        "success": False, "completion": True, "response": "Liver cancer",
        "score": {"scaled": 0.0, "raw": 0, "min": 0, "max": 1},
        "extensions": {"https://learnmeta.invalid/xapi/extensions/response-text": "Liver cancer"},
    }
    assert first["timestamp"] == "2026-11-20T09:01:00Z"
    assert first["context"]["contextActivities"]["parent"][0]["id"].endswith("/packs/pack-a")
    completed = statements[2]
    assert completed["object"]["id"].endswith("/packs/pack-a")
    assert completed["result"]["score"]["scaled"] == 0.5
    assert len({s["id"] for s in statements}) == len(statements)


def test_xapi_anonymous_has_no_name_and_the_same_account_every_time(tmp_path, capsys, home, ann, monkeypatch):
    monkeypatch.setenv("LEARNMETA_ANONYMOUS_KEY", "course key")
    _, out, _ = export(tmp_path, capsys, ann, "xapi", "--anonymous")
    actors = [json.loads(line)["actor"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert all("name" not in a and "mbox" not in a for a in actors)
    assert "Ann" not in out.read_text(encoding="utf-8")
    _, again, _ = export(tmp_path, capsys, ann, "xapi", "--anonymous", "--force")
    assert json.loads(again.read_text(encoding="utf-8").splitlines()[0])["actor"] == actors[0]


def test_xapi_uses_an_email_only_when_given(tmp_path, capsys, home, ann):
    _, out, _ = export(tmp_path, capsys, ann, "xapi", "--email", "ann@example.org")
    statement = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    check_statement(statement)
    assert statement["actor"]["mbox"] == "mailto:ann@example.org"
    assert statement["actor"]["name"] == "Ann Lee"
    assert main(["export", "--format", "xapi", "--progress", str(ann), "-o", str(tmp_path / "x"),
                 "--email", "not an address"]) == 2


def test_a_course_can_use_its_own_address_for_activity_ids(tmp_path, capsys, home, ann, monkeypatch):
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", "https://lms.example.edu/learnmeta/")
    _, out, _ = export(tmp_path, capsys, ann, "xapi")
    statement = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert statement["object"]["id"] == "https://lms.example.edu/learnmeta/packs/pack-a/questions/q1"


def test_export_never_changes_the_progress_file(tmp_path, capsys, home, ann):
    before = ann.read_bytes()
    stamp = os.stat(ann).st_mtime_ns
    for fmt in ("csv", "json", "xapi"):
        export(tmp_path, capsys, ann, fmt, "--force")
    assert ann.read_bytes() == before and os.stat(ann).st_mtime_ns == stamp
    assert main(["export", "--format", "csv", "--progress", str(ann), "-o", str(ann), "--force"]) == 2
    assert ann.read_bytes() == before


def test_the_learner_option_finds_the_learner_file_in_the_data_folder(tmp_path, capsys, home):
    (home / "learners").mkdir(parents=True)
    progress_file(home / "learners" / "bo.toml", None, {"p": {"q": ("x", True)}})
    out = tmp_path / "bo.csv"
    assert main(["export", "--format", "csv", "--learner", "Bo", "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["learner_name"] == "Bo" and rows[0]["question"] == "q"
    uuid.UUID(rows[0]["learner"])  # a file from before learner ids: known by its content


def test_a_missing_or_broken_progress_file_is_a_clear_message(tmp_path, capsys, home):
    assert main(["export", "--format", "csv", "--learner", "nobody", "-o", str(tmp_path / "o.csv")]) == 1
    assert "no progress file" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = [", encoding="utf-8")
    assert main(["export", "--format", "csv", "--progress", str(broken), "-o", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_an_existing_output_is_kept_without_force(tmp_path, capsys, home, ann):
    out = tmp_path / "out.csv"
    out.write_text("keep", encoding="utf-8")
    status, _, captured = export(tmp_path, capsys, ann, "csv")
    assert status == 2 and "--force" in captured.err
    assert out.read_text(encoding="utf-8") == "keep"


def test_a_typed_answer_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(tmp_path, capsys, home):
    progress = progress_file(tmp_path / "f.toml", "F", {"p": {"q": ("=HYPERLINK(\"x\")", False)}})
    _, out, _ = export(tmp_path, capsys, progress, "csv")
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["response"] == "'=HYPERLINK(\"x\")"


def test_a_real_store_file_exports(tmp_path, capsys, home):
    from learnmeta.progress import ProgressStore

    path = tmp_path / "real.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Cy")
    attempt = store.start_attempt("pack-a", "1.0.0")
    store.record_answer("pack-a", "1.0.0", "q1", lesson="l", section="s", response="B",
                        correct=True, hints_used=0, attempt_id=attempt)
    store.finish_attempt(attempt, correct=1, total=1, percent=100, passed=True)
    store.close()
    _, out, _ = export(tmp_path, capsys, path, "xapi")
    statements = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for statement in statements:
        check_statement(statement)
    assert [s["verb"]["display"]["en-US"] for s in statements] == ["answered", "completed", "passed"]


# --- one record per answer -------------------------------------------------------------------

T1 = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def retries(tmp_path):
    """Dee answers q1 three times (wrong, wrong, right), and q2 once in between, in one attempt."""
    from learnmeta.progress import ProgressStore

    path = tmp_path / "dee.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Dee")
    attempt = store.start_attempt("pack-a", "1.0.0")
    for minute, qid, response, correct in [
        (0, "q1", "Liver cancer", False),
        (1, "q2", "True", True),
        (2, "q1", "Lung cancer", False),
        (5, "q1", "Colon cancer", True),
    ]:
        store.record_answer("pack-a", "1.0.0", qid, lesson="l", section="s", response=response, correct=correct,
                            hints_used=1 if minute == 5 else 0, attempt_id=attempt,
                            when=T1 + dt.timedelta(minutes=minute))
    store.finish_attempt(attempt, correct=2, total=2, percent=100, passed=True)
    store.close()
    return path


EXPECTED = [
    ("q1", "Liver cancer", False, "2026-11-21T10:00:00Z"),
    ("q2", "True", True, "2026-11-21T10:01:00Z"),
    ("q1", "Lung cancer", False, "2026-11-21T10:02:00Z"),
    ("q1", "Colon cancer", True, "2026-11-21T10:05:00Z"),
]


def test_csv_has_one_row_per_answer_in_time_order(tmp_path, capsys, home, retries):
    status, out, captured = export(tmp_path, capsys, retries, "csv")
    assert status == 0, captured.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question"], r["response"], r["correct"] == "true", r["when"]) for r in rows] == EXPECTED
    assert [r["hints_used"] for r in rows] == ["0", "0", "0", "1"]
    assert {r["from"] for r in rows} == {"history"} and len({r["attempt"] for r in rows}) == 1
    assert rows[0]["attempt"] and rows[0]["pack_version"] == "1.0.0"
    assert [r["times_answered"] for r in rows if r["question"] == "q1"] == ["3", "3", "3"]
    assert "Exported 4 answer(s)" in captured.out


def test_json_has_one_record_per_answer_in_time_order(tmp_path, capsys, home, retries):
    _, out, _ = export(tmp_path, capsys, retries, "json")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format_version"] == 2
    answers = document["answers"]
    assert [(a["question"], a["response"], a["correct"], a["when"]) for a in answers] == EXPECTED
    assert [a["hints_used"] for a in answers] == [0, 0, 0, 1]
    assert all(a["from"] == "history" and a["confidence"] is None for a in answers)
    assert [a["passed"] for a in document["attempts"]] == [True]


def test_xapi_has_one_answered_statement_per_answer_in_time_order(tmp_path, capsys, home, retries):
    _, out, _ = export(tmp_path, capsys, retries, "xapi")
    statements = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for statement in statements:
        check_statement(statement)
    assert [s["verb"]["display"]["en-US"] for s in statements] == ["answered"] * 4 + ["completed", "passed"]
    answered = statements[:4]
    assert [
        (s["object"]["id"].rsplit("/", 1)[1], s["result"]["response"], s["result"]["success"], s["timestamp"])
        for s in answered
    ] == EXPECTED
    assert len({s["id"] for s in statements}) == 6
    attempts = {next(iter(s["context"]["extensions"].values())) for s in answered}
    assert len(attempts) == 1
    _, again, _ = export(tmp_path, capsys, retries, "xapi", "--force")
    assert [json.loads(line)["id"] for line in again.read_text(encoding="utf-8").splitlines()] == [
        s["id"] for s in statements
    ]  # the same answers get the same ids: a Learning Record Store keeps each once


def test_a_file_without_history_still_exports_each_latest_answer_marked_as_such(tmp_path, capsys, home, ann):
    assert "[history]" not in ann.read_text(encoding="utf-8")
    for fmt in ("csv", "json", "xapi"):
        status, out, captured = export(tmp_path, capsys, ann, fmt, "--force")
        assert status == 0 and "Exported 2 answer(s)" in captured.out
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert [(r["question"], r["from"], r["hints_used"], r["times_answered"]) for r in rows] == [
        ("q1", "latest", "", "2"), ("q2", "latest", "", "2"),
    ]
    statement = json.loads((tmp_path / "out.xapi").read_text(encoding="utf-8").splitlines()[0])
    assert statement["context"]["extensions"]["https://learnmeta.invalid/xapi/extensions/from"] == "latest"


def old_file_text(progress) -> str:
    """The text a learnmeta from before the answer log wrote: the answers in ``[history]``."""
    from learnmeta.progress.fileformat import dumps
    from learnmeta.progress.tomltext import value_text as _value
    from learnmeta.progress.model import to_table

    text = dumps(progress)
    end = text.index("\n[end]")
    lines = "".join(f"  {_value(to_table(entry))},\n" for entry in progress.history.answers)
    return text[:end] + "\n[history]\nanswers = [\n" + lines + "]\n" + text[end:]


def test_a_question_answered_before_the_history_window_gives_its_latest_answer(tmp_path, capsys, home):
    from learnmeta.progress.fileformat import read_progress
    from learnmeta.progress.model import HistoryEntry

    path = progress_file(tmp_path / "old.toml", "Old", {"p": {"early": ("A", True), "recent": ("B", False)}})
    progress = read_progress(path)
    recent = progress.questions["p"]["recent"]
    progress.history.answers = [
        HistoryEntry(when=recent.last_answered - dt.timedelta(seconds=30), pack="p", version="1.0.0",
                     question="recent", response="C", correct=True),
        HistoryEntry(when=recent.last_answered, pack="p", version="1.0.0", question="recent",
                     response="B", correct=False),
    ]
    path.write_text(old_file_text(progress), encoding="utf-8")
    _, out, _ = export(tmp_path, capsys, path, "csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["question"], r["response"], r["correct"], r["from"]) for r in rows] == [
        ("early", "A", "true", "latest"),
        ("recent", "C", "true", "history"),
        ("recent", "B", "false", "history"),
    ]


def test_two_answers_in_the_same_second_are_two_statements(tmp_path, capsys, home):
    from learnmeta.progress import ProgressStore

    path = tmp_path / "fast.toml"
    store = ProgressStore.open(path)
    for correct in (False, True):
        store.record_answer("p", "1", "q", lesson="l", section="s", response="x", correct=correct,
                            hints_used=0, when=T1)
    store.close()
    _, out, _ = export(tmp_path, capsys, path, "xapi")
    statements = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["result"]["success"] for s in statements] == [False, True]
    assert statements[0]["id"] != statements[1]["id"]


def test_exports_say_the_pack_result_and_which_attempts_were_whole_quizzes(tmp_path, capsys, home):
    from learnmeta.progress import ProgressStore

    path = tmp_path / "kim.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Kim")
    check = store.start_attempt("pack-a", "1.0.0", mode="practice")  # a lesson's knowledge check
    store.record_answer("pack-a", "1.0.0", "q1", lesson="l", section="s", response="Liver",
                        correct=True, hints_used=0, attempt_id=check)
    store.finish_attempt(check, correct=1, total=1, percent=100, passed=None)
    store.close()
    _, out, _ = export(tmp_path, capsys, path, "csv")
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert (row["pack_best_percent"], row["pack_passed"]) == ("", "")  # a check finishes no pack
    store = ProgressStore.open(path)
    quiz = store.start_attempt("pack-a", "1.0.0", mode="quiz")
    store.record_answer("pack-a", "1.0.0", "q1", lesson="l", section="s", response="Lungs",
                        correct=False, hints_used=0, attempt_id=quiz)
    store.finish_attempt(quiz, correct=0, total=1, percent=0, passed=False)
    store.close()
    _, out, _ = export(tmp_path, capsys, path, "csv", "--force")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["pack_best_percent"], r["pack_passed"]) for r in rows] == [("0", "false")] * 2
    _, out, _ = export(tmp_path, capsys, path, "xapi")
    statements = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    modes = [
        (s["verb"]["display"]["en-US"], s["context"]["extensions"]["https://learnmeta.invalid/xapi/extensions/mode"])
        for s in statements if s["verb"]["display"]["en-US"] != "answered"
    ]
    assert modes == [("completed", "practice"), ("completed", "quiz"), ("failed", "quiz")]
    for statement in statements:
        check_statement(statement)


def test_json_says_how_many_of_a_partial_exams_questions_were_answered(tmp_path, capsys, home):
    """An exam submitted with 2 of 18 answered was handed in as "correct 1, total 18": nothing
    told a teacher that 16 were not answered rather than answered wrongly."""
    import tomllib

    import tomli_w

    path = progress_file(tmp_path / "bo.toml", "Bo", {"pack-a": {"q1": ("Liver cancer", False), "q2": ("True", True)}},
                         percent={"pack-a": 6}, passed={"pack-a": False})
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    attempt = data["packs"]["pack-a"]["attempts"][0]
    attempt.update(answered=2, correct=1, total=18, exam=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    status, out, captured = export(tmp_path, capsys, path, "json")
    assert status == 0, captured.err
    record = json.loads(out.read_text(encoding="utf-8"))["attempts"][0]
    assert (record["answered"], record["correct"], record["total"]) == (2, 1, 18)
