"""Script in a submission, opened by the facilitator in nbgrader's real formgrader in chromium.

A hostile participant of the kit course adds a markdown cell with ``<img src=x onerror=...>``, a
``javascript:`` link, a raw cell holding ``<script>``, and a code cell whose outputs (made at
autograde) are HTML with ``onerror``, SVG with script and a JavaScript output. Each payload, if
it ran, would write a file into the course folder through ``PUT /api/contents`` with the
facilitator's session, as in the issue. The facilitator's server (``jupyter server`` in the course
folder, nbgrader's formgrader enabled as installed) serves the graded submission; the test opens
it, checks nothing fired and nothing was written, that the page still works (nbgrader's own
scripts ran and filled in the scores), and, as a control, that the same payload run by hand in
that page does write its file. The generated feedback is checked for the same payloads.
"""

from __future__ import annotations

import os
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from tests.browser.servers import Server, _launch, _wait_until_answering, free_port

from .kit import KIT_ASSIGNMENT, edit_cells, make_course, person, take_part

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "grading"


def payload(name: str) -> str:
    """JavaScript that writes ``name`` into the server's root with the page's session."""
    return (
        "fetch('/api/contents/" + name + "',{method:'PUT',headers:{'Content-Type':"
        "'application/json','X-XSRFToken':(document.cookie.match(/_xsrf=([^;]+)/)||[])[1]||''},"
        "body:JSON.stringify({type:'file',format:'text',content:'pwned'})});"
        "window.__pwned=(window.__pwned||0)+1;"
    )


NAMES = ["pwned-md-img.txt", "pwned-md-link.txt", "pwned-raw.txt", "pwned-html-out.txt",
         "pwned-svg-out.txt", "pwned-js-out.txt", "pwned-md-svg.txt"]  # fmt: skip


def hostile(path: Path) -> None:
    def change(nb) -> None:
        md = (
            f'Here is my work <img src=x onerror="{payload(NAMES[0])}">\n\n'
            f"[click me](javascript:{payload(NAMES[1])})\n\n"
            f"<svg><script>{payload(NAMES[6])}</script></svg>\n\n"
            f"<b>bold</b> and $\\href{{javascript:{payload(NAMES[1])}}}{{x}}$"
        )
        code = (
            "from IPython.display import HTML, SVG, Javascript, display\n"
            f"display(HTML('<img src=x onerror=\"{payload(NAMES[3])}\">'.replace('\"', '\"')))\n"
            'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg"><script>'
            f"{payload(NAMES[4])}</script></svg>'))\n"
            f'display(Javascript("{payload(NAMES[5])}"))'
        )
        nb.cells[1:1] = [
            nbformat.v4.new_markdown_cell(md),
            nbformat.v4.new_raw_cell(f"<script>{payload(NAMES[2])}</script>"),
            nbformat.v4.new_code_cell(code),
        ]

    edit_cells(path, change)


def start_formgrader(course: Path, base: Path) -> Server:
    port, token = free_port(), "cg-formgrader-" + os.urandom(8).hex()
    home = base / "home"
    home.mkdir(parents=True, exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "jupyter-server"),
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={course}",
        "--ServerApp.allow_root=True",
    ]
    server = _launch("formgrader", base, home, course, command, token, port)
    _wait_until_answering(server, "/api/status")
    return server


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from widgets.facilitate.course import Course
    from widgets.facilitate.feedback import feedback
    from widgets.facilitate.grade import grade
    from widgets.facilitate.release import release

    top = tmp_path_factory.mktemp("xss")
    root = make_course(top)
    course = Course(root)
    release(course, KIT_ASSIGNMENT)
    take_part(
        course, KIT_ASSIGNMENT, person("p-hostile"), top / "homes", correct=True, edit=hostile
    )
    from widgets.facilitate.collect import collect

    collect(course, KIT_ASSIGNMENT)
    summary = grade(course, KIT_ASSIGNMENT, jobs=1)
    assert not summary.ungradable, [o.sentence() for o in summary.outcomes]
    released = feedback(course, KIT_ASSIGNMENT, include_pending=True, include_held=True)
    with course.gradebook() as gb:
        submission = gb.find_submission_notebook(KIT_ASSIGNMENT, KIT_ASSIGNMENT, "p-hostile")
        submission_id = submission.id
    return {"root": root, "top": top, "id": submission_id, "feedback": released}


def test_payloads_fire_nothing_in_the_real_formgrader(graded, browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    root: Path = graded["root"]
    server = start_formgrader(root, graded["top"] / "server")
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    context.set_default_timeout(60_000)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{server.base}/api/status?token={server.token}")  # signs the browser in
        response = page.goto(f"{server.base}/formgrader/submissions/{graded['id']}/")
        assert response is not None and response.ok, server.log()[-3000:]
        policy = response.headers.get("content-security-policy", "")
        assert (
            "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
        ), policy
        page.wait_for_load_state("networkidle")
        # nbgrader's own scripts ran: formgrade.js put each score from the gradebook in its box
        page.wait_for_function(
            "() => [...document.querySelectorAll('input.score')].some(i => i.placeholder !== '')"
        )
        page.get_by_text("Here is my work").first.wait_for()
        page.get_by_text("click me").first.click(no_wait_after=True)  # its href was stripped
        time.sleep(1.5)  # any fetch a payload started has landed by now
        page.screenshot(path=str(ARTIFACTS / "formgrader-hostile.png"), full_page=True)
        (ARTIFACTS / "formgrader-console.txt").write_text("\n".join(console), encoding="utf-8")
        assert page.evaluate("window.__pwned || 0") == 0
        assert dialogs == []
        written = sorted(p.name for p in root.glob("pwned-*"))
        assert written == [], written
        # control: the same payload does work in this page when something runs it
        page.evaluate(payload("pwned-control.txt"))
        deadline = time.monotonic() + 20
        while not (root / "pwned-control.txt").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (root / "pwned-control.txt").exists(), console
    finally:
        (ARTIFACTS / "formgrader-console.txt").write_text("\n".join(console), encoding="utf-8")
        (ARTIFACTS / "formgrader-page.html").write_text(page.content(), encoding="utf-8")
        context.close()
        server.stop()


class LiveParts(HTMLParser):
    """Elements and attributes of a page that could run script (text never counts)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._script = tag == "script"
        if tag in ("svg", "iframe", "object", "embed", "math"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.found.append(f"{tag} {name}={value[:30]}")

    def handle_data(self, data: str) -> None:
        if self._script and "pwned" in data:
            self.found.append("script with a payload")

    def handle_endtag(self, tag: str) -> None:
        self._script = False


def test_feedback_carries_no_live_payload(graded) -> None:
    assert graded["feedback"].released == ["p-hostile"], graded["feedback"]
    root: Path = graded["root"]
    pages = list((root / "feedback" / "p-hostile" / KIT_ASSIGNMENT).glob("*.html"))
    assert pages
    text = pages[0].read_text(encoding="utf-8")
    assert "Here is my work" in text
    parser = LiveParts()
    parser.feed(text)
    assert parser.found == []


def test_feedback_reads_as_words_and_is_screenshot(tmp_path: Path, browser) -> None:
    """The real knowledge checks, one participant: the feedback page a councillor reads."""
    from widgets.facilitate.collect import collect
    from widgets.facilitate.course import Course
    from widgets.facilitate.feedback import feedback
    from widgets.facilitate.grade import grade
    from widgets.facilitate.release import release

    root = make_course(tmp_path, real=True)
    course = Course(root)
    release(course, "knowledge_checks")
    take_part(course, "knowledge_checks", person("p-reader"), tmp_path / "homes", correct=False)
    collect(course, "knowledge_checks")
    grade(course, "knowledge_checks", jobs=1)
    assert feedback(course, "knowledge_checks").released == ["p-reader"]
    page_file = next((root / "feedback" / "p-reader" / "knowledge_checks").glob("*.html"))
    text = page_file.read_text(encoding="utf-8")
    assert "You earned" in text and "Question:" in text and "Your answer:" in text
    for code_talk in ("Grade cell", "Test cell", "Out[", "In [", "_points", "widgets.grading"):
        assert code_talk not in text, code_talk
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    page = context.new_page()
    try:
        page.goto(page_file.as_uri())
        page.get_by_role("heading", name="Your feedback: knowledge checks").wait_for()
        page.screenshot(path=str(ARTIFACTS / "feedback-knowledge-checks.png"), full_page=True)
    finally:
        context.close()
