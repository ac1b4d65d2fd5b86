"""Cleaning text that comes from content files, before anything else sees it.

Lesson and pack files are written by people we do not control. Control characters (ESC, OSC
sequences, C1 codes such as ``\\x9b``) could reach the real terminal from any widget, so they are
removed here, at load time, in the models' validators: nothing downstream can forget.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 range; plus bidi overrides and other
# invisible format characters that can disguise text.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def clean_text(value: str) -> str:
    """Return ``value`` with line endings normalised and control characters removed."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


# A control character written as a TOML escape, such as \u001b or \U0000009b.
_ESCAPED_CONTROL = re.compile(
    r"\\(?:u(00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|200[b-fB-F]|202[a-eA-E]|206[6-9]|[fF][eE][fF][fF])"
    r"|U(0000[01][0-9a-fA-F]|00007[fF]|0000[89][0-9a-fA-F]))"
)


def control_characters(text: str, toml_escapes: bool = True) -> list[tuple[int, str]]:
    """(line, character) of each control character in ``text`` that :func:`clean_text` removes,
    whether written as is or (in TOML) as an escape such as ``\\u001b``.

    Carriage returns are line endings, not hidden characters, so they are not listed; nor are the
    escapes for tab and newline.
    """
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _CONTROL.finditer(line.replace("\r", "")):
            found.append((number, match.group()))
        for match in _ESCAPED_CONTROL.finditer(line) if toml_escapes else ():
            if line[: match.start()].endswith("\\"):
                continue  # an escaped backslash followed by letters, not an escape
            char = chr(int(match.group(1) or match.group(2), 16))
            if char not in ("\t", "\n"):
                found.append((number, char))
    return found


def slugify(text: str) -> str:
    """Make a stable id from a heading: lower case, ASCII letters, digits and hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "section"


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_answer(text: str) -> str:
    """Normalise a typed answer: case, surrounding spaces, punctuation and inner runs of spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _PUNCT.sub(" ", text)
    return " ".join(text.split())
