"""benchmarks/ralph_costs.py works (on 3 learners; its figures mean nothing here)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def script():
    spec = importlib.util.spec_from_file_location("ralph_costs", ROOT / "benchmarks" / "ralph_costs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.platform != "linux", reason="Ralph's CPU time is read from /proc")
def test_it_measures_ralph_answering_every_page(capsys):
    pytest.importorskip("ralph")
    pytest.importorskip("bcrypt")
    assert script().main(["3", "--statements", "slim", "--collector", "raised", "--pages", "20,100", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [(r["page"], r["form"], r["collector"], r["statements"]) for r in results] == [
        (20, "slim", "raised", 48), (100, "slim", "raised", 48)]
    # Ralph's CPU was read from /proc for every page (None when it could not be). On 48 statements it
    # can be 0.0: /proc counts in ticks of 10 ms.
    assert all(isinstance(r["ralph_cpu_s"], (int, float)) and r["ralph_cpu_s"] >= 0 for r in results)


def test_the_forms_leave_out_what_they_say_and_no_more():
    module = script()
    statement = {"id": "00000000-0000-4000-8000-000000000001", "actor": {"objectType": "Agent", "account": {
        "homePage": "https://x.example", "name": "l1"}}, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"objectType": "Activity", "id": "https://x.example/learnmeta/packs/p/questions/q",
                   "definition": {"name": {"en": "Q?"}, "description": {"en": "Q?"}}},
        "context": {"contextActivities": {"parent": [{"objectType": "Activity", "id": "https://x.example/learnmeta/packs/p",
                                                      "definition": {"name": {"en": "P"}}}]}}}
    slim = module.FORMS["slim"](statement)
    assert "description" not in slim["object"]["definition"] and "definition" not in slim["context"][
        "contextActivities"]["parent"][0]
    assert "definition" not in module.FORMS["no-question-definitions"](statement)["object"]
    assert statement["object"]["definition"]["description"] == {"en": "Q?"}  # the original is left as it was


def test_a_wrong_option_is_a_usage_error(capsys):
    assert script().main(["3", "--statements", "smaller"]) == 2
    assert script().main(["--pages"]) == 2
