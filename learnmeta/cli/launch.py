"""``learnmeta``, ``learnmeta lesson ID``, ``learnmeta quiz PACK``, ``learnmeta review``: start the app.

Everything that can be checked before the app starts is checked here. With no terminal to run
in (input or screen redirected), it says so and exits 2 at once. An unknown lesson or pack id is a
usage error (exit status 2), and so is a pack file that does not exist; a pack file that
`learnmeta validate` would refuse is reported on stderr (file and line) with exit status 1; either way the app is not started. A pack file outside the library is a preview: nothing
is saved (unless ``--record``) and the first-run welcome is skipped. Problems in the learner's
own packs folder do not stop the app: they are shown as a notice inside it. A bug in the app
ends it with a crash report (:mod:`learnmeta.crash`) and exit status 70.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from learnmeta.instructor.offer import course_offer, course_outbox

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
MAX_NOTICES = 3

NO_TERMINAL = (
    "learnmeta needs a terminal window to run: here its input or its screen is not a terminal "
    "(it was redirected from a file or a pipe).\n"
    "To use it, open a terminal window (such as Terminal, Konsole or Windows Terminal) and type "
    "`learnmeta` there.\n"
    "`learnmeta --plain` works without a terminal window (plain lines of text, for screen "
    "readers and scripts: see docs/plain-mode.md).\n"
    "`learnmeta --help` lists the commands; the instructor commands (validate, list, report, "
    "export and others) work without a terminal."
)


def has_terminal() -> bool:
    """Whether the app can run here: Textual reads keys from standard input and draws on
    standard error (its Linux driver writes to ``sys.__stderr__``), so both must be terminals.
    With input from /dev/null, Textual read end-of-file over and over and never ended."""
    for stream in (sys.__stdin__, sys.__stderr__):
        try:
            if stream is None or not stream.isatty():
                return False
        except (OSError, ValueError):  # closed
            return False
    return True


def _shown(text: str) -> str:
    """What was typed (or tab-completed: a file's name), as it is said back: without control
    characters, so a name holding ESC ] 2 ; ... BEL is not sent to the terminal as a sequence."""
    from learnmeta.cli.output import safe

    return safe(text)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _looks_like_path(text: str) -> bool:
    return text.lower().endswith(".toml") or "/" in text or "\\" in text or Path(text).is_file()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def _resolve_pack(text: str, library):
    """(pack, None, preview) or (None, (exit status, message), False).

    A pack id, or the path of one of the library's own pack files, is the library's pack. Any
    other path is a preview of a pack file (``preview`` True): it is checked exactly as
    ``learnmeta validate PATH`` checks it, and refused with validate's messages and status.
    """
    if not _looks_like_path(text):
        pack = library.pack(text)
        if pack is None:
            known = sorted(p.id for p in library.packs)
            return None, (EXIT_USAGE, f"learnmeta: no quiz has the id '{_shown(text)}'.{_suggest(text, known)} "
                          "See `learnmeta list` for the ids, or give the path of a pack file."), False
        return pack, None, False
    from learnmeta.paths import user_path

    path = user_path(text)
    own = next((p for p in library.packs if _same_file(Path(p.path), path)), None)
    if own is not None:
        return own, None, False
    if path.is_dir():
        return None, (EXIT_INVALID, f"learnmeta: {path} is a folder; give the path of a pack file "
                      "(a .toml file)."), False
    from learnmeta.cli import validate
    from learnmeta.cli.output import safe

    checked, files, problems = validate.check([str(path)])
    status = validate.status(problems, [str(path)])
    if status:
        lines, summary = validate.text_report(files, problems)
        return None, (status, "\n".join([*lines, summary, "learnmeta: this pack cannot be opened until "
                      "these errors are fixed (`learnmeta validate` checks it again)."])), False
    pack = next((p for p in checked.packs if _same_file(Path(p.path), path)), None)
    if pack is None:
        return None, (EXIT_INVALID, f"learnmeta: {safe(str(path))} is not a question pack: a pack is a "
                      ".toml file with a [pack] table and [[questions]]."), False
    return pack, None, True


def _names(paths: list[str]) -> str:
    names = sorted({Path(p).name for p in paths})
    shown = ", ".join(names[:MAX_NOTICES])
    return shown + (f" and {len(names) - MAX_NOTICES} more" if len(names) > MAX_NOTICES else "")


def _library_notices(library) -> list[str]:
    """Short notices naming the files with problems (details: `learnmeta validate`), and how
    many pack files of the learner's packs folder were left out, not read (past its bounds)."""
    notices = [p.message for p in library.problems if p.code == "packs-left-out"]
    problem_files = {p.path for p in library.problems if p.severity == "error" and p.code != "packs-left-out"}
    if not problem_files:
        return notices
    loaded = {item.path for item in [*library.lessons, *library.packs]}
    left_out = sorted(problem_files - loaded)
    flawed = sorted(problem_files & loaded)
    if left_out:
        notices.append(f"Some content could not be used and was left out ({_names(left_out)}). "
                       "Run `learnmeta validate` to see why.")
    if flawed:
        notices.append(f"Some content has mistakes, so a few links to lessons may not work "
                       f"({_names(flawed)}). Run `learnmeta validate` to see why.")
    return notices


def wants_plain(args) -> bool:
    """Plain mode: asked for with ``--plain``, or the terminal says it is a dumb one."""
    import os

    return bool(getattr(args, "plain", False)) or os.environ.get("TERM", "") == "dumb"


def run(args) -> int:
    """Start the app as the command line asked; return the exit status."""
    if wants_plain(args):  # lines of text: needs no terminal (see learnmeta.plain)
        return _run_plain(args)
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    from learnmeta import gcpause

    # Start-up makes tens of thousands of objects that live as long as the app (modules,
    # classes, validators, the library, the first screen) and no garbage worth collecting, yet
    # the cycle collector walked them again and again: it now waits until the first screen is
    # drawn, when the app sets them all aside at once (app._freeze_once). About 20-30 ms.
    with gcpause.paused():
        return _run(args)


def _run(args) -> int:
    from learnmeta.cache import load_library_cached

    library = load_library_cached(write_later=True)  # after the first frame (app)
    found = _start_point(args, library)
    if isinstance(found, int):
        return found
    start, preview = found
    if preview and getattr(args, "record", False):
        # An author trying their pack: answers saved as asked, but no first-run welcome.
        return _start(args, library, start, welcome=False)
    if preview:
        return _preview(args, library, start)
    return _start(args, library, start)


def _names_a_file(text: str) -> bool:
    """Whether a lesson "id" is a lesson file's name (an id has no '.', '/' or '\\')."""
    return text.lower().endswith(".md") or "/" in text or "\\" in text or Path(text).is_file()


def _start_point(args, library) -> tuple[tuple, bool] | int:
    """Where the command line asks a front end (the app, plain mode) to start, and whether it is
    a preview of a pack file: ``(start, preview)``; or, after saying why on stderr, the exit
    status (an unknown id: a usage error; a pack file validate refuses: validate's status)."""
    command = getattr(args, "command", None)
    if command == "lesson":
        lesson_id = args.lesson_id
        if library.lesson(lesson_id) is None and _names_a_file(lesson_id):
            from learnmeta import paths

            print(f"learnmeta: '{_shown(lesson_id)}' is a file, and `learnmeta lesson` opens a lesson by "
                  "its id (see `learnmeta list`). To check a lesson file, run: learnmeta validate "
                  f"{_shown(lesson_id)}. The app shows the lessons in its own lessons folder, "
                  f"{paths.lessons_dir()}: docs/authoring.md says how to add one.", file=sys.stderr)
            return EXIT_USAGE
        if library.lesson(lesson_id) is None:
            known = [lesson.id for lesson in library.lessons]
            print(f"learnmeta: no lesson has the id '{_shown(lesson_id)}'.{_suggest(lesson_id, known)} "
                  "See `learnmeta list` for the ids.", file=sys.stderr)
            return EXIT_USAGE  # an id given on the command line: a usage error
        return ("lesson", lesson_id), False
    if command == "quiz":
        pack, failure, preview = _resolve_pack(args.pack, library)
        if failure is not None:
            status, message = failure
            print(message, file=sys.stderr)
            return status
        if getattr(args, "exam", False):
            return ("quiz", pack, "exam"), preview  # as an exam, whatever the pack's mode
        return ("quiz", pack), preview
    if command == "review":
        return ("review",), False
    return ("home",), False


def _run_plain(args) -> int:
    """Plain mode as the command line asked: the same start point, checks, progress file, lock
    and notices as the app (see :mod:`learnmeta.plain`). A pack file tried out runs on a
    throwaway progress file, as the app's preview does."""
    from learnmeta.cache import load_library_cached

    library = load_library_cached()
    found = _start_point(args, library)
    if isinstance(found, int):
        return found
    start, preview = found
    if getattr(args, "record", False):
        preview = False
    offered = None
    if not preview:
        offered, problem = course_offer(getattr(args, "lrs", None))
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_USAGE
    from learnmeta.progress import resolve_progress_path

    folder = None
    if preview:
        import tempfile

        folder = tempfile.TemporaryDirectory(prefix="learnmeta-preview-")
        path = Path(folder.name) / "preview.toml"
    else:
        path = resolve_progress_path(getattr(args, "progress", None), getattr(args, "learner", None))
    try:
        store = open_learner_store(path)
        if store is None:
            return EXIT_INVALID
        outbox = None
        try:
            from learnmeta.plain.run import run_plain

            outbox = None if preview else course_outbox(store, library, offered)
            return run_plain(library, store, start, _library_notices(library), preview=preview,
                             outbox=outbox)
        finally:
            if outbox is not None:
                outbox.stop()
            store.close()
    finally:
        if folder is not None:
            folder.cleanup()


def _preview(args, library, start: tuple) -> int:
    """A pack file tried out: the app runs on a throwaway progress file in a private temporary
    folder (removed afterwards), so nothing reaches the learner's file, and quizzes record
    nothing and say so. The learner's own settings (theme, reduced motion, track) are read,
    never written, so that the preview looks as the app always does for them."""
    import tempfile

    from learnmeta.progress import ProgressStore, resolve_progress_path

    own = None
    try:
        from learnmeta.progress.fileformat import read_progress

        path = resolve_progress_path(getattr(args, "progress", None), getattr(args, "learner", None))
        own = read_progress(path).learner
    except Exception:  # noqa: BLE001 - no file, or one that does not load: the defaults
        own = None
    with tempfile.TemporaryDirectory(prefix="learnmeta-preview-") as folder:
        store = ProgressStore.open(Path(folder) / "preview.toml")
        if own is not None:
            try:
                store.update_settings(name=own.name, track=own.track, theme=own.theme,
                                      reduced_motion=own.reduced_motion)
            except Exception:  # noqa: BLE001 - the defaults, then
                pass
        return _run_app(library, store, start, preview=True, welcome=False)


def open_learner_store(path: Path):
    """The progress store at ``path`` for a front end (the app, plain mode), or None when
    ``--progress`` named a pack, a lesson or some other file: never written to, never started
    on, and said on stderr (the caller exits with EXIT_INVALID)."""
    from learnmeta.progress import ProgressStore

    store = ProgressStore.open(path)
    reason = store.read_only_reason
    if reason is not None and reason.cause.value == "not-progress":
        store.close()
        print(f"learnmeta: {reason.message}", file=sys.stderr)
        return None
    return store


def _start(args, library, start: tuple, *, welcome: bool = True) -> int:
    """The app on the learner's own progress file."""
    from learnmeta.progress import resolve_progress_path

    offered, problem = course_offer(getattr(args, "lrs", None))
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_USAGE
    path = resolve_progress_path(getattr(args, "progress", None), getattr(args, "learner", None))
    store = open_learner_store(path)
    if store is None:
        return EXIT_INVALID
    try:
        box = course_outbox(store, library, offered)
    except Exception:
        store.close()
        raise
    return _run_app(library, store, start, welcome=welcome, outbox=box)


def monochrome_terminal() -> bool:
    """A terminal that says it shows no colour (``TERM=xterm-mono``, ``vt100-m``...): the app
    then draws without colour, as with ``NO_COLOR`` (Textual reads that)."""
    import os

    return os.environ.get("TERM", "").endswith(("-mono", "-m"))


def _run_app(library, store, start: tuple, *, preview: bool = False, welcome: bool = True,
             outbox=None) -> int:
    """Run the app on ``store`` (closed afterwards); the exit status."""
    if monochrome_terminal():
        import os

        os.environ.setdefault("NO_COLOR", "1")
    try:
        notices = _library_notices(library)
        notices += store.sync_packs(library)
        from learnmeta.app.app import LearnApp

        app = LearnApp(library, store, start, notices=notices, preview=preview, welcome=welcome,
                       outbox=outbox)
        app.run()
    finally:
        if outbox is not None:
            outbox.finish()
        store.close()
    if app.crash is not None:  # a bug in a handler: Textual ended the app and kept the error
        from learnmeta import crash

        return crash.report(app.crash)
    return app.return_code or EXIT_OK
