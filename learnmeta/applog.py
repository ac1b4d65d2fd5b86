"""An append-only log of JSON records, one per line, beside a learner's progress file.

What is appended survives a crash: each :func:`append` writes whole lines in one write, then
fsyncs the file (and the folder when it made the file). What is read is untrusted data:
:func:`read` reads through :func:`learnmeta.files.read_bounded` (a regular file only, never a
link, a FIFO or a device; at most ``limit`` bytes), keeps each line that is a JSON object of at
most :data:`MAX_RECORD_BYTES`, and drops the rest: a last line cut short by a crash (no newline
after it), a damaged line, one nested too deep, anything that is not an object. It never raises
for what the file holds, only :class:`learnmeta.files.FileProblem` for a file it cannot read.

A line cut short by a crash never spoils the next record: :func:`append` starts with a newline
when the file does not end with one, so the broken piece stays a line of its own, and is dropped.
:func:`rewrite` replaces the whole log atomically (:func:`learnmeta.files.replace_atomically`),
to drop what is no longer needed.

No pickle, no eval: JSON only (the standard library's ``json``).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from learnmeta.files import FileProblem, fsync_folder, read_bounded_or_none, replace_atomically

MAX_RECORD_BYTES = 256 * 1024
"""The longest line kept; a longer one is dropped as damaged."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass
class LogRead:
    records: list[dict] = field(default_factory=list)
    """The records, in the order they were appended."""
    dropped: int = 0
    """Lines that were not records (cut short, damaged, too long, not an object)."""
    size: int = 0
    """The file's size in bytes (0 when there is none)."""


def encode(records: list[dict]) -> bytes:
    """Records as log lines (compact JSON, UTF-8, one per line)."""
    return b"".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        for record in records
    )


def read(path: Path | str, limit: int) -> LogRead:
    """The records of the log at ``path`` (none when there is no file). Raises
    :class:`~learnmeta.files.FileProblem` when it cannot be read (not a regular file, larger
    than ``limit``, no permission)."""
    data = read_bounded_or_none(path, limit)
    if not data:
        return LogRead()
    lines = data.split(b"\n")
    torn = lines.pop()  # after the last newline: empty, or a record cut short
    found = LogRead(size=len(data), dropped=1 if torn.strip() else 0)
    for line in lines:
        if not line.strip():
            continue
        if len(line) > MAX_RECORD_BYTES:
            found.dropped += 1
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except (ValueError, RecursionError, UnicodeDecodeError):
            found.dropped += 1
            continue
        if isinstance(record, dict):
            found.records.append(record)
        else:
            found.dropped += 1
    return found


def append(path: Path | str, records: list[dict], limit: int) -> int:
    """Append ``records`` to the log at ``path`` (made, private, if there is none), durably;
    the file's size after. Raises :class:`~learnmeta.files.FileProblem` (code ``too-large``)
    when the log would grow past ``limit``, or when it is not a regular file, and OSError when
    it cannot be written; then nothing was appended."""
    path = Path(path)
    payload = encode(records)
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _BINARY | _CLOEXEC
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP or os.path.islink(path):
            raise FileProblem(path, "this is a link, not a file", "link") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, "this is not a regular file (a device, pipe or socket)", "not-regular")
        size = info.st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            payload = b"\n" + payload  # the last line was cut short: it stays a line of its own
        if size + len(payload) > limit:
            raise FileProblem(path, f"the log is full ({size} bytes; the limit is {limit})", "too-large")
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    if size == 0:
        fsync_folder(path.parent)
    return size + len(payload)


def rewrite(path: Path | str, records: list[dict]) -> None:
    """Replace the whole log with ``records``, atomically; with none, remove it. Raises OSError."""
    path = Path(path)
    if not records:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        fsync_folder(path.parent)
        return
    replace_atomically(path, encode(records))
