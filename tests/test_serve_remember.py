"""A browser that chose a learner on one's own computer opens that learner's home directly the
next time (learnmeta/serve/browsers.py): what the server remembers, what it gives the browser,
and that nothing a browser sends can name another learner or a file (the browser's part is in
test_serve_browser.py)."""

from __future__ import annotations

import json
import os

import pytest

from learnmeta.serve import browsers as browsers_module
from learnmeta.serve.browsers import COOKIE, Browsers, learner_id_ok
from learnmeta.serve.roster import ClassRoster, HomeRoster
from serve_scaffold import NO_UNRAISABLE, client_for, lock_is_free, until as _until, until_shown as _until_shown

pytestmark = NO_UNRAISABLE

HOSTILE = [
    "", "default", "ann-lee", "../default", "../../etc/passwd", "/etc/passwd", "..%2fdefault",
    "a" * 43, "A" * 42 + "=", "é" * 43, "x" * 10_000, "default\x00", "def ault", "🙂" * 20,
]
"""Cookie values a browser (or anyone) may send that the server never gave out."""


def _learners(tmp_path, *names):
    folder = tmp_path / "learners"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / f"{name}.toml").write_text("", encoding="utf-8")
    return folder


def test_a_browser_remembers_the_learner_it_chose_across_a_restart(tmp_path):
    learners = _learners(tmp_path, "ann-lee")
    browsers = Browsers(tmp_path, learners)
    key = browsers.new_key()
    known = browsers.known(key)
    assert known is not None and browsers.learner(known) is None  # nobody chosen yet
    browsers.remember(known, "ann-lee")
    assert browsers.learner(known) == "ann-lee"
    stored = (tmp_path / browsers_module.FILE_NAME).read_text("utf-8")
    assert key not in stored and "ann-lee" in stored  # only a digest of the browser's key
    again = Browsers(tmp_path, learners)  # the server started again
    assert again.learner(again.known(key)) == "ann-lee"
    again.remember(again.known(key), None)  # "Someone else is learning"
    assert again.learner(again.known(key)) is None
    assert Browsers(tmp_path, learners).learner(Browsers(tmp_path, learners).known(key)) is None


def test_a_learner_whose_file_is_gone_is_not_opened(tmp_path):
    learners = _learners(tmp_path, "ann-lee")
    browsers = Browsers(tmp_path, learners)
    known = browsers.known(browsers.new_key())
    browsers.remember(known, "ann-lee")
    (learners / "ann-lee.toml").unlink()
    assert browsers.learner(known) is None
    (learners / "ann-lee.toml").mkdir()  # nor a folder of that name
    assert browsers.learner(known) is None


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_cookie_the_server_never_gave_names_nobody(tmp_path, value):
    learners = _learners(tmp_path, "default", "ann-lee", "a" * 43)
    browsers = Browsers(tmp_path, learners)
    browsers.remember(browsers.known(browsers.new_key()), "default")  # someone else's browser
    assert browsers.known(value) is None
    assert browsers.learner(browsers.known(value)) is None
    browsers.remember(browsers.known(value), "ann-lee")  # nothing is stored for it
    assert "ann-lee" not in (tmp_path / browsers_module.FILE_NAME).read_text("utf-8")


@pytest.mark.parametrize("learner", ["../default", "/etc/passwd", "Ann Lee", "ann/lee", "..", "",
                                     "a" * 65, None, 7, ["default"], "default\n", "ANN"])
def test_only_learner_ids_are_remembered(tmp_path, learner):
    assert not learner_id_ok(learner)
    learners = _learners(tmp_path, "default")
    browsers = Browsers(tmp_path, learners)
    known = browsers.known(browsers.new_key())
    browsers.remember(known, learner)
    assert browsers.learner(known) is None


@pytest.mark.parametrize("text", [
    b"not json", b"[]", b'{"version": 2, "browsers": {}}', b'{"version": 1, "browsers": []}',
    b'{"version": 1, "browsers": {"' + b"0" * 64 + b'": ["../default", 1e10]}}',
    b'{"version": 1, "browsers": {"../x": ["default", 1e10]}}',
    b'{"version": 1, "browsers": {"' + b"0" * 64 + b'": ["default", "soon"]}}',
    b"[" * 100_000, b'{"version": 1, "browsers": {"' + b"0" * 64 + b'": ["default", 1e10]}}' + b" " * 70_000,
])
def test_a_damaged_or_planted_file_is_ignored_and_written_anew(tmp_path, text):
    learners = _learners(tmp_path, "default")
    (tmp_path / browsers_module.FILE_NAME).write_bytes(text)
    browsers = Browsers(tmp_path, learners)
    assert browsers._chosen == {}
    known = browsers.known(browsers.new_key())
    browsers.remember(known, "default")
    assert Browsers(tmp_path, learners).learner(known) == "default"


def test_a_planted_entry_cannot_name_a_file_outside_the_learners_folder(tmp_path):
    learners = _learners(tmp_path, "default")
    (tmp_path / "secret.toml").write_text("", encoding="utf-8")
    digest = browsers_module._digest("k" * 43)
    (tmp_path / browsers_module.FILE_NAME).write_text(json.dumps(
        {"version": 1, "browsers": {digest: ["../secret", 1e10 - 1]}}), encoding="utf-8")
    browsers = Browsers(tmp_path, learners)
    assert browsers.learner(browsers.known("k" * 43)) is None


def test_the_file_is_read_only_if_it_is_a_regular_file(tmp_path):
    learners = _learners(tmp_path, "default")
    os.mkfifo(tmp_path / browsers_module.FILE_NAME)  # would hang a plain open()
    assert Browsers(tmp_path, learners)._chosen == {}


def test_the_start_packet_names_a_learner_only_by_id(monkeypatch):
    from learnmeta.serve import session

    def packet(meta: dict) -> bytes:
        data = json.dumps(meta).encode()
        return b"M" + len(data).to_bytes(4, "big") + data

    for learner, expected in [("ann-lee", "ann-lee"), ("../x", None), ("Ann Lee", None),
                              (None, None), (3, None), ("a" * 100, None)]:
        read, write = os.pipe()
        os.write(write, packet({"type": session.START, "width": 80, "height": 24,
                                "learner": learner}))
        os.close(write)
        saved = os.dup(0)
        os.dup2(read, 0)
        try:
            assert session.wait_for_start() == (80, 24, expected), learner
        finally:
            os.dup2(saved, 0)
            os.close(saved)
            os.close(read)


# -- the server --------------------------------------------------------------------------------


async def test_the_page_gives_a_browser_a_key_it_cannot_read_once(client_for):
    client = await client_for()
    response = await client.get("/")
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    assert int(cookie["max-age"]) > 86400
    assert client.learn_server.browsers.known(cookie.value) is not None
    again = await client.get("/")  # the test client sends the cookie back: no new key
    assert COOKIE not in again.cookies


IN_A_HEADER = [v for v in HOSTILE if v.isprintable() and len(v) < 5000] + ["x" * 3000]


@pytest.mark.parametrize("value", IN_A_HEADER, ids=range(len(IN_A_HEADER)))
async def test_a_browser_with_a_key_the_server_never_gave_gets_a_new_one(client_for, value):
    client = await client_for()
    response = await client.get("/", headers={"Cookie": f"{COOKIE}={value}"})
    assert response.status == 200
    new = response.cookies[COOKIE].value
    assert new != value and client.learn_server.browsers.known(new) is not None


async def test_a_cookie_too_long_for_a_header_is_refused(client_for):
    client = await client_for()
    response = await client.get("/", headers={"Cookie": f"{COOKIE}={'x' * 10_000}"})
    assert response.status == 400 and COOKIE not in response.cookies


async def test_a_class_remembers_no_browser(client_for, tmp_path):
    client = await client_for(class_dir=tmp_path / "class", code="TEST-CODE-42")
    assert client.learn_server.browsers is None
    response = await client.get("/", allow_redirects=False)
    assert COOKIE not in response.cookies


# -- the app ------------------------------------------------------------------------------------


async def test_a_remembered_learner_opens_at_home_without_who(served, tmp_path, screen_text):
    learners = _learners(tmp_path)
    from learnmeta.progress import ProgressStore

    with ProgressStore.open(learners / "ann-lee.toml") as store:
        store.update_settings(welcomed=True, name="Ann Lee")
    app = served(HomeRoster(learners), "ann-lee")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.store is not None and app.store.path == (learners / "ann-lee.toml").absolute()
        text = screen_text(app)
        assert "Who is learning?" not in text and "Lessons" in text
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Someone else is learning" in commands


@pytest.mark.parametrize("remembered", ["../ann-lee", "gone", "Ann Lee", "/etc/passwd", ""])
async def test_a_remembered_learner_that_is_not_there_gets_who(served, tmp_path, screen_text, remembered):
    learners = _learners(tmp_path, "ann-lee")
    app = served(HomeRoster(learners), remembered)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Who is learning?" in screen_text(app)
        assert app.store is None
    assert not (learners / "gone.toml").exists()


async def test_a_class_never_opens_a_learner_without_the_pin(served, tmp_path, screen_text):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ann.toml").write_text("", encoding="utf-8")
    app = served(ClassRoster(folder), "ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Your PIN" in screen_text(app) and app.store is None


# -- a remembered browser's page: its app draws home while the page loads ------------------------


async def _ahead_ready(server, seconds: float = 60) -> int:
    import asyncio

    for _ in range(int(seconds / 0.05)):
        if server.ahead is not None and server.ahead.ready_now():
            return server.ahead._process.pid
        await asyncio.sleep(0.05)
    raise AssertionError("no process was started ahead")


@pytest.fixture
def remembered_home(tmp_path, monkeypatch):
    """A data folder with the welcomed learner "ann", and the server's delays made short."""
    from learnmeta.progress import ProgressStore
    from learnmeta.serve import server as served

    home = tmp_path / "home"
    monkeypatch.setenv("LEARNMETA_HOME", str(home))
    monkeypatch.setattr(served, "AHEAD_DELAY", 0.0)
    with ProgressStore.open(home / "learners" / "ann.toml") as store:
        store.update_settings(welcomed=True, name="Ann")
    return home


@pytest.fixture
async def serving_ahead(client_for, remembered_home, monkeypatch):
    """``start(prestart_wait=None, **options)``: a test client (``client_for(**options)``) whose
    server keeps an app process started ahead, as ``learnmeta serve`` does, on the data folder
    of :func:`remembered_home`; with ``prestart_wait``, a page that opens no websocket has its
    app ended after that many seconds (``PRESTART_WAIT``). After the test, before the server
    itself stops: its process started ahead is stopped, and every app a page started."""
    from learnmeta.serve import server as served

    servers = []

    async def start(prestart_wait: float | None = None, **options):
        if prestart_wait is not None:
            monkeypatch.setattr(served, "PRESTART_WAIT", prestart_wait)
        client = await client_for(**options)
        servers.append(client.learn_server)
        client.learn_server.start_ahead()
        return client

    yield start
    for server in servers:
        await server.stop_ahead()
        for task in list(server._prestarted.values()):
            await task  # its app, if it started one, is among the sessions
        for service in list(server.sessions):
            await service.stop()


async def _remembering(client, learner: str) -> str:
    """Make the test client a browser the server knows (it asks for the page once and keeps its
    key, as a browser keeps the cookie), remembered on ``learner``; its ``known`` name."""
    server = client.learn_server
    await client.get("/")
    key = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    known = server.browsers.known(key)
    server.browsers.remember(known, learner)
    return known


async def _anns_page_asked_for(serving_ahead):
    """A server that ends a page's app 0.5 s after the page if no websocket has come, and a
    browser remembered on Ann that has just asked for the page once its app started ahead was
    ready: that app is being started on Ann (at 80x24). The client, and the browser's ``known``."""
    client = await serving_ahead(prestart_wait=0.5)
    server = client.learn_server
    known = await _remembering(client, "ann")
    server._sizes[known] = (80, 24)
    await _ahead_ready(server)
    await client.get("/")
    return client, known


def _origin(client) -> dict[str, str]:
    return {"Origin": f"http://{client.host}:{client.port}"}


async def test_a_remembered_browsers_page_starts_its_app_before_the_websocket(serving_ahead, remembered_home):
    client = await serving_ahead()
    server = client.learn_server
    known = await _remembering(client, "ann")
    await _ahead_ready(server)
    first = await client.ws_connect("/ws?width=70&height=22", headers=_origin(client))
    assert b"Lessons" in await _until_shown(first, b"Lessons")  # straight home
    await first.close()
    await _until(lambda: not server.sessions)
    ahead = await _ahead_ready(server)
    assert not server._prestarted
    await client.get("/")  # the page: its app starts now, on Ann, at the last tab's size
    assert known in server._prestarted
    await _until(lambda: not lock_is_free(remembered_home / "learners" / "ann.toml.lock"))
    websocket = await client.ws_connect("/ws?width=70&height=22", headers=_origin(client))
    assert b"Lessons" in await _until_shown(websocket, b"Lessons")
    running = next(iter(server.sessions))
    assert running._process.pid == ahead and len(server.sessions) == 1
    await websocket.close()
    await _until(lambda: not server.sessions)
    await _until(lambda: lock_is_free(remembered_home / "learners" / "ann.toml.lock"))


async def test_a_page_that_never_opens_its_websocket_has_its_app_ended(serving_ahead, remembered_home):
    client, known = await _anns_page_asked_for(serving_ahead)
    server = client.learn_server
    assert known in server._prestarted and len(server.sessions) == 1
    await _until(lambda: not server.sessions and not server._prestarted)
    await _until(lambda: lock_is_free(remembered_home / "learners" / "ann.toml.lock"))


async def test_a_page_from_elsewhere_starts_nothing(serving_ahead):
    """Another site's page cannot make the browser send its key (SameSite=Strict); a request
    with a key the server never gave starts no app either."""
    client = await serving_ahead()
    server = client.learn_server
    await _ahead_ready(server)
    for value in HOSTILE[:3]:
        client.session.cookie_jar.clear()
        await client.get("/", headers={"Cookie": f"{COOKIE}={value}"})
        assert not server._prestarted and not server.sessions


# -- a first visit's page: its app draws "Who is learning?" while the page loads ------------------

OPENED_HERE = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
"""What a browser says (Fetch Metadata) of a page its user opened: typed, a bookmark, a reload."""


async def test_a_first_visits_page_starts_who_is_learning_before_the_websocket(serving_ahead):
    client = await serving_ahead()
    server = client.learn_server
    ahead = await _ahead_ready(server)
    await client.get("/", headers=OPENED_HERE)  # a browser never seen: it gets its key now
    key = next(c.value for c in client.session.cookie_jar if c.key == COOKIE)
    known = server.browsers.known(key)
    assert known in server._prestarted and len(server.sessions) == 1
    assert server.ahead is None or server.ahead._process.pid != ahead
    # The app was started at a guessed size (80x24: no tab has said its size on this server);
    # the page says its own as the websocket opens, and the app is drawn at that size.
    websocket = await client.ws_connect("/ws?width=70&height=22", headers=_origin(client))
    seen = await _until_shown(websocket, b"Who is learning?")
    assert b"Who is learning?" in seen
    running = next(iter(server.sessions))
    assert running._process.pid == ahead and len(server.sessions) == 1
    assert running.size == (70, 22) and not server._prestarted
    await websocket.close()
    await _until(lambda: not server.sessions)
    await _until(lambda: running._process.returncode is not None)
    # The next first visit's app starts at the size the last tab said.
    await _ahead_ready(server)
    client.session.cookie_jar.clear()
    await client.get("/", headers=OPENED_HERE)
    assert len(server._prestarted) == 1
    running = await next(iter(server._prestarted.values()))
    assert running is not None and running.size == (70, 22) and running.learner is None


async def test_a_first_visit_whose_page_never_opens_its_websocket_leaves_no_process(serving_ahead, remembered_home):
    client = await serving_ahead(prestart_wait=0.5)
    server = client.learn_server
    await _ahead_ready(server)
    await client.get("/", headers=OPENED_HERE)
    assert len(server._prestarted) == 1 and len(server.sessions) == 1
    started = next(iter(server.sessions))
    await _until(lambda: not server.sessions and not server._prestarted)
    await _until(lambda: started._process.returncode is not None)
    assert lock_is_free(remembered_home / "learners" / "ann.toml.lock")


@pytest.mark.parametrize("headers", [
    {},  # a browser that does not say why it asks (an older one, a script)
    {**OPENED_HERE, "Sec-Fetch-Site": "cross-site"},  # a link or a form on another web site
    {**OPENED_HERE, "Sec-Fetch-Site": "same-site"},  # another port of this computer's address
    {**OPENED_HERE, "Sec-Fetch-Dest": "iframe"},  # in a frame of some page
    {**OPENED_HERE, "Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors"},  # <img src=...>
    {**OPENED_HERE, "Sec-Purpose": "prefetch"},  # fetched in case it is opened (an address typed)
    {**OPENED_HERE, "Sec-Purpose": "prefetch;prerender"},
])
async def test_a_first_visit_the_browser_did_not_open_itself_starts_nothing(serving_ahead, headers):
    """Another web site can make a browser ask for this page (a link, a frame, an image) as
    often as it likes; only a page the browser's user opened starts an app with it. The page
    itself still works: its app starts when its websocket opens, as before."""
    client = await serving_ahead()
    server = client.learn_server
    await _ahead_ready(server)
    for _ in range(3):
        client.session.cookie_jar.clear()
        response = await client.get("/", headers=headers)
        assert response.status == 200
        assert not server._prestarted and not server.sessions


async def test_pages_asked_for_again_and_again_start_a_bounded_number_of_apps(serving_ahead, monkeypatch):
    """One app process at most is ready ahead, and another is started only AHEAD_DELAY later;
    at most PRESTARTED_MOST pages may wait for their websocket, within --max-sessions."""
    from learnmeta.serve import server as served

    monkeypatch.setattr(served, "PRESTARTED_MOST", 2)
    client = await serving_ahead(max_sessions=3)
    server = client.learn_server
    for _ in range(4):
        await _ahead_ready(server)  # AHEAD_DELAY is 0 here: the next is ready at once
        client.session.cookie_jar.clear()  # a new browser each time
        await client.get("/", headers=OPENED_HERE)
        assert len(server._prestarted) <= 2 and len(server.sessions) <= 3
    assert len(server._prestarted) == 2 and len(server.sessions) == 2
    # a full server starts none either
    monkeypatch.setattr(served, "PRESTARTED_MOST", 10)
    await _ahead_ready(server)
    client.session.cookie_jar.clear()
    await client.get("/", headers=OPENED_HERE)
    assert len(server.sessions) == 3
    assert server.ahead is None  # a full server keeps none ready ahead
    client.session.cookie_jar.clear()
    await client.get("/", headers=OPENED_HERE)
    assert len(server.sessions) == 3 and len(server._prestarted) == 3


async def test_a_page_whose_websocket_comes_just_after_its_app_was_given_up_opens_its_learner(serving_ahead):
    """The page's websocket comes just after PRESTART_WAIT: the app started with the page is
    ending, still holding Ann. The tab asked "Who is learning?" (Ann busy); it now waits for that
    app to let Ann go, as after a reload, and opens Ann's home."""
    import asyncio

    client, known = await _anns_page_asked_for(serving_ahead)
    server = client.learn_server
    assert known in server._prestarted
    await _until(lambda: known not in server._prestarted, 30)  # given up, still ending
    websocket = await client.ws_connect("/ws?width=80&height=24", headers=_origin(client))
    shown = b""
    for _ in range(400):  # until either screen (until_shown waits for one text)
        message = await asyncio.wait_for(websocket.receive(), 30)
        if not isinstance(message.data, bytes):
            break
        shown += message.data
        if b"Lessons" in shown or b"Who is learning" in shown:
            break
    assert b"Lessons" in shown and b"Who is learning" not in shown
    await websocket.close()
    await _until(lambda: not server.sessions)


async def test_a_page_asked_for_as_the_server_stops_leaves_no_app_running(client_for, remembered_home):
    """A page request handled just after the server's shutdown has listed its sessions (before
    it has stopped the process started ahead) started that process on "Who is learning?", and
    nothing stopped it: it outlived the server. Now no page starts an app once the server is
    stopping, and the stop ends whatever was started meanwhile."""
    import asyncio

    from aiohttp.test_utils import make_mocked_request

    client = await client_for()
    server = client.learn_server
    server.start_ahead()
    await _ahead_ready(server)
    ahead = server.ahead
    page = make_mocked_request("GET", "/", headers={**OPENED_HERE, "Host": "127.0.0.1"})
    try:
        # The stop runs first, up to its first wait; the page's handler runs next, before the
        # stop's own task ends the process started ahead (asyncio runs ready tasks in order).
        stopping = asyncio.ensure_future(server.on_shutdown(client.server.app))
        answer = asyncio.ensure_future(server.handle_index(page))
        assert (await answer).status == 200
        assert not server._prestarted  # the page started nothing: the server is stopping
        await stopping
        assert ahead._process.returncode is not None  # ended, whoever had it
        assert not server._prestarted
        assert all(service._process is None or service._process.returncode is not None
                   for service in server.sessions)
    finally:
        for service in list(server.sessions):
            await service.stop()
        if ahead._process.returncode is None:
            await ahead.stop()
