"""`learnmeta schema` carries the loader's limits, and `-o` into a folder that does not exist.

The schema is generated from the models; these tests hold it to what the loader actually
enforces: for a sample of fields, a value at the schema's limit loads and one past it is refused,
and a value the schema's pattern refuses is refused by the loader too.
"""

from __future__ import annotations

import json
import re

import pytest

from factories import pack_data, write_pack
from learnmeta.cli import main
from learnmeta.content.errors import ContentError
from learnmeta.content.loader import load_pack


@pytest.fixture
def schema(capsys):
    assert main(["schema", "pack"]) == 0
    return json.loads(capsys.readouterr().out)


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def test_every_text_and_list_in_the_schema_has_a_limit(schema):
    unbounded = []
    for path, node in _walk(schema):
        if node.get("type") == "string" and not ({"const", "enum", "format", "pattern"} & node.keys()):
            if "maxLength" not in node:
                unbounded.append(path)
        if node.get("type") == "array" and "maxItems" not in node:
            unbounded.append(path)
    assert unbounded == []


def _prop(schema, model, name):
    node = schema["$defs"][model]["properties"][name]
    if "anyOf" in node:
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
    return node


# (model, field, where it sits in a pack made by factories.pack_data)
SAMPLE = [
    ("Choice", "text", lambda d: d["questions"][0]["choices"][0], "text"),
    ("Choice", "feedback", lambda d: d["questions"][0]["choices"][0], "feedback"),
    ("SingleQuestion", "prompt", lambda d: d["questions"][0], "prompt"),
    ("SingleQuestion", "explanation", lambda d: d["questions"][0], "explanation"),
    ("PackInfo", "title", lambda d: d["pack"], "title"),
    ("PackInfo", "description", lambda d: d["pack"], "description"),
    ("Source", "title", lambda d: d["pack"]["sources"][0], "title"),
    ("Source", "url", lambda d: d["pack"]["sources"][0], "url"),
    ("Pair", "left", lambda d: d["questions"][3]["pairs"][0], "left"),
    ("SingleQuestion", "id", lambda d: d["questions"][0], "id"),
]


@pytest.mark.parametrize("model, name, where, key", SAMPLE, ids=[f"{m}.{n}" for m, n, *_ in SAMPLE])
def test_a_text_at_the_schemas_limit_loads_and_one_past_it_is_refused(schema, tmp_path, model, name, where, key):
    limit = _prop(schema, model, name)["maxLength"]

    def value(length):
        if name == "url":
            return "https://example.org/" + "a" * (length - len("https://example.org/"))
        if name == "id":
            return "q" * length
        return "x" * length

    data = pack_data()
    where(data)[key] = value(limit)
    load_pack(write_pack(tmp_path, data))
    data = pack_data()
    where(data)[key] = value(limit + 1)
    with pytest.raises(ContentError, match="too long|at most"):
        load_pack(write_pack(tmp_path, data))


@pytest.mark.parametrize("model, name, key, good, bad", [
    ("PackInfo", "version", "version", "1.2.3", "1.2.3.4"),
    ("PackInfo", "language", "language", "pt-BR", "Portuguese"),
])
def test_the_schemas_patterns_are_the_loaders(schema, tmp_path, model, name, key, good, bad):
    pattern = _prop(schema, model, name)["pattern"]
    assert re.search(pattern, good) and not re.search(pattern, bad)
    data = pack_data()
    data["pack"][key] = good
    load_pack(write_pack(tmp_path, data))
    data["pack"][key] = bad
    with pytest.raises(ContentError):
        load_pack(write_pack(tmp_path, data))


def test_list_sizes_in_the_schema_are_the_loaders(schema, tmp_path):
    hints = _prop(schema, "SingleQuestion", "hints")
    choices = _prop(schema, "SingleQuestion", "choices")
    assert (hints["maxItems"], choices["minItems"], choices["maxItems"]) == (5, 2, 10)
    data = pack_data()
    data["questions"][0]["hints"] = [f"Hint {n}." for n in range(hints["maxItems"] + 1)]
    with pytest.raises(ContentError, match="too many"):
        load_pack(write_pack(tmp_path, data))


def test_schema_o_writes_the_file_and_makes_a_missing_folder(tmp_path, capsys):
    target = tmp_path / "new" / "folder" / "pack.schema.json"
    assert main(["schema", "pack", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Made the folder" in out and str(target) in out
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "learnmeta question pack"
    assert main(["schema", "pack", "-o", str(target)]) == 2  # exists: only with --force
    assert "--force" in capsys.readouterr().err
    assert main(["schema", "pack", "-o", str(target), "--force"]) == 0


def test_o_under_a_file_says_so_and_writes_nothing(tmp_path, capsys):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    assert main(["schema", "pack", "-o", str(blocker / "pack.schema.json")]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", [
    ["new-pack", "week-1"],
    ["export-gift", "what-is-metastatic-cancer"],
    ["questions"],
])
def test_every_command_with_o_makes_a_missing_folder(tmp_path, capsys, monkeypatch, command):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    target = tmp_path / "out" / "deeper" / "file.txt"
    assert main([*command, "-o", str(target)]) == 0
    assert target.is_file() and target.stat().st_size > 0
    assert "Made the folder" in capsys.readouterr().out


def test_report_and_export_o_make_a_missing_folder(tmp_path, capsys):
    from instructor_helpers import progress_file

    learner = progress_file(tmp_path / "ann.toml", "Ann", {"pack-a": {"q1": ("x", True)}}, learner_id="0f0e0d0c-0b0a-4908-8706-050403020100")
    export = tmp_path / "exports" / "week-1" / "ann.csv"
    assert main(["export", "--format", "csv", "--progress", str(learner), "-o", str(export)]) == 0
    report = tmp_path / "reports" / "week-1" / "class.csv"
    assert main(["report", "--csv", str(export), "-o", str(report)]) == 0
    assert report.read_text(encoding="utf-8").startswith("kind,pack,question")
    assert capsys.readouterr().out.count("Made the folder") == 2
