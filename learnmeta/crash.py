"""When learnmeta itself fails (a bug, not bad input): a crash report, and one plain line.

An unexpected exception anywhere (in a command, or in a handler of the app) must not print a
traceback at a learner, nor end with status 0 as if all were well. :func:`report` writes the
traceback, the versions and the platform to a private file (0o600) in ``crash-reports/`` in the
data folder (else in the cache folder), keeps the newest
:data:`KEEP` of them, and prints one line on stderr naming the file. The command then exits with
:data:`EXIT_CRASH`.

The report holds no locals (Textual's own tracebacks show them, and they can hold what a
learner typed): only what the traceback lines and the exception's message say. The command line
is kept without the values of options that are secret or personal (the course's key for
anonymous ids, an e-mail address).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import traceback
from pathlib import Path

EXIT_CRASH = 70
"""learnmeta failed because of a bug (``EX_SOFTWARE`` in sysexits.h)."""

KEEP = 20
"""Crash reports kept; older ones are removed when a new one is written."""

FOLDER = "crash-reports"


def _folders() -> list[Path]:
    from learnmeta import paths

    folders = []
    for where in (paths.data_dir, paths.cache_dir):
        try:
            folders.append(where() / FOLDER)
        except Exception:  # noqa: BLE001 - no data folder can be found: try the next place
            continue
    return folders  # not the shared temporary folder: another user could read or plant there


def _versions() -> list[str]:
    lines = []
    try:
        from learnmeta import __version__

        lines.append(f"learnmeta {__version__}")
    except Exception:  # noqa: BLE001
        pass
    textual = sys.modules.get("textual")
    if textual is not None:
        lines.append(f"textual {getattr(textual, '__version__', '?')}")
    lines.append(f"Python {platform.python_version()} ({sys.executable})")
    lines.append(f"{platform.platform()}")
    return lines


_PRIVATE_OPTIONS = {"--anonymous-key": len("--anonymous-") + 1, "--email": len("--e")}
"""Options whose value is a secret or personal (the course's key, an e-mail address), with the
shortest abbreviation argparse takes for each (``--anonymous`` alone is a flag)."""


def _private(option: str) -> bool:
    return any(len(option) >= shortest and name.startswith(option) for name, shortest in _PRIVATE_OPTIONS.items())


def _shareable(argv: list[str]) -> list[str]:
    """The command line with the values of :data:`_PRIVATE_OPTIONS` replaced: a report is meant
    to be sent to whoever fixes the bug."""
    shown: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            shown.append("(not kept)")
            hide_next = False
        elif arg.startswith("--") and _private(arg.partition("=")[0]):
            option, equals, _ = arg.partition("=")
            shown.append(f"{option}=(not kept)" if equals else option)
            hide_next = not equals
        else:
            shown.append(arg)
    return shown


def describe(error: BaseException) -> str:
    """The whole report's text: when, versions, the command line, the traceback."""
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    lines = [
        "learnmeta crash report",
        "",
        "learnmeta stopped because of a problem in learnmeta itself (a bug). Your progress file",
        "is saved after every answer, so nothing you saved before this was lost.",
        "",
        f"When: {when}",
        *_versions(),
        f"Command: learnmeta {' '.join(_shareable(sys.argv[1:]))}".rstrip(),
        "",
    ]
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return "\n".join(lines) + "\n" + trace


def _write(folder: Path, text: str) -> Path:
    """A new private file in ``folder`` holding ``text``. Raises OSError."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.is_symlink() or not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder of learnmeta's own")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for number in range(100):
        path = folder / f"crash-{stamp}-{os.getpid()}{f'-{number}' if number else ''}.txt"
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        try:
            os.write(fd, text.encode("utf-8", "replace"))
        finally:
            os.close(fd)
        return path
    raise FileExistsError(f"{folder}: too many crash reports this second")


def _tidy(folder: Path) -> None:
    """Keep the newest :data:`KEEP` reports (by name: their names begin with the time)."""
    try:
        reports = sorted(p for p in folder.glob("crash-*.txt") if p.is_file() and not p.is_symlink())
    except OSError:
        return
    for old in reports[:-KEEP]:
        try:
            old.unlink()
        except OSError:
            pass


def save(error: BaseException) -> Path | None:
    """Write a crash report for ``error``; its path, or None if it could be written nowhere."""
    try:
        text = describe(error)
    except Exception:  # noqa: BLE001 - the report must never fail in its turn
        text = f"learnmeta crash report\n\n{type(error).__name__}: (the details could not be written)\n"
    for folder in _folders():
        try:
            path = _write(folder, text)
        except OSError:
            continue
        _tidy(folder)
        return path
    return None


def report(error: BaseException) -> int:
    """Save a crash report, say where on one line of stderr, and return :data:`EXIT_CRASH`."""
    from learnmeta.content.text import clean_text

    path = save(error)
    if path is not None:
        message = (f"learnmeta stopped because of a problem in learnmeta itself (a bug); "
                   f"the details are in {path}. Nothing you saved was lost.")
    else:
        message = (f"learnmeta stopped because of a problem in learnmeta itself (a bug): "
                   f"{type(error).__name__}. No crash report could be saved. Nothing you saved was lost.")
    try:
        print(clean_text(message).replace("\n", " "), file=sys.stderr)
    except (OSError, ValueError):  # no stderr at all
        pass
    return EXIT_CRASH
