"""Benchmark: how long loading and validating content takes.

    python benchmarks/bench_loading.py

Prints the median time to load a realistic pack (100 questions) and a huge one (10,000), to load
the whole built-in library, and for `learnmeta validate` to start, check a broken file and exit.
Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from benchmarks.suite import median_ms  # noqa: E402
from factories import pack_data  # noqa: E402
from learnmeta.content import loader  # noqa: E402
from learnmeta.content.library import load_library  # noqa: E402


def big_pack(folder: Path, count: int) -> Path:
    data = pack_data()
    template = data["questions"]
    data["questions"] = []
    for index in range(count):
        question = dict(template[index % len(template)])
        question["id"] = f"q{index}"
        data["questions"].append(question)
    path = folder / f"pack-{count}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in (100, 10_000):
            path = big_pack(folder, count)
            size = path.stat().st_size / 1024
            ms = median_ms(lambda: loader.load_pack(path), 3 if count > 1000 else 7)
            print(f"load a {count:>6}-question pack ({size:,.0f} KiB): {ms:8.1f} ms")
        print(f"load the built-in library:             {median_ms(load_library, 7):8.1f} ms")
        broken = folder / "broken.toml"
        broken.write_text("schema_version = 1\n[pack]\nid = 'x'\n")
        command = [sys.executable, "-m", "learnmeta", "validate", str(broken)]
        ms = median_ms(lambda: subprocess.run(command, capture_output=True), 5)
        print(f"`learnmeta validate broken.toml`:       {ms:8.1f} ms (whole process)")
        command = [sys.executable, "-m", "learnmeta", "validate"]
        ms = median_ms(lambda: subprocess.run(command, capture_output=True), 3)
        print(f"`learnmeta validate` (all built in):   {ms:8.1f} ms (whole process)")


if __name__ == "__main__":
    main()
