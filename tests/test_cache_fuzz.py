"""Arbitrary bytes and arbitrary JSON, well formed but wrong, given to every cache reader: each
is ignored (None), never an exception, never a record made of it."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnmeta import cache, cache_records, paths
from learnmeta.cache import load_library_cached
from learnmeta.progress import ProgressStore, resolve_progress_path

SETTINGS = settings(derandomize=True, database=None, max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """A learner and a warm cache: (library key line, library value, progress key line, progress
    value, the progress file's bytes)."""
    mp = pytest.MonkeyPatch()
    folder = tmp_path_factory.mktemp("fuzz")
    mp.setenv("LEARNMETA_HOME", str(folder / "home"))
    mp.setenv("LEARNMETA_CACHE", str(folder / "cache"))
    path = resolve_progress_path(None, None)
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True, name="Ann")
        attempt = store.start_attempt("pack-x", "1.0.0")
        store.record_answer("pack-x", "1.0.0", "q1", lesson="l", section="s", response="an answer",
                            correct=True, hints_used=1, attempt_id=attempt)
    load_library_cached()
    parts = []
    for name in ("library", "progress-default"):
        key, _, body = (paths.cache_dir() / f"{name}.json").read_bytes().partition(b"\n")
        parts += [key + b"\n", json.loads(body)]
    yield (*parts, path.read_bytes())
    mp.undo()


def _library(warm, body: bytes):
    (paths.cache_dir() / "library.json").write_bytes(body)
    return cache.read_library(json.loads(warm[0])["key"], 10**6)


def _progress(warm, body: bytes):
    (paths.cache_dir() / "progress-default.json").write_bytes(body)
    return cache.read_progress("progress-default", warm[4])


def test_the_warm_cache_is_read(warm):
    """The fixture's cache is good: what the tests below change is what makes it ignored."""
    assert _library(warm, warm[0] + json.dumps(warm[1]).encode()) is not None
    assert _progress(warm, warm[2] + json.dumps(warm[3]).encode()) is not None


@SETTINGS
@given(data=st.binary(max_size=300), keyed=st.booleans())
def test_arbitrary_bytes_are_ignored(warm, data, keyed):
    assert _library(warm, (warm[0] if keyed else b"") + data) is None
    assert _progress(warm, (warm[2] if keyed else b"") + data) is None


@SETTINGS
@given(value=JSON)
def test_arbitrary_json_is_ignored(warm, value):
    body = json.dumps(value).encode()
    assert _library(warm, warm[0] + body) is None
    assert _progress(warm, warm[2] + body) is None
    for kind in (cache_records.LIBRARY, cache_records.PROGRESS, cache_records.PROGRESS_PARTS):
        try:
            kind[0](value)
        except cache_records.Bad:
            continue
        assert kind is cache_records.PROGRESS_PARTS  # {} is a good value


def _places(value, path=()):
    """Every (path, value) inside a JSON value that is not null."""
    if value is not None:
        yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _json_type(value) -> str:
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}[type(value)]


def _replaced(value, path, new):
    if not path:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _wrong(which: int):
    @st.composite
    def wrong(draw, warm):
        original = warm[which]
        places = list(_places(original))
        path, old = places[draw(st.integers(0, len(places) - 1))]
        new = draw(JSON.filter(lambda v: v is not None and _json_type(v) != _json_type(old)))
        return _replaced(original, path, new)

    return wrong


@SETTINGS
@given(data=st.data())
def test_a_value_of_another_type_anywhere_in_the_library_is_ignored(warm, data):
    value = data.draw(_wrong(1)(warm))
    assert _library(warm, warm[0] + json.dumps(value).encode()) is None
    with pytest.raises(cache_records.Bad):
        cache_records.LIBRARY[0](value)


@SETTINGS
@given(data=st.data())
def test_a_value_of_another_type_anywhere_in_the_progress_is_ignored(warm, data):
    value = data.draw(_wrong(3)(warm))
    assert _progress(warm, warm[2] + json.dumps(value).encode()) is None
    if not isinstance(value, dict):
        return  # the whole entry was replaced
    for kind, part in ((cache_records.PROGRESS, "progress"), (cache_records.PROGRESS_PARTS, "parts")):
        try:
            kind[0](value[part])  # whichever part was changed raises Bad, never anything else
        except cache_records.Bad:
            pass
