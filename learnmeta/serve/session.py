"""One browser session's app process: ``python -m learnmeta.serve.session [--class DIR]``.

`learnmeta serve` starts one of these for each browser tab (through textual-serve), with its
standard input and output connected to the server, never to a terminal: so, unlike ``learnmeta``
in a terminal, it does not look for one. It is not a command for people to run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="learnmeta.serve.session")
    parser.add_argument("--class", dest="class_dir", metavar="DIR")
    args = parser.parse_args(argv)
    from learnmeta import gcpause

    try:
        with gcpause.paused():  # as `learnmeta` starts (launch.run): until the first screen
            return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: a crash report, never a traceback in the page
        from learnmeta import crash

        return crash.report(error)


def _run(args) -> int:
    from learnmeta.cli.launch import _library_notices
    from learnmeta.cache import load_library_cached
    from learnmeta.app.served import ServedApp
    from learnmeta.serve.roster import ClassRoster, HomeRoster

    roster: ClassRoster | HomeRoster
    if args.class_dir:
        roster = ClassRoster(Path(args.class_dir))
    else:
        from learnmeta.progress.locations import prepare_data_dir

        try:
            prepare_data_dir()
        except OSError:
            pass  # the store says so when it opens
        roster = HomeRoster()
    library = load_library_cached()
    app = ServedApp(library, roster, notices=_library_notices(library))
    try:
        app.run()
    finally:
        app.close_store()
    if app.crash is not None:
        from learnmeta import crash

        return crash.report(app.crash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
