"""Participant data of every kind stays out of git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path",
    [
        "notebooks/commonground_answers.json",
        "source/pre_workshop/commonground_answers.json",
        "notebooks/commonground_answers.json.lock",
        "notebooks/commonground_answers.json.unreadable-20261123T101010",
        "notebooks/.commonground_answers.json.abc123.tmp",
        "notebooks/commonground_answers.json.good-1",
        "notebooks/commonground_answers.json.recovery",
        "notebooks/commonground_answers.json.before-damage",
        "notebooks/commonground_answers.json.salvaged",
        "submitted/p1/pre_workshop/anything.ipynb",
        "autograded/p1/pre_workshop/anything.ipynb",
        "feedback/p1/pre_workshop/anything.html",
        "gradebook.db",
        "exchange/commonground/inbound/p1+pre+2026.ipynb",
        ".commonground/profile.json",
        ".venv/bin/python",
    ],
)
def test_participant_data_is_ignored(path: str) -> None:
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "-q", path], cwd=ROOT, check=False
    )
    assert result.returncode == 0, f"{path} would be committed"


def test_no_participant_data_is_tracked() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [p for p in tracked if "answers" in p and p.endswith(".json")]
    assert not [p for p in tracked if p.split("/")[0] in {"submitted", "autograded", "feedback"}]
