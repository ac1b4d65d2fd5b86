"""Where the store keeps what it checked, for the next start: a hook the cache layer fills.

Reading and checking a progress file is most of a start's work on it, so the start-up cache
(:mod:`learnmeta.cache`, a layer above this one) keeps the checked progress for the file's exact
bytes. The store does not import the cache: the cache registers itself here when it is imported
(:func:`use`), which every front end does before it opens a store, and the store asks
:func:`current`. With nothing registered the store reads and checks the whole file, and keeps
nothing: slower, never wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from learnmeta.progress.fileformat import Chunks
    from learnmeta.progress.model import Progress


class ProgressKeeper(Protocol):
    """What keeps checked progress between starts (:mod:`learnmeta.cache`). None of these may
    raise for a keeper's own reasons (a missing, stale or damaged entry is None)."""

    def keeps(self, size: int) -> bool:
        """Whether progress from a file of ``size`` bytes is worth keeping (reading a large file
        itself is quicker than checking what was kept for it): if not, the store neither asks
        for it nor keeps it, and has what was kept for it forgotten."""
        ...

    def read(self, progress_path: Path, data: bytes) -> tuple[Progress, Chunks] | None:
        """The progress (and its parts' text) kept for a file whose bytes are ``data``, or None."""
        ...

    def write(self, progress_path: Path, data: bytes, progress: Progress, chunks: Chunks) -> None:
        """Keep ``progress``, checked to be exactly what the file's bytes ``data`` hold."""
        ...

    def forget(self, progress_path: Path) -> None:
        """Drop what is kept for a progress file that is gone."""
        ...


_keeper: ProgressKeeper | None = None


def use(keeper: ProgressKeeper | None) -> None:
    """Keep checked progress with ``keeper`` from now on (None: keep nothing)."""
    global _keeper
    _keeper = keeper


def current() -> ProgressKeeper | None:
    """The keeper registered, or None."""
    return _keeper
