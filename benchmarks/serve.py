"""The browser start: `learnmeta serve` opened in a headless Chromium, against the terminal start.

One server is started (not timed), and one Chromium (not timed). Each round then times, one after
the other:

* the terminal start, exactly as ``start_ms`` (benchmarks/terminal.py): process start to the home
  screen's first frame, in an 80x24 pseudo-terminal;
* the browser start (``serve_start_ms``): from asking for the page to the home screen drawn in
  it, in a new tab of 1000x700 pixels of a browser that has been here before and chose the
  learner (in the first, unmeasured round), as ``start_ms`` is the start of a learner who has been
  there before. The server remembers that browser's learner (learnmeta/serve/browsers.py), so the
  page, its scripts, the websocket and the app drawing home are what it waits for;
* the first visit (``serve_first_visit_ms``): the same in a browser that has never been here (a
  new browser context: no cookie, nothing cached), which gets "Who is learning?"
  (``serve_who_ms``), presses Enter on the learner listed as soon as it is drawn, and waits for
  home.

The server keeps an app process started ahead for the next tab (learnmeta/serve/server.py); each
timed start, in the terminal or in the browser, begins only once the server and its processes
have used no CPU for 0.3 s, so that process never runs beside a timed start (and is ready, as it
would be for a learner who opens the page a few seconds after the last one).

"Drawn" is when the rows of text that xterm.js draws in the page (its DOM renderer, see
learnmeta/serve/server.py) first show it, with the terminal made visible, checked at each animation
frame: what a person sees. ``serve_start_reader_ms`` is when the page's screen-reader copy of the
text shows home, which xterm.js brings up to date at most once a second (until 5 December 2026 the
benchmark timed that copy, and so the screen-reader copy's throttle more than the drawing). Each
tab is closed and the next start waits until its app has ended (its lock on the learner is free). Needs Chromium (``apt-get install
chromium``) and Playwright (the test extra); without them the figures are left out and
``serve_skipped`` says why.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DRAWN_JS = ("(wanted) => { const e = document.querySelector('.xterm-rows');"
            " return !!e && document.body.classList.contains('-first-byte')"
            " && e.innerText.includes(wanted); }")
"""The text drawn on the page (xterm.js's DOM renderer's rows), once the terminal is shown."""
HAS_TEXT_JS = ("(wanted) => { const e = document.querySelector('.xterm-accessibility-tree');"
               " return !!e && e.innerText.includes(wanted); }")
"""The page's screen-reader copy of the text."""


def chromium() -> str | None:
    path = os.environ.get("LEARNMETA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "learnmeta", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
    )
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            if match:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120) or not found:
        _stop(process)
        raise RuntimeError("learnmeta serve did not start")
    return process, found[0]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _wait_lock_free(lock_file: Path, seconds: float = 60) -> None:
    from learnmeta.progress.lock import LockHeld, ProfileLock

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        lock = ProfileLock(lock_file)
        try:
            lock.acquire()
        except LockHeld:
            time.sleep(0.02)
            continue
        except FileNotFoundError:
            return
        lock.release()
        return
    raise RuntimeError("a served app did not end after its tab closed")


def _cpu_ticks(pid: int) -> int:
    """CPU time used so far by ``pid`` and every process under it (Linux's /proc), in ticks."""
    total = 0
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            kids = [int(kid) for kid in children.read().split()]
    except (OSError, ValueError, IndexError):
        return total
    return total + sum(_cpu_ticks(kid) for kid in kids)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
            return [int(kid) for kid in children.read().split()]
    except (OSError, ValueError):
        return []


def _only_one_ahead(pid: int) -> bool:
    """Whether the server's one process is the app started ahead (the last tab's has ended)."""
    kids = _children(pid)
    if len(kids) != 1:
        return False
    try:
        with open(f"/proc/{kids[0]}/cmdline", "rb") as cmdline:
            return b"--ahead" in cmdline.read()
    except OSError:
        return False


def _wait_server_idle(server: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server's one process is the app started ahead for the next tab
    (learnmeta/serve/server.py starts it 2 s after a tab took the last one), and the server and
    that process have used no CPU for 0.3 s: it is ready, as for a learner who opens the page a
    few seconds after the last one, and it never runs beside a timed start."""
    if not Path("/proc/self/stat").exists():
        time.sleep(3)
        return
    end = time.monotonic() + seconds
    before = _cpu_ticks(server.pid)
    while time.monotonic() < end:
        time.sleep(0.3)
        now = _cpu_ticks(server.pid)
        if now == before and _only_one_ahead(server.pid):
            return
        before = now


def measure_serve(env: dict[str, str], runs: int) -> dict:
    """``env``: a data folder whose learner "default" has been welcomed (suite._welcomed_home)."""
    from benchmarks.terminal import run_child

    browser_path = chromium()
    if browser_path is None:
        return {"serve_skipped": "Chromium is not installed: apt-get install chromium"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"serve_skipped": "Playwright is not installed: pip install -e '.[test]'"}
    lock_file = Path(env["LEARNMETA_HOME"]) / "learners" / "default.toml.lock"
    server, url = _start_server(env)
    figures: dict[str, list[float]] = {name: [] for name in (
        "terminal", "home", "reader", "first", "who")}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=FLAGS,
                                                 headless=True)
            # The browser a learner comes back with: it chose "default" in the first round.
            returning = browser.new_context(viewport={"width": 1000, "height": 700})
            try:
                for round_ in range(runs + 1):  # the first round warms up, as for start_ms
                    _wait_server_idle(server)
                    started, lines, _ = run_child("learnmeta", env, timeout=60)
                    ready = next(line for line in lines if line[0] == "ready")
                    terminal_ms = (float(ready[1]) - started) * 1000
                    _wait_lock_free(lock_file)
                    _wait_server_idle(server)
                    home, reader, _ = _browser_start(returning, url, first=round_ == 0)
                    _wait_lock_free(lock_file)
                    _wait_server_idle(server)
                    context = browser.new_context(viewport={"width": 1000, "height": 700})
                    first, _, who = _browser_start(context, url, first=True)
                    context.close()
                    _wait_lock_free(lock_file)
                    if round_:
                        for name, value in (("terminal", terminal_ms), ("home", home),
                                            ("reader", reader), ("first", first), ("who", who)):
                            figures[name].append(value)
            finally:
                returning.close()
                browser.close()
    finally:
        _stop(server)
    median = {name: statistics.median(values) for name, values in figures.items()}
    start = median["terminal"]
    return {
        "serve_start_ratio": round(median["home"] / start, 3),
        "serve_start_ms": round(median["home"], 1),
        "serve_start_reader_ms": round(median["reader"], 1),
        "serve_first_visit_ratio": round(median["first"] / start, 3),
        "serve_first_visit_ms": round(median["first"], 1),
        "serve_who_ms": round(median["who"], 1),
        "serve_terminal_start_ms": round(start, 1),
        "serve_runs": runs,
    }


def _browser_start(context, url: str, *, first: bool) -> tuple[float, float, float | None]:
    """One browser start in a new tab of ``context``, in ms from asking for the page: home drawn,
    home in the screen-reader copy, and "Who is learning?" drawn (None when the browser went
    straight home). ``first``: a browser that has not chosen a learner, which gets "Who is
    learning?" and presses Enter on the learner listed as soon as it is drawn."""
    page = context.new_page()
    try:
        begun = time.perf_counter()
        page.goto(url)
        who = None
        if first:
            page.wait_for_function(DRAWN_JS, arg="Who is learning?", timeout=120_000,
                                   polling="raf")
            who = (time.perf_counter() - begun) * 1000
            # The page gives the keyboard to the terminal as it loads (learnmeta/serve/static/
            # page.js), so the key goes straight there, as a learner's does: no click, and no
            # Playwright focus call first (one more round trip to the browser, 10-40 ms, and
            # 60-440 ms on the busy machine, that no learner spends). A page that did not give
            # the terminal the keyboard would lose the key, and this start would time out.
            page.keyboard.press("Enter")  # the learner listed: "default"
        page.wait_for_function(DRAWN_JS, arg="Lessons", timeout=120_000, polling="raf")
        home = (time.perf_counter() - begun) * 1000
        page.wait_for_function(HAS_TEXT_JS, arg="Lessons", timeout=120_000, polling="raf")
        reader = (time.perf_counter() - begun) * 1000
        if not first and page.evaluate(_SAW_WHO_JS):
            raise RuntimeError("a browser that chose a learner was asked again who is learning")
    finally:
        page.close()
    return home, reader, who


_SAW_WHO_JS = ("() => { const e = document.querySelector('.xterm-accessibility-tree');"
               " return !!e && e.innerText.includes('Who is learning?'); }")
