"""A real Learning Record Store for the tests: Ralph, on 127.0.0.1, with its file-system backend.

:func:`start_ralph` starts Ralph's own LRS application (``ralph.api:app``, what ``ralph
runserver -b fs -p PORT --fs-default-directory-path DIR`` runs) on a free port of 127.0.0.1 with a
credentials file made for the test (a bcrypt hash of a password made up here; ``RALPH_AUTH_FILE``),
waits until it answers, and :func:`stop_ralph` stops it after (its own process group).

It runs uvicorn itself rather than ``ralph runserver`` for two reasons. ``runserver`` starts
uvicorn with ``reload=True`` (a file watcher and a second process). And Ralph 5.1.0's file-system
backend writes its one file with the ``create`` operation, which refuses to write once the file
exists: a second ``POST`` of new statements fails with HTTP 500 ("Statements bulk indexation
failed"), so it can hold one batch only. The server here makes that backend ``append`` instead
(one line, :data:`SHIM`), which is what its other backends (Elasticsearch, MongoDB, ClickHouse)
do; nothing else of Ralph changes. Skipped, saying how to install it, when ``ralph-malph`` is
not installed.

Beside it, what the tests that send to Ralph share: the module's :func:`ralph` fixture (import
it into the test module), the environment a learner's learnmeta sends in (:func:`use_ralph`, and
:func:`environment_for` for a module's own Ralph), and :func:`send`, :func:`stored_for` and
:func:`report_csv`.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "course-teacher"


@dataclass
class Ralph:
    url: str
    """The xAPI address, ``http://127.0.0.1:PORT/xAPI/``."""
    user: str
    password: str
    folder: Path

    def statements(self) -> list[dict]:
        """Every statement it holds (following ``more``). Tried again on an HTTP 500: the
        file-system backend answers a read with 500 when it meets a line being appended by a
        ``POST`` at that moment (a test that polls while an outbox sends)."""
        from learnmeta.lrs import Client

        return list(Client(self.url, self.user, self.password, tries=4, wait=0.2).fetch())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SHIM = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND  # see the module's notes
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def start_ralph(folder: Path, port: int | None = None,
                settings: dict[str, str] | None = None) -> tuple[Ralph, subprocess.Popen]:
    """Start Ralph and make sure the server answering is the one started here: a free port
    found by :func:`free_port` is free only until something binds it, and with the suite's
    workers in parallel another test's loopback server (one that answers every path, such as
    the hostile-answer tests') could take it while Ralph starts, answer the heartbeat, and be
    sent this test's statements. Then Ralph cannot bind it, and it is started again elsewhere.
    ``settings``: more of Ralph's settings (environment variables, such as
    ``RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT``)."""
    for _ in range(3):
        ralph, process = _start_ralph(folder, port, settings)
        if _is_ours(ralph, process):
            return ralph, process
        stop_ralph(process)
        port = None
    raise RuntimeError("Ralph could not start on a port of its own after 3 tries: "
                       + (folder / "ralph.log").read_text(errors="replace")[-2000:])


def _is_ours(ralph: Ralph, process: subprocess.Popen) -> bool:
    """The server on Ralph's port is our Ralph: the process still runs, and it knows this test's
    password (a statements query with it answers ``{"statements": [...]}``), which no other
    server can."""
    import base64

    time.sleep(0.5)  # a server that lost the port has exited by now
    if process.poll() is not None:
        return False
    token = base64.b64encode(f"{ralph.user}:{ralph.password}".encode()).decode()
    request = urllib.request.Request(
        ralph.url + "statements?limit=1",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
    )
    wrong = urllib.request.Request(
        ralph.url + "statements?limit=1",
        headers={"Authorization": "Basic " + base64.b64encode(b"nobody:wrong").decode(),
                 "X-Experience-API-Version": "1.0.3"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = json.loads(answer.read())
        if not (isinstance(body, dict) and isinstance(body.get("statements"), list)):
            return False
        try:
            urllib.request.urlopen(wrong, timeout=30).close()
            return False  # it let a wrong password in: not Ralph
        except urllib.error.HTTPError as error:
            return error.code == 401
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _start_ralph(folder: Path, port: int | None = None,
                 settings: dict[str, str] | None = None) -> tuple[Ralph, subprocess.Popen]:
    import importlib.util

    if importlib.util.find_spec("ralph") is None or importlib.util.find_spec("bcrypt") is None:
        pytest.skip("needs ralph-malph[cli,lrs,backend-fs] (pip install -e '.[test]')")
    import bcrypt

    folder.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    auth = folder / "auth.json"
    auth.write_text(json.dumps([{
        "username": USER,
        "hash": bcrypt.hashpw(password.encode(), bcrypt.gensalt(4)).decode(),
        "scopes": ["all"],
        "agent": {"mbox": "mailto:teacher@example.org"},
    }]), encoding="utf-8")
    port = port or free_port()
    (folder / "data").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "RALPH_AUTH_FILE": str(auth),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        # Its own history file: by default every Ralph on the computer rewrites the same
        # history.json (one more entry for each read and each write, the whole file each time),
        # and a Ralph that reads it while another test's Ralph rewrites it answers HTTP 500.
        "RALPH_APP_DIR": str(folder / "app"),
        **(settings or {}),
    }
    with (folder / "ralph.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", SHIM, str(port)],
            cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    ralph = Ralph(f"http://127.0.0.1:{port}/xAPI/", USER, password, folder)
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            raise RuntimeError("Ralph stopped: " + (folder / "ralph.log").read_text(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__heartbeat__", timeout=2) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_ralph(process)
            raise RuntimeError("Ralph did not answer within 90 s: " + (folder / "ralph.log").read_text(errors="replace")[-2000:])
        time.sleep(0.25)
    return ralph, process


def stop_ralph(process: subprocess.Popen) -> None:
    """Stop the server we started: its own process group (start_new_session), by its id."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the reloader's worker, if it outlived it
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------------------------------------
# What the tests that send to Ralph share
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    """A Ralph for the test module, stopped after its last test."""
    server, process = start_ralph(tmp_path_factory.mktemp("ralph"))
    yield server
    stop_ralph(process)


def use_ralph(monkeypatch, home: Path, server: Ralph, base: str) -> None:
    """The environment of a learner's learnmeta that sends to ``server``: its data folder
    ``home``, the course's address ``base`` (activity ids are built on it), Ralph's credentials,
    and no anonymous key."""
    monkeypatch.setenv("LEARNMETA_HOME", str(home))
    monkeypatch.setenv("LEARNMETA_XAPI_BASE", base)
    monkeypatch.setenv("LEARNMETA_LRS_USER", server.user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", server.password)
    monkeypatch.delenv("LEARNMETA_ANONYMOUS_KEY", raising=False)


@contextlib.contextmanager
def environment_for(home: Path, server: Ralph, base: str):
    """:func:`use_ralph`'s data folder, address and credentials for a module's fixture (which
    has no monkeypatch), put back as they were after."""
    saved = {k: os.environ.get(k) for k in ("LEARNMETA_HOME", "LEARNMETA_LRS_USER", "LEARNMETA_LRS_PASSWORD",
                                             "LEARNMETA_XAPI_BASE")}
    os.environ.update(LEARNMETA_HOME=str(home), LEARNMETA_LRS_USER=server.user,
                      LEARNMETA_LRS_PASSWORD=server.password, LEARNMETA_XAPI_BASE=base)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def send(progress, url, *extra) -> int:
    """``learnmeta export --format xapi --progress PROGRESS --lrs URL``: its exit status."""
    from learnmeta.cli import main

    return main(["export", "--format", "xapi", "--progress", str(progress), "--lrs", url, *extra])


def stored_for(server: Ralph, learner_id: str) -> list[dict]:
    """The statements ``server`` holds about the learner with this id."""
    return [s for s in server.statements() if s["actor"].get("account", {}).get("name") == learner_id]


def report_csv(capsys, *args) -> str:
    """What ``learnmeta report --csv ARGS`` prints (it must succeed)."""
    from learnmeta.cli import main

    capsys.readouterr()
    status = main(["report", "--csv", *args])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return captured.out
