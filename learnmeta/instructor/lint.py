"""Item-writing checks for question packs: warnings that help an instructor write fair questions.

``learnmeta validate`` calls :func:`lint_library` and prints what it returns as warnings (exit 0),
or as errors with ``--strict``. Only the packs being checked (``library.files``) are linted; of a
pack that did not load, each question with no error of its own, one question at a time
(:func:`lint_questions`).

The checks, each a :class:`~learnmeta.content.errors.Problem` ``code``:

``all-of-the-above``   a choice says "all of the above", "none of the above" (or "both/neither").
``longest-correct``    across a pack, the right choice is the longest one in most questions
                       (at least 2 choice questions, and 70 % or more of them), a cue test-wise
                       learners use.
``position-bias``      across a pack, the right choice of ``single`` questions that are not
                       shuffled sits in one position far more often than chance (at least 4
                       questions; 60 % or more, and twice what chance would give).
``no-feedback``        a wrong choice has no feedback (for true/false: the wrong answer has none).
``no-source``          the question has no ``source`` of its own. The pack's sources are required
                       anyway, so they cannot tell which fact a question rests on: a reviewer
                       needs the question's own source.
``stale-review``       the pack's ``reviewed`` date is more than two years before today.
``negative-stem``      the prompt uses "not" or "except" without emphasis (write NOT or
                       **not**: the app shows **not** in bold, plain mode as NOT; *not* is not
                       shown as emphasis, so it does not count).
``absolute-word``      a wrong choice says "always", "never", "only", "all", "none"... and no right
                       choice does: test-wise learners rule such choices out without knowing why.
``grammar-cue``        the stem ends in "a"/"an" (or "is"/"are") and only the right choice fits it
                       (starts with a vowel after "an", a consonant after "a"; singular or plural).
``true-false-absolutes`` in a pack's true/false questions, absolute words ("always", "never"...)
                       are in the false statements and not in the true ones (4 or more
                       statements): learners answer "false" on the word alone.
``answer-length-cue``  in a multiple-answer question, the right choices are all longer than every
                       wrong one; or most of a pack's multiple-answer questions have every choice
                       right, or all but one (learners learn to tick everything).
``reading-level``      the prompt reads above US grade 8 (Flesch-Kincaid, textstat 0.7.8).
``duplicate-question`` two questions (in the packs checked) have the same prompt, ignoring
                       case, spaces and punctuation.
``duplicate-choice``   two choices, items or accepted answers of one question are the same,
                       ignoring case, spaces and punctuation.
``undescribed-misconception``  a ``misconception`` tag that the pack's ``[misconceptions]`` table
                       does not describe: a learner who keeps choosing that idea would be shown
                       only its tag (once per tag, at its first use).
``unused-misconception``  the ``[misconceptions]`` table describes a tag no question uses (a
                       typo in the tag, or a question removed).
``placeholder``        a text an import left to be filled in is still there: an explanation
                       starting "Edit this explanation", an author, licence or source starting
                       "Edit:", a description saying "Describe the pack here." (import-gift,
                       import-qti and import-moodle-xml write them, and say so).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from learnmeta.content.errors import Problem
from learnmeta.content.text import normalise_answer

READING_GRADE_LIMIT = 8.0
REVIEW_YEARS = 2

_ABOVE = re.compile(
    r"\b(all|none|both|neither)\s+of\s+(the\s+)?(above|these|those|the\s+answers)\b", re.IGNORECASE
)
_NEGATIVE = re.compile(r"(\*\*)?\b(not|except)\b(\*\*)?", re.IGNORECASE)
_ABSOLUTE = re.compile(
    r"\b(?<!at )(always|never|all|none|every|everyone|everything|only|completely|entirely|totally|"
    r"absolutely|certainly|definitely|guaranteed|guarantees|impossible|cannot|no one|nobody)\b",
    re.IGNORECASE,
)
_VOWEL_SOUND = re.compile(r"^(?:[aeiAEI]|o(?!ne)|O(?!ne)|u(?!ni|se|su|ro|tr)|U(?!ni|se|su|ro|tr)|hour|honest|heir)")
_PLACEHOLDER_START = ("Edit this explanation", "Edit:")
"""How the texts an import leaves to be filled in start (learnmeta.cli.gift, .interchange)."""
_PLACEHOLDER_DESCRIPTION = "Describe the pack here."
_SINGULAR_END = {"a", "an", "is", "was", "this", "that"}
_PLURAL_END = {"are", "were", "these", "those"}


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class _Linter:
    def __init__(self, pack, today: dt.date):
        self.pack = pack
        self.today = today
        self.problems: list[Problem] = []

    def line(self, loc: tuple) -> int | None:
        lines = getattr(self.pack, "_lines", None)
        return lines.line_for(loc) if lines is not None else None

    def warn(self, code: str, message: str, loc: tuple = (), question=None, field: str | None = None):
        self.problems.append(
            Problem(
                path=self.pack.path,
                message=message,
                line=self.line(loc),
                question=question.id if question is not None else None,
                field=field,
                severity="warning",
                code=code,
            )
        )

    # -- one question at a time ---------------------------------------------------------------

    def question(self, index: int, question) -> None:
        loc = ("questions", index)
        choices = getattr(question, "choices", None) or []
        for number, choice in enumerate(choices):
            if _ABOVE.search(choice.text):
                self.warn(
                    "all-of-the-above",
                    f"choice '{choice.text}': avoid \"all/none of the above\"; it lets learners "
                    "answer by elimination. Write each choice as a full answer.",
                    loc + ("choices", number, "text"), question, f"choices[{number + 1}].text",
                )
            if not choice.correct and not choice.feedback:
                self.warn(
                    "no-feedback",
                    f"the wrong choice '{choice.text}' has no feedback; say why it is not right",
                    loc + ("choices", number), question, f"choices[{number + 1}].feedback",
                )
        if question.type == "true_false":
            wrong_side = "feedback_false" if question.answer else "feedback_true"
            if not getattr(question, wrong_side):
                self.warn(
                    "no-feedback",
                    f"no feedback for the wrong answer ({'false' if question.answer else 'true'}); "
                    f"add {wrong_side}",
                    loc + (wrong_side,), question, wrong_side,
                )
        if question.source is None:
            self.warn(
                "no-source",
                "the question has no source; add a [questions.source] naming where its fact comes from",
                loc + ("id",), question, "source",
            )
        if question.explanation.startswith(_PLACEHOLDER_START):
            self.warn(
                "placeholder",
                "the explanation is still the import's placeholder ('Edit this explanation...'), "
                "and learners would see it after every answer: write why the right answer is right",
                loc + ("explanation",), question, "explanation",
            )
        if question.type == "short_answer":
            self.unmatchable(loc, question)
        self.negative(loc, question)
        self.duplicates(loc, question)
        if choices:
            self.absolutes(loc, question)
            self.grammar(loc, question)
        if question.type == "multiple":
            self.length_cue(loc, question)

    def absolutes(self, loc: tuple, question) -> None:
        """A wrong choice with an absolute word when no right choice has one."""
        if any(_ABSOLUTE.search(c.text) for c in question.choices if c.correct):
            return
        for number, choice in enumerate(question.choices):
            found = None if choice.correct or _ABOVE.search(choice.text) else _ABSOLUTE.search(choice.text)
            if found:
                self.warn(
                    "absolute-word",
                    f"the wrong choice '{choice.text}' says '{found.group(1)}', and no right choice "
                    "has such a word: learners rule out absolute choices without knowing why. Say "
                    "what is wrong with it in other words.",
                    loc + ("choices", number, "text"), question, f"choices[{number + 1}].text",
                )

    def grammar(self, loc: tuple, question) -> None:
        """The stem's last word ("an", "a", "is", "are") fits only the right choice(s)."""
        if "_____" in question.prompt:  # a missing word: the words before the blank
            stem = question.prompt.split("_____", 1)[0].rstrip()
        else:
            stem = question.prompt.rstrip().rstrip(" .:…")
        if not stem or stem.endswith("?"):
            return
        last = stem.split()[-1].lower().strip("*")
        if last in ("a", "an"):
            fits = [bool(_VOWEL_SOUND.match(c.text.lstrip("\"'(*"))) == (last == "an") for c in question.choices]
            what = f"after '{last}', only the right choice" + ("s" if sum(c.correct for c in question.choices) > 1 else "")
            what += " start" + ("" if sum(c.correct for c in question.choices) > 1 else "s")
            what += " with a vowel sound" if last == "an" else " with a consonant sound"
        elif last in _SINGULAR_END | _PLURAL_END:
            plural_wanted = last in _PLURAL_END
            guesses = [_plural(c.text) for c in question.choices]
            fits = [guess is None or guess == plural_wanted for guess in guesses]
            what = f"after '{last}', only the right choice is {'plural' if plural_wanted else 'singular'}"
        else:
            return
        right_fit = all(fit for fit, c in zip(fits, question.choices) if c.correct)
        wrong_fit = [fit for fit, c in zip(fits, question.choices) if not c.correct]
        if right_fit and wrong_fit and not any(wrong_fit):
            self.warn(
                "grammar-cue",
                f"{what}, so the grammar gives the answer away: end the stem before '{last}' "
                "(\"... is called:\") or make every choice fit it",
                loc + ("prompt",), question, "prompt",
            )

    def length_cue(self, loc: tuple, question) -> None:
        right = [len(c.text) for c in question.choices if c.correct]
        wrong = [len(c.text) for c in question.choices if not c.correct]
        if len(right) >= 2 and len(wrong) >= 2 and min(right) > max(wrong) * 1.2:
            self.warn(
                "answer-length-cue",
                "every right choice is longer than every wrong one: learners tick the long ones. "
                "Make the wrong choices as long and as detailed.",
                loc + ("choices",), question, "choices",
            )

    def unmatchable(self, loc: tuple, question) -> None:
        """Accepted answers that no typed answer can match: typed answers are compared with case,
        spaces and punctuation ignored, and an answer that is nothing else ("?", "--") is empty
        then. If every accepted answer is like that, no learner can ever get the question right."""
        empty = [number for number, text in enumerate(question.accepted) if not normalise_answer(text)]
        for number in empty:
            text = question.accepted[number]
            self.warn(
                "unmatchable-answer",
                f"the accepted answer '{text}' is only punctuation and spaces, which are ignored when "
                "answers are compared: no typed answer can match it",
                loc + ("accepted",), question, f"accepted[{number + 1}]",
            )
        if empty and len(empty) == len(question.accepted):
            self.problems[-1] = replace(self.problems[-1], severity="error",
                                        message=self.problems[-1].message + "; no learner can ever get this "
                                        "question right")

    def negative(self, loc: tuple, question) -> None:
        for found in _NEGATIVE.finditer(question.prompt):
            word = found.group(2)
            emphasised = word.isupper() or (found.group(1) and found.group(3))
            if not emphasised:
                self.warn(
                    "negative-stem",
                    f"the prompt says '{word}': negative questions are easy to misread; "
                    f"ask it positively, or emphasise the word: {word.upper()}, or **{word}** "
                    "(shown in bold in the app and in capitals in plain mode)",
                    loc + ("prompt",), question, "prompt",
                )
                return

    def duplicates(self, loc: tuple, question) -> None:
        groups: list[tuple[str, list[str], str | None]] = []
        if getattr(question, "choices", None):
            groups.append(("choices", [c.text for c in question.choices], "text"))
        if question.type == "ordering":
            groups.append(("items", list(question.items), None))
        if question.type == "short_answer":
            groups.append(("accepted", list(question.accepted), None))
        if question.type == "matching":
            groups.append(("distractors", question.right_items, None))
        for name, texts, sub in groups:
            seen: dict[str, int] = {}
            for number, text in enumerate(texts):
                key = normalise_answer(text)
                if key in seen:
                    where = loc + ((name, number, sub) if sub else (name,))
                    self.warn(
                        "duplicate-choice",
                        f"'{text}' is the same as '{texts[seen[key]]}' (ignoring case, spaces and "
                        "punctuation)",
                        where, question, f"{name}[{number + 1}]",
                    )
                else:
                    seen[key] = number

    # -- the pack as a whole ------------------------------------------------------------------

    def pack_checks(self) -> None:
        info = self.pack.pack
        if info.reviewed < _years_before(self.today, REVIEW_YEARS):
            self.warn(
                "stale-review",
                f"the pack was last reviewed on {info.reviewed.isoformat()}, more than "
                f"{REVIEW_YEARS} years ago; check its facts against current sources and update "
                "'reviewed'",
                ("pack", "reviewed"), None, "pack.reviewed",
            )
        self.placeholders(info)
        self.longest_correct()
        self.position_bias()
        self.true_false_absolutes()
        self.tick_everything()
        self.misconceptions()

    def placeholders(self, info) -> None:
        """The pack's own texts that an import left to be filled in."""
        left = []
        if _PLACEHOLDER_DESCRIPTION in info.description:
            left.append(("description", "the description still says 'Describe the pack here.': "
                         "say what the pack is about, for learners choosing a quiz"))
        if any(author.startswith(_PLACEHOLDER_START) for author in info.authors):
            left.append(("authors", "the authors are still the import's placeholder ('Edit: ...'): "
                         "name them"))
        if info.licence.startswith(_PLACEHOLDER_START):
            left.append(("licence", "the licence is still the import's placeholder ('Edit: ...'): "
                         "name it, e.g. CC BY 4.0"))
        if any(source.title.startswith(_PLACEHOLDER_START) for source in info.sources):
            left.append(("sources", "a source is still the import's placeholder ('Edit: ...'): "
                         "name where the questions' facts come from"))
        for key, message in left:
            self.warn("placeholder", message, ("pack", key), None, f"pack.{key}")

    def true_false_absolutes(self) -> None:
        """Absolute words predicting false statements across the pack's true/false questions."""
        statements = [q for q in self.pack.questions if q.type == "true_false"]
        if len(statements) < 4:
            return
        false_ones = [q for q in statements if not q.answer]
        true_ones = [q for q in statements if q.answer]
        marked_false = [q.id for q in false_ones if _ABSOLUTE.search(q.prompt)]
        marked_true = [q.id for q in true_ones if _ABSOLUTE.search(q.prompt)]
        if len(marked_false) >= 2 and not marked_true and len(marked_false) * 2 >= len(false_ones):
            self.warn(
                "true-false-absolutes",
                f"{len(marked_false)} of the {len(false_ones)} false statements use an absolute word "
                f"(always, never, only...) and none of the {len(true_ones)} true ones does "
                f"({', '.join(marked_false[:6])}): learners answer 'false' on the word alone. "
                "Word some true statements absolutely too, or the false ones without.",
                ("pack",), None, "questions",
            )

    def tick_everything(self) -> None:
        """Most multiple-answer questions want every choice (or all but one) ticked."""
        eligible = [q for q in self.pack.questions if q.type == "multiple" and len(q.choices) >= 3]
        if len(eligible) < 3:
            return
        generous = [q.id for q in eligible if sum(not c.correct for c in q.choices) <= 1]
        if len(generous) / len(eligible) >= 0.75:
            self.warn(
                "answer-length-cue",
                f"in {len(generous)} of {len(eligible)} multiple-answer questions every choice, or all "
                f"but one, is right ({', '.join(generous[:6])}): learners learn to tick everything. "
                "Give more of them two or more wrong choices.",
                ("pack",), None, "questions",
            )

    def misconceptions(self) -> None:
        described = getattr(self.pack, "misconceptions", None) or {}
        used: set[str] = set()
        for index, where, tag in self.pack.misconception_tags():
            if tag not in described and tag not in used:
                question = self.pack.questions[index]
                self.warn(
                    "undescribed-misconception",
                    f"the misconception tag '{tag}' has no description; add it to the pack's "
                    f"[misconceptions] table (tag = \"the mistaken idea in plain words, and what "
                    "is true instead\"), so a learner who keeps choosing it is told what it means",
                    where, question, where[-1] if len(where) == 3 else f"choices[{where[3] + 1}].misconception",
                )
            used.add(tag)
        for tag in described:
            if tag not in used:
                self.warn(
                    "unused-misconception",
                    f"[misconceptions] describes '{tag}', but no question of the pack uses that tag",
                    ("misconceptions", tag), None, f"misconceptions.{tag}",
                )

    def longest_correct(self) -> None:
        eligible, cued = 0, []
        for question in self.pack.questions:
            if question.type not in ("single", "multiple") or len(question.choices) < 3:
                continue
            right = [len(c.text) for c in question.choices if c.correct]
            wrong = [len(c.text) for c in question.choices if not c.correct]
            if not right or not wrong:
                continue
            eligible += 1
            if min(right) > max(wrong):
                cued.append(question.id)
        if eligible >= 2 and len(cued) / eligible >= 0.7:
            self.warn(
                "longest-correct",
                f"the right choice is the longest in {len(cued)} of {eligible} choice questions "
                f"({', '.join(cued[:6])}{'...' if len(cued) > 6 else ''}); learners learn to pick "
                "the longest. Make the wrong choices as long and as detailed.",
                ("pack",), None, "questions",
            )

    def position_bias(self) -> None:
        counts: dict[int, int] = {}
        chance = 0.0
        eligible = 0
        for question in self.pack.questions:
            if question.type != "single" or question.shuffle:
                continue
            position = next(i for i, c in enumerate(question.choices) if c.correct)
            counts[position] = counts.get(position, 0) + 1
            chance += 1 / len(question.choices)
            eligible += 1
        if eligible < 4:
            return
        position, most = max(counts.items(), key=lambda item: (item[1], -item[0]))
        share = most / eligible
        if share >= 0.6 and share >= 2 * (chance / eligible):
            letter = "ABCDEFGHIJ"[position]
            self.warn(
                "position-bias",
                f"the right answer is choice {letter} (number {position + 1}) in {most} of "
                f"{eligible} single-answer questions; spread it across positions, or set "
                "shuffle = true",
                ("pack",), None, "questions",
            )


def _plural(text: str) -> bool | None:
    """A rough guess whether a short choice names more than one thing: its last word ends in s
    (not ss, us, is, ous). None for a choice of more than four words (no guess)."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words or len(words) > 4:
        return None
    head = words[-1].lower()
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is", "ous"))


def _reading_levels(questions, linter: _Linter) -> None:
    """``questions``: (index, question) of each question to look at."""
    from learnmeta.instructor.readability import flesch_kincaid_grades

    scored = [(i, q) for i, q in questions if len(q.prompt.split()) >= 3]
    grades = flesch_kincaid_grades(q.prompt for _, q in scored)
    for (index, question), grade in zip(scored, grades):
        if grade > READING_GRADE_LIMIT:
            linter.warn(
                "reading-level",
                f"the prompt reads at about grade {grade:.0f} (aim for 8 or lower): use shorter "
                "sentences and everyday words, and define medical terms in the lesson",
                ("questions", index, "prompt"), question, "prompt",
            )


def lint_pack(pack, today: dt.date | None = None) -> list[Problem]:
    """The item-writing warnings for one pack."""
    linter = _Linter(pack, today or dt.date.today())
    linter.pack_checks()
    for index, question in enumerate(pack.questions):
        linter.question(index, question)
    _reading_levels(enumerate(pack.questions), linter)
    return linter.problems


class _Outline:
    """A pack that did not load, as the checks of one question see it: its file and lines."""

    def __init__(self, outline):
        self.path = outline.path
        self._lines = outline.lines
        self.id = outline.id or Path(outline.path).name


class _Accepted:
    """What :meth:`_Linter.unmatchable` reads of a short-answer question that did not load."""

    def __init__(self, question_id: str, accepted: list[str]):
        self.id = question_id
        self.accepted = accepted


def lint_questions(outline, today: dt.date | None = None) -> list[Problem]:
    """The item-writing warnings of each sound question of a pack that did not load (a
    :class:`~learnmeta.content.partial.PartialPack`): the checks of one question at a time. Those
    across the pack's questions (longest-correct, position-bias, true-false-absolutes, the
    pack's answer-length-cue, misconceptions, stale-review) wait for a file that loads."""
    linter = _Linter(_Outline(outline), today or dt.date.today())
    for index, question in outline.sound_questions:
        linter.question(index, question)
    # A short-answer question with a mistake of its own still hears, in the same run, that no
    # typed answer can match any of its accepted answers (an error); not the warnings.
    for broken in outline.questions:
        if broken.accepted and broken.id is not None:
            before = len(linter.problems)
            linter.unmatchable(("questions", broken.index), _Accepted(broken.id, broken.accepted))
            linter.problems[before:] = [p for p in linter.problems[before:] if p.severity == "error"]
    _reading_levels(outline.sound_questions, linter)
    return linter.problems


def lint_library(library, today: dt.date | None = None, partial_packs=()) -> list[Problem]:
    """Warnings for every pack that is being checked (its path is in ``library.files``); and for
    the sound questions of those that did not load, given as ``partial_packs`` (their outlines,
    :func:`lint_questions`)."""
    targets = set(library.files)
    problems: list[Problem] = []
    prompts: dict[str, tuple[str, str]] = {}
    checked: list[tuple[Any, list]] = []
    """(a pack, or a broken pack's outline; (index, question) of each question looked at)"""
    for pack in library.packs:
        if pack.path in targets:
            problems.extend(lint_pack(pack, today))
            checked.append((pack, list(enumerate(pack.questions))))
    for outline in partial_packs:
        if outline.path in targets and (outline.sound_questions or any(q.accepted for q in outline.questions)):
            problems.extend(lint_questions(outline, today))
            checked.append((_Outline(outline), outline.sound_questions))
    for pack, questions in checked:
        for index, question in questions:
            key = normalise_answer(question.prompt)
            if not key:
                continue
            if key in prompts:
                other_pack, other_id = prompts[key]
                where = f"question '{other_id}'" + (
                    f" of pack '{other_pack}'" if other_pack != pack.id else ""
                )
                lines = getattr(pack, "_lines", None)
                problems.append(
                    Problem(
                        path=pack.path,
                        message=f"the same question as {where}; remove one or ask something different",
                        line=lines.line_for(("questions", index, "prompt")) if lines else None,
                        question=question.id,
                        field="prompt",
                        severity="warning",
                        code="duplicate-question",
                    )
                )
            else:
                prompts[key] = (pack.id, question.id)
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return problems
