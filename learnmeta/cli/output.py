"""What the commands share: printing safely, and the output file they may write."""

from __future__ import annotations

import os
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
    if path.exists() and not force:
        raise OutputExists(f"{path} exists already; use --force to overwrite it")


def err(message: str) -> None:
    """A message on stderr, with control characters removed."""
    import sys

    print(clean_text(message), file=sys.stderr)
