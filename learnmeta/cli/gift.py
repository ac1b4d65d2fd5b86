"""`learnmeta import-gift FILE -o PACK.toml` and `learnmeta export-gift PACK -o FILE`.

Import: GIFT has no lessons, so every imported question points at ``--lesson`` (default
``what-is-metastatic-cancer``) and that lesson's first section; the printed note says so, and
says how many explanations are placeholders to edit. Question types learnmeta does not have are
listed on stderr and skipped. The pack is written with a header comment, then loaded with the
real loader before success is reported. A GIFT syntax error names the file and line (exit 1).

Export: writes what GIFT can express and warns per question about the rest (see
:mod:`learnmeta.instructor.gift`). Exit statuses: 0 done, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from learnmeta.cli.interchange import DEFAULT_LESSON, ID, lesson_and_section
from learnmeta.instructor.interchange import id_advice
from learnmeta.cli.output import OutputExists, check_output, write_output
from learnmeta.cli.output import err as _err
from learnmeta.cli.output import out as _out


def run(args) -> int:
    if args.command == "export-gift":
        return export_gift(args)
    return import_gift(args)


# ----------------------------------------------------------------------------------------------
# import-gift
# ----------------------------------------------------------------------------------------------


MAX_QUESTIONS = 20_000
"""The most questions a pack holds (``Pack.questions``)."""


def import_gift(args) -> int:
    import tomli_w

    from learnmeta.content.errors import ContentError
    from learnmeta.content.loader import load_pack, read_text
    from learnmeta.instructor.gift import parse_gift

    source = Path(args.file)
    output = Path(args.output)
    if not source.is_file():
        _err(f"learnmeta import-gift: {source}: file not found")
        return 2
    try:
        check_output(output, args.force)
    except (OutputExists, OSError) as error:
        _err(f"learnmeta import-gift: {error}")
        return 2
    pack_id = args.pack_id or re.sub(r"[^a-z0-9_-]+", "-", output.stem.lower()).strip("-_")
    if not ID.match(pack_id or ""):
        _err(
            f"learnmeta import-gift: '{pack_id}' cannot be a pack id: {id_advice(pack_id or '')}"
            + ("" if args.pack_id else "; give one with --id")
        )
        return 2
    found = lesson_and_section(args.lesson or DEFAULT_LESSON)
    if isinstance(found, str):
        _err(f"learnmeta import-gift: {found}")
        return 2
    lesson, section, builtin_packs = found
    renamed = None
    if pack_id in builtin_packs:
        if args.pack_id:
            _err(f"learnmeta import-gift: a built-in pack already has the id '{pack_id}'; choose another --id")
            return 2
        renamed = pack_id
        pack_id = f"{pack_id[:58]}-gift"
    try:
        text = read_text(source)
    except ContentError as error:
        for problem in error.problems:
            _err(str(problem))
        return 1
    result = parse_gift(text, lesson=lesson, section=section)
    if result.errors:
        for gift_error in result.errors:
            _err(f"{source}:{gift_error.line}: error: {gift_error.message}")
        _err(f"{source}: not imported: fix the GIFT error(s) above and try again.")
        return 1
    for item in result.skipped:
        _err(f"{source}:{item.line}: skipped '{item.title}': {item.reason}")
    if not result.questions:
        _err(f"{source}: no question could be imported, so no pack was written.")
        return 1
    if len(result.questions) > MAX_QUESTIONS:
        _err(f"{source}: {len(result.questions):,} questions, and a pack holds at most {MAX_QUESTIONS:,}: "
             "split the GIFT file and import each part as a pack of its own. Nothing was written.")
        return 1

    today = dt.date.today()
    title = source.stem.replace("_", " ").replace("-", " ").strip() or pack_id
    pack = {
        "schema_version": 1,
        "pack": {
            "id": pack_id,
            "title": title[:200],
            "description": f"Questions imported from the Moodle GIFT file {source.name[:200]}. "
            "Describe the pack here.",
            "version": "1.0.0",
            "language": "en",
            "authors": ["Edit: the authors' names"],
            "licence": "Edit: the licence, e.g. CC BY 4.0",
            "sources": [{"title": "Edit: name the source of these questions"}],
            "reviewed": today,
            "pass_mark": 80,
            "lessons": [lesson],
        },
        "questions": result.questions,
    }
    header = (
        f"# Imported from the Moodle GIFT file {source.name} by `learnmeta import-gift` on "
        f"{today.isoformat()}.\n"
        "# Before sharing it: fill in the lines that start with 'Edit:', point each question's\n"
        "# lesson and section at the page that teaches it, and give each question a source.\n"
        f"# Then check it with: learnmeta validate {output.name}\n\n"
    )
    body = header + tomli_w.dumps(pack, multiline_strings=True)
    from learnmeta.content.loader import MAX_FILE_BYTES

    if len(body.encode("utf-8")) > MAX_FILE_BYTES:
        _err(f"{source}: the pack made from it would be larger than a pack file may be "
             f"({MAX_FILE_BYTES // (1024 * 1024)} MB): split the GIFT file and import each part as a "
             "pack of its own. Nothing was written.")
        return 1

    def prove(temp: Path) -> None:
        load_pack(temp)

    try:
        made = write_output(output, body, check=prove)
    except ContentError as error:  # a bug of ours: say so plainly, write nothing
        _err("learnmeta import-gift: the converted pack did not pass its own check; nothing written.")
        for problem in error.problems:
            where = ", ".join(x for x in (problem.field, f"line {problem.line}" if problem.line else "") if x)
            _err(f"  {problem.message}" + (f" ({where})" if where else ""))
        return 1
    except OSError as error:
        _err(f"learnmeta import-gift: cannot write {output}: {error.strerror or error}")
        return 1

    if made:
        _out(f"Made the folder {output.parent}.")
    count = len(result.questions)
    _out(f"Imported {count} question(s) from {source} into {output} (pack id '{pack_id}').")
    if renamed:
        _out(f"Note: a built-in pack is called '{renamed}', so this pack's id is '{pack_id}' (or use --id).")
    if result.skipped:
        _out(f"Skipped {len(result.skipped)} question(s) that learnmeta cannot use (each named on standard error).")
    _out(
        f"Note: GIFT has no lessons, so every question points at lesson '{lesson}', section "
        f"'{section}'. Change each question's lesson and section to the page that teaches it."
    )
    if result.placeholder_explanations:
        _out(
            f"Note: {result.placeholder_explanations} question(s) had no general feedback (####), "
            "so their explanation is a placeholder sentence starting 'Edit this explanation': "
            "write a real one."
        )
    if result.categories:
        _out("Note: the GIFT categories became tags: " + "; ".join(result.categories))
    for note in result.notes:
        _out(f"Note: {note}")
    _out(f"Check it with: learnmeta validate {output}")
    return 0


# ----------------------------------------------------------------------------------------------
# export-gift
# ----------------------------------------------------------------------------------------------


def load_pack_argument(value: str, command: str):
    """A pack from an id or a path: (pack, None) or (None, exit status) after printing why."""
    from learnmeta.content.errors import ContentError
    from learnmeta.content.loader import load_pack

    path = Path(value)
    looks_like_path = path.suffix.lower() == ".toml" or "/" in value or "\\" in value
    if path.is_file() or looks_like_path:
        if not path.is_file():
            _err(f"learnmeta {command}: {value}: file not found")
            return None, 2
        try:
            return load_pack(path), None
        except ContentError as error:
            for problem in error.problems:
                _err(str(problem))
            _err(f"learnmeta {command}: {value} is not a valid pack; fix it first (learnmeta validate).")
            return None, 1
    from learnmeta.content.library import load_library

    library = load_library()
    pack = library.pack(value)
    if pack is None:
        known = ", ".join(p.id for p in library.packs) or "(none)"
        _err(f"learnmeta {command}: no pack has the id '{value}'. Known packs: {known}")
        return None, 2
    return pack, None


def export_gift(args) -> int:
    from learnmeta.instructor.gift import write_gift

    output = Path(args.output)
    try:
        check_output(output, args.force)
    except (OutputExists, OSError) as error:
        _err(f"learnmeta export-gift: {error}")
        return 2
    pack, status = load_pack_argument(args.pack, "export-gift")
    if pack is None:
        return status
    text, warnings = write_gift(pack)
    for question_id, message in warnings:
        _err(f"warning: question '{question_id}': {message}")
    left_out = {qid for qid, message in warnings if message.startswith("left out")}
    written = len(pack.questions) - len(left_out)
    if written == 0:
        _err(f"learnmeta export-gift: no question of pack '{pack.id}' can be written as GIFT; nothing written.")
        return 1
    try:
        if write_output(output, text):
            _out(f"Made the folder {output.parent}.")
    except OSError as error:
        _err(f"learnmeta export-gift: cannot write {output}: {error.strerror or error}")
        return 1
    _out(f"Wrote {written} question(s) of pack '{pack.id}' to {output}.")
    if left_out:
        _out(f"Left out {len(left_out)} question(s) that GIFT cannot express (each named in a warning on standard error).")
    return 0
