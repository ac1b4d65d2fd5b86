"""Crash-safe file operations for progress files.

The recipe (see ``shared/notes/engineering.md``): write the whole new file to a temporary file in
the same folder, flush, ``fsync``, read it back (and check it is complete), keep the previous good
copy as ``<name>.bak`` (only if it is complete itself), ``os.replace`` the temporary file over the
real one, then ``fsync`` the folder. A kill at any
moment leaves either the old file or the new one, never a half-written one; what it may leave is
an orphan temporary file, which :func:`clean_temp_files` removes at the next start.

A file that does not load is never overwritten: :func:`move_aside` renames it, byte for byte, to
``<stem>.broken-YYYYmmddTHHMMSSZ.toml`` beside it.

Every function raises :class:`OSError` when the disk refuses; the caller decides what to tell the
learner. The folder and files are private to the user (``0o700`` / ``0o600``) where the platform
allows, because progress can reveal a diagnosis.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Callable

TEMP_SUFFIX = ".tmp"


def backup_path(path: Path) -> Path:
    """Where the previous good copy of ``path`` is kept: ``<name>.bak``."""
    return path.with_name(path.name + ".bak")


def lock_path(path: Path) -> Path:
    """The separate lock file for ``path`` (the data file itself is swapped by ``os.replace``)."""
    return path.with_name(path.name + ".lock")


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; a folder we create is private (0o700)."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible on every platform: then skipped)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new private temp file beside ``path``, flushed and fsynced."""
    fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _unlink_quietly(temp)
        raise
    return temp


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` a copy of the current ``path`` (atomically; a hard link if possible)."""
    backup = backup_path(path)
    temp = path.parent / f"{_temp_prefix(path)}bak{os.getpid()}{TEMP_SUFFIX}"
    _unlink_quietly(temp)
    try:
        os.link(path, temp)
    except FileNotFoundError:
        return
    except OSError:
        # No hard links here (some file systems): copy the bytes instead.
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return
        temp = _write_temp(path, data)
    try:
        os.replace(temp, backup)
    except BaseException:
        _unlink_quietly(temp)
        raise


TAIL_BYTES = 4096


def _file_complete(path: Path, complete: Callable[[bytes], bool]) -> bool:
    """Whether the file at ``path`` is complete (True if there is none): its last
    :data:`TAIL_BYTES` first, which settles it for a file this program wrote; else all of it."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read()
            if size > TAIL_BYTES and complete(tail):
                return True
            handle.seek(0)
            return complete(handle.read())
    except FileNotFoundError:
        return True


def atomic_write(
    path: Path, data: bytes, *, backup: bool = True, complete: Callable[[bytes], bool] | None = None
) -> Path | None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    The temp file is read back and compared before it replaces anything. With ``backup``, the
    file being replaced is kept as ``<name>.bak`` first. On any error the temp file is removed,
    the old file is untouched, and the error is raised.

    ``complete`` tells whether file bytes are a whole file. With it, the read-back must be
    complete before the backup is touched, and the file being replaced becomes the backup only if
    it is complete too: one that is not (damaged since it was read) never replaces the good
    ``.bak``; it is moved aside instead (:func:`move_aside`, label "broken") and that path is
    returned (else None).
    """
    temp = _write_temp(path, data)
    moved = None
    try:
        with open(temp, "rb") as handle:
            back = handle.read()
        if back != data:
            raise OSError(f"what was written to {temp.name} did not read back the same")
        if complete is not None and not complete(back):
            raise OSError(f"what was written to {temp.name} is not a complete file")
        if backup:
            if complete is not None and not _file_complete(path, complete):
                moved = move_aside(path, "broken")
            else:
                keep_backup(path)
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    fsync_folder(path.parent)
    return moved


def clean_temp_files(path: Path) -> list[Path]:
    """Remove temp files a killed save left beside ``path``. Call only while holding its lock."""
    removed = []
    try:
        candidates = list(path.parent.glob(_temp_prefix(path).replace("[", "[[]") + "*" + TEMP_SUFFIX))
    except OSError:
        return removed
    for candidate in candidates:
        try:
            if candidate.is_file():
                candidate.unlink()
                removed.append(candidate)
        except OSError:
            pass
    return removed


def timestamp(now: dt.datetime | None = None) -> str:
    """``YYYYmmddTHHMMSSZ`` in UTC, for file names."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path, label: str = "broken", now: dt.datetime | None = None) -> Path:
    """Rename ``path`` to ``<stem>.<label>-<timestamp>.toml`` beside it, never over another file.

    The content is not touched (a rename). Returns the new path; raises :class:`OSError`.
    """
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    base = f"{stem}.{label}-{timestamp(now)}"
    for n in range(1, 1000):
        target = path.with_name(f"{base}.toml" if n == 1 else f"{base}-{n}.toml")
        try:
            os.link(path, target)  # fails if target exists: never clobbers
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.rename(path, target)
            fsync_folder(path.parent)
            return target
        os.unlink(path)
        fsync_folder(path.parent)
        return target
    raise OSError(f"could not find a free name to keep {path.name} aside")
