"""`learnmeta serve`'s web server without a browser: what it answers, to whom, and with what
(aiohttp's test client; the browser tests are in test_serve_browser.py)."""

from __future__ import annotations

import re

import pytest

from learnmeta.serve.gate import COOKIE
from learnmeta.serve.server import LearnServer
from serve_scaffold import NO_UNRAISABLE, client_for, until, until_shown as _until_shown

pytestmark = NO_UNRAISABLE

WS_HEADERS = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
              "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


async def test_the_page_has_its_title_theme_and_no_file_from_elsewhere(client_for):
    client = await client_for()
    response = await client.get("/")
    page = await response.text()
    assert response.status == 200
    assert "<title>learnmeta</title>" in page
    assert "googleapis" not in page and "https://" not in page
    # no icon to ask for (the browser asked for /favicon.ico as the page's websocket opened)
    assert '<link rel="icon" href="data:,">' in page
    # The terminal's font is fetched with the page's script, not after it (the terminal is made
    # only once everything the page uses has loaded).
    assert re.search(r'<link rel="preload" href="/static/fonts/RobotoMono-VariableFont_wght.ttf\?v=[0-9a-f]{16}" as="font"', page)
    assert (await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")).status == 200
    css = await (await client.get("/learnmeta/page.css")).text()
    assert "#121212" in css  # textual-dark's background, the app's default theme
    script = await (await client.get("/learnmeta/textual.js")).text()
    assert "screenReaderMode:!0" in script
    # xterm.js's DOM renderer draws: neither the WebGL nor the canvas renderer is set up.
    assert "new p.WebglAddon" not in script and "loadAddon(this.canvasAddon)" not in script


async def test_the_page_script_is_textual_serves_without_the_renderers_it_does_not_use(client_for, monkeypatch):
    """xterm.js's WebGL and canvas renderers, bundled in textual-serve's script and never set up,
    are left out of it (38% of it); a script other than the pinned one is served whole."""
    import shutil
    import subprocess
    from pathlib import Path

    from learnmeta.serve import server as served

    client = await client_for()
    shipped = (Path(client.learn_server.statics_path) / "js" / "textual.js").read_text("utf-8")
    script = await (await client.get("/learnmeta/textual.js")).text()
    assert "WebglAddon" in shipped and "CanvasAddon" in shipped
    assert "WebglAddon" not in script and "CanvasAddon" not in script
    assert len(script) < len(shipped) - 190_000
    assert ",180:e=>{e.exports={}}" in script and ",880:e=>{e.exports={}}" in script
    # what is left is the shipped script, in order (only the two modules and two lines are gone),
    # after V8's compile hint: every function runs on load, so Chromium compiles them all while
    # the script downloads, away from the page's main thread
    assert script.startswith("//# allFunctionsCalledOnLoad\n" + shipped[:1448])
    assert script.endswith(shipped[-2000:])
    assert "new v.Terminal(" in script and "screenReaderMode:!0" in script
    node = shutil.which("node")
    if node is not None:  # it is still JavaScript (the browser tests run it too)
        checked = subprocess.run([node, "--check", "-"], input=script, text=True,
                                 capture_output=True, timeout=60)
        assert checked.returncode == 0, checked.stderr

    monkeypatch.setattr(served, "SCRIPT_SHA256", "0" * 64)  # a textual-serve other than the pinned
    other = await client_for()
    whole = await (await other.get("/learnmeta/textual.js")).text()
    assert "WebglAddon" in whole and "CanvasAddon" in whole
    assert "screenReaderMode:!0" in whole and "loadAddon(this.canvasAddon)" not in whole
    assert served._cut_unused(shipped.replace(",880:e=>", ",881:e=>")) == shipped.replace(",880:e=>", ",881:e=>")


async def test_every_answer_carries_the_protective_headers(client_for):
    client = await client_for(class_dir=None)
    for path in ("/", "/learnmeta/page.css", "/nothing-here"):
        headers = (await client.get(path)).headers
        assert headers["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff", path


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.20:8000"])
async def test_on_ones_own_computer_only_loopback_names_are_answered(client_for, host):
    client = await client_for()
    response = await client.get("/", headers={"Host": host})
    assert response.status == 403
    assert "answers only at its own address" in await response.text()
    for good in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"):
        assert (await client.get("/", headers={"Host": good})).status == 200, good


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null", "http://127.0.0.1:1"])
async def test_the_app_runs_only_for_its_own_page(client_for, origin):
    client = await client_for()
    headers = dict(WS_HEADERS)
    if origin:
        headers["Origin"] = origin
    response = await client.get("/ws", headers=headers)
    assert response.status == 403
    assert not client.learn_server.sessions


async def test_in_a_class_nothing_but_the_join_page_answers_without_the_code(client_for, tmp_path):
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    response = await client.get("/", allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/join"
    origin = f"http://{client.host}:{client.port}"
    for path in ("/ws", "/download/anything", "/?x=1", "/ws/", "/WS", "/static/../ws",
                 "/learnmeta/../ws", "/join/../ws", "/static/%2e%2e/ws"):
        response = await client.get(path, headers={**WS_HEADERS, "Origin": origin},
                                    allow_redirects=False)
        assert response.status in (303, 401, 404), path
        assert response.status != 101
    forged = await client.get("/ws", headers={**WS_HEADERS, "Origin": origin},
                              cookies={COOKIE: "made-up"})
    assert forged.status == 401
    assert not client.learn_server.sessions


async def test_in_a_class_the_right_code_gives_a_cookie_the_page_cannot_read(client_for, tmp_path):
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    response = await client.post("/join", data={"code": "abcd efgh"}, allow_redirects=False)
    assert response.status == 303
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = await client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert page.status == 200 and "wss://" in await page.text()  # behind an HTTPS proxy


async def test_a_wrong_or_malformed_code_is_refused(client_for, tmp_path):
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    wrong = await client.post("/join", data={"code": "ABCD-EFGX"})
    assert wrong.status == 401 and "not right" in await wrong.text()
    huge = await client.post("/join", data={"code": "A" * 100_000})
    assert huge.status in (400, 413)
    assert (await client.post("/join", data=b"\xff\xfe", headers={
        "Content-Type": "application/x-www-form-urlencoded"})).status in (400, 401)
    assert COOKIE not in client.session.cookie_jar.filter_cookies(client.make_url("/"))


async def test_when_full_the_next_learner_is_told_so(client_for):
    client = await client_for(max_sessions=1)
    client.learn_server.sessions.add(object())  # one session running
    response = await client.get("/")
    assert response.status == 503
    assert "learnmeta is full: 1 learners are using it now" in await response.text()


class _DeliveringApp:
    """Stands in for an app process that delivers a file (as App.deliver_text does)."""

    app_service_id = "app-1"

    def __init__(self, manager, chunks):
        self.manager, self.chunks = manager, list(chunks)

    async def send_meta(self, data) -> bool:
        await self.manager.chunk_received(data["key"], self.chunks.pop(0) if self.chunks else b"")
        return True


async def test_my_questions_saved_in_a_browser_is_downloaded_only_with_the_code(client_for, tmp_path):
    # "s" on My questions delivers the checklist to the page, which opens /download/<key>:
    # the server must serve it (it answered 404, so nothing was saved), as an attachment with
    # the protective headers, and only to a browser that gave the join code.
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    manager = client.learn_server.download_manager
    key = "0f" * 16
    await manager.create_download(
        app_service=_DeliveringApp(manager, [b"[x] What stage is it?\n"]), delivery_key=key,
        file_name="my-questions.txt", open_method="download", mime_type="text/plain",
        encoding="utf-8")
    refused = await client.get(f"/download/{key}", allow_redirects=False)
    assert refused.status == 401
    await client.post("/join", data={"code": "ABCD-EFGH"}, allow_redirects=False)
    response = await client.get(f"/download/{key}")
    assert response.status == 200
    assert await response.text() == "[x] What stage is it?\n"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-questions.txt"'
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    again = await client.get(f"/download/{key}")  # delivered once, then gone
    assert again.status == 404
    assert (await client.get("/download/..%2fetc")).status == 404


async def test_behind_a_proxy_one_persons_wrong_codes_do_not_lock_out_the_class(client_for, tmp_path):
    # The documented set-up: learnmeta on 127.0.0.1 behind a proxy on the same computer, so
    # every request comes from 127.0.0.1. Five wrong codes from one stranger locked everyone out
    # (even the right code got 429); the proxy's X-Forwarded-For tells them apart.
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    stranger = {"X-Forwarded-For": "203.0.113.5"}
    for _ in range(5):
        assert (await client.post("/join", data={"code": "WRONG-ONE"}, headers=stranger)).status == 401
    assert (await client.post("/join", data={"code": "WRONG-ONE"}, headers=stranger)).status == 429
    # Entries the stranger writes themselves come first: the proxy's (last) one still counts.
    spoofed = {"X-Forwarded-For": "198.51.100.7, 203.0.113.5"}
    assert (await client.post("/join", data={"code": "ABCD-EFGH"}, headers=spoofed,
                              allow_redirects=False)).status == 429
    learner = {"X-Forwarded-For": "198.51.100.7, 203.0.113.9"}
    joined = await client.post("/join", data={"code": "ABCD-EFGH"}, headers=learner,
                               allow_redirects=False)
    assert joined.status == 303


async def test_on_a_network_address_a_forwarded_for_header_is_not_believed(client_for, tmp_path):
    client = await client_for(host="0.0.0.0", class_dir=tmp_path, code="ABCD-EFGH")
    for number in range(5):
        headers = {"X-Forwarded-For": f"203.0.113.{number}"}
        assert (await client.post("/join", data={"code": "WRONG-ONE"}, headers=headers)).status == 401
    assert (await client.post("/join", data={"code": "WRONG-ONE"},
                              headers={"X-Forwarded-For": "203.0.113.77"})).status == 429


def test_ipv6_addresses_of_one_network_share_a_limit():
    from types import SimpleNamespace

    server = LearnServer(host="0.0.0.0", port=0, class_dir=None)
    def address(remote):
        return server._client_address(SimpleNamespace(remote=remote, headers={}))
    assert address("2001:db8:1:2::5") == address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address("2001:db8:1:3::5") != address("2001:db8:1:2::5")
    assert address("::ffff:192.0.2.4") == "192.0.2.4"


async def test_connections_that_never_finish_a_request_are_limited_and_closed(tmp_path, monkeypatch):
    # Slowloris: no join code is needed to open connections and send headers a byte at a time;
    # aiohttp waited for ever, so enough of them left no file for a learner's page or app.
    import asyncio

    from aiohttp import web

    from learnmeta.serve import server as server_module

    monkeypatch.setattr(server_module, "HEADER_SECONDS", 1.0)
    learn = LearnServer(host="0.0.0.0", port=0, class_dir=tmp_path, code="ABCD-EFGH")
    runner = web.AppRunner(await learn._make_app())
    await runner.setup()
    learn.guard_connections(runner.server, unlimited=lambda address: False)  # 127.0.0.1 as a neighbour
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        held = []
        for _ in range(server_module.CONNECTIONS_PER_ADDRESS + 1):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /join HTTP/1.1\r\nHost: x\r\n")
            held.append((reader, writer))
        last_reader = held[-1][0]
        assert await asyncio.wait_for(last_reader.read(100), 2) == b""  # one too many: closed
        await asyncio.sleep(0.5)
        for _, writer in held[:-1]:
            writer.write(b"X-Slow: 1\r\n")  # still trickling
        for reader, _ in held[:-1]:  # closed once their time to send a request is up
            assert await asyncio.wait_for(reader.read(100), 30) == b""  # (aiohttp alone: never)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /join HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert (await asyncio.wait_for(reader.read(100), 30)).startswith(b"HTTP/1.1 200")
        for _, writer in held + [(reader, writer)]:
            writer.close()
    finally:
        await runner.cleanup()


async def test_in_a_class_one_browser_cannot_take_every_place(client_for, tmp_path):
    # One learner with the code (or a script) opened tab after tab until the class was full for
    # everyone else (measured: 3 websockets from one cookie, and the next learner got 503).
    from learnmeta.serve.server import SESSIONS_PER_BROWSER

    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH", max_sessions=40)
    joined = await client.post("/join", data={"code": "ABCD-EFGH"}, allow_redirects=False)
    token = joined.cookies[COOKIE].value
    client.learn_server.per_browser[token] = SESSIONS_PER_BROWSER  # that many tabs running
    origin = f"http://{client.host}:{client.port}"
    websocket = await client.ws_connect("/ws", headers={"Origin": origin})
    message = await websocket.receive()
    assert b"already open in 5 tabs of this browser" in message.data
    await websocket.close()
    assert not client.learn_server.sessions
    assert client.learn_server.per_browser[token] == SESSIONS_PER_BROWSER


async def test_joining_in_a_loop_is_told_to_wait_without_a_token(client_for, tmp_path, monkeypatch):
    from learnmeta.serve import gate as gate_module

    monkeypatch.setattr(gate_module, "JOINS_PER_ADDRESS", 2)
    client = await client_for(class_dir=tmp_path, code="ABCD-EFGH")
    for _ in range(2):
        ok = await client.post("/join", data={"code": "ABCD-EFGH"}, allow_redirects=False)
        assert ok.status == 303
    busy = await client.post("/join", data={"code": "ABCD-EFGH"}, allow_redirects=False)
    assert busy.status == 429 and "Too many joined from here" in await busy.text()
    assert "Set-Cookie" not in busy.headers


async def _ahead_ready(server, seconds: float = 60) -> int:
    """The pid of the server's process started ahead, once it says it is ready."""
    import asyncio

    for _ in range(int(seconds / 0.05)):
        if server.ahead is not None and server.ahead._ready is not None and server.ahead._ready.done():
            assert await server.ahead.is_ready()
            return server.ahead._process.pid
        await asyncio.sleep(0.05)
    raise AssertionError("no process was started ahead")


async def test_a_tab_gets_the_app_started_ahead_at_its_size_and_another_is_started(client_for, tmp_path,
                                                                                   monkeypatch):
    # Starting the app process when a tab asks was about a third of a browser start; one is
    # now started ahead and waits (no learner's file opened), and the next tab gets it.
    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 0.0)
    client = await client_for()
    server = client.learn_server
    server.start_ahead()
    try:
        ahead = await _ahead_ready(server)
        assert not (tmp_path / "home" / "learners").exists() or not any((tmp_path / "home" / "learners").iterdir())
        origin = f"http://{client.host}:{client.port}"
        websocket = await client.ws_connect("/ws?width=70&height=22", headers={"Origin": origin})
        shown = await _until_shown(websocket, b"Who is learning")
        assert b"Who is learning" in shown
        running = next(iter(server.sessions))
        assert running._process.pid == ahead  # the tab got the process started ahead...
        await websocket.send_str('["resize", {"width": 70, "height": 22}]')
        assert await _ahead_ready(server) != ahead  # ...and another one is ready for the next
        await websocket.close()
        await until(lambda: not server.sessions, 20, give_up_quietly=True)
        assert not server.sessions
    finally:
        kept = server.ahead
        await server.stop_ahead()
    assert kept is None or kept._process.returncode is not None  # ended with the server, unused


async def test_a_tab_whose_app_started_ahead_has_ended_gets_one_of_its_own(client_for, tmp_path, monkeypatch):
    """The process started ahead said it was ready, then ended (killed, out of memory) before a tab
    asked: the tab starts its own app, as when none was ready, instead of a dead one (a blank tab)."""
    import signal

    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 60.0)  # no other is started meanwhile
    client = await client_for()
    server = client.learn_server
    server.start_ahead()
    try:
        await _ahead_ready(server)
        process = server.ahead._process
        process.send_signal(signal.SIGKILL)
        await process.wait()
        origin = f"http://{client.host}:{client.port}"
        websocket = await client.ws_connect("/ws?width=70&height=22", headers={"Origin": origin})
        shown = await _until_shown(websocket, b"Who is learning")
        assert b"Who is learning" in shown
        assert next(iter(server.sessions))._process.pid != process.pid
        await websocket.close()
    finally:
        await server.stop_ahead()


STUCK = "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(600)"
"""A process started ahead that hangs before it is ready: it never says so, never reads its input,
and ignores SIGTERM."""


async def _ahead_opened(server, seconds: float = 60):
    """The server's process started ahead, once its process exists (ready or not)."""
    import asyncio

    for _ in range(int(seconds / 0.05)):
        if server.ahead is not None and server.ahead._process is not None:
            return server.ahead
        await asyncio.sleep(0.05)
    raise AssertionError("no process was started ahead")


def _stuck_ahead(server) -> None:
    import shlex
    import sys

    server.ahead_command = "exec " + shlex.join([sys.executable, "-c", STUCK])


async def test_a_tab_does_not_wait_for_an_app_started_ahead_that_is_stuck(client_for, tmp_path, monkeypatch):
    """The process started ahead hangs before it is ready, for longer than a start takes: a tab
    starts its own app at once, as when none was ready, and the stuck one is killed (it waited
    30 s for it, then up to 10 s for it to end: about 40 s of blank page)."""
    import asyncio
    import signal

    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 60.0)  # no other is started meanwhile
    monkeypatch.setattr(served, "AHEAD_WAIT", 120.0)  # a wait for it would outlast the test's
    client = await client_for()
    server = client.learn_server
    _stuck_ahead(server)
    server.start_ahead()
    try:
        stuck = await _ahead_opened(server)
        stuck._opened -= served.AHEAD_WAIT + 1  # started longer ago than a start may take
        origin = f"http://{client.host}:{client.port}"
        websocket = await client.ws_connect("/ws?width=70&height=22", headers={"Origin": origin})
        shown = await asyncio.wait_for(_until_shown(websocket, b"Who is learning"), 90)
        assert b"Who is learning" in shown
        assert next(iter(server.sessions))._process.pid != stuck._process.pid
        assert stuck._process.returncode == -signal.SIGKILL  # ended, not left running
        await websocket.close()
        await until(lambda: not server.sessions, 20, give_up_quietly=True)
    finally:
        await server.stop_ahead()


async def test_an_app_started_ahead_that_is_not_ready_is_killed_at_once_when_discarded(client_for, tmp_path,
                                                                                     monkeypatch):
    """Ending a process started ahead that never said it was ready does not wait for it to end by
    itself (it waited up to 10 s, with a tab waiting behind it): it holds no learner's file yet."""
    import asyncio
    import signal

    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 60.0)
    client = await client_for()
    server = client.learn_server
    _stuck_ahead(server)
    server.start_ahead()
    try:
        stuck = await _ahead_opened(server)
        assert not await stuck.is_ready()  # waited for what is left of AHEAD_WAIT, no longer
        await asyncio.wait_for(stuck.discard(), 5)
        assert stuck._process.returncode == -signal.SIGKILL
    finally:
        await server.stop_ahead()


async def test_a_tab_waits_for_an_app_started_ahead_that_is_still_starting(client_for, tmp_path, monkeypatch):
    """A tab that comes while the process started ahead is still starting (not stuck) gets it when
    it is ready, rather than a process started after it."""
    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(served, "AHEAD_DELAY", 60.0)
    monkeypatch.setattr(served, "AHEAD_WAIT", 120.0)  # however busy the machine running the tests
    client = await client_for()
    server = client.learn_server
    server.start_ahead()
    try:
        starting = await _ahead_opened(server)
        origin = f"http://{client.host}:{client.port}"
        websocket = await client.ws_connect("/ws?width=70&height=22", headers={"Origin": origin})
        shown = await _until_shown(websocket, b"Who is learning")
        assert b"Who is learning" in shown
        assert next(iter(server.sessions))._process.pid == starting._process.pid
        await websocket.close()
        await until(lambda: not server.sessions, 20, give_up_quietly=True)
    finally:
        await server.stop_ahead()


def test_a_process_started_ahead_starts_only_on_the_servers_start_packet(tmp_path):
    # Anything but the start packet (the server gone, "quit", a packet too big) ends it at once,
    # having opened nothing.
    import json
    import os
    import subprocess
    import sys

    from learnmeta.serve.session import READY, START

    def packet(kind: bytes, payload: bytes) -> bytes:
        return kind + len(payload).to_bytes(4, "big") + payload

    env = {**os.environ, "LEARNMETA_HOME": str(tmp_path / "home")}
    for given in (b"", packet(b"M", json.dumps({"type": "quit"}).encode()),
                  packet(b"D", b"x"), packet(b"M", json.dumps({"type": START, "width": 0, "height": 24}).encode()),
                  b"M" + (10**6).to_bytes(4, "big")):
        result = subprocess.run([sys.executable, "-m", "learnmeta.cli.session", "--ahead"], input=given,
                                capture_output=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout == READY, given
        assert not (tmp_path / "home" / "learners").exists() or not any((tmp_path / "home" / "learners").iterdir())


async def test_a_server_stopped_while_its_app_ahead_is_starting_leaves_no_process(client_for, tmp_path,
                                                                                  monkeypatch):
    import asyncio

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    client = await client_for()
    server = client.learn_server
    server.start_ahead()
    await asyncio.sleep(0.05)  # its process being started, not ready yet
    opening = server._ahead_opening or server.ahead
    await server.stop_ahead()
    assert server.ahead is None and server._ahead_opening is None
    if opening is not None and getattr(opening, "_process", None) is not None:
        assert opening._process.returncode is not None
    await asyncio.sleep(0.3)
    assert server.ahead is None  # and none is started after the stop


async def test_the_pages_own_files_are_kept_by_the_browser_and_checked_each_time(client_for):
    client = await client_for()
    assert (await client.get("/")).headers["Cache-Control"] == "no-store"  # the page itself: never
    for path in ("/learnmeta/textual.js", "/learnmeta/page.css", "/learnmeta/page.js",
                 "/static/css/xterm.css"):
        response = await client.get(path)
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-cache", path  # kept, asked about each time
        etag = response.headers["ETag"]
        again = await client.get(path, headers={"If-None-Match": etag})
        assert again.status == 304, path
        assert again.headers["X-Content-Type-Options"] == "nosniff", path
    changed = await client.get("/learnmeta/textual.js", headers={"If-None-Match": '"other"'})
    assert changed.status == 200 and "screenReaderMode" in await changed.text()


async def test_the_pages_small_files_and_font_are_served_from_memory_as_they_are_on_disk(client_for, monkeypatch):
    """page.js, xterm.js's style sheet and the font are read once, bounded (a file too large for
    one is not served), and served as they are, with their types, from memory: not through
    aiohttp's threads, which on a busy machine made them come 10-190 ms after the page's script,
    which cannot run before them."""
    from pathlib import Path

    from learnmeta.serve import server as served

    client = await client_for()
    statics = Path(client.learn_server.statics_path)
    on_disk = {"/learnmeta/page.js": served.HERE / "static" / "page.js",
               "/static/css/xterm.css": statics / "css" / "xterm.css",
               "/static/fonts/RobotoMono-VariableFont_wght.ttf": statics / "fonts" / "RobotoMono-VariableFont_wght.ttf"}
    assert set(on_disk) == set(served.KEPT_IN_MEMORY)
    for path, file in on_disk.items():
        response = await client.get(path)
        assert response.status == 200, path
        assert await response.read() == file.read_bytes(), path
        assert response.content_type == served.KEPT_IN_MEMORY[path], path
    monkeypatch.setattr(served, "ASSET_MOST", 100_000)  # smaller than the font
    other = await client_for()
    assert (await other.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")).status == 404
    assert (await other.get("/static/css/xterm.css")).status == 200


async def test_the_page_names_its_files_by_version_and_the_browser_keeps_those_without_asking(client_for):
    """A returning page's script runs without asking the server about it first: the page names
    each of its files with a hash of what is served there, and that address is kept a year; any
    other version (an old page's, a guess) is asked about each time, as an address without one."""
    import hashlib

    client = await client_for()
    page = await (await client.get("/")).text()
    named = dict(re.findall(r'"(/(?:learnmeta|static)/[^"?]+)\?v=([0-9a-f]{16})"', page))
    assert set(named) == {"/learnmeta/textual.js", "/learnmeta/page.js", "/learnmeta/page.css",
                          "/static/css/xterm.css", "/static/fonts/RobotoMono-VariableFont_wght.ttf"}
    for path, version in named.items():
        response = await client.get(f"{path}?v={version}")
        body = await response.read()
        assert response.status == 200, path
        assert hashlib.sha256(body).hexdigest()[:16] == version, path  # the version is what is served
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        for other in (f"{path}?v={'0' * 16}", f"{path}?v=", path):
            assert (await client.get(other)).headers["Cache-Control"] == "no-cache", other
    # the style sheet names the font by the same version as the page's preload of it
    css = await (await client.get("/learnmeta/page.css")).text()
    font = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
    assert f'url("{font}?v={named[font]}")' in css


async def test_a_page_file_that_is_not_there_does_not_stop_the_page(client_for, tmp_path):
    """(A textual-serve other than the pinned one, without the font): the page still answers and
    names that file as before, without a version; the others keep theirs."""
    import shutil
    from pathlib import Path

    client = await client_for()
    server = client.learn_server
    statics = tmp_path / "static"
    shutil.copytree(Path(server.statics_path), statics)
    font = "/static/fonts/RobotoMono-VariableFont_wght.ttf"
    (statics / "fonts" / "RobotoMono-VariableFont_wght.ttf").unlink()
    server.statics_path = statics  # where the versions are read from
    response = await client.get("/")
    page = await response.text()
    assert response.status == 200
    assert f'href="{font}"' in page
    assert re.search(r'"/learnmeta/textual\.js\?v=[0-9a-f]{16}"', page)
    css = await (await client.get("/learnmeta/page.css")).text()
    assert f'url("{font}")' in css



def _recording_processes(monkeypatch, *, until_output_ended: bool = False) -> list:
    """The app processes the server starts for its tabs, as they are started (with
    ``until_output_ended``, once the server has seen the end of the process's output)."""
    import asyncio

    from learnmeta.serve.server import LearnService

    started = []
    opening = LearnService._open_app_process

    async def recorded(self, *args, **kwargs):
        process = await opening(self, *args, **kwargs)
        while until_output_ended and not process.stdout.at_eof():
            await asyncio.sleep(0.01)
        started.append(process)
        return process

    monkeypatch.setattr(LearnService, "_open_app_process", recorded)
    return started


ENDS_ITS_OUTPUT = "import os, sys\nos.close(1)\nsys.stdin.buffer.read()"
"""An app process that ends its output, as an app does as it quits, and ends itself only when its
input ends."""
HANGS_AFTER_ITS_OUTPUT = ("import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                          "os.close(1)\ntime.sleep(600)")
"""One that then hangs, and ignores SIGTERM."""


@pytest.mark.parametrize("before_it_is_read", [False, True], ids=["read as it comes", "ended before it is read"])
@pytest.mark.parametrize("script, ended", [(ENDS_ITS_OUTPUT, 0), (HANGS_AFTER_ITS_OUTPUT, -9)],
                         ids=["ends when its input does", "hangs"])
async def test_a_tabs_app_that_has_ended_its_output_is_waited_for_and_ended(client_for, tmp_path,
                                                                            monkeypatch, script, ended,
                                                                            before_it_is_read):
    """textual-serve ends a tab's app by telling it to quit and reading its output to the end; it
    never waited for the process itself, nor closed its input. One still ending after that (or
    stuck) was left running, its pipes open, after its tab and the server had gone; their
    transports were then collected after the test's event loop had closed ("Event loop is
    closed"). It now has its input closed and is waited for, and killed after REAP_WAIT.

    An app whose output had ended before textual-serve's reading of it began (on a busy machine:
    the app is quick to end, the server slow to start reading) left its tab open for ever: that
    reading cancels its error-output reader, which had not started yet, and so ended cancelled
    itself, and the tab was never told (5 runs in 288 under load, before_it_is_read=False)."""
    import shlex
    import sys

    from learnmeta.serve import server as served

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    # one that ends when its input does is given all the time a busy machine may take to end;
    # one that hangs is killed after a second
    monkeypatch.setattr(served, "REAP_WAIT", 1.0 if script == HANGS_AFTER_ITS_OUTPUT else 60.0, raising=False)
    started = _recording_processes(monkeypatch, until_output_ended=before_it_is_read)
    client = await client_for()
    server = client.learn_server
    server.command = "exec " + shlex.join([sys.executable, "-c", script])
    origin = {"Origin": f"http://{client.host}:{client.port}"}
    websocket = await client.ws_connect("/ws?width=80&height=24", headers=origin)
    await until(lambda: started and not server.sessions)  # its tab was told it ended
    await websocket.close()
    assert [process.returncode for process in started] == [ended]


async def test_a_server_that_stops_ends_its_tabs_apps_and_waits_for_them(client_for, tmp_path, monkeypatch):
    """A server stopped while a tab is open: the tab's app saves and ends, and the server waits
    for the process to end before it has stopped (it was left ending, or running, on its own)."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    started = _recording_processes(monkeypatch)
    client = await client_for()
    origin = {"Origin": f"http://{client.host}:{client.port}"}
    websocket = await client.ws_connect("/ws?width=80&height=24", headers=origin)
    assert b"Who is learning" in await _until_shown(websocket, b"Who is learning")
    await client.close()  # the server stops, the tab still open
    assert len(started) == 1
    assert started[0].returncode is not None
