"""Voilà: time to the first lesson text and to the first widget, course page vs one widget.

Issue #14: a participant used to wait 5-12 s on a blank "Running…" spinner. The course's
template (voila.json: GOV.UK page, progressive rendering, the lesson text sent before the kernel
starts) should show a topic's text about as soon as a one-widget notebook's, and its first
widget not much later. One Voilà serves a copy of the course with its own voila.json; a second
serves the same copy with Voilà's stock lab template and no progressive rendering, for scale.
Each page load is timed in chromium from navigation start to (a) the first heading painted and
(b) the first widget rendered, round after round, interleaved; medians are printed with the
ratio to the one-widget notebook under the same template (goal: at most 1.3). The topics are
01 (the longest page: about 2,200 words, a sorter, checks and diagrams), 02 (the health check's
grid) and 08 (a questionnaire first).

    .venv/bin/python benchmarks/voila_first_text.py [rounds]
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {
    "topic 01": "01_roles_and_responsibilities.ipynb",
    "topic 02": "02_expectations_and_perspectives.ipynb",
    "topic 08": "08_building_trust.ipynb",
}
ONE = "one_widget.ipynb"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# Times (ms since navigation start) when the first heading is painted with a size, and when the
# first widget view is in the page; recorded by the page itself, so polling adds no delay.
WATCH = """
(() => {
  window.__cg = {};
  const look = () => {
    const now = performance.now();
    const h1 = document.querySelector('.jp-RenderedMarkdown h1');
    if (!window.__cg.text && h1 && h1.getClientRects().length
        && getComputedStyle(h1).visibility !== 'hidden'
        && !h1.closest('[style*="display: none"]')) window.__cg.text = now;
    if (!window.__cg.widget && document.querySelector('.jp-OutputArea-output .jupyter-widgets'))
      window.__cg.widget = now;
    if (!(window.__cg.text && window.__cg.widget)) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
"""


def one_widget_notebook() -> dict:
    """A notebook with a heading, a paragraph and one course widget: the least a page can be."""
    return {
        "cells": [
            {"cell_type": "markdown", "id": "one-00", "metadata": {},
             "source": "# One widget\n\nA heading, a paragraph and one widget."},
            {"cell_type": "code", "id": "one-01", "metadata": {}, "outputs": [],
             "execution_count": None, "source": 'import widgets\nwidgets.questionnaire("trust")'},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(folder: Path, home: Path, extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "COMMONGROUND_HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "cfg")}
    process = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--ServerApp.allow_root=True", *extra],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/voila/tree", timeout=5).close()
            return process, base
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("Voilà did not start") from None
            time.sleep(0.3)


def measure(browser, url: str) -> tuple[float, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto(url, wait_until="commit")
    try:
        page.wait_for_function(
            "() => window.__cg && window.__cg.text && window.__cg.widget", timeout=180_000
        )
    except Exception as err:
        seen = page.evaluate("() => window.__cg")
        raise RuntimeError(f"{url} never showed its text and a widget (saw {seen})") from err
    times = page.evaluate("() => window.__cg")
    context.close()
    return times["text"] / 1000, times["widget"] / 1000


def main(rounds: int) -> None:
    from widgets.profile import save_profile

    work = Path(tempfile.mkdtemp(prefix="cg-voila-bench-"))
    servers = []
    try:
        course = work / "course"
        shutil.copytree(ROOT / "notebooks", course, ignore=shutil.ignore_patterns("*.json*"))
        shutil.copy(ROOT / "voila.json", course / "voila.json")
        (course / ONE).write_text(json.dumps(one_widget_notebook()), encoding="utf-8")
        home = work / "home"
        save_profile(path=home / "profile.json", role="officer", jurisdiction="england")
        ours = start(course, home, [])
        stock_args = [
            "--VoilaConfiguration.template=lab",
            "--VoilaConfiguration.progressive_rendering=False",
        ]
        stock = start(course, home, stock_args)
        servers = [ours[0], stock[0]]
        pages = {
            f"{template}, {name}": f"{base}/voila/render/{notebook}"
            for template, base in (("course template", ours[1]), ("stock lab template", stock[1]))
            for name, notebook in {**TOPICS, "one widget": ONE}.items()
        }
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for url in pages.values():  # a first, unmeasured load of each warms the caches
                measure(browser, url)
            for _ in range(rounds):
                for name, url in pages.items():
                    samples[name].append(measure(browser, url))
            browser.close()
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    medians = {
        name: tuple(statistics.median(s[i] for s in values) for i in (0, 1))
        for name, values in samples.items()
    }
    print(f"Voilà, median of {rounds} interleaved loads (s from navigation start)")
    print(f"  {'page':<32} {'first text':>10} {'first widget':>13}")
    for name, (text, widget) in medians.items():
        print(f"  {name:<32} {text:10.2f} {widget:13.2f}")
    for template in ("course template", "stock lab template"):
        one = medians[f"{template}, one widget"]
        for name in TOPICS:
            topic = medians[f"{template}, {name}"]
            print(
                f"  {template}: {name} / one widget = {topic[0] / one[0]:.2f} (first text), "
                f"{topic[1] / one[1]:.2f} (first widget)"
            )
    for name in TOPICS:
        ours, stock = medians[f"course template, {name}"], medians[f"stock lab template, {name}"]
        print(f"  {name}, course / stock template: first text {ours[0] / stock[0]:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
