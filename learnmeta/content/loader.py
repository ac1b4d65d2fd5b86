"""Reading one content file: bytes, then text, then TOML, then a validated model.

Every failure, whatever its cause, becomes a :class:`~learnmeta.content.errors.ContentError`
whose problems name the file, the line where it can be found, the question id and field path,
and say what is wrong in plain English. Nothing else escapes these functions.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, ParamSpec, TypeGuard, TypeVar

if TYPE_CHECKING:
    from pydantic import ValidationError

    # The outline of a file that did not load (about 1.5 ms to import): imported where a file
    # fails, so that checking valid content (a start with an empty cache) does without it.
    from learnmeta.content import partial

from learnmeta import checks, gcpause, tomlread
from learnmeta.content import models
from learnmeta.content.errors import ContentError, Problem
from learnmeta.content.text import clean_text, slugify
from learnmeta.content.toml_lines import LineIndex

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

MAX_FILE_BYTES = models.MAX_FILE_BYTES
"""The largest content file we read (:data:`learnmeta.content.models.MAX_FILE_BYTES`)."""

_TOML_POSITION = r"\(at line (\d+), column (\d+)\)"
"""Where tomli's message says the error is. This and the other patterns only a file with a
problem needs are compiled then (re keeps them), not as the loader is imported."""


def _gc_paused(load: Callable[P, R]) -> Callable[P, R]:
    """Run ``load`` with Python's cycle collector paused (see :mod:`learnmeta.gcpause`)."""

    @functools.wraps(load)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with gcpause.paused():
            return load(*args, **kwargs)

    return paused


def _fail(path: str, message: str, line: int | None = None, code: str = "invalid") -> ContentError:
    return ContentError([Problem(path=path, message=message, line=line, code=code)])


def read_text(path: Path | str) -> str:
    """Read a content file as text: a regular file (a FIFO, device or socket is refused, never
    waited on; a link is followed to what it names, which must be a regular file too), not too
    big, UTF-8. Reads through :func:`learnmeta.files.read_bounded`."""
    from learnmeta.files import FileProblem, read_bounded

    path = Path(path)
    shown = str(path)
    limit_mb = MAX_FILE_BYTES // 1024 // 1024
    try:
        data = read_bounded(path, MAX_FILE_BYTES, follow_links=True)
    except FileProblem as problem:
        if problem.code == "not-found":
            raise _fail(shown, "file not found", code="not-found") from None
        if problem.code == "is-directory":
            raise _fail(shown, "this is a folder, not a file", code="is-directory") from None
        if problem.code == "too-large":
            try:
                size = f" ({path.stat().st_size / 1024 / 1024:.1f} MB)"
            except (OSError, ValueError):
                size = ""
            raise _fail(shown, f"file is too large{size}; the limit is {limit_mb} MB", code="too-large") from None
        if problem.code == "not-regular":
            raise _fail(shown, "cannot read this file: it is not a regular file (a device, pipe or socket)",
                        code="not-regular") from None
        raise _fail(shown, f"cannot read this file: {problem.reason}", code="unreadable") from None
    except (OSError, ValueError) as error:  # a name the system cannot take (a NUL in it)
        reason = getattr(error, "strerror", None) or str(error)
        raise _fail(shown, f"cannot read this file: {reason}", code="unreadable") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _fail(
            shown,
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be read); "
            "save it as UTF-8 in your editor",
            line=line,
            code="encoding",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _fail(shown, "the file holds a NUL byte; is it a binary file?", line, "encoding")
    return text


def parse_toml(text: str, path: str, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML text, turning every parser failure into a ContentError with a line."""
    try:
        return tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        message = str(error)
        position = re.compile(_TOML_POSITION)
        found = position.search(message)
        line = int(found.group(1)) + first_line - 1 if found else None
        message = position.sub("", message).strip().rstrip(".")
        if isinstance(getattr(error, "msg", None), str) and isinstance(getattr(error, "doc", None), str):
            from learnmeta.content.toml_errors import plain_toml_error

            message = plain_toml_error(error.msg, error.doc, error.lineno)
        raise _fail(path, f"this is not valid TOML: {message}", line, "toml") from None
    except RecursionError:
        raise _fail(path, "values are nested too deeply to read", code="too-deep") from None


_ID_LINE = r"""^\s*id\s*=\s*(?:"([a-z0-9][a-z0-9_-]{0,63})"|'([a-z0-9][a-z0-9_-]{0,63})')\s*(?:#.*)?$"""
_TABLE_LINE = r"^\s*\[+\s*([A-Za-z0-9_.-]+)\s*\]+\s*(?:#.*)?$"


def peek_id(text: str, table: str | None = None) -> str | None:
    """The id a TOML text that does not parse gives in ``table`` (None: before any table), read
    line by line: so that a lesson or pack naming a file whose TOML is broken is not told that no
    lesson or pack has its id. None if no such line is found."""
    current: str | None = None
    table_line, id_line = re.compile(_TABLE_LINE).match, re.compile(_ID_LINE).match
    for line in text.split("\n"):
        header = table_line(line)
        if header:
            current = header.group(1)
            continue
        if current == table:
            found = id_line(line)
            if found:
                return found.group(1) or found.group(2)
    return None


# --------------------------------------------------------------------------------------------
# pydantic errors, in plain English
# --------------------------------------------------------------------------------------------

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
}
_EXPECTED = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list in square brackets",
    "dict_type": "a table",
    "model_type": "a table",
    "dataclass_type": "a table",
    "dataclass_args_type": "a table",
    "model_attributes_type": "a table",
    "date_type": "a date such as 2026-11-24 (without quotes)",
    "date_parsing": "a date such as 2026-11-24 (without quotes)",
    "date_from_datetime_inexact": "a date such as 2026-11-24, without a time",
    "float_type": "a number",
}


def _all_field_names() -> set[str]:
    """Every key a content file may have somewhere (a lesson and its pages are put together by
    the loader, so their own fields are not keys of any file)."""
    names: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and value is not models.Lesson and value is not models.Page and dataclasses.is_dataclass(value):
            names.update(f.name for f in dataclasses.fields(value))
    return names


_FIELD_NAMES: set[str] = set()
""":func:`_all_field_names`, worked out for the first unknown key (only a file with one needs it)."""


def _describe(value: object) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


_TOP_TO_ADD = {
    "schema_version": "schema_version = 1 as the file's first line",
    "pack": "a [pack] table with the pack's id, title and the rest (docs/authoring.md shows one)",
    "questions": "the questions, each in a [[questions]] table of its own",
    "terms": "the words, each in a [[terms]] table with its term and definition",
}
"""What to write for a missing key of the file itself (not of a table in it)."""

_TO_ADD = {
    "sources": "at least one source: a [[{table}]] table with its title (and url and publisher)",
    "choices": "the choices, each in a [[questions.choices]] table with its id and text",
    "pairs": "the pairs, each in a [[questions.pairs]] table with its left and right",
    "items": 'the items in their right order: items = ["first", "second"]',
    "accepted": 'the answers to accept: accepted = ["a word"]',
    "answer": "answer = true or answer = false (no quotes)",
    "key_points": 'the summary: key_points = ["A short sentence."]',
    "authors": 'authors = ["Your Name"]',
    "lessons": 'the ids of the lessons it asks about: lessons = ["a-lesson-id"]',
    "reviewed": "reviewed = 2026-11-24 (the day a person checked the facts; no quotes)",
    "pass_mark": "pass_mark = 80 (the percent of questions right that passes)",
    "estimated_minutes": "estimated_minutes = 10",
    "order": "order = 1 (its place in the list of lessons)",
    "version": 'version = "1.0.0"',
    "lesson": 'lesson = "a-lesson-id" (the lesson that teaches the answer; `learnmeta list`)',
    "section": 'section = "a-section-id" (the page of that lesson that teaches it)',
    "explanation": 'explanation = "..." (why the right answer is right, shown after each answer)',
}
"""What to write for a required key that is missing, by its name (``{table}``: where it is)."""


def _missing_fix(loc: tuple[Any, ...]) -> str:
    """What to add for the missing key at ``loc``, and where: "prompt = \"...\" to this question"."""
    name = str(loc[-1]) if loc else "value"
    tables = [str(part) for part in loc[:-1] if isinstance(part, str)]
    if not tables and name in _TOP_TO_ADD:
        return _TOP_TO_ADD[name]
    if tables == ["knowledge_check"]:  # { pack = "...", questions = [...] }
        return 'pack = "a-pack-id"' if name == "pack" else 'questions = ["a-question-id"]'
    if name in _TO_ADD:
        return _TO_ADD[name].format(table=".".join([*tables, name]))
    if tables == ["pack"]:
        where = " under [pack]"
    elif tables == ["questions"]:
        where = " to this question"
    elif tables[-1:] in (["choices"], ["pairs"], ["sources"], ["terms"]):
        where = {"choices": " to this choice", "pairs": " to this pair", "sources": " to this source",
                 "terms": " to this term"}[tables[-1]]
    else:
        where = ""
    return f'{name} = "..."{where}'


def _plain_message(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    name = str(loc[-1]) if loc else "value"
    if kind in ("missing", "missing_keyword_argument"):
        return f"is missing: add {_missing_fix(loc)}"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        if not _FIELD_NAMES:
            _FIELD_NAMES.update(_all_field_names())
        if name in _FIELD_NAMES:  # e.g. `shuffle` in an ordering question: right word, wrong place
            return f"'{name}' is not used here (only in other kinds of question or table); remove it"
        close = difflib.get_close_matches(name, sorted(_FIELD_NAMES), n=1, cutoff=0.75)
        hint = f"; did you mean '{close[0]}'?" if close else "; remove it or check its spelling"
        return f"unknown key '{name}'{hint}"
    if kind.startswith("date_"):
        return f"should be {_EXPECTED['date_type']}"
    if kind in _EXPECTED:
        return f"should be {_EXPECTED[kind]}, not {_describe(error.get('input'))}"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        if isinstance(error.get("input"), str):
            return "must not be empty"
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        if isinstance(error.get("input"), str):
            return f"is too long: at most {ctx.get('max_length')} characters"
        return f"has too many items: at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9_-" in pattern:
            return "must be an id: lower-case letters, digits, '-' and '_', like 'bone-sites'"
        if "https?" in pattern:
            return "must be a web address starting with http:// or https://"
        if pattern.startswith("^\\d+"):
            return "must be a version such as '1.0.0'"
        return "is not in the expected form"
    if kind == "literal_error":
        return f"must be one of: {ctx.get('expected')}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        types = ", ".join(models.QUESTION_TYPES)
        if kind == "union_tag_not_found":
            return f"'type' is missing; it must be one of: {types}"
        return f"'type' must be one of: {types} (found '{ctx.get('tag')}')"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error.get("msg", "")))
        return message.removeprefix("Value error, ")
    return str(error.get("msg", "is not valid"))


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the discriminator tags pydantic puts in a path: ("questions", 0, "single", ...)."""
    out: list[Any] = []
    for index, part in enumerate(loc):
        if (
            isinstance(part, str)
            and part in models.QUESTION_TYPES
            and index > 0
            and isinstance(loc[index - 1], int)
        ):
            continue
        out.append(part)
    return tuple(out)


def _field_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _question_id(data: Any, loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        try:
            value = data["questions"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return value if isinstance(value, str) and len(value) <= 64 else None
    return None


def problems_from_validation(
    error: ValidationError, path: str, data: Any, lines: LineIndex, prefix: tuple[Any, ...] = ()
) -> list[Problem]:
    """Turn a pydantic ValidationError into problems with lines, question ids and fields."""
    problems = []
    seen = set()
    for item in error.errors(include_url=False):
        loc = _strip_tags(tuple(item["loc"]))
        line = lines.line_for(prefix + loc)
        question = _question_id(data, loc)
        shown_loc = loc
        if question and len(loc) > 2:
            shown_loc = loc[2:]
        elif question:
            shown_loc = ()
        field = _field_path(shown_loc) or None
        problem = Problem(
            path=path,
            line=line,
            question=question,
            field=field,
            message=_plain_message({**item, "loc": loc}),
            code="schema",
        )
        if (problem.line, problem.field, problem.message) not in seen:
            seen.add((problem.line, problem.field, problem.message))
            problems.append(problem)
    return problems


def _is_validation_error(error: BaseException) -> TypeGuard[ValidationError]:
    """Whether ``error`` is pydantic's ValidationError (a ValueError). Valid content is checked
    without pydantic (:mod:`learnmeta.fastcheck`), so it is imported only once one is raised."""
    from pydantic import ValidationError

    return isinstance(error, ValidationError)


def _validate(model: type[T], data: Any, path: str, lines: LineIndex, prefix: tuple[Any, ...] = ()) -> T:
    try:
        return checks.validate(model, data)
    except RecursionError:
        raise _fail(path, "values are nested too deeply to read", code="too-deep") from None
    except ValueError as error:  # pydantic's ValidationError (imported only when one is raised)
        if not _is_validation_error(error):
            raise
        from learnmeta.content import partial

        failed = ContentError(problems_from_validation(error, path, data, lines, prefix))
        failed.partial = partial.Soundness.of(error, _strip_tags)
        raise failed from None


# --------------------------------------------------------------------------------------------
# Packs and the glossary
# --------------------------------------------------------------------------------------------


@_gc_paused
def load_pack(path: Path | str, *, text: str | None = None) -> models.Pack:
    """Load and validate one question pack file.

    A pack that does not validate is refused with every problem found in one round: its fields'
    own errors, ids used twice, and its question pool's problems as far as the sound fields show
    them; its :class:`~learnmeta.content.partial.PartialPack` (on the error's ``partial``) lets
    the checks across files run on its sound questions too.
    """
    shown = str(path)
    if text is None:
        text = read_text(path)
    data = parse_toml(text, shown)
    lines = LineIndex(text)
    try:
        pack = checks.validate(models.Pack, data)
    except RecursionError:
        raise _fail(shown, "values are nested too deeply to read", code="too-deep") from None
    except ValueError as error:  # pydantic's ValidationError (imported only when one is raised)
        if not _is_validation_error(error):
            raise
        raise _broken_pack(error, data, shown, lines) from None
    problems = _duplicate_id_problems(pack.duplicate_question_ids(), shown, lines)
    problems.extend(pool_problems(pack, shown, lines))
    if problems:
        from learnmeta.content import partial

        failed = ContentError(problems)
        failed.partial = outline = partial.partial_pack(data, partial.Soundness(()), shown, lines)
        if outline is not None:
            outline.sound_questions.extend(enumerate(pack.questions))
        raise failed
    models.set_origin(pack, shown, lines)
    return pack


def _broken_pack(error: ValidationError, data: Any, path: str, lines: LineIndex) -> ContentError:
    """The error for a pack that did not validate: the fields' own problems, then the checks
    that need the whole pack, run on what is sound (see :mod:`learnmeta.content.partial`)."""
    from learnmeta.content import partial

    problems = problems_from_validation(error, path, data, lines)
    sound = partial.Soundness.of(error, _strip_tags)
    # A question's checks of its fields together (one right choice...), on its sound fields:
    # said with its fields' own errors, not a round of fixes later; so are ids used twice.
    raw = data.get("questions") if isinstance(data, dict) else None
    for index, question in enumerate(raw if isinstance(raw, list) else []):
        kind = question.get("type") if isinstance(question, dict) else None
        if isinstance(kind, str) and kind in models.CHECKED_TOGETHER:
            problems.extend(_together_problems(models.CHECKED_TOGETHER[kind], data, sound,
                                               ("questions", index), path, lines))
    problems.extend(_duplicate_id_problems(_raw_duplicate_ids(data), path, lines))
    outline = partial.partial_pack(data, sound, path, lines)
    if outline is not None:
        problems.extend(_partial_pool_problems(data, sound, outline, path, lines))
        outline.sound_questions.extend(_sound_questions(data, sound))
    failed = ContentError(problems)
    failed.partial = outline
    return failed


def _together_problems(kind: Any, data: Any, sound: partial.Soundness, loc: tuple[Any, ...], path: str,
                       lines: LineIndex) -> list[Problem]:
    """What the check of the fields together of the record at ``loc`` (of class ``kind``) finds
    on its sound fields (:func:`learnmeta.content.partial.together`), said as its own error is."""
    from learnmeta.content import partial

    messages = partial.together(kind, data, sound, loc)
    if messages and sound.refused_at(loc):
        # Every field of it loaded, and its own check refused it with the first of these, on
        # the same values: that one is said already.
        messages = messages[1:]
    if not messages:
        return []
    line = lines.line_for(loc)
    question = _question_id(data, loc)
    return [Problem(path=path, line=line, question=question, message=message, code="schema")
            for message in messages]


def _sound_questions(data: Any, sound: partial.Soundness) -> list[tuple[int, models.Question]]:
    """(index, the question) of each question of a pack that did not validate with no error at
    or inside it, made as the pack would make it: the item-writing checks run on them."""
    from learnmeta.content import partial

    raw = data.get("questions") if isinstance(data, dict) else None
    found: list[tuple[int, models.Question]] = []
    if not isinstance(raw, list):
        return found
    for index in range(len(raw)):
        value = sound.value(data, ("questions", index))
        if value is None or value is partial.ABSENT:
            continue
        try:
            made: models.Question = checks.adapter(models.Question).validate_python(value)
        except (ValueError, RecursionError):  # (it passed in the pack: never expected)
            continue
        found.append((index, made))
    return found


def _partial_pool_problems(
    data: Any, sound: partial.Soundness, outline: partial.PartialPack, path: str, lines: LineIndex
) -> list[Problem]:
    """:func:`pool_problems` of a pack that did not validate, as far as its sound values go:
    ``draw`` and ``draw_by_tag`` must be sound, the questions a list (each counts, broken or
    not), and the tags are counted only if every question's are sound."""
    from learnmeta.content import partial

    draw = sound.value(data, ("pack", "draw"))
    by_tag = sound.value(data, ("pack", "draw_by_tag"))
    if draw is None or by_tag is None or not isinstance(data.get("questions"), list):
        return []
    tags = [q.tags for q in outline.questions]
    return _pool(
        None if draw is partial.ABSENT else draw,
        {} if by_tag is partial.ABSENT else by_tag,
        len(outline.questions),
        None if any(t is None for t in tags) else [t for t in tags if t is not None],
        path,
        lines,
    )


def _raw_duplicate_ids(data: Any) -> list[tuple[int, str]]:
    """(index, id) of each question, in the file as read, whose id (a string) an earlier
    question already uses: what :meth:`Pack.duplicate_question_ids` finds, for a pack that did
    not validate."""
    questions = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(questions, list):
        return []
    seen: set[str] = set()
    duplicates = []
    for index, question in enumerate(questions):
        qid = question.get("id") if isinstance(question, dict) else None
        if isinstance(qid, str):
            if qid in seen:
                duplicates.append((index, qid))
            seen.add(qid)
    return duplicates


def _duplicate_id_problems(duplicates: list[tuple[int, str]], path: str, lines: LineIndex) -> list[Problem]:
    return [
        Problem(
            path=path,
            line=lines.line_for(("questions", index, "id")),
            question=qid,
            field="id",
            message=f"question id '{qid}' is used more than once in this pack: give each question "
                    "an id of its own (learners' progress is kept by id)",
            code="duplicate-id",
        )
        for index, qid in duplicates
    ]


def pool_problems(pack: models.Pack, path: str, lines: LineIndex) -> list[Problem]:
    """What is wrong with a pack's question pool (``draw``, ``draw_by_tag``): a draw larger than
    the pack, a tag no question carries, a tag asked for more questions than carry it, and
    tags asking for more questions in all than are drawn (or than carry any of them)."""
    info = pack.pack
    return _pool(info.draw, info.draw_by_tag, len(pack.questions), [q.tags for q in pack.questions], path, lines)


def _pool(
    draw: int | None,
    draw_by_tag: Mapping[str, int],
    count: int,
    tags_of: list[list[str]] | None,
    path: str,
    lines: LineIndex,
) -> list[Problem]:
    """:func:`pool_problems` from the values it checks; ``tags_of`` None (not every question's
    tags could be read) leaves out the checks that count tags."""
    problems: list[Problem] = []

    def problem(loc: tuple[Any, ...], field: str, message: str) -> None:
        problems.append(Problem(path=path, line=lines.line_for(loc), field=field, message=message,
                                code="draw"))

    if draw is not None and draw > count:
        problem(("pack", "draw"), "pack.draw",
                f"draw = {draw} asks for more questions than the pack has ({count}); "
                f"draw at most {count}, or add questions")
    if draw_by_tag and draw is None:
        problem(("pack", "draw_by_tag"), "pack.draw_by_tag",
                "draw_by_tag needs draw: say how many questions each attempt gets in all, "
                "e.g. draw = 10")
    tagged: dict[str, int] = {}
    for tags in tags_of or []:
        for tag in tags:
            tagged[tag] = tagged.get(tag, 0) + 1
    for tag, wanted in draw_by_tag.items() if tags_of is not None else ():
        have = tagged.get(tag, 0)
        where = ("pack", "draw_by_tag", tag)
        if have == 0:
            close = difflib.get_close_matches(tag, sorted(tagged), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else " (tags are given by each question's tags)"
            problem(where, f"pack.draw_by_tag.{tag}", f"no question has the tag '{tag}'{hint}")
        elif wanted > have:
            problem(where, f"pack.draw_by_tag.{tag}",
                    f"draw_by_tag asks for {wanted} question(s) tagged '{tag}', but only {have} "
                    f"question(s) have that tag")
    wanted_in_all = sum(draw_by_tag.values())
    if draw is not None and wanted_in_all > draw:
        problem(("pack", "draw_by_tag"), "pack.draw_by_tag",
                f"draw_by_tag asks for {wanted_in_all} questions in all, more than draw = {draw}")
    elif draw_by_tag and not problems and tags_of is not None:
        carrying = sum(1 for tags in tags_of if any(tag in draw_by_tag for tag in tags))
        if wanted_in_all > carrying:
            problem(("pack", "draw_by_tag"), "pack.draw_by_tag",
                    f"draw_by_tag asks for {wanted_in_all} questions in all, but only {carrying} "
                    "question(s) carry any of these tags (a question with two of them counts once)")
    return problems


@_gc_paused
def load_glossary(path: Path | str, *, text: str | None = None) -> models.Glossary:
    """Load and validate the glossary file."""
    shown = str(path)
    if text is None:
        text = read_text(path)
    data = parse_toml(text, shown)
    lines = LineIndex(text)
    try:
        return _validate(models.Glossary, data, shown, lines)
    except ContentError as error:
        from learnmeta.content import partial

        sound = error.partial
        if isinstance(sound, partial.Soundness) and not sound.refused_at(()):
            # The check across terms (Glossary.__post_init__) did not run: run it on the sound ones.
            error.problems.extend(_twice_defined(data, sound, shown, lines))
        raise


def _twice_defined(data: Any, sound: partial.Soundness, path: str, lines: LineIndex) -> list[Problem]:
    """The first name (a term or an alias) that two sound terms of a glossary define, as
    :class:`~learnmeta.content.models.Glossary` says it, or nothing."""
    terms = data.get("terms") if isinstance(data, dict) else None
    seen: dict[str, str] = {}
    for index in range(len(terms) if isinstance(terms, list) else 0):
        term = sound.value(data, ("terms", index, "term"))
        aliases = sound.value(data, ("terms", index, "aliases"))
        if not isinstance(term, str) or aliases is None:
            continue
        term = clean_text(term).strip()
        names = [term] + ([clean_text(a).strip() for a in aliases] if isinstance(aliases, list) else [])
        for name in names:
            key = name.casefold()
            if key in seen:
                return [Problem(path=path, line=lines.line_for(()), code="schema",
                                message=f"'{name}' is defined twice (in '{seen[key]}' and in '{term}')")]
            seen[key] = term
    return []


# --------------------------------------------------------------------------------------------
# Lessons
# --------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*(```|~~~)")
_SECTION = re.compile(r"^##(?!#)\s*(.*?)\s*$")
_ATTRIBUTES = re.compile(r"\s*\{([#.][^}]*)\}\s*$")
PAGE_CLASSES = {"trainee": "a page for health-care trainees (shown on the course track, offered on the self-study track)"}
"""The classes a section heading may carry after its id, as in ``## Title {#id .trainee}``."""


def _heading_attributes(text: str) -> tuple[str | None, list[str], list[str]]:
    """The id, the classes and anything not understood in a heading's ``{#id .class}``."""
    page_id = None
    classes: list[str] = []
    unknown: list[str] = []
    for token in text.split():
        if token.startswith("#") and page_id is None:
            page_id = token[1:]
        elif token.startswith(".") and len(token) > 1:
            classes.append(token[1:])
        else:
            unknown.append(token)
    return page_id, classes, unknown


def split_front_matter(text: str, path: str) -> tuple[str, int, str, int]:
    """Split a lesson into (front matter, its first line, body, the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise _fail(
            path,
            "a lesson must start with a front-matter block: a line '+++', the lesson's TOML "
            "settings, and another line '+++'",
            1,
            "front-matter",
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            return front, 2, body, number + 2
    raise _fail(path, "the front-matter block is not closed: add a line '+++' after it", 1, "front-matter")


def split_pages(body: str, first_line: int, path: str) -> list[dict[str, Any]]:
    """Split a lesson body into pages at each ``##`` heading (outside code blocks)."""
    pages, problems = _read_pages(body, first_line, path)
    if problems:
        raise ContentError(problems)
    return pages


def _read_pages(body: str, first_line: int, path: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The pages of a lesson body, and every problem with its headings (all of them at once)."""
    pages: list[dict[str, Any]] = []
    problems: list[Problem] = []
    preamble: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _SECTION.match(line)
        if heading:
            title = heading.group(1)
            attributes = _ATTRIBUTES.search(title)
            page_id: str | None = None
            classes: list[str] = []
            unknown: list[str] = []
            if attributes:
                page_id, classes, unknown = _heading_attributes(attributes.group(1))
                title = title[: attributes.start()].strip()
            for token in unknown:
                problems.append(Problem(
                    path=path, line=number, field="section heading", code="page",
                    message=f"'{clean_text(token)[:64]}' is not understood in the heading's {{...}}: write "
                    "the section id as {#id}, and for a page for health-care trainees add .trainee, "
                    "as in {#cascade .trainee}",
                ))
            for name in classes:
                if name not in PAGE_CLASSES:
                    close = difflib.get_close_matches(name, sorted(PAGE_CLASSES), n=1, cutoff=0.6)
                    hint = f"; did you mean '.{close[0]}'?" if close else ""
                    known = ", ".join(f".{c}: {what}" for c, what in PAGE_CLASSES.items())
                    problems.append(Problem(
                        path=path, line=number, field="section heading", code="page",
                        message=f"unknown page class '.{clean_text(name)[:64]}'{hint} (known: {known})",
                    ))
            pages.append({"id": page_id if page_id is not None else slugify(title), "title": title, "body": [], "line": number,
                          "trainee": "trainee" in classes})
        elif pages:
            pages[-1]["body"].append(line)
        elif line.strip():
            preamble.append((number, line))
    if preamble:
        problems.insert(0, Problem(
            path=path, line=preamble[0][0], code="page",
            message="text before the first '## ' heading would never be shown; start each page with "
            "a '## Title' line",
        ))
    if not pages:
        problems.append(Problem(path=path, line=first_line, code="page",
                                message="the lesson has no pages: add at least one '## Title' section"))
    elif pages[0]["trainee"]:
        problems.append(Problem(
            path=path, line=pages[0]["line"], field="section heading", code="page",
            message="the first page cannot be for trainees only: a trainee page is offered on the "
            "page before it, so start the lesson with a page for everyone",
        ))
    for page in pages:
        page["body"] = "\n".join(page["body"]).strip("\n")
    return pages, problems


_MAX_PAGES = 60
"""The most pages a lesson has (``Lesson.pages``), said with the other problems of a lesson that
does not load (the Lesson itself is validated only when the rest is sound)."""


@_gc_paused
def load_lesson(path: Path | str, *, text: str | None = None) -> models.Lesson:
    """Load and validate one lesson file (front matter and pages).

    A lesson that does not load is refused with every problem found in one round: the front
    matter's, the headings', the sections'; its :class:`~learnmeta.content.partial.PartialLesson`
    (on the error's ``partial``) lets the checks across files run on what is sound.
    """
    shown = str(path)
    if text is None:
        text = read_text(path)
    front, front_line, body, body_line = split_front_matter(text, shown)
    problems: list[Problem] = []
    lines = LineIndex(front, first_line=front_line)
    data: Any = None
    meta: models.LessonMeta | None = None
    sound: partial.Soundness | None = None  # of the front matter: None, all of it sound
    try:
        data = parse_toml(front, shown, first_line=front_line)
        meta = _validate(models.LessonMeta, data, shown, lines)
    except ContentError as error:
        problems.extend(error.problems)
        if error.partial is not None:
            from learnmeta.content import partial

            if isinstance(error.partial, partial.Soundness):
                sound = error.partial
                patterns = data.get("spread_patterns") if isinstance(data, dict) else None
                for index in range(len(patterns) if isinstance(patterns, list) else 0):
                    problems.extend(_together_problems(models.SpreadPattern, data, sound,
                                                       ("spread_patterns", index), shown, lines))
    peeked = peek_id(front) if data is None else None
    raw_pages, page_problems = _read_pages(body, body_line, shown)
    problems.extend(page_problems)
    seen: dict[str, int] = {}
    for page in raw_pages:
        if page["id"] in seen:
            problems.append(
                Problem(
                    path=shown,
                    line=page["line"],
                    field="section id",
                    message=f"section id '{page['id']}' is used twice (first on line "
                    f"{seen[page['id']]}); give this section its own id with {{#another-id}}",
                    code="duplicate-id",
                )
            )
        seen.setdefault(page["id"], page["line"])
    pages = []
    for page in raw_pages:
        try:
            pages.append(checks.validate(models.Page, page))
        except ValueError as error:
            if not _is_validation_error(error):
                raise
            for item in error.errors(include_url=False):
                field = str(item["loc"][0]) if item["loc"] else "page"
                problems.append(
                    Problem(
                        path=shown,
                        line=page["line"],
                        field=f"section '{clean_text(page['id'])[:64]}' {field}",
                        message=_plain_message(item),
                        code="schema",
                    )
                )
    if problems or meta is None:
        if len(raw_pages) > _MAX_PAGES:  # as validating the Lesson below says it
            problems.append(Problem(path=shown, line=lines.line_for(("pages",)), field="pages",
                                    message=f"has too many items: at most {_MAX_PAGES}", code="schema"))
        failed = ContentError(problems)
        failed.partial = _partial_lesson(shown, lines, data, meta, sound, raw_pages, peeked)
        raise failed
    lesson = _validate(models.Lesson, {"meta": meta, "pages": pages, "path": shown}, shown, lines)
    models.set_origin(lesson, shown, lines)
    return lesson


def _partial_lesson(
    path: str,
    lines: LineIndex,
    data: Any,
    meta: models.LessonMeta | None,
    sound: partial.Soundness | None,
    pages: list[dict[str, Any]],
    peeked: str | None = None,
) -> partial.PartialLesson:
    """The sound parts of a lesson that did not load: its id, its sections (every heading's id,
    sound or not: a question naming one is not told it is missing) and its knowledge check."""
    from learnmeta.content import partial

    if sound is None:
        sound = partial.Soundness(())
    if meta is not None:
        lesson_id: str | None = meta.id
        check = meta.knowledge_check
        check_pack = check.pack if check is not None else None
        check_questions = list(check.questions) if check is not None else []
    else:
        found = sound.value(data, ("id",)) if data is not None else peeked
        lesson_id = found if isinstance(found, str) else None
        pack = sound.value(data, ("knowledge_check", "pack")) if data is not None else None
        check_pack = pack if isinstance(pack, str) else None
        asked = sound.value(data, ("knowledge_check", "questions")) if check_pack is not None else None
        check_questions = [q for q in asked if isinstance(q, str)] if isinstance(asked, list) else []
    sections: list[tuple[str, bool]] | None = None
    if pages and len(pages) <= _MAX_PAGES:  # more is the lesson's own error: a file of 100,000
        # headings would make each question on it compare its section with them all
        sections = [(str(page["id"]), bool(page["trainee"])) for page in pages]
    return partial.PartialLesson(path=path, lines=lines, id=lesson_id, sections=sections,
                                 check_pack=check_pack, check_questions=check_questions)
