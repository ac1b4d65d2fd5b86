"""A commented pack to start from (``learnmeta new-pack``: :mod:`learnmeta.cli.new_pack`).

The file it writes is a valid pack with one example of each of the six question types, each
field explained in a comment, and, on its first line, the Taplo / "Even Better TOML" schema
directive, so an editor checks the file as it is typed once ``learnmeta schema pack >
pack.schema.json`` has been run beside it. Every question points at a real section of the chosen
lesson (default ``what-is-metastatic-cancer``), so ``learnmeta validate`` passes at once.

Exit statuses: 0 written; 2 usage error (a bad id, an unknown lesson, the file exists without
``--force``); 1 the file could not be written.
"""

from __future__ import annotations

import datetime as dt
from string import Template

DEFAULT_LESSON = "what-is-metastatic-cancer"

TEMPLATE = Template('''\
#:schema ./pack.schema.json
# The line above lets editors that use Taplo (such as VS Code's "Even Better TOML") check this
# file as you type. Make the schema file once, beside this file, with:
#     learnmeta schema pack > pack.schema.json
# Check the pack at any time with:  learnmeta validate $filename
# Try it in the app with:           learnmeta quiz $filename
# Every example below is about the lesson '$lesson'. Replace them with your own questions.

schema_version = 1   # the format version: leave it at 1

[pack]
id = "$pack_id"            # lower-case letters, digits, "-" and "_"; unique among all packs
title = "$title"
description = "Replace this with one or two sentences on what the pack checks."
version = "1.0.0"          # raise it when you change questions, so learners' records stay right
language = "en"
authors = ["Your name"]
licence = "CC BY 4.0"
reviewed = $today          # when a person last checked the facts (a date, no quotes)
pass_mark = 80             # the score, in percent, that passes
lessons = ["$lesson"]
# mode = "exam"            # optional: no feedback until the whole quiz is submitted
# time_limit_minutes = 30  # optional, for an exam: minutes from when it starts
# draw = 4                 # optional: each attempt gets 4 questions chosen at random
# draw_by_tag = { naming = 1 }   # ...of which 1 tagged "naming" (see each question's tags)

# The sources for the whole pack. Each question should name its own source too.
[[pack.sources]]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"
url = "https://cancer.ca/en/cancer-information/what-is-cancer/metastatic-cancer"

# ---------------------------------------------------------------------------------------------
# 1. single: exactly one choice has correct = true.
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-single"      # unique in this pack; learners' records use it: do not reuse one
type = "single"
prompt = "Colon cancer has spread to the liver. What do doctors call it?"
lesson = "$lesson"         # the lesson that teaches the answer
section = "$section"       # the page (## section id) of that lesson
explanation = "Cancer keeps the name of the place where it started."   # shown after answering
hints = ["Think about where the cancer started."]   # optional, shown one at a time
shuffle = true             # show the choices in a random order
tags = ["naming"]          # optional, your own labels

[questions.source]         # where this question's fact comes from
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"
url = "https://cancer.ca/en/cancer-information/what-is-cancer/metastatic-cancer"

[[questions.choices]]
id = "colon"
text = "Metastatic colon cancer"
correct = true
feedback = "Yes. It keeps the name of where it started."

[[questions.choices]]
id = "liver"
text = "Liver cancer"
feedback = "Not quite. The cells in the liver are still colon cancer cells."
misconception = "named-by-new-site"   # optional: the mistaken idea behind this choice

[[questions.choices]]
id = "new-cancer"
text = "A new kind of cancer"
feedback = "Not quite. It is the same cancer that has moved."

# ---------------------------------------------------------------------------------------------
# 2. multiple: select all that apply; one or more choices are correct.
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-multiple"
type = "multiple"
prompt = "Which words can mean cancer that has spread? Pick all that apply."
lesson = "$lesson"
section = "$section"
explanation = "Metastatic disease and secondary cancer both mean cancer that has spread."

[questions.source]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

[[questions.choices]]
id = "metastatic-disease"
text = "Metastatic disease"
correct = true
feedback = "Yes. This is another name for it."

[[questions.choices]]
id = "secondary-cancer"
text = "Secondary cancer"
correct = true
feedback = "Yes. This is another name for it."

[[questions.choices]]
id = "benign-tumour"
text = "A benign tumour in the skin"
feedback = "Not quite. A benign tumour is not cancer, so it does not spread."

# ---------------------------------------------------------------------------------------------
# 3. true_false: the prompt is a statement; answer says whether it is true.
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-true-false"
type = "true_false"
prompt = "Cancer cells that spread stay the same type of cells."
lesson = "$lesson"
section = "$section"
explanation = "The cells that spread are the same type as the cells where the cancer started."
answer = true
feedback_true = "Yes. They keep their type."
feedback_false = "Not quite. They keep the type of the place where the cancer started."

[questions.source]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

# ---------------------------------------------------------------------------------------------
# 4. matching: match each left item to its right item; distractors are extra right items.
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-matching"
type = "matching"
prompt = "Match each word to what it means."
lesson = "$lesson"
section = "$section"
explanation = "A primary tumour is where cancer starts. Metastasis is a tumour that has spread."
pairs = [
    { left = "Primary tumour", right = "Where the cancer first started" },
    { left = "Metastasis", right = "A tumour that has spread" },
]
distractors = ["A kind of blood test"]

[questions.source]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

# ---------------------------------------------------------------------------------------------
# 5. ordering: list the items in their right order; the app shuffles them.
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-ordering"
type = "ordering"
prompt = "Put these steps of spread in order, first to last."
lesson = "$lesson"
section = "$section"
explanation = "Cells break away, travel in the blood, then start to grow in a new place."
items = [
    "Cancer cells break away from the tumour",
    "They travel in the blood",
    "They start to grow in a new place",
]

[questions.source]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

# ---------------------------------------------------------------------------------------------
# 6. short_answer: the learner types; any accepted answer is right (case and spaces ignored).
# ---------------------------------------------------------------------------------------------
[[questions]]
id = "example-short-answer"
type = "short_answer"
prompt = "What is the word for cancer that has spread from where it started?"
lesson = "$lesson"
section = "$section"
explanation = "Cancer that has spread is called metastatic cancer."
accepted = ["metastatic", "metastatic cancer"]
allow_typo = true          # forgive one wrong or swapped letter in answers of 5 letters or more
feedback_wrong = "Not quite. The word starts with meta."

[questions.source]
title = "Metastatic cancer"
publisher = "Canadian Cancer Society"

# ---------------------------------------------------------------------------------------------
# What each misconception tag above means, in plain words: the mistaken idea, then what is
# true. A learner who chooses the same idea twice or more sees it under "Ideas to look at again".
# ---------------------------------------------------------------------------------------------
[misconceptions]
named-by-new-site = "It can seem that cancer takes the name of the place it spread to. In fact, it keeps the name of where it started."
''')


def render(pack_id: str, lesson: str, section: str, filename: str, today: dt.date | None = None) -> str:
    """The text of a new pack."""
    title = pack_id.replace("-", " ").replace("_", " ").strip().capitalize() or pack_id
    return TEMPLATE.substitute(
        pack_id=pack_id,
        title=title,
        lesson=lesson,
        section=section,
        filename=filename,
        today=(today or dt.date.today()).isoformat(),
    )
