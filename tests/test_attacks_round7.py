"""Attacks of round 7: hostile content folders loaded by the app itself (the learner's
``packs/`` folder), the class report's bounds, the browser's screen-reader channel, and what
landed in round 7. Each asserts what a learner or instructor would notice: the app starts and
says what it left out, a command ends with its documented status and never a crash report,
text is shown as text, nothing saved is lost."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from learnmeta.cli import main

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character (ESC, BEL, C1's CSI/OSC/ST...) that would reach the terminal raw."""


def run(capsys, *args) -> tuple[int, str, str]:
    status = main([*map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def packs_folder() -> Path:
    folder = Path(os.environ["LEARNMETA_HOME"]) / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_file(folder: Path, name: bytes, text: bytes = b"x") -> None:
    """A file whose name is the bytes ``name`` (not necessarily UTF-8)."""
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(text)


# --------------------------------------------------------------------------------------------
# The learner's packs folder
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["validate"], ["validate", "{packs}"]])
def test_a_pack_whose_file_name_is_not_utf8_is_named_not_a_crash(capsys, command):
    """A file name that is not UTF-8 reaches Python as lone surrogates; printed to an output
    that refuses them (a UTF-8 locale's strict stdout, as pytest's capture is) ``list`` and
    ``validate`` stopped with a crash report (exit 70). Now the file is named and left out."""
    folder = packs_folder()
    make_file(folder, b"bad\xff\xfename.toml")
    make_file(folder, b"c1\x9b31m.toml")
    status, out, err = run(capsys, *[part.format(packs=folder) for part in command])
    assert "a problem in learnmeta itself" not in err, err
    assert status == 1, (status, out, err)
    assert "bad" in out and "name.toml" in out, out
    assert not _RAW.search(out.replace("\n", "")), repr(out)
    assert "\udcff" not in out + err  # written as text, never as the raw byte


@pytest.mark.parametrize("command", [["validate"], ["list"]])
def test_a_file_name_holding_a_line_end_stays_on_its_line(capsys, command):
    """A pack named ``x.toml: error: all is well<newline>fine.toml`` in the packs folder split
    validate's ``path:line: message`` line in two (and list's), and its second half read as a
    line of its own, to a person or a script reading line by line. Its line end is written as
    ``\\n`` now."""
    folder = packs_folder()
    make_file(folder, b"x.toml: error: all is well\nfine.toml")
    make_file(folder, b"cr\rname.toml")
    status, out, err = run(capsys, *command)
    assert status == 1 and "Traceback" not in err
    lines = out.splitlines()
    assert not any(line.startswith("fine.toml") for line in lines), out
    assert any("x.toml: error: all is well\\nfine.toml" in line for line in lines), out
    assert any("cr\\rname.toml" in line for line in lines), out


@pytest.mark.parametrize("what", ["fifo", "file", "loop", "dev-zero", "proc-fd"])
def test_a_packs_folder_that_is_no_folder_leaves_the_built_in_content(capsys, what):
    """The learner's packs folder as a FIFO, a file, a link loop, a link to /dev/zero or to a
    folder of file descriptors: list and the app's library show the built-in content, and
    nothing waits on it."""
    from learnmeta import cache

    folder = Path(os.environ["LEARNMETA_HOME"]) / "packs"
    folder.parent.mkdir(parents=True, exist_ok=True)
    if what == "fifo":
        os.mkfifo(folder)
    elif what == "file":
        folder.write_text("x")
    elif what == "loop":
        os.symlink(folder, folder)
    else:
        os.symlink("/dev/zero" if what == "dev-zero" else "/proc/self/fd", folder)
    status, out, err = run(capsys, "list")
    assert status == 0 and "mastery-check" in out, (out, err)
    assert len(cache.load_library_cached().packs) == len([line for line in out.splitlines()
                                                          if "questions)" in line])


def test_a_glossary_in_the_packs_folder_does_not_replace_the_built_in_one(capsys):
    """Files in the learner's packs folder named glossary*.toml were read as a glossary, and one
    that loaded replaced the built-in glossary's medical definitions without a word; a pack named
    so (``learnmeta new-pack glossary-words``) was refused as a glossary with odd errors. The
    folder holds packs: each file there is read as a pack."""
    from learnmeta.content.library import load_library
    from learnmeta.paths import lessons_dir

    folder = packs_folder()
    text = (lessons_dir() / "glossary.toml").read_text("utf-8")
    (folder / "glossary.toml").write_text(text.replace('definition = "', 'definition = "PLANTED ', 1), "utf-8")
    assert run(capsys, "new-pack", "glossary-words", "-o", folder / "glossary-words.toml")[0] == 0

    library = load_library()
    assert not any(term.definition.startswith("PLANTED") for term in library.glossary.terms)
    assert "glossary-words" in [pack.id for pack in library.packs]
    status, out, err = run(capsys, "list")
    assert status == 1 and "glossary-words" in out, out
    assert "packs/glossary.toml" in out and "packs/glossary-words.toml" not in out, out


# --------------------------------------------------------------------------------------------
# The class report
# --------------------------------------------------------------------------------------------


def test_a_report_in_parallel_hands_out_pieces_a_few_at_a_time(tmp_path, monkeypatch):
    """Read by several processes, every piece of the class was handed out at once (pool.map):
    a piece that finished before the first was held until the first was merged and the bound
    checked, so with a slow first piece the whole class could be held, whatever the bound.
    Here a pool that runs each piece as it is handed out shows how many were read when the
    first piece passes the bound: all 12 before, 4 (two per process) now."""
    from concurrent.futures import Executor, Future

    from class_helpers import library, make_class
    from learnmeta.instructor import class_data

    files = [str(p) for p in make_class(tmp_path / "class", 3, [library().packs[0].id])] * 4
    ran: list[list[str]] = []

    class AtOnce(Executor):  # runs each piece when it is handed out, as an idle process would
        def __init__(self, count, mp_context=None):
            pass

        def submit(self, fn, /, *args, **kwargs):
            ran.append(args[0])
            future: Future = Future()
            future.set_result(fn(*args, **kwargs))
            return future

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", AtOnce)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    data = class_data._read_in_parallel([Path(f) for f in files], None, 2, 1, False, 1)
    assert data.read == files[:1] and data.left_out == files[1:]
    assert len(ran) <= 2 * 2, len(ran)


class _Counted(str):
    """A response that counts how often it is compared with another."""

    compared = 0

    def __eq__(self, other):
        _Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


@pytest.mark.parametrize("first_hints", [1, None])
def test_answers_alike_in_two_files_are_merged_without_a_look_through_them_all(first_hints):
    """The same learner's file given twice (or a file and its export), where a question holds
    many answers alike (the same response in the same second: a file may hold 64 MB of them):
    each answer of the second looked through every answer alike in the first for one to add its
    hints to, n answers n times (4,000 alike: 2.3 s of CPU; a 64 MB CSV, days). Comparisons are
    counted, not timed; the hints the second file knows are kept, as before."""
    from learnmeta.instructor.class_data import Answer, ClassData

    n = 2000

    def file(hints: int | None) -> ClassData:
        data = ClassData()
        for _ in range(n):
            data.answer("learner", "pack", "q", Answer(True, _Counted("the same"), "2026-01-01T00:00:00Z", hints))
        return data

    first, second = file(first_hints), file(2)
    _Counted.compared = 0
    first.merge(second)
    answers = first.learners["learner"]["pack"].answers["q"]
    assert len(answers) == n and {a.hints for a in answers} == {first_hints or 2}
    assert _Counted.compared <= 30 * n, _Counted.compared


# --------------------------------------------------------------------------------------------
# The browser: a paste, long feedback, rapid answers (learnmeta serve + Chromium)
# --------------------------------------------------------------------------------------------

TYPED_QUESTION = '''
[[questions]]
id = "typed"
type = "short_answer"
prompt = "Type the word tangerine."
lesson = "what-is-metastatic-cancer"
section = "naming"
explanation = "The word is tangerine."
accepted = ["tangerine"]
feedback_wrong = "Not tangerine."
'''
PASTE_JS = """(text) => { const keys = document.querySelector('.xterm-helper-textarea');
  const data = new DataTransfer(); data.setData('text/plain', text);
  keys.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }"""


def test_a_paste_long_feedback_and_rapid_answers_in_the_browser(tmp_path):
    """In one browser session:

    * a paste is text, never keys: xterm.js put pasted text between the bracketed-paste marks
      as it was, so a paste holding ``ESC [201~`` and then Ctrl+Q quit the learner's app (and
      anything else after it was pressed as keys). Broke; page.js now takes control
      characters out of a paste. What the learner pasted reaches the answer and the live region
      as plain text;
    * feedback of 1,990 characters without a space is said cut to 400, in one piece;
    * four questions each chosen and checked as fast as keys come (1 and Enter, without
      waiting) are each recorded once, and the results are read out."""
    import json

    served_browser = pytest.importorskip("test_serve_browser")  # skips without Chromium
    from playwright.sync_api import sync_playwright

    home = tmp_path / "home"
    (home / "packs").mkdir(parents=True)
    questions = TYPED_QUESTION + served_browser.ANNOUNCE_QUESTION.format(id="long", wrong='"' + "x" * 1990 + '"')
    questions += "".join(served_browser.ANNOUNCE_QUESTION.format(id=f"quick{n}", wrong='"No."') for n in range(4))
    (home / "packs" / "announce.toml").write_text(served_browser.ANNOUNCE_PACK.format(questions=questions), "utf-8")
    served = served_browser.Served([], home)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=served_browser.CHROMIUM,
                                                 args=served_browser.FLAGS, headless=True)
            try:
                context = browser.new_context(viewport={"width": 1000, "height": 700})
                context.set_default_timeout(served_browser.WAIT_MS)
                page = served_browser.open_app(context, served.url)
                served_browser.become(page, "Sam")
                page.evaluate(served_browser.LISTEN_JS)
                page.keyboard.press("Tab")  # the lessons
                served_browser.wait_for(page, "▶ 1\\. ")
                page.keyboard.press("Tab")  # the quizzes
                served_browser.wait_for(page, "▶ [^\\n]*\\(\\d+ questions")
                page.keyboard.press("ArrowDown")
                served_browser.wait_for(page, "▶ Announce check")
                page.keyboard.press("Enter")
                served_browser.wait_for(page, "Type the word tangerine")
                page.evaluate(PASTE_JS, "tang\x1b[201~\x1b\x11\x03\x1b]7790;INJECTED\x07\x9b31merine")
                served_browser.wait_for(page, "tang\\[201~")
                page.keyboard.press("Enter")
                said = served_browser.heard(page, "^Not quite")
                assert said.startswith("Not quite. The right answer: tangerine.") and "INJECTED" not in said
                assert served.process.poll() is None

                page.keyboard.press("Enter")
                served_browser.heard(page, "^Question 2 of 6")
                page.keyboard.press("2")
                page.keyboard.press("Enter")
                said = served_browser.heard(page, "^Not quite. The right answer: The first choice")
                assert len(said) <= 400 and said.endswith("x…"), said

                page.keyboard.press("Enter")
                for number in range(3, 7):
                    served_browser.wait_for(page, f"Question {number} of 6\\b")
                    page.keyboard.press("1")  # choose and check as fast as keys come
                    page.keyboard.press("Enter")
                    served_browser.wait_for(page, "✓ Right")
                    page.keyboard.press("Enter")
                served_browser.heard(page, "^Results: Announce check. You got 4 of 6 right")
                assert not re.search("[\x00-\x1f\x7f-\x9f]", json.dumps(page.evaluate("() => window.heard"),
                                                                         ensure_ascii=False))
            finally:
                browser.close()
    finally:
        assert served.stop() == 0
    log = (home / "learners" / "sam.answers.jsonl").read_text("utf-8").splitlines()
    answers = [json.loads(line) for line in log if '"kind":"answer"' in line]
    assert [a["question"] for a in answers] == ["typed", "long", "quick0", "quick1", "quick2", "quick3"]
    assert answers[0]["response"] == "tang[201~]7790;INJECTED31merine"


async def test_keys_that_arrive_together_record_each_answer_once(make_app, tmp_path, screen_text):
    """A browser's keys can reach the app in one burst (1, Enter, Enter, Enter, 1, Enter, Enter):
    the Enters that come before the first answer is checked ask to check it again. The answer is
    recorded once, never twice, and the app goes on (held; the Enters typed ahead are not kept
    for the next question)."""
    from textual import events

    app = make_app(start=("quiz", "sample-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, char in [("1", "1"), ("enter", "\r"), ("enter", "\r"), ("enter", "\r"),
                          ("1", "1"), ("enter", "\r"), ("enter", "\r")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.press("enter")  # whatever the burst left: the app still answers keys
        await pilot.pause()
        assert "Question" in screen_text(app) or "Results" in screen_text(app)
    lines = (tmp_path / "progress.answers.jsonl").read_text("utf-8").splitlines()
    answered = [json.loads(line)["question"] for line in lines if '"kind":"answer"' in line]
    assert len(answered) == len(set(answered)) >= 1, answered


# --------------------------------------------------------------------------------------------
# The start-up cache (round 7: large files read themselves, question lines made into records)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["fifo", "loop", "file", "link-to-dev-null"])
def test_a_cache_folder_that_is_no_folder_changes_nothing_and_hangs_nothing(tmp_path, monkeypatch, what):
    """LEARNMETA_CACHE naming a FIFO, a link loop, a file, or a link to /dev/null: the library
    and a learner's progress load as without a cache, the answer is saved, nothing waits."""
    from learnmeta import cache
    from learnmeta.progress import ProgressStore, read_progress

    place = tmp_path / "cache"
    if what == "fifo":
        os.mkfifo(place)
    elif what == "loop":
        os.symlink(tmp_path / "cache2", place)
        os.symlink(place, tmp_path / "cache2")
    elif what == "file":
        place.write_text("not a folder")
    else:
        os.symlink("/dev/null", place)
    monkeypatch.setenv("LEARNMETA_CACHE", str(place))
    library = cache.load_library_cached()
    assert library.packs and not library.errors
    cache.write_pending()
    path = tmp_path / "learner.toml"
    for response in ("first", "second"):
        with ProgressStore.open(path) as store:
            store.record_answer("p", "1.0.0", "q1", lesson="l", section="s", response=response,
                                correct=True, hints_used=0)
            store.settle()
            store.refresh_cache()
    assert read_progress(path).questions["p"]["q1"].last_answer == "second"
    if what == "fifo":  # and what was there is left as it was
        assert place.is_fifo()
    elif what == "file":
        assert place.read_text() == "not a folder"
    elif what == "link-to-dev-null":
        assert os.readlink(place) == "/dev/null"


def test_question_lines_of_odd_values_read_the_same_made_into_records_or_as_tables():
    """cf73e94 makes a progress file's question lines into records as they are read, each
    distinct text of a value checked once. Lines of values at the edges (counts over the bound,
    a leap day that is not, a 60th second, 1e999, -0.0, C1 and format characters, non-characters,
    the most characters a text may hold and one more) read exactly as the file's check reads
    them from tables: the same records, or the same error. 600 seeded files of 1-4 lines."""
    import random

    from test_progress_quickread import END, HEADER, _loaded

    rng = random.Random(7)
    counts = ["0", "1", "2", "3", "1", "2", "999999999999999999", "1000000001"]
    times = ["2026-12-05T06:45:16+00:00"] * 6 + [
        "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+00:00", "2026-02-29T00:00:00+00:00",
        "2024-02-29T00:00:00+00:00", "2026-12-05T23:59:60+00:00", "2026-13-05T00:00:00+00:00"]
    texts = ["", "x", "\u0085", "\u009b31m", "\u00a0", "\u2028", "\ufeff", "a\u200db", "\U0001F600", "e\u0301",
             "\ufffe", "\U0010FFFF", "x" * 200, "x" * 201, " leading", "tab\there"]
    floats = ["0.5", "-0.0", "0.0", "1e999", "-1e999", "1e-400", "64.0", "1.0e5", "-0.5", "100.0", "1e2"]

    def text(usual: list[str]) -> str:
        return rng.choice(texts) if rng.random() < 0.1 else rng.choice(usual)

    def line(qid: str) -> str:
        parts = [f"seen = {rng.choice(counts)}", f"correct = {rng.choice(counts)}",
                 f"hints_used = {rng.choice(counts)}"]
        if rng.random() < 0.5:
            parts.append(f"last_correct = {rng.choice(['true', 'false'])}")
        if rng.random() < 0.5:
            parts.append(f"last_answered = {rng.choice(times)}")
        parts.append(f'last_answer = "{rng.choice(texts)}"')
        if rng.random() < 0.5:
            parts.append(f'lesson = "{text(["lesson-1", "a"])}"')
        if rng.random() < 0.5:
            parts.append(f'section = "{text(["s_1", "naming"])}"')
        if rng.random() < 0.6:
            review = [f"due = {rng.choice(times)}", f'state = "{text(["review", "learning", "relearning"])}"']
            review += [f"{name} = {value}" for name, value in (
                ("step", rng.choice(counts)), ("stability", rng.choice(floats)),
                ("difficulty", rng.choice(floats))) if rng.random() < 0.5]
            parts.append("review = { " + ", ".join(review) + " }")
        if rng.random() < 0.5:
            parts.append(f"last_confidence = {rng.choice(counts)}")
        return f"{qid} = {{ " + ", ".join(parts) + " }"

    loaded = 0
    for _ in range(600):
        lines = "\n".join(line(f"q{n}") for n in range(rng.randint(1, 4)))
        text_of_file = HEADER + "[questions.p]\n" + lines + "\n" + END
        made = _loaded(text_of_file, True)
        assert made == _loaded(text_of_file, False), text_of_file
        loaded += made.startswith("ok ")
    assert loaded > 20  # the values at the edges did not turn every file away


# --------------------------------------------------------------------------------------------
# What each screen says as it opens in a browser (8e4f500, learnmeta/app/opening.py)
# --------------------------------------------------------------------------------------------


async def test_every_screen_opened_with_hostile_content_says_plain_words_and_the_app_goes_on(
        make_app, tmp_path, screen_text, announced):
    """Under learnmeta serve each screen says what it is and where the focus is as it opens,
    from pack and lesson titles, labels, the learner's name and what is typed. With markup,
    escapes and C1 codes in every one of them, and a name of 90 characters: each screen of home's
    keys, the palette, Settings, a quiz's leave question and the welcome opened one after
    another say words without a control character, at most 400 characters, and nothing in the
    words builders stops the app (an exception there would end the learner's session)."""
    from test_app_shell_hostile import HOSTILE_GLOSSARY, HOSTILE_LESSON, HOSTILE_PACK

    said = announced
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.md").write_text(HOSTILE_LESSON, encoding="utf-8")
    (folder / "glossary.toml").write_text(HOSTILE_GLOSSARY, encoding="utf-8")
    (folder / "hostile.toml").write_text(HOSTILE_PACK, encoding="utf-8")
    app = make_app(content=[folder], name="\x1b]0;x\x07[b]Ann\x9b2J" + "n" * 80)
    keys = ["g", "escape", "p", "escape", "h", "escape", "m", "escape", "w", "escape", "f2", "escape",
            "f1", "escape", "ctrl+p", "escape", "s", "escape", "tab", "tab", "enter", "escape", "escape"]
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            for _ in range(2):
                await pilot.pause()
        assert app.is_running
    welcome = make_app(content=[folder], welcomed=False, progress=tmp_path / "second.toml",
                       name="\x1b]0;x\x07[b]Bo\x9b2J\u2028\u202e" + "o" * 80)
    async with welcome.run_test(size=(80, 24)) as pilot:  # the name box, filled, is said
        for _ in range(3):
            await pilot.pause()
        assert welcome.is_running
    assert "In the box Your name (optional, only used to greet you): ]0;x[b]Bo2J o" in said[-1], said[-1]
    assert len(said) >= 10, said
    opened = " ".join(said)
    for words in ("Home:", "Glossary", "Help: keys", "Settings.", "Leave the quiz?"):
        assert words in opened, said
    for words in said:
        assert not re.search("[\x00-\x1f\x7f-\x9f]", words) and len(words) <= 400, words


async def test_the_dialogs_and_screens_that_said_nothing_say_what_they_are(make_app, tmp_path, announced):
    """8e4f500 muted xterm.js's own live region in the browser (it read the redrawn rows over
    our words), so a screen that does not say what it is says nothing at all: a lesson page's
    words (g), the command palette (Ctrl+P), "Make the window a little bigger" and an exam's list
    of questions (g) opened in silence for a screen-reader user. Broke; each says what it is now."""
    from factories import pack_data, write_content

    said = announced

    async def settle(pilot) -> None:
        for _ in range(3):
            await pilot.pause()

    async def heard(pilot, *keys: str) -> list[str]:
        before = len(said)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        return said[before:]

    app = make_app(start=("lesson", "sample-basics"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert await heard(pilot, "g") == [
            "Words on this page: 2 words: primary, metastatic cancer. Up and down arrows scroll; "
            "g or Escape closes."]
        await heard(pilot, "escape")
        before = len(said)
        await pilot.press("ctrl+p")
        await palette_filled(app, pilot)
        assert re.fullmatch(r"Commands: type to search; up and down arrows choose; Enter runs the command; "
                            r"Escape closes\. On .+, 1 of \d+\.", " ".join(said[before:])), said
        await heard(pilot, "escape")
        before = len(said)
        await pilot.resize_terminal(30, 10)
        await settle(pilot)
        assert said[before:] == ["Make the window a little bigger (at least 40×12)."]
    data = pack_data()
    data["pack"]["mode"] = "exam"
    exam = make_app(content=[write_content(tmp_path / "exam-content", data)], start=("quiz", "test-pack"),
                    progress=tmp_path / "exam.toml")
    async with exam.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        words = await heard(pilot, "g")
        assert len(words) == 1 and words[0].startswith("The exam's questions."), words
        assert "Enter goes to the question; s submits; Escape goes back." in words[0], words


async def test_moving_the_focus_or_a_lists_arrows_is_said(make_app, announced):
    """With xterm.js's own live region muted (8e4f500), Tab from one part of home to another,
    the arrows through home's lessons and Settings' lists said nothing at all in a browser: a
    screen-reader user could not tell which lesson Enter would open. Broke; where the focus is
    now is said after each move, on every screen but those that say what they show themselves."""
    said = announced
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        heard = []
        for key in ["tab", "down", "tab", "s", "down"]:
            before = len(said)
            await pilot.press(key)
            for _ in range(3):
                await pilot.pause()
            heard.append(said[before:])
    assert heard == [
        ["On 1. What spreading means (not started, 4 min), 1 of 2."],
        ["On 2. How treatment helps (not started, 3 min), 2 of 2."],
        ["On What spreading means: check (2 questions, no score yet), 1 of 1."],
        ["Settings. Each change is saved as it is made. On the list Dark: Enter opens it. Tab moves on; "
         "Escape goes back."],  # its opening says where the focus is: not said twice
        ["On Dark, 1 of 3."],
    ], heard


def test_a_pack_rewritten_in_place_with_its_size_and_time_kept_is_read_again():
    """A pack in the learner's folder rewritten in place (same file, same size) with its
    modification time set back, as a copy tool keeping times does: the library cache's key
    (path, size, times, inode) still sees the change (the change time moves), and the next start
    shows the new title, not the cached one."""
    import tomli_w

    from factories import pack_data, write_pack
    from learnmeta import cache

    folder = packs_folder()
    data = pack_data()
    data["pack"]["lessons"] = ["what-is-metastatic-cancer"]
    for question in data["questions"]:
        question["lesson"], question["section"] = "what-is-metastatic-cancer", "naming"
    data["pack"]["title"] = "Title one"
    path = write_pack(folder, data)
    assert "Title one" in [p.pack.title for p in cache.load_library_cached().packs]
    info = os.stat(path)
    data["pack"]["title"] = "Title two"
    text = tomli_w.dumps(data).encode("utf-8")
    assert len(text) == info.st_size
    with open(path, "r+b") as handle:  # the same inode, the same size
        handle.write(text)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == info.st_mtime_ns and os.stat(path).st_ino == info.st_ino
    titles = [p.pack.title for p in cache.load_library_cached().packs]
    assert "Title two" in titles and "Title one" not in titles, titles


async def test_the_pin_typed_in_a_class_is_never_said(sample_content, tmp_path, announced):
    """In a class, "Who is learning?" asks a name and a PIN; the focus words say what box the
    focus is in, and what it holds: the PIN box says "filled in", never the PIN, however the
    focus moves."""
    from learnmeta.app.served import ServedApp
    from learnmeta.content.library import load_library
    from learnmeta.serve.roster import ClassRoster

    said = announced
    app = ServedApp(load_library([sample_content], builtin=False, user_packs=False), ClassRoster(tmp_path / "class"))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for key in ["A", "n", "n", "enter", "8", "3", "7", "1", "5", "tab", "shift+tab", "tab", "tab",
                        "shift+tab", "shift+tab"]:
                await pilot.press(key)
                for _ in range(2):
                    await pilot.pause()
    finally:
        app.close_store()
    assert "In the box Your PIN: filled in." in said, said
    assert not any("83715" in words or "8 3 7" in words for words in said), said


async def test_the_command_palettes_arrows_are_said(make_app, announced):
    """The palette's list never has the focus (its search box keeps it) and Textual hands its
    highlights to the app only, so its arrows said nothing in a browser. Broke; the command the
    arrows are on is said."""
    said = announced
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        heard = []
        for key in ["ctrl+p", "down", "down"]:
            before = len(said)
            await pilot.press(key)
            await palette_filled(app, pilot)
            heard.append(said[before:])
    # the opening words, then the first command, highlighted as the list fills (one text or two)
    assert re.fullmatch(r"Commands: type to search; up and down arrows choose; Enter runs the command; "
                        r"Escape closes\. On .+, 1 of \d+\.", " ".join(heard[0])), heard
    assert all(len(words) == 1 and re.fullmatch(r"On .+, \d+ of \d+\.", words[0]) for words in heard[1:]), heard
    places = [re.search(r", (\d+) of (\d+)\.$", words[-1]).groups() for words in heard]
    assert [place[0] for place in places] == ["1", "2", "3"] and len({place[1] for place in places}) == 1, heard


async def palette_filled(app, pilot) -> None:
    """Pauses until the command palette (if open) has gathered its commands and highlighted
    one, then a few frames more: its list fills when the commands are gathered (up to a
    quarter second), not at the frame it opens in."""
    from textual.command import CommandList, CommandPalette

    for _ in range(200):
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, CommandPalette) or screen.query_one(CommandList).highlighted is not None:
            break
        await pilot.pause(0.02)
    for _ in range(3):
        await pilot.pause()


def test_a_second_window_beside_the_first_keeps_no_older_progress_that_a_kill_would_bring_back(tmp_path):
    """Two windows on one learner: the second is read-only. The first answers, keeps its
    progress for the next start (settle, refresh after a save), the second closes after it, then
    the first answers again and is killed (nothing at exit). The next start has every answer:
    what the second window read (older) is never taken for the file, and nothing it held is
    written."""
    from learnmeta.progress import ProgressStore, read_progress

    path = tmp_path / "learner.toml"

    def answer(store, question: str, response: str) -> None:
        store.record_answer("p", "1.0.0", question, lesson="l", section="s", response=response,
                            correct=True, hints_used=0)

    first = ProgressStore.open(path)
    answer(first, "q1", "one")
    first.settle()
    second = ProgressStore.open(path)
    assert second.read_only
    answer(second, "q9", "from the second window")  # not saved: it says so
    answer(first, "q2", "two")
    first.refresh_cache()
    second.settle()
    second.refresh_cache()
    second.close()
    answer(first, "q3", "three")
    first._release()  # killed: the lock goes with the process, nothing else is done
    with ProgressStore.open(path) as again:
        assert {q: r.last_answer for q, r in again.progress.questions["p"].items()} == {
            "q1": "one", "q2": "two", "q3": "three"}
    assert set(read_progress(path).questions["p"]) == {"q1", "q2", "q3"}
