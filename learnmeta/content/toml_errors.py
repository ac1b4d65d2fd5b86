"""What a TOML syntax error means, in plain words, and how to fix it.

The parser's own messages ("Invalid value", "Illegal character '\\n'", "Cannot overwrite a
value") name what it expected, not what the author did: an instructor who wrote
``title = "It's "ours""`` or pasted curly quotes from a word processor is left guessing. This
reads the line the parser stopped at and says what is most likely wrong there, and what to
write instead. Used only for a file that does not parse.
"""

from __future__ import annotations

import re

_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY_LINE = rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*="
_CURLY = "“”‘’„«»"
_TEXT_HINT = ('text goes in straight double quotes ("like this"), true and false are written '
              "in lower case, and numbers and dates have no quotes")


QUOTED = 60
"""At most this many characters of what the author wrote are quoted back (a key, a value): the
line the parser stopped at may be a pasted paragraph, or 100 KB with no line end."""


def _short(text: str) -> str:
    """``text`` as it is quoted in a message: cut, with an ellipsis, when longer than QUOTED."""
    return text if len(text) <= QUOTED else text[:QUOTED].rstrip() + "…"


def _line(doc: str, lineno: int) -> str:
    lines = doc.split("\n")
    return lines[lineno - 1] if 0 < lineno <= len(lines) else ""


def _key(line: str) -> str | None:
    found = re.match(_KEY_LINE, line)
    return re.sub(r"\s*\.\s*", ".", found.group(1)).strip() if found else None


def _value(line: str) -> str:
    """What stands after the first '=' of a key line (the value as written), stripped."""
    return line.split("=", 1)[1].strip() if "=" in line else line.strip()


def plain_toml_error(msg: str, doc: str, lineno: int) -> str:
    """The parser's message ``msg`` about line ``lineno`` of ``doc``, in plain words with the
    fix; a message this does not know is returned as it is."""
    line = _line(doc, lineno)
    key = _key(line)
    value = _value(line) if key else ""
    name = f"'{_short(key)}'" if key else "a key"
    if any(mark in value for mark in _CURLY) and msg in ("Invalid value", "Illegal character '\\n'"):
        return (f"the value of {name} is in curly quotes (“ ”), which TOML does not read as "
                'quotes; type straight double quotes ("like this") instead, as a word '
                "processor or web page may have changed them")
    if msg in ("Illegal character '\\n'", "Unterminated string") and value.count('"') % 2 == 1:
        return (f"the text of {name} is not closed: end it with a \" on the same line (text "
                'over several lines goes between """ and """)')
    if msg == "Unterminated string":
        return 'text that starts with """ (or \'\'\') is never closed: end it the same way'
    if msg == "Invalid value":
        word = value.split()[0] if value.split() else ""
        if word.lower() in ("true", "false", "yes", "no") and word not in ("true", "false"):
            return f"{name} should be true or false, in lower case and without quotes (not {_short(word)})"
        if re.match(r"^[A-Za-z]", value):
            whole = "" if len(value) <= QUOTED else " (the whole text, in quotes)"
            return (f'the value of {name} is not in quotes: write {_short(key or "key")} = '
                    f'"{_short(value)}"{whole}')
        return f"the value of {name} is not one TOML can read: {_TEXT_HINT}"
    if msg == "Expected '=' after a key in a key/value pair":
        return ("each line is a key, '=', then its value (prompt = \"...\"): the '=' is missing, "
                "the key has a space in it, or a line of text lost its # (comments start with #)")
    if key and re.match(r"^\d{4}-\d{1,2}-\d{1,2}\b", value) and (
            msg in ("Expected newline or end of document after a statement", "Invalid value")):
        return f"the date of {name} is not a real date: write it as 2026-11-24 (year-month-day)"
    if msg == "Expected newline or end of document after a statement":
        if key and value.startswith('"') and value.count('"') > 2:
            return (f"the text of {name} holds a \" that ends it early: write \\\" for a quote "
                    "inside text, or put the whole text in single quotes ('...')")
        return ("something follows the value on this line: put each key = value on a line of "
                "its own, and start a comment with #")
    found = re.match(r"^Cannot declare \((.*)\) twice$", msg)
    if found:
        table = _short(".".join(re.findall(r"'([^']*)'", found.group(1))))
        return (f"the table [{table}] is written twice: keep one [{table}] line and put all "
                "its keys under it (a table that repeats, like [[questions]], has two brackets)")
    if msg == "Cannot overwrite a value":
        return (f"{name} is given a value twice in the same table: keep one of them (each "
                "[[questions]] starts a new question with keys of its own)")
    if msg == "Expected ']' at the end of a table declaration":
        return "the table's name is not closed: end the line with ']'"
    if msg == "Expected ']]' at the end of an array declaration":
        return "the name of a table that repeats is not closed: end the line with ']]'"
    if msg.startswith("Unclosed array"):
        return "a list opened with '[' is never closed: end it with ']'"
    if msg.startswith("Unclosed inline table"):
        return "a table opened with '{' is never closed: end it with '}'"
    if msg == "Invalid initial character for a key part":
        return ("a line does not start with a key: a key is letters, digits, '-' and '_' "
                "(a line of notes must start with #)")
    if msg in ("Unescaped '\\' in a string", "Invalid hex value") or msg.startswith("Escaped character"):
        return ("a \\ in text starts an escape such as \\n: write \\\\ for one backslash, or put "
                "the whole text in single quotes ('...')")
    found = re.match(r"^Duplicate inline table key '(.*)'$", msg)
    if found:
        return f"'{_short(found.group(1))}' is given twice in the same {{ ... }}: keep one of them"
    if msg in ("Invalid date or datetime", "Invalid date"):
        return f"the date of {name} is not a real date: write it as 2026-11-24 (year-month-day)"
    return msg
