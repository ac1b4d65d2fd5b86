"""Who may learn in a served session, and which file holds their progress (no Textual here).

On one's own computer (:class:`HomeRoster`) the learners are those of the terminal: one file per
learner in the data folder's ``learners/``, named by :func:`safe_learner_name`, so "Ann Lee" in a
browser and ``learnmeta --learner "Ann Lee"`` share ``ann-lee.toml``. Anyone at the computer may
pick any of them, as in the terminal.

In a class (:class:`ClassRoster`) the learner files are ``DIR/<learner id>.toml`` and nobody is
shown who else is in the class. A learner chooses a PIN when they are added; coming back under
that name needs it. Only a salted, slow hash of the PIN is kept, in ``DIR/.learnmeta-pins/<learner
id>.pin`` (outside ``DIR/*.toml``, so ``learnmeta report DIR/*.toml`` reads progress files only).
After :data:`MAX_WRONG_PINS` wrong PINs in a row a name is refused for :data:`PIN_LOCKOUT_SECONDS`,
however many browser tabs are tried, because the count is kept in that file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from learnmeta.progress.locations import safe_learner_name

MAX_NAME = 60
"""The longest name a learner can type (the Who screen's input stops there too)."""
MIN_PIN = 4
MAX_PIN = 32
MAX_WRONG_PINS = 5
PIN_LOCKOUT_SECONDS = 300
PIN_FOLDER = ".learnmeta-pins"
_PIN_FILE_LIMIT = 4096
_HASH_ROUNDS = 120_000
MAX_LISTED = 200
"""The most learners the Who screen lists (a computer with more: type the name)."""


class RosterProblem(Exception):
    """A name or PIN that cannot be used; ``str()`` is a sentence for the learner."""


@dataclass(frozen=True)
class Choice:
    """Whose progress a session opens: the name as typed, and the file."""

    name: str
    path: Path
    new: bool


def clean_name(text: str) -> str:
    """A typed name made plain: control and invisible characters removed, spaces collapsed."""
    kept = "".join(c for c in str(text) if unicodedata.category(c)[0] not in {"C"})
    return " ".join(kept.split())[:MAX_NAME]


def _checked_name(text: str) -> str:
    name = clean_name(text)
    if not name:
        raise RosterProblem("Please type a name (any name you will recognise next time).")
    return name


class HomeRoster:
    """The learners on this computer: those in the data folder's ``learners/``."""

    needs_pin = False
    lists_learners = True

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            from learnmeta.progress.locations import learners_dir

            folder = learners_dir()
        self.folder = Path(folder)

    def learners(self) -> list[str]:
        """The learner ids that have a progress file here, sorted."""
        return _learner_ids(self.folder)

    def choose(self, name: str, pin: str = "") -> Choice:
        name = _checked_name(name)
        path = self.folder / f"{safe_learner_name(name)}.toml"
        return Choice(name, path, not path.exists())


class ClassRoster:
    """A class's learners: ``DIR/<learner id>.toml``, each name protected by its PIN."""

    needs_pin = True
    lists_learners = False
    privacy_note = (
        "Your progress is kept on the computer that runs learnmeta for your class, in a file of "
        "your own that your teacher can read for the class report. It is sent nowhere else."
    )

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def learners(self) -> list[str]:
        return []  # never shown to a learner

    def pin_path(self, learner_id: str) -> Path:
        return self.folder / PIN_FOLDER / f"{learner_id}.pin"

    def choose(self, name: str, pin: str = "") -> Choice:
        name = _checked_name(name)
        if not MIN_PIN <= len(pin) <= MAX_PIN or any(unicodedata.category(c)[0] == "C" for c in pin):
            raise RosterProblem(
                f"Please type a PIN of {MIN_PIN} to {MAX_PIN} letters or digits. A new learner "
                "chooses one now; you will need it to come back to your progress."
            )
        learner_id = safe_learner_name(name)
        path = self.folder / f"{learner_id}.toml"
        pin_path = self.pin_path(learner_id)
        from learnmeta.files import ensure_folder

        ensure_folder(pin_path.parent)
        with _Locked(pin_path.with_suffix(".lock")):
            record = _read_pin(pin_path)
            if record is None:
                if guessable_pin(pin, name):
                    raise RosterProblem(
                        "That PIN would be easy to guess (like 1234, 0000 or your name). Please "
                        f"choose another of {MIN_PIN} to {MAX_PIN} letters or digits."
                    )
                if path.exists():
                    # A progress file the teacher put there without a PIN: the first to come
                    # claims it (the teacher can remove a .pin file to let a learner set a new one).
                    pass
                _write_pin(pin_path, _new_record(pin))
                return Choice(name, path, not path.exists())
            now = time.time()
            if record.get("locked_until", 0) > now:
                wait = int(record["locked_until"] - now) // 60 + 1
                raise RosterProblem(
                    f"Too many wrong PINs for this name. Please wait {wait} minute(s), or ask "
                    "your teacher."
                )
            if _pin_matches(record, pin):
                if record.get("wrong"):
                    record["wrong"] = 0
                    record["locked_until"] = 0
                    _write_pin(pin_path, record)
                return Choice(name, path, not path.exists())
            record["wrong"] = int(record.get("wrong", 0)) + 1
            if record["wrong"] >= MAX_WRONG_PINS:
                record["wrong"] = 0
                record["locked_until"] = now + PIN_LOCKOUT_SECONDS
            _write_pin(pin_path, record)
            raise RosterProblem(
                "That name is already taken in this class, or the PIN is not the one chosen for "
                "it. If you are new here, add something to your name (your surname, say)."
            )


def guessable_pin(pin: str, name: str = "") -> bool:
    """Whether a new PIN is one that someone with the class list would try first on every name:
    one character repeated (``0000``), a run up or down (``1234``, ``4321``, ``abcd``), a pair
    repeated (``1212``), or the name itself. Five wrong PINs lock a name, so such a guess is
    all an attacker who knows the join code gets, and these would find someone in most classes."""
    text = pin.casefold()
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:])}
    if len(steps) == 1 and steps <= {-1, 0, 1}:
        return True
    if len(text) % 2 == 0 and text == text[:2] * (len(text) // 2):
        return True
    plain = "".join(c for c in name.casefold() if c.isalnum())
    return bool(plain) and "".join(c for c in text if c.isalnum()) == plain


def _learner_ids(folder: Path) -> list[str]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    ids = []
    for entry in entries:
        stem, dot, suffix = entry.name.rpartition(".")
        if suffix != "toml" or not stem or "." in stem:  # not <id>.toml.bak, <id>.broken-...toml
            continue
        if stem != safe_learner_name(stem):  # a file learnmeta would not have named
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
        except OSError:
            continue
        ids.append(stem)
    return sorted(ids)[:MAX_LISTED]


def _new_record(pin: str) -> dict:
    salt = secrets.token_bytes(16)
    return {"salt": salt.hex(), "hash": _hash(pin, salt).hex(), "rounds": _HASH_ROUNDS,
            "wrong": 0, "locked_until": 0}


def _hash(pin: str, salt: bytes, rounds: int = _HASH_ROUNDS) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8", "replace"), salt, rounds)


def _pin_matches(record: dict, pin: str) -> bool:
    try:
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        rounds = int(record.get("rounds", _HASH_ROUNDS))
    except (KeyError, TypeError, ValueError):
        return False
    if not 1_000 <= rounds <= 10_000_000:
        return False
    return hmac.compare_digest(_hash(pin, salt, rounds), expected)


def _read_pin(path: Path) -> dict | None:
    """The PIN record, or None when there is none. A record that cannot be read counts as a PIN
    nobody knows, so the name stays protected (the teacher can remove the file)."""
    from learnmeta.files import FileProblem, read_bounded

    try:
        data = read_bounded(path, _PIN_FILE_LIMIT)
    except FileProblem as problem:
        if problem.code == "not-found":
            return None
        return {"salt": "", "hash": ""}  # unreadable: nobody's PIN matches; the teacher can remove it
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[... nested deep
        return {"salt": "", "hash": ""}
    return record if _well_formed(record) else {"salt": "", "hash": ""}


def _well_formed(record: object) -> bool:
    """Whether a PIN record read from its file has the shape learnmeta writes (:func:`_new_record`):
    texts for the salt and hash, whole numbers for the rounds and wrong PINs, a finite time for the
    lock. Anything else (``"locked_until": "x"`` or ``Infinity``, ``"wrong": null``) stopped the
    learner's app where the record was compared or counted; it now counts as unreadable."""
    if not isinstance(record, dict) or type(record.get("salt")) is not str or type(record.get("hash")) is not str:
        return False
    rounds, wrong, until = record.get("rounds", 0), record.get("wrong", 0), record.get("locked_until", 0)
    return (type(rounds) is int and type(wrong) is int and 0 <= wrong <= MAX_WRONG_PINS
            and type(until) in (int, float) and 0 <= until < 1e11)  # (nan is not: nan < 1e11 is False)


def _write_pin(path: Path, record: dict) -> None:
    from learnmeta.files import replace_atomically

    replace_atomically(path, json.dumps(record).encode("utf-8"))


class _Locked:
    """An exclusive lock across processes while a PIN file is read and written."""

    def __init__(self, path: Path) -> None:
        from learnmeta.progress.lock import ProfileLock

        self._lock = ProfileLock(path)

    def __enter__(self) -> None:
        from learnmeta.progress.lock import LockHeld

        deadline = time.monotonic() + 10
        while True:
            try:
                self._lock.acquire()
                return
            except LockHeld:
                if time.monotonic() > deadline:
                    raise RosterProblem("learnmeta is busy; please try again.") from None
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self._lock.release()
