"""The ``learnmeta`` command: argument parsing and dispatch, nothing else.

This package is the command line's one wing: each subcommand's handling of its arguments and
its printing is a module here (``launch`` starts the app; ``validate``, ``schema``, ``listing``,
``questions``, ``new_pack``, ``gift``, ``qti``, ``moodle``, ``export``, ``report``, ``serve``), over the pure functions
of ``learnmeta.content``, ``learnmeta.instructor`` and the rest. Each module is imported only when
its command runs, so ``learnmeta validate`` never imports Textual and ``learnmeta --version``
imports almost nothing.

Exit statuses: 0 success; 1 content or data is invalid, missing or unreadable (or a command found
problems); 2 a usage error (an unknown option, a missing argument, refusing to overwrite a file; a
file or pack id named on the command line of `validate`, `quiz`, an import or an export that does not
exist; the app with no terminal to run in); 70 learnmeta itself failed (a bug: one line on stderr names a crash
report, see :mod:`learnmeta.crash`); 130 interrupted with Ctrl+C.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

from learnmeta import __version__

if TYPE_CHECKING:
    import argparse

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_CRASH = 70  # learnmeta.crash.EXIT_CRASH, without importing it for every command

NO_ARGUMENTS = SimpleNamespace(command=None, progress=None, learner=None, plain=False, lrs=None)
"""What the parser makes of no arguments at all: ``learnmeta`` alone, a learner's usual start,
which then needs no parser (building it and importing argparse took about 10 ms of start-up).
A test checks it is what the parser gives."""


def _add_profile_options(parser: argparse.ArgumentParser, top: bool = False, plain: bool = True) -> None:
    """``--progress`` and ``--learner``, and ``--plain`` (accepted everywhere, shown in the help
    only where there is something to read: not with ``plain=False``)."""
    import argparse

    # On subcommands the default is SUPPRESS, so `learnmeta --learner ann quiz x` keeps "ann".
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--progress",
        metavar="PATH",
        default=default,
        help="use this progress file instead of the learner's usual one",
    )
    parser.add_argument(
        "--learner",
        metavar="NAME",
        default=default,
        help="pick a learner profile on a shared computer (one progress file each)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="plain mode: plain lines of text and typed commands, for screen readers and simple "
             "terminals (also when TERM=dumb); it reads from a pipe too (docs/plain-mode.md)"
             if plain else argparse.SUPPRESS,
    )


def _add_course_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """``--lrs URL``: a course offers its Learning Record Store (the learner is asked first)."""
    import argparse

    parser.add_argument(
        "--lrs",
        metavar="URL",
        default=None if top else argparse.SUPPRESS,
        help="a course's Learning Record Store: the learner is asked whether to send each answer "
             "there as it happens (also LEARNMETA_LRS_URL; the user name and password from "
             "LEARNMETA_LRS_USER and LEARNMETA_LRS_PASSWORD; docs/lrs.md)",
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse, with usage errors on stderr and exit status 2 (its default too), never a
        traceback. Its message repeats what was typed ("unrecognized arguments: ..."): said
        without control characters and on one line, as every other usage error says it."""

        def error(self, message: str):  # pragma: no cover - exercised through main()
            from learnmeta.cli.output import one_line, safe

            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(safe(message))}\n")

    parser = _Parser(
        prog="learnmeta",
        description=(
            "A calm, plain-language learning module on metastatic cancer. "
            "With no command, the app opens at home. General information, not medical advice."
        ),
    )
    parser.add_argument("--version", action="version", version=f"learnmeta {__version__}")
    _add_profile_options(parser, top=True)
    _add_course_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    lesson = sub.add_parser(
        "lesson", help="open a lesson in the app",
        description="Open a lesson in the app at the page where you left it (a lesson you finished: "
                    "at its first page). "
                    "`learnmeta list` shows the lessons' ids.")
    lesson.add_argument("lesson_id", metavar="ID", help="the lesson's id (see `learnmeta list`)")
    _add_profile_options(lesson)
    _add_course_option(lesson)

    quiz = sub.add_parser(
        "quiz",
        help="start a quiz in the app",
        description=(
            "Start a quiz: a pack id (see `learnmeta list`), or the path of a pack file. A pack "
            "file outside the library is a preview: it is checked as `learnmeta validate` checks "
            "it (and refused with the same errors), the welcome is skipped, and nothing is saved "
            "to your progress file unless you add --record."
        ),
    )
    quiz.add_argument("pack", metavar="PACK", help="a pack id, or the path of a pack file")
    quiz.add_argument(
        "--exam",
        action="store_true",
        help=("take the quiz as an exam: no feedback until you submit the whole quiz; move between "
              "questions and change answers until then (a pack can also say mode = \"exam\")"),
    )
    quiz.add_argument(
        "--record",
        action="store_true",
        help="save the answers of a preview (a pack file outside the library) to your progress file",
    )
    _add_profile_options(quiz)
    _add_course_option(quiz)

    review = sub.add_parser(
        "review", help="review the questions that are due",
        description="Review the questions that are due today: the ones you missed come back "
                    "soon, the ones you knew later. When none is due, it says when the next one is.")
    _add_profile_options(review)
    _add_course_option(review)

    validate = sub.add_parser(
        "validate",
        help="check lessons, the glossary and packs",
        description="Check content files. With no PATH: all built-in content and the learner's packs. "
                    "Exit status 0 valid (warnings allowed), 1 invalid, 2 usage error (such as a PATH "
                    "that does not exist).",
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to check")
    validate.add_argument("--format", choices=["text", "json"], default="text",
                          help="text (the default): one line per problem, as path:line: message; "
                               "json: the same for tools")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")

    schema = sub.add_parser(
        "schema", help="print a JSON Schema for editors",
        description="Print a JSON Schema of a content file, for completion and checking in your "
                    "editor as you write (docs/authoring.md says how to point an editor at it).")
    schema.add_argument("kind", choices=["pack", "lesson", "glossary"],
                        help="pack: a question pack; lesson: a lesson's front matter (the TOML "
                             "between its +++ lines); glossary: the glossary")
    schema.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead")
    schema.add_argument("--force", action="store_true", help="overwrite an existing file")

    sub.add_parser("list", help="list the lessons and packs with their ids",
                   description="List the lessons and the question packs (the built-in ones and "
                               "those in your packs folder) with their ids, for `learnmeta lesson "
                               "ID` and `learnmeta quiz PACK`.")

    questions = sub.add_parser(
        "questions", help='"My questions for my next visit": a checklist to print',
        description="Print the lessons' questions to ask your healthcare team as a checklist, "
                    "or write it to a file to print. With --export: your own list, as you made it "
                    "in the app (Ctrl+P, then My questions; or m on a lesson's key points), as a Markdown page "
                    "to print or bring along.")
    questions.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead")
    questions.add_argument("--export", metavar="FILE.md",
                           help="write YOUR list (the questions you added in the app) as a Markdown page")
    questions.add_argument("--force", action="store_true", help="overwrite an existing file")
    questions.add_argument("--progress", metavar="PATH", default=argparse.SUPPRESS,
                           help="with --export: the progress file to read the list from")
    questions.add_argument("--learner", metavar="NAME", default=argparse.SUPPRESS,
                           help="with --export: the learner profile to read the list from")

    new_pack = sub.add_parser(
        "new-pack", help="write a new, commented question pack to start from",
        description="Write a new question pack with one commented example of each kind of "
                    "question, valid as it is: replace the examples with your own, then check it "
                    "with `learnmeta validate` (docs/authoring.md).")
    new_pack.add_argument("pack_id", metavar="ID",
                          help="the new pack's id: lower-case letters, digits, '-' and '_', like "
                               "bone-sites")
    new_pack.add_argument("--lesson", metavar="LESSON",
                          help="the id of the lesson its questions refer to (default: "
                               "what-is-metastatic-cancer; see `learnmeta list`)")
    new_pack.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: ID.toml)")
    new_pack.add_argument("--force", action="store_true", help="overwrite an existing file")

    import_gift = sub.add_parser(
        "import-gift", help="convert a Moodle GIFT file to a pack",
        description="Convert a Moodle GIFT file to a question pack. GIFT has no lessons or "
                    "sources: the new pack says what to fill in, then check it with `learnmeta "
                    "validate`. Exit status 0 done, 1 the file cannot be used, 2 usage error.")
    import_gift.add_argument("file", metavar="FILE", help="the GIFT file to read")
    import_gift.add_argument("-o", "--output", metavar="PACK.toml", required=True,
                             help="the pack file to write (a missing folder is created)")
    import_gift.add_argument("--id", dest="pack_id", metavar="ID", help="the new pack's id")
    import_gift.add_argument("--lesson", metavar="LESSON", help="the lesson its questions refer to")
    import_gift.add_argument("--force", action="store_true", help="overwrite an existing file")

    export_gift = sub.add_parser(
        "export-gift", help="write a pack as a Moodle GIFT file",
        description="Write a pack as a Moodle GIFT file, to import into a Moodle question bank. "
                    "Exit status 0 done, 1 cannot write, 2 usage error.")
    export_gift.add_argument("pack", metavar="PACK", help="a pack id or the path of a pack file")
    export_gift.add_argument("-o", "--output", metavar="FILE", required=True,
                             help="the GIFT file to write (a missing folder is created)")
    export_gift.add_argument("--force", action="store_true", help="overwrite an existing file")

    _add_interchange(sub)

    export = sub.add_parser(
        "export", help="export a learner's answers (csv, json or xAPI)",
        description="Write a learner's answers and results to a file, to hand in to a course or "
                    "to analyse: every answer, each quiz finished, and each pack's best score "
                    "and pass. The learner is the usual one on this computer, or --learner NAME, "
                    "or --progress PATH; the progress file is only read, never changed. Nothing "
                    "is sent anywhere unless you give --lrs. Exit status 0 written, 1 cannot "
                    "read or write, 2 usage error; with --lrs also 69 and 77: the LRS could not "
                    "be reached, or refused the user name and password.")
    export.add_argument("--format", choices=["csv", "json", "xapi"], required=True,
                        help="csv: one row per answer, for a spreadsheet; json: the answers, "
                             "finished quizzes and scores in one document; xapi: xAPI statements, "
                             "one per line, for a Learning Record Store")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="write the export to FILE (needed unless --lrs sends it)")
    export.add_argument(
        "--lrs", metavar="URL",
        help="xapi: send the statements to the Learning Record Store at URL (its xAPI address); "
             "the user name and password come from LEARNMETA_LRS_USER and LEARNMETA_LRS_PASSWORD")
    export.add_argument("--time-limit", metavar="T",
                        help="with --lrs: stop, with exit status 1, if sending to the LRS takes longer than T, "
                             "all its batches together: minutes (90), or 45s, 90m, 3h (2h unless given)")
    export.add_argument(
        "--anonymous", action="store_true",
        help="no name: the learner id replaced by a keyed hash of it (key from --anonymous-key "
             "or LEARNMETA_ANONYMOUS_KEY)")
    export.add_argument("--anonymous-key", metavar="KEY",
                        help="the course's key for --anonymous ids (or set LEARNMETA_ANONYMOUS_KEY)")
    export.add_argument("--email", metavar="ADDRESS", help="xAPI: identify the learner by e-mail")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    _add_profile_options(export, plain=False)

    report = sub.add_parser(
        "report", help="a class report from many progress files or exports, or from an LRS",
        description="A class report: from learners' progress files and exports (FILE...), or from "
                    "the statements in a Learning Record Store (--lrs URL; the user name and "
                    "password from LEARNMETA_LRS_USER and LEARNMETA_LRS_PASSWORD). Exit status 0: "
                    "a report was made (files that cannot be read are named and skipped); 1: no "
                    "file could be read, or the files held more than one report keeps and those "
                    "after the bound were left out (the report on the others is still made), or "
                    "the LRS gave no report; 2: a usage error; 69 and 77: the LRS could not be "
                    "reached, or refused the user name and password.")
    report.add_argument("files", nargs="*", metavar="FILE",
                        help="learners' progress files (NAME.toml, with NAME.answers.jsonl beside "
                             "it), their exports, or folders of them")
    report.add_argument("--lrs", metavar="URL", help="read the statements of the LRS at URL instead of files")
    report.add_argument("--since", metavar="DATE",
                        help="with --lrs: only statements stored since DATE (2026-09-01, or a time in ISO 8601)")
    report.add_argument("--page-size", metavar="N",
                        help="with --lrs: ask for N statements a page (500 unless given, at most 20000; "
                             "the LRS may send fewer)")
    report.add_argument("--time-limit", metavar="T",
                        help="with --lrs: stop, with exit status 1, if reading the LRS takes longer than T, "
                             "all its pages together: minutes (90), or 45s, 90m, 3h (2h unless given)")
    report.add_argument("--pack", metavar="ID", help="only this pack")
    report.add_argument("--format", choices=["table", "csv", "json", "html"], default=None,
                        help="table (the default), csv, json, or html: one page to open in a "
                             "browser or print")
    report.add_argument("--csv", action="store_true", help="the same as --format csv")
    report.add_argument("-o", "--output", metavar="FILE", help="write to a file instead")

    _add_serve(sub)
    return parser


def _add_interchange(sub) -> None:
    """``export-qti``/``import-qti`` and ``export-moodle-xml``/``import-moodle-xml``."""
    for name, what, suffix in (("qti", "an IMS QTI 2.1 content package", "pack.zip"),
                               ("moodle-xml", "a Moodle XML file", "questions.xml")):
        export = sub.add_parser(
            f"export-{name}", help=f"write a pack as {what}",
            description=f"Write a pack as {what}; what the format has no place for is kept in "
                        f"learnmeta's own metadata, so import-{name} gives the same pack back "
                        "(docs/authoring.md). Exit status 0 done, 1 cannot write, 2 usage error.")
        export.add_argument("pack", metavar="PACK", help="a pack id or the path of a pack file")
        export.add_argument("-o", "--output", metavar=suffix.upper(), required=True,
                            help="the file to write (a missing folder is created)")
        export.add_argument("--force", action="store_true", help="overwrite an existing file")
        imported = sub.add_parser(
            f"import-{name}", help=f"convert {what} to a pack",
            description=f"Convert {what} to a pack file. The file is read as untrusted (no DTDs, "
                        "entities or network; sizes bounded); what learnmeta cannot keep is named "
                        "with its file and line. Exit status 0 done, 1 the input cannot be used, "
                        "2 usage error.")
        imported.add_argument("file", metavar=suffix.upper(), help=f"{what} to read")
        imported.add_argument("-o", "--output", metavar="PACK.toml", required=True,
                              help="the pack file to write (a missing folder is created)")
        imported.add_argument("--id", dest="pack_id", metavar="ID", help="the new pack's id")
        imported.add_argument("--lesson", metavar="LESSON",
                              help="the lesson for questions that name none")
        imported.add_argument("--force", action="store_true", help="overwrite an existing file")


def _add_serve(sub) -> None:
    """``learnmeta serve`` (see :mod:`learnmeta.cli.serve` and docs/serving.md)."""
    serve = sub.add_parser(
        "serve", help="open learnmeta in a web browser (this computer, or a class)",
        description="Serve learnmeta to a web browser. By default only this computer can open it; "
                    "a class on a local network needs --host and --class (a join code is asked).")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    serve.add_argument("--open", action="store_true", help="open the page in the web browser")
    serve.add_argument("--class", dest="class_dir", metavar="DIR",
                       help="serve a class: one progress file per learner in DIR, a join code first")
    serve.add_argument("--code", metavar="CODE", help="the class's join code (default: a new one)")
    serve.add_argument("--max-sessions", type=int, default=40, metavar="N",
                       help="the most browser sessions at once (default 40)")


# command name -> module that has `run(args) -> int`
_COMMANDS = {
    None: "learnmeta.cli.launch",
    "lesson": "learnmeta.cli.launch",
    "quiz": "learnmeta.cli.launch",
    "review": "learnmeta.cli.launch",
    "validate": "learnmeta.cli.validate",
    "schema": "learnmeta.cli.schema",
    "list": "learnmeta.cli.listing",
    "questions": "learnmeta.cli.questions",
    "new-pack": "learnmeta.cli.new_pack",
    "import-gift": "learnmeta.cli.gift",
    "export-gift": "learnmeta.cli.gift",
    "export-qti": "learnmeta.cli.qti",
    "import-qti": "learnmeta.cli.qti",
    "export-moodle-xml": "learnmeta.cli.moodle",
    "import-moodle-xml": "learnmeta.cli.moodle",
    "export": "learnmeta.cli.export",
    "report": "learnmeta.cli.report",
    "serve": "learnmeta.cli.serve",
}


def _printable_streams() -> None:
    """Let stdout and stderr print any name: a file name that is not UTF-8 (a pack in the
    learner's ``packs/`` folder, a learner's file in a class folder) reaches Python as lone
    surrogates, which a UTF-8 locale's strict output refused with a crash; they print as
    ``\\udcff``. This also keeps undecodable bytes from being written raw to a terminal."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            continue


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    _printable_streams()
    if argv is None:
        argv = sys.argv[1:]
    args = NO_ARGUMENTS if not argv else build_parser().parse_args(argv)
    import importlib

    try:
        module = importlib.import_module(_COMMANDS[args.command])
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: a crash report and one line, never a traceback
        from learnmeta import crash

        return crash.report(error)
