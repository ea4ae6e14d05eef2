"""Take the screenshots of `symcheck serve` shown in the README and docs/web.md, with headless Chromium.

    python docs/screenshots/take_screenshots.py [--chromium /usr/bin/chromium]

Starts `symcheck serve` on a free port with a fresh data folder, opens each page in
Playwright-driven Chromium, does what a user would (the example derivation checked, an
answer checked, the example class graded and a verdict opened) and writes verify.png,
check.png and grade.png next to this script.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLES = os.path.join(ROOT, "symcheck", "web", "examples")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SLOW = 180_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")]))
        server = subprocess.Popen([sys.executable, "-m", "symcheck", "serve", "--port", str(port), "--data", data],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(url + "/static/favicon.svg", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
                page.goto(url + "/")
                page.wait_for_selector(".sc-step.sc-first", timeout=SLOW)
                page.click(".sc-step.sc-first summary")
                page.screenshot(path=os.path.join(HERE, "verify.png"), full_page=True)

                page.goto(url + "/check")
                page.click("#check-button")
                page.wait_for_selector(".sc-answer", timeout=SLOW)
                page.click(".sc-answer summary")
                page.screenshot(path=os.path.join(HERE, "check.png"), full_page=True)

                page.goto(url + "/grade")
                page.set_input_files("#reference-file", os.path.join(EXAMPLES, "homework.ref"))
                page.set_input_files("#answers-file", os.path.join(EXAMPLES, "answers.csv"))
                page.click("#grade-button")
                page.wait_for_selector("#sc-student-table", timeout=SLOW)
                page.click("#sc-student-table th:has-text('correct')")
                page.click("#sc-student-table th:has-text('correct')")
                page.click("tr[data-student='cleo'] td:nth-child(2) button")
                page.wait_for_selector("#cell-detail:not([hidden]) .katex")
                page.screenshot(path=os.path.join(HERE, "grade.png"), full_page=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    for name in ("verify.png", "check.png", "grade.png"):
        print(os.path.join(HERE, name))


if __name__ == "__main__":
    main()
