"""The one entry point for content: lessons, the glossary and packs, checked against each other.

:func:`load_library` reads the built-in folders, the learner's own ``packs/`` folder and any
explicit paths. A file that fails to load is left out and its problems are kept; loading never
raises. Then the cross-file checks run: lesson and pack ids unique overall (the built-in ones
are reserved: a learner's pack or a file given by path cannot take one), every lesson and section
a question names exists, every knowledge-check question exists.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence, TypeVar

from learnmeta import paths
from learnmeta.content.errors import ContentError, Problem
from learnmeta.content.models import Glossary, Lesson, Pack, Question
from learnmeta.content.text import clean_text, control_characters, is_invisible
from learnmeta.record import RECORD, Record

if TYPE_CHECKING:
    # Only a file that did not load has a partial outline (and its lines): these modules (about
    # 2.5 ms to import) wait for one, so the app's start, which reads the library from the cache,
    # does not import them (tests/test_start_work.py).
    from learnmeta.content.partial import PartialLesson, PartialPack
    from learnmeta.content.toml_lines import LineIndex

L = TypeVar("L", Lesson, Pack)


@RECORD
class Library(Record):
    """Everything that loaded, and every problem found on the way."""

    lessons: list[Lesson] = field(default_factory=list)
    glossary: Glossary | None = None
    packs: list[Pack] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Every file that was checked (the targets), loaded or not."""
    broken_pack_ids: set[str] = field(default_factory=set)
    """Ids of packs whose files did not load: references to them are not reported twice."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((x for x in self.lessons if x.id == lesson_id), None)

    def pack(self, pack_id: str) -> Pack | None:
        return next((x for x in self.packs if x.id == pack_id), None)

    def question(self, pack_id: str, question_id: str) -> Question | None:
        pack = self.pack(pack_id)
        return pack.question(question_id) if pack else None


def _kind(path: Path) -> str:
    if path.suffix.lower() == ".md":
        return "lesson"
    if path.suffix.lower() == ".toml" and path.stem.lower().startswith("glossary"):
        return "glossary"
    if path.suffix.lower() == ".toml":
        return "pack"
    return "unknown"


def content_files(folder: Path) -> list[Path]:
    """The lesson (``.md``) and TOML files directly in a folder, sorted by name."""
    try:
        return sorted(
            p for p in folder.iterdir() if p.suffix.lower() in (".md", ".toml") and not p.name.startswith(".")
        )
    except OSError:
        return []


MAX_PACKS_FOLDER_FILES = 1_000
"""The most pack files read from the learner's packs folder (:func:`packs_folder_files`)."""
MAX_PACKS_FOLDER_BYTES = 64 * 1024 * 1024
"""The most bytes of pack files read from the learner's packs folder, in all: 64 MB. Each file
may hold 32 MB (:data:`~learnmeta.content.models.MAX_FILE_BYTES`), so a folder of many large
packs made a start of minutes (about 0.15 s a MB to parse, the first time). A course's packs
are far smaller: 300 questions with full feedback take about 0.4 MB, so this is room for
two packs of the most questions a pack may hold, or about 160 packs of 300 questions each; the
1,000 files, for hundreds of small ones."""


def packs_folder_files(folder: Path) -> tuple[list[tuple[Path, os.stat_result | None]], list[Path]]:
    """The pack files (``.toml``) of the learner's packs folder that are read, in name order,
    each with its ``stat`` (None if it could not be had); and those left out: every file from
    the first that would take the folder past :data:`MAX_PACKS_FOLDER_FILES` files or
    :data:`MAX_PACKS_FOLDER_BYTES` in all. A file larger than one file may be is refused
    without being read, so it counts as a file, not by its size."""
    from learnmeta.content.models import MAX_FILE_BYTES

    kept: list[tuple[Path, os.stat_result | None]] = []
    left_out: list[Path] = []
    total = 0
    for path in content_files(folder):
        if path.suffix.lower() != ".toml":
            continue
        if left_out:
            left_out.append(path)
            continue
        try:
            info: os.stat_result | None = path.stat()
        except (OSError, ValueError):
            info = None
        size = info.st_size if info is not None and info.st_size <= MAX_FILE_BYTES else 0
        if len(kept) >= MAX_PACKS_FOLDER_FILES or total + size > MAX_PACKS_FOLDER_BYTES:
            left_out.append(path)
            continue
        total += size
        kept.append((path, info))
    return kept, left_out


def packs_left_out(folder: Path, left_out: Sequence[Path]) -> Problem:
    """What a learner and an instructor are told of the pack files left out of ``folder``: how
    many, why, from which file on, and what to do (an error: they were not checked)."""
    count = len(left_out)
    files = f"{count:,} pack file{'s' if count != 1 else ''}"
    bound = MAX_PACKS_FOLDER_BYTES
    size = f"{bound // 1024 // 1024} MB" if bound >= 1024 * 1024 else f"{bound:,} bytes"
    first = " ".join(clean_text(left_out[0].name).split())[:80] if left_out else ""
    return Problem(
        path=str(folder), code="packs-left-out",
        message=f"{files} in your packs folder {'were' if count != 1 else 'was'} left out, not "
        f"read: learnmeta reads at most {MAX_PACKS_FOLDER_FILES:,} files and {size} of "
        f"packs from it, and {'these come' if count != 1 else 'this comes'} after that, by name "
        f"(from '{first}' on). Move the packs you do not use to another folder.")


def _expand(path: Path, problems: list[Problem]) -> list[Path]:
    if path.is_dir():
        found = content_files(path)
        if not found:
            problems.append(
                Problem(str(path), "this folder holds no lesson (.md) or pack (.toml) files", code="empty-folder")
            )
        return found
    return [path]


_LINES_SHOWN = 5


def _character_names(chars: list[str]) -> str:
    import unicodedata

    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '').strip()}".strip() for c in chars)


def _hidden_character_warnings(path: Path, text: str | None = None) -> list[Problem]:
    """Warn about control and invisible characters, with their lines: loading removes them
    (so a learner never meets them), but the author should know. Invisible ones in an accepted
    answer or a choice were why an answer could never be typed, or two choices looked alike.
    ``text``: the file's text, if it was read already (else it is read here)."""
    from learnmeta.content import loader

    if text is None:
        try:
            text = loader.read_text(path)
        except ContentError:
            return []  # loading the file will say what is wrong with it
    found = control_characters(text, toml_escapes=path.suffix.lower() == ".toml")
    kinds: dict[str, dict[int, list[str]]] = {"control-character": {}, "invisible-character": {}}
    for line, char in found:
        kind = "invisible-character" if is_invisible(char) else "control-character"
        chars = kinds[kind].setdefault(line, [])
        if char not in chars:
            chars.append(char)
    problems = []
    for code, by_line in kinds.items():
        lines = sorted(by_line)
        for line in lines[:_LINES_SHOWN]:
            if code == "control-character":
                codes = ", ".join(f"U+{ord(c):04X}" for c in by_line[line])
                message = (f"hidden control characters ({codes}) will be removed from this line's "
                           "text; they may be terminal escape codes pasted by accident")
            else:
                message = (f"invisible characters ({_character_names(by_line[line])}) will be removed "
                           "from this line's text: no learner could type them in an answer, and they "
                           "make different texts look the same; delete them")
            problems.append(Problem(str(path), message, line=line, severity="warning", code=code))
        if len(lines) > _LINES_SHOWN:
            what = "control" if code == "control-character" else "invisible"
            problems.append(
                Problem(str(path), f"{len(lines) - _LINES_SHOWN} more lines hold hidden {what} characters",
                        line=lines[_LINES_SHOWN], severity="warning", code=code)
            )
    return problems


def _peek_pack_id(path: Path) -> str | None:
    """The id a pack that failed to load claims, when it can be read at all."""
    from learnmeta.content import loader

    try:
        text = loader.read_text(path)
    except ContentError:
        return None
    try:
        value = loader.parse_toml(text, str(path))["pack"]["id"]
    except ContentError:  # its TOML is broken: read the id line by line
        return loader.peek_id(text, "pack")
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


class _Loading:
    def __init__(self) -> None:
        self.library = Library()
        self.targets: set[str] = set()
        self.seen: set[Path] = set()
        self.builtin: set[str] = set()
        """The built-in files loaded (as shown): their ids are reserved."""
        self.order: dict[str, int] = {}
        """Each file's place in the reading order: the first file read keeps an id."""
        self.partial_packs: list[PartialPack] = []
        self.partial_lessons: list[PartialLesson] = []
        """The sound parts of the files that did not load, for the checks across files."""

    def add(self, path: Path, target: bool, builtin: bool = False, kind: str | None = None) -> None:
        from learnmeta.content import loader  # and pydantic: not needed when the cache is used

        try:
            key = path.resolve()
        except (OSError, RuntimeError):
            key = path.absolute()
        if key in self.seen:
            if target:
                self._mark_target(path, key)
            return
        self.seen.add(key)
        shown = str(path)
        self.order.setdefault(shown, len(self.order))
        if builtin:
            self.builtin.add(shown)
        if target:
            self.targets.add(shown)
            self.library.files.append(shown)
        kind = kind or _kind(path)
        # The file's text is read once, for the warnings and the loading (a file that cannot be
        # read: the loader tries again and says what is wrong).
        text: str | None = None
        if kind != "unknown":
            try:
                text = loader.read_text(path)
            except ContentError:
                text = None
        if target and text is not None:
            self.library.problems.extend(_hidden_character_warnings(path, text))
        try:
            if kind == "lesson":
                self.library.lessons.append(loader.load_lesson(path, text=text))
            elif kind == "glossary":
                glossary = loader.load_glossary(path, text=text)
                if self.library.glossary is None or target:
                    self.library.glossary = glossary
            elif kind == "pack":
                self.library.packs.append(loader.load_pack(path, text=text))
            else:
                raise ContentError(
                    [Problem(shown, "not a content file: lessons end in .md and packs in .toml", code="unknown-kind")]
                )
        except ContentError as error:
            if target:
                self.library.problems.extend(error.problems)
            from learnmeta.content.partial import PartialLesson, PartialPack

            if isinstance(error.partial, PartialPack):
                self.partial_packs.append(error.partial)
            elif isinstance(error.partial, PartialLesson):
                self.partial_lessons.append(error.partial)
            if kind == "pack":
                broken_id = _peek_pack_id(path)
                if broken_id:
                    self.library.broken_pack_ids.add(broken_id)

    def _mark_target(self, path: Path, key: Path) -> None:
        # A built-in file named again on the command line: check it as a target, once.
        items: list[Lesson | Pack] = [*self.library.lessons, *self.library.packs]
        for item in items:
            if Path(item.path).resolve() == key and item.path not in self.targets:
                self.targets.add(item.path)
                self.library.files.append(item.path)


def load_library(
    paths_to_check: Sequence[Path | str] | None = None,
    *,
    builtin: bool = True,
    user_packs: bool = True,
    packs_dir: Path | None = None,
    partial_packs: list[PartialPack] | None = None,
) -> Library:
    """Load content and check it.

    With no ``paths_to_check``, everything built in and the learner's packs are loaded and
    checked. With paths, those files are checked, and the built-in content is loaded only as
    context, so that their references to built-in lessons resolve. ``partial_packs``, if given,
    is given the outlines of the packs that did not load (:mod:`learnmeta.content.partial`), for
    the item-writing checks of ``learnmeta validate``.
    """
    loading = _Loading()
    explicit = [Path(p) for p in (paths_to_check or [])]
    builtin_are_targets = not explicit
    if builtin:
        for folder in (paths.lessons_dir(), paths.quizzes_dir()):
            for path in content_files(folder):
                loading.add(path, target=builtin_are_targets, builtin=True)
    if user_packs and not explicit:
        folder = packs_dir if packs_dir is not None else paths.user_packs_dir()
        if folder.is_dir():
            kept, left_out = packs_folder_files(folder)
            for path, _info in kept:
                # Always as a pack, whatever its name: a glossary.toml put there must not
                # replace the built-in glossary (the built-in content stays), and a pack
                # named glossary-words.toml is a pack.
                loading.add(path, target=True, kind="pack")
            if left_out:
                loading.library.problems.append(packs_left_out(folder, left_out))
    for path in explicit:
        for item in _expand(path, loading.library.problems):
            loading.add(item, target=True)
    library = loading.library
    # Duplicate ids first, in the order the files were read (built-in, the learner's packs by
    # name, then the paths given), so that a built-in lesson or pack always keeps its id.
    library.problems.extend(_check_ids(loading))
    library.lessons.sort(key=lambda lesson: (lesson.meta.order, lesson.id))
    library.packs.sort(key=_pack_order({l.id: l.meta.order for l in library.lessons}))
    library.problems.extend(check_references(library, loading.targets, loading.partial_packs,
                                             loading.partial_lessons))
    if partial_packs is not None:
        partial_packs.extend(loading.partial_packs)
    return library


def _pack_order(lesson_order: dict[str, int]) -> Callable[[Pack], tuple[int, int, bool, str]]:
    """Packs in the order a learner meets them: each lesson's own pack in lesson order (the pack
    that shares the lesson's id first, then other packs on that lesson, such as one for
    trainees), then packs that cover several lessons (such as a final mastery check), then the
    rest by id."""

    def key(pack: Pack) -> tuple[int, int, bool, str]:
        lessons = [lesson_order[i] for i in pack.pack.lessons if i in lesson_order]
        if len(lessons) == 1:
            return (0, lessons[0], pack.id not in lesson_order, pack.id)
        if lessons:
            return (1, max(lessons), True, pack.id)
        return (2, 0, True, pack.id)

    return key


def _line(item: object, loc: tuple[Any, ...]) -> int | None:
    lines = getattr(item, "_lines", None)
    return lines.line_for(loc) if lines is not None else None


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if options and len(options) <= 8:
        return f"; known: {', '.join(options)}"
    return ""


SECTIONS_LISTED = 40
"""The most sections a "no section" error lists (a lesson has no limit on its pages)."""


def _suggest_section(name: str, sections: list[str]) -> str:
    """The nearest section, or else the lesson's sections in page order (the first
    :data:`SECTIONS_LISTED` of them): without them the author must go and read its headings."""
    close = difflib.get_close_matches(name, sections, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if not sections:
        return ""
    more = len(sections) - SECTIONS_LISTED
    return f"; its sections: {', '.join(sections[:SECTIONS_LISTED])}" + (f" and {more} more" if more > 0 else "")


def _check_ids(loading: _Loading) -> list[Problem]:
    """Each lesson id and pack id once, over the files that loaded and those that did not but
    whose id could be read (:mod:`learnmeta.content.partial`), so that a reused or reserved id
    is said with a broken file's other errors.

    Of the files that use an id, the first read keeps it (a built-in file always does: built-in
    ids are reserved), and each later one that was checked is an error naming it. A file that
    loaded after another that loaded with its id is left out of the library, and told of that
    one only; a file that did not load is not in the library, so one that loads after it stays
    (and is told of it). Problems come as they always did: those between two files that loaded
    (lessons, then packs), then those with a broken file (lessons, then packs).
    """
    library, targets, builtin = loading.library, loading.targets, loading.builtin
    between_loaded: list[Problem] = []
    with_broken: list[Problem] = []

    def problem(path: str, what: str, item_id: str, kept: str, lines: LineIndex | None,
                loc: tuple[Any, ...], field_name: str) -> Problem:
        line = lines.line_for(loc) if lines is not None else None
        if kept in builtin:
            message = (f"{what} id '{item_id}' is reserved: the built-in {what} {kept} uses it; "
                       f"give this {what} an id of its own")
            code = "reserved-id"
        else:
            message = f"{what} id '{item_id}' is also used by {kept}"
            code = "duplicate-id"
        return Problem(path, message, line=line, field=field_name, code=code)

    def unique(loaded: list[L], broken: Sequence[PartialLesson | PartialPack], what: str,
               loc: tuple[Any, ...], field_name: str) -> list[L]:
        # (path, id, line index, the loaded item or None for a broken file) in reading order
        items: list[tuple[str, str, LineIndex | None, L | None]] = [
            (x.path, x.id, getattr(x, "_lines", None), x) for x in loaded]
        if broken:
            items += [(x.path, x.id, x.lines, None) for x in broken if x.id is not None]
            items.sort(key=lambda item: loading.order.get(item[0], 0))
        first: dict[str, tuple[str, bool]] = {}
        """Each id's first file read, and whether it did not load."""
        first_loaded: dict[str, str] = {}
        out: list[L] = []
        for path, item_id, lines, item in items:
            kept, kept_broken = first.setdefault(item_id, (path, item is None))
            checked = path in targets
            if item is not None:
                kept_loaded = first_loaded.setdefault(item_id, path)
                if kept_loaded != path:  # left out, and told of the loaded file only
                    if checked:
                        between_loaded.append(problem(path, what, item_id, kept_loaded, lines, loc, field_name))
                    continue
                out.append(item)
            if kept != path and checked and (item is None or kept_broken):
                with_broken.append(problem(path, what, item_id, kept, lines, loc, field_name))
        return out

    library.lessons = unique(library.lessons, loading.partial_lessons, "lesson", ("id",), "id")
    library.packs = unique(library.packs, loading.partial_packs, "pack", ("pack", "id"), "pack.id")
    return between_loaded + with_broken


def check_references(
    library: Library,
    targets: set[str] | None = None,
    partial_packs: Sequence[PartialPack] = (),
    partial_lessons: Sequence[PartialLesson] = (),
) -> list[Problem]:
    """The checks that need more than one file. Problems are reported for target files only.

    ``partial_packs`` and ``partial_lessons`` are the sound parts of files that did not load
    (:mod:`learnmeta.content.partial`): their references are checked too, so that one run of
    ``learnmeta validate`` says everything; and a question naming a lesson that did not load is
    not told that no lesson has its id.
    """
    problems: list[Problem] = []

    def wanted(path: str) -> bool:
        return targets is None or path in targets

    lessons = {lesson.id: lesson for lesson in library.lessons}
    broken_lessons = {p.id: p for p in partial_lessons if p.id is not None and p.id not in lessons}
    lesson_ids = sorted({*lessons, *broken_lessons})

    known_sections: dict[str, list[tuple[str, bool]] | None] = {}
    section_ids: dict[str, set[str]] = {}

    def sections_of(lesson_id: str) -> list[tuple[str, bool]] | None:
        """(id, a trainee page) of each section of a lesson, loaded or not (None: unknown)."""
        if lesson_id not in known_sections:
            lesson = lessons.get(lesson_id)
            if lesson is not None:
                known_sections[lesson_id] = [(page.id, page.trainee) for page in lesson.pages]
            else:
                known_sections[lesson_id] = broken_lessons[lesson_id].sections
            section_ids[lesson_id] = {found for found, _ in known_sections[lesson_id] or []}
        return known_sections[lesson_id]

    def pack_problems(path: str, lines: LineIndex | None, listed: Iterable[tuple[int, str]],
                      questions: Iterable[tuple[int, str | None, str | None, str | None]]) -> None:
        def line(loc: tuple[Any, ...]) -> int | None:
            return lines.line_for(loc) if lines is not None else None

        for index, listed_id in listed:
            if listed_id not in lessons and listed_id not in broken_lessons:
                problems.append(
                    Problem(path, f"no lesson has the id '{listed_id}'{_suggest(listed_id, lesson_ids)}",
                            line=line(("pack", "lessons")), field=f"pack.lessons[{index + 1}]",
                            code="reference")
                )
        for index, question_id, lesson_id, section in questions:
            if lesson_id is None:
                continue
            if lesson_id not in lessons and lesson_id not in broken_lessons:
                problems.append(
                    Problem(path, f"no lesson has the id '{lesson_id}'{_suggest(lesson_id, lesson_ids)}",
                            line=line(("questions", index, "lesson")), question=question_id,
                            field="lesson", code="reference")
                )
                continue
            sections = sections_of(lesson_id)
            if section is None or sections is None or section in section_ids[lesson_id]:
                continue
            ids = [found for found, _ in sections]
            problems.append(
                Problem(path,
                        f"lesson '{lesson_id}' has no section '{section}'{_suggest_section(section, ids)}",
                        line=line(("questions", index, "section")), question=question_id,
                        field="section", code="reference")
            )

    for pack in library.packs:
        if wanted(pack.path):
            pack_problems(pack.path, getattr(pack, "_lines", None), enumerate(pack.pack.lessons),
                          ((index, q.id, q.lesson, q.section) for index, q in enumerate(pack.questions)))
    for outline in partial_packs:
        if wanted(outline.path):
            pack_problems(outline.path, outline.lines, outline.lessons,
                          ((q.index, q.id, q.lesson, q.section) for q in outline.questions))

    packs = {pack.id: pack for pack in library.packs}
    broken_packs = {p.id: p for p in partial_packs if p.id is not None and p.id not in packs}
    checks: list[tuple[str, LineIndex | None, str, list[str]]] = []
    for lesson in library.lessons:
        check = lesson.meta.knowledge_check
        if check is not None:
            checks.append((lesson.path, getattr(lesson, "_lines", None), check.pack, list(check.questions)))
    for broken in partial_lessons:
        if broken.check_pack is not None:
            checks.append((broken.path, broken.lines, broken.check_pack, broken.check_questions))
    for path, lines, pack_id, question_ids in checks:
        if not wanted(path):
            continue

        def line(loc: tuple[Any, ...]) -> int | None:
            return lines.line_for(loc) if lines is not None else None

        checked = packs.get(pack_id)
        broken_pack = broken_packs.get(pack_id)
        if checked is None and broken_pack is None:
            if pack_id not in library.broken_pack_ids:  # else the pack's own errors say what is wrong
                problems.append(
                    Problem(path, f"no pack has the id '{pack_id}'{_suggest(pack_id, sorted(packs))}",
                            line=line(("knowledge_check", "pack")), field="knowledge_check.pack",
                            code="reference")
                )
            continue
        for question_id in question_ids:
            asked: tuple[str | None, str | None] | None
            if checked is not None:
                found = checked.question(question_id)
                asked = (found.lesson, found.section) if found is not None else None
            else:
                assert broken_pack is not None
                sketch = broken_pack.question(question_id)
                if sketch is None and not broken_pack.all_ids_known:
                    continue  # a question whose id is broken may be this one
                asked = (sketch.lesson, sketch.section) if sketch is not None else None
            if asked is None:
                problems.append(
                    Problem(path, f"pack '{pack_id}' has no question '{question_id}'",
                            line=line(("knowledge_check", "questions")),
                            field="knowledge_check.questions", code="reference")
                )
                continue
            asked_lesson, asked_section = asked
            known = None
            if asked_lesson is not None and (asked_lesson in lessons or asked_lesson in broken_lessons):
                known = sections_of(asked_lesson)
            page = next((found for found in known or [] if found[0] == asked_section), None)
            if page is not None and page[1]:
                problems.append(
                    Problem(path, f"question '{question_id}' is about the trainee page "
                            f"'{page[0]}', which learners on their own are offered but need not read: "
                            "a knowledge check asks about pages for everyone",
                            line=line(("knowledge_check", "questions")),
                            field="knowledge_check.questions", code="reference")
                )
    return problems
