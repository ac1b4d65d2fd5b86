"""A page of statements is read one statement at a time (learnmeta/lrs.py ``_Page``): it gives
exactly what parsing the whole page gave (the statements, ``more``), and refuses exactly what
that refused, with the same words, on pages well made, odd and broken."""

from __future__ import annotations

import json
import random

import pytest

from learnmeta import lrs
from learnmeta.lrs import Rejected, _Page

ORIGIN = "http://lrs.example.org"


def whole(text: str):
    """What the client did before: the page parsed whole, then checked."""
    try:
        page = json.loads(text)
    except (ValueError, RecursionError):
        return "not JSON"
    if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
        return "without a list of statements"
    return page["statements"], page.get("more")


def streamed(text: str):
    page = _Page(text, ORIGIN)
    try:
        statements = list(page.statements())
    except Rejected as error:
        if "not JSON" in error.message:
            return "not JSON"
        if "two lists" in error.message:
            return "two lists"
        if "(or another value) longer than" in error.message:
            return "too large"
        assert "without a list of statements" in error.message, error.message
        return "without a list of statements"
    assert page.count == len(statements)
    return statements, page.more


STATEMENT = {"id": "5d3e…", "actor": {"account": {"name": "a", "homePage": "https://x"}},
             "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "result": {"success": True, "score": 1.5},
             "object": {"id": "https://x/packs/p/questions/q", "definition": {"name": {"en": "Où? “quoted” \\u2028"}}}}

PAGES = [
    '{"statements": [], "more": ""}',
    '{"statements":[{"id":"1"},{"id":"2"}],"more":"/xAPI/statements?cursor=2"}',
    ' \n\t{ "more" : "/next" , "statements" : [ {"id": "1"} , [1, 2], "x", 3, null ] } \r\n',
    '{"statements": [{"id": "1"}], "more": "/a", "more": "/b"}',  # the last more, as json.loads
    '{"statements": [{"id": "1"}], "other": {"deep": [1, {"x": [true, false, null]}]}}',
    '{"statements": [NaN, Infinity, -1e400, 1.0e-5]}',
    '{"statements": {"id": "1"}}',
    '{"statements": "none"}',
    '{"more": "/x"}',
    '{}',
    '[]',
    '[{"statements": []}]',
    '"statements"',
    '42',
    'null',
    '',
    '   ',
    '\ufeff{"statements": []}',
    '{"statements": [}',
    '{"statements": [{"id": "1"},]}',
    '{"statements": [{"id": "1"}],}',
    '{"statements": [{"id": "1"}]',
    '{"statements": [{"id": "1"}]} x',
    '{"statements": [{"id": "1"}]}{"statements": []}',
    '{"statements": [] "more": ""}',
    '{"statements" [] }',
    "{'statements': []}",
    '{statements: []}',
    '{"statements": [1 2]}',
    '{"statements": [{"id": "1"}], "statements": "no"}',
    '{"statements": [], 5: 1}',
    '[1] junk',
    '{"statements": [' + "[" * 100_000 + "]" * 100_000 + ']}',
    '{"statements": [], "more": ' + "[" * 100_000 + "]" * 100_000 + '}',
    json.dumps({"statements": [STATEMENT] * 3, "more": "/xAPI/statements?p=2"}, ensure_ascii=False),
    json.dumps({"statements": [STATEMENT] * 3, "more": None}, indent=2),
]


@pytest.mark.parametrize("text", PAGES)
def test_a_page_read_statement_by_statement_is_what_the_whole_page_was(text):
    assert streamed(text) == whole(text)


def test_two_lists_of_statements_are_refused_not_guessed():
    text = '{"statements": [{"id": "1"}], "statements": [{"id": "2"}]}'
    assert whole(text) == ([{"id": "2"}], None)  # json.loads keeps the last one
    assert streamed(text) == "two lists"


def damaged(good: str, pieces: str, rng: random.Random, copies: int = 3000):
    """``copies`` copies of ``good``, each with 1-3 characters deleted, inserted from ``pieces``
    or replaced by one of them."""
    for _ in range(copies):
        chars = list(good)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            what = rng.random()
            if what < 0.4:
                del chars[at]
            elif what < 0.8:
                chars.insert(at, rng.choice(pieces))
            else:
                chars[at] = rng.choice(pieces)
        yield "".join(chars)


def test_damaged_copies_of_a_page_are_read_or_refused_as_the_whole_page_was():
    good = json.dumps({"statements": [STATEMENT, {"id": "2", "n": [1, 2.5, None]}], "more": "/m"}, ensure_ascii=False)
    for text in damaged(good, '{}[],:" \n0123456789-.eEtruefalsn\\', random.Random(20)):
        expected = whole(text)
        got = streamed(text)
        if got == "two lists":
            continue  # said of a page that json.loads reads its own way (see above)
        assert got == expected, text


# --- a long page, read from windows of it (lrs.MAX_VALUE_CHARS) --------------------------------

def long_page(rng: random.Random, count: int = 80) -> str:
    """A page of ``count`` small statements of every kind of value, numbers and escapes among
    them, so that windows end inside each kind."""
    statements = []
    for n in range(count):
        kind = n % 6
        if kind == 0:
            statements.append({"id": str(n), "n": [rng.randint(-10**6, 10**6), rng.random() * 10 ** rng.randint(-30, 30)]})
        elif kind == 1:
            statements.append(rng.randint(-10**12, 10**12))
        elif kind == 2:
            statements.append({"s": "é\\\"\u2028😀" * rng.randint(0, 1), "t": [True, False, None]})
        elif kind == 3:
            statements.append([[[]], {}, [{"a": [1e-7]}]])
        elif kind == 4:
            statements.append("x" * rng.randint(0, 20))
        else:
            statements.append(-1.5e300)
    return json.dumps({"more": "/m?p=2", "statements": statements, "other": [1, 2.5e-3]},
                      ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1]))


def longest_value(text: str) -> int:
    """The longest value of the page (valid JSON) as it is written there: each statement, and
    each key and value of the page besides its list of statements."""
    decoder, longest = json.JSONDecoder(), 0

    def skip(at: int) -> int:
        return len(text) - len(text[at:].lstrip(" \t\n\r"))

    def value(at: int) -> int:
        nonlocal longest
        _, end = decoder.raw_decode(text, at)
        longest = max(longest, end - at)
        return end

    at = skip(skip(0) + 1)  # after the {
    while text[at] == '"':
        key, at = decoder.raw_decode(text, at)
        at = skip(skip(at) + 1)  # after the :
        if key == "statements" and text[at] == "[":
            at = skip(at + 1)
            while text[at] != "]":
                at = skip(value(at))
                at = skip(at + 1) if text[at] == "," else at
            at += 1
        else:
            at = value(at)
        at = skip(at)
        at = skip(at + 1) if text[at] == "," else at
    return longest


@pytest.mark.parametrize("most, early", [(100, 8), (140, 60), (300, 120)])
def test_a_long_page_read_from_windows_is_what_the_whole_page_was(monkeypatch, most, early):
    """A page longer than the longest value read is parsed from windows of it: values cut by a
    window's end (a number, an escape, a string, a list) are read again from their start, and
    the page gives and refuses what json.loads gave and refused, except a value longer than
    the most, which is refused (in a damaged page, one that runs on into the next)."""
    monkeypatch.setattr(lrs, "MAX_VALUE_CHARS", most)
    monkeypatch.setattr(lrs, "_EARLY", early)
    rng = random.Random(most)
    for _ in range(30):
        text = long_page(rng)
        assert len(text) > most * 4 and longest_value(text) <= most
        assert streamed(text) == whole(text), text
    good = long_page(rng)
    for text in damaged(good, '{}[],:" \n0123456789-.eE+truefalsn\\u', rng, copies=1500):
        expected = whole(text)
        got = streamed(text)
        if got == "two lists":
            continue
        if got == "too large":
            assert expected == "not JSON" or longest_value(text) > most, text
            continue
        assert got == expected, text


def test_a_value_longer_than_the_most_is_refused_having_cost_one_window(monkeypatch):
    monkeypatch.setattr(lrs, "MAX_VALUE_CHARS", 64)
    small = [{"id": str(n)} for n in range(20)]
    for where in (0, 7, 19):
        statements = [*small[:where], {"id": "long", "pad": "p" * 70}, *small[where:]]
        page = _Page(json.dumps({"statements": statements}), ORIGIN)
        got = []
        with pytest.raises(Rejected) as raised:
            for statement in page.statements():
                got.append(statement)
        assert got == small[:where]
        assert raised.value.message == (f"the LRS at {ORIGIN} answered with a statement (or another value) longer "
                                        "than 64 characters, more than learnmeta reads: its own are about 2,000")
    fits = [*small, {"id": "long", "pad": "p" * 40}]  # 54 characters
    assert streamed(json.dumps({"statements": fits})) == (fits, None)
