"""What start-up would otherwise check again: the validated content and the learner's progress.

Checking the built-in content and a progress file needs pydantic, whose import and validators
took about 100 ms of a 350 ms start. Both rarely change between two starts, so the app keeps
what it checked last time, as plain dataclasses, and uses it again when nothing it came from has
changed:

* the **library** (:func:`load_library` in :mod:`learnmeta.content.library`), keyed by the path,
  size, modification and change times and inode of every content file it read (the built-in
  lessons and packs and the learner's ``packs/`` folder);
* each learner's **progress**, keyed by the progress file's exact bytes (kept in the cache
  entry), written when the app closes if the file holds exactly that progress.

Both keys also hold this module's :data:`FORMAT`, learnmeta's and Python's versions and the
size and time of every source file that defines what is stored, so a new learnmeta never reads
an old cache (and where those files cannot be found, nothing is cached).

The cache is only ever a shortcut. A cache file that is missing, stale, damaged or unreadable is
ignored (and replaced at the next chance); nothing is lost by deleting the folder. It lives in
the platform's cache folder for learnmeta, or in ``cache/`` under ``LEARNMETA_HOME``, and is
written atomically. It is read with a restricted unpickler (:class:`_Reader`) that makes
nothing but learnmeta's own records, dates and plain values: a cache file from anywhere else
(say, unpacked into the data folder with a bundle of packs) cannot run code, only fail to load.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import sys
from pathlib import Path
from typing import Any

from learnmeta import __version__, paths

FORMAT = 1
"""Raise when what is stored changes in a way the source files' stamps would not show."""

_SOURCES = (
    "checks.py",
    "record.py",
    "content/models.py",
    "content/loader.py",
    "content/library.py",
    "content/errors.py",
    "content/text.py",
    "progress/model.py",
    "progress/fileformat.py",
    "progress/store.py",
)

_MODULES = (
    "learnmeta.content.models",
    "learnmeta.content.library",
    "learnmeta.content.errors",
    "learnmeta.progress.model",
)
"""The only modules whose classes a cache file may make (with a few of the standard library's:
:data:`_STANDARD`)."""
_STANDARD = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class _Reader(pickle.Unpickler):
    """Unpickles learnmeta's records and plain values, and refuses everything else."""

    def find_class(self, module: str, name: str):
        if (module in _MODULES and name[:1].isupper() and not name.startswith("_")) or (module, name) in _STANDARD:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not something learnmeta caches")


def file_stamp(path: Path) -> tuple | None:
    """What tells one version of a file from another without reading it; None if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _code_stamp() -> tuple | None:
    """What tells this learnmeta's stored records from another's (None: cannot tell, so nothing
    is cached)."""
    stamps = [file_stamp(paths.PACKAGE_DIR / name) for name in _SOURCES]
    if None in stamps:
        return None
    return (FORMAT, __version__, sys.version_info[:2], *stamps)


def _file(name: str) -> Path:
    return paths.cache_dir() / f"{name}.pickle"


def read(name: str, key: Any) -> Any | None:
    """What was stored under ``name`` for ``key``; None if nothing usable was."""
    code = _code_stamp()
    if code is None:
        return None
    try:
        with open(_file(name), "rb") as handle:  # two pickles: the key, then what it opens
            if _Reader(handle).load() != (code, key):
                return None
            return _Reader(handle).load()
    except Exception:  # missing, damaged, from another version, refused: only a shortcut was lost
        return None


def write(name: str, key: Any, value: Any) -> None:
    """Store ``value`` under ``name`` for ``key``, atomically; never raises."""
    code = _code_stamp()
    if code is None:
        return
    target = _file(name)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        buffer = io.BytesIO()
        pickle.dump((code, key), buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(value, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        with open(temporary, "wb") as handle:
            handle.write(buffer.getvalue())
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
