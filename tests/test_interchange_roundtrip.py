"""Any text a pack may hold comes back the same from QTI and from Moodle XML: markup-like
characters, entities, CDATA's end marker, new lines, runs of spaces and spaces that start a line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import pack_data
from learnmeta import checks
from learnmeta.content import models
from learnmeta.instructor.interchange import SafeZip, parse_xml
from learnmeta.instructor.moodle_xml import read_moodle_xml, write_moodle_xml
from learnmeta.instructor.qti import read_qti, write_qti, zip_bytes

_WORD = st.text(alphabet="abZ09<>&;\"'#]![-/=*%_é漢\u00a0", min_size=1, max_size=8)
_GAP = st.sampled_from([" ", "  ", "\n", "\n\n", "\n\n\n", "\n  ", " \t "])
_TEXT = st.builds(
    lambda first, rest: first + "".join(gap + word for gap, word in rest),
    _WORD, st.lists(st.tuples(_GAP, _WORD), max_size=5),
).map(str.strip).filter(bool)


def _pack(prompt: str, right: str, wrong: str, feedback: str, explanation: str, hint: str) -> models.Pack:
    if right.casefold() == wrong.casefold():
        wrong = wrong + " other"
    data = pack_data()
    single = data["questions"][0]
    single.update(prompt=prompt, explanation=explanation, hints=[hint])
    single["choices"] = [
        {"id": "a", "text": right.replace("\n", " "), "correct": True},
        {"id": "b", "text": wrong.replace("\n", " "), "feedback": feedback},
    ]
    return checks.validate(models.Pack, {**data, "questions": [single]})


def _dump(pack: models.Pack) -> list[dict]:
    adapter = checks.adapter(models.Question)
    return [{"id": q.id, "type": q.type, **adapter.dump_python(q, mode="json", exclude_defaults=True)}
            for q in pack.questions]


_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(prompt=_TEXT, right=_TEXT, wrong=_TEXT, feedback=_TEXT, explanation=_TEXT, hint=_TEXT)
def test_any_text_survives_a_round_trip_through_qti(prompt, right, wrong, feedback, explanation, hint):
    pack = _pack(prompt, right, wrong, feedback, explanation, hint)
    result = read_qti(SafeZip(zip_bytes(write_qti(pack)), "p.zip"), lesson="l", section="s")
    assert result.skipped == [] and result.notes == []
    assert result.questions == _dump(pack)


@_SETTINGS
@given(prompt=_TEXT, right=_TEXT, wrong=_TEXT, feedback=_TEXT, explanation=_TEXT, hint=_TEXT)
def test_any_text_survives_a_round_trip_through_moodle_xml(prompt, right, wrong, feedback, explanation, hint):
    pack = _pack(prompt, right, wrong, feedback, explanation, hint)
    data, _ = write_moodle_xml(pack)
    result = read_moodle_xml(parse_xml(data, "q.xml"), "q.xml", lesson="l", section="s")
    assert result.skipped == [] and result.notes == []
    assert result.questions == _dump(pack)
