"""`learnmeta serve` attacked from outside: what it starts, reads and keeps when what is around it
is hostile (the folder it is started in, planted files, forged requests). Real processes on
loopback, as in test_serve_server.py."""

from __future__ import annotations

import pytest

from serve_scaffold import NO_UNRAISABLE, client_for, until as _until, until_shown

pytestmark = NO_UNRAISABLE


async def _until_shown(websocket, text: bytes, seconds: float = 60) -> bytes:
    return await until_shown(websocket, text, seconds, give_up_quietly=True)


PLANTED = """open({marker!r}, "a").write("planted code ran\\n")
__path__[:] = [{real!r}]  # then the real package, so that the tab still works
exec(compile(open({real!r} + "/__init__.py").read(), "learnmeta", "exec"))
"""


@pytest.mark.parametrize("ahead", [False, True])
async def test_python_files_in_the_folder_serve_is_started_in_are_never_run(client_for, tmp_path,
                                                                            monkeypatch, ahead):
    """`learnmeta serve` started in a folder that holds Python files (a download, someone's
    project) runs none of them in a tab's app: ``python -m`` put that folder first on the app's
    import path, before learnmeta and the standard library."""
    from pathlib import Path

    import learnmeta
    from learnmeta.serve import server as served

    folder = tmp_path / "downloads"
    marker = tmp_path / "planted-code-ran"
    (folder / "learnmeta").mkdir(parents=True)
    real = str(Path(learnmeta.__file__).resolve().parent)
    (folder / "learnmeta" / "__init__.py").write_text(PLANTED.format(marker=str(marker), real=real))
    monkeypatch.chdir(folder)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 0.0)
    client = await client_for()
    server = client.learn_server
    if ahead:
        server.start_ahead()
    try:
        origin = f"http://{client.host}:{client.port}"
        websocket = await client.ws_connect("/ws?width=80&height=24", headers={"Origin": origin})
        shown = await _until_shown(websocket, b"Who is learning")
        await websocket.close()
        await _until(lambda: not server.sessions)
    finally:
        await server.stop_ahead()
    assert not marker.exists(), marker.read_text()
    assert b"Who is learning" in shown


@pytest.mark.parametrize("host", ["127.0.0.2", "127.9.8.7", "0:0:0:0:0:0:0:1"])
async def test_a_server_on_another_loopback_address_answers_at_it(client_for, host):
    """`learnmeta serve --host 127.0.0.2` (allowed: a loopback address) printed that address and
    then refused every request made to it ("answers only at ... 127.0.0.1", where nothing
    listened). Names other than localhost are still refused (DNS rebinding)."""
    client = await client_for(host=host)
    shown = f"[{host}]" if ":" in host else host
    response = await client.get("/", headers={"Host": f"{shown}:8000"})
    assert response.status == 200
    assert "<title>learnmeta</title>" in await response.text()
    for name in ("127.0.0.2.evil.example:8000", "2130706433:8000", "10.0.0.1:8000"):
        assert (await client.get("/", headers={"Host": name})).status == 403, name


async def test_two_tabs_of_one_remembered_browser_opened_at_once_never_both_write(client_for, tmp_path,
                                                                                  monkeypatch):
    """Both tabs ask for the remembered learner before either app has said it has them open:
    one opens them, the other is read-only ("open in another") or asks "Who is learning?"."""
    import asyncio

    from learnmeta.progress import ProgressStore
    from learnmeta.serve.browsers import COOKIE

    home = tmp_path / "home"
    monkeypatch.setenv("LEARNMETA_HOME", str(home))
    with ProgressStore.open(home / "learners" / "ann.toml") as store:
        store.update_settings(welcomed=True, name="Ann")
    client = await client_for()
    server = client.learn_server
    await client.get("/")
    key = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    server.browsers.remember(server.browsers.known(key), "ann")
    origin = {"Origin": f"http://{client.host}:{client.port}"}
    first, second = await asyncio.gather(client.ws_connect("/ws?width=80&height=24", headers=origin),
                                         client.ws_connect("/ws?width=80&height=24", headers=origin))
    shown = await asyncio.gather(_until_shown(first, b"Lessons", 60), _until_shown(second, b"Lessons", 60))
    await asyncio.sleep(3)
    more = await asyncio.gather(_until_shown(first, b"\x00never", 2), _until_shown(second, b"\x00never", 2))
    screens = [a + b for a, b in zip(shown, more)]
    await first.close()
    await second.close()
    await _until(lambda: not server.sessions)
    writing = [s for s in screens if b"Lessons" in s and b"open in another" not in s]
    assert len(writing) == 1, [s[-400:] for s in screens]


@pytest.mark.parametrize("how", ["cannot start", "killed"])
async def test_a_tab_whose_app_process_ends_without_quitting_is_told_the_session_ended(client_for, tmp_path,
                                                                                       monkeypatch, how):
    """An app process that cannot start (a broken install) or is killed (out of memory) left its
    tab at "learnmeta is starting..." or its last screen for ever, holding one of the server's
    places: the page is now closed, so it shows "This learnmeta session has ended"."""
    import asyncio
    import shlex
    import sys

    from aiohttp import WSMsgType

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    client = await client_for()
    server = client.learn_server
    if how == "cannot start":
        server.command = "exec " + shlex.join([sys.executable, "-c", "import sys; sys.exit(1)"])
    origin = {"Origin": f"http://{client.host}:{client.port}"}
    websocket = await client.ws_connect("/ws?width=80&height=24", headers=origin)
    if how == "killed":
        assert b"Who is learning" in await _until_shown(websocket, b"Who is learning")
        next(iter(server.sessions))._process.kill()
    closed = None
    loop = asyncio.get_running_loop()
    end = loop.time() + 20
    while closed is None and loop.time() < end:
        try:
            message = await websocket.receive(timeout=max(0.1, end - loop.time()))
        except asyncio.TimeoutError:
            break
        if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            closed = message.type
    await websocket.close()
    assert closed is not None, "the tab was never told its app had ended"
    await _until(lambda: not server.sessions)


READY_THEN_STUCK = ("import signal, sys, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                    "sys.stdout.buffer.write(b'learnmeta-ready\\n'); sys.stdout.flush()\ntime.sleep(600)")
"""An app process started ahead that says it is ready, then never reads its input (never quits
when told to), and ignores SIGTERM."""
OPENED_HERE = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}


async def test_a_server_that_stops_ends_its_stuck_apps_all_at_once(client_for, tmp_path, monkeypatch):
    """Pages asked for by several browsers, each page's app started with it and stuck (it ignores
    being told to quit): the server stopping ended them one after another, each given 10 s to quit
    and 10 s more to end before it was killed (4 pages and the app kept ready: 90 s; 40 tabs:
    800 s). They are now stopped together; every process is ended (the fixture checks)."""
    import shlex
    import sys

    from learnmeta.serve import server as served
    from learnmeta.serve.server import LearnService

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 0.0)
    monkeypatch.setattr(served, "STOP_WAIT", 1.0, raising=False)
    monkeypatch.setattr(served, "REAP_WAIT", 1.0)
    stopping: list[int] = []
    most: list[int] = [0]
    stop = LearnService.stop

    async def counted(self) -> None:
        stopping.append(1)
        most[0] = max(most[0], len(stopping))
        try:
            await stop(self)
        finally:
            stopping.pop()

    monkeypatch.setattr(LearnService, "stop", counted)
    client = await client_for()
    server = client.learn_server
    server.ahead_command = "exec " + shlex.join([sys.executable, "-c", READY_THEN_STUCK])
    server.start_ahead()
    for _ in range(served.PRESTARTED_MOST):
        await _until(lambda: server.ahead is not None and server.ahead.ready_now())
        client.session.cookie_jar.clear()  # a new browser each time
        await client.get("/", headers=OPENED_HERE)
    assert len(server._prestarted) == served.PRESTARTED_MOST
    processes = [service._process for service in server.sessions]
    await client.close()
    assert most[0] == served.PRESTARTED_MOST  # was 1: one after another
    assert all(process.returncode is not None for process in processes)
