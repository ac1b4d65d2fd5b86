"""Classroom mode's door: the join code, the browser sessions let in, and wrong codes (no web here).

The join code is checked on the server, once per browser: a right code gives the browser a
random token in a cookie (HttpOnly, SameSite=Strict), and every request but the join page and
the static files must carry a token the server gave (:meth:`Gate.admits`), the websocket that
runs the app included. Codes are compared in constant time. Wrong codes are limited per address
(:data:`WRONG_PER_ADDRESS` a minute) and for the whole server (:data:`WRONG_PER_MINUTE`), so
guessing a code of :data:`CODE_LENGTH` characters from :data:`ALPHABET` would take far longer
than a course lasts.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for each other (no I, L, O, 0 or 1)."""
CODE_LENGTH = 8
MIN_CODE = 6
MAX_CODE = 64
WRONG_PER_ADDRESS = 5
WRONG_PER_MINUTE = 60
JOINS_PER_ADDRESS = 60
"""Right codes a minute from one address (a class behind one school router fits). Each gives a
token, and past :data:`MAX_TOKENS` the oldest are pushed out, so joining again and again would
sign every learner out."""
TOKEN_LIFETIME = 12 * 3600
MAX_TOKENS = 10_000
COOKIE = "learnmeta_class"


def new_code() -> str:
    """A fresh join code such as ``K7PM-4QX2``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normal_code(text: str) -> str:
    """A code as compared: upper case, without spaces or dashes (people type it both ways)."""
    return "".join(c for c in str(text).upper() if c not in " -\t")


def code_problem(text: str) -> str | None:
    """Why ``text`` cannot be a join code given with ``--code``, or None."""
    code = normal_code(text)
    if not MIN_CODE <= len(code) <= MAX_CODE:
        return f"a join code needs {MIN_CODE} to {MAX_CODE} letters or digits"
    if not code.isascii() or not code.isalnum():
        return "a join code can hold only letters and digits (and dashes or spaces between them)"
    return None


class Gate:
    """The join code and the tokens of the browsers that gave it."""

    def __init__(self, code: str, *, clock=time.monotonic) -> None:
        self.code = code
        self._expected = normal_code(code).encode("ascii")
        self._tokens: dict[str, float] = {}
        self._wrong: dict[str, deque] = {}
        self._all_wrong: deque = deque()
        self._joins: dict[str, deque] = {}
        self._clock = clock

    def try_code(self, text: str, address: str) -> str:
        """``"ok"``, ``"wrong"``, ``"wait"`` (too many wrong codes lately: not even checked) or
        ``"busy"`` (right, but too many joins from this address lately: no token)."""
        now = self._clock()
        self._forget_old(now)
        mine = self._wrong.setdefault(address, deque())
        if len(mine) >= WRONG_PER_ADDRESS or len(self._all_wrong) >= WRONG_PER_MINUTE:
            return "wait"
        given = normal_code(text[:MAX_CODE * 2]).encode("utf-8", "replace")
        if hmac.compare_digest(given, self._expected):
            joins = self._joins.setdefault(address, deque())
            if len(joins) >= JOINS_PER_ADDRESS:
                return "busy"
            joins.append(now)
            return "ok"
        mine.append(now)
        self._all_wrong.append(now)
        return "wrong"

    def _forget_old(self, now: float) -> None:
        while self._all_wrong and now - self._all_wrong[0] > 60:
            self._all_wrong.popleft()
        for counts in (self._wrong, self._joins):
            for address in list(counts):
                times = counts[address]
                while times and now - times[0] > 60:
                    times.popleft()
                if not times:
                    del counts[address]

    def new_token(self) -> str:
        now = self._clock()
        if len(self._tokens) >= MAX_TOKENS:
            self._tokens = {t: end for t, end in self._tokens.items() if end > now}
            while len(self._tokens) >= MAX_TOKENS:  # still full: the oldest go
                self._tokens.pop(next(iter(self._tokens)))
        token = secrets.token_urlsafe(32)
        self._tokens[token] = now + TOKEN_LIFETIME
        return token

    def admits(self, token: str | None) -> bool:
        if not token or len(token) > 100:
            return False
        end = self._tokens.get(token)
        if end is None:
            return False
        if end < self._clock():
            del self._tokens[token]
            return False
        return True
