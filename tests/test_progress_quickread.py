"""learnmeta.progress.quickread: a progress file's question lines read without tomli, giving
exactly what tomli gives (or tomli's own error) for every file, written or damaged."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import tomli

from learnmeta import tomlread
from learnmeta.progress import ProgressStore, fileformat, quickread
from learnmeta.progress.model import UTC, Progress, QuestionProgress, ReviewState, Settings


def _outcome(loads, text: str) -> str:
    try:
        return "ok " + repr(loads(text))  # repr: the types too (int/bool, float, time zone)
    except tomli.TOMLDecodeError as error:
        return f"error {error}"


def _same(text: str) -> str:
    quick = _outcome(quickread.loads, text)
    assert quick == _outcome(tomli.loads, text), text
    return quick


def _learner_file(tmp_path, answers: int = 300) -> str:
    store = ProgressStore.open(tmp_path / "learner.toml")
    real_save = store._save
    store._save = lambda *args, **kwargs: True  # made quickly; saved once at the end
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    attempt = None
    for n in range(answers):
        pack_id = f"pack-{(n // 50) % 3}"
        if n % 50 == 0:
            attempt = store.start_attempt(pack_id, "1.0.0")
        store.record_answer(pack_id, "1.0.0", f"q-{n % 70:03d}", lesson="a-lesson",
                            section=f"section-{n % 6}", response=["bone", "Liver ✓", ""][n % 3],
                            correct=n % 4 != 0, hints_used=n % 2, attempt_id=attempt,
                            when=start + dt.timedelta(minutes=7 * n), confidence=[None, 1, 3][n % 3])
        if n % 50 == 49:
            store.finish_attempt(attempt, correct=40, total=50, percent=80, passed=True)
    store._save = real_save
    assert store.save()
    store.close()
    return (tmp_path / "learner.toml").read_text(encoding="utf-8")


def test_a_file_the_store_wrote_reads_the_same_and_tomli_parses_only_the_rest(tmp_path, monkeypatch):
    text = _learner_file(tmp_path)
    parsed = []
    real = tomlread.loads
    monkeypatch.setattr(tomlread, "loads", lambda t: parsed.append(len(t)) or real(t))
    assert quickread.loads(text) == tomli.loads(text)
    assert len(parsed) == 1 and parsed[0] < len(text) / 3  # the question lines were read here
    assert _same(text).startswith("ok ")
    progress = fileformat.loads(text.encode("utf-8"))
    assert progress == fileformat.from_table(tomli.loads(text))
    assert sum(len(q) for q in progress.questions.values()) > 100


def test_every_field_a_question_may_leave_out_in_every_combination():
    fields = ["last_correct", "last_answered", "lesson", "section", "review", "last_confidence"]
    review_fields = ["step", "stability", "difficulty"]
    when = dt.datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    for mask in range(2 ** len(fields)):
        for review_mask in range(2 ** len(review_fields)):
            given = {name for bit, name in enumerate(fields) if mask >> bit & 1}
            review = ReviewState(due=when, state="review",
                                 step=1 if review_mask & 1 else None,
                                 stability=[0.0216, 1e-05, 64.0, 3.5e+20][mask % 4] if review_mask & 2 else None,
                                 difficulty=-0.5 if review_mask & 4 else None)
            record = QuestionProgress(
                seen=12, correct=0, hints_used=100,
                last_correct=(mask % 3 == 0) if "last_correct" in given else None,
                last_answered=when if "last_answered" in given else None,
                last_answer="an answer, with ‘quotes’ and émojis 🙂" if mask & 1 else "",
                lesson="lesson-1" if "lesson" in given else None,
                section="s_2" if "section" in given else None,
                review=review if "review" in given else None,
                last_confidence=2 if "last_confidence" in given else None,
            )
            progress = Progress(created=when, learner=Settings(id="0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"),
                                questions={"a-pack": {"q1": record, "q-2": record}})
            text = fileformat.dumps(progress)
            assert quickread._split(text)[1]["a-pack"]  # read here, not left to tomli
            assert _same(text).startswith("ok ")
            assert fileformat.loads(text.encode("utf-8")) == fileformat.from_table(tomli.loads(text))


HEADER = "schema_version = 1\n\n[learner]\nid = \"0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10\"\n\n"
LINE = ('q1 = { seen = 1, correct = 1, hints_used = 0, last_correct = true, '
        'last_answered = 2026-12-05T06:45:16+00:00, last_answer = "x", review = { due = '
        '2026-12-06T06:45:16+00:00, state = "review", stability = 0.5, difficulty = 9.9 } }')
END = "\n[end]\ncomplete = true\n"


@pytest.mark.parametrize("text", [
    # the lines of a "question section" that is really inside a multi-line string
    HEADER + '[packs.p]\nnote = """\n[questions.p]\n' + LINE + '\n[x"""\n[questions."p"]\n' + END,
    HEADER + "[packs.p]\nnote = '''\n[questions.p]\n" + LINE + "\n'''\n" + END,
    # a header written twice, as a bare and a quoted key; a table filled from elsewhere too
    HEADER + "[questions.p]\n" + LINE + '\n[questions."p"]\n' + END,
    HEADER + "[questions.p]\n" + LINE + "\n[questions.p.q2]\nseen = 1\n" + END,
    HEADER + "questions.p.q0 = 1\n[questions.p]\n" + LINE + END,
    HEADER + "[questions.p]\n" + LINE + "\n[questions.p]\n" + LINE.replace("q1", "q2") + END,
    # the same id twice; a line in another form; a date that does not exist; CRLF; a comment
    HEADER + "[questions.p]\n" + LINE + "\n" + LINE + END,
    HEADER + "[questions.p]\n" + LINE + "\nq2 = { seen = 1 }\n" + END,
    HEADER + "[questions.p]\n" + LINE.replace("2026-12-05", "2026-02-30") + END,
    HEADER + "[questions.p]\n" + LINE + "\r\n" + END,
    HEADER + "[questions.p]\n" + LINE + " # a comment\n" + END,
    HEADER + "[questions.p]\n# a comment\n" + LINE + END,
    HEADER + "[questions.p]\n\n\n" + LINE + "\n\n" + END,
    HEADER + "[questions.p]\n" + LINE.replace('"x"', '"a \\"quoted\\" word"') + END,
    HEADER + "[questions.p]\n" + LINE.replace("seen = 1", "seen = 01") + END,
    HEADER + "[questions.p]\n" + LINE.replace("0.5", "5e-1").replace("9.9", "1e+400") + END,
    HEADER + "[questions.p]\n" + LINE,  # cut short: no end, the lines run to the end
    HEADER + "[questions.p]",
    "[questions.p]\n" + LINE + "\n[questions.q]\n" + LINE,
])
def test_files_in_other_forms_read_as_tomli_reads_them(text):
    _same(text)


def _damaged(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    what = rng.randrange(8)
    if what == 0 and text:
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1:]
    if what == 1:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(['"', "'", "[", "]", "{", "}", "=", ",", "\n", " ", "#", "\\", "0", "x",
                                       '"""', "\r", "\t", "é", "\x00"]) + text[at:]
    if what == 2:
        at = rng.randrange(len(lines))
        lines.insert(at, lines[rng.randrange(len(lines))])
    elif what == 3:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    elif what == 4:
        del lines[rng.randrange(len(lines))]
    elif what == 5 and text:
        at = rng.randrange(len(text))
        return text[:at] + rng.choice("0123456789-+.eTZ:tf ") + text[at + 1:]
    elif what == 6:
        at = rng.randrange(len(lines))
        lines[at] = lines[at].replace(", ", ",", 1) if rng.random() < 0.5 else lines[at].replace(" = ", "=", 1)
    else:
        at = rng.randrange(len(lines))
        lines.insert(at, rng.choice(['note = """', "'''", "[questions.pack-0]", '[questions."pack-1"]',
                                     "[packs.pack-0]", "[[questions.pack-0.x]]", "questions.pack-2.q-001 = 1"]))
    return "\n".join(lines)


def test_damaged_files_read_as_tomli_reads_them_or_fail_with_its_error(tmp_path):
    original = _learner_file(tmp_path, answers=40)
    rng = random.Random(20)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(2000):
        text = original
        for _ in range(rng.randrange(1, 4)):
            text = _damaged(text, rng)
        outcomes[_same(text).split(" ", 1)[0]] += 1
    assert outcomes["ok"] > 300 and outcomes["error"] > 300  # both kinds were met


@pytest.mark.parametrize("lines", ["ab\n", "\n", "q1 = 1\n"])
def test_a_file_of_millions_of_short_lines_is_never_held_as_lines(lines):
    """64 MiB of short lines (as much as is read) took seconds and well over a gigabyte of memory
    here, before tomli (which refuses the file at once, or reads it without a copy) was asked: the
    whole text was split into lines first. Now at most a few copies of the text are held.

    (The quick read and tomli now peak at a few kB on these files, against a limit of about 6 MB:
    the text split into lines, as before, or only a question section's lines, peaks at 19-44 MB.
    "ab" and "q1 = 1" leave the quick read at their first line; "\n" takes it through all of
    them.)"""
    import tracemalloc

    text = "schema_version = 1\n\n[questions.p]\n" + lines * (2 * 1024 * 1024 // len(lines))
    tracemalloc.start()
    try:
        outcome = _same(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.startswith("error") or lines == "\n"
    assert peak < 3 * len(text), peak


# ---------------------------------------------------------------------------------------------
# Question lines made into records as they are read (records=True, what fileformat.parse asks)
# ---------------------------------------------------------------------------------------------


def _loaded(text: str, records: bool) -> str:
    """What fileformat.loads makes of ``text`` with the question lines made into records here
    (``records``) or left as tables for the file's check, as a comparable outcome."""
    real = quickread.loads
    try:
        quickread.loads = lambda t, records=False, _want=records: real(t, records=_want)  # type: ignore[assignment]
        try:
            return "ok " + repr(fileformat.loads(text.encode("utf-8")))
        except fileformat.ProgressFileError as error:
            return f"error {type(error).__name__} {error.reason}"
    finally:
        quickread.loads = real  # type: ignore[assignment]


def test_question_lines_become_records_without_the_files_check_making_them_again(tmp_path, monkeypatch):
    """Reading a learner's file afresh (a start after the app was killed) made each question line a
    table, then the file's check made the table a record, field by field: 1,000 lines, 2,000
    records checked one by one. Now the lines are made into records as they are read, each
    distinct value checked once with the same check, and the file's check takes them as made."""
    from learnmeta import fastcheck

    text = _learner_file(tmp_path)
    fastcheck.prepare(QuestionProgress)
    tables = []
    real = fastcheck._records[QuestionProgress]
    monkeypatch.setitem(fastcheck._records, QuestionProgress,
                        lambda value: tables.append(value) if type(value) is dict else None or real(value))
    progress = fileformat.loads(text.encode("utf-8"))
    assert sum(len(q) for q in progress.questions.values()) > 100
    assert tables == []  # before: one table for each of the file's question lines
    monkeypatch.setitem(fastcheck._records, QuestionProgress, real)
    assert progress == fileformat.from_table(tomli.loads(text))  # the same records as tomli + the check
    assert _loaded(text, True) == _loaded(text, False)


def test_every_optional_field_made_into_records_as_the_files_check_makes_them():
    fields = ["last_correct", "last_answered", "lesson", "section", "review", "last_confidence"]
    when = dt.datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)
    records = {}
    for mask in range(2 ** len(fields)):
        given = {name for bit, name in enumerate(fields) if mask >> bit & 1}
        review = ReviewState(due=when + dt.timedelta(days=mask), state=["learning", "review", "relearning"][mask % 3],
                             step=mask % 3 or None, stability=[0.0216, -0.0 + 1e-05, 64.0, None][mask % 4],
                             difficulty=[-0.5, 0.0, None][mask % 3])
        records[f"q{mask}"] = QuestionProgress(
            seen=mask, correct=mask // 2, hints_used=mask % 5,
            last_correct=(mask % 3 == 0) if "last_correct" in given else None,
            last_answered=when if "last_answered" in given else None,
            last_answer=["", "bone", "Liver ✓", "an answer, with ‘quotes’"][mask % 4],
            lesson="lesson-1" if "lesson" in given else None,
            section=f"s_{mask % 3}" if "section" in given else None,
            review=review if "review" in given else None,
            last_confidence=mask % 3 + 1 if "last_confidence" in given else None,
        )
    progress = Progress(created=when, learner=Settings(id="0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"),
                        questions={"a-pack": records})
    text = fileformat.dumps(progress)
    made = quickread.loads(text, records=True)["questions"]["a-pack"]
    assert all(type(record) is QuestionProgress for record in made.values())  # none left as a table
    assert fileformat.loads(text.encode("utf-8")) == progress
    assert _loaded(text, True) == _loaded(text, False)


@pytest.mark.parametrize("change", [
    # values remembered by their text: 0.0 and -0.0, two answers, the same count in two fields
    ("stability = 0.5", "stability = -0.0"), ("difficulty = 9.9", "difficulty = 0.0"),
    # values the checks refuse: the line stays a table and the file's check says what is wrong
    ("seen = 1", "seen = 1000000001"), ('state = "review"', 'state = "reveiw"'),
    ("stability = 0.5", "stability = 0.0"), ("difficulty = 9.9", "difficulty = 1e999"),
    ('last_answer = "x"', 'last_answer = "' + "y" * 300 + '"'),
    ('last_answer = "x"', 'last_answer = "a\u200bb\u202e"'),
    ('last_answer = "x"', 'last_answer = "x", lesson = "le\u200bsson"'),
    ('last_answer = "x"', 'last_answer = "x", section = "' + "s" * 201 + '"'),
    ("hints_used = 0", "hints_used = 0, last_correct = true"),
    ("} }", "}, last_confidence = 4 }"), ("} }", "}, last_confidence = 0 }"),
    ("} }", "}, last_confidence = 2 }"), (", difficulty = 9.9", ", step = 3"),
    ("2026-12-06T06:45:16", "9999-12-31T23:59:59"), ("2026-12-05T06:45:16", "0001-01-01T00:00:00"),
])
def test_a_changed_line_reads_as_the_files_check_reads_it(change):
    old, new = change
    second = LINE.replace("q1", "q2").replace('"x"', '"z"').replace("stability = 0.5", "stability = 0.0")
    text = HEADER + "[questions.p]\n" + LINE.replace(old, new) + "\n" + second.replace("0.0", "-0.0") + END
    with_records = _loaded(text, True)
    assert with_records == _loaded(text, False), text
    if with_records.startswith("ok "):
        progress = fileformat.loads(text.encode("utf-8"))
        assert progress == fileformat.from_table(tomli.loads(text))
        assert fileformat.dumps(progress).count("-0.0") == fileformat.dumps(
            fileformat.from_table(tomli.loads(text))).count("-0.0")


def test_damaged_files_load_as_the_files_check_loads_them(tmp_path):
    original = _learner_file(tmp_path, answers=40)
    rng = random.Random(2026)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(600):
        text = original
        for _ in range(rng.randrange(1, 3)):
            text = _damaged(text, rng)
        with_records = _loaded(text, True)
        assert with_records == _loaded(text, False), text
        outcomes[with_records.split(" ", 1)[0]] += 1
    assert outcomes["ok"] > 100 and outcomes["error"] > 100


def test_pydantic_takes_the_records_made_as_they_are(tmp_path, monkeypatch):
    """When the file's fast check leaves the file to pydantic (a value only pydantic decides
    about, elsewhere in the file), the question lines are records already: pydantic takes them as
    made, and the file loads as before."""
    from learnmeta import checks

    text = _learner_file(tmp_path, answers=40)
    expected = fileformat.loads(text.encode("utf-8"))
    monkeypatch.setattr("learnmeta.fastcheck.validate",
                        lambda kind, data: (_ for _ in ()).throw(__import__("learnmeta.fastcheck").fastcheck.Refused(kind)))
    assert checks.FAST
    assert fileformat.loads(text.encode("utf-8")) == expected


def test_the_records_are_made_with_every_field_of_the_models():
    """quickread names the fields of a question's line; a field renamed in the model would leave
    every line a table (slower, never wrong): this test says so first."""
    import dataclasses

    maker = quickread._Maker()
    assert set(maker.checks) == {f.name for f in dataclasses.fields(QuestionProgress)}
    assert set(maker.review_checks) == {f.name for f in dataclasses.fields(ReviewState)}
    assert set(maker.seen) >= set(maker.checks) - {"review"}
