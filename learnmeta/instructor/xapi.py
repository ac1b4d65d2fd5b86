"""A learner's results as xAPI 1.0.3 statements. Pure functions: no files, no network, no printing.

What a learner did, as statements a Learning Record Store can analyse:

* **answered**, one per answer (:func:`learnmeta.instructor.results.answer_records`). The object is
  the question, a ``cmi.interaction`` activity whose definition says what the question was, when
  its pack is known here (:data:`INTERACTIONS`): ``choice`` (single and multiple, with
  ``choices``), ``true-false``, ``matching`` (``source``: the left-hand items, ``target``: the
  right-hand ones, distractors included), ``sequencing`` (``choices``: the items) and ``fill-in``
  (one ``correctResponsesPattern`` per accepted answer, case not mattering), each with its
  ``correctResponsesPattern``. The result has ``success``, a score of 1 or 0, the ``response`` in
  xAPI's response format for the type (choice ids joined by ``[,]``, ``source[.]target`` pairs,
  the ids of the items in the learner's order, ``true``/``false``, the typed text; left out only
  for a long wrong answer whose end the progress file did not keep, as it keeps 200 characters)
  and, as the extension ``response-text``, the answer as the learner saw it, with ``hints-used``
  (the hints opened before it, where the record says) and ``overruled`` (where recorded). Its ``duration`` is the time
  since the learner's previous answer in the same attempt (or since the attempt started): the
  history keeps when each answer was given, not when the question was shown, so it is the time
  on the question plus reading the previous feedback. The context gives the attempt:
  ``registration`` (a UUID per attempt, the same in all of its statements), the pack as the
  ``parent`` activity, the lesson that teaches the question as the ``grouping`` activity, and the
  extensions ``attempt`` (the attempt's own id), ``pack-version`` and ``from`` (``latest``, when
  the answer is a question's latest answer rather than one from the history).
* **completed**, and **passed** or **failed**, per finished attempt, the pack as the object, with
  the score (raw, of the total, and scaled), the attempt's ``duration`` and its ``mode``
  extension (``quiz`` for a whole-pack quiz; a knowledge check, practice or review only
  "completes": it never passes or fails the pack).
* **experienced**, one per lesson page the learner has seen, and **completed** for a lesson the
  learner finished. The progress file keeps which pages were seen, not when, so a page's time is
  when the lesson was finished, or else last visited, *by* which it was seen: the same time in
  every export (a statement sent again must be the same statement, or an LRS refuses it).

* **voided**, for an answer the learner took back or marked right ("I was right") after it may
  have reached a record store: the statement of the answer as given is voided (its object a
  ``StatementRef``), and an overruled answer is given again as right under an id of its own
  (:func:`answered_id`, :func:`voiding`; see the ``changes`` of :func:`statements`).

The actor is an ``account`` (:func:`learnmeta.instructor.results.actor`): its ``homePage`` is the
origin (scheme and host) of the course's base address, its ``name`` the learner id or an
anonymous id. Activity and extension ids are built on the base address :func:`checked_base`
(``LEARNMETA_XAPI_BASE``, or ``https://learnmeta.invalid/xapi``).

Statement ids are UUID v5s of the learner and the answer's identity (its id in the answer log;
for a question's latest answer without one, pack, question, time and, for answers in the same
second, their order; an attempt's id and verb; a page's ids), so the
same statement has the same id in every export, and a Learning Record Store keeps it once
however often it is sent.
"""

from __future__ import annotations

import datetime as dt
import heapq
import os
import uuid
from urllib.parse import quote, urlsplit
from collections.abc import Iterable, Iterator

DEFAULT_BASE = "https://learnmeta.invalid/xapi"
BASE_ENV = "LEARNMETA_XAPI_BASE"
VERSION = "1.0.3"
PLATFORM = "learnmeta"
VERB_IRIS = {
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "voided": "http://adlnet.gov/expapi/verbs/voided",
}
VERBS = {name: {"id": iri, "display": {"en-US": name}} for name, iri in VERB_IRIS.items()}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
QUESTION = "http://adlnet.gov/expapi/activities/question"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
PAGE = "http://activitystrea.ms/schema/1.0/page"
INTERACTIONS = {
    "single": "choice",
    "multiple": "choice",
    "true_false": "true-false",
    "matching": "matching",
    "ordering": "sequencing",
    "short_answer": "fill-in",
}
"""learnmeta's question types and the xAPI interaction type each becomes."""

_IDS = uuid.UUID("8c5f2a4e-1d7b-4e0a-b6c3-5f9e2d1a7b44")
"""The UUID v5 namespace of statement ids and registrations."""


class BaseAddressError(ValueError):
    """``LEARNMETA_XAPI_BASE`` is not an address learnmeta can build ids on (a usage error)."""


def checked_base(value: str | None = None) -> str:
    """The base of activity ids: ``value``, else ``LEARNMETA_XAPI_BASE``, else the default; without
    a trailing ``/``. It must be an absolute http or https address with a host, and no user name or
    password, query or fragment: raises :class:`BaseAddressError` saying which it is not."""
    text = (value if value is not None else os.environ.get(BASE_ENV) or "").strip()
    if not text:
        return DEFAULT_BASE
    try:
        parts = urlsplit(text)
        port = parts.port  # ValueError for a port that is not a number
    except ValueError as error:
        raise BaseAddressError(f"'{text}' is not a web address ({error})") from None
    del port
    if parts.scheme.lower() not in ("http", "https"):
        raise BaseAddressError(f"'{text}' is not an http:// or https:// address")
    if not parts.hostname:
        raise BaseAddressError(f"'{text}' names no host")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise BaseAddressError(f"'{text}' holds a user name or password; give the address alone")
    if parts.fragment or "#" in text:
        raise BaseAddressError(f"'{text}' has a fragment (#...); give the address without it")
    if parts.query or "?" in text:
        raise BaseAddressError(f"'{text}' has a query (?...); give the address without it")
    if any(ch.isspace() for ch in text):
        raise BaseAddressError(f"'{text}' holds a space")
    return text.rstrip("/")


def home_page(base: str) -> str:
    """The ``homePage`` of learner accounts: the base address's scheme and host."""
    parts = urlsplit(base)
    return f"{parts.scheme.lower()}://{parts.netloc}"


def _q(text: str) -> str:
    return quote(text, safe="")


def pack_iri(base: str, pack_id: str) -> str:
    return f"{base}/packs/{_q(pack_id)}"


def question_iri(base: str, pack_id: str, question_id: str) -> str:
    return f"{pack_iri(base, pack_id)}/questions/{_q(question_id)}"


def lesson_iri(base: str, lesson_id: str) -> str:
    return f"{base}/lessons/{_q(lesson_id)}"


def page_iri(base: str, lesson_id: str, page_id: str) -> str:
    return f"{lesson_iri(base, lesson_id)}/pages/{_q(page_id)}"


def extension_iri(base: str, name: str) -> str:
    return f"{base}/extensions/{name}"


def statement_id(*parts: str) -> str:
    return str(uuid.uuid5(_IDS, "\x1f".join(parts)))


def answered_id(learner: str, answer_id: str, overruled: bool = False) -> str:
    """The id of the "answered" statement of the answer ``answer_id`` (its id in the answer log)
    as it was given, or (``overruled``) of the statement that corrects it once the learner said
    "I was right"."""
    return statement_id("answered", learner, answer_id, *(("overruled",) if overruled else ()))


def voiding(agent: dict, learner: str, target: str, when: str | None, *, base: str, reason: str) -> dict:
    """The statement that voids the statement ``target`` (xAPI's ``voided`` verb, its object a
    ``StatementRef``): an answer taken back, or given again as right (``reason``: ``undone`` or
    ``overruled``). Its id is fixed by the learner and the target, so sending it again stores
    nothing twice. (No ``platform``: xAPI allows it only on a statement about an activity.)"""
    return _clean({
        "id": statement_id("voided", learner, target),
        "actor": agent,
        "verb": VERBS["voided"],
        "object": {"objectType": "StatementRef", "id": target},
        "context": {"extensions": {extension_iri(base, "reason"): reason}},
        "timestamp": when or None,
        "version": VERSION,
    })


def registration(learner: str, attempt: str) -> str:
    """The ``registration`` of an attempt: the same UUID in all of its statements."""
    return statement_id("registration", learner, attempt)


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def duration(seconds: float) -> str:
    """An ISO 8601 duration, ``PT1H2M3S``."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or total == 0 else "")


def _language(pack) -> str:
    return getattr(getattr(pack, "pack", None), "language", None) or "en"


# ----------------------------------------------------------------------------------------------
# Interaction definitions and responses
# ----------------------------------------------------------------------------------------------


def _component(component_id: str, text: str, language: str) -> dict:
    component: dict = {"id": component_id}
    if text.strip():
        component["description"] = {language: text}
    return component


def _matching_ids(question) -> tuple[dict[str, str], dict[str, str]]:
    lefts = {pair.left: f"source-{n}" for n, pair in enumerate(question.pairs, start=1)}
    rights = {item: f"target-{n}" for n, item in enumerate(question.right_items, start=1)}
    return lefts, rights


def interaction(question, language: str) -> dict:
    """The ``cmi.interaction`` part of a question's activity definition (interactionType,
    correctResponsesPattern and the choices, source and target, or steps)."""
    kind: str = getattr(question, "type", "")
    definition: dict = {"interactionType": INTERACTIONS[kind]}
    if kind == "single":  # several right choices only with accept_any: each one alone is right
        definition["correctResponsesPattern"] = [c.id for c in question.choices if c.correct]
        definition["choices"] = [_component(c.id, c.text, language) for c in question.choices]
    elif kind == "multiple":
        definition["correctResponsesPattern"] = ["[,]".join(c.id for c in question.choices if c.correct)]
        definition["choices"] = [_component(c.id, c.text, language) for c in question.choices]
    elif kind == "true_false":
        definition["correctResponsesPattern"] = ["true" if question.answer else "false"]
    elif kind == "matching":
        lefts, rights = _matching_ids(question)
        definition["correctResponsesPattern"] = [
            "[,]".join(f"{lefts[p.left]}[.]{rights[p.right]}" for p in question.pairs)
        ]
        definition["source"] = [_component(i, text, language) for text, i in lefts.items()]
        definition["target"] = [_component(i, text, language) for text, i in rights.items()]
    elif kind == "ordering":
        ids = {item: f"step-{n}" for n, item in enumerate(question.items, start=1)}
        definition["correctResponsesPattern"] = ["[,]".join(ids[item] for item in question.items)]
        definition["choices"] = [_component(i, text, language) for text, i in ids.items()]
    elif kind == "short_answer":
        definition["correctResponsesPattern"] = [
            "{case_matters=false}" + text.replace("[,]", ",") for text in question.accepted
        ]
    return definition


def _complete(parts: list[str], known, truncated: bool) -> list[str] | None:
    """``parts`` all in ``known``; when the text was cut short, a last part that is the start of
    one known text stands for it."""
    if parts and truncated and parts[-1] not in known:
        matches = [item for item in known if item.startswith(parts[-1])]
        if len(matches) != 1:
            return None
        parts = [*parts[:-1], matches[0]]
    if not parts or any(part not in known for part in parts):
        return None
    return parts


def response(question, text: str, correct: bool | None = None) -> str | None:
    """The learner's answer (as the progress file keeps it: the text they saw, at most 200
    characters) in xAPI's response format for the question's interaction type; None when it
    cannot be given in it (an empty answer, one naming choices the question no longer has, or a
    long wrong answer whose end the file did not keep). A right answer to a question with one
    right response is that response (``correct``)."""
    from learnmeta.progress.model import MAX_ANSWER_CHARS

    kind = getattr(question, "type", None)
    text = text or ""
    truncated = len(text) >= MAX_ANSWER_CHARS
    if correct and kind in ("single", "multiple", "true_false", "matching", "ordering"):
        return interaction(question, "en")["correctResponsesPattern"][0]
    if kind == "true_false":
        said = text.strip().lower()
        return said if said in ("true", "false") else None
    if kind in ("single", "multiple"):
        by_text = {c.text: c.id for c in question.choices}
        picked = _complete([text] if kind == "single" else [p for p in text.split("; ") if p], by_text, truncated)
        return None if picked is None else "[,]".join(by_text[part] for part in picked)
    if kind == "matching":
        lefts, rights = _matching_ids(question)
        pairs = []
        parts = [p for p in text.split("; ") if p]
        for number, part in enumerate(parts, start=1):
            left, arrow, right = part.partition(" → ")
            last = truncated and number == len(parts)
            if left not in lefts or (not arrow and not last):
                return None
            found = _complete([right], rights, last) if arrow else None
            if found is None:
                if last:
                    break  # the file kept only the start of this pair
                return None
            pairs.append(f"{lefts[left]}[.]{rights[found[0]]}")
        if len(pairs) != len(lefts):
            return None
        return "[,]".join(pairs)
    if kind == "ordering":
        ids = {item: f"step-{n}" for n, item in enumerate(question.items, start=1)}
        order = _complete([p for p in text.split(" → ") if p], ids, truncated)
        if order is not None and truncated and len(order) == len(ids) - 1:
            order = [*order, *(item for item in ids if item not in order)]  # the one left is last
        if order is None or sorted(order) != sorted(ids):
            return None
        return "[,]".join(ids[part] for part in order)
    if kind == "short_answer":
        return text.replace("[,]", ",") if text.strip() else None
    return None


# ----------------------------------------------------------------------------------------------
# Statements
# ----------------------------------------------------------------------------------------------


def _activity(iri: str, kind: str, name: str | None = None, language: str = "en", **extra) -> dict:
    definition: dict = {"type": kind}
    if name and name.strip():
        definition["name"] = {language: name}
    definition.update(extra)
    return {"objectType": "Activity", "id": iri, "definition": definition}


def _question_activity(base: str, pack_id: str, question_id: str, question, pack) -> dict:
    iri = question_iri(base, pack_id, question_id)
    if question is None or getattr(question, "type", None) not in INTERACTIONS:
        return _activity(iri, QUESTION, question_id)  # its pack is not known here
    language = _language(pack)
    prompt = " ".join(str(question.prompt).split())
    return _activity(
        iri, INTERACTION, prompt[:200] or question_id, language,
        description={language: prompt} if prompt else None, **interaction(question, language),
    )


def _clean(statement):
    """Leave out empty values: xAPI (and Ralph) refuse ``None``, ``""``, ``{}`` and ``[]``."""
    if isinstance(statement, dict):
        out = {}
        for key, value in statement.items():
            value = _clean(value)
            if value is None or value == "" or value == {} or value == []:
                continue
            out[key] = value
        return out
    if isinstance(statement, list):
        return [_clean(item) for item in statement]
    return statement


def each_statement(
    agent: dict,
    learner: str,
    answers: Iterable[dict],
    attempts: list[dict],
    *,
    base: str,
    packs: dict | None = None,
    attempt_starts: dict[str, str | None] | None = None,
    lessons: dict | None = None,
    lesson_titles: dict | None = None,
    changes: list[dict] | None = None,
) -> Iterator[dict]:
    """Every statement for a learner (:func:`statements`), one at a time: in time order as far as
    it is known (answers and attempts by time; then pages, whose times are not kept). ``answers``
    may be gone through once only (a long answer log's: they are then never held).

    ``changes`` are the answers the learner overruled or took back
    (:func:`learnmeta.instructor.results.change_records`). An answer record that is overruled
    becomes a statement of its own (:func:`answered_id` ``overruled=True``: success, and the
    ``overruled`` extension) after one voiding the answer as it was given; an answer taken back
    gives only the statements voiding what was sent of it (:func:`voiding`), so a record store
    that received them as they happened (the course's outbox) drops them, and one that did not
    is told nothing it did not have. The answers taken back still count in the ``duration`` of
    the next answer, as they did when it was sent.

    ``learner`` is the id the statements are about (the account's name, or the e-mail address);
    ``packs`` maps pack ids to the packs known here (for the questions' definitions and the names);
    ``attempt_starts`` an attempt id to when it started; ``lessons`` is the progress file's
    ``lessons`` (lesson id -> :class:`~learnmeta.progress.model.LessonProgress`) and
    ``lesson_titles`` their titles.
    """
    packs = packs or {}
    attempt_starts = attempt_starts or {}
    seen: dict[str, int] = {}  # identity -> how many times (statement ids stay unique)
    held = isinstance(answers, list)
    previous: dict[str, dt.datetime] = {}  # attempt id -> the time of its previous answer
    changed = {c["answer_id"]: c for c in changes or () if c.get("answer_id")}
    taken_back = [{**c, "undone_record": True} for c in changed.values() if c.get("undone")]
    if not taken_back:
        items: Iterable[dict] = answers
    elif held:
        items = sorted([*answers, *taken_back], key=lambda r: r.get("when") or "")
    else:  # gone through once (a long answer log's, in time order): the few taken back merged in
        items = _merged(answers, sorted(taken_back, key=lambda r: r.get("when") or ""))
    for record in items:
        if record.get("undone_record"):
            attempt, moment = record.get("attempt"), _time(record.get("when"))
            if attempt and moment is not None and (previous.get(attempt) is None or moment >= previous[attempt]):
                previous[attempt] = moment
            original = answered_id(learner, record["answer_id"])
            if record.get("overruled"):
                yield voiding(agent, learner, original, record.get("overruled_at"), base=base,
                               reason="overruled")
                yield voiding(agent, learner, answered_id(learner, record["answer_id"], True),
                               record.get("undone_at"), base=base, reason="undone")
            else:
                yield voiding(agent, learner, original, record.get("undone_at"), base=base, reason="undone")
            continue
        pack_id, question_id = record["pack"], record["question"]
        pack = packs.get(pack_id)
        question = pack.question(question_id) if pack is not None else None
        language = _language(pack)
        when = record.get("when") or ""
        identity: tuple[str, ...] = ("answered", learner, pack_id, question_id, when)
        overruled = bool(record.get("overruled")) and bool(record.get("answer_id"))
        if record.get("answer_id"):  # the answer's own id in the answer log
            identity = ("answered", learner, str(record["answer_id"]))
            if overruled:  # its own statement; the one of the answer as given is voided
                identity = (*identity, "overruled")
                mark = changed.get(record["answer_id"]) or {}
                yield voiding(agent, learner, answered_id(learner, str(record["answer_id"])),
                               mark.get("overruled_at") or when or None, base=base, reason="overruled")
        if held or not record.get("answer_id"):  # gone through once: an answer's id is its own (unique)
            key = "\x1f".join(identity)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                identity = (*identity, str(seen[key]))
        correct = bool(record["correct"])
        text = record.get("response") or ""
        result: dict = {
            "success": correct,
            "completion": True,
            "response": response(question, text, correct) if question is not None else (text or None),
            "score": {"scaled": 1.0 if correct else 0.0, "raw": 1 if correct else 0, "min": 0, "max": 1},
            "extensions": None,
        }
        extensions = {extension_iri(base, "response-text"): text} if text else {}
        if record.get("hints_used") is not None:  # the class report's hint use per question
            extensions[extension_iri(base, "hints-used")] = record["hints_used"]
        if record.get("overruled") is not None:
            extensions[extension_iri(base, "overruled")] = bool(record["overruled"])
        if record.get("given_again"):  # only when true: the statements of other answers stay as they were
            extensions[extension_iri(base, "given-again")] = True
        result["extensions"] = extensions or None
        attempt = record.get("attempt")
        moment = _time(when)
        if attempt and moment is not None:
            start = previous.get(attempt) or _time(attempt_starts.get(attempt))
            if start is not None and moment >= start:
                result["duration"] = duration((moment - start).total_seconds())
            previous[attempt] = moment
        lesson_id = record.get("lesson")
        context: dict = {
            "registration": registration(learner, attempt) if attempt else None,
            "platform": PLATFORM,
            "language": language,
            "contextActivities": {
                "parent": [_activity(pack_iri(base, pack_id), ASSESSMENT,
                                     getattr(pack, "title", None), language)],
                "grouping": [_activity(lesson_iri(base, lesson_id), LESSON,
                                       (lesson_titles or {}).get(lesson_id), language)] if lesson_id else None,
            },
            "extensions": {
                extension_iri(base, "attempt"): attempt,
                extension_iri(base, "pack-version"): record.get("pack_version") or None,
                extension_iri(base, "from"): "latest" if record.get("from") == "latest" else None,
            },
        }
        yield _clean({
            "id": statement_id(*identity),
            "actor": agent,
            "verb": VERBS["answered"],
            "object": _question_activity(base, pack_id, question_id, question, pack),
            "result": result,
            "context": context,
            "timestamp": when or None,
            "version": VERSION,
        })
    for record in attempts:
        pack_id = record["pack"]
        pack = packs.get(pack_id)
        language = _language(pack)
        total = record.get("total") or 0
        right = record.get("correct") or 0
        percent = record.get("percent")
        scaled = (percent / 100) if percent is not None else (right / total if total else 0.0)
        result = {
            "completion": True,
            "score": {"scaled": round(min(max(scaled, 0.0), 1.0), 4), "raw": right, "min": 0,
                      "max": max(total, right)},
        }
        if record.get("passed") is not None:
            result["success"] = bool(record["passed"])
        started, finished = _time(record.get("started")), _time(record.get("finished"))
        if started is not None and finished is not None and finished >= started:
            result["duration"] = duration((finished - started).total_seconds())
        verbs = ["completed"]
        if record.get("passed") is not None:
            verbs.append("passed" if record["passed"] else "failed")
        for verb in verbs:
            yield _clean({
                "id": statement_id(verb, learner, pack_id, record["attempt"]),
                "actor": agent,
                "verb": VERBS[verb],
                "object": _activity(pack_iri(base, pack_id), ASSESSMENT, getattr(pack, "title", None), language),
                "result": result,
                "context": {
                    "registration": registration(learner, record["attempt"]),
                    "platform": PLATFORM,
                    "language": language,
                    "extensions": {
                        extension_iri(base, "attempt"): record["attempt"],
                        extension_iri(base, "mode"): record.get("mode") or "quiz",
                        extension_iri(base, "pack-version"): record.get("pack_version") or None,
                    },
                },
                "timestamp": record.get("finished"),
                "version": VERSION,
            })
    from learnmeta.instructor.results import iso

    for lesson_id, lesson in (lessons or {}).items():
        title = (lesson_titles or {}).get(lesson_id)
        parent = [_activity(lesson_iri(base, lesson_id), LESSON, title)]
        seen_by = iso(lesson.completed or lesson.last_visited)
        for page_id in lesson.pages_seen:
            yield _clean({
                "id": statement_id("experienced", learner, lesson_id, page_id),
                "actor": agent,
                "verb": VERBS["experienced"],
                "object": _activity(page_iri(base, lesson_id, page_id), PAGE, page_id),
                "context": {"platform": PLATFORM, "contextActivities": {"parent": parent}},
                "timestamp": seen_by,
                "version": VERSION,
            })
        if lesson.completed is not None:
            yield _clean({
                "id": statement_id("completed-lesson", learner, lesson_id),
                "actor": agent,
                "verb": VERBS["completed"],
                "object": _activity(lesson_iri(base, lesson_id), LESSON, title),
                "result": {"completion": True},
                "context": {"platform": PLATFORM},
                "timestamp": iso(lesson.completed),
                "version": VERSION,
            })


def statements(
    agent: dict,
    learner: str,
    answers: list[dict],
    attempts: list[dict],
    *,
    base: str,
    packs: dict | None = None,
    attempt_starts: dict[str, str | None] | None = None,
    lessons: dict | None = None,
    lesson_titles: dict | None = None,
    changes: list[dict] | None = None,
) -> list[dict]:
    """Every statement for a learner, in time order as far as it is known (answers and attempts
    by time; then pages, whose times are not kept): see :func:`each_statement`."""
    return list(each_statement(agent, learner, answers, attempts, base=base, packs=packs,
                               attempt_starts=attempt_starts, lessons=lessons, lesson_titles=lesson_titles,
                               changes=changes))


def _merged(answers: Iterable[dict], taken_back: list[dict]) -> Iterator[dict]:
    """``answers`` (in time order) with ``taken_back`` (sorted by time) where a stable sort of the
    two by time puts them: after the answers of the same time (heapq.merge is stable)."""
    return heapq.merge(answers, taken_back, key=lambda r: r.get("when") or "")
