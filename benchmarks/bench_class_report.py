"""Benchmark: the class report for 1,000 and 10,000 learners, from files and from a Learning Record Store.

In the suite (``python -m benchmarks``, part ``class_report``): :func:`measure`. Alone:
``python benchmarks/bench_class_report.py [N ...] [--real] [--ralph N]`` prints the same figures
for the sizes given (``--real``: through Ralph too, as below; ``--ralph N``: N learners through
Ralph with its own settings, pages of 100).

Each learner is a progress file and its answer log as the app writes them (``[learner]`` id, one
whole quiz on the built-in pack "how-cancer-spreads", 14 questions, each in the log; right or
wrong by a seeded coin weighted by the learner's ability), written directly with the formats' own
writers (the app's store saves after every answer, which would take far longer to make 10,000
learners with).

Every report is the real command, ``learnmeta report ... --csv -o FILE``, in a process of its own,
so its time is the whole command's (Python's start and the imports included) and its peak memory
its own (Linux's ``VmHWM``, which it prints as it ends: ``ru_maxrss`` would also count this
benchmark's own memory, which a process started from it inherits in that figure;
``..._worker_peak_mib``, the largest ``ru_maxrss`` of the processes that read a large class's
files, which counts the report's own size when it started them); its CPU time (its processes'
included) is measured too, which a busy machine inflates far less than the wall time. The
figures:

``report_1k_files_s``, ``report_10k_files_s`` (target <= 10 s)
    ``learnmeta report FOLDER`` on 1,000 and 10,000 learners' files.
``report_1k_lrs_s``, ``report_10k_lrs_s`` (target <= 20 s)
    ``learnmeta report --lrs URL`` on the same class's xAPI statements (16 a learner: 14 answers,
    "completed" and "passed"/"failed"), from an LRS that answers each page at once from memory
    (a small xAPI server here, as an LRS on a database serves a page from an index): what the
    report itself costs, paging, HTTP and reading every statement included. Each report must be
    the same as the report from the files.
``report_10k_lrs_real_s`` (target <= 20 s, as for any LRS; ``report_lrs_real`` names it)
    The same 10,000 learners through a real LRS: Ralph 5.1.0 on its file-system backend
    (tests/ralph_lrs.py), the only one that runs here from the package registries (Ralph's
    Elasticsearch, MongoDB and ClickHouse need servers that Debian and PyPI do not have, or not
    new enough). Ralph is started with ``RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT=20000``, sent the
    statements in batches of 10,000 (``..._send_s``), and the report asks for pages of 20,000
    (``--page-size``): its file-system backend reads its one file from the start for every page
    (and for every batch sent, to find statements it already has), so its time grows with the
    square of the class divided by the page; with Ralph's own pages of 100 it would take hours.
    Ralph then spends about 0.2 ms of CPU a statement (about half reading its file again for each
    page, the rest pydantic serialising each page's statements, then JSON: docs/performance.md,
    the class report's "Third pass"). ``..._cpu_s`` and ``..._peak_mib`` are the report's own;
    ``..._ralph_cpu_s`` is Ralph's CPU time meanwhile (Linux), the LRS's share. Left out, with
    ``report_10k_lrs_real_skipped`` saying why, without Ralph.
``report_lrs_ralph_fs_s`` (with ``report_lrs_ralph_fs_learners``; only with ``--ralph N``)
    N learners through Ralph with its settings as they come (pages of 100), as a course first
    trying it would see; ``ralph_fs_send_s`` is the time to send it the statements (batches of
    100). docs/performance.md has the numbers, and docs/lrs.md the backends a course runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PACK = "how-cancer-spreads"
UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BASE = "https://course.example.edu/learnmeta"
TARGETS = {"report_10k_files_s": 10.0, "report_10k_lrs_s": 20.0, "report_10k_lrs_real_s": 20.0}


def write_class(folder: Path, size: int) -> list[Path]:
    """``size`` learners' progress files in ``folder`` (see the module's notes)."""
    return [path for path, _ in make_class(folder, size)]


def make_class(folder: Path, size: int):
    """(path, progress) of each learner, the file written."""
    from class_helpers import answer_for, pack

    from learnmeta.progress import answerlog
    from learnmeta.progress.fileformat import dumps
    from learnmeta.progress.model import (
        AnswerLogState, Attempt, HistoryEntry, PackProgress, Progress, QuestionProgress, Settings,
    )
    from learnmeta.quiz.engine import check_answer

    model = pack(PACK)
    folder.mkdir(parents=True, exist_ok=True)
    outcomes = {
        (q.id, right): check_answer(q, answer_for(q, right)) for q in model.questions for right in (True, False)
    }
    made = []
    for n in range(size):
        rng = random.Random(n)
        ability = 0.25 + 0.65 * rng.random()
        when = START + dt.timedelta(minutes=n)
        attempt_id = f"{when:%Y%m%dT%H%M%S}-{n:06x}"
        progress = Progress(created=when, saved=when, saved_by="learnmeta benchmark",
                            learner=Settings(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                             name=f"Learner {n % 50}"))
        right_count = 0
        questions = {}
        for question in model.questions:
            when += dt.timedelta(seconds=rng.randint(8, 90))
            outcome = outcomes[(question.id, rng.random() < ability)]
            ok = bool(outcome.correct)
            right_count += ok
            progress.history.answers.append(HistoryEntry(
                when=when, pack=PACK, version=model.pack.version, question=question.id,
                response=outcome.response_text[:200], correct=ok, attempt=attempt_id,
                id=str(uuid.UUID(int=rng.getrandbits(128), version=4))))
            questions[question.id] = QuestionProgress(
                seen=1, correct=int(ok), last_correct=ok, last_answered=when,
                last_answer=outcome.response_text[:200], lesson=question.lesson, section=question.section)
        progress.questions[PACK] = questions
        total = len(model.questions)
        percent = round(100 * right_count / total)
        passed = percent >= model.pack.pass_mark
        progress.packs[PACK] = PackProgress(
            version=model.pack.version, attempts_total=1, finished_total=1, passed_total=int(passed),
            best_percent=percent,
            attempts=[Attempt(id=attempt_id, pack_version=model.pack.version, started=START + dt.timedelta(minutes=n),
                              answered=total, finished=when, correct=right_count, total=total,
                              percent=percent, passed=passed)])
        path = folder / f"learner-{n:05d}.toml"
        log = answerlog.header(progress.learner.id) + b"".join(
            answerlog.encode_answer(entry) for entry in progress.history.answers)
        answerlog.log_path(path).write_bytes(log)
        progress.answer_log = AnswerLogState(size=len(log), last=progress.history.answers[-1].id)
        path.write_text(dumps(progress), encoding="utf-8")  # the summary: without the answers
        made.append((path, progress))
    return made


def class_statements(made) -> list[bytes]:
    """Every learner's statements (as ``learnmeta export --format xapi`` makes them, without the
    lesson pages, which these learners have none of), each as JSON."""
    from class_helpers import library

    from learnmeta.instructor import results, xapi

    packs = {p.id: p for p in library().packs}
    out = []
    for _, progress in made:
        learner = progress.learner.id
        agent = results.actor(account_name=learner, home=xapi.home_page(BASE))
        starts = {a.id: results.iso(a.started) for p in progress.packs.values() for a in p.attempts}
        for statement in xapi.statements(agent, learner, results.answer_records(progress, learner),
                                         results.attempt_records(progress, learner), base=BASE, packs=packs,
                                         attempt_starts=starts):
            out.append(json.dumps(statement, ensure_ascii=False).encode("utf-8"))
    return out


# ----------------------------------------------------------------------------------------------
# An LRS that answers from memory
# ----------------------------------------------------------------------------------------------


class MemoryLrs:
    """A minimal xAPI statements resource on 127.0.0.1: ``GET /xAPI/statements?limit=N`` pages
    through the statements given, with ``more`` links, each page answered at once (Basic auth).
    What an LRS with an index does; only for measuring the report's own share."""

    def __init__(self, statements: list[bytes], user: str = "bench", password: str = "bench-pw",
                 page: int = 500) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs, urlsplit
        import base64

        self.user, self.password = user, password
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        most = page

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.end_headers()
                    return
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                limit = min(int(query.get("limit", [most])[0]), most)
                start = int(query.get("cursor", ["0"])[0])
                chunk = statements[start:start + limit]
                more = f"/xAPI/statements?limit={limit}&cursor={start + limit}" if start + limit < len(statements) else ""
                body = b'{"statements":[' + b",".join(chunk) + b'],"more":' + json.dumps(more).encode() + b"}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# ----------------------------------------------------------------------------------------------
# The command, measured
# ----------------------------------------------------------------------------------------------

_CHILD = (
    "import json, resource, sys\n"
    "sys.path.insert(0, sys.argv.pop(1))\n"
    "from child import peak_rss_kib\n"
    "from learnmeta.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "workers = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('BENCH ' + json.dumps({'status': status, 'cpu_s': usage.ru_utime + usage.ru_stime"
    " + workers.ru_utime + workers.ru_stime, 'peak_kib': peak_rss_kib(),"
    " 'worker_peak_kib': workers.ru_maxrss}), file=sys.stderr)\n"
)
"""The report's own process: its peak is ``VmHWM`` (benchmarks/child.py's ``peak_rss_kib``), not
``ru_maxrss``, which on Linux keeps the resident size of the process it was started from (this
benchmark's, holding the class's statements: it made the LRS's peak look like 492 MiB)."""


def run_report(args: list[str], env: dict[str, str], output: Path) -> dict:
    """``learnmeta report ARGS --csv -o OUTPUT`` in a process of its own: its wall and CPU
    seconds, its peak memory, the report's text."""
    output.unlink(missing_ok=True)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, str(Path(__file__).resolve().parent), "report", *args,
                           "--csv", "-o", str(output)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - began
    said = [line for line in done.stderr.splitlines() if line.startswith("BENCH ")]
    if not said:
        raise SystemExit(f"learnmeta report did not finish: {done.stderr[-1000:]}")
    figures = json.loads(said[-1][6:])
    if figures["status"] != 0:
        raise SystemExit(f"learnmeta report exited {figures['status']}: {done.stderr[-1000:]}")
    return {"wall_s": wall, "cpu_s": figures["cpu_s"], "peak_mib": figures["peak_kib"] / 1024,
            "worker_peak_mib": figures["worker_peak_kib"] / 1024, "text": output.read_text(encoding="utf-8")}


def _env(folder: Path, user: str = "", password: str = "") -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LEARNMETA_HOME": str(folder / "home"),
           "LEARNMETA_CACHE": str(folder / "cache"), "LEARNMETA_XAPI_BASE": BASE}
    if user:
        env["LEARNMETA_LRS_USER"], env["LEARNMETA_LRS_PASSWORD"] = user, password
    return env


def _label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def measure_size(folder: Path, size: int, say=lambda text: None, real_lrs: bool = False) -> dict:
    """The report from files and from the memory LRS for ``size`` learners; with ``real_lrs``,
    through Ralph too (:func:`measure_ralph_real`)."""
    made = make_class(folder / f"class-{size}", size)
    megabytes_files = sum(path.stat().st_size for path, _ in made) / 1e6
    files = run_report([str(folder / f"class-{size}")], _env(folder), folder / "report-files.csv")
    label = _label(size)
    say(f"{size:>6} learners: files {megabytes_files:.1f} MB; report from files {files['wall_s']:.1f} s (CPU {files['cpu_s']:.1f} s, "
        f"peak {files['peak_mib']:.0f} MiB)")
    statements = class_statements(made)
    del made
    server = MemoryLrs(statements)
    try:
        lrs = run_report(["--lrs", server.url], _env(folder, server.user, server.password),
                         folder / "report-lrs.csv")
    finally:
        server.close()
    if lrs["text"] != files["text"]:
        raise SystemExit(f"the report from the LRS differs from the report from the files ({size} learners)")
    say(f"{size:>6} learners: report from the LRS ({len(statements):,} statements, pages of 500) "
        f"{lrs['wall_s']:.1f} s (CPU {lrs['cpu_s']:.1f} s, peak {lrs['peak_mib']:.0f} MiB): the same report")
    megabytes = sum(len(s) for s in statements) / 1e6
    real = measure_ralph_real(folder, size, statements, files["text"], say) if real_lrs else {}
    return {
        **real,
        f"report_{label}_files_s": round(files["wall_s"], 2),
        f"report_{label}_files_cpu_s": round(files["cpu_s"], 2),
        f"report_{label}_files_peak_mib": round(files["peak_mib"], 1),
        f"report_{label}_files_worker_peak_mib": round(files["worker_peak_mib"], 1),
        f"report_{label}_lrs_s": round(lrs["wall_s"], 2),
        f"report_{label}_lrs_cpu_s": round(lrs["cpu_s"], 2),
        f"report_{label}_lrs_peak_mib": round(lrs["peak_mib"], 1),
        f"report_{label}_statements": len(statements),
        f"report_{label}_statements_mb": round(megabytes, 1),
    }


REAL_PAGE = 20_000
"""Statements a page through Ralph's file-system backend (``report --page-size``, and Ralph's
``RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT``): the most ``learnmeta report`` asks for."""
REAL_BATCH = 10_000
"""Statements sent to Ralph in one ``POST``: it reads its whole file for each batch."""


def measure_ralph_real(folder: Path, size: int, statements: list[bytes], files_text: str,
                       say=lambda text: None) -> dict:
    """``report_{size}_lrs_real_s``: the report through the real Ralph 5.1.0 (file-system backend,
    tests/ralph_lrs.py) holding the class's ``statements``, sent to it in batches of
    :data:`REAL_BATCH` and read in pages of :data:`REAL_PAGE`; the same report as from the files,
    or the benchmark fails. Skipped, saying why, without Ralph."""
    import importlib.util

    label = _label(size)
    if importlib.util.find_spec("ralph") is None or importlib.util.find_spec("bcrypt") is None:
        return {f"report_{label}_lrs_real_skipped": "ralph-malph is not installed (pip install -e '.[test]')"}
    from ralph_lrs import start_ralph, stop_ralph

    from learnmeta.lrs import Client

    server, process = start_ralph(folder / f"ralph-real-{size}",
                                  settings={"RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(REAL_PAGE)})
    try:
        client = Client(server.url, server.user, server.password, timeout=3600)
        began = time.perf_counter()
        for start in range(0, len(statements), REAL_BATCH):  # the JSON as made, not parsed again here
            status, _ = client._request("POST", client.url, b"[" + b",".join(statements[start:start + REAL_BATCH]) + b"]")
            if status != 200:
                raise SystemExit(f"Ralph answered HTTP {status} to a batch of statements")
        sent = time.perf_counter() - began
        ralph_before = cpu_seconds_of(process.pid)
        lrs = run_report(["--lrs", server.url, "--page-size", str(REAL_PAGE)],
                         _env(folder, server.user, server.password), folder / "report-ralph-real.csv")
        ralph_after = cpu_seconds_of(process.pid)
    finally:
        stop_ralph(process)
    ralph_cpu = {f"report_{label}_lrs_real_ralph_cpu_s": round(ralph_after - ralph_before, 2)
                 if ralph_before is not None and ralph_after is not None else None}
    if lrs["text"] != files_text:
        raise SystemExit(f"the report from Ralph differs from the report from the files ({size} learners)")
    say(f"{size:>6} learners through Ralph 5.1.0 (file-system backend, pages of {REAL_PAGE:,}): sent "
        f"{len(statements):,} statements in {sent:.1f} s; report {lrs['wall_s']:.1f} s (CPU of the report "
        f"{lrs['cpu_s']:.1f} s, peak {lrs['peak_mib']:.0f} MiB; Ralph's CPU meanwhile "
        f"{ralph_cpu[f'report_{label}_lrs_real_ralph_cpu_s'] or 0:.1f} s): the same report")
    return {
        **{key: value for key, value in ralph_cpu.items() if value is not None},
        f"report_{label}_lrs_real_s": round(lrs["wall_s"], 2),
        f"report_{label}_lrs_real_cpu_s": round(lrs["cpu_s"], 2),
        f"report_{label}_lrs_real_peak_mib": round(lrs["peak_mib"], 1),
        f"report_{label}_lrs_real_send_s": round(sent, 2),
        "report_lrs_real": f"Ralph 5.1.0, file-system backend, pages of {REAL_PAGE:,}",
    }


def cpu_seconds_of(pid: int) -> float | None:
    """The CPU seconds (user and system) the process ``pid`` has used so far (Linux's
    ``/proc/PID/stat``); None where there is no such file. Ralph runs in one process here
    (tests/ralph_lrs.py), so this is the LRS's own share of a report through it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measure_ralph(folder: Path, size: int, say=lambda text: None) -> dict:
    """The report through the real Ralph (file-system backend) for ``size`` learners."""
    import importlib.util

    if importlib.util.find_spec("ralph") is None:
        return {"report_lrs_ralph_fs_skipped": "ralph-malph is not installed (pip install -e '.[test]')"}
    from ralph_lrs import start_ralph, stop_ralph

    from learnmeta.lrs import Client

    made = make_class(folder / f"ralph-class-{size}", size)
    files = run_report([str(folder / f"ralph-class-{size}")], _env(folder), folder / "report-ralph-files.csv")
    statements = [json.loads(s) for s in class_statements(made)]
    server, process = start_ralph(folder / f"ralph-{size}")
    try:
        began = time.perf_counter()
        Client(server.url, server.user, server.password).send(statements)
        sent = time.perf_counter() - began
        lrs = run_report(["--lrs", server.url], _env(folder, server.user, server.password),
                         folder / "report-ralph.csv")
    finally:
        stop_ralph(process)
    if lrs["text"] != files["text"]:
        raise SystemExit("the report from Ralph differs from the report from the files")
    say(f"{size:>6} learners through Ralph (file-system backend): sent {len(statements):,} statements in "
        f"{sent:.1f} s; report {lrs['wall_s']:.1f} s (CPU of the report {lrs['cpu_s']:.1f} s): the same report")
    return {
        "report_lrs_ralph_fs_s": round(lrs["wall_s"], 2),
        "report_lrs_ralph_fs_cpu_s": round(lrs["cpu_s"], 2),
        "report_lrs_ralph_fs_learners": size,
        "ralph_fs_send_s": round(sent, 2),
    }


def measure(folder: Path, quick: bool = False, sizes: list[int] | None = None, ralph: int | None = None,
            say=lambda text: None) -> dict:
    """The suite's part ``class_report``: 1,000 and 10,000 learners (5 with ``quick``), from
    files and from an LRS; the largest through Ralph's file-system backend too; with ``ralph``,
    that many learners through Ralph as a course first tries it (its settings as they come)."""
    sizes = sizes or ([5] if quick else [1_000, 10_000])
    results: dict = {}
    for size in sizes:
        results.update(measure_size(folder, size, say, real_lrs=size == max(sizes)))
    if quick:  # the figures of a tiny class under the names the suite shows
        for source in ("files", "lrs", "lrs_real"):
            if f"report_5_{source}_s" in results:
                results[f"report_10k_{source}_s"] = results.pop(f"report_5_{source}_s")
        if "report_5_lrs_real_skipped" in results:
            results["report_10k_lrs_real_skipped"] = results.pop("report_5_lrs_real_skipped")
        results["report_class_learners"] = 5
    if ralph:
        results.update(measure_ralph(folder, ralph, say))
    return results


def main(argv: list[str]) -> int:
    ralph = None
    real = False
    sizes: list[int] = []
    words = iter(argv)
    for word in words:
        if word in ("--lrs", "--ralph"):
            ralph = int(next(words))
        elif word == "--real":
            real = True
        else:
            sizes.append(int(word))
    if not sizes and ralph is None:
        sizes = [1_000, 10_000]
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for size in sizes:
            results.update(measure_size(Path(tmp), size, print, real_lrs=real))
        if ralph:
            results.update(measure_ralph(Path(tmp), ralph, print))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
