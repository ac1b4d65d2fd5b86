"""What the serve tests share: a server on loopback with an aiohttp test client, and waits.

``client_for`` (a fixture) makes a :class:`LearnServer` on 127.0.0.1 and a client for it (the
server as ``client.learn_server``), closed after the test, which then fails if a process the test
started is still there (``children``): a server that stops ends every app it started, and
waits for it; ``until_shown`` reads a websocket until a text has come (or its time is up); ``until`` waits for a check
to hold; ``lock_is_free`` says whether no window holds a learner's file.

The serve test files turn an exception ignored in a ``__del__`` (pytest's
``PytestUnraisableExceptionWarning``) into a failure (:data:`NO_UNRAISABLE`): an asyncio
subprocess transport left open when its test's event loop closed raised "Event loop is closed"
there when it was collected, in whatever test ran then (and, collected during an ``ast.parse``,
made Python 3.11.7 fail it: "AST constructor recursion depth mismatch").
"""

from __future__ import annotations

import asyncio
import os

import pytest
from aiohttp.test_utils import TestClient, TestServer

from learnmeta.serve.server import LearnServer


NO_UNRAISABLE = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
"""``pytestmark`` of the serve test files (see the module's notes)."""


def children() -> set[int]:
    """The processes this one started and has not reaped (read from Linux's /proc; an empty set
    where there is none)."""
    me = os.getpid()
    found = set()
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 1 and fields[1] == str(me).encode():
            found.add(int(name))
    return found


@pytest.fixture
async def client_for():
    clients = []
    before = children()

    async def make(**options) -> TestClient:
        options.setdefault("host", "127.0.0.1")
        options.setdefault("port", 0)
        server = LearnServer(**options)
        client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
        await client.start_server()
        client.learn_server = server
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()
    left = children() - before
    assert not left, f"processes left running after the server stopped: {sorted(left)}"


async def until_shown(websocket, text: bytes, seconds: float = 60, *, give_up_quietly: bool = False) -> bytes:
    """What the websocket sent until ``text`` was in it (or it closed). After ``seconds`` without
    ``text``, however much else came meanwhile (an app that keeps drawing sends all the time), an
    AssertionError that names ``text`` and ends with the last of what came, or with
    ``give_up_quietly`` what came so far."""
    seen = b""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while text not in seen:
        left = end - loop.time()
        try:
            if left <= 0:
                raise asyncio.TimeoutError
            message = await websocket.receive(timeout=left)
        except asyncio.TimeoutError:
            if give_up_quietly:
                break
            raise AssertionError(f"{text!r} was not shown within {seconds:g} s; {len(seen)} bytes came, "
                                 f"the last of them: {seen[-300:]!r}") from None
        if isinstance(message.data, bytes):
            seen += message.data
        elif message.data is None:
            break
    return seen


async def until(check, seconds: float = 60, *, give_up_quietly: bool = False) -> None:
    """Wait until ``check()`` holds; after ``seconds`` fail, or with ``give_up_quietly`` go on."""
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    if not give_up_quietly:
        raise AssertionError("it did not happen in time")


def lock_is_free(lock_file) -> bool:
    """No app holds this learner's lock (taken and let go at once to find out)."""
    from learnmeta.progress.lock import LockHeld, ProfileLock

    lock = ProfileLock(lock_file)
    try:
        lock.acquire()
    except LockHeld:
        return False
    lock.release()
    return True
