"""source/*.ipynb are generated from assignments/*.md: regenerating must change nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from widgets import assignment_text
from widgets.assignments import source_assignments
from widgets.notebooks import CourseTextError, adopt

ROOT = Path(__file__).resolve().parents[2]


def test_every_assignment_is_written_as_text() -> None:
    texts = {p.stem for p in assignment_text.text_files(ROOT)}
    assert texts == set(source_assignments(ROOT))


@pytest.mark.parametrize("text", assignment_text.text_files(ROOT), ids=lambda p: p.stem)
def test_regenerating_a_source_notebook_changes_nothing(text: Path) -> None:
    committed = assignment_text.notebook_path(text, ROOT).read_text(encoding="utf-8")
    assert assignment_text.render(text) == committed, (
        f"source/ differs from {text.name}: run .venv/bin/python -m widgets.assignment_text"
    )


@pytest.mark.parametrize("text", assignment_text.text_files(ROOT), ids=lambda p: p.stem)
def test_text_and_notebook_round_trip(text: Path, tmp_path: Path) -> None:
    """Moving a built notebook back to text gives the same text: nothing is lost either way."""
    built = tmp_path / "built.ipynb"
    built.write_text(assignment_text.render(text), encoding="utf-8")
    again = adopt(built, tmp_path, "assignments", assignment_text.ID_KEY)
    assert again.read_text(encoding="utf-8") == text.read_text(encoding="utf-8")


def test_nbgrader_metadata_comes_from_the_text(tmp_path: Path) -> None:
    """Edit a cell's points in the text: the built notebook has the new points, same ids."""
    (tmp_path / "assignments").mkdir()
    original = ROOT / "assignments" / "knowledge_checks.md"
    text = tmp_path / "assignments" / original.name
    shutil.copy(original, text)
    body = text.read_text(encoding="utf-8")
    points = [
        c for c in assignment_text.build(text).cells if "points" in c.metadata.get("nbgrader", {})
    ]
    assert points, "the knowledge checks have graded cells"
    old = points[0].metadata["nbgrader"]["points"]
    marker = f"points: {old}"
    assert marker in body
    text.write_text(body.replace(marker, f"points: {old + 7}", 1), encoding="utf-8")
    built = assignment_text.build(text)
    cell = next(c for c in built.cells if c.id == points[0].id)
    assert cell.metadata["nbgrader"]["points"] == old + 7
    assert "cell_id" not in json.dumps([c.metadata for c in built.cells])


def test_a_cell_without_an_id_is_one_sentence(tmp_path: Path) -> None:
    text = tmp_path / "broken.md"
    text.write_text("# A heading with no metadata\n", encoding="utf-8")
    with pytest.raises(CourseTextError, match=r"^broken.md cell 0 has no cell_id in its metadata$"):
        assignment_text.build(text)
