"""What a browser session's app process and the server say to each other before the app starts
(the process: ``python -m learnmeta.cli.session [--class DIR] [--ahead]``,
:mod:`learnmeta.cli.session`).

`learnmeta serve` starts one such process for each browser tab (through textual-serve), with its
standard input and output connected to the server, never to a terminal: so, unlike ``learnmeta``
in a terminal, it does not look for one.

With ``--ahead`` the process is started before any browser asks for it (:mod:`learnmeta.serve.server`
keeps one ready): it imports what the app needs and reads the library, says :data:`READY` on its
standard output, and waits for the server's first packet, :data:`START` with the browser's
terminal size (anything else, or the end of its input, ends it: :func:`wait_for_start`). Until
then it has opened no learner's file and drawn nothing. (:func:`learnmeta.cli.serve.session_main`
runs it.)
"""

from __future__ import annotations

import os

READY = b"learnmeta-ready\n"
"""What a process started ahead writes once it is ready (one line, before Textual's own)."""
START = "learnmeta-start"
"""The type of the meta packet that hands a process started ahead its browser tab (with the
tab's size and, for a browser remembered on one's own computer, its learner: ``"learner"``)."""
LEARNER = "learnmeta-learner"
"""The type of the meta packet an app process sends the server when a learner is chosen
(``{"learner": id}``), or, with ``"learner": None``, when the browser should forget its learner
(:mod:`learnmeta.serve.browsers`)."""
_MAX_PACKET = 4096


def _read_exactly(size: int) -> bytes | None:
    """``size`` bytes of standard input, read without reading ahead (Textual's driver reads the
    rest from the same descriptor); None at its end."""
    data = b""
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def wait_for_start() -> tuple[int, int, str | None] | None:
    """The terminal size in the server's :data:`START` packet, and the learner it names (None
    when it names none, or nothing that is a learner id); None if something else came first (the
    server said quit, or went away)."""
    import json

    head = _read_exactly(5)
    if head is None or head[:1] != b"M":
        return None
    size = int.from_bytes(head[1:], "big")
    if size > _MAX_PACKET:
        return None
    payload = _read_exactly(size)
    try:
        meta = json.loads(payload or b"")
        if not isinstance(meta, dict) or meta.get("type") != START:
            return None
        width, height = meta["width"], meta["height"]
        if not all(type(n) is int and 1 <= n <= 1000 for n in (width, height)):
            return None
        learner = meta.get("learner")
    except (ValueError, KeyError, TypeError):
        return None
    from learnmeta.serve.browsers import learner_id_ok

    return width, height, (learner if learner_id_ok(learner) else None)
