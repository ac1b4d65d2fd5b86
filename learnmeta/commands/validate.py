"""`learnmeta validate [PATH...]`: check content files and say exactly what is wrong.

One line per problem, ``path:line: error: message``, then a summary. ``--format json`` prints the
same as JSON for tools. Exit status: 0 valid (warnings allowed), 1 invalid (or warnings with
``--strict``), 2 usage error (argparse).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from learnmeta.commands.output import safe, shown_path
from learnmeta.content.errors import Problem
from learnmeta.content.library import load_library


def _lint(library) -> list[Problem]:
    try:
        from learnmeta.instructor.lint import lint_library
    except ImportError:
        return []
    try:
        return lint_library(library)
    except Exception as error:  # a bug in a lint rule must not hide the real result
        return [
            Problem(
                path="learnmeta",
                message=f"the item-writing checks could not run ({error.__class__.__name__}: {error})",
                severity="warning",
                code="lint-crashed",
            )
        ]


def collect(paths: list[str], strict: bool = False) -> tuple[list[str], list[Problem]]:
    """Check the given paths (or everything), returning the files checked and the problems."""
    library = load_library(paths or None)
    problems = list(library.problems) + _lint(library)
    if strict:
        problems = [replace(p, severity="error") for p in problems]
    problems = [replace(p, path=shown_path(p.path), message=safe(p.message)) for p in problems]
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return [shown_path(f) for f in library.files], problems


def run(args) -> int:
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
        for problem in problems:
            print(safe(str(problem)))
        noun = "file" if len(files) == 1 else "files"
        if errors:
            summary = f"{len(files)} {noun} checked: {errors} error(s), {warnings} warning(s)."
        elif warnings:
            summary = f"{len(files)} {noun} checked: valid, with {warnings} warning(s)."
        else:
            summary = f"{len(files)} {noun} checked: all valid."
        print(summary, file=sys.stderr if problems and errors else sys.stdout)
    return 1 if errors else 0
