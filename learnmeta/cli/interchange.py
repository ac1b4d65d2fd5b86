"""What ``export-qti``/``import-qti`` and ``export-moodle-xml``/``import-moodle-xml`` share:
the output file (a missing folder is created and said so), the pack a command exports, and the
writing of an imported pack (checked with the real loader before it replaces anything).

Exit statuses: 0 done; 1 the input cannot be used (not a package, hostile, nothing importable)
or the output cannot be written; 2 a usage error (no such input file, an output that exists
without --force, a bad --id or --lesson).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any, Callable

from learnmeta.cli.output import OutputExists, check_output, err, not_a_folder, out
from learnmeta.instructor.interchange import ID
from learnmeta.instructor.scaffold import DEFAULT_LESSON




def prepare_output(path: Path, force: bool, command: str) -> int | None:
    """Check ``-o`` may be written before any work is done: None when all is well, else the
    exit status after printing why (2: it exists and --force was not given; 1: a file stands
    where its folder should be). A folder that does not exist yet is made when the file is
    written (:func:`make_folder`), as every command with -o does."""
    try:
        check_output(path, force)
    except (OutputExists, OSError) as error:
        err(f"learnmeta {command}: {error}")
        return 2
    parent = path.parent
    blocker = next((p for p in [parent, *parent.parents] if os.path.lexists(p) and not p.is_dir()), None)
    if blocker is not None:
        err(f"learnmeta {command}: cannot write {path}: cannot make the folder {parent}: "
            f"{blocker} {not_a_folder(blocker)}")
        return 1
    return None


def make_folder(path: Path, command: str) -> int | None:
    """Make the folder ``path`` goes in when it is missing, and say so; exit status 1 if it
    cannot be made."""
    from learnmeta.cli.output import make_folder_for

    try:
        made = make_folder_for(path)
    except OSError as error:
        err(f"learnmeta {command}: cannot write {path}: {error}")
        return 1
    if made:
        out(f"Made the folder {path.parent}.")
    return None


def write_output(path: Path, data: bytes | str, command: str) -> int | None:
    from learnmeta.files import replace_atomically

    status = make_folder(path, command)
    if status is not None:
        return status
    try:
        replace_atomically(path, data)
    except OSError as error:
        err(f"learnmeta {command}: cannot write {path}: {error.strerror or error}")
        return 1
    return None


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def not_xml_text(pack) -> str:
    """Where a pack holds a character XML 1.0 cannot carry (U+FFFE, U+FFFF): "question 'id'"
    or "the pack's details", with the character, for the export's error message."""
    import json

    from learnmeta import checks
    from learnmeta.content import models

    places = [("the pack's details", checks.adapter(models.PackInfo).dump_python(pack.pack, mode="json")),
              ("the pack's misconceptions", dict(pack.misconceptions))]
    places += [(f"question '{q.id}'", checks.adapter(models.Question).dump_python(q, mode="json")) for q in pack.questions]
    for where, data in places:
        found = _NOT_XML.search(json.dumps(data, ensure_ascii=False))
        if found:
            return f"{where} holds the character U+{ord(found.group()):04X}, which XML cannot carry; remove it"
    return "it holds a character XML cannot carry"


def lesson_and_section(lesson_id: str) -> tuple[str, str, set[str]] | str:
    """(lesson id, its first section, the built-in pack ids), or an error naming the known lessons."""
    from learnmeta.content.library import load_library

    library = load_library(user_packs=False)
    lesson = library.lesson(lesson_id)
    if lesson is None:
        known = ", ".join(item.id for item in library.lessons) or "(none)"
        return f"no lesson has the id '{lesson_id}'. Known lessons: {known}"
    return lesson.id, lesson.pages[0].id, {pack.id for pack in library.packs}


def start_import(args, command: str) -> tuple[Path, Path, tuple[str, str, set[str]]] | int:
    """The checks every import makes before reading its input: (input, output, lesson) or an
    exit status."""
    source = Path(args.file)
    output = Path(args.output)
    if not source.exists() and not source.is_symlink():
        err(f"learnmeta {command}: {source}: file not found")
        return 2
    if args.pack_id is not None and not ID.match(args.pack_id):
        from learnmeta.instructor.interchange import id_advice

        err(f"learnmeta {command}: '{args.pack_id}' cannot be a pack id: {id_advice(args.pack_id)}")
        return 2
    found = lesson_and_section(args.lesson or DEFAULT_LESSON)
    if isinstance(found, str):
        err(f"learnmeta {command}: {found}")
        return 2
    status = prepare_output(output, args.force, command)
    if status is not None:
        return status
    return source, output, found


def read_input(source: Path, limit: int, command: str) -> bytes | int:
    """The input file's bytes (a regular file, at most ``limit``), or exit status 1."""
    from learnmeta.files import FileProblem, read_bounded

    try:
        return read_bounded(source, limit, follow_links=True)
    except FileProblem as problem:
        err(f"{source}: error: cannot read this file: {problem.reason}")
        return 1
    except (OSError, ValueError) as error:
        err(f"{source}: error: cannot read this file: {getattr(error, 'strerror', None) or error}")
        return 1


def _fit_pool(pack: dict[str, Any], questions: list[dict[str, Any]]) -> list[str]:
    """A pool (``draw``, ``draw_by_tag``) made for more questions than were imported is
    narrowed to fit what was; each change is a note."""
    notes: list[str] = []
    draw = pack.get("draw")
    by_tag: dict[str, int] = dict(pack.get("draw_by_tag") or {})
    counts: dict[str, int] = {}
    for question in questions:
        for tag in question.get("tags", []):
            counts[tag] = counts.get(tag, 0) + 1
    for tag, wanted in list(by_tag.items()):
        if counts.get(tag, 0) < wanted:
            del by_tag[tag]
            notes.append(f"the pool drew {wanted} question(s) tagged '{tag}', but {counts.get(tag, 0)} were "
                         "imported: that part of draw_by_tag is left out")
    if isinstance(draw, int) and draw > len(questions):
        notes.append(f"the pool drew {draw} questions, but {len(questions)} were imported: draw is left out")
        pack.pop("draw", None)
        draw = None
        if by_tag:
            notes.append("draw_by_tag is left out too (it needs draw)")
            by_tag = {}
    if isinstance(draw, int) and sum(by_tag.values()) > draw:
        notes.append("draw_by_tag asked for more questions than draw: it is left out")
        by_tag = {}
    if "draw_by_tag" in pack:
        if by_tag:
            pack["draw_by_tag"] = by_tag
        else:
            pack.pop("draw_by_tag")
    return notes


def export_pack(args, command: str, build: Callable[[Any], tuple[bytes | str, list[tuple[str, str]]]],
                kind: str) -> int:
    """An export command: the pack named (id or file), the output checked, ``build(pack)`` ->
    (the bytes or text to write, (question id, note) pairs to say), written whole, said."""
    from learnmeta.cli.gift import load_pack_argument

    output = Path(args.output)
    pack, status = load_pack_argument(args.pack, command)
    if pack is None:
        return status
    status = prepare_output(output, args.force, command)
    if status is not None:
        return status
    try:
        data, warnings = build(pack)
    except ValueError:  # text XML cannot hold
        err(f"learnmeta {command}: pack '{pack.id}': {not_xml_text(pack)}; nothing written.")
        return 1
    for question_id, message in warnings:
        err(f"note: question '{question_id}': {message}")
    status = write_output(output, data, command)
    if status is not None:
        return status
    out(f"Wrote {len(pack.questions)} question(s) of pack '{pack.id}' to {output} ({kind}).")
    return 0


def import_file(args, command: str, kind: str, limit: int, read: Callable[[bytes, Path, str, str], Any]) -> int:
    """An import command: the input read (at most ``limit`` bytes) and given to ``read(data,
    source, lesson, section)``, which raises BadInput for input it cannot use; then
    :func:`finish_import`."""
    from learnmeta.instructor.interchange import BadInput

    started = start_import(args, command)
    if isinstance(started, int):
        return started
    source, output, lesson = started
    data = read_input(source, limit, command)
    if isinstance(data, int):
        return data
    try:
        result = read(data, source, lesson[0], lesson[1])
    except BadInput as error:
        err(f"{error.where or source}{f':{error.line}' if error.line else ''}: error: {error.message}")
        err(f"{source}: not imported; nothing was written.")
        return 1
    return finish_import(args, command, kind, source, output, lesson, result)


def finish_import(args, command: str, kind: str, source: Path, output: Path,
                  lesson: tuple[str, str, set[str]], result) -> int:
    """Print what was skipped, build the pack, write it (proved by loading it), print the
    summary. ``result`` is an :class:`~learnmeta.instructor.interchange.Imported`."""
    import tomli_w

    from learnmeta.content.errors import ContentError
    from learnmeta.content.loader import MAX_FILE_BYTES, load_pack
    from learnmeta.files import replace_atomically

    lesson_id, _section, builtin_packs = lesson
    for item in result.skipped:
        line = f":{item.line}" if item.line else ""
        err(f"{item.where}{line}: skipped '{item.title}': {item.reason}")
    if not result.questions:
        err(f"{source}: no question could be imported, so no pack was written.")
        return 1
    if len(result.questions) > 20_000:
        err(f"{source}: {len(result.questions):,} questions, and a pack holds at most 20,000. Nothing was written.")
        return 1
    found = dict(result.pack)
    stem_id = re.sub(r"[^a-z0-9_-]+", "-", output.stem.lower()).strip("-_")[:64] or "imported"
    pack_id = args.pack_id or found.get("id") or stem_id
    if not ID.match(pack_id):
        pack_id = stem_id if ID.match(stem_id) else "imported"
    today = dt.date.today()
    title = found.get("title") or source.stem.replace("_", " ").replace("-", " ").strip() or pack_id
    placeholders = []
    pack: dict[str, Any] = {
        "id": pack_id,
        "title": title[:200],
        "description": found.get("description") or f"Questions imported from the {kind} {source.name[:200]}. "
                                                    "Describe the pack here.",
        "version": found.get("version") or "1.0.0",
        "language": found.get("language") or "en",
        "authors": found.get("authors") or ["Edit: the authors' names"],
        "licence": found.get("licence") or "Edit: the licence, e.g. CC BY 4.0",
        "sources": found.get("sources") or [{"title": "Edit: name the source of these questions"}],
        "reviewed": found.get("reviewed") or today,
        "pass_mark": found.get("pass_mark", 80),
    }
    for key, what in (("authors", "authors"), ("licence", "licence"), ("sources", "sources")):
        if key not in found:
            placeholders.append(what)
    lessons = list(found.get("lessons") or [])
    if result.default_lesson_used and lesson_id not in lessons:
        lessons.append(lesson_id)
    if lessons:
        pack["lessons"] = lessons[:50]
    for key, value in found.items():  # what a learnmeta export kept beyond the keys above
        if key not in pack and key != "lessons":
            pack[key] = value
    pool_notes = _fit_pool(pack, result.questions)
    document: dict[str, Any] = {"schema_version": 1, "pack": pack, "questions": result.questions}
    if result.misconceptions:
        document["misconceptions"] = result.misconceptions
    header = (
        f"# Imported from the {kind} {source.name} by `learnmeta {command}` on {today.isoformat()}.\n"
        + ("# Before sharing it: fill in the lines that start with 'Edit:', point each question's\n"
           "# lesson and section at the page that teaches it, and give each question a source.\n"
           if placeholders or result.default_lesson_used else "")
        + f"# Check it with: learnmeta validate {output.name}\n\n"
    )
    try:
        body = header + tomli_w.dumps(document, multiline_strings=True)
    except (TypeError, ValueError) as error:  # pragma: no cover - every value was validated
        err(f"learnmeta {command}: the pack cannot be written as TOML: {error}")
        return 1
    if len(body.encode("utf-8")) > MAX_FILE_BYTES:
        err(f"{source}: the pack made from it would be larger than a pack file may be "
            f"({MAX_FILE_BYTES // (1024 * 1024)} MB). Nothing was written.")
        return 1

    def prove(temp: Path) -> None:
        load_pack(temp)

    status = make_folder(output, command)
    if status is not None:
        return status
    try:
        replace_atomically(output, body, check=prove)
    except ContentError as error:
        err(f"learnmeta {command}: the converted pack did not pass its own check; nothing written.")
        for problem in error.problems[:20]:
            where = ", ".join(x for x in (problem.field, f"line {problem.line}" if problem.line else "") if x)
            err(f"  {problem.message}" + (f" ({where})" if where else ""))
        return 1
    except OSError as error:
        err(f"learnmeta {command}: cannot write {output}: {error.strerror or error}")
        return 1

    out(f"Imported {len(result.questions)} question(s) from {source} into {output} (pack id '{pack_id}').")
    if pack_id in builtin_packs:
        out(f"Note: a built-in pack has the id '{pack_id}'; give this one another id (--id) before "
            "putting it in your packs folder, or the built-in pack is used instead.")
    if result.skipped:
        out(f"Skipped {len(result.skipped)} question(s) that learnmeta cannot use (each named on standard error).")
    if result.default_lesson_used:
        out(f"Note: {result.default_lesson_used} question(s) named no lesson, so they point at lesson "
            f"'{lesson_id}'. Change each question's lesson and section to the page that teaches it.")
    if result.placeholder_explanations:
        out(f"Note: {result.placeholder_explanations} question(s) had no general feedback, so their "
            "explanation is a placeholder sentence starting 'Edit this explanation': write a real one.")
    for note in pool_notes:
        out(f"Note: {note}")
    if placeholders:
        out("Note: the input did not say the pack's " + ", ".join(placeholders)
            + ": fill in the lines starting 'Edit:'.")
    if result.notes:
        out(f"Not kept ({len(result.notes)}):")
        for note in result.notes:
            line = f":{note.line}" if note.line else ""
            out(f"  {note.where}{line}: question '{note.question}': {note.message}")
    out(f"Check it with: learnmeta validate {output}")
    return 0
