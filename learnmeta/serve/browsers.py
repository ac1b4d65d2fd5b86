"""Which learner each browser chose last, on one's own computer (`learnmeta serve` without
``--class``): a browser that chose a learner on "Who is learning?" opens that learner's home
directly the next time (no Textual, no aiohttp here).

What the browser holds is only an unguessable random key (:data:`COOKIE`, 32 random bytes, set by
the server, ``HttpOnly`` and ``SameSite=Strict``, so neither the page's scripts nor another web
site can read it or send it). The server keeps, for the keys it gave out, a SHA-256 of the key and
the learner id (the progress file's name, as :func:`safe_learner_name` makes it) in
``serve-browsers.json`` in the data folder. So:

* a cookie is only ever looked up, never read as a name or a path: a value the server did not give
  out (a learner's name, ``../x``, anything too long or in the wrong alphabet) names nobody, and
  the browser simply gets "Who is learning?" and a new key;
* reading ``serve-browsers.json`` gives no cookie (only hashes), and a learner id in it is used
  only if it is what :func:`safe_learner_name` makes of itself (letters, digits, ``-``, ``_``),
  and its file exists in the learners' folder;
* this is no more than "Who is learning?" allows on one's own computer, where anyone who opens
  the page may pick any learner listed. A class (``--class``) never remembers: there the PIN is
  asked every time.

The file holds no learner's progress: one that cannot be read is ignored and written anew.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from pathlib import Path

from learnmeta.progress.locations import safe_learner_name

COOKIE = "learnmeta_browser"
COOKIE_DAYS = 180
"""How long a browser is remembered after it last chose a learner."""
FILE_NAME = "serve-browsers.json"
MOST_BROWSERS = 200
"""The most browsers remembered (the ones that chose longest ago are forgotten first)."""
MOST_ISSUED = 1000
"""The most keys given out and not yet used to choose a learner, kept in memory only."""
_KEY_LENGTH = 43  # secrets.token_urlsafe(32)
_FILE_LIMIT = 64 * 1024
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def learner_id_ok(text: object) -> bool:
    """Whether ``text`` is a learner id as the learners' file names are made (nothing else can
    name a file here: no separators, no ``..``, nothing :func:`safe_learner_name` changes)."""
    return (isinstance(text, str) and 0 < len(text) <= 64 and text.isascii()
            and safe_learner_name(text) == text)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("ascii")).hexdigest()


class Browsers:
    """The browsers this server knows, and the learner each chose last."""

    def __init__(self, folder: Path, learners: Path) -> None:
        self.path = Path(folder) / FILE_NAME
        self.learners = Path(learners)
        self._issued: dict[str, None] = {}
        self._chosen: dict[str, tuple[str, float]] = self._load()

    def _load(self) -> dict[str, tuple[str, float]]:
        from learnmeta import files

        try:
            data = files.read_bounded_or_none(self.path, _FILE_LIMIT)
        except (OSError, files.FileProblem):
            return {}
        if data is None:
            return {}
        try:
            stored = json.loads(data)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return {}
        chosen: dict[str, tuple[str, float]] = {}
        if not isinstance(stored, dict) or stored.get("version") != 1:
            return {}
        entries = stored.get("browsers")
        if not isinstance(entries, dict):
            return {}
        oldest = time.time() - COOKIE_DAYS * 86400
        for key, entry in list(entries.items())[:MOST_BROWSERS]:
            if not (isinstance(key, str) and len(key) == 64 and all(c in "0123456789abcdef" for c in key)):
                continue
            if not (isinstance(entry, list) and len(entry) == 2):
                continue
            learner, seen = entry
            if learner_id_ok(learner) and type(seen) in (int, float) and oldest < seen < 1e11:
                chosen[key] = (learner, float(seen))
        return chosen

    def _save(self) -> None:
        from learnmeta import files

        data = {"version": 1, "browsers": {k: [v[0], v[1]] for k, v in self._chosen.items()}}
        try:
            files.ensure_folder(self.path.parent)
            files.replace_atomically(self.path, json.dumps(data, indent=1) + "\n")
        except OSError:
            pass  # the browser is then not remembered after a restart; nothing else depends on it

    # -- keys ------------------------------------------------------------------------------------

    def new_key(self) -> str:
        """A new key for a browser that has none the server knows (given out, not yet stored)."""
        value = secrets.token_urlsafe(32)
        self._issued[_digest(value)] = None
        while len(self._issued) > MOST_ISSUED:
            del self._issued[next(iter(self._issued))]
        return value

    def known(self, value: object) -> str | None:
        """The server's name for the browser whose cookie is ``value`` (a digest of it), or None
        if this server never gave that value out."""
        if not (isinstance(value, str) and len(value) == _KEY_LENGTH and set(value) <= _ALPHABET):
            return None
        digest = _digest(value)
        if digest in self._chosen or digest in self._issued:
            return digest
        return None

    # -- learners ----------------------------------------------------------------------------

    def learner(self, browser: str | None) -> str | None:
        """The learner ``browser`` chose last, if that learner's progress file is still here."""
        if browser is None:
            return None
        entry = self._chosen.get(browser)
        if entry is None or not learner_id_ok(entry[0]):
            return None
        if time.time() - entry[1] > COOKIE_DAYS * 86400:
            return None
        from learnmeta import files

        if not files.is_regular_file(self.learners / f"{entry[0]}.toml"):
            return None
        return entry[0]

    def remember(self, browser: str | None, learner: object) -> None:
        """``browser`` chose ``learner`` (None: forget its choice)."""
        if browser is None:
            return
        if learner is None:
            if self._chosen.pop(browser, None) is not None:
                self._save()
            return
        if not learner_id_ok(learner):
            return
        self._issued.pop(browser, None)
        self._chosen.pop(browser, None)
        self._chosen[browser] = (str(learner), time.time())  # the newest last
        while len(self._chosen) > MOST_BROWSERS:
            del self._chosen[next(iter(self._chosen))]
        self._save()
