"""`learnmeta export-qti PACK -o pack.zip` and `learnmeta import-qti pack.zip -o pack.toml`.

Export writes an IMS QTI 2.1 content package (see :mod:`learnmeta.instructor.qti`); import reads
one back, treating the zip as hostile (see :mod:`learnmeta.instructor.interchange`). Exit
statuses: 0 done, 1 invalid input or nothing importable, 2 usage error.
"""

from __future__ import annotations

from learnmeta.cli.interchange import export_pack, import_file


def run(args) -> int:
    if args.command == "export-qti":
        return export_qti(args)
    return import_qti(args)


def export_qti(args) -> int:
    from learnmeta.instructor.qti import write_qti, zip_bytes

    return export_pack(args, "export-qti", lambda pack: (zip_bytes(write_qti(pack)), []),
                       "an IMS QTI 2.1 content package")


def import_qti(args) -> int:
    from learnmeta.instructor.interchange import MAX_ZIP_BYTES, SafeZip
    from learnmeta.instructor.qti import read_qti

    def read(data, source, lesson, section):
        return read_qti(SafeZip(data, str(source)), lesson=lesson, section=section)

    return import_file(args, "import-qti", "QTI package", MAX_ZIP_BYTES, read)
