"""The domain core never imports Textual: it runs from the command line and in tests alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "learnmeta.content.models",
    "learnmeta.content.loader",
    "learnmeta.content.library",
    "learnmeta.quiz.engine",
    "learnmeta.progress",
    "learnmeta.commands.validate",
    "learnmeta.instructor.lint",
    "learnmeta.instructor.gift",
    "learnmeta.instructor.report",
    "learnmeta.instructor.export",
]


def modules_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module):
    try:
        __import__(module)
    except ModuleNotFoundError:
        pytest.skip(f"{module} is not written yet")
    loaded = modules_after(f"import {module}")
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_loading_content_and_running_validate_never_import_textual(tmp_path):
    code = (
        "import os, contextlib, io\n"
        f"os.environ['LEARNMETA_HOME'] = {str(tmp_path)!r}\n"
        "from learnmeta.content.library import load_library\n"
        "load_library()\n"
        "from learnmeta.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "    main(['list'])\n"
        "    main(['schema', 'pack'])\n"
    )
    loaded = modules_after(code)
    assert "learnmeta.content.library" in loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)
