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
