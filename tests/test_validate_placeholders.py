"""An instructor imports questions from Moodle and runs `learnmeta validate`: what the import
left to fill in (the placeholder explanation, authors, licence, source and description) is named,
each on its line, until it is written; a pack with real texts gets none of these warnings."""

from __future__ import annotations

from factories import pack_data, write_lesson, write_pack
from learnmeta.cli import main

GIFT = """::Q1:: Colon cancer in the liver is called {~liver cancer =metastatic colon cancer ~a new cancer}

::Q2:: Cancer cells keep their type when they spread. {TRUE}
"""


def _validate(capsys, *args: str) -> tuple[int, list[str]]:
    status = main(["validate", *args])
    return status, [line for line in capsys.readouterr().out.splitlines() if "placeholder" in line
                    or "Describe the pack" in line]


def test_what_an_import_left_to_fill_in_is_named_on_its_line(tmp_path, capsys):
    source = tmp_path / "week-2.gift"
    source.write_text(GIFT, encoding="utf-8")
    pack = tmp_path / "week-2.toml"
    assert main(["import-gift", str(source), "-o", str(pack)]) == 0
    capsys.readouterr()
    status, lines = _validate(capsys, str(pack))
    assert status == 0  # warnings: the pack works, but is not ready to share
    text = pack.read_text(encoding="utf-8").split("\n")

    def line_of(start: str) -> int:
        return next(number for number, line in enumerate(text, 1) if line.startswith(start))

    expected = {
        f"{pack}:{line_of('description')}: warning: 'pack.description': the description still says "
        "'Describe the pack here.'",
        f"{pack}:{line_of('authors')}: warning: 'pack.authors': the authors are still the import's "
        "placeholder",
        f"{pack}:{line_of('licence')}: warning: 'pack.licence': the licence is still the import's "
        "placeholder ('Edit: ...'): name it",
        f"{pack}:{line_of('sources')}: warning: 'pack.sources': a source is still the import's placeholder",
    }
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    explanations = [line for line in lines if "'explanation': the explanation is still the import's placeholder" in line]
    assert len(explanations) == 2 and "question 'q1'" in explanations[0], lines
    assert "write why the right answer is right" in explanations[0]
    # --strict makes them errors: the pack is not handed out as it is.
    assert main(["validate", "--strict", str(pack)]) == 1


def test_a_pack_with_its_own_texts_has_no_placeholder_warning(tmp_path, capsys):
    write_lesson(tmp_path)
    write_pack(tmp_path, pack_data())
    status, lines = _validate(capsys, str(tmp_path))
    assert lines == [] and status == 0
