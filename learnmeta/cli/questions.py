"""`learnmeta questions`: "My questions for my next visit", a checklist to print or save.

Without options: the lessons' questions to ask, printed to the terminal, or written to ``-o
FILE``. With ``--export FILE.md``: the learner's own list (made in the app, kept in their progress
file, which is only read) as a Markdown page. Never over an existing file unless ``--force``.
Exit status 0; 1 when the lessons or the progress file cannot be read, or the list is empty; 2
for a usage error.
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
    if getattr(args, "export", None):
        if args.output:
            _err("learnmeta questions: give either -o (the lessons' checklist) or --export (your own list), not both")
            return 2
        return _export(args)
    library = load_library()
    if not library.lessons:
        _err("learnmeta questions: no lessons could be read; run `learnmeta validate` to see why")
        return 1
    text = checklist(library.lessons)
    if not args.output:
        sys.stdout.write(text)
        return 0
    output = Path(args.output)
    status = _write(output, text, args.force)
    if status == 0:
        print(f"Wrote your questions to {safe(shown_path(str(output)))}. Print it, and take it to your next visit.")
    return status


def _write(output: Path, text: str, force: bool) -> int:
    """Write ``text`` to ``output`` whole (never over a file without ``force``); the exit status,
    with what went wrong said on stderr."""
    try:
        check_output(Path(shown_path(str(output))), force)
    except (OutputExists, OSError) as error:
        _err(f"learnmeta questions: {safe(str(error))}")
        return 2
    try:
        if write_output(output, text):
            print(f"Made the folder {safe(shown_path(str(output.parent)))}.")
    except OSError as error:
        _err(f"learnmeta questions: cannot write {safe(shown_path(str(output)))}: {error.strerror or error}")
        return 1
    return 0



def _export(args) -> int:
    """Write the learner's own list as Markdown (their progress file is read, never written)."""
    import datetime as dt

    from learnmeta.progress import resolve_progress_path
    from learnmeta.progress.fileformat import ProgressFileError, read_progress
    from learnmeta.study.visit import visit_markdown

    path = resolve_progress_path(getattr(args, "progress", None), getattr(args, "learner", None))
    shown = safe(shown_path(str(path)))
    try:
        progress = read_progress(path)
    except ProgressFileError as error:
        if not Path(path).exists():
            _err(f"learnmeta questions: there is no progress file at {shown} yet, so there is no list "
                 "to export. Add questions in the app (Ctrl+P, then My questions; or m on a lesson's key "
                 "points), then try again.")
        else:
            _err(f"learnmeta questions: cannot read {shown}: {error.reason}")
        return 1
    questions = progress.visit.questions
    if not questions:
        _err("learnmeta questions: your list has no questions yet. Add some in the app (Ctrl+P, then "
             "My questions; or m on a lesson's key points: Enter adds a suggested question, n writes "
             "your own), then export it again. "
             "`learnmeta questions` prints the lessons' questions.")
        return 1
    output = Path(args.export)
    status = _write(output, visit_markdown(questions, dt.date.today()), args.force)
    if status:
        return status
    count = len(questions)
    print(f"Wrote your {count} question{'s' if count != 1 else ''} to {safe(shown_path(str(output)))}. "
          "Print it, or bring it to your next visit.")
    return 0
