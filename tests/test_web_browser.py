"""`symcheck serve` in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

Each page loads and typesets its math with the bundled KaTeX; a derivation typed with a
wrong step shows that step highlighted with its counterexample as matrices; an answer
is checked; a small class is uploaded, graded, sorted, and its export downloaded.
Skipped, with the reason, when chromium is not installed (`.ci/run` installs it; Playwright
comes with the dev extra).
"""
import csv
import os
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)", allow_module_level=True)

from playwright import sync_api  # noqa: E402  (the dev extra: a missing Playwright is an error, not a skip)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "symcheck", "web", "examples")
SLOW = 120_000     # ms: a check on a loaded machine

WRONG_DERIVATION = r"""# Transpose of a product

```symcheck
A: matrix n×n
B: matrix n×n
x: vector n
```

$$\|A x\|^2 = x^T A^T A x$$

$$(A B x)^T = x^T A^T B^T$$
"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, symcheck_server):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.base = symcheck_server.url
    yield page
    context.close()
    unexpected = [e for e in errors if "status of 400" not in e]     # a refused input is a 400, shown in the page
    assert not unexpected, f"errors in the page: {unexpected}"


@pytest.mark.parametrize("path, heading", [("/", "Check a derivation"), ("/check", "Check an answer"),
                                           ("/grade", "Grade a class")])
def test_each_page_loads(page, path, heading):
    page.goto(page.base + path)
    assert page.inner_text("h1") == heading
    assert page.evaluate("typeof katex") == "object", "KaTeX is loaded from the package"


def test_the_example_derivation_is_checked_on_load_and_typeset(page):
    page.goto(page.base + "/")
    page.wait_for_selector(".sc-step", timeout=SLOW)
    assert page.locator(".sc-step .katex").count() >= page.locator(".sc-step").count()
    first = page.locator(".sc-step.sc-first")
    assert first.count() == 1 and first.get_attribute("data-line") == "14"


def test_typing_a_derivation_with_a_wrong_step_shows_it_with_its_counterexample(page):
    page.goto(page.base + "/")
    page.wait_for_selector(".sc-step", timeout=SLOW)
    page.fill("#derivation", "")
    page.type("#derivation", WRONG_DERIVATION, delay=2)          # typed: the debounced live check runs
    first = page.wait_for_selector(".sc-step.sc-first[data-line='11']", timeout=SLOW)
    assert "refuted" in first.inner_text()
    cx = page.locator(".sc-step.sc-first .sc-cx")
    assert "Counterexample" in cx.inner_text()
    assert cx.locator(".katex").count() >= 3, "the dimensions, the values and both sides are typeset"
    assert cx.locator(".katex .mtable").count() >= 1, "matrices are typeset as matrices"
    proved = page.locator(".sc-step[data-line='9']")
    assert proved.get_attribute("data-status") == "proved"
    page.click(".sc-step.sc-first summary")                        # "read as", on demand
    assert "(A B x)ᵀ" in page.inner_text(".sc-step.sc-first .sc-read-body")
    page.click(".sc-step.sc-first .sc-line")                       # the line number selects the line
    selected = page.evaluate("(() => { const t = document.querySelector('#derivation');"
                             " return t.value.slice(t.selectionStart, t.selectionEnd); })()")
    assert selected == "$$(A B x)^T = x^T A^T B^T$$"


def test_the_check_button_rechecks_after_an_edit(page):
    page.goto(page.base + "/")
    page.wait_for_selector(".sc-step", timeout=SLOW)
    page.uncheck("#live")
    page.fill("#derivation", WRONG_DERIVATION.replace("x^T A^T B^T", "x^T B^T A^T"))
    page.click("#verify-button")
    page.wait_for_selector(".sc-summary.sc-ok", timeout=SLOW)
    assert "Every step checked" in page.inner_text(".sc-summary")
    assert page.locator(".sc-step[data-status='proved']").count() == 2 and page.locator(".sc-first").count() == 0


def test_checking_an_answer_shows_the_verdict_the_hint_and_the_counterexample(page):
    page.goto(page.base + "/check")
    page.fill("#answer", r"X^\top (X X^\top + \lambda I)^{-1} y")
    page.click("#check-button")
    page.wait_for_selector(".sc-answer[data-status='equivalent']", timeout=SLOW)
    page.fill("#answer", r"2(X^\top X + \lambda I)^{-1} X^\top y")
    page.click("#check-button")
    answer = page.wait_for_selector(".sc-answer[data-status='not_equivalent']", timeout=SLOW)
    text = answer.inner_text()
    assert "not equivalent" in text and "off by a factor 2" in text and "Counterexample" in text
    assert page.locator(".sc-answer .sc-cx .katex").count() >= 3


def test_a_bad_reference_is_explained(page):
    page.goto(page.base + "/check")
    page.fill("#ref", r"(X^\top X")
    page.click("#check-button")
    notice = page.wait_for_selector(".sc-summary.sc-parse", timeout=SLOW)
    assert "the reference cannot be used" in notice.inner_text()


def test_grading_a_class_shows_a_sortable_table_and_downloads_its_export(page):
    page.goto(page.base + "/grade")
    page.set_input_files("#reference-file", os.path.join(EXAMPLES, "homework.ref"))
    page.set_input_files("#answers-file", os.path.join(EXAMPLES, "answers.csv"))
    page.click("#grade-button")
    page.wait_for_selector("#sc-student-table", timeout=SLOW)
    assert page.get_attribute("#grade-bar", "value") == "1"
    assert "15 answers graded" in page.inner_text("#grade-count")
    students = lambda: page.eval_on_selector_all("#sc-student-table tbody tr",
                                                 "rows => rows.map(r => r.dataset.student)")
    assert students() == ["ada", "ben", "cleo", "dan", "eve"]
    page.click("#sc-student-table th:has-text('student')")
    assert students() == ["ada", "ben", "cleo", "dan", "eve"]
    page.click("#sc-student-table th:has-text('student')")
    assert students() == ["eve", "dan", "cleo", "ben", "ada"]
    page.click("#sc-student-table th:has-text('correct')")
    scores = page.eval_on_selector_all("#sc-student-table tbody tr td:last-child",
                                       "cells => cells.map(c => +c.textContent)")
    assert scores == sorted(scores) and scores[-1] == 3
    page.click("tr[data-student='cleo'] td:nth-child(2) button")   # cleo's ridge answer: twice the reference
    detail = page.wait_for_selector("#cell-detail:not([hidden])")
    assert "off by a factor 2" in detail.inner_text() and page.locator("#cell-detail .katex").count() >= 3
    with page.expect_download() as download:
        page.click("#export-csv")
    path = download.value.path()
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 15 and {r["student"] for r in rows} == {"ada", "ben", "cleo", "dan", "eve"}
    assert next(r for r in rows if (r["student"], r["question"]) == ("cleo", "ridge"))["status"] == "not_equivalent"
    assert "/grade?job=" in page.url                                   # the results have an address
    page.goto(page.url)
    page.wait_for_selector("#sc-student-table", timeout=SLOW)
    assert students() == ["ada", "ben", "cleo", "dan", "eve"]
