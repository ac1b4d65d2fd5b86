"""Moodle GIFT: read it into pack questions, and write a pack as GIFT. Pure functions, no files.

Reading (:func:`parse_gift`) follows Moodle's own importer (question/format/gift/format.php):

* questions are separated by blank lines; lines starting with ``//`` are comments (Moodle's
  ``// [tag:x]`` comment lines become tags);
* ``$CATEGORY: a/b/c`` sets the category of the questions after it; its parts become tags
  (Moodle's ``$course$``-style markers and ``top`` are left out);
* ``::Title::`` gives the question's id (made into an id: lower case, ``-`` for spaces);
* ``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]`` say how text is written: HTML tags are
  removed from ``[html]`` and ``[moodle]`` text (Moodle's default), the others are kept as written;
* ``\\~ \\= \\# \\{ \\} \\: \\\\`` are escaped characters and ``\\n`` is a new line;
* the answer block ``{...}`` decides the type, in Moodle's order: ``{}`` essay, ``{#...}``
  numerical, a ``~`` multiple choice (``single`` when an answer starts with ``=``, else
  ``multiple`` with ``%weight%`` answers), ``=x -> y`` matching, ``T``/``F`` true or false
  (``{T#feedback if wrong#feedback if right}``), otherwise short answer (``=a =b``); ``#`` starts
  an answer's feedback and ``####`` the general feedback (our ``explanation``).

Moodle's semantics are kept where learnmeta can hold them: ``{=a =b ~c}`` means any one of the
``=`` answers is fully right (a ``single`` question with ``accept_any``), not "choose both"; a
missing-word question (text after the answer block) becomes a question whose prompt shows the
blank as ``_____``, as Moodle shows it. What cannot be held is named in :attr:`GiftImport.notes`
with its question and line: a weight learnmeta cannot keep (it scores right or wrong), an image,
audio or video (each becomes ``[image: alt text]`` and the like in the text). Choice ids are made
from each choice's text (stable when Moodle reorders choices), or read back from the
``// [choice-ids:...]`` comment that :func:`write_gift` writes before each choice question.

Essay, numerical, description (no answer block) and embedded (cloze: several answer blocks, or
``{1:MC:...}``) questions have no learnmeta type: they are listed in :attr:`GiftImport.skipped`,
never an error. A question
that learnmeta would reject (a choice longer than 200 characters, say) is skipped the same way,
with the reason. Mistakes in the GIFT itself (a ``{`` never closed) are
:attr:`GiftImport.errors`, each with its line.

Writing (:func:`write_gift`) produces what GIFT can express and a warning for each thing it
cannot: ordering questions are left out (GIFT has no ordering type), hints, sources, choice
misconceptions, matching feedback and ``allow_typo`` are lost. A short answer's
``feedback_wrong`` is kept as Moodle's catch-all answer ``=%0%*#feedback``, which reading turns
back into ``feedback_wrong``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from learnmeta import checks
from learnmeta.content import models
from learnmeta.content.text import clean_text
from learnmeta.instructor.interchange import ID, category_tags, make_id

PLACEHOLDER_EXPLANATION = (
    "Edit this explanation: say why the right answer is right. "
    "(The GIFT question had no general feedback.)"
)

# ----------------------------------------------------------------------------------------------
# Escapes: each escaped character becomes a private-use placeholder while the structure is read.
# ----------------------------------------------------------------------------------------------

_ESCAPABLE = "\\~=#{}:"
_PLACE = {ch: chr(0xE000 + i) for i, ch in enumerate(_ESCAPABLE)}
_NEWLINE_PLACE = chr(0xE000 + len(_ESCAPABLE))
_UNPLACE = {v: k for k, v in _PLACE.items()} | {_NEWLINE_PLACE: "\n"}
_UNPLACE_TABLE = str.maketrans(_UNPLACE)


def _hide_escapes(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt in _PLACE:
                out.append(_PLACE[nxt])
                i += 2
                continue
            if nxt == "n":
                out.append(_NEWLINE_PLACE)
                i += 2
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _show_escapes(text: str) -> str:
    return text.translate(_UNPLACE_TABLE)


def escape(text: str) -> str:
    """Text as GIFT needs it: special characters escaped, new lines as ``\\n``."""
    for ch in _ESCAPABLE:  # the backslash first
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


# ----------------------------------------------------------------------------------------------
# Results
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A GIFT question that did not become a learnmeta question, and why."""

    title: str
    line: int
    kind: str
    reason: str


@dataclass(frozen=True)
class GiftSyntaxError:
    line: int
    message: str


@dataclass
class GiftImport:
    """What reading a GIFT file produced."""

    questions: list[dict] = field(default_factory=list)
    """Question tables, ready for a pack's ``questions`` (each one validated)."""
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[GiftSyntaxError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Plain-language notes about what changed on the way in (lost partial credit, ...)."""
    categories: list[str] = field(default_factory=list)
    placeholder_explanations: int = 0


class _Syntax(Exception):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


# ----------------------------------------------------------------------------------------------
# Text
# ----------------------------------------------------------------------------------------------

_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6])\s*/?\s*>", re.IGNORECASE)


def _split_format(text: str, default: str) -> tuple[str, str]:
    found = _FORMAT.match(text)
    if found:
        return found.group(1).lower(), text[found.end():]
    return default, text


_MEDIA = re.compile(r"<\s*(img|audio|video|embed|object|iframe)\b([^<>]*)>", re.IGNORECASE)
_SOURCE = re.compile(r"<\s*source\b([^<>]*)>", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_MEDIA_WORD = {"img": "image", "audio": "audio", "video": "video", "embed": "embedded media",
               "object": "embedded media", "iframe": "embedded page"}


def _attribute(attributes: str, name: str) -> str:
    found = re.search(name + r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", attributes, re.IGNORECASE)
    if not found:
        return ""
    return html.unescape(next(g for g in found.groups() if g is not None)).strip()


def _file_name(address: str) -> str:
    """A media file as an instructor knows it: the file's name, not Moodle's @@PLUGINFILE@@ path."""
    if address.startswith("data:"):
        return "embedded in the file"
    name = address.replace("@@PLUGINFILE@@", "").split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return _show_escapes(name)[:80]


def _media(text: str, media: list[str] | None) -> str:
    """Replace images, audio and video in HTML text by a word in brackets (``[image: its alt
    text]``), and name each one in ``media``: learnmeta shows text only, so they are left out,
    never silently."""

    def replace(found: re.Match) -> str:
        kind = _MEDIA_WORD[found.group(1).lower()]
        attributes = found.group(2)
        address = _attribute(attributes, "src") or _attribute(attributes, "data")
        if not address and kind in ("audio", "video"):
            inner = _SOURCE.search(text, found.end())
            address = _attribute(inner.group(1), "src") if inner else ""
        label = _attribute(attributes, "alt") or _attribute(attributes, "title")
        if media is not None:
            what = f"the {kind}" + (f" '{_file_name(address)}'" if address else "")
            media.append(what + (f" ('{label[:60]}')" if label else ""))
        return f"[{kind}: {label}]" if label else f"[{kind}]"

    return _MEDIA.sub(replace, text)


def _convert(raw: str, fmt: str, one_line: bool = False, media: list[str] | None = None) -> str:
    """GIFT text (escapes hidden) to plain learnmeta text. Images, audio and video (HTML tags, or
    Markdown's ``![alt](file)``) become a word in brackets and are named in ``media``."""
    fmt, raw = _split_format(raw, fmt)
    text = _show_escapes(raw)
    if fmt in ("html", "moodle"):
        if fmt == "html":
            text = re.sub(r"\s+", " ", text)
        text = _media(text, media)
        text = _BREAK.sub("\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text).replace("\xa0", " ")
    elif fmt == "markdown":

        def image(found: re.Match) -> str:
            label, address = found.group(1).strip(), found.group(2)
            if media is not None:
                media.append(f"the image '{_file_name(address)}'" + (f" ('{label[:60]}')" if label else ""))
            return f"[image: {label}]" if label else "[image]"

        text = _MARKDOWN_IMAGE.sub(image, text)
    text = clean_text(text)
    lines = [line.strip() for line in text.split("\n")]
    if one_line:
        return " ".join(" ".join(lines).split())
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# ----------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------

_QUESTION = checks.adapter(models.Question)
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_CLOZE = re.compile(r"^\s*\d*:[A-Z_]+:", re.IGNORECASE)
_TF = {"t": True, "true": True, "f": False, "false": False}


@dataclass
class _Chunk:
    line: int
    lines: list[str]
    tags: list[str]
    choice_ids: list[str] | None = None
    """From a ``// [choice-ids:a,b,c]`` comment that learnmeta's export writes before a question."""


def _chunks(text: str, result: GiftImport) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    category: list[str] = []
    current: _Chunk | None = None
    comment_tags: list[str] = []
    choice_ids: list[str] | None = None
    for number, raw in enumerate(clean_text(text).split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            if current is not None:
                chunks.append(current)
            current = None
            continue
        if stripped.startswith("//"):
            for tag in re.findall(r"\[tag:([^\]]+)\]", stripped):
                made = make_id(tag, "")
                if made:
                    comment_tags.append(made)
            ids = re.search(r"\[choice-ids:([^\]]*)\]", stripped)
            if ids:
                choice_ids = [item.strip() for item in ids.group(1).split(",")]
            continue
        if stripped.startswith("$CATEGORY:") and (current is None or not current.lines):
            path = stripped[len("$CATEGORY:"):].strip()
            category = category_tags(path)
            if path and path not in result.categories:
                result.categories.append(path)
            continue
        if current is None:
            current = _Chunk(line=number, lines=[], tags=list(category))
        if comment_tags:
            current.tags.extend(t for t in comment_tags if t not in current.tags)
            comment_tags = []
        if choice_ids is not None:
            current.choice_ids = choice_ids
            choice_ids = None
        current.lines.append(raw)
    if current is not None:
        chunks.append(current)
    return chunks


def _answers(block: str, start: int) -> list[tuple[str, float | None, str, str | None, int]]:
    """Split an answer block into (marker, weight, text, feedback, offset) for ``~`` and ``=``."""
    positions = [i for i, ch in enumerate(block) if ch in "~="]
    leading = block[: positions[0]] if positions else block
    if leading.strip():
        raise _Syntax(start, "each answer must start with = (right) or ~ (wrong); found "
                      f"'{_show_escapes(leading.strip())[:40]}'")
    out = []
    for n, pos in enumerate(positions):
        end = positions[n + 1] if n + 1 < len(positions) else len(block)
        body = block[pos + 1 : end]
        weight = None
        found = _WEIGHT.match(body)
        if found:
            weight = float(found.group(1))
            body = body[found.end():]
        text, _, feedback = body.partition("#")
        out.append((block[pos], weight, text, feedback if _ else None, start + pos))
    return out


def _line_at(chunk: _Chunk, text: str, offset: int) -> int:
    return chunk.line + text.count("\n", 0, max(offset, 0))


class _Ids(set):
    """The question ids taken so far, and for each title's id the next number to try after it:
    a file of 20,000 questions with one title took minutes when each tried every number again."""

    def __init__(self) -> None:
        super().__init__()
        self._next: dict[str, int] = {}

    def free(self, qid: str) -> str:
        """``qid``, or ``qid-2``, ``qid-3``... the first not taken (not taken by this call)."""
        if qid not in self:
            return qid
        suffix = self._next.get(qid, 2)
        while f"{qid[:60]}-{suffix}" in self:
            suffix += 1
        self._next[qid] = suffix
        return f"{qid[:60]}-{suffix}"


def _parse_chunk(chunk: _Chunk, number: int, lesson: str, section: str, result: GiftImport,
                 used_ids: _Ids) -> None:
    text = _hide_escapes("\n".join(chunk.lines))
    title = ""
    body_start = 0
    lead = len(text) - len(text.lstrip())
    if text.startswith("::", lead):
        close = text.find("::", lead + 2)
        if close < 0:
            raise _Syntax(lead, "the title starts with '::' but is not closed with '::'")
        title = _convert(text[lead + 2 : close], "plain", one_line=True)
        body_start = close + 2
    fmt, _ = _split_format(text[body_start:], "moodle")
    opening = text.find("{", body_start)
    closing_early = text.find("}", body_start)
    shown_title = title or _convert(text[body_start:opening if opening >= 0 else None], fmt, True)[:60]
    shown_title = shown_title or f"question {number}"

    def skip(kind: str, reason: str) -> None:
        result.skipped.append(Skipped(shown_title, chunk.line, kind, reason))

    if opening < 0:
        if closing_early >= 0:
            raise _Syntax(closing_early, "a '}' with no '{' before it (write \\} for a brace in text)")
        skip("description", "a description (no answer block): learnmeta has no such question type")
        return
    if 0 <= closing_early < opening:
        raise _Syntax(closing_early, "a '}' with no '{' before it (write \\} for a brace in text)")
    closing = text.find("}", opening + 1)
    if closing < 0:
        raise _Syntax(opening, "the answer block opened here with '{' is never closed with '}'")
    nested = text.find("{", opening + 1, closing)
    if nested >= 0:
        raise _Syntax(nested, "a '{' inside an answer block (write \\{ for a brace in text)")
    after = text[closing + 1 :]
    block = text[opening + 1 : closing]
    if _CLOZE.match(block) or "{" in after or "}" in after:
        skip("cloze", "an embedded answer (cloze: several answer blocks, or {1:MC:...}): "
             "learnmeta has no such question type")
        return
    media: list[str] = []
    if after.strip():
        # Moodle's missing word: the answers stand where a blank goes in the sentence, which
        # Moodle shows as "_____" (it does so whenever text follows the answer block).
        prompt = _convert(text[body_start:opening] + BLANK + after, "moodle", media=media)
        missing_word = True
    else:
        prompt = _convert(text[body_start:opening], "moodle", media=media)
        missing_word = False
    if not title and prompt:
        shown_title = " ".join(prompt.split())[:60]
    block_fmt = fmt
    general = None
    if "####" in block:
        block, _, general_raw = block.rpartition("####")
        general = _convert(general_raw, block_fmt, media=media) or None
    stripped = block.strip()
    qid = make_id(title, f"q{number}")
    qid = used_ids.free(qid)
    question: dict = {"id": qid}
    block_offset = opening + 1

    if not stripped:
        skip("essay", "an essay question ({}): learnmeta has no such question type")
        return
    if stripped.startswith("#"):
        skip("numerical", "a numerical question ({#...}): learnmeta has no such question type")
        return
    if not prompt or prompt == BLANK:
        skip("question", "it has no question text")
        return
    question.update(type="", prompt=prompt, lesson=lesson, section=section)
    lost: list[str] = []
    """What could not be kept, each with the line it is on (added to the notes)."""

    def where(offset: int) -> str:
        return f"line {_line_at(chunk, text, offset)}"

    def convert(raw: str, one_line: bool = False) -> str:
        return _convert(raw, block_fmt, one_line, media)

    if "~" in block:
        answers = _answers(block, block_offset)
        single = any(marker == "=" for marker, *_ in answers)
        choices = []
        shown = [convert(raw, True) for _m, _w, raw, _f, _o in answers]
        positive = [w for marker, w, *_ in answers if marker == "~" and w is not None and w > 0]
        for index, (marker, weight, raw, feedback, offset) in enumerate(answers):
            label = f"'{shown[index][:40]}'"
            if single:
                correct = marker == "="
                if marker == "~" and weight is not None and weight > 0:
                    lost.append(f"{where(offset)}: the partial credit ({weight:g}%) for {label} cannot be "
                                "kept (learnmeta scores right or wrong): it is a wrong answer now")
                elif marker == "=" and weight is not None and weight < 100:
                    lost.append(f"{where(offset)}: the weight {weight:g}% of {label} cannot be kept: "
                                "an answer starting with = is fully right")
            else:
                correct = weight is not None and weight > 0
                if correct and len(set(positive)) > 1:
                    lost.append(f"{where(offset)}: the weight {weight:g}% of {label} cannot be kept "
                                "(learnmeta counts every right answer the same)")
                elif not correct and (weight is None or weight == 0):
                    lost.append(f"{where(offset)}: choosing {label} (0%) costs nothing in Moodle; in "
                                "learnmeta choosing it makes the answer wrong")
                elif not correct and weight is not None and -100 < weight < 0:
                    lost.append(f"{where(offset)}: the penalty {weight:g}% for {label} cannot be kept: "
                                "in learnmeta choosing it makes the whole answer wrong")
            choice: dict[str, str | bool] = {"id": "", "text": shown[index]}
            if correct:
                choice["correct"] = True
            fb = convert(feedback) if feedback is not None else ""
            if fb:
                choice["feedback"] = fb
            choices.append(choice)
        for choice, choice_id in zip(choices, _choice_ids([str(c["text"]) for c in choices], chunk.choice_ids)):
            choice["id"] = choice_id
        correct_count = sum(c.get("correct") is True for c in choices)
        if single:
            question["type"] = "single"
            if correct_count > 1:
                question["accept_any"] = True  # Moodle: each "=" answer alone is fully right
        else:
            question["type"] = "multiple"
            total = sum(positive)
            if correct_count and abs(total - 100) > 1:
                lost.append(f"{where(block_offset)}: the right answers' weights add up to {total:g}%, not "
                            f"100%: in learnmeta the learner must choose all {correct_count} of them")
        if not single and correct_count == 0:
            skip("multiple choice", "no answer has a positive weight, so none is right")
            return
        question["choices"] = choices
    elif "=" in block and "->" in block:
        question["type"] = "matching"
        pairs, distractors = [], []
        for marker, weight, raw, feedback, offset in _answers(block, block_offset):
            if marker != "=" or "->" not in raw:
                raise _Syntax(offset, "every answer of a matching question is '=item -> match'")
            left_raw, _, right_raw = raw.partition("->")
            left = convert(left_raw, True)
            right = convert(right_raw, True)
            pair = {"left": left, "right": right}
            note = convert(feedback) if feedback else ""
            if note:
                pair["feedback"] = note  # shown when this pair is matched wrongly
            if left:
                pairs.append(pair)
            elif right:
                distractors.append(right)
        question["pairs"] = pairs
        if distractors:
            question["distractors"] = distractors
    elif stripped.split("#", 1)[0].strip().lower() in _TF:
        head, _, rest = stripped.partition("#")
        answer = _TF[head.strip().lower()]
        wrong_raw, _, right_raw = rest.partition("#")
        wrong_feedback = convert(wrong_raw) or None
        right_feedback = convert(right_raw) or None
        question["type"] = "true_false"
        question["answer"] = answer
        said_true, said_false = (right_feedback, wrong_feedback) if answer else (wrong_feedback, right_feedback)
        if said_true:
            question["feedback_true"] = said_true
        if said_false:
            question["feedback_false"] = said_false
    else:
        question["type"] = "short_answer"
        accepted, partial = [], []
        for marker, weight, raw, feedback, offset in _answers(block, block_offset):
            value = convert(raw, True)
            if value == "*" and (weight is not None and weight <= 0):
                fb = convert(feedback or "")
                if fb:
                    question["feedback_wrong"] = fb
                continue
            if weight is not None and weight <= 0:
                lost.append(f"{where(offset)}: the wrong answer '{value[:40]}' is left out (learnmeta "
                            "keeps only right answers)")
                continue
            if feedback and convert(feedback):
                lost.append(f"{where(offset)}: the feedback for answer '{value[:40]}' is left out (a "
                            "learnmeta short answer has one feedback, for a wrong answer)")
            if weight is not None and weight < 100:
                partial.append((value, weight, offset))
            else:
                accepted.append(value)
        if not accepted and partial:
            accepted, partial = [value for value, _w, _o in partial], []
        for value, weight, offset in partial:
            lost.append(f"{where(offset)}: the partly right answer '{value[:40]}' ({weight:g}%) cannot be "
                        "kept (learnmeta scores right or wrong): it is left out")
        if not accepted:
            skip("short answer", "it has no right answer")
            return
        question["accepted"] = accepted
    if general:
        question["explanation"] = general
    else:
        question["explanation"] = PLACEHOLDER_EXPLANATION
    if chunk.tags:
        question["tags"] = chunk.tags[:20]
    try:
        checked = _QUESTION.validate_python(question)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        place = ".".join(str(p) if not isinstance(p, int) else str(p + 1) for p in first["loc"][1:])
        message = first.get("msg", "is not valid").removeprefix("Value error, ")
        message = f"{place}: {message}" if place else message
        skip(question["type"].replace("_", " "), f"learnmeta cannot use it: {message}")
        return
    if question["explanation"] == PLACEHOLDER_EXPLANATION:
        result.placeholder_explanations += 1
    used_ids.add(qid)
    dumped = _QUESTION.dump_python(checked, mode="json", exclude_defaults=True)
    result.questions.append({"id": qid, "type": question["type"], **dumped})
    if missing_word:
        result.notes.append(f"'{shown_title}' (line {chunk.line}): a missing-word question; its prompt "
                            f"shows the blank as {BLANK}")
    for item in lost:
        result.notes.append(f"'{shown_title}': {item}")
    for item in media:
        result.notes.append(f"'{shown_title}' (line {chunk.line}): {item} was left out (learnmeta shows "
                            "text only); the text says [image], [audio] or [video] where it was")


def _choice_ids(texts: list[str], given: list[str] | None = None) -> list[str]:
    """Choice ids: the ones a learnmeta export wrote beside the question (``// [choice-ids:
    a,b,c]``) when they fit (as many, each an id, none twice); otherwise made from each
    choice's text (``Metastatic colon cancer`` is ``metastatic-colon-cancer``), so an id stays
    the same when choices are reordered or one is added in Moodle. A text that makes no id gives
    ``c1``, ``c2``... by its place."""
    if given is not None and len(given) == len(texts) and len(set(given)) == len(given) \
            and all(ID.match(item) for item in given):
        return list(given)
    ids: list[str] = []
    for index, text in enumerate(texts):
        base = make_id(text, f"c{index + 1}")[:40].rstrip("-_") or f"c{index + 1}"
        candidate, suffix = base, 2
        while candidate in ids:
            candidate = f"{base}-{suffix}"
            suffix += 1
        ids.append(candidate)
    return ids


BLANK = "_____"
"""Where the answer goes in a missing-word question's prompt (as Moodle shows it)."""


def parse_gift(text: str, *, lesson: str, section: str) -> GiftImport:
    """Read GIFT text into question tables for ``lesson``/``section`` (see the module docstring)."""
    result = GiftImport()
    used = _Ids()
    for number, chunk in enumerate(_chunks(text, result), start=1):
        try:
            _parse_chunk(chunk, number, lesson, section, result, used)
        except _Syntax as error:
            joined = _hide_escapes("\n".join(chunk.lines))
            result.errors.append(GiftSyntaxError(_line_at(chunk, joined, error.offset), error.message))
    return result


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------


def _weight(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return text or "0"


def _answer(marker: str, text: str, feedback: str | None, weight: str | None = None) -> str:
    if weight is None and _WEIGHT.match(text):  # text like "%50% ..." would read as a weight
        weight = "100" if marker == "=" else "0"
    line = marker + (f"%{weight}%" if weight is not None else "") + escape(text)
    if feedback:
        line += "#" + escape(feedback)
    return "    " + line


def _lost(question) -> list[str]:
    lost = []
    if question.hints:
        lost.append(f"{len(question.hints)} hint(s)")
    if question.source is not None:
        lost.append("its source")
    if getattr(question, "misconception", None):
        lost.append("its misconception tag")
    choices = getattr(question, "choices", [])
    if any(c.misconception for c in choices):
        lost.append("the choices' misconception tags")
    return lost


def write_gift(pack: models.Pack) -> tuple[str, list[tuple[str, str]]]:
    """The pack as GIFT text, and (question id, warning) for everything GIFT cannot hold."""
    warnings: list[tuple[str, str]] = []
    out = [
        f"// {escape(pack.title)}",
        f"// Exported by learnmeta from pack '{pack.id}' version {pack.pack.version}.",
        "// Question ids are the titles; each explanation is the general feedback (####).",
        "",
    ]
    category: list[str] = []
    for question in pack.questions:
        lost = _lost(question)
        if question.type == "ordering":
            warnings.append((question.id, "left out: GIFT has no ordering question type"))
            continue
        lines: list[str] = []
        tags = list(question.tags)
        if tags != category:
            lines.append("$CATEGORY: " + ("/".join(tags) if tags else "$course$/top"))
            lines.append("")
            category = tags
        if question.type in ("single", "multiple"):
            lines.append("// [choice-ids:" + ",".join(c.id for c in question.choices) + "]")
        lines.append(f"::{escape(question.id)}::[markdown]{escape(question.prompt)} {{")
        if question.type == "single":
            for choice in question.choices:
                lines.append(_answer("=" if choice.correct else "~", choice.text, choice.feedback))
        elif question.type == "multiple":
            right = [c for c in question.choices if c.correct]
            wrong_count = len(question.choices) - len(right)
            for choice in question.choices:
                if choice.correct:
                    weight = _weight(100 / len(right))
                else:
                    weight = "-100" if wrong_count else "0"
                lines.append(_answer("~", choice.text, choice.feedback, weight))
        elif question.type == "true_false":
            right_fb, wrong_fb = (
                (question.feedback_true, question.feedback_false)
                if question.answer
                else (question.feedback_false, question.feedback_true)
            )
            head = "    " + ("TRUE" if question.answer else "FALSE")
            if right_fb:
                head += "#" + escape(wrong_fb or "") + "#" + escape(right_fb)
            elif wrong_fb:
                head += "#" + escape(wrong_fb)
            lines.append(head)
        elif question.type == "matching":
            for pair in question.pairs:
                if "->" in pair.left or "->" in pair.right:
                    warnings.append((question.id, "a matching item contains '->', which GIFT reads as a separator"))
                lines.append(f"    ={escape(pair.left)} -> {escape(pair.right)}")
            for item in question.distractors:
                lines.append(f"    = -> {escape(item)}")
            if any(p.feedback for p in question.pairs):
                lost.append("the matching pairs' feedback")
        elif question.type == "short_answer":
            for value in question.accepted:
                lines.append(_answer("=", value, None))
            if question.feedback_wrong:
                lines.append("    =%0%*#" + escape(question.feedback_wrong))
            if question.allow_typo:
                lost.append("allow_typo (Moodle's short answer has no typo tolerance)")
        lines.append("    ####" + escape(question.explanation))
        lines.append("}")
        out.extend(lines)
        out.append("")
        for item in lost:
            warnings.append((question.id, f"lost: {item}"))
    return "\n".join(out), warnings
