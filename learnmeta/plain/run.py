"""Run plain mode on a library and a progress store: ``learnmeta --plain [lesson ID | quiz PACK | review]``.

The command line (:mod:`learnmeta.cli.launch`) reads the arguments, checks the start point and
opens the store exactly as for the app; this runs the conversation. It needs no terminal: input
may be a file or a pipe.
"""

from __future__ import annotations

import io
import sys

EXIT_OK = 0


def _text_stream(stream, *, output: bool):
    """``stream`` with characters it cannot encode replaced (a terminal set to ASCII must
    never stop a lesson), reading and writing line by line."""
    try:
        stream.reconfigure(errors="replace", line_buffering=output)
        return stream
    except (AttributeError, io.UnsupportedOperation, ValueError):
        return stream


def run_plain(library, store, start: tuple, notices: list[str], *, preview: bool = False,
              stdin=None, stdout=None, outbox=None) -> int:
    """Run plain mode on ``store`` from ``start`` (the command line has checked both; it closes
    the store afterwards). Returns the exit status."""
    from learnmeta.plain.console import Console, EndOfInput
    from learnmeta.plain.front import PlainFront

    stdin = stdin if stdin is not None else _text_stream(sys.stdin, output=False)
    stdout = stdout if stdout is not None else _text_stream(sys.stdout, output=True)
    echo = not _is_terminal(stdin)
    console = Console(stdin, stdout, echo=echo)
    front = PlainFront(library, store, console, preview=preview, outbox=outbox)
    try:
        front.run(start, notices + store.sync_packs(library))
    except EndOfInput:
        console.blank()
        console.say("The input has ended.")
    console.blank()
    if preview:
        console.say("Goodbye. This was a preview: nothing was saved.")
    elif store.read_only:
        console.say("Goodbye. Nothing was saved in this window.")
    else:
        console.say("Goodbye. Your progress is saved.")
    if outbox is not None:  # what is being sent gets a moment to arrive; the rest waits for next time
        outbox.finish()
        waiting = outbox.status()
        if waiting.on and waiting.waiting:
            console.say(f"{waiting.words} They are sent the next time learnmeta starts and can reach it.")
    return EXIT_OK


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False

