"""Whatever progress the store holds, saving and loading it gives back exactly the same."""

from __future__ import annotations

import dataclasses

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnmeta import checks
from learnmeta.content.text import has_hidden_characters
from learnmeta.progress import ProgressStore, read_progress
from learnmeta.progress import fileformat
from learnmeta.progress.answerlog import with_ids
from learnmeta.progress.model import History, Progress

SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(max_size=40)  # any characters: quotes, backslashes, controls, emoji, other scripts
ids = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs")), min_size=1, max_size=24).filter(
    lambda key: not has_hidden_characters(key))  # keys that need quoting as well as plain ones (ids hold no
# control or invisible characters: tests/test_progress_hostile_ids.py)
plain_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
key = st.one_of(plain_ids, ids)
offsets = st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=-8))])
times = st.datetimes(min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=offsets)
counts = st.integers(min_value=0, max_value=10**6)
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731

settings_dicts = st.fixed_dictionaries(
    {},
    optional={
        "name": maybe(text),
        "track": st.sampled_from(["self", "course"]),
        "theme": st.text(min_size=1, max_size=30),
        "reduced_motion": st.booleans(),
        "welcomed": st.booleans(),
    },
)

lessons = st.fixed_dictionaries(
    {},
    optional={
        "pages_seen": st.lists(key, max_size=5),
        "page_count": counts,
        "last_page": maybe(key),
        "last_visited": maybe(times),
        "completed": maybe(times),
    },
)

attempts = st.fixed_dictionaries(
    {"id": key, "started": times},
    optional={
        "mode": st.sampled_from(["quiz", "review", "practice"]),
        "pack_version": st.sampled_from(["", "1.0.0", "2.1"]),
        "answered": counts,
        "finished": maybe(times),
        "correct": maybe(counts),
        "total": maybe(counts),
        "percent": maybe(st.integers(0, 100)),
        "passed": maybe(st.booleans()),
    },
)

packs = st.fixed_dictionaries(
    {},
    optional={
        "version": st.sampled_from(["", "1.0.0", "10.2"]),
        "attempts_total": counts,
        "finished_total": counts,
        "passed_total": counts,
        "best_percent": maybe(st.integers(0, 100)),
        "attempts": st.lists(attempts, max_size=4),
    },
)

reviews = st.fixed_dictionaries(
    {"due": times},
    optional={
        "state": st.sampled_from(["learning", "review", "relearning"]),
        "step": maybe(st.integers(0, 5)),
        "stability": maybe(st.floats(min_value=1e-6, max_value=1e5, allow_nan=False, allow_infinity=False)),
        "difficulty": maybe(st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False)),
    },
)

questions = st.fixed_dictionaries(
    {},
    optional={
        "seen": counts,
        "correct": counts,
        "hints_used": counts,
        "last_correct": maybe(st.booleans()),
        "last_answered": maybe(times),
        "last_answer": st.text(max_size=300),
        "lesson": maybe(key),
        "section": maybe(key),
        "review": maybe(reviews),
    },
)

history_entries = st.fixed_dictionaries(
    {"when": times, "pack": key, "question": key, "correct": st.booleans()},
    optional={
        "version": st.sampled_from(["", "1.0.0", "2.1"]),
        "response": st.text(max_size=300),
        "hints": st.integers(0, 100),  # model.MAX_HINTS_PER_ANSWER
        "attempt": maybe(key),
        "confidence": maybe(st.integers(0, 100)),
    },
)

activities = st.one_of(
    st.none(),
    st.fixed_dictionaries({"kind": st.just("lesson"), "lesson": key, "page": key, "when": times}),
    st.fixed_dictionaries({"kind": st.just("quiz"), "pack": key, "when": times}),
)

progress_data = st.fixed_dictionaries(
    {"schema_version": st.just(1)},
    optional={
        "created": maybe(times),
        "saved": maybe(times),
        "saved_by": st.text(max_size=20),
        "learner": settings_dicts,
        "last_activity": activities,
        "lessons": st.dictionaries(key, lessons, max_size=3),
        "packs": st.dictionaries(key, packs, max_size=3),
        "questions": st.dictionaries(key, st.dictionaries(key, questions, max_size=4), max_size=3),
        "history": st.fixed_dictionaries({}, optional={"answers": st.lists(history_entries, max_size=6)}),
    },
)


@SETTINGS
@given(progress_data)
def test_the_file_text_reads_back_as_the_same_progress(data):
    progress = checks.validate(Progress, data)
    # everything but an old file's answers, which the file no longer holds (they go to the log)
    assert fileformat.loads(fileformat.dumps(progress).encode("utf-8")) == dataclasses.replace(progress, history=History())


@SETTINGS
@given(data=progress_data)
def test_saving_and_loading_through_the_store_gives_the_same_progress(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("roundtrip") / "progress.toml"
    store = ProgressStore.open(path)
    store.progress = checks.validate(Progress, data)
    old_answers = with_ids(store.progress.history.answers)
    assert store.save(), store.save_error
    store.close()
    assert read_progress(path) == store.progress
    assert store.progress.history.answers == []  # an old file's answers moved to the log, every one
    again = ProgressStore.open(path)
    assert again.notices == [] and again.progress == store.progress
    assert again.answers() == old_answers
    again.close()


@SETTINGS
@given(first=progress_data, answers=st.lists(st.tuples(st.booleans(), st.integers(0, 2), text), min_size=1, max_size=5))
def test_saving_only_the_changed_pack_gives_the_same_file_as_saving_everything(tmp_path_factory, first, answers):
    path = tmp_path_factory.mktemp("incremental") / "progress.toml"
    store = ProgressStore.open(path)
    store.progress = checks.validate(Progress, first)
    store.save()
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for n, (correct, hints, response) in enumerate(answers):
        store.record_answer("pack-x", "1.0.0", f"q{n % 2}", lesson="l", section="s", response=response,
                            correct=correct, hints_used=hints, when=moment + dt.timedelta(hours=n))
    incremental = path.read_text(encoding="utf-8")
    assert store.save_error is None
    assert incremental == fileformat.dumps(store.progress)
    saved = read_progress(path)
    assert saved == store.progress
    assert [(e.question, e.correct, e.hints) for e in store.answers()[-len(answers):]] == [
        (f"q{n % 2}", correct, hints) for n, (correct, hints, _) in enumerate(answers)
    ]
    store.close()
