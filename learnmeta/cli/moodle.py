"""`learnmeta export-moodle-xml PACK -o questions.xml` and
`learnmeta import-moodle-xml questions.xml -o pack.toml`.

See :mod:`learnmeta.instructor.moodle_xml`; the input is treated as hostile (see
:mod:`learnmeta.instructor.interchange`). Exit statuses: 0 done, 1 invalid input or nothing
importable, 2 usage error.
"""

from __future__ import annotations

from pathlib import Path

from learnmeta.cli.interchange import (
    err,
    finish_import,
    not_xml_text,
    out,
    prepare_output,
    read_input,
    start_import,
    write_output,
)


def run(args) -> int:
    if args.command == "export-moodle-xml":
        return export_moodle_xml(args)
    return import_moodle_xml(args)


def export_moodle_xml(args) -> int:
    from learnmeta.cli.gift import load_pack_argument
    from learnmeta.instructor.moodle_xml import write_moodle_xml

    output = Path(args.output)
    pack, status = load_pack_argument(args.pack, "export-moodle-xml")
    if pack is None:
        return status
    status = prepare_output(output, args.force, "export-moodle-xml")
    if status is not None:
        return status
    try:
        data, warnings = write_moodle_xml(pack)
    except ValueError:  # text XML cannot hold
        err(f"learnmeta export-moodle-xml: pack '{pack.id}': {not_xml_text(pack)}; nothing written.")
        return 1
    for question_id, message in warnings:
        err(f"note: question '{question_id}': {message}")
    status = write_output(output, data, "export-moodle-xml")
    if status is not None:
        return status
    out(f"Wrote {len(pack.questions)} question(s) of pack '{pack.id}' to {output} (Moodle XML).")
    return 0


def import_moodle_xml(args) -> int:
    from learnmeta.instructor.interchange import MAX_XML_BYTES, BadInput, parse_xml
    from learnmeta.instructor.moodle_xml import read_moodle_xml

    started = start_import(args, "import-moodle-xml")
    if isinstance(started, int):
        return started
    source, output, lesson = started
    data = read_input(source, MAX_XML_BYTES, "import-moodle-xml")
    if isinstance(data, int):
        return data
    try:
        root = parse_xml(data, str(source))
        result = read_moodle_xml(root, str(source), lesson=lesson[0], section=lesson[1])
    except BadInput as error:
        err(f"{error.where or source}{f':{error.line}' if error.line else ''}: error: {error.message}")
        err(f"{source}: not imported; nothing was written.")
        return 1
    return finish_import(args, "import-moodle-xml", "Moodle XML file", source, output, lesson, result)
