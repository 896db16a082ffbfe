"""A small course in a temporary folder, for the facilitator command tests.

``make_course`` copies the repository's ``nbgrader_config.py`` (so the course is configured exactly
as the real one) and either the real ``source/`` assignments or a small stand-in assignment built
here: a locked widget cell per knowledge check, an autograder test cell whose hidden tests read
``commonground_answers.json``, and a manually graded reflection. The exchange lives outside the
course folder, as on a hub.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
KIT_ASSIGNMENT = "kit_checks"
KIT_CHECKS = {"roles_policy": 1, "roles_staff": 2}  # check id -> points of its test cell
KIT_MANUAL_POINTS = 2
KIT_MAX_AUTO = sum(KIT_CHECKS.values())

HIDDEN_TEST = """\
# Checks your saved answer (nothing to do here).
### BEGIN HIDDEN TESTS
import json
from pathlib import Path
from widgets.logic.knowledge_check import score_check
_saved = json.loads(Path("commonground_answers.json").read_text(encoding="utf-8"))
_answer = _saved["answers"].get("check.{check}/answer", {{}}).get("value")
assert score_check("{check}", _answer) == 1.0, "Not quite: see the feedback beside the question."
### END HIDDEN TESTS
"""


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": 3,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def kit_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [
        nbformat.v4.new_markdown_cell(
            "# Kit checks\n\nAnswer each question, then write a short reflection.",
            metadata=_meta("intro", locked=True),
        )
    ]
    for check, points in KIT_CHECKS.items():
        cells.append(
            nbformat.v4.new_code_cell(
                f'from widgets import knowledge_check\nknowledge_check("{check}")',
                metadata=_meta(f"widget_{check}", locked=True),
            )
        )
        cells.append(
            nbformat.v4.new_code_cell(
                HIDDEN_TEST.format(check=check),
                metadata=_meta(f"test_{check}", grade=True, locked=True, points=points),
            )
        )
    cells.append(
        nbformat.v4.new_markdown_cell(
            "### BEGIN SOLUTION\nWrite your reflection here.\n### END SOLUTION",
            metadata=_meta("reflection", grade=True, solution=True, points=KIT_MANUAL_POINTS),
        )
    )
    nb.cells = cells
    return nb


PINNED = """
# tests: everything inside this folder's parent, whatever the environment says
c.Exchange.root = str(HERE.parent / "exchange")
c.Exchange.cache = str(HERE.parent / "nbgrader_cache")
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"
c.CourseDirectory.course_id = "commonground"
"""


def make_course(folder: Path, *, real: bool = False) -> Path:
    """``folder/course``: the repository's config and the real ``source/`` or the kit assignment,
    with the exchange in ``folder/exchange``. Paths are relative to the config file, so a copy of
    ``folder`` is a course of its own. Returns the course root."""
    course = folder / "course"
    course.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8") + PINNED
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    if real:
        shutil.copytree(ROOT / "source", course / "source")
    else:
        target = course / "source" / KIT_ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(kit_notebook(), target / f"{KIT_ASSIGNMENT}.ipynb")
    return course


def real_assignments() -> list[str]:
    source = ROOT / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


# participants ------------------------------------------------------------------------------------
def person(pid: str, role: str = "officer", jurisdiction: str = "england"):
    from widgets.synth import SyntheticParticipant

    return SyntheticParticipant(pid, "test-cohort", role, jurisdiction, 0.0, 0.0)


def take_part(course, assignment: str, who, homes: Path, *, correct: bool, edit=None) -> Path:
    """Fetch through the exchange, answer through the answers file, optionally edit the notebook
    (``edit(path)``), and submit: what a participant does. Returns their assignment folder."""
    from widgets.facilitate import participant
    from widgets.synth import answer_assignment

    folder = participant.fetch(course, assignment, who.id, homes / who.id)
    answer_assignment(folder, who, correct=correct)
    if edit is not None:
        edit(folder / f"{assignment}.ipynb")
    participant.submit(course, assignment, who.id, homes / who.id)
    return folder


def edit_cells(path: Path, change) -> None:
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def cell_index(nb, grade_id: str) -> int:
    return next(
        i
        for i, cell in enumerate(nb.cells)
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def tamper(locked_id: str, test_id: str):
    """Edit the locked cell ``locked_id`` and delete the test cell ``test_id``."""

    def change(nb) -> None:
        nb.cells[cell_index(nb, locked_id)].source = "print('I changed this cell')"
        del nb.cells[cell_index(nb, test_id)]

    return lambda path: edit_cells(path, change)


def kill_kernel_after(grade_id: str):
    """Add a code cell of the participant's own after ``grade_id`` that kills its kernel. Every
    nbgrader cell of the released notebooks is locked, so this is how a participant's code gets
    run at autograde: nbgrader runs every cell, including ones the participant added."""

    def change(nb) -> None:
        cell = nbformat.v4.new_code_cell("import os\nos._exit(1)  # my own cell")
        nb.cells.insert(cell_index(nb, grade_id) + 1, cell)

    return lambda path: edit_cells(path, change)


def grade_rows(course) -> dict:
    """Every grade and comment in the gradebook, keyed by (participant, assignment, cell)."""
    found = {}
    with course.gradebook() as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                for nb in sub.notebooks:
                    key = (sub.student.id, assignment.name, nb.name)
                    found[(*key, "flagged")] = nb.flagged
                    found[(*key, "late")] = nb.late_submission_penalty
                    for grade in nb.grades:
                        found[(*key, grade.name)] = (
                            grade.auto_score,
                            grade.manual_score,
                            grade.extra_credit,
                            grade.needs_manual_grade,
                        )
                    for comment in nb.comments:
                        found[(*key, "comment", comment.name)] = (
                            comment.auto_comment,
                            comment.manual_comment,
                        )
                found[(sub.student.id, assignment.name, "timestamp")] = sub.timestamp
    return found
