"""A real start of the app, looked at as home's first frame is drawn (test_start_work.py,
test_cache.py).

:func:`start_headless` runs ``learnmeta`` with no arguments in a Python of its own, headless
(``LearnApp.run`` is patched to ``run_test`` at 80x24, and the launcher told there is a terminal).
The app prepares its saving (``learnmeta.app.app._prepare_saving``) just after that first frame:
the script notes then what ``note`` says (a Python expression giving the words to print, read in
that moment), and prints the first screen's name followed by those words; then what ``then``
prints (one line of Python, with ``self`` the app); and the app exits, as a learner closing it
would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from learnmeta.app import app as app_module
    from learnmeta.app.app import LearnApp

    notes = []
    prepare = app_module._prepare_saving

    def noted():
        notes.append(NOTE)
        prepare()

    app_module._prepare_saving = noted

    def run(self, *args, **kwargs):
        async def first_screen():
            async with self.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                print(type(self.screen).__name__, *notes[0])
                THEN
        asyncio.run(first_screen())

    LearnApp.run = run
    from learnmeta.cli import launch
    launch.has_terminal = lambda: True  # run_test needs none
    from learnmeta.cli import main
    sys.exit(main([]))
    """
)


def start_headless(home: Path, note: str, *, then: str = "pass", cache: Path | None = None) -> list[str]:
    """The lines the start printed (see the module's notes), with ``LEARNMETA_HOME`` at ``home``
    and, when given, ``LEARNMETA_CACHE`` at ``cache``; fails the test if the start failed."""
    script = SCRIPT.replace("NOTE", note).replace("THEN", then)
    env = {**os.environ, "LEARNMETA_HOME": str(home)}
    if cache is not None:
        env["LEARNMETA_CACHE"] = str(cache)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()
