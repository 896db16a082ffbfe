"""Reading choices: how a participant likes a page shown, remembered like answers.

A tick such as "also show how this works in Scotland" or an opened "compare with the workbook"
panel is not an answer: graders and analysts must never see it. So it is kept in the
participant's home (``~/.commonground/reading.json``, beside the profile), never in the answers
file that is submitted, collected and analysed, and never in the course folder git sees.
Choices are keyed by the notebook's folder, so two copies of the course keep their own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from filelock import FileLock

from .profile import home_folder
from .store import write_atomically

READING_FILENAME = "reading.json"


def reading_path() -> Path:
    return home_folder() / READING_FILENAME


def _place(folder: str | os.PathLike[str] | None) -> str:
    return str(Path(folder or Path.cwd()).resolve())


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing or damaged: a reading choice is never worth an error
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def recall(name: str, default: Any = None, folder: str | os.PathLike[str] | None = None) -> Any:
    """The reading choice ``name`` made in this folder before, or ``default``."""
    return _read(reading_path()).get(_place(folder), {}).get(name, default)


def remember(name: str, value: Any, folder: str | os.PathLike[str] | None = None) -> bool:
    """Keep a reading choice; False (and nothing raised) if the home folder cannot be written."""
    path = reading_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(path) + ".lock", timeout=10):
            data = _read(path)
            data.setdefault(_place(folder), {})[name] = value
            write_atomically(path, json.dumps(data, indent=1, sort_keys=True), durable=False)
    except (OSError, TypeError, ValueError):
        return False
    return True
