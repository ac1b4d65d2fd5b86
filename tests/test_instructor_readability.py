"""The fast reading-grade measure gives exactly textstat 0.7.8's numbers."""

from __future__ import annotations

import json
import subprocess
import sys

TEXTS = [
    "Colon cancer has spread to the liver. What is it called?",
    "The extraordinarily hematogenous metastases proliferate, don't they?",
    "Which of these is NOT a way cancer spreads? Lymphatic, hematogenous or direct extension.",
    "Zxqvb blorptastic unknownwords here.",
    "",
]


def grades(code: str) -> list[float]:
    program = f"import json, sys\ntexts = json.loads(sys.argv[1])\n{code}\nprint(json.dumps(result))"
    out = subprocess.run(
        [sys.executable, "-c", program, json.dumps(TEXTS)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_fast_grades_equal_textstats_own():
    fast = grades(
        "from learnmeta.instructor.readability import flesch_kincaid_grades\n"
        "result = flesch_kincaid_grades(texts)"
    )
    plain = grades("import textstat\nresult = [textstat.flesch_kincaid_grade(t) for t in texts]")
    assert fast == plain
    assert fast[1] > fast[0]
