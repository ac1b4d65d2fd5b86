"""Where Ralph's time goes when a class report reads a class from it (docs/performance.md, the class
report's "Fourth pass"): Ralph's own CPU time to answer every page of a class, per page size, per
form of the statements it holds, and with its cycle collector as it comes, with higher thresholds,
or off.

    python benchmarks/ralph_costs.py LEARNERS [--pages 20000,40000] [--statements as-sent,slim]
                                              [--collector on,raised,off] [--rounds N] [--json]

The class is benchmarks/bench_class_report.py's (16 statements a learner, as ``learnmeta export
--format xapi`` makes them). Each form of the statements and each collector is a Ralph 5.1.0 of
its own (file-system backend, started as tests/ralph_lrs.py starts it, with
``RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT`` the largest page asked for), sent the class in batches
of 10,000; then, round after round, every page of the class is asked for through
:meth:`learnmeta.lrs.Client.fetch` (pages asked for ahead, as the report does) and Ralph's CPU time
meanwhile is read from ``/proc`` (Linux). Only the client is learnmeta's; the report's own share
is measured by bench_class_report.py.

Forms of the statements (none of them is what learnmeta sends, but ``as-sent``; measured to see
what a smaller statement would save):

``as-sent``
    as learnmeta makes them.
``slim``
    without what repeats without adding anything an LRS can use: a question's ``description``
    where it is its ``name``, the definitions of the context's parent (the pack) and grouping (the
    lesson) activities, which the pack's own statements carry, and ``objectType: Activity``.
``no-question-definitions``
    ``slim`` without the questions' definitions on "answered" (what they asked and their choices):
    what an LRS could no longer show. A bound, not a proposal.

Collectors (a line put before uvicorn starts in Ralph's process; no setting of Ralph's does it):
``on`` (as it comes), ``raised`` (``gc.set_threshold(100_000, 50, 1000)``), ``off``
(``gc.disable()``).
"""

from __future__ import annotations

import copy
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

COLLECTORS = {"on": "", "raised": "import gc; gc.set_threshold(100_000, 50, 1000)\n", "off": "import gc; gc.disable()\n"}
BATCH = 10_000


def _slim(statement: dict) -> dict:
    statement = copy.deepcopy(statement)
    thing = statement.get("object", {})
    definition = thing.get("definition")
    if isinstance(definition, dict) and definition.get("description") == definition.get("name"):
        definition.pop("description", None)
    if thing.get("objectType") == "Activity":
        thing.pop("objectType")
    for activities in statement.get("context", {}).get("contextActivities", {}).values():
        for activity in activities:
            activity.pop("definition", None)
            activity.pop("objectType", None)
    return statement


def _no_question_definitions(statement: dict) -> dict:
    statement = _slim(statement)
    if statement["verb"]["id"].endswith("/answered"):
        statement["object"].pop("definition", None)
    return statement


FORMS = {"as-sent": lambda statement: statement, "slim": _slim, "no-question-definitions": _no_question_definitions}


def measure(learners: int, pages: list[int], forms: list[str], collectors: list[str], rounds: int = 1,
            say=print) -> list[dict]:
    import ralph_lrs
    from bench_class_report import class_statements, cpu_seconds_of, make_class

    from learnmeta.lrs import Client

    shim = ralph_lrs.SHIM
    results: list[dict] = []
    servers = []
    with tempfile.TemporaryDirectory() as tmp:
        made = make_class(Path(tmp) / "class", learners)
        statements = [json.loads(text) for text in class_statements(made)]
        del made
        try:
            for form in forms:
                raw = [json.dumps(FORMS[form](s), ensure_ascii=False).encode("utf-8") for s in statements]
                for collector in collectors:
                    ralph_lrs.SHIM = shim.replace("import uvicorn", COLLECTORS[collector] + "import uvicorn")
                    try:
                        server, process = ralph_lrs.start_ralph(
                            Path(tmp) / f"ralph-{form}-{collector}",
                            settings={"RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(max(pages))})
                    finally:
                        ralph_lrs.SHIM = shim
                    servers.append((form, collector, server, process))
                    client = Client(server.url, server.user, server.password, timeout=3600)
                    for start in range(0, len(raw), BATCH):
                        status, _ = client._request("POST", client.url, b"[" + b",".join(raw[start:start + BATCH]) + b"]")
                        if status != 200:
                            raise SystemExit(f"Ralph answered HTTP {status} to a batch of statements")
                    say(f"{form}, collector {collector}: {len(raw):,} statements, {sum(map(len, raw)) / len(raw):,.0f} "
                        "bytes each as sent")
            for number in range(rounds):
                for page in pages:
                    for form, collector, server, process in servers:
                        client = Client(server.url, server.user, server.password, timeout=3600,
                                        max_answer_bytes=1 << 31)  # pages beyond the report's own bound
                        before, began = cpu_seconds_of(process.pid), time.perf_counter()
                        count = sum(1 for _ in client.fetch(limit=page))
                        after, wall = cpu_seconds_of(process.pid), time.perf_counter() - began
                        ralph_cpu = round(after - before, 2) if before is not None and after is not None else None
                        results.append({"learners": learners, "statements": count, "form": form,
                                        "collector": collector, "page": page, "round": number,
                                        "ralph_cpu_s": ralph_cpu, "wall_s": round(wall, 2),
                                        "load": round(os.getloadavg()[0], 1)})
                        say(f"round {number}, pages of {page:,}, {form}, collector {collector}: {count:,} statements, "
                            f"Ralph's CPU {ralph_cpu} s, {wall:.1f} s in all (load {os.getloadavg()[0]:.1f})")
        finally:
            for _, _, _, process in servers:
                ralph_lrs.stop_ralph(process)
    return results


def main(argv: list[str]) -> int:
    import importlib.util

    options = {"--pages": "20000", "--statements": "as-sent", "--collector": "on", "--rounds": "1"}
    as_json = "--json" in argv
    words = [word for word in argv if word != "--json"]
    learners = None
    while words:
        word = words.pop(0)
        if word in options and words:
            options[word] = words.pop(0)
        elif word.isdigit() and learners is None:
            learners = int(word)
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
    forms, collectors = options["--statements"].split(","), options["--collector"].split(",")
    if learners is None or any(f not in FORMS for f in forms) or any(c not in COLLECTORS for c in collectors):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if importlib.util.find_spec("ralph") is None:
        print("ralph-malph is not installed (pip install -e '.[test]')", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that the Ralphs started are stopped
    results = measure(learners, [int(p) for p in options["--pages"].split(",")], forms, collectors,
                      int(options["--rounds"]), say=(lambda text: print(text, file=sys.stderr)) if as_json else print)
    if as_json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
