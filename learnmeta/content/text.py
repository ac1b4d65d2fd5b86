"""Cleaning text that comes from content files, before anything else sees it.

Lesson and pack files are written by people we do not control. Control characters (ESC, OSC
sequences, C1 codes such as ``\\x9b``) could reach the real terminal from any widget, so they are
removed here, at load time, in the models' validators: nothing downstream can forget. So are
invisible characters (a soft hyphen, a zero-width space, a bidi override): no learner can type
them, and they make two texts that differ look the same. Text that is compared (typed answers,
accepted answers, choices) goes through :func:`normalise_text` on both sides.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 range: terminal escape codes.
_CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

# Invisible characters: every format character (Unicode category Cf: the soft hyphen, zero-width
# spaces and joiners, the word joiner, the byte order mark, bidi controls, tags...) but the
# prepended concatenation marks (Arabic number signs and the like, which are drawn), plus the
# few other characters that draw nothing: the combining grapheme joiner, the Hangul fillers and
# the Khmer inherent vowels. A test checks the list against Python's own Unicode tables.
_INVISIBLE_CHARS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
INVISIBLE_EXTRA = "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
"""Invisible characters outside category Cf (they are letters or marks that draw nothing)."""

_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}{INVISIBLE_EXTRA}]")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}{_INVISIBLE_CHARS}{INVISIBLE_EXTRA}]")
"""What :func:`clean_text` removes: control characters and invisible characters."""

_DRAWN_FORMAT = frozenset((*range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0x110BD, 0x110CD))


def is_invisible(char: str) -> bool:
    """Whether one character draws nothing and is not a control character (see above)."""
    if _INVISIBLE.fullmatch(char):
        return True
    return unicodedata.category(char) == "Cf" and ord(char) not in _DRAWN_FORMAT


def clean_text(value: str) -> str:
    """Return ``value`` with line endings normalised and control and invisible characters
    removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def has_hidden_characters(value: str) -> bool:
    """Whether :func:`clean_text` would remove anything from ``value`` (line endings aside)."""
    return _CONTROL.search(value) is not None


def normalise_text(value: str) -> str:
    """The one normalisation of text that is compared: what a learner types, the accepted
    answers, choices. Control and invisible characters are removed (before NFKC, so that a
    joiner does not keep a letter from its accent), then Unicode NFKC: composed accents,
    compatibility forms (the ligature "ﬁ" is "fi", full-width letters are letters)."""
    if value.isascii() and value.isprintable():
        return value
    value = _CONTROL.sub("", value.replace("\r", ""))
    value = unicodedata.normalize("NFKC", value)
    return _CONTROL.sub("", value)


def same_text_key(value: str) -> str:
    """What two texts that look the same on screen have in common: :func:`normalise_text`, case
    folded, runs of white space as one space. Used to refuse two choices that look alike."""
    folded = unicodedata.normalize("NFKC", normalise_text(value).casefold())
    return " ".join(folded.split())


# A character written as a TOML escape, such as \u001b or \U000E0041.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


_SHOWN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
"""The ASCII characters that :data:`_CONTROL` does not match, carriage returns included (they
are line endings here)."""


def _holds_control(text: str) -> bool:
    """Whether ``text``, carriage returns left out, holds a character :data:`_CONTROL` matches.
    ASCII text (nearly every file) is asked by deleting every other ASCII character from its bytes
    (about 0.01 ms for 40 KB, where the search takes 0.3 ms)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, _SHOWN_ASCII))
    return _CONTROL.search(text.replace("\r", "")) is not None


def control_characters(text: str, toml_escapes: bool = True) -> list[tuple[int, str]]:
    """(line, character) of each control or invisible character in ``text`` that
    :func:`clean_text` removes, whether written as is or (in TOML) as an escape such as
    ``\\u001b``.

    Carriage returns are line endings, not hidden characters, so they are not listed; nor are the
    escapes for tab and newline.
    """
    # Nearly every file holds none, and the whole text says so at once (see _holds_control);
    # neither pattern matches across a line end, so the lines hold a match only if the text does.
    # Going line by line took 6-7 ms of a start with an empty cache (the built-in content).
    if not _holds_control(text) and (not toml_escapes or _ESCAPE.search(text) is None):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _CONTROL.finditer(line.replace("\r", "")):
            found.append((number, match.group()))
        if not toml_escapes or "\\" not in line:
            continue
        for match in _ESCAPE.finditer(line):
            before = line[: match.start()]
            if (len(before) - len(before.rstrip("\\"))) % 2:
                continue  # an escaped backslash followed by letters, not an escape
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF:
                continue  # not a character: TOML itself refuses it
            char = chr(code)
            if char not in ("\t", "\n") and _CONTROL.fullmatch(char):
                found.append((number, char))
    return found


def slugify(text: str) -> str:
    """Make a stable id from a heading: lower case, ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "section"


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_answer(text: str) -> str:
    """Normalise a typed answer, or an accepted one, for comparing them: :func:`normalise_text`
    (invisible characters, NFKC), then case, punctuation and runs of spaces."""
    text = unicodedata.normalize("NFKC", normalise_text(text).casefold())
    text = _PUNCT.sub(" ", text)
    return " ".join(text.split())


_STRONG = re.compile(r"\*\*(?=[^\s*])(.+?)(?<=[^\s*])\*\*", re.DOTALL)


def emphasis_pieces(text: str) -> list[tuple[str, bool]]:
    """A prompt split at Markdown strong emphasis, ``**not**``: ``(piece, emphasised)`` pairs in
    order, the markers left out. Only a closed pair around text that does not start or end with
    a space counts ("2 ** 3" and a lone "**" stay as written); nothing else in the text has any
    meaning. The app shows emphasised pieces in bold (built as styled text, never as markup);
    plain mode in capitals (:func:`emphasis_in_capitals`)."""
    pieces: list[tuple[str, bool]] = []
    position = 0
    for found in _STRONG.finditer(text):
        if found.start() > position:
            pieces.append((text[position:found.start()], False))
        pieces.append((found.group(1), True))
        position = found.end()
    if position < len(text) or not pieces:
        pieces.append((text[position:], False))
    return pieces


def emphasis_in_capitals(text: str) -> str:
    """The prompt for plain mode and screen readers: ``**not**`` as ``NOT`` (the markers gone)."""
    return "".join(piece.upper() if strong else piece for piece, strong in emphasis_pieces(text))


def without_emphasis_marks(text: str) -> str:
    """The prompt with ``**`` emphasis markers removed (the words as written)."""
    return "".join(piece for piece, _strong in emphasis_pieces(text))
