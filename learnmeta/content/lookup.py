"""Plain-Python helpers the screens use (no Textual here): glossary matching and spread data.

* :func:`terms_on_page`: the glossary terms a lesson page mentions (term or alias, whole words,
  any case), in the order they first appear.
* :func:`search_terms`: the glossary filtered by what the learner typed.
* :func:`spread_patterns`: every "where cancer spreads" pattern from the lessons, one per primary.
"""

from __future__ import annotations

import re
from functools import lru_cache

from learnmeta.content.models import Glossary, Lesson, Page, SpreadPattern, Term

SITE_NAMES: dict[str, str] = {
    "brain": "brain",
    "lungs": "lungs",
    "liver": "liver",
    "bones": "bones",
    "adrenal-glands": "adrenal glands",
    "peritoneum": "peritoneum (belly lining)",
    "lymph-nodes": "lymph nodes",
    "bladder": "bladder",
    "skin": "skin",
}
"""How each body site is named on screen."""


@lru_cache(maxsize=4096)
def _pattern(name: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(part) for part in name.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def terms_on_page(glossary: Glossary | None, page: Page) -> list[Term]:
    """The glossary terms that the page's title or body mentions, in order of first mention."""
    if glossary is None:
        return []
    text = f"{page.title}\n{page.body}"
    found: list[tuple[int, int, Term]] = []
    for index, term in enumerate(glossary.terms):
        positions = [m.start() for name in term.names if (m := _pattern(name).search(text))]
        if positions:
            found.append((min(positions), index, term))
    return [term for _, _, term in sorted(found, key=lambda item: (item[0], item[1]))]


def search_terms(glossary: Glossary | None, query: str) -> list[Term]:
    """Terms whose name or alias contains the query first, then those whose definition does."""
    if glossary is None:
        return []
    terms = sorted(glossary.terms, key=lambda t: t.term.casefold())
    wanted = " ".join(query.casefold().split())
    if not wanted:
        return terms
    by_name = [t for t in terms if any(wanted in n.casefold() for n in t.names)]
    by_name.sort(key=lambda t: (not t.term.casefold().startswith(wanted), t.term.casefold()))
    by_text = [t for t in terms if t not in by_name and wanted in t.definition.casefold()]
    return by_name + by_text


def spread_patterns(lessons: list[Lesson]) -> list[SpreadPattern]:
    """Every spread pattern in the lessons, in lesson order; the first one wins for a primary."""
    seen: set[str] = set()
    patterns: list[SpreadPattern] = []
    for lesson in lessons:
        for pattern in lesson.meta.spread_patterns:
            key = pattern.primary.casefold()
            if key not in seen:
                seen.add(key)
                patterns.append(pattern)
    return patterns
