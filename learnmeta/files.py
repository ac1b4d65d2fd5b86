"""Reading and writing files safely, for the whole package.

Every file learnmeta reads is untrusted data: a content file, a progress file, a cache entry, a
class's files. :func:`read_bounded` is the one way to read them. It opens the path without
blocking (a FIFO named like a cache file would otherwise hang start-up), refuses anything but a
regular file (a device, a pipe, a socket, a folder; a symbolic link too unless the caller allows
it), and never reads more than a limit, whatever the file grows to while it is read.

:func:`replace_atomically` is the one way to write them: it makes the whole new file beside the
old one, flushes and fsyncs it, reads it back, swaps it in with ``os.replace`` and fsyncs the
folder (see ``shared/notes/engineering.md``): a crash leaves the old file or the new one, never
half of one. For the progress file it also keeps the previous good copy (``<name>.bak``) and
moves a damaged file aside (:func:`move_aside`) instead of making it the backup.

Errors are :class:`FileProblem` (an ``OSError``), whose ``reason`` says in plain words what is
wrong, for messages like ``path: cannot read this file: <reason>``.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, TypeVar

_T = TypeVar("_T")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CHUNK = 1024 * 1024


class FileProblem(OSError):
    """A file that cannot be read as data; ``reason`` is in plain words, ``code`` a short tag
    (``not-found``, ``is-directory``, ``not-regular``, ``link``, ``too-large``, ``unreadable``)."""

    def __init__(self, path: Path | str, reason: str, code: str, err: int = 0) -> None:
        super().__init__(err, reason, str(path))
        self.path = str(path)
        self.reason = reason
        self.code = code

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _megabytes(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    if limit >= 1024:
        return f"{limit / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{limit} bytes"


def _open_problem(path: Path, error: OSError, follow_links: bool) -> FileProblem:
    if isinstance(error, FileNotFoundError):
        return FileProblem(path, "file not found", "not-found", errno.ENOENT)
    if isinstance(error, IsADirectoryError):
        return FileProblem(path, "this is a folder, not a file", "is-directory", errno.EISDIR)
    if isinstance(error, PermissionError):
        return FileProblem(path, "permission denied", "unreadable", errno.EACCES)
    if error.errno == errno.ELOOP and not follow_links:
        return FileProblem(path, "this is a link, not a file; name the file itself", "link", errno.ELOOP)
    return FileProblem(path, error.strerror or error.__class__.__name__, "unreadable", error.errno or 0)


def _check_opened(path: Path, fd: int, limit: int, start: int = 0) -> os.stat_result:
    """The opened file's details, once it is known to be a regular file of at most ``limit``
    bytes from byte ``start`` on; else :class:`FileProblem` (the caller closes ``fd``)."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(path, "this is a folder, not a file", "is-directory", errno.EISDIR)
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(path, "this is not a regular file (a device, pipe or socket)", "not-regular")
    if info.st_size - start > limit:
        raise FileProblem(path, f"the file is too large ({_megabytes(info.st_size)}; the limit is "
                          f"{_megabytes(limit)})", "too-large", errno.EFBIG)
    return info


def read_bounded(path: Path | str, limit: int, *, follow_links: bool = False, start: int = 0) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them (from byte ``start``
    on: the limit is then on what is read).

    Raises :class:`FileProblem` when the path is missing, a folder, a link (unless
    ``follow_links``; a link is then followed, and what it names must still be a regular file),
    a FIFO, device or socket, larger than ``limit``, or cannot be read.
    """
    path = Path(path)
    flags = os.O_RDONLY | _NONBLOCK | _BINARY | (0 if follow_links else _NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if not follow_links and not _NOFOLLOW and os.path.islink(path):  # pragma: no cover (Windows)
            raise FileProblem(path, "this is a link, not a file; name the file itself", "link") from None
        raise _open_problem(path, error, follow_links) from None
    try:
        _check_opened(path, fd, limit, start)
        if start:
            os.lseek(fd, start, os.SEEK_SET)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(_CHUNK, left))
            except OSError as error:
                raise FileProblem(path, error.strerror or "it cannot be read", "unreadable",
                                  error.errno or 0) from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileProblem(path, f"the file is too large (the limit is {_megabytes(limit)})",
                              "too-large", errno.EFBIG)
        return data
    finally:
        os.close(fd)


def read_bounded_or_none(path: Path | str, limit: int, *, follow_links: bool = False) -> bytes | None:
    """Like :func:`read_bounded`, but None when nothing is at ``path`` (other problems raise)."""
    try:
        return read_bounded(path, limit, follow_links=follow_links)
    except FileProblem as problem:
        if problem.code == "not-found":
            return None
        raise


def is_regular_file(path: Path | str) -> bool:
    """Whether ``path`` itself (not what a link names) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


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


class _NewFile:
    """The temp file :func:`_replacing` gives its block to write."""

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        self.path = path
        self._handle = handle

    def write(self, data: bytes) -> None:
        self._handle.write(data)

    def sync(self) -> None:
        """Flush it, fsync it and close it (once; what comes after reads it back)."""
        if not self._handle.closed:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()

    def discard(self) -> None:
        try:
            self._handle.close()
        except OSError:
            pass
        unlink_quietly(self.path)


@contextmanager
def _replacing(path: Path) -> Iterator[_NewFile]:
    """``path`` replaced (or created), whole or not at all, by the file the block writes: a new
    private (0o600) temp file beside it (``.<name>.XXXXXXXX.tmp``, which :func:`clean_temp_files`
    removes after a kill). The block writes it, and calls its ``sync()`` (flushed, fsynced,
    closed) before reading it back or checking it (its ``path``). When the block ends, the temp
    file is synced if it was not, replaces ``path`` (``os.replace``) and the folder is fsynced. If
    anything raises, the temp file is removed and ``path`` is untouched."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        handle = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        unlink_quietly(Path(name))
        raise
    new = _NewFile(Path(name), handle)
    try:
        yield new
        new.sync()
        os.replace(new.path, path)
    except BaseException:
        new.discard()
        raise
    fsync_folder(path.parent)


def unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; a folder we create is private (0o700),
    because progress can reveal a diagnosis. Raises OSError."""
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def backup_path(path: Path) -> Path:
    """Where the previous good copy of ``path`` is kept: ``<name>.bak``."""
    return path.with_name(path.name + ".bak")


def keep_backup(path: Path) -> None:
    """Make ``<name>.bak`` a copy of the current ``path`` (atomically; a hard link if possible)."""
    backup = backup_path(path)
    temp = path.parent / f".{path.name}.bak{os.getpid()}.tmp"
    unlink_quietly(temp)
    try:
        os.link(path, temp)
    except FileNotFoundError:
        return
    except OSError:
        # No hard links here (some file systems): copy the bytes instead.
        data = read_bounded_or_none(path, 1 << 62)
        if data is None:
            return
        with _replacing(backup) as new:
            new.write(data)
        return
    try:
        os.replace(temp, backup)
    except BaseException:
        unlink_quietly(temp)
        raise
    # When the backup already was this very file (a save stopped after keeping it, before its
    # replace), the rename does nothing (POSIX: two links to one file) and leaves the temp link.
    unlink_quietly(temp)


TAIL_BYTES = 4096
"""How much of a file's end :func:`replace_atomically` reads first to decide it is complete."""
COMPLETE_LIMIT = 64 * 1024 * 1024
"""A file larger than this is never taken as complete (and so never made the backup)."""


def _file_complete(path: Path, complete: Callable[[bytes], bool]) -> bool:
    """Whether the file at ``path`` is complete (True if there is none): its last
    :data:`TAIL_BYTES` first, which settles it for a file this program wrote; else all of it.
    Anything but a regular file (a link, a pipe) is not complete."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _NOFOLLOW)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > COMPLETE_LIMIT:
            return False
        if info.st_size > TAIL_BYTES:
            os.lseek(fd, info.st_size - TAIL_BYTES, os.SEEK_SET)
            if complete(os.read(fd, TAIL_BYTES)):
                return True
    finally:
        os.close(fd)
    try:
        return complete(read_bounded(path, COMPLETE_LIMIT))
    except FileProblem:
        return False


def replace_atomically(
    path: Path | str,
    data: str | bytes,
    *,
    backup: bool = False,
    complete: Callable[[bytes], bool] | None = None,
    check: Callable[[Path], None] | None = None,
) -> Path | None:
    """Replace (or create) ``path`` with ``data``, whole or not at all: the one writer of the
    package. A crash leaves the old file or the new one, never half of one (it may leave an
    orphan temp file, which :func:`clean_temp_files` removes). Raises OSError; then the old file
    is untouched and the temp file is gone.

    The temp file is read back and compared before it replaces anything. ``check(temp path)``
    may refuse it too (by raising). With ``backup``, the file being replaced is kept as
    ``<name>.bak`` first (:func:`keep_backup`). ``complete`` tells whether file bytes are a whole
    file: with it, the new file must be complete, and the file being replaced becomes the backup
    only if it is complete too; one that is not (damaged since it was read) never replaces the
    good ``.bak``: it is moved aside (:func:`move_aside`, label "broken") and that path is
    returned (else None).
    """
    path = Path(path)
    if not str(path.parent):
        path = Path(".") / path
    payload = data.encode("utf-8") if isinstance(data, str) else data
    moved = None
    with _replacing(path) as new:
        new.write(payload)
        new.sync()
        temp = new.path
        if read_bounded(temp, len(payload)) != payload:
            raise OSError(f"what was written to {temp.name} did not read back the same")
        if complete is not None and not complete(payload):
            raise OSError(f"what was written to {temp.name} is not a complete file")
        if check is not None:
            check(temp)
        if backup:
            if complete is not None and not _file_complete(path, complete):
                moved = move_aside(path, "broken")
            else:
                keep_backup(path)
    return moved


def replace_atomically_written(path: Path | str, produce: Callable[[Callable[[bytes], None]], _T]) -> _T:
    """Replace (or create) ``path`` with what ``produce(write)`` writes through ``write``, piece by
    piece, whole or not at all, as :func:`replace_atomically` does for bytes it is given (a temp
    file beside it, flushed and fsynced, read back, ``os.replace``, the folder fsynced), without
    ever holding the whole: the temp file is read back in chunks and compared with what was
    written by size and SHA-256. Returns what ``produce`` returns. Raises what it raises (the
    temp file is then gone and ``path`` untouched), and OSError as :func:`replace_atomically`."""
    import hashlib

    path = Path(path)
    if not str(path.parent):
        path = Path(".") / path
    written = hashlib.sha256()
    size = 0
    with _replacing(path) as new:

        def write(data: bytes) -> None:
            nonlocal size
            written.update(data)
            size += len(data)
            new.write(data)

        result = produce(write)
        new.sync()
        back = hashlib.sha256()
        read = 0
        with new.path.open("rb") as reader:  # this process's own new file (mkstemp: O_EXCL, 0600)
            while read <= size and (chunk := reader.read(min(_CHUNK, size + 1 - read))):
                back.update(chunk)
                read += len(chunk)
        if read != size or back.digest() != written.digest():
            raise OSError(f"what was written to {new.path.name} did not read back the same")
    return result


def clean_temp_files(path: Path) -> list[Path]:
    """Remove temp files a killed save left beside ``path`` (``.<name>.*.tmp``). Call only while
    no other process may be writing it (holding its lock)."""
    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f".{path.name}.".replace("[", "[[]") + "*.tmp"))
    except OSError:
        return removed
    for candidate in candidates:
        if is_regular_file(candidate):
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
    return removed


def timestamp(now: dt.datetime | None = None) -> str:
    """``YYYYmmddTHHMMSSZ`` in UTC, for file names."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def move_aside(path: Path, label: str = "broken", now: dt.datetime | None = None, suffix: str = ".toml") -> Path:
    """Rename ``path`` to ``<stem>.<label>-<timestamp><suffix>`` beside it, never over another file.

    The content is not touched (a rename). Returns the new path; raises :class:`OSError`.
    """
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    base = f"{stem}.{label}-{timestamp(now)}"
    for n in range(1, 1000):
        target = path.with_name(f"{base}{suffix}" if n == 1 else f"{base}-{n}{suffix}")
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


# ---------------------------------------------------------------------------------------------
# Append-only files (the answer log): one record per line
# ---------------------------------------------------------------------------------------------


class Lines:
    """What :func:`read_lines_bounded` found: the complete lines, numbered from 1 (``None`` for a
    line longer than the per-line limit, which is skipped unread), the bytes after the last line
    end (a record cut short by a crash while it was appended; ``b""`` when the file ends with a
    line end), and the file's size when it was read."""

    __slots__ = ("lines", "torn", "size")

    def __init__(self, lines: list[tuple[int, bytes | None]], torn: bytes, size: int) -> None:
        self.lines = lines
        self.torn = torn
        self.size = size


def read_lines_bounded(path: Path | str, limit: int, line_limit: int) -> Lines:
    """The lines of the regular file at ``path`` (read as :func:`read_bounded` reads: no links,
    FIFOs or devices, at most ``limit`` bytes, else :class:`FileProblem`). A line longer than
    ``line_limit`` bytes is given as ``None`` (its number kept), so a reader can say which line
    it skipped; the line ends themselves are not part of the lines."""
    return split_lines(read_bounded(path, limit), line_limit)


def stream_lines_bounded(path: Path | str, limit: int, line_limit: int) -> Lines:
    """Like :func:`read_lines_bounded`, but the lines are read as they are gone through (in
    chunks of at most 1 MiB; a line longer than ``line_limit`` is never held), so a reader that
    goes through them once holds one chunk and one line, not the whole file. Its ``lines`` can be
    gone through once; ``torn`` and ``size`` are known only after that. The file is opened (and
    checked: a regular file, not a link, at most ``limit`` bytes) before this returns."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _NOFOLLOW)
    except OSError as error:
        raise _open_problem(path, error, False) from None
    try:
        info = _check_opened(path, fd, limit)
    except BaseException:
        os.close(fd)
        raise
    found = Lines([], b"", info.st_size)  # the size as opened, until the lines are read

    def lines() -> Iterator[tuple[int, bytes | None]]:
        number = 0
        size = 0
        pending = b""
        skipping = False  # in a line longer than line_limit: its bytes are not kept
        try:
            while True:
                try:
                    chunk = os.read(fd, _CHUNK)
                except OSError as error:
                    raise FileProblem(path, error.strerror or "it cannot be read", "unreadable",
                                      error.errno or 0) from None
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise FileProblem(path, f"the file is too large (the limit is {_megabytes(limit)})",
                                      "too-large", errno.EFBIG)
                start = 0
                while True:
                    end = chunk.find(b"\n", start)
                    if end < 0:
                        break
                    number += 1
                    if skipping or len(pending) + end - start > line_limit:
                        yield number, None
                    else:
                        yield number, pending + chunk[start:end]
                    pending, skipping = b"", False
                    start = end + 1
                if not skipping:
                    pending += chunk[start:]
                    if len(pending) > line_limit:
                        pending, skipping = pending[:line_limit], True
        finally:
            os.close(fd)
        found.torn = pending
        found.size = size

    found.lines = lines()  # type: ignore[assignment]
    return found


def split_lines(data: bytes, line_limit: int) -> Lines:
    """``data`` as :func:`read_lines_bounded` gives a file's."""
    lines: list[tuple[int, bytes | None]] = []
    start = 0
    number = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            break
        number += 1
        lines.append((number, data[start:end] if end - start <= line_limit else None))
        start = end + 1
    torn = data[start:]
    return Lines(lines, torn if len(torn) <= line_limit else torn[:line_limit], len(data))


def append_durably(path: Path | str, data: bytes, torn: Callable[[bytes], bool] | None = None) -> int:
    """Append ``data`` (whole lines, each ending with a line end) to the regular file at
    ``path``, made private (0o600) if new, and fsync it (and its folder when it is new). If the
    file does not end with a line end (a line cut short by a crash mid-append), that last line
    is cut off first when ``torn`` says it is incomplete (given the bytes after the last line end,
    at most :data:`MAX_TORN_TAIL` of them), so the new lines start cleanly and the cut one is not
    left in the middle, named by every reader; otherwise a line end is written first, so the new
    lines never run on from it. Only the bytes after the last line end are ever cut: never a whole
    line. Returns the file's size after the write. Raises :class:`FileProblem` when ``path`` is a
    link, a folder or not a regular file, and OSError when the write fails (then the file may hold
    part of ``data``, never more: a reader drops a cut last line)."""
    appended = append_lines(path, data, torn)
    appended.sync()
    return appended.size


class Appended:
    """Lines :func:`append_lines` wrote: in the file (the kernel holds them, so a killed or crashed
    process cannot lose them) but not yet on the disk, until :meth:`sync` (a power cut or a crash
    of the operating system before then can). Holds the file open until :meth:`sync` or
    :meth:`close`."""

    def __init__(self, path: Path, fd: int, size: int, new: bool) -> None:
        self.path = path
        self.size = size
        """The file's size after the write."""
        self.new = new
        """The file was made by this append (its folder is fsynced too)."""
        self._fd = fd

    @property
    def synced(self) -> bool:
        return self._fd < 0

    def sync(self) -> None:
        """fsync the file (the very file written, even if renamed since), then its folder if the
        file is new; closes it. Raises OSError if the fsync fails (the file is closed anyway)."""
        fd, self._fd = self._fd, -1
        if fd < 0:
            return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if self.new:
            fsync_folder(self.path.parent)

    def close(self) -> None:
        """Close the file without fsyncing it."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)


def append_lines(path: Path | str, data: bytes, torn: Callable[[bytes], bool] | None = None) -> Appended:
    """:func:`append_durably` without its fsync: ``data`` is written (every ``write`` has returned)
    and the file kept open; the caller calls :meth:`Appended.sync` (``append_durably`` does so at
    once). The same checks, cut-off of a torn last line and errors as ``append_durably``."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NONBLOCK | _BINARY | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    existed = os.path.lexists(path)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as error:
        raise _open_problem(path, error, False) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):  # pragma: no cover - O_WRONLY on a folder fails to open
            raise FileProblem(path, "this is a folder, not a file", "is-directory", errno.EISDIR)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, "this is not a regular file (a device, pipe or socket)", "not-regular")
        locked = torn is not None and _flock is not None
        if locked:
            # Appenders of this file take turns (the lock goes with the descriptor, and with the
            # process if it is killed): the end seen below is then never another process's append
            # half done, which a cut-off would cut off whole.
            assert _flock is not None
            _flock(fd)
            info = os.fstat(fd)
        if info.st_size > 0 and _last_byte(path, info.st_size) != b"\n":
            # A file with other names (a hard link planted as the log) is never cut: the bytes
            # would go from the other file too. Its last line is then only followed by a line end.
            start = _torn_start(path, info.st_size) if locked and info.st_nlink == 1 else None
            if start is not None and torn is not None and torn(_read_at(path, start, info.st_size - start)):
                os.ftruncate(fd, start)  # under the caller's lock: the one writer of this file
            else:
                data = b"\n" + data
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        size = os.fstat(fd).st_size
        if locked and _unflock is not None:
            _unflock(fd)  # the lines are whole: the next appender may go on (the fsync waits)
    except BaseException:
        os.close(fd)
        raise
    return Appended(path, fd, size, not existed)


def _lock_exclusively(fd: int) -> None:
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


_flock: Callable[[int], None] | None = _lock_exclusively if os.name == "posix" else None
_unflock: Callable[[int], None] | None = _unlock if os.name == "posix" else None
"""How :func:`append_durably` makes appenders take turns (where there is ``flock``; elsewhere a cut
last line is not cut off, only followed by a line end)."""

MAX_TORN_TAIL = 1 << 20
"""The longest cut last line :func:`append_durably` cuts off (a longer one is left, on a line of its own)."""


def _torn_start(path: Path, size: int) -> int | None:
    """Where the last line of the file (``size`` bytes, not ending with a line end) starts, when
    it is at most :data:`MAX_TORN_TAIL` bytes long."""
    low = max(0, size - MAX_TORN_TAIL)
    tail = _read_at(path, low, size - low)
    end = tail.rfind(b"\n")
    if end >= 0:
        return low + end + 1
    return 0 if low == 0 else None


def _read_at(path: Path, start: int, length: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _NOFOLLOW)
    try:
        chunks = []
        while length > 0:
            chunk = os.pread(fd, length, start)
            if not chunk:
                break
            chunks.append(chunk)
            start += len(chunk)
            length -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _last_byte(path: Path, size: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _NOFOLLOW)
    try:
        return os.pread(fd, 1, size - 1)
    finally:
        os.close(fd)


def size_or_none(path: Path | str) -> int | None:
    """The size of the regular file at ``path`` (not following a link); None when nothing is
    there. Anything but a regular file raises :class:`FileProblem`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _open_problem(Path(path), error, False) from None
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(path, "this is a folder, not a file", "is-directory", errno.EISDIR)
        if stat.S_ISLNK(info.st_mode):
            raise FileProblem(path, "this is a link, not a file; name the file itself", "link", errno.ELOOP)
        raise FileProblem(path, "this is not a regular file (a device, pipe or socket)", "not-regular")
    return info.st_size
