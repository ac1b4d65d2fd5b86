"""The start-up cache (learnmeta.cache): a second start uses what the first one checked, without
reading the content again; any change to a content or progress file is seen; a bad cache is only a lost shortcut."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnmeta import cache, paths
from learnmeta.cache import load_library_cached
from learnmeta.content.library import Library
from learnmeta.progress import ProgressStore, read_progress
from start_harness import start_headless

PACK = """schema_version = 1

[pack]
id = "extra-pack"
title = "Extra"
description = "One more pack."
version = "1.0.0"
authors = ["me"]
licence = "CC0"
sources = [{ title = "A source" }]
reviewed = 2026-11-24
pass_mark = 80

[[questions]]
id = "q1"
type = "true_false"
prompt = "Metastatic breast cancer in the bones is still breast cancer."
answer = true
lesson = "what-is-metastatic-cancer"
section = "naming"
explanation = "It keeps the name of where it started."
"""


def start_app(home: Path) -> tuple[str, bool, list[str]]:
    """A real start (tests/start_harness.py): its first screen, whether the content files had been
    read and checked when it was drawn (the loader imported: not when the library came from the
    cache), and the packs it shows. pydantic is never imported for valid content
    (learnmeta.fastcheck checks it)."""
    note = '("learnmeta.content.loader" in sys.modules, "pydantic" in sys.modules)'
    then = 'print(",".join(pack.id for pack in self.library.packs))'
    first, packs = start_headless(home, note, then=then)[-2:]
    screen, checked, pydantic = first.split()
    assert pydantic == "False", "pydantic was imported for valid content"
    return screen, checked == "True", packs.split(",")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("LEARNMETA_HOME", str(home))
    return home


def welcomed(home: Path) -> None:
    from learnmeta.progress import resolve_progress_path

    with ProgressStore.open(resolve_progress_path(None, None)) as store:
        store.update_settings(welcomed=True)


def test_a_second_start_shows_home_without_checking_the_content_again(home):
    welcomed(home)
    for cached in paths.cache_dir().glob("*"):
        cached.unlink()  # as after an install: nothing checked yet
    screen, checked, packs = start_app(home)
    assert (screen, checked) == ("HomeScreen", True)  # the first start checks everything
    assert (paths.cache_dir() / "library.json").is_file()
    assert not (home / "cache").exists()  # never in the data folder, where bundles are unpacked
    screen, checked, again = start_app(home)
    assert (screen, checked) == ("HomeScreen", False)
    assert again == packs


def test_a_pack_added_after_the_first_start_is_loaded_and_checked(home):
    _, _, packs = start_app(home)
    (home / "packs").mkdir(parents=True, exist_ok=True)
    (home / "packs" / "extra.toml").write_text(PACK, encoding="utf-8")
    _, checked, now = start_app(home)
    assert checked is True
    assert now == [*packs, "extra-pack"]  # a pack tied to no lesson comes last
    _, checked, cached = start_app(home)
    assert (checked, cached) == (False, now)


def test_a_pack_edited_after_the_first_start_is_checked_again(home):
    (home / "packs").mkdir(parents=True)
    pack = home / "packs" / "extra.toml"
    pack.write_text(PACK, encoding="utf-8")
    assert "extra-pack" in [p.id for p in load_library_cached().packs]
    pack.write_text(PACK.replace("pass_mark = 80", 'pass_mark = "eighty"'), encoding="utf-8")
    library = load_library_cached()
    assert "extra-pack" not in [p.id for p in library.packs]
    assert any(problem.path == str(pack) and problem.line == 12 for problem in library.errors)


def checking_forbidden(monkeypatch):
    """From now on, content and progress files cannot be checked: only the cache can serve."""
    from learnmeta.content import library
    from learnmeta.progress import fileformat, recovery

    def no_checking(*args, **kwargs):
        raise AssertionError("checked a file again instead of using the cache")

    monkeypatch.setattr(library, "load_library", no_checking)
    monkeypatch.setattr(fileformat, "loads", no_checking)
    monkeypatch.setattr(fileformat, "loads_keeping_unknown", no_checking)
    monkeypatch.setattr(recovery, "loads", no_checking)


def test_a_damaged_cache_is_ignored_and_replaced(home, monkeypatch):
    first = load_library_cached()
    cached = paths.cache_dir() / "library.json"
    garbage = b"{not json at all"
    cached.write_bytes(garbage)
    again = load_library_cached()
    assert isinstance(again, Library) and [p.id for p in again.packs] == [p.id for p in first.packs]
    assert cached.read_bytes() != garbage
    checking_forbidden(monkeypatch)
    assert [p.id for p in load_library_cached().packs] == [p.id for p in first.packs]  # replaced
    assert cache.read_library({"some other": "key"}, 0) is None


def test_an_unwritable_cache_folder_changes_nothing(home, monkeypatch):
    home.mkdir(parents=True)
    (home / "not-a-folder").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("LEARNMETA_CACHE", str(home / "not-a-folder"))
    assert [p.id for p in load_library_cached().packs]
    store = ProgressStore.open(home / "learner.toml")
    store.update_settings(name="Ann")
    store.close()
    assert ProgressStore.open(home / "learner.toml").settings.name == "Ann"


def test_the_store_uses_the_cache_the_cache_layer_registers_and_works_without_it(home):
    """progress does not import the cache (it sits above): importing learnmeta.cache registers
    its keeper with the store; with none registered the file is read and checked, and nothing
    is kept (so the next start with the cache still finds what was kept before)."""
    from learnmeta.progress import keeping

    assert isinstance(keeping.current(), cache.ProgressKeeper)
    path = home / "learner.toml"
    with ProgressStore.open(path) as store:
        store.update_settings(name="Ann", welcomed=True)
    kept = paths.cache_dir() / (cache.progress_name(path) + ".json")
    assert kept.is_file()
    kept.unlink()
    keeping.use(None)
    try:
        without = ProgressStore.open(path)
        assert without.settings.name == "Ann" and not without._from_cache
        without.close()
    finally:
        keeping.use(cache.ProgressKeeper())
    assert not kept.exists()  # nothing kept without the cache
    with ProgressStore.open(path) as store:
        assert store.settings.name == "Ann" and not store._from_cache
    assert kept.is_file()
    with ProgressStore.open(path) as store:
        assert store.settings.name == "Ann" and store._from_cache


def test_progress_edited_by_hand_between_two_starts_is_read_from_the_file(home):
    path = home / "learner.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Ann", welcomed=True)
    store.close()
    assert any(paths.cache_dir().glob("progress-*.json"))
    path.write_text(path.read_text(encoding="utf-8").replace('name = "Ann"', 'name = "Bea"'), encoding="utf-8")
    again = ProgressStore.open(path)
    assert again.settings.name == "Bea"
    again.close()


def test_a_deleted_progress_file_takes_its_kept_copy_with_it(home):
    """A learner who deleted their progress file does not leave their answers in the cache."""
    path = home / "learner.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Ann", welcomed=True)
    store.close()
    kept = paths.cache_dir() / (cache.progress_name(path) + ".json")
    assert kept.is_file() and b"Ann" in kept.read_bytes()
    path.unlink()
    path.with_name(path.name + ".bak").unlink(missing_ok=True)
    again = ProgressStore.open(path)
    assert again.settings.name != "Ann"
    assert not kept.exists() or b"Ann" not in kept.read_bytes()
    again.close()


def test_progress_that_was_never_saved_is_not_taken_from_the_cache(home):
    path = home / "learner.toml"
    store = ProgressStore.open(path)
    store.update_settings(name="Ann")
    store.progress.learner.name = "Not saved"  # a change the file does not hold
    store.close()
    assert ProgressStore.open(path).settings.name == "Ann"
    assert read_progress(path).learner.name == "Ann"


def test_the_cached_progress_is_the_same_as_the_file_read_afresh(home, monkeypatch):
    path = home / "learner.toml"
    store = ProgressStore.open(path)
    store.record_page("what-is-metastatic-cancer", "naming", 5)
    store.record_answer("pack-x", "1.0.0", "q1", lesson="l", section="s", response="an answer",
                        correct=False, hints_used=1)
    store.close()
    expected = read_progress(path)
    checking_forbidden(monkeypatch)
    cached = ProgressStore.open(path)
    assert cached.progress == expected and cached.notices == []
    cached.close()


def test_saving_after_a_cached_start_writes_what_a_full_save_would(home, monkeypatch):
    from learnmeta.progress import fileformat

    path = home / "learner.toml"
    store = ProgressStore.open(path)
    attempt = store.start_attempt("pack-x", "1.0.0")
    for n in range(3):
        store.record_answer("pack-x", "1.0.0", f"q{n}", lesson="l", section="s", response=f"answer {n}",
                            correct=n != 1, hints_used=0, attempt_id=attempt)
    store.close()
    real_loads = fileformat.loads
    checking_forbidden(monkeypatch)
    cached = ProgressStore.open(path)  # from the cache: the parts' text too
    assert cached._writer.chunks
    monkeypatch.setattr(fileformat, "loads", real_loads)  # the saves read their parts back
    cached.record_answer("pack-x", "1.0.0", "q1", lesson="l", section="s", response="again",
                         correct=True, hints_used=0, attempt_id=attempt)
    cached.close()
    assert path.read_text(encoding="utf-8") == fileformat.dumps(read_progress(path))
    from learnmeta.progress.answerlog import answers, log_path

    assert [entry.response for entry in answers(log_path(path))] == ["answer 0", "answer 1", "answer 2", "again"]
    assert read_progress(path).questions["pack-x"]["q1"].seen == 2


def test_every_record_class_is_stored_with_exactly_its_fields():
    """cache_records lists each record's fields by hand: a field added to a model must be added
    there too (until it is, that record is never cached, and the second start checks the files again)."""
    import dataclasses

    from learnmeta import cache_records
    from learnmeta.content import models
    from learnmeta.progress import model

    records = {
        cls for module in (models, model) for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
    } - {models.QuestionBase}
    assert records <= set(cache_records.FIELDS)
    for cls, names in cache_records.FIELDS.items():
        assert sorted(names) == sorted(f.name for f in dataclasses.fields(cls)), cls.__name__


async def test_a_progress_file_read_without_the_cache_is_cached_once_home_is_drawn(make_app, tmp_path):
    # After a kill nothing is written at exit, so every start read and checked the whole file
    # again (a learner of 10,000 answers: half a second). The app now keeps it in the cache once
    # its first screen is drawn, so the start after another kill finds it there.
    from learnmeta import cache

    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True, name="Ann")
    for cached in paths.cache_dir().glob("progress-*"):
        cached.unlink()  # as after a kill: nothing kept for the file as it is
    app = make_app(progress=path)
    name = cache.progress_name(app.store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(app.SETTLE_AFTER + 0.3)
        assert type(app.screen).__name__ == "HomeScreen"
        kept = cache.read_progress(name, path.read_bytes())  # while the app still runs
        assert kept is not None and kept[0].learner.name == "Ann"
        await pilot.press("f1")  # the app goes on as usual
        await pilot.pause()


async def test_the_first_save_after_opening_a_file_is_whole_before_it_settles(make_app, tmp_path):
    # The parts of a file read at start are written out to compare only once home is drawn (or
    # at the first save): a save before that still writes everything, exactly.
    from learnmeta.progress import fileformat

    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        store.update_settings(welcomed=True)
        store.record_page("les", "p1", 3)
    for cached in paths.cache_dir().glob("progress-*"):
        cached.unlink()
    store = ProgressStore.open(path)
    try:
        store.record_page("les", "p2", 3)  # before settle()
        assert fileformat.loads(path.read_bytes()).lessons["les"].last_page == "p2"
        store.settle()
        store.record_page("les", "p3", 3)
        assert fileformat.loads(path.read_bytes()) == store.progress
    finally:
        store.close()


async def test_what_is_saved_is_cached_once_the_learner_pauses(make_app, tmp_path):
    # A terminal closed in the middle of a session wrote nothing at exit: the next start read and
    # checked the whole file. After a save, once no key has been pressed for a second, the
    # progress as saved is in the cache while the app still runs.
    from learnmeta import cache

    app = make_app(start=("lesson", "sample-basics"))
    path = app.store.path
    name = cache.progress_name(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("right")  # page 2: saved at once
        await pilot.pause(app.IDLE_BEFORE_CACHING + 0.5)
        kept = cache.read_progress(name, path.read_bytes())
        assert kept is not None
        assert kept[0].lessons["sample-basics"].last_page == app.store.progress.lessons["sample-basics"].last_page
        assert not app.store.cache_behind


def test_progress_kept_for_other_bytes_of_the_same_size_is_turned_away_unread(home, monkeypatch):
    """After the app was killed just after a save, the file often has the size it had when its
    progress was kept (an answer's count went from 3 to 4): that entry was read, made into
    records and written out again before it was found not to be the file (12-15 ms of the start
    after a kill). Its key now holds the bytes' CRC-32 too: the entry is turned away at once."""
    from learnmeta import cache_records
    from learnmeta.progress import fileformat, resolve_progress_path

    welcomed(home)
    path = resolve_progress_path(None, None)
    with ProgressStore.open(path) as store:
        store.update_settings(name="Ann")
    data = path.read_bytes()
    name = cache.progress_name(path)
    progress = read_progress(path)
    cache.write_progress(name, data, progress, fileformat.file_parts(progress)[1])
    built = []
    load, dump = cache_records.PROGRESS
    monkeypatch.setattr(cache_records, "PROGRESS", (lambda value: built.append(1) or load(value), dump))
    assert cache.read_progress(name, data) is not None and built == [1]  # the same bytes: taken
    changed = data.replace(b'name = "Ann"', b'name = "Bob"')
    assert len(changed) == len(data) and changed != data
    built.clear()
    assert cache.read_progress(name, changed) is None
    assert built == []  # not read into records at all


def _heavy_learner(path: Path, questions: int = 300) -> ProgressStore:
    """An open store whose file is larger than the cache keeps (cache.PROGRESS_KEPT_UP_TO)."""
    store = ProgressStore.open(path)
    real_save = store._save
    store._save = lambda *args, **kwargs: True  # made quickly; saved once at the end
    for n in range(questions):
        store.record_answer("pack-a", "1.0.0", f"q-{n:04d}", lesson="a-lesson", section=f"s-{n % 5}",
                            response="the bones", correct=n % 3 > 0, hints_used=0)
    store._save = real_save
    assert store.save()
    return store


def test_a_large_progress_file_is_read_itself_and_nothing_is_kept_for_it(home, monkeypatch):
    """For a learner of 1,000 questions, taking the progress from the cache cost 37 ms of CPU (its
    records made, then written out again to prove they are the file) where reading the file
    itself costs 15: a file over PROGRESS_KEPT_UP_TO is read itself, nothing is kept for it, and
    what an older start kept for it is forgotten (never read, never left behind)."""
    from learnmeta.progress import fileformat

    path = home / "learner.toml"
    kept = paths.cache_dir() / (cache.progress_name(path) + ".json")
    store = _heavy_learner(path)
    store.settle()  # as the app does after its first frame: a small file is kept here
    store.refresh_cache()  # and after a save, when the learner pauses
    store.close()  # and at the end
    data = path.read_bytes()
    assert len(data) > cache.PROGRESS_KEPT_UP_TO
    assert not kept.exists()  # before: kept three times over
    expected = read_progress(path)
    cache.write_progress(cache.progress_name(path), data, expected, fileformat.file_parts(expected)[1])
    assert kept.is_file()  # as an older learnmeta kept it
    asked = []
    real = cache.read_progress
    monkeypatch.setattr(cache, "read_progress", lambda *args: asked.append(args) or real(*args))
    with ProgressStore.open(path) as again:
        assert again.progress == expected and not again._from_cache
        again.record_answer("pack-a", "1.0.0", "q-0001", lesson="a-lesson", section="s-1",
                            response="the liver", correct=False, hints_used=0)
    assert asked == [] and not kept.exists()
    assert read_progress(path).questions["pack-a"]["q-0001"].last_answer == "the liver"


def test_a_small_progress_file_is_still_taken_from_the_cache(home):
    path = home / "learner.toml"
    _heavy_learner(path, questions=20).close()
    assert len(path.read_bytes()) < cache.PROGRESS_KEPT_UP_TO
    with ProgressStore.open(path) as store:
        assert store._from_cache and store.progress == read_progress(path)


def test_a_large_file_after_a_kill_holds_every_answer_saved(home):
    """The app killed just after a save (nothing done at exit), its file too large to be kept: the
    next start reads the file, with the answer saved last, and the next save keeps everything."""
    path = home / "learner.toml"
    store = _heavy_learner(path)
    store.record_answer("pack-a", "1.0.0", "q-9999", lesson="a-lesson", section="s-1",
                        response="the lungs", correct=True, hints_used=0)
    store._release()  # killed: the lock goes with the process, nothing else is done
    with ProgressStore.open(path) as again:
        assert again.progress.questions["pack-a"]["q-9999"].last_answer == "the lungs"
        assert len(again.progress.questions["pack-a"]) == 301
        again.record_answer("pack-a", "1.0.0", "q-0002", lesson="a-lesson", section="s-2",
                            response="bone", correct=True, hints_used=1)
    saved = read_progress(path).questions["pack-a"]
    assert saved["q-9999"].last_answer == "the lungs" and saved["q-0002"].hints_used == 1
