"""Attacks on what landed in round 5 (the pack's taken_back, given_again, report --lrs's time
limit and bound, matching clicks, help at the screen's keys, past results' cut answers): each
asserts a promise a learner or instructor would notice."""

from __future__ import annotations

import pytest

from factories import pack_data, write_content
from waiting import settled

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
HOSTILE = ["[bold]Bones[/bold]", "[@click=app.quit]Liver[/]", "\x1b[31mSk\x1b]8;;https://x.test\x07in" + LONG_WORD]


@pytest.fixture
def matching_hostile(tmp_path):
    data = pack_data()
    matching = data["questions"][3]  # Breast, Colon, Prostate; Bones, Liver, Skin
    for pair, right in zip(matching["pairs"], HOSTILE):
        pair["right"] = right
    data["questions"] = [matching]
    return write_content(tmp_path / "matching", data)


def _bar(lines: list[str]) -> int | None:
    return next((line.index("▏") for line in lines if "▏" in line), None)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (40, 12)])
async def test_matching_answers_holding_markup_and_long_words_read_as_text_and_clicks_do_not_run_them(
        make_app, matching_hostile, size, screen_text):
    """A click on every cell of the answers' column, one after another: the markup in the
    answers is shown as typed, [@click=app.quit] quits nothing, escape codes reach no terminal
    (the pack's loading removes their control characters), and nothing raises."""
    app = make_app(content=[matching_hostile], start=("quiz", "test-pack"))
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        text = screen_text(app)
        if "bigger" in text:  # the too-small notice covers a quiz this small
            return
        if size == (80, 24):
            assert "[bold]Bones[/bold]" in text and "[@click=app.quit]Liver[/]" in text, text
        assert "\x1b" not in text and "\x07" not in text  # the escapes' control characters removed
        width, height = size
        for y in range(height):
            for x in range(width // 2, width, 4):
                await pilot.click(offset=(x, y))
                assert app.is_running, (x, y)
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_a_cut_matching_answer_in_past_results_shows_its_markup_as_text(make_app, tmp_path, screen_text):
    """Past results list a long matching answer's pieces as the file kept them (cut at 200
    characters, ending "…"): an answer holding markup reads as typed, and a click on it quits
    nothing."""
    from past_results import matched_into_past_results

    long = "[bold]Skin[/bold], [@click=app.quit]the outer covering[/] of the whole body, kept safe"
    data = pack_data()
    matching = data["questions"][3]  # Breast, Colon, Prostate; Bones, Liver, Skin
    matching["distractors"] = [long]
    data["questions"] = [matching]
    content = write_content(tmp_path / "matching", data)
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await matched_into_past_results(pilot, long)  # 3 x 93 characters: cut at 200, in "Prostate"
        words = " ".join(screen_text(app).replace("▊", " ").replace("▎", " ").split())
        assert f"You answered: Breast → {long} Colon → {long} Prostat…" in words, words
        for y in range(24):
            await pilot.click(offset=(20, y))
        await pilot.pause()
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("hidden", ["\u3164", "\u034f", "\u115f"])
def test_a_planted_cache_does_not_let_in_a_taken_back_id_the_file_checks_refuse(tmp_path, monkeypatch, hidden):
    """A pack's taken_back holding an id with an invisible letter (a Hangul filler, the combining
    grapheme joiner: printable to Python, removed by cleaning) does not load: the file is kept
    aside and the learner told. A cache planted beside it, holding those very bytes, made it load
    as it was, with no word said (the cache's own check skipped printable text)."""
    import json

    import tomli_w

    from learnmeta import cache, paths
    from learnmeta.progress import ProgressStore, resolve_progress_path

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LEARNMETA_CACHE", str(tmp_path / "cache"))
    path = resolve_progress_path(None, None)
    with ProgressStore.open(path) as store:
        attempt = store.start_attempt("pack-x", "1.0.0")
        answer = store.record_answer("pack-x", "1.0.0", "q1", lesson="l", section="s", response="wrong",
                                     correct=False, hints_used=0, attempt_id=attempt)
        assert answer is not None and store.undo_answer(answer)
    cached = paths.cache_dir() / "progress-default.json"
    key, _, body = cached.read_bytes().partition(b"\n")
    old, new = 'taken_back = ["q1"]', "taken_back = [" + tomli_w.dumps({"x": "q1" + hidden})[4:-1] + "]"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 2  # the pack's, and its attempt's
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    planted = (json.dumps(json.loads(body)).replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
               .replace('"taken_back": ["q1"]', '"taken_back": ' + json.dumps(["q1" + hidden])))
    header = json.loads(key)
    header["key"] = cache._progress_key(path.read_bytes())
    cached.write_bytes(json.dumps(header, separators=(",", ":")).encode() + b"\n" + planted.encode())
    assert planted != json.dumps(json.loads(body))
    store = ProgressStore.open(path)
    try:
        assert any("could not be read" in notice for notice in store.notices), store.notices
        assert hidden not in "".join(store.progress.packs["pack-x"].taken_back or []), store.progress
        assert list(path.parent.glob("default.broken-*.toml")), sorted(path.parent.iterdir())
    finally:
        store.close()


async def test_more_below_on_home_follows_resizes_and_the_lists_growing(make_app, screen_text, tmp_path):
    """Home's "↓ More below" says what the view shows through resizes (60x20, 120x40, back, a
    window just big enough), scrolled to the end and back to the top, and when the view ends
    just after the last quiz (its last line in view: nothing below)."""
    app = make_app(builtin=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lists = app.screen.query_one("#home")

        async def says() -> tuple[bool, bool]:
            for _ in range(3):
                await pilot.pause()
            more = "↓ More below" in screen_text(app)
            return more, lists.max_scroll_y > 0 and lists.scroll_y < lists.max_scroll_y

        assert await says() == (True, True)
        for size in [(120, 40), (60, 20), (200, 60), (60, 21), (61, 20), (80, 24), (60, 20)]:
            await pilot.resize_terminal(*size)
            more, below = await says()
            assert more == below, (size, screen_text(app))
        lists.scroll_end(animate=False)
        assert await says() == (False, False), screen_text(app)
        await pilot.resize_terminal(60, 22)  # taller, scrolled to the end: still nothing below
        assert (await says())[0] is (await says())[1], screen_text(app)
        lists.scroll_home(animate=False)
        await pilot.resize_terminal(60, 20)
        assert await says() == (True, True), screen_text(app)


@pytest.mark.parametrize("shape", ["learners", "packs", "questions", "all"])
def test_what_a_report_from_statements_holds_is_counted_in_its_bound(shape):
    """report --lrs stops past MAX_KEPT_BYTES of what it keeps (ClassData.kept), which is never
    less than what it holds. Statements each naming a learner (or a pack, or a question) not met
    before held twice what was counted or more (the learner's table of packs, the pack's record,
    the question's list, each answer's record and its statement id's place were not), so 5
    million of them could hold some 5 GB under a bound said to be 3 GB."""
    import gc
    import sys
    import tracemalloc

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from test_lrs_kept import answered

    from learnmeta.instructor.class_data import read_statements

    def statement(n: int) -> dict:
        name = f"x{n:07d}"
        named = {"learner": name, "pack": name, "question": name, "response": name, "when": name}
        return answered(n, **(named if shape == "all" else {shape[:-1]: name, "response": ""}))

    gc.collect()
    tracemalloc.start()  # the statements made as they are read, as an LRS's pages are
    try:
        data, left_out = read_statements(statement(n) for n in range(20_000))
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert left_out == 0
    # (Python's table of interned text may grow once as they are read: a few MB at most)
    assert held <= data.kept + 4_000_000, (held, data.kept)
