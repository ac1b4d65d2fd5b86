"""Shared test set-up: a stable environment for Textual, and an app factory with tmp paths.

* NO_COLOR and TEXTUAL_THEME are cleared (each changes what the app draws), and LEARNMETA_HOME
  and LEARNMETA_CACHE are temporary folders of each test's own.
* ``sample_content``: a small lesson set, glossary and pack written to a tmp folder, so app tests
  and snapshots do not change when the built-in content is edited.
* ``make_app(...)``: a LearnApp on a tmp progress file; stores are closed after the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLE_LESSON_1 = '''+++
schema_version = 1
id = "sample-basics"
title = "What spreading means"
order = 1
purpose = "You will learn what it means when cancer spreads."
estimated_minutes = 4
key_points = ["Cancer that spreads keeps the name of where it started.", "Your healthcare team can explain your own situation."]
what_you_can_do = ["Ask your healthcare team where your cancer started."]
reviewed = 2026-11-24
knowledge_check = { pack = "sample-pack", questions = ["name-rule", "same-cells"] }

[[sources]]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

[[spread_patterns]]
primary = "Breast cancer"
sites = ["bones", "brain", "liver", "lungs"]

[[spread_patterns]]
primary = "Colon cancer"
sites = ["liver", "lungs", "peritoneum"]
+++

## Where cancer starts {#starts}

Cancer starts in one part of the body. This place is called the **primary** site.

Sometimes cancer cells break away and travel. When they grow in a new place, doctors call it
metastatic cancer.

## How it is named {#naming}

Metastatic cancer keeps the name of the primary cancer. Breast cancer that spreads to the bones
is still breast cancer. A [web page](https://example.org/more) says more.

## Talking to your team {#team}

Your healthcare team knows your situation. Write your questions down before a visit.
'''

SAMPLE_LESSON_2 = '''+++
schema_version = 1
id = "sample-treatment"
title = "How treatment helps"
order = 2
purpose = "You will learn what treatment for metastatic cancer aims to do."
estimated_minutes = 3
key_points = ["Treatment usually aims to control the cancer and help you live well."]
reviewed = 2026-11-24

[[sources]]
title = "Metastatic cancer"
+++

## What treatment aims to do {#aims}

For most people, treatment aims to control the cancer and ease symptoms.
'''

SAMPLE_GLOSSARY = '''schema_version = 1

[[terms]]
term = "metastatic cancer"
definition = "Cancer that has spread from where it started to another part of the body."
aliases = ["metastasis"]

[[terms]]
term = "primary"
definition = "The place in the body where a cancer started."

[[terms]]
term = "healthcare team"
definition = "The doctors, nurses and others who look after you."

[[terms]]
term = "lymph nodes"
definition = "Small, bean-shaped organs that filter fluid in the body."
'''

SAMPLE_PACK = '''schema_version = 1

[pack]
id = "sample-pack"
title = "What spreading means: check"
description = "A short check on what spreading means."
version = "1.0.0"
authors = ["learnmeta tests"]
licence = "CC BY 4.0"
reviewed = 2026-11-24
pass_mark = 50
lessons = ["sample-basics"]

[[pack.sources]]
title = "Metastatic cancer"

[[questions]]
id = "name-rule"
type = "single"
prompt = "Breast cancer has spread to the bones. What is it called?"
lesson = "sample-basics"
section = "naming"
explanation = "Cancer keeps the name of the place where it started."

[[questions.choices]]
id = "bone"
text = "Bone cancer"
feedback = "Not quite. The cells in the bones are still breast cancer cells."

[[questions.choices]]
id = "breast"
text = "Metastatic breast cancer"
correct = true
feedback = "Yes. It keeps the name of where it started."

[[questions]]
id = "same-cells"
type = "true_false"
prompt = "Metastatic cancer has the same kind of cells as the primary cancer."
lesson = "sample-basics"
section = "naming"
explanation = "The cells that spread are the same kind as where the cancer started."
answer = true
'''


@pytest.fixture(autouse=True)
def _own_data_folder(monkeypatch, tmp_path_factory):
    """Every test (and every process it starts) has a data folder of its own, so none reads the
    packs of the person running the tests, and a cache folder of its own (LEARNMETA_CACHE), so
    none reads or writes their cache (learnmeta.cache). A test that sets either itself wins."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path_factory.mktemp("learnmeta-home")))
    monkeypatch.setenv("LEARNMETA_CACHE", str(tmp_path_factory.mktemp("learnmeta-cache")))


@pytest.fixture(autouse=True)
def _stable_textual(monkeypatch):
    """Each of these environment variables changes what a Textual app draws."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)


def _screen_text(app) -> str:
    """What the terminal would show now: every visible line of the current screen, as text."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


@pytest.fixture
def screen_text():
    """``screen_text(app) -> str``: the current screen as plain text, line by line."""
    return _screen_text


@pytest.fixture
def sample_content(tmp_path) -> Path:
    """A folder with two lessons, a glossary and a pack that tests can rely on."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "01-sample-basics.md").write_text(SAMPLE_LESSON_1, encoding="utf-8")
    (folder / "02-sample-treatment.md").write_text(SAMPLE_LESSON_2, encoding="utf-8")
    (folder / "glossary.toml").write_text(SAMPLE_GLOSSARY, encoding="utf-8")
    (folder / "sample-pack.toml").write_text(SAMPLE_PACK, encoding="utf-8")
    return folder


@pytest.fixture
def announced(monkeypatch):
    """What the app announces, as a driver with ``announce`` (the served one) would receive
    it: the words a screen reader in the browser is handed, in order."""
    from textual.drivers.headless_driver import HeadlessDriver

    said: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "announce", lambda self, text: said.append(text), raising=False)
    return said


@pytest.fixture
def served(sample_content):
    """Makes `learnmeta serve`'s app (ServedApp) over ``sample_content``: ``served(roster)``, or
    ``served(roster, remembered)`` for a browser remembered as that learner; each app's store is
    closed after the test."""
    from learnmeta.app.served import ServedApp
    from learnmeta.content.library import load_library

    apps = []

    def factory(roster, remembered: str | None = None):
        library = load_library([sample_content], builtin=False, user_packs=False)
        app = ServedApp(library, roster, remembered=remembered)
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close_store()


@pytest.fixture
def quiz_content(tmp_path) -> Path:
    """A lesson ("test-lesson", pages s1 and s2) and "test-pack" with all six question types
    (tests/factories.py)."""
    from factories import write_content

    return write_content(tmp_path / "quiz-content")


@pytest.fixture
def started(monkeypatch, tmp_path):
    """The LearnApps the command line would have run, stopped short of the terminal
    (``LearnApp.run`` records the app instead, and the path of the store it would have run
    with as ``ran_with_store_path``: a preview's throwaway store is removed once the app ends);
    LEARNMETA_HOME is ``tmp_path / "home"``."""
    from learnmeta.app.app import LearnApp
    from learnmeta.cli import launch

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(launch, "has_terminal", lambda: True)
    apps: list[LearnApp] = []

    def fake_run(self, *args, **kwargs):
        self.ran_with_store_path = Path(self.store.path)
        apps.append(self)

    monkeypatch.setattr(LearnApp, "run", fake_run)
    return apps


@pytest.fixture
def make_app(tmp_path, sample_content):
    """``make_app(progress=None, content=None, start=("home",), welcomed=True, builtin=False)``.

    Builds a LearnApp over ``content`` (paths of files or folders; default: ``sample_content``;
    ``builtin=True`` with no content: the built-in lessons and packs) and a progress file
    (default ``tmp_path/progress.toml``). ``welcomed=True`` skips the first-run welcome.
    """
    from learnmeta.app.app import LearnApp
    from learnmeta.content.library import load_library
    from learnmeta.progress import ProgressStore

    stores = []

    def factory(*, progress=None, content=None, start=("home",), welcomed=True, builtin=False,
                seed=0, **settings):
        if builtin and content is None:
            library = load_library(user_packs=False)
        else:
            paths = [sample_content] if content is None else list(content)
            library = load_library(paths, builtin=builtin, user_packs=False)
        store = ProgressStore.open(progress or tmp_path / "progress.toml")
        stores.append(store)
        changes = dict(settings)
        if welcomed and not store.settings.welcomed:
            changes["welcomed"] = True
        if changes:
            store.update_settings(**changes)
        return LearnApp(library, store, start, seed=seed)

    yield factory
    for store in stores:
        store.close()
