"""Every topic notebook, in JupyterLab and in Voilà, answered with the keyboard alone.

For each notebook: open it as a participant does, answer every widget using only Tab, Shift+Tab,
Space, Enter, the arrow keys and typing (see ``keyboard.py``), check the answers file holds the
answers, reload the page, and check every answer is shown again. Screenshots of the answered and
the reloaded page go to ``test-artifacts/browser/<lab|voila>/``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from widgets.kinds import KINDS
from widgets.profile import load_profile

from .conftest import ARTIFACTS
from .keyboard import (
    DRIVERS,
    KIND_DRIVERS,
    Answered,
    Context,
    Echoes,
    Keys,
    read_saved,
    widget_calls,
)
from .page_checks import layout_problems
from .servers import NOTEBOOKS, Server

TOPICS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
SAVE_TIMEOUT = 60.0  # s for the kernel to write the last answers (a reflection waits ~1 s first)


def notebook_widgets(notebook: str) -> list[tuple[str, str | None]]:
    """The widget each code cell of ``notebook`` shows, in order, e.g. ``("sorter", "roles")``."""
    cells = json.loads((NOTEBOOKS / notebook).read_text("utf-8"))["cells"]
    return [widget_calls("".join(c["source"])) for c in cells if c["cell_type"] == "code"]


def wait_until_saved(server: Server, answered: list[Answered]) -> None:
    """Poll the answers file and the profile until every driver's check passes (or time out)."""
    checks = [check for a in answered for check in a.saved]
    deadline = time.monotonic() + SAVE_TIMEOUT
    while True:
        saved = read_saved(server.answers_path, server.home / "profile.json")
        try:
            for check in checks:
                check(saved)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def test_every_topic_notebook_has_a_driver_for_each_widget() -> None:
    """A new widget type in a notebook must get a keyboard driver before this suite passes."""
    used = {name for notebook in TOPICS for name, _ in notebook_widgets(notebook)}
    assert len(TOPICS) == 13
    assert used - set(DRIVERS) == set()


def test_every_activity_kind_has_a_keyboard_driver() -> None:
    """A new kind in the registry (widgets.kinds) must be operable by keyboard in these tests."""
    assert set(KIND_DRIVERS) == set(KINDS)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("ui", ["voila", "lab"])
@pytest.mark.parametrize("notebook", TOPICS)
def test_answer_by_keyboard_then_reload(
    ui: str, notebook: str, request: pytest.FixtureRequest, page: Page
) -> None:
    # 00 sets the profile: it gets a server of its own, so the others keep their officer profile.
    fixture = f"fresh_{ui}_server" if notebook.startswith("00_") else f"{ui}_server"
    server: Server = request.getfixturevalue(fixture)
    widgets = notebook_widgets(notebook)
    profile = load_profile(server.home / "profile.json")
    context = Context(profile.role, profile.jurisdiction, profile.council_type)
    shots = ARTIFACTS / ui
    stem = Path(notebook).stem
    echoes = Echoes(page)
    started = time.monotonic()
    try:
        server.open(page, notebook, len(widgets))
        opened = time.monotonic()
        answered, presses, tabs = [], 0, []
        for index, (name, arg) in enumerate(widgets):
            keys = Keys(page, server.cell(page, index), echoes)
            answered.append(DRIVERS[name](keys, arg, context))
            presses += keys.presses
            tabs.append(f"{name} {keys.tabs}/{keys.presses}")
        answering = time.monotonic() - opened
        server.screenshot(page, shots / f"{stem}-answered.png")
        wait_until_saved(server, answered)
        if ui == "voila":  # the course's page at 1280, 768 and 390 px, answered (page_checks.py)
            problems = layout_problems(page, server, stem)
            assert not problems, f"{notebook} in Voilà:\n" + "\n".join(problems)

        server.reload(page, notebook, len(widgets))
        for index, result in enumerate(answered):
            keys = Keys(page, server.cell(page, index))
            for check in result.shown:
                check(keys)
        server.screenshot(page, shots / f"{stem}-reloaded.png")
    except Exception:
        server.screenshot(page, shots / f"{stem}-failed.png")
        raise
    finally:
        if server.kind == "lab":
            server.shutdown_kernels()
    print(
        f"\n{ui} {notebook}: opened in {opened - started:.1f} s, {presses} key presses in "
        f"{answering:.1f} s (Tab/all presses by widget: {', '.join(tabs)}), "
        f"whole test {time.monotonic() - started:.1f} s"
    )
