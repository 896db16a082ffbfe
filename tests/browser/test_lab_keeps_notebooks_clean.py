"""Answering a course notebook in JupyterLab and saving it leaves the file byte-identical on disk
(the pre-save hook in jupyter-config, which ``make lab`` and the hub use)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from .conftest import OFFICER_ENGLAND, VIEWPORT
from .servers import NOTEBOOKS, ROOT, Server, start_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NOTEBOOK = "08_building_trust.ipynb"


@pytest.fixture
def lab(tmp_path_factory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(ROOT / "jupyter-config"))  # as `make lab`
    with start_lab(tmp_path_factory.mktemp("lab-clean"), profile=OFFICER_ENGLAND) as server:
        yield server


def test_a_notebook_answered_and_saved_in_lab_is_unchanged_on_disk(browser: Browser, lab):
    original = (NOTEBOOKS / NOTEBOOK).read_bytes()
    path = lab.folder / NOTEBOOK
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(180_000)
    try:
        page = context.new_page()
        cells = sum(c["cell_type"] == "code" for c in json.loads(original)["cells"])
        lab.open(page, NOTEBOOK, cells)
        page.get_by_role("radio").first.check()  # one answer, through the widget
        deadline = time.monotonic() + 60
        while not lab.answers_path.exists() and time.monotonic() < deadline:
            time.sleep(0.25)
        assert lab.answers_path.exists()
        before = path.stat().st_mtime_ns
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 60
        while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.25)
        assert path.stat().st_mtime_ns != before, "Lab did not save the notebook"
        expect(page.locator(".jp-mod-dirty")).to_have_count(0)
        assert path.read_bytes() == original
    finally:
        context.close()
