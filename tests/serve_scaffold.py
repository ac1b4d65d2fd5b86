"""What the serve tests share: a server on loopback with an aiohttp test client, and waits.

``client_for`` (a fixture) makes a :class:`LearnServer` on 127.0.0.1 and a client for it (the
server as ``client.learn_server``), closed after the test; ``until_shown`` reads a websocket
until a text has come; ``until`` waits for a check to hold; ``lock_is_free`` says whether no
window holds a learner's file.
"""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

from learnmeta.serve.server import LearnServer


@pytest.fixture
async def client_for():
    clients = []

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


async def until_shown(websocket, text: bytes, seconds: float = 60, *, give_up_quietly: bool = False) -> bytes:
    """What the websocket sent until ``text`` was in it (or it closed). After ``seconds`` with no
    ``text``, the wait's TimeoutError, or with ``give_up_quietly`` what came so far."""
    seen = b""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while text not in seen:
        try:
            message = await websocket.receive(timeout=max(0.1, end - loop.time()))
        except asyncio.TimeoutError:
            if give_up_quietly:
                break
            raise
        if isinstance(message.data, bytes):
            seen += message.data
        elif message.data is None:
            break
    return seen


async def until(check, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
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
