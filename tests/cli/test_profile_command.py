"""``commonground profile`` sets and shows the profile for set-up scripts and notebook tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COMMAND = Path(sys.executable).parent / "commonground"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([COMMAND, "profile", *args], capture_output=True, text=True)


def test_setting_then_showing_the_profile() -> None:
    assert _run().returncode == 1
    done = _run("--role", "councillor", "--jurisdiction", "scotland", "--cohort", "North")
    assert done.returncode == 0 and "councillor in scotland, cohort North" in done.stdout
    assert "councillor in scotland" in _run().stdout


def test_a_half_profile_is_one_sentence_and_exit_2() -> None:
    result = _run("--role", "officer")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "commonground profile: Please choose whether your council is in England or in Scotland."
    )
