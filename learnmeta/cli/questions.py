"""`learnmeta questions`: "My questions for my next visit", a checklist to print or save.

Printed to the terminal, or written to ``-o FILE`` (never over an existing file unless
``--force``). Exit status 0, 1 when the lessons cannot be read, 2 for a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnmeta.cli.output import OutputExists, check_output, safe, shown_path, write_output
from learnmeta.content.checklist import checklist
from learnmeta.content.library import load_library


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args) -> int:
    library = load_library()
    if not library.lessons:
        _err("learnmeta questions: no lessons could be read; run `learnmeta validate` to see why")
        return 1
    text = checklist(library.lessons)
    if not args.output:
        sys.stdout.write(text)
        return 0
    output = Path(args.output)
    try:
        check_output(Path(shown_path(str(output))), args.force)
    except (OutputExists, OSError) as error:
        _err(f"learnmeta questions: {safe(str(error))}")
        return 2
    try:
        if write_output(output, text):
            print(f"Made the folder {safe(shown_path(str(output.parent)))}.")
    except OSError as error:
        _err(f"learnmeta questions: cannot write {safe(shown_path(str(output)))}: {error.strerror or error}")
        return 1
    print(f"Wrote your questions to {safe(shown_path(str(output)))}. Print it, and take it to your next visit.")
    return 0
