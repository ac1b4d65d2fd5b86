"""Everything outside ``learnmeta.app`` runs without Textual or Rich: the content, quiz, progress
and instructor code, the command line and its helpers work from a terminal with no app and from
tests alone.

The modules are found by walking the package (``pkgutil.walk_packages``), so a new module is
checked without anyone adding it to a list. Each is imported in a fresh interpreter (one for
all, in order, checking after each import), and neither ``textual`` nor ``rich`` may be loaded.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import learnmeta

FORBIDDEN = ("textual", "rich")

# Importing ``learnmeta.__main__`` runs the command (it is a script, not a module); all it
# imports is ``learnmeta.cli``, which is checked like the rest.
SCRIPTS = {"learnmeta.__main__"}


# The web server of `learnmeta serve` is built on textual-serve, which uses Rich: like the app,
# it is a layer over the core (the serve command's other modules are checked like the rest).
WEB_LAYER = {"learnmeta.serve.server"}


def _is_app(name: str) -> bool:
    return name == "learnmeta.app" or name.startswith("learnmeta.app.") or name in WEB_LAYER


def core_modules() -> list[str]:
    """Every module of learnmeta outside ``learnmeta.app``, found by walking the package.

    ``walk_packages`` imports the packages it walks into; the app's are skipped so that walking
    loads no Textual here either (the check itself runs in a fresh interpreter anyway)."""
    names = []
    for info in pkgutil.walk_packages(learnmeta.__path__, "learnmeta.",
                                      onerror=lambda name: None):
        if _is_app(info.name) or info.name in SCRIPTS:
            continue
        names.append(info.name)
    return ["learnmeta", *sorted(names)]


_CHECK = """
import importlib, json, sys
forbidden = {forbidden!r}
def loaded():
    return sorted({{n.split(".")[0] for n in sys.modules}} & set(forbidden))
report = []
for name in {modules!r}:
    importlib.import_module(name)
    found = loaded()
    if found:
        report.append([name, found])
        break
print(json.dumps(report))
"""


def _offenders(modules: list[str]) -> list[list]:
    result = subprocess.run(
        [sys.executable, "-c", _CHECK.format(forbidden=FORBIDDEN, modules=modules)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_walk_finds_every_layer_of_the_core():
    modules = core_modules()
    # Spot checks that the walk descends into every subpackage (a walk that found nothing would
    # make the next test pass without checking anything).
    for expected in ("learnmeta.content.loader", "learnmeta.quiz.engine", "learnmeta.progress.store",
                     "learnmeta.instructor.gift", "learnmeta.files", "learnmeta.cache"):
        assert expected in modules
    assert not any(_is_app(name) for name in modules)


def test_no_module_outside_the_app_imports_textual_or_rich():
    offenders = _offenders(core_modules())
    assert offenders == [], (
        f"{offenders[0][0]} loads {', '.join(offenders[0][1])}: only learnmeta.app may import "
        "Textual or Rich"
    )


def test_the_check_catches_a_module_that_imports_textual():
    """The guard itself works: the app's package does load Textual and is reported."""
    assert _offenders(["learnmeta.files", "learnmeta.app.app", "learnmeta.cache"]) == [
        ["learnmeta.app.app", ["rich", "textual"]]
    ]


def test_loading_content_and_running_the_commands_never_import_textual_or_rich(tmp_path):
    code = (
        "import os, contextlib, io, sys\n"
        f"os.environ['LEARNMETA_HOME'] = {str(tmp_path)!r}\n"
        "from learnmeta.content.library import load_library\n"
        "load_library()\n"
        "from learnmeta.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "    main(['list'])\n"
        "    main(['schema', 'pack'])\n"
        "print('\\n'.join(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "learnmeta.content.library" in loaded
    assert not [name for name in loaded if name.split(".")[0] in FORBIDDEN]
