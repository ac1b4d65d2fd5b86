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

This module is the store's API (what the app calls). Loading and recovering live in
:mod:`learnmeta.progress.recovery`; building, checking and writing the file in
:mod:`learnmeta.progress.writing` (and :func:`learnmeta.files.replace_atomically`).
"""

from __future__ import annotations

import contextlib
import errno
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from learnmeta import __version__
from learnmeta import files
from learnmeta.progress import answerlog, keeping, readonly, recovery
from learnmeta.progress.readonly import ReadOnlyReason
from learnmeta.progress.writing import ProgressWriter, parts_of, write_problem
from learnmeta.progress import fileformat
from learnmeta.progress import model
from learnmeta.progress.answers import AnswersPart
from learnmeta.progress.attempts import AttemptsPart
from learnmeta.progress.attempts import UnfinishedAttempt as UnfinishedAttempt
from learnmeta.progress.attempts import UnfinishedExam as UnfinishedExam
from learnmeta.progress.lessons import LessonState as LessonState
from learnmeta.progress.lessons import LessonsPart
from learnmeta.progress.review import DueQuestion as DueQuestion
from learnmeta.progress.review import ReviewPart
from learnmeta.progress.storebase import StoreParts, _now, _usable_id
from learnmeta.progress.model import (
    AnswerLogState,
    Attempt,
    History,
    HistoryEntry,
    LastActivity,
    Progress,
    QuestionProgress,
    Settings,
    new_learner_id,
)

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

    from learnmeta.progress.lock import ProfileLock

OPEN_ELSEWHERE = readonly.open_elsewhere().message
"""What a second window on the same profile is told (kept for callers that compare notices)."""


class ProgressStore(AnswersPart, LessonsPart, AttemptsPart, ReviewPart, StoreParts):
    """One learner's progress file. Use :meth:`open`; call :meth:`close` when done."""

    def __init__(self, path: Path, progress: Progress) -> None:
        self.path = path
        self.progress = progress
        self.notices: list[str] = []
        self.read_only_reason: ReadOnlyReason | None = None
        """Why this store does not save (cause and plain words), or None while it saves."""
        self.save_error: str | None = None
        self._lock: ProfileLock | None = None
        self._closed = False
        self._writer = ProgressWriter(path)
        """Writes the file (:mod:`learnmeta.progress.writing`), reusing the parts it checked."""
        self._bad_backup: tuple[bytes, str, Path | None] | None = None
        """The last backup that did not load: (its bytes, why, where it was kept aside or None)."""
        self._kept_aside: Path | None = None
        """Where the progress file was moved aside when it did not load (None if it was not)."""
        self._listeners: list[Callable[[str], None]] = []
        """Called with each new notice, as it is made (see :meth:`listen`)."""
        self._batch: tuple[set[str], set[tuple[str, str]], list[bool]] | None = None
        """Inside :meth:`saving_once`: the packs and questions changed, and whether everything."""
        self._deferring = False
        """Inside :meth:`saving_later`: the log is written at once, the rest waits (:meth:`save_pending`)."""
        self._later: tuple[set[str] | None, set[tuple[str, str]]] | None = None
        """What :meth:`saving_later` left to save: the packs (None: everything) and questions."""
        self._record_listeners: list[Callable[[str, Any], None]] = []
        """Called with each answer and finished attempt, once recorded (see :meth:`listen_records`)."""
        self._log = answerlog.AnswerLog(answerlog.log_path(path))
        """The answer log beside the file (:mod:`learnmeta.progress.answerlog`)."""
        self._answered = 0
        """Answers recorded in this session (each one's order in :attr:`_recent`)."""
        self._activity_before: dict[str, LastActivity | None] = {}
        """Answers given in this session: id -> "continue" before it (an undo puts it back)."""
        self._recent: dict[str, tuple[HistoryEntry, QuestionProgress | None, int]] = {}
        """Answers given in this session: id -> (the answer as it counts now, the question's record
        before it, its order), so that undoing or overruling one needs no reading of the log."""
        self._migrating = False
        """The answers of an old file's ``[history]`` are queued for the log (see :meth:`_migrate`)."""
        self._read_cache: tuple[tuple[int, ...], answerlog.LogRead] | None = None
        """The log as last read, with its stat signature: read again only when it changed."""
        self._reads = 0
        """How many times the log was read (a new read makes :attr:`_resolved` stale)."""
        self._resolved: tuple[tuple[int, ...], list[HistoryEntry]] | None = None
        """Every answer (:meth:`answers`) for the log as read and the records queued then."""
        self._streamed_problems: set[str] = set()
        """The skipped lines already named by :meth:`each_answer` (a long log is read again each time)."""

    @property
    def log_path(self) -> Path:
        """The answer log beside the progress file."""
        return self._log.path

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
        from learnmeta.paths import user_path

        path = user_path(path)
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
        why_not = recovery.not_progress(self)
        if why_not is not None:
            self._stop_saving(readonly.not_progress(path, why_not))
            self.progress = self._fresh()
            return
        try:
            self._prepare_folder()
        except OSError as error:
            self._stop_saving(recovery.folder_reason(error, path.parent))
        if not self.read_only:
            self._take_lock()
        if not self.read_only:
            files.clean_temp_files(path)
        recovery.load(self)
        if not self.read_only:
            self._catch_up()
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
                self._stop_saving(recovery.folder_reason(error, self.path.parent))
            elif error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.EISDIR):
                # A folder holding files where the lock file goes: without the lock two windows
                # would both save, so this one does not.
                self._stop_saving(readonly.folder_unusable(
                    self.path.parent, f"{lock.path} is a folder, where learnmeta keeps a lock file; "
                    "move that folder away"))
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
        self.save_pending()  # an answer whose summary was left for after its feedback
        self._closed = True
        self._log.close()
        self._remember()  # while the lock is held: no other window writes the file meanwhile
        self._release()

    def settle(self) -> None:
        """What opening left for later, done now (the app calls this once its first screen is
        drawn): the parts of a file read without the cache are written out to compare, and
        kept in the cache at once, not only at exit. So a start after the app was killed or
        its terminal closed checks the file once, and the next start after another kill finds
        it in the cache (a file small enough to be kept: a large one is read more quickly
        itself, see :meth:`_remember`). Never raises."""
        if self._closed:
            return
        try:
            self._writer.settle()
        except Exception:  # the first save does it, and says what failed
            return
        if not self._from_cache and not self.read_only:
            self._from_cache = True  # once
            writer = self._writer
            self._remember(writer.chunks if writer.chunks else None)

    _from_cache = False
    cache_behind = False
    """True after a save until :meth:`refresh_cache`: what the cache keeps is older than the file."""

    def refresh_cache(self) -> None:
        """Keep the progress as just saved in the cache now (the app calls this when the learner
        has paused after a save): a start after the app was killed or its terminal closed then
        finds it there, instead of reading and checking the whole file. Never raises."""
        if self._closed or self.read_only:
            return
        self.cache_behind = False
        try:
            self._writer.settle()
        except Exception:
            return
        self._from_cache = True  # settle() need not keep it again
        writer = self._writer
        self._remember(writer.chunks if writer.chunks else None)

    def _remember(self, parts: Any = None) -> None:
        """Keep the checked progress for the file's exact bytes, with the text of its parts, so
        the next start need neither check nor write them again (the keeper the cache registers,
        :mod:`learnmeta.progress.keeping`); only
        when the file holds exactly this progress, and only when the keeper keeps a file of its
        size (else what it kept for an older version is forgotten). ``parts``: the writer's chunks, if it has them
        for this progress (else they are written out again here)."""
        from learnmeta.progress import fileformat as fmt

        keeper = keeping.current()
        if keeper is None:
            return
        try:
            data = self._read(self.path)
            if data is not None and not keeper.keeps(len(data)):
                keeper.forget(self.path)  # quicker read from the file itself; nothing older left
                return
            if parts is not None:
                chunks = parts
                text = fmt.assemble(fmt.dump_head(self.progress), chunks).encode("utf-8")
            else:
                text, chunks = parts_of(self.progress)
            if data is None or text != data:
                return
            keeper.write(self.path, data, self.progress, chunks)
        except Exception:  # a cache is only a shortcut
            return

    def _load_remembered(self, data: bytes) -> bool:
        """Take the progress (and its parts' text) that these exact bytes were checked to hold
        when learnmeta last closed, if that was kept; False if not."""
        keeper = keeping.current()
        if keeper is None:
            return False
        try:
            if not keeper.keeps(len(data)):
                return False  # reading the file itself is quicker (see learnmeta.cache)
            found = keeper.read(self.path, data)
        except Exception:  # not in the shape this version keeps
            return False
        if found is None:  # nothing kept for these bytes (cache_records checked what was)
            return False
        progress, chunks = found
        self.progress = progress
        self._from_cache = True
        if not self.read_only:
            self._writer.chunks = chunks
        return True

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --------------------------------------------------------------------------------------
    # Loading and recovering
    # --------------------------------------------------------------------------------------

    def _read(self, path: Path) -> bytes | None:
        """The file's bytes; None if it does not exist. Other errors raise OSError."""
        from learnmeta.files import read_bounded_or_none

        return read_bounded_or_none(path, fileformat.MAX_FILE_BYTES)

    def _fresh(self) -> Progress:
        return Progress(created=_now(), learner=Settings(id=new_learner_id()))

    def listen(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(message)`` with each notice from now on, as it is made (the app shows
        them; nothing polls). It is called in the thread that made the change; an error in it
        never reaches the store's caller."""
        self._listeners.append(callback)

    def listen_records(self, callback: Callable[[str, Any], None]) -> None:
        """Call ``callback(kind, record)`` after each answer is recorded (``"answer"``, its
        :class:`~learnmeta.progress.model.HistoryEntry`, the last of the history) and each
        attempt is finished (``"attempt"``, the :class:`~learnmeta.progress.model.Attempt`),
        and after each answer is taken back or marked right (``"undo"``/``"overrule"``, the
        :class:`~learnmeta.progress.answerlog.Mark` and the answer as it counted until then),
        in the thread that recorded it; an error in it never reaches the store's caller. (The
        course's outbox, :mod:`learnmeta.instructor.outbox`, listens.)"""
        self._record_listeners.append(callback)

    def _recorded(self, kind: str, record: Any) -> None:
        for callback in list(self._record_listeners):
            try:
                callback(kind, record)
            except Exception:  # sending is never a reason for a step to fail
                pass

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

    def _save(self, packs: AbstractSet[str] | None, questions: AbstractSet[tuple[str, str]] = frozenset()) -> bool:
        """Save: only what changed is written afresh and checked (``packs``: the packs whose
        tables changed, None for everything; ``questions``: (pack id, question id) pairs whose
        lines changed); see :meth:`ProgressWriter.build`. Never raises: a save that fails says so
        in ``save_error`` and a notice, and the next change tries again with everything."""
        if self.read_only or self._closed:
            return False
        if self._batch is not None:  # inside saving_once(): saved together at its end
            if packs is None:
                self._batch[2][0] = True
            else:
                self._batch[0].update(packs)
            self._batch[1].update(questions)
            return True
        if self._deferring and self.save_error is None and not self.progress.history.answers:
            if self._write_log_now(packs, questions):
                return True
        if self._later is not None:  # saved now, with what was left for later
            later_packs, later_questions = self._later
            self._later = None
            packs = None if packs is None or later_packs is None else {*packs, *later_packs}
            questions = {*questions, *later_questions}
        progress = self.progress
        if progress.created is None:
            progress.created = _now()
        if progress.learner.id is None:  # a file from before learner ids: it gets one now
            progress.learner.id = new_learner_id()
        if not self._flush_log():
            return False
        progress.saved = _now()
        progress.saved_by = f"learnmeta {__version__}"
        try:
            data = self._writer.build(progress, packs, questions)
        except Exception as error:  # a value that cannot be written or read back
            self._save_failed(
                "Your latest progress was not saved, because learnmeta could not write it in a "
                f"form it can read back ({error}). Everything saved before is safe."
            )
            return False
        try:
            written = self._writer.write(data)
        except OSError as error:
            self._save_failed(write_problem(error, self.path.parent))
            return False
        if written.edited is not None:
            self._notice(
                "Your progress file was changed outside learnmeta while this window had it open "
                f"(by hand or by another program). That version has been kept, unchanged, as "
                f"{written.edited}, and your progress from this window was saved in its place. To "
                "use the changed copy instead, close learnmeta and put it back in place of "
                f"{self.path.name}; close learnmeta before editing the file."
            )
        for moved in (written.broken, written.damaged):
            if moved is not None:
                self._notice(
                    "Your progress file had been changed or damaged outside learnmeta since it was "
                    f"opened. It has been kept, unchanged, as {moved}, and all your progress was "
                    "saved again."
                )
        if self.save_error is not None:
            self.save_error = None
            self._notice("Saving works again: all your progress is saved.")
        self.cache_behind = True  # the app keeps it when the learner pauses (refresh_cache)
        return True

    @contextlib.contextmanager
    def saving_later(self) -> Iterator[None]:
        """Changes made inside are saved in two steps: their records are written to the answer
        log at once (each ``write`` has returned, so the file holds them: a killed or crashed
        app, or a closed terminal, cannot lose them), and the rest (the log's fsync, the summary's
        atomic save) waits for :meth:`save_pending`, which the caller makes soon after (the app:
        just after the frame that shows the feedback). Until then only a power cut or a crash of
        the operating system could lose them; a start after a kill applies what the log holds
        beyond the summary (:meth:`_catch_up`). Any other save, and :meth:`close`, saves what
        was left first. When the log cannot be written, the save is made in full at once, and
        fails as any save does (``save_error``, a notice)."""
        deferring, self._deferring = self._deferring, True
        try:
            yield
        finally:
            self._deferring = deferring

    @property
    def save_waiting(self) -> bool:
        """True while :meth:`saving_later` left something for :meth:`save_pending`."""
        return self._later is not None or not self._log.synced

    def save_pending(self) -> bool:
        """Save what :meth:`saving_later` left (the log's fsync, the summary). Returns whether all
        is saved (True when nothing waited); never raises: a failure is ``save_error`` and a
        notice, as for any save."""
        if not self.save_waiting:
            return True
        return self._save(set())

    def _write_log_now(self, packs: AbstractSet[str] | None, questions: AbstractSet[tuple[str, str]]) -> bool:
        """In :meth:`saving_later`: write the queued records to the log now and leave the rest
        for :meth:`save_pending`. False when the log could not be written (then save in full now)."""
        if self._log.pending:
            try:
                size, last = self._log.write(self.progress.learner.id)
            except OSError:
                return False  # the full save tries again, and says what is wrong
            self.progress.answer_log = AnswerLogState(size=size, last=last)
        if self._later is None:
            self._later = (set(), set())
        later_packs, later_questions = self._later
        self._later = (None if packs is None or later_packs is None else {*later_packs, *packs},
                       {*later_questions, *questions})
        return True

    def _flush_log(self) -> bool:
        """Write the answer log's queued records, before the summary that counts them (so the
        summary never holds an answer the log lacks), and first the answers of an old file's
        ``[history]`` (:meth:`_migrate`). False (and a notice) if they could not be written: the
        summary is then not saved either, and the next change tries both again."""
        if self.progress.history.answers and not self._migrating and not self._migrate():
            return False
        if self._log.pending or not self._log.synced:
            try:
                flushed = self._log.flush(self.progress.learner.id)
            except files.FileProblem as problem:
                if problem.code in ("not-regular", "link", "is-directory") and self._keep_log_aside(problem.reason):
                    return self._flush_log()
                self._save_failed(write_problem(problem, self.path.parent))
                return False
            except OSError as error:
                self._save_failed(write_problem(error, self.path.parent))
                return False
            if flushed is not None:
                size, last = flushed
                self.progress.answer_log = AnswerLogState(size=size, last=last)
        if self._migrating:  # the old file's answers are in the log now: the file holds them no more
            self._migrating = False
            self.progress.history = History()
            self._writer.unknown.history.clear()
        return True

    def _migrate(self) -> bool:
        """Move the answers of a file written before the answer log (``[history]``) to the log,
        ahead of the answers queued since: appended and fsynced first, then the summary is saved
        without them. Each keeps its id or gets one made from the answer itself and its place
        (:func:`answerlog.with_ids`), and one the log holds already is not written again: a stop
        between the two writes neither loses nor doubles an answer. Keys this version does not
        know go with their answer. False (and a notice) if the log could not be read."""
        history = self.progress.history.answers
        try:
            read = answerlog.read_log(self._log.path)
        except OSError as error:
            code = getattr(error, "code", None)
            if code == "too-large":
                pass  # too long to read for the ids it holds: the answers are added (never lost)
            elif not (code in ("not-regular", "link", "is-directory")
                      and self._keep_log_aside(getattr(error, "reason", str(error)))):
                self._save_failed(write_problem(error, self.path.parent))
                return False
            read = answerlog.LogRead()
        learner = self.progress.learner.id
        if read.learner is not None and learner is not None and read.learner != learner:
            self._keep_others_log_aside()  # this learner's answers never go into another's log
            read = answerlog.LogRead()
        logged = {entry.id for entry in read.entries}
        queued = {entry.id for entry, _ in self._log.pending}
        extras = self._writer.unknown
        moved = [
            (entry, answerlog.encode_answer(entry, extras.entry(old)))
            for entry, old in zip(answerlog.with_ids(history), history)
            if entry.id not in logged and entry.id not in queued
        ]
        self._log.pending[0:0] = moved
        self._migrating = True
        if not self._log.pending and read.entries:  # all in the log already (a stop mid-migration)
            self.progress.answer_log = AnswerLogState(size=read.size, last=read.entries[-1].id)
        return True

    def _keep_log_aside(self, what: str) -> bool:
        """Something that is not a log file is where the answer log goes: rename it aside (never
        delete or write into it) and tell the learner. False if it could not be moved."""
        try:
            kept = files.move_aside(self._log.path, "broken", suffix=answerlog.LOG_SUFFIX)
        except OSError:
            return False
        self._notice(
            f"learnmeta could not add to your answer log {self._log.path} ({what}). It has been "
            f"kept, unchanged, as {kept}, and a new answer log was started."
        )
        return True

    def _keep_others_log_aside(self) -> None:
        """The answer log beside the file names another learner (the progress file was deleted
        and begun again, or another learner's log was put here): it goes with the progress file
        kept aside, if there is one, or is renamed aside (never deleted or written into), so this
        learner's answers start a log of their own."""
        import os

        if self._kept_aside is not None:
            self._keep_log_with(self._kept_aside)
            if not os.path.lexists(self._log.path):
                return
        try:
            kept = files.move_aside(self._log.path, "other-learner", suffix=answerlog.LOG_SUFFIX)
        except OSError:
            return  # read but never shown (see answers()); the next answer tries to keep it aside
        self._notice(
            f"The answer log beside your progress file, {self._log.path.name}, names another learner "
            "(a progress file deleted or replaced?), so its answers are not counted as yours. It has "
            f"been kept, unchanged, as {kept.name}, and a new answer log was started."
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

    @contextlib.contextmanager
    def saving_once(self) -> Iterator[None]:
        """Make several changes and save them together, once, at the end: the file then holds
        all of them or none (an exam's submission: every answer, then the attempt's end)."""
        if self._batch is not None:  # already inside one
            yield
            return
        self._batch = (set(), set(), [False])
        try:
            yield
        finally:
            packs, questions, everything = self._batch
            self._batch = None
            self._save(None if everything[0] else packs, questions)

    # --------------------------------------------------------------------------------------
    # Packs that changed, starting over, continuing
    # --------------------------------------------------------------------------------------

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
        self._keep_log_with(kept)
        self._log.pending.clear()  # they belong with the progress kept aside, not the new start
        settings = self.progress.learner
        self.progress = Progress(created=_now(), learner=settings)
        self._writer.start_afresh()
        self._recent.clear()
        self._activity_before.clear()
        self._save(None)
        return kept

    def _keep_log_with(self, kept: Path) -> None:
        """The progress file was moved aside as ``kept``: its answer log goes beside it, under the
        name that pairs with it (``<kept stem>.answers.jsonl``), never over another file. Answers
        not yet written go with it. A log that cannot be moved stays where it is; the answers
        after the reset then follow the old ones in it (nothing is lost)."""
        import os

        self._flush_log()
        if kept == self.path or not os.path.lexists(self._log.path):
            return
        target = answerlog.log_path(kept)
        try:
            os.link(self._log.path, target)  # fails if the target exists: never clobbers
            os.unlink(self._log.path)
            files.fsync_folder(self.path.parent)
        except OSError:
            return
