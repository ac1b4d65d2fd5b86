"""Attacks of round 8: the progress file's read path that makes question records directly
(quickread, fastcheck's make/finish), the start-up cache, the cold library path's whole-text
search for hidden characters, and the browser's words for a screen reader. Each asserts what a
learner or instructor would notice: the file loads as before or is refused with a plain reason
and kept aside, the next save keeps every answer, a command ends with its documented status."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

LEARNER = '\n[learner]\nid = "0b6f1c5e-8d2a-4c1e-9f3b-6a7d2e4c9b10"\n'
QUESTION = '\n[questions.p]\nq1 = { seen = 1, correct = 1, hints_used = 0, last_answer = "kept" }\n'
END = "\n[end]\ncomplete = true\n"
HUGE = "0x" + "F" * 4000
"""A whole number tomli reads (TOML's are 64-bit) that Python will not write back: 4,817 digits."""


def _open_answer_and_reopen(path: Path):
    """Open the store on ``path``, answer one question and save; then what a new start finds."""
    from learnmeta.progress import ProgressStore, read_progress

    store = ProgressStore.open(path)
    notices = list(store.notices)
    store.record_answer("p", "1.0.0", "q2", lesson="l", section="s", response="new", correct=True, hints_used=0)
    saved = store.save()
    error = store.save_error
    store.close()
    return notices, saved, error, read_progress(path)


# --------------------------------------------------------------------------------------------
# The progress file: values it can read but could never write back
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["unknown-huge-number", "unknown-nested-deep", "review-step-huge"])
def test_a_file_whose_values_could_not_be_written_back_is_kept_aside_and_saving_goes_on(tmp_path, what):
    """A hand-edited progress file that loads, holding a value this version could never write
    back: a key it does not know (kept at every save) holding 0x and 4,000 digits or a list nested
    400 deep, or a review's step of 0x and 4,000 digits (the only count with no bound). It was
    opened, and then every save failed for good ("could not write it in a form it can read
    back"). Now it is refused as it is read, with the place named; it is kept aside unchanged,
    what can be read of it is kept, and the answer after it is saved."""
    path = tmp_path / "learner.toml"
    if what == "unknown-huge-number":
        text = "schema_version = 1\nzz = " + HUGE + "\n" + LEARNER + QUESTION + END
        where = "zz: a whole number larger than a TOML file may hold"
    elif what == "unknown-nested-deep":
        text = "schema_version = 1\n" + LEARNER + "zz = " + "[" * 400 + "]" * 400 + "\n" + QUESTION + END
        where = "learner.zz: nested more than 32 deep"
    else:
        text = ("schema_version = 1\n" + LEARNER + QUESTION.replace(
            ' }\n', ', review = { due = 2026-01-01T00:00:00Z, state = "learning", step = ' + HUGE + ' } }\n') + END)
        where = "questions.p.q1.review.step"
    path.write_text(text, "utf-8")
    notices, saved, error, again = _open_answer_and_reopen(path)
    assert saved and error is None, error
    assert any(where in notice and "unchanged" in notice for notice in notices), notices
    assert again.questions["p"]["q1"].last_answer == "kept"
    assert again.questions["p"]["q2"].last_answer == "new"
    aside = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(aside) == 1 and aside[0].read_text("utf-8") == text


def test_unknown_values_nested_as_deep_as_may_be_and_numbers_at_tomls_bounds_are_kept(tmp_path):
    """What the bound lets in is written back as it was read, at every save."""
    path = tmp_path / "learner.toml"
    deep = "[" * 32 + "]" * 32
    text = (f"schema_version = 1\nzz = {deep}\nyy = [{2**63 - 1}, {-2**63}]\n"
            + LEARNER + QUESTION + END)
    path.write_text(text, "utf-8")
    notices, saved, error, _ = _open_answer_and_reopen(path)
    assert saved and error is None and notices == [], (notices, error)
    written = path.read_text("utf-8")
    assert f"zz = {deep}\n" in written and f"yy = [{2**63 - 1}, {-2**63}]\n" in written, written


def test_a_schema_version_too_long_to_write_is_named_plainly(tmp_path, capsys):
    """``schema_version = 0x`` and 4,000 digits: a newer format, said learnmeta, and failed to
    say its number (Python will not write it): the window could not open the file, with Python's
    own "Exceeds the limit (4300 digits) for integer string conversion; use
    sys.set_int_max_str_digits()...", and ``report`` skipped it "(ValueError)". Now it is no
    progress file learnmeta wrote, said plainly; the window keeps it aside and saves."""
    from learnmeta.cli import main

    path = tmp_path / "learner.toml"
    text = "schema_version = " + HUGE + "\n" + LEARNER + QUESTION + END
    path.write_text(text, "utf-8")
    status = main(["report", str(path)])
    out, err = capsys.readouterr()
    assert "schema_version is a number larger than a TOML file may hold" in out + err, (out, err)
    assert "ValueError" not in out + err and "set_int_max_str_digits" not in out + err
    notices, saved, error, again = _open_answer_and_reopen(path)
    assert saved and error is None, error
    assert any("schema_version is a number larger than a TOML file may hold" in n for n in notices), notices
    assert not any("set_int_max_str_digits" in n for n in notices), notices
    assert "q2" in again.questions["p"]
    assert [p.read_text("utf-8") for p in tmp_path.iterdir() if ".broken-" in p.name] == [text]
    del status


@pytest.mark.parametrize("kind", ["pack", "lesson"])
def test_a_content_files_schema_version_too_long_to_write_is_said_plainly(tmp_path, capsys, kind):
    """A pack or lesson with ``schema_version = 0x`` and 4,000 digits: validate said Python's
    own "Exceeds the limit (4300 digits) for integer string conversion; use
    sys.set_int_max_str_digits() to increase the limit" (the check's message tried to write the
    number). Now the file, its line and what is wrong, in words."""
    from factories import pack_data, write_pack
    from learnmeta.cli import main
    from learnmeta.paths import lessons_dir

    if kind == "pack":
        path = write_pack(tmp_path, pack_data())
        text = path.read_text("utf-8")
        path.write_text(text.replace("schema_version = 1", "schema_version = " + HUGE, 1), "utf-8")
    else:
        source = sorted(lessons_dir().glob("*.md"))[0].read_text("utf-8")
        path = tmp_path / "lesson.md"
        path.write_text(source.replace("schema_version = 1", "schema_version = " + HUGE, 1), "utf-8")
    assert HUGE in path.read_text("utf-8")
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert status == 1, (out, err)
    assert f"{path}:" in out and "'schema_version' must be 1: this is a number larger than a TOML file may hold" in out, out
    assert "set_int_max_str_digits" not in out + err and "Exceeds the limit" not in out + err


# --------------------------------------------------------------------------------------------
# A class's PIN records (learnmeta serve --class DIR)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("record", [
    "[" * 3000,  # nested past Python's recursion limit, in 3 KB (the file may hold 4)
    '{"salt": "", "hash": "", "locked_until": "soon"}',
    '{"salt": "", "hash": "", "locked_until": Infinity}',
    '{"salt": "", "hash": "", "locked_until": [1]}',
    '{"salt": "", "hash": "", "locked_until": 1e300}',
    '{"salt": "00", "hash": "00", "wrong": "many"}',
    '{"salt": "00", "hash": "00", "wrong": 1e400}',
    '{"salt": "00", "hash": "00", "wrong": null}',
    '{"salt": "00", "hash": "00", "rounds": 1e400}',
])
def test_a_damaged_pin_record_keeps_the_name_protected_and_the_app_going(tmp_path, record):
    """A learner's PIN record in the class folder that is JSON of another shape: the name's
    check raised TypeError, ValueError, OverflowError or RecursionError where the record was
    compared or counted, which ended the app of whoever typed that name (a crash report, in the
    middle of a class). Now such a record counts as one nobody's PIN matches, as an unreadable
    one did: the name stays protected, the learner is told so in words, and a later right PIN
    of a fresh record still works."""
    from learnmeta.serve.roster import ClassRoster, RosterProblem, safe_learner_name

    roster = ClassRoster(tmp_path / "class")
    pin_file = roster.pin_path(safe_learner_name("Ann Lee"))
    pin_file.parent.mkdir(parents=True, exist_ok=True)
    pin_file.write_text(record, "utf-8")
    for _ in range(2):
        with pytest.raises(RosterProblem, match="already taken|Too many wrong PINs"):
            roster.choose("Ann Lee", "83715")
    pin_file.unlink()  # the teacher removes it: the learner chooses a PIN again
    assert roster.choose("Ann Lee", "83715").name == "Ann Lee"
    assert roster.choose("Ann Lee", "83715").name == "Ann Lee"


# --------------------------------------------------------------------------------------------
# The class report on exports (CSV, JSON, xAPI lines)
# --------------------------------------------------------------------------------------------


def _exports(tmp_path) -> dict[str, str]:
    """A learner's answers exported as CSV, JSON and xAPI lines: format -> the text."""
    from class_helpers import library, make_class
    from learnmeta.cli import main

    (learner,) = make_class(tmp_path / "class", 1, [library().packs[0].id])
    texts = {}
    for fmt in ("csv", "json", "xapi"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--format", fmt, "--progress", str(learner), "-o", str(out)]) == 0
        texts[fmt] = out.read_text("utf-8")
    return texts


def test_scores_and_numbers_out_of_all_measure_in_exports_are_refused_in_words(tmp_path, capsys):
    """learnmeta report on a learner's export whose best score is not a percent: 400 digits in
    a CSV's pack_best_percent (or a JSON export's best_percent) stopped the report with a crash
    report (a float cannot hold it: exit 70); 1e300 made the class's mean score a number of 300
    digits; Infinity, and a number of 5,000 digits anywhere in a JSON file or xAPI line, were
    skipped as "(OverflowError)" and "(ValueError)". Each file is now skipped with what is wrong
    in words, and the report is still made from the others."""
    from learnmeta.cli import main

    texts = _exports(tmp_path)
    header, *rows = texts["csv"].splitlines()
    column = header.split(",").index("pack_best_percent")

    def cell(row: str, value: str) -> str:
        cells = row.split(",")
        return ",".join([*cells[:column], value, *cells[column + 1:]])

    assert '"best_percent": ' in texts["json"]
    hostile = {
        "big.csv": "\n".join([header, *(cell(row, "9" * 400) for row in rows)]) + "\n",
        "huge.json": texts["json"].replace('"best_percent": ', '"best_percent": 1e300, "was": ', 1),
        "infinite.json": texts["json"].replace('"best_percent": ', '"best_percent": Infinity, "was": ', 1),
        "digits.json": texts["json"].replace('"best_percent": ', '"n": ' + "9" * 5000 + ', "best_percent": ', 1),
        "digits.jsonl": texts["xapi"].replace("{", '{"n": ' + "9" * 5000 + ", ", 1),
    }
    (tmp_path / "good.csv").write_text(texts["csv"], "utf-8")
    for name, text in hostile.items():
        (tmp_path / name).write_text(text, "utf-8")
    status = main(["report", *(str(tmp_path / name) for name in ["good.csv", *hostile])])
    out, err = capsys.readouterr()
    assert status == 0 and "a problem in learnmeta itself" not in err, (out, err)
    said = out + err
    for name in hostile:
        assert f"skipped {tmp_path / name}: " in said, (name, said)
    assert said.count("a score that is not a whole percent from 0 to 100") == 3, said
    assert said.count("a number in it is too long to read: more than 4,300 digits") == 2, said
    for internal in ("Error)", "set_int_max_str_digits", "Exceeds the limit"):
        assert internal not in said, said
    assert "mean score 67%" in out or re.search(r"mean score \d{1,3}%", out), out


# --------------------------------------------------------------------------------------------
# The browser (learnmeta serve + Chromium)
# --------------------------------------------------------------------------------------------

PASTE_JS = """(text) => { const keys = document.querySelector('.xterm-helper-textarea');
  const data = new DataTransfer(); data.setData('text/plain', text);
  keys.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }"""


def test_a_paste_of_a_whole_page_leaves_the_session_answering(tmp_path):
    """A paste goes to the server in one message, and the server takes at most 64 KiB in one:
    a page of text copied whole (100,000 characters, or 20,000 emoji) closed the learner's
    websocket, and their app with it, while the page still showed its last screen, answering
    nothing (broke). page.js now cuts a paste to 4,000 characters (no box takes more than 500):
    the session goes on, and the name typed after it is taken."""
    served_browser = pytest.importorskip("test_serve_browser")  # skips without Chromium
    from playwright.sync_api import sync_playwright

    served = served_browser.Served([], tmp_path / "home")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=served_browser.CHROMIUM,
                                                 args=served_browser.FLAGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": 1000, "height": 700})
                context.set_default_timeout(served_browser.WAIT_MS)
                page = served_browser.open_app(context, served.url)
                page.evaluate(PASTE_JS, "x" * 100_000)
                page.evaluate(PASTE_JS, "\U0001F600" * 20_000)
                page.keyboard.type("Sam")
                page.wait_for_function(served_browser.HAS_TEXT_JS, arg="▊ Sam ", timeout=20_000)
                page.keyboard.press("Enter")
                served_browser.wait_for(page, "Welcome to learnmeta")
                assert served.process.poll() is None
            finally:
                browser.close()
    finally:
        assert served.stop() == 0
    assert (tmp_path / "home" / "learners" / "sam.toml").is_file()


# --------------------------------------------------------------------------------------------
# The packs folder's bound in all (e3aeb9e)
# --------------------------------------------------------------------------------------------


def test_the_packs_folders_bound_counts_odd_files_as_files_and_waits_on_none(monkeypatch, capsys, tmp_path):
    """What sits in the learner's packs folder under a pack's name and is no pack: a FIFO, a
    link to /dev/zero, a link loop, a folder, a link to a sparse file far over one file's limit.
    Each counts as one file (none by a size it does not have), none is waited on or read, and the
    files past the bound are left out and said, by name, as for packs (held)."""
    from learnmeta import cache
    from learnmeta.cli import main
    from learnmeta.content import library as library_module

    monkeypatch.setattr(library_module, "MAX_PACKS_FOLDER_FILES", 5)
    folder = Path(os.environ["LEARNMETA_HOME"]) / "packs"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "a-fifo.toml")
    os.symlink("/dev/zero", folder / "b-zero.toml")
    os.symlink(folder / "c-loop.toml", folder / "c-loop.toml")
    (folder / "d-folder.toml").mkdir()
    sparse = tmp_path / "sparse.toml"
    with open(sparse, "wb") as handle:
        handle.truncate(100 * 1024 * 1024 * 1024)  # 100 GB that take no room
    os.symlink(sparse, folder / "e-sparse.toml")
    (folder / "f-left.toml").write_text("not = = toml", "utf-8")
    (folder / "g-left.toml").write_text("nor this", "utf-8")
    status = main(["list"])
    out = capsys.readouterr().out
    assert status == 1 and "mastery-check" in out, out
    assert "2 pack files in your packs folder were left out, not read" in out and "(from 'f-left.toml' on)" in out, out
    for name in ("a-fifo", "b-zero", "c-loop", "d-folder", "e-sparse"):
        assert f"{name}.toml" in out, (name, out)  # each named as a file that could not be used
    assert "f-left.toml:" not in out and "g-left.toml:" not in out
    library = cache.load_library_cached()
    assert library.packs and any(p.code == "packs-left-out" for p in library.problems)


# --------------------------------------------------------------------------------------------
# A link loop on the way to the progress file (Path.resolve raises RuntimeError in Python 3.11)
# --------------------------------------------------------------------------------------------


async def test_settings_opens_when_the_progress_folder_is_a_link_loop(make_app, tmp_path, screen_text):
    """The learner's folder a link to itself (LEARNMETA_HOME, or a folder given with
    --progress): the app starts, says nothing will be saved, and goes on; but Settings (8ca82d7:
    where the progress file is) asked Path.resolve of it, which Python 3.11 answers with
    RuntimeError for a link loop, and the app ended with a crash report as Settings opened.
    Settings now opens and says where the file was to be."""
    from learnmeta.app.screens.settings import SettingsScreen

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    app = make_app(progress=loop / "learner.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        for _ in range(3):
            if len(app.screen_stack) > 1:  # the notices that nothing will be saved
                await pilot.press("escape")
                await pilot.pause()
        await pilot.press("s")
        for _ in range(3):
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, SettingsScreen)
        assert "Your progress file" in screen_text(app)


@pytest.mark.parametrize("through", ["output", "progress"])
def test_export_through_a_link_loop_is_an_error_not_a_crash(tmp_path, capsys, through):
    """learnmeta export with -o (or --progress) naming a file in a folder that is a link to
    itself: export compared the two with Path.resolve, which Python 3.11 answers with
    RuntimeError for a link loop (exit 70, a crash report). Now the usual error and status."""
    from class_helpers import library, make_class
    from learnmeta.cli import main

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    (learner,) = make_class(tmp_path / "class", 1, [library().packs[0].id])
    output, progress = tmp_path / "out.csv", learner
    if through == "output":
        output = loop / "out.csv"
    else:
        progress = loop / "learner.toml"
    status = main(["export", "--format", "csv", "--progress", str(progress), "-o", str(output)])
    out, err = capsys.readouterr()
    assert status in (1, 2) and "a problem in learnmeta itself" not in err, (status, out, err)
    assert "learnmeta export: " in err and str(loop) in err, err



@pytest.mark.parametrize(("link", "words"), [
    ("loop", "is a link that loops back on itself"),
    ("nowhere", "is a link to something that cannot be reached"),
])
def test_export_into_a_folder_that_is_a_broken_link_says_so(tmp_path, capsys, link, words):
    """export -o LOOP/out.csv, LOOP a link to itself (or a link to nothing): the error called
    the link "a file, not a folder", which sent the user looking for a file that is not there.
    It says the link loops (or leads nowhere) now; the status is the output's, 1."""
    from class_helpers import library, make_class
    from learnmeta.cli import main

    folder = tmp_path / link
    folder.symlink_to(folder if link == "loop" else tmp_path / "gone")
    (learner,) = make_class(tmp_path / "class", 1, [library().packs[0].id])
    output = folder / "out.csv"
    status = main(["export", "--format", "csv", "--progress", str(learner), "-o", str(output)])
    out, err = capsys.readouterr()
    assert status == 1, (status, out, err)
    assert f"learnmeta export: cannot write {output}: cannot make the folder {folder}: {folder} {words}" in err, err
    assert "a file, not a folder" not in err and not os.path.lexists(output), err

# --------------------------------------------------------------------------------------------
# A ~ that cannot be expanded (Path.expanduser raises RuntimeError)
# --------------------------------------------------------------------------------------------

NO_SUCH_HOME = "~no-such-user-p8"


@pytest.mark.parametrize("args", [
    ["export", "--format", "csv", "--progress", NO_SUCH_HOME + "/x.toml", "-o", "out.csv"],
    ["quiz", NO_SUCH_HOME + "/pack.toml", "--plain"],
    ["list", "{home}"],
])
def test_a_home_folder_that_cannot_be_found_is_a_path_not_a_crash(tmp_path, monkeypatch, capsys, args):
    """``--progress ~nosuchuser/x.toml``, ``quiz ~nosuchuser/pack.toml`` or LEARNMETA_HOME set
    to ``~nosuchuser/...`` (a user that does not exist, or ~ with no home folder known): Python's
    expanduser raises RuntimeError, and each command stopped with a crash report (exit 70). The
    path is now taken as written: no such file, said as for any other (exit 2), or a folder of
    that name (list works)."""
    from learnmeta.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    if args[-1] == "{home}":
        monkeypatch.setenv("LEARNMETA_HOME", NO_SUCH_HOME + "/home")
        args = args[:-1]
    status = main(args)
    out, err = capsys.readouterr()
    assert "a problem in learnmeta itself" not in err, err
    if args[0] == "list":
        assert status == 0 and "mastery-check" in out, (out, err)
    else:
        assert status == 2 and NO_SUCH_HOME in err, (status, out, err)


async def test_settings_shows_a_progress_path_holding_escapes_as_text(make_app, tmp_path, screen_text):
    """A progress file named with a terminal sequence (``--progress``, a folder named so):
    Settings' "Your progress file" (8ca82d7) drew the path as it was, and its ESC ] 2 ; ... BEL
    reached the terminal (in tmux it set the window's title) (broke). It is drawn as text now,
    without control characters, as every other path the app shows."""
    folder = tmp_path / "a\x1b]2;PWNED\x07\x1b[7m\x9b31mfolder"
    folder.mkdir()
    app = make_app(progress=folder / "learner.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        for _ in range(3):
            await pilot.pause()
        shown = screen_text(app)
        where = app.screen.query_one("#where-kept")
        drawn = "".join(segment.text for strip in where.render_lines(where.region.reset_offset)
                        for segment in strip)
    assert "Kept only on this computer" in " ".join(shown.split())
    assert "PWNED" in drawn and not re.search("[\x00-\x1f\x7f-\x9f]", drawn), repr(drawn)


@pytest.mark.parametrize("args", [
    ["--plain", "lesson", "zz\x1b]2;PWNED\x07\x9b31m"],
    ["--plain", "lesson", "a\x1b]2;PWNED\x07.md"],
    ["--plain", "quiz", "zz\x1b]2;PWNED\x07\x9b31m"],
    ["new-pack", "zz\x1b]2;PWNED\x07\x9b31m"],
    ["serve", "--host", "zz\x1b]2;PWNED\x07\x9b31m"],
])
def test_an_unknown_id_or_a_files_name_is_said_back_without_its_escapes(tmp_path, monkeypatch, capsys, args):
    """learnmeta lesson / quiz given an id that is no lesson or quiz, or a lesson file's name
    (tab-completed in a folder of downloads: a name may hold ESC ] 2 ; ... BEL), new-pack an id
    it refuses, serve a --host it refuses: the usage error said it back as it was, and the
    sequence reached the terminal (broke). Said without control characters now; the status is
    unchanged."""
    from learnmeta.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    if args[-1].endswith(".md"):
        (tmp_path / args[-1]).write_text("+++\n+++\n", "utf-8")
    status = main(args)
    out, err = capsys.readouterr()
    assert status == 2 and "PWNED" in err, (status, out, err)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out + err), repr(err)


@pytest.mark.parametrize("args", [
    ["zz\x1b]2;PWNED\x07\x9b31m"],
    ["list", "zz\x1b]2;PWNED\x07\x9b31m"],
    ["export", "--format", "zz\x1b]2;PWNED\x07\x9b31m"],
    ["list", "--zz\x1b]2;PWNED\x07\nsecond line"],
])
def test_argparse_errors_say_what_was_typed_without_its_escapes(tmp_path, monkeypatch, capsys, args):
    """argparse's own usage errors ("unrecognized arguments: ...", "invalid choice: ...") said
    back what was typed as it was, and ESC ] 2 ; ... BEL reached the terminal (broke). Said
    without control characters and on one line now, after the usage line; the status stays 2."""
    from learnmeta.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and "PWNED" in err, (exited.value.code, out, err)
    assert err.startswith("usage: learnmeta") and "error:" in err, err
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", out + err), repr(err)
    assert err[err.index("error:"):].count("\n") == 1, repr(err)
