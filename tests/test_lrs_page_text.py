"""A page's bytes become its text one byte a character (learnmeta/lrs.py ``_page_text``): Python
keeps a string at the width of its widest character, so one emoji in a page of 64 MiB made it a
string of 256 MB beside the bytes (about six times the page at the peak). Characters beyond
Latin-1 are now written as JSON's escapes, which JSON reads as the same characters: every page
must still give exactly what parsing it whole gave, and be refused exactly where it was."""

from __future__ import annotations

import gc
import json
import random
import tracemalloc

import pytest
from test_lrs_hostile import PASSWORD, USER, raw  # noqa: F401 - the fixture
from test_lrs_pages import PAGES, STATEMENT, damaged, streamed, whole

from learnmeta.lrs import Client, _page_text
from loopback import http_answer


def through_bytes(data: bytes, chunk: int):
    """What the client makes of a page's bytes: its text, then read statement by statement."""
    text = _page_text([data], chunk)
    if text is None:
        return "not JSON"
    assert text.isascii() or max(map(ord, text)) < 256 or len(text) < 2 * len(data)
    return streamed(text)


def as_whole(data: bytes):
    try:
        return whole(data.decode("utf-8"))
    except UnicodeDecodeError:
        return "not JSON"


WIDE = [
    '{"statements": [{"a": "don’t “quote”"}], "more": "/m’"}',
    '{"statements": [{"a": "😀 an emoji, 𝄞 a clef"}, "転移", {"κ": "μετάσταση"}]}',
    '{"more": "/x?a=’", "statements": [{"id": "1"}]}',
    '{"statements": [{"a": "\\\\’"}]}',  # an escaped backslash, then ’: JSON
    '{"statements": [{"a": "\\’"}]}',  # ’ escaped by a backslash: not JSON
    '{"statements": [{"a": "\\\\\\’"}]}',
    '{"statements": [{"a": "\\\\\\\\😀"}]}',
    '{"statements": [{"a": "\\😀"}]}',
    '{"statements": [{"a": "\\é"}]}',
    '{"statements": [{"a": "\\\\é’"}]}',
    '{"statements": [’]}',
    '{’"statements": []}',
    '{"statements": []}’',
    '{"statements": [1]} 😀',
    '{"statements": [{"a": "\\ud83d😀"}]}',  # a lone escaped surrogate before an emoji
    '{"statements": [{"a": "\\ud83d\\ude00’"}]}',
    '{"statements": [{"a": "\\u2019’"}], "statements’": 1}',
    '{"statements": [{"a": "’"}], "statements": "no’"}',
    '{"statements": [{"a": "’"}], "statements": [{"b": "’"}]}',
    '{"statements": [{"a": "’"}]',
    '"’"',
    '[’]',
    '\u2028{"statements": []}',
    '{"statements": [{"’": "\u2028\u2029\x85 ’"}]}',
    '{"statements": [' + '{"a": "’’’’’’’’’’"},' * 50 + '{"a": "’"}]}',
    '{"statements": [' + ", ".join(['"转移性癌症' * 30 + '"'] * 20) + ']}',  # mostly Chinese: decoded as it is
    '{"statements": [' + ", ".join(['"' + "a" * 60 + '", "😀"'] * 30) + ']}',
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("text", PAGES + WIDE)
def test_a_page_decoded_one_byte_a_character_reads_as_it_did(text, chunk):
    data = text.encode("utf-8")
    assert through_bytes(data, chunk) == as_whole(data) or through_bytes(data, chunk) == "two lists"


@pytest.mark.parametrize("data", [
    b'{"statements": ["\xff"]}',
    b'{"statements": ["\xed\xa0\x80"]}',  # a surrogate written as UTF-8
    b'{"statements": ["\xe2\x80"]}',  # a character cut short
    b'{"statements": ["\xe2\x80\x99"]}\xe2\x80',
    b'\xc0\xaf{"statements": []}',
])
def test_bytes_that_are_not_utf8_are_not_json(data):
    for chunk in (1, 3, 1 << 20):
        assert _page_text([data], chunk) is None
    assert as_whole(data) == "not JSON"


def test_damaged_pages_with_wide_characters_are_read_or_refused_as_before():
    good = json.dumps({"statements": [STATEMENT, {"id": "2’", "n": ["😀", "\\’", 2.5, None]}], "more": "/m’"},
                      ensure_ascii=False)
    rng = random.Random(21)
    for text in damaged(good, '{}[],:" \\\\\\’’😀é\nu0123456789', rng):
        data = text.encode("utf-8")
        expected = as_whole(data)
        for chunk in (rng.randint(1, 40), 1 << 20):
            got = through_bytes(data, chunk)
            if got == "two lists":
                continue  # as in test_lrs_pages
            assert got == expected, data


@pytest.mark.parametrize("wide", ["😀", "’"])
def test_a_page_with_one_wide_character_costs_what_an_ascii_page_costs(raw, wide):
    """Read through the client: the peak while a page of 8 MB is turned into text and read. With
    one emoji in it (in another statement than the large ones), the text was four times the page
    (twice with one ’), held while the page was read: about 6 times the page at the peak in all,
    against 3 for the same page in ASCII. Now the same as in ASCII, within a few bytes."""
    size = 8 << 20
    peaks = {}
    for name, extra in (("ascii", "a"), ("wide", wide)):
        # The padding in 16 statements: one statement of more than 1 MiB is refused (MAX_VALUE_CHARS).
        pads = [{"id": str(k - 14), "pad": "s" * (size // 16)} for k in range(16)]
        body = json.dumps({"more": "", "statements": [*pads, {"id": "2", "name": extra}]},
                          ensure_ascii=False).encode("utf-8")
        answer = http_answer(200, body)
        server = raw(lambda sock, answer=answer: sock.sendall(answer))
        client = Client(server.url, USER, PASSWORD, wait=0.0)
        gc.collect()
        tracemalloc.start()
        try:
            got = [item["id"] for item in client.fetch(ahead=False)]
            peaks[name] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert got[-2:] == ["1", "2"]
    assert peaks["wide"] < peaks["ascii"] + size // 4, {name: round(peak / size, 2) for name, peak in peaks.items()}
