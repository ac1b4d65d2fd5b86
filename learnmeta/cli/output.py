"""What the commands share: printing safely, and the output file they may write."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from learnmeta.content.text import clean_text


def shown_path(path: str) -> str:
    """A path as the user would like to read it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def safe(text: str) -> str:
    """Text from a content file, with control characters removed, safe to print."""
    return clean_text(str(text))


def one_line(path: str) -> str:
    """A file's name on one line: a line end in it (a file name may hold one) is written as
    ``\\n`` or ``\\r``, so that it cannot start a line of its own in output read line by line
    (validate's ``path:line: message``)."""
    return path.replace("\r", "\\r").replace("\n", "\\n")


class OutputExists(Exception):
    """The output file is there already and --force was not given."""


def check_output(path: Path, force: bool) -> None:
    """Raise OutputExists when ``path`` exists and may not be overwritten; OSError for a folder.
    The file itself is written with :func:`learnmeta.files.replace_atomically` (never half a
    file)."""
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder; name a file")
    if os.path.lexists(path) and not stat.S_ISREG(os.lstat(path).st_mode):
        # Written by replacing the name: --force would put a file where a link, a device (run
        # as root, /dev/null or /dev/stdout itself) or a pipe was.
        raise OutputExists(f"{path} is not a regular file (a link, device or pipe); name a file, "
                           "even with --force")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists already; use --force to overwrite it")


def not_a_folder(path: Path) -> str:
    """What stands at ``path`` where a folder should be, said after its name: a file, or a link
    that leads to no folder (one that loops back on itself, one to nothing, one to a file)."""
    if not os.path.islink(path):
        return "is a file, not a folder"
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a link that loops back on itself, so it leads to no folder"
        return "is a link to something that cannot be reached, so it leads to no folder"
    return "is a link to a file, not to a folder"


def make_folder_for(path: Path) -> bool:
    """Create the folder(s) ``path`` goes in when they are missing (as ``mkdir -p``): ``-o
    results/week-1/class.csv`` works in a new folder. Whether a folder was made. Raises OSError
    with a plain reason when one cannot be made (a file of that name is in the way, no
    permission)."""
    parent = Path(path).parent
    if str(parent) in ("", ".") or parent.is_dir():
        return False
    blocker = next((p for p in [parent, *parent.parents] if os.path.lexists(p) and not p.is_dir()), None)
    if blocker is not None:
        raise OSError(f"cannot make the folder {parent}: {blocker} {not_a_folder(blocker)}")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(f"cannot make the folder {parent}: {error.strerror or error}") from None
    return True


def write_output(path: Path, data: str | bytes, **options) -> bool:
    """Write a command's output file whole (:func:`learnmeta.files.replace_atomically`, with its
    ``options``), making its folder first when it does not exist. Whether a folder was made.
    Raises OSError (its text says what failed)."""
    from learnmeta.files import replace_atomically

    made = make_folder_for(path)
    replace_atomically(path, data, **options)
    return made


def err(message: str) -> None:
    """A message on stderr, with control characters removed."""
    import sys

    print(clean_text(message), file=sys.stderr)


def out(message: str) -> None:
    """A message on stdout, with control characters removed."""
    print(clean_text(message))
