"""An instructor's TOML slips, as `learnmeta validate` reports them: the file, the line, what is
wrong in plain words, and what to write instead (not the parser's "Invalid value")."""

from __future__ import annotations

import pytest

from factories import LESSON
from learnmeta.cli import main

PACK_START = 'schema_version = 1\n\n[pack]\nid = "week-1"\n'


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('title = "Week 1', "the text of 'title' is not closed: end it with a \" on the same line"),
        ("title = Week 1", "the value of 'title' is not in quotes: write title = \"Week 1\""),
        ("shuffle = True", "'shuffle' should be true or false, in lower case and without quotes (not True)"),
        ('title = "Week "one""', "the text of 'title' holds a \" that ends it early: write \\\" for a quote"),
        ("title = “Week 1”", "the value of 'title' is in curly quotes (“ ”), which TOML does not read as quotes; "
                             'type straight double quotes ("like this") instead'),
        ('title "Week 1"', "each line is a key, '=', then its value"),
        ('id = "again"', "'id' is given a value twice in the same table: keep one of them"),
        ("[pack]", "the table [pack] is written twice: keep one [pack] line and put all its keys under it"),
        ("reviewed = 2026-13-01", "the date of 'reviewed' is not a real date: write it as 2026-11-24"),
        ('title = "C:\\data"', "a \\ in text starts an escape such as \\n: write \\\\ for one backslash"),
        ("[[questions]", "the name of a table that repeats is not closed: end the line with ']]'"),
    ],
)
def test_a_toml_slip_is_named_on_its_line_with_the_fix(tmp_path, capsys, line, expected):
    path = tmp_path / "week-1.toml"
    path.write_text(PACK_START + line + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:5: error: this is not valid TOML: {expected}" in out, out
    for jargon in ("Invalid value", "Illegal character", "Cannot overwrite", "Expected '='"):
        assert jargon not in out


def test_an_unclosed_list_says_how_to_close_it(tmp_path, capsys):
    path = tmp_path / "week-1.toml"
    path.write_text(PACK_START + 'lessons = ["what-is-metastatic-cancer"\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "this is not valid TOML: a list opened with '[' is never closed: end it with ']'" in out, out


def test_a_slip_in_a_lessons_front_matter_is_named_on_the_files_own_line(tmp_path, capsys):
    """The front matter is parsed apart from the page text: the line is still the file's."""
    lines = LESSON.split("\n")
    number = next(i for i, text in enumerate(lines, 1) if text.startswith("title = "))
    lines[number - 1] = "title = What cancer is"
    path = tmp_path / "lesson.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert (f"{path}:{number}: error: this is not valid TOML: the value of 'title' is not in "
            'quotes: write title = "What cancer is"') in out, out


def test_a_slip_on_a_very_long_line_is_quoted_short_with_the_file_line_and_fix(tmp_path, capsys):
    """A value left out of quotes on a 100 KB line (a pasted page): the message quoted the whole
    line back ("write title = ..." with 100 KB in it). What it quotes is cut with an ellipsis
    now; the file, the line and the fix are still said."""
    path = tmp_path / "week-1.toml"
    path.write_text(PACK_START + "title = Week " + "one " * 25_000 + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    line = next(text for text in out.splitlines() if "not valid TOML" in text)
    assert line.startswith(f"{path}:5: error: this is not valid TOML: the value of 'title' is not in "
                           'quotes: write title = "Week one one'), line
    assert '…" (the whole text, in quotes)' in line and len(line) < len(str(path)) + 300, line[:400]
