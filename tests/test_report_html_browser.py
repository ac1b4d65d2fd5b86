"""`learnmeta report --format html` opened in a real browser (headless Chromium via Playwright, as
tests/test_serve_browser.py starts it): the page renders its tables and histogram, holds no
script, asks for nothing over the network, shows hostile text from handed-in files as text, and
prints (the print style sheet, to PDF)."""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pytest

from learnmeta.cli import main

CHROMIUM = os.environ.get("LEARNMETA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).is_file():
    pytest.skip("Chromium is not installed: apt-get install chromium (or set LEARNMETA_CHROMIUM "
                "to a Chromium's path)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'")

HOSTILE_ID = "<script>document.title='owned'</script>"
HOSTILE_ANSWER = '<img src="http://127.0.0.1:9/tracker.png" onerror="document.title=\'owned\'">'


@pytest.fixture
def report_page(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNMETA_HOME", str(tmp_path / "home"))
    from class_helpers import make_class

    folder = tmp_path / "class"
    make_class(folder, 8, ["what-is-metastatic-cancer"])
    hostile = folder / "hostile.csv"
    with hostile.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "pack", "question", "response", "correct", "when", "hints_used"])
        for n in range(3):
            writer.writerow([f"h{n}", "hostile-pack", HOSTILE_ID, HOSTILE_ANSWER, "false",
                             f"2026-11-2{n}T10:00:00Z", "1"])
            writer.writerow([f"h{n}", "hostile-pack", "plain", "x", "true" if n else "false",
                             f"2026-11-2{n}T10:01:00Z", "0"])
    page = tmp_path / "out" / "report.html"
    assert main(["report", str(folder), "--format", "html", "-o", str(page)]) == 0
    return page


def test_the_html_report_is_one_file_without_scripts_and_escapes_what_files_hold(report_page):
    text = report_page.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""\b(src|href|action|data)\s*=\s*["']?\w""", text)  # nothing to fetch
    assert "&lt;script&gt;" in text and "&lt;img src=" in text
    assert "default-src 'none'" in text and "@media print" in text
    assert text.count("<svg") == 1  # one pack finished quizzes: one histogram


def test_the_html_report_renders_in_chromium_with_no_request_and_prints(report_page, tmp_path):
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(report_page.as_uri())
            assert page.title() == "Class report"  # no script ran to change it
            assert page.locator("h1").inner_text() == "Class report"
            assert page.locator("script").count() == 0
            assert page.locator("svg rect.bar").count() == 10
            section = page.locator("section", has_text="Pack what-is-metastatic-cancer")
            questions = section.locator("table.questions")
            assert questions.locator("tbody tr").count() == 21
            assert questions.is_visible()
            body = page.locator("body").inner_text()
            assert HOSTILE_ID in body  # shown as the text it is
            assert "KR-20" in body and "Discriminative efficiency" in body
            assert page.locator("table.tags").count() == 1 and page.locator("table.misconceptions").count() == 1
            box = page.locator("svg").bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 80
            page.emulate_media(media="print")
            pdf = tmp_path / "report.pdf"
            page.pdf(path=str(pdf), format="A4")
            assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
        finally:
            browser.close()
    assert requests == [report_page.as_uri()]
