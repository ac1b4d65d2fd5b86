"""`learnmeta export --format csv|json|xapi -o FILE`: a learner's results, to hand in or load.

It reads the learner's progress file (``--progress PATH``, or ``--learner NAME``'s file in the
data folder) read-only and never changes it; what each format holds is in
:mod:`learnmeta.instructor.export`. Learners are identified by their learner id; ``--anonymous``
uses a keyed hash of it instead (the key from ``--anonymous-key`` or ``LEARNMETA_ANONYMOUS_KEY``),
and ``--email`` makes the xAPI actor an e-mail address (only when given).

``--lrs URL`` (with ``--format xapi``) sends the statements to a Learning Record Store, with
the user name and password from ``LEARNMETA_LRS_USER`` and ``LEARNMETA_LRS_PASSWORD`` (see
:mod:`learnmeta.lrs` and docs/lrs.md); with ``-o`` too, it also writes them (once they are sent).
Sending ends by its time limit, all its batches together: :data:`learnmeta.lrs.TIME_LIMIT` (two
hours) unless ``--time-limit T`` says otherwise, as for ``report --lrs``.

Exit statuses: 0 written (or sent); 1 the progress file cannot be read, the output cannot be
written, the LRS rejected the statements (its own words are shown) or sending them took longer
than the time limit; 69 the LRS could not be reached (try again later); 77 the LRS refused the
user name and password;
2 usage error (the output exists without ``--force``, a bad e-mail address, ``--anonymous``
without a key, a ``LEARNMETA_XAPI_BASE`` that is not an http(s) address with a host, or that holds
a user name, password, query or fragment; a bad ``--time-limit``, or one without ``--lrs``).
Whatever stops sending (1, 69, 77), what the LRS took before it, what was being sent then (it may
or may not have been stored) and what was not stored is said.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from learnmeta.cli.output import OutputExists, check_output, err as _err, make_folder_for
from learnmeta.instructor.export import write

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")


def anonymous_key_from(args, command: str = "export") -> str | None:
    """The key for ``--anonymous`` ids: ``--anonymous-key``, else ``LEARNMETA_ANONYMOUS_KEY``;
    None (after saying how to give one) when there is none."""
    import os

    from learnmeta.instructor.results import ANONYMOUS_KEY_ENV

    key = getattr(args, "anonymous_key", None) or os.environ.get(ANONYMOUS_KEY_ENV) or None
    if key is None:
        _err(
            f"learnmeta {command}: --anonymous needs a key that you choose and keep for the whole "
            f"course: set the environment variable {ANONYMOUS_KEY_ENV} (or give --anonymous-key "
            "KEY). The same key gives each learner the same anonymous id in every export; without "
            "it nobody can tell who an id stands for."
        )
    return key


EXIT_UNREACHABLE = 69
"""The LRS could not be reached, or stayed busy (sysexits' EX_UNAVAILABLE): try again later."""
EXIT_REFUSED = 77
"""The LRS refused the credentials or the action (sysexits' EX_NOPERM)."""


def lrs_client(command: str, address: str):
    """A :class:`learnmeta.lrs.Client` for ``address`` with the credentials from the environment;
    None (after saying why) for a bad address or missing credentials: a usage error."""
    import os

    from learnmeta import lrs

    user = os.environ.get(lrs.USER_ENV, "")
    password = os.environ.get(lrs.PASSWORD_ENV, "")
    if not user or not password:
        missing = " and ".join(name for name, value in ((lrs.USER_ENV, user), (lrs.PASSWORD_ENV, password))
                               if not value)
        _err(
            f"learnmeta {command}: --lrs needs the LRS's user name and password in the environment "
            f"variables {lrs.USER_ENV} and {lrs.PASSWORD_ENV} ({missing} not set); they are never "
            "taken from the command line, where other users of the computer could see them."
        )
        return None
    try:
        return lrs.Client(address, user, password, deadline=lrs.ANSWER_DEADLINE)
    except lrs.BadAddress as error:
        _err(f"learnmeta {command}: --lrs: {error.message}")
        return None


def lrs_failure(command: str, error) -> int:
    """Say what went wrong with the LRS (and, for a send it stopped, what the LRS took before it
    and what it did not: ``error.so_far``); the exit status for it."""
    from learnmeta import lrs

    if error.so_far and isinstance(error, lrs.TimeUp):
        _err(f"learnmeta {command}: {error.message}: {error.so_far}")
    else:
        _err(f"learnmeta {command}: {error.message}")
        if error.so_far:
            _err(f"Sending stopped there: {error.so_far}.")
    if isinstance(error, lrs.Unreachable):
        _err("Nothing is lost: try again when the LRS is reachable; statements it already has are not stored twice.")
        return EXIT_UNREACHABLE
    if isinstance(error, lrs.Refused):
        _err(f"Check {lrs.USER_ENV} and {lrs.PASSWORD_ENV}, and that this user may write statements.")
        return EXIT_REFUSED
    return 1


def send(client, progress, source: Path, *, learner_name, anonymous_key, email, base, answers=None,
         changes=None, time_limit: float | None = None) -> int:
    """Send the learner's statements to the LRS, with a progress bar on a terminal, within
    ``time_limit`` seconds (:data:`learnmeta.lrs.TIME_LIMIT` unless given)."""
    from learnmeta import lrs
    from learnmeta.cli.progress import bar
    from learnmeta.files import FileProblem
    from learnmeta.instructor.export import each_xapi_statement, xapi_statements

    options = dict(learner=learner_id_of(progress, source), learner_name=learner_name, anonymous_key=anonymous_key,
                   email=email, base=base, answers=answers, changes=changes)
    statements: Any
    if isinstance(answers, list) or answers is None:
        statements = xapi_statements(progress, **options)
        total: int | None = len(statements)
    else:  # a long answer log's: made as they are sent, a batch at a time (a bar without a total)
        statements, total = each_xapi_statement(progress, **options), None
    sent = [0]

    def advance_and_count(count: int) -> None:
        sent[0] += count
        advance(count)

    result = lrs.SendResult()
    try:
        with bar("Sending", total, "statements") as advance:
            client.send(statements, advance=advance_and_count, time_limit=time_limit or lrs.TIME_LIMIT,
                        result=result)
    except lrs.LrsError as error:
        status = lrs_failure("export", error)
        if isinstance(error, lrs.TimeUp):
            _err("An LRS that answers slowly, or keeps answering that it is busy, would otherwise hold the "
                 "export without end. Nothing is lost: export again to send the rest (statements the LRS "
                 "already has are not stored twice), giving it longer with --time-limit if need be (such as "
                 "--time-limit 4h).")
        return status
    except FileProblem as problem:  # the answer log, gone through again as the statements are made
        _err(f"learnmeta export: cannot read {problem.path}: {problem.reason}")
        if sent[0]:
            _err(f"Sending stopped there: {lrs.sent_so_far(result, total=total, drawn=sent[0])}.")
        return 1
    print(
        f"Sent {sent[0]} statement(s) from {source} to the LRS at {client.url}: "
        f"{result.sent} stored now, {result.already} it already had."
    )
    if result.conflicts:
        print(
            f"{result.conflicts} statement(s) were sent before in an earlier form (a lesson page seen "
            "again since, or the learner's name, a question or the course address changed): the LRS "
            "keeps its first copy."
        )
    return 0


def checked_base_or_none(command: str) -> str | None:
    """``LEARNMETA_XAPI_BASE`` checked (see :func:`learnmeta.instructor.xapi.checked_base`); None
    after saying what is wrong with it."""
    from learnmeta.instructor.xapi import BASE_ENV, BaseAddressError, checked_base

    try:
        return checked_base()
    except BaseAddressError as error:
        _err(
            f"learnmeta {command}: {BASE_ENV} {error}. It is the course's own web address that "
            "activity ids are built on, such as https://lms.example.edu/learnmeta."
        )
        return None


def learner_id_of(progress, source: Path) -> str:
    """The learner id of a progress file just read; a file from before learner ids is known by
    its content (see :func:`learnmeta.instructor.results.learner_id`)."""
    from learnmeta.files import read_bounded
    from learnmeta.instructor.results import learner_id
    from learnmeta.progress.fileformat import MAX_FILE_BYTES

    if progress.learner.id:
        return learner_id(progress)
    try:
        content = read_bounded(source, MAX_FILE_BYTES)
    except Exception:  # it was read a moment ago: gone since, nothing better to go on
        content = b""
    return learner_id(progress, content)


def run(args) -> int:
    from learnmeta.progress import resolve_progress_path
    from learnmeta.progress.fileformat import NewerVersionError, ProgressFileError, read_progress

    progress_arg = getattr(args, "progress", None)
    learner_arg = getattr(args, "learner", None)
    email = getattr(args, "email", None)
    if email is not None and not _EMAIL.match(email):
        _err(f"learnmeta export: '{email}' does not look like an e-mail address")
        return 2
    if email and args.anonymous:
        _err("learnmeta export: --email and --anonymous cannot be used together")
        return 2
    base = None
    if args.format == "xapi":
        base = checked_base_or_none("export")
        if base is None:
            return 2
    anonymous_key = None
    if args.anonymous:
        anonymous_key = anonymous_key_from(args)
        if anonymous_key is None:
            return 2
    lrs_address = getattr(args, "lrs", None)
    if not args.output and not lrs_address:
        _err("learnmeta export: say where the export goes: -o FILE, or --lrs URL (with --format xapi)")
        return 2
    time_limit = None
    if getattr(args, "time_limit", None) is not None:
        from learnmeta.cli.report import time_limit_of
        from learnmeta.instructor.report import clean_line

        time_limit = time_limit_of(args.time_limit)
        if not time_limit:
            _err(f"learnmeta export: --time-limit '{clean_line(str(args.time_limit))}' is not a whole number of "
                 "minutes (90), or of seconds, minutes or hours (45s, 90m, 3h), from 1 second to a week")
            return 2
        if not lrs_address:
            _err("learnmeta export: --time-limit works with --lrs (how long sending to the LRS may take)")
            return 2
    client = None
    if lrs_address:
        if args.format != "xapi":
            _err("learnmeta export: --lrs sends xAPI statements: use it with --format xapi")
            return 2
        client = lrs_client("export", lrs_address)
        if client is None:
            return 2
    source = resolve_progress_path(progress_arg, learner_arg)
    output = Path(args.output) if args.output else None
    if output is not None:
        try:
            same = output.resolve() == source.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a link loop on the way (Python 3.11)
            same = False
        if same:
            _err("learnmeta export: the output would overwrite the progress file; choose another name")
            return 2
        try:
            check_output(output, args.force)
        except (OutputExists, OSError) as error:
            _err(f"learnmeta export: {error}")
            return 2
    if not source.exists():
        who = f"learner '{learner_arg}'" if learner_arg else "this learner"
        _err(f"learnmeta export: no progress file for {who} at {source}; nothing to export")
        return 2 if progress_arg else 1
    try:
        progress = read_progress(source)
    except NewerVersionError as error:
        if error.progress is None:
            _err(f"learnmeta export: cannot read {source}: {error.reason}")
            return 1
        progress = error.progress
        _err(f"learnmeta export: note: {source} {error.reason}; exporting what this version can read")
    except ProgressFileError as error:
        _err(f"learnmeta export: cannot read {source}: {error.reason}")
        return 1
    learner_name = progress.learner.name or learner_arg
    from learnmeta.progress.answerlog import handed_in_streamed

    found = handed_in_streamed(source, progress)  # a long log is gone through, never held
    for problem in found.problems:
        _err(f"learnmeta export: note: {problem}")
    if found.note is not None:
        _err(f"learnmeta export: note: {source}: {found.note}")
    if args.format == "xapi" and found.changes:
        undone = sum(1 for change in found.changes if change.undo is not None)
        overruled = len(found.changes) - undone
        what = " and ".join(part for part in (
            f"{undone} answer(s) the learner took back" if undone else "",
            f"{overruled} they marked right (\"I was right\")" if overruled else "") if part)
        print(f"{what}: what a record store may have received of them as they happened is voided "
              "(xAPI \"voided\" statements), and an answer marked right is given again, as right.")
    if client is not None:
        status = send(client, progress, source, learner_name=learner_name,
                      anonymous_key=anonymous_key, email=email, base=base, answers=found.answers,
                      changes=found.changes, time_limit=time_limit)
        if status != 0 and output is not None:
            _err(f"learnmeta export: {output} was not written (it is written once the statements are sent).")
        if status != 0 or output is None:
            return status
    if output is None:
        return 0
    from learnmeta.files import FileProblem, replace_atomically_written

    learner = learner_id_of(progress, source)

    def produce(out) -> int:  # written piece by piece: never held whole
        return write(args.format, lambda text: out(text.encode("utf-8")), progress, learner=learner,
                     learner_name=learner_name, anonymous_key=anonymous_key, email=email, base=base,
                     answers=found.answers, changes=found.changes)

    try:
        made = make_folder_for(output)
        count = replace_atomically_written(output, produce)
    except FileProblem as problem:  # the answer log, gone through again as the export is written
        _err(f"learnmeta export: cannot read {problem.path}: {problem.reason}")
        return 1
    except OSError as error:
        _err(f"learnmeta export: cannot write {output}: {error.strerror or error}")
        return 1
    if made:
        print(f"Made the folder {output.parent}.")
    what = {"csv": "CSV", "json": "JSON", "xapi": "xAPI statements (one per line)"}[args.format]
    print(f"Exported {count} answer(s) from {source} to {output} as {what}.")
    if count == 0:
        print("There are no answers yet: the file holds no results.")
    return 0
