"""The installed package carries the built-in lessons and packs and finds them from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return next(out.glob("learnmeta-*.whl"))


def test_the_wheel_ships_every_lesson_and_pack(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("lessons", "quizzes"):
        for path in (ROOT / folder).iterdir():
            if path.is_file():
                assert f"learnmeta/_content/{folder}/{path.name}" in names
    assert "learnmeta/cli/__init__.py" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))
    ).decode()
    assert "learnmeta = learnmeta.cli:main" in entry_points


def test_the_installed_layout_finds_its_content_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "LEARNMETA_HOME": str(tmp_path / "home")}
    code = (
        "import learnmeta, learnmeta.paths as p, sys;"
        "print(learnmeta.__file__); print(p.content_dir());"
        "from learnmeta.cli import main; sys.exit(main(['list']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60
    )
    lines = result.stdout.splitlines()
    assert lines[0].startswith(str(site)), result.stdout + result.stderr
    assert lines[1] == str(site / "learnmeta" / "_content")
    assert "what-is-metastatic-cancer" in result.stdout
