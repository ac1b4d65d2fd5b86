"""What the parts of :class:`~learnmeta.progress.store.ProgressStore` share.

The store is one class made of a few parts, one concern each (``store`` opens, locks, saves and
closes; ``answers`` records answers, takes them back and reads them from the log; ``lessons``
holds settings, lessons and the visit list; ``attempts`` attempts and exams; ``review`` answers
what is due).
Each part is a mixin of :class:`StoreParts`, which names, for the type checker, the little each
part uses of the store: the progress in memory, saving and telling the learner. The parts hold no
state of their own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnmeta.progress.model import UTC, Progress, utc_seconds

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Set as AbstractSet

    from learnmeta.progress.model import HistoryEntry


def _now() -> dt.datetime:
    return utc_seconds(dt.datetime.now(UTC))


def _when(when: dt.datetime | None) -> dt.datetime:
    if when is None:
        return _now()
    return utc_seconds(when)  # a naive time is taken as the computer's local time


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


class StoreParts:
    """The store as its parts see it (:class:`~learnmeta.progress.store.ProgressStore` is all of it)."""

    path: Path
    progress: Progress

    if TYPE_CHECKING:  # defined by ProgressStore

        def _save(
            self, packs: AbstractSet[str] | None, questions: AbstractSet[tuple[str, str]] = frozenset()
        ) -> bool: ...

        def _notice(self, message: str) -> None: ...

        def _recorded(self, kind: str, record: Any) -> None: ...

        def _ids_usable(self, *ids: object, version: str | None = None, mode: str | None = None) -> bool: ...

        def each_answer(self, pack: str | None = None, attempt: str | None = None) -> Iterator[HistoryEntry]: ...
