"""The serve tests' own waits (tests/serve_scaffold.py) end when their time is up."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from serve_scaffold import until_shown


class Redrawing:
    """A websocket whose app keeps drawing: a message is there at every ``receive``, never the
    text waited for (unless ``lessons_at``: then in that message). After ``most`` messages it
    fails the test instead of going on forever."""

    def __init__(self, most: int = 3_000, lessons_at: int | None = None) -> None:
        self.sent = 0
        self.most = most
        self.lessons_at = lessons_at

    async def receive(self, timeout: float | None = None):
        await asyncio.sleep(0.001)
        self.sent += 1
        if self.sent > self.most:
            pytest.fail("until_shown was still waiting long after its time was up")
        lessons = b"Lessons" if self.sent == self.lessons_at else b""
        return SimpleNamespace(data=b"\x1b[H frame %d %s" % (self.sent, lessons))


async def test_until_shown_stops_at_its_time_however_much_the_app_draws():
    websocket = Redrawing()
    with pytest.raises(AssertionError, match=r"b'Lessons' was not shown within 0.3 s; .* frame \d+ '"):
        await until_shown(websocket, b"Lessons", 0.3)
    assert websocket.sent > 0


async def test_until_shown_gives_up_quietly_with_what_came():
    websocket = Redrawing()
    seen = await until_shown(websocket, b"Lessons", 0.3, give_up_quietly=True)
    assert seen.startswith(b"\x1b[H frame 1 ") and b"Lessons" not in seen


async def test_until_shown_returns_once_the_text_has_come():
    websocket = Redrawing(most=5, lessons_at=3)
    seen = await until_shown(websocket, b"Lessons", 60)
    assert seen.endswith(b"frame 3 Lessons") and websocket.sent == 3
