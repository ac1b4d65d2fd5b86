"""Past results of a pack no longer installed name it by the id the progress file holds; an id
with terminal escape codes (a hand-edited or planted file) is shown without them, in the list and
in the results' heading (which showed it raw: OSC and CSI reached the terminal). No Textual."""

from __future__ import annotations

import datetime as dt

from learnmeta.content.library import load_library
from learnmeta.progress import ProgressStore
from learnmeta.study.history import attempt_results, past_attempts

HOSTILE = "gone\x1b]0;owned\x07\x1b[2J\x9b31m"


def test_an_unknown_packs_id_with_escape_codes_is_named_without_them(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    library = load_library([], builtin=False, user_packs=False)
    with ProgressStore.open(tmp_path / "ann.toml") as store:
        attempt = store.start_attempt(HOSTILE, "1.0.0")
        assert attempt is not None
        store.record_answer(HOSTILE, "1.0.0", "q1", lesson=None, section=None, response="a", correct=True,
                            hints_used=0, attempt_id=attempt,
                            when=dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.timezone.utc))
        store.finish_attempt(attempt, correct=1, total=1, percent=100, passed=True)
        [past] = past_attempts(library, store)
        shown = attempt_results(library, store, past.id)
    assert shown is not None
    for text in (past.pack_title, past.label(), shown.attempt.pack_title):
        assert "gone" in text and not any(ch in text for ch in "\x1b\x07\x9b"), repr(text)
