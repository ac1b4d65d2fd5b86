"""`learnmeta COMMAND --help`, as a trainee or an instructor reads it before a first run: each
command says what it does, and each thing it asks for says what to give."""

from __future__ import annotations

import re

import pytest

from learnmeta.cli import build_parser, main

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # every subcommand


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main([*args, "--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_says_what_it_does_and_what_each_argument_is(capsys, command):
    text = _help(capsys, command)
    usage, _, rest = text.partition("\n\n")
    # After the usage, a paragraph of its own says what the command does (before the lists).
    assert rest and not rest.startswith(("positional arguments:", "options:")), text
    # Every argument it asks for (the positional ones) is explained on its line or the next.
    positional = rest.partition("positional arguments:\n")[2].partition("\n\n")[0]
    for entry in re.split(r"\n(?=  \S)", positional) if positional else []:
        name, _, explained = entry.strip().partition(" ")
        assert explained.strip(), f"{command}: {name} is not explained:\n{text}"


def test_export_help_says_what_each_format_is_for_and_offers_no_plain_mode(capsys):
    text = " ".join(_help(capsys, "export").split())
    assert "to hand in to a course" in text
    assert "csv: one row per answer, for a spreadsheet" in text
    assert "xapi: xAPI statements, one per line, for a Learning Record Store" in text
    assert "--plain" not in text  # a file is written: there is nothing to read in plain mode


def test_export_still_takes_plain_as_the_other_commands_do():
    """Hidden from its help, --plain is still accepted (a script that passes it everywhere)."""
    args = build_parser().parse_args(["export", "--plain", "--format", "csv", "-o", "out.csv"])
    assert args.plain is True and args.format == "csv"
