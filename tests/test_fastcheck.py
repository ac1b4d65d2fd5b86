"""The checks without pydantic (learnmeta.fastcheck) accept only what pydantic accepts, and make
the same records from it; every built-in file goes through them (so valid content starts the app
and `learnmeta validate` without importing pydantic).

The differential tests damage valid data in thousands of ways (wrong types, white space, control
characters, lengths, unknown and missing keys, out-of-range numbers) and compare the two: where
the fast path gives a record, pydantic must give the same one; where pydantic refuses, so must it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from factories import pack_data
from learnmeta import checks, fastcheck
from learnmeta.content import models as m
from learnmeta.paths import lessons_dir, quizzes_dir
from learnmeta.progress import model as p


def _pydantic(kind, data):
    try:
        return checks.adapter(kind).validate_python(copy.deepcopy(data))
    except (ValidationError, ValueError, TypeError, RecursionError):
        return "refused"


def _fast(kind, data):
    try:
        return fastcheck.validate(kind, copy.deepcopy(data))
    except fastcheck.Refused:
        return "refused"


def _same(kind, data) -> str:
    """'fast' (both gave the same record), 'pydantic' (only pydantic decided); fails otherwise."""
    fast = _fast(kind, data)
    slow = _pydantic(kind, data)
    if fast == "refused":
        return "pydantic"
    assert slow != "refused", f"the fast path accepted what pydantic refuses: {data!r:.600}"
    assert repr(fast) == repr(slow), f"different records for {data!r:.600}"
    return "fast"


def test_every_record_class_is_checked_without_pydantic():
    for module in (m, p):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                fastcheck._record_check(value)
                assert fastcheck._records[value] is not None, value.__name__


def test_every_built_in_pack_and_the_factories_pack_take_the_fast_path_to_the_same_pack():
    packs = [tomllib.loads(path.read_text("utf-8")) for path in sorted(quizzes_dir().glob("*.toml"))
             if not path.stem.startswith("glossary")]
    assert packs
    for data in [*packs, pack_data()]:
        assert _same(m.Pack, data) == "fast"


def test_the_whole_library_is_the_same_either_way_and_needs_no_pydantic(tmp_path):
    code = (
        "import sys\n"
        "from learnmeta.content.library import load_library\n"
        "library = load_library()\n"
        "assert not library.errors, library.errors\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'\n"
        "fast = repr(library)\n"
        "from learnmeta import checks\n"
        "checks.FAST = False\n"
        "assert repr(load_library()) == fast\n"
    )
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_cold_start_reads_content_and_a_progress_file_and_saves_without_pydantic(tmp_path):
    # The start after an install or a change to a pack (nothing cached) imported pydantic and
    # built its validators: about 150 ms of a 450 ms start.
    code = (
        "import sys\n"
        "from learnmeta.cache import load_library_cached\n"
        "from learnmeta.progress import ProgressStore, resolve_progress_path\n"
        "library = load_library_cached()\n"
        "store = ProgressStore.open(resolve_progress_path(None, None))\n"
        "store.update_settings(welcomed=True)\n"
        "pack = library.packs[0]\n"
        "attempt = store.start_attempt(pack.id, pack.pack.version)\n"
        "q = pack.questions[0]\n"
        "store.record_answer(pack.id, pack.pack.version, q.id, lesson=q.lesson, section=q.section,\n"
        "                    response='x', correct=True, hints_used=0, attempt_id=attempt)\n"
        "assert store.save_error is None and not store.read_only, store.notices\n"
        "store.close()\n"
        "assert 'pydantic' not in sys.modules, 'pydantic was imported'\n"
    )
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home"), "LEARNMETA_CACHE": str(tmp_path / "cache")}
    for _ in range(2):  # a new file, then reading it back with the progress cache gone
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        for cached in (tmp_path / "cache").glob("*"):
            cached.unlink()


# ---------------------------------------------------------------------------------------------
# Damaged data: the two ways must agree
# ---------------------------------------------------------------------------------------------

ODD_VALUES = [
    None, True, False, 0, 1, -1, 2**70, 1.5, float("nan"), float("inf"), "", " ", "x", " padded ",
    "\tline\n", "a\nb", "\x1bescape", "\u00a0nbsp\u00a0", "\x1cfs", "\u200b", "é" * 70, "x" * 201,
    "x" * 2001, "A-Bad_Id", "good-id", "good-id\n", "https://example.org/x", "https://example.org/a b",
    "1.2.0", "1.2.3.4", "en", "EN", "single", "multiple", "quiz", "self", "course", "learning",
    dt.date(2026, 1, 1), dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone.utc),
    dt.datetime(2026, 1, 1, 9, 0), dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    [], ["x"], ["a", "a"], [1, 2], {}, {"x": 1}, {"title": "T"}, ("tuple",),
]


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _mutate(data, rng: random.Random):
    data = copy.deepcopy(data)
    paths = [path for path in _paths(data) if path]
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        path = rng.choice(paths)
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            what = rng.random()
            if what < 0.55:
                parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
            elif what < 0.7 and isinstance(parent, dict):
                del parent[last]
            elif what < 0.8 and isinstance(parent, dict):
                parent[rng.choice(["extra", "typo_key", "id", "type", "title"])] = rng.choice(ODD_VALUES)
            elif what < 0.9 and isinstance(parent[last], str):
                parent[last] = rng.choice([" ", "\n", "\x07", "\u2028", "\u00a0"]).join(
                    [parent[last], ""] if rng.random() < 0.5 else ["", parent[last]])
            elif isinstance(parent[last], list) and parent[last]:
                parent[last] = parent[last] * rng.choice((0, 2, 30))
            else:
                parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
        except (KeyError, IndexError, TypeError):
            continue
    return data


def _progress_table() -> dict:
    from learnmeta.progress import ProgressStore
    from learnmeta.progress.fileformat import dumps

    return tomllib.loads(dumps(_sample_progress(ProgressStore)))


def _sample_progress(store_class):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = store_class.open(Path(folder) / "p.toml")
        store.update_settings(name="Ann", welcomed=True)
        attempt = store.start_attempt("pack-a", "1.0.0")
        for n in range(3):
            store.record_answer("pack-a", "1.0.0", f"q{n}", lesson="les", section="sec", response=f"r{n}",
                                correct=n % 2 == 0, hints_used=n, attempt_id=attempt)
        store.finish_attempt(attempt, correct=2, total=3, percent=67, passed=False)
        store.record_page("les", "sec", 3)
        progress = store.progress
        store.close()
    return progress


@pytest.mark.parametrize("kind, source", [
    (m.Pack, "factories"),
    (m.Pack, "built-in"),
    (p.Progress, "progress"),
])
def test_damaged_data_is_refused_by_both_or_gives_the_same_record(kind, source):
    if source == "factories":
        base = pack_data()
    elif source == "built-in":
        base = tomllib.loads(sorted(quizzes_dir().glob("*.toml"))[0].read_text("utf-8"))
    else:
        base = _progress_table()
    assert _same(kind, base) == "fast"
    rng = random.Random(20)
    outcomes = {"fast": 0, "pydantic": 0}
    for _ in range(400):
        outcomes[_same(kind, _mutate(base, rng))] += 1
    assert outcomes["fast"] > 20 and outcomes["pydantic"] > 20, outcomes  # both ways were taken


def test_lesson_front_matter_and_glossary_agree_when_damaged():
    from learnmeta.content.loader import parse_toml  # noqa: F401 - the loader's own TOML reading

    glossary = next((path for path in sorted(quizzes_dir().glob("glossary*.toml"))), None) or next(
        iter(sorted(lessons_dir().glob("glossary*.toml"))), None)
    lesson = sorted(lessons_dir().glob("*.md"))[0].read_text("utf-8")
    front = tomllib.loads(lesson.split("+++")[1])
    rng = random.Random(7)
    cases = [(m.LessonMeta, front)]
    if glossary is not None:
        cases.append((m.Glossary, tomllib.loads(glossary.read_text("utf-8"))))
    for kind, base in cases:
        assert _same(kind, base) == "fast", kind
        for _ in range(300):
            _same(kind, _mutate(base, rng))


def test_answer_log_lines_are_read_the_same_either_way():
    import json

    from learnmeta.progress.answerlog import encode_answer

    entry = p.HistoryEntry(when=dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc), pack="pack-a",
                           version="1.0.0", question="q1", response="liver", correct=True, hints=1,
                           attempt="a1", confidence=80, id="0f0e8a1e-1111-4222-8333-444455556666")
    line = encode_answer(entry).rstrip(b"\n")
    assert fastcheck.validate_json(p.HistoryEntry, line) == entry
    base = json.loads(line)
    rng = random.Random(3)
    odd = [*ODD_VALUES[:8], "2026-03-01T09:30:00+00:00", "2026-03-01T09:30:00Z", "2026-03-01 09:30:00+00:00",
           "2026-03-01T09:30:00.123456+00:00", "2026-03-01T09:30:00+02:00", "2026-13-01T09:30:00+00:00",
           "\ud800", "x" * 201]
    taken = 0
    for _ in range(400):
        data = dict(base)
        for _ in range(rng.choice((1, 2))):
            key = rng.choice([*data, "extra"])
            if rng.random() < 0.2:
                data.pop(key, None)
            else:
                data[key] = rng.choice(odd)
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str)
        try:
            fast = fastcheck.validate_json(p.HistoryEntry, text)
        except fastcheck.Refused:
            continue
        taken += 1
        slow = checks.adapter(p.HistoryEntry).validate_json(text)  # must not raise
        assert repr(fast) == repr(slow), text
    assert taken > 20
    for doubtful in (line.replace(b'"pack":"pack-a"', b'"pack":"pack-a","pack":"other"'), b'{"when": NaN}'):
        with pytest.raises(fastcheck.Refused):
            fastcheck.validate_json(p.HistoryEntry, doubtful)


def test_record_maker_makes_what_validate_makes_and_refuses_what_it_refuses():
    """fastcheck.record_maker (the progress file's reader makes question lines into records with
    it): each field's check is validate's, and make() fills defaults as validate does."""
    import datetime as dt

    from learnmeta.progress.model import QuestionProgress, ReviewState

    checks, make = fastcheck.record_maker(QuestionProgress)
    review_checks, make_review = fastcheck.record_maker(ReviewState)
    when = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    tables = [
        {"seen": 3, "correct": 1, "hints_used": 0, "last_answer": "bone"},
        {"seen": 0, "correct": 0, "hints_used": 2, "last_correct": True, "last_answered": when, "last_answer": "",
         "lesson": "a-lesson", "section": "s-1", "last_confidence": 3,
         "review": {"due": when, "state": "relearning", "step": 0, "stability": 0.5, "difficulty": -0.0}},
    ]
    for table in tables:
        values = {name: checks[name](value) for name, value in table.items() if name != "review"}
        if "review" in table:
            values["review"] = make_review({name: review_checks[name](value) for name, value in table["review"].items()})
        made = make(values)
        assert made == fastcheck.validate(QuestionProgress, table)
        assert type(made) is QuestionProgress and list(vars(made)) == list(vars(fastcheck.validate(QuestionProgress, table)))
    with pytest.raises(fastcheck.Refused):
        make({"seen": 1, "not_a_field": 2})
    with pytest.raises(fastcheck.Refused):
        make_review({"state": "review"})  # due has no default
    for name, value in [("seen", -1), ("seen", 10**10), ("last_confidence", 4), ("lesson", ""), ("lesson", "a\x1bb")]:
        with pytest.raises(fastcheck.Refused):
            checks[name](value)
    assert fastcheck.record_maker(int) is None
