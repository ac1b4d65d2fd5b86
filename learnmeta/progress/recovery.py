"""Loading a progress file, and recovering when it does not load: what :meth:`ProgressStore.open`
does once the folder and the lock are settled (see :mod:`learnmeta.progress.store` for the
rules). These functions work on the store they are given: its progress, its notices and whether
it saves; they never raise for a bad file.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from learnmeta import files
from learnmeta.progress import fileformat, readonly
from learnmeta.progress.fileformat import NewerVersionError, ProgressFileError, loads
from learnmeta.progress.model import SCHEMA_VERSION, UTC, Progress
from learnmeta.progress.readonly import ReadOnlyReason
from learnmeta.progress.writing import signature

if TYPE_CHECKING:
    import datetime as dt

    from learnmeta.progress.store import ProgressStore


def shown(moment: dt.datetime | None) -> str:
    if moment is None:
        return "an earlier time"
    return moment.astimezone(UTC).strftime("%d %B %Y at %H:%M UTC").lstrip("0")


def answers_held(progress: Progress) -> tuple[int, int, int]:
    """How much of the learner's answering ``progress`` holds, to compare two copies: answers
    counted in the questions' records, then answers in the history, then questions answered."""
    records = [record for questions in progress.questions.values() for record in questions.values()]
    return sum(record.seen for record in records), len(progress.history.answers), len(records)


def folder_reason(error: OSError, folder: Path) -> ReadOnlyReason:
    """Why nothing can be saved in ``folder``, from the error that said so."""
    if error.errno == errno.EROFS:
        return readonly.read_only_disk(folder)
    if error.errno in (errno.EACCES, errno.EPERM):
        return readonly.not_allowed_to_write(folder)
    if error.errno in (errno.EEXIST, errno.ENOTDIR, errno.ELOOP):
        # Making the folder failed on its way there: say which part is in the way, not "File exists".
        blocking = _not_a_folder(folder)
        if blocking is not None:
            return readonly.folder_unusable(folder, f"{blocking} {_blocking_kind(blocking)}")
    return readonly.folder_unusable(folder, error.strerror or str(error))


def _not_a_folder(folder: Path) -> Path | None:
    """The first part of ``folder``'s path that exists but is not a folder, if one is."""
    for part in reversed([folder, *folder.parents]):
        try:
            if os.path.lexists(part) and not part.is_dir():
                return part
        except OSError:
            return part
    return None


def _blocking_kind(path: Path) -> str:
    """What ``path``, in the way of a folder, is, in plain words."""
    if path.is_symlink():
        return "is a link that leads to no folder"
    if path.is_file():
        return "is a file, not a folder"
    return "is not a folder"


def read_reason(error: OSError, path: Path) -> ReadOnlyReason:
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


def load(store: ProgressStore) -> None:
    """Load the file at the store's path into it, or recover (see the module's docstring)."""
    path = store.path
    try:
        found = signature(path)
        data = store._read(path)
    except OSError as error:
        store._stop_saving(read_reason(error, path))
        store.progress = load_backup(store) or store._fresh()
        return
    if data is None:
        from learnmeta.progress import keeping

        keeper = keeping.current()
        if keeper is not None:
            keeper.forget(path)  # its answers are not kept after it
        backup = load_backup(store)
        if backup is not None:
            store.progress = backup
            store._notice(
                "Your progress file was missing, so learnmeta used its backup copy, saved "
                f"{shown(backup.saved)}."
            )
            return
        partial = salvage_bad_backup(store)
        store.progress = partial or store._fresh()
        if store._bad_backup is not None:
            store._notice(
                "Your progress file was missing." + bad_backup_note(store)
                + (" learnmeta kept what could be read from it." if partial is not None
                   else " learnmeta has started a new progress file.")
            )
        return
    try:
        if store._load_remembered(data):
            store._writer.on_disk = (found, data)
        else:
            store.progress, unknown = fileformat.loads_keeping_unknown(data)
            store._writer.loaded(store.progress, data, found, unknown)
        return
    except NewerVersionError as error:
        store._stop_saving(readonly.newer_version(error.saved_by, error.version, SCHEMA_VERSION))
        store.progress = error.progress or store._fresh()
        return
    except ProgressFileError as error:
        reason = error.reason
        incomplete = isinstance(error, fileformat.IncompleteFileError)
    recover(store, reason, data, incomplete)


def load_backup(store: ProgressStore) -> Progress | None:
    """The backup copy, if it exists and loads (complete); a broken backup is moved aside (if
    writable) and remembered in ``_bad_backup``, so what it holds can still be salvaged."""
    store._bad_backup = None
    backup = files.backup_path(store.path)
    try:
        data = store._read(backup)
    except OSError:
        return None
    if data is None:
        return None
    try:
        return loads(data)
    except ProgressFileError as error:
        kept = None
        if not store.read_only:
            try:
                kept = files.move_aside(backup, "backup-broken")
            except OSError:
                pass
        store._bad_backup = (data, error.reason, kept)
        return None


def salvage_bad_backup(store: ProgressStore) -> Progress | None:
    return fileformat.salvage(store._bad_backup[0]) if store._bad_backup is not None else None


def bad_backup_note(store: ProgressStore) -> str:
    if store._bad_backup is None:
        return ""
    _, reason, kept = store._bad_backup
    where = f"; it has been kept, unchanged, as {kept}" if kept is not None else ""
    return f" The backup copy could not be used either ({reason}){where}."


def recover(store: ProgressStore, reason: str, data: bytes, incomplete: bool) -> None:
    """The file did not load: keep it aside, use the backup if it loads, else keep what can be
    read of the file (or of a broken backup); always tell the learner."""
    path = store.path
    if store.read_only:
        store._notice(
            f"Your progress file could not be read: {reason}. It is left as it is; this "
            "window shows the backup copy if there is one."
        )
        store.progress = load_backup(store) or fileformat.salvage(data) or store._fresh()
        return
    try:
        kept = store._kept_aside = files.move_aside(path, "broken")
    except OSError as error:
        store._stop_saving(readonly.cannot_keep_aside(reason, error.strerror or str(error)))
        store.progress = load_backup(store) or fileformat.salvage(data) or store._fresh()
        return
    backup = load_backup(store)
    partial = fileformat.salvage(data)
    if backup is not None and partial is not None and not incomplete:
        # One bad value in a whole file: keep whichever holds more of the learner's answers.
        if answers_held(partial) > answers_held(backup):
            store.progress = partial
            store._notice(
                f"Your progress file could not be read as it was: {reason}. It has been kept, "
                f"unchanged, as {kept}. learnmeta kept what could be read of it, because that "
                f"holds more of your answers ({answers_held(partial)[0]}) than the backup copy "
                f"saved {shown(backup.saved)} ({answers_held(backup)[0]}). Only what could not "
                "be read is missing, and it is in that copy."
            )
            return
        store.progress = backup
        store._notice(
            f"Your progress file could not be read: {reason}. It has been kept, unchanged, as "
            f"{kept}. Your progress was restored from the backup copy saved "
            f"{shown(backup.saved)}, which holds at least as many of your answers "
            f"({answers_held(backup)[0]}) as what could be read of the damaged file "
            f"({answers_held(partial)[0]})."
        )
        return
    if backup is not None:
        store.progress = backup
        store._notice(
            f"Your progress file could not be read: {reason}. It has been kept, unchanged, as "
            f"{kept}. Your progress was restored from the backup copy saved "
            f"{shown(backup.saved)}; anything after that which is not in your answer log could not be "
            "recovered."
        )
        return
    source = "it"
    if partial is None:
        partial = salvage_bad_backup(store)
        source = "the backup copy"
    if incomplete:
        message = "Your progress file was cut short, and there was no usable backup."
    else:
        message = f"Your progress file could not be read: {reason}. There was no usable backup."
    if partial is not None:
        store.progress = partial
        message += (
            f" We kept what could be read from {source}, and a copy of the file, unchanged, as"
            f" {kept}. Anything that could not be read is in that copy."
        )
    else:
        store.progress = store._fresh()
        message += (
            f" Nothing in it could be read, so learnmeta has started a new progress file. The"
            f" file has been kept, unchanged, as {kept}."
        )
    store._notice(message + bad_backup_note(store))


def not_progress(store: ProgressStore) -> str | None:
    """Why the file at the path is not a progress file at all (a pack, a lesson, a document),
    or None. Such a file is never moved aside or written over: the store does not save.
    Asked before anything is created beside it, only of a file learnmeta is not sure it made."""
    if surely_progress(store.path):
        return None
    try:
        data = store._read(store.path)
    except OSError:
        return None  # the reading itself says what is wrong
    if data is None or fileformat._ends_with_marker(data):
        return None
    return fileformat.not_progress_shape(data)  # a progress file, even damaged, has its marks


def surely_progress(path: Path) -> bool:
    """The file at the path is learnmeta's own: it is in the learners folder, or it has a
    backup beside it (learnmeta made one when it saved there)."""
    from learnmeta.files import is_regular_file
    from learnmeta.progress import locations

    try:
        if path.parent == locations.learners_dir().absolute():
            return True
    except OSError:
        pass
    return is_regular_file(files.backup_path(path))
