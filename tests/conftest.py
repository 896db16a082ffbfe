"""Shared fixtures: every test gets its own home (profile) and answers folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.profile import save_profile
from widgets.store import AnswerStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


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
