"""A text drawing of the body with a numbered mark for each place cancer can spread.

The drawing is fixed; which places are marked comes from data (a ``SpreadPattern``'s sites).
A marked place is shown as ``[n]`` in bold and reversed, an unmarked one as `` n `` dimmed, so the
difference never rests on colour alone; the legend beside it says the same in words.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from learnmeta.content.lookup import SITE_NAMES

# Top to bottom. The number is what the drawing shows.
SITE_NUMBERS: dict[str, int] = {
    "brain": 1,
    "lymph-nodes": 2,
    "lungs": 3,
    "liver": 4,
    "adrenal-glands": 5,
    "peritoneum": 6,
    "bladder": 7,
    "bones": 8,
    "skin": 9,
}

# Each "<n>" is a three-character slot for site number n.
TEMPLATE = r"""
         .-----.
        /  <1>  \
        \       /
         '-. .-'
       <2>  |  <2>
     .------+------.
    /  <3>     <3>  \
   / |   <4>   <5>   | \
  /  |     <6>       |  \
<9>  |     <7>       |  <9>
     |______   ______|
      |     | |     |
      | <8> | | <8> |
      |     | |     |
      |_____| |_____|
""".strip("\n")


def drawing(sites: set[str]) -> Content:
    """The body, with the given sites marked."""
    numbers = {number: site for site, number in SITE_NUMBERS.items()}
    parts: list[Content] = []
    text = TEMPLATE
    position = 0
    while (start := text.find("<", position)) != -1:
        parts.append(Content(text[position:start]))
        number = int(text[start + 1])
        site = numbers[number]
        if site in sites:
            parts.append(Content(f"[{number}]").stylize("bold reverse"))
        else:
            parts.append(Content(f" {number} ").stylize("dim"))
        position = start + 3
    parts.append(Content(text[position:]))
    return Content("").join(parts)


def legend(sites: set[str], names: dict[str, str] | None = None) -> Content:
    """One line per site: marked ones first say so in words. ``names`` renames marked sites
    (for lung cancer, the lungs are "the other lung")."""
    lines = []
    for site, number in SITE_NUMBERS.items():
        name = (names or {}).get(site) if site in sites else None
        name = name or SITE_NAMES[site]
        if site in sites:
            lines.append(Content(f"[{number}] ● {name}").stylize("bold"))
        else:
            lines.append(Content(f" {number}    {name}").stylize("dim"))
    return Content("\n").join(lines)


class BodyDrawing(Static):
    """The drawing; call :meth:`mark` with the sites to show."""

    def mark(self, sites: set[str]) -> None:
        self.update(drawing(sites))
