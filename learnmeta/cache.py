"""What start-up would otherwise check again: the validated content and the learner's progress.

Checking the built-in content and a progress file needs pydantic, whose import and validators
took about 100 ms of a 350 ms start. Both rarely change between two starts, so the app keeps
what it checked last time, as plain dataclasses, and uses it again when nothing it came from has
changed:

* the **library** (:func:`load_library` in :mod:`learnmeta.content.library`), keyed by the path,
  size, modification time and inode of every content file it read (the built-in lessons and
  packs and the learner's ``packs/`` folder);
* each learner's **progress**, keyed by the progress file's exact bytes (kept in the cache
  entry), written when the app closes if the file holds exactly that progress.

Both keys also hold this module's :data:`FORMAT`, the Python version and the size and time of
every source file that defines what is stored, so a new learnmeta never reads an old cache.

The cache is only ever a shortcut. A cache file that is missing, stale, damaged or unreadable is
ignored (and replaced at the next chance); nothing is lost by deleting the folder. It lives in
the platform's cache folder for learnmeta, or in ``cache/`` under ``LEARNMETA_HOME``, and is
written atomically. Like the progress files themselves, it is the user's own: it is read with
:mod:`pickle`, so it must not be shared or taken from anyone else.
"""

from __future__ import annotations

import os
import re
import pickle
import sys
from pathlib import Path
from typing import Any

from learnmeta import paths

FORMAT = 1
"""Raise when what is stored changes in a way the source files' stamps would not show."""

_SOURCES = (
    "checks.py",
    "content/models.py",
    "content/loader.py",
    "content/library.py",
    "content/errors.py",
    "content/text.py",
    "content/toml_lines.py",
    "progress/model.py",
    "progress/fileformat.py",
)


def file_stamp(path: Path) -> tuple | None:
    """What tells one version of a file from another without reading it; None if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ino)


def _code_stamp() -> tuple:
    return (FORMAT, sys.version_info[:2], *(file_stamp(paths.PACKAGE_DIR / name) for name in _SOURCES))


def _file(name: str) -> Path:
    return paths.cache_dir() / f"{name}.pickle"


def read(name: str, key: Any) -> Any | None:
    """What was stored under ``name`` for ``key``; None if nothing usable was."""
    try:
        with open(_file(name), "rb") as handle:
            if pickle.load(handle) != (_code_stamp(), key):
                return None
            return pickle.load(handle)
    except Exception:  # missing, damaged, from another version: only a shortcut was lost
        return None


def write(name: str, key: Any, value: Any) -> None:
    """Store ``value`` under ``name`` for ``key``, atomically; never raises."""
    target = _file(name)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            pickle.dump((_code_stamp(), key), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except Exception:
        try:
            temporary.unlink()
        except OSError:
            pass


def progress_name(progress_path: Path) -> str:
    """The cache entry of one learner's progress file (two files of the same name share one
    entry: each start then reads its own file, as the bytes differ)."""
    return "progress-" + re.sub(r"[^A-Za-z0-9_-]", "_", progress_path.stem)[:60]
