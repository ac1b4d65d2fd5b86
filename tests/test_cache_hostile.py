"""Hostile files where the app looks for its start-up cache (learnmeta.cache).

Each test plants files of an attacker's choosing under every name the cache uses (``library``
and ``progress-<learner>``, as ``.json`` and as the ``.pickle`` that learnmeta once read), then
starts the real app in a pseudo-terminal, as a learner would: it must reach its first screen,
run nothing (the payloads would create a marker file), send nothing planted to the terminal,
and leave a good cache behind.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import subprocess
import sys
import textwrap
import time
import types
from pathlib import Path

import pytest

from learnmeta import cache, paths
from learnmeta.cache import load_library_cached
from learnmeta.content.library import load_library
from learnmeta.progress import ProgressStore, read_progress, resolve_progress_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, links and a pseudo-terminal are POSIX")

NAMES = ("library", "progress-default")
SUFFIXES = (".json", ".pickle")
CONTROL = {chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}

# The real command line, in a terminal; when the app is ready it writes what it shows to REPORT
# and leaves.
START = textwrap.dedent(
    """
    import inspect, json, os, sys
    from textual.app import App

    ready = App._ready

    async def noted_ready(self):
        await ready(self)

        def done():
            from learnmeta.content.library import Library
            with open(os.environ["REPORT"], "w", encoding="utf-8") as out:
                json.dump({"screen": type(self.screen).__name__,
                           "library_intact": inspect.isfunction(Library.__dict__.get("lesson"))}, out)
            self.exit()

        self.set_timer(0.3, done)

    App._ready = noted_ready
    from learnmeta.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def start(tmp_path: Path, *args: str, timeout: float = 60) -> tuple[dict, bytes]:
    """Run ``learnmeta ARGS`` in an 80x24 pseudo-terminal: (its report, all it wrote to the
    terminal). Fails if it does not finish within ``timeout`` seconds."""
    import fcntl
    import pty
    import struct
    import termios

    report = tmp_path / "report.json"
    report.unlink(missing_ok=True)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "REPORT": str(report), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen([sys.executable, "-c", START, *args], stdin=slave, stdout=slave, stderr=slave,
                               env=env, close_fds=True)
    os.close(slave)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if chunk:
                    output.extend(chunk)
                    continue
            if process.poll() is not None:
                break
        else:
            pytest.fail(f"the app did not finish within {timeout} s; it wrote: {bytes(output[-2000:])!r}")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    assert process.returncode == 0, bytes(output[-3000:]).decode("utf-8", "replace")
    return json.loads(report.read_text(encoding="utf-8")), bytes(output)


@pytest.fixture
def learner(tmp_path, monkeypatch) -> Path:
    """A learner who has been here before (so the app opens at home), with a warm cache."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEARNMETA_CACHE", str(tmp_path / "cache"))
    path = resolve_progress_path(None, None)
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True, name="Ann")
        store.record_answer("pack-x", "1.0.0", "q1", lesson="l", section="s", response="an answer",
                            correct=True, hints_used=0)
    load_library_cached()
    return path


def plant(make) -> list[Path]:
    """``make(path)`` at every name the cache uses; the paths."""
    folder = paths.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    planted = []
    for name in NAMES:
        for suffix in SUFFIXES:
            path = folder / f"{name}{suffix}"
            if path.exists() or path.is_symlink():
                path.unlink()
            make(path)
            planted.append(path)
    return planted


def assert_good_cache_left() -> None:
    """After a start on a hostile cache: a good cache, and no pickles."""
    folder = paths.cache_dir()
    assert not list(folder.glob("*.pickle"))
    for name in NAMES:
        assert (folder / f"{name}.json").is_file() and not (folder / f"{name}.json").is_symlink()
    assert load_library_cached().lessons


# --------------------------------------------------------------------------------------------
# Pickles that run code, or patch a class
# --------------------------------------------------------------------------------------------


def _global(module: str, name: str) -> bytes:
    """Protocol 4: push ``module.name`` (dotted names are looked up attribute by attribute)."""
    out = b""
    for text in (module, name):
        data = text.encode()
        out += b"\x8c" + bytes([len(data)]) + data  # SHORT_BINUNICODE
    return out + b"\x93"  # STACK_GLOBAL


def _body(value) -> bytes:
    """The opcodes that push ``value`` (plain values only), without the header and STOP."""
    data = pickle.dumps(value, protocol=4)
    assert data[:2] == b"\x80\x04" and data.endswith(b".")
    data = data[2:-1]
    if data[:1] == b"\x95":  # FRAME
        data = data[9:]
    return data


def code_running_pickle(marker: Path) -> bytes:
    """The file of issue 12: it reaches the function and code types through dotted names of an
    allowed class, builds a function that creates ``marker``, and calls it."""
    source = f"def payload():\n    open({str(marker)!r}, 'w').close()\n"
    code = next(c for c in compile(source, "x", "exec").co_consts if isinstance(c, types.CodeType))
    args = (code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount, code.co_nlocals,
            code.co_stacksize, code.co_flags, code.co_code, code.co_consts, code.co_names,
            code.co_varnames, code.co_filename, code.co_name, code.co_qualname, code.co_firstlineno,
            code.co_linetable, code.co_exceptiontable, code.co_freevars, code.co_cellvars)
    return (
        b"\x80\x04"
        + _global("learnmeta.content.models", "Record.__eq__.__class__")  # the function type
        + _global("learnmeta.content.models", "Record.__eq__.__code__.__class__")  # the code type
        + _body(args)
        + b"R"  # code(*args)
        + b"}\x86R"  # function(code, {})
        + b")R"  # function()
        + b"."
    )


def class_patching_pickle() -> bytes:
    """A BUILD on the Library class (it sets ``Library.lesson = 42``), then a refused name."""
    return (
        b"\x80\x04"
        + _global("learnmeta.content.library", "Library")
        + b"N}" + _body("lesson")[:-1] + b"K*s\x86b"  # (None, {"lesson": 42}), BUILD
        + _global("os", "system")
        + b"."
    )


def test_a_pickle_that_runs_code_runs_nothing(learner, tmp_path):
    marker = tmp_path / "ran-code"
    payload = code_running_pickle(marker)
    proof = tmp_path / "proof"
    pickle.loads(code_running_pickle(proof))  # given to pickle, the file does run code
    assert proof.exists()
    plant(lambda path: path.write_bytes(payload))
    shown, _ = start(tmp_path)
    assert shown["screen"] == "HomeScreen"
    assert not marker.exists()
    assert_good_cache_left()


def test_a_pickle_that_patches_a_class_changes_nothing(learner, tmp_path):
    plant(lambda path: path.write_bytes(class_patching_pickle()))
    shown, _ = start(tmp_path)
    assert shown == {"screen": "HomeScreen", "library_intact": True}
    shown, _ = start(tmp_path, "lesson", "what-is-metastatic-cancer")  # uses Library.lesson
    assert shown == {"screen": "LessonScreen", "library_intact": True}
    assert_good_cache_left()


# --------------------------------------------------------------------------------------------
# Files that are not regular files, or too large
# --------------------------------------------------------------------------------------------


def test_a_fifo_named_like_a_cache_file_does_not_hang_start_up(learner, tmp_path):
    plant(lambda path: os.mkfifo(path))
    shown, _ = start(tmp_path, timeout=40)
    assert shown["screen"] == "HomeScreen"
    assert_good_cache_left()


def test_a_link_to_an_endless_device_is_not_followed(learner, tmp_path):
    plant(lambda path: path.symlink_to("/dev/zero"))
    shown, _ = start(tmp_path, timeout=40)
    assert shown["screen"] == "HomeScreen"
    assert_good_cache_left()


def test_a_link_to_a_good_cache_file_is_not_followed(learner, tmp_path):
    good = paths.cache_dir() / "library.json"
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(good.read_bytes())
    good.unlink()
    good.symlink_to(elsewhere)
    library = load_library_cached()  # checked the files again, and replaced the link
    assert library.lessons and good.is_file() and not good.is_symlink()


def test_a_huge_cache_file_is_not_read(learner, tmp_path):
    def huge(path: Path) -> None:
        with open(path, "wb") as out:
            out.truncate(3 * 1024**3)  # sparse: 3 GB that take no room

    plant(huge)
    shown, _ = start(tmp_path, timeout=40)
    assert shown["screen"] == "HomeScreen"
    assert_good_cache_left()


@pytest.mark.parametrize("size", [5_000_000, 20_000_000])
def test_deep_nesting_with_the_right_key_is_ignored(learner, size):
    good = paths.cache_dir() / "library.json"
    key = good.read_bytes().split(b"\n", 1)[0] + b"\n"
    good.write_bytes(key + b"[" * size)  # too deep for the parser; 20 MB: larger than this cache may be
    assert load_library_cached().lessons == load_library().lessons
    assert good.stat().st_size < 1_000_000


# --------------------------------------------------------------------------------------------
# JSON with the right key and the wrong content
# --------------------------------------------------------------------------------------------


def cached(name: str) -> tuple[bytes, dict]:
    """(the key line, the value) of a cache file."""
    key, _, body = (paths.cache_dir() / f"{name}.json").read_bytes().partition(b"\n")
    return key + b"\n", json.loads(body)


def forge(name: str, key: bytes, value) -> None:
    (paths.cache_dir() / f"{name}.json").write_bytes(key + json.dumps(value).encode())


def strings(value):
    """Every text inside a record, a list or a table."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from strings(item)
    elif hasattr(value, "__dict__"):
        yield from strings(vars(value))


ESCAPES = "\x1b]0;owned\x07 \x1b[2J\x1b[31m red \x9b2J \x9d0;c1-title\x9c \u202e"


def test_a_forged_lesson_page_sends_no_escape_codes_to_the_terminal(learner, tmp_path):
    key, value = cached("library")
    page = value["lessons"][0]["pages"][0]
    page["title"] = "Forged " + ESCAPES
    page["body"] = "Forged body " + ESCAPES + "\n\nmore"
    value["lessons"][0]["meta"]["title"] = "Forged lesson " + ESCAPES
    forge("library", key, value)
    library = load_library_cached()
    assert library.lessons == load_library().lessons  # refused: the files were read again
    assert not CONTROL & {char for text in strings(library) for char in text}
    forge("library", key, value)
    shown, terminal = start(tmp_path, "lesson", library.lessons[0].id)
    assert shown["screen"] == "LessonScreen"
    assert b"Forged" not in terminal and b"owned" not in terminal
    assert b"\x1b]0;" not in terminal and b"\x1b[2J" not in terminal
    assert "\x9b".encode() not in terminal and "\x9d".encode() not in terminal


@pytest.mark.parametrize("text", ["\x1b]0;owned\x07", "\x9b2J", "\ud800", "a\rb", "\u202e"])
def test_text_that_cleaning_would_change_makes_the_cache_refused(learner, text):
    key, value = cached("library")
    value["packs"][0]["pack"]["questions"][0]["prompt"] = "Forged " + text
    forge("library", key, value)
    assert load_library_cached().packs == load_library().packs
    assert "Forged" not in json.dumps(cached("library")[1])  # and rewritten


WRONG_LIBRARY = [
    ("lessons", "not a list"),
    ("lessons.0.pages", [1, 2]),
    ("lessons.0.pages.0.line", "3"),
    ("lessons.0.pages.0.line", True),
    ("lessons.0.pages.0.id", "Not An Id"),
    ("lessons.0.meta.order", 10.5),
    ("lessons.0.meta.reviewed", 20261124),
    ("lessons.0.meta.reviewed", "2026-13-45"),
    ("lessons.0.meta.key_points", None),
    ("lessons.0.meta.sources.0", {"title": "x"}),
    ("lessons.0.meta.extra_key", 1),
    ("packs.0.path", 7),
    ("packs.0.pack.questions.0.type", "no_such_type"),
    ("packs.0.pack.questions.0.prompt", ["a list"]),
    ("packs.0.pack.pack.pass_mark", 1000),
    ("packs.0.pack.pack.pass_mark", "80"),
    ("packs.0.pack.schema_version", 99),
    ("glossary.terms", {"not": "a list"}),
    ("problems", [{"path": "x"}]),
    ("broken_pack_ids", [1]),
    ("files", "x"),
    ("lessons.0.pages", []),  # right types, but more or fewer than a file may hold
    ("packs.0.pack.questions", []),
    ("packs.0.pack.questions.0.hints", ["a hint"] * 6),
    ("packs.0.pack.pack.title", "x" * 201),
    ("lessons.0.meta.title", ""),
]


def _set(value, dotted: str, new) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        value = value[int(part)] if isinstance(value, list) else value[part]
    if isinstance(value, list):
        value[int(last)] = new
    else:
        value[last] = new


@pytest.mark.parametrize(("where", "wrong"), WRONG_LIBRARY, ids=[f"{w}={v!r}" for w, v in WRONG_LIBRARY])
def test_a_library_entry_of_the_wrong_shape_is_ignored_and_rewritten(learner, where, wrong):
    key, value = cached("library")
    _set(value, where, wrong)
    forge("library", key, value)
    expected = load_library()
    library = load_library_cached()
    assert library.lessons == expected.lessons and library.packs == expected.packs
    assert cached("library")[0] == key and "extra_key" not in json.dumps(cached("library")[1])
    assert cache.read_library(json.loads(key)["key"], 10**6) is not None  # rewritten, usable


@pytest.mark.parametrize("where", ["pages", "questions", "packs", "lessons"])
def test_ids_used_twice_where_loading_never_allows_it_are_not_taken_from_the_cache(learner, where):
    key, value = cached("library")
    if where == "lessons":
        value["lessons"].append(value["lessons"][0])
    elif where == "pages":
        pages = value["lessons"][0]["pages"]
        pages[1]["id"] = pages[0]["id"]
    elif where == "questions":
        questions = value["packs"][0]["pack"]["questions"]
        questions[1]["id"] = questions[0]["id"]
    else:
        value["packs"].append(value["packs"][0])
    forge("library", key, value)
    library = load_library_cached()
    assert library.lessons == load_library().lessons and library.packs == load_library().packs


def test_a_lesson_id_used_twice_in_a_forged_library_still_reaches_home(learner, tmp_path):
    """Home lists the lessons by id: two with one id stopped the app at every start (exit 70),
    since the crash left the cache as it was."""
    key, value = cached("library")
    value["lessons"].append(value["lessons"][0])
    forge("library", key, value)
    shown, _ = start(tmp_path)
    assert shown["screen"] == "HomeScreen"


def test_a_question_that_fails_its_own_checks_is_not_taken_from_the_cache(learner):
    key, value = cached("library")
    question = next(q for p in value["packs"] for q in p["pack"]["questions"] if q["type"] == "single")
    for choice in question["choices"]:
        choice["correct"] = False  # a single-choice question with no right answer
    forge("library", key, value)
    assert load_library_cached().packs == load_library().packs


WRONG_PROGRESS = [
    ("progress.learner.name", 5),
    ("progress.learner.track", "everyone"),
    ("progress.learner.welcomed", 1),
    ("progress.saved", 20),
    ("progress.saved", "2026-01-01T00:00:00+01:00"),
    ("progress.saved", "0001-01-01T00:00:00"),
    ("progress.lessons", []),
    ("progress.history.answers", {}),
    ("progress.schema_version", 2),
    ("progress.questions.pack-x.q1.last_answer", "r" * 201),  # right types, more than a file may hold
    ("progress.answer_log.size", -1),
    ("progress.answer_log.last", 5),
    ("progress.questions.pack-x.q1.seen", "1"),
    ("progress.questions.pack-x.q1.last_answered", "yesterday"),
    ("parts", "x"),
    ("history", [1]),
]


@pytest.mark.parametrize(("where", "wrong"), WRONG_PROGRESS, ids=[f"{w}={v!r}" for w, v in WRONG_PROGRESS])
def test_a_progress_entry_of_the_wrong_shape_is_ignored(learner, where, wrong):
    key, value = cached("progress-default")
    _set(value, where, wrong)
    forge("progress-default", key, value)
    with ProgressStore.open(learner) as store:
        assert store.progress == read_progress(learner) and store.notices == []
        assert store.settings.name == "Ann" and store.settings.welcomed


def test_forged_progress_that_does_not_make_the_file_is_ignored(learner):
    key, value = cached("progress-default")
    value["progress"]["learner"]["name"] = "Mallory \x1b]0;owned\x07"
    forge("progress-default", key, value)
    with ProgressStore.open(learner) as store:
        assert store.settings.name == "Ann"
    key, value = cached("progress-default")
    value["parts"] = {"extra-pack": ["[packs.extra-pack]\nversion = \"1\"\n", None]}
    forge("progress-default", key, value)
    with ProgressStore.open(learner) as store:
        assert store.progress == read_progress(learner) and store.notices == []


FORGED_RECORDS = [
    ("progress.questions.pack-x", {}),  # the learner's record of q1 dropped
    ("progress.questions.pack-x.q1.seen", 40),
    ("progress.questions.pack-x.q1.last_answer", "forged"),
    ("progress.answer_log.last", "forged"),
    ("progress.history.answers", [{"when": "2026-01-01T00:00:00+00:00", "pack": "pack-x", "question": "q1",
                                   "correct": True}]),  # a forged answer to hand to the log
    ("progress.packs.pack-x.best_percent", 100),
]


@pytest.mark.parametrize(("where", "forged"), FORGED_RECORDS, ids=[w for w, _ in FORGED_RECORDS])
def test_forged_records_beside_the_file_s_own_parts_are_ignored(learner, where, forged):
    """The parts stored with a progress entry make the file exactly, but the records do not say
    what those parts say: the entry must be refused, or the app shows what the file does not
    hold, and its next save writes that (a dropped question's answers are then lost)."""
    key, value = cached("progress-default")
    _set(value, where, forged)
    forge("progress-default", key, value)
    with ProgressStore.open(learner) as store:
        assert store.progress == read_progress(learner)
        store.record_answer("pack-x", "1.0.0", "q2", lesson="l", section="s", response="another",
                            correct=True, hints_used=0)
    after = read_progress(learner)
    assert after.questions["pack-x"]["q1"].last_answer == "an answer"
    assert after.questions["pack-x"]["q1"].seen == 1
    from learnmeta.progress.answerlog import answers, log_path

    assert [entry.response for entry in answers(log_path(learner))] == ["an answer", "another"]


def test_pickles_left_by_an_older_learnmeta_are_removed(learner, tmp_path):
    folder = paths.cache_dir()
    (folder / "library.pickle").write_bytes(b"old")
    (folder / "progress-someone.pickle").write_bytes(b"old")
    before = tmp_path / "home" / "cache"  # where they were kept under LEARNMETA_HOME
    before.mkdir()
    (before / "library.pickle").write_bytes(b"old")
    (before / "progress-default.pickle").write_bytes(b"old")
    (folder / "library.json").unlink()
    load_library_cached()
    assert not list(folder.glob("*.pickle")) and not before.exists()


def test_only_the_pickles_learnmeta_once_wrote_are_removed_from_a_shared_cache_folder(learner):
    """LEARNMETA_CACHE may name a folder other programs use too: their pickles are not ours."""
    folder = paths.cache_dir()
    theirs = [folder / "model.pickle", folder / "progress.pickle", folder / "library-2.pickle"]
    for path in theirs:
        path.write_bytes(b"someone else's data")
    (folder / "library.pickle").write_bytes(b"old")
    (folder / "progress-ann.pickle").write_bytes(b"old")
    (folder / "library.json").unlink()
    load_library_cached()
    assert not (folder / "library.pickle").exists() and not (folder / "progress-ann.pickle").exists()
    assert all(path.read_bytes() == b"someone else's data" for path in theirs)
