"""Every notebook runs top to bottom headless under ``pytest --nbval-lax``, for each jurisdiction.

The notebooks run from a temporary copy with a temporary profile, so no answers file is ever
written into the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.mark.slow
@pytest.mark.parametrize(
    ("role", "jurisdiction"), [("officer", "england"), ("councillor", "scotland")]
)
def test_every_notebook_runs_headless(tmp_path: Path, role: str, jurisdiction: str) -> None:
    copy = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns("*answers*", ".ipynb*"))
    env = {**os.environ, "COMMONGROUND_HOME": str(tmp_path / "home"), "MPLBACKEND": "Agg"}
    env.pop("JUPYTERHUB_USER", None)
    subprocess.run(
        [BIN / "commonground", "profile", "--role", role, "--jurisdiction", jurisdiction],
        env=env,
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            BIN / "python",
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            str(copy),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
