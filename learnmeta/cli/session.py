"""One browser session's app process: ``python -m learnmeta.cli.session [--class DIR] [--ahead]``.

`learnmeta serve` starts one of these for each browser tab (:mod:`learnmeta.serve.server`, through
textual-serve), and keeps one started ahead. It is not a command for people to run. What it does
is :func:`learnmeta.cli.serve.session_main`; what it and the server say to each other before the
app starts is in :mod:`learnmeta.serve.session`. It lives in the command line's wing, which
starts the app and the server, so that nothing in ``serve`` imports the command line.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from learnmeta.cli.serve import session_main

    sys.exit(session_main())
