"""`learnmeta report FILE... [--csv] [-o FILE]`: how a class did (:mod:`learnmeta.instructor.report`).

Files that cannot be read are listed on stderr and skipped, never fatal. Exit 0 when at least one
file was read, 1 when none was (or the report cannot be written).
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnmeta.instructor.class_data import read_class
from learnmeta.instructor.report import analyse, clean_line, known_packs, render_csv, render_table


def run(args) -> int:
    data = read_class(args.files)
    for path, reason in data.skipped:
        print(clean_line(f"skipped {path}: {reason}"), file=sys.stderr)
    if not data.read:
        print("learnmeta report: no file could be read, so there is no report.", file=sys.stderr)
        return 1
    report = analyse(data, known_packs())
    text = render_csv(report) if args.csv else render_table(report, len(data.read), len(data.skipped))
    if args.output:
        from learnmeta.files import replace_atomically

        try:
            replace_atomically(Path(args.output), text)
        except OSError as error:
            print(f"learnmeta report: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"Wrote the report on {len(data.read)} file(s) to {args.output}.")
    else:
        sys.stdout.write(text)
    return 0
