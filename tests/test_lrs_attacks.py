"""A hostile or broken LRS against ``learnmeta report --lrs``, after the pages' text became one
byte a character (learnmeta/lrs.py ``_page_text``) and the user name was hidden in the LRS's
words: what broke, kept here so that it stays fixed."""

from __future__ import annotations

import json

from test_lrs_hostile import raw  # noqa: F401 - the fixture

from learnmeta.cli import main
from learnmeta.lrs import _page_text

PASSWORD = "attack-pw-19"
USER = "teacher"


def answer(status: int, body: bytes):
    reason = b"OK" if status == 200 else b"No"
    return lambda sock: sock.sendall(b"HTTP/1.1 %d %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
                                     % (status, reason, len(body), body))


def report(server, monkeypatch, tmp_path, capsys, user: str = USER, password: str = PASSWORD):
    monkeypatch.setenv("LEARNMETA_LRS_USER", user)
    monkeypatch.setenv("LEARNMETA_LRS_PASSWORD", password)
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    status = main(["report", "--lrs", server.url])
    return status, capsys.readouterr().err


# --- a page mostly in Chinese, then bytes that are not UTF-8 -------------------------------------

def test_a_page_mostly_wide_with_bytes_not_utf8_further_on_is_not_json_not_a_crash(raw, monkeypatch, tmp_path,
                                                                                   capsys):
    """Its first mebibyte, mostly Chinese, made the page be decoded whole, and the bytes further
    on that are not UTF-8 came out of the report as a crash (UnicodeDecodeError, exit status 70)."""
    body = json.dumps({"more": "", "statements": [{"id": "1", "name": "转移性癌症" * 100_000}]},
                      ensure_ascii=False).encode()
    body = body[:-2] + b', "\xff"]}'
    assert len(body) > 1 << 20
    assert _page_text([body]) is None
    assert _page_text([body], 7) is None
    server = raw(answer(200, body))
    status, err = report(server, monkeypatch, tmp_path, capsys)
    assert "answered with something that is not JSON" in err and "Traceback" not in err
    assert status == 1
