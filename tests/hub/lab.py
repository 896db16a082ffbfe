"""What a participant does in the browser on the hub: sign in, open the link, run, answer, submit.

Every step waits for a condition the participant would see (or the server reports), never a fixed
sleep: the machine is small and shared.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import BrowserContext, Locator, Page

LONG = 180_000  # ms: spawning a server, pulling the course, starting a kernel on a busy machine


def sign_in(page: Page, link: str, user: str, password: str) -> float:
    """Open ``link`` signed out, sign in on the hub's form; returns the moment "Sign in" was
    pressed (time.monotonic)."""
    page.goto(link, timeout=LONG)
    page.wait_for_selector("#username_input", timeout=LONG)
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    pressed = time.monotonic()
    page.click("#login_submit")
    return pressed


def wait_for_notebook(page: Page, path: str) -> None:
    """Wait until JupyterLab shows the notebook at ``path`` (relative to the user's home)."""
    page.wait_for_url(f"**/lab/tree/{path}", timeout=LONG)
    name = Path(path).name
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=name).first.wait_for(timeout=LONG)
    page.locator(".jp-NotebookPanel-toolbar:visible").first.wait_for(timeout=LONG)


def wait_for_kernel(context: BrowserContext, server: str, path: str) -> str:
    """Wait until the notebook's kernel is idle with the page connected (else Run All does
    nothing, see DESIGN.md's field notes); returns the kernel id."""
    deadline = time.monotonic() + LONG / 1000
    last = None
    while time.monotonic() < deadline:
        sessions = context.request.get(f"{server}/api/sessions").json()
        for session in sessions:
            if session.get("path") == path and session.get("kernel"):
                kernel = context.request.get(
                    f"{server}/api/kernels/{quote(session['kernel']['id'])}"
                ).json()
                last = kernel
                if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                    return kernel["id"]
        time.sleep(0.5)
    raise AssertionError(f"The kernel of {path} never became idle and connected (last: {last}).")


def kernel_notebooks(context: BrowserContext, server: str) -> dict[str, str]:
    """Kernel id -> notebook path, from the server's sessions."""
    sessions = context.request.get(f"{server}/api/sessions").json()
    return {s["kernel"]["id"]: s["path"] for s in sessions if s.get("kernel")}


def run_all(page: Page, ready: Locator, retry_after: float = 90_000) -> None:
    """Run All Cells from the Run menu, then wait for ``ready`` to be in the page.

    If nothing has appeared after ``retry_after`` ms, Run All is pressed once more (a menu click
    can be lost while the page is still busy); the second wait is the real one.
    """
    for attempt in (1, 2):
        page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        try:
            ready.first.wait_for(state="attached", timeout=retry_after if attempt == 1 else LONG)
            return
        except Exception:
            if attempt == 2:
                raise
            print("[hub test] nothing rendered after Run All; pressing it once more", flush=True)


# One question's box where a cell shows several (widgets.statutory_checks(): the statutory-officer
# questions, the reader's own council's first); its button and feedback are inside it.
QUESTION = ".cg-statutory-question"


def question(root: Page | Locator, text: str) -> Locator:
    """The question box (of a cell showing several) whose prompt is ``text``."""
    return root.locator(QUESTION).filter(has_text=text).first


def cell_with(page: Page, text: str) -> Locator:
    """The code cell whose output shows ``text`` (a question's prompt), or, in a cell showing
    several questions, that question's own box."""
    cell = page.locator(".jp-CodeCell").filter(has_text=text).first
    cell.wait_for(state="attached", timeout=LONG)
    # the prompt is shown inside its box, so the box is in the page once the text is
    return question(cell, text) if cell.locator(QUESTION).filter(has_text=text).count() else cell


def choose_radio(cell: Locator, label: str) -> None:
    cell.get_by_role("radio", name=label, exact=True).check(timeout=LONG)


def tick(cell: Locator, label: str) -> None:
    cell.get_by_role("checkbox", name=label, exact=True).check(timeout=LONG)


def match(cell: Locator, left: str, right: str) -> None:
    """A match item is a radios group with the item as its legend."""
    group = cell.get_by_role("group", name=left, exact=True).first
    group.get_by_role("radio", name=right, exact=True).check(timeout=LONG)


def check_answer(cell: Locator) -> str:
    """Press "Check my answer" and return the marked result (not the "Saved" banner beside it)."""
    cell.get_by_role("button", name="Check my answer").click(timeout=LONG)
    feedback = cell.locator("[role=status]:not(.cg-message) p strong").first
    feedback.wait_for(timeout=LONG)
    return feedback.inner_text()


def screenshot(page: Page, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
