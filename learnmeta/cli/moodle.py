"""`learnmeta export-moodle-xml PACK -o questions.xml` and
`learnmeta import-moodle-xml questions.xml -o pack.toml`.

See :mod:`learnmeta.instructor.moodle_xml`; the input is treated as hostile (see
:mod:`learnmeta.instructor.interchange`). Exit statuses: 0 done, 1 invalid input or nothing
importable, 2 usage error.
"""

from __future__ import annotations

from learnmeta.cli.interchange import export_pack, import_file


def run(args) -> int:
    if args.command == "export-moodle-xml":
        return export_moodle_xml(args)
    return import_moodle_xml(args)


def export_moodle_xml(args) -> int:
    from learnmeta.instructor.moodle_xml import write_moodle_xml

    return export_pack(args, "export-moodle-xml", write_moodle_xml, "Moodle XML")


def import_moodle_xml(args) -> int:
    from learnmeta.instructor.interchange import MAX_XML_BYTES, parse_xml
    from learnmeta.instructor.moodle_xml import read_moodle_xml

    def read(data, source, lesson, section):
        return read_moodle_xml(parse_xml(data, str(source)), str(source), lesson=lesson, section=section)

    return import_file(args, "import-moodle-xml", "Moodle XML file", MAX_XML_BYTES, read)
