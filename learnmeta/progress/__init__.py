"""The learner's progress: a local TOML file per learner, saved safely after every step.

* :mod:`~learnmeta.progress.model`: the file's format (dataclasses that pydantic checks, ``schema_version`` 1);
* :mod:`~learnmeta.progress.fileformat`: TOML text to and from the models (with its parts:
  :mod:`~learnmeta.progress.tomltext`, the values' text; :mod:`~learnmeta.progress.unknownkeys`,
  the keys this version does not know; :mod:`~learnmeta.progress.readback`, each written part
  read back; :mod:`~learnmeta.progress.salvage`, what a damaged file still holds);
* :mod:`~learnmeta.progress.readonly`: why a store does not save, in plain words;
* :mod:`~learnmeta.progress.scheduling`: spaced review of questions with FSRS;
* :mod:`~learnmeta.progress.locations`: which file a learner's progress lives in;
* :mod:`~learnmeta.progress.store`: :class:`ProgressStore`, what the app uses; it loads and
  recovers with :mod:`~learnmeta.progress.recovery` and saves with :mod:`~learnmeta.progress.writing`.
  Its parts, one concern each: :mod:`~learnmeta.progress.answers` (recording, undo, reading
  answers), :mod:`~learnmeta.progress.lessons` (settings, lessons, the visit
  list), :mod:`~learnmeta.progress.attempts` (attempts and exams), :mod:`~learnmeta.progress.review`
  (what is due); :mod:`~learnmeta.progress.keeping` is where the start-up cache registers.

Names are imported lazily, so ``import learnmeta.progress`` costs almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names are, for the type checker; at run time they load on first use
    from learnmeta.progress.fileformat import ProgressFileError as ProgressFileError
    from learnmeta.progress.fileformat import read_progress as read_progress
    from learnmeta.progress.locations import resolve_progress_path as resolve_progress_path
    from learnmeta.progress.model import Progress as Progress
    from learnmeta.progress.store import ProgressStore as ProgressStore

__all__ = ["ProgressStore", "resolve_progress_path", "read_progress", "Progress", "ProgressFileError"]

_WHERE = {
    "ProgressStore": "learnmeta.progress.store",
    "resolve_progress_path": "learnmeta.progress.locations",
    "read_progress": "learnmeta.progress.fileformat",
    "ProgressFileError": "learnmeta.progress.fileformat",
    "Progress": "learnmeta.progress.model",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'learnmeta.progress' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
