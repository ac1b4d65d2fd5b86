"""A page of statements is read one statement at a time (learnmeta/lrs.py ``_Page``): it gives
exactly what parsing the whole page gave (the statements, ``more``), and refuses exactly what
that refused, with the same words, on pages well made, odd and broken."""

from __future__ import annotations

import json
import random

import pytest

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
