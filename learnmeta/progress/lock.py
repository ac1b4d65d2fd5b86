"""An exclusive lock on a learner's progress, held for as long as one window has it open.

The lock is an operating-system lock on a separate ``<progress file>.lock`` (``flock`` on Linux
and macOS, ``msvcrt.locking`` on Windows). The system drops it when the process ends, however it
ends (a crash, ``kill -9``), so a stale lock never keeps a learner out. The lock file itself is
left in place: removing it could let two processes each lock a different file of the same name.

This replaced the ``filelock`` package, whose import alone took some 40 ms of learnmeta's start-up
(a third of the time the app takes beyond a bare Textual app); what we need is these few calls.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

_HELD_ERRNOS = {errno.EAGAIN, errno.EWOULDBLOCK}


def lock_path(path: Path) -> Path:
    """The separate lock file for the progress file ``path`` (the data file itself is swapped by
    ``os.replace``, so it cannot hold a lock)."""
    return path.with_name(path.name + ".lock")


class LockHeld(Exception):
    """Another process holds the lock."""


class ProfileLock:
    """``acquire()`` takes the lock without waiting, or raises :class:`LockHeld`; other failures
    (a read-only folder, a file system without locks) raise :class:`OSError`."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        fd = _open(self.path)
        try:
            _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)


_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _open(path: Path) -> int:
    """The lock file, opened (made if needed). Never through a link: a link planted where the lock
    file goes (in a folder a bundle was unpacked into) would make learnmeta create or hold a file
    anywhere the link points. Such a link (or an empty folder) is not learnmeta's: it is removed,
    and the lock file made in its place. A folder with something in it raises OSError
    (``ENOTEMPTY``)."""
    try:
        return os.open(path, _FLAGS, 0o600)
    except OSError as error:
        if error.errno == errno.EISDIR:
            # An empty folder where the lock file goes is not learnmeta's either: without a lock,
            # two windows would both save. One with something in it is left alone (and raises).
            os.rmdir(path)
        elif error.errno != errno.ELOOP or not path.is_symlink():
            raise
        else:
            os.unlink(path)
    return os.open(path, _FLAGS, 0o600)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):
                raise LockHeld(str(error)) from None
            raise

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in _HELD_ERRNOS:
                raise LockHeld(str(error)) from None
            raise

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
