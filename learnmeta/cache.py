"""What start-up would otherwise check again: the validated content and the learner's progress.

Checking the built-in content and a progress file needs pydantic, whose import and validators
took about 100 ms of a 350 ms start. Both rarely change between two starts, so the app keeps
what it checked last time and uses it again when nothing it came from has changed:

* the **library** (:func:`load_library` in :mod:`learnmeta.content.library`), keyed by the path,
  size, modification and change times and inode of every content file it read (the built-in
  lessons and packs and the learner's ``packs/`` folder);
* each learner's **progress**, with the text of the progress file's parts (so the first save
  need not write and check them all again), written when the app closes if the file holds
  exactly that progress. It is used only if those parts, put together again, are exactly the
  file's bytes as they are now, and the stored progress, written out again, gives exactly
  those parts (so the records are what the file holds, not only the text). Only for a file of
  up to :data:`PROGRESS_KEPT_UP_TO` bytes: a larger one is read more quickly itself.

Both keys also hold this module's :data:`FORMAT`, learnmeta's and Python's versions and the
size and time of every source file that defines what is stored, so a new learnmeta never reads
an old cache (and where those files cannot be found, nothing is cached).

A cache file is data only: one line of JSON with the key, then one JSON value, which
:mod:`learnmeta.cache_records` turns back into learnmeta's own records by explicit code, checking
every field and passing every text through the cleaning of control characters again (text that
cleaning would change makes the whole file refused). Nothing in the file can choose
what is made, so a cache file from anywhere else cannot run code; it is read only if it is a
regular file (no FIFO, device or link) of a bounded size (:func:`learnmeta.files.read_bounded`).

The cache is only ever a shortcut. A cache file that is missing, stale, damaged, of the wrong
shape or unreadable is ignored (and replaced at the next chance); nothing is lost by deleting
the folder. It lives in the platform's cache folder for learnmeta, or where ``LEARNMETA_CACHE``
says (:func:`learnmeta.paths.cache_dir`), never in the data folder where packs are unpacked, and
is written atomically. Cache files of older versions (``library.pickle``, ``progress-*.pickle``:
only those names, as the folder may be shared) are never read, and are
removed when a new cache file is written.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from learnmeta import __version__, paths

if TYPE_CHECKING:
    from learnmeta.content.library import Library

FORMAT = 2
"""Raise when what is stored changes in a way the source files' stamps would not show.
(1 was a pickle, no longer read.)"""

_SOURCES = (
    "cache.py",
    "cache_records.py",
    "checks.py",
    "constraints.py",
    "record.py",
    "content/models.py",
    "content/loader.py",
    "content/library.py",
    "content/partial.py",
    "content/errors.py",
    "content/text.py",
    "progress/model.py",
    "progress/fileformat.py",
    "progress/tomltext.py",
    "progress/unknownkeys.py",
    "progress/store.py",
)

_SPARE = 8 * 1024 * 1024
"""A cache file may be this much larger than :data:`_GROWTH` times what it came from: never more
(a larger file is not read at all)."""
_GROWTH = 8
_SUFFIX = ".json"


def file_stamp(path: Path, info: os.stat_result | None = None) -> list | None:
    """What tells one version of a file from another without reading it (from ``info``, its
    ``stat`` when it was just had); None if it is gone."""
    if info is None:
        try:
            info = path.stat()
        except OSError:
            return None
    return [str(path), info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _code_stamp() -> list | None:
    """What tells this learnmeta's stored records from another's (None: cannot tell, so nothing
    is cached)."""
    stamps = [file_stamp(paths.PACKAGE_DIR / name) for name in _SOURCES]
    if None in stamps:
        return None
    return stamps


def _key_line(key: Any) -> bytes | None:
    """The first line of the cache file for ``key``: what the file must start with, exactly."""
    code = _code_stamp()
    if code is None:
        return None
    head = {"format": FORMAT, "learnmeta": __version__, "python": list(sys.version_info[:2]), "code": code,
            "key": key}
    return json.dumps(head, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii") + b"\n"


def _file(name: str) -> Path:
    return paths.cache_dir() / f"{name}{_SUFFIX}"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _read(name: str, key: Any, limit: int, build: Callable[[Any], Any]) -> Any | None:
    """What was stored under ``name`` for ``key``, rebuilt by ``build``; None if nothing usable
    was (and never an exception)."""
    from learnmeta import files

    try:
        first = _key_line(key)
        if first is None:
            return None
        data = files.read_bounded(_file(name), len(first) + limit)
        if not data.startswith(first):
            return None
        value = json.loads(data[len(first):], parse_constant=_refuse_constant)
        return build(value)
    except Exception:  # missing, damaged, another version, the wrong shape: only a shortcut lost
        return None


def _write(name: str, key: Any, value: Any) -> None:
    """Store ``value`` (plain JSON values) under ``name`` for ``key``, atomically; never raises."""
    from learnmeta import files

    try:
        first = _key_line(key)
        if first is None:
            return
        body = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("ascii")
        folder = paths.cache_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.replace_atomically(folder / f"{name}{_SUFFIX}", first + body)
        _remove_pickles(folder)
    except Exception:  # a cache is only a shortcut
        return


def _remove_pickles(folder: Path) -> None:
    """Remove the cache files of learnmeta versions that kept pickles (never read now): in the
    cache folder, and in ``cache/`` under ``LEARNMETA_HOME``, where they were kept then."""
    from learnmeta import files

    try:
        for old in _old_pickles(folder):  # only their names: LEARNMETA_CACHE may name a shared folder
            files.unlink_quietly(old)
        home = os.environ.get("LEARNMETA_HOME")
        if home:
            before = Path(home).expanduser() / "cache"
            for old in _old_pickles(before):
                files.unlink_quietly(old)
            before.rmdir()  # only if nothing else is in it
    except Exception:  # a cache is only a shortcut
        return


def _old_pickles(folder: Path) -> list[Path]:
    """The files an older learnmeta's cache kept in ``folder`` (``library.pickle``,
    ``progress-<name>.pickle``), and no other file."""
    return [*folder.glob("library.pickle"), *folder.glob("progress-*.pickle")]


def _limit(source_bytes: int) -> int:
    return _SPARE + _GROWTH * source_bytes


# ---------------------------------------------------------------------------------------------
# The library
# ---------------------------------------------------------------------------------------------


def read_library(key: dict, source_bytes: int):
    """The library stored for ``key`` (content files of ``source_bytes`` in all), or None.
    The records' module is imported only for an entry whose key matches: with the cache empty
    (after an install, an upgrade or an edit to a pack) it would be imported for nothing before
    the first frame (about 1.5 ms; the cache is written after that frame)."""

    def build(value: Any):
        from learnmeta import cache_records

        return cache_records.LIBRARY[0](value)

    return _read("library", key, _limit(source_bytes), build)


def write_library(key: dict, library) -> None:
    try:
        from learnmeta import cache_records

        value = cache_records.LIBRARY[1](library)
    except Exception:
        return
    _write("library", key, value)


# ---------------------------------------------------------------------------------------------
# A learner's progress
# ---------------------------------------------------------------------------------------------


def progress_name(progress_path: Path) -> str:
    """The cache entry of one learner's progress file (two files of the same name share one
    entry: each start then reads its own file, as the bytes differ)."""
    return "progress-" + re.sub(r"[^A-Za-z0-9_-]", "_", progress_path.stem)[:60]


def read_progress(name: str, data: bytes):
    """(progress, pack id -> its parts' text) stored for a progress file whose bytes are
    ``data``, or None. The parts must make exactly ``data`` again."""
    def build(value: Any):  # its modules imported only for an entry whose key matches
        from learnmeta import cache_records as records
        from learnmeta.progress import fileformat

        if type(value) is not dict or value.keys() != {"progress", "parts"}:
            raise records.Bad("not a progress entry")
        progress = records.PROGRESS[0](value["progress"])
        chunks = records.PROGRESS_PARTS[0](value["parts"])
        if progress.history.answers or list(chunks) != fileformat.pack_ids(progress):
            raise records.Bad("the parts are not those of this progress")
        text = fileformat.assemble(fileformat.dump_head(progress), chunks)
        if text.encode("utf-8") != data:
            raise records.Bad("the parts do not make the file as it is now")
        # The parts make the file, but do the records say what the parts say? Written out again,
        # they must give exactly those parts: else the app would show what the file does not hold,
        # and its next save would write that (a question left out of the records would be lost).
        if fileformat.file_parts(progress)[1] != chunks:
            raise records.Bad("the records are not what the file holds")
        return progress, chunks

    return _read(name, _progress_key(data), _limit(len(data)), build)


def _progress_key(data: bytes) -> dict:
    """What a progress entry is kept under: its file's size and CRC-32 (about 0.1 ms for a
    learner of 1,000 questions). By the size alone, a file changed since (as after the app was
    killed just after a save) often matched, and its whole entry was read, made into records and
    written out again only to find it was not the file (12-15 ms of such a start). The entry's
    own check that it makes exactly these bytes stays: the key only turns others away sooner."""
    import zlib

    return {"bytes": len(data), "crc32": zlib.crc32(data)}


def forget_progress(name: str) -> None:
    """Remove what is kept for a progress file that is gone (a learner who deleted their file
    should not find their answers still kept here); never raises."""
    try:
        _file(name).unlink()
    except OSError:
        return


def write_progress(name: str, data: bytes, progress, chunks: dict) -> None:
    """Keep ``progress``, whose file's bytes are ``data`` and whose parts' text is ``chunks``;
    never raises."""
    try:
        from learnmeta import cache_records as records

        value = {
            "progress": records.PROGRESS[1](progress),
            "parts": records.PROGRESS_PARTS[1](chunks),
        }
    except Exception:
        return
    _write(name, _progress_key(data), value)


PROGRESS_KEPT_UP_TO = 64 * 1024
"""A progress file larger than this (a learner of more than about 200 questions) is not kept in
the cache, and an entry kept for it is neither read nor left behind: reading the file itself is
quicker. An entry must be made into records (its JSON and every value checked), then written out
again to prove it is the file (:func:`read_progress`), which costs more per question than
reading and checking the file's own line (:mod:`learnmeta.progress.quickread`): in the store's
opening, CPU, medians of 7 processes each (docs/performance.md, "Start-up, fifth pass"):

=========  =========  ==========  ===========
answers    file       from cache  file itself
=========  =========  ==========  ===========
50         17 KiB     3.7 ms      5.5 ms
150        50 KiB     7.0 ms      6.9 ms
300        99 KiB     11.7 ms     8.1 ms
1,000      329 KiB    36.8 ms     14.9 ms
=========  =========  ==========  ===========

(For a small file the cache saves making the file's checks, about 2 ms, which a large one
repays many times over.)"""


class ProgressKeeper:
    """The progress store's keeper (:mod:`learnmeta.progress.keeping`): the functions above, for
    one progress file. The store does not import this module (progress sits below the cache);
    importing it registers this keeper, which every front end does before it opens a store."""

    def keeps(self, size: int) -> bool:
        return size <= PROGRESS_KEPT_UP_TO

    def read(self, progress_path: Path, data: bytes):
        return read_progress(progress_name(progress_path), data)

    def write(self, progress_path: Path, data: bytes, progress, chunks: dict) -> None:
        write_progress(progress_name(progress_path), data, progress, chunks)

    def forget(self, progress_path: Path) -> None:
        forget_progress(progress_name(progress_path))


def _register() -> None:
    from learnmeta.progress import keeping

    keeping.use(ProgressKeeper())


_register()


def library_key() -> dict:
    """What the library is cached under: the learner's packs folder and the stamp of every
    content file read (:func:`file_stamp`); of the packs folder's files left out (past its
    bounds, :func:`learnmeta.content.library.packs_folder_files`), how many, and the stamp of
    the first, whose size decided. Equal keys: no content file read has changed."""
    from learnmeta.content.library import content_files, packs_folder_files

    packs_dir = paths.user_packs_dir()
    files = [*content_files(paths.lessons_dir()), *content_files(paths.quizzes_dir())]
    stamps = [file_stamp(path) for path in files]
    kept, left_out = packs_folder_files(packs_dir)
    stamps += [file_stamp(path, info) for path, info in kept]
    key: dict[str, Any] = {"packs": str(packs_dir), "files": stamps}
    if left_out:
        key["left_out"] = [len(left_out), file_stamp(left_out[0])]
    return key


def load_library_cached(*, write_later: bool = False) -> Library:
    """:func:`load_library` with no arguments (what the app shows), taken from this cache
    when no content file has changed since it was last checked. ``write_later``: a library just
    checked is kept in the cache only when :func:`write_pending` is called (the app does once
    its first screen is drawn) or at exit, not before returning."""
    from learnmeta.content.library import Library, load_library

    key = library_key()
    stamps = key["files"]
    library = read_library(key, sum(stamp[1] for stamp in stamps if stamp is not None))
    if isinstance(library, Library):
        return library
    library = load_library()
    if write_later:
        _write_later(key, library)
    else:
        write_library(key, library)
    return library


_pending: list[tuple[dict, Library]] = []


def _write_later(key: dict, library: Library) -> None:
    """Keep the library for the cache once the app has drawn its first screen (the app calls
    :func:`write_pending`; it took 5-40 ms with its fsync), or at exit at the latest."""
    if not _pending:
        import atexit

        atexit.register(write_pending)
    _pending[:] = [(key, library)]


def write_pending() -> None:
    """Write what :func:`load_library_cached` left to write; never raises."""
    while _pending:
        key, library = _pending.pop()
        write_library(key, library)
