"""What a participant fetches runs top to bottom without a single error, from its own folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from widgets.assignments import ASSIGNMENTS
from widgets.profile import save_profile

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_assignment_runs_headless_for_a_councillor(name: str, tmp_path: Path) -> None:
    from nbclient import NotebookClient

    save_profile("councillor", "scotland", "Test cohort")
    folder = tmp_path / name
    shutil.copytree(ROOT / "release" / name, folder)
    nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    outputs = [(c, o) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for _, o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    for cell in nb.cells:
        if cell.metadata["nbgrader"]["grade"]:
            assert (
                cell.outputs == []
            )  # a comment only: nothing is checked on the participant's side
    shown = {
        c.metadata["nbgrader"]["grade_id"]: " ".join(
            str(o.get("data", {}).get("text/plain", "")) for o in c.outputs
        )
        for c in nb.cells
        if c.cell_type == "code"
    }
    if name.endswith("_workshop"):
        # the other role's questionnaire shows a short note instead of statements
        assert shown[f"{name}_officers"].startswith("Notice(")
        assert shown[f"{name}_councillors"].startswith("QuestionnaireView(")
    assert shown[f"{name}_submit"].startswith("SubmitButton(")
    assert shown[f"{name}_answers_banner"].startswith("AnswersBanner(")
    assert not (folder / "commonground_answers.json").exists()  # opening writes no answers
