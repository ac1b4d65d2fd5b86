"""Whatever a progress file (or a class's export) holds, every reader raises only the project's own
errors, or recovers cleanly: never OverflowError, KeyError, TypeError or anything else.

Random bytes, and well-formed TOML in the shape of a progress file with random values of every
TOML type in its places (out-of-range times with offsets, naive times, dates, inf, nan, tables
where lists belong...), whole or cut at a line. Readers: fileformat (loads, read_progress,
salvage, is_complete, not_progress_shape), ProgressStore.open (and the file it then saves), and
the class report's readers.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnmeta.instructor import class_data
from learnmeta.progress import ProgressStore, fileformat, read_progress
from learnmeta.progress.fileformat import ProgressFileError
from learnmeta.progress.model import Progress

FUZZ = settings(
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=40)

offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
times = st.one_of(
    st.datetimes(timezones=offsets),  # with an offset: at the ends of the range, out of range in UTC
    st.datetimes(),  # naive
    st.sampled_from([
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
        dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc),
    ]),
)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.times(),
    times,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    ),
    max_leaves=8,
)
ids = st.sampled_from(["a", "pack-a", "q1", "x y", ""])


def either(good):
    """Mostly a plausible value, sometimes any TOML value."""
    return st.one_of(good, good, values)


def record(fields: dict):
    """A table with some of ``fields`` (each plausible or not), and perhaps an unknown key."""
    return st.fixed_dictionaries(
        {}, optional={**{name: either(good) for name, good in fields.items()}, "extra": values}
    )


counts = st.integers(min_value=-2, max_value=5)
attempt = record({"id": ids, "mode": st.just("quiz"), "pack_version": st.just("1"), "started": times,
                  "answered": counts, "finished": times, "percent": st.integers(-1, 101), "passed": st.booleans()})
review = record({"due": times, "state": st.sampled_from(["learning", "review", "x"]), "step": counts,
                 "stability": st.floats(), "difficulty": st.floats()})
question = record({"seen": counts, "correct": counts, "hints_used": counts, "last_correct": st.booleans(),
                   "last_answered": times, "last_answer": st.text(max_size=10), "lesson": ids, "review": review})
entry = record({"when": times, "pack": ids, "version": st.just("1"), "question": ids, "response": st.text(max_size=5),
                "correct": st.booleans(), "hints": counts, "attempt": ids, "confidence": st.integers(-1, 101)})
progress_tables = st.fixed_dictionaries(
    {"schema_version": st.one_of(st.just(1), st.just(1), values)},
    optional={
        "created": either(times),
        "saved": either(times),
        "saved_by": either(st.just("learnmeta 0.1.0")),
        "learner": either(record({"name": st.text(max_size=10), "track": st.sampled_from(["self", "course"]),
                                  "theme": st.just("textual-dark"), "welcomed": st.booleans()})),
        "last_activity": either(record({"kind": st.sampled_from(["lesson", "quiz"]), "lesson": ids, "page": ids,
                                        "pack": ids, "when": times})),
        "lessons": either(st.dictionaries(ids, record({"pages_seen": st.lists(ids, max_size=2), "page_count": counts,
                                                       "last_visited": times, "completed": times}), max_size=2)),
        "packs": either(st.dictionaries(ids, record({"version": st.just("1"), "attempts_total": counts,
                                                     "best_percent": st.integers(-1, 101),
                                                     "attempts": st.lists(attempt, max_size=2)}), max_size=2)),
        "questions": either(st.dictionaries(ids, st.dictionaries(ids, question, max_size=2), max_size=2)),
        "history": either(record({"answers": st.lists(entry, max_size=3)})),
        "end": either(st.just({"complete": True})),
    },
)


def toml_text(table: dict) -> bytes | None:
    try:
        return (fileformat.HEADER + tomli_w.dumps(table)).encode("utf-8", errors="surrogatepass")
    except (TypeError, ValueError):
        return None  # tomli-w cannot write it (a value TOML has no form for)


progress_files = st.builds(
    lambda table, cut: (text := toml_text(table)) and (text if cut is None else b"\n".join(text.split(b"\n")[:cut])),
    progress_tables,
    st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
).filter(bool)
anything = st.one_of(st.binary(max_size=1500), progress_files)


def read_everything(data: bytes) -> None:
    """Every pure reader on ``data``: only ProgressFileError may come out."""
    try:
        progress = fileformat.loads(data)
        assert isinstance(progress, Progress)
    except ProgressFileError as error:
        assert error.reason
    try:
        progress, unknown = fileformat.loads_keeping_unknown(data)
        # what the store would write for it reads back (unknown keys and all)
        text = fileformat.assemble(
            fileformat.dump_head(progress, unknown),
            {pid: (fileformat.dump_pack_table(progress, pid, unknown), None) for pid in progress.packs},
            unknown,
        )
        fileformat.check_head(fileformat.dump_head(progress, unknown), progress, unknown)
        assert isinstance(text, str)
    except ProgressFileError:
        pass
    kept = fileformat.salvage(data)
    assert kept is None or isinstance(kept, Progress)
    if kept is not None:
        fileformat.loads(fileformat.dumps(kept).encode("utf-8"))  # what salvage keeps can be saved
    assert fileformat.is_complete(data) in (True, False)
    why = fileformat.not_progress_shape(data)
    assert why is None or isinstance(why, str)


@FUZZ
@given(data=anything)
def test_every_progress_reader_raises_only_its_own_error(data):
    read_everything(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_bytes(data)
        try:
            read_progress(path)
        except ProgressFileError:
            pass
        try:
            class_data.read_progress_file(path, class_data.ClassData())
        except class_data.Unreadable as error:
            assert error.reason


@FEW
@given(data=anything, has_backup=st.booleans())
def test_the_store_opens_any_file_and_recovers_cleanly(data, has_backup):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_bytes(data)
        if has_backup:
            path.with_name("p.toml.bak").write_bytes(data[: len(data) // 2])
        store = ProgressStore.open(path)
        try:
            if not store.read_only:
                store.record_answer("pack-a", "1", "q1", lesson=None, section=None, response="r",
                                    correct=True, hints_used=0)
                assert store.save_error is None, store.save_error
        finally:
            store.close()
        if store.read_only:
            assert path.read_bytes() == data  # left as it was
        else:
            assert read_progress(path).questions["pack-a"]["q1"].seen >= 1  # a whole file again
            kept = [p for p in Path(folder).iterdir() if ".broken-" in p.name]
            assert data in [p.read_bytes() for p in kept] or fileformat.loads(data) is not None


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20),
              st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "nonsense"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["answers", "pack", "question", "correct", "when",
                                                             "learner", "attempts", "packs", "percent", "mode",
                                                             "statements", "actor", "verb", "object", "result",
                                                             "timestamp", "id", "success", "score", "scaled"]),
                                            inner, max_size=5)),
    max_leaves=15,
)


@FUZZ
@given(document=json_values, suffix=st.sampled_from([".json", ".jsonl", ".csv"]), raw=st.binary(max_size=300),
       use_raw=st.booleans())
def test_the_class_report_readers_raise_only_unreadable(document, suffix, raw, use_raw):
    import json

    if use_raw:
        data = raw
    elif suffix == ".jsonl":
        items = document if isinstance(document, list) else [document]
        data = "\n".join(json.dumps(item) for item in items).encode()
    elif suffix == ".csv":
        data = ("learner,pack,question,correct,when,pack_best_percent,pack_passed\n"
                + json.dumps(document)[:200].replace('"', "") + "\n").encode()
    else:
        data = json.dumps(document).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"class{suffix}"
        path.write_bytes(data)
        reader = class_data._READERS[suffix]
        try:
            reader(path, class_data.ClassData())
        except class_data.Unreadable as error:
            assert error.reason
        report = class_data.read_class([str(path)])
        for _, reason in report.skipped:
            assert "could not be read (" not in reason, reason  # an error no reader foresaw


def test_out_of_range_times_are_among_what_is_tried():
    """The strategies reach the case that crashed every reader (guards the test itself)."""
    bad = dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    with_bad = toml_text({"schema_version": 1, "created": bad, "learner": {}, "end": {"complete": True}})
    read_everything(with_bad)
    assert not math.isnan(0.0)
