"""`learnmeta schema pack|lesson|glossary`: print a JSON Schema so editors can check files as typed."""

from __future__ import annotations

import json

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
    print(json.dumps(schema_for(args.kind), indent=2, ensure_ascii=False))
    return 0
