"""`learnmeta report`: a class's results per pack and per question, with broken questions flagged."""

from __future__ import annotations

import csv
import io

import pytest

from factories import write_pack
from instructor_helpers import progress_file
from learnmeta.cli import main
from learnmeta.instructor.report import point_biserial, upper_lower

# Six learners on pack-a. good-1 goes with the rest of the test (point-biserial 0.612, worked
# out by hand in the test below); "bad" is answered right mostly by the weakest learners; pack-b's
# "hard" is answered right by nobody.
_MARKS = ["good-1", "good-2", "good-3", "good-4", "bad"]
CLASS = {
    name: dict(zip(_MARKS, marks))
    for name, marks in {
        "L1": [1, 1, 1, 1, 0],
        "L2": [1, 1, 1, 0, 0],
        "L3": [1, 1, 0, 1, 0],
        "L4": [1, 0, 1, 0, 1],
        "L5": [0, 1, 0, 0, 1],
        "L6": [0, 0, 0, 0, 1],
    }.items()
}
HARD = {"L1": "Liver", "L2": "Liver", "L3": "Lungs"}


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def write_class(folder, names=CLASS, percent=None):
    folder.mkdir(exist_ok=True)
    paths = []
    for name, marks in names.items():
        answers = {"pack-a": {q: ("right" if ok else f"wrong {q}", bool(ok)) for q, ok in marks.items()}}
        if name in HARD:
            answers["pack-b"] = {"hard": (HARD[name], False)}
        paths.append(progress_file(folder / f"{name}.toml", name, answers, percent=percent))
    return paths


def report_csv(capsys, *files) -> list[dict]:
    assert main(["report", "--csv", *map(str, files)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def question_rows(rows):
    return {(r["pack"], r["question"]): r for r in rows if r["kind"] == "question"}


def test_point_biserial_and_upper_lower_match_hand_computed_values():
    assert point_biserial([True, True, True, False, False], [1, 0.5, 0, 0.5, 0]) == pytest.approx(0.327327, abs=1e-6)
    assert point_biserial([True, True, False, False], [1, 0.8, 0.2, 0]) == pytest.approx(0.970143, abs=1e-6)
    assert upper_lower([True, True, False, False], [1, 0.8, 0.2, 0], list("abcd")) == 1.0
    assert upper_lower([False, False, True, True], [1, 0.8, 0.2, 0], list("abcd")) == -1.0
    assert point_biserial([True, True, True], [1, 0.5, 0]) is None  # everyone right
    assert point_biserial([True, False], [0.5, 0.5]) is None  # no spread of scores


def test_facility_discrimination_and_flags_per_question(tmp_path, capsys):
    rows = question_rows(report_csv(capsys, *write_class(tmp_path / "class")))
    facility = {q: r["facility"] for (p, q), r in rows.items()}
    assert facility == {"good-1": "0.667", "good-2": "0.667", "good-3": "0.500", "good-4": "0.333",
                        "bad": "0.500", "hard": "0.000"}
    # good-1: right L1-L4 (rest scores .75 .5 .5 .5), wrong L5 L6 (.5 .25): mean .5, sd .1443,
    # r = (.5625 - .375) / .1443 * sqrt(2/3 * 1/3) = 0.612
    assert rows[("pack-a", "good-1")]["discrimination"] == "0.612"
    assert rows[("pack-a", "good-2")]["discrimination"] == "0.000"
    assert float(rows[("pack-a", "bad")]["discrimination"]) < -0.5
    assert float(rows[("pack-a", "bad")]["upper_lower"]) < 0
    assert rows[("pack-a", "bad")]["flags"] == "negative discrimination"
    assert rows[("pack-a", "good-1")]["flags"] == ""
    assert rows[("pack-b", "hard")]["flags"] == "facility under 0.2"
    assert rows[("pack-b", "hard")]["discrimination"] == ""  # nobody right: not defined
    assert rows[("pack-b", "hard")]["wrong_answers"] == "Liver (2); Lungs (1)"


def test_pack_rows_give_learners_mean_score_and_pass_rate(tmp_path, capsys):
    # best finished quiz scores: 100, 90, 80, 50, 0 -> mean 64, pass (80 %) 3 of 5
    paths = []
    for name, score in zip(CLASS, (100, 90, 80, 50, 0)):
        paths.append(progress_file(tmp_path / f"{name}.toml", name, {"pack-a": {"q": ("x", score >= 80)}},
                                   percent={"pack-a": score}, passed={"pack-a": score >= 80}))
    (pack,) = [r for r in report_csv(capsys, *paths) if r["kind"] == "pack"]
    assert pack["learners"] == "5"
    assert float(pack["mean_score"]) == 64.0
    assert float(pack["pass_rate"]) == 0.6


def test_the_table_shows_each_pack_and_marks_broken_questions(tmp_path, capsys):
    assert main(["report", *map(str, write_class(tmp_path / "class"))]) == 0
    out = capsys.readouterr().out
    assert "Class report from 6 file(s)." in out
    assert "Pack pack-a" in out and "6 learner(s)" in out
    bad_line = next(line for line in out.splitlines() if line.strip().startswith("bad "))
    assert "CHECK: negative discrimination" in bad_line and "0.50" in bad_line
    hard_line = next(line for line in out.splitlines() if line.strip().startswith("hard "))
    assert "CHECK: facility under 0.2" in hard_line and "Liver ×2" in hard_line
    good_line = next(line for line in out.splitlines() if line.strip().startswith("good-1 "))
    assert "CHECK" not in good_line


def test_broken_and_missing_files_are_reported_and_skipped(tmp_path, capsys):
    paths = write_class(tmp_path / "class")
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = [", encoding="utf-8")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    cut = tmp_path / "cut.jsonl"
    cut.write_text('{"actor": {"name": "Z"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}', encoding="utf-8")
    wrong_csv = tmp_path / "other.csv"
    wrong_csv.write_text("a,b\n1,2\n", encoding="utf-8")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello", encoding="utf-8")
    files = [*paths, broken, binary, cut, wrong_csv, odd, tmp_path / "missing.toml"]
    assert main(["report", "--csv", *map(str, files)]) == 0
    captured = capsys.readouterr()
    for path in (broken, binary, cut, wrong_csv, odd, tmp_path / "missing.toml"):
        assert f"skipped {path}:" in captured.err
    assert "Traceback" not in captured.err
    facility = {r["question"]: r["facility"] for r in csv.DictReader(io.StringIO(captured.out)) if r["question"]}
    assert facility["good-1"] == "0.667"


def test_when_no_file_can_be_read_the_exit_status_is_1(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text("not = [toml", encoding="utf-8")
    assert main(["report", str(broken), str(tmp_path / "missing.csv")]) == 1
    assert "no file could be read" in capsys.readouterr().err


def test_exports_in_every_format_give_the_same_report_as_the_progress_files(tmp_path, capsys):
    paths = write_class(tmp_path / "class")
    expected = report_csv(capsys, *paths)
    mixed = paths[:3]
    for path, fmt, suffix in zip(paths[3:], ("json", "csv", "xapi"), ("json", "csv", "jsonl")):
        out = tmp_path / f"{path.stem}.{suffix}"
        assert main(["export", "--format", fmt, "--progress", str(path), "-o", str(out)]) == 0
        mixed.append(out)
    capsys.readouterr()
    assert report_csv(capsys, *mixed) == expected


def test_an_xapi_export_named_json_is_read_as_statements_one_per_line(tmp_path, capsys):
    """`export --format xapi -o ann.json` writes one statement per line; `report ann.json` used
    to skip it as "not valid JSON (Extra data)", so an instructor's own export made no report."""
    paths = write_class(tmp_path / "class")
    expected = report_csv(capsys, *paths)
    exports = []
    for path in paths:
        out = tmp_path / f"{path.stem}.json"
        assert main(["export", "--format", "xapi", "--progress", str(path), "-o", str(out)]) == 0
        exports.append(out)
    capsys.readouterr()
    assert main(["report", "--csv", *map(str, exports)]) == 0
    captured = capsys.readouterr()
    assert "skipped" not in captured.err
    assert list(csv.DictReader(io.StringIO(captured.out))) == expected


def test_a_json_file_that_is_neither_json_nor_statements_says_so(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    assert main(["report", str(broken)]) == 1
    assert "broken.json" in capsys.readouterr().err


def test_the_same_learner_in_two_files_is_counted_once(tmp_path, capsys):
    paths = write_class(tmp_path / "class")
    export = tmp_path / "L1.json"
    main(["export", "--format", "json", "--progress", str(paths[0]), "-o", str(export)])
    capsys.readouterr()
    (pack,) = [r for r in report_csv(capsys, *paths, export) if r["kind"] == "pack" and r["pack"] == "pack-a"]
    assert pack["learners"] == "6"


def test_a_folder_stands_for_the_files_in_it_and_output_can_go_to_a_file(tmp_path, capsys):
    write_class(tmp_path / "class")
    out = tmp_path / "report.csv"
    assert main(["report", "--csv", str(tmp_path / "class"), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["question"] for r in rows if r["kind"] == "question"} == {*_MARKS, "hard"}


def test_wrong_choices_of_a_known_pack_are_counted_including_those_never_picked(tmp_path, capsys, home):
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs")  # test-pack: q-single (right: Choice b), q-multiple (right: a and c)
    answers = [
        {"q-single": ("Choice a", False), "q-multiple": ("Choice a; Choice b", False)},
        {"q-single": ("Choice a", False), "q-multiple": ("Choice a; Choice c", True)},
        {"q-single": ("Choice b", True), "q-multiple": ("Choice b", False)},
    ]
    files = [progress_file(tmp_path / f"p{i}.toml", f"P{i}", {"test-pack": a}) for i, a in enumerate(answers)]
    rows = question_rows(report_csv(capsys, *files))
    assert rows[("test-pack", "q-single")]["wrong_answers"] == "Choice a (2); Choice c (0)"
    assert rows[("test-pack", "q-multiple")]["wrong_answers"] == "Choice b (2)"


def test_text_from_files_cannot_send_escape_codes_to_the_terminal(tmp_path, capsys):
    path = progress_file(tmp_path / "e.toml", "E", {"pack-\x1b[31m": {"q": ("\x1b]0;pwned\x07x", False)}})
    main(["report", str(path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


# --- many answers per question ---------------------------------------------------------------


def _store_file(path, name, answers):
    """A real learner's file: ``answers`` is a list of (question id, correct), in the order given."""
    import datetime as dt

    from learnmeta.progress import ProgressStore

    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
    store = ProgressStore.open(path)
    store.update_settings(name=name)
    for minute, (qid, correct) in enumerate(answers):
        store.record_answer("pack-r", "1.0.0", qid, lesson="l", section="s",
                            response="right" if correct else f"wrong {qid} {minute}", correct=correct,
                            hints_used=0, when=start + dt.timedelta(minutes=minute))
    store.close()
    return path


def retry_class(folder):
    """R1 misses q1 twice then gets it; R2 gets it at once; R3 misses it then gets it."""
    folder.mkdir(exist_ok=True)
    return [
        _store_file(folder / "R1.toml", "R1", [("q1", False), ("q2", True), ("q1", False), ("q1", True)]),
        _store_file(folder / "R2.toml", "R2", [("q1", True), ("q2", True)]),
        _store_file(folder / "R3.toml", "R3", [("q1", False), ("q2", False), ("q1", True)]),
    ]


def test_facility_is_from_first_answers_and_latest_shows_what_was_learned(tmp_path, capsys):
    rows = question_rows(report_csv(capsys, *retry_class(tmp_path / "class")))
    q1 = rows[("pack-r", "q1")]
    # first answers: R1 wrong, R2 right, R3 wrong -> 1/3; latest answers: all right
    assert (q1["facility"], q1["latest_facility"], q1["learners"], q1["all_answers"]) == ("0.333", "1.000", "3", "6")
    # the wrong first answers, not the later ones
    assert q1["wrong_answers"] == "wrong q1 0 (2)"
    assert q1["flags"] == ""
    q2 = rows[("pack-r", "q2")]
    assert (q2["facility"], q2["latest_facility"], q2["all_answers"]) == ("0.667", "0.667", "3")
    # q1 first answers against q2 first answers (rest scores 1, 1, 0): right only R2 (1) ->
    # point-biserial (1 - 0.5) / 0.4714 * sqrt(1/3 * 2/3) = 0.5
    assert q1["discrimination"] == "0.500"


def test_a_learners_progress_file_and_exports_of_it_count_each_answer_once(tmp_path, capsys):
    paths = retry_class(tmp_path / "class")
    expected = report_csv(capsys, *paths)
    exports = []
    for path, fmt, suffix in zip(paths, ("json", "csv", "xapi"), ("json", "csv", "jsonl")):
        out = tmp_path / f"{path.stem}.{suffix}"
        assert main(["export", "--format", fmt, "--progress", str(path), "-o", str(out)]) == 0
        exports.append(out)
    capsys.readouterr()
    assert report_csv(capsys, *exports) == expected
    assert report_csv(capsys, *paths, *exports) == expected


def test_the_table_shows_first_try_and_latest_facility(tmp_path, capsys):
    assert main(["report", *map(str, retry_class(tmp_path / "class"))]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.strip().startswith("Question"))
    assert header.split()[:4] == ["Question", "Learners", "Facility", "Latest"]
    q1_line = next(line for line in out.splitlines() if line.strip().startswith("q1 "))
    assert q1_line.split()[1:4] == ["3", "0.33", "1.00"]


# --- pack scores: finished whole-pack quizzes only --------------------------------------------

BUILT_IN = "what-is-metastatic-cancer"  # installed with learnmeta: pass mark 80 %


def _learner(path, name, attempts):
    """A real learner's file. ``attempts``: (pack, mode, [(question, correct)...], finish), where
    ``finish`` is (percent, passed) or None for an attempt left unfinished."""
    import datetime as dt

    from learnmeta.progress import ProgressStore

    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
    minute = 0
    store = ProgressStore.open(path)
    store.update_settings(name=name)
    for pack, mode, answers, finish in attempts:
        attempt = store.start_attempt(pack, "1.0.0", mode=mode)
        for qid, correct in answers:
            minute += 1
            store.record_answer(pack, "1.0.0", qid, lesson="l", section="s",
                                response="right" if correct else f"wrong {qid}", correct=correct,
                                hints_used=0, attempt_id=attempt, when=start + dt.timedelta(minutes=minute))
        if finish is not None:
            percent, passed = finish
            right = sum(ok for _, ok in answers)
            store.finish_attempt(attempt, correct=right, total=len(answers), percent=percent, passed=passed)
    store.close()
    return path


def pack_row(rows, pack):
    (row,) = [r for r in rows if r["kind"] == "pack" and r["pack"] == pack]
    return row


def test_an_unfinished_check_and_one_right_review_answer_give_no_score(tmp_path, capsys):
    # The reviewer's case: a knowledge check left part way, then one right answer in a review.
    path = _learner(tmp_path / "K.toml", "K", [
        (BUILT_IN, "check", [("naming-rule", True), ("liver-cancer", False)], None),
        (BUILT_IN, "review", [("liver-cancer", True)], (100, None)),
    ])
    row = pack_row(report_csv(capsys, path), BUILT_IN)
    assert (row["learners"], row["finished"], row["mean_score"], row["pass_rate"]) == ("1", "0", "", "")
    assert main(["report", str(path)]) == 0
    out = capsys.readouterr().out
    assert "1 learner(s), 0 finished a quiz: mean score —, pass rate — (pass mark 80%)" in out
    assert "100%" not in out


def test_mean_score_and_pass_rate_are_over_the_learners_who_finished(tmp_path, capsys):
    q = [("q1", True), ("q2", False)]
    paths = [
        # A: failed at 40, then passed at 90 -> best 90, passed
        _learner(tmp_path / "A.toml", "A", [("pack-m", "quiz", q, (40, False)), ("pack-m", "quiz", q, (90, True))]),
        _learner(tmp_path / "B.toml", "B", [("pack-m", "quiz", q, (70, False))]),  # best 70, failed
        _learner(tmp_path / "C.toml", "C", [("pack-m", "quiz", [("q1", True), ("q2", True)], None)]),  # never finished
        _learner(tmp_path / "D.toml", "D", [("pack-m", "quiz", q, (85, True))]),
    ]
    row = pack_row(report_csv(capsys, *paths), "pack-m")
    # finished: A 90 (passed), B 70 (failed), D 85 (passed); C counts as a learner only
    # mean (90 + 70 + 85) / 3 = 81.67; pass rate 2 / 3
    assert (row["learners"], row["finished"], row["mean_score"], row["pass_rate"]) == ("4", "3", "81.7", "0.667")
    assert main(["report", *map(str, paths)]) == 0
    out = capsys.readouterr().out
    assert "4 learner(s), 3 finished a quiz: mean score 82%, pass rate 67%" in out


def test_knowledge_checks_practice_and_reviews_never_finish_the_pack(tmp_path, capsys):
    everything_right = [("naming-rule", True), ("liver-cancer", True)]
    k = _learner(tmp_path / "K.toml", "K", [
        (BUILT_IN, "check", everything_right, (100, None)),
        (BUILT_IN, "practice", everything_right, (100, None)),  # the app stores a check as "practice"
        (BUILT_IN, "review", everything_right, (100, None)),
    ])
    q = _learner(tmp_path / "Q.toml", "Q", [(BUILT_IN, "quiz", [("naming-rule", True), ("liver-cancer", False)], (60, False))])
    rows = report_csv(capsys, k, q)
    row = pack_row(rows, BUILT_IN)
    assert (row["learners"], row["finished"], row["mean_score"], row["pass_rate"]) == ("2", "1", "60.0", "0.000")
    # the same from every kind of export, which must say which attempts were whole quizzes
    for fmt, suffix in (("json", "json"), ("csv", "csv"), ("xapi", "jsonl")):
        outs = []
        for path in (k, q):
            out = tmp_path / f"{path.stem}-{fmt}.{suffix}"
            assert main(["export", "--format", fmt, "--progress", str(path), "-o", str(out)]) == 0
            outs.append(out)
        capsys.readouterr()
        assert report_csv(capsys, *outs) == rows, fmt


def test_a_best_score_that_reaches_the_pass_mark_of_a_known_pack_passes(tmp_path, capsys, home):
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs")  # test-pack, pass mark 80
    q = [("q-single", True), ("q-multiple", False)]
    paths = [
        # recorded as failed (the mark was higher then), but 85 reaches today's 80
        _learner(tmp_path / "A.toml", "A", [("test-pack", "quiz", q, (85, False))]),
        _learner(tmp_path / "B.toml", "B", [("test-pack", "quiz", q, (70, False))]),
    ]
    row = pack_row(report_csv(capsys, *paths), "test-pack")
    assert (row["finished"], row["mean_score"], row["pass_rate"]) == ("2", "77.5", "0.500")


def test_exports_give_the_same_pack_scores_as_the_progress_files(tmp_path, capsys):
    q = [("q1", True), ("q2", False)]
    paths = [
        _learner(tmp_path / "A.toml", "A", [("pack-m", "check", q, None), ("pack-m", "quiz", q, (90, True))]),
        _learner(tmp_path / "B.toml", "B", [("pack-m", "quiz", q, (50, False)), ("pack-m", "review", q, (100, None))]),
        _learner(tmp_path / "C.toml", "C", [("pack-m", "check", [("q1", True)], (100, None))]),
    ]
    expected = report_csv(capsys, *paths)
    row = pack_row(expected, "pack-m")
    assert (row["learners"], row["finished"], row["mean_score"], row["pass_rate"]) == ("3", "2", "70.0", "0.500")
    for fmt, suffix in (("json", "json"), ("csv", "csv"), ("xapi", "jsonl")):
        outs = []
        for path in paths:
            out = tmp_path / f"{path.stem}-{fmt}.{suffix}"
            assert main(["export", "--format", fmt, "--progress", str(path), "-o", str(out)]) == 0
            outs.append(out)
        capsys.readouterr()
        assert report_csv(capsys, *outs) == expected, fmt
        assert report_csv(capsys, *paths, *outs) == expected, fmt  # counted once


def test_learners_who_answered_few_other_questions_are_left_out_of_discrimination(tmp_path, capsys):
    paths = write_class(tmp_path / "class")
    # L7 answered only good-1 (right) and bad (wrong): one other question, under half of the
    # pack's four others, so a "score" of 0 on it would be noise; L7 still counts for facility.
    paths.append(progress_file(tmp_path / "class" / "L7.toml", "L7",
                               {"pack-a": {"good-1": ("right", True), "bad": ("wrong bad", False)}}))
    rows = question_rows(report_csv(capsys, *paths))
    assert rows[("pack-a", "good-1")]["facility"] == "0.714"  # 5 of 7
    assert rows[("pack-a", "good-1")]["learners"] == "7"
    assert rows[("pack-a", "good-1")]["discrimination"] == "0.612"  # as without L7 (worked out above)


def test_the_csv_report_sends_no_terminal_escapes_from_a_handed_in_file(tmp_path, capsys):
    """``report --csv`` prints to the terminal when there is no -o: a student's file whose pack
    and question ids (keys in the progress file, not cleaned text) hold an escape sequence must
    not retitle the instructor's terminal, as the table does not. Such ids are not ids the progress
    model takes (model.Key): the file is named as not readable, in plain words, and skipped."""
    path = progress_file(tmp_path / "ann.toml", "Ann",
                         {"pack\x1b]0;owned\x07": {"q\x9b2J": ("an answer", False)}})
    capsys.readouterr()
    status = main(["report", "--csv", str(path)])
    out, err = capsys.readouterr()
    assert status == 1 and "ann.toml" in err
    assert not any(char in out + err for char in "\x1b\x07\x9b")


def test_report_o_naming_one_of_the_files_it_reads_writes_nothing(tmp_path, capsys):
    """`report -o class/*.toml` (for `report class/*.toml -o FILE`) made the first learner's
    file the output: the report was written over it."""
    first = progress_file(tmp_path / "ann.toml", "Ann", {"pack-a": {"q1": ("an answer", True)}})
    second = progress_file(tmp_path / "bob.toml", "Bob", {"pack-a": {"q1": ("an answer", False)}})
    before = first.read_bytes()
    assert main(["report", "-o", str(first), str(second)]) == 2
    assert "is not a report" in capsys.readouterr().err
    assert first.read_bytes() == before
    for csv_flag in ([], ["--csv"]):  # a report learnmeta wrote may be written again
        for _ in range(2):
            assert main(["report", *csv_flag, str(first), str(second), "-o", str(tmp_path / "report.txt")]) == 0
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("kind,pack")


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_an_output_that_is_not_a_regular_file_is_refused_even_with_force(tmp_path, capsys, kind):
    """Outputs are written by replacing the name: with --force, a link (or, as root, /dev/null
    itself) was replaced by a regular file."""
    import os

    target = tmp_path / "target.toml"
    target.write_text("kept", encoding="utf-8")
    output = tmp_path / "out.toml"
    if kind == "link":
        output.symlink_to(target)
    else:
        os.mkfifo(output)
    assert main(["new-pack", "my-pack", "-o", str(output), "--force"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert output.is_symlink() if kind == "link" else not output.is_file()
    assert target.read_text(encoding="utf-8") == "kept"


def test_a_long_wrong_answer_is_cut_with_an_ellipsis_in_the_table(tmp_path, capsys):
    """The table keeps each wrong answer to 40 characters; one cut short ends in "…", so
    "Through the air, from one person to anot" is not read as the whole answer."""
    long = "Through the air, from one person to another, like a cold"
    paths = write_class(tmp_path / "class", names={"L1": CLASS["L1"]})
    paths.append(progress_file(tmp_path / "class" / "L9.toml", "L9", {"pack-b": {"hard": (long, False)}}))
    assert main(["report", *map(str, paths)]) == 0
    hard_line = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("hard "))
    assert hard_line.endswith("Liver ×1; Through the air, from one person to ano… ×1"), hard_line


def test_questions_of_a_known_pack_that_nobody_answered_are_named(tmp_path, capsys, home):
    """A question every learner skipped (or never reached) had no row at all, so the table of
    a 6-question pack showed 2 rows and said nothing of the other 4; they are now named under it."""
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs")  # test-pack: q-single, q-multiple, q-true-false, q-matching, q-ordering, q-short
    files = [progress_file(tmp_path / f"p{i}.toml", f"P{i}",
                           {"test-pack": {"q-single": ("Choice b", True), "q-multiple": ("Choice b", False)}})
             for i in range(2)]
    assert main(["report", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert ("  Not answered by any learner (skipped, or not reached): q-true-false, q-matching, "
            "q-ordering, q-short") in out.splitlines(), out


def test_a_misconception_whose_questions_nobody_answered_has_no_row(tmp_path, capsys, home):
    """m-a stands for a choice of q-single, which no learner answered: its row said
    '0 of 0 answer(s) (-)', noise beside the list of unanswered questions. It is left out."""
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs")
    files = [progress_file(tmp_path / f"p{i}.toml", f"P{i}", {"test-pack": {"q-multiple": ("Choice b", False)}})
             for i in range(2)]
    assert main(["report", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert "q-single" in next(line for line in out.splitlines() if "Not answered by any learner" in line), out
    assert "0 of 0" not in out, out
    assert "Misconceptions" not in out, out  # no misconception left to show, so no heading


def test_a_misconception_whose_questions_were_answered_keeps_its_row(tmp_path, capsys, home):
    (home / "packs").mkdir(parents=True)
    write_pack(home / "packs")
    files = [progress_file(tmp_path / "p.toml", "P", {"test-pack": {"q-single": ("Choice a", False)}})]
    assert main(["report", *map(str, files)]) == 0
    out = capsys.readouterr().out
    assert any(line.split()[:4] == ["m-a", "1", "of", "1"] for line in out.splitlines()), out


def test_a_pack_id_with_no_results_names_the_packs_there_are(tmp_path, capsys):
    """An instructor's --pack with a typo is told the nearest id and the packs the files hold."""
    files = write_class(tmp_path / "class")
    assert main(["report", "--pack", "pack-aa", *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert "no results for pack 'pack-aa'. Did you mean 'pack-a'? The results are for: pack-a, pack-b." in err, err


def test_the_note_on_broken_looking_questions_says_when_too_few_learners_answered(tmp_path, capsys):
    """'hard' is flagged on the answers of 3 learners: the table says so many are too few to
    judge yet; 'bad' (6 learners) is not counted among them."""
    assert main(["report", *map(str, write_class(tmp_path / "class"))]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("2 question(s) marked CHECK look broken: re-read the question, its right answer and its "
            "choices. 1 of them was answered by fewer than 5 learners: with so few, one answer moves "
            "the figures a lot, so look again when more have answered.") in out, out
