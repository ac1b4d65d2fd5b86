"""An exam left unsubmitted whose start time in the progress file is at the very end of the
calendar (a hand-edited or damaged file): carrying it on says something sensible instead of
crashing on the clock (OverflowError on start + time limit): its clock starts now, as it does
for any start later than now (a clock put back, or an edit to get more time)."""

from __future__ import annotations

import re

from learnmeta.content.loader import load_pack
from test_plain_mode import demo_pack, home, plain, typed  # noqa: F401 - fixture


def test_an_exam_started_at_the_end_of_time_carries_on_without_a_crash(demo_pack):  # noqa: F811
    pack = load_pack(demo_pack)
    q = pack.questions
    status, out, err = plain("--plain", "quiz", "demo", "--exam",
                             stdin="\n".join([typed(q[0], True), "quit"]) + "\n")
    assert status == 0, err
    path = home() / "learners" / "default.toml"
    text = path.read_text(encoding="utf-8")
    attempt = text.index("exam = true")
    start = text.rindex("started = ", 0, attempt)
    text = text[:start] + re.sub(r"started = [0-9T:+Z-]+", "started = 9999-12-31T23:59:00Z", text[start:], count=1)
    if "time_limit_minutes" not in text[start:]:
        text = text.replace("exam = true", "exam = true, time_limit_minutes = 600", 1)
    path.write_text(text, encoding="utf-8")
    status, out, err = plain("--plain", "quiz", "demo", "--exam", stdin="time\nquit\n")
    assert status == 0, err + out
    assert "Traceback" not in err
    assert "Welcome back. Your exam carries on" in out
    assert re.search(r"Welcome back.*(599|600) minutes left", out), out  # its clock starts now
