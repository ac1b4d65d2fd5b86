"""Start plain mode as the command line asked: ``learnmeta --plain [lesson ID | quiz PACK | review]``.

The same checks as the app's start (an unknown id or a pack file that ``learnmeta validate``
refuses: exit 1; ``--progress`` naming a file that is not a progress file: exit 1), the same
progress file, lock and notices. It needs no terminal: input may be a file or a pipe.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _text_stream(stream, *, output: bool):
    """``stream`` with characters it cannot encode replaced (a terminal set to ASCII must
    never stop a lesson), reading and writing line by line."""
    try:
        stream.reconfigure(errors="replace", line_buffering=output)
        return stream
    except (AttributeError, io.UnsupportedOperation, ValueError):
        return stream


def run(args, stdin=None, stdout=None) -> int:
    from learnmeta.cli.launch import _library_notices, _resolve_pack, _suggest, open_learner_store
    from learnmeta.cache import load_library_cached
    from learnmeta.plain.console import Console, EndOfInput

    stdin = stdin if stdin is not None else _text_stream(sys.stdin, output=False)
    stdout = stdout if stdout is not None else _text_stream(sys.stdout, output=True)
    library = load_library_cached()
    command = getattr(args, "command", None)
    start: tuple = ("home",)
    preview = False
    if command == "lesson":
        if library.lesson(args.lesson_id) is None:
            known = [lesson.id for lesson in library.lessons]
            print(f"learnmeta: no lesson has the id '{args.lesson_id}'.{_suggest(args.lesson_id, known)} "
                  "See `learnmeta list` for the ids.", file=sys.stderr)
            return EXIT_USAGE  # an id given on the command line: a usage error
        start = ("lesson", args.lesson_id)
    elif command == "quiz":
        pack, failure, preview = _resolve_pack(args.pack, library)
        if failure is not None:
            status, message = failure
            print(message, file=sys.stderr)
            return status
        start = ("quiz", pack)
        if getattr(args, "record", False):
            preview = False
    elif command == "review":
        start = ("review",)

    from learnmeta.progress import resolve_progress_path

    folder = None
    if preview:  # a pack file tried out: a throwaway progress file, as the app's preview
        import tempfile

        folder = tempfile.TemporaryDirectory(prefix="learnmeta-preview-")
        path = Path(folder.name) / "preview.toml"
    else:
        path = resolve_progress_path(getattr(args, "progress", None), getattr(args, "learner", None))
    store = open_learner_store(path)
    if store is None:
        return EXIT_INVALID
    from learnmeta.plain.front import PlainFront

    echo = not _is_terminal(stdin)
    console = Console(stdin, stdout, echo=echo)
    front = PlainFront(library, store, console, preview=preview)
    try:
        notices = _library_notices(library) + store.sync_packs(library)
        try:
            front.run(start, notices)
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
    finally:
        store.close()
        if folder is not None:
            folder.cleanup()
    return EXIT_OK


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False

