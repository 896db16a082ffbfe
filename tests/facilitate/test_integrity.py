"""The integrity check on its own: each kind of tampering is named, and an untouched notebook
has nothing to report (no kernel needed)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from widgets.facilitate.integrity import Expected, Problem, check_notebook, execution_problems

WIDGET = Expected("widget", "code", 'widgets.knowledge_check("x")', "", True, False, False, None)
TEST = Expected(
    "test",
    "code",
    "# checked automatically\n",
    "# checked automatically\n### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS",
    True,
    True,
    False,
    2.0,
)
ANSWER = Expected("answer", "markdown", "Write here.", "Write here.", False, True, True, 2.0)
EXPECTED = [WIDGET, TEST, ANSWER]


def released() -> nbformat.NotebookNode:
    def meta(e: Expected) -> dict:
        return {
            "nbgrader": {
                "grade_id": e.name,
                "locked": e.locked,
                "grade": e.grade,
                "solution": e.solution,
                **({"points": e.points} if e.points is not None else {}),
                "schema_version": 3,
            }
        }

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(WIDGET.source, metadata=meta(WIDGET)),
        nbformat.v4.new_code_cell(TEST.source, metadata=meta(TEST)),
        nbformat.v4.new_markdown_cell(ANSWER.source, metadata=meta(ANSWER)),
    ]
    return nb


def problems(tmp_path: Path, nb, graded_ids=None) -> list[Problem]:
    path = tmp_path / "a.ipynb"
    nbformat.write(nb, path)
    return check_notebook("p", "a", "a", path, EXPECTED, graded_ids)


def kinds(found: list[Problem]) -> set[tuple[str, str]]:
    return {(p.kind, p.cell) for p in found}


def test_an_untouched_notebook_with_an_answer_is_clean(tmp_path: Path) -> None:
    nb = released()
    nb.cells[2].source = "My reflection."
    assert problems(tmp_path, nb) == []


def test_changed_and_deleted_cells(tmp_path: Path) -> None:
    nb = released()
    nb.cells[0].source = "print('mine')"
    del nb.cells[1]
    found = problems(tmp_path, nb, graded_ids={"widget", "answer"})
    assert kinds(found) == {("changed locked cell", "widget"), ("deleted test cell", "test")}
    deleted = next(p for p in found if p.kind == "deleted test cell")
    assert "it was not run, so it scored nothing" in deleted.detail
    found = problems(tmp_path, nb, graded_ids={"widget", "test", "answer"})
    assert "put it back from the gradebook and ran it" in found[-1].detail


def test_a_changed_test_cell_and_a_deleted_answer(tmp_path: Path) -> None:
    nb = released()
    nb.cells[1].source = "# checked automatically\nassert True"
    del nb.cells[2]
    found = kinds(problems(tmp_path, nb))
    assert found == {("changed test cell", "test"), ("deleted answer cell", "answer")}


def test_stripped_and_altered_metadata(tmp_path: Path) -> None:
    nb = released()
    nb.cells[0].metadata = {}  # stripped: the cell is still there, nbgrader no longer knows it
    nb.cells[1].metadata["nbgrader"]["locked"] = False
    nb.cells[1].metadata["nbgrader"]["points"] = 20
    found = problems(tmp_path, nb)
    assert kinds(found) == {("stripped metadata", "widget"), ("changed metadata", "test")}
    altered = next(p for p in found if p.kind == "changed metadata")
    assert "locked True → False" in altered.detail and "points 2 → 20" in altered.detail


def test_type_changes_added_code_and_unknown_ids(tmp_path: Path) -> None:
    nb = released()
    nb.cells[0] = nbformat.v4.new_markdown_cell(WIDGET.source, metadata=nb.cells[0].metadata)
    nb.cells.append(nbformat.v4.new_code_cell("x = 1\nprint(x)"))
    nb.cells.append(nbformat.v4.new_code_cell("1", metadata={"nbgrader": {"grade_id": "made_up"}}))
    found = problems(tmp_path, nb)
    assert kinds(found) == {
        ("changed locked cell", "widget"),
        ("added code cell", "cell 4"),
        ("unknown cell", "made_up"),
    }
    added = next(p for p in found if p.kind == "added code cell")
    assert "'x = 1; print(x)'" in added.detail


def test_missing_and_broken_notebooks(tmp_path: Path) -> None:
    missing = check_notebook("p", "a", "a", tmp_path / "nope.ipynb", EXPECTED)
    assert kinds(missing) == {("missing notebook", "")}
    (tmp_path / "bad.ipynb").write_text("{not json")
    broken = check_notebook("p", "a", "a", tmp_path / "bad.ipynb", EXPECTED)
    assert kinds(broken) == {("broken notebook", "")}
    assert broken[0].sentence().startswith("broken notebook (a.ipynb): it cannot be read")


def test_execution_problems_come_from_error_outputs(tmp_path: Path) -> None:
    from widgets.facilitate.guarded import DIED, NOT_RUN, error_output

    nb = released()
    nb.cells[0].outputs = [error_output("CellTimeoutError", "slow")]
    nb.cells[1].outputs = [error_output("DeadKernelError", DIED)]
    extra = nbformat.v4.new_code_cell("1", metadata=nb.cells[1].metadata)
    extra.outputs = [error_output("DeadKernelError", NOT_RUN)]  # not where it died: not reported
    nb.cells.append(extra)
    path = tmp_path / "graded.ipynb"
    path.write_text(json.dumps(nb))
    found = [(p.kind, p.cell) for p in execution_problems(path)]
    assert found == [("timed out", "widget"), ("kernel died", "test")]
    assert execution_problems(tmp_path / "none.ipynb") == []
