"""Small helpers for printing to the terminal from commands."""

from __future__ import annotations

import os

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
