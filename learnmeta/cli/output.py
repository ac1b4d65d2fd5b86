"""What the commands share: printing safely, and the output file they may write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from learnmeta.content.text import clean_text


def shown_path(path: str) -> str:
    """A path as the user would like to read it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def safe(text: str) -> str:
    """Text from a content file, with control characters removed, safe to print."""
    return clean_text(str(text))


class OutputExists(Exception):
    """The output file is there already and --force was not given."""


def check_output(path: Path, force: bool) -> None:
    """Raise OutputExists when ``path`` exists and may not be overwritten; OSError for a folder.
    The file itself is written with :func:`learnmeta.files.replace_atomically` (never half a
    file)."""
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; name a file")
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
        # Written by replacing the name: --force would put a file where a link, a device (run
        # as root, /dev/null or /dev/stdout itself) or a pipe was.
        raise OutputExists(f"{path} is not a regular file (a link, device or pipe); name a file, "
                           "even with --force")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists already; use --force to overwrite it")


def err(message: str) -> None:
    """A message on stderr, with control characters removed."""
    import sys

    print(clean_text(message), file=sys.stderr)
