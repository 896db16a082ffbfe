"""Browser fixtures: Debian's chromium through Playwright, and real Voilà and JupyterLab servers.

The servers live in ``servers.py``; this file only wires them to pytest. Session-wide servers
serve a participant whose profile is complete (an officer in England); ``fresh_voila_server`` and
``fresh_lab_server`` start one with no profile yet, for the Start here notebook that sets it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from .servers import ROOT, Server, start_lab, start_voila

OFFICER_ENGLAND = {"role": "officer", "jurisdiction": "england", "cohort": "Browser cohort"}
ARTIFACTS = ROOT / "test-artifacts" / "browser"
VIEWPORT = {"width": 1280, "height": 1400}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context and page per test, tall enough that most notebooks fit a screenshot."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(120_000)
    tab = context.new_page()
    yield tab
    context.close()


def _serve(start, tmp_path_factory: pytest.TempPathFactory, name: str, profile) -> Iterator[Server]:
    with start(tmp_path_factory.mktemp(name), profile=profile) as server:
        yield server


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà on a copy of notebooks/, for an officer in England (``.url(name)``, ``.folder``)."""
    yield from _serve(start_voila, tmp_path_factory, "voila", OFFICER_ENGLAND)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab on a copy of notebooks/, for an officer in England (as ``voila_server``)."""
    yield from _serve(start_lab, tmp_path_factory, "lab", OFFICER_ENGLAND)


@pytest.fixture
def fresh_voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Voilà for a participant with no profile yet (the Start here notebook sets it)."""
    yield from _serve(start_voila, tmp_path_factory, "voila-fresh", None)


@pytest.fixture
def fresh_lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """JupyterLab for a participant with no profile yet (the Start here notebook sets it)."""
    yield from _serve(start_lab, tmp_path_factory, "lab-fresh", None)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and logs go (``test-artifacts/browser``, ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
