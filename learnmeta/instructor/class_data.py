"""Reading a class's results for ``learnmeta report``: progress files and exports, into one shape.

Accepted files (by their ending): ``.toml`` progress files, and what ``learnmeta export`` writes:
``.json``, ``.csv`` and ``.jsonl``/``.ndjson``/``.xapi`` (xAPI statements, one per line; a JSON
array of statements in a ``.json`` file works too). A folder stands for the accepted files in it.

Every reader raises only :class:`Unreadable` (with a plain reason) for a file it cannot use, so
the report can list it and go on. Each learner is known by their learner id, never by their name
(two people can share a name): a progress file's ``[learner]`` ``id`` (or, for a file from before
ids that was not saved since, an id derived from its content, so the same file handed in twice
counts once: see :func:`learnmeta.instructor.results.learner_id`), an export's ``learner`` (the
id, or its anonymous hash), an xAPI statement's actor ``account`` name (or ``mbox``). An export
from before learner ids names the learner instead, and is read as it is.

Every answer is kept, per learner, pack and question, in time order: a progress file gives the
same answers as its export (every answer in the answer log beside it, ``<stem>.answers.jsonl``,
which is read with it; plus the latest answer of questions the log does not reach; see
:func:`learnmeta.instructor.results.answer_records`). A progress file handed in without its log
is read, with a note that only each question's latest answer is known; a log named on its own is
skipped (name its progress file). An export from an
older learnmeta (one latest answer per question) simply gives fewer. The same learner in two files
is merged: an answer found in both (same time, response and correctness) counts once, so a
progress file and its export, or two exports made a week apart, do not count anything twice.

Besides the answers, each learner's result in each pack: the best percent and whether they passed,
from their finished *whole-pack quizzes* only (attempt mode ``"quiz"``; see
:func:`learnmeta.instructor.results.quiz_result`). A knowledge check (mode ``"check"``, stored by
the app as ``"practice"``), practising missed questions and a review are answers, never a finished
pack. Where each format keeps it: a progress file's pack totals and attempts; a JSON export's
``packs`` totals and ``attempts`` (with their ``mode``); a CSV export's ``pack_best_percent`` and
``pack_passed`` columns (a CSV from before those columns has answers only, so its learners have no
finished quiz); xAPI "completed"/"passed"/"failed" statements whose ``mode`` extension is
``"quiz"`` (in statements without it, from an older learnmeta, only "passed"/"failed" count:
those were only ever given for a whole quiz).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from learnmeta.instructor.results import QUIZ_MODE

MAX_BYTES = 64 * 1024 * 1024
SUFFIXES = (".toml", ".json", ".csv", ".jsonl", ".ndjson", ".xapi")

# What is kept of each answer and statement is bounded: a statement may hold a string of tens of
# megabytes (an LRS's page may be 64 MiB), and one report reads up to 5 million of them.
MAX_RESPONSE_CHARS = 1000
"""The most characters kept of a response (learnmeta keeps 200 of an answer: see
:data:`learnmeta.progress.model.MAX_ANSWER_CHARS`); a longer one is cut, ending with "…"."""
MAX_TIME_CHARS = 64
"""The most characters kept of a time that is not an ISO 8601 time (one that is reads as 20)."""
MAX_ID_CHARS = 200
"""The longest pack or question id a statement may name (a progress file's keys are at most 200
characters, a pack's ids 64): a statement naming a longer one is not learnmeta's."""
MAX_LEARNER_CHARS = 320
"""The longest learner a statement may name: a learner id (36 characters), an anonymous id, or
an e-mail address (``mailto:`` and at most 254 characters, with --email)."""
MAX_STATEMENT_ID_CHARS = 64
"""The longest statement id remembered (to take out an answer voided later, and to count an
answer the LRS gives twice once); xAPI's are UUIDs, 36 characters."""
MAX_OBJECT_ID_CHARS = 4096
"""The longest activity id (an address) looked into for a pack and a question."""
MAX_KEPT_BYTES = 4_000_000_000
"""The most bytes one report keeps, from statements or from files (learners, packs and questions as first met,
each answer's response and time, the statement ids remembered, and what holds each of them, as
Python holds them: :attr:`ClassData.kept`, never less than what it holds). learnmeta's own
statements count about 480 bytes each (2.4 GB for the 5 million of
:data:`learnmeta.lrs.MAX_STATEMENTS`; the report holds some 430 at its peak, the table of
statement ids included, and 270 once read: a response, pack or question id met again is held and
counted once, see :meth:`ClassData._shared`); within the bounds above, a hostile LRS could make
each count some 7 KB (characters beyond the Basic Multilingual Plane are 4 bytes each), 35 GB for
5 million. From files (:func:`read_class`), a learner who went through the whole built-in course
once (125 answers) counts about 45 kB in a class of 20: some 90,000 of them."""


_size = sys.getsizeof


class TooMuchKept(Exception):
    """The statements read would make the report keep more than :data:`MAX_KEPT_BYTES`."""

    def __init__(self, kept: int, most: int) -> None:
        super().__init__(f"more than {most:,} bytes")
        self.kept = kept
        self.most = most


class Unreadable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _when(value) -> str:
    """A time as ``2026-11-24T14:03:00Z`` (UTC), so times from every format compare; other text as is."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    if len(text) == 20 and text[19] == "Z" and text[10] == "T" and text[4] == "-":
        return text  # already in this form (what learnmeta writes): most of them
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        return moment.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    except (ValueError, OverflowError):
        return text[:MAX_TIME_CHARS]


@dataclass(frozen=True, slots=True)  # slots: a class of 10,000 learners holds 140,000 of them
class Answer:
    correct: bool
    response: str = ""
    when: str = ""
    hints: int | None = field(default=None, compare=False)
    """Hints the learner opened before this answer; None where the file does not say (xAPI, a
    ``latest`` record). Not part of what makes two answers the same (see :meth:`ClassData.merge`)."""
    overruled: bool | None = field(default=None, compare=False)
    """Whether the learner overruled the marking of this answer; None where not recorded."""
    given_again: bool = field(default=False, compare=False)
    """Given after the learner took back (undo) a wrong answer to the question: the file says so
    (the log's, CSV's and JSON's ``given_again``, the xAPI ``given-again`` extension)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "when", _when(self.when))
        if len(self.response) > MAX_RESPONSE_CHARS:
            object.__setattr__(self, "response", self.response[: MAX_RESPONSE_CHARS - 1] + "…")

    def __reduce__(self) -> tuple:
        """A piece of a class read by another process comes back as each answer's six values,
        made into the answer as they are (checked and cut when it was first made), not through
        the dataclass's own state, field by field: a tenth of the CPU of sending a class of
        10,000 learners (140,000 answers) from the processes that read it."""
        return (_answer_as_made, (self.correct, self.response, self.when, self.hints, self.overruled,
                                  self.given_again))


_new_answer = object.__new__
_set = object.__setattr__


def _answer_as_made(correct: bool, response: str, when: str, hints: int | None, overruled: bool | None,
                    given_again: bool) -> Answer:
    """An :class:`Answer` with these values, already made once (:meth:`Answer.__reduce__`)."""
    answer = _new_answer(Answer)
    _set(answer, "correct", correct)
    _set(answer, "response", response)
    _set(answer, "when", when)
    _set(answer, "hints", hints)
    _set(answer, "overruled", overruled)
    _set(answer, "given_again", given_again)
    return answer


def _hints(value) -> int | None:
    """A hints-used cell or value: a whole number of 0 or more, or None (empty, missing, odd)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if 0 <= number <= 1000 else None


def _percent(value) -> int:
    """A score in percent from an export (a JSON number, a CSV cell): a whole number from 0 to
    100, or ValueError saying so. ``int()`` took any: 1e300 made the report's mean score a number
    of 300 digits, one of 400 digits stopped it (a float cannot hold it), Infinity and 5,000
    digits were refused with Python's own words."""
    if isinstance(value, str) and len(value.strip()) <= 20:
        value = value.strip()
        try:
            value = int(value)
        except ValueError:
            pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int or not 0 <= value <= 100:
        raise ValueError("a score that is not a whole percent from 0 to 100")
    return value


def _flag(value) -> bool | None:
    """An optional true/false value (an overrule): None when empty or missing or not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return _bool(value)
    except ValueError:
        return None


@dataclass
class LearnerPack:
    """One learner's results in one pack."""

    answers: dict[str, list[Answer]] = field(default_factory=dict)
    """question id -> every answer known, in time order (answers without a time first)."""
    best_percent: int | None = None
    """The best finished whole-pack quiz (attempt mode "quiz"), in percent; None if none finished."""
    passed: bool | None = None
    """True if a finished whole-pack quiz passed, False if one finished and none passed."""
    drawn: int | None = None
    """For a pack with a question pool: the most questions one of the learner's attempts drew
    (None when no attempt says: a pack without a pool, or a format without attempts)."""

    @property
    def finished(self) -> bool:
        """At least one whole-pack quiz finished (with its score)."""
        return self.best_percent is not None

    def first_answers(self) -> dict[str, Answer]:
        """Each question's first known answer."""
        return {qid: answers[0] for qid, answers in self.answers.items() if answers}

    def latest_answers(self) -> dict[str, Answer]:
        """Each question's latest answer."""
        return {qid: answers[-1] for qid, answers in self.answers.items() if answers}


def _time_of(answer: Answer) -> str:
    return answer.when


class _Lacking:
    """Where the answers equal to one are in a list of answers, by what each does not say yet
    (its hints, whether it was overruled, that it was given again), each in order. An answer
    that has come to say it is dropped from that queue when met at its head, so each is passed
    over once in all, not once for every answer equal to it (see :func:`_enrich`)."""

    __slots__ = ("hints", "overruled", "given_again")

    def __init__(self) -> None:
        self.hints: deque[int] = deque()
        self.overruled: deque[int] = deque()
        self.given_again: deque[int] = deque()

    def add(self, index: int, answer: Answer) -> None:
        if answer.hints is None:
            self.hints.append(index)
        if answer.overruled is None:
            self.overruled.append(index)
        if not answer.given_again:
            self.given_again.append(index)


def _first_lacking(queue: deque[int], answers: list[Answer], says: Callable[[Answer], bool]) -> int | None:
    while queue and says(answers[queue[0]]):
        queue.popleft()
    return queue[0] if queue else None


def _enrich(answers: list[Answer], same: Answer, lacking: _Lacking) -> None:
    """The same answer from another file may say what the first one did not (the hints from a
    progress file, after its xAPI export): keep what is known, in the first of the answers equal
    to ``same`` that lacks something ``same`` says. ``lacking``: where those answers are, by what
    they lack (looking through every answer for each made a file given twice cost the square of
    its answers to a question; looking through every equal answer did, for answers alike, such
    as one file given twice)."""
    if same.hints is None and same.overruled is None and not same.given_again:
        return  # nothing to add
    heads = []
    if same.hints is not None:
        heads.append(_first_lacking(lacking.hints, answers, lambda a: a.hints is not None))
    if same.overruled is not None:
        heads.append(_first_lacking(lacking.overruled, answers, lambda a: a.overruled is not None))
    if same.given_again:
        heads.append(_first_lacking(lacking.given_again, answers, lambda a: a.given_again))
    found = [index for index in heads if index is not None]
    if not found:
        return
    index = min(found)
    answer = answers[index]
    answers[index] = Answer(
        answer.correct, answer.response, answer.when,
        answer.hints if answer.hints is not None else same.hints,
        answer.overruled if answer.overruled is not None else same.overruled,
        answer.given_again or same.given_again,
    )


@dataclass
class ClassData:
    learners: dict[str, dict[str, LearnerPack]] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Files read, with what the report could not use of them (a progress file without its log)."""
    left_out: list[str] = field(default_factory=list)
    """Files not read because what the report keeps had passed its bound (:data:`MAX_KEPT_BYTES`:
    see :func:`read_class`), in order."""
    kept: int = field(default=0, compare=False, repr=False)
    """Bytes kept (as ``sys.getsizeof`` has them): each learner id as it is first met, each pack
    and question id and each response as its text is first met (:meth:`_shared`), with the
    table, record or list that holds what is kept of each (per learner), each answer's time and
    record. :func:`read_statements` and :func:`read_class` bound it (:data:`MAX_KEPT_BYTES`)."""
    _texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Pack and question ids and responses as first met (:meth:`_shared`)."""
    _unsorted: dict[int, list[Answer]] = field(default_factory=dict, compare=False, repr=False)
    """The lists of answers given one earlier than their last, to sort by :meth:`settle`."""

    def __getstate__(self) -> dict:  # a piece read by another process: its answers, not the table
        self.settle()
        state = dict(self.__dict__)
        state["_texts"] = {}
        state["_unsorted"] = {}
        return state

    def settle(self) -> None:
        """Sort by time each list of answers that was given one out of order (stable: answers in
        the same second keep their order). Sorted once, when the reading is done, not at each
        such answer: answers given newest first (an LRS's own order, or a file's) sorted the
        whole list again at every one, n answers to a question n times."""
        for answers in self._unsorted.values():
            answers.sort(key=_time_of)
        self._unsorted.clear()

    def _shared(self, text: str) -> str:
        """``text`` as first met by this class: the same pack and question ids and the same
        responses recur in answer after answer (a class's 14,000 answers to a course's questions
        held 22 responses), and each is then held, and counted, once. At most
        :data:`MOST_SHARED` texts are remembered; others are held, and counted, each time."""
        held = self._texts.get(text)
        if held is not None:
            return held
        if len(self._texts) < MOST_SHARED:
            self._texts[text] = text
            self.kept += _SHARED_ROOM
        self.kept += _size(text)
        return text

    def pack(self, learner: str, pack_id: str) -> LearnerPack:
        packs = self.learners.get(learner)
        if packs is None:
            packs = self.learners[learner] = {}
            self.kept += _size(learner) + _LEARNER_ROOM
        item = packs.get(pack_id)
        if item is None:
            item = packs[self._shared(pack_id)] = LearnerPack()
            self.kept += _PACK_ROOM
        return item

    def answer(self, learner: str, pack_id: str, question_id: str, answer: Answer) -> None:
        """One more answer (every answer counts, even one just like another)."""
        item = self.pack(learner, pack_id)
        answers = item.answers.get(question_id)
        if answers is None:
            answers = item.answers[self._shared(question_id)] = []
            self.kept += _QUESTION_ROOM
        response = self._shared(answer.response)
        if response is not answer.response:  # the same text: this copy is let go
            object.__setattr__(answer, "response", response)
        self.kept += _size(answer.when) + _ANSWER_ROOM
        answers.append(answer)
        if len(answers) > 1 and answers[-2].when > answer.when:
            self._unsorted[id(answers)] = answers  # sorted once, by settle()

    def merge(self, other: ClassData) -> None:
        """Add another file's learners; an answer both hold (as many times as either) counts once."""
        other.settle()
        for learner, packs in other.learners.items():
            if learner not in self.learners:  # the usual case: a learner not met before
                self.learners[learner] = packs
                continue
            for pack_id, item in packs.items():
                target = self.pack(learner, pack_id)
                for question_id, answers in item.answers.items():
                    have = Counter(target.answers.get(question_id, []))
                    places: dict[Answer, _Lacking] | None = None
                    for answer in answers:
                        if have[answer] > 0:
                            have[answer] -= 1
                            if places is None:  # where each answer is: not a look through them all
                                places = {}
                                for index, held in enumerate(target.answers[question_id]):
                                    places.setdefault(held, _Lacking()).add(index, held)
                            _enrich(target.answers[question_id], answer, places[answer])
                        else:
                            self.answer(learner, pack_id, question_id, answer)
                if item.best_percent is not None or item.passed is not None:
                    self.attempt(learner, pack_id, item.best_percent, item.passed)
                if item.drawn is not None:
                    self.drew(learner, pack_id, item.drawn)

    def take_back(self, learner: str, pack_id: str, question_id: str, answer: Answer) -> None:
        """Take out an answer added before (this very one: its statement was voided), and what
        it leaves empty."""
        packs = self.learners.get(learner, {})
        item = packs.get(pack_id)
        answers = item.answers.get(question_id, []) if item is not None else []
        for index, held in enumerate(answers):
            if held is answer:
                del answers[index]
                break
        if item is not None and not answers:
            item.answers.pop(question_id, None)
            if not item.answers and item.best_percent is None and item.passed is None and item.drawn is None:
                del packs[pack_id]
                if not packs:
                    self.learners.pop(learner, None)

    def drew(self, learner: str, pack_id: str, count: int) -> None:
        """One of the learner's attempts drew ``count`` questions from the pack's pool."""
        item = self.pack(learner, pack_id)
        item.drawn = count if item.drawn is None else max(item.drawn, count)

    def attempt(self, learner: str, pack_id: str, percent: int | None, passed: bool | None) -> None:
        item = self.pack(learner, pack_id)
        if percent is not None and (item.best_percent is None or percent > item.best_percent):
            item.best_percent = percent
        if passed is not None:
            item.passed = bool(item.passed) or passed


# ----------------------------------------------------------------------------------------------


def _bytes(path: Path) -> bytes:
    from learnmeta.files import FileProblem, read_bounded

    try:
        return read_bounded(path, MAX_BYTES)
    except FileProblem as problem:
        reasons = {"not-found": "the file does not exist", "is-directory": "it is a folder",
                   "too-large": "it is too large (over 64 MB)"}
        raise Unreadable(reasons.get(problem.code) or f"it cannot be opened ({problem.reason})") from None
    except OSError as error:
        raise Unreadable(f"it cannot be opened ({error.strerror or error})") from None


def _text(path: Path) -> str:
    try:
        return _bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y", "correct"):
        return True
    if text in ("false", "0", "no", "n", "wrong", "incorrect", ""):
        return False
    raise ValueError(f"'{value}' is not true or false")


def _uncell(value) -> str:
    text = "" if value is None else str(value)
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def _read_progress(path: Path):
    """The progress file at ``path``, read as :func:`learnmeta.progress.read_progress` reads it
    (raising its errors, with its words)."""
    from learnmeta.progress.fileformat import read_progress

    return read_progress(path)


def read_progress_file(path: Path, data: ClassData, bulk: bool = False) -> None:
    """A learner's progress file and the answer log beside it (``bulk``: one of many, see
    :data:`BULK_FROM`)."""
    from learnmeta.progress.fileformat import NewerVersionError, ProgressFileError

    try:
        progress = _read_progress(path)
    except NewerVersionError as error:
        if error.progress is None:
            raise Unreadable(error.reason) from None
        progress = error.progress
    except ProgressFileError as error:
        raise Unreadable(error.reason) from None
    from learnmeta.instructor.results import answer_records, learner_id, quiz_result
    from learnmeta.progress.answerlog import handed_in

    found = handed_in(path, progress, bulk or None)
    data.notes.extend((str(path), note) for note in [found.note, *found.problems] if note)
    learner = learner_id(progress, None if progress.learner.id else _bytes(path))
    for record in answer_records(progress, learner, answers=found.answers):  # the same answers as its export
        data.answer(
            learner, record["pack"], record["question"],
            Answer(bool(record["correct"]), record["response"], record["when"] or "",
                   _hints(record.get("hints_used")), _flag(record.get("overruled")),
                   _flag(record.get("given_again")) is True),
        )
    for pack_id, pack in progress.packs.items():
        best, passed = quiz_result(pack)  # whole-pack quizzes only, as the exports have it
        if best is not None:
            data.attempt(learner, pack_id, best, passed)
        for attempt in pack.attempts:
            if attempt.questions:
                data.drew(learner, pack_id, len(attempt.questions))


def _is_quiz(mode) -> bool:
    """An attempt's mode is a whole-pack quiz (a record without a mode is taken as one)."""
    return mode is None or str(mode).strip() in ("", QUIZ_MODE)


def _records_json(document: dict, path: Path, data: ClassData) -> None:
    learner_default = str(document.get("learner") or path)
    answers = document.get("answers")
    if not isinstance(answers, list):
        raise Unreadable("it has no list of answers: is it a learnmeta export?")
    for number, record in enumerate(answers, start=1):
        try:
            learner = str(record.get("learner") or learner_default)
            data.answer(
                learner,
                str(record["pack"]),
                str(record["question"]),
                Answer(_bool(record["correct"]), str(record.get("response") or ""), str(record.get("when") or ""),
                       _hints(record.get("hints_used")), _flag(record.get("overruled")),
                       _flag(record.get("given_again")) is True),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise Unreadable(f"answer {number} is not complete ({error})") from None
    for record in document.get("attempts") or []:
        try:
            drawn = record.get("questions")
            if isinstance(drawn, list) and drawn:
                data.drew(str(record.get("learner") or learner_default), str(record["pack"]), len(drawn))
            if not _is_quiz(record.get("mode")):
                continue  # a knowledge check, practice or review does not finish the pack
            learner = str(record.get("learner") or learner_default)
            percent = record.get("percent")
            passed = record.get("passed")
            if percent is None:
                continue
            data.attempt(learner, str(record["pack"]), _percent(percent), _bool(passed) if passed is not None else False)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            raise Unreadable(f"an attempt is not complete ({error})") from None
    for record in document.get("packs") or []:  # the totals outlive the 20 attempts kept
        try:
            best = record.get("best_percent")
            if best is None:
                continue
            data.attempt(learner_default, str(record["pack"]), _percent(best), int(record.get("passed_total") or 0) > 0)
        except (KeyError, TypeError, AttributeError, ValueError, OverflowError) as error:  # passed_total = Infinity
            raise Unreadable(f"a pack's totals are not complete ({error})") from None



def read_csv_file(path: Path, data: ClassData) -> None:
    text = _text(path)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = reader.fieldnames or []
        missing = [name for name in ("pack", "question", "correct") if name not in fields]
        if missing:
            raise Unreadable(f"it has no column(s) {', '.join(missing)}: is it a learnmeta export?")
        rows = list(reader)
    except csv.Error as error:
        raise Unreadable(f"it is not valid CSV ({error})") from None
    if not rows:
        raise Unreadable("it holds no answers")
    for number, row in enumerate(rows, start=2):
        try:
            pack, question = _uncell(row.get("pack")), _uncell(row.get("question"))
            if not pack or not question:
                raise ValueError("no pack or question")
            learner = _uncell(row.get("learner")) or str(path)
            data.answer(
                learner, pack, question,
                Answer(_bool(row.get("correct")), _uncell(row.get("response")), _uncell(row.get("when")),
                       _hints(row.get("hints_used")), _flag(row.get("overruled")),
                       _flag(row.get("given_again")) is True),
            )
            best = (row.get("pack_best_percent") or "").strip()
            if best:  # the learner's finished whole-pack quizzes, the same on each of the pack's rows
                data.attempt(learner, pack, _percent(best), _bool(row.get("pack_passed")))
        except (ValueError, AttributeError) as error:
            raise Unreadable(f"line {number} is not a complete answer ({error})") from None


_QUESTION_IRI = re.compile(r"/packs/([^/]+)/questions/([^/?#]+)$")
_PACK_IRI = re.compile(r"/packs/([^/?#]+)$")


def _statement(statement, path: Path, data: ClassData, placed: list | None = None) -> bool:
    """Add one statement's answer or result; whether it held one. ``placed``: where an answer
    went is appended to it (learner, pack, question, the answer)."""
    if not isinstance(statement, dict):
        raise ValueError("not a statement")
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    # Interned: every statement of a learner names the learner, the pack and the question again,
    # and the class keeps one copy of each (not one a statement, kept by ``placed``).
    named = account.get("name") or actor.get("mbox") or actor.get("mbox_sha1sum")
    name = str(named) if named and not isinstance(named, (dict, list)) else str(path)
    if named and (isinstance(named, (dict, list)) or len(name) > MAX_LEARNER_CHARS):
        raise ValueError(f"the actor is not a learner named in {MAX_LEARNER_CHARS} characters or fewer")
    learner = sys.intern(name)
    verb = str((statement.get("verb") or {}).get("id") or "").rsplit("/", 1)[-1]
    object_id = (statement.get("object") or {}).get("id") or ""
    if not isinstance(object_id, str) or len(object_id) > MAX_OBJECT_ID_CHARS:
        object_id = ""  # no activity of learnmeta's (the statement's kept text is bounded)
    result = statement.get("result") or {}
    when = str(statement.get("timestamp") or "")
    if verb == "answered":
        found = _QUESTION_IRI.search(object_id)
        if not found:
            raise ValueError(f"'{object_id[:80]}' is not a learnmeta question")
        success = result.get("success")
        if success is None:
            raise ValueError("the result has no success")
        extensions = result.get("extensions") or {}
        text = next((v for k, v in extensions.items() if str(k).endswith("/extensions/response-text")), None)
        if text is None:  # from an older learnmeta, or another tool: the response as it is
            text = result.get("response") or ""
        hints = next((v for k, v in extensions.items() if str(k).endswith("/extensions/hints-used")), None)
        overruled = next((v for k, v in extensions.items() if str(k).endswith("/extensions/overruled")), None)
        again = next((v for k, v in extensions.items() if str(k).endswith("/extensions/given-again")), None)
        pack_id, question_id = unquote(found.group(1)), unquote(found.group(2))
        if len(pack_id) > MAX_ID_CHARS or len(question_id) > MAX_ID_CHARS:
            raise ValueError(f"its pack or question id is longer than {MAX_ID_CHARS} characters")
        pack_id, question_id = sys.intern(pack_id), sys.intern(question_id)
        given = Answer(_bool(success), str(text), when, _hints(hints), _flag(overruled), _flag(again) is True)
        data.answer(learner, pack_id, question_id, given)
        if placed is not None:
            placed.append((learner, pack_id, question_id, given))
        return True
    elif verb in ("completed", "passed", "failed"):
        found = _PACK_IRI.search(object_id)
        if not found:
            return False
        extensions = (statement.get("context") or {}).get("extensions") or {}
        mode = next((v for k, v in extensions.items() if str(k).endswith("/extensions/mode")), None)
        if mode is None and verb == "completed":
            return False  # an older export: only a whole quiz was given "passed"/"failed"
        if mode is not None and not _is_quiz(mode):
            return False  # a knowledge check, practice or review does not finish the pack
        scaled = (result.get("score") or {}).get("scaled")
        if not isinstance(scaled, (int, float)) or isinstance(scaled, bool) or not abs(scaled) <= 1:
            return False  # no score (or none xAPI allows: from -1 to 1, not NaN or Infinity): nothing to count
        passed = verb == "passed"  # "completed" alone: finished, not (yet) known to have passed
        pack_id = unquote(found.group(1))
        if len(pack_id) > MAX_ID_CHARS:
            return False
        data.attempt(learner, pack_id, round(float(scaled) * 100), passed)
        return True
    return False  # other verbs (from other tools, or pages) are not results: ignored


VOIDED = "http://adlnet.gov/expapi/verbs/voided"
"""xAPI's verb of a statement that voids another (an answer taken back, or marked right)."""


def voided_target(statement) -> str | None:
    """The id of the statement that ``statement`` voids, if it is a voiding statement."""
    verb = statement.get("verb") if isinstance(statement, dict) else None
    if not isinstance(verb, dict) or verb.get("id") != VOIDED:  # a verb that is no object: not one
        return None
    target = statement.get("object") or {}
    if not isinstance(target, dict) or target.get("objectType") != "StatementRef":
        return None
    found = target.get("id")
    return found.lower() if isinstance(found, str) and 0 < len(found) <= MAX_STATEMENT_ID_CHARS else None


def voided_ids(statements) -> set[str]:
    """The ids of the statements that ``statements`` void (xAPI: they no longer count)."""
    return {target for target in map(voided_target, statements) if target is not None}


def _is_voided(statement, voided: set[str]) -> bool:
    if not voided or not isinstance(statement, dict):
        return False
    found = statement.get("id")
    return isinstance(found, str) and len(found) <= MAX_STATEMENT_ID_CHARS and found.lower() in voided


def _statements(items, path: Path, data: ClassData, numbered: list[int] | None = None) -> None:
    # A statement voided by another in the same file does not count (xAPI; the LRS leaves such
    # statements out of its answers, and an export or a copy of an LRS may hold both).
    voided = voided_ids(items)
    for index, statement in enumerate(items):
        if _is_voided(statement, voided):
            continue
        try:
            _statement(statement, path, data)
        except (ValueError, TypeError, AttributeError) as error:
            where = f"line {numbered[index]}" if numbered else f"statement {index + 1}"
            raise Unreadable(f"{where} is not a learnmeta statement ({error})") from None


_TOO_LONG = "a number in it is too long to read: more than 4,300 digits"


def read_json_file(path: Path, data: ClassData) -> None:
    text = _text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and text.lstrip().startswith("{"):
            # `export --format xapi -o x.json` writes one statement per line: read it as that.
            _xapi_lines(text, path, data)
            return
        raise Unreadable(f"it is not valid JSON ({error.msg})") from None
    except RecursionError as error:
        raise Unreadable(f"it is not valid JSON ({getattr(error, 'msg', error)})") from None
    except ValueError:  # a whole number of more than 4,300 digits, which Python will not read
        raise Unreadable(f"it is not valid JSON ({_TOO_LONG})") from None
    if isinstance(document, list):
        _statements(document, path, data)
    elif isinstance(document, dict) and isinstance(document.get("statements"), list):
        _statements(document["statements"], path, data)
    elif isinstance(document, dict):
        _records_json(document, path, data)
    else:
        raise Unreadable("it is not a learnmeta export")


def read_xapi_lines(path: Path, data: ClassData) -> None:
    _xapi_lines(_text(path), path, data)


def _xapi_lines(text: str, path: Path, data: ClassData) -> None:
    items, numbers = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            raise Unreadable(f"line {number} is not valid JSON") from None
        except ValueError:  # a whole number of more than 4,300 digits, which Python will not read
            raise Unreadable(f"line {number} is not valid JSON ({_TOO_LONG})") from None
        numbers.append(number)
    if not items:
        raise Unreadable("it holds no statements")
    _statements(items, path, data, numbers)


_READERS = {
    ".toml": read_progress_file,
    ".json": read_json_file,
    ".csv": read_csv_file,
    ".jsonl": read_xapi_lines,
    ".ndjson": read_xapi_lines,
    ".xapi": read_xapi_lines,
}


def expand(paths: list[str]) -> list[Path]:
    """Files as given; a folder becomes the accepted files in it (sorted)."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            try:
                found = _accepted_in(path)
            except OSError:
                out.append(path)
                continue
            tomls = {p.name for p in found if p.suffix.lower() == ".toml"}
            # An answer log is read with its progress file; alone, it is listed (and skipped).
            # A learner's outbox (answers waiting to go to the course's record store, beside
            # their progress file in a served class's folder) holds nothing the report needs.
            out.extend(p for p in found if (_log_of(p) is None or _log_of(p) not in tomls) and not _outbox(p))
        else:
            out.append(path)
    return out


def _accepted_in(folder: Path) -> list[Path]:
    """The accepted files in ``folder`` (:data:`SUFFIXES`, regular files or links to them), in the
    order of their paths, as ``sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES
    and p.is_file())`` gives them: a class's folder holds thousands (each learner's file and its
    answer log), and comparing paths and asking the system about each cost a report about 0.3 s
    of CPU for 10,000 learners. The folder's own listing says which entries are files; a link is
    asked about as before. Sorted by name: the paths of one folder compare as their names do
    (on Windows, without regard to case)."""
    import os

    found: list[tuple[str, Path]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            path = folder / entry.name
            if path.suffix.lower() not in SUFFIXES:
                continue
            if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                if not path.is_file():  # asked as Path asks: a link followed, its errors as before
                    continue
            found.append((entry.name.lower() if os.name == "nt" else entry.name, path))
    found.sort(key=_first)
    return [path for _, path in found]


def _first(pair: tuple[str, Path]) -> str:
    return pair[0]


def _outbox(path: Path) -> bool:
    """Whether ``path`` is one of a learner's outbox files (:mod:`learnmeta.instructor.outbox`)."""
    name = path.name.lower()
    return name.endswith((".outbox.jsonl", ".outbox-sent.json")) or ".outbox.too-large-" in name


def _log_of(path: Path) -> str | None:
    """The name of the progress file whose answer log ``path`` is, or None if it is no log."""
    from learnmeta.progress.answerlog import LOG_SUFFIX

    name = path.name
    return name[: -len(LOG_SUFFIX)] + ".toml" if name.endswith(LOG_SUFFIX) and len(name) > len(LOG_SUFFIX) else None


def statement_pack(statement) -> str | None:
    """The pack a learnmeta statement is about (its question's pack, or the pack itself)."""
    target = statement.get("object") if isinstance(statement, dict) else None
    object_id = str(target.get("id") or "") if isinstance(target, dict) else ""
    found = _QUESTION_IRI.search(object_id) or _PACK_IRI.search(object_id)
    return unquote(found.group(1)) if found else None


# What holds what is kept, beside its text, counted in ClassData.kept as each is made: a learner's
# table of packs (and its place in the class's), a pack's record with its table of questions, a
# question's list, an answer's record (and its place in the list), a statement id's place in the
# table of where its answer went. Statements each naming a learner, pack and question not met
# before held 2.8 times what was counted (1,050 bytes against 376): 5 million of them, 5.2 GB,
# were counted as 1.9 GB, under the bound.
# (Each as tracemalloc finds it, within a few bytes, for 20,000 of one kind: 581 bytes a learner
# with its pack, question and answer, 397 a pack, 109 a question, 89 an answer, 93 a place.)
_SLOT = 48
"""About what one more key takes in a table (its entry, and the table's room to grow); each
learner, pack and question id is interned too (:func:`sys.intern`: a key in Python's table)."""
_SHARED_ROOM = 80
"""What one more text takes in :attr:`ClassData._texts`: an entry of 24 bytes and its index, in a
table between a third and two thirds full (72 bytes an entry just after it grew)."""
MOST_SHARED = 1 << 16
"""The most texts one :class:`ClassData` remembers to hold once (some 5 MB at most besides the
texts): a course's packs, questions and the responses its learners give, with room; a hostile
LRS's responses, each one different, would otherwise each cost a place in the table too."""
_LEARNER_ROOM = _size({"": None}) + _SLOT
_PACK_ROOM = _size(LearnerPack()) + _size({"": None}) + 2 * _SLOT
_QUESTION_ROOM = _size([None]) + 2 * _SLOT
_ANSWER_ROOM = _size(Answer(False)) + 8
_WHERE_ROOM = _size(("", "", "", None)) + 24


def read_statements(statements, source: str = "the LRS", pack: str | None = None,
                    voided: set[str] | None = None, most_kept: int | None = None) -> tuple[ClassData, int]:
    """A class from xAPI statements (from a Learning Record Store): learnmeta's own
    ("answered" on a question, "completed"/"passed"/"failed" on a pack), each learner known by
    the actor's account name (their learner id or anonymous id). With ``pack``, only that pack's.
    A statement voided by another one among them (an answer taken back, or sent again as
    right: see :func:`voided_ids`; an LRS that keeps xAPI's rules leaves voided statements out
    itself, Ralph 5.1.0 does not) is left out, wherever the two come in the stream, and so are
    the voiding statements; ``voided`` may name more. Returns the class and how many statements
    were left out (voided ones, other verbs or activities, other packs, other tools' statements,
    or ones that are not complete). Raises :class:`TooMuchKept` once what it keeps (its text,
    :attr:`ClassData.kept`, and the statement ids it remembers) passes ``most_kept`` bytes
    (:data:`MAX_KEPT_BYTES`)."""
    most_kept = MAX_KEPT_BYTES if most_kept is None else most_kept
    voided = {target.lower() for target in voided or ()}
    where: dict[str, tuple] = {}  # statement id -> where its answer went, to take it out if voided later
    placed: list = []
    from learnmeta import gcpause

    data = ClassData()
    source_path = Path(source)
    left_out = 0
    with gcpause.paused():  # the class's objects all live to the end; a page's die with it
        for statement in statements:
            if data.kept > most_kept:
                raise TooMuchKept(data.kept, most_kept)
            target = voided_target(statement)
            if target is not None:
                if target not in voided:
                    voided.add(target)
                    data.kept += _size(target)
                if target in where:  # it came first: take its answer out again
                    data.take_back(*where.pop(target))
                    left_out += 1
                left_out += 1
                continue
            if _is_voided(statement, voided) or (pack is not None and statement_pack(statement) != pack):
                left_out += 1
                continue
            found = statement.get("id") if isinstance(statement, dict) else None
            if isinstance(found, str) and found.lower() in where:
                left_out += 1  # the same statement again (pages that overlap): its answer counts once
                continue
            try:
                used = _statement(statement, source_path, data, placed)
            except (ValueError, TypeError, AttributeError):
                used = False
            if placed:
                found = statement.get("id")
                if isinstance(found, str) and len(found) <= MAX_STATEMENT_ID_CHARS:
                    key = found.lower()
                    where[key] = placed[0]
                    data.kept += _size(key) + _WHERE_ROOM
                placed.clear()
            left_out += not used
    if data.kept > most_kept:
        raise TooMuchKept(data.kept, most_kept)
    data.settle()
    return data, left_out


PARALLEL_FROM = 2_000
"""From this many files, a class is read by several processes at once (one per CPU, at most
:data:`MOST_WORKERS`): reading and checking each file is almost all of a report's time."""
MOST_WORKERS = 4
CHUNK = 250
"""Files per piece of work handed to a process."""
AHEAD = 2
"""Pieces handed to each process at a time, beyond those merged (see :func:`_read_in_parallel`)."""


def workers_for(count: int) -> int:
    import os

    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MOST_WORKERS))


BULK_FROM = 500
"""From this many files, each learner's answer log is checked with pydantic's compiled validator
(:data:`learnmeta.progress.answerlog.BULK_LINES`): importing pydantic and building it costs a
process about 0.15 s once, and saves some 15 µs an answer, about 0.2 ms a learner of one quiz."""


def read_class(paths: list[str], advance=None, *, workers: int | None = None, chunk: int = CHUNK,
               most_kept: int | None = None, files: list[Path] | None = None) -> ClassData:
    """Read every file; the ones that cannot be used are in ``skipped`` with the reason.
    ``advance(n)`` after each ``n`` files (a progress bar). A large class is read by several
    processes (:data:`PARALLEL_FROM`; ``workers`` says how many), the pieces merged in the order
    of the files, so the class is the same as one process reads it. ``files``: ``expand(paths)``,
    where the caller has made it already (the report, to count them for its bar).

    What the class keeps is bounded as for statements (:attr:`ClassData.kept`, ``most_kept``
    bytes: :data:`MAX_KEPT_BYTES` unless given): each file is bounded (64 MB, its answer log
    too), but a report may be given any number of them. Once what was kept passes the bound, the
    files after it are not read: they are in ``left_out``, in order (a file is read whole or not
    at all, so the bound is passed by one file's answers at most, and when several processes
    read, by the pieces handed out and not yet merged: :data:`AHEAD` per process)."""
    from learnmeta import gcpause

    most_kept = MAX_KEPT_BYTES if most_kept is None else most_kept
    files = expand(paths) if files is None else files  # given: expand(paths), made once by the caller
    count = workers if workers is not None else workers_for(len(files))
    with gcpause.paused():  # a class's answers are many objects that all live to the end
        bulk = len(files) >= BULK_FROM
        if count > 1 and len(files) > chunk:
            try:
                data = _read_in_parallel(files, advance, count, chunk, bulk, most_kept)
                data.settle()
                return data
            except Exception:  # noqa: BLE001 - no processes here (a sandbox, a limit): read it all here
                pass
        data = _read_files(files, advance, bulk, most_kept)
        data.settle()
        return data


def _read_chunk(names: list[str], bulk: bool = False, most_kept: int = MAX_KEPT_BYTES) -> ClassData:
    """One process's share (see :func:`read_class`)."""
    from learnmeta import gcpause

    with gcpause.paused():
        return _read_files([Path(name) for name in names], None, bulk, most_kept)


def _read_in_parallel(files: list[Path], advance, count: int, chunk: int, bulk: bool = False,
                      most_kept: int = MAX_KEPT_BYTES) -> ClassData:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pieces = [[str(p) for p in files[start:start + chunk]] for start in range(0, len(files), chunk)]
    data = ClassData()
    # spawn, not fork: the progress bar's thread may hold a lock that a forked child would wait on.
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn")) as pool:
        # At most AHEAD pieces per process are handed out beyond the one merged next: a piece
        # that finishes early is held here until the pieces before it are merged and the bound
        # checked, so handing out every piece at once (pool.map) could hold them all, the whole
        # class, whatever the bound (a slow first piece, a fast rest).
        waiting: deque = deque()
        handed = 0
        for number, names in enumerate(pieces):
            if data.kept > most_kept:  # the pieces not yet read are not waited for
                pool.shutdown(wait=True, cancel_futures=True)
                data.left_out.extend(name for rest in pieces[number:] for name in rest)
                break
            while handed < len(pieces) and len(waiting) < count * AHEAD:
                waiting.append(pool.submit(_read_chunk, pieces[handed], bulk, most_kept))
                handed += 1
            part = waiting.popleft().result()
            _merge_counted(data, part)
            data.read.extend(part.read)
            data.skipped.extend(part.skipped)
            data.left_out.extend(part.left_out)
            if advance is not None:
                advance(len(names))
    return data


def _merge_counted(data: ClassData, part: ClassData) -> None:
    """``part`` merged into ``data``, its :attr:`ClassData.kept` added (a learner met in an
    earlier file too counts again what the two share: never less than what is held)."""
    data.merge(part)
    data.kept += part.kept


def _read_files(files: list[Path], advance=None, bulk: bool = False, most_kept: int = MAX_KEPT_BYTES) -> ClassData:
    data = ClassData()
    for number, path in enumerate(files):
        if data.kept > most_kept:
            data.left_out.extend(str(name) for name in files[number:])
            break
        if advance is not None:
            advance(1)
        reader = _READERS.get(path.suffix.lower())
        if _log_of(path) is not None:
            data.skipped.append((str(path), f"it is an answer log: it is read with its progress file "
                                 f"{_log_of(path)}; name that file (with this one beside it)"))
            continue
        if reader is None:
            data.skipped.append((str(path), "not a progress file or export (.toml, .json, .csv, .jsonl)"))
            continue
        trial = ClassData(_texts=data._texts)  # the texts the class holds once, across its files
        try:
            if reader is read_progress_file:
                read_progress_file(path, trial, bulk)
            else:
                reader(path, trial)
        except Unreadable as error:
            data.kept += trial.kept  # the texts it added to those held once stay
            data.skipped.append((str(path), error.reason))
            continue
        except Exception as error:  # a file we did not foresee must not stop the report
            data.kept += trial.kept
            data.skipped.append((str(path), f"it could not be read ({error.__class__.__name__})"))
            continue
        if not trial.learners:
            data.kept += trial.kept
            data.skipped.append((str(path), "it holds no answers"))
            continue
        _merge_counted(data, trial)
        data.notes.extend(trial.notes)
        data.read.append(str(path))
    return data
