"""`learnmeta schema pack|lesson|glossary [-o FILE]`: a JSON Schema so editors can check files as typed.

It carries the limits the loader holds files to: each text's length (``maxLength``, counted as
the loader counts it, after leading and trailing spaces are removed), each list's size, each
id's and version's pattern, each number's bounds. Checks across fields (unique choice ids, one
right choice in a ``single`` question) are the loader's alone: run ``learnmeta validate``.
Printed, or written to ``-o FILE`` (its folder made when missing; an existing file only with
``--force``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from learnmeta import __version__, checks
from learnmeta.content import models

_MODELS = {
    "pack": (models.Pack, "learnmeta question pack"),
    "lesson": (models.LessonMeta, "learnmeta lesson front matter (the TOML between the +++ lines)"),
    "glossary": (models.Glossary, "learnmeta glossary"),
}


def schema_for(kind: str) -> dict:
    model, title = _MODELS[kind]
    schema = checks.adapter(model).json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
        "description": f"Format version {models.SCHEMA_VERSION}, from learnmeta {__version__}.",
    }


def run(args) -> int:
    text = json.dumps(schema_for(args.kind), indent=2, ensure_ascii=False) + "\n"
    output = getattr(args, "output", None)
    if not output:
        sys.stdout.write(text)
        return 0
    from learnmeta.cli.output import OutputExists, check_output, err, write_output

    path = Path(output)
    try:
        check_output(path, args.force)
    except (OutputExists, OSError) as error:
        err(f"learnmeta schema: {error}")
        return 2
    try:
        made = write_output(path, text)
    except OSError as error:
        err(f"learnmeta schema: cannot write {path}: {error.strerror or error}")
        return 1
    if made:
        print(f"Made the folder {path.parent}.")
    print(f"Wrote the {args.kind} schema to {path}.")
    return 0
