"""Talking to a Learning Record Store (LRS) over xAPI 1.0.3: send statements, fetch them back.

A small client on the standard library (``urllib``): ``POST`` and ``GET`` on the LRS's
``statements`` resource with HTTP Basic authentication and ``X-Experience-API-Version: 1.0.3``.
It prints nothing and reads no settings: the command line (:mod:`learnmeta.cli.export`,
:mod:`learnmeta.cli.report`) gives it the address and the credentials (from
``LEARNMETA_LRS_USER`` and ``LEARNMETA_LRS_PASSWORD``, never from the command line) and says
what went wrong. The credentials are never part of a message, a log line or an exception: where
the LRS's own words are shown, the password, the Basic token and the user name in them read
"(hidden)".

* Statements go in batches (:data:`BATCH`). Their ids are fixed by learnmeta (see
  :mod:`learnmeta.instructor.xapi`), so sending again stores nothing twice: the LRS answers
  ``200`` with the ids it stored, or ``204`` when it stored none (Ralph ignores statements it
  already holds). ``409 Conflict`` says it holds one of the ids with other content (the
  statement changed since it was sent: the learner's name, a question's text) and refused the
  batch: the batch is then sent one statement at a time, so the rest are stored, and the
  conflicting ones are counted (the LRS keeps its copy: a statement is never changed).
* A connection that fails, a time-out, ``429`` or a ``5xx`` answer is tried again (:data:`TRIES`
  times in all, waiting longer each time, as long as ``Retry-After`` asks within reason); then it
  is :class:`Unreachable`. ``401``/``403`` are :class:`Refused` (wrong credentials or not allowed);
  any other answer is :class:`Rejected`, with the LRS's own words.
* Redirects are not followed (they would carry the credentials elsewhere), and a ``more`` link
  that leaves the LRS's own address is refused.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sized
from urllib.parse import urlencode, urljoin, urlsplit

BATCH = 100
"""Statements per ``POST``."""
TRIES = 4
"""Tries per request, in all, when the LRS cannot be reached or is busy."""
TIMEOUT = 30.0
"""Seconds to wait for an answer."""
PAGE = 500
"""Statements asked for per page when fetching (``learnmeta report --page-size`` asks for more)."""
MOST_PER_PAGE = 20_000
"""The most statements ``learnmeta report --page-size`` may ask for in one page: about 40 MB of
learnmeta's statements, within :data:`MAX_ANSWER_BYTES`."""
ANSWER_DEADLINE = 300.0
"""The most seconds one answer may take to arrive in full for the command line (``export
--lrs``, ``report --lrs``): an LRS that trickles its answer a byte at a time, each within
:data:`TIMEOUT`, would otherwise hold the command for ever. Its status line and headers count too
(the connection is shut down when the time is up: see :class:`_Watch`)."""
TIME_LIMIT = 2 * 60 * 60.0
"""The most seconds one query (one ``learnmeta report --lrs``) may take, all its pages together,
and one ``learnmeta export --lrs`` all its batches together, unless ``--time-limit`` says
otherwise: two hours. :data:`ANSWER_DEADLINE` bounds one answer, but an LRS that trickles each
page just within it, or names page after page (up to :data:`MAX_PAGES`), would hold the report
for days, and one that trickles each answer to a batch, or answers "busy" three times a batch, an
export of a long answer log for hours. The largest course docs/lrs.md speaks of (5 million
statements) takes some 20 to 40 minutes through Ralph on a database backend, one learner's
statements (some 200 a course) seconds; past this it is :class:`TimeUp`."""
MAX_ANSWER_BYTES = 64 * 1024 * 1024
"""The most read from one answer of the LRS."""
MAX_MORE_CHARS = 64 * 1024
"""The longest ``more`` address followed (64 KiB: what Python's own web server takes in a request
line, eight times nginx's default). A longer one is refused: each is kept a while by the standard
library's cache of parsed addresses (128 of them), so a hostile LRS naming every page by an address
of megabytes would grow the report's memory by that much a page."""
MAX_STATEMENTS = 5_000_000
"""The most statements one query reads (one ``learnmeta report --lrs``): the largest course
docs/lrs.md speaks of (10,000 learners, 2 to 5 million statements), for which the report holds
some 3 to 4 GB. Each page names the next (``more``), so an LRS that never stops (a hostile one,
naming page after page by addresses that differ) would hold the report for ever and grow its
memory without end: past this it is :class:`TooMany`."""
MAX_PAGES = 200_000
"""The most pages one query reads: 100 million statements at the report's 500 a page, 5 million
at 25. Each page read is remembered (a digest, to refuse the same page twice), so an LRS giving
one statement a page is stopped here, long before :data:`MAX_STATEMENTS`."""
XAPI_VERSION = "1.0.3"
USER_ENV = "LEARNMETA_LRS_USER"
PASSWORD_ENV = "LEARNMETA_LRS_PASSWORD"


class LrsError(Exception):
    """Something went wrong talking to the LRS: ``message`` says what, in plain words;
    ``status`` is the HTTP status it answered with (0 when there was no answer)."""

    result: "SendResult | None" = None
    """For an error that stopped :meth:`Client.send`: what the LRS took before it, as
    :meth:`Client.send` returns it."""
    so_far = ""
    """For an error that stopped :meth:`Client.send`: what the LRS took before it and what it did
    not, in words ("the LRS took 100 statement(s) (100 stored now, 0 it already had); 70 were not
    stored")."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class BadAddress(LrsError):
    """The address given for the LRS cannot be used (a usage error)."""


class Unreachable(LrsError):
    """The LRS could not be reached (or stayed busy) after every try."""


class Refused(LrsError):
    """The LRS refused the credentials (401) or the action (403)."""


class Rejected(LrsError):
    """The LRS answered with another error; ``message`` holds its own words."""


class TooMany(Rejected):
    """The LRS gave more statements or pages for one query than learnmeta reads
    (:data:`MAX_STATEMENTS`, :data:`MAX_PAGES`)."""


class TimeUp(Rejected):
    """One query took longer than its time limit (:data:`TIME_LIMIT`, or the ``time_limit`` of
    :meth:`Client.fetch`), all its pages together; or one :meth:`Client.send`, all its batches
    together (then ``result`` and ``so_far`` say what the LRS took before, as for every error
    that stops a send)."""


def duration(seconds: float) -> str:
    """``seconds`` in words: "2 hours", "90 minutes", "1 second"."""
    whole = round(seconds)
    number: float = seconds
    unit = "second"
    if whole == seconds and whole and whole % 3600 == 0:
        number, unit = whole // 3600, "hour"
    elif whole == seconds and whole and whole % 60 == 0:
        number, unit = whole // 60, "minute"
    return f"{number:,g} {unit}{'' if number == 1 else 's'}"


@dataclass(frozen=True)
class _Limit:
    """When a query (or a send) must be done (``time.monotonic()``), its time limit in seconds,
    and what is being done, as :class:`TimeUp` says it."""

    until: float
    seconds: float
    doing: str = "reading the LRS"
    task: str = "one report"

    def left(self) -> float:
        return self.until - time.monotonic()


def statements_url(address: str) -> str:
    """The ``statements`` resource of the LRS at ``address`` (its xAPI endpoint, such as
    ``https://lrs.example.edu/xAPI/``, or the statements resource itself). Raises
    :class:`BadAddress` for anything but an http(s) address with a host and without a user name,
    password, query or fragment."""
    text = (address or "").strip()
    if any(ch.isspace() or ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in text):
        raise BadAddress("the address holds a space or a control character; give the LRS's xAPI address alone")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - a port that is not a number raises ValueError
    except ValueError as error:
        raise BadAddress(f"'{text}' is not a web address ({error})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadAddress(f"'{text}' is not an http:// or https:// address with a host")
    if "@" in parts.netloc:
        raise BadAddress(
            f"the address holds a user name or password; give the address alone, and the "
            f"credentials in {USER_ENV} and {PASSWORD_ENV}"
        )
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise BadAddress(f"'{text}' has a query or fragment; give the LRS's xAPI address alone")
    path = parts.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return f"{parts.scheme.lower()}://{parts.netloc}{path}"


def _clean(text: str, limit: int = 300, hide: Callable[[str], str] | None = None) -> str:
    """``text`` on one line, without control characters, cut at ``limit`` characters; with
    ``hide`` (the credentials, :meth:`Client._hide`) hidden before it is cut, and again once its
    spaces are joined, so that none is shown cut in two."""
    from learnmeta.content.text import clean_text

    if hide is not None:
        text = hide(text)
    text = " ".join(clean_text(text).split())
    if hide is not None:
        text = hide(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _their_words(body: bytes, hide: Callable[[str], str] | None = None) -> str:
    """What the LRS said in an error answer: its ``detail``/``message``/``error`` when JSON;
    ``hide`` is applied to the text as it comes and to every string JSON reads in it (before
    Python shows an object with its backslashes doubled)."""
    text = body.decode("utf-8", errors="replace")
    if hide is not None:
        text = hide(text)
    try:
        data = json.loads(text)
        if hide is not None:
            data = _hidden_in(data, hide)
    except (ValueError, RecursionError):
        return _clean(text, hide=hide) or "no explanation"
    if isinstance(data, dict):
        for key in ("detail", "message", "error", "errors"):
            if key in data:
                data = data[key]
                break
    if isinstance(data, list):
        parts = []
        for item in data[:5]:
            if isinstance(item, dict):
                loc = item.get("loc")
                where = ".".join(str(p) for p in loc if p != "body") if isinstance(loc, list) else ""
                parts.append(f"{where}: {item.get('msg', item)}" if where else str(item.get("msg", item)))
            else:
                parts.append(str(item))
        data = "; ".join(parts)
    return _clean(str(data), hide=hide) or "no explanation"


def _hidden_in(data: Any, hide: Callable[[str], str]) -> Any:
    """``data`` (read from JSON) with ``hide`` applied to its strings, keys included."""
    if isinstance(data, str):
        return hide(data)
    if isinstance(data, dict):
        return {hide(key): _hidden_in(value, hide) for key, value in data.items()}
    if isinstance(data, list):
        return [_hidden_in(item, hide) for item in data]
    return data


def _as_written(secret: str) -> set[str]:
    """``secret`` as an error page may show it: as it is, as JSON writes it in a string (in ASCII
    or not, ``/`` as ``\\/`` or not), each also with its runs of white space as one space."""
    forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    forms |= {form.replace("/", "\\/") for form in forms}
    return forms | {" ".join(form.split()) for form in forms}


HIDDEN = "(hidden)"
"""What a credential reads in the LRS's words."""
_HIDDEN_AGAIN = r"|\(hidden\)"
"""The end of each pattern of :meth:`Client._hide`: :data:`HIDDEN` is matched where it stands, and
replaced by itself, after the credential (so that a password "(hidden)x" is still hidden whole)."""


class _TooLarge(Exception):
    """An answer larger than the client reads."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None  # the 3xx is then raised as an HTTPError, and the credentials stay here


@dataclass
class SendResult:
    sent: int = 0
    """Statements the LRS stored now."""
    already: int = 0
    """Statements it already held (sent before)."""
    conflicts: int = 0
    """Statements it holds in another form under the same id (409 Conflict: sent before, and
    changed since, such as the learner's name or a question's text): it keeps its own copy."""


def sent_so_far(result: SendResult, doubt: int = 0, total: int | None = None, drawn: int = 0,
                when: str = "when sending stopped") -> str:
    """What the LRS took before a send stopped (``result``), and what it did not, in words:
    ``doubt`` statements were being sent then (they may or may not have been stored), of
    ``total`` in all (None: not known, a long answer log's statements made as they are sent, of
    which ``drawn`` were made so far)."""
    took = result.sent + result.already + result.conflicts
    kept = f"{result.sent:,} stored now, {result.already:,} it already had"
    if result.conflicts:
        kept += f", {result.conflicts:,} it holds in an earlier form"
    said = [f"the LRS took {took:,} statement(s) ({kept})"]
    if doubt:
        said.append(f"{doubt:,} being sent {when} may or may not have been stored")
    if total is not None:
        if total - took - doubt:
            said.append(f"{total - took - doubt:,} were not stored")
    elif drawn - took - doubt:
        said.append(f"{drawn - took - doubt:,}, and any after them, were not stored")
    else:
        said.append("any after them were not stored")
    return "; ".join(said)


class Client:
    """One LRS: its statements resource, and the credentials to use there."""

    def __init__(
        self,
        address: str,
        user: str,
        password: str,
        *,
        tries: int = TRIES,
        timeout: float = TIMEOUT,
        wait: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
        deadline: float | None = None,
    ) -> None:
        self.url = statements_url(address)
        self._origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.url))
        token = base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
        self._authorization = f"Basic {token}"
        # Each as it is, as JSON writes it (escaped: \" \\ \u00e9, and \/ as PHP does) and with
        # its spaces joined as a message joins them.
        # Each is replaced on its own, longest first; "(hidden)" itself is matched too, and kept,
        # so that a secret or user name such as "hidden" never hides what was hidden before
        # (which read "((hidden))", and more each time the words were hidden again).
        self._secrets = [(secret, re.compile(re.escape(secret) + _HIDDEN_AGAIN))
                         for secret in sorted({written for secret in {password, token, token.rstrip("=")} - {""}
                                               for written in _as_written(secret)} - {""}, key=len, reverse=True)]
        # The user name too, wherever it stands whole (not inside a longer word, so that a short
        # one does not cut up the LRS's words: a letter may not touch a letter at its ends, while
        # an end that is not a letter, as in "+ops", is one anywhere), whatever its case and spaces.
        forms = sorted({tuple(written.split()) for written in _as_written(user)} - {()},
                       key=lambda words: len(" ".join(words)), reverse=True)
        names = [(r"(?<!\w)" if re.match(r"\w", words[0]) else "") + r"\s+".join(map(re.escape, words))
                 + (r"(?!\w)" if re.search(r"\w$", words[-1]) else "") for words in forms]
        self._user = re.compile("(?i:" + "|".join(names) + ")" + _HIDDEN_AGAIN) if names else None
        self.tries = max(1, tries)
        self.timeout = timeout
        self.wait = wait
        self.sleep = sleep
        self.max_answer_bytes = max_answer_bytes
        self.deadline = deadline
        """The most seconds one answer may take to arrive in full (None: no limit beyond
        ``timeout`` for each read); an LRS that trickles its answer is then unreachable."""
        self.maybe_arrived = False
        """Whether a try of the last request failed after it may have reached the LRS."""
        self._posting = 0  # statements in the last POST (see send)
        self._watching = threading.local()  # the _Watch of the request made in this thread
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects(), _WatchedHTTP(self._watching)]
        if hasattr(urllib.request, "HTTPSHandler"):
            handlers.append(_WatchedHTTPS(self._watching))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:  # never the credentials
        return f"Client({self.url!r})"

    @property
    def origin(self) -> str:
        """The LRS's scheme, host and port, as messages name it (``https://lrs.example.edu``)."""
        return self._origin

    # ------------------------------------------------------------------------------------------

    def _read(self, answer, deadline: float | None = None) -> bytes:
        """The body of an answer: at most :attr:`max_answer_bytes` (more is an error: an LRS
        does not answer with that much), within ``deadline`` seconds in all (:attr:`deadline`
        unless given)."""
        began = time.monotonic()
        deadline = self.deadline if deadline is None else deadline
        chunks: list[bytes] = []
        size = 0
        # read1: what has arrived (read(n) waits for all n bytes, however slowly they come).
        read = getattr(answer, "read1", None) or answer.read
        while True:
            chunk = read(min(1 << 16, self.max_answer_bytes + 1 - size))
            if not chunk:
                missing = getattr(answer, "length", None)
                if isinstance(missing, int) and missing > 0:  # closed before its Content-Length
                    # (read1 says nothing of it): broke off, not a whole answer
                    raise http.client.IncompleteRead(b"".join(chunks), missing)
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise _TooLarge(size)
            if deadline is not None and time.monotonic() - began > deadline:
                raise TimeoutError(f"its answer took longer than {deadline:g} s")

    def _words(self, body: bytes) -> str:
        """What the LRS said (:func:`_their_words`), without the password, the token made of the
        credentials or the user name: a server, or a proxy before it, may echo the request in its
        error page, or name the user."""
        return _their_words(body, self._hide)

    def _hide(self, text: str) -> str:
        """``text`` with the password, the Basic token and the user name read "(hidden)"."""
        for secret, pattern in self._secrets:
            if secret in text:
                text = pattern.sub(HIDDEN, text)
        if self._user is not None:
            text = self._user.sub(HIDDEN, text)
        return text

    def _time_up(self, limit: _Limit) -> TimeUp:
        return TimeUp(f"{limit.doing} at {self._origin} took longer than {duration(limit.seconds)}, "
                      f"the time limit of {limit.task}")

    def _request(self, method: str, url: str, body: bytes | None = None,
                 limit: _Limit | None = None) -> tuple[int, bytes]:
        """One request, tried again as :data:`TRIES` says; with ``limit``, every try and every
        wait between them ends by its time (then :class:`TimeUp`)."""
        headers = {
            "Authorization": self._authorization,
            "X-Experience-API-Version": XAPI_VERSION,
            "Accept": "application/json",
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        problem = ""
        self.maybe_arrived = False
        for number in range(1, self.tries + 1):
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            delay = self.wait * 2 ** (number - 1)
            deadline, timeout = self.deadline, self.timeout
            if limit is not None:  # this try ends by the query's time limit too
                left = limit.left()
                if left <= 0:
                    raise self._time_up(limit)
                deadline = left if deadline is None else min(deadline, left)
                timeout = min(timeout, left)
            watch = self._watching.watch = _Watch(deadline) if deadline is not None else None
            try:
                with self._opener.open(request, timeout=timeout) as answer:
                    data = self._read(answer, deadline)
                    if method == "POST" and answer.status == 200 and not data.strip():
                        # xAPI: a 200 to statements sent carries their ids. None at all is an
                        # answer that broke off: a connection closed in its headers reads, through
                        # http.client, as a 200 with no body, which would count as "it already had
                        # them all" (and a 204 says that, when an LRS means it).
                        raise http.client.IncompleteRead(data)
                if watch is not None and watch.expired:  # cut short when the time was up
                    raise TimeoutError(f"its answer took longer than {deadline:g} s")
                return answer.status, data
            except urllib.error.HTTPError as error:
                status = error.code
                try:
                    data = self._read(error, deadline)
                except (OSError, _TooLarge, http.client.HTTPException):
                    data = b""
                finally:
                    error.close()
                if status in (401, 403):
                    raise Refused(
                        f"the LRS at {self._origin} refused "
                        + ("the user name and password" if status == 401 else "this user the right to do that")
                        + f" (HTTP {status}: {self._words(data)})",
                        status,
                    ) from None
                if status in (409,):
                    return status, data
                if status == 429 or status >= 500:
                    problem = f"it answered HTTP {status} ({self._words(data)})"
                    retry_after = str(error.headers.get("Retry-After") or "") if error.headers else ""
                    if retry_after.strip().isascii() and retry_after.strip().isdigit():  # not '²'
                        delay = min(float(retry_after.strip()), 30.0)
                else:
                    raise Rejected(f"the LRS at {self._origin} answered HTTP {status}: {self._words(data)}",
                                   status) from None
            except _TooLarge:
                raise Rejected(f"the LRS at {self._origin} answered with more than "
                               f"{self.max_answer_bytes} bytes, more than an LRS sends") from None
            except http.client.HTTPException:
                # Not an HTTP answer, or one that broke off (a status line or headers it cannot
                # read, a chunk cut short): like a lost connection, tried again, then unreachable.
                self.maybe_arrived = self.maybe_arrived or watch is None or watch.reached
                problem = "its answer broke off or was not HTTP"
                if watch is not None and watch.expired:
                    problem = f"its answer took longer than {deadline:g} s"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                # The request may have reached the LRS before the answer was lost (a time-out
                # while waiting for it): what a later try finds "already there" may be ours. Not
                # when the try never connected (the host name not found in time, a connection
                # refused): nothing was sent.
                self.maybe_arrived = self.maybe_arrived or watch is None or watch.reached
                reason = getattr(error, "reason", error)
                problem = _clean(str(getattr(reason, "strerror", None) or reason)) or "no answer"
                if watch is not None and watch.expired:
                    problem = f"its answer took longer than {deadline:g} s"
            finally:
                if watch is not None:
                    watch.stop()
                self._watching.watch = None
            if limit is not None and limit.left() <= 0:
                raise self._time_up(limit)  # the query's time is up, whatever this try's problem
            if deadline is not None and problem == f"its answer took longer than {deadline:g} s":
                break  # not tried again: each try may take the deadline, four would hold it four times over
            if number < self.tries:
                self.sleep(delay if limit is None else max(0.0, min(delay, limit.left())))
        raise Unreachable(f"could not reach the LRS at {self._origin} after {number} tries: {problem}")

    # ------------------------------------------------------------------------------------------

    def send(
        self,
        statements: Iterable[dict],
        *,
        batch: int = BATCH,
        advance: Callable[[int], None] | None = None,
        time_limit: float | None = None,
        result: SendResult | None = None,
    ) -> SendResult:
        """Send ``statements`` in batches (a list, or made one by one as they are sent: only a
        batch is held); ``advance(n)`` after each. Raises :class:`LrsError` (what was stored
        before it stays stored: sending again adds only the rest); :class:`TimeUp` once the send
        has taken ``time_limit`` seconds (the making of the statements between batches included;
        None: no limit), every request and wait ending by then. Whatever stopped it (the time
        limit, an LRS that cannot be reached, refuses or rejects a batch), the error's ``so_far``
        says how many the LRS took, how many were being sent when it stopped (they may have been
        stored, or not: an answer cut off, a connection lost after the batch went out) and how
        many were not stored (not sent, answered "busy" or refused); its ``result`` is what this
        method would have returned. Nothing is sent once the time is up. ``result``: a
        :class:`SendResult` to count in (the caller's, to know what was taken when the statements
        themselves fail to be made); a new one unless given."""
        import itertools

        result = SendResult() if result is None else result
        limit = (_Limit(time.monotonic() + time_limit, time_limit, "sending statements to the LRS", "one export")
                 if time_limit is not None else None)
        total = len(statements) if isinstance(statements, Sized) else None
        pending = iter(statements)
        drawn = 0
        self._posting = 0
        try:
            while chunk := list(itertools.islice(pending, max(1, batch))):
                drawn += len(chunk)
                self._post(chunk, result, limit)
                if advance is not None:
                    advance(len(chunk))
        except LrsError as error:
            # What was being sent when it stopped may have reached the LRS (its answer cut off, the
            # connection lost after the batch went out) unless no try of it connected, or each was
            # answered "busy" (429, 5xx) or refused.
            doubt = self._posting if self.maybe_arrived else 0
            when = "when the time ran out" if isinstance(error, TimeUp) else "when sending stopped"
            error.result = result
            error.so_far = sent_so_far(result, doubt, total, drawn, when)
            raise
        return result

    def _post(self, chunk: list[dict], result: SendResult, limit: _Limit | None = None) -> None:
        body = json.dumps(chunk, ensure_ascii=False).encode("utf-8")
        self._posting = len(chunk)  # what a TimeUp of this request cut off (see send)
        status, data = self._request("POST", self.url, body, limit=limit)
        if status == 409:
            # The LRS holds one of them in another form, and refused the whole batch (xAPI's
            # rule): send them one by one, so the others are stored and the conflicts counted.
            if len(chunk) == 1:
                result.conflicts += 1
                return
            for statement in chunk:
                self._post([statement], result, limit)
            return
        if status == 200:
            try:
                stored = json.loads(data.decode("utf-8") or "[]")
            except (ValueError, UnicodeDecodeError, RecursionError):
                stored = None
            count = min(len(stored) if isinstance(stored, list) else len(chunk), len(chunk))
        elif 200 <= status < 300:
            count = 0  # 204: it had them all
        else:
            raise Rejected(f"the LRS at {self._origin} answered HTTP {status}: {self._words(data)}", status)
        if self.maybe_arrived:
            # An earlier try of this batch may have stored them and lost the answer: the LRS
            # then says it "already had" what this very send stored. Counted as stored now.
            count = len(chunk)
        result.sent += count
        result.already += len(chunk) - count

    def fetch(
        self,
        *,
        since: str | None = None,
        verb: str | None = None,
        limit: int = PAGE,
        page_done: Callable[[int], None] | None = None,
        ahead: bool = True,
        most_statements: int | None = None,
        most_pages: int | None = None,
        time_limit: float | None = None,
    ) -> Iterator[dict]:
        """Every statement the LRS gives for the query, page after page (following ``more``);
        ``page_done(count)`` after each page. Raises :class:`LrsError`; :class:`TooMany` once
        the LRS gives more than ``most_statements`` statements (:data:`MAX_STATEMENTS`) or names
        a page after ``most_pages`` pages (:data:`MAX_PAGES`), without asking for that page;
        :class:`TimeUp` once the query has taken ``time_limit`` seconds (from the first statement
        asked for, the caller's time between statements included; None: no limit), every request
        and wait ending by then.

        With ``ahead`` (the default), the next page is asked for while this one is read, when
        the page names it before its statements (``{"more": "...", "statements": [...]}``, as
        Ralph does) and has at least one statement: the LRS then prepares it while learnmeta
        reads this one, instead of waiting for learnmeta. Still one request at a time, and the
        same pages, checks and errors as without (see :class:`_Ahead`)."""
        # format=ids: activities and agents by their ids alone, without the questions' definitions
        # (xAPI 1.0.3): all a report needs, and a fraction of the bytes where the LRS honours it.
        query = {"limit": str(limit), "format": "ids"}
        if since:
            query["since"] = since
        if verb:
            query["verb"] = verb
        url: str | None = f"{self.url}?{urlencode(query)}"
        seen_pages: set[bytes] = set()  # digests: a hostile LRS may name pages by addresses of megabytes
        most_statements = MAX_STATEMENTS if most_statements is None else most_statements
        most_pages = MAX_PAGES if most_pages is None else most_pages
        until = _Limit(time.monotonic() + time_limit, time_limit) if time_limit is not None else None
        given = [0]
        try:
            yield from self._pages(url, seen_pages, given, until, ahead, most_statements, most_pages, page_done)
        except TimeUp as error:
            raise TimeUp(f"{error.message} ({given[0]:,} statement(s) read, {len(seen_pages):,} page(s) "
                         "asked for)") from None

    def _pages(self, url: str | None, seen_pages: set[bytes], given: list[int], limit: _Limit | None,
               ahead: bool, most_statements: int, most_pages: int,
               page_done: Callable[[int], None] | None) -> Iterator[dict]:
        """The statements of :meth:`fetch` (``given[0]``: how many so far)."""
        pending: _Ahead | None = None
        while url:
            if len(seen_pages) >= most_pages:
                raise TooMany(f"the LRS at {self._origin} named a page after {most_pages:,} pages for one query, "
                              "more than learnmeta reads for one report")
            if _digest(url) in seen_pages:
                raise Rejected(f"the LRS at {self._origin} gave the same page twice")
            seen_pages.add(_digest(url))
            if pending is not None and pending.url == url:
                status, data = pending.answer()  # raises what asking for it raised, here
            else:
                if pending is not None:  # the page named another page at its end: not this one
                    pending.drop()  # one request at a time, still, and its answer let go before the next
                status, data = self._request("GET", url, limit=limit)
            pending = None
            held = [data]
            del data
            text = _page_text(held)  # one byte a character, whatever the page holds (see there)
            if text is None:  # not UTF-8
                raise Rejected(f"the LRS at {self._origin} answered with something that is not JSON")
            page = _Page(text, self._origin)
            del text  # the page holds it until its last statement is read
            following = None
            if ahead:
                try:
                    following = self._more_url(page.leading_more())
                except Rejected:
                    following = None  # said where the page ends, as without asking ahead
            if following is not None and (_digest(following) in seen_pages or len(seen_pages) >= most_pages):
                following = None  # refused below, as without asking ahead
            for statement in page.statements():
                given[0] += 1
                if limit is not None and not given[0] % 1024 and limit.left() <= 0:  # a page read slowly
                    raise self._time_up(limit)
                if given[0] > most_statements:
                    raise TooMany(f"the LRS at {self._origin} gave more than {most_statements:,} statements for "
                                  "one query, more than learnmeta reads for one report")
                if following is not None:  # the page has a statement: the next page is wanted
                    pending = _Ahead(self, following, limit)
                    following = None
                yield statement
            if page_done is not None:
                page_done(page.count)
            url = self._more_url(page.more) if page.count else None

    def _more_url(self, more: object) -> str | None:
        """The address of the next page that ``more`` names; None when it names none. Raises
        :class:`Rejected` for an address away from the LRS's own (where the credentials must
        never go) and for one that cannot be asked for (white space, control or other
        characters that are not ASCII, a broken host: urllib would fail on it)."""
        if not (isinstance(more, str) and more.strip()):
            return None
        text = more.strip()
        if len(text) > MAX_MORE_CHARS:
            raise Rejected(f"the LRS at {self._origin} pointed to an address for more statements of "
                           f"{len(text):,} characters, longer than an LRS gives ({MAX_MORE_CHARS:,} at most)")
        if not text.isascii() or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise Rejected(f"the LRS at {self._origin} pointed to an address for more statements that is "
                           "not a web address")
        try:
            url = urljoin(self.url, text)
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        except ValueError:
            raise Rejected(f"the LRS at {self._origin} pointed to an address for more statements that is "
                           "not a web address") from None
        if origin != self._origin:
            raise Rejected(f"the LRS at {self._origin} pointed to another address for more statements")
        return url


class _Watch:
    """Shuts a request's connection down once it has taken ``seconds`` in all. Each read waits
    at most the client's ``timeout``, and :meth:`Client._read` checks the deadline between the
    body's reads, but the status line and headers are read by http.client: an LRS trickling them a
    byte at a time, each within the time-out, would hold the command far beyond the deadline."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.expired = False
        self.reached = False
        """Whether the request connected (then it may have reached the LRS)."""
        self.until = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def connected(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            self.reached = True
            if self.expired:
                self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)  # wakes the read waiting in another thread
            except OSError:
                pass

    def stop(self) -> None:
        self._timer.cancel()


def _lookup(host: str, port: int, seconds: float | None) -> list:
    """``socket.getaddrinfo`` for a connection, waited for at most ``seconds`` (None: as long as it
    takes). The system's resolver has no time-out of its own that a caller can set, and cannot be
    interrupted: the lookup runs in a daemon thread, left to end by itself when the time is up
    (:class:`TimeoutError`), so it never holds the command, nor its end. An address (127.0.0.1,
    ::1) is looked up here: it needs no resolver."""
    import ipaddress

    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        numeric = True
    except ValueError:
        numeric = False
    if numeric or seconds is None:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    done = threading.Event()
    got: list = []

    def look() -> None:
        try:
            got.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except BaseException as error:  # noqa: BLE001 - raised in the caller's thread
            got.append(error)
        finally:
            done.set()

    threading.Thread(target=look, name="lrs-host-lookup", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise TimeoutError(f"looking up its host name took longer than {seconds:g} s")
    if isinstance(got[0], BaseException):
        raise got[0]
    return got[0]


def _connection(address: tuple[str, int], timeout: object, source_address: Any, watch: _Watch | None) -> socket.socket:
    """``socket.create_connection`` (each address of the host tried in turn, each connect held to
    ``timeout``), its host name looked up within ``timeout`` and the time left to the request's
    ``watch`` (:func:`_lookup`): the lookup was bounded only by the system's resolver."""
    host, port = address
    seconds = timeout if isinstance(timeout, (int, float)) else None
    if watch is not None:
        left = max(0.0, watch.until - time.monotonic())
        seconds = left if seconds is None else min(seconds, left)
    errors: list[OSError] = []
    for family, kind, proto, _, where in _lookup(host, port, seconds):
        sock = None
        try:
            sock = socket.socket(family, kind, proto)
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(where)
            errors.clear()
            return sock
        except OSError as error:
            errors[:] = [error]  # the last one is raised, as create_connection does
            if sock is not None:
                sock.close()
    if errors:
        try:
            raise errors[0]
        finally:
            errors.clear()
    raise OSError("getaddrinfo returns an empty list")


def _watched(base: type, watching: threading.local) -> type:
    """``base`` (an HTTP(S) connection class) telling the request's :class:`_Watch` its socket,
    and looking its host name up within the request's time (:func:`_connection`)."""

    class Watched(base):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = lambda address, timeout, source=None: _connection(
                address, timeout, source, getattr(watching, "watch", None))

        def connect(self) -> None:
            super().connect()
            watch = getattr(watching, "watch", None)
            if watch is not None:
                watch.connected(self.sock)

    return Watched


class _Watching:
    """A handler's part: its connections (of the class the standard library's own handler asks
    for, with the arguments this Python's version gives) tell the request's watch their socket."""

    def __init__(self, watching: threading.local) -> None:
        super().__init__()
        self._watching = watching
        self._classes: dict[type, type] = {}

    def do_open(self, http_class, req, **http_conn_args):  # noqa: D102
        if http_class not in self._classes:
            self._classes[http_class] = _watched(http_class, self._watching)
        return super().do_open(self._classes[http_class], req, **http_conn_args)


class _WatchedHTTP(_Watching, urllib.request.HTTPHandler):
    pass


if hasattr(urllib.request, "HTTPSHandler"):

    class _WatchedHTTPS(_Watching, urllib.request.HTTPSHandler):
        pass


def _digest(url: str) -> bytes:
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).digest()


class _Ahead:
    """The next page, asked for in a thread of its own while the caller reads this one.

    It is asked for only once the page it follows has given a statement, only at the LRS's own
    address and never twice (the same checks as when it is asked for in turn), and only one at
    a time. Its answer, or what went wrong (:class:`LrsError`), is handed over by
    :meth:`answer` when the caller reaches that page, so errors come where they came without
    asking ahead; an answer not used (the page named another ``more`` at its end, or failed
    before it) is dropped. A daemon thread: it never keeps the program from ending (Ctrl-C)."""

    def __init__(self, client: Client, url: str, limit: _Limit | None = None) -> None:
        self.url = url
        self._done = threading.Event()
        self._answer: tuple[int, bytes] | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._ask, args=(client, limit), name="lrs-next-page", daemon=True).start()

    def _ask(self, client: Client, limit: _Limit | None) -> None:
        try:
            self._answer = client._request("GET", self.url, limit=limit)
        except BaseException as error:  # noqa: BLE001 - handed over to the caller, raised there
            self._error = error
        finally:
            self._done.set()

    def drop(self) -> None:
        """Waits for the answer and lets it go (or what went wrong): here, not when the thread
        ends, which may be after the caller has read the next page."""
        self._done.wait()
        self._answer = self._error = None

    def answer(self) -> tuple[int, bytes]:
        self._done.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._answer is not None
        answer, self._answer = self._answer, None
        return answer


TEXT_CHUNK = 1 << 20
"""Bytes of a page decoded at a time by :func:`_page_text`."""
_WIDE_ESCAPE = "learnmeta-json-wide"
_CUT = re.compile(rb"[^\\](?=[^\x80-\xbf])")
"""A byte other than a backslash, before the first byte of a character (not a continuation byte):
where a piece may end (see :func:`_page_text`)."""
_BACKSLASH_WIDE = re.compile(r"\\[^\x00-\xff]")
"""A backslash before a character beyond Latin-1 (see :func:`_escape_wide`)."""


def _escape_wide(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler of :func:`_page_text`: characters beyond Latin-1 as JSON's
    ``\\uXXXX`` escapes (a pair for one beyond the Basic Multilingual Plane), which JSON reads as
    the same characters inside a string and refuses, as it refused them, outside one. After an odd
    run of backslashes (``\\’``, not JSON) the escape would be read as an escaped backslash and
    text: a NUL is put first, so that it is refused there as it was."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text, start, end = error.object, error.start, error.end
    run = text[start:end]
    escaped = _ESCAPED.get(run)
    if escaped is None:
        escaped = json.dumps(run)[1:-1]
        if len(run) <= _MOST_KEPT:  # a long run is kept by none: it would stay after the page
            if len(_ESCAPED) >= 4096:
                _ESCAPED.clear()
            _ESCAPED[run] = escaped
    del run
    if start and text[start - 1] == "\\":
        before = start - 1
        while before > 0 and text[before - 1] == "\\":
            before -= 1
        if (start - before) % 2:
            return "\x00" + escaped, end
    return escaped, end


_ESCAPED: dict[str, str] = {}
"""Short runs of characters beyond Latin-1 and their escapes, as met (the same few recur: an
emoji, one with its skin tone, a family joined by zero-width joiners)."""
_MOST_KEPT = 16
"""The longest run kept in :data:`_ESCAPED` (4,096 of them hold some 1.5 MB at most)."""


def _kind(text: str) -> int:
    """Bytes a character in CPython's ``str`` ``text``: 1, 2 or 4 (from its size: it keeps each
    string at the width of its widest character)."""
    if text.isascii():
        return 1
    import sys

    return (sys.getsizeof(text) - sys.getsizeof("\xe9") + 2) // (len(text) + 1)  # a header, then len + 1 characters


def _page_text(held: list[bytes], chunk: int = TEXT_CHUNK) -> str | None:
    """The text of a page's bytes (UTF-8), for :class:`_Page`; None when they are not UTF-8.
    ``held`` holds the bytes alone (they are let go here, before the text is put together).

    Python keeps a string at the width of its widest character: one emoji in a page of 64 MiB
    made it a string of 256 MB (one character beyond Latin-1, such as ’, of 128 MB), besides the
    bytes. So the bytes are decoded a piece at a time, and in a piece holding characters beyond
    Latin-1 these are written as JSON escapes (``\\u2019``), which JSON reads as the same
    characters (:func:`_escape_wide`): the page is then one byte a character. Only when that
    would be longer than the page at its widest (a page mostly in Greek or Chinese) is it
    decoded as it is."""
    import codecs

    data = held.pop()
    if data.isascii():
        return data.decode("ascii")
    try:
        codecs.lookup_error(_WIDE_ESCAPE)
    except LookupError:
        codecs.register_error(_WIDE_ESCAPE, _escape_wide)
    pieces: list[str] = []
    chars = written = 0
    widest = 1
    at = 0
    size = len(data)
    while at < size:
        end = min(size, at + chunk)
        if end < size:  # end the piece before a character, not after a backslash: never inside a
            cut = _CUT.search(data, end - 1)  # character, nor a run of backslashes (_escape_wide)
            end = cut.end() if cut else size
            del cut  # it holds the bytes, which are let go below
        try:
            piece = data[at:end].decode("utf-8")
        except UnicodeDecodeError:
            return None
        at = end
        chars += len(piece)
        kind = _kind(piece)
        widest = max(widest, kind)
        if kind == 2 and not _BACKSLASH_WIDE.search(piece):  # the standard library's own
            piece = piece.encode("latin-1", "backslashreplace").decode("latin-1")  # \uXXXX, at C's speed
        elif kind > 1:
            piece = piece.encode("latin-1", _WIDE_ESCAPE).decode("latin-1")
        pieces.append(piece)
        written += len(piece)
        if written > chars * widest:  # longer than the page at its widest (mostly Greek, Chinese)
            del pieces
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:  # in a piece not yet read
                return None
    del data
    return "".join(pieces)


MAX_VALUE_CHARS = 1 << 20
"""The longest statement (or any other value) of a page that is read: 1 MiB of text, some 500
times one of learnmeta's (about 2 KB with its question's definition). Parsing costs up to 25 times
the text (``[[],[],...]``: a list object for every three characters), so one statement as large
as a page (64 MiB) held some 1.6 GB at once; now at most about 25 MiB. A longer one is refused
(:class:`Rejected`) before it is parsed whole: see :meth:`_Page._value`."""
_MARGIN = 16
"""Characters at the end of a window of :class:`_Page` within which a value may have been cut
(a number, ``-Infinity``, a ``\\uXXXX`` escape): it is read again from its start."""
_EARLY = 1 << 16
"""See :meth:`_Page._windowed`."""
_SPACE = re.compile(r"[ \t\n\r]*")
"""JSON's white space."""
_DECODER = json.JSONDecoder()
_SCAN: Callable[[str, int], tuple[Any, int]] = getattr(_DECODER, "scan_once")  # noqa: B009 - not in typeshed
"""What ``_DECODER.raw_decode`` calls, without its frame (a statement of a page is parsed each
call): it raises StopIteration (the position) where no value starts, which raw_decode words as
"Expecting value"."""


def _skip_space(text: str, at: int) -> int:
    found = _SPACE.match(text, at)
    return found.end() if found else at


class _Page:
    """One page of a statements query (``{"statements": [...], "more": "..."}``), read one
    statement at a time: each is parsed when it is reached and dropped once used, so a page of
    thousands is never held as thousands of parsed statements at once (about seven times the
    page's size in Python objects), only as its text. It accepts what ``json.loads`` accepts for
    such a page, and refuses the rest with the same messages: anything that is not JSON, and an
    object without one list of statements (:class:`Rejected`, raised where it is found: after
    the statements before it were given, which the caller then throws away with the rest)."""

    def __init__(self, text: str, origin: str) -> None:
        self._text = text
        self._origin = origin
        self._whole = len(text) <= MAX_VALUE_CHARS + _MARGIN
        self._window: str | None = None  # a piece of a longer page's text, from self._start (see _value)
        self._start = 0
        self._usable = 0  # where in the window a value may end and be known whole
        self._early = 0  # where in the window a value starting is read from a window of its own
        self.count = 0
        """Statements given so far."""
        self.more: object = None
        """The ``more`` of the page (once :meth:`statements` is done)."""

    def _not_json(self) -> Rejected:
        return Rejected(f"the LRS at {self._origin} answered with something that is not JSON")

    def _value(self, at: int) -> tuple[Any, int]:
        """The value at ``at`` and where it ends; at most :data:`MAX_VALUE_CHARS` long.

        A page longer than that is parsed from a window of it (a copy of the text from a value on,
        :data:`MAX_VALUE_CHARS` and :data:`_MARGIN` long, from which the values after it are
        parsed too, until one reaches its end): a value that does not end within a window
        starting at it is refused, having cost at most the window's parse. A value cut by the end
        of a window that did not start at it (an error there, or a number ending within
        :data:`_MARGIN` of it) is read again from a window starting at it: errors elsewhere are
        those of the page itself, as json.loads finds them."""
        window = self._window
        if window is None:
            if self._whole:  # a page no longer than a value may be: parsed as it is
                try:
                    return _SCAN(self._text, at)
                except (ValueError, RecursionError, StopIteration):
                    raise self._not_json() from None
            return self._windowed(at)
        offset = at - self._start
        if 0 <= offset <= self._early:  # the usual case: the value within the window, ending before its margin
            try:
                value, end = _SCAN(window, offset)
                if end <= self._usable:
                    return value, self._start + end
            except (ValueError, RecursionError, StopIteration):
                pass
        if offset:  # near the window's end, cut by it, or wrong: read again from a window starting here
            self._window = None
        return self._windowed(at)

    def _windowed(self, at: int) -> tuple[Any, int]:
        """:meth:`_value` of a long page, from a window starting at ``at`` if need be. A string
        is read from the page itself, whatever its length: it costs no more than its text (a
        ``more`` address, which is refused further on with words of its own when too long)."""
        text = self._text
        if text.startswith('"', at):
            try:
                return _SCAN(text, at)
            except (ValueError, RecursionError, StopIteration):
                raise self._not_json() from None
        while True:
            window, start = self._window, self._start
            if window is None or not start <= at < start + len(window):
                window = self._window = text[at : at + MAX_VALUE_CHARS + _MARGIN]
                start = self._start = at
                last = start + len(window) >= len(text)  # the window reaches the end of the page
                self._usable = len(window) if last else len(window) - _MARGIN
                # A value this near the end is read from a window of its own at once (one of
                # learnmeta's is 2 KB): trying it here first, cut, would cost an error's making.
                self._early = len(window) if last else len(window) - _EARLY
            last = self._usable == len(window)
            try:
                value, end = _DECODER.raw_decode(window, at - start)
                if end <= self._usable:
                    return value, start + end
                del value
            except json.JSONDecodeError as error:
                if last or not (error.pos >= self._usable or error.msg.startswith("Unterminated string")):
                    raise self._not_json() from None
            except (ValueError, RecursionError):
                raise self._not_json() from None
            if at == start:
                self._window = None
                raise Rejected(f"the LRS at {self._origin} answered with a statement (or another value) longer "
                               f"than {MAX_VALUE_CHARS:,} characters, more than learnmeta reads: its own are "
                               "about 2,000")
            self._window = None  # read again from a window starting at the value

    def _after(self, at: int) -> tuple[str, int]:
        """The character after the white space from ``at``, and where it ends."""
        at = _skip_space(self._text, at)
        return self._text[at : at + 1], at + 1

    def leading_more(self) -> object:
        """The ``more`` of a page that begins with it (``{"more": "...", ...``), before its
        statements are read; None when the page does not begin so. :attr:`more` (known once the
        statements are read) is the page's word: json.loads keeps the last of a key given twice."""
        mark, at = self._after(0)
        if mark != "{":
            return None
        at = _skip_space(self._text, at)
        if not self._text.startswith('"more"', at):
            return None
        mark, at = self._after(at + len('"more"'))
        if mark != ":":
            return None
        at = _skip_space(self._text, at)
        if self._text[at : at + 1] != '"':
            return None
        try:
            value, _ = _DECODER.raw_decode(self._text, at)
        except (ValueError, RecursionError):
            return None
        return value

    def statements(self) -> Iterator[Any]:
        mark, at = self._after(0)
        if mark != "{":
            if mark:
                _, at = self._value(at - 1)  # JSON, but not an object?
                if _skip_space(self._text, at) == len(self._text):
                    raise Rejected(f"the LRS at {self._origin} answered without a list of statements")
            raise self._not_json()
        found = False
        last_a_list = False  # json.loads keeps the last of a key given twice
        mark, at = self._after(at)
        while mark != "}":
            if mark != '"':
                raise self._not_json()
            key, at = self._value(at - 1)
            mark, at = self._after(at)
            if mark != ":":
                raise self._not_json()
            mark, at = self._after(at)
            if key == "statements" and mark == "[":
                if found:  # json.loads would keep the last list: there is no telling which is meant
                    raise Rejected(f"the LRS at {self._origin} answered with two lists of statements")
                found = True
                mark, at = self._after(at)
                if mark != "]":
                    while True:
                        statement, at = self._value(at - 1)
                        self.count += 1
                        yield statement
                        del statement
                        mark, at = self._after(at)
                        if mark == "]":
                            break
                        if mark != ",":
                            raise self._not_json()
                        mark, at = self._after(at)
                last_a_list = True
            else:
                value, at = self._value(at - 1)
                if key == "statements":  # not a list: said once the page is known to be JSON
                    last_a_list = False
                if key == "more":
                    self.more = value  # the last one, as json.loads keeps it
            mark, at = self._after(at)
            if mark == ",":
                mark, at = self._after(at)
                if mark == "}":  # a comma before the end is not JSON
                    raise self._not_json()
            elif mark != "}":
                raise self._not_json()
        if _skip_space(self._text, at) != len(self._text):
            raise self._not_json()  # more after the object
        if not last_a_list:
            raise Rejected(f"the LRS at {self._origin} answered without a list of statements")
        self._text = ""
        self._window = None
