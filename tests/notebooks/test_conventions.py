"""Notebooks are thin: no outputs committed, code cells are one or two locked calls to widgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REFERENCE_PAGES = {"glossary.ipynb"}  # read, not answered: nothing to interact with


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def test_there_are_notebooks() -> None:
    assert (ROOT / "notebooks" / "00_start_here.ipynb") in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path: Path) -> None:
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} has outputs"
            assert cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_one_or_two_locked_lines_calling_widgets(path: Path) -> None:
    code = [c for c in _cells(path) if c["cell_type"] == "code"]
    assert code or path.name in REFERENCE_PAGES, f"{path.name} has no interactive part"
    for cell in code:
        lines = [line for line in _source(cell).splitlines() if line.strip()]
        assert 1 <= len(lines) <= 2, f"{path.name}: {lines}"
        assert any("widgets" in line for line in lines), f"{path.name}: {lines}"
        assert cell["metadata"].get("editable") is False, f"{path.name}: {lines} is not locked"
        assert cell["metadata"].get("deletable") is False
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
