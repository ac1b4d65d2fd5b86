"""How `learnmeta` ends when it cannot run as asked: with no terminal (exit 2 at once, saying how
to run it), and after a crash (a non-zero status, one line naming a private crash report, and no
traceback on the screen)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from learnmeta.cli import launch
from learnmeta.app.app import LearnApp
from learnmeta.cli import EXIT_CRASH, main

REPO = Path(__file__).resolve().parent.parent


def _learnmeta(*args: str, home: Path, timeout: float = 20, stdin=subprocess.DEVNULL):
    env = {**os.environ, "LEARNMETA_HOME": str(home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "learnmeta", *args], stdin=stdin, capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=timeout)


# -- no terminal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], ["review"], ["lesson", "what-is-metastatic-cancer"],
                                  ["quiz", "what-is-metastatic-cancer"], ["--learner", "ann"]])
def test_with_no_terminal_the_app_commands_exit_2_and_say_how_to_run_learnmeta(tmp_path, args):
    # Before the fix `learnmeta </dev/null` never ended (and used a whole CPU): the timeout
    # would fail this test.
    result = _learnmeta(*args, home=tmp_path)
    assert result.returncode == 2
    assert "needs a terminal window" in result.stderr
    assert "learnmeta --help" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "learners").exists()  # nothing was opened or written


def test_with_no_terminal_instructor_commands_still_work(tmp_path):
    assert _learnmeta("list", home=tmp_path).returncode == 0
    assert _learnmeta("validate", home=tmp_path).returncode == 0
    assert "learnmeta" in _learnmeta("--help", home=tmp_path).stdout


def test_a_usage_error_is_still_a_usage_error_without_a_terminal(tmp_path):
    result = _learnmeta("lesson", home=tmp_path)  # the id is missing
    assert result.returncode == 2
    assert "the following arguments are required" in result.stderr


def test_the_terminal_check_looks_at_input_and_at_where_textual_draws(monkeypatch):
    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    monkeypatch.setattr(sys, "__stdin__", Stream(True))
    monkeypatch.setattr(sys, "__stderr__", Stream(True))
    assert launch.has_terminal()
    monkeypatch.setattr(sys, "__stdin__", Stream(False))
    assert not launch.has_terminal()
    monkeypatch.setattr(sys, "__stdin__", None)  # pythonw, or a closed stdin
    assert not launch.has_terminal()
    monkeypatch.setattr(sys, "__stdin__", Stream(True))
    monkeypatch.setattr(sys, "__stderr__", Stream(False))  # learnmeta 2>log: the screen is the log
    assert not launch.has_terminal()


# -- a crash -------------------------------------------------------------------------------------


@pytest.fixture
def crashing_app(monkeypatch, tmp_path):
    """The real app, headless, with a bug in a message handler (on_mount)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(launch, "has_terminal", lambda: True)
    real_run = LearnApp.run

    def headless(self, *args, **kwargs):
        return real_run(self, headless=True, size=(80, 24))

    def boom(self):
        raise RuntimeError("boom: a bug in a handler")

    monkeypatch.setattr(LearnApp, "run", headless)
    monkeypatch.setattr(LearnApp, "apply_settings", boom)
    return tmp_path / "home"


def _crash_reports(home: Path) -> list[Path]:
    return sorted((home / "crash-reports").glob("*.txt"))


def test_a_crash_in_the_app_exits_non_zero_with_one_line_naming_a_private_report(crashing_app, capfd):
    assert main([]) == EXIT_CRASH == 70
    out, err = capfd.readouterr()
    assert "Traceback" not in err + out and "boom" not in err + out
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    reports = _crash_reports(crashing_app)
    assert len(reports) == 1
    assert str(reports[0]) in lines[0]
    assert "learnmeta stopped" in lines[0]
    assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    text = reports[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom: a bug in a handler" in text
    assert "apply_settings" in text  # where it happened


def test_a_crash_keeps_the_learners_answers_file_and_never_says_all_is_well(crashing_app, capfd):
    from learnmeta.progress import ProgressStore, resolve_progress_path
    from learnmeta.progress.fileformat import read_progress

    path = resolve_progress_path(None, None)
    store = ProgressStore.open(path)
    store.update_settings(name="Ann", welcomed=True)
    store.close()
    assert main(["review"]) == EXIT_CRASH
    assert "learnmeta stopped" in capfd.readouterr().err
    assert read_progress(path).learner.name == "Ann"
    store = ProgressStore.open(path)  # the profile was let go: it opens for saving again
    try:
        assert not store.read_only
    finally:
        store.close()


def test_an_unexpected_error_in_any_command_is_a_crash_report_too(monkeypatch, tmp_path, capsys):
    from learnmeta.cli import listing

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))

    def broken(args):
        raise KeyError("a bug")

    monkeypatch.setattr(listing, "run", broken)
    assert main(["list"]) == EXIT_CRASH
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(_crash_reports(tmp_path)) == 1


def test_when_no_report_can_be_written_the_line_still_says_what_happened(monkeypatch, tmp_path, capsys):
    from learnmeta.cli import listing

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LEARNMETA_HOME", str(blocked))  # the data folder is a file
    monkeypatch.setenv("LEARNMETA_CACHE", str(blocked))  # and so is the cache folder

    def broken(args):
        raise ValueError("a bug")

    monkeypatch.setattr(listing, "run", broken)
    assert main(["list"]) == EXIT_CRASH
    err = capsys.readouterr().err
    assert "learnmeta stopped" in err and "ValueError" in err and "Traceback" not in err


def test_crash_reports_do_not_pile_up(monkeypatch, tmp_path, capsys):
    from learnmeta import crash

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    for number in range(crash.KEEP + 5):
        try:
            raise RuntimeError(f"bug {number}")
        except RuntimeError as error:
            crash.report(error)
    assert len(_crash_reports(tmp_path)) == crash.KEEP


def test_a_crash_in_a_real_process_shows_no_traceback(tmp_path):
    script = (
        "import sys\n"
        "from learnmeta.cli import launch\n"
        "from learnmeta.app.app import LearnApp\n"
        "launch.has_terminal = lambda: True\n"
        "real = LearnApp.run\n"
        "LearnApp.run = lambda self, *a, **k: real(self, headless=True, size=(80, 24))\n"
        "def boom(self): raise ZeroDivisionError('a bug')\n"
        "LearnApp.apply_settings = boom\n"
        "from learnmeta.cli import main\n"
        "sys.exit(main(['review']))\n"
    )
    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                            cwd=REPO, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 70
    assert "Traceback" not in result.stderr + result.stdout
    assert "crash-reports" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_crash_report_is_never_written_through_a_planted_link(monkeypatch, tmp_path):
    from learnmeta import crash

    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (home / "crash-reports").symlink_to(elsewhere)
    monkeypatch.setenv("LEARNMETA_HOME", str(home))
    monkeypatch.setenv("LEARNMETA_CACHE", str(tmp_path / "cache"))
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        path = crash.save(error)
    assert list(elsewhere.iterdir()) == []
    assert path is not None and path.parent == tmp_path / "cache" / "crash-reports"


@pytest.mark.parametrize("given", [
    ["--anonymous-key", "course-secret-key"],
    ["--anonymous-key=course-secret-key"],
    ["--anonymous-k", "course-secret-key"],
    ["--email", "course-secret-key@example.org"],
    ["--email=course-secret-key@example.org"],
])
def test_a_crash_report_does_not_keep_the_course_key_or_an_email_given_on_the_command_line(
        monkeypatch, tmp_path, given):
    """Learners are asked to send crash reports: the command line in one must not carry the
    course's key for anonymous ids, nor an e-mail address."""
    from learnmeta import crash

    monkeypatch.setattr(sys, "argv", ["learnmeta", "export", "--format", "xapi", "--anonymous", *given,
                                      "-o", "out.jsonl"])
    text = crash.describe(KeyError("a bug"))
    command = next(line for line in text.splitlines() if line.startswith("Command:"))
    assert "course-secret-key" not in text
    assert "--format xapi --anonymous" in command and "-o out.jsonl" in command
