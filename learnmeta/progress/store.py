"""ProgressStore: one learner's progress, loaded safely and saved after every step.

:meth:`ProgressStore.open` never raises for a bad file. It takes a lock on ``<file>.lock`` for
the store's whole life (a second window on the same profile opens read-only and is told so),
removes temp files a killed save left behind, loads the file, and recovers when it cannot:

* a file that does not load (corrupt, empty, not text, wrong shape, a value of the wrong type,
  or cut short: without the end marker learnmeta writes last) is moved aside, byte for byte, as
  ``<stem>.broken-<time>.toml``; the backup ``<name>.bak`` is used if it loads and is complete;
  but when the file is whole (a bad value, not cut short), what can be read of it
  (:func:`fileformat.salvage`) is kept instead if it holds more answers than the backup; with no
  backup, what can be read of the damaged file is kept, else a new progress file is started; the
  learner is told plainly in ``notices``, every time, and which copy was used;
* a file that is not a progress file at all (a pack, a lesson, a document named by
  ``--progress``) is never moved or written: the store does not save (``read_only_reason``);
* a backup that does not load is moved aside too (``<stem>.backup-broken-<time>.toml``), never
  silently dropped;
* a file from a newer learnmeta is opened read-only and never overwritten. Every reason for not
  saving is :attr:`ProgressStore.read_only_reason` (:mod:`learnmeta.progress.readonly`).

Every change saves at once (crash-safe, see :func:`learnmeta.files.replace_atomically`): the new file is
written and read back complete before the old one becomes ``.bak``, and a main file that is not
complete (damaged since it was read) is moved aside rather than made the backup. A save that fails
(disk full, read-only folder) raises nothing: ``save_error`` says what happened, a notice tells the
learner, the previous file stays as it was, and the next change tries again with everything.
A read-only store still records changes in memory, so the session works; it never writes.

The lock keeps out other learnmeta windows, not an editor: before each save the store checks that
the file is still what it last read or wrote (its stat signature, then its bytes). If not, that
version is moved aside unchanged (``<stem>.edited-<time>.toml``, or ``broken-`` if it is not
whole) and the learner is told, before this window's progress is written. Keys the file holds
that this version does not know are written back at every save (:class:`fileformat.Unknown`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from learnmeta import __version__, checks
from learnmeta import files
from learnmeta.progress import readonly
from learnmeta.progress.readonly import Cause, ReadOnlyReason
from learnmeta.progress import fileformat
from learnmeta.progress import model
from learnmeta.progress.fileformat import NewerVersionError, ProgressFileError, loads
from learnmeta.progress.model import (
    MAX_ATTEMPTS_KEPT,
    UTC,
    Attempt,
    HistoryEntry,
    LastActivity,
    LessonProgress,
    PackProgress,
    Progress,
    QuestionProgress,
    Settings,
    utc_seconds,
)

if TYPE_CHECKING:
    from learnmeta.content.library import Library

OPEN_ELSEWHERE = readonly.open_elsewhere().message
"""What a second window on the same profile is told (kept for callers that compare notices)."""


@dataclass(frozen=True)
class LessonState:
    pages_seen: int
    page_count: int
    last_page: str | None
    completed: dt.datetime | None


@dataclass(frozen=True)
class UnfinishedAttempt:
    """An attempt left (or cut off) part way, as a quiz needs it to carry on."""

    id: str
    answered: int
    """The answers the attempt counted."""
    answers: dict[str, bool]
    """The pack's questions answered since the attempt started -> whether the last answer was right."""


@dataclass(frozen=True)
class DueQuestion:
    pack_id: str
    question_id: str
    lesson: str | None
    section: str | None
    due: dt.datetime


def _now() -> dt.datetime:
    return utc_seconds(dt.datetime.now(UTC))


def _when(when: dt.datetime | None) -> dt.datetime:
    if when is None:
        return _now()
    return utc_seconds(when)  # a naive time is taken as the computer's local time


def _shown(moment: dt.datetime | None) -> str:
    if moment is None:
        return "an earlier time"
    return moment.astimezone(UTC).strftime("%d %B %Y at %H:%M UTC").lstrip("0")


def _usable_id(value: object, longest: int = 200) -> bool:
    """An id the file can hold: text of 1 to ``longest`` characters that UTF-8 can encode."""
    if not isinstance(value, str) or not 0 < len(value) <= longest:
        return False
    try:
        value.encode("utf-8")
    except UnicodeError:
        return False
    return True


def _usable_confidence(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100


def _write_problem(error: OSError, folder: Path) -> str:
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


def _signature(path: Path) -> tuple | None:
    """What tells a changed file from the same one without reading it: inode, size, times."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError:
        return ()
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _answers_held(progress: Progress) -> tuple[int, int, int]:
    """How much of the learner's answering ``progress`` holds, to compare two copies: answers
    counted in the questions' records, then answers in the history, then questions answered."""
    records = [record for questions in progress.questions.values() for record in questions.values()]
    return sum(record.seen for record in records), len(progress.history.answers), len(records)


def _folder_reason(error: OSError, folder: Path) -> ReadOnlyReason:
    """Why nothing can be saved in ``folder``, from the error that said so."""
    if error.errno == errno.EROFS:
        return readonly.read_only_disk(folder)
    if error.errno in (errno.EACCES, errno.EPERM):
        return readonly.not_allowed_to_write(folder)
    return readonly.folder_unusable(folder, error.strerror or str(error))


def _read_reason(error: OSError, path: Path) -> ReadOnlyReason:
    """Why the progress file at ``path`` could not be read, from the error that said so."""
    code = getattr(error, "code", None)  # a files.FileProblem
    if code == "is-directory" or error.errno == errno.EISDIR:
        return readonly.is_folder(path)
    if code == "link":
        return readonly.not_a_file(path, "a link to another file")
    if code == "not-regular":
        return readonly.not_a_file(path, "not a plain file (a device, pipe or socket)")
    if error.errno in (errno.EACCES, errno.EPERM):
        return readonly.not_allowed_to_read(path)
    return readonly.unusable(path, getattr(error, "reason", None) or error.strerror or str(error))


def _parts_of(progress: Progress) -> tuple[bytes, dict, dict]:
    """The file this version writes for ``progress`` (not checked), with its parts as the store
    keeps them: pack id -> (``[packs.<id>]`` text, question id -> line), and id(history entry)
    -> (entry, line)."""
    head, chunks, history_lines = fileformat.file_parts(progress)
    history = {id(entry): (entry, line) for entry, line in zip(progress.history.answers, history_lines)}
    return fileformat.assemble(head, chunks, history_lines).encode("utf-8"), chunks, history


class ProgressStore:
    """One learner's progress file. Use :meth:`open`; call :meth:`close` when done."""

    def __init__(self, path: Path, progress: Progress) -> None:
        self.path = path
        self.progress = progress
        self.notices: list[str] = []
        self.read_only_reason: ReadOnlyReason | None = None
        """Why this store does not save (cause and plain words), or None while it saves."""
        self.save_error: str | None = None
        self._lock = None
        self._closed = False
        self._chunks: fileformat.Chunks = {}
        """pack id -> (its checked ``[packs.<id>]`` text, question id -> its checked line)."""
        self._history_lines: dict[int, tuple[HistoryEntry, str]] = {}
        """id(entry) -> (the history entry, its checked line); the entry is kept so its id stays its own."""
        self._bad_backup: tuple[bytes, str, Path | None] | None = None
        """The last backup that did not load: (its bytes, why, where it was kept aside or None)."""
        self._kept_aside: Path | None = None
        """Where the progress file was moved aside when it did not load (None if it was not)."""
        self._unknown = fileformat.NOTHING_UNKNOWN
        """Keys in the file that this version does not know: written back at every save."""
        self._listeners: list[Callable[[str], None]] = []
        """Called with each new notice, as it is made (see :meth:`listen`)."""
        self._on_disk: tuple[tuple | None, bytes] | None = None
        """(the file's stat signature, its bytes) as this window last read or wrote it; None if
        there was no file. A save compares it with the file first (see :meth:`_changed_outside`)."""

    @property
    def read_only(self) -> bool:
        """True if nothing is saved in this session (see :attr:`read_only_reason`)."""
        return self.read_only_reason is not None

    def _stop_saving(self, reason: ReadOnlyReason) -> None:
        """From now on nothing is written; the learner is told why (the first reason stays the
        reason; a later one is still told)."""
        if self.read_only_reason is None:
            self.read_only_reason = reason
        self._release()
        self._notice(reason.message)

    # --------------------------------------------------------------------------------------
    # Opening and closing
    # --------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> ProgressStore:
        """Open (or start) the progress file at ``path``. Never raises for a bad file."""
        path = Path(path).expanduser()
        try:
            path = path.absolute()
        except OSError:
            pass
        store = cls(path, Progress())
        try:
            store._open()
        except Exception as error:  # the app must never crash on the store
            store.progress = Progress()
            store.read_only_reason = None  # this is the reason now
            store._stop_saving(readonly.unusable(path, str(error), store._kept_aside))
        return store

    def _open(self) -> None:
        path = self.path
        if path.is_dir():
            self._stop_saving(readonly.is_folder(path))
            self.progress = self._fresh()
            return
        why_not = self._not_progress()
        if why_not is not None:
            self._stop_saving(readonly.not_progress(path, why_not))
            self.progress = self._fresh()
            return
        try:
            self._prepare_folder()
        except OSError as error:
            self._stop_saving(_folder_reason(error, path.parent))
        if not self.read_only:
            self._take_lock()
        if not self.read_only:
            files.clean_temp_files(path)
        self._load()
        if not self.read_only and not path.exists():
            self.save()  # the learner's file exists from the first moment (or a backup is restored)

    def _prepare_folder(self) -> None:
        from learnmeta.progress import locations

        try:
            in_data_dir = self.path.parent == locations.learners_dir().absolute()
        except OSError:
            in_data_dir = False
        if in_data_dir:
            locations.prepare_data_dir()
        else:
            files.ensure_folder(self.path.parent)

    def _take_lock(self) -> None:
        from learnmeta.progress.lock import LockHeld, ProfileLock, lock_path

        lock = ProfileLock(lock_path(self.path))
        try:
            lock.acquire()
        except LockHeld:
            self._stop_saving(readonly.open_elsewhere())
            return
        except OSError as error:
            # No lock file can be made here (a read-only folder, a file system without locks).
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                self._stop_saving(_folder_reason(error, self.path.parent))
            return
        self._lock = lock

    def _release(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            try:
                lock.release()
            except Exception:  # pragma: no cover - best effort
                pass

    def close(self) -> None:
        """Release the profile (another window may then save to it). Nothing is saved after this;
        nothing needs to be, since every change was saved when it was made."""
        if self._closed:
            return
        self._closed = True
        self._remember()  # while the lock is held: no other window writes the file meanwhile
        self._release()

    def _remember(self) -> None:
        """Keep the checked progress for the file's exact bytes, with the text of its parts, so
        the next start need neither check nor write them again (:mod:`learnmeta.cache`); only
        when the file holds exactly this progress."""
        from learnmeta import cache

        try:
            data = self._read(self.path)
            text, chunks, history = _parts_of(self.progress)
            if data is None or text != data:
                return
            cache.write_progress(cache.progress_name(self.path), data, self.progress, chunks,
                                 [line for _, line in history.values()])
        except Exception:  # a cache is only a shortcut
            return

    def _load_remembered(self, data: bytes) -> bool:
        """Take the progress (and its parts' text) that these exact bytes were checked to hold
        when learnmeta last closed, if that was kept; False if not."""
        from learnmeta import cache

        try:
            progress, chunks, history = cache.read_progress(cache.progress_name(self.path), data)
            if not isinstance(progress, Progress) or not isinstance(chunks, dict):
                return False
            history_lines = {id(entry): (entry, line) for entry, line in history}
        except Exception:  # nothing kept, or not in the shape this version keeps
            return False
        self.progress = progress
        if not self.read_only:
            self._chunks = chunks
            self._history_lines = history_lines
        return True

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --------------------------------------------------------------------------------------
    # Loading and recovering
    # --------------------------------------------------------------------------------------

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes; None if it does not exist. Other errors raise OSError."""
        from learnmeta.files import read_bounded_or_none

        return read_bounded_or_none(path, fileformat.MAX_FILE_BYTES)

    def _load_backup(self) -> Progress | None:
        """The backup copy, if it exists and loads (complete); a broken backup is moved aside (if
        writable) and remembered in ``_bad_backup``, so what it holds can still be salvaged."""
        self._bad_backup = None
        backup = files.backup_path(self.path)
        try:
            data = self._read(backup)
        except OSError:
            return None
        if data is None:
            return None
        try:
            return loads(data)
        except ProgressFileError as error:
            kept = None
            if not self.read_only:
                try:
                    kept = files.move_aside(backup, "backup-broken")
                except OSError:
                    pass
            self._bad_backup = (data, error.reason, kept)
            return None

    def _salvage_bad_backup(self) -> Progress | None:
        return fileformat.salvage(self._bad_backup[0]) if self._bad_backup is not None else None

    def _bad_backup_note(self) -> str:
        if self._bad_backup is None:
            return ""
        _, reason, kept = self._bad_backup
        where = f"; it has been kept, unchanged, as {kept}" if kept is not None else ""
        return f" The backup copy could not be used either ({reason}){where}."

    def _load(self) -> None:
        path = self.path
        try:
            signature = _signature(path)
            data = self._read(path)
        except OSError as error:
            self._stop_saving(_read_reason(error, path))
            self.progress = self._load_backup() or self._fresh()
            return
        if data is None:
            backup = self._load_backup()
            if backup is not None:
                self.progress = backup
                self._notice(
                    "Your progress file was missing, so learnmeta used its backup copy, saved "
                    f"{_shown(backup.saved)}."
                )
                return
            partial = self._salvage_bad_backup()
            self.progress = partial or self._fresh()
            if self._bad_backup is not None:
                self._notice(
                    "Your progress file was missing." + self._bad_backup_note()
                    + (" learnmeta kept what could be read from it." if partial is not None
                       else " learnmeta has started a new progress file.")
                )
            return
        try:
            if not self._load_remembered(data):
                self.progress, unknown = fileformat.loads_keeping_unknown(data)
                if unknown:
                    self._unknown = unknown
                else:
                    self._reuse_checked_parts(data)
            self._on_disk = (signature, data)
            return
        except NewerVersionError as error:
            self._stop_saving(readonly.newer_version(error.saved_by, error.version, fileformat.SCHEMA_VERSION))
            self.progress = error.progress or self._fresh()
            return
        except ProgressFileError as error:
            reason = error.reason
            incomplete = isinstance(error, fileformat.IncompleteFileError)
        self._recover(reason, data, incomplete)

    def _reuse_checked_parts(self, data: bytes) -> None:
        """If the file is exactly what this version would write, its parts have just been read
        back and validated: keep them, so the first save need not check every pack again."""
        if self.read_only:
            return
        try:
            text, chunks, history = _parts_of(self.progress)
        except Exception:
            return
        if text == data:
            self._chunks = chunks
            self._history_lines = history

    def _recover(self, reason: str, data: bytes, incomplete: bool) -> None:
        """The file did not load: keep it aside, use the backup if it loads, else keep what can be
        read of the file (or of a broken backup); always tell the learner."""
        path = self.path
        if self.read_only:
            self._notice(
                f"Your progress file could not be read: {reason}. It is left as it is; this "
                "window shows the backup copy if there is one."
            )
            self.progress = self._load_backup() or fileformat.salvage(data) or self._fresh()
            return
        try:
            kept = self._kept_aside = files.move_aside(path, "broken")
        except OSError as error:
            self._stop_saving(readonly.cannot_keep_aside(reason, error.strerror or str(error)))
            self.progress = self._load_backup() or fileformat.salvage(data) or self._fresh()
            return
        backup = self._load_backup()
        partial = fileformat.salvage(data)
        if backup is not None and partial is not None and not incomplete:
            # One bad value in a whole file: keep whichever holds more of the learner's answers.
            if _answers_held(partial) > _answers_held(backup):
                self.progress = partial
                self._notice(
                    f"Your progress file could not be read as it was: {reason}. It has been kept, "
                    f"unchanged, as {kept}. learnmeta kept what could be read of it, because that "
                    f"holds more of your answers ({_answers_held(partial)[0]}) than the backup copy "
                    f"saved {_shown(backup.saved)} ({_answers_held(backup)[0]}). Only what could not "
                    "be read is missing, and it is in that copy."
                )
                return
            self.progress = backup
            self._notice(
                f"Your progress file could not be read: {reason}. It has been kept, unchanged, as "
                f"{kept}. Your progress was restored from the backup copy saved "
                f"{_shown(backup.saved)}, which holds at least as many of your answers "
                f"({_answers_held(backup)[0]}) as what could be read of the damaged file "
                f"({_answers_held(partial)[0]})."
            )
            return
        if backup is not None:
            self.progress = backup
            self._notice(
                f"Your progress file could not be read: {reason}. It has been kept, unchanged, as "
                f"{kept}. Your progress was restored from the backup copy saved "
                f"{_shown(backup.saved)}; anything after that could not be recovered."
            )
            return
        source = "it"
        if partial is None:
            partial = self._salvage_bad_backup()
            source = "the backup copy"
        if incomplete:
            message = "Your progress file was cut short, and there was no usable backup."
        else:
            message = f"Your progress file could not be read: {reason}. There was no usable backup."
        if partial is not None:
            self.progress = partial
            message += (
                f" We kept what could be read from {source}, and a copy of the file, unchanged, as"
                f" {kept}. Anything that could not be read is in that copy."
            )
        else:
            self.progress = self._fresh()
            message += (
                f" Nothing in it could be read, so learnmeta has started a new progress file. The"
                f" file has been kept, unchanged, as {kept}."
            )
        self._notice(message + self._bad_backup_note())

    def _not_progress(self) -> str | None:
        """Why the file at the path is not a progress file at all (a pack, a lesson, a document),
        or None. Such a file is never moved aside or written over: the store does not save.
        Asked before anything is created beside it, only of a file learnmeta is not sure it made."""
        if self._surely_progress():
            return None
        try:
            data = self._read(self.path)
        except OSError:
            return None  # the reading itself says what is wrong
        if data is None or fileformat._ends_with_marker(data):
            return None
        return fileformat.not_progress_shape(data)  # a progress file, even damaged, has its marks

    def _surely_progress(self) -> bool:
        """The file at the path is learnmeta's own: it is in the learners folder, or it has a
        backup beside it (learnmeta made one when it saved there)."""
        from learnmeta.files import is_regular_file
        from learnmeta.progress import locations

        try:
            if self.path.parent == locations.learners_dir().absolute():
                return True
        except OSError:
            pass
        return is_regular_file(files.backup_path(self.path))

    def _fresh(self) -> Progress:
        return Progress(created=_now())

    def listen(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(message)`` with each notice from now on, as it is made (the app shows
        them; nothing polls). It is called in the thread that made the change; an error in it
        never reaches the store's caller."""
        self._listeners.append(callback)

    def _notice(self, message: str) -> None:
        if not self.notices or self.notices[-1] != message:
            self.notices.append(message)
            for callback in list(self._listeners):
                try:
                    callback(message)
                except Exception:  # showing a notice must never stop a save
                    pass

    # --------------------------------------------------------------------------------------
    # Saving
    # --------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write all the progress to disk now. Returns whether it was saved; never raises."""
        return self._save(None)

    def _save(self, packs: set[str] | None, questions: set[tuple[str, str]] = frozenset()) -> bool:
        """Save. Only what changed is written afresh and checked: the ``[packs.<id>]`` tables of
        ``packs`` and the lines of ``questions`` ((pack id, question id) pairs); ``packs=None``
        means everything. The start of the file (learner, lessons) is always redone. History
        lines are written and checked once, when their answer is new; after that they are reused.

        Each new part is parsed back, validated and compared with the progress in memory before
        anything is written (never write what cannot be read back); parts that did not change
        since they were last checked are reused as they were.
        """
        if self.read_only or self._closed:
            return False
        progress = self.progress
        old = {} if packs is None else self._chunks
        try:
            if progress.created is None:
                progress.created = _now()
            progress.saved = _now()
            progress.saved_by = f"learnmeta {__version__}"
            unknown = self._unknown
            head = fileformat.dump_head(progress, unknown)
            fileformat.check_head(head, progress, unknown)
            chunks: fileformat.Chunks = {}
            for pack_id in fileformat.pack_ids(progress):
                cached = old.get(pack_id)
                if cached is None or pack_id in packs:
                    table = fileformat.dump_pack_table(progress, pack_id, unknown)
                    fileformat.check_pack_table(table, progress, pack_id, unknown)
                else:
                    table = cached[0]
                records = progress.questions.get(pack_id)
                lines = None
                if records is not None:
                    cached_lines = cached[1] if cached is not None and cached[1] is not None else {}
                    lines = {}
                    for question_id, record in records.items():
                        line = None if (pack_id, question_id) in questions else cached_lines.get(question_id)
                        if line is None:
                            line = fileformat.dump_question(question_id, record, unknown, pack_id)
                            fileformat.check_question(line, question_id, record, unknown, pack_id)
                        lines[question_id] = line
                chunks[pack_id] = (table, lines)
            old_history = {} if packs is None else self._history_lines
            history: dict[int, tuple[HistoryEntry, str]] = {}
            history_lines: list[str] = []
            for entry in progress.history.answers:
                cached_entry = old_history.get(id(entry)) or history.get(id(entry))
                if cached_entry is not None and cached_entry[0] is entry:
                    line = cached_entry[1]
                else:
                    line = fileformat.dump_history_entry(entry, unknown)
                    fileformat.check_history_entry(line, entry, unknown)
                history[id(entry)] = (entry, line)
                history_lines.append(line)
            data = fileformat.assemble(head, chunks, history_lines, unknown).encode("utf-8")
        except Exception as error:  # a value that cannot be written or read back
            self._chunks = {}
            self._history_lines = {}
            self._save_failed(
                "Your latest progress was not saved, because learnmeta could not write it in a "
                f"form it can read back ({error}). Everything saved before is safe."
            )
            return False
        self._chunks = chunks  # they match the progress in memory, written or not
        self._history_lines = history
        try:
            self._keep_outside_changes()
            moved = files.replace_atomically(self.path, data, backup=True, complete=fileformat.is_complete)
            self._on_disk = (_signature(self.path), data)
        except OSError as error:
            self._save_failed(_write_problem(error, self.path.parent))
            return False
        if moved is not None:
            self._notice(
                "Your progress file had been changed or damaged outside learnmeta since it was "
                f"opened. It has been kept, unchanged, as {moved}, and all your progress was saved "
                "again."
            )
        if self.save_error is not None:
            self.save_error = None
            self._notice("Saving works again: all your progress is saved.")
        return True

    def _changed_outside(self) -> bytes | None:
        """The file's bytes if it is not what this window last read or wrote (another program or
        a person changed it while the app was open; the lock keeps out only learnmeta windows),
        else None. The file's stat signature settles the usual case without reading it."""
        signature = _signature(self.path)
        if signature is None:
            return None  # no file (removed outside): nothing to keep
        known = self._on_disk
        if known is not None and signature == known[0]:
            return None
        try:
            data = self._read(self.path)
        except OSError:
            return None  # not a file that can be read: nothing in it to keep
        if data is None:
            return None
        if known is not None and data == known[1]:
            self._on_disk = (signature, data)  # touched, not changed
            return None
        return data

    def _keep_outside_changes(self) -> None:
        """Before a save: if the file was changed outside this window, move that version aside,
        unchanged, and tell the learner where it is; this window's progress is then saved in its
        place. Raises OSError if it cannot be moved (then nothing is written)."""
        data = self._changed_outside()
        if data is None:
            return
        complete = fileformat.is_complete(data)
        moved = files.move_aside(self.path, "edited" if complete else "broken")
        self._on_disk = None
        if complete:
            self._notice(
                "Your progress file was changed outside learnmeta while this window had it open "
                f"(by hand or by another program). That version has been kept, unchanged, as {moved}, "
                "and your progress from this window was saved in its place. To use the changed "
                "copy instead, close learnmeta and put it back in place of "
                f"{self.path.name}; close learnmeta before editing the file."
            )
        else:
            self._notice(
                "Your progress file had been changed or damaged outside learnmeta since it was "
                f"opened. It has been kept, unchanged, as {moved}, and all your progress was saved "
                "again."
            )

    def _ids_usable(self, *ids: object, version: str | None = None, mode: str | None = None) -> bool:
        """False (and a notice) if an id cannot be stored; the change is then not made at all,
        so one bad id can never stop the rest of the progress from being saved."""
        bad = [repr(i)[:40] for i in ids if i is not None and not _usable_id(i)]
        bad += [repr(v)[:40] for v in (version, mode) if v and not _usable_id(v, 40)]
        if bad:
            self._notice(
                f"learnmeta could not record this step, because an id in the content is not "
                f"usable ({', '.join(bad)}). The rest of your progress is safe."
            )
            return False
        return True

    def _save_failed(self, message: str) -> None:
        self.save_error = message
        self._notice(message)

    # --------------------------------------------------------------------------------------
    # Settings and lessons
    # --------------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.progress.learner

    def update_settings(self, **changes: Any) -> None:
        """Change settings (name, track, theme, reduced_motion, welcomed) and save.

        Unknown names raise :class:`TypeError` and bad values :class:`ValueError` (programming
        errors, not the learner's).
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(Settings)}
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        merged = {**dataclasses.asdict(self.progress.learner), **changes}
        self.progress.learner = checks.validate(Settings, merged)  # ValidationError is a ValueError
        self._save(set())

    def _lesson(self, lesson_id: str) -> LessonProgress:
        lesson = self.progress.lessons.get(lesson_id)
        if lesson is None:
            lesson = self.progress.lessons[lesson_id] = LessonProgress()
        return lesson

    def record_page(self, lesson_id: str, page_id: str, page_count: int) -> None:
        """The learner is on this page: mark it seen, remember it for "continue", save."""
        if not self._ids_usable(lesson_id, page_id):
            return
        now = _now()
        lesson = self._lesson(lesson_id)
        if page_id not in lesson.pages_seen:
            lesson.pages_seen = [*lesson.pages_seen, page_id]
        lesson.page_count = max(0, int(page_count))
        lesson.last_page = page_id
        lesson.last_visited = now
        self.progress.last_activity = LastActivity(kind="lesson", lesson=lesson_id, page=page_id, when=now)
        self._save(set())

    def complete_lesson(self, lesson_id: str) -> None:
        """Mark the lesson finished (the first time counts) and save."""
        if not self._ids_usable(lesson_id):
            return
        now = _now()
        lesson = self._lesson(lesson_id)
        if lesson.completed is None:
            lesson.completed = now
        lesson.last_visited = now
        self._save(set())

    def lesson_state(self, lesson_id: str) -> LessonState:
        lesson = self.progress.lessons.get(lesson_id) or LessonProgress()
        return LessonState(
            pages_seen=len(lesson.pages_seen),
            page_count=lesson.page_count,
            last_page=lesson.last_page,
            completed=lesson.completed,
        )

    # --------------------------------------------------------------------------------------
    # Attempts and answers
    # --------------------------------------------------------------------------------------

    def _pack(self, pack_id: str, pack_version: str | None = None) -> PackProgress:
        pack = self.progress.packs.get(pack_id)
        if pack is None:
            pack = self.progress.packs[pack_id] = PackProgress(version=pack_version or "")
        elif pack_version and pack.version != pack_version:
            pack.version = pack_version
        return pack

    def start_attempt(self, pack_id: str, pack_version: str, mode: str = "quiz") -> str:
        """A new attempt at a pack; returns its id. Keeps the last 20 attempts; saves."""
        now = _now()
        import secrets  # not needed to start the app (it imports hmac and hashlib)

        attempt_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        if not self._ids_usable(pack_id, version=pack_version, mode=mode or "quiz"):
            return attempt_id
        pack = self._pack(pack_id, pack_version)
        attempt = Attempt(id=attempt_id, mode=mode or "quiz", pack_version=pack_version or "", started=now)
        attempts = [*pack.attempts, attempt]
        pack.attempts = attempts[-MAX_ATTEMPTS_KEPT:]
        pack.attempts_total += 1
        self.progress.last_activity = LastActivity(kind="quiz", pack=pack_id, when=now)
        self._save({pack_id})
        return attempt_id

    def _find_attempt(self, attempt_id: str) -> tuple[PackProgress, Attempt] | None:
        for pack in self.progress.packs.values():
            for attempt in pack.attempts:
                if attempt.id == attempt_id:
                    return pack, attempt
        return None

    def record_answer(
        self,
        pack_id: str,
        pack_version: str,
        question_id: str,
        *,
        lesson: str | None,
        section: str | None,
        response: str,
        correct: bool,
        hints_used: int,
        attempt_id: str | None = None,
        confidence: int | None = None,
        when: dt.datetime | None = None,
    ) -> None:
        """Record one answer, schedule the question's next review, and save.

        The answer updates the question's line (counts, latest answer, review) and is appended to
        the history, which keeps the most recent :data:`~learnmeta.progress.model.MAX_HISTORY`.
        """
        from learnmeta.progress import scheduling

        if not self._ids_usable(pack_id, question_id, lesson or None, section or None, version=pack_version):
            return
        when = _when(when)
        hints_used = max(0, int(hints_used))
        self._pack(pack_id, pack_version)
        questions = self.progress.questions.setdefault(pack_id, {})
        old = questions.get(question_id) or QuestionProgress()
        review = scheduling.review(
            old.review,
            last_review=old.last_answered,
            correct=correct,
            hints_used=hints_used,
            confidence=confidence,
            when=when,
        )
        questions[question_id] = QuestionProgress(
            seen=old.seen + 1,
            correct=old.correct + (1 if correct else 0),
            hints_used=old.hints_used + hints_used,
            last_correct=bool(correct),
            last_answered=when,
            last_answer=model.clean_answer(response or ""),
            lesson=lesson or old.lesson,
            section=section or old.section,
            review=review,
        )
        if attempt_id is not None:
            found = self._find_attempt(attempt_id)
            if found is not None:
                found[1].answered += 1
        history = self.progress.history.answers
        history.append(
            HistoryEntry(
                when=when,
                pack=pack_id,
                version=pack_version or "",
                question=question_id,
                response=model.clean_answer(response or ""),
                correct=bool(correct),
                hints=hints_used,
                attempt=attempt_id if _usable_id(attempt_id) else None,
                confidence=confidence if _usable_confidence(confidence) else None,
            )
        )
        if len(history) > model.MAX_HISTORY:
            del history[: len(history) - model.MAX_HISTORY]
        self.progress.last_activity = LastActivity(kind="quiz", pack=pack_id, when=when)
        self._save({pack_id}, {(pack_id, question_id)})

    def finish_attempt(
        self, attempt_id: str, *, correct: int, total: int, percent: int, passed: bool | None
    ) -> None:
        """Record how an attempt ended; a "quiz" attempt counts for the best score. Saves."""
        found = self._find_attempt(attempt_id)
        if found is None:
            return
        pack, attempt = found
        pack_id = next(key for key, value in self.progress.packs.items() if value is pack)
        if attempt.finished is None:
            pack.finished_total += 1
            if attempt.mode == "quiz" and passed:
                pack.passed_total += 1
        attempt.finished = _now()
        attempt.correct = max(0, int(correct))
        attempt.total = max(0, int(total))
        attempt.percent = min(100, max(0, int(percent)))
        attempt.passed = passed
        if attempt.mode == "quiz":
            best = pack.best_percent
            pack.best_percent = attempt.percent if best is None else max(best, attempt.percent)
        self._save({pack_id})

    def unfinished_attempt(self, pack_id: str, version: str, mode: str = "quiz") -> UnfinishedAttempt | None:
        """The pack's last attempt, when it is of this mode and pack version, not finished, and has
        answers; None otherwise. (Whether a quiz carries it on is the quiz engine's rule.)"""
        pack = self.progress.packs.get(pack_id)
        attempt = pack.attempts[-1] if pack is not None and pack.attempts else None
        if (
            attempt is None
            or attempt.mode != mode
            or attempt.finished is not None
            or attempt.answered == 0
            or attempt.pack_version != version
        ):
            return None
        answers = {
            question_id: bool(record.last_correct)
            for question_id, record in self.progress.questions.get(pack_id, {}).items()
            if record.last_answered is not None and record.last_answered >= attempt.started
        }
        return UnfinishedAttempt(attempt.id, attempt.answered, answers)

    def best_score(self, pack_id: str) -> int | None:
        pack = self.progress.packs.get(pack_id)
        return pack.best_percent if pack else None

    def passed(self, pack_id: str) -> bool:
        pack = self.progress.packs.get(pack_id)
        return bool(pack and pack.passed_total > 0)

    # --------------------------------------------------------------------------------------
    # Review
    # --------------------------------------------------------------------------------------

    def due_questions(self, now: dt.datetime | None = None) -> list[DueQuestion]:
        """Questions whose review is due at ``now``, the longest overdue first."""
        now = _when(now)
        due = [
            DueQuestion(pack_id, question_id, record.lesson, record.section, record.review.due)
            for pack_id, questions in self.progress.questions.items()
            for question_id, record in questions.items()
            if record.review is not None and record.review.due <= now
        ]
        due.sort(key=lambda item: (item.due, item.pack_id, item.question_id))
        return due

    def due_count(self, now: dt.datetime | None = None) -> int:
        now = _when(now)
        return sum(
            1
            for questions in self.progress.questions.values()
            for record in questions.values()
            if record.review is not None and record.review.due <= now
        )

    # --------------------------------------------------------------------------------------
    # Packs that changed, starting over, continuing
    # --------------------------------------------------------------------------------------

    def sync_packs(self, library: Library) -> list[str]:
        """Bring the progress in line with the packs as they are now.

        For a pack whose version changed, answers to questions still in it are kept (their lesson
        and section updated); the records (counts, latest answer, review date) of questions no
        longer in it are dropped, so they are never due for review again. Their answers stay in
        the history: it is a record of what was done, and each line names the pack version it was
        given in. Returns one plain message per changed pack. Packs not in the library are left
        alone.
        """
        messages: list[str] = []
        changed: set[str] = set()
        for pack in library.packs:
            pack_id = pack.id
            new_version = pack.pack.version
            stored = self.progress.packs.get(pack_id)
            answers = self.progress.questions.get(pack_id)
            if stored is None and not answers:
                continue
            if stored is None:
                stored = self._pack(pack_id, new_version)
                changed.add(pack_id)
                continue
            if stored.version == new_version:
                continue
            old_version = stored.version
            stored.version = new_version
            changed.add(pack_id)
            if not old_version or not answers:
                continue
            current = {question.id: question for question in pack.questions}
            kept: dict[str, QuestionProgress] = {}
            for question_id, record in answers.items():
                question = current.get(question_id)
                if question is not None:
                    record.lesson = question.lesson
                    record.section = question.section
                    kept[question_id] = record
            dropped = len(answers) - len(kept)
            self.progress.questions[pack_id] = kept
            message = (
                f"The question pack “{pack.title}” was updated (version {old_version} to "
                f"{new_version}). Your answers to {len(kept)} question{'s' if len(kept) != 1 else ''}"
                " in it are kept"
            )
            if dropped:
                message += (
                    f"; {dropped} question{'s were' if dropped != 1 else ' was'} removed or changed,"
                    " so they will not come up for review again (your answers to them stay in your"
                    " history)."
                )
            else:
                message += "."
            messages.append(message)
        if changed:
            self._save(None)
        return messages

    def reset(self) -> Path:
        """Start over: the old file is kept aside, settings are kept. Returns where it went."""
        if self.read_only:
            self._notice("Progress cannot be reset in this window, because nothing is saved here.")
            return self.path
        kept = self.path
        try:
            if self.path.exists():
                kept = files.move_aside(self.path, "reset")
        except OSError as error:
            self._save_failed(
                f"Your progress could not be reset ({error.strerror or error}); it is unchanged."
            )
            return self.path
        settings = self.progress.learner
        self.progress = Progress(created=_now(), learner=settings)
        self._unknown = fileformat.NOTHING_UNKNOWN
        self._on_disk = None
        self._save(None)
        return kept

    def last_activity(self) -> tuple[str, str, str | None] | tuple[str, str] | None:
        """What "continue" reopens: ("lesson", lesson_id, page_id), ("quiz", pack_id) or None."""
        activity = self.progress.last_activity
        if activity is None:
            return None
        if activity.kind == "lesson" and activity.lesson:
            return ("lesson", activity.lesson, activity.page)
        if activity.kind == "quiz" and activity.pack:
            return ("quiz", activity.pack)
        return None
