"""Plain lines out, typed lines in: the only input and output of plain mode.

Every line printed is cleaned of control characters first (content already is, when it is
loaded; this is the last guard, so nothing reaches the terminal raw): no escape codes, no
colour, no cursor movement. Each prompt is a line of its own, ending with a colon. Input is
read one line at a time, so a file or a pipe can drive it; the end of the input is ``quit``.
When the input is not a terminal, what was read is echoed ("You typed: 2", "You pressed
Enter."), so a transcript, or a speech reading of one, has each answer under its question.
"""

from __future__ import annotations

import re
from typing import IO

from learnmeta.content.text import clean_text

MAX_LINE = 4000
"""The longest input line read (the rest of a longer one is read as the next line)."""

_TAB = re.compile(r"\t")


class EndOfInput(Exception):
    """The input ended (Ctrl+D, or the end of a file or pipe): plain mode quits, saving."""


def clean_line(text: object) -> str:
    """One line of output, cleaned: control and invisible characters removed, tabs as spaces."""
    return _TAB.sub("    ", clean_text(str(text)))


class Console:
    def __init__(self, stdin: IO[str], stdout: IO[str], *, echo: bool = False) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.echo = echo

    def say(self, *texts: object) -> None:
        """Print each text; a text with line breaks is printed as several lines."""
        for text in texts:
            for line in str(text).split("\n"):
                self.stdout.write(clean_line(line).rstrip() + "\n")
        self.stdout.flush()

    def blank(self) -> None:
        self.stdout.write("\n")

    def read(self, prompt: str) -> str:
        """Print ``prompt`` on a line of its own and read one line; :class:`EndOfInput` at the end."""
        self.say(prompt)
        line = self.stdin.readline(MAX_LINE)
        if line == "":
            raise EndOfInput
        line = clean_text(line).replace("\n", " ").strip()
        if self.echo:
            self.say(f"You typed: {line}" if line else "You pressed Enter.")
        return line
