"""The file formats, defined once as dataclasses that pydantic checks (see :mod:`learnmeta.checks`).

Three kinds of content file, each with a ``schema_version``:

* a **lesson**: Markdown with a TOML front-matter block between ``+++`` lines (:class:`LessonMeta`);
  each ``##`` section of the body is one page (:class:`Page`);
* the **glossary**: ``lessons/glossary.toml`` (:class:`Glossary`);
* a **question pack**: a TOML file with a ``[pack]`` table and ``[[questions]]`` (:class:`Pack`).

Every model forbids unknown keys (a typo must not pass silently), every text field is cleaned of
control characters and has a length bound, and the cross-checks that fit inside one file live
here as validators. Checks that need several files are in :mod:`learnmeta.content.library`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Annotated, Any, Callable, ClassVar, Literal, Union

from learnmeta.checks import CONFIG_FORBID, STRICT, After, Bool, Date, Int, bounds, doc, size, tagged_by, text_form, too_long
from learnmeta.content.text import clean_text, has_hidden_characters, same_text_key
from learnmeta.record import RECORD, Record

if TYPE_CHECKING:
    from learnmeta.content.toml_lines import LineIndex

SCHEMA_VERSION = 1
"""The newest version of each format that this release reads and writes."""

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest content file we read: 32 MB. A pack may hold 20,000 questions, and with full
feedback a question takes about 1.2 KB (the built-in ones do): 5 MB turned away banks of 4,000."""


def _cleaner(max_length: int, may_be_empty: bool) -> Callable[[str], str]:
    """The one Python validator of a text field: remove control characters (the value arrives
    stripped), then check it is not empty and not too long (after cleaning: hidden characters
    do not count towards the limit).

    One call per text value, with a fast path for the common case: a pack of 10,000 questions
    holds some 80,000 texts, and two Python validators per text cost a fifth of its load time.
    """

    def clean(value: str) -> str:
        # Newlines, tabs, control and format characters all land here, and the few invisible
        # characters that are printable (a combining grapheme joiner) are not ASCII.
        if not value.isprintable() or (not value.isascii() and has_hidden_characters(value)):
            value = clean_text(value).strip()
            if not value and not may_be_empty:
                raise ValueError("must not be empty")
        if len(value) > max_length:
            raise too_long(max_length)
        return value

    return clean


# The text fields: stripped, cleaned of control characters, with a length bound. Spelled out (not
# made by a function) so that a type checker sees each as the ``str`` it is.
ShortText = Annotated[str, text_form(strip_whitespace=True, min_length=1), After(_cleaner(200, may_be_empty=False), {"maxLength": 200})]
"""A title, a choice, a term: one line or so."""
Text = Annotated[str, text_form(strip_whitespace=True, min_length=1), After(_cleaner(2000, may_be_empty=False), {"maxLength": 2000})]
"""A prompt, an explanation, a definition, feedback."""
LongText = Annotated[str, text_form(strip_whitespace=True, min_length=1), After(_cleaner(4000, may_be_empty=False), {"maxLength": 4000})]
"""A description."""
PageText = Annotated[str, text_form(strip_whitespace=True, min_length=0), After(_cleaner(6000, may_be_empty=True), {"maxLength": 6000})]
"""A page of a lesson (Markdown); may be empty."""

Id = Annotated[str, text_form(pattern=r"^[a-z0-9][a-z0-9_-]*$", min_length=1, max_length=64)]
"""An id: lower-case letters, digits, ``-`` and ``_``, starting with a letter or digit."""

Url = Annotated[str, text_form(pattern=r"^https?://[^\s]+$", max_length=500)]


class ReadOnly(Record):
    """Content is read-only once made: a field can be set once (by ``__init__``), never changed.

    (What ``dataclass(frozen=True)`` would do, without its cost: it writes three more methods per
    class, which took about 8 ms of every start.)
    """

    __slots__ = ()
    __pydantic_config__ = CONFIG_FORBID  # an unknown key is an error: a typo must not pass

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.__dict__:
            raise AttributeError(f"{type(self).__name__}.{name} cannot be changed: content is read-only")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__}.{name} cannot be removed: content is read-only")

    def __getstate__(self) -> dict[str, Any]:
        """What a copy or the start-up cache keeps: the fields, not the file's line index (it
        only places the errors found while loading, and holds the file's whole text)."""
        state = dict(self.__dict__)
        state.pop("_lines", None)
        state.pop("_by_id", None)  # Pack.question's table, made again when asked
        return state


# Every content model is a dataclass (RECORD) over ReadOnly (see learnmeta.record) whose fields
# are named when it is made. Unknown keys are errors (CONFIG_FORBID), and values are never
# coerced (correct = "yes" is an error, not true): see learnmeta.checks.


def _refuse_first(problems: Iterator[str]) -> None:
    """Raise the first of ``problems`` as pydantic's validators do (a ValueError): a record's
    ``__post_init__``, which runs once each of its fields has passed its own checks. A file
    whose fields do not all pass is still checked together, on the fields that do
    (:func:`learnmeta.content.partial.together`), and then every problem is said: the record's
    ``TOGETHER`` names the fields its ``together`` reads, with, for a list of tables, the keys of
    each table it reads (``()`` for any other field)."""
    for message in problems:
        raise ValueError(message)


@RECORD
class Source(ReadOnly):
    """Where a fact comes from."""

    title: Annotated[ShortText, doc("The name of the source, e.g. the page's title.")]
    url: Annotated[Url | None, doc("Its address (http or https).")] = None
    publisher: Annotated[ShortText | None, doc("Who published it.")] = None


def _check_schema_version(value: int) -> int:
    if value < 1:
        raise ValueError("must be 1 or more")
    if value >= 2**63:  # TOML's whole numbers are 64-bit; Python will not write one of 4,300 digits
        raise ValueError(f"must be {SCHEMA_VERSION}: this is a number larger than a TOML file may hold")
    if value > SCHEMA_VERSION:
        raise ValueError(
            f"this file uses format version {value}, but this version of learnmeta reads "
            f"version {SCHEMA_VERSION} at most; update learnmeta to open it"
        )
    return value


SchemaVersion = Annotated[int, STRICT, After(_check_schema_version)]


def _no_repeats(what: str, fold: bool = False) -> Callable[[list[str]], list[str]]:
    def check(items: list[str]) -> list[str]:
        keys = [same_text_key(item) for item in items] if fold else items
        if len(set(keys)) != len(keys):
            again = next(item for number, item in enumerate(items) if keys[number] in keys[:number])
            raise ValueError(f"{what} is listed twice ('{again}'): list each one once")
        return items

    return check


# --------------------------------------------------------------------------------------------
# Lessons
# --------------------------------------------------------------------------------------------

BodySite = Literal[
    "brain",
    "lungs",
    "liver",
    "bones",
    "adrenal-glands",
    "peritoneum",
    "lymph-nodes",
    "bladder",
    "skin",
]
"""The places in the body that the "where cancer spreads" picture can show."""


@RECORD
class SpreadPattern(ReadOnly):
    """Where one primary cancer most often spreads: the data behind the body picture."""

    primary: Annotated[ShortText, doc("The cancer where it started, e.g. 'Breast cancer'.")]
    sites: Annotated[list[BodySite], size(1, 9), After(_no_repeats("a site"))]
    source: Source | None = None
    site_names: Annotated[
        dict[BodySite, ShortText],
        doc("How to name a site for this cancer where the usual name is not exact, "
            "e.g. lungs = 'the other lung' for lung cancer."),
    ] = field(default_factory=dict)

    TOGETHER: ClassVar[Mapping[str, tuple[str, ...]]] = {"sites": (), "site_names": ()}

    def __post_init__(self) -> None:
        _refuse_first(self.together(self))

    @staticmethod
    def together(pattern: Any) -> Iterator[str]:
        """What is wrong with its fields together (of ``pattern``: this record, or the sound
        fields of one that did not load)."""
        extra = next((site for site in pattern.site_names if site not in pattern.sites), None)
        if extra is not None:
            yield f"site_names names '{extra}', which is not one of this pattern's sites"


@RECORD
class KnowledgeCheck(ReadOnly):
    """The questions at the end of a lesson: ids of questions in one pack."""

    pack: Annotated[Id, doc("The id of the pack that holds the questions.")]
    questions: Annotated[list[Id], size(1, 20), After(_no_repeats("a question id"))]


@RECORD
class LessonMeta(ReadOnly):
    """The front matter of a lesson file (the TOML between the ``+++`` lines)."""

    schema_version: SchemaVersion
    id: Id
    title: ShortText
    order: Annotated[Int, bounds(ge=0, le=10_000), doc("Lessons are shown in this order.")]
    purpose: Annotated[Text, doc("What you will learn: shown first.")]
    estimated_minutes: Annotated[Int, bounds(ge=1, le=600)]
    key_points: Annotated[list[Text], size(1, 20), doc("The summary.")]
    what_you_can_do: Annotated[list[Text], size(max_length=20)] = field(default_factory=list)
    sources: Annotated[list[Source], size(1, 20)]
    reviewed: Annotated[Date, doc("When a person last checked the lesson's facts.")]
    knowledge_check: KnowledgeCheck | None = None
    spread_patterns: Annotated[list[SpreadPattern], size(max_length=40)] = field(default_factory=list)


@RECORD
class Page(ReadOnly):
    """One ``##`` section of a lesson body: one page on screen."""

    id: Id
    title: ShortText
    body: Annotated[PageText, doc("Markdown.")]
    line: Annotated[Int, doc("Where the section's heading is in the file.")] = 0
    trainee: Annotated[Bool, doc("A page for health-care trainees: `{#id .trainee}` on its heading.")] = False


@RECORD
class Lesson(ReadOnly):
    """A whole lesson: its front matter and its pages, with the file it came from."""

    meta: LessonMeta
    pages: Annotated[list[Page], size(1, 60)]
    path: str = ""

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def page(self, page_id: str) -> Page | None:
        return next((p for p in self.pages if p.id == page_id), None)

    def page_index(self, page_id: str) -> int | None:
        return next((i for i, p in enumerate(self.pages) if p.id == page_id), None)

    def pages_for(self, track: str | None) -> list[Page]:
        """The pages a learner on this track reads in turn: every page on the course track;
        on the self-study track the trainee pages are left out (each is offered instead, on the
        page before it)."""
        if track == "course":
            return list(self.pages)
        return [page for page in self.pages if not page.trainee]

    def trainee_pages_after(self, page_id: str) -> list[Page]:
        """The trainee pages that directly follow this page in the file: what it offers."""
        index = self.page_index(page_id)
        found: list[Page] = []
        if index is None:
            return found
        for page in self.pages[index + 1:]:
            if not page.trainee:
                break
            found.append(page)
        return found


# --------------------------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------------------------


@RECORD
class Term(ReadOnly):
    """One glossary entry."""

    term: ShortText
    definition: Annotated[Text, doc("A plain-language definition.")]
    aliases: Annotated[list[ShortText], size(max_length=20)] = field(default_factory=list)
    source: Source | None = None

    @property
    def names(self) -> list[str]:
        return [self.term, *self.aliases]


@RECORD
class Glossary(ReadOnly):
    """``lessons/glossary.toml``."""

    schema_version: SchemaVersion
    terms: Annotated[list[Term], size(1, 2000)]

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for term in self.terms:
            for name in term.names:
                key = name.casefold()
                if key in seen:
                    raise ValueError(
                        f"'{name}' is defined twice (in '{seen[key]}' and in '{term.term}')"
                    )
                seen[key] = term.term

    def lookup(self, name: str) -> Term | None:
        key = name.casefold()
        return next((t for t in self.terms if key in (n.casefold() for n in t.names)), None)


# --------------------------------------------------------------------------------------------
# Question packs
# --------------------------------------------------------------------------------------------


@RECORD
class Choice(ReadOnly):
    """One choice of a ``single`` or ``multiple`` question."""

    id: Id
    text: ShortText
    correct: Bool = False
    feedback: Annotated[Text | None, doc("Why this choice is right or wrong, shown after answering.")] = None
    misconception: Annotated[Id | None, doc("A tag naming the mistaken belief this choice stands for.")] = None


@RECORD
class QuestionBase(ReadOnly):
    """What every question has, whatever its type."""

    id: Id
    prompt: Text
    lesson: Annotated[Id, doc("The id of the lesson that teaches the answer.")]
    section: Annotated[Id, doc("The id of the lesson page that teaches the answer.")]
    explanation: Annotated[Text, doc("Shown after answering, right or wrong.")]
    hints: Annotated[list[Text], size(max_length=5), doc("Shown one by one.")] = field(default_factory=list)
    source: Source | None = None
    tags: Annotated[list[Id], size(max_length=20)] = field(default_factory=list)


def _choice_problems(choices: list[Any]) -> Iterator[str]:
    ids = [c.id for c in choices]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        yield f"choice id '{duplicates[0]}' is used more than once: give each choice an id of its own"
    texts = [same_text_key(c.text) for c in choices]  # they look the same: NFKC, case, spaces
    if len(set(texts)) != len(texts):
        again = next(c.text for number, c in enumerate(choices) if texts[number] in texts[:number])
        yield f"two choices have the same text ('{again}'): make each choice say something different"


Choices = Annotated[list[Choice], size(2, 10)]


@RECORD
class SingleQuestion(QuestionBase):
    """Exactly one correct choice; or, with ``accept_any``, several, any one of them fully right."""

    type: Literal["single"]
    choices: Choices
    shuffle: Annotated[Bool, doc("Show the choices in a random order.")] = False
    accept_any: Annotated[
        Bool,
        doc("Several choices are right, and choosing any one of them is fully right (as Moodle "
            "reads {=a =b ~c}). Without it, exactly one choice may be right."),
    ] = False

    TOGETHER: ClassVar[Mapping[str, tuple[str, ...]]] = {"choices": ("id", "text", "correct"), "accept_any": ()}

    def __post_init__(self) -> None:
        _refuse_first(self.together(self))

    @staticmethod
    def together(question: Any) -> Iterator[str]:
        """What is wrong with its choices together (of ``question``: this record, or the sound
        fields of one that did not load)."""
        yield from _choice_problems(question.choices)
        correct = sum(c.correct for c in question.choices)
        if correct == 0:
            yield "a 'single' question needs exactly one choice with correct = true; it has 0"
        if correct > 1 and not question.accept_any:
            yield (
                f"a 'single' question needs exactly one choice with correct = true; it has {correct} "
                "(if any one of them is fully right, add accept_any = true; if the learner must "
                "choose them all, make it a 'multiple' question)"
            )


@RECORD
class MultipleQuestion(QuestionBase):
    """Select all that apply: one or more correct choices."""

    type: Literal["multiple"]
    choices: Choices
    shuffle: Bool = False

    TOGETHER: ClassVar[Mapping[str, tuple[str, ...]]] = {"choices": ("id", "text", "correct")}

    def __post_init__(self) -> None:
        _refuse_first(self.together(self))

    @staticmethod
    def together(question: Any) -> Iterator[str]:
        """What is wrong with its choices together (of ``question``: this record, or the sound
        fields of one that did not load)."""
        yield from _choice_problems(question.choices)
        if not any(c.correct for c in question.choices):
            yield "a 'multiple' question needs at least one choice with correct = true"


@RECORD
class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: Annotated[Bool, doc("Whether the statement in the prompt is true.")]
    feedback_true: Annotated[Text | None, doc("Shown to a learner who said true.")] = None
    feedback_false: Annotated[Text | None, doc("Shown to a learner who said false.")] = None
    misconception: Annotated[Id | None, doc("The mistaken belief behind the wrong answer.")] = None


@RECORD
class Pair(ReadOnly):
    """One left-hand item and the right-hand item it matches."""

    left: ShortText
    right: ShortText
    feedback: Text | None = None


@RECORD
class MatchingQuestion(QuestionBase):
    """Match each left-hand item to a right-hand item; extra right-hand items are distractors."""

    type: Literal["matching"]
    pairs: Annotated[list[Pair], size(2, 10)]
    distractors: Annotated[list[ShortText], size(max_length=10)] = field(default_factory=list)

    TOGETHER: ClassVar[Mapping[str, tuple[str, ...]]] = {"pairs": ("left", "right"), "distractors": ()}

    def __post_init__(self) -> None:
        _refuse_first(self.together(self))

    @staticmethod
    def together(question: Any) -> Iterator[str]:
        """What is wrong with its pairs and distractors together (of ``question``: this record,
        or the sound fields of one that did not load)."""
        lefts = [same_text_key(p.left) for p in question.pairs]
        if len(set(lefts)) != len(lefts):
            again = next(p.left for number, p in enumerate(question.pairs) if lefts[number] in lefts[:number])
            yield (f"two pairs have the same left-hand item ('{again}'): give each its own, "
                   "or match one left-hand item to one right-hand item only")
        spelled: dict[str, str] = {}
        for pair in question.pairs:
            first = spelled.setdefault(same_text_key(pair.right), pair.right)
            if first != pair.right:
                # Shown as two items that look alike, and only one of them would be right.
                yield (
                    f"right-hand items '{first}' and '{pair.right}' look the same; write them the "
                    "same way (one right-hand item can match several left-hand items)"
                )
                break
        rights = set(spelled)
        extra = [same_text_key(d) for d in question.distractors]
        if len(set(extra)) != len(extra):
            again = next(d for number, d in enumerate(question.distractors) if extra[number] in extra[:number])
            yield f"a distractor is listed twice ('{again}'): list each one once"
        clash = next((d for d in question.distractors if same_text_key(d) in rights), None)
        if clash is not None:
            yield f"distractor '{clash}' is also a right-hand item of a pair"
        if len(rights) + len(extra) > 12:
            yield "at most 12 right-hand items (answers and distractors) in all"

    @property
    def right_items(self) -> list[str]:
        """Every right-hand item once, in file order, distractors last."""
        seen: list[str] = []
        for item in [p.right for p in self.pairs] + list(self.distractors):
            if item not in seen:
                seen.append(item)
        return seen


@RECORD
class OrderingQuestion(QuestionBase):
    """Put the items in order; the file lists them in their correct order."""

    type: Literal["ordering"]
    items: Annotated[list[ShortText], size(2, 10), After(_no_repeats("an item", fold=True))]


@RECORD
class ShortAnswerQuestion(QuestionBase):
    """A typed answer, checked against the accepted answers."""

    type: Literal["short_answer"]
    accepted: Annotated[list[ShortText], size(1, 20)]
    allow_typo: Annotated[
        Bool, doc("Forgive one wrong, missing or extra letter, or two letters swapped "
            "(answers of 5+ letters).")
    ] = False
    feedback_wrong: Annotated[Text | None, doc("Shown after a wrong answer.")] = None


Question = Annotated[
    Union[
        SingleQuestion,
        MultipleQuestion,
        TrueFalseQuestion,
        MatchingQuestion,
        OrderingQuestion,
        ShortAnswerQuestion,
    ],
    tagged_by("type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "matching", "ordering", "short_answer")
CHECKED_TOGETHER: dict[str, Any] = {"single": SingleQuestion, "multiple": MultipleQuestion,
                                    "matching": MatchingQuestion}
"""The question types whose record checks its fields together (``together``), by type."""


@RECORD
class PackInfo(ReadOnly):
    """The ``[pack]`` table."""

    id: Id
    title: ShortText
    description: LongText
    version: Annotated[
        str,
        text_form(pattern=r"^\d+(\.\d+){0,2}$", max_length=20),
        doc("The pack's own version, e.g. '1.2.0'. Raise it when questions change."),
    ]
    language: Annotated[str, text_form(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    authors: Annotated[list[ShortText], size(1, 50)]
    licence: ShortText
    sources: Annotated[list[Source], size(1, 50)]
    reviewed: Date
    pass_mark: Annotated[Int, bounds(ge=0, le=100), doc("The score, in percent, that passes.")]
    lessons: Annotated[list[Id], size(max_length=50)] = field(default_factory=list)
    mode: Annotated[
        Literal["quiz", "exam"],
        doc("'exam': no feedback until the learner submits the whole attempt (see time_limit_minutes)."),
    ] = "quiz"
    time_limit_minutes: Annotated[
        Int | None,
        bounds(ge=1, le=600),
        doc("Minutes for an exam, from when it starts (used when the quiz is taken as an exam)."),
    ] = None
    draw: Annotated[
        Int | None,
        bounds(ge=1, le=20_000),
        doc("Give each attempt this many questions, chosen at random from the pack (a question pool)."),
    ] = None
    draw_by_tag: Annotated[
        dict[Id, Annotated[Int, bounds(ge=1, le=20_000)]],
        doc("Of the questions drawn, how many must carry each tag, e.g. {bones = 2, liver = 1}."),
    ] = field(default_factory=dict)
    marking: Annotated[
        Literal["standard", "cbm"],
        doc("'cbm': score with certainty-based marking (Moodle's scale: sure and right +3, sure "
            "and wrong -6); learners are always asked how sure they are. 'standard': right or not."),
    ] = "standard"


@RECORD
class Pack(ReadOnly):
    """A question pack: ``[pack]`` and ``[[questions]]``."""

    schema_version: SchemaVersion
    pack: PackInfo
    questions: Annotated[list[Question], size(1, 20_000)]
    misconceptions: Annotated[
        dict[Id, Text],
        size(max_length=2000),
        doc("What each misconception tag of the pack's wrong answers means: tag = the mistaken "
            "idea in plain words, and what is true instead. A learner who chooses it twice or "
            "more sees it under 'Ideas to look at again'."),
    ] = field(default_factory=dict)
    path: ClassVar[str] = ""
    """The file the pack was loaded from ("" when built in memory); not a key of the file."""

    def duplicate_question_ids(self) -> list[tuple[int, str]]:
        """(index, id) of each question whose id an earlier question already uses."""
        seen: set[str] = set()
        duplicates = []
        for index, question in enumerate(self.questions):
            if question.id in seen:
                duplicates.append((index, question.id))
            seen.add(question.id)
        return duplicates

    @property
    def id(self) -> str:
        return self.pack.id

    @property
    def title(self) -> str:
        return self.pack.title

    def question(self, question_id: str) -> Question | None:
        """The question of this id (the first, if two share it; validation refuses that). Found
        in a table made at the first call, not by going through the pack: a pack holds up to
        20,000 questions, and validation and the front ends ask for many of them."""
        by_id: dict[str, Question] | None = self.__dict__.get("_by_id")
        if by_id is None:
            by_id = {}
            for question in self.questions:
                by_id.setdefault(question.id, question)
            object.__setattr__(self, "_by_id", by_id)
        return by_id.get(question_id)

    def misconception_tags(self) -> list[tuple[int, tuple[Any, ...], str]]:
        """(question index, where in the file, tag) of every ``misconception`` tag of the
        pack's questions, in file order (where: the key's location, for its line)."""
        found: list[tuple[int, tuple[Any, ...], str]] = []
        for index, question in enumerate(self.questions):
            if isinstance(question, TrueFalseQuestion) and question.misconception:
                found.append((index, ("questions", index, "misconception"), question.misconception))
            if isinstance(question, (SingleQuestion, MultipleQuestion)):
                for number, choice in enumerate(question.choices):
                    if choice.misconception:
                        found.append(
                            (index, ("questions", index, "choices", number, "misconception"), choice.misconception)
                        )
        return found


def set_origin(item: Lesson | Pack, path: str, lines: LineIndex | None) -> None:
    """Note where a loaded lesson or pack came from: its file, and its line index (for errors)."""
    if isinstance(item, Pack):
        object.__setattr__(item, "path", path)  # Lesson.path is a field of its own
    object.__setattr__(item, "_lines", lines)
