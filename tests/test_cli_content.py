"""The content commands as a person runs them: what they print and their exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from factories import pack_data, write_lesson, write_pack
from learnmeta import __version__
from learnmeta.cli import main


def run(*args, cwd=None, env=None):
    """Run `python -m learnmeta` in a child process, as a user would from a shell."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "learnmeta", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=60,
    )


def test_version_prints_the_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"learnmeta {__version__}"


def test_validate_passes_on_the_built_in_content(tmp_path):
    result = run("validate", env={"LEARNMETA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked: all valid" in result.stdout or "checked: valid, with" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_names_file_and_line_and_exits_1(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][0]["correct"] = True
    path = write_pack(tmp_path, data)
    write_lesson(tmp_path)
    result = run("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "pack.toml:" in result.stdout
    line = next(l for l in result.stdout.splitlines() if l.startswith("pack.toml:"))
    assert ": error: question 'q-single'" in line and "exactly one choice" in line
    assert "1 error(s)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "'schema_version' is missing"),
        (b"[pack\n", "not valid TOML"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"x = " + b"[" * 3000 + b"]" * 3000, "nested too deeply"),
        # more digits than Python's int takes: a crash report (exit 70) before
        pytest.param(b"[pack]\nid = 'p'\nversion = " + b"9" * 5000 + b"\n",
                     ":3: error: this is not valid TOML: a number is too long", id="huge-number"),
    ],
)
def test_validate_reports_malformed_files_without_a_traceback(tmp_path, content, expected):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    result = run("validate", str(path))
    assert result.returncode == 1
    assert str(path) in result.stdout and expected in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_validate_a_missing_file_is_a_usage_error_and_names_it(tmp_path):
    """A name that does not exist (a typo, a pattern the shell did not expand) is a usage error,
    as in the import and export commands: exit 2, not 1 ("your content is invalid")."""
    result = run("validate", str(tmp_path / "absent.toml"))
    assert result.returncode == 2
    assert f"{tmp_path / 'absent.toml'}: error: file not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_a_missing_file_beside_an_invalid_one_still_reports_both(tmp_path):
    data = pack_data()
    data["questions"][0]["choices"][0]["correct"] = True
    write_pack(tmp_path, data)
    write_lesson(tmp_path)
    result = run("validate", "pack.toml", "lesson.md", "absent.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "absent.toml: error: file not found" in result.stdout
    assert "pack.toml:" in result.stdout and "exactly one choice" in result.stdout


def test_validate_a_dangling_link_in_a_folder_is_invalid_content_not_a_usage_error(tmp_path):
    """Only a file named on the command line makes a usage error: a folder that was named and
    found, holding a link to nothing, is content that cannot be used (exit 1)."""
    write_pack(tmp_path, pack_data())
    write_lesson(tmp_path)
    (tmp_path / "gone.toml").symlink_to(tmp_path / "nothing-here.toml")
    result = run("validate", str(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "gone.toml" in result.stdout


def test_validate_usage_error_exits_2():
    result = run("validate", "--format", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_validate_json_output_for_tools(tmp_path, capsys):
    data = pack_data()
    data["questions"][1]["promt"] = "x"
    path = write_pack(tmp_path, data)
    write_lesson(tmp_path)
    status = main(["validate", "--format", "json", str(path), str(tmp_path / "lesson.md")])
    report = json.loads(capsys.readouterr().out)
    assert status == 1 and report["valid"] is False and report["errors"] == 1
    problem = report["problems"][0]
    assert problem["question"] == "q-multiple" and problem["field"] == "promt"
    assert isinstance(problem["line"], int) and problem["severity"] == "error"


def test_schema_prints_a_json_schema_for_each_kind(capsys):
    for kind, required in [("pack", "questions"), ("lesson", "purpose"), ("glossary", "terms")]:
        assert main(["schema", kind]) == 0
        schema = json.loads(capsys.readouterr().out)
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert required in schema["properties"] and required in schema["required"]
        assert schema["additionalProperties"] is False


def test_the_pack_schema_offers_exactly_the_keys_a_pack_file_may_have(capsys):
    main(["schema", "pack"])
    schema = json.loads(capsys.readouterr().out)
    # not where it was loaded from
    assert set(schema["properties"]) == {"schema_version", "pack", "questions", "misconceptions"}
    assert schema["properties"]["misconceptions"]["type"] == "object"
    assert "plain words" in schema["properties"]["misconceptions"]["description"]
    assert schema["$defs"]["PackInfo"]["properties"]["pass_mark"]["description"] == "The score, in percent, that passes."


def test_the_pack_schema_lists_every_question_type(capsys):
    main(["schema", "pack"])
    text = capsys.readouterr().out
    for kind in ("single", "multiple", "true_false", "matching", "ordering", "short_answer"):
        assert f'"{kind}"' in text


def test_list_shows_lessons_and_packs_with_ids(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    status = main(["list"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Lessons" in out and "Question packs" in out
    assert "what-is-metastatic-cancer" in out


def test_list_marks_the_learners_own_packs(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    (tmp_path / "packs").mkdir()
    data = pack_data()
    data["pack"]["id"] = "class-pack"
    data["pack"]["lessons"] = ["what-is-metastatic-cancer"]
    data["questions"] = data["questions"][2:3]
    data["questions"][0]["lesson"] = "what-is-metastatic-cancer"
    from learnmeta.content.library import load_library

    section = load_library().lesson("what-is-metastatic-cancer").pages[0].id
    data["questions"][0]["section"] = section
    write_pack(tmp_path / "packs", data)
    main(["list"])
    line = next(l for l in capsys.readouterr().out.splitlines() if "class-pack" in l)
    assert "[your packs]" in line


def test_python_dash_m_and_the_console_script_agree():
    result = run("--help")
    assert result.returncode == 0 and "validate" in result.stdout


def test_hostile_text_in_errors_prints_no_escape_codes(tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text('schema_version = 1\n"\\u001b]0;pwned\\u0007" = 1\n', encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_a_section_not_in_the_lesson_is_reported_with_the_lessons_sections(tmp_path):
    """An author who names a section the lesson does not have, and nothing like it, is told the
    sections it does have, so the message alone is enough to fix the file (how-cancer-spreads
    has 11: more than the 8 that other references list)."""
    data = pack_data()
    data["pack"]["lessons"] = ["how-cancer-spreads"]
    for question in data["questions"]:
        question["lesson"] = "how-cancer-spreads"
        question["section"] = "angiogenesis"
    data["questions"][0]["section"] = "new-home"
    path = write_pack(tmp_path, data)
    result = run("validate", str(path), env={"LEARNMETA_HOME": str(tmp_path / "home")})
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(l for l in result.stdout.splitlines() if "new-home" in l)
    assert ": error: question 'q-single', 'section': lesson 'how-cancer-spreads' has no section 'new-home'" in line
    assert line.endswith("; its sections: cells-can-move, direct-extension, lymphatic-system, "
                         "lymphatic-parts, lymphatic-spread, bloodstream-spread, immune-system, "
                         "angiogenesis, steps-of-spread, metastatic-cascade, seed-and-soil"), line
    assert [l for l in result.stdout.splitlines() if ": error:" in l] == [line]


def test_a_question_id_used_twice_is_reported_with_the_other_errors(tmp_path):
    """One run of validate names a question id used twice beside the pack's other errors; it
    was only said once every question was otherwise valid, a round of fixes later."""
    data = pack_data()
    data["questions"][1]["id"] = data["questions"][0]["id"]  # q-multiple is called q-single too
    data["questions"][2]["answer"] = "false"  # and an error of another kind
    path = write_pack(tmp_path, data)
    write_lesson(tmp_path)
    result = run("validate", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [l for l in result.stdout.splitlines() if ": error:" in l]
    assert any("'answer' should be true or false, not text" in l for l in errors), errors
    assert any("question id 'q-single' is used more than once in this pack" in l for l in errors), errors
    assert "2 error(s)" in result.stderr


def test_list_counts_a_lessons_pages_as_the_lesson_does(tmp_path, monkeypatch, capsys):
    """`list` said "11 pages" for a lesson that says "page 1 of 9": it counted the pages for
    trainees, which the lesson offers but does not count. It names them apart."""
    from learnmeta.content.library import load_library

    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path))
    lesson = load_library().lesson("how-cancer-spreads")
    trainee = sum(page.trainee for page in lesson.pages)
    assert trainee > 0
    main(["list"])
    line = next(l for l in capsys.readouterr().out.splitlines() if "how-cancer-spreads" in l and "pages" in l)
    assert f"({len(lesson.pages) - trainee} pages and {trainee} for trainees, about" in line, line
