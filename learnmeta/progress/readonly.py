"""Why a progress store does not save, as data: the app shows ``message`` in a window (or a toast)
and ``line``/``short`` on every screen, always as plain text.

Each reason names its real cause and what the learner can do about it. The store picks one
(:attr:`learnmeta.progress.store.ProgressStore.read_only_reason`); nothing else decides the words.
"""

from __future__ import annotations

import enum
from pathlib import Path

from learnmeta.record import VALUE, Value

PREFIX = "This window does not save: "
SHORT_PREFIX = "Not saving: "


class Cause(enum.Enum):
    OPEN_ELSEWHERE = "open-elsewhere"
    """Another learnmeta window holds the profile's lock."""
    IS_FOLDER = "is-folder"
    """The progress path names a folder."""
    READ_ONLY_DISK = "read-only-disk"
    """The disk (file system) is mounted read-only."""
    NOT_ALLOWED = "not-allowed"
    """Permission denied: the folder cannot be written to, or the file cannot be read."""
    NEWER_VERSION = "newer-version"
    """The file was saved by a newer learnmeta."""
    NOT_PROGRESS = "not-progress"
    """The path names a file that is not a learnmeta progress file (a pack, a lesson, a document)."""
    NOT_A_FILE = "not-a-file"
    """A link, a pipe, a device: learnmeta opens only regular files."""
    CANNOT_KEEP_ASIDE = "cannot-keep-aside"
    """The file did not load and could not be moved aside, so it is not overwritten."""
    UNUSABLE = "unusable"
    """Anything else the computer reported (the message says what)."""


@VALUE
class ReadOnlyReason(Value):
    cause: Cause
    message: str
    """The whole story: what happened, that nothing is saved, and what the learner can do."""
    line: str
    """The line shown on every screen (fits 80 columns)."""
    short: str
    """The same for narrow windows (fits 60 columns)."""

    @property
    def what(self) -> str:
        """The cause alone, as the line says it: ``"the disk is read-only."``."""
        return self.line[len(PREFIX):]


def _reason(cause: Cause, message: str, what: str, short: str | None = None) -> ReadOnlyReason:
    return ReadOnlyReason(cause, message, PREFIX + what, SHORT_PREFIX + (short or what))


def open_elsewhere() -> ReadOnlyReason:
    return _reason(
        Cause.OPEN_ELSEWHERE,
        "This profile is open in another learnmeta window. You can read and practise here, but "
        "nothing you do in this window will be saved. Close the other window and start learnmeta "
        "again to save your progress.",
        "your progress is open in another window.",
    )


def is_folder(path: Path) -> ReadOnlyReason:
    return _reason(
        Cause.IS_FOLDER,
        f"The progress path {path} is a folder, not a file, so nothing will be saved in this "
        f"session. Start learnmeta with --progress naming a file, for example "
        f"--progress {path / 'progress.toml'}.",
        "the progress path is a folder.",
    )


def read_only_disk(folder: Path) -> ReadOnlyReason:
    return _reason(
        Cause.READ_ONLY_DISK,
        f"The disk that holds {folder} is read-only, so nothing will be saved in this session. "
        "If it is a memory stick or a card, check its lock switch; or start learnmeta with "
        "--progress naming a file on a disk you can write to.",
        "the disk is read-only.",
    )


def not_allowed_to_write(folder: Path) -> ReadOnlyReason:
    return _reason(
        Cause.NOT_ALLOWED,
        f"learnmeta is not allowed to write in {folder} (permission denied), so nothing will be "
        "saved in this session. Ask whoever manages this computer to let you write there, or "
        "start learnmeta with --progress naming a file in a folder of your own.",
        "no permission to write in its folder.",
    )


def not_allowed_to_read(path: Path) -> ReadOnlyReason:
    return _reason(
        Cause.NOT_ALLOWED,
        f"learnmeta is not allowed to read your progress file {path} (permission denied), so it "
        "is left as it is and nothing will be saved in this session. Ask whoever manages this "
        "computer to give you access to it.",
        "no permission to read the progress file.",
    )


def _release(saved_by: str | None) -> str | None:
    """``0.3.0`` from ``saved_by = "learnmeta 0.3.0"``, if it is that plainly (it is from a file)."""
    import re

    found = re.fullmatch(r"learnmeta (\d{1,3}(?:\.\d{1,3}){0,2}(?:[.+-]?[A-Za-z0-9]{1,3})?)", saved_by or "")
    return found.group(1) if found else None


def newer_version(saved_by: str | None, version: int, reads: int) -> ReadOnlyReason:
    release = _release(saved_by)
    by = f" ({release})" if release else ""
    which = f"newer learnmeta {release}" if release else "a newer learnmeta"
    return _reason(
        Cause.NEWER_VERSION,
        f"Your progress file was saved by a newer version of learnmeta{by}, in format {version}; "
        f"this version reads format {reads}. To keep it safe, it is open read-only: you can look "
        "around, but nothing will be saved. Update learnmeta to carry on saving.",
        f"the file is from {which}.",
        f"saved by {which}.",
    )


def not_progress(path: Path, why: str) -> ReadOnlyReason:
    return _reason(
        Cause.NOT_PROGRESS,
        f"{path} is not a learnmeta progress file ({why}). learnmeta leaves it as it is and saves "
        "nothing to it. Name a new file (or your own progress file) with --progress.",
        "that file is not a progress file.",
    )


def not_a_file(path: Path, what: str) -> ReadOnlyReason:
    return _reason(
        Cause.NOT_A_FILE,
        f"Your progress path {path} is {what}: learnmeta opens only a plain file, so it is left as "
        "it is and nothing will be saved in this session. Name the file itself with --progress.",
        "the progress path is not a plain file.",
    )


def cannot_keep_aside(reason: str, error: str) -> ReadOnlyReason:
    return _reason(
        Cause.CANNOT_KEEP_ASIDE,
        f"Your progress file could not be read: {reason}. learnmeta could not move it aside "
        f"({error}), so nothing will be saved in this session, to keep it safe. Check that its "
        "folder can be written to and has free space, then start learnmeta again.",
        "a damaged file could not be kept aside.",
    )


def unusable(path: Path, error: str, kept: Path | None = None) -> ReadOnlyReason:
    where = (
        f"It has been kept, unchanged, as {kept}, and nothing will be saved in this session."
        if kept is not None
        else "Nothing will be saved in this session, so the file is left as it is."
    )
    return _reason(
        Cause.UNUSABLE,
        f"learnmeta could not open your progress file {path} ({error}). {where}",
        "the progress file could not be opened.",
    )


def folder_unusable(folder: Path, error: str) -> ReadOnlyReason:
    return _reason(
        Cause.UNUSABLE,
        f"learnmeta cannot use the folder {folder} ({error}), so nothing will be saved in this "
        "session. Start learnmeta with --progress naming a file in a folder you can write to.",
        "its folder cannot be used.",
    )
