"""`learnmeta validate [PATH...]`: check content files and say exactly what is wrong.

One line per problem, ``path:line: error: message``, then a summary. ``--format json`` prints the
same as JSON for tools. Exit status: 0 valid (warnings allowed), 1 invalid (or warnings with
``--strict``), 2 usage error: argparse's, an empty name (read as ".", it would check the current
folder), or a file named on the command line that does not exist
(a mistyped name or a pattern the shell did not expand: nothing was checked there, so "invalid"
would send the author looking for mistakes in content; the other commands exit 2 for it too). Its
"file not found" line is still printed with the other problems, so one run says everything.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Sequence

from learnmeta.cli.output import one_line, safe, shown_path
from learnmeta.content.errors import Problem
from learnmeta.content.library import load_library


def _lint(library, partial_packs=()) -> list[Problem]:
    from learnmeta.instructor.lint import lint_library

    try:
        return lint_library(library, partial_packs=partial_packs)
    except Exception as error:  # a bug in a lint rule must not hide the real result
        return [
            Problem(
                path="learnmeta",
                message=f"the item-writing checks could not run ({error.__class__.__name__}: {error})",
                severity="warning",
                code="lint-crashed",
            )
        ]


def check(paths: list[str], strict: bool = False):
    """Check the given paths (or everything): (the library loaded, the files checked, the
    problems as they are shown). ``learnmeta quiz PATH`` checks a pack file with this too."""
    outlines: list = []  # of the packs that did not load: their sound questions are linted too
    library = load_library(paths or None, partial_packs=outlines)
    problems = list(library.problems) + _lint(library, outlines)
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    problems = [replace(p, path=shown_path(p.path), message=safe(p.message)) for p in problems]
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return library, [shown_path(f) for f in library.files], problems


def collect(paths: list[str], strict: bool = False) -> tuple[list[str], list[Problem]]:
    """Check the given paths (or everything), returning the files checked and the problems."""
    _library, files, problems = check(paths, strict)
    return files, problems


EXIT_USAGE = 2


def status(problems: list[Problem], named: Sequence[str] = ()) -> int:
    """validate's exit status for these problems: 2 if a file ``named`` on the command line
    does not exist (a usage error), else 1 if any problem is an error, else 0."""
    missing = {shown_path(str(path)) for path in named}
    if any(p.code == "not-found" and p.severity == "error" and p.path in missing for p in problems):
        return EXIT_USAGE
    return 1 if any(p.severity == "error" for p in problems) else 0


def text_report(files: list[str], problems: list[Problem]) -> tuple[list[str], str]:
    """The lines validate prints, one per problem, and its summary line."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    noun = "file" if len(files) == 1 else "files"
    if errors:
        summary = f"{len(files)} {noun} checked: {errors} error(s), {warnings} warning(s)."
    elif warnings:
        summary = f"{len(files)} {noun} checked: valid, with {warnings} warning(s)."
    else:
        summary = f"{len(files)} {noun} checked: all valid."
    return [safe(str(replace(problem, path=one_line(problem.path)))) for problem in problems], summary


def run(args) -> int:
    if any(path == "" for path in args.paths):  # as "." it would check the current folder instead
        print("learnmeta validate: an empty name was given as a file or folder to check (a variable "
              "that was not set?): name them, or give none to check every lesson and pack.", file=sys.stderr)
        return EXIT_USAGE
    files, problems = collect(args.paths, strict=args.strict)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if args.format == "json":
        print(
            json.dumps(
                {
                    "valid": errors == 0,
                    "files": files,
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [p.to_dict() for p in problems],
                },
                indent=2,
            )
        )
    else:
        lines, summary = text_report(files, problems)
        for line in lines:
            print(line)
        print(summary, file=sys.stderr if problems and errors else sys.stdout)
    return status(problems, args.paths)
