"""Two windows on one profile: the second is told and saves nothing; no answer is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from learnmeta.progress import ProgressStore, read_progress

REPO = Path(__file__).resolve().parent.parent

SECOND_WINDOW = textwrap.dedent(
    """
    import json, sys
    from learnmeta.progress import ProgressStore
    store = ProgressStore.open(sys.argv[1])
    store.record_answer("pack-a", "1.0.0", sys.argv[2], lesson="lesson-a", section="intro",
                        response="second window", correct=True, hints_used=0)
    print(json.dumps({"read_only": store.read_only, "notices": store.notices}))
    store.close()
    """
)


def second_window(path: Path, qid: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SECOND_WINDOW, str(path), qid],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def answer(store, qid):
    store.record_answer("pack-a", "1.0.0", qid, lesson="lesson-a", section="intro", response="first window",
                        correct=True, hints_used=0)


def test_a_second_process_on_the_same_profile_is_read_only_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    first = ProgressStore.open(path)
    answer(first, "q1")

    seen = second_window(path, "from-second")
    assert seen["read_only"] is True
    assert len(seen["notices"]) == 1
    assert "open in another learnmeta window" in seen["notices"][0]
    assert "nothing you do in this window will be saved" in seen["notices"][0]

    answer(first, "q2")  # the first window goes on saving; nothing of it is lost
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2"}
    first.close()

    seen = second_window(path, "q3")  # now it is the only window: it saves
    assert seen == {"read_only": False, "notices": []}
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2", "q3"}


def test_a_second_store_in_the_same_process_is_read_only_too(tmp_path):
    path = tmp_path / "progress.toml"
    first = ProgressStore.open(path)
    answer(first, "q1")
    second = ProgressStore.open(path)
    assert second.read_only and "another learnmeta window" in second.notices[0]
    answer(second, "lost-on-purpose")
    second.close()  # closing the read-only one must not free the first one's lock
    third = ProgressStore.open(path)
    assert third.read_only
    third.close()
    answer(first, "q2")
    first.close()
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2"}
    again = ProgressStore.open(path)
    assert not again.read_only and again.notices == []
    again.close()


def test_the_lock_is_a_separate_file_and_the_progress_file_stays_plain(tmp_path):
    path = tmp_path / "progress.toml"
    with ProgressStore.open(path) as store:
        answer(store, "q1")
        assert (tmp_path / "progress.toml.lock").exists()
    assert read_progress(path).questions["pack-a"]["q1"].seen == 1


def test_a_killed_window_does_not_leave_the_profile_locked(tmp_path):
    path = tmp_path / "progress.toml"
    script = textwrap.dedent(
        """
        import os, sys
        from learnmeta.progress import ProgressStore
        store = ProgressStore.open(sys.argv[1])
        os._exit(9)  # dies holding the lock, without closing
        """
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=REPO, timeout=60)
    assert result.returncode == 9
    store = ProgressStore.open(path)
    assert not store.read_only and store.notices == []
    store.close()


def test_a_closed_store_never_writes_over_the_next_window(tmp_path):
    path = tmp_path / "progress.toml"
    first = ProgressStore.open(path)
    answer(first, "q1")
    first.close()
    second = ProgressStore.open(path)
    answer(second, "q2")
    answer(first, "late")  # a late call on the closed store must not overwrite the second window's file
    assert set(read_progress(path).questions["pack-a"]) == {"q1", "q2"}
    second.close()


def test_a_link_planted_where_the_lock_file_goes_creates_nothing_where_it_points(tmp_path, monkeypatch):
    """A bundle unpacked into the data folder could hold ``learners/<name>.toml.lock`` as a link:
    learnmeta must not create (or hold) a file wherever it points, and must still keep a second
    window out."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    target = tmp_path / "elsewhere" / "made-by-learnmeta"
    target.parent.mkdir()
    (tmp_path / "progress.toml.lock").symlink_to(target)
    first = ProgressStore.open(path)
    answer(first, "q1")
    assert not target.exists()
    assert not (tmp_path / "progress.toml.lock").is_symlink()
    assert second_window(path, "from-second")["read_only"] is True
    first.close()
    assert set(read_progress(path).questions["pack-a"]) == {"q1"}


def test_an_empty_folder_where_the_lock_file_goes_is_replaced_and_still_keeps_a_second_window_out(tmp_path, monkeypatch):
    """The lock could not be made on a folder, and the store went on without it: two windows
    both saved, each taking the other's saves for outside edits."""
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    (tmp_path / "progress.toml.lock").mkdir()
    first = ProgressStore.open(path)
    answer(first, "q1")
    seen = second_window(path, "from-second")
    assert seen["read_only"] is True and "open in another learnmeta window" in seen["notices"][0]
    first.close()
    assert set(read_progress(path).questions["pack-a"]) == {"q1"}


def test_a_folder_with_files_where_the_lock_file_goes_makes_the_window_read_only_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "progress.toml"
    (tmp_path / "progress.toml.lock").mkdir()
    (tmp_path / "progress.toml.lock" / "something").write_text("kept", encoding="utf-8")
    store = ProgressStore.open(path)
    try:
        assert store.read_only
        assert "progress.toml.lock is a folder" in store.notices[0]
        assert "another" not in store.notices[0]
    finally:
        store.close()
    assert (tmp_path / "progress.toml.lock" / "something").read_text(encoding="utf-8") == "kept"
