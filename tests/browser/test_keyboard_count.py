"""How many key presses it takes to answer ten five-point statements with the keyboard alone.

Issue #14 measured 54 Tab presses and 10 Space presses with ipywidgets' radios (every option
its own Tab stop, no shared ``name``); the goal is at most 12 Tab presses and 10 selections.
This answers the first ten statements of the two-sided health check (02) in Voilà, from the
first statement's radio group: Tab to each statement, press the rating's number. The counts go
to ``test-artifacts/browser/keyboard-count.json``; the answers file must then hold all ten.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Page

from widgets.activities import rating_activity
from widgets.logic.questionnaire import load_questionnaire

from .conftest import ARTIFACTS, OFFICER_ENGLAND
from .keyboard import Keys, read_saved
from .servers import NOTEBOOKS, Server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "02_expectations_and_perspectives.ipynb"
STATEMENTS = 10


def test_ten_five_point_statements_take_at_most_12_tabs_and_10_selections(
    voila_server: Server, page: Page
) -> None:
    content = load_questionnaire(
        "health_check", OFFICER_ENGLAND["role"], OFFICER_ENGLAND["jurisdiction"]
    )
    assert len(content.points) == 5
    order = [item for _area, items in content.areas() for item in items][:STATEMENTS]
    cells = json.loads((NOTEBOOKS / NOTEBOOK).read_text("utf-8"))["cells"]
    voila_server.open(page, NOTEBOOK, sum(c["cell_type"] == "code" for c in cells))
    grid = page.locator(".cg-likert").first
    keys = Keys(page, grid)
    keys.start()
    for n, item in enumerate(order):
        point = content.points[(n + 2) % 5]
        keys.choose_radio(f"{item.number}. {item.statement}", point.label)
    tabs, selections = keys.tabs, keys.presses - keys.tabs
    result = {"statements": STATEMENTS, "tab": tabs, "selections": selections, "before": [54, 10]}
    (ARTIFACTS / "keyboard-count.json").write_text(json.dumps(result), encoding="utf-8")
    print(f"\n{STATEMENTS} five-point statements: {tabs} Tab + {selections} selections")
    assert tabs <= 12 and selections <= STATEMENTS, result

    activity = rating_activity("health_check", "pre")
    wanted = {item.id: content.points[(n + 2) % 5].value for n, item in enumerate(order)}
    deadline = time.monotonic() + 30
    while True:
        saved = read_saved(voila_server.answers_path, voila_server.home / "profile.json")
        if all(saved.get(activity, k) == v for k, v in wanted.items()):
            break
        assert time.monotonic() < deadline, f"not all ten ratings were saved: {saved.answers}"
        time.sleep(0.25)
