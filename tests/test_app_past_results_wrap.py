"""Past results (h on home, then an attempt) at 60x20: a line of an answer's feedback too long
for the list goes on under its own text, as the quiz's feedback does (feedback.hung), not at the
left of the feedback, where it reads as a line of its own ("legs and the spine" under "Breast")."""

from __future__ import annotations

from factories import pack_data, write_content
from past_results import matched_into_past_results

BONES = "Bones, the long ones of the arms and legs, the spine and the pelvis most of all"
SKIN = "Skin, the outer covering that keeps us safe"  # (the three matches fit the 200 characters kept)


async def test_a_long_match_in_past_results_wraps_under_its_own_text(make_app, tmp_path, screen_text):
    data = pack_data()
    matching = data["questions"][3]  # Breast, Colon, Prostate; Bones, Liver, Skin
    matching["pairs"][0]["right"] = BONES
    matching["distractors"] = [SKIN]
    data["questions"] = [matching]
    content = write_content(tmp_path / "matching", data)
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await matched_into_past_results(pilot, SKIN)  # every item matched with the long Skin
        lines = screen_text(app).splitlines()
        for lead, text in (("✗ Breast → ", "Skin, the"), ("Breast → ", "Bones, the")):
            at = next((n for n, line in enumerate(lines) if lead + text in line), None)
            assert at is not None, "\n".join(lines)
            under = lines[at + 1]
            start = len(under) - len(under.lstrip("▊ "))
            assert start == lines[at].index(text), lines[at:at + 2]


async def test_a_long_match_cut_short_in_the_file_still_says_what_was_answered(make_app, tmp_path, screen_text):
    """The progress file keeps an answer's first 200 characters: a long matching answer (as
    eight built-in questions have) did not read back, and past results said "You answered:"
    with nothing after it. It says the matches as they were kept, the one cut short with "…"."""
    long = "Skin, the outer covering of the whole body that keeps the rest of it safe"
    data = pack_data()
    matching = data["questions"][3]  # Breast, Colon, Prostate; Bones, Liver, Skin
    matching["distractors"] = [long]
    data["questions"] = [matching]
    content = write_content(tmp_path / "matching", data)
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(80, 24)) as pilot:
        await matched_into_past_results(pilot, long)  # 3 x 73 characters and more: cut at 200
        words = " ".join(screen_text(app).replace("▊", " ").replace("▎", " ").split())
        assert f"You answered: Breast → {long} Colon → {long} Prostate → Skin, the" in words, words
        assert "…" in words.split("Prostate → ", 1)[1].split("The right answer")[0], words


async def test_a_past_attempt_at_60_columns_says_when_before_a_long_title(make_app, tmp_path, screen_text):
    """Past results' title said when the attempt was finished after the pack's title: at 60
    columns a title as long as the built-in "Mastery check: metastatic cancer" cut the time off
    ("Exam results: Mastery check: metastatic cancer (today 22:…"), the one thing that tells
    two attempts at a pack apart. The time now comes before the title."""
    data = pack_data()
    data["pack"]["title"] = "Mastery check: metastatic cancer, all lessons"
    data["questions"] = [data["questions"][3]]  # the matching question
    content = write_content(tmp_path / "long-title", data)
    app = make_app(content=[content], start=("quiz", "test-pack"))
    async with app.run_test(size=(60, 20)) as pilot:
        await matched_into_past_results(pilot, "Skin")
        title = screen_text(app).splitlines()[0]
        when = app.screen.past.attempt.when()
        assert title.strip().startswith(f"Results ({when}): Mastery check"), title
        assert len(when) >= len("today 0:00") and when in title, title
