"""What the QTI and Moodle XML imports share: reading hostile XML and zip files safely, turning
marked-up text into plain text, making ids, and the result of an import. Pure functions over
bytes: no file is opened here (the command reads the input with :mod:`learnmeta.files`).

Every file handed to an import is untrusted. The rules, each with a test in
``tests/test_interchange_hostile.py``:

* **XML** is parsed by lxml with entities left unresolved, no DTD loaded, no network, no huge
  trees (libxml2's own limits on depth and text size stay on); a document with a ``<!DOCTYPE``
  is refused outright, so no entity (internal or external) is ever expanded or fetched.
  Processing instructions and comments are dropped. XInclude is never run.
* **Zip packages** are never extracted to disk: members are read into memory by name, so no
  member can be written anywhere (no zip slip). Still, a member whose name is absolute, climbs
  out with ``..``, uses a backslash or a drive letter, repeats another member's name, is a link
  or a device, or is encrypted makes the whole package invalid, and the package may hold at most
  :data:`MAX_ZIP_ENTRIES` members. Reading counts the bytes actually decompressed (never the
  sizes the zip declares): at most :data:`MAX_MEMBER_BYTES` for one member and
  :data:`MAX_TOTAL_BYTES` in all, so a zip bomb stops at the limit.

Failures are :class:`BadInput` with the member's name and the line where it can be found.
"""

from __future__ import annotations

import html
import io
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml import etree

MAX_ZIP_BYTES = 256 * 1024 * 1024
"""The largest package file an import reads (a pack of 20,000 questions is about 60 MB)."""
MAX_ZIP_ENTRIES = 25_000
"""The most members a package may have: 20,000 questions, a test, a manifest and some media."""
MAX_MEMBER_BYTES = 8 * 1024 * 1024
"""The most bytes one member but the manifest may decompress to (an item is a few KB)."""
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""The most bytes the manifest may decompress to: it carries what QTI has no place for, about
0.8 KB an item for the built-in questions (16 MB for a pack of 20,000), more with long hints."""
MAX_TOTAL_BYTES = 512 * 1024 * 1024
"""The most bytes all the members read may decompress to."""
MAX_QUESTIONS = 25_000
"""The most questions (items, or Moodle questions) an import looks at: a pack holds 20,000."""
MAX_XML_BYTES = 128 * 1024 * 1024
"""The largest Moodle XML file an import reads: 2.2 KB a question for the built-in ones (44 MB
for a pack of 20,000), and images inside it are base64."""


class BadInput(Exception):
    """Input an import cannot use: ``where`` names the file or member, ``line`` the line."""

    def __init__(self, message: str, where: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.line = line

    def __str__(self) -> str:
        place = self.where + (f":{self.line}" if self.line else "")
        return f"{place}: {self.message}" if place else self.message


# ----------------------------------------------------------------------------------------------
# XML
# ----------------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        strip_cdata=True,
        recover=False,
    )


_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_:]")
_DTD_REFUSED = ("the XML has a DOCTYPE (a DTD) or entities; imports refuse them, since they can read "
                "files or expand without end")


def parse_xml(data: bytes, where: str) -> etree._Element:
    """The root element of an XML document; :class:`BadInput` for anything but a plain,
    well-formed document without a DTD."""
    from lxml import etree

    start = _FIRST_ELEMENT.search(data)
    prolog = data[: start.start()] if start else data
    if b"<!DOCTYPE" in prolog:
        raise BadInput(_DTD_REFUSED, where, prolog[: prolog.index(b"<!DOCTYPE")].count(b"\n") + 1)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) and error.lineno > 0 else None
        message = str(error.msg or error).split(" (line ")[0].strip()
        if re.search(r"\bentit(y|ies)\b|amplification", message, re.IGNORECASE):
            raise BadInput(_DTD_REFUSED, where, line) from None
        if "Excessive depth" in message:
            raise BadInput("elements are nested too deeply (an import reads 255 levels at most)", where, line) from None
        if re.search(r"huge text node|huge input|text node too long", message, re.IGNORECASE):
            raise BadInput("a text in it, or a file embedded in it, is larger than 10 MB (an import reads "
                           "less); in Moodle, remove the large images from these questions before exporting",
                           where, line) from None
        raise BadInput(f"this is not well-formed XML: {clean(message)[:200]}", where, line) from None
    except (ValueError, TypeError) as error:  # e.g. a document lxml refuses as a whole
        raise BadInput(f"this XML cannot be read: {clean(str(error))[:200]}", where) from None
    tree = root.getroottree()
    info = tree.docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise BadInput(_DTD_REFUSED, where, 1)
    for node in root.iter():
        if not isinstance(node.tag, str):  # an entity reference left unresolved
            raise BadInput("the XML uses an entity (&name;) that is not one of XML's own", where,
                           node.sourceline)
    return root


def local(node: etree._Element) -> str:
    """An element's name without its namespace."""
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(node: etree._Element, name: str) -> list[etree._Element]:
    """The child elements called ``name`` (in any namespace)."""
    return [child for child in node if isinstance(child.tag, str) and local(child) == name]


def child(node: etree._Element, name: str) -> etree._Element | None:
    found = children(node, name)
    return found[0] if found else None


def descendants(node: etree._Element, name: str) -> list[etree._Element]:
    return [item for item in node.iter() if isinstance(item.tag, str) and local(item) == name]


# ----------------------------------------------------------------------------------------------
# Zip packages
# ----------------------------------------------------------------------------------------------


_DRIVE = re.compile(r"^[A-Za-z]:")


class SafeZip:
    """A zip package checked as a whole before anything in it is read (see the module doc)."""

    def __init__(self, data: bytes, where: str) -> None:
        self.where = where
        self.read_total = 0
        # Every member has an entry in the central directory, which starts with this signature:
        # counting them first stops a package of millions of entries before zipfile builds an
        # object for each.
        entries = data.count(b"PK\x01\x02")
        if entries > MAX_ZIP_ENTRIES:
            raise BadInput(f"the package has {entries:,} members; the most an import reads is "
                           f"{MAX_ZIP_ENTRIES:,}", where)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as error:  # a hostile zip can break zipfile in many ways (struct.error...)
            raise BadInput(f"this is not a zip package that can be read ({clean(str(error))[:120]})",
                           where) from None
        if len(infos) > MAX_ZIP_ENTRIES:
            raise BadInput(f"the package has {len(infos):,} members; the most an import reads is "
                           f"{MAX_ZIP_ENTRIES:,}", where)
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            shown = clean(name)[:200]
            mode = (info.external_attr >> 16) & 0xFFFF
            if "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name):
                raise BadInput(f"member '{shown}' has a name that is not a relative path inside "
                               "the package", where)
            if any(part == ".." for part in name.split("/")):
                raise BadInput(f"member '{shown}' climbs out of the package with '..'", where)
            if mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise BadInput(f"member '{shown}' is a link or a device, not a file", where)
            if info.flag_bits & 0x1:
                raise BadInput(f"member '{shown}' is encrypted", where)
            if info.is_dir():
                continue
            key = normalise_member(name)
            if key in self._members:
                raise BadInput(f"two members are called '{shown}'", where)
            self._members[key] = info

    def names(self) -> list[str]:
        return list(self._members)

    def has(self, name: str) -> bool:
        return normalise_member(name) in self._members

    def read(self, name: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, counting what is decompressed against the limits."""
        info = self._members.get(normalise_member(name))
        shown = clean(name)[:200]
        if info is None:
            raise BadInput(f"the package has no member '{shown}'", self.where)
        if info.file_size > limit:
            raise BadInput(f"member '{shown}' is too large ({info.file_size:,} bytes; the limit is "
                           f"{limit:,})", self.where)
        left = min(limit, MAX_TOTAL_BYTES - self.read_total)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(left + 1)
        except Exception as error:  # bad CRC, zlib.error, unknown compression, encrypted...
            raise BadInput(f"member '{shown}' cannot be read ({clean(str(error))[:120]})", self.where) from None
        self.read_total += len(data)
        if len(data) > left:
            what = "it" if left == limit else "the package"
            raise BadInput(f"member '{shown}' decompresses to more than {what} may hold "
                           f"({limit if left == limit else MAX_TOTAL_BYTES:,} bytes): a zip bomb?", self.where)
        return data


def normalise_member(name: str) -> str:
    """A member name as a key: ``./`` parts and repeated slashes removed."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    return "/".join(parts)


def join_member(base: str, href: str, where: str) -> str:
    """The member an ``href`` names, relative to the folder ``base`` (another member's folder);
    :class:`BadInput` for an address outside the package."""
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(href)
    except ValueError:  # e.g. "http://[::1" is not an address at all
        raise BadInput(f"'{clean(href)[:200]}' is not a file inside the package", where) from None
    if parts.scheme or parts.netloc or href.startswith("/") or "\\" in href or _DRIVE.match(href):
        raise BadInput(f"'{clean(href)[:200]}' is not a file inside the package", where)
    path = unquote(parts.path)
    out: list[str] = [p for p in base.split("/") if p not in ("", ".")]
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not out:
                raise BadInput(f"'{clean(href)[:200]}' climbs out of the package", where)
            out.pop()
            continue
        out.append(part)
    return "/".join(out)


# ----------------------------------------------------------------------------------------------
# Text
# ----------------------------------------------------------------------------------------------


def clean(text: str) -> str:
    from learnmeta.content.text import clean_text

    return clean_text(text)


_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
           "table", "tr", "prompt", "section", "article"}
_WHITE_RUN = re.compile(r"[ \t\r\n]+")


def _one_space(found: re.Match[str]) -> str:
    run = found.group()
    return " " if "\n" in run or "\r" in run else run


def _flatten(text: str) -> str:
    """Raw XML text as HTML shows it: a run of white space with a line break in it is one
    space. (Each run is matched once: a pattern that looked for the break inside a run of spaces
    took quadratic time, minutes on a prompt of a few hundred thousand spaces.)"""
    if "\n" not in text and "\r" not in text:
        return text
    return _WHITE_RUN.sub(_one_space, text)


def element_text(node: etree._Element, media: list[str], skip: tuple[str, ...] = ()) -> str:
    """The plain text of (X)HTML-like mixed content: ``<br/>`` is a new line, each block
    (``<p>``, ``<div>``, ...) a paragraph; other tags are dropped, keeping their text. The
    ``src`` of each image, audio or video (and each ``<object>``'s ``data``) is added to
    ``media``. Elements named in ``skip`` (e.g. an interaction inside a paragraph) are left out.

    A line break in the XML text itself is a space, as in HTML; when the text had such breaks
    (a tool wrapped its lines), the spaces around each line are dropped too. Text written by
    learnmeta has none, so its lines come back exactly."""
    out: list[str] = []
    wrapped = False

    def add(text: str | None) -> None:
        nonlocal wrapped
        if text:
            if "\n" in text and text.strip():
                wrapped = True
            out.append(_flatten(text))

    def block_break() -> None:
        # Only the end of what is gathered is looked at (joining it all at each block took
        # quadratic time on an item of many paragraphs).
        while out and not out[-1].strip(" \t\n"):
            out.pop()
        if out:
            out[-1] = out[-1].rstrip(" \t\n")
            out.append("\n\n")

    def walk(item: etree._Element) -> None:
        name = local(item)
        if name in skip:
            add(item.tail)
            return
        if name in ("img", "audio", "video", "source", "object", "embed", "track"):
            src = item.get("src") or item.get("data") or item.get("href") or ""
            media.append(clean(src)[:200] or name)
        is_block = name in _BLOCKS
        if is_block:
            block_break()
        if name == "br":
            out.append("\n")
        if name not in ("script", "style"):
            add(item.text)
        for sub in item:
            if isinstance(sub.tag, str):
                walk(sub)
            else:
                add(sub.tail)
        if is_block:
            block_break()
        add(item.tail)

    add(node.text)
    for sub in node:
        if isinstance(sub.tag, str):
            walk(sub)
        else:
            add(sub.tail)
    text = "".join(out)
    if wrapped:
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return clean(text).strip()


_TAG = re.compile(r"<[^<>]*>")
_SCRIPT_START = re.compile(r"<\s*(script|style)\b", re.IGNORECASE)


def _without_scripts(value: str) -> str:
    """HTML without its ``<script>`` and ``<style>`` elements (an unclosed one runs to the end),
    in one pass: a regular expression for the pair took quadratic time on many unclosed ones."""
    lower = value.lower()
    parts: list[str] = []
    position = 0
    while True:
        found = _SCRIPT_START.search(value, position)
        if found is None:
            parts.append(value[position:])
            break
        parts.append(value[position:found.start()])
        close = lower.find(f"</{found.group(1).lower()}", found.end())
        if close < 0:
            break
        end = lower.find(">", close)
        position = len(value) if end < 0 else end + 1
    return "".join(parts)


# "\s*/?\s*" would try every split of a run of spaces between its two \s* (quadratic: a '<' and
# 200,000 spaces took half an hour); "\s*(?:/\s*)?" matches the same with one way only.
_HTML_BREAK = re.compile(r"<\s*br\s*(?:/\s*)?>", re.IGNORECASE)
_HTML_BLOCK = re.compile(r"<\s*(?:/\s*)?(p|div|li|h[1-6]|blockquote|pre|tr|table|ul|ol)\b[^<>]*>", re.IGNORECASE)
_HTML_MEDIA = re.compile(r"<\s*(img|audio|video|source|object|embed)\b[^<>]*?\b(?:src|data)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
                         re.IGNORECASE)


def html_text(value: str, media: list[str]) -> str:
    """Plain text from an HTML fragment held as text (Moodle's ``format="html"``): ``<br>`` a
    new line, a block a paragraph, scripts and styles dropped, other tags removed, entities
    decoded; media sources are added to ``media``. HTML from another tool (any tag but ``<br>``,
    or line breaks in the source) has its runs of spaces collapsed, as a browser shows it;
    learnmeta's own (text escaped, new lines as ``<br>``) comes back exactly."""
    for found in _HTML_MEDIA.finditer(value):
        src = found.group(2).strip("\"'")
        media.append(clean(html.unescape(src))[:200])
    foreign = "\n" in value or any(not _HTML_BREAK.fullmatch(tag) for tag in _TAG.findall(value))
    text = _without_scripts(value)
    text = _flatten(text)
    text = _HTML_BREAK.sub("\n", text)
    text = _HTML_BLOCK.sub("\n\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    if foreign:
        text = re.sub(r"[ \t]{2,}", " ", text)
        text = "\n".join(line.strip(" \t") for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return clean(text).strip()


def html_from_text(text: str) -> str:
    """Plain text as HTML: escaped, new lines as ``<br>``."""
    return html.escape(text, quote=False).replace("\n", "<br>")


# ----------------------------------------------------------------------------------------------
# Ids
# ----------------------------------------------------------------------------------------------

ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def make_id(value: str, fallback: str) -> str:
    """An id from any text: lower-case ASCII letters, digits, ``-`` and ``_``."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9_-]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")[:64].rstrip("-_")
    return text or fallback


def id_advice(value: str) -> str:
    """Why ``value`` cannot be an id, and the id to use instead: "use lower-case letters, digits,
    '-' and '_' (for example 'week-3')", the example made from ``value`` when it can be."""
    suggestion = make_id(value, "")
    example = suggestion if suggestion and ID.match(suggestion) else "bone-sites"
    return (f"use lower-case letters, digits, '-' and '_', starting with a letter or digit "
            f"(for example '{example}')")


def category_tags(path: str) -> list[str]:
    """Tags from a Moodle category path (GIFT's ``$CATEGORY:``, Moodle XML's ``<category>``): each
    part, without Moodle's context markers and ``top``."""
    tags: list[str] = []
    for part in path.split("/"):
        part = part.strip()
        if not part or re.fullmatch(r"\$[a-z0-9]*\$", part, re.IGNORECASE) or part.lower() == "top":
            continue
        tag = make_id(part, "")
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def source_of(node: etree._Element) -> dict[str, str]:
    """A pack source from the element we write for one (``title``, and ``url``/``publisher``
    when there)."""
    source = {"title": clean(node.get("title") or "").strip()}
    for key in ("url", "publisher"):
        value = node.get(key)
        if value is not None:
            source[key] = clean(value).strip()
    return source


class Ids:
    """Ids taken so far; :meth:`free` gives ``id``, ``id-2``, ``id-3``... the first not taken."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def free(self, wanted: str) -> str:
        if wanted not in self.taken:
            self.taken.add(wanted)
            return wanted
        suffix = self._next.get(wanted, 2)
        while f"{wanted[:58]}-{suffix}" in self.taken:
            suffix += 1
        self._next[wanted] = suffix + 1
        found = f"{wanted[:58]}-{suffix}"
        self.taken.add(found)
        return found


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------

PLACEHOLDER_EXPLANATION = (
    "Edit this explanation: say why the right answer is right. "
    "(The imported question had no general feedback.)"
)


@dataclass(frozen=True)
class Skipped:
    """A question that did not become a learnmeta question, and why."""

    where: str
    line: int | None
    title: str
    reason: str


@dataclass(frozen=True)
class Note:
    """Something the import changed or could not keep, for the summary."""

    where: str
    line: int | None
    question: str
    message: str


@dataclass
class Imported:
    """What an import produced: the pack's table (``None`` entries for what the input did not
    say), the question tables (each validated), what was skipped and what was not kept."""

    pack: dict[str, Any] = field(default_factory=dict)
    misconceptions: dict[str, str] = field(default_factory=dict)
    questions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    placeholder_explanations: int = 0
    default_lesson_used: int = 0


def pack_details(pack: Any) -> str:
    """The pack's own details (the ``[pack]`` table and the pack's ``misconceptions``) as JSON,
    for an export to keep where its format has no place for them."""
    import json

    from learnmeta import checks
    from learnmeta.content import models

    info = checks.adapter(models.PackInfo).dump_python(pack.pack, mode="json", exclude_defaults=True)
    details: dict[str, Any] = {"pack": info}
    if pack.misconceptions:
        details["misconceptions"] = dict(pack.misconceptions)
    return json.dumps(details, ensure_ascii=False, sort_keys=True)


def read_pack_details(text: str, where: str, line: int | None, notes: list[Note]) -> dict[str, Any]:
    """The pack details :func:`pack_details` wrote, checked: ``{"pack": {...}, "misconceptions":
    {...}}`` with a real date, or {} (with a note) when they are not valid."""
    import datetime as dt
    import json

    from pydantic import ValidationError

    from learnmeta import checks
    from learnmeta.content import models

    def refuse(reason: str) -> dict[str, Any]:
        notes.append(Note(where, line, "(the pack)", f"the pack's details are not kept: {reason}"))
        return {}

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return refuse("they are not valid JSON")
    if not isinstance(data, dict) or not isinstance(data.get("pack"), dict):
        return refuse("they are not a table of the pack's details")
    info = dict(data["pack"])
    if isinstance(info.get("reviewed"), str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", info["reviewed"]):
        try:
            info["reviewed"] = dt.date.fromisoformat(info["reviewed"])
        except ValueError:
            pass
    misconceptions = data.get("misconceptions", {})
    try:
        checks.adapter(models.PackInfo).validate_python(info)
        checks.adapter(dict[str, models.Text]).validate_python(misconceptions)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where_in = ".".join(str(p) for p in first["loc"])
        return refuse(f"{where_in}: {first.get('msg', 'is not valid')}")
    except RecursionError:
        return refuse("they are nested too deeply")
    out: dict[str, Any] = {"pack": info}
    if misconceptions:
        out["misconceptions"] = misconceptions
    return out


def validate_question(question: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """(the question as a pack table, "") if learnmeta accepts it, else (None, the reason)."""
    from pydantic import ValidationError

    from learnmeta import checks
    from learnmeta.content import models

    adapter = checks.adapter(models.Question)
    try:
        checked = adapter.validate_python(question)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) if not isinstance(p, int) else str(p + 1) for p in first["loc"][1:])
        message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
        return None, f"{where}: {message}" if where else message
    except RecursionError:
        return None, "it is nested too deeply"
    dumped = adapter.dump_python(checked, mode="json", exclude_defaults=True)
    return {"id": question["id"], "type": question["type"], **dumped}, ""
