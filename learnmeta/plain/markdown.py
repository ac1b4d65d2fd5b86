"""Lesson Markdown as plain lines, for plain mode: what a screen reader reads well.

Headings become lines of their own, list items start with "- " (numbered ones keep their
number), paragraphs are one line each (the terminal wraps them), emphasis marks and link
brackets are dropped (a link's address follows its words in brackets), table rows become lines
of cells separated by semicolons, and rules and table borders are left out. No box drawing, no
colour. Text is cleaned of control characters here too, whatever it came from.
"""

from __future__ import annotations

import re

from learnmeta.content.text import clean_text

_ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`]+)`")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def inline(text: str) -> str:
    """One line of Markdown as plain words."""
    text = _CODE.sub(r"\1", text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = _AUTOLINK.sub(r"\1", text)
    for pattern in (_STRONG, _EMPHASIS_STAR, _EMPHASIS_UNDERSCORE):
        previous = None
        while previous != text:
            previous, text = text, pattern.sub(lambda m: m.group(m.lastindex or 0), text)
    text = _TAG.sub("", text)
    text = _ESCAPED.sub(r"\1", text)
    return " ".join(clean_text(text).split())


def _cells(row: str) -> str:
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return "; ".join(cell for cell in (inline(part) for part in row.split("|")) if cell)


def plain_lines(markdown: str) -> list[str]:
    """``markdown`` as plain lines, one blank line between blocks (none at the start or end)."""
    out: list[str] = []
    paragraph: list[str] = []
    item: list[str] | None = None  # the list item being read: its marker, then its words

    def flush() -> None:
        nonlocal item
        if item is not None:
            out.append(item[0] + inline(" ".join(item[1:])))
            item = None
        if paragraph:
            out.append(inline(" ".join(paragraph)))
            paragraph.clear()

    def block_break() -> None:
        flush()
        if out and out[-1] != "":
            out.append("")

    fenced = False
    in_quote = False
    for raw in clean_text(markdown).split("\n"):
        line = raw.rstrip()
        if _FENCE.match(line):
            block_break()
            fenced = not fenced
            continue
        if fenced:
            out.append(clean_text(line).strip())
            continue
        quoted = line.lstrip().startswith(">")
        if quoted != in_quote:  # a quote starts or ends a block, as a blank line does
            block_break()
            in_quote = quoted
        while line.lstrip().startswith(">"):  # a quote is read as its text
            line = line.lstrip()[1:]
            if line.startswith(" "):
                line = line[1:]
        stripped = line.strip()
        if not stripped:
            block_break()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            block_break()
            out.append(inline(_ANCHOR.sub("", heading.group(2))))
            out.append("")
            continue
        if _RULE.match(stripped):
            block_break()
            continue
        if stripped.startswith("|") or (stripped.count("|") >= 2 and _TABLE_SEPARATOR.match(stripped)):
            flush()
            if not _TABLE_SEPARATOR.match(stripped):
                cells = _cells(stripped)
                if cells:
                    out.append(cells)
            continue
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if bullet or numbered:
            flush()
            if bullet:
                depth = len(bullet.group(1).expandtabs(4)) // 2
                item = ["  " * depth + "- ", bullet.group(2)]
            else:
                assert numbered is not None
                depth = len(numbered.group(1).expandtabs(4)) // 2
                item = ["  " * depth + f"{numbered.group(2)}. ", numbered.group(3)]
            continue
        if item is not None and raw[:1] in (" ", "\t"):
            item.append(stripped)  # the item goes on, indented
            continue
        if item is not None:
            flush()
        paragraph.append(stripped)
    flush()
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    # A heading's blank line followed by a block break: one blank line is enough.
    result: list[str] = []
    for line in out:
        if line == "" and result and result[-1] == "":
            continue
        result.append(line)
    return result
