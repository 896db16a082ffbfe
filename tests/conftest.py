"""Shared fixtures: every test gets its own home (profile) and answers folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from widgets.profile import save_profile
from widgets.store import AnswerStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

# Debian's chromium with the flags this machine needs (DESIGN.md's field notes).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One chromium for the whole run, shared by the browser and hub tests: Playwright's sync API
    allows one instance per thread, and starting chromium costs seconds on this machine."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=120_000
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary home for the profile, and a temporary working folder for the kernel."""
    home = tmp_path / "home"
    monkeypatch.setenv("COMMONGROUND_HOME", str(home))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


@pytest.fixture
def officer_england():
    return save_profile("officer", "england", "Test cohort")


@pytest.fixture
def councillor_scotland():
    return save_profile("councillor", "scotland", "Test cohort")


@pytest.fixture
def store(tmp_path: Path) -> AnswerStore:
    """An answers store in its own folder, stamped with a test participant."""
    participant = {"id": "p-test", "role": "officer", "jurisdiction": "england", "cohort": "t"}
    return AnswerStore(tmp_path / "answers", participant)
