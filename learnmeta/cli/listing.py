"""`learnmeta list`: the lessons and packs, with their ids and titles."""

from __future__ import annotations

from learnmeta import paths
from learnmeta.cli.output import one_line, safe, shown_path
from learnmeta.content.library import load_library


def run(args) -> int:
    library = load_library()
    print("Lessons")
    for lesson in library.lessons:
        pages = len(lesson.pages)
        print(f"  {lesson.id:<36} {safe(lesson.title)}  ({pages} pages, about {lesson.meta.estimated_minutes} min)")
    print()
    print("Question packs")
    user_dir = str(paths.user_packs_dir())
    for pack in library.packs:
        where = "  [your packs]" if pack.path.startswith(user_dir) else ""
        count = len(pack.questions)
        print(f"  {pack.id:<36} {safe(pack.title)}  ({count} questions){where}")
    errors = library.errors
    if errors:
        files = sorted({shown_path(p.path) for p in errors})
        print()
        print(f"{len(files)} file(s) have problems; run `learnmeta validate` to see them:")
        for name in files:
            print(f"  {safe(one_line(name))}")
        return 1
    return 0
