"""Item-writing lint, round 2: cues a test-wise learner uses, each tripped by a real bad question
and quiet on a good one; and the emphasis the negative-stem rule recommends is what the question
screen shows (bold in the app, capitals in plain mode), never asterisks."""

from __future__ import annotations

import pytest

from factories import LESSON, pack_data, write_lesson, write_pack
from learnmeta.cli import main
from learnmeta.content.loader import load_pack
from learnmeta.content.text import emphasis_in_capitals, emphasis_pieces
from learnmeta.instructor.lint import lint_pack
from test_instructor_lint import TODAY, codes, single


def lint(tmp_path, questions: list[dict]):
    data = pack_data()
    data["questions"] = questions
    return lint_pack(load_pack(write_pack(tmp_path, data)), today=TODAY)


def true_false(qid: str, prompt: str, answer: bool) -> dict:
    return {
        "id": qid, "type": "true_false", "prompt": prompt, "answer": answer, "lesson": "test-lesson",
        "section": "s1", "explanation": "Because.", "source": {"title": "A source"},
        "feedback_true": "Because.", "feedback_false": "Because.",
    }


def multiple(qid: str, prompt: str, choices: list[tuple[str, bool]]) -> dict:
    question = single(qid, prompt, choices)
    question["type"] = "multiple"
    return question


# -- absolute words in distractors ---------------------------------------------------------------


def test_an_absolute_word_in_a_wrong_choice_only_is_flagged_on_its_line(tmp_path):
    bad = single("goal", "What is a main goal of treatment for metastatic cancer?", [
        ("Help the person live longer", True),
        ("Always cure the cancer completely", False),
        ("Stop all side effects", False),
    ])
    problems = [p for p in lint(tmp_path, [bad]) if p.code == "absolute-word"]
    assert [p.field for p in problems] == ["choices[2].text", "choices[3].text"]
    assert "'Always'" in problems[0].message or "'always'" in problems[0].message.lower()
    lines = (tmp_path / "pack.toml").read_text(encoding="utf-8").split("\n")
    assert "Always cure" in lines[problems[0].line - 1]


def test_absolute_words_are_no_cue_when_the_right_choice_has_one_too(tmp_path):
    fair = single("goal", "What is true of treatment for metastatic cancer?", [
        ("It is always planned with the person", True),
        ("It never changes once it starts", False),
        ("Most people need no treatment", False),
    ])
    plain = single("goal2", "What is a main goal of treatment?", [
        ("Help the person live longer", True),
        ("Make the tumours go away for good", False),
        ("Lumps that are not cancer at all", False),  # "at all" is not an absolute claim
    ])
    assert "absolute-word" not in codes(lint(tmp_path, [fair, plain]))


# -- grammatical cues ----------------------------------------------------------------------------


def test_an_before_the_answer_when_only_the_answer_starts_with_a_vowel_is_flagged(tmp_path):
    bad = single("word", "A tumour that forms in a new place is called an", [
        ("Metastasis", False), ("Infection", True), ("Bruise", False),
    ])
    (problem,) = [p for p in lint(tmp_path, [bad]) if p.code == "grammar-cue"]
    assert problem.field == "prompt" and "'an'" in problem.message


def test_an_article_before_a_missing_word_blank_is_checked_too(tmp_path):
    bad = single("blank", "The doctor found an _____ in the liver.", [
        ("Tumour", False), ("Lump", False), ("Abscess", True),
    ])
    assert "grammar-cue" in codes(lint(tmp_path, [bad]))
    good = single("blank2", "The doctor found _____ in the liver.", [
        ("A tumour", False), ("A lump", False), ("An abscess", True),
    ])
    assert "grammar-cue" not in codes(lint(tmp_path, [good]))


def test_a_stem_that_every_choice_fits_is_not_flagged(tmp_path):
    good = single("word", "A tumour that forms in a new place is called:", [
        ("A metastasis", True), ("An infection", False), ("A bruise", False),
    ])
    fits = single("word2", "The first place a cancer grows is called an", [
        ("Original tumour", False), ("Initial growth", False), ("Index tumour", True),
    ])
    assert "grammar-cue" not in codes(lint(tmp_path, [good, fits]))


def test_number_agreement_that_gives_the_answer_away_is_flagged(tmp_path):
    bad = single("organs", "The organs that filter lymph are", [
        ("Lymph nodes", True), ("The liver", False), ("The heart", False),
    ])
    assert "grammar-cue" in codes(lint(tmp_path, [bad]))
    good = single("organs2", "The organs that filter lymph are", [
        ("Lymph nodes", True), ("Kidneys", False), ("Lungs", False),
    ])
    assert "grammar-cue" not in codes(lint(tmp_path, [good]))


# -- negative stems and the emphasis that is shown -----------------------------------------------


@pytest.mark.parametrize(
    "prompt, flagged",
    [
        ("Which of these is not a common site?", True),
        ("Which of these is *not* a common site?", True),  # not shown as emphasis: not enough
        ("Which of these is NOT a common site?", False),
        ("Which of these is **not** a common site?", False),
        ("All of these are common sites **except** one. Which?", False),
    ],
)
def test_a_negative_stem_needs_emphasis_that_is_shown(tmp_path, prompt, flagged):
    question = single("neg", prompt, [("Bones", False), ("Skin", True), ("Liver", False)])
    problems = [p for p in lint(tmp_path, [question]) if p.code == "negative-stem"]
    assert bool(problems) is flagged
    if problems:
        assert "**not**" in problems[0].message and "bold" in problems[0].message


def test_emphasis_is_parsed_not_interpreted():
    assert emphasis_pieces("Which is **not** a sign?") == [("Which is ", False), ("not", True), (" a sign?", False)]
    assert emphasis_pieces("2 ** 3 and a lone **") == [("2 ** 3 and a lone **", False)]
    assert emphasis_pieces("**[b]x[/b]**") == [("[b]x[/b]", True)]
    assert emphasis_in_capitals("Which is **not** a sign?") == "Which is NOT a sign?"
    assert emphasis_in_capitals("Grant is _____ in the tomb.") == "Grant is _____ in the tomb."


async def test_the_quiz_screen_shows_emphasis_in_bold_without_asterisks(make_app, tmp_path):
    folder = tmp_path / "emphasis"
    folder.mkdir()
    write_lesson(folder, LESSON)
    data = pack_data()
    data["questions"][0]["prompt"] = "Which is **not** b? [b]Markup[/b] stays text."
    write_pack(folder, data)
    app = make_app(content=[folder], start=("quiz", "test-pack"))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        prompt = app.screen.query_one("#quiz-prompt")
        content = prompt.visual
        assert content.plain == "Which is not b? [b]Markup[/b] stays text."
        bold = [content.plain[span.start:span.end] for span in content.spans if "bold" in str(span.style)]
        assert bold == ["not"]
        screen = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "**" not in screen and "Which is not b? [b]Markup[/b] stays text." in screen


def test_plain_mode_says_the_emphasised_word_in_capitals(tmp_path, monkeypatch):
    import tomllib

    import tomli_w

    from test_plain_mode import plain

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    path = tmp_path / "demo.toml"
    assert main(["new-pack", "demo", "-o", str(path)]) == 0
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["questions"][0]["prompt"] = "Which is **not** the name it keeps?"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    status, out, err = plain("--plain", "quiz", str(path), stdin="")
    assert "Which is NOT the name it keeps?" in out, out + err
    assert "**" not in out


# -- true/false banks and answer-count or length cues --------------------------------------------


def test_a_true_false_bank_where_absolute_words_mark_the_false_statements_is_flagged(tmp_path):
    bank = [
        true_false("t1", "Cancer can spread through the blood.", True),
        true_false("t2", "Bone is a common place for breast cancer to spread.", True),
        true_false("t3", "Metastatic cancer always means the end of treatment.", False),
        true_false("t4", "Cancer never spreads through the lymph system.", False),
        true_false("t5", "Only old people get metastatic cancer.", False),
    ]
    (problem,) = [p for p in lint(tmp_path, bank) if p.code == "true-false-absolutes"]
    assert "3 of the 3 false statements" in problem.message
    fair = bank[:2] + [
        true_false("t3", "Metastatic cancer means the end of treatment.", False),
        true_false("t4", "Cancer does not spread through the lymph system.", False),
        true_false("t5", "Treatment can always be changed when it stops working.", True),
    ]
    assert "true-false-absolutes" not in codes(lint(tmp_path, fair))


def test_right_choices_all_longer_than_the_wrong_ones_give_the_answer_away(tmp_path):
    bad = multiple("signs", "Which can be signs that cancer has spread to the bones?", [
        ("Pain in the bones that gets worse at night", True),
        ("A bone that breaks after a small bump or fall", True),
        ("Itching", False),
        ("Hiccups", False),
    ])
    assert "answer-length-cue" in codes(lint(tmp_path, [bad]))
    good = multiple("signs", "Which can be signs that cancer has spread to the bones?", [
        ("Bone pain that gets worse at night", True),
        ("A bone that breaks after a small bump", True),
        ("Itching of the skin all over the body", False),
        ("Hiccups that come and go after meals", False),
    ])
    assert "answer-length-cue" not in codes(lint(tmp_path, [good]))


def test_a_pack_where_nearly_every_choice_is_right_teaches_ticking_everything(tmp_path):
    def generous(n):
        return multiple(f"m{n}", f"Which of these are true ({n})?", [
            (f"First statement {n}", True), (f"Second statement {n}", True), (f"Third statement {n}", False),
        ])

    assert "answer-length-cue" in codes(lint(tmp_path, [generous(n) for n in range(3)]))
    mixed = [generous(0)] + [multiple(f"x{n}", f"Which of these are true, case {n}?", [
        (f"First claim {n}", True), (f"Second claim {n}", False), (f"Third claim {n}", False),
    ]) for n in range(2)]
    assert "answer-length-cue" not in codes(lint(tmp_path, mixed))


def test_the_built_in_content_is_lint_clean(capsys):
    assert main(["validate", "--strict"]) == 0, capsys.readouterr().out
