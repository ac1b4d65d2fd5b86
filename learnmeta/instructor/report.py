"""How a class did, pack by pack and question by question (``learnmeta report``: :mod:`learnmeta.cli.report`).

Reads many learners' progress files and exports (see :mod:`learnmeta.instructor.class_data`);
files that cannot be read are listed on stderr and skipped, never fatal. Exit 0 when at least
one file was read, 1 when none was.

The files hold every answer (see :mod:`learnmeta.instructor.class_data`), and learnmeta teaches
through feedback: a learner who misses a question sees why, and meets it again in review and in
"practise the ones I missed". So a learner's *latest* answer to a question mostly shows what the
feedback taught, and their *first* answer shows how the question itself worked. The report uses
each one for what it measures:

Per pack, from the learners' finished *whole-pack quizzes* (attempt mode ``"quiz"``; a
lesson's knowledge check, practising missed questions and a review are not whole-pack quizzes, so
they never finish a pack; see :mod:`learnmeta.instructor.class_data`):

* **learners**: everyone with an answer in the pack (or a finished quiz on it);
* **finished**: the learners with at least one finished quiz on it;
* **mean score**: the mean, over the learners who finished, of each one's best finished quiz
  (in percent, as the app shows it);
* **pass rate**: the share of the learners who finished who passed: a finished quiz passed, or
  their best percent reaches the pack's pass mark when the pack is installed here.

A learner who never finished a quiz counts in *learners* only: answers from checks and reviews
are never turned into a score. Mean score and pass rate are empty (``—`` in the table) when
nobody finished.

Per question, from each learner's *first* known answer to it (for a file with only latest
answers, such as an export from an older learnmeta, or a question last answered before the
history's 2,000 answers, the first known answer is the latest one):

* **facility**: the share of learners who answered it right the first time;
* **discrimination**: the point-biserial correlation between being right on this question and
  the learner's first-answer score on the pack's *other* questions (so the question does not
  count towards itself): the share right of the other questions they answered. Only learners who
  answered at least half of the other questions (of those anyone in the class answered; at least
  one) count, so a learner who met two questions in a knowledge check does not stand for "strong"
  or "weak" on a score of 0 or 1 from one question (for a pack with a question pool, half of
  the questions each learner was given: see ``draw``). ``upper_lower`` in the CSV is the classic
  upper-minus-lower index (top and bottom 27 %, at least one learner each, ranked by the same
  score, among the same learners). Empty when it cannot be computed (fewer than 2 such learners,
  or everyone right or everyone wrong, or no spread of scores);
* **wrong answers picked**: how often each wrong choice was picked first (every wrong choice of
  a known single or multiple question is listed, 0 included: a distractor nobody picks does no
  work), or the most common wrong first answers for other questions;
* **learners**: how many learners answered it (at least once); ``all_answers`` in the CSV
  counts every answer, so it is the sum of the export's ``times_answered`` (when the history
  holds them all);
* **latest**: the share of learners right on their latest answer (beside facility, it shows
  what the feedback and review taught).

* **discriminative efficiency**: Moodle's, over the same learners as the discrimination (see
  :mod:`learnmeta.instructor.measures`);
* **hints** and **overruled**: of every answer whose file records it, how many used a hint or
  were overruled by the learner;
* **given again**: how many answers were given again after the learner took back (undo) a wrong
  answer to the question, having seen its feedback (they count as any answer does; the answer
  taken back is in no file's answers). Shown when any answer of the pack was.

Per pack besides: **reliability** (KR-20, and Cronbach's alpha, the same for right/wrong
questions) and the **standard error of measurement** over the learners who answered every
question (first answers); the **histogram** of the finished learners' best scores; and, for a
pack installed here, figures **per tag** and **per misconception**. The HTML page is
:mod:`learnmeta.instructor.report_html`.

It flags questions that look broken: facility under 0.2 (a wrong key? a trick question?) or
negative discrimination (the stronger learners get it wrong more often).
"""

from __future__ import annotations

import csv
import io
import math
import operator
from collections import Counter
from dataclasses import dataclass, field

from learnmeta.instructor.class_data import ClassData, LearnerPack
from learnmeta.instructor.measures import (
    cronbach_alpha,
    discriminative_efficiency,
    histogram,
    kr20,
    sample_variance,
    standard_error_of_measurement,
)

LOW_FACILITY = 0.2
FEW_LEARNERS = 5
"""Below this many learners, the table's note says a question's flags say little yet."""


@dataclass
class QuestionStats:
    question: str
    learners: int
    """How many learners answered it (not how many answers: that is ``all_answers``)."""
    facility: float
    latest_facility: float
    all_answers: int
    discrimination: float | None
    upper_lower: float | None
    wrong: list[tuple[str, int]]
    flags: list[str] = field(default_factory=list)
    discriminative_efficiency: float | None = None
    """Moodle's discriminative efficiency in percent (see :mod:`learnmeta.instructor.measures`),
    over the same learners as ``discrimination``."""
    hints_known: int = 0
    """Answers (every answer, not only first ones) whose file says how many hints were used."""
    with_hints: int = 0
    """Of those, the answers given after opening at least one hint."""
    hints: int = 0
    """Hints opened in all those answers."""
    overrules_known: int = 0
    """Answers whose file says whether the learner overruled the marking."""
    overruled: int = 0
    """Of those, the answers the learner overruled."""
    given_again: int = 0
    """Answers given again after the learner took back (undo) a wrong answer to the question."""


@dataclass
class Reliability:
    """How consistently the pack's questions measure (see :mod:`learnmeta.instructor.measures`),
    over the learners who answered every question the class answered (first answers)."""

    learners: int
    items: int
    kr20: float | None = None
    alpha: float | None = None
    mean: float | None = None
    """The mean number of questions right (of ``items``)."""
    sd: float | None = None
    """The sample standard deviation of the number right."""
    sem: float | None = None
    """The standard error of measurement, in questions."""
    sem_percent: float | None = None
    """The same in percent of the questions (``sem / items * 100``)."""
    note: str = ""
    """Why a figure is missing, in words ("" when all are there)."""


@dataclass
class TagStats:
    """The questions with one tag, together: how the class did on that topic."""

    tag: str
    questions: int
    """Questions with the tag that someone answered."""
    learners: int
    """Learners who answered at least one of them."""
    answers: int
    """First answers to them (one per learner and question)."""
    facility: float | None
    """The share of those first answers that were right."""


@dataclass
class MisconceptionStats:
    """A mistaken belief (a choice's or a true/false question's ``misconception``): how often a
    first answer showed it."""

    misconception: str
    questions: list[str]
    """The questions with a choice (or wrong answer) that stands for it."""
    chosen: int
    """First answers that chose it."""
    answers: int
    """First answers to those questions."""
    learners: int
    """Learners who chose it at least once (first answers)."""

    @property
    def share(self) -> float | None:
        return self.chosen / self.answers if self.answers else None


@dataclass
class PackStats:
    pack: str
    title: str
    learners: int
    """Everyone with an answer in the pack (or a finished quiz on it)."""
    finished: int
    """Learners with at least one finished whole-pack quiz."""
    mean_score: float | None
    """Mean of the finished learners' best percent; None when nobody finished."""
    pass_rate: float | None
    """Share of the finished learners who passed; None when nobody finished."""
    pass_mark: int | None
    """The pack's pass mark when the pack is installed here, else None."""
    questions: list[QuestionStats]
    reliability: Reliability | None = None
    histogram: list[tuple[int, int, int]] = field(default_factory=list)
    """The finished learners' best scores: (low, high, learners) per 10 % (see ``measures``)."""
    tags: list[TagStats] = field(default_factory=list)
    """Per tag of the pack's questions (the pack installed here); empty when none is known."""
    misconceptions: list[MisconceptionStats] = field(default_factory=list)
    """Per misconception named in the pack (installed here) that a first answer to one of its
    questions could show; empty when none is known or none of their questions was answered."""
    unanswered: list[str] = field(default_factory=list)
    """The pack's questions (installed here) that no learner answered, in the pack's order."""


def clean_line(text: str) -> str:
    """Text from a file as one printable line: control characters removed, spaces collapsed."""
    from learnmeta.content.text import clean_text

    return " ".join(clean_text(str(text)).split())


def known_packs() -> dict:
    """The packs installed here, by id (empty when they cannot be loaded)."""
    try:
        from learnmeta.content.library import load_library

        return {pack.id: pack for pack in load_library().packs}
    except Exception:  # the report works without the pack definitions, only less precisely
        return {}


def _passed(item: LearnerPack, pass_mark: int | None) -> bool:
    """A finished learner passed: a finished quiz passed, or (pack known) the best reaches its mark."""
    if item.passed:
        return True
    return pass_mark is not None and item.best_percent is not None and item.best_percent >= pass_mark


def point_biserial(right: list[bool], scores: list[float]) -> float | None:
    """Correlation between a 0/1 item and a score; None when undefined."""
    n = len(right)
    if n < 2:
        return None
    ones = [s for r, s in zip(right, scores) if r]
    zeros = [s for r, s in zip(right, scores) if not r]
    if not ones or not zeros:
        return None
    mean = sum(scores) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / n)
    if sd == 0:
        return None
    p = len(ones) / n
    return (sum(ones) / len(ones) - sum(zeros) / len(zeros)) / sd * math.sqrt(p * (1 - p))


def upper_lower(right: list[bool], scores: list[float], keys: list[str]) -> float | None:
    """Upper-group minus lower-group facility (27 % each, at least one learner)."""
    n = len(right)
    if n < 2:
        return None
    order = sorted(range(n), key=list(zip(scores, keys)).__getitem__)  # by score, then key
    size = max(1, math.ceil(0.27 * n))
    size = min(size, n // 2)
    lower = [right[i] for i in order[:size]]
    upper = [right[i] for i in order[-size:]]
    return sum(upper) / size - sum(lower) / size


def _wrong_answers(question_id: str, answers: list, definition) -> list[tuple[str, int]]:
    kind = getattr(definition, "type", None)
    if kind in ("single", "multiple"):
        wrong_choices = [c.text for c in definition.choices if not c.correct]
        counts = Counter({text: 0 for text in wrong_choices})
        for answer in answers:
            picked = [answer.response] if kind == "single" else answer.response.split("; ")
            for text in picked:
                if text in counts:
                    counts[text] += 1
        return [(text, counts[text]) for text in wrong_choices]
    counts = Counter(a.response.strip() for a in answers if not a.correct and a.response.strip())
    return counts.most_common(5)


def analyse(data: ClassData, packs: dict | None = None) -> list[PackStats]:
    data.settle()
    packs = packs if packs is not None else {}
    by_pack: dict[str, dict[str, LearnerPack]] = {}
    for learner, items in data.learners.items():
        for pack_id, item in items.items():
            if item.answers or item.best_percent is not None or item.passed is not None:
                by_pack.setdefault(pack_id, {})[learner] = item
    report = []
    for pack_id in sorted(by_pack):
        learners = by_pack[pack_id]
        definition = packs.get(pack_id)
        pass_mark = definition.pack.pass_mark if definition is not None else None
        finished = [item for item in learners.values() if item.finished]
        scores = [float(item.best_percent or 0) for item in finished]
        passes = [_passed(item, pass_mark) for item in finished]
        first = {key: item.first_answers() for key, item in learners.items()}
        answered = {qid for answers in first.values() for qid in answers}
        question_ids = sorted(answered)
        if definition is not None:
            order = {q.id: i for i, q in enumerate(definition.questions)}
            question_ids.sort(key=lambda qid: (order.get(qid, len(order)), qid))
        # A score on the other questions needs enough of them: at least half of those the class
        # answered (at least one), or one answer would make a learner "strong" or "weak". With a
        # question pool each learner is given only `draw` of them: half of those they were given.
        pool = definition.pack.draw if definition is not None else None
        # Each learner's score on the other questions of each question answered: the learner's
        # right answers and count, made once (not again for each question: the same whole
        # numbers, so the same shares), for a learner with enough other questions answered.
        ordered = sorted(learners)
        rights: dict[str, tuple[int, int]] = {}
        for key in ordered:
            firsts = first[key]
            others = len(firsts) - 1  # the other questions a learner answered, for each of them
            given = learners[key].drawn or pool
            count = len(question_ids) if given is None else min(given, len(question_ids))
            if others >= max(1, math.ceil((count - 1) / 2)):
                rights[key] = (sum(a.correct for a in firsts.values()), others)
        # Who answered each question, in the order of their keys (the learners taken in order).
        # Who answered each question, in the order of their keys (the learners taken in order),
        # and each one's answers to it.
        takers: dict[str, list[str]] = {qid: [] for qid in question_ids}
        given_by: dict[str, list[list]] = {qid: [] for qid in question_ids}
        for key in ordered:
            for qid, given in learners[key].answers.items():
                if given:  # as first_answers has them
                    takers[qid].append(key)
                    given_by[qid].append(given)

        stats = []
        for qid in question_ids:
            keys = takers[qid]
            every_list = given_by[qid]
            answers = [given[0] for given in every_list]
            right = [a.correct for a in answers]
            rest_keys, rest_right, rest_scores = [], [], []
            for key, ok in zip(keys, right):
                known = rights.get(key)
                if known is not None:
                    rest_keys.append(key)
                    rest_right.append(ok)
                    rest_scores.append((known[0] - ok) / known[1])  # the share right of the others
            facility = sum(right) / len(right)
            stat = QuestionStats(
                question=qid,
                learners=len(right),
                facility=facility,
                latest_facility=sum(given[-1].correct for given in every_list) / len(keys),
                all_answers=sum(map(len, every_list)),
                discrimination=point_biserial(rest_right, rest_scores),
                upper_lower=upper_lower(rest_right, rest_scores, rest_keys),
                wrong=_wrong_answers(qid, answers, definition.question(qid) if definition else None),
            )
            stat.discriminative_efficiency = discriminative_efficiency(
                [float(ok) for ok in rest_right], rest_scores)
            every = [a for given in every_list for a in given]
            known_hints = [a.hints for a in every if a.hints is not None]
            stat.hints_known, stat.with_hints, stat.hints = (
                len(known_hints), sum(h > 0 for h in known_hints), sum(known_hints))
            overrules = [a.overruled for a in every if a.overruled is not None]
            stat.overrules_known, stat.overruled = len(overrules), sum(overrules)
            stat.given_again = sum(a.given_again for a in every)
            if facility < LOW_FACILITY:
                stat.flags.append("facility under 0.2")
            if stat.discrimination is not None and stat.discrimination < 0:
                stat.flags.append("negative discrimination")
            stats.append(stat)
        report.append(
            PackStats(
                pack=pack_id,
                title=definition.title if definition is not None else "",
                learners=len(learners),
                finished=len(finished),
                mean_score=sum(scores) / len(scores) if scores else None,
                pass_rate=sum(passes) / len(passes) if passes else None,
                pass_mark=pass_mark,
                questions=stats,
                reliability=_reliability(first, question_ids, ordered,
                                         pooled=pool is not None or any(item.drawn for item in learners.values())),
                histogram=histogram(scores),
                tags=_tags(first, question_ids, definition),
                misconceptions=_misconceptions(first, definition),
                unanswered=[] if definition is None else
                [q.id for q in definition.questions if q.id not in answered],
            )
        )
    return report


def _reliability(first: dict, question_ids: list[str], ordered: list[str] | None = None,
                 pooled: bool = False) -> Reliability:
    """KR-20, alpha and the standard error over the learners who answered every question
    (``question_ids``, each once: every question any learner in ``first`` answered; ``ordered``:
    the learners' keys, sorted)."""
    every = len(question_ids)  # a learner's first answers are to some of these: all, if as many
    complete = [key for key in (sorted(first) if ordered is None else ordered) if len(first[key]) == every]
    figures = Reliability(learners=len(complete), items=len(question_ids))
    if len(question_ids) < 2:
        figures.note = "it needs at least two questions"
        return figures
    if len(complete) < 2:
        figures.note = ("it needs at least two learners who answered every question; "
                        f"{len(complete)} did")
        if pooled:
            figures.note += " (with a question pool, each learner is given only some of them)"
        return figures
    row_of = operator.itemgetter(*question_ids)  # two or more: a tuple of the answers, in order
    matrix = [[int(a.correct) for a in row_of(first[key])] for key in complete]
    totals = [float(sum(row)) for row in matrix]
    figures.kr20 = kr20(matrix)
    figures.alpha = cronbach_alpha(matrix)
    figures.mean = sum(totals) / len(totals)
    variance = sample_variance(totals)
    figures.sd = math.sqrt(variance) if variance is not None else None
    figures.sem = standard_error_of_measurement(totals, figures.kr20)
    if figures.sem is not None:
        figures.sem_percent = figures.sem / len(question_ids) * 100
    if figures.kr20 is None:
        figures.note = "every learner got the same number right"
    return figures


def _tags(first: dict, question_ids: list[str], definition) -> list[TagStats]:
    if definition is None:
        return []
    by_tag: dict[str, list[str]] = {}
    for question in definition.questions:
        if question.id in question_ids:
            for tag in question.tags:
                by_tag.setdefault(tag, []).append(question.id)
    out = []
    for tag in sorted(by_tag):
        ids = by_tag[tag]
        answers = [first[key][qid] for key in first for qid in ids if qid in first[key]]
        takers = sum(any(qid in first[key] for qid in ids) for key in first)
        out.append(TagStats(tag, len(ids), takers, len(answers),
                            sum(a.correct for a in answers) / len(answers) if answers else None))
    return out


def _shows(question, misconception: str, answer) -> bool:
    """Whether a first answer to ``question`` chose what stands for ``misconception``."""
    if question.type == "true_false":
        return question.misconception == misconception and not answer.correct
    picked = [answer.response] if question.type == "single" else answer.response.split("; ")
    return any(c.misconception == misconception and c.text in picked for c in question.choices)


def _misconceptions(first: dict, definition) -> list[MisconceptionStats]:
    if definition is None:
        return []
    named: dict[str, list] = {}
    for question in definition.questions:
        if question.type == "true_false" and question.misconception:
            named.setdefault(question.misconception, []).append(question)
        for choice in getattr(question, "choices", None) or []:
            if choice.misconception and question not in named.setdefault(choice.misconception, []):
                named[choice.misconception].append(question)
    # Each question's first answers by what decides a misconception (right or not, and the
    # response), with who gave each: a class gives a few answers again and again, each looked at
    # once, and each question's answers gathered once for all its misconceptions.
    groups: dict[str, dict[tuple, tuple]] = {}

    def grouped(question) -> dict[tuple, tuple]:
        found = groups.get(question.id)
        if found is None:
            found = groups[question.id] = {}
            for key, answers in first.items():
                answer = answers.get(question.id)
                if answer is not None:
                    same = found.get((answer.correct, answer.response))
                    if same is None:
                        found[(answer.correct, answer.response)] = (answer, [key])
                    else:
                        same[1].append(key)
        return found

    out = []
    for name in sorted(named):
        questions = named[name]
        chosen = answers = 0
        who: set[str] = set()
        for question in questions:
            for answer, keys in grouped(question).values():
                answers += len(keys)
                if _shows(question, name, answer):
                    chosen += len(keys)
                    who.update(keys)
        if answers:  # none of its questions answered: "0 of 0" says nothing (they are named as unanswered)
            out.append(MisconceptionStats(name, [q.id for q in questions], chosen, answers, len(who)))
    return out


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


NONE_FINISHED = "—"
"""Shown for a mean score or pass rate when no learner finished a quiz on the pack."""


def _percent(value: float | None) -> str:
    return NONE_FINISHED if value is None else f"{value:.0f}%"


WRONG_WIDTH = 40
"""The most characters of a wrong answer the table shows; one cut shorter ends in "…"."""


def _wrong_text(wrong: list[tuple[str, int]]) -> str:
    def short(text: str) -> str:
        text = clean_line(text)
        return text if len(text) <= WRONG_WIDTH else text[:WRONG_WIDTH - 1].rstrip() + "…"

    return "; ".join(f"{short(text)} ×{count}" for text, count in wrong)


UNANSWERED_NAMED = 30
"""The most questions nobody answered that the table names (a pack may hold 20,000)."""


def render_table(report: list[PackStats], files_read: int | str, skipped: int) -> str:
    """The report as a table; ``files_read`` is how many files were read, or what the report is
    from in words (``"1200 statement(s) from the LRS at ..."``)."""
    source = f"{files_read} file(s)" if isinstance(files_read, int) else files_read
    out = [f"Class report from {source}" + (f" ({skipped} skipped)." if skipped else ".")]
    for pack in report:
        title = f" ({clean_line(pack.title)})" if pack.title else ""
        out.append("")
        out.append(f"Pack {clean_line(pack.pack)}{title}")
        rate = _percent(None if pack.pass_rate is None else pack.pass_rate * 100)
        mark = f"pass mark {pack.pass_mark}%" if pack.pass_mark is not None else "passes as the app recorded them"
        out.append(
            f"  {pack.learners} learner(s), {pack.finished} finished a quiz: "
            f"mean score {_percent(pack.mean_score)}, pass rate {rate} ({mark})"
        )
        if pack.reliability is not None and pack.questions:
            out.append("  " + reliability_words(pack.reliability))
        if pack.finished:
            out.append("  Best scores of the learners who finished (learners per score band):")
            most = max(count for _low, _high, count in pack.histogram) or 1
            for low, high, count in pack.histogram:
                bar = "█" * round(count / most * 30) if count else ""
                out.append(f"    {f'{low}-{high}%':>7} {bar} {count}".rstrip())
        if not pack.questions:
            continue
        out.append("")
        header = ["Question", "Learners", "Facility", "Latest", "Discrim.", "Eff.%", "Hints", "Check",
                  "Wrong answers picked"]
        overrules = any(q.overrules_known for q in pack.questions)
        again = any(q.given_again for q in pack.questions)
        if overrules:
            header.insert(7, "Overruled")
        if again:
            header.insert(7 + overrules, "Given again")
        rows = []
        for q in pack.questions:
            row = [
                clean_line(q.question),
                str(q.learners),
                _num(q.facility),
                _num(q.latest_facility),
                _num(q.discrimination) or "-",
                _num(q.discriminative_efficiency, 0) or "-",
                hint_words(q),
                ("CHECK: " + ", ".join(q.flags)) if q.flags else "ok",
                _wrong_text(q.wrong),
            ]
            if overrules:
                row.insert(7, overrule_words(q))
            if again:
                row.insert(7 + overrules, str(q.given_again))
            rows.append(row)
        widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header) - 1)]
        right_aligned = {1, 2, 3, 4, 5, 6} | set(range(7, 7 + overrules + again))
        for row in [header] + rows:
            cells = [
                (cell.rjust(widths[i]) if i in right_aligned else cell.ljust(widths[i]))
                for i, cell in enumerate(row[:-1])
            ]
            out.append(("  " + "  ".join(cells) + "  " + row[-1]).rstrip())
        if pack.unanswered:
            named = ", ".join(clean_line(qid) for qid in pack.unanswered[:UNANSWERED_NAMED])
            more = len(pack.unanswered) - UNANSWERED_NAMED
            out.append(f"  Not answered by any learner (skipped, or not reached): {named}"
                       + (f" and {more} more" if more > 0 else ""))
        if pack.tags:
            out.append("")
            out.append("  By tag (first answers):")
            width = max(len(clean_line(t.tag)) for t in pack.tags)
            for tag in pack.tags:
                out.append(f"    {clean_line(tag.tag).ljust(width)}  {tag.questions} question(s), "
                           f"{tag.learners} learner(s), facility {_num(tag.facility) or '-'}")
        if pack.misconceptions:
            out.append("")
            out.append("  Misconceptions (how often a first answer chose the mistaken belief):")
            width = max(len(clean_line(m.misconception)) for m in pack.misconceptions)
            for item in pack.misconceptions:
                share = "-" if item.share is None else f"{item.share * 100:.0f}%"
                out.append(f"    {clean_line(item.misconception).ljust(width)}  {item.chosen} of "
                           f"{item.answers} answer(s) ({share}), {item.learners} learner(s); in "
                           + ", ".join(clean_line(q) for q in item.questions))
    flagged = sum(bool(q.flags) for p in report for q in p.questions)
    out.append("")
    out.append(
        "Mean score and pass rate: over the learners who finished a quiz on the pack (their best "
        "finished quiz; knowledge checks and reviews do not count), — when nobody did."
    )
    out.append(
        "Learners: how many learners answered the question. "
        "Facility: the share of them who got it right the first time. Latest: the share right "
        "on their latest answer. Discrimination: how well it separates stronger from weaker "
        "learners (point-biserial, -1 to 1; below 0 is a warning sign). Eff.%: discriminative "
        "efficiency (Moodle's: the discrimination as a percent of the most this question's facility "
        "allows). Hints: answers given after opening a hint, of the answers whose file records it. "
        "Wrong answers: first tries."
    )
    if any(q.given_again for p in report for q in p.questions):
        out.append(
            "Given again: answers given again after the learner took back (undo) a wrong answer to "
            "the question, having seen its feedback; they count in the scores like any answer."
        )
    out.append(
        "Reliability (KR-20; Cronbach's alpha is the same for right/wrong questions): 0 to 1, how "
        "consistently the questions measure one thing; 0.7 or more is usual for a class test. "
        "Standard error of measurement: how far a learner's score may be from their true score "
        "(about two in three within one SEM)."
    )
    if flagged:
        few = sum(bool(q.flags) and q.learners < FEW_LEARNERS for p in report for q in p.questions)
        out.append(
            f"{flagged} question(s) marked CHECK look broken: re-read the question, its right "
            "answer and its choices."
            + (f" {few} of them {'was' if few == 1 else 'were'} answered by fewer than "
               f"{FEW_LEARNERS} learners: with so few, one answer moves the figures a lot, so look "
               "again when more have answered." if few else "")
        )
    return "\n".join(out) + "\n"


def reliability_words(figures: Reliability) -> str:
    """The reliability line of the table and the HTML page."""
    if figures.kr20 is None:
        return f"Reliability: not worked out ({figures.note})."
    text = (f"Reliability: KR-20 {figures.kr20:.2f} (Cronbach's alpha {_num(figures.alpha)}) over "
            f"{figures.learners} learner(s) who answered all {figures.items} questions")
    if figures.sem is not None and figures.sem_percent is not None:
        text += (f"; standard error of measurement {figures.sem:.2f} question(s) "
                 f"({figures.sem_percent:.0f}% of the score)")
    return text + "."


def hint_words(q: QuestionStats) -> str:
    """``3/10``: answers given after a hint, of the answers whose file records hints ("-": none)."""
    return f"{q.with_hints}/{q.hints_known}" if q.hints_known else "-"


def overrule_words(q: QuestionStats) -> str:
    return f"{q.overruled}/{q.overrules_known}" if q.overrules_known else "-"


CSV_FIELDS = [
    "kind", "pack", "question", "learners", "finished", "mean_score", "pass_rate", "facility",
    "discrimination", "upper_lower", "flags", "wrong_answers", "latest_facility", "all_answers",
    "discriminative_efficiency", "hints_known", "with_hints", "hints", "overrules_known", "overruled",
    "given_again",
    "kr20", "alpha", "sem", "sem_percent", "reliability_learners", "reliability_items",
    "name", "questions", "chosen", "answers", "share", "low", "high",
]
"""``learners``: on a pack row, everyone with an answer in the pack; on a question row, how many
learners answered the question (``all_answers`` counts every answer). ``finished``, ``mean_score``
and ``pass_rate`` are on pack rows only (the last two empty when nobody finished), with the
reliability figures (``kr20``, ``alpha``, ``sem`` in questions, ``sem_percent``, over
``reliability_learners`` learners and ``reliability_items`` questions). After each pack's
question rows: a ``tag`` row per tag (``name``, ``questions``, ``learners``, ``answers``,
``facility``), a ``misconception`` row per misconception (``name``, ``questions`` joined by
"; ", ``chosen`` of ``answers`` first answers, ``share``, ``learners``), and a ``score_band`` row
per 10 % band of the finished learners' best scores (``low``, ``high``, ``learners``)."""


def _cell(value):
    """A CSV cell: text without control characters (the CSV may be printed to a terminal, and ids
    from a handed-in file are not cleaned text), and never run as a formula by a spreadsheet."""
    if isinstance(value, str):
        from learnmeta.content.text import clean_text

        value = clean_text(value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
    return value


def render_csv(report: list[PackStats]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for pack in report:
        figures = pack.reliability or Reliability(0, 0)
        writer.writerow({
            "kind": "pack", "pack": _cell(pack.pack), "learners": pack.learners,
            "finished": pack.finished, "mean_score": _num(pack.mean_score, 1),
            "pass_rate": _num(pack.pass_rate, 3),
            "kr20": _num(figures.kr20, 3), "alpha": _num(figures.alpha, 3), "sem": _num(figures.sem, 3),
            "sem_percent": _num(figures.sem_percent, 1), "reliability_learners": figures.learners,
            "reliability_items": figures.items,
        })
        for q in pack.questions:
            writer.writerow({
                "kind": "question", "pack": _cell(pack.pack), "question": _cell(q.question),
                "learners": q.learners, "facility": _num(q.facility, 3),
                "discrimination": _num(q.discrimination, 3), "upper_lower": _num(q.upper_lower, 3),
                "flags": "; ".join(q.flags),
                "wrong_answers": _cell("; ".join(f"{clean_line(t)} ({c})" for t, c in q.wrong)),
                "latest_facility": _num(q.latest_facility, 3), "all_answers": q.all_answers,
                "discriminative_efficiency": _num(q.discriminative_efficiency, 1),
                "hints_known": q.hints_known, "with_hints": q.with_hints, "hints": q.hints,
                "overrules_known": q.overrules_known, "overruled": q.overruled,
                "given_again": q.given_again,
            })
        for tag in pack.tags:
            writer.writerow({
                "kind": "tag", "pack": _cell(pack.pack), "name": _cell(tag.tag), "questions": tag.questions,
                "learners": tag.learners, "answers": tag.answers, "facility": _num(tag.facility, 3),
            })
        for item in pack.misconceptions:
            writer.writerow({
                "kind": "misconception", "pack": _cell(pack.pack), "name": _cell(item.misconception),
                "questions": _cell("; ".join(item.questions)), "chosen": item.chosen, "answers": item.answers,
                "share": _num(item.share, 3), "learners": item.learners,
            })
        if pack.finished:
            for low, high, count in pack.histogram:
                writer.writerow({"kind": "score_band", "pack": _cell(pack.pack), "low": low, "high": high,
                                 "learners": count})
    return buffer.getvalue()


JSON_MARK = "learnmeta class report"
"""The ``report`` value a JSON report starts with (so ``-o`` may write over a report it wrote)."""


def render_json(report: list[PackStats], source: int | str, skipped: int) -> str:
    """The whole report as JSON: every figure of the table, by name (see the dataclasses)."""
    import dataclasses
    import json

    packs = []
    for pack in report:
        item = dataclasses.asdict(pack)
        item["histogram"] = [{"low": low, "high": high, "learners": count} for low, high, count in pack.histogram]
        item["misconceptions"] = [dict(entry, share=m.share)
                                  for entry, m in zip(item["misconceptions"], pack.misconceptions)]
        for question in item["questions"]:
            question["wrong"] = [{"answer": text, "count": count} for text, count in question["wrong"]]
        packs.append(item)
    document = {
        "report": JSON_MARK,
        "source": f"{source} file(s)" if isinstance(source, int) else source,
        "skipped": skipped,
        "packs": packs,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
