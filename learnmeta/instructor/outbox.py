"""Sending each answer to a course's Learning Record Store as it happens: the outbox.

Nothing is sent unless the learner agreed. A course offers its Learning Record Store (LRS) with
``learnmeta --lrs URL`` or the environment variable ``LEARNMETA_LRS_URL`` (set by the course's
launcher), and the user name and password in ``LEARNMETA_LRS_USER``/``LEARNMETA_LRS_PASSWORD``
(never stored, never shown, never logged). The learner is asked once per address (the welcome,
or a question at start) and can turn it off or on in Settings at any time; what they chose is
the progress file's ``[learner]`` ``lrs`` (the address agreed to) or ``lrs_declined``.

While it is on, each answer, each answer taken back or marked right after it was taken here (a
statement voiding the one sent, and an overruled answer again as right), and each finished quiz
is turned into the same xAPI statements that
``learnmeta export --format xapi`` makes (:mod:`learnmeta.instructor.xapi`, with the same fixed
ids, so sending again never stores anything twice), without the learner's name: the learner id
stands for them. The statements are appended to the outbox, ``<name>.outbox.jsonl`` beside the
progress file (JSON lines, appended and fsynced with :func:`learnmeta.files.append_durably` and
read with :func:`learnmeta.files.read_lines_bounded`, the answer log's own writer and reader: a
line cut short by a crash is dropped, and cut off before the next append; at most :data:`OUTBOX_LIMIT`), one record per step with a number ``n``. A background
thread sends them in order and writes how far it got to ``<name>.outbox-sent.json``
(``{"sent": n}``, atomically) after each batch the LRS stored; when all are sent the outbox is
removed. What is read back from the outbox is checked (a record's number, at most four
statements, each by this learner, as the learner id or its anonymous id on the course's address,
with one of the outbox's verbs): anything else in the file is never sent, so a file written by
someone else cannot speak for the learner. So a crash or being offline loses nothing, and at most the last batch is sent again
(which the LRS keeps once). The thread never holds up a key press: the learner's step only
appends a line.

When the LRS cannot be reached (no network, HTTP 5xx or 429, an answer that takes too long), it
tries again later, waiting longer each time (:data:`FIRST_WAIT` doubling up to
:data:`LONGEST_WAIT`). When it refuses the user name and password (401/403), or answers in a way
that says the address is wrong (a redirect, which is never followed: it would carry the
password elsewhere; 404 and the like), it stops and says so in words until the learner changes
the setting (or learnmeta starts again). A statement the LRS says is invalid (400) is left out,
counted and said; the others go on.

Only the window that saves (it holds the progress file's lock) keeps an outbox: a second window
on the same learner sends nothing, and says so.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from learnmeta import files, lrs
from learnmeta.files import FileProblem, read_bounded_or_none, replace_atomically

ADDRESS_ENV = "LEARNMETA_LRS_URL"
"""The environment variable a course sets to offer its LRS (like ``learnmeta --lrs URL``)."""
OUTBOX_LIMIT = 16 * 1024 * 1024
"""The largest outbox: about 5,000 answers waiting (an answer's statement is about 2 KB)."""
BATCH = 50
"""Statements per request."""
FIRST_WAIT = 5.0
LONGEST_WAIT = 300.0
"""Seconds before trying again when the LRS cannot be reached: doubling from the first."""
TIMEOUT = 10.0
DEADLINE = 30.0
"""Seconds one read may wait, and an answer may take in all."""
MAX_ANSWER = 1024 * 1024
"""The most read of one answer of the LRS (it answers a POST with a list of ids)."""
MAX_SENT_FILE = 4096
_MAX_ACKED = 2**52
"""The largest acknowledgement taken from ``<name>.outbox-sent.json`` (a larger one is damaged:
everything is sent again): the numbers after it stay below 2**53, the largest read back."""


MAX_RECORD_BYTES = 64 * 1024
"""The longest outbox line read (a record is a few KB); a longer one is dropped as damaged."""


@dataclass
class _Read:
    records: list[dict]
    dropped: int = 0


def _read_log(path: Path, limit: int) -> _Read:
    """The outbox's records (JSON objects, one a line); lines that are not (cut short by a
    crash, damaged, too long) are dropped. Raises FileProblem for a file it cannot read."""
    try:
        lines = files.read_lines_bounded(path, limit, MAX_RECORD_BYTES)
    except FileProblem as problem:
        if problem.code == "not-found":
            return _Read([])
        raise
    found = _Read([])
    for _, line in lines.lines:
        if line is None or not line.strip():
            found.dropped += line is None
            continue
        _take(found, line)
    if lines.torn.strip():
        # The bytes after the last line end: a record cut short by a crash (dropped, and cut off
        # before the next append), or a whole one missing only its line end, which the next
        # append keeps (:func:`_torn`): read, so that its number is never given again.
        _take(found, lines.torn)
    return found


def _take(found: _Read, line: bytes) -> None:
    try:
        record = json.loads(line.decode("utf-8"))
    except (ValueError, RecursionError, UnicodeDecodeError):
        found.dropped += 1
        return
    if isinstance(record, dict):
        found.records.append(record)
    else:
        found.dropped += 1


def _torn(tail: bytes) -> bool:
    """Whether the outbox's last line, without its line end, is a record cut short by a crash
    (not a whole JSON value): then :func:`files.append_durably` cuts it off under the file's lock
    before the next record is appended, as the answer log's is, so it is not left in the middle
    of the outbox. A whole record missing only its line end is kept (and read: :func:`_read_log`)."""
    try:
        json.loads(tail)
    except (ValueError, RecursionError):
        return True
    return False


def _append_log(path: Path, record: dict, limit: int) -> None:
    """Append ``record`` durably; FileProblem ``too-large`` when the outbox would pass ``limit``."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    size = files.size_or_none(path) or 0
    if size + len(line) + 1 > limit:
        raise FileProblem(path, f"the outbox is full ({size} bytes)", "too-large")
    files.append_durably(path, line, torn=_torn)


def outbox_path(progress_path: Path) -> Path:
    return progress_path.with_name(progress_path.stem + ".outbox.jsonl")


def sent_path(progress_path: Path) -> Path:
    return progress_path.with_name(progress_path.stem + ".outbox-sent.json")


def offered_address(option: str | None) -> tuple[str | None, str]:
    """The LRS the course offers: ``--lrs`` (``option``), else ``LEARNMETA_LRS_URL``, as its
    statements address, and where it came from (for messages). Raises
    :class:`learnmeta.lrs.BadAddress` for an address that cannot be used."""
    if option:
        return lrs.statements_url(option), "--lrs"
    value = os.environ.get(ADDRESS_ENV, "").strip()
    if value:
        return lrs.statements_url(value), ADDRESS_ENV
    return None, ""


def host_of(address: str) -> str:
    """The LRS as a learner is told it: its host (and port)."""
    return urlsplit(address).netloc or address


def encrypted(address: str) -> bool:
    """Whether what is sent there is encrypted on the way (https, or this computer itself)."""
    parts = urlsplit(address)
    return parts.scheme == "https" or (parts.hostname or "") in ("127.0.0.1", "localhost", "::1")


WHAT_IS_SENT = (
    "What is sent: each answer you give (the question, your answer, whether it was right, and "
    "when) and your quiz scores, with a random learner number instead of your name. Your name "
    "and the rest of your progress stay on this computer."
)


def not_encrypted_note(address: str) -> str:
    """A plain warning when what is sent there is not encrypted on the way ("" when it is)."""
    if encrypted(address):
        return ""
    return " This address does not use https, so what is sent is not encrypted on the way."


def consent_question(address: str) -> str:
    """What a learner is asked when their course offers its record store at ``address``."""
    return (
        f"Your course asks to receive your answers in its record store at {host_of(address)}. "
        f"{WHAT_IS_SENT}{not_encrypted_note(address)} You can turn this off at any time in "
        "Settings. Send your answers to your course?"
    )


def sending_note(outbox: Any) -> str | None:
    """What learnmeta says instead of "nothing leaves this computer" while the learner has
    chosen to send their answers to their course; None when they have not."""
    if outbox is None or not outbox.on or outbox.address is None:
        return None
    return (
        "Your progress is kept in a file on this computer. Because you chose to, your answers "
        f"are also sent to your course's record store at {host_of(outbox.address)}; you can turn "
        "this off in Settings."
    )


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Status:
    """What the outbox is doing, for Settings and plain mode."""

    on: bool
    """The learner agreed to send to :attr:`address`."""
    address: str | None
    """The LRS agreed to, or else offered (None: no course offers one)."""
    answers_waiting: int
    quizzes_waiting: int
    sent: int
    """Statements sent since learnmeta started."""
    state: str
    """``off``, ``idle`` (nothing waiting), ``sending``, ``unreachable``, ``no-credentials``,
    ``refused``, ``stopped``, ``full``, ``broken``, ``read-only``."""
    words: str
    """The state in plain words, for the learner."""

    @property
    def waiting(self) -> int:
        return self.answers_waiting + self.quizzes_waiting


class Outbox:
    """One learner's outbox (see the module's notes). :meth:`start` it after the store opened;
    :meth:`stop` it before the store closes."""

    def __init__(
        self,
        store: Any,
        library: Any = None,
        *,
        offered: str | None = None,
        user: str | None = None,
        password: str | None = None,
        base: str | None = None,
        anonymous_key: str | None = None,
        first_wait: float = FIRST_WAIT,
        longest_wait: float = LONGEST_WAIT,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        batch: int = BATCH,
    ) -> None:
        from learnmeta.instructor import xapi

        self.store = store
        self.offered = offered
        self._user = user if user is not None else os.environ.get(lrs.USER_ENV, "")
        self._password = password if password is not None else os.environ.get(lrs.PASSWORD_ENV, "")
        self.base = base or xapi.checked_base()
        self.anonymous_key = anonymous_key
        self.first_wait = first_wait
        self.longest_wait = longest_wait
        self.timeout = timeout
        self.deadline = deadline
        self.batch = max(1, batch)
        self.path = outbox_path(store.path)
        self.sent_file = sent_path(store.path)
        self._packs = {pack.id: pack for pack in getattr(library, "packs", [])}
        self._lesson_titles = {lesson.meta.id: lesson.meta.title for lesson in getattr(library, "lessons", [])}
        self._previous_answer: dict = {}
        """attempt id -> when its previous answer was given (for the next answer's duration)."""
        self._queued: dict[str, dict] = {}
        """answer id -> the attempt start its statement was made with, for each answer this
        outbox took: only those are voided (or corrected) when taken back or marked right."""
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._urgent = False
        self._pending: deque[dict] = deque()
        self._next = 1
        self._acked = 0
        self._state = "idle"
        self._words = ""
        self._blocked = False
        self._full = False
        self._broken: str | None = None
        self._sent = 0
        self._rejected = 0
        self._one_at_a_time = False
        self._retry_at: float | None = None
        self._sent_since_compact = False
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[str], None]] = []
        self._watchers: list[Callable[[], None]] = []
        self._loaded = False
        self._own: set[str] = set()
        """The ids of the statements (but voiding ones) in this outbox's own records: a voiding
        statement read back from the file is sent only when its target is one of these, or the
        statement of an answer in this learner's answer log (:meth:`_may_void`)."""
        self._logged_targets: tuple[tuple[int, ...], set[str], set[str]] | None = None
        """The log's signature, the void targets asked about, and those that are this learner's."""
        self._others = False
        """The outbox read holds records of another learner (a progress file deleted and begun
        again beside its outbox, or a file put here): once this learner's are all sent, it is
        kept aside (``<name>.outbox.other-learner-<time>.jsonl``), never removed."""

    def __repr__(self) -> str:  # never the credentials
        return f"Outbox({str(self.path)!r})"

    # -- the learner's choice ------------------------------------------------------------------

    def _agreed(self) -> str | None:
        value = getattr(self.store.settings, "lrs", None)
        if not value:
            return None
        try:
            return lrs.statements_url(value)
        except lrs.BadAddress:
            return None

    @property
    def address(self) -> str | None:
        """Where answers go (agreed), else the address offered, else the one declined last."""
        return self._agreed() or self.offered or self._declined()

    def _declined(self) -> str | None:
        value = getattr(self.store.settings, "lrs_declined", None)
        try:
            return lrs.statements_url(value) if value else None
        except lrs.BadAddress:
            return None

    @property
    def on(self) -> bool:
        return self._agreed() is not None

    def needs_choice(self) -> bool:
        """A course offers an address the learner has not said yes or no to."""
        return (
            self.offered is not None
            and not self.store.read_only
            and self.offered != self._agreed()
            and self.offered != self._declined()
        )

    def choose(self, send: bool, address: str | None = None) -> None:
        """The learner said yes (send to ``address``, by default the one offered or known) or
        no. Saved at once; a yes starts sending (and clears a stop after a refusal)."""
        address = address or self.offered or self.address
        if address is None:
            return
        if send:
            self.store.update_settings(lrs=address, lrs_declined=None)
        else:
            self.store.update_settings(lrs=None, lrs_declined=address)
        with self._lock:
            self._blocked = False
            self._retry_at = None
            self._urgent = True
            if self._state in ("refused", "stopped"):
                self._state = "idle"
            if send and not self._loaded:
                self._load()
        self._changed()
        self._wake.set()

    def retry_now(self) -> None:
        """Try to send now (Settings' "Send now"), without waiting for the next try."""
        with self._lock:
            self._blocked = False
            self._retry_at = None
            self._urgent = True
            if self._state in ("refused", "stopped"):
                self._state = "idle"
        self._wake.set()

    def listen(self, callback: Callable[[str], None]) -> None:
        """``callback(words)`` when something the learner should know happens (the LRS refused
        the credentials, or stopped taking answers; the outbox is full): from the sending
        thread."""
        self._listeners.append(callback)

    def watch(self, callback: Callable[[], None]) -> None:
        """``callback()`` whenever the status changes (from any thread: the sending thread's
        changes are called from it, so the callback must only hand the news on, not block)."""
        self._watchers.append(callback)

    def unwatch(self, callback: Callable[[], None]) -> None:
        """No longer call ``callback`` (given to :meth:`watch`)."""
        try:
            self._watchers.remove(callback)
        except ValueError:
            pass

    def _tell(self, words: str) -> None:
        for callback in list(self._listeners):
            try:
                callback(words)
            except Exception:
                pass

    def _changed(self) -> None:
        for callback in list(self._watchers):
            try:
                callback()
            except Exception:
                pass

    # -- status --------------------------------------------------------------------------------

    def status(self) -> Status:
        with self._lock:
            answers = sum(1 for item in self._pending if item.get("kind") in ("answer", "change"))
            quizzes = len(self._pending) - answers
            state = self._current_state()
            words = self._describe(state, answers, quizzes)
            return Status(self.on, self.address, answers, quizzes, self._sent, state, words)

    def _current_state(self) -> str:
        if self._broken is not None:
            return "broken"
        if self.store.read_only:
            return "read-only"
        if not self.on:
            return "off"
        if not (self._user and self._password):
            return "no-credentials"
        if self._full:
            return "full"
        if self._state in ("refused", "stopped", "unreachable"):
            return self._state
        return "sending" if self._pending else "idle"

    def _describe(self, state: str, answers: int, quizzes: int) -> str:
        waiting = _plural(answers, "answer")
        if quizzes:
            waiting += " and " + _plural(quizzes, "quiz result")
        are = "is" if answers + quizzes == 1 else "are"
        host = host_of(self.address or "")
        kept = f"{waiting} {are} kept safely on this computer until then."
        if state == "broken":
            return (f"learnmeta cannot use its outbox file ({self._broken}), so nothing is sent from "
                    "this window. Your answers are kept in your progress file; your course can "
                    "collect them with learnmeta export.")
        if state == "read-only":
            return "This window does not save your progress, so it sends nothing either."
        if state == "off":
            if answers + quizzes:
                return (f"Sending is off: nothing leaves this computer. {waiting} from when it "
                        f"was on {are} kept here, and sent only if you turn it on again.")
            return "Sending is off: nothing leaves this computer."
        if state == "no-credentials":
            return (f"{waiting} waiting to send: learnmeta has no user name and password for the "
                    f"course's record store at {host} (your course sets {lrs.USER_ENV} and "
                    f"{lrs.PASSWORD_ENV}). {kept}")
        if state == "full":
            return (f"{waiting} waiting to send, and the outbox is full: newer answers are kept "
                    "in your progress file only. Your course can collect them with learnmeta export.")
        if state == "unreachable":
            when = ""
            if self._retry_at is not None:
                seconds = max(1, round(self._retry_at - time.monotonic()))
                when = (f" learnmeta tries again in {_plural(seconds, 'second')}." if seconds < 90
                        else f" learnmeta tries again in {_plural(round(seconds / 60), 'minute')}.")
            return f"{waiting} waiting to send: the course's record store is not reachable.{when} {kept}"
        if state == "refused":
            return (f"The course's record store at {host} refused learnmeta's user name and "
                    f"password ({self._words}), so nothing is being sent. {kept} Please tell your "
                    "course. learnmeta tries again when you turn sending off and on, or next "
                    "time it starts.")
        if state == "stopped":
            return (f"The course's record store at {host} did not take your answers: "
                    f"{self._words}. Nothing more is sent until you turn sending off and on, or "
                    f"learnmeta starts again. {kept} Please tell your course.")
        rejected = ""
        if self._rejected:
            rejected = (f" It refused {_plural(self._rejected, 'answer')} as not valid "
                        f"({self._words}); please tell your course.")
        if state == "sending":
            return f"{waiting} waiting to send to {host}: sending now.{rejected}"
        if self._sent:
            return f"Everything is sent to {host}. Nothing is waiting.{rejected}"
        return f"Your answers are sent to {host} as you go. Nothing is waiting.{rejected}"

    # -- starting and stopping -----------------------------------------------------------------

    def start(self) -> None:
        """Read what is waiting, listen to the store, and start the sending thread."""
        with self._lock:
            if self.on and not self.store.read_only:
                self._load()
        self.store.listen_records(self._recorded)
        self._thread = threading.Thread(target=self._run, name="learnmeta-outbox", daemon=True)
        self._thread.start()

    def finish(self, wait: float = 2.0) -> None:
        """Give what is being sent up to ``wait`` seconds to arrive (while the LRS answers),
        then stop: for the end of a session. What is left is sent next time."""
        end = time.monotonic() + wait
        while time.monotonic() < end and self._thread is not None and self._thread.is_alive():
            if self.status().state != "sending":
                break
            time.sleep(0.05)
        self.stop()

    def stop(self, wait: float = 0.5) -> None:
        """Stop sending (what is waiting stays in the outbox, for next time)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(wait)

    def _load(self) -> None:
        """Read the outbox and how far it was sent (under the lock)."""
        self._loaded = True
        acked = 0
        try:
            data = read_bounded_or_none(self.sent_file, MAX_SENT_FILE)
            value = json.loads(data.decode("utf-8")).get("sent") if data else 0
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < _MAX_ACKED:
                acked = value
        except (OSError, ValueError, AttributeError, RecursionError, UnicodeDecodeError):
            acked = 0  # sent again; the LRS keeps each statement once
        try:
            found = _read_log(self.path, OUTBOX_LIMIT)
        except FileProblem as problem:
            if problem.code == "too-large":  # not ours, or damaged: kept aside, a new one begun
                try:
                    files.move_aside(self.path, "too-large", suffix=".jsonl")
                except OSError:
                    self._full = True
                found = _Read([])
            else:
                self._broken = problem.reason
                return
        highest = acked
        seen: set[int] = set()
        actors = self._actors()
        for record in found.records:
            number = record.get("n")
            statements = record.get("statements")
            if (not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 2**53
                    or number in seen or not _statements_ok(statements)):
                continue
            statements = statements or []  # _statements_ok has refused anything but a list
            if not all(_ours(statement, actors) for statement in statements):
                self._others = True  # kept aside, not removed, once this learner's are sent
                # Not this learner's answers (a file written by someone else): never sent, and
                # its number neither hides this learner's record of the same number nor moves
                # the numbering on (one near the largest would number the next records past
                # what is read back: they were never sent, and the outbox was removed).
                continue
            seen.add(number)
            highest = max(highest, number)
            self._own.update(s["id"] for s in statements or () if not _voids(s))
            if number > acked:
                kind = record.get("kind")
                self._pending.append({"n": number, "kind": kind if kind in ("answer", "change") else "quiz",
                                      "statements": statements})
        self._acked = acked
        self._next = highest + 1
        # An outbox all sent (stopped between the acknowledgement and its removal): removed now.
        self._sent_since_compact = bool(found.records or found.dropped) and not self._pending

    # -- recording -----------------------------------------------------------------------------

    def _recorded(self, kind: str, record: Any) -> None:
        """The store recorded an answer or finished an attempt (in the front end's thread)."""
        if not self.on or self.store.read_only or self._broken is not None:
            return
        used: dict = {}
        statements = self._statements(kind, record, used)
        if not statements:
            return
        news = None
        with self._lock:
            if not self._loaded:
                self._load()
            if self._broken is not None:
                return
            item = {"n": self._next, "kind": {"answer": "answer", "attempt": "quiz"}.get(kind, "change"),
                    "statements": statements}
            try:
                _append_log(self.path, item, OUTBOX_LIMIT)
            except FileProblem as problem:
                if problem.code != "too-large":
                    self._broken = problem.reason
                elif not self._full:
                    self._full = True
                    news = "full"
            except OSError as error:
                self._broken = error.strerror or str(error)
            else:
                self._next += 1
                self._pending.append(item)
                self._own.update(s["id"] for s in statements if not _voids(s))
                if kind == "answer" and getattr(record, "id", None):
                    self._queued[record.id] = used
        if news is not None:
            self._tell(self.status().words)
        self._wake.set()
        self._changed()

    def _actors(self) -> list[dict]:
        """The actors this learner's statements may have: by the learner id, or by the
        anonymous id under the course's key."""
        from learnmeta.instructor import results, xapi

        learner = self.store.progress.learner.id
        if not learner:
            return []
        names = {learner, results.anonymous_id(learner, self.anonymous_key) if self.anonymous_key else learner}
        return [results.actor(account_name=name, home=xapi.home_page(self.base)) for name in names]

    def _statements(self, kind: str, record: Any, used: dict | None = None) -> list[dict]:
        from learnmeta.instructor import results, xapi

        progress = self.store.progress
        learner = progress.learner.id
        if not learner:
            return []
        shown = results.anonymous_id(learner, self.anonymous_key) if self.anonymous_key else learner
        agent = results.actor(account_name=shown, home=xapi.home_page(self.base))
        if kind == "answer":
            return _answer_statements(progress, record, agent, shown, self.base, self._packs, self._lesson_titles,
                                      self._previous_answer, used)
        if kind in ("undo", "overrule"):
            mark, answer = record
            starts = self._queued.get(getattr(answer, "id", None) or "")
            if starts is None:
                return []  # not an answer this outbox took: the record store never had it from here
            return _change_statements(progress, kind, mark, answer, agent, shown, self.base, self._packs,
                                      self._lesson_titles, starts)
        if kind == "attempt":
            return _attempt_statements(progress, record, agent, shown, self.base, self._packs)
        return []

    # -- sending -------------------------------------------------------------------------------

    def _client(self) -> lrs.Client:
        return lrs.Client(self._agreed() or "", self._user, self._password, tries=1, timeout=self.timeout,
                          max_answer_bytes=MAX_ANSWER, deadline=self.deadline)

    def _ready(self) -> list[dict]:
        """The next records to send (under the lock); none when nothing may be sent now."""
        if (self._blocked or not self.on or self.store.read_only or self._broken is not None
                or not (self._user and self._password) or not self._pending):
            return []
        if self._one_at_a_time:
            return [self._pending[0]]
        chosen: list[dict] = []
        count = 0
        for item in self._pending:
            if chosen and count + len(item["statements"]) > self.batch:
                break
            chosen.append(item)
            count += len(item["statements"])
        return chosen

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            self._wake.clear()
            with self._lock:
                self._urgent = False
                todo = self._ready()
            if not todo:
                self._compact()
                self._changed()
                self._wake.wait()
                continue
            self._changed()
            try:
                chosen = [s for item in todo for s in item["statements"] if not _voids(s) or self._may_void(s)]
                if not chosen:
                    self._done(todo)  # only voids of statements this learner never made: never sent
                    continue
                self._client().send(chosen, batch=self.batch)
            except lrs.Unreachable as error:
                failures += 1
                wait = min(self.longest_wait, self.first_wait * 2 ** (failures - 1))
                wait *= random.uniform(0.8, 1.2)
                with self._lock:
                    self._state, self._words = "unreachable", error.message
                    self._retry_at = time.monotonic() + wait
                self._changed()
                self._pause(wait)
                continue
            except lrs.Refused as error:
                with self._lock:
                    self._state, self._words, self._blocked = "refused", f"HTTP {error.status}", True
                self._tell(self.status().words)
                continue
            except lrs.Rejected as error:
                if error.status in (400, 413, 422) and len(todo) > 1:
                    self._one_at_a_time = True  # find the one it refuses; send the rest
                    continue
                if error.status in (400, 413, 422):
                    with self._lock:
                        self._rejected += 1
                        self._words = _reason(error.message)
                    self._done(todo)
                    continue
                words = _reason(error.message)
                if 300 <= error.status < 400:
                    words = (f"it sent learnmeta to another address (HTTP {error.status}), which learnmeta "
                             "never follows: it would carry the password there")
                with self._lock:
                    self._state, self._words, self._blocked = "stopped", words, True
                self._tell(self.status().words)
                continue
            except lrs.LrsError as error:  # pragma: no cover - every kind is above
                with self._lock:
                    self._state, self._words, self._blocked = "stopped", _reason(error.message), True
                continue
            except Exception as error:  # a bug must not end sending silently, nor the app
                with self._lock:
                    self._state, self._words, self._blocked = "stopped", type(error).__name__, True
                continue
            failures = 0
            self._one_at_a_time = False
            self._done(todo)

    def _may_void(self, statement: dict) -> bool:
        """Whether the voiding ``statement`` (checked by :func:`_ours`) voids a statement this
        learner's outbox or answers made: one in this outbox's own records, or the "answered"
        statement (as given, or as corrected) of an answer in this learner's answer log or
        progress file. An outbox file is untrusted: one planted beside the progress file must
        not void other learners' statements with the course's credentials. The log is read only
        here, when such a void is about to be sent, never at start-up."""
        target = statement["object"]["id"]
        with self._lock:
            if target in self._own:
                return True
            waiting = {s["object"]["id"] for item in self._pending for s in item["statements"] if _voids(s)}
        return target in self._answer_targets(waiting | {target})

    def _answer_targets(self, wanted: set[str]) -> set[str]:
        """Those of ``wanted`` (the targets of voiding statements) that are the "answered"
        statement of an answer in this learner's answer log or progress file. The log is gone
        through line by line, each answer's statement ids made and compared, none kept: what is
        held is the targets asked about, whatever the log's length (it held every answer, then
        four statement ids for each). Kept until the log changes, for the targets asked so far
        (the voids waiting in the outbox are asked about together)."""
        from learnmeta.instructor import results, xapi
        from learnmeta.progress import answerlog
        from learnmeta.progress.writing import signature

        progress = self.store.progress
        learner = progress.learner.id
        if not learner:
            return set()
        path = answerlog.log_path(self.store.path)
        found = signature(path) or ()
        key = (*found, len(progress.history.answers))
        cached = self._logged_targets
        if cached is not None and cached[0] == key and wanted <= cached[1]:
            return cached[2]
        asked = wanted | (cached[1] if cached is not None and cached[0] == key else set())
        names = {learner, results.anonymous_id(learner, self.anonymous_key) if self.anonymous_key else learner}
        ours: set[str] = set()

        def check(answer: str) -> None:
            for name in names:
                for overruled in (False, True):
                    made = xapi.answered_id(name, answer, overruled)
                    if made in asked:
                        ours.add(made)

        for entry in list(progress.history.answers):
            if getattr(entry, "id", None):
                check(entry.id)
        try:
            for answer in answerlog.answer_ids(path, learner):
                check(answer)
        except (OSError, FileProblem):
            pass
        self._logged_targets = (key, asked, ours)
        return ours

    def _pause(self, seconds: float) -> None:
        """Wait ``seconds`` before trying again, unless asked to try now (or to stop); a new
        answer does not cut the wait short."""
        end = time.monotonic() + seconds
        while not self._stopping.is_set():
            left = end - time.monotonic()
            if left <= 0:
                break
            self._wake.wait(left)
            self._wake.clear()
            with self._lock:
                if self._urgent:
                    break
        with self._lock:
            self._retry_at = None

    def _done(self, todo: list[dict]) -> None:
        """``todo`` was stored by the LRS (or refused as invalid): acknowledge it."""
        last = todo[-1]["n"]
        try:
            replace_atomically(self.sent_file, json.dumps({"sent": last}) + "\n")
        except OSError:
            pass  # sent again next time: the LRS keeps each statement once
        with self._lock:
            sent = {item["n"] for item in todo}
            while self._pending and self._pending[0]["n"] in sent:
                self._sent += len(self._pending.popleft()["statements"])
            self._acked = last
            self._state = "idle"
            self._sent_since_compact = True
        self._changed()

    def _compact(self) -> None:
        """Everything is sent: remove the outbox (its acknowledgement stays, for the numbers)."""
        with self._lock:
            if self._pending or not self._sent_since_compact or self._broken is not None:
                return
            self._sent_since_compact = False
            try:
                if self._others:  # another learner's records too: never removed with these
                    files.move_aside(self.path, "other-learner", suffix=".jsonl")
                    self._others = False
                else:
                    self.path.unlink()
                    files.fsync_folder(self.path.parent)
            except OSError:
                pass


_VERBS = {
    "http://adlnet.gov/expapi/verbs/answered",
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
    "http://adlnet.gov/expapi/verbs/voided",
}
"""The verbs the outbox sends."""


def _ours(statement: dict, actors: list[dict]) -> bool:
    """A statement the outbox may send: by this learner, with one of its verbs (a voiding
    statement's object a reference to one statement, as the outbox makes it)."""
    verb = statement.get("verb")
    if not (statement.get("actor") in actors and isinstance(verb, dict) and verb.get("id") in _VERBS):
        return False
    if verb.get("id") != "http://adlnet.gov/expapi/verbs/voided":
        return True
    target = statement.get("object")
    return (isinstance(target, dict) and set(target) == {"objectType", "id"}
            and target.get("objectType") == "StatementRef" and isinstance(target.get("id"), str)
            and len(target["id"]) == 36)


def _voids(statement: dict) -> bool:
    verb = statement.get("verb")
    return isinstance(verb, dict) and verb.get("id") == "http://adlnet.gov/expapi/verbs/voided"


def _reason(message: str) -> str:
    """What went wrong, without the LRS's address (said already)."""
    if message.startswith("the LRS at "):
        parts = message.split(" ", 4)  # "the LRS at ORIGIN rest"
        return parts[4] if len(parts) == 5 else message
    return message


def _statements_ok(value: Any) -> bool:
    return (
        isinstance(value, list)
        and 0 < len(value) <= 4
        and all(isinstance(s, dict) and isinstance(s.get("id"), str) and 0 < len(s["id"]) <= 64 for s in value)
    )


def _answer_statements(progress, entry, agent: dict, learner: str, base: str, packs: dict,
                       lesson_titles: dict, previous: dict | None = None, used: dict | None = None) -> list[dict]:
    """The "answered" statement of the answer ``entry`` just recorded, as ``learnmeta export``
    makes it (the same id, from the answer's own id, and content, but for the learner's name,
    which is never sent from here). ``previous`` maps an attempt id to the time of its previous
    answer sent from this window (kept up to date here): an attempt's first answer here counts
    its duration from the attempt's start."""
    from learnmeta.instructor import results, xapi

    previous = {} if previous is None else previous
    start = None
    if entry.attempt:
        start = previous.get(entry.attempt)
        if start is None or start > entry.when:
            start = None
            for pack in progress.packs.values():
                for attempt in pack.attempts:
                    if attempt.id == entry.attempt:
                        start = attempt.started
        previous[entry.attempt] = entry.when
    record = results.history_record(progress, entry, learner)
    starts = {entry.attempt: results.iso(start)} if entry.attempt and start is not None else {}
    if used is not None:
        used.update(starts)
    return xapi.statements(agent, learner, [record], [], base=base, packs=packs, attempt_starts=starts,
                           lesson_titles=lesson_titles)


def _change_statements(progress, kind: str, mark, answer, agent: dict, learner: str, base: str, packs: dict,
                       lesson_titles: dict, starts: dict) -> list[dict]:
    """What the record store is told when the learner takes back (``undo``) or marks right
    (``overrule``) an answer it was sent, as ``learnmeta export`` makes it: the statement of the
    answer as given is voided; an overruled answer is sent again as right, under an id of its own
    (made from the same attempt start as the first, so the two statements agree but for the
    result); an overruled answer taken back has that statement voided too."""
    from dataclasses import replace

    from learnmeta.instructor import results, xapi

    when = results.iso(getattr(mark, "when", None)) or results.iso(answer.when)
    change = {"answer_id": answer.id, "attempt": answer.attempt, "when": results.iso(answer.when)}
    if kind == "overrule":
        record = results.history_record(progress, replace(answer, correct=True, overruled=True), learner)
        change.update(overruled=True, overruled_at=when)
        return xapi.statements(agent, learner, [record], [], base=base, packs=packs, attempt_starts=starts,
                               lesson_titles=lesson_titles, changes=[change])
    overruled = bool(getattr(answer, "overruled", None))
    change.update(undone=True, undone_at=when, overruled=overruled)
    made = xapi.statements(agent, learner, [], [], base=base, packs=packs, changes=[change])
    if overruled:  # the answer as given was voided when it was marked right: said once
        original = xapi.answered_id(learner, answer.id)
        made = [s for s in made if s["object"]["id"] != original]
    return made


def _attempt_statements(progress, attempt, agent: dict, learner: str, base: str, packs: dict) -> list[dict]:
    """The "completed" (and "passed"/"failed") statements of a finished attempt, as export makes them."""
    from learnmeta.instructor import results, xapi

    if attempt.finished is None:
        return []
    found = [record for record in results.attempt_records(progress, learner) if record["attempt"] == attempt.id]
    return xapi.statements(agent, learner, [], found[-1:], base=base, packs=packs) if found else []
