"""The type checker passes: ``python -m mypy`` with the settings in ``pyproject.toml``.

The domain core (``learnmeta/content``, then ``quiz`` and ``progress``) is checked strictly, the
rest with mypy's defaults. Running it here puts it in ``.ci/run``, which runs the whole suite.
mypy is in the test extra; without it this fails (it is not skipped).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, f"mypy found type errors:\n{result.stdout}{result.stderr}"
