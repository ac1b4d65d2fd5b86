"""TOML text for the progress file's values: the small writer :mod:`learnmeta.progress.fileformat`
builds the file with (tomli-w writes times with a space instead of the ISO ``T`` and cannot write
one question per line), and :class:`Exact` for a value this version does not know, written back
exactly as it was read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from learnmeta.progress.model import UTC

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def string_text(value: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'


def key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else string_text(key)


class Exact:
    """A value from the file that this version does not know: written back as it was read."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def exact_text(value: Any) -> str:
    """A value as TOML, exactly as tomllib gave it (times keep their offset or have none; dates,
    times of day, inf and nan are written as TOML writes them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if value != value else ("inf" if value > 0 else "-inf")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(exact_text(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key_text(k)} = {exact_text(v)}" for k, v in value.items()) + " }"
    return value_text(value)


def value_text(value: Any) -> str:
    if isinstance(value, Exact):
        return exact_text(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write the number {value!r}")
        return repr(value)
    if isinstance(value, str):
        return string_text(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("cannot write a time without a UTC offset")
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key_text(k)} = {value_text(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write a value of type {type(value).__name__}")


def table_lines(table: dict[str, Any]) -> list[str]:
    return [f"{key_text(k)} = {value_text(v)}" for k, v in table.items()]


def with_unknown(table: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``table`` with the keys this version does not know added back, to be written as read."""
    if not extra:
        return table
    return {**table, **{key: Exact(value) for key, value in extra.items()}}
