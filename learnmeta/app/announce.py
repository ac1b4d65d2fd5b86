"""What a screen reader in the browser is told when the screen changes (`learnmeta serve` only).

In a browser, xterm.js's screen-reader mode reads out what was redrawn, which after a key is
most of the screen ("Too much output to announce", then the rows from the top): a learner who
cannot see it did not hear "Right" or "Not quite", nor the feedback. So, under `learnmeta serve`
and nowhere else, the app also writes a short text in words (:meth:`LearnApp.announce`: the
verdict and the feedback after an answer, "Question 2 of 5" and its prompt, the results) as a
private terminal sequence, ``ESC ] 7790 ; text BEL``, through Textual's web driver
(:class:`learnmeta.app.served.ServedDriver`). The page's script hands it to xterm.js's parser
(``registerOscHandler``), which puts it, as text only (``textContent``), into a visually hidden
``role="status"`` region that screen readers read out (``learnmeta/serve/static/page.js``).

The text comes in part from packs, which are untrusted: :func:`spoken` is the one place that
makes it safe to write inside the sequence. A terminal (no web driver) is never sent it.
"""

from __future__ import annotations

ANNOUNCE_OSC = 7790
"""The number of the private sequence (xterm.js ignores sequences nobody handles; no terminal
or program we know of uses this one). ``page.js`` handles the same number."""
MOST = 400
"""The most characters one announcement has: a screen reader reads it in one go, and the whole
screen is there to read with its own keys."""


def spoken(text: object, most: int = MOST) -> str:
    """``text`` as one line of plain words that cannot end or start a terminal sequence.

    Every character Python does not call printable becomes a space: all control characters (C0
    with ESC, BEL, CAN, SUB, DEL, C1 with ST ``\\x9c`` and CSI ``\\x9b``), line and paragraph
    separators, format characters (bidirectional overrides, zero-width ones), surrogates, private
    use and unassigned code points. What is left is only characters at or above U+0020 that are
    not U+007F-U+009F (xterm.js keeps every one of those inside the sequence), and single plain
    spaces. A text longer than ``most`` is cut at a word and ends in "…". Nothing is markup here
    or in the page (which sets it as ``textContent``)."""
    line = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    if len(line) <= most:
        return line
    cut = line[: most - 1]
    space = cut.rfind(" ")
    if space > most // 2:  # a word that long is cut where it is
        cut = cut[:space]
    return cut.rstrip() + "…"


def sequence(text: object) -> str:
    """The private sequence that carries ``text`` (made :func:`spoken`); "" when nothing is left."""
    words = spoken(text)
    return f"\x1b]{ANNOUNCE_OSC};{words}\x07" if words else ""


def sentences(*parts: object) -> str:
    """Parts (each may hold several lines) as one text to read out: each ends with a full stop
    unless it ends in a stop of its own, empty parts left out."""
    said = []
    for part in parts:
        text = " ".join(str(part).split())
        if text:
            said.append(text if text.endswith((".", "!", "?", ":", "…")) else text + ".")
    return " ".join(said)
