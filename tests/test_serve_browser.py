"""`learnmeta serve` in a real browser: each test starts the server on a free loopback port, as a
person would, and drives it with Playwright and the system's Chromium (Playwright cannot download
its own browser here). The screen's text is read from the page itself: the page turns on
xterm.js's screen-reader mode, which keeps the terminal's text in the page.

Waits are for text on the page, with long timeouts (the machine may be busy); never fixed sleeps.
A screenshot of the home screen is kept in tests/artifacts/ (not in git).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from serve_scaffold import NO_UNRAISABLE, lock_is_free

pytestmark = NO_UNRAISABLE

CHROMIUM = os.environ.get("LEARNMETA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 90_000
ARTIFACTS = Path(__file__).parent / "artifacts"
SCREEN_JS = ("() => { const e = document.querySelector('.xterm-accessibility-tree');"
             " return e ? e.innerText : ''; }")
HAS_TEXT_JS = ("(wanted) => { const e = document.querySelector('.xterm-accessibility-tree');"
               " return !!e && new RegExp(wanted).test(e.innerText); }")

if not Path(CHROMIUM).is_file():
    pytest.skip("Chromium is not installed: apt-get install chromium (or set LEARNMETA_CHROMIUM "
                "to a Chromium's path)", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed: pip install -e '.[test]'",
)


class Served:
    """A running `learnmeta serve`: its address, its join code (in a class), its output."""

    def __init__(self, args: list[str], home: Path) -> None:
        env = dict(os.environ, LEARNMETA_HOME=str(home), PYTHONUNBUFFERED="1")
        env.pop("LEARNMETA_CACHE", None)  # each test's own, from conftest, is kept below
        env["LEARNMETA_CACHE"] = os.environ.get("LEARNMETA_CACHE", str(home / "cache"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "learnmeta", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self.url = self.code = None
        ready = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self.lines.append(line)
                found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
                if found:
                    self.url = found.group(1)
                code = re.search(r"join code: (\S+)", line)
                if code:
                    self.code = code.group(1)
                if "Press Ctrl+C" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(90) or self.url is None:
            self.stop()
            raise AssertionError("learnmeta serve did not start:\n" + "".join(self.lines))

    @property
    def port(self) -> int:
        return urlsplit(self.url).port

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(*args: str, home: Path | None = None) -> Served:
        served = Served(list(args), home or tmp_path / "home")
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


def wait_for(page, pattern: str) -> str:
    """Wait until the app's screen shows ``pattern`` (a regular expression); return the screen."""
    try:
        page.wait_for_function(HAS_TEXT_JS, arg=pattern, timeout=WAIT_MS)
    except sync_api.TimeoutError:
        raise AssertionError(f"the page never showed {pattern!r}; it shows:\n"
                             f"{page.evaluate(SCREEN_JS)}") from None
    return page.evaluate(SCREEN_JS)


def open_app(context, url: str, *, focus: bool = True):
    page = context.new_page()
    page.goto(url)
    wait_for(page, "Who is learning\\?")
    if focus:  # the page gives the keys to the app itself; a test makes sure of it
        page.focus(".xterm-helper-textarea")
    return page


def become(page, name: str) -> str:
    """Add a new learner on the Who screen, and go past the first-run welcome to home."""
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    wait_for(page, "Welcome to learnmeta")
    page.keyboard.press("Escape")
    return wait_for(page, "learning about metastatic cancer")


def answer_one_question(page) -> None:
    """From home, with the keyboard only: the first quiz, the first choice, Enter to check."""
    # Each key that moves the focus is waited for: Textual hands keys typed ahead to the widget
    # that had the focus when they arrived.
    page.keyboard.press("Tab")  # the lessons
    wait_for(page, "▶ 1\\. ")
    page.keyboard.press("Tab")  # the quizzes
    wait_for(page, "▶ [^\\n]*\\(\\d+ questions")
    page.keyboard.press("Enter")  # the first quiz
    wait_for(page, "Quiz: ")
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    wait_for(page, "✓ Right|✗ Not quite")


def wait_until(check, what: str, seconds: float = 90):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def test_the_page_loads_with_its_title_and_shows_home(serve, context):
    served = serve()
    page = open_app(context, served.url, focus=False)  # keys reach the app with no click first
    assert page.title() == "learnmeta"
    home = become(page, "Ann Lee")
    assert "Hello, Ann Lee" in home and "Lessons" in home
    wait_for(page, r"\bq Quit\b")  # the app knows the page has the focus: its footer has keys
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "serve-home.png"
    page.screenshot(path=str(shot))
    print(f"screenshot of the home screen: {shot}")
    assert shot.stat().st_size > 1000


SAME_TEXT_JS = """() => {
  const norm = (e) => e ? [...e.children].map((row) => row.textContent.replace(/\\u00a0/g, ' ').trimEnd()).join('\\n').trimEnd() : null;
  const drawn = norm(document.querySelector('.xterm-rows'));
  return drawn !== null && drawn.includes('Hello, Ann Lee')
    && drawn === norm(document.querySelector('.xterm-accessibility-tree'));
}"""
ROWS_JS = "(s) => { const e = document.querySelector(s); return e ? e.innerText : null; }"


def test_the_screen_is_drawn_as_text_that_its_screen_reader_copy_repeats(serve, context):
    """xterm.js draws with its DOM renderer (rows of text, hidden from screen readers), not on a
    canvas, and the copy screen readers read says exactly what is drawn."""
    served = serve()
    page = open_app(context, served.url)
    become(page, "Ann Lee")
    assert page.locator(".xterm-screen canvas").count() == 0
    assert page.get_attribute(".xterm-rows", "aria-hidden") == "true"
    try:  # the screen-reader copy follows the drawing within a second (xterm.js's own pace)
        page.wait_for_function(SAME_TEXT_JS, timeout=WAIT_MS)
    except sync_api.TimeoutError:
        raise AssertionError("drawn:\n" + str(page.evaluate(ROWS_JS, ".xterm-rows"))
                             + "\nscreen-reader copy:\n"
                             + str(page.evaluate(ROWS_JS, ".xterm-accessibility-tree"))) from None
    page.keyboard.press("Tab")  # the keys still reach the app and the copy follows
    wait_for(page, "▶ 1\\. ")


def test_a_phone_sized_window_gets_at_least_60_columns(serve, browser):
    served = serve()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=3)
    phone.set_default_timeout(WAIT_MS)
    try:
        page = open_app(phone, served.url)
        rows = page.evaluate(
            "() => [...document.querySelectorAll('.xterm-accessibility-tree > div')].length")
        assert rows >= 20
        size = page.evaluate("() => document.getElementById('terminal').dataset.fontSize")
        assert size == "10"  # the largest that gives 60 columns in 390 pixels
        # Nothing makes the page wider than the phone (it would be laid out wider than its screen).
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    finally:
        phone.close()


def test_a_quiz_is_answered_from_the_keyboard_and_saved(serve, context, tmp_path):
    served = serve()
    page = open_app(context, served.url)
    become(page, "Quiz Taker")
    answer_one_question(page)
    progress = tmp_path / "home" / "learners" / "quiz-taker.toml"
    wait_until(lambda: "[packs." in progress.read_text("utf-8"), "saving the answer")


def test_two_tabs_two_learners_two_files_and_a_second_tab_on_one_learner_is_read_only(serve, context, tmp_path):
    served = serve()
    ann, bo = open_app(context, served.url), open_app(context, served.url)
    become(ann, "Ann")
    become(bo, "Bo")
    learners = tmp_path / "home" / "learners"
    assert 'name = "Ann"' in (learners / "ann.toml").read_text("utf-8")
    assert 'name = "Bo"' in (learners / "bo.toml").read_text("utf-8")
    again = open_app(context, served.url)
    screen = wait_for(again, r"\bann\b")  # on this computer, the learners here are listed
    assert "bo" in screen
    again.keyboard.press("Enter")  # the first listed: Ann, open in the first tab
    wait_for(again, "open in another")
    # Closing a tab ends its app as quitting does: progress saved, the lock let go.
    again.close()
    ann.close()
    wait_until(lambda: lock_is_free(learners / "ann.toml.lock"), "Ann's lock being released")
    assert not lock_is_free(learners / "bo.toml.lock")  # Bo's tab is still open
    served.stop()
    wait_until(lambda: lock_is_free(learners / "bo.toml.lock"), "Bo's lock being released")


def test_a_browser_that_chose_a_learner_opens_their_home_directly_until_someone_else(serve, context, browser):
    served = serve()
    page = open_app(context, served.url)
    become(page, "Ann Lee")
    page.close()
    again = context.new_page()  # the same browser, later
    again.goto(served.url)
    screen = wait_for(again, "Hello, Ann Lee")
    assert "Who is learning" not in screen and "does not save" not in screen  # Ann's tab was closed: hers to save
    # Another browser, and one that sends a key the server never gave (here a learner's id),
    # are asked who is learning.
    for cookie in (None, "ann-lee", "../learners/ann-lee"):
        other = browser.new_context(viewport={"width": 1000, "height": 700})
        other.set_default_timeout(WAIT_MS)
        if cookie is not None:
            other.add_cookies([{"name": "learnmeta_browser", "value": cookie, "url": served.url}])
        try:
            open_app(other, served.url)
        finally:
            other.close()
    # "Someone else is learning" (the command palette) ends the session and forgets Ann here.
    again.focus(".xterm-helper-textarea")
    again.keyboard.press("Control+p")
    wait_for(again, "Search")
    again.keyboard.type("Someone else")
    wait_for(again, "Someone else is learning")
    again.keyboard.press("Enter")
    again.wait_for_selector("body.-closed #restart", state="visible", timeout=WAIT_MS)
    again.click("#restart")  # "Start again"
    wait_for(again, "Who is learning\\?")


def test_a_class_needs_its_join_code_before_anything_else(serve, context, tmp_path):
    class_dir = tmp_path / "class"
    served = serve("--class", str(class_dir), "--code", "TEST-CODE-42")
    assert served.code == "TEST-CODE-42"
    page = context.new_page()
    page.goto(served.url)
    assert page.url.endswith("/join")
    assert page.locator("#code").is_visible()
    assert page.locator(".xterm-accessibility-tree").count() == 0
    # The websocket that runs the app cannot be opened without the code either.
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    connection.request("GET", "/ws", headers={
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": served.url.rstrip("/")})
    assert connection.getresponse().status == 401
    page.fill("#code", "test code 42")  # as people type it: any case, spaces for dashes
    page.click("button[type=submit]")
    wait_for(page, "Your PIN")
    page.focus(".xterm-helper-textarea")
    page.keyboard.type("Ann")
    page.keyboard.press("Enter")  # on to the PIN
    wait_for(page, "Type your PIN")  # the line under the form follows the focus
    page.keyboard.type("2468")
    page.keyboard.press("Enter")
    wait_for(page, "Welcome to learnmeta")
    page.keyboard.press("Escape")
    wait_for(page, "learning about metastatic cancer")
    answer_one_question(page)
    progress = class_dir / "ann.toml"
    wait_until(lambda: "[packs." in progress.read_text("utf-8"), "saving Ann's answer")
    report = subprocess.run([sys.executable, "-m", "learnmeta", "report",
                             *map(str, class_dir.glob("*.toml"))],
                            capture_output=True, text=True, timeout=120)
    assert report.returncode == 0, report.stderr
    assert "1 learner" in report.stdout or "learners: 1" in report.stdout.lower(), report.stdout


def test_a_wrong_join_code_is_refused_and_guessing_is_slowed(serve, context, tmp_path):
    served = serve("--class", str(tmp_path / "class"))
    assert served.code and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", served.code)
    page = context.new_page()
    page.goto(served.url)
    page.fill("#code", "WRONG-CODE")
    page.click("button[type=submit]")
    page.wait_for_selector("text=That code is not right")
    assert page.locator(".xterm-accessibility-tree").count() == 0
    for _ in range(5):
        page.fill("#code", "WRONG-CODE")
        page.click("button[type=submit]")
    page.wait_for_selector("text=Too many wrong codes")
    page.fill("#code", served.code)  # even the right code waits now, from this address
    page.click("button[type=submit]")
    page.wait_for_selector("text=Too many wrong codes")


def test_the_benchmark_of_the_browser_start_runs(tmp_path):
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--only", "serve", "--json"],
        cwd=root, env={**os.environ, "LEARNMETA_HOME": str(tmp_path / "home")},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    import json

    figures = json.loads(result.stdout)
    assert figures["serve_first_visit_ms"] > figures["serve_who_ms"] > 0
    assert figures["serve_start_reader_ms"] >= figures["serve_start_ms"] > 0
    assert figures["serve_start_ratio"] == pytest.approx(
        figures["serve_start_ms"] / figures["serve_terminal_start_ms"], rel=0.01)


SIZE_JS = """() => { const rows = [...document.querySelectorAll('.xterm-rows > div')]
  .map((row) => row.textContent.trimEnd());
  return [rows.length, rows.findIndex((row) => row.includes('F2: support')),
          Math.max(...rows.map((row) => row.length))]; }"""
"""The terminal's rows, the row of the app's last line, and the widest row drawn."""


def test_a_first_visit_shows_who_is_learning_at_the_windows_size_with_its_keys(serve, context):
    """A first visit's app starts with its page, before the page can say its size (at the size of
    the last tab here, none yet on a new server: 80x24); the page's size, said as its websocket
    opens, is the size it is drawn at, and the keys and the footer work as ever."""
    from benchmarks.serve import _wait_server_idle

    served = serve()
    _wait_server_idle(served.process)  # the app started ahead is ready: the page takes it
    page = open_app(context, served.url, focus=False)
    wait_for(page, "F2: support")  # its last line
    rows, last, widest = page.evaluate(SIZE_JS)
    assert rows > 24 and last >= rows - 2  # drawn down to the window's bottom (not 24 rows)
    assert widest > 80  # and across its width
    home = become(page, "Ann Lee")
    assert "Hello, Ann Lee" in home


def test_the_first_screen_shows_its_footer_keys_before_any_key_is_pressed(serve, context):
    """The page has the focus as it loads, and the app is told so: the first screen it draws, in
    a first visit ("Who is learning?") and in a browser that comes back (home), shows the keys
    in its footer without a click or a key first. (Textual's web driver says the app is in the
    background as it starts; that came after the page's focus and hid the footer's keys until
    the learner pressed something.)"""
    from benchmarks.serve import _wait_server_idle

    served = serve()
    _wait_server_idle(served.process)  # the app started ahead is ready: the page takes it
    page = open_app(context, served.url, focus=False)
    wait_for(page, r"\bf2 Support\b")
    become(page, "Ann Lee")
    page.close()
    _wait_server_idle(served.process)
    again = context.new_page()  # the same browser, later: home at once
    again.goto(served.url)
    wait_for(again, "Hello, Ann Lee")
    wait_for(again, r"\bq Quit\b")


ROWS_HTML_JS = "() => { const e = document.querySelector('.xterm-rows'); return e ? e.innerHTML : ''; }"
SAME_ROWS_JS = ("(html) => { const e = document.querySelector('.xterm-rows');"
                " return !!e && e.innerHTML === html; }")
HOME_SETTLED_JS = """() => {
  const norm = (e) => e ? [...e.children].map((row) => row.textContent.replace(/\\u00a0/g, ' ').trimEnd()).join('\\n').trimEnd() : null;
  const drawn = norm(document.querySelector('.xterm-rows'));
  return drawn !== null && drawn.includes('Hello, Ann Lee') && /\\bq Quit\\b/.test(drawn)
    && drawn === norm(document.querySelector('.xterm-accessibility-tree'));
}"""


def test_characters_measured_together_draw_the_same_screen_as_one_by_one(serve, context):
    """The page's script measures the characters of the rows it is about to draw all at once
    (server.SCRIPT_PREFETCH), where xterm.js measured them one at a time: home is drawn exactly
    as with xterm.js's own measuring (the same elements, styles and letter spacing), and its
    screen-reader copy says the same."""
    from learnmeta.serve.server import SCRIPT_PREFETCH, LearnServer

    served = serve()
    script = LearnServer(host="127.0.0.1", port=0)._script().decode("utf-8")
    assert all(new in script for _old, new in SCRIPT_PREFETCH)  # the page measures together
    one_by_one = script
    for old, new in SCRIPT_PREFETCH:
        one_by_one = one_by_one.replace(new, old)
    assert "prefetch" not in one_by_one
    become(open_app(context, served.url), "Ann Lee")

    def home(page) -> str:  # this browser comes back to Ann's home; drawn, and settled
        page.goto(served.url)
        try:
            page.wait_for_function(HOME_SETTLED_JS, timeout=WAIT_MS)
        except sync_api.TimeoutError:
            raise AssertionError("home was not drawn:\n" + str(page.evaluate(ROWS_JS, ".xterm-rows"))) from None
        return page.evaluate(ROWS_HTML_JS)

    for page in context.pages:
        page.close()
    together = context.new_page()
    drawn = home(together)
    together.close()
    measured_singly = context.new_page()
    measured_singly.route("**/learnmeta/textual.js*", lambda route: route.fulfill(
        status=200, content_type="application/javascript", body=one_by_one))
    home(measured_singly)
    try:
        measured_singly.wait_for_function(SAME_ROWS_JS, arg=drawn, timeout=10_000)
    except sync_api.TimeoutError:
        raise AssertionError("drawn with characters measured together:\n" + drawn
                             + "\none by one:\n" + measured_singly.evaluate(ROWS_HTML_JS)) from None
    assert "letter-spacing" in drawn  # a character of another width (a fallback font's) was placed


# -- what a screen reader is told (learnmeta/app/announce.py, static/page.js) -------------------

ANNOUNCE_PACK = '''schema_version = 1

[pack]
id = "zz-announce"
title = "Announce check"
description = "Two questions whose first choice is right."
version = "1.0.0"
authors = ["learnmeta tests"]
licence = "CC0"
reviewed = 2026-11-24
pass_mark = 50
lessons = ["what-is-metastatic-cancer"]

[[pack.sources]]
title = "Metastatic cancer"
{questions}'''
ANNOUNCE_QUESTION = '''
[[questions]]
id = "{id}"
type = "single"
prompt = "Which one is right? ({id})"
lesson = "what-is-metastatic-cancer"
section = "naming"
explanation = "The first choice is the right one."

[[questions.choices]]
id = "yes"
text = "The first choice"
correct = true
feedback = "Yes, tangerine: the first choice is right."

[[questions.choices]]
id = "no"
text = "The second choice"
feedback = {wrong}
'''
HOSTILE_FEEDBACK = ('"<img src=x onerror=\\"window.pwned=1\\"> [b]bold[/b] \\u001b]0;owned\\u0007 '
                    '\\u009c \\u001b\\\\ \\u009b31m </div><script>window.pwned=2</script> pomegranate"')
LISTEN_JS = """() => { const r = document.getElementById('announce'); window.heard = [];
  new MutationObserver(() => { if (r.textContent) window.heard.push(r.textContent); })
    .observe(r, {childList: true, characterData: true, subtree: true}); }"""
HEARD_JS = "(wanted) => window.heard.some((said) => new RegExp(wanted).test(said))"


def announce_home(tmp_path: Path, wrong_feedback: str) -> Path:
    """A data folder with the two-question pack in its packs folder (the second quiz on home)."""
    home = tmp_path / "home"
    (home / "packs").mkdir(parents=True)
    questions = "".join(ANNOUNCE_QUESTION.format(id=name, wrong=wrong_feedback) for name in ("alpha", "beta"))
    (home / "packs" / "announce.toml").write_text(ANNOUNCE_PACK.format(questions=questions), "utf-8")
    return home


def heard(page, pattern: str) -> str:
    """Wait until the page's live region has said something matching ``pattern``; return it."""
    try:
        page.wait_for_function(HEARD_JS, arg=pattern, timeout=WAIT_MS)
    except sync_api.TimeoutError:
        raise AssertionError(f"the live region never said {pattern!r}; it said:\n"
                             f"{page.evaluate('() => window.heard')}\nthe screen:\n"
                             f"{page.evaluate(SCREEN_JS)}") from None
    return next(said for said in page.evaluate("() => window.heard") if re.search(pattern, said))


def open_announce_quiz(page) -> None:
    """From home: listen to the live region, then open the second quiz ("Announce check")."""
    page.evaluate(LISTEN_JS)
    page.keyboard.press("Tab")  # the lessons
    wait_for(page, "▶ 1\\. ")
    page.keyboard.press("Tab")  # the quizzes
    wait_for(page, "▶ [^\\n]*\\(\\d+ questions")
    page.keyboard.press("ArrowDown")
    wait_for(page, "▶ Announce check")
    page.keyboard.press("Enter")
    wait_for(page, "Question 1 of 2\\b")


def test_a_screen_reader_hears_right_or_not_quite_and_the_feedback(serve, context, tmp_path):
    served = serve(home=announce_home(tmp_path, '"Not this one, pomegranate: it is the second."'))
    page = open_app(context, served.url)
    become(page, "Sam")
    region = page.locator("#announce")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    said_now(page, "^Home: ")  # home said what it is as it opened (learnmeta/app/opening.py)
    open_announce_quiz(page)
    assert heard(page, "^Question 1 of 2") == "Question 1 of 2. Which one is right? (alpha)."
    page.keyboard.press("Enter")  # nothing chosen yet: said, and said again the second time
    heard(page, "^Choose an answer first")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.heard.filter((s) => s.startsWith('Choose an')).length >= 2",
                           timeout=WAIT_MS)
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    wait_for(page, "✓ Right")
    assert heard(page, "^Right") == ("Right. Yes, tangerine: the first choice is right. "
                                     "Why: The first choice is the right one.")
    page.keyboard.press("Enter")
    heard(page, "^Question 2 of 2\\. Which one is right\\? \\(beta\\)")
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    wait_for(page, "✗ Not quite")
    assert heard(page, "^Not quite") == (
        "Not quite. The right answer: The first choice. Not this one, pomegranate: it is the "
        "second. Why: The first choice is the right one.")
    page.keyboard.press("Enter")
    assert heard(page, "^Results").startswith("Results: Announce check. You got 1 of 2 right (50%).")


def test_hostile_feedback_reaches_the_live_region_as_literal_harmless_text(serve, browser, tmp_path):
    """Markup, escape sequences, a BEL, ST and C1 bytes in a pack's feedback: the region says the
    words as text (no element made, no script run), and the screen goes on as before. At a
    phone's size, as the phone test above."""
    served = serve(home=announce_home(tmp_path, HOSTILE_FEEDBACK))
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=3)
    phone.set_default_timeout(WAIT_MS)
    try:
        page = open_app(phone, served.url)
        become(page, "Sam")
        open_announce_quiz(page)
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        wait_for(page, "✗ Not quite")
        said = heard(page, "^Not quite")
        assert ('<img src=x onerror="window.pwned=1"> [b]bold[/b] ]0;owned \\ 31m '
                '</div><script>window.pwned=2</script> pomegranate') in said
        assert not re.search("[\x00-\x1f\x7f-\x9f]", said)
        assert page.evaluate("() => document.getElementById('announce').children.length") == 0
        assert page.evaluate("() => document.querySelectorAll('img, #announce *').length") == 0
        assert page.evaluate("() => window.pwned") is None
        page.keyboard.press("Enter")  # the terminal was not thrown off: the next question comes
        wait_for(page, "Question 2 of 2\\b")
        heard(page, "^Question 2 of 2")
    finally:
        phone.close()
    headers = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
    headers.request("GET", "/")
    policy = headers.getresponse().getheader("Content-Security-Policy")
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy  # not loosened


SAID_JS = "(wanted) => new RegExp(wanted).test(document.getElementById('announce').textContent)"


def said_now(page, pattern: str) -> str:
    """Wait until the live region says something matching ``pattern``; return what it says."""
    try:
        page.wait_for_function(SAID_JS, arg=pattern, timeout=WAIT_MS)
    except sync_api.TimeoutError:
        raise AssertionError(f"the live region never said {pattern!r}; it says:\n"
                             f"{page.locator('#announce').text_content()}") from None
    return page.locator("#announce").text_content() or ""


def test_a_screen_reader_hears_each_screen_as_it_opens_and_not_xterms_flood(serve, context):
    """"Who is learning?", the welcome, home and Help say what they are and where the focus is as
    they open (learnmeta/app/opening.py); xterm.js's own live region, which read out "Too much
    output to announce" and 21 rows after every key, is muted, and its rows stay to be read."""
    served = serve()
    page = open_app(context, served.url)
    assert said_now(page, "^Who is learning\\?") == (
        "Who is learning? Type a new learner's name, then press Enter. "
        "In the box A new learner's name: empty.")
    theirs = page.evaluate("() => { const r = document.querySelector('.xterm-accessibility .live-region');"
                           " return [r.getAttribute('aria-live'), r.getAttribute('aria-hidden')]; }")
    assert theirs == ["off", "true"]
    page.keyboard.type("Sam")
    page.keyboard.press("Enter")
    wait_for(page, "Welcome to learnmeta")
    said_now(page, "^Welcome to learnmeta, .* not medical advice\\. In the box Your name")
    page.keyboard.press("Escape")
    home = said_now(page, "^Home: ")
    assert re.fullmatch(r"Home: \d+ lessons; \d+ quizzes\. Nothing is due for review today\. "
                        r"On the button Start: [^.]+\.", home), home
    page.keyboard.press("F1")
    wait_for(page, "Help: keys")
    assert said_now(page, "^Help: keys") == (
        "Help: keys. It opens at the keys used everywhere. Up and down arrows, Page Up and Page "
        "Down scroll; Escape goes back.")
    page.keyboard.press("Escape")
    assert said_now(page, "^Home: ") == home  # back home: said again
    wait_for(page, "Lessons")  # the rows are still there to read
