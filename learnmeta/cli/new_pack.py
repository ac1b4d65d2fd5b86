"""`learnmeta new-pack ID [--lesson LESSON] [-o FILE] [--force]`: a commented pack to start from.

What the file holds: :mod:`learnmeta.instructor.scaffold`. Exit statuses: 0 written; 2 usage
error (a bad id, an unknown lesson, the file exists without ``--force``); 1 the file could not
be written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnmeta.cli.output import OutputExists, check_output, safe, write_output
from learnmeta.instructor.interchange import ID, id_advice
from learnmeta.instructor.scaffold import DEFAULT_LESSON, render


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args) -> int:
    pack_id = args.pack_id
    if not ID.match(pack_id):
        _err(f"learnmeta new-pack: '{safe(pack_id)}' cannot be a pack id: {id_advice(pack_id)}")
        return 2
    output = Path(args.output) if args.output else Path(f"{pack_id}.toml")
    try:
        check_output(output, args.force)
    except (OutputExists, OSError) as error:
        _err(f"learnmeta new-pack: {error}")
        return 2

    from learnmeta.content.library import load_library

    library = load_library(user_packs=False)
    lesson_id = args.lesson or DEFAULT_LESSON
    lesson = library.lesson(lesson_id)
    if lesson is None:
        known = ", ".join(item.id for item in library.lessons) or "(none)"
        _err(f"learnmeta new-pack: no lesson has the id '{lesson_id}'. Known lessons: {known}")
        return 2
    if library.pack(pack_id) is not None:
        print(
            f"Note: a built-in pack already has the id '{pack_id}'; choose another id before "
            "sharing this one.",
            file=sys.stderr,
        )
    text = render(pack_id, lesson.id, lesson.pages[0].id, output.name)
    try:
        if write_output(output, text):
            print(f"Made the folder {output.parent}.")
    except OSError as error:
        _err(f"learnmeta new-pack: cannot write {output}: {error.strerror or error}")
        return 1
    print(f"Wrote {output}: a pack with one example of each question type.")
    print(f"Next: edit it, then check it with: learnmeta validate {output}")
    print(f"Try it in the app with: learnmeta quiz {output}")
    return 0
