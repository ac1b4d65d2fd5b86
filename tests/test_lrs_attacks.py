"""A hostile or broken LRS against ``learnmeta report --lrs``, after the pages' text became one
byte a character (learnmeta/lrs.py ``_page_text``) and the user name was hidden in the LRS's
words: what broke, kept here so that it stays fixed."""

from __future__ import annotations

import base64
import json

import pytest
from test_lrs_hostile import raw  # noqa: F401 - the fixture

from learnmeta.cli import main
from learnmeta.lrs import _page_text

PASSWORD = 'rZi?aFZq"7\\kV9'
"""A password with a quote and a backslash (JSON writes them escaped), whose Basic token with
:data:`USER` holds a ``/`` (which PHP's JSON writes ``\\/``)."""
USER = "teacher"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


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


# --- the credentials in the LRS's words, as JSON writes them --------------------------------------

def json_escaped(text: str, slash: bool = False) -> str:
    escaped = json.dumps(text)[1:-1]
    return escaped.replace("/", "\\/") if slash else escaped


@pytest.mark.parametrize("at", [0, 280, 292, 296])
def test_a_password_written_escaped_in_json_is_hidden_even_where_the_message_is_cut(raw, monkeypatch, tmp_path,
                                                                                     capsys, at):
    """The LRS's words are cut at 300 characters. A password holding a quote or a backslash is
    written escaped in JSON (``\\"``), so it was found only once the JSON was read, and looked for
    only after the words were cut: one that ran past the cut showed its first characters."""
    words = "x" * at + f" the password {PASSWORD} is not the one we know"
    server = raw(answer(400, json.dumps({"detail": words}).encode()))
    status, err = report(server, monkeypatch, tmp_path, capsys)
    assert status == 1 and "Traceback" not in err
    assert PASSWORD[:4] not in err, err
    assert "the password (hidden)" in err if at == 0 else err.rstrip().endswith("…")


@pytest.mark.parametrize("body", [
    # PHP's json_encode writes / as \/: a token holding / was not found, and the page is not JSON
    b"<html><pre>{\"authorization\": \"Basic %s\"}</pre></html>" % json_escaped(TOKEN, slash=True).encode(),
    # a page that is not JSON, echoing the request's JSON as it was sent, password and all
    b"bad request: {\"user\": \"teacher\", \"password\": \"%s\"}" % json_escaped(PASSWORD).encode(),
    # JSON whose message is an object: Python shows it with its backslashes doubled
    json.dumps({"detail": {"password": PASSWORD}}).encode(),
    json.dumps({"detail": [{"input": {"password": PASSWORD}}]}).encode(),
])
@pytest.mark.parametrize("status, exit_status", [(401, 77), (400, 1), (500, 69)])
def test_credentials_echoed_as_json_writes_them_are_hidden(raw, monkeypatch, tmp_path, capsys, body, status,
                                                           exit_status):
    server = raw(answer(status, body))
    got, err = report(server, monkeypatch, tmp_path, capsys)
    assert got == exit_status and "Traceback" not in err
    assert "(hidden)" in err, err
    for secret in (TOKEN, PASSWORD):
        for written in (secret, json_escaped(secret), json_escaped(secret, slash=True), repr(secret)[1:-1]):
            assert written.rstrip("=")[:12] not in err, err


@pytest.mark.parametrize("user", ["José Núñez", "lead/teacher"])
def test_a_user_name_json_escaped_and_cut_is_hidden(raw, monkeypatch, tmp_path, capsys, user):
    """A user name beyond ASCII, from an LRS writing JSON in ASCII (``Jos\\u00e9``), or with a
    ``/`` from PHP's (``lead\\/teacher``), at the place where the LRS's words are cut."""
    words = "x" * 285 + f" user {user} unknown"
    body = json.dumps({"detail": words}).encode()
    if "/" in user:
        body = body.replace(b"/", b"\\/")
    server = raw(answer(400, body))
    status, err = report(server, monkeypatch, tmp_path, capsys, user=user, password="pw-0a9")
    assert status == 1 and "Traceback" not in err
    assert user[:4] not in err, err


@pytest.mark.parametrize("user, words, shown", [
    ("+ops", "no statements for team+ops", "no statements for team(hidden)"),
    ("key:7f3a=", "unknown key:7f3a=Basic", "unknown (hidden)Basic"),
    ("ann", "annotations by ann", "annotations by (hidden)"),  # as before: a letter touching a letter
])
def test_a_user_name_whose_end_is_not_a_letter_is_hidden_wherever_it_stands(raw, monkeypatch, tmp_path, capsys,
                                                                           user, words, shown):
    """A user name was hidden only where no letter touched it, which keeps a short one from
    cutting up the LRS's words; at an end that is not a letter ("+ops", an API key ending in
    "="), there is no word to cut, and a letter there showed it whole."""
    server = raw(answer(400, json.dumps({"detail": words}).encode()))
    status, err = report(server, monkeypatch, tmp_path, capsys, user=user, password="pw-0a9")
    assert status == 1 and "Traceback" not in err
    assert shown in err, err


# --- what turning a page into text costs, and keeps --------------------------------------------

MiB = 1 << 20


def text_cost(data: bytes, decode=_page_text) -> tuple[int, int]:
    """The peak of memory while ``data`` is turned into text and the text let go, and what is
    still held after (both as traced; the bytes themselves included in the peak)."""
    import gc
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        held = [data]
        del data
        text = decode(held)
        assert text is not None
        del text
        gc.collect()
        now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, now


WIDE_PAGES = {
    "emoji": "😀",
    "emoji, each another": "".join(chr(0x1F300 + n % 700) for n in range(1000)),
    "Chinese": "转移性癌症",
    "Chinese beyond the Basic Multilingual Plane": "".join(chr(0x20000 + n) for n in range(1000)),
}


@pytest.mark.parametrize("run", list(WIDE_PAGES.values()), ids=list(WIDE_PAGES))
def test_a_page_of_wide_characters_alone_costs_what_decoding_it_whole_costs(run):
    """Such a page is decoded whole, as it was (Python's decoder holds it at four bytes a byte of
    the page for a while, for emoji: five times the page at the peak, three for Chinese). But
    pieces ended only after an ASCII character: a page holding none for megabytes was one piece,
    decoded, then escaped as bytes and again as text, 12 times the page at the peak for emoji, 5
    for Chinese. Now a piece of a mebibyte more, at most."""
    from learnmeta.lrs import TEXT_CHUNK

    data = json.dumps({"statements": [{"n": run * (12 * MiB // len(run.encode()))}]}, ensure_ascii=False).encode()
    whole, _ = text_cost(data, lambda held: held.pop().decode("utf-8"))
    peak, _ = text_cost(data)
    assert peak < whole + 4 * TEXT_CHUNK, (round(peak / len(data), 2), round(whole / len(data), 2))


def test_turning_pages_into_text_keeps_nothing_behind():
    """The escapes of runs of emoji were kept, run and escape, from one page to the next (up to
    4,096 of them, each up to a page: 32 MiB kept after a page of 8 MiB of emoji), so an LRS
    naming page after page grew the report's memory page after page."""
    kept = []
    for number in range(3):
        run = "".join(chr(0x1F300 + (n * 7 + number) % 700) for n in range(200_000))
        data = json.dumps({"statements": [{"n": run}, {"pad": "a" * MiB}]}, ensure_ascii=False).encode()
        kept.append(text_cost(data)[1])
    assert max(kept) < 64 * 1024, kept


# --- one page larger than an LRS sends ------------------------------------------------------------

@pytest.mark.parametrize("length", [True, False], ids=["with its length", "until the connection ends"])
def test_a_page_larger_than_an_lrs_sends_is_refused_once(raw, monkeypatch, tmp_path, capsys, length):
    """A page of 64 MiB and a byte, which would have been read on and on: refused (exit status 1),
    read no further than that, and not asked for again."""
    from learnmeta.lrs import MAX_ANSWER_BYTES

    asked = []
    piece = b" " * MiB

    def huge(sock):
        asked.append(1)
        head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n"
        if length:
            head += b"Content-Length: %d\r\n" % (MAX_ANSWER_BYTES + MiB + 2)
        try:
            sock.sendall(head + b"\r\n{")
            for _ in range(MAX_ANSWER_BYTES // MiB + 1):
                sock.sendall(piece)
            sock.sendall(b"}")
        except OSError:
            pass  # the client stopped reading

    server = raw(huge)
    status, err = report(server, monkeypatch, tmp_path, capsys)
    assert status == 1 and "Traceback" not in err
    assert f"answered with more than {MAX_ANSWER_BYTES} bytes, more than an LRS sends" in err
    assert asked == [1]


# --- "(hidden)" hidden again --------------------------------------------------------------------

@pytest.mark.parametrize("user, password, words, shown", [
    ("hidden", "pw-0a9", "no statements for hidden", "no statements for (hidden)"),
    ("Hidden", "pw-0a9", "pw-0a9 and HIDDEN may not read", "(hidden) and (hidden) may not read"),
    ("teacher", "hidden", "password hidden for teacher", "password (hidden) for (hidden)"),
    ("teacher", "(hidden)x", "password (hidden)x, (hidden)", "password (hidden), (hidden)"),
    ("(hidden) bob", "pw-0a9", "user (hidden) bob", "user (hidden)"),
])
def test_what_was_hidden_is_not_hidden_again(raw, monkeypatch, tmp_path, capsys, user, password, words, shown):
    """The password was replaced by "(hidden)", then the user name wherever it stood, and again
    after the LRS's words were joined on one line: for a user (or password) named "hidden", each
    pass hid the "hidden" of the one before, and the message read "(((hidden)))"."""
    server = raw(answer(400, json.dumps({"detail": words}).encode()))
    status, err = report(server, monkeypatch, tmp_path, capsys, user=user, password=password)
    assert status == 1 and "Traceback" not in err
    assert f"HTTP 400: {shown}\n" in err, err
    assert "((" not in err and "))" not in err, err


# --- one statement as large as a page ------------------------------------------------------------

def test_one_statement_of_megabytes_is_refused_before_it_is_parsed_whole(raw, monkeypatch, tmp_path, capsys):
    """A page of one statement made of millions of empty lists (``[[],[],...]``) was parsed at
    once, some 21 times its size (a page of 8 MB held 170 MB; of 64 MiB, 1.4 GB): a statement (or
    any value of a page) longer than 1 MiB is now refused, having cost one mebibyte's parse."""
    import gc
    import tracemalloc

    from learnmeta.lrs import Client

    size = 8 << 20
    body = b'{"more": "", "statements": [{"id": "1"}, [' + b",".join([b"[]"] * (size // 3)) + b"]]}"
    server = raw(answer(200, body))
    client = Client(server.url, USER, PASSWORD, wait=0.0)
    got = []
    gc.collect()
    tracemalloc.start()
    try:
        with pytest.raises(Exception) as raised:
            for statement in client.fetch(ahead=False):
                got.append(statement)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got[-1] == {"id": "1"} and len(got) == 3  # the first page's two, then the one before it
    assert "a statement (or another value) longer than 1,048,576 characters" in str(raised.value)
    assert peak < 5 * size, peak / size  # the page's bytes and text, and one window's parse (about 2.7 here)
    status, err = report(server, monkeypatch, tmp_path, capsys)
    assert status == 1 and "Traceback" not in err
    assert (f"learnmeta report: the LRS at {server.url[:-len('/xAPI/')]} answered with a statement (or another "
            "value) longer than 1,048,576 characters, more than learnmeta reads: its own are about 2,000") in err
