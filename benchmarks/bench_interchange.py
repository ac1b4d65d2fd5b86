"""Benchmark: QTI and Moodle XML export and import of large packs.

    python benchmarks/bench_interchange.py [N ...]      (default: 2000 20000)

A pack of N questions is made from the built-in pack "where-cancer-spreads" (its 25 questions of
every type, repeated with new ids), then each command runs for real, in a process of its own
(``learnmeta export-qti``, ``import-qti``, ``export-moodle-xml``, ``import-moodle-xml``), so each
time is the whole command's, Python's start and the check of the imported pack included. It
prints the seconds, the sizes of what was written (the zip, its manifest, the Moodle XML) against
the import limits (learnmeta/instructor/interchange.py), and whether each import gave back the
same pack. Nothing here is asserted by a test; docs/performance.md keeps the latest figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_pack(path: Path, count: int) -> None:
    import tomli_w

    data = tomllib.loads((ROOT / "quizzes" / "where-cancer-spreads.toml").read_text(encoding="utf-8"))
    base = data["questions"]
    data["pack"]["id"] = "bench-interchange"
    data["questions"] = [dict(q, id=f"{q['id']}-{n}") for n in range(count // len(base) + 1) for q in base][:count]
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def run(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "learnmeta", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"learnmeta {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def measure(count: int) -> dict[str, float | int | bool]:
    from learnmeta.content.loader import load_pack
    from learnmeta.instructor import interchange

    folder = Path(tempfile.mkdtemp(prefix="bench-interchange-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEARNMETA_HOME": str(folder / "home"),
           "LEARNMETA_CACHE": str(folder / "cache")}
    pack = folder / "pack.toml"
    make_pack(pack, count)
    figures: dict[str, float | int | bool] = {"questions": count, "pack_kb": pack.stat().st_size // 1024}
    figures["export_qti_s"] = run("export-qti", str(pack), "-o", str(folder / "p.zip"), env=env)
    figures["import_qti_s"] = run("import-qti", str(folder / "p.zip"), "-o", str(folder / "q.toml"), env=env)
    with zipfile.ZipFile(folder / "p.zip") as archive:
        manifest = archive.getinfo("imsmanifest.xml").file_size
    figures["zip_kb"] = (folder / "p.zip").stat().st_size // 1024
    figures["manifest_kb"] = manifest // 1024
    figures["manifest_limit_kb"] = interchange.MAX_MANIFEST_BYTES // 1024
    figures["export_moodle_s"] = run("export-moodle-xml", str(pack), "-o", str(folder / "m.xml"), env=env)
    figures["import_moodle_s"] = run("import-moodle-xml", str(folder / "m.xml"), "-o", str(folder / "m.toml"), env=env)
    figures["moodle_xml_kb"] = (folder / "m.xml").stat().st_size // 1024
    figures["moodle_limit_kb"] = interchange.MAX_XML_BYTES // 1024
    original = load_pack(pack)
    figures["qti_same"] = load_pack(folder / "q.toml") == original
    figures["moodle_same"] = load_pack(folder / "m.toml") == original
    return figures


def main(argv: list[str]) -> int:
    counts = [int(a) for a in argv] or [2000, 20000]
    for count in counts:
        figures = measure(count)
        print("  ".join(f"{key}={value:.2f}" if isinstance(value, float) else f"{key}={value}"
                        for key, value in figures.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
