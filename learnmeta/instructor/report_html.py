"""The class report as one self-contained HTML page to open in a browser or print.

One file, nothing else: the styles are in the page, the score histogram is inline SVG, and there
is no script, no font, no image and no link to load (a Content-Security-Policy in the page says
so to the browser too: ``default-src 'none'``). Every text that comes from the learners' files or
the packs (ids, titles, answers) is escaped, so it always shows as text. Right and wrong, and
the questions to check, are said in words, never by colour alone. A print style sheet keeps
tables whole where it can and repeats their headings on each page.
"""

from __future__ import annotations

from html import escape

from learnmeta.instructor.report import (
    PackStats,
    QuestionStats,
    clean_line,
    hint_words,
    overrule_words,
    reliability_words,
)

HTML_MARK = "<!-- learnmeta class report -->"
"""The comment on the page's second line (so ``-o`` may write over a report it wrote)."""

_STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 75rem; padding: 0 1rem; color: #1a1a1a; background: #fff; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid #444; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.id { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.check td { background: #fff4e0; }
.check-word { font-weight: 700; }
.summary { margin: .25rem 0; }
.note { color: #333; font-size: .9rem; }
svg { max-width: 40rem; height: auto; display: block; }
svg text { font-family: inherit; font-size: 12px; fill: #1a1a1a; }
svg rect.bar { fill: #3a6ea5; }
footer { margin-top: 3rem; font-size: .88rem; color: #333; border-top: 1px solid #999; }
@page { margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: auto; break-after: avoid; }
  h3, caption { break-after: avoid; }
  thead { display: table-header-group; }
  tr, svg, .summary { break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.check td { background: #fff4e0 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _t(value) -> str:
    """Text from a file or a pack, as HTML text: control characters removed, then escaped."""
    return escape(clean_line(value), quote=True)


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _histogram_svg(pack: PackStats) -> str:
    """The finished learners' best scores as bars, one per 10 % band, each with its count."""
    bands = pack.histogram
    most = max((count for *_, count in bands), default=0) or 1
    width, height, left, bottom, top = 520, 220, 36, 40, 16
    slot = (width - left - 8) / len(bands)
    plot = height - bottom - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="h-{_t(pack.pack)}">',
        f'<title id="h-{_t(pack.pack)}">Best scores of the {pack.finished} learner(s) who finished a quiz on '
        f'{_t(pack.pack)}: ' + "; ".join(f"{low} to {high}%: {count}" for low, high, count in bands) + "</title>",
        f'<line x1="{left}" y1="{top + plot}" x2="{width - 4}" y2="{top + plot}" stroke="#1a1a1a"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot}" stroke="#1a1a1a"/>',
        f'<text x="4" y="{top + 4}">{most}</text>',
        f'<text x="4" y="{top + plot}">0</text>',
    ]
    for index, (low, high, count) in enumerate(bands):
        x = left + index * slot + 3
        bar = plot * count / most
        y = top + plot - bar
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - 6:.1f}" height="{bar:.1f}">'
                     f"<title>{low}–{high}%: {count} learner(s)</title></rect>")
        if count:
            parts.append(f'<text x="{x + (slot - 6) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{count}</text>')
        parts.append(f'<text x="{x + (slot - 6) / 2:.1f}" y="{top + plot + 16}" text-anchor="middle">{low}</text>')
    parts.append(f'<text x="{left + (width - left) / 2:.0f}" y="{height - 4}" text-anchor="middle">'
                 "best score, percent (bands of 10)</text>")
    parts.append("</svg>")
    return "\n".join(parts)


def _question_row(q: QuestionStats, overrules: bool, again: bool = False) -> str:
    check = (f'<span class="check-word">CHECK:</span> {_t(", ".join(q.flags))}' if q.flags else "ok")
    wrong = "; ".join(f"{_t(text)} ×{count}" for text, count in q.wrong) or "–"
    cells = [
        f'<td class="id">{_t(q.question)}</td>',
        f'<td class="n">{q.learners}</td>',
        f'<td class="n">{_num(q.facility)}</td>',
        f'<td class="n">{_num(q.latest_facility)}</td>',
        f'<td class="n">{_num(q.discrimination)}</td>',
        f'<td class="n">{_num(q.upper_lower)}</td>',
        f'<td class="n">{_num(q.discriminative_efficiency, 0)}</td>',
        f'<td class="n">{escape(hint_words(q))}</td>',
    ]
    if overrules:
        cells.append(f'<td class="n">{escape(overrule_words(q))}</td>')
    if again:
        cells.append(f'<td class="n">{q.given_again}</td>')
    cells += [f"<td>{check}</td>", f"<td>{wrong}</td>"]
    return f'<tr{" class=check" if q.flags else ""}>' + "".join(cells) + "</tr>"


def _pack_section(pack: PackStats) -> str:
    title = f" <small>({_t(pack.title)})</small>" if pack.title else ""
    mark = f"pass mark {pack.pass_mark}%" if pack.pass_mark is not None else "passes as the app recorded them"
    rate = None if pack.pass_rate is None else pack.pass_rate * 100
    out = [
        "<section>",
        f"<h2>Pack {_t(pack.pack)}{title}</h2>",
        f'<p class="summary">{pack.learners} learner(s), {pack.finished} finished a quiz: mean score '
        f"{_percent(pack.mean_score)}, pass rate {_percent(rate)} ({escape(mark)}).</p>",
    ]
    if pack.reliability is not None and pack.questions:
        out.append(f'<p class="summary">{_t(reliability_words(pack.reliability))}</p>')
    if pack.finished:
        out.append("<h3>Scores</h3>")
        out.append(_histogram_svg(pack))
        out.append('<table class="bands"><caption>Learners per band of best score</caption><thead><tr>'
                   + "".join(f"<th>{low}–{high}%</th>" for low, high, _ in pack.histogram)
                   + "</tr></thead><tbody><tr>"
                   + "".join(f'<td class="n">{count}</td>' for *_, count in pack.histogram)
                   + "</tr></tbody></table>")
    if pack.questions:
        overrules = any(q.overrules_known for q in pack.questions)
        head = ["Question", "Learners", "Facility", "Latest", "Discrimination", "Upper − lower",
                "Discriminative efficiency %", "Hints"]
        again = any(q.given_again for q in pack.questions)
        if overrules:
            head.append("Overruled")
        if again:
            head.append("Given again")
        head += ["Check", "Wrong answers picked (first tries)"]
        out.append("<h3>Questions</h3>")
        out.append('<table class="questions"><thead><tr>' + "".join(f'<th scope="col">{h}</th>' for h in head)
                   + "</tr></thead><tbody>")
        out.extend(_question_row(q, overrules, again) for q in pack.questions)
        out.append("</tbody></table>")
    if pack.tags:
        out.append("<h3>By tag</h3>")
        out.append('<table class="tags"><thead><tr><th scope="col">Tag</th><th scope="col">Questions</th>'
                   '<th scope="col">Learners</th><th scope="col">First answers</th>'
                   '<th scope="col">Facility</th></tr></thead><tbody>')
        for tag in pack.tags:
            out.append(f"<tr><td>{_t(tag.tag)}</td><td class=n>{tag.questions}</td><td class=n>{tag.learners}</td>"
                       f"<td class=n>{tag.answers}</td><td class=n>{_num(tag.facility)}</td></tr>")
        out.append("</tbody></table>")
    if pack.misconceptions:
        out.append("<h3>Misconceptions</h3>")
        out.append('<table class="misconceptions"><thead><tr><th scope="col">Misconception</th>'
                   '<th scope="col">Chosen (first answers)</th><th scope="col">Share</th>'
                   '<th scope="col">Learners</th><th scope="col">Questions</th></tr></thead><tbody>')
        for item in pack.misconceptions:
            share = "–" if item.share is None else f"{item.share * 100:.0f}%"
            out.append(f"<tr><td>{_t(item.misconception)}</td><td class=n>{item.chosen} of {item.answers}</td>"
                       f"<td class=n>{share}</td><td class=n>{item.learners}</td>"
                       f"<td>{', '.join(_t(q) for q in item.questions)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


_EXPLAINED = [
    ("Mean score and pass rate", "over the learners who finished a quiz on the pack (their best "
     "finished quiz; knowledge checks and reviews do not count); – when nobody did."),
    ("Reliability", "KR-20, from 0 to 1: how consistently the questions measure the same thing, over "
     "the learners who answered every question (first answers). Cronbach's alpha is the same for "
     "questions that are right or wrong. 0.7 or more is usual for a class test; with few learners "
     "or few questions it moves a lot."),
    ("Standard error of measurement", "how far a learner's score may be from their true score: about "
     "two in three learners are within one standard error of it."),
    ("Facility", "the share of learners who got the question right the first time; below 0.2 is "
     "marked CHECK. Latest: the share right on their latest answer."),
    ("Discrimination", "the correlation (point-biserial, −1 to 1) between this question and the "
     "score on the other questions; below 0 is marked CHECK. Upper − lower: the top 27 % minus "
     "the bottom 27 %."),
    ("Discriminative efficiency", "Moodle's figure: the discrimination as a percent of the most a "
     "question of this facility could have. Over 50 % is good."),
    ("Hints", "answers given after opening at least one hint, of the answers whose file records "
     "hints (every answer, not only the first)."),
    ("Overruled", "where the files record it: answers whose marking the learner overruled (\"I was "
     "right\"; they count as right), of the answers whose file says. Many overrules on one question "
     "suggest an accepted answer is missing."),
    ("Given again", "answers given again after the learner took back (undo) a wrong answer to the "
     "question, having seen its feedback; they count in the scores like any answer (the answer taken "
     "back does not). Shown when any answer of the pack was."),
    ("Misconceptions", "how often a first answer chose a choice that stands for a mistaken belief "
     "(or, for true or false, gave the wrong answer to a question that names one)."),
]


def render_html(report: list[PackStats], source: int | str, skipped: int) -> str:
    """The report as one HTML page (see the module docstring)."""
    what = f"{source} file(s)" if isinstance(source, int) else source
    skipped_text = f" ({skipped} skipped)" if skipped else ""
    flagged = sum(bool(q.flags) for pack in report for q in pack.questions)
    parts = [
        "<!DOCTYPE html>",
        HTML_MARK,
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Class report</title>",
        f"<style>{_STYLE}</style>",
        "</head><body>",
        "<header><h1>Class report</h1>",
        f'<p class="summary">From {_t(what)}{skipped_text}.'
        + (f" {flagged} question(s) are marked <span class=\"check-word\">CHECK</span>: re-read the "
           "question, its right answer and its choices." if flagged else "") + "</p></header>",
        "<main>",
    ]
    parts.extend(_pack_section(pack) for pack in report)
    parts.append("</main>")
    parts.append("<footer><h2>What the figures mean</h2><dl>")
    for term, words in _EXPLAINED:
        parts.append(f"<dt><strong>{escape(term)}</strong></dt><dd>{escape(words)}</dd>")
    parts.append("</dl><p class=\"note\">With small classes (under about 20 learners) these numbers move "
                 "a lot from one class to the next: read them as prompts to look again, not as "
                 "verdicts.</p></footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
