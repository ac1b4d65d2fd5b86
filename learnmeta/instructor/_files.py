"""Writing the instructor tools' output files: never half a file, never over one by surprise."""

from __future__ import annotations

import os
import tempfile
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
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            check(Path(temp))
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
