"""Writing the progress file: what a save does once the store has decided to save.

The file is built from its parts (:func:`learnmeta.progress.fileformat.assemble`): the start,
each pack's ``[packs.<id>]`` table and question lines (the answers themselves go to the answer
log, :mod:`learnmeta.progress.answerlog`, before the file is written). The writer
keeps the parts it last checked, so a save rewrites and re-checks only what changed: every new
part is parsed back, validated and compared with the progress in memory before anything is
written (never write what cannot be read back), with the keys this version does not know
(:class:`~learnmeta.progress.fileformat.Unknown`) written back in their places.

Before the bytes go to :func:`learnmeta.files.replace_atomically` (temp file, read back, ``.bak``,
``os.replace``, fsync), the writer checks that the file on disk is still what this window last
read or wrote; if someone changed it meanwhile, that version is moved aside first, never lost.
The store turns what happened (:class:`Written`) into words for the learner.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Set as AbstractSet
from pathlib import Path

from learnmeta import files
from learnmeta.progress import fileformat
from learnmeta.progress.model import Attempt, Progress
from learnmeta.record import VALUE, Value

Signature = tuple[int, ...]
"""A file's stat signature (device, inode, size, times); empty when it could not be read."""


@VALUE
class Written(Value):
    """What a write did besides writing: an outside version moved aside (``edited``: whole,
    changed by someone else; ``broken``: not whole), or a file damaged at the last moment moved
    aside by the atomic writer itself (``damaged``)."""

    edited: Path | None = None
    broken: Path | None = None
    damaged: Path | None = None


def signature(path: Path) -> Signature | None:
    """What tells a changed file from the same one without reading it: inode, size, times."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError:
        return ()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def parts_of(progress: Progress) -> tuple[bytes, fileformat.Chunks]:
    """The file this version writes for ``progress`` (not checked), with its parts as the store
    keeps them: pack id -> (``[packs.<id>]`` text, question id -> line)."""
    head, chunks = fileformat.file_parts(progress)
    return fileformat.assemble(head, chunks).encode("utf-8"), chunks


def write_problem(error: OSError, folder: Path) -> str:
    """A plain sentence for a failed save."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "the disk is full"
    elif error.errno == errno.EFBIG:
        why = "the file would be larger than this computer allows"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"learnmeta is not allowed to write in {folder}"
    else:
        why = f"the computer reported: {error.strerror or error}"
    return (
        f"Your latest progress could not be saved, because {why}. Everything saved before is "
        "safe. learnmeta will try again at your next step."
    )



class ProgressWriter:
    """Writes one progress file, reusing the parts it checked before."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.chunks: fileformat.Chunks = {}
        """pack id -> (its checked ``[packs.<id>]`` text, question id -> its checked line)."""
        self.unknown = fileformat.NOTHING_UNKNOWN
        """Keys in the file that this version does not know: written back at every save."""
        self.on_disk: tuple[Signature | None, bytes] | None = None
        """(the file's stat signature, its bytes) as this window last read or wrote it; None if
        there was no file. A write compares it with the file first (see :meth:`changed_outside`)."""
        self.attempts: dict[str, dict[str, tuple[Attempt, str]]] = {}
        """pack id -> attempt id -> (the attempt its line read back as, the line): a pack's table
        written again (an answer changed its attempt's count) checks only the attempts that
        changed, each on its own line (:meth:`_pack_table`)."""

    def loaded(self, progress: Progress, data: bytes, signature: Signature | None,
               unknown: fileformat.Unknown = fileformat.NOTHING_UNKNOWN) -> None:
        """The file (``data``, with ``signature``) was read and holds ``progress``. If it is exactly
        what this version would write, its parts have just been read back and validated: keep
        them, so the first save need not check every pack again."""
        self.on_disk = (signature, data)
        self.unknown = unknown
        self._pending = None
        if unknown:
            return
        # Writing every part out again to compare (about 100 ms for a learner of 10,000 answers)
        # waits until :meth:`settle`: after the first screen is drawn, or at the first save.
        self._pending = (progress, data)

    _pending: tuple[Progress, bytes] | None = None

    def settle(self) -> None:
        """Keep the parts of the progress :meth:`loaded` was given, if the file is exactly what
        this version writes for it (and nothing has changed it since: else the next save checks
        every part, as it would without them)."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        progress, data = pending
        try:
            text, chunks = parts_of(progress)
        except Exception:
            return
        if text == data:
            self.chunks = chunks

    def start_afresh(self) -> None:
        """The file was moved aside (a reset): nothing on disk, nothing unknown, no parts."""
        self._pending = None
        self.chunks = {}
        self.unknown = fileformat.NOTHING_UNKNOWN
        self.attempts = {}
        self.on_disk = None

    def build(self, progress: Progress, packs: AbstractSet[str] | None,
              questions: AbstractSet[tuple[str, str]] = frozenset()) -> bytes:
        """The file's bytes for ``progress``. Only what changed is written afresh and checked: the
        ``[packs.<id>]`` tables of ``packs`` and the lines of ``questions`` ((pack id, question id)
        pairs); ``packs=None`` means everything. The start of the file (learner, lessons) is always
        redone.

        Raises (ValueError and others) when a part cannot be written or does not read back the
        same; the parts kept are then dropped, so the next build checks everything again.
        """
        self.settle()
        old = {} if packs is None else self.chunks
        if packs is None:
            self.attempts = {}
        try:
            unknown = self.unknown
            head = fileformat.dump_head(progress, unknown)
            fileformat.check_head(head, progress, unknown)
            chunks: fileformat.Chunks = {}
            asked = {pack_id for pack_id, _ in questions}  # packs with a question line to write again
            for pack_id in fileformat.pack_ids(progress):
                cached = old.get(pack_id)
                if cached is None or packs is None or pack_id in packs:
                    table = self._pack_table(progress, pack_id)
                else:
                    table = cached[0]
                records = progress.questions.get(pack_id)
                lines = None
                cached_lines = cached[1] if cached is not None else None
                if records is not None and cached_lines is not None and pack_id not in asked and packs is not None \
                        and list(records) == list(cached_lines):
                    lines = cached_lines  # no line of this pack to write again: the same lines
                elif records is not None:
                    cached_lines = cached_lines or {}
                    lines = {}
                    for question_id, record in records.items():
                        line = None if (pack_id, question_id) in questions else cached_lines.get(question_id)
                        if line is None:
                            line = fileformat.dump_question(question_id, record, unknown, pack_id)
                            fileformat.check_question(line, question_id, record, unknown, pack_id)
                        lines[question_id] = line
                chunks[pack_id] = (table, lines)
            data = fileformat.assemble(head, chunks, unknown).encode("utf-8")
        except Exception:
            self.chunks = {}
            self.attempts = {}
            raise
        self.chunks = chunks  # they match the progress in memory, written or not
        return data

    def _pack_table(self, progress: Progress, pack_id: str) -> str:
        """``[packs.<id>]``'s text (:func:`fileformat.dump_pack_table`), checked. Without keys this
        version does not know, the table's values are checked on their own and each attempt on
        its line; an attempt equal to the one its line last read back as keeps that line,
        unchecked again (what it reads back as is known). Raises as the checks do."""
        unknown = self.unknown
        pack = progress.packs.get(pack_id)
        if unknown or pack is None:
            self.attempts.pop(pack_id, None)
            table = fileformat.dump_pack_table(progress, pack_id, unknown)
            fileformat.check_pack_table(table, progress, pack_id, unknown)
            return table
        start = fileformat.pack_table_start(pack, pack_id)
        fileformat.check_pack_start(start, pack, pack_id)
        known = self.attempts.get(pack_id, {})
        kept: dict[str, tuple[Attempt, str]] = {}
        lines = [start]
        for attempt in pack.attempts:
            found = known.get(attempt.id)
            if found is None or found[0] != attempt:
                line = fileformat.attempt_line(attempt)
                found = (fileformat.check_attempt(line, attempt, pack_id), line)
            kept[attempt.id] = found
            lines.append(found[1])
        lines.append(fileformat.PACK_TABLE_END)
        self.attempts[pack_id] = kept
        return "\n".join(lines)

    def write(self, data: bytes) -> Written:
        """Put ``data`` in place (see the module's docstring). Raises OSError; the file is then
        as it was (or, if only an outside version was moved aside, absent: that version is safe)."""
        edited = broken = None
        outside = self.changed_outside()
        if outside is not None:
            whole = fileformat.is_complete(outside)
            moved = files.move_aside(self.path, "edited" if whole else "broken")
            self.on_disk = None
            if whole:
                edited = moved
            else:
                broken = moved
        damaged = files.replace_atomically(self.path, data, backup=True, complete=fileformat.is_complete)
        self.on_disk = (signature(self.path), data)
        return Written(edited=edited, broken=broken, damaged=damaged)

    def changed_outside(self) -> bytes | None:
        """The file's bytes if it is not what this window last read or wrote (another program or
        a person changed it while the app was open; the lock keeps out only learnmeta windows),
        else None. The file's stat signature settles the usual case without reading it."""
        found = signature(self.path)
        if found is None:
            return None  # no file (removed outside): nothing to keep
        known = self.on_disk
        if known is not None and found == known[0]:
            return None
        try:
            data = files.read_bounded_or_none(self.path, fileformat.MAX_FILE_BYTES)
        except OSError:
            return None  # not a file that can be read: nothing in it to keep
        if data is None:
            return None
        if known is not None and data == known[1]:
            self.on_disk = (found, data)  # touched, not changed
            return None
        return data
