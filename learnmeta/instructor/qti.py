"""IMS QTI 2.1: write a pack as a content package, and read such packages back. Pure functions:
:func:`write_qti` returns the package's files as bytes, :func:`read_qti` reads a checked
:class:`~learnmeta.instructor.interchange.SafeZip`.

The package (IMS Content Packaging 1.1 with QTI 2.1 resources, as Canvas, Moodle's QTI plugin,
Blackboard, Inspera and TAO import):

* ``imsmanifest.xml``: the pack in IMS metadata (LOM: title, description, version, language,
  authors, licence, and each source as a relation), one ``imsqti_item_xmlv2p1`` resource per
  question and one ``imsqti_test_xmlv2p1`` for the pack;
* ``items/<id>.xml``: one ``assessmentItem`` per question: ``choiceInteraction`` for single and
  multiple choice (``maxChoices`` 1 or 0) and for true/false (two choices, ``true`` and
  ``false``), ``matchInteraction`` for matching (distractors are extra right-hand choices; a
  right-hand item that matches several left-hand ones may be used that often),
  ``orderInteraction`` for ordering, ``textEntryInteraction`` for short answer (every accepted
  answer is a case-insensitive ``mapEntry``). Scoring is right or wrong (``SCORE`` 1 or 0), as in
  learnmeta. Feedback is ``modalFeedback`` on the outcome ``FEEDBACK``: a choice's feedback under
  the choice's identifier (``true``/``false`` for true/false), the explanation under ``GENERAL``
  (always shown), a matching pair's feedback under ``PAIR_n`` (shown when that pair is missed),
  a short answer's ``feedback_wrong`` under ``WRONG``;
* ``assessmentTest.xml``: the pack as one test part and section, summing ``SCORE`` and setting
  ``PASS`` from the pack's pass mark.

What QTI has no place for (each question's lesson and section, hints, tags, source,
misconceptions and ``allow_typo``; the pack's id, licence, review date, pass mark and lessons,
exactly) is kept in the manifest's metadata in learnmeta's own namespace (:data:`LM`), which the
IMS schema allows and other tools ignore; :func:`read_qti` reads it back, so a round trip loses
nothing. Ids become QTI identifiers (which cannot start with a digit: ``1a`` becomes ``_1a`` and
back). Text is plain: escaped, a new line written as ``<br/>``.

Reading takes packages from other tools too: the same interactions (one per item), the prompt
from the item body and the interaction's ``<prompt>``, feedback by identifier as above (other
``modalFeedback`` becomes the explanation). Everything it cannot keep is a note naming the
member and line (images, partial credit, feedback it has no place for); items it cannot use
(other interactions, several interactions) are skipped with the reason.
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
    SafeZip,
    Skipped,
    child,
    children,
    clean,
    descendants,
    element_text,
    join_member,
    local,
    make_id,
    source_of,
    pack_details,
    parse_xml,
    read_pack_details,
    validate_question,
)

if TYPE_CHECKING:
    from lxml import etree

    from learnmeta.content import models

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
LM = "https://learnmeta.invalid/xmlns/qti-extension/1"
"""learnmeta's own metadata namespace (an identifier, never fetched)."""

QTI_LOCATION = f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_LOCATION = (f"{CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
               f"{MD} http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd")
TEST_FILE = "assessmentTest.xml"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
GENERAL = "GENERAL"
WRONG = "WRONG"


def identifier(value: str) -> str:
    """A learnmeta id as a QTI identifier (an XML name: it cannot start with a digit)."""
    return value if value[:1].isalpha() else "_" + value


def from_identifier(value: str) -> str:
    """The learnmeta id a QTI identifier stands for (``_1a`` is ``1a``), or "" if none."""
    candidate = value[1:] if value.startswith("_") else value
    return candidate if ID.match(candidate) else ""


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------


def _e(parent: etree._Element, ns: str, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    from lxml import etree

    node = etree.SubElement(parent, f"{{{ns}}}{name}")
    for key, value in attrs.items():
        node.set(key.rstrip("_"), value)
    if text is not None:
        node.text = text
    return node


def _q(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    return _e(parent, QTI, name, text, **attrs)


def _put_text(node: etree._Element, text: str) -> None:
    """Plain text into an element: each new line a ``<br/>``."""
    from lxml import etree

    lines = text.split("\n")
    node.text = lines[0]
    for line in lines[1:]:
        br = etree.SubElement(node, f"{{{QTI}}}br")
        br.tail = line


def _bytes(root: etree._Element) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _base_value(parent: etree._Element, kind: str, value: str) -> etree._Element:
    return _q(parent, "baseValue", value, baseType=kind)


def _set(parent: etree._Element, name: str) -> etree._Element:
    return _q(parent, "setOutcomeValue", identifier=name)


def _score_by_match(processing: etree._Element) -> None:
    condition = _q(processing, "responseCondition")
    when = _q(condition, "responseIf")
    match = _q(when, "match")
    _q(match, "variable", identifier="RESPONSE")
    _q(match, "correct", identifier="RESPONSE")
    _base_value(_set(when, "SCORE"), "float", "1")
    _base_value(_set(_q(condition, "responseElse"), "SCORE"), "float", "0")


def _add_feedback(parent: etree._Element, name: str) -> None:
    multiple = _q(_set(parent, "FEEDBACK"), "multiple")
    _q(multiple, "variable", identifier="FEEDBACK")
    _base_value(multiple, "identifier", name)


def _feedback(item: etree._Element, name: str, text: str) -> None:
    node = _q(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=name, showHide="show")
    _put_text(node, text)


def write_item(question: Any, language: str) -> etree._Element:
    """One question as a QTI 2.1 ``assessmentItem``."""
    from lxml import etree

    item = etree.Element(f"{{{QTI}}}assessmentItem", nsmap={None: QTI, "xsi": XSI})
    item.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    item.set("identifier", identifier(question.id))
    item.set("title", question.id)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    item.set(f"{{{XML}}}lang", language)
    kind = question.type
    any_one = kind == "single" and getattr(question, "accept_any", False)
    response = _q(item, "responseDeclaration", identifier="RESPONSE")
    correct = _q(response, "correctResponse")
    if kind in ("single", "multiple", "true_false"):
        response.set("cardinality", "multiple" if kind == "multiple" else "single")
        response.set("baseType", "identifier")
        if kind == "true_false":
            _q(correct, "value", "true" if question.answer else "false")
        elif any_one:  # several right choices, any one fully right: the first is "the" answer
            right = [c for c in question.choices if c.correct]
            _q(correct, "value", identifier(right[0].id))
            mapping = _q(response, "mapping", defaultValue="0", lowerBound="0", upperBound="1")
            for choice in right:
                _q(mapping, "mapEntry", mapKey=identifier(choice.id), mappedValue="1")
        else:
            for choice in question.choices:
                if choice.correct:
                    _q(correct, "value", identifier(choice.id))
    elif kind == "matching":
        response.set("cardinality", "multiple")
        response.set("baseType", "directedPair")
        rights = question.right_items
        for n, pair in enumerate(question.pairs, start=1):
            _q(correct, "value", f"L{n} R{rights.index(pair.right) + 1}")
    elif kind == "ordering":
        response.set("cardinality", "ordered")
        response.set("baseType", "identifier")
        for n in range(1, len(question.items) + 1):
            _q(correct, "value", f"I{n}")
    else:  # short_answer
        response.set("cardinality", "single")
        response.set("baseType", "string")
        _q(correct, "value", question.accepted[0])
        mapping = _q(response, "mapping", defaultValue="0", lowerBound="0", upperBound="1")
        for answer in question.accepted:
            _q(mapping, "mapEntry", mapKey=answer, mappedValue="1", caseSensitive="false")
    for name, value in (("SCORE", "0"), ("MAXSCORE", "1")):
        outcome = _q(item, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        _q(_q(outcome, "defaultValue"), "value", value)
    _q(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")

    body = _q(item, "itemBody")
    if kind in ("single", "multiple", "true_false"):
        interaction = _q(body, "choiceInteraction", responseIdentifier="RESPONSE",
                         shuffle="true" if getattr(question, "shuffle", False) else "false",
                         maxChoices="0" if kind == "multiple" else "1")
        _put_text(_q(interaction, "prompt"), question.prompt)
        if kind == "true_false":
            _q(interaction, "simpleChoice", "True", identifier="true", fixed="true")
            _q(interaction, "simpleChoice", "False", identifier="false", fixed="true")
        else:
            for choice in question.choices:
                _put_text(_q(interaction, "simpleChoice", identifier=identifier(choice.id)), choice.text)
    elif kind == "matching":
        rights = question.right_items
        uses = {item_: sum(p.right == item_ for p in question.pairs) for item_ in rights}
        interaction = _q(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                         maxAssociations=str(len(question.pairs)))
        _put_text(_q(interaction, "prompt"), question.prompt)
        left_set = _q(interaction, "simpleMatchSet")
        for n, pair in enumerate(question.pairs, start=1):
            _put_text(_q(left_set, "simpleAssociableChoice", identifier=f"L{n}", matchMax="1"), pair.left)
        right_set = _q(interaction, "simpleMatchSet")
        for n, right in enumerate(rights, start=1):
            node = _q(right_set, "simpleAssociableChoice", identifier=f"R{n}", matchMax=str(max(1, uses[right])))
            _put_text(node, right)
    elif kind == "ordering":
        interaction = _q(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        _put_text(_q(interaction, "prompt"), question.prompt)
        for n, text in enumerate(question.items, start=1):
            _put_text(_q(interaction, "simpleChoice", identifier=f"I{n}"), text)
    else:
        _put_text(_q(body, "p"), question.prompt)
        longest = max(len(a) for a in question.accepted)
        _q(_q(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE",
           expectedLength=str(max(10, min(longest + 5, 200))))

    processing = _q(item, "responseProcessing")
    if kind == "short_answer" or any_one:
        _q(_set(processing, "SCORE"), "mapResponse", identifier="RESPONSE")
    else:
        _score_by_match(processing)
    first = _q(_set(processing, "FEEDBACK"), "multiple")
    if kind in ("single", "multiple", "true_false"):
        _q(first, "variable", identifier="RESPONSE")
    _base_value(first, "identifier", GENERAL)
    if kind == "matching":
        rights = question.right_items
        for n, pair in enumerate(question.pairs, start=1):
            if pair.feedback:
                when = _q(_q(processing, "responseCondition"), "responseIf")
                member = _q(_q(when, "not"), "member")
                _base_value(member, "directedPair", f"L{n} R{rights.index(pair.right) + 1}")
                _q(member, "variable", identifier="RESPONSE")
                _add_feedback(when, f"PAIR_{n}")
    if kind == "short_answer" and question.feedback_wrong:
        when = _q(_q(processing, "responseCondition"), "responseIf")
        lower = _q(when, "lt")
        _q(lower, "variable", identifier="SCORE")
        _base_value(lower, "float", "1")
        _add_feedback(when, WRONG)

    if kind in ("single", "multiple"):
        for choice in question.choices:
            if choice.feedback:
                _feedback(item, identifier(choice.id), choice.feedback)
    elif kind == "true_false":
        if question.feedback_true:
            _feedback(item, "true", question.feedback_true)
        if question.feedback_false:
            _feedback(item, "false", question.feedback_false)
    elif kind == "matching":
        for n, pair in enumerate(question.pairs, start=1):
            if pair.feedback:
                _feedback(item, f"PAIR_{n}", pair.feedback)
    elif kind == "short_answer" and question.feedback_wrong:
        _feedback(item, WRONG, question.feedback_wrong)
    _feedback(item, GENERAL, question.explanation)
    return item


def _source(parent: etree._Element, source: models.Source) -> None:
    node = _e(parent, LM, "source", title=source.title)
    if source.url:
        node.set("url", source.url)
    if source.publisher:
        node.set("publisher", source.publisher)


def _extension(parent: etree._Element, question: Any) -> None:
    """What QTI has no place for, in learnmeta's namespace."""
    node = _e(parent, LM, "question", type=question.type, lesson=question.lesson, section=question.section)
    if question.type == "true_false" and question.misconception:
        node.set("misconception", question.misconception)
    if question.type == "short_answer" and question.allow_typo:
        node.set("allowTypo", "true")
    for hint in question.hints:
        _e(node, LM, "hint", hint)
    for tag in question.tags:
        _e(node, LM, "tag", tag)
    if question.source is not None:
        _source(node, question.source)
    for choice in getattr(question, "choices", []):
        if choice.misconception:
            _e(node, LM, "choice", id=choice.id, misconception=choice.misconception)


def _langstring(parent: etree._Element, text: str, language: str | None = None) -> etree._Element:
    node = _e(parent, MD, "langstring", text)
    if language:
        node.set(f"{{{XML}}}lang", language)
    return node


def _vocabulary(parent: etree._Element, name: str, value: str) -> None:
    node = _e(parent, MD, name)
    _langstring(_e(node, MD, "source"), "LOMv1.0", "x-none")
    _langstring(_e(node, MD, "value"), value, "x-none")


def _vcard(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nEND:VCARD"


def _lom(parent: etree._Element, pack: models.Pack) -> None:
    info = pack.pack
    lom = _e(parent, MD, "lom")
    general = _e(lom, MD, "general")
    _langstring(_e(general, MD, "title"), info.title, info.language)
    _e(general, MD, "language", info.language)
    _langstring(_e(general, MD, "description"), info.description, info.language)
    lifecycle = _e(lom, MD, "lifecycle")
    _langstring(_e(lifecycle, MD, "version"), info.version, "x-none")
    for author in info.authors:
        contribute = _e(lifecycle, MD, "contribute")
        _vocabulary(contribute, "role", "Author")
        _e(_e(contribute, MD, "centity"), MD, "vcard", _vcard(author))
    rights = _e(lom, MD, "rights")
    _langstring(_e(rights, MD, "description"), info.licence, info.language)
    for source in info.sources:
        relation = _e(lom, MD, "relation")
        _vocabulary(relation, "kind", "IsBasedOn")
        described = ", ".join(x for x in (source.title, source.publisher, source.url) if x)
        _langstring(_e(_e(relation, MD, "resource"), MD, "description"), described, info.language)


def _pack_extension(parent: etree._Element, pack: models.Pack) -> None:
    """The pack's own details, exactly, as JSON (see :func:`pack_details`)."""
    _e(parent, LM, "pack", pack_details(pack))


def item_path(question_id: str) -> str:
    return f"items/{identifier(question_id)}.xml"


def write_test(pack: models.Pack) -> etree._Element:
    from lxml import etree

    info = pack.pack
    test = etree.Element(f"{{{QTI}}}assessmentTest", nsmap={None: QTI, "xsi": XSI})
    test.set(f"{{{XSI}}}schemaLocation", QTI_LOCATION)
    test.set("identifier", identifier(info.id))
    test.set("title", info.title)
    _q(test, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _q(test, "outcomeDeclaration", identifier="PASS", cardinality="single", baseType="boolean")
    if info.time_limit_minutes:
        _q(test, "timeLimits", maxTime=str(info.time_limit_minutes * 60))
    # An exam gives no feedback until the whole attempt is submitted: QTI's simultaneous mode.
    part = _q(test, "testPart", identifier="part-1", navigationMode="linear",
              submissionMode="simultaneous" if info.mode == "exam" else "individual")
    section = _q(part, "assessmentSection", identifier="section-1", title=info.title, visible="true")
    if info.draw:  # a question pool: each attempt draws this many (draw_by_tag is kept in the manifest)
        _q(section, "selection", select=str(min(info.draw, len(pack.questions))))
    for question in pack.questions:
        _q(section, "assessmentItemRef", identifier=identifier(question.id), href=item_path(question.id))
    processing = _q(test, "outcomeProcessing")
    total = _q(_set(processing, "SCORE"), "sum")
    _q(total, "testVariables", variableIdentifier="SCORE")
    at_least = _q(_set(processing, "PASS"), "gte")
    _q(at_least, "variable", identifier="SCORE")
    needed = info.pass_mark * min(info.draw or len(pack.questions), len(pack.questions)) / 100
    _base_value(at_least, "float", f"{needed:.4f}".rstrip("0").rstrip(".") or "0")
    return test


def write_manifest(pack: models.Pack) -> etree._Element:
    from lxml import etree

    info = pack.pack
    manifest = etree.Element(f"{{{CP}}}manifest", nsmap={None: CP, "imsmd": MD, "lm": LM, "xsi": XSI})
    manifest.set(f"{{{XSI}}}schemaLocation", CP_LOCATION)
    manifest.set("identifier", "MANIFEST-" + info.id)
    metadata = _e(manifest, CP, "metadata")
    _e(metadata, CP, "schema", "QTIv2.1 Package")
    _e(metadata, CP, "schemaversion", "1.0.0")
    _lom(metadata, pack)
    _pack_extension(metadata, pack)
    _e(manifest, CP, "organizations")
    resources = _e(manifest, CP, "resources")
    test = _e(resources, CP, "resource", identifier="TEST-" + info.id, type=TEST_TYPE, href=TEST_FILE)
    _e(test, CP, "file", href=TEST_FILE)
    for question in pack.questions:
        _e(test, CP, "dependency", identifierref="ITEM-" + question.id)
    for question in pack.questions:
        path = item_path(question.id)
        resource = _e(resources, CP, "resource", identifier="ITEM-" + question.id, type=ITEM_TYPE, href=path)
        _extension(_e(resource, CP, "metadata"), question)
        _e(resource, CP, "file", href=path)
    return manifest


def write_qti(pack: models.Pack) -> dict[str, bytes]:
    """The package's files, by name: ``imsmanifest.xml``, ``assessmentTest.xml`` and one
    ``items/<id>.xml`` per question. Raises ValueError for text XML cannot hold."""
    language = pack.pack.language
    files = {"imsmanifest.xml": _bytes(write_manifest(pack)), TEST_FILE: _bytes(write_test(pack))}
    for question in pack.questions:
        files[item_path(question.id)] = _bytes(write_item(question, language))
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files as one zip (deflated, fixed dates, so the same pack gives the same bytes)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------------------

_INTERACTIONS = {"choiceInteraction", "matchInteraction", "orderInteraction", "textEntryInteraction"}


class _Item:
    """One item being read: where it is, and what could not be kept."""

    def __init__(self, where: str, title: str, result: Imported) -> None:
        self.where = where
        self.title = title
        self.result = result
        self.notes: list[Note] = []

    def lost(self, line: int | None, message: str) -> None:
        self.notes.append(Note(self.where, line, self.title, message))

    def media(self, found: list[str], line: int | None, what: str) -> None:
        for name in found[:5]:
            self.lost(line, f"{what}: the image or media '{name}' is not kept (learnmeta questions are text)")
        if len(found) > 5:
            self.lost(line, f"{what}: {len(found) - 5} more images or media are not kept")
        found.clear()


def _text(node: etree._Element, item: _Item, what: str, skip: tuple[str, ...] = ()) -> str:
    media: list[str] = []
    text = element_text(node, media, skip)
    item.media(media, node.sourceline, what)
    return text


def _values(declaration: etree._Element | None, name: str = "correctResponse") -> list[str]:
    if declaration is None:
        return []
    holder = child(declaration, name)
    if holder is None:
        return []
    return [clean(value.text or "").strip() for value in children(holder, "value")]


def _choice_id(raw: str, index: int, ids: Ids) -> str:
    wanted = from_identifier(raw) or make_id(raw, "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else f"c{index + 1}")
    return ids.free(wanted)


def _extension_of(resource: etree._Element | None) -> etree._Element | None:
    if resource is None:
        return None
    metadata = child(resource, "metadata")
    if metadata is None:
        return None
    for node in metadata:
        if node.tag == f"{{{LM}}}question":
            return node
    return None


def _read_item(root: etree._Element, where: str, resource: etree._Element | None, number: int,
               lesson: str, section: str, result: Imported, used: Ids) -> None:
    raw_identifier = clean(root.get("identifier") or "")
    title = clean(root.get("title") or "") or raw_identifier or f"item {number}"
    item = _Item(where, title[:80], result)

    def skip(reason: str, line: int | None = None) -> None:
        result.skipped.append(Skipped(where, line or root.sourceline, title[:80], reason))

    if local(root) != "assessmentItem":
        skip(f"it is a <{clean(local(root))[:40]}>, not an <assessmentItem>")
        return
    body = child(root, "itemBody")
    if body is None:
        skip("it has no <itemBody>")
        return
    interactions = [node for node in body.iter() if isinstance(node.tag, str) and local(node).endswith("Interaction")]
    if not interactions:
        skip("it has no interaction: learnmeta has no such question type")
        return
    if len(interactions) > 1:
        skip(f"it has {len(interactions)} interactions; a learnmeta question has one", interactions[1].sourceline)
        return
    interaction = interactions[0]
    kind_name = local(interaction)
    if kind_name not in _INTERACTIONS:
        skip(f"a {clean(kind_name)[:40]}: learnmeta has no such question type", interaction.sourceline)
        return
    for block in ("feedbackBlock", "feedbackInline", "templateBlock", "templateInline", "rubricBlock"):
        for node in descendants(body, block):
            item.lost(node.sourceline, f"a <{block}> in the item body is not kept")
    response_id = interaction.get("responseIdentifier") or "RESPONSE"
    declaration = next((d for d in children(root, "responseDeclaration") if d.get("identifier") == response_id), None)
    if declaration is None:
        skip(f"it declares no response '{clean(response_id)[:40]}'", interaction.sourceline)
        return
    correct = _values(declaration)
    mapping = child(declaration, "mapping")
    extension = _extension_of(resource)

    # The prompt: the body's text around the interaction, then the interaction's own <prompt>.
    around = _text(body, item, "the prompt", skip=(kind_name,) if kind_name == "textEntryInteraction" else (kind_name,))
    prompt_node = child(interaction, "prompt")
    own = _text(prompt_node, item, "the prompt") if prompt_node is not None else ""
    prompt = "\n\n".join(x for x in (around, own) if x)

    feedback: dict[str, tuple[str, int | None]] = {}
    for node in children(root, "modalFeedback"):
        key = clean(node.get("identifier") or "")
        text = _text(node, item, "feedback")
        if key in feedback:
            item.lost(node.sourceline, f"a second feedback '{key[:40]}' is not kept")
        elif text:
            feedback[key] = (text, node.sourceline)
    used_feedback: set[str] = set()

    def take(key: str) -> str | None:
        if key in feedback:
            used_feedback.add(key)
            return feedback[key][0]
        return None

    wanted_id = from_identifier(raw_identifier) or make_id(raw_identifier, "") or make_id(title, f"q{number}")
    qid = used.free(wanted_id)
    if qid != wanted_id:
        item.lost(root.sourceline, f"its id '{wanted_id}' is taken by an earlier question: it is now '{qid}'")
    question: dict[str, Any] = {"id": qid, "prompt": prompt, "lesson": lesson, "section": section}
    ext_type = extension.get("type") if extension is not None else None

    if kind_name == "choiceInteraction":
        choices_xml = children(interaction, "simpleChoice")
        raw_ids = [c.get("identifier") or "" for c in choices_xml]
        max_choices = interaction.get("maxChoices", "1")
        single = declaration.get("cardinality") == "single" or max_choices == "1"
        any_one: list[str] = []
        if mapping is not None:
            weights = {e.get("mapKey") or "": _number(e.get("mappedValue")) for e in children(mapping, "mapEntry")}
            best = max(weights.values(), default=0.0)
            full = [key for key, value in weights.items() if value == best and best > 0]
            if single and len(full) > 1:
                any_one = full  # any one of these is fully right
            if any(0 < value < best for value in weights.values()):
                item.lost(mapping.sourceline, "the choices' weights (partial credit): learnmeta scores right or "
                          "wrong, so only the fully right choices count as right")
        if ext_type == "true_false" or (single and sorted(i.lower() for i in raw_ids) == ["false", "true"]
                                        and ext_type in (None, "true_false")):
            by_lower = {i.lower(): i for i in raw_ids}
            answer_raw = correct[0] if correct else ""
            question["type"] = "true_false"
            question["answer"] = answer_raw.lower() == "true"
            for word in ("true", "false"):
                taken = take(by_lower.get(word, word))
                if taken:
                    question[f"feedback_{word}"] = taken
        else:
            ids = Ids()
            choices: list[dict[str, Any]] = []
            shown_correct = set(any_one) if any_one else set(correct)
            for index, node in enumerate(choices_xml):
                raw = node.get("identifier") or ""
                choice: dict[str, Any] = {"id": _choice_id(raw, index, ids), "text": _text(node, item, "a choice")}
                if raw in shown_correct:
                    choice["correct"] = True
                taken = take(raw)
                if taken:
                    choice["feedback"] = taken
                choices.append(choice)
            question["type"] = "single" if single else "multiple"
            question["choices"] = choices
            if any_one:
                question["accept_any"] = True
            if interaction.get("shuffle") == "true":
                question["shuffle"] = True
    elif kind_name == "matchInteraction":
        sets = children(interaction, "simpleMatchSet")
        if len(sets) != 2:
            skip("a matchInteraction needs two <simpleMatchSet>s", interaction.sourceline)
            return
        lefts = {c.get("identifier") or "": _text(c, item, "a matching item") for c in children(sets[0], "simpleAssociableChoice")}
        rights = {c.get("identifier") or "": _text(c, item, "a matching item") for c in children(sets[1], "simpleAssociableChoice")}
        matched: dict[str, str] = {}
        for value in correct:
            parts = value.split()
            if len(parts) != 2:
                continue
            source, target = parts
            if source not in lefts and target in lefts:  # written the other way round
                source, target = target, source
            if source in lefts and target in rights:
                if source in matched:
                    item.lost(declaration.sourceline, f"a second match for '{lefts[source][:40]}' (learnmeta keeps one)")
                    continue
                matched[source] = target
        pairs = []
        for n, (left_id, left_text) in enumerate(lefts.items(), start=1):
            if left_id not in matched:
                item.lost(interaction.sourceline, f"the left-hand item '{left_text[:40]}' has no right match and is left out")
                continue
            pair: dict[str, Any] = {"left": left_text, "right": rights[matched[left_id]]}
            taken = take(f"PAIR_{n}")
            if taken:
                pair["feedback"] = taken
            pairs.append(pair)
        used_rights = set(matched.values())
        question["type"] = "matching"
        question["pairs"] = pairs
        distractors = [text for key, text in rights.items() if key not in used_rights]
        if distractors:
            question["distractors"] = distractors
    elif kind_name == "orderInteraction":
        texts = {c.get("identifier") or "": _text(c, item, "an item") for c in children(interaction, "simpleChoice")}
        order = [value for value in correct if value in texts]
        order += [key for key in texts if key not in order]
        question["type"] = "ordering"
        question["items"] = [texts[key] for key in order]
    else:  # textEntryInteraction
        accepted: list[str] = []
        partial: list[str] = []
        entries = children(mapping, "mapEntry") if mapping is not None else []
        best = max((_number(e.get("mappedValue")) for e in entries), default=0.0)
        for entry in entries:
            value = clean(entry.get("mapKey") or "").strip()
            weight = _number(entry.get("mappedValue"))
            if entry.get("caseSensitive") == "true":
                item.lost(entry.sourceline, f"the answer '{value[:40]}' is case-sensitive there; learnmeta ignores case")
            if weight <= 0:
                item.lost(entry.sourceline, f"the wrong answer '{value[:40]}' (learnmeta keeps only right answers)")
            elif weight < best:
                partial.append(value)
            elif value and value not in accepted:
                accepted.append(value)
        for value in correct:
            if value and value not in accepted and value not in partial:
                accepted.append(value)
        for value in partial:
            item.lost(declaration.sourceline, f"the partly right answer '{value[:40]}' (left out)")
        question["type"] = "short_answer"
        question["accepted"] = accepted
        taken = take(WRONG)
        if taken:
            question["feedback_wrong"] = taken
        if extension is not None and extension.get("allowTypo") == "true":
            question["allow_typo"] = True

    explanation = take(GENERAL)
    for key, (text, line) in feedback.items():
        if key in used_feedback:
            continue
        if explanation is None:
            explanation = text
            used_feedback.add(key)
        else:
            item.lost(line, f"the feedback '{key[:40]}' (no place for it in a learnmeta question)")
    if explanation:
        question["explanation"] = explanation
    else:
        question["explanation"] = PLACEHOLDER_EXPLANATION
        result.placeholder_explanations += 1

    if extension is not None:
        _apply_extension(question, extension, item)
    else:
        result.default_lesson_used += 1
    checked, reason = validate_question(question)
    if checked is None:
        skip(f"learnmeta cannot use it: {reason}")
        used.taken.discard(qid)
        return
    result.questions.append(checked)
    result.notes.extend(item.notes)


def _number(value: str | None) -> float:
    try:
        number = float(value or "0")
    except ValueError:
        return 0.0
    return number if number == number else 0.0  # NaN is no weight


def _apply_extension(question: dict[str, Any], node: etree._Element, item: _Item) -> None:
    for key in ("lesson", "section"):
        value = node.get(key)
        if value:
            question[key] = clean(value).strip()
    if question["type"] == "true_false" and node.get("misconception"):
        question["misconception"] = clean(node.get("misconception") or "").strip()
    hints = [clean(h.text or "").strip() for h in children(node, "hint")]
    if hints:
        question["hints"] = hints
    tags = [clean(t.text or "").strip() for t in children(node, "tag")]
    if tags:
        question["tags"] = tags
    source = child(node, "source")
    if source is not None:
        question["source"] = source_of(source)
    misconceptions = {c.get("id"): clean(c.get("misconception") or "").strip() for c in children(node, "choice")}
    for choice in question.get("choices", []):
        found = misconceptions.get(choice["id"])
        if found:
            choice["misconception"] = found


def _pack_info(manifest: etree._Element, where: str, result: Imported) -> None:
    metadata = child(manifest, "metadata")
    if metadata is None:
        return
    ours = next((n for n in metadata if n.tag == f"{{{LM}}}pack"), None)
    if ours is not None:
        details = read_pack_details(ours.text or "", where, ours.sourceline, result.notes)
        if details:
            result.pack = details["pack"]
            result.misconceptions = details.get("misconceptions", {})
            return
    lom = child(metadata, "lom")
    general = child(lom, "general") if lom is not None else None
    if general is None:
        return
    for key in ("title", "description"):
        node = child(general, key)
        strings = descendants(node, "langstring") if node is not None else []
        if strings and strings[0].text:
            result.pack[key] = clean(strings[0].text).strip()


def read_qti(package: SafeZip, *, lesson: str, section: str) -> Imported:
    """Read a QTI 2.x content package. Raises :class:`BadInput` when the package as a whole
    cannot be used (no manifest, a manifest that is not XML, no items); items it cannot use are
    skipped with the reason, and what it cannot keep is noted."""
    where = package.where
    manifest_name = "imsmanifest.xml"
    if not package.has(manifest_name):
        # A package zipped with its folder: the one manifest one folder down.
        nested = [n for n in package.names() if n.count("/") == 1 and n.endswith("/imsmanifest.xml")]
        if len(nested) != 1:
            raise BadInput("this is not a QTI content package: it has no imsmanifest.xml at its top", where)
        manifest_name = nested[0]
    folder = manifest_name.rpartition("/")[0]
    manifest_where = f"{where}:{clean(manifest_name)}"
    manifest = parse_xml(package.read(manifest_name, interchange.MAX_MANIFEST_BYTES), manifest_where)
    if local(manifest) != "manifest":
        raise BadInput("imsmanifest.xml is not an IMS manifest (its top element is not <manifest>)",
                       manifest_where, manifest.sourceline)
    result = Imported()
    _pack_info(manifest, manifest_where, result)
    resources = child(manifest, "resources")
    items: list[etree._Element] = []
    for resource in children(resources, "resource") if resources is not None else []:
        kind = resource.get("type") or ""
        if kind.startswith("imsqti_item_xmlv2p") or kind == "imsqti_item_xmlv2p1":
            items.append(resource)
    if not items:
        raise BadInput("the manifest lists no QTI 2 items (resources of type imsqti_item_xmlv2p1)",
                       manifest_where, manifest.sourceline)
    if len(items) > interchange.MAX_QUESTIONS:
        raise BadInput(f"the manifest lists {len(items):,} items; the most an import reads is "
                       f"{interchange.MAX_QUESTIONS:,} (a pack holds 20,000)", manifest_where, manifest.sourceline)
    used = Ids()
    seen: set[str] = set()
    for number, resource in enumerate(items, start=1):
        href = resource.get("href")
        if not href:
            file_node = child(resource, "file")
            href = file_node.get("href") if file_node is not None else None
        if not href:
            result.skipped.append(Skipped(manifest_where, resource.sourceline, f"resource {number}",
                                          "the resource names no file (href)"))
            continue
        base = resource.get(f"{{{XML}}}base") or ""
        try:
            name = join_member(join_member(folder, base, manifest_where) if base else folder, href, manifest_where)
        except BadInput as error:
            raise BadInput(error.message, manifest_where, resource.sourceline) from None
        if name in seen:
            result.skipped.append(Skipped(manifest_where, resource.sourceline, clean(href)[:80],
                                          "the manifest lists this item twice"))
            continue
        seen.add(name)
        item_where = f"{where}:{clean(name)[:200]}"
        if not package.has(name):
            raise BadInput(f"the manifest names '{clean(href)[:200]}', which is not in the package",
                           manifest_where, resource.sourceline)
        root = parse_xml(package.read(name), item_where)
        _read_item(root, item_where, resource, number, lesson, section, result, used)
    return result
