"""Moodle XML: write a pack in Moodle's own question format, and read Moodle XML back. Pure
functions: :func:`write_moodle_xml` returns bytes, :func:`read_moodle_xml` reads a parsed root
(parse it with :func:`learnmeta.instructor.interchange.parse_xml`, which refuses hostile XML).

Unlike GIFT, Moodle XML keeps weights (each answer's ``fraction``), per-answer feedback, general
feedback (our ``explanation``), hints (``<hint>``), tags (``<tags>``) and ids (each question's
``<name>`` and ``<idnumber>`` are its id):

* ``single``/``multiple`` are ``multichoice`` (``single`` true or false; a right choice of a
  ``multiple`` question has the fraction 100/k for k right choices, a wrong one -100, so only
  the whole right answer scores fully, as in learnmeta), with ``shuffleanswers``;
* ``true_false`` is ``truefalse``, each answer's feedback the one shown for saying it;
* ``matching`` is ``matching``: one ``subquestion`` per pair, a distractor as a subquestion with
  no text;
* ``ordering`` is Moodle's Ordering question (``qtype_ordering``), the items in order;
* ``short_answer`` is ``shortanswer`` (case ignored), every accepted answer at 100 %, and
  ``feedback_wrong`` as the catch-all answer ``*`` at 0 %.

What Moodle has no place for (lesson, section, source, misconceptions, choice ids, a matching
pair's feedback, ``allow_typo``, and the pack's details) is kept in a ``<learnmeta>`` element
inside the question (and inside the category question for the pack), which Moodle's importer
ignores; :func:`read_moodle_xml` reads it back, so a round trip loses nothing.

Reading takes Moodle's own exports too. What learnmeta cannot represent is a note naming the
question and its line (partial credit, per-answer feedback of a short answer, images and files,
case-sensitive answers, marks and penalties, combined feedback), never dropped silently; question
types learnmeta does not have (numerical, essay, description, calculated, cloze, drag and drop,
...) are skipped with the reason.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from learnmeta.instructor import interchange
from learnmeta.instructor.interchange import (
    ID,
    BadInput,
    Ids,
    Imported,
    Note,
    PLACEHOLDER_EXPLANATION,
    Skipped,
    child,
    children,
    clean,
    html_from_text,
    html_text,
    category_tags,
    make_id,
    source_of,
    pack_details,
    read_pack_details,
    validate_question,
)

if TYPE_CHECKING:
    from lxml import etree

    from learnmeta.content import models

EXTENSION = "learnmeta"
"""The element (in no namespace, as Moodle's own are) holding what Moodle has no place for."""


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    from lxml import etree

    node = etree.SubElement(parent, name)
    for key, value in attrs.items():
        node.set(key, value)
    if text is not None:
        node.text = text
    return node


def _html(parent: etree._Element, name: str, text: str, **attrs: str) -> etree._Element:
    """``<name format="html"><text><![CDATA[escaped text]]></text></name>``."""
    from lxml import etree

    node = _el(parent, name, format="html", **attrs)
    _el(node, "text").text = etree.CDATA(html_from_text(text))
    return node


def _plain(parent: etree._Element, name: str, text: str) -> etree._Element:
    node = _el(parent, name)
    _el(node, "text", text)
    return node


def _fraction(value: float) -> str:
    text = f"{value:.7f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def _answer(parent: etree._Element, fraction: str, text: str, feedback: str | None,
            fmt: str = "html") -> etree._Element:
    from lxml import etree

    answer = _el(parent, "answer", fraction=fraction, format=fmt)
    text_node = _el(answer, "text")
    text_node.text = etree.CDATA(html_from_text(text)) if fmt == "html" else text
    if feedback:
        _html(answer, "feedback", feedback)
    return answer


def _source(parent: etree._Element, source: models.Source) -> None:
    node = _el(parent, "source", title=source.title)
    if source.url:
        node.set("url", source.url)
    if source.publisher:
        node.set("publisher", source.publisher)


def _question(quiz: etree._Element, question: Any, warnings: list[tuple[str, str]]) -> None:
    kind = question.type
    moodle_type = {"single": "multichoice", "multiple": "multichoice", "true_false": "truefalse",
                   "matching": "matching", "ordering": "ordering", "short_answer": "shortanswer"}[kind]
    node = _el(quiz, "question", type=moodle_type)
    _plain(node, "name", question.id)
    _html(node, "questiontext", question.prompt)
    _html(node, "generalfeedback", question.explanation)
    _el(node, "defaultgrade", "1")
    _el(node, "penalty", "0")
    _el(node, "hidden", "0")
    _el(node, "idnumber", question.id)
    extension = _el(node, EXTENSION, type=kind, lesson=question.lesson, section=question.section)
    if kind in ("single", "multiple"):
        _el(node, "single", "true" if kind == "single" else "false")
        _el(node, "shuffleanswers", "true" if question.shuffle else "false")
        _el(node, "answernumbering", "abc")
        right = [c for c in question.choices if c.correct]
        for choice in question.choices:
            if kind == "single":
                fraction = "100" if choice.correct else "0"
            else:
                fraction = _fraction(100 / len(right)) if choice.correct else "-100"
            _answer(node, fraction, choice.text, choice.feedback)
            mark = _el(extension, "choice", id=choice.id)
            if choice.misconception:
                mark.set("misconception", choice.misconception)
    elif kind == "true_false":
        _answer(node, "100" if question.answer else "0", "true", question.feedback_true, fmt="moodle_auto_format")
        _answer(node, "0" if question.answer else "100", "false", question.feedback_false, fmt="moodle_auto_format")
        if question.misconception:
            extension.set("misconception", question.misconception)
    elif kind == "matching":
        _el(node, "shuffleanswers", "true")
        for n, pair in enumerate(question.pairs, start=1):
            sub = _html(node, "subquestion", pair.left)
            _plain(sub, "answer", pair.right)
            if pair.feedback:
                _el(extension, "pair", pair.feedback, n=str(n))
                warnings.append((question.id, f"the feedback on pair {n} is kept for learnmeta only: "
                                              "Moodle's matching question has no feedback per pair"))
        for item in question.distractors:
            sub = _html(node, "subquestion", "")
            _plain(sub, "answer", item)
    elif kind == "ordering":
        _el(node, "layouttype", "VERTICAL")
        _el(node, "selecttype", "ALL")
        _el(node, "selectcount", "0")
        _el(node, "gradingtype", "ALL_OR_NOTHING")
        _el(node, "showgrading", "SHOW")
        _el(node, "numberingstyle", "none")
        for n, item in enumerate(question.items, start=1):
            _answer(node, str(n), item, None)
        warnings.append((question.id, "an ordering question: Moodle needs its Ordering question type "
                                      "(qtype_ordering) to import it"))
    else:
        _el(node, "usecase", "0")
        for value in question.accepted:
            _answer(node, "100", value, None, fmt="moodle_auto_format")
        if question.feedback_wrong:
            _answer(node, "0", "*", question.feedback_wrong, fmt="moodle_auto_format")
        if question.allow_typo:
            extension.set("allowtypo", "true")
            warnings.append((question.id, "allow_typo is kept for learnmeta only: Moodle's short answer "
                                          "does not forgive typing mistakes"))
    for hint in question.hints:
        _html(node, "hint", hint)
    if question.tags:
        tags = _el(node, "tags")
        for tag in question.tags:
            _plain(tags, "tag", tag)
    if question.source is not None:
        _source(extension, question.source)
    # Moodle's importer reads the elements it knows: ours goes last.
    node.remove(extension)
    node.append(extension)


def write_moodle_xml(pack: models.Pack) -> tuple[bytes, list[tuple[str, str]]]:
    """The pack as Moodle XML, and (question id, warning) for what Moodle will not use."""
    from lxml import etree

    info = pack.pack
    quiz = etree.Element("quiz")
    quiz.append(etree.Comment(f" learnmeta pack '{info.id}' version {info.version} "))
    category = _el(quiz, "question", type="category")
    _plain(category, "category", f"$course$/top/{info.id}")
    _html(category, "info", info.description)
    _el(category, EXTENSION, pack_details(pack))
    warnings: list[tuple[str, str]] = []
    for question in pack.questions:
        _question(quiz, question, warnings)
    data: bytes = etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data, warnings


# ----------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------

_SKIPPED_TYPES = {
    "numerical": "a numerical question",
    "essay": "an essay question",
    "description": "a description (no answer)",
    "calculated": "a calculated question",
    "calculatedsimple": "a calculated question",
    "calculatedmulti": "a calculated question",
    "multianswer": "an embedded answers (cloze) question",
    "ddwtos": "a drag and drop into text question",
    "gapselect": "a select missing words question",
    "ddimageortext": "a drag and drop onto image question",
    "ddmarker": "a drag and drop markers question",
    "randomsamatch": "a random short-answer matching question",
    "random": "a random question",
}


class _Question:
    def __init__(self, where: str, node: etree._Element, title: str) -> None:
        self.where = where
        self.node = node
        self.title = title
        self.notes: list[Note] = []

    def lost(self, line: int | None, message: str) -> None:
        self.notes.append(Note(self.where, line or self.node.sourceline, self.title, message))


def _text_of(node: etree._Element | None, question: _Question, what: str) -> str:
    """The plain text of a Moodle ``<x format="..."><text>...</text></x>`` element."""
    if node is None:
        return ""
    holder = child(node, "text")
    raw = (holder.text if holder is not None else node.text) or ""
    fmt = (node.get("format") or "html").lower()
    if fmt in ("html", "moodle_auto_format") and ("<" in raw or "&" in raw):
        media: list[str] = []
        text = html_text(raw, media)
        for name in media[:5]:
            shown = name.replace("@@PLUGINFILE@@/", "")
            question.lost(node.sourceline, f"{what}: the image or media '{shown}' is not kept "
                                           "(learnmeta questions are text)")
        if len(media) > 5:
            question.lost(node.sourceline, f"{what}: {len(media) - 5} more images or media are not kept")
    else:
        text = clean(raw).strip()
    for file_node in children(node, "file")[:5]:
        question.lost(file_node.sourceline, f"{what}: the file '{clean(file_node.get('name') or '')[:80]}' "
                                            "is not kept (learnmeta questions are text)")
    return text


def _fraction_of(node: etree._Element) -> float:
    try:
        value = float(node.get("fraction") or "0")
    except ValueError:
        return 0.0
    return value if value == value else 0.0


def _flag(node: etree._Element, name: str) -> str:
    found = child(node, name)
    return clean(found.text or "").strip().lower() if found is not None else ""


def _line(node: etree._Element, name: str) -> int | None:
    found = child(node, name)
    return found.sourceline if found is not None else None


def _read_pack(node: etree._Element, where: str, result: Imported) -> None:
    ours = child(node, EXTENSION)
    if ours is None:
        return
    details = read_pack_details(ours.text or "", where, ours.sourceline, result.notes)
    if details:
        result.pack = details["pack"]
        result.misconceptions = details.get("misconceptions", {})


def _read_question(node: etree._Element, where: str, number: int, category: list[str], lesson: str,
                   section: str, result: Imported, used: Ids) -> None:
    kind = (node.get("type") or "").strip().lower()
    name_node = child(node, "name")
    title = _text_of(name_node, _Question(where, node, ""), "the name") if name_node is not None else ""
    title = (title or f"question {number}")[:80]
    question_info = _Question(where, node, title)
    lost = question_info.lost

    def skip(reason: str, line: int | None = None) -> None:
        result.skipped.append(Skipped(where, line or node.sourceline, title, reason))

    if kind in _SKIPPED_TYPES:
        skip(f"{_SKIPPED_TYPES[kind]}: learnmeta has no such question type")
        return
    if kind not in ("multichoice", "truefalse", "matching", "ordering", "shortanswer"):
        skip(f"a question of type '{clean(kind)[:40]}': learnmeta has no such question type")
        return
    extension = child(node, EXTENSION)
    id_node = child(node, "idnumber")
    raw_id = clean(id_node.text or "").strip() if id_node is not None else ""
    wanted = raw_id if ID.match(raw_id) else (make_id(raw_id, "") or make_id(title, f"q{number}"))
    qid = used.free(wanted)
    if qid != wanted:
        lost(None, f"its id '{wanted}' is taken by an earlier question: it is now '{qid}'")
    prompt = _text_of(child(node, "questiontext"), question_info, "the question text")
    explanation = _text_of(child(node, "generalfeedback"), question_info, "the general feedback")
    question: dict[str, Any] = {"id": qid, "prompt": prompt, "lesson": lesson, "section": section}
    answers = children(node, "answer")

    for combined in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        text = _text_of(child(node, combined), question_info, combined)
        if text:
            lost(_line(node, combined), f"the {combined.replace('feedback', '')} feedback "
                                                   f"'{text[:40]}' (learnmeta has feedback per answer only)")
    grade = _flag(node, "defaultgrade")
    try:
        if grade and abs(float(grade) - 1) > 1e-9:
            lost(_line(node, "defaultgrade"), f"its default mark {float(grade):g} (each learnmeta question counts once)")
    except ValueError:
        pass
    penalty = _flag(node, "penalty")
    try:
        if penalty and float(penalty) > 0 and extension is None:
            lost(_line(node, "penalty"), f"its penalty for each wrong try ({float(penalty):.0%} of its mark); "
                                         "learnmeta does not take marks off")
    except ValueError:
        pass

    if kind == "multichoice":
        single = _flag(node, "single") in ("true", "1")
        fractions = [_fraction_of(a) for a in answers]
        choice_marks = children(extension, "choice") if extension is not None else []
        ids = Ids()
        choices: list[dict[str, Any]] = []
        for index, answer in enumerate(answers):
            text = _text_of(answer, question_info, "an answer")
            fraction = fractions[index]
            mark = choice_marks[index] if index < len(choice_marks) else None
            wanted_choice = clean(mark.get("id") or "") if mark is not None else ""
            if not ID.match(wanted_choice):
                wanted_choice = "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else f"c{index + 1}"
            choice: dict[str, Any] = {"id": ids.free(wanted_choice), "text": text}
            if (fraction >= 100 - 1e-6) if single else fraction > 0:
                choice["correct"] = True
            elif single and fraction > 0:
                lost(answer.sourceline, f"partial credit ({fraction:g}%) for '{text[:40]}': it now counts as wrong")
            feedback = _text_of(child(answer, "feedback"), question_info, "an answer's feedback")
            if feedback:
                choice["feedback"] = feedback
            if mark is not None and mark.get("misconception"):
                choice["misconception"] = clean(mark.get("misconception") or "").strip()
            choices.append(choice)
        right = [f for f in fractions if f > 0]
        if not single and right and extension is None:
            if max(right) - min(right) > 0.01 or abs(sum(right) - 100) > 0.1:
                lost(node.sourceline, "the answers' weights (" + ", ".join(f"{f:g}%" for f in fractions)
                     + "): learnmeta counts a question right only when every right choice and no wrong "
                       "one is chosen")
        question["type"] = "single" if single else "multiple"
        question["choices"] = choices
        if single and sum(1 for c in choices if c.get("correct")) > 1:
            question["accept_any"] = True  # Moodle: any one of the fully right answers scores
        if _flag(node, "shuffleanswers") in ("true", "1"):
            question["shuffle"] = True
    elif kind == "truefalse":
        question["type"] = "true_false"
        answer_value = None
        for answer in answers:
            word = _text_of(answer, question_info, "an answer").lower()
            if word not in ("true", "false"):
                continue
            if _fraction_of(answer) >= 100 - 1e-6:
                answer_value = word == "true"
            feedback = _text_of(child(answer, "feedback"), question_info, "an answer's feedback")
            if feedback:
                question[f"feedback_{word}"] = feedback
        if answer_value is None:
            skip("neither true nor false is marked right (fraction 100)")
            return
        question["answer"] = answer_value
    elif kind == "matching":
        pair_feedback = {p.get("n"): clean(p.text or "").strip() for p in children(extension, "pair")} if extension is not None else {}
        pairs: list[dict[str, Any]] = []
        distractors: list[str] = []
        for sub in children(node, "subquestion"):
            left = _text_of(sub, question_info, "a matching item")
            answer = child(sub, "answer")
            right_text = _text_of(answer, question_info, "a matching item") if answer is not None else ""
            if left:
                pair: dict[str, Any] = {"left": left, "right": right_text}
                pair_text = pair_feedback.get(str(len(pairs) + 1))
                if pair_text:
                    pair["feedback"] = pair_text
                pairs.append(pair)
            elif right_text:
                distractors.append(right_text)
        question["type"] = "matching"
        question["pairs"] = pairs
        if distractors:
            question["distractors"] = distractors
    elif kind == "ordering":
        ordered = sorted(enumerate(answers), key=lambda item: (_fraction_of(item[1]), item[0]))
        question["type"] = "ordering"
        question["items"] = [_text_of(a, question_info, "an item") for _, a in ordered]
        selecttype = _flag(node, "selecttype")
        if selecttype and selecttype != "all":
            lost(_line(node, "selecttype"), f"select type {selecttype.upper()[:20]}: learnmeta shows every item")
    else:  # shortanswer
        if _flag(node, "usecase") in ("1", "true"):
            lost(_line(node, "usecase"), "case matters there; learnmeta ignores case")
        accepted, partial = [], []
        for answer in answers:
            value = _text_of(answer, question_info, "an answer")
            fraction = _fraction_of(answer)
            feedback = _text_of(child(answer, "feedback"), question_info, "an answer's feedback")
            if value == "*" and fraction <= 0:
                if feedback:
                    question["feedback_wrong"] = feedback
                continue
            if fraction <= 0:
                lost(answer.sourceline, f"the wrong answer '{value[:40]}' (learnmeta keeps only right answers)")
                continue
            if feedback:
                lost(answer.sourceline, f"the feedback for answer '{value[:40]}' (a learnmeta short answer "
                                        "has one feedback, for a wrong answer)")
            if fraction < 100 - 1e-6:
                partial.append((value, fraction, answer.sourceline))
            elif value not in accepted:
                accepted.append(value)
        if not accepted and partial:
            best = max(f for _, f, _ in partial)
            accepted = [v for v, f, _ in partial if f == best]
            partial = [p for p in partial if p[1] != best]
        for value, fraction, line in partial:
            lost(line, f"the partly right answer '{value[:40]}' ({fraction:g}%), left out")
        question["type"] = "short_answer"
        question["accepted"] = accepted
        if extension is not None and extension.get("allowtypo") == "true":
            question["allow_typo"] = True

    hints = [_text_of(h, question_info, "a hint") for h in children(node, "hint")]
    hints = [h for h in hints if h]
    if len(hints) > 5:
        lost(children(node, "hint")[5].sourceline, f"{len(hints) - 5} hint(s) after the fifth (a question has at most 5)")
    if hints:
        question["hints"] = hints[:5]
    tags_node = child(node, "tags")
    tags: list[str] = [] if extension is not None else list(category)
    for tag_node in children(tags_node, "tag") if tags_node is not None else []:
        raw = _text_of(tag_node, question_info, "a tag")
        tag = make_id(raw, "")
        if tag and tag not in tags:
            tags.append(tag)
            if tag != raw:
                lost(tag_node.sourceline, f"the tag '{raw[:40]}' is now '{tag}' (tags are ids)")
    if len(tags) > 20:
        lost(tags_node.sourceline if tags_node is not None else None, f"{len(tags) - 20} tag(s) after the twentieth")
    if tags:
        question["tags"] = tags[:20]
    if explanation:
        question["explanation"] = explanation
    else:
        question["explanation"] = PLACEHOLDER_EXPLANATION
        result.placeholder_explanations += 1
    if extension is not None:
        for key in ("lesson", "section"):
            value = extension.get(key)
            if value:
                question[key] = clean(value).strip()
        if question["type"] == "true_false" and extension.get("misconception"):
            question["misconception"] = clean(extension.get("misconception") or "").strip()
        source = child(extension, "source")
        if source is not None:
            question["source"] = source_of(source)
    else:
        result.default_lesson_used += 1
    checked, reason = validate_question(question)
    if checked is None:
        used.taken.discard(qid)
        skip(f"learnmeta cannot use it: {reason}")
        return
    result.questions.append(checked)
    result.notes.extend(question_info.notes)


def read_moodle_xml(root: etree._Element, where: str, *, lesson: str, section: str) -> Imported:
    """Read a Moodle XML ``<quiz>``. Raises :class:`BadInput` when it is not one."""
    from learnmeta.instructor.interchange import local

    if local(root) != "quiz":
        raise BadInput(f"this is not Moodle XML: its top element is <{clean(local(root))[:40]}>, not <quiz>",
                       where, root.sourceline)
    result = Imported()
    used = Ids()
    category: list[str] = []
    number = 0
    all_questions = children(root, "question")
    if len(all_questions) > interchange.MAX_QUESTIONS:
        raise BadInput(f"the file has {len(all_questions):,} questions; the most an import reads is "
                       f"{interchange.MAX_QUESTIONS:,} (a pack holds 20,000)", where, root.sourceline)
    for node in all_questions:
        if (node.get("type") or "").lower() == "category":
            path_node = child(node, "category")
            holder = child(path_node, "text") if path_node is not None else None
            category = category_tags(clean((holder.text if holder is not None else "") or ""))
            if child(node, EXTENSION) is not None and not result.pack:
                _read_pack(node, where, result)
            continue
        number += 1
        _read_question(node, where, number, category, lesson, section, result, used)
    if number == 0:
        raise BadInput("the file holds no questions", where, root.sourceline)
    return result
