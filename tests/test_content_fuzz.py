"""Whatever a content file holds, loading it raises ContentError or nothing: never anything else.

Random bytes, random TOML values in the places a pack has values, mutated valid packs, and the
cases random generation does not find (deep nesting, a byte-order mark, a huge file).
"""

from __future__ import annotations

import datetime as dt

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import LESSON, pack_data
from learnmeta.content import loader
from learnmeta.content.errors import ContentError

FUZZ = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def load_or_content_error(path, kind="pack"):
    """Load; return the model, or the ContentError. Anything else propagates and fails the test."""
    try:
        if kind == "lesson":
            return loader.load_lesson(path)
        if kind == "glossary":
            return loader.load_glossary(path)
        return loader.load_pack(path)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == str(path)
            assert problem.message
            assert "\x1b" not in str(problem)
        return error


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
)
toml_values = st.recursive(
    scalars.filter(lambda v: v is not None),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(min_size=1, max_size=10), inner, max_size=4),
    ),
    max_leaves=12,
)


def paths_in(value, prefix=()):
    """Every path to a value inside a nested dict/list."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_in(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_in(child, prefix + (index,))


ALL_PATHS = [p for p in paths_in(pack_data()) if p]


def set_at(data, path, value):
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def delete_at(data, path):
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_escape_as_anything_but_content_error(tmp_path, data):
    path = tmp_path / "random.toml"
    path.write_bytes(data)
    load_or_content_error(path)
    lesson = tmp_path / "random.md"
    lesson.write_bytes(b"+++\n" + data + b"\n+++\n## Page\n")
    load_or_content_error(lesson, "lesson")


@FUZZ
@given(where=st.sampled_from(ALL_PATHS), value=toml_values)
def test_random_values_in_any_place_of_a_pack_are_handled(tmp_path, where, value):
    data = pack_data()
    set_at(data, where, value)
    path = tmp_path / "pack.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    load_or_content_error(path)


@FUZZ
@given(
    removals=st.lists(st.sampled_from(ALL_PATHS), max_size=3),
    extra=st.dictionaries(st.text(min_size=1, max_size=8), toml_values, max_size=2),
)
def test_mutated_valid_packs_are_handled(tmp_path, removals, extra):
    data = pack_data()
    for where in removals:
        try:
            delete_at(data, where)
        except (KeyError, IndexError, TypeError):
            pass
    data.update(extra)
    path = tmp_path / "pack.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    load_or_content_error(path)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=20))
def test_truncated_and_spliced_files_are_handled(tmp_path, cut, junk):
    text = tomli_w.dumps(pack_data()).encode()
    path = tmp_path / "pack.toml"
    path.write_bytes(text[:cut] + junk + text[cut:cut + 200])
    load_or_content_error(path)
    lesson = LESSON.encode()
    lpath = tmp_path / "lesson.md"
    lpath.write_bytes(lesson[: cut % len(lesson)] + junk)
    load_or_content_error(lpath, "lesson")


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text_in_a_glossary_or_lesson_body_is_handled(tmp_path, text):
    path = tmp_path / "glossary.toml"
    path.write_text(f'schema_version = 1\n[[terms]]\nterm = "x"\ndefinition = """{text}"""\n', encoding="utf-8")
    load_or_content_error(path, "glossary")
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON + text, encoding="utf-8")
    result = load_or_content_error(lesson, "lesson")
    if not isinstance(result, ContentError):
        assert all("\x1b" not in page.body for page in result.pages)


# ---- what random generation does not find --------------------------------------------------


def test_explicit_hard_cases(tmp_path):
    cases = {
        "deep-arrays.toml": b"x = " + b"[" * 100_000 + b"]" * 100_000,
        "deep-tables.toml": b"x = " + b"{a = " * 2000 + b"1" + b"}" * 2000,
        "deep-keys.toml": b"[" + b".".join([b"a"] * 5000) + b"]\n",
        "bom-only.toml": b"\xef\xbb\xbf",
        "bom-twice.toml": b"\xef\xbb\xbf\xef\xbb\xbfschema_version = 1\n",
        "utf16.toml": "schema_version = 1\n".encode("utf-16"),
        "nul.toml": b"schema_version = 1\x00\n",
        "huge-line.toml": b'x = "' + b"a" * (loader.MAX_FILE_BYTES - 10) + b'"\n',
        "too-big.toml": b"#" * (loader.MAX_FILE_BYTES + 1),
        "lone-surrogate.toml": b'x = "\\ud800"\n',
        "huge-int.toml": b"schema_version = 99999999999999999999999\n",
        "many-questions.toml": b"schema_version = 1\n" + b"[[questions]]\n" * 30_000,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = load_or_content_error(path)
        assert isinstance(result, ContentError), name
    lesson = tmp_path / "deep.md"
    lesson.write_bytes(b"+++\nx = " + b"[" * 50_000 + b"\n+++\n## P\n")
    assert isinstance(load_or_content_error(lesson, "lesson"), ContentError)
