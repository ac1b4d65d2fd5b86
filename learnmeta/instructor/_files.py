"""Writing the instructor tools' output files: never half a file, never over one by surprise."""

from __future__ import annotations

from pathlib import Path


class OutputExists(Exception):
    """The output file is there already and --force was not given."""


def check_output(path: Path, force: bool) -> None:
    """Raise OutputExists when ``path`` exists and may not be overwritten; OSError for a folder."""
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; name a file")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists already; use --force to overwrite it")


def write_atomic(path: Path, data: str | bytes, check=None) -> None:
    """Write the whole file to a temporary file beside it, then swap it in (crash-safe).

    ``check(temp_path)``, when given, runs on the finished temporary file before it replaces
    ``path``; if it raises, nothing is replaced and the temporary file is removed.
    """
    from learnmeta.files import replace_atomically

    replace_atomically(path, data, check=check)
