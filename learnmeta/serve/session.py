"""One browser session's app process: ``python -m learnmeta.serve.session [--class DIR]``.

`learnmeta serve` starts one of these for each browser tab (through textual-serve), with its
standard input and output connected to the server, never to a terminal: so, unlike ``learnmeta``
in a terminal, it does not look for one. It is not a command for people to run.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from learnmeta.cli.serve import session_main

    sys.exit(session_main())
