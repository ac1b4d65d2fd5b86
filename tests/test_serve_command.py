"""`learnmeta serve`'s command line: what it refuses, before any server starts (exit status 2)."""

from __future__ import annotations

import pytest

from learnmeta.cli import main


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_network_address_without_a_class_is_refused_and_says_why(host, capsys):
    assert main(["serve", "--host", host]) == 2
    err = capsys.readouterr().err
    assert f"refusing to listen on {host} without --class" in err
    assert "anyone on the network could open" in err and "--class DIR" in err


@pytest.mark.parametrize("argv, message", [
    (["serve", "--code", "ABCD-EFGH"], "use it with --class DIR"),
    (["serve", "--class", "{tmp}/c", "--code", "abc"], "6 to 64 letters or digits"),
    (["serve", "--class", "{tmp}/c", "--code", "<script>x"], "only letters and digits"),
    (["serve", "--class", "{tmp}/file"], "this is a file, not a folder"),
    (["serve", "--port", "70000"], "is not a port number"),
    (["serve", "--max-sessions", "0"], "1 or more"),
])
def test_usage_errors_exit_2_with_a_message(argv, message, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_serve_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for option in ("--host", "--port", "--open", "--class", "--code", "--max-sessions"):
        assert option in out
