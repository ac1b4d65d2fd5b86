"""Attacks on what landed in round 6: validate's one round (the sound parts of a file that did
not load, a broken TOML's id read line by line), validate's exit statuses, report's bound over
learners' files, export --lrs's stops. Each asserts a promise an author, instructor or learner
would notice: an exit status and a message naming the file, never a crash; text shown as text."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
import tomli_w

from factories import LESSON, LESSON_ID, pack_data, write_lesson, write_pack
from learnmeta.cli import main
from test_export_time_limit import env, learner  # noqa: F401 - fixtures

_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A control character (ESC, BEL, C1's CSI/OSC/ST...) that would reach the terminal raw."""


def run(capsys, *args) -> tuple[int, str, str]:
    status = main([*map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def assert_inert(status: int, out: str, err: str, expected: int = 1) -> None:
    """The command ended with the documented status, no crash report, nothing raw."""
    assert "a problem in learnmeta itself" not in err, err
    assert "Traceback" not in out + err
    assert status == expected, (status, out, err)
    assert not _RAW.search(out.replace("\n", "").replace("\t", "")), repr(out)
    assert not _RAW.search(err.replace("\n", "").replace("\t", "")), repr(err)


def broken_lesson_front(extra: str) -> str:
    """The test lesson with ``extra`` added to its front matter (its TOML)."""
    return LESSON.replace("reviewed = 2026-11-01\n", f"reviewed = 2026-11-01\n{extra}\n", 1)


# --------------------------------------------------------------------------------------------
# The sound parts of a file that did not load (content/partial.py) and peek_id
# --------------------------------------------------------------------------------------------

HOSTILE_IDS = ["s\x1b[31mred", "s\x9b31mc1", "s\x1b]0;title\x07", "s\x1b]8;;https://x.test\x1b\\link", "s\x9d0;t\x9c"]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
def test_a_broken_lessons_section_ids_listed_in_a_suggestion_reach_no_terminal(tmp_path, capsys, hostile):
    """A lesson whose front matter is broken keeps its headings' ids for the checks across
    files; a question naming a section it does not have is told the lesson's sections. Ids
    holding escape sequences (the heading's {#...} is any text) are listed without them."""
    lesson = broken_lesson_front("order = 'not a number'")
    lesson = lesson.replace("{#s1}", "{#" + hostile + "}").replace("{#s2}", "{#" + hostile + "2}")
    write_lesson(tmp_path, lesson)
    data = pack_data()
    data["questions"][0]["section"] = "nothing-like-it"
    write_pack(tmp_path, data)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "has no section 'nothing-like-it'" in out, out


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_a_broken_lesson_with_other_line_ends_is_refused_with_its_file_named(tmp_path, capsys, ending):
    """CRLF and CR-only line ends in a lesson whose TOML does not parse."""
    lesson = broken_lesson_front("broken = [").replace("\n", ending)
    write_lesson(tmp_path, lesson)
    write_pack(tmp_path)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "lesson.md" in out


@pytest.mark.parametrize("body", [
    b"\xef\xbb\xbf[pack]\nid = \"test-pack\"\nbroken = [\n",           # a byte order mark
    b"[pack]\nid = \"test-pack\"\x00\nbroken = [\n",                   # NUL
    b"[pack]\nid = \"test-pack\"\nname = \"\xff\xfe\"\n",               # not UTF-8
    b"[pack]\r\nid = \"test-pack\"\r\nbroken = [\r\n",                # CRLF
    b"[pack]\rid = \"test-pack\"\rbroken = [\r",                      # CR only
    b"[pack]\nid = \"test-pack\"\nx = " + b"[" * 200_000 + b"\n",    # deep nesting
    b"[" * 100_000 + b"pack" + b"]" * 100_000 + b"\nid = \"test-pack\"\n=\n",
    b"[pack]\n" + b" " * 1_000_000 + b"id = \"test-pack\" \n=\n",      # a long line of spaces
    b"[pack]\nid = \"test-pack\" #" + "\u202e\u2066".encode() * 100_000 + b"\n=\n",
    b"[pack]\nid = \"" + b"a" * 1_000_000 + b"\"\n=\n",                # an id far too long
    b"[pack]\nid = \"test\x1b[2Jpack\"\n=\n",                          # an id with an escape
])
def test_a_pack_whose_toml_does_not_parse_beside_a_lesson_checking_it(tmp_path, capsys, body):
    """The lesson's knowledge check names the pack; the pack's id is read line by line from a
    file that does not parse, whatever its bytes: the pack's own error is said, with the file's
    name, and nothing raises."""
    write_lesson(tmp_path)
    (tmp_path / "pack.toml").write_bytes(body)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "pack.toml" in out


def test_a_pack_whose_toml_does_not_parse_and_whose_id_is_a_built_in_ones(tmp_path, capsys):
    """The id read line by line is a built-in pack's: the broken file's error is said, and the
    built-in pack is not told its id is taken (a built-in id is reserved, not lost)."""
    from learnmeta.content.library import load_library

    builtin = load_library().packs[0]
    (tmp_path / "pack.toml").write_text(f'[pack]\nid = "{builtin.id}"\nbroken = [\n', encoding="utf-8")
    status, out, err = run(capsys, "validate", tmp_path / "pack.toml")
    assert_inert(status, out, err)
    assert all("pack.toml" in line for line in out.splitlines() if ": error: " in line), out


def test_a_lesson_whose_toml_does_not_parse_takes_no_id_from_a_later_table(tmp_path, capsys):
    """peek_id reads an id before any table only: an id inside [[sources]] is not the lesson's.
    The pack's questions on the lesson's id are told it does not exist (nothing of that id)."""
    lesson = LESSON.replace('id = "test-lesson"\n', "").replace(
        'title = "A source"', 'title = "A source"\nid = "test-lesson"\nbroken = [')
    write_lesson(tmp_path, lesson)
    write_pack(tmp_path)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert f"no lesson has the id '{LESSON_ID}'" in out, out


def test_millions_of_empty_questions_in_a_broken_pack(tmp_path, capsys):
    """A pack of 30,000 empty [[questions]] (more than the 20,000 a pack may have) beside a
    lesson checking it: refused with its file named, no crash."""
    write_lesson(tmp_path)
    text = tomli_w.dumps({k: v for k, v in pack_data().items() if k != "questions"})
    (tmp_path / "pack.toml").write_text(text + "[[questions]]\n" * 30_000, encoding="utf-8")
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "pack.toml" in out


def test_a_knowledge_check_on_a_broken_pack_of_many_questions(tmp_path, capsys):
    """A broken pack of 5,000 questions (each with its own id) and a knowledge check naming
    them: the question the check asks for that the pack lacks is named; nothing raises."""
    data = pack_data()
    single = data["questions"][0]
    data["questions"] = [{**single, "id": f"q{i}"} for i in range(5000)]
    data["pack"]["pass_mark"] = 500  # the pack's one error
    write_pack(tmp_path, data)
    lesson = LESSON.replace('questions = ["q-single", "q-true-false"]', 'questions = ["q1", "q4999", "q-gone"]')
    write_lesson(tmp_path, lesson)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "pack 'test-pack' has no question 'q-gone'" in out, out
    assert "has no question 'q1'" not in out and "has no question 'q4999'" not in out


class _CountedId(str):
    """An id that counts how often it is compared (a str subclass: dicts hash it as the str)."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountedId.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_ids_of_files_that_did_not_load_are_checked_in_linear_time():
    """_check_ids (then _check_partial_ids) looked, for each loaded lesson whose id a broken file read before it
    uses, through every file for that broken one: n loaded lessons, each after a broken lesson
    of its id, took n x 2n comparisons (8,000 pairs of files: 17 s of a 27 s validate). The
    comparisons of ids are counted, not timed: they grow as the files, not as their square."""
    from learnmeta.content.library import _check_ids
    from learnmeta.content.toml_lines import LineIndex

    lines = LineIndex('id = "x"\n')

    def comparisons(n: int) -> int:
        ids = [_CountedId(f"l{i}") for i in range(n)]
        loaded = [SimpleNamespace(path=f"b{i}.md", id=ids[i], _lines=lines) for i in range(n)]
        broken = [SimpleNamespace(path=f"a{i}.md", id=ids[i], lines=lines) for i in range(n)]
        order = {}
        for i in range(n):
            order[f"a{i}.md"] = 2 * i
            order[f"b{i}.md"] = 2 * i + 1
        loading = SimpleNamespace(
            library=SimpleNamespace(lessons=loaded, packs=[]), partial_lessons=broken, partial_packs=[],
            order=order, targets=set(order), builtin=set())
        _CountedId.compared = 0
        problems = _check_ids(loading)
        assert len(problems) == n
        assert all("is also used by a" in p.message for p in problems)
        return _CountedId.compared

    small, large = comparisons(200), comparisons(800)
    assert large <= 4 * small + 100, (small, large)


def test_a_broken_lesson_of_many_headings_is_not_searched_once_per_question(tmp_path, capsys, monkeypatch):
    """A lesson that did not load kept every heading's id as its sections, however many: a
    lesson of 16,000 headings (about 100 kB) beside a pack of 2,000 questions naming sections
    it lacks made validate compare each question's section with every heading and look for the
    nearest among them all: 77 s of CPU, and a file of 32 MB forever. A lesson may have 60
    pages; more is its own error, said, and its sections are not checked against. The section
    names searched for suggestions are counted, not timed."""
    import difflib

    searched = []
    real = difflib.get_close_matches

    def counted(word, possibilities, *args, **kwargs):
        searched.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    lesson = LESSON.replace("order = 99", "order = 'x'") + "".join(f"## P{i}\n" for i in range(600))
    write_lesson(tmp_path, lesson)
    data = pack_data()
    single = data["questions"][0]
    data["questions"] = [{**single, "id": f"q{i}", "section": f"p{i}x"} for i in range(50)]
    write_pack(tmp_path, data)
    status, out, err = run(capsys, "validate", tmp_path)
    assert_inert(status, out, err)
    assert "lesson.md:2: error: 'pages' has too many items: at most 60" in out, out
    assert "'order' should be a whole number" in out
    assert sum(searched) <= 50 * 60, sum(searched)


class _CountedWhen(str):
    """A time that counts how often it is compared."""

    compared = 0

    def __lt__(self, other):
        _CountedWhen.compared += 1
        return str.__lt__(self, other)

    def __gt__(self, other):
        _CountedWhen.compared += 1
        return str.__gt__(self, other)


def test_answers_given_newest_first_are_sorted_once_not_at_each_answer():
    """An LRS gives statements newest first unless asked otherwise, and a file may too: each
    answer earlier than the one before it sorted the learner's whole list of answers to that
    question again, n answers n times (a 3 MB CSV of 80,000 answers newest first: 117 s of CPU
    for one report). The comparisons of times are counted, not timed; the answers end in time
    order, as before."""
    import datetime as dt

    from learnmeta.instructor.class_data import Answer, ClassData

    def comparisons(n: int) -> int:
        data = ClassData()
        start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        for i in range(n):
            answer = Answer(True, f"r{i}", (start - dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ"))
            object.__setattr__(answer, "when", _CountedWhen(answer.when))
            data.answer("learner", "pack", "q", answer)
        getattr(data, "settle", lambda: None)()
        answers = data.learners["learner"]["pack"].answers["q"]
        assert [a.response for a in answers] == [f"r{i}" for i in reversed(range(n))]
        found, _CountedWhen.compared = _CountedWhen.compared, 0
        return found

    _CountedWhen.compared = 0
    assert comparisons(2000) <= 30 * 2000


def test_a_report_on_answers_newest_first_is_the_report_on_them_oldest_first(tmp_path, capsys):
    rows = ["learner,pack,question,correct,response,when"]
    rows += [f"ann,p,q{i % 3},{'true' if i % 2 else 'false'},r{i},2026-01-01T00:{59 - i:02d}:00Z" for i in range(60)]
    (tmp_path / "newest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "oldest.csv").write_text("\n".join([rows[0], *reversed(rows[1:])]) + "\n", encoding="utf-8")
    reports = []
    for name in ("newest", "oldest"):
        status = main(["report", str(tmp_path / f"{name}.csv"), "--format", "json"])
        out, err = capsys.readouterr()
        assert status == 0, err
        reports.append(out.replace(name, "FILE"))
    assert reports[0] == reports[1]


class _ComparedWhen(_CountedWhen):
    def __eq__(self, other):
        _CountedWhen.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_the_same_answers_in_two_files_are_merged_without_looking_through_them_all():
    """A learner's answers in two files (a progress file after its export, or one file given
    twice): each answer of the second that the first holds looked through the first's answers
    to that question for the one to add its hints to, n answers n times (two copies of a 1 MB CSV
    of 20,000 answers: 55 s of CPU; 40,000: over 300 s). Counted, not timed; the hints the
    second file knows are kept, as before."""
    import datetime as dt

    from learnmeta.instructor.class_data import Answer, ClassData

    n = 2000
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

    def file(hints: int | None) -> ClassData:
        data = ClassData()
        for i in range(n):
            answer = Answer(i % 2 == 0, f"r{i}", (start + dt.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ"), hints)
            data.answer("learner", "pack", "q", answer)
            object.__setattr__(answer, "when", _ComparedWhen(answer.when))
            object.__setattr__(answer, "response", _ComparedWhen(answer.response))
        return data

    first, second = file(None), file(1)
    _CountedWhen.compared = 0
    first.merge(second)
    compared = _CountedWhen.compared
    answers = first.learners["learner"]["pack"].answers["q"]
    assert len(answers) == n and all(a.hints == 1 for a in answers)
    assert compared <= 30 * n, compared


# --------------------------------------------------------------------------------------------
# export --lrs's stops: an LRS whose answer is broken in ways the loopback LRSs did not try
# --------------------------------------------------------------------------------------------

HOSTILE_ANSWERS = {
    "closed mid-header": b"HTTP/1.1 200 OK\r\nContent-Ty",
    "200 headers": b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(200)) + b"\r\n",
    "a 100 kB header": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n",
    "a status line of escapes": b"HTTP/1.1 503 \x1b]0;owned\x07\x1b[2J\x9b31m\r\nContent-Length: 0\r\n\r\n",
    "a garbled status": b"\x1b[31mHELLO\r\n\r\n",
    "a 200 with no body": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n",
    "a body shorter than said": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[\"a",
}


@pytest.mark.parametrize("how", list(HOSTILE_ANSWERS))
def test_an_lrs_answering_the_second_batch_brokenly_stops_with_the_counts(learner, env, tmp_path, capsys, how):
    """The first batch stored (200 with its ids), the second answered as ``how`` on every try:
    the export stops with a documented status and the line saying what the LRS took, what may or
    may not have arrived and what was not stored; nothing the LRS sent reaches the terminal raw.
    A body shorter than its Content-Length was taken whole (http.client's read1 does not say it
    broke off): 'Sent 283 statement(s): 283 stored now', exit 0, though the LRS's answer was cut."""
    import json
    import socketserver

    from loopback import Loopback, request_line

    posts = []

    class Hostile(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(30)
            head = b""
            while b"\r\n\r\n" not in head:
                got = self.request.recv(1 << 16)
                if not got:
                    return
                head += got
            head, _, body = head.partition(b"\r\n\r\n")
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            while len(body) < length:
                body += self.request.recv(1 << 16)
            posts.append(head.split(b"\r\n", 1)[0])
            if len(posts) == 1:
                ids = json.dumps([s["id"] for s in json.loads(body)]).encode()
                self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                     b"Content-Length: %d\r\n\r\n%s" % (len(ids), ids))
            else:
                self.request.sendall(HOSTILE_ANSWERS[how])

    assert request_line  # the loopback module is the tests' own
    server = Loopback(Hostile)
    try:
        status = main(["export", "--format", "xapi", "--progress", str(learner), "--lrs", server.url])
    finally:
        server.close()
    out, err = capsys.readouterr()
    assert_inert(status, out, err, expected=status)
    assert status in (1, 69), (status, out, err, posts)
    assert "Sending stopped there: the LRS took 100 statement(s)" in err, err
    assert "Sent " not in out


# --------------------------------------------------------------------------------------------
# validate's exit statuses (f6b4126)
# --------------------------------------------------------------------------------------------


def test_validate_given_an_empty_name_is_a_usage_error_not_a_check_of_the_current_folder(
        tmp_path, capsys, monkeypatch):
    """`learnmeta validate "$FILE"` with FILE not set: the empty name read as "." and checked the
    current folder, which may be valid (exit 0: a CI job passed having checked nothing it meant
    to). A usage error now (2), as a name that does not exist."""
    write_lesson(tmp_path, LESSON)
    write_pack(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate", tmp_path)[0] == 0  # the folder is valid
    status, out, err = run(capsys, "validate", "")
    assert_inert(status, out, err, expected=2)
    assert "an empty name" in err and "checked" not in out


@pytest.mark.parametrize("args, expected", [
    (["missing.toml"], 2),
    (["missing.toml", "broken.toml"], 2),
    (["./missing.toml"], 2),
    (["--strict", "missing.toml"], 2),
    (["--format", "json", "missing.toml"], 2),
    (["dangling.toml"], 2),   # a named link to nothing: nothing was checked there
    (["folder"], 1),          # a link to nothing inside a named folder: invalid content
    (["broken.toml"], 1),
    (["\x1b[31m\x9b2J.toml"], 2),
])
def test_validate_exit_statuses_for_names_that_are_not_files(tmp_path, capsys, monkeypatch, args, expected):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere.toml")
    (tmp_path / "broken.toml").write_text('[pack]\nid = "x"\n=\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "validate", *args)
    assert_inert(status, out, err, expected=expected)


# --------------------------------------------------------------------------------------------
# The browser's screen-reader channel (learnmeta/app/announce.py): what reaches the sequence
# --------------------------------------------------------------------------------------------


def test_no_code_point_survives_into_the_announcement_that_could_end_or_start_a_sequence():
    """Every code point, each alone and all in runs, with a fake end of the sequence (BEL, ST as
    ESC \\ and as C1 0x9c) before it and a real escape sequence after: what is written is one
    ESC ] 7790 ; ... BEL holding no C0, DEL or C1 character and encodable as UTF-8."""
    from learnmeta.app.announce import ANNOUNCE_OSC, sequence

    opener = f"\x1b]{ANNOUNCE_OSC};"
    forbidden = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
    everything = "".join(chr(code) for code in range(0x110000))
    for start in range(0, len(everything), 300):
        text = "Right \x07\x1b\\\x9c\x1b[2J\x9b31m" + everything[start:start + 300] + "\x1b]0;owned\x07 end"
        said = sequence(text)
        assert said.startswith(opener) and said.endswith("\x07"), repr(said[:40])
        inner = said[len(opener):-1]
        assert not forbidden.search(inner), (start, repr(forbidden.search(inner).group()))
        said.encode("utf-8")
    for code in (0x07, 0x1B, 0x9B, 0x9C, 0x9D, 0x90, 0x98, 0x9E, 0x9F, 0x85, 0x2028, 0xFEFF, 0x202E):
        assert sequence(chr(code)) == ""  # nothing but a control: nothing is written
