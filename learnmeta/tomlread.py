"""Reading TOML: ``tomli``, the standard library's ``tomllib`` as its upstream publishes it,
compiled, three to four times as fast (the built-in content: 44-77 ms with tomllib's 168-194 ms on
this machine). Parsing was most of a start with an empty cache, of a start after a kill (the
progress file read afresh) and of a class report. The same parser, the same errors (a
``TOMLDecodeError`` saying the line and column), the same values: nothing else changes, but for
one error that tomli (like ``tomllib``) lets through as a bare ``ValueError``: a whole number of
more than 4,300 digits, which Python refuses to make into an ``int``. It is a ``TOMLDecodeError``
here, so every reader says what is wrong with the file instead of failing.
"""

from __future__ import annotations

import re
from typing import Any

from tomli import TOMLDecodeError
from tomli import loads as _loads

__all__ = ["TOMLDecodeError", "loads"]

_LONG_NUMBER = re.compile(r"(?<![0-9_])[0-9](?:_?[0-9]){4300,}")
"""A whole number too long for ``int`` (sys.get_int_max_str_digits()); only at a run's start."""


def loads(text: str) -> dict[str, Any]:
    """``tomli.loads(text)``: the table, or ``TOMLDecodeError`` (never a bare ValueError)."""
    try:
        return _loads(text)
    except TOMLDecodeError:
        raise
    except ValueError:  # int() refused a number of too many digits (tomli lets it through)
        found = _LONG_NUMBER.search(text)
        raise TOMLDecodeError("a number is too long (more than 4300 digits)", text,
                              found.start() if found else 0) from None
