"""`learnmeta list`: the lessons and packs, with their ids and titles."""

from __future__ import annotations

from learnmeta import paths
from learnmeta.cli.output import one_line, safe, shown_path
from learnmeta.content.library import load_library


def pages_words(lesson) -> str:
    """"9 pages and 2 for trainees": the pages read in turn as the lesson counts them ("page 1 of
    9"; the course track reads the trainee pages in turn too), not every page of the file."""
    pages = len(lesson.pages_for(None))
    trainee = len(lesson.pages) - pages
    words = f"{pages} page{'s' if pages != 1 else ''}"
    return words + (f" and {trainee} for trainees" if trainee else "")


def run(args) -> int:
    library = load_library()
    print("Lessons")
    for lesson in library.lessons:
        print(f"  {lesson.id:<36} {safe(lesson.title)}  ({pages_words(lesson)}, about {lesson.meta.estimated_minutes} min)")
    print()
    print("Question packs")
    user_dir = str(paths.user_packs_dir())
    for pack in library.packs:
        where = "  [your packs]" if pack.path.startswith(user_dir) else ""
        count = len(pack.questions)
        print(f"  {pack.id:<36} {safe(pack.title)}  ({count} questions){where}")
    errors = [p for p in library.errors if p.code != "packs-left-out"]
    if errors:
        files = sorted({shown_path(p.path) for p in errors})
        print()
        print(f"{len(files)} file(s) have problems; run `learnmeta validate` to see them:")
        for name in files:
            print(f"  {safe(one_line(name))}")
    for left_out in (p for p in library.errors if p.code == "packs-left-out"):
        print()
        print(f"{safe(one_line(shown_path(left_out.path)))}: {safe(left_out.message)}")
    return 1 if library.errors else 0
