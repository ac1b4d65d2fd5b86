"""QTI 2.1 export and import: what an instructor moving packs to and from Canvas, Moodle,
Blackboard or Inspera gets. (Hostile packages: tests/test_interchange_hostile.py.)"""

from __future__ import annotations

import io
import tomllib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from learnmeta.cli import main
from learnmeta.content.library import load_library
from learnmeta.content.loader import load_pack
from learnmeta.instructor.qti import write_qti, zip_bytes
from qti_schemas import schemas

EVERY = Path(__file__).parent / "fixtures" / "interchange" / "every-feature.toml"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def builtin_packs():
    return load_library(user_packs=False).packs


def export(tmp_path, capsys, pack: str, name: str = "pack.zip") -> Path:
    out = tmp_path / name
    status = main(["export-qti", pack, "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return out


def import_zip(tmp_path, capsys, source: Path, name: str = "back.toml", *extra: str):
    out = tmp_path / name
    status = main(["import-qti", str(source), "-o", str(out), *extra])
    return status, out, capsys.readouterr()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ----------------------------------------------------------------------------------------------
# The package validates against the official schemas
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("pack_id", [p.id for p in load_library(user_packs=False).packs])
def test_every_builtin_pack_exports_to_a_package_whose_every_file_the_official_schemas_accept(tmp_path, capsys, pack_id):
    qti, cp = schemas()
    files = members(export(tmp_path, capsys, pack_id))
    pack = next(p for p in builtin_packs() if p.id == pack_id)
    assert len([n for n in files if n.startswith("items/")]) == len(pack.questions)
    for name, data in files.items():
        schema = cp if name == "imsmanifest.xml" else qti
        assert schema.validate(etree.fromstring(data)), (name, [str(e) for e in schema.error_log][:3])


def test_the_every_feature_pack_exports_to_schema_valid_files(tmp_path, capsys):
    qti, cp = schemas()
    for name, data in members(export(tmp_path, capsys, str(EVERY))).items():
        schema = cp if name == "imsmanifest.xml" else qti
        assert schema.validate(etree.fromstring(data)), (name, [str(e) for e in schema.error_log][:3])


def test_the_schema_check_catches_a_broken_item(tmp_path, capsys):
    """The validation above can fail: an item missing what QTI requires is refused."""
    qti, _ = schemas()
    files = members(export(tmp_path, capsys, str(EVERY)))
    item = etree.fromstring(files["items/same-cells.xml"])
    item.attrib.pop("adaptive")
    item.find(f"{QTI}itemBody/{QTI}choiceInteraction").set("maxChoices", "many")
    assert not qti.validate(item)


# ----------------------------------------------------------------------------------------------
# What is in the package
# ----------------------------------------------------------------------------------------------


def test_each_question_type_becomes_the_interaction_an_lms_expects(tmp_path, capsys):
    files = members(export(tmp_path, capsys, str(EVERY)))
    assert {"imsmanifest.xml", "assessmentTest.xml"} <= set(files)

    def item(name):
        return etree.fromstring(files[f"items/{name}.xml"])

    single = item("_1-single")
    choice = single.find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert choice.get("maxChoices") == "1" and choice.get("shuffle") == "true"
    assert [c.get("identifier") for c in choice.findall(f"{QTI}simpleChoice")] == ["_1st", "colon", "c"]
    assert [v.text for v in single.iterfind(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value")] == ["colon"]
    feedback = {f.get("identifier"): "".join(f.itertext()) for f in single.iterfind(f"{QTI}modalFeedback")}
    assert feedback["_1st"].startswith("Not quite.")
    assert feedback["GENERAL"] == "Cancer keeps the name of the place where it started.A second line."
    assert single.find(f"{QTI}modalFeedback[@identifier='GENERAL']/{QTI}br") is not None

    multiple = item("other-names").find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert multiple.get("maxChoices") == "0"

    tf = item("same-cells").find(f"{QTI}itemBody/{QTI}choiceInteraction")
    assert [(c.get("identifier"), c.text) for c in tf.findall(f"{QTI}simpleChoice")] == [("true", "True"), ("false", "False")]

    match = item("match-sites")
    interaction = match.find(f"{QTI}itemBody/{QTI}matchInteraction")
    left, right = interaction.findall(f"{QTI}simpleMatchSet")
    assert [c.text for c in right] == ["Bones", "Liver", "Skin", "Eye"]
    assert right[0].get("matchMax") == "2"  # two cancers spread to the bones
    assert [v.text for v in match.iterfind(f".//{QTI}correctResponse/{QTI}value")] == ["L1 R1", "L2 R2", "L3 R1"]

    order = item("stages-of-spread")
    assert order.find(f"{QTI}itemBody/{QTI}orderInteraction") is not None
    assert order.find(f"{QTI}responseDeclaration").get("cardinality") == "ordered"

    short = item("new-blood-supply")
    assert short.find(f".//{QTI}textEntryInteraction") is not None
    entries = short.findall(f".//{QTI}mapEntry")
    assert [e.get("mapKey") for e in entries] == ["angiogenesis", "tumour angiogenesis", "Angiogenesis!"]
    assert {e.get("caseSensitive") for e in entries} == {"false"}


def test_the_manifest_carries_the_pack_and_its_sources_in_ims_metadata(tmp_path, capsys):
    manifest = etree.fromstring(members(export(tmp_path, capsys, str(EVERY)))["imsmanifest.xml"])
    md = "{http://www.imsglobal.org/xsd/imsmd_v1p2}"
    assert manifest.find(f".//{md}general/{md}title/{md}langstring").text.startswith("Every feature")
    relations = [r.find(f".//{md}description/{md}langstring").text for r in manifest.iter(f"{md}relation")]
    assert relations[0] == ("Metastatic cancer, Canadian Cancer Society, "
                            "https://cancer.ca/en/cancer-information/what-is-cancer/metastatic-cancer?a=1&b=2")
    assert relations[1] == "A source with only a title"
    types = [r.get("type") for r in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")]
    assert types.count("imsqti_item_xmlv2p1") == 9 and types.count("imsqti_test_xmlv2p1") == 1


def test_text_is_escaped_never_markup(tmp_path, capsys):
    files = members(export(tmp_path, capsys, str(EVERY)))
    assert b"Stage 5 &lt;cancer&gt;" in files["items/_1-single.xml"]
    assert b"<cancer>" not in files["items/_1-single.xml"]


def test_the_same_pack_gives_the_same_bytes():
    pack = load_pack(EVERY)
    assert zip_bytes(write_qti(pack)) == zip_bytes(write_qti(pack))


def test_any_one_of_several_right_choices_is_a_mapping_every_right_choice_scores_in(tmp_path, capsys):
    item = etree.fromstring(members(export(tmp_path, capsys, str(EVERY)))["items/any-one.xml"])
    declaration = item.find(f"{QTI}responseDeclaration")
    assert declaration.get("cardinality") == "single"
    assert {(e.get("mapKey"), e.get("mappedValue")) for e in declaration.iter(f"{QTI}mapEntry")} == {
        ("secondary", "1"), ("advanced", "1")}
    assert item.find(f"{QTI}responseProcessing/{QTI}setOutcomeValue/{QTI}mapResponse") is not None


def test_the_test_carries_the_pool_the_time_limit_and_exam_mode(tmp_path, capsys):
    test = etree.fromstring(members(export(tmp_path, capsys, str(EVERY)))["assessmentTest.xml"])
    assert test.find(f"{QTI}timeLimits").get("maxTime") == "1800"
    assert test.find(f"{QTI}testPart").get("submissionMode") == "simultaneous"
    assert test.find(f".//{QTI}assessmentSection/{QTI}selection").get("select") == "6"
    plain = etree.fromstring(members(export(tmp_path, capsys, "what-is-metastatic-cancer", "w.zip"))["assessmentTest.xml"])
    assert plain.find(f"{QTI}testPart").get("submissionMode") == "individual"
    assert plain.find(f".//{QTI}selection") is None and plain.find(f"{QTI}timeLimits") is None


# ----------------------------------------------------------------------------------------------
# Round trips
# ----------------------------------------------------------------------------------------------


def test_the_every_feature_pack_uses_every_field_of_every_pack_model():
    """So the round trips below prove every field comes back: a field added to the models
    fails here until the fixture (and the formats) carry it."""
    import dataclasses

    from learnmeta.content import models

    pack = load_pack(EVERY)
    instances: dict[type, list] = {}

    def collect(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            instances.setdefault(type(value), []).append(value)
            for f in dataclasses.fields(value):
                collect(getattr(value, f.name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    collect(pack)
    kinds = [models.Pack, models.PackInfo, models.Source, models.Choice, models.Pair, models.SingleQuestion,
             models.MultipleQuestion, models.TrueFalseQuestion, models.MatchingQuestion,
             models.OrderingQuestion, models.ShortAnswerQuestion]
    unused = []
    for kind in kinds:
        for f in dataclasses.fields(kind):
            default = f.default if f.default is not dataclasses.MISSING else (
                f.default_factory() if f.default_factory is not dataclasses.MISSING else dataclasses.MISSING)
            if default is dataclasses.MISSING:
                continue
            if not any(getattr(item, f.name) != default for item in instances.get(kind, [])):
                unused.append(f"{kind.__name__}.{f.name}")
    assert unused == [], f"the every-feature fixture never sets: {unused}"


@pytest.mark.parametrize("pack_id", [p.id for p in load_library(user_packs=False).packs])
def test_every_builtin_pack_comes_back_from_qti_exactly(tmp_path, capsys, pack_id):
    original = next(p for p in builtin_packs() if p.id == pack_id)
    status, out, captured = import_zip(tmp_path, capsys, export(tmp_path, capsys, pack_id))
    assert status == 0, captured.err
    assert "Not kept" not in captured.out and captured.err == ""
    back = load_pack(out)
    assert back.pack == original.pack
    assert back.questions == original.questions


def test_a_pack_using_every_feature_comes_back_from_qti_exactly(tmp_path, capsys):
    original = load_pack(EVERY)
    status, out, captured = import_zip(tmp_path, capsys, export(tmp_path, capsys, str(EVERY)))
    assert status == 0, captured.err
    back = load_pack(out)
    assert back == original
    assert main(["validate", str(out)]) == 0


def test_the_imported_pack_says_where_it_came_from_and_keeps_the_packs_id(tmp_path, capsys):
    status, out, captured = import_zip(tmp_path, capsys, export(tmp_path, capsys, "what-is-metastatic-cancer"))
    assert status == 0
    assert out.read_text(encoding="utf-8").startswith("# Imported from the QTI package pack.zip")
    assert "a built-in pack has the id 'what-is-metastatic-cancer'" in captured.out
    status, out, captured = import_zip(tmp_path, capsys, tmp_path / "pack.zip", "mine.toml", "--id", "my-copy")
    assert status == 0 and tomllib.loads(out.read_text(encoding="utf-8"))["pack"]["id"] == "my-copy"


# ----------------------------------------------------------------------------------------------
# Packages made by other tools
# ----------------------------------------------------------------------------------------------

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M1">
  <metadata><schema>QTIv2.1 Package</schema></metadata>
  <organizations/>
  <resources>
{resources}
  </resources>
</manifest>"""

ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{ident}" title="{title}"
    adaptive="false" timeDependent="false">
{body}
</assessmentItem>"""


def foreign_zip(path: Path, items: dict[str, str], extra: dict[str, bytes] | None = None) -> Path:
    resources = "\n".join(
        f'    <resource identifier="R{n}" type="imsqti_item_xmlv2p1" href="{name}"><file href="{name}"/></resource>'
        for n, name in enumerate(items, start=1)
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imsmanifest.xml", MANIFEST.format(resources=resources))
        for name, text in items.items():
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


CHOICE_WITH_IMAGE = ITEM.format(ident="Q-Sites", title="Where it spreads", body="""
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse>
    <mapping defaultValue="0"><mapEntry mapKey="B" mappedValue="1"/><mapEntry mapKey="C" mappedValue="0.5"/></mapping>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Look at the picture.</p>
    <p><img src="images/body.png" alt="a body"/></p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>Where does <b>breast</b> cancer
        most often spread?</prompt>
      <simpleChoice identifier="A">The skin</simpleChoice>
      <simpleChoice identifier="B">The bones</simpleChoice>
      <simpleChoice identifier="C">The eyes</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="A" showHide="show">No.</modalFeedback>
  <modalFeedback outcomeIdentifier="FEEDBACK" identifier="correct" showHide="show">Bones are common.</modalFeedback>
""")

HOTSPOT = ITEM.format(ident="hot", title="Hotspot", body="""
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
  <itemBody><hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1">
    <object data="x.png" type="image/png"/></hotspotInteraction></itemBody>
""")


def test_a_package_from_another_tool_imports_with_a_summary_of_what_was_not_kept(tmp_path, capsys):
    source = foreign_zip(tmp_path / "canvas export.zip", {"q/sites.xml": CHOICE_WITH_IMAGE, "q/hot.xml": HOTSPOT},
                         {"images/body.png": b"\x89PNG"})
    status, out, captured = import_zip(tmp_path, capsys, source, "sites.toml")
    assert status == 0, captured.err
    question = tomllib.loads(out.read_text(encoding="utf-8"))["questions"][0]
    assert question["id"] == "q-sites" and question["type"] == "single"
    assert question["prompt"] == "Look at the picture.\n\nWhere does breast cancer most often spread?"
    assert [c.get("correct", False) for c in question["choices"]] == [False, True, False]
    assert question["choices"][0]["feedback"] == "No."
    assert question["explanation"] == "Bones are common."
    assert question["lesson"] == "what-is-metastatic-cancer"
    # What was dropped is named with the member and line, never silently.
    assert "q/sites.xml:10: question 'Where it spreads': the prompt: the image or media 'images/body.png' is not kept" in captured.out
    assert "q/sites.xml:7: question 'Where it spreads': the choices' weights (partial credit)" in captured.out
    assert "q/hot.xml:6: skipped 'Hotspot': a hotspotInteraction: learnmeta has no such question type" in captured.err
    assert "Skipped 1 question(s) that learnmeta cannot use (each named on standard error)." in captured.out
    assert "above" not in captured.out  # the skipped list is on stderr, not above it
    assert "fill in the lines starting 'Edit:'" in captured.out
    assert main(["validate", str(out)]) == 0


def test_a_foreign_item_without_general_feedback_gets_a_placeholder_explanation(tmp_path, capsys):
    body = """<responseDeclaration identifier="R" cardinality="single" baseType="string">
      <correctResponse><value>Paris</value></correctResponse></responseDeclaration>
      <itemBody><p>Capital of France? <textEntryInteraction responseIdentifier="R"/></p></itemBody>"""
    source = foreign_zip(tmp_path / "p.zip", {"i.xml": ITEM.format(ident="i1", title="Capital", body=body)})
    status, out, captured = import_zip(tmp_path, capsys, source)
    assert status == 0, captured.err
    question = tomllib.loads(out.read_text(encoding="utf-8"))["questions"][0]
    assert question["type"] == "short_answer" and question["accepted"] == ["Paris"]
    assert question["prompt"] == "Capital of France?"
    assert question["explanation"].startswith("Edit this explanation")
    assert "1 question(s) had no general feedback" in captured.out


def test_a_package_where_nothing_can_be_used_writes_nothing_and_exits_1(tmp_path, capsys):
    source = foreign_zip(tmp_path / "p.zip", {"hot.xml": HOTSPOT})
    status, out, captured = import_zip(tmp_path, capsys, source)
    assert status == 1 and not out.exists()
    assert "no question could be imported" in captured.err


# ----------------------------------------------------------------------------------------------
# The command line
# ----------------------------------------------------------------------------------------------


def test_export_into_a_folder_that_does_not_exist_creates_it_and_says_so(tmp_path, capsys):
    out = tmp_path / "new" / "deeper" / "pack.zip"
    assert main(["export-qti", str(EVERY), "-o", str(out)]) == 0
    assert out.is_file()
    assert f"Made the folder {out.parent}." in capsys.readouterr().out


def test_import_into_a_folder_that_does_not_exist_creates_it(tmp_path, capsys):
    source = export(tmp_path, capsys, str(EVERY))
    status, out, captured = import_zip(tmp_path, capsys, source, "packs/mine/every.toml")
    assert status == 0 and out.is_file()
    assert "Made the folder" in captured.out


def test_an_output_under_a_file_says_which_file_is_in_the_way(tmp_path, capsys):
    (tmp_path / "afile").write_text("x")
    assert main(["export-qti", str(EVERY), "-o", str(tmp_path / "afile" / "p.zip")]) == 1
    assert f"{tmp_path / 'afile'} is a file, not a folder" in capsys.readouterr().err


def test_exit_statuses(tmp_path, capsys):
    out = tmp_path / "p.zip"
    assert main(["export-qti", "no-such-pack", "-o", str(out)]) == 2
    assert "no pack has the id 'no-such-pack'" in capsys.readouterr().err
    assert main(["export-qti", str(EVERY), "-o", str(out)]) == 0
    assert main(["export-qti", str(EVERY), "-o", str(out)]) == 2  # exists
    assert "use --force" in capsys.readouterr().err
    assert main(["export-qti", str(EVERY), "-o", str(out), "--force"]) == 0
    assert main(["import-qti", str(tmp_path / "missing.zip"), "-o", str(tmp_path / "x.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["import-qti", str(out), "-o", str(tmp_path / "x.toml"), "--id", "Bad Id"]) == 2
    assert main(["import-qti", str(out), "-o", str(tmp_path / "x.toml"), "--lesson", "nope"]) == 2
    assert "Known lessons" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n")
    assert main(["export-qti", str(bad), "-o", str(tmp_path / "b.zip")]) == 1
    assert not (tmp_path / "b.zip").exists()


@pytest.mark.parametrize("command", ["export-qti", "export-moodle-xml"])
def test_a_character_xml_cannot_carry_is_named_with_its_question(tmp_path, capsys, command):
    pack = tmp_path / "p.toml"
    pack.write_text(EVERY.read_text(encoding="utf-8").replace(
        'prompt = "Two plus two, in words?"', 'prompt = "Two plus two\\uFFFE in words?"'), encoding="utf-8")
    out = tmp_path / "out"
    assert main([command, str(pack), "-o", str(out)]) == 1
    assert ("question 'plain-short' holds the character U+FFFE, which XML cannot carry"
            in capsys.readouterr().err)
    assert not out.exists()


def test_a_zip_without_a_manifest_is_refused_with_exit_1(tmp_path, capsys):
    source = tmp_path / "plain.zip"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("notes.txt", "hello")
    status, out, captured = import_zip(tmp_path, capsys, source)
    assert status == 1 and not out.exists()
    assert f"{source}: error: this is not a QTI content package: it has no imsmanifest.xml" in captured.err
    assert "Traceback" not in captured.err


def test_a_package_zipped_with_its_folder_imports(tmp_path, capsys):
    files = members(export(tmp_path, capsys, str(EVERY)))
    source = tmp_path / "folder.zip"
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"every-feature/{name}", data)
    status, out, captured = import_zip(tmp_path, capsys, source)
    assert status == 0, captured.err
    assert load_pack(out) == load_pack(EVERY)


def test_a_broken_item_names_the_member_and_line(tmp_path, capsys):
    source = foreign_zip(tmp_path / "p.zip", {"items/a.xml": "<?xml version='1.0'?>\n<assessmentItem>\n<itemBody>\n</assessmentItem>"})
    status, out, captured = import_zip(tmp_path, capsys, source)
    assert status == 1 and not out.exists()
    assert f"{source}:items/a.xml:4: error: this is not well-formed XML" in captured.err


def test_zip_bytes_is_a_zip_the_standard_library_reads():
    data = zip_bytes(write_qti(load_pack(EVERY)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None


def test_an_output_under_a_link_that_loops_says_the_link_loops(tmp_path, capsys):
    """Not "a file, not a folder" for a link to itself: there is no file to look for."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert main(["export-qti", str(EVERY), "-o", str(tmp_path / "loop" / "p.zip")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'loop'} is a link that loops back on itself" in err, err
