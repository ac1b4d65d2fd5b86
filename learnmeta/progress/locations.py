"""Which file holds a learner's progress.

``--progress PATH`` names the file directly. Otherwise each learner on a shared computer has one
file, ``<data folder>/learners/<name>.toml``, where the data folder is
:func:`learnmeta.paths.data_dir` (``LEARNMETA_HOME`` or the platform's user data folder) and the
name is made safe for a file name ("default" when no learner is named).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from learnmeta import paths

DEFAULT_LEARNER = "default"
LEARNERS_FOLDER = "learners"

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_learner_name(name: str | None) -> str:
    """A file-name-safe form of a learner's name: ``"Ann Lee"`` -> ``"ann-lee"``.

    Only ASCII letters, digits, ``-`` and ``_`` remain, so the name can never leave the learners
    folder (no ``/``, ``..`` or drive letters). A name with no such characters (say, in another
    script) gets a stable name from its hash, so two such names do not share a file.
    """
    if name is None or not name.strip():
        return DEFAULT_LEARNER
    decomposed = unicodedata.normalize("NFKD", name.strip())
    text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")[:48]
    lost = any(not c.isascii() and not unicodedata.combining(c) for c in decomposed)
    if not slug or lost:
        # Letters were lost (another script): add a short hash of the real name, so that
        # different names never share one file.
        import hashlib

        digest = hashlib.sha256(name.strip().casefold().encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"learner-{digest}"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-learner"
    return slug


def learners_dir() -> Path:
    return paths.data_dir() / LEARNERS_FOLDER


def resolve_progress_path(progress: str | None, learner: str | None) -> Path:
    """The progress file to use: ``--progress PATH`` wins, else the learner's file in the data folder."""
    if progress:
        return paths.user_path(progress)
    return learners_dir() / f"{safe_learner_name(learner)}.toml"


def prepare_data_dir() -> None:
    """Create the data folder, its ``learners/`` and ``packs/`` folders, private to the user (0o700) if new.

    Raises :class:`OSError` if they cannot be created.
    """
    from learnmeta.files import ensure_folder

    ensure_folder(paths.data_dir())
    ensure_folder(learners_dir())
    ensure_folder(paths.user_packs_dir())
