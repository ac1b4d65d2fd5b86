"""Where things live: the built-in content, and the learner's data folder.

The data folder is the platform's user data folder for learnmeta (platformdirs), or the folder
named by the ``LEARNMETA_HOME`` environment variable. It holds each learner's progress file and a
``packs/`` folder for extra question packs. The start-up cache is elsewhere: :func:`cache_dir`.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def user_path(text: str | os.PathLike[str]) -> Path:
    """``Path(text).expanduser()``, or the path as written when its ``~`` cannot be expanded
    (``~nosuchuser/x.toml``, or ``~`` with no home folder known): Python raises RuntimeError
    there, which ended a command given such a path (``--progress``, ``quiz``, ``export``,
    ``LEARNMETA_HOME``) with a crash report. Taken as written, it is a path like any other."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        return path


def content_dir() -> Path:
    """The folder holding the built-in ``lessons/`` and ``quizzes/``.

    An installed wheel carries them in ``learnmeta/_content``; a source checkout (or an editable
    install) has them at the top of the repository.
    """
    shipped = PACKAGE_DIR / "_content"
    if (shipped / "lessons").is_dir():
        return shipped
    return PACKAGE_DIR.parent


def lessons_dir() -> Path:
    return content_dir() / "lessons"


def quizzes_dir() -> Path:
    return content_dir() / "quizzes"


def data_dir() -> Path:
    """The learner's data folder (not created here)."""
    home = os.environ.get("LEARNMETA_HOME")
    if home:
        return user_path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("learnmeta", appauthor=False))


def cache_dir() -> Path:
    """Where learnmeta keeps what it can make again (:mod:`learnmeta.cache`): the folder named by
    ``LEARNMETA_CACHE``, else the platform's user cache folder for learnmeta. Never the data
    folder (not even under ``LEARNMETA_HOME``): learners unpack bundles of packs there, and a
    cache file must not arrive with them."""
    cache = os.environ.get("LEARNMETA_CACHE")
    if cache:
        return user_path(cache)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("learnmeta", appauthor=False))


def user_packs_dir() -> Path:
    """Extra question packs the learner or their instructor added."""
    return data_dir() / "packs"
