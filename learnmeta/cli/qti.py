"""`learnmeta export-qti PACK -o pack.zip` and `learnmeta import-qti pack.zip -o pack.toml`.

Export writes an IMS QTI 2.1 content package (see :mod:`learnmeta.instructor.qti`); import reads
one back, treating the zip as hostile (see :mod:`learnmeta.instructor.interchange`). Exit
statuses: 0 done, 1 invalid input or nothing importable, 2 usage error.
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
    if args.command == "export-qti":
        return export_qti(args)
    return import_qti(args)


def export_qti(args) -> int:
    from learnmeta.cli.gift import load_pack_argument
    from learnmeta.instructor.qti import write_qti, zip_bytes

    output = Path(args.output)
    pack, status = load_pack_argument(args.pack, "export-qti")
    if pack is None:
        return status
    status = prepare_output(output, args.force, "export-qti")
    if status is not None:
        return status
    try:
        files = write_qti(pack)
    except ValueError:  # text XML cannot hold
        err(f"learnmeta export-qti: pack '{pack.id}': {not_xml_text(pack)}; nothing written.")
        return 1
    status = write_output(output, zip_bytes(files), "export-qti")
    if status is not None:
        return status
    out(f"Wrote {len(pack.questions)} question(s) of pack '{pack.id}' to {output} "
        "(an IMS QTI 2.1 content package).")
    return 0


def import_qti(args) -> int:
    from learnmeta.instructor.interchange import MAX_ZIP_BYTES, BadInput, SafeZip
    from learnmeta.instructor.qti import read_qti

    started = start_import(args, "import-qti")
    if isinstance(started, int):
        return started
    source, output, lesson = started
    data = read_input(source, MAX_ZIP_BYTES, "import-qti")
    if isinstance(data, int):
        return data
    try:
        package = SafeZip(data, str(source))
        result = read_qti(package, lesson=lesson[0], section=lesson[1])
    except BadInput as error:
        err(f"{error.where or source}{f':{error.line}' if error.line else ''}: error: {error.message}")
        err(f"{source}: not imported; nothing was written.")
        return 1
    return finish_import(args, "import-qti", "QTI package", source, output, lesson, result)
