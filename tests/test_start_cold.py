"""A start with the cache emptied (after an install, an upgrade or an edit to a pack) reads and
checks the whole library before home's first frame (issue 20, ``start_cold_ratio``). What that
work no longer does, each checked by what it leaves behind, never by timing: each content file
read once, not twice; no module imported that only a cache entry or a broken file needs; each
content class's annotations evaluated once. And the hidden-character warnings, which now ask the
whole text first, still find what the line-by-line search found."""

from __future__ import annotations

import typing
from collections import Counter
from pathlib import Path

import pytest

from learnmeta import fastcheck, files, paths
from learnmeta.content import models
from learnmeta.content.library import content_files, load_library
from learnmeta.content.text import _CONTROL, _ESCAPE, INVISIBLE_EXTRA, control_characters
from start_harness import start_headless

CHECKED = (models.Pack, models.Glossary, models.LessonMeta, models.Page, models.Lesson)
"""The classes a content file is checked as (and, through them, every other content class)."""


def test_each_content_file_is_read_once_when_the_library_is_loaded(monkeypatch):
    """The hidden-character warnings and the loading read the same text: each built-in file was
    read twice (0.7 ms of a cold start, and a file changed between the two reads could be warned
    about as one text and loaded as another)."""
    read: Counter[str] = Counter()
    real = files.read_bounded

    def counted(path, *args, **kwargs):
        read[str(path)] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(files, "read_bounded", counted)
    library = load_library()
    builtin = [str(p) for p in (*content_files(paths.lessons_dir()), *content_files(paths.quizzes_dir()))]
    assert library.lessons and library.packs and library.glossary is not None
    assert sorted(read) == sorted(builtin)
    assert set(read.values()) == {1}


def test_a_file_that_cannot_be_read_is_still_reported_once_with_its_reason(tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "broken.toml").write_bytes(b'[pack]\nid = "x"\ntitle = "\xff"\n')
    library = load_library([folder], builtin=False)
    assert [(Path(p.path).name, p.line, p.code) for p in library.problems] == [("broken.toml", 3, "encoding")]


def test_a_start_with_an_empty_cache_imports_neither_the_cache_records_nor_the_broken_file_outline(tmp_path, monkeypatch):
    """With the cache emptied, no entry can match: the module that rebuilds records from one
    (cache_records, about 1.5 ms) was imported for nothing before home's first frame, by the
    library's and the progress file's lookups; and the loader imported the outline of a file that
    did not load (content.partial, about 1.5 ms) for valid content too. Both wait now: the cache
    is still written (at the latest at exit), and the next start reads the library from it."""
    import start_harness
    from learnmeta.progress import ProgressStore

    # What start-up leaves for later is done 0.3 s after the app mounts (LearnApp.SETTLE_AFTER),
    # which on a busy machine can come before the first frame: here it waits, and the library is
    # written to the cache at exit.
    monkeypatch.setattr(start_harness, "SCRIPT", start_harness.SCRIPT.replace(
        "LearnApp.run = run", "LearnApp.run = run\nLearnApp.SETTLE_AFTER = 600"))
    home, cache = tmp_path / "home", tmp_path / "cache"
    with ProgressStore.open(home / "learners" / "default.toml") as store:
        store.update_settings(welcomed=True)
    watched = ("learnmeta.cache_records", "learnmeta.content.partial", "learnmeta.content.loader")
    note = f"[name for name in {watched!r} if name in sys.modules] or ['-']"
    screen, *imported = start_headless(home, note, cache=cache)[-1].split()
    assert screen == "HomeScreen"
    assert imported == ["learnmeta.content.loader"]  # the content was read and checked
    assert (cache / "library.json").is_file()  # and kept, after the first frame
    screen, *imported = start_headless(home, note, cache=cache)[-1].split()
    assert (screen, imported) == ("HomeScreen", ["learnmeta.cache_records"])  # from the cache


def test_each_content_class_hints_are_made_once(monkeypatch):
    """fastcheck makes the checks of the content classes on a cold start (and in every
    ``learnmeta validate``); each question class's hints were made twice (for its tag, and for
    its check), each time evaluating every annotation again."""
    monkeypatch.setattr(fastcheck, "_records", {})
    monkeypatch.setattr(fastcheck, "_hints_of", {})
    asked: Counter[type] = Counter()
    real = fastcheck._evaluated_hints

    def counted(cls):
        asked[cls] += 1
        return real(cls)

    monkeypatch.setattr(fastcheck, "_evaluated_hints", counted)
    for kind in CHECKED:
        assert fastcheck.prepare(kind)
    assert models.SingleQuestion in asked and models.Pack in asked
    assert max(asked.values()) == 1, {cls.__name__: n for cls, n in asked.items() if n > 1}
    library = load_library()  # and the checks so made still take the built-in content
    assert not library.problems and len(library.packs) == 7


def _by_line(text: str, toml_escapes: bool = True) -> list[tuple[int, str]]:
    """control_characters as it was, line by line: the reference for the search of the whole text."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _CONTROL.finditer(line.replace("\r", "")):
            found.append((number, match.group()))
        if not toml_escapes or "\\" not in line:
            continue
        for match in _ESCAPE.finditer(line):
            before = line[: match.start()]
            if (len(before) - len(before.rstrip("\\"))) % 2:
                continue
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF:
                continue
            char = chr(code)
            if char not in ("\t", "\n") and _CONTROL.fullmatch(char):
                found.append((number, char))
    return found


TEXTS = [
    "",
    "plain ASCII text\nover two lines\n",
    "windows\r\nline ends\r\n",
    "a lone\rcarriage return",
    "tab\there and\nnewline",
    "caf\u00e9 \u2014 na\u00efve \U0001f600\n",  # not ASCII, nothing hidden
    "zero\u200bwidth",
    "soft\u00adhyphen\r\n",
    "bidi \u202e override",
    "del \x7f here",
    "esc \x1b[31m red",
    "c1 \x9b code",
    'title = "\\u001b[2J"\n',
    'title = "\\U000E0041"\n',
    'title = "\\\\u001b is written, not an escape"\n',
    'title = "\\\\\\u001b is an escape after an escaped backslash"\n',
    'tab = "\\u0009" newline = "\\u000a"\n',
    'too big = "\\UFFFFFFFF"\n',
    "\x1b" + "x" * 1000 + "\n" + "\u200b",
    *(f"before{chr(c)}after\nline two" for c in range(0x80)),
    *(f"caf\u00e9{c}" for c in INVISIBLE_EXTRA),
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("toml_escapes", [True, False])
def test_hidden_characters_are_found_as_the_line_by_line_search_found_them(text, toml_escapes):
    assert control_characters(text, toml_escapes) == _by_line(text, toml_escapes)


def test_the_built_in_content_holds_no_hidden_characters():
    """So a start finds none with one look at each file's whole text (ASCII, as they are)."""
    for path in (*content_files(paths.lessons_dir()), *content_files(paths.quizzes_dir())):
        text = path.read_text(encoding="utf-8")
        assert control_characters(text) == _by_line(text) == []



def test_each_annotation_text_is_evaluated_once_for_all_the_content_classes(monkeypatch):
    """typing.get_type_hints evaluated every annotation's text afresh for each class, and a
    subclass's inherited ones again for each subclass (the six question classes share
    QuestionBase's): about 200 evaluations for 76 distinct texts, 3.9 ms of a cold start."""
    import builtins

    monkeypatch.setattr(fastcheck, "_records", {})
    monkeypatch.setattr(fastcheck, "_hints_of", {}, raising=False)
    monkeypatch.setattr(fastcheck, "_evaluated", {}, raising=False)
    evaluated = []
    real = builtins.eval

    def counted(source, *args, **kwargs):
        evaluated.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", counted)
    try:
        for kind in CHECKED:
            assert fastcheck.prepare(kind)
    finally:
        monkeypatch.setattr(builtins, "eval", real)
    texts = {(base.__module__, text) for cls in fastcheck._hints_of for base in cls.__mro__
             for text in base.__dict__.get("__annotations__", {}).values()}
    assert len(texts) > 50
    assert len(evaluated) == len(texts)


def _shape(hint):
    """A hint as plain values: metadata objects by their slots, functions by name and closure
    (each evaluation makes new ones, equal in all but identity)."""
    def item(value):
        if callable(value) and hasattr(value, "__qualname__"):
            return (value.__qualname__, tuple(repr(cell.cell_contents) for cell in value.__closure__ or ()))
        return repr(value)

    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return ("Annotated", _shape(hint.__origin__),
                tuple((type(m).__name__, tuple(item(getattr(m, s)) for s in type(m).__slots__))
                      if hasattr(type(m), "__slots__") else repr(m) for m in hint.__metadata__))
    if origin is not None:
        return (repr(origin), tuple(tuple(_shape(a) for a in arg) if isinstance(arg, list) else _shape(arg)
                                    for arg in typing.get_args(hint)))
    return hint


def _record_classes():
    import dataclasses

    from learnmeta.progress import model as progress_model

    for module in (models, progress_model):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                yield value


@pytest.mark.parametrize("cls", list(_record_classes()), ids=lambda cls: cls.__name__)
def test_the_hints_are_those_typing_gives(cls, monkeypatch):
    monkeypatch.setattr(fastcheck, "_hints_of", {}, raising=False)
    monkeypatch.setattr(fastcheck, "_evaluated", {}, raising=False)
    fastcheck._hints(models.SingleQuestion)  # texts shared with other classes, evaluated before
    ours = fastcheck._hints(cls)
    theirs = typing.get_type_hints(cls, include_extras=True)
    assert list(ours) == list(theirs)
    assert {k: _shape(v) for k, v in ours.items()} == {k: _shape(v) for k, v in theirs.items()}


def test_a_name_only_the_class_knows_is_left_to_typing():
    import dataclasses

    @dataclasses.dataclass
    class Local:
        Inner = int
        value: "Inner"  # noqa: F821 - found in the class, not in this test's module
        other: "list[Inner] | None" = None  # noqa: F821

    assert fastcheck._hints(Local) == typing.get_type_hints(Local, include_extras=True) == {
        "value": int, "other": list[int] | None}


LATER_SCRIPT = """
import json, sys
import re._compiler as compiler

compiled = []
real = compiler.compile

def noted(pattern, flags=0):
    compiled.append(pattern)
    return real(pattern, flags)

compiler.compile = noted
from learnmeta.content import loader, toml_lines
from learnmeta.content.library import load_library

library = load_library()
assert library.lessons and library.packs and not library.problems, library.problems
patterns = {name: getattr(value, "pattern", value) for name, value in
            [("toml_lines._HEADER", toml_lines._HEADER), ("toml_lines._KEY", toml_lines._KEY),
             ("loader._ID_LINE", loader._ID_LINE), ("loader._TABLE_LINE", loader._TABLE_LINE),
             ("loader._TOML_POSITION", loader._TOML_POSITION)]}
valid = sorted(name for name, pattern in patterns.items() if pattern in compiled)
field_names = bool(loader._FIELD_NAMES)
broken = load_library([sys.argv[1]], builtin=False).problems
print(json.dumps({"valid": valid, "field_names": field_names,
                  "broken": [(p.line, p.message) for p in broken],
                  "after": sorted(name for name, pattern in patterns.items() if pattern in compiled)}))
"""


def test_valid_content_is_checked_without_what_only_a_broken_file_needs(tmp_path):
    """Placing a problem on its line (the TOML line index's patterns), reading the id of a file
    whose TOML is broken, tomli's position in its message, every key a content file may have (for
    "did you mean"): made as the loader was imported, about 1.2 ms of every cold start and
    validate, for valid content too. Now made for the first file that needs them, which still
    gets its lines and words."""
    import json
    import subprocess
    import sys

    pack = tmp_path / "broken.toml"
    pack.write_text('[pack]\nid = "mine"\ntitle = "Mine"\nversion = "1.0.0"\nshuffel = true\n'
                    '\n[[questions]]\nid = "q1"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", LATER_SCRIPT, str(pack)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["valid"] == [] and seen["field_names"] is False
    assert [5, "unknown key 'shuffel'; did you mean 'shuffle'?"] in seen["broken"]
    assert "toml_lines._HEADER" in seen["after"] and "toml_lines._KEY" in seen["after"]
