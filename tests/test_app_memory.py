"""Full garbage collections wait for the learner to pause, and everything is put back on exit."""

from __future__ import annotations

import gc

from waiting import until


async def test_full_collections_wait_for_a_pause_and_the_thresholds_come_back(make_app):
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        young, middle, oldest = gc.get_threshold()
        assert (young, middle) == before[:2]
        assert oldest >= 1_000_000  # no automatic full collection while the app runs

        collections = []
        gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "stop" else None)
        try:
            class Node:  # garbage that only a full collection frees: a cycle in the oldest generation
                pass

            for _ in range(3):
                a, b = Node(), Node()
                a.other, b.other = b, a
                gc.collect(1)  # moves the pair (and the count) on to the oldest generation
                del a, b
            app._last_input = app._last_frame = 0.0  # a learner who has been reading for a while
            app._collect_when_idle()
            assert 2 in collections, "a pause with objects waiting runs a full collection"

            collections.clear()
            await pilot.press("down")  # a key: not idle any more
            gc.collect(1)
            assert gc.get_count()[2] > 0  # objects are waiting for a full collection...
            app._collect_when_idle()
            assert 2 not in collections  # ...which waits while keys are being pressed
        finally:
            gc.callbacks.pop()
    assert gc.get_threshold() == before


def test_start_up_pauses_the_collector_and_always_turns_it_back_on(tmp_path, monkeypatch):
    import argparse

    from learnmeta.cli import launch
    from learnmeta.app.app import LearnApp

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    monkeypatch.setattr(launch, "has_terminal", lambda: True)
    seen = []
    monkeypatch.setattr(LearnApp, "run", lambda self, **kwargs: seen.append(gc.isenabled()))
    assert gc.isenabled()
    args = argparse.Namespace(command=None, progress=None, learner=None)
    assert launch.run(args) == 0
    assert seen == [False]  # paused while the app starts (the app turns it on after its first frame)
    assert gc.isenabled()

    args = argparse.Namespace(command="lesson", lesson_id="no-such-lesson", progress=None, learner=None)
    assert launch.run(args) == 2  # an early exit (a usage error), before any app
    assert gc.isenabled()


async def test_no_full_collection_before_home_is_first_drawn(make_app, monkeypatch):
    """On a busy machine the first frame can come later than the collector's idle wait: a full
    collection then walked everything start-up made (20-60 ms) before home was drawn. The
    collector waits for the first frame (after which start-up's objects are frozen)."""
    from learnmeta.app.screens.home import HomeScreen

    collections = []  # for each full collection: whether home had been drawn
    tried = []
    real_collect = gc.collect
    on_mount = HomeScreen.on_mount
    app = make_app()

    def idle_before_the_first_frame(self) -> None:
        on_mount(self)
        app._last_input = 0.0  # as if the learner had been idle for long
        tried.append(app._first_frame_drawn)
        app._collect_when_idle()

    def noted_collect(*args):
        collections.append(app._first_frame_drawn)
        return real_collect(*args)

    monkeypatch.setattr(HomeScreen, "on_mount", idle_before_the_first_frame)
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 5))  # objects waiting for a full collection
    monkeypatch.setattr(gc, "collect", noted_collect)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert tried == [False]
        assert False not in collections  # nothing collected before home was drawn
        assert app._first_frame_drawn
        collections.clear()
        app._last_input = app._last_frame = 0.0
        app._collect_when_idle()
        assert collections == [True]  # after it, a pause collects as before


async def test_no_full_collection_begins_while_a_key_waits_to_be_handled(make_app, monkeypatch):
    """The idle wait counted from the last key the app had handled. A key that has arrived but
    not been handled yet is the end of a pause: a full collection begun then (50-100 ms) held
    up the page turn it was for (issue 20: the first turn after a lesson opened, when nothing
    had been pressed for a while)."""
    from textual import events

    collections = []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 5))  # objects waiting for a full collection
        monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args))
        app._last_input = app._last_frame = 0.0  # nothing pressed or drawn for a long while
        key = events.Key("down", None)
        app.post_message(key)  # arrived, not handled yet (no await in between)
        app._collect_when_idle()
        assert collections == []
        await pilot.pause()
        app._last_input = app._last_frame = 0.0  # a pause after it
        app._collect_when_idle()
        assert collections == [()]


async def test_no_full_collection_while_a_keys_frames_are_still_coming(make_app, monkeypatch):
    """On a slow or busy machine a page turn's frames can still be coming after the idle wait
    (0.2 s after the key): a full collection begun then held the last of them up. The wait is
    also for the screen to be still (no frame for STILL_BEFORE_COLLECTING)."""
    collections = []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 5))  # objects waiting for a full collection
        monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args))
        app.STILL_BEFORE_COLLECTING = 3600.0  # "just drawn", however slow this machine is
        app._last_input = app._last_frame = 0.0  # nothing pressed or drawn for a long while
        app.screen.refresh(layout=True)
        await until(pilot, lambda: app._last_frame > 0, "a frame")
        app._collect_when_idle()
        assert collections == []  # a key long ago, but a frame just now
        app._last_frame = 0.0
        app._collect_when_idle()
        assert collections == [()]
