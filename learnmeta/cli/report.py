"""`learnmeta report FILE... | --lrs URL [--since DATE] [--page-size N] [--time-limit T] [--pack ID] [--format table|csv|json|html] [-o FILE]`.

How a class did. ``--format html`` writes one self-contained page to open or print
(:mod:`learnmeta.instructor.report_html`); ``--csv`` is ``--format csv``.

From files (:mod:`learnmeta.instructor.class_data`): files that cannot be read are listed on
stderr and skipped, never fatal. From a Learning Record Store (``--lrs``, see docs/lrs.md): its
statements, page after page, with the credentials from ``LEARNMETA_LRS_USER`` and
``LEARNMETA_LRS_PASSWORD``; ``--since`` asks only for statements stored since then, and
``--page-size`` for more statements a page than :data:`learnmeta.lrs.PAGE` (an LRS that reads
its whole store for every page, such as Ralph's file-system backend, then answers many times
sooner: see docs/lrs.md), and ``--time-limit`` gives the reading of the LRS more (or less) time
than :data:`learnmeta.lrs.TIME_LIMIT` (two hours), all its pages together. ``--pack``
keeps one pack. The figures are those of :mod:`learnmeta.instructor.report` either way. A
progress bar counts the files or pages on a terminal.

From files, what the report keeps is bounded as from the LRS
(:data:`learnmeta.instructor.class_data.MAX_KEPT_BYTES`): the files after the bound is passed are
left out, named on stderr, and the report is made on the files read (they count as skipped), with
exit status 1: a script that reads only the status must not take it for the whole class.

Exit statuses: 0 a report was made (files that cannot be read are named and skipped); 1 no file
could be read, files were left out past the bound (the report on the others is still made), the
LRS held no learnmeta results, the LRS rejected the query, gave more than :data:`learnmeta.lrs.MAX_STATEMENTS`
statements or named more than :data:`learnmeta.lrs.MAX_PAGES` pages for it (one after another,
through ``more``), reading it took longer than the time limit, or the report cannot be written;
2 usage error (no FILE and no --lrs, or both; a bad --since, --page-size or --time-limit, or one
of them without --lrs; see
:mod:`learnmeta.cli.export` for --lrs's own); 69 the LRS could not be reached; 77 it refused the
user name and password.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from learnmeta.cli.output import err as _err
from learnmeta.instructor.report import analyse, clean_line, known_packs, render_csv, render_table


def since_time(text: str) -> str | None:
    """``--since`` as an xAPI time (ISO 8601 in UTC, ``2026-09-01T00:00:00Z``); None if it is not
    a date or a time (a time without a UTC offset is taken as UTC)."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    try:
        moment = moment.astimezone(dt.timezone.utc)
    except OverflowError:
        return None
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def page_size_of(text: str | None) -> int | None:
    """``--page-size``: None when not given, 0 when it is not a whole number from 1 to
    :data:`learnmeta.lrs.MOST_PER_PAGE`."""
    if text is None:
        return None
    from learnmeta.lrs import MOST_PER_PAGE  # only here: a report from files needs no HTTP

    text = str(text).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6:
        return 0
    number = int(text)
    return number if 1 <= number <= MOST_PER_PAGE else 0


MOST_TIME_LIMIT = 7 * 24 * 60 * 60
"""The longest ``--time-limit``: a week."""
_UNITS = {"s": 1, "m": 60, "h": 3600}


def time_limit_of(text: str | None) -> float | None:
    """``--time-limit`` in seconds: None when not given, 0 when it is not a whole number of
    minutes (``90``), or of seconds, minutes or hours (``45s``, ``90m``, ``3h``), from 1 second to
    :data:`MOST_TIME_LIMIT`."""
    if text is None:
        return None
    text = str(text).strip().lower()
    unit = _UNITS.get(text[-1:], 0)
    number = text[:-1].strip() if unit else text
    if not (number.isascii() and number.isdigit()) or len(number) > 7:
        return 0
    seconds = int(number) * (unit or 60)
    return float(seconds) if 1 <= seconds <= MOST_TIME_LIMIT else 0


def _bytes_in_words(size: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:,.3g} {unit}"
    return f"{size:,} bytes"


def _from_lrs(args):
    """(the class, how many statements were read, a description); or an exit status."""
    from learnmeta import lrs
    from learnmeta.cli.export import lrs_client, lrs_failure
    from learnmeta.cli.progress import bar
    from learnmeta.instructor.class_data import TooMuchKept, read_statements

    since = None
    if args.since:
        since = since_time(args.since)
        if since is None:
            _err(f"learnmeta report: --since '{args.since}' is not a date (2026-09-01) or an ISO 8601 time")
            return 2
    client = lrs_client("report", args.lrs)
    if client is None:
        return 2
    read = [0]

    def counted(statements):
        for statement in statements:
            read[0] += 1
            yield statement

    try:
        with bar("Reading the LRS", None, "pages") as advance:
            # Page by page into the class: only one page of statements is held at a time. A
            # statement voided by another (an answer taken back or marked right) is left out
            # there: xAPI asks the LRS to do it, Ralph 5.1.0 does not.
            pages = client.fetch(since=since, limit=args.page_size or lrs.PAGE, page_done=lambda count: advance(1),
                                 time_limit=args.time_limit or lrs.TIME_LIMIT)
            data, left_out = read_statements(counted(pages), client.url, args.pack)
    except lrs.LrsError as error:
        status = lrs_failure("report", error)
        if isinstance(error, lrs.TooMany):
            _err(f"learnmeta reads at most {lrs.MAX_STATEMENTS:,} statements in {lrs.MAX_PAGES:,} pages for one "
                 "report: ask for fewer with --since DATE (what the LRS stored since then), or for larger "
                 "pages with --page-size N.")
        elif isinstance(error, lrs.TimeUp):
            _err("An LRS that answers slowly, or names page after page, would otherwise hold the report without "
                 "end. Give it longer with --time-limit (such as --time-limit 4h), ask for fewer statements with "
                 "--since DATE, or for larger pages with --page-size N (an LRS that reads its whole store for "
                 "each page, such as Ralph's file-system backend, then answers many times sooner).")
        return status
    except TooMuchKept as error:
        _err(f"learnmeta report: the statements from the LRS at {client.origin} hold more text than one report "
             f"keeps ({_bytes_in_words(error.most)} of learners, ids, answers and times, after {read[0]:,} "
             "statement(s); learnmeta's own keep about 480 bytes a statement).")
        _err("Ask for fewer with --since DATE, or keep one pack with --pack ID.")
        return 1
    return data, read[0], left_out


MOST_NAMED = 10
"""The most files left out (past the bound of what a report keeps) named one by one."""


def _say_left_out(data) -> None:
    """Say which files were not read because what the report keeps passed its bound."""
    from learnmeta.instructor import class_data

    names = data.left_out
    shown = ", ".join(clean_line(name) for name in names[:MOST_NAMED])
    if len(names) > MOST_NAMED:
        shown += f" and {len(names) - MOST_NAMED:,} more"
    _err(f"learnmeta report: the files read hold more than one report keeps "
         f"({_bytes_in_words(class_data.MAX_KEPT_BYTES)} of learners, ids, answers and times, after "
         f"{len(data.read):,} file(s)), so {len(names):,} file(s) were left out, not read: {shown}.")
    _err("The report is on the files read only (the files left out count as skipped; exit status 1). Report "
         "on fewer files at once, such as one class or one folder at a time.")


def _not_a_report(output: Path) -> bool:
    """Whether ``output`` is an existing file that is not a report learnmeta wrote (which may be
    written again). ``report class/*.toml -o FILE`` mistyped as ``report -o class/*.toml`` makes
    a learner's file the output: it must not be written over."""
    import os

    from learnmeta.instructor.report import CSV_FIELDS, JSON_MARK
    from learnmeta.instructor.report_html import HTML_MARK

    try:
        fd = os.open(output, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        start = os.read(fd, 256)
    except OSError:
        return True
    finally:
        os.close(fd)
    ours = (
        b"Class report from ",  # the table
        ",".join(CSV_FIELDS[:14]).encode(),  # the CSV, now or before its later columns
        b"<!DOCTYPE html>\n" + HTML_MARK.encode(),
        b'{\n  "report": "' + JSON_MARK.encode() + b'"',
    )
    return not (any(start.startswith(mark) for mark in ours) or not start)


def _format(args) -> str:
    """table, csv, json or html: ``--format``, or ``--csv`` (kept from before ``--format``)."""
    chosen = getattr(args, "format", None)
    if getattr(args, "csv", False):
        return "csv"
    return chosen or "table"


def run(args) -> int:
    if getattr(args, "csv", False) and getattr(args, "format", None) not in (None, "csv"):
        _err("learnmeta report: --csv is --format csv; give one format")
        return 2
    lrs_address = getattr(args, "lrs", None)
    pack = getattr(args, "pack", None)
    if bool(args.files) == bool(lrs_address):
        _err("learnmeta report: give the learners' files (FILE...) or --lrs URL, one of the two")
        return 2
    if getattr(args, "since", None) and not lrs_address:
        _err("learnmeta report: --since works with --lrs (files hold what they hold)")
        return 2
    page_size = page_size_of(getattr(args, "page_size", None))
    if page_size == 0:
        from learnmeta.lrs import MOST_PER_PAGE

        _err(f"learnmeta report: --page-size '{clean_line(str(args.page_size))}' is not a whole number "
             f"from 1 to {MOST_PER_PAGE}")
        return 2
    if page_size is not None and not lrs_address:
        _err("learnmeta report: --page-size works with --lrs (the number of statements asked for a page)")
        return 2
    args.page_size = page_size
    time_limit = time_limit_of(getattr(args, "time_limit", None))
    if time_limit == 0:
        _err(f"learnmeta report: --time-limit '{clean_line(str(args.time_limit))}' is not a whole number of "
             "minutes (90), or of seconds, minutes or hours (45s, 90m, 3h), from 1 second to a week")
        return 2
    if time_limit is not None and not lrs_address:
        _err("learnmeta report: --time-limit works with --lrs (how long reading the LRS may take)")
        return 2
    args.time_limit = time_limit
    if args.output and _not_a_report(Path(args.output)):
        _err(f"learnmeta report: -o names {clean_line(args.output)}, which exists and is not a report "
             "learnmeta wrote (a learner's file?); name a new file for the report. Nothing was written.")
        return 2
    if lrs_address:
        got = _from_lrs(args)
        if isinstance(got, int):
            return got
        data, read, left_out = got
        if not data.learners:
            what = f" for pack '{pack}'" if pack else ""
            _err(f"learnmeta report: the LRS holds no learnmeta results{what} ({read} statement(s) read), "
                 "so there is no report.")
            return 1
        source = f"{read} statement(s) from the LRS at {clean_line(lrs_address)}"
        skipped = 0
    else:
        from learnmeta.cli.progress import bar
        from learnmeta.instructor.class_data import expand, read_class

        files = expand(args.files)  # once: for the bar and the reading
        with bar("Reading", len(files), "files") as advance:
            data = read_class(args.files, advance, files=files)
        for path, reason in data.skipped:
            print(clean_line(f"skipped {path}: {reason}"), file=sys.stderr)
        for path, reason in data.notes:
            print(clean_line(f"note: {path}: {reason}"), file=sys.stderr)
        if data.left_out:
            _say_left_out(data)
        if not data.read:
            print("learnmeta report: no file could be read, so there is no report.", file=sys.stderr)
            return 1
        source = f"{len(data.read)} file(s)"
        skipped = len(data.skipped) + len(data.left_out)
    report = analyse(data, known_packs())
    if pack:
        present = sorted(item.pack for item in report)
        report = [item for item in report if item.pack == pack]
        if not report:
            import difflib

            close = difflib.get_close_matches(pack, present, n=1, cutoff=0.6)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            listed = ", ".join(present[:20]) + (", ..." if len(present) > 20 else "")
            held = f" The results are for: {listed}." if present else " There are no results at all."
            _err(clean_line(f"learnmeta report: no results for pack '{pack}'.{hint}{held}"))
            return 1
    kind = _format(args)
    if kind == "csv":
        text = render_csv(report)
    elif kind == "json":
        from learnmeta.instructor.report import render_json

        text = render_json(report, source, skipped)
    elif kind == "html":
        from learnmeta.instructor.report_html import render_html

        text = render_html(report, source, skipped)
    else:
        text = render_table(report, source, skipped)
    if args.output:
        from learnmeta.cli.output import write_output

        try:
            if write_output(Path(args.output), text):
                print(f"Made the folder {Path(args.output).parent}.")
        except OSError as error:
            print(f"learnmeta report: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"Wrote the report on {source} to {args.output}.")
    else:
        sys.stdout.write(text)
    if not lrs_address and data.left_out:
        _err(f"learnmeta report: the report leaves out {len(data.left_out):,} file(s) (named above), so the exit "
             "status is 1.")
        return 1
    return 0
