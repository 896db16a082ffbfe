"""``commonground integrity``: what happened to each submission, in plain words.

nbgrader quietly restores a changed locked cell from the gradebook during autograde and says so
only in a log line. This report compares every submitted notebook with the cells the gradebook
recorded at release (``SourceCell``; a test cell as released is its source without the hidden
tests, compared with :func:`nbgrader.utils.compute_checksum`'s inputs: source, type and nbgrader
flags) and names, per participant:

- changed or deleted locked cells and test cells, and deleted answer cells;
- cells whose nbgrader metadata was stripped or altered (a locked cell unlocked, points changed);
- missing or unreadable notebooks, and code cells the participant added (they run at autograde);
- from the autograded notebook: a kernel that died, a cell that ran out of time, and submissions
  nbgrader could not grade at all;
- from ``commonground grade``'s check after grading (:mod:`widgets.facilitate.review`): code
  handed in beside the notebook, added cells that import or patch, scores the notebook's kernel
  gave that the answers file does not bear out, damaged answers files, grading stopped at its
  time limit.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .course import Course

DIED_NAMES = ("DeadKernelError",)
TIMEOUT_NAMES = ("CellTimeoutError",)


@dataclass(frozen=True)
class Problem:
    participant: str
    assignment: str
    notebook: str
    kind: str  # e.g. "changed locked cell", "deleted test cell", "kernel died"
    cell: str  # the cell's nbgrader id, or "cell N" for a cell without one
    detail: str

    def sentence(self) -> str:
        where = [f"{self.notebook}.ipynb"] if self.notebook else []
        if self.cell:
            where.append(self.cell if self.cell.startswith("cell ") else f"cell '{self.cell}'")
        return f"{self.kind}" + (f" ({', '.join(where)})" if where else "") + f": {self.detail}"


@dataclass
class Report:
    assignment: str
    checked: list[str]
    problems: list[Problem]

    def by_participant(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.participant, []).append(problem)
        return grouped

    def to_json(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment,
            "checked": self.checked,
            "problems": [asdict(p) for p in self.problems],
        }

    def text(self) -> str:
        grouped = self.by_participant()
        lines = [
            f"Integrity report for {self.assignment}: {len(self.checked)} submission"
            f"{'s' if len(self.checked) != 1 else ''} checked, {len(grouped)} with something "
            "to look at."
        ]
        for participant in sorted(grouped):
            lines.append("")
            lines.append(participant)
            lines.extend(f"  - {problem.sentence()}" for problem in grouped[participant])
        clean = [p for p in self.checked if p not in grouped]
        if clean:
            lines.append("")
            lines.append("Nothing to report: " + ", ".join(clean))
        return "\n".join(lines) + "\n"


# reading notebooks -------------------------------------------------------------------------------
def _cell_label(cell: dict[str, Any], index: int) -> str:
    grade_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
    return str(grade_id) if grade_id else f"cell {index + 1}"


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


@dataclass(frozen=True)
class ExecutionProblem:
    kind: str  # "kernel died" or "timed out"
    cell: str


def execution_problems(path: Path) -> list[ExecutionProblem]:
    """Kernel deaths and cell timeouts recorded in an autograded notebook's error outputs."""
    from .guarded import NOT_RUN

    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = []
    for index, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") != "error":
                continue
            name = str(output.get("ename", ""))
            text = name + " " + " ".join(output.get("traceback", []) or [])
            if output.get("evalue") == NOT_RUN:
                continue
            if name in DIED_NAMES or "DeadKernelError" in text:
                found.append(ExecutionProblem("kernel died", _cell_label(cell, index)))
            elif name in TIMEOUT_NAMES or "CellTimeoutError" in text:
                found.append(ExecutionProblem("timed out", _cell_label(cell, index)))
    return found


# comparing with the gradebook -----------------------------------------------------------------
@dataclass(frozen=True)
class Expected:
    """One cell as released, from the gradebook's records."""

    name: str
    cell_type: str
    source: str  # as released (hidden tests taken out)
    recorded: str  # as the gradebook holds it (with any hidden tests)
    locked: bool
    grade: bool
    solution: bool
    points: float | None

    @property
    def what(self) -> str:
        if self.grade and not self.solution:
            return "test cell" if self.cell_type == "code" else "graded cell"
        if self.solution:
            return "answer cell"
        return "locked cell"


def expected_cells(course: Course, assignment: str) -> dict[str, list[Expected]]:
    """For each notebook of ``assignment``, its recorded cells in order, as released."""
    from nbformat import NotebookNode
    from nbgrader.preprocessors import ClearHiddenTests

    clear = ClearHiddenTests(config=course.config)
    expected: dict[str, list[Expected]] = {}
    with course.gradebook() as gb:
        for notebook in gb.find_assignment(assignment).notebooks:
            grades = {c.name: c for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            cells = []
            for source in notebook.source_cells:
                cell = NotebookNode(cell_type=source.cell_type, source=source.source, metadata={})
                clear._remove_hidden_test_region(cell)
                grade = grades.get(source.name)
                cells.append(
                    Expected(
                        name=source.name,
                        cell_type=source.cell_type,
                        source=cell.source,
                        recorded=source.source,
                        locked=bool(source.locked),
                        grade=grade is not None,
                        solution=source.name in solutions,
                        points=float(grade.max_score) if grade is not None else None,
                    )
                )
            expected[notebook.name] = cells
    return expected


def _same_source(submitted: str, expected: Expected) -> bool:
    return submitted in (expected.source, expected.recorded)


def check_notebook(
    participant: str,
    assignment: str,
    notebook: str,
    path: Path,
    expected: list[Expected],
    graded_ids: set[str] | None = None,
) -> list[Problem]:
    """Problems in one submitted notebook compared with the released cells."""

    def problem(kind: str, cell: str, detail: str) -> Problem:
        return Problem(participant, assignment, notebook, kind, cell, detail)

    if not path.exists():
        return [problem("missing notebook", "", "the submission does not include this notebook.")]
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells = nb["cells"]
        if not isinstance(cells, list):
            raise ValueError("its cells are not a list")
    except (OSError, ValueError, KeyError, TypeError) as err:
        reason = str(err).split("\n")[0] or type(err).__name__
        return [problem("broken notebook", "", f"it cannot be read as a notebook ({reason}).")]

    problems: list[Problem] = []
    by_id: dict[str, dict[str, Any]] = {}
    unmarked: list[tuple[int, dict[str, Any]]] = []
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        grade_id = str(meta.get("grade_id") or "")
        if grade_id and grade_id in by_id:
            problems.append(
                problem(
                    "duplicate cell",
                    f"cell {index + 1}",
                    f"a copy of cell '{grade_id}'; grading treated one as the participant's own "
                    "cell and marked the other as usual.",
                )
            )
            by_id[grade_id] = cell  # nbgrader grades the last one
        elif grade_id:
            by_id[grade_id] = cell
        else:
            unmarked.append((index, cell))
    known = {e.name for e in expected}

    for exp in expected:
        cell = by_id.get(exp.name)
        if cell is None:
            if not (exp.locked or exp.grade):
                continue
            twin = next((i for i, c in unmarked if _same_source(_source(c), exp)), None)
            if twin is not None:
                problems.append(
                    problem(
                        "stripped metadata",
                        exp.name,
                        f"the {exp.what}'s nbgrader metadata was removed (it is cell "
                        f"{twin + 1} now), so nbgrader no longer knows it.",
                    )
                )
                continue
            if exp.solution:
                after = "the answer is missing"
            elif graded_ids is None:
                after = "not graded yet"
            elif exp.name in graded_ids:
                after = "grading put it back from the gradebook and ran it"
            else:
                after = "it was not run, so it scored nothing"
            problems.append(
                problem(
                    f"deleted {exp.what}",
                    exp.name,
                    f"the {exp.what} is missing from the submission ({after}).",
                )
            )
            continue
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        changes = []
        if bool(meta.get("locked", False)) != exp.locked:
            changes.append(f"locked {exp.locked} → {bool(meta.get('locked', False))}")
        if bool(meta.get("grade", False)) != exp.grade:
            changes.append(f"graded {exp.grade} → {bool(meta.get('grade', False))}")
        if bool(meta.get("solution", False)) != exp.solution:
            changes.append(f"answer {exp.solution} → {bool(meta.get('solution', False))}")
        if exp.points is not None and meta.get("points") is not None:
            try:
                if float(meta["points"]) != exp.points:
                    changes.append(f"points {exp.points:g} → {float(meta['points']):g}")
            except (TypeError, ValueError):
                changes.append(f"points {exp.points:g} → {meta['points']!r}")
        if changes:
            problems.append(
                problem(
                    "changed metadata",
                    exp.name,
                    f"the {exp.what}'s nbgrader metadata was altered ({'; '.join(changes)}); "
                    "nbgrader graded it with the released settings.",
                )
            )
        if cell.get("cell_type") != exp.cell_type:
            problems.append(
                problem(
                    f"changed {exp.what}",
                    exp.name,
                    f"it was turned from a {exp.cell_type} cell into a {cell.get('cell_type')} "
                    "cell.",
                )
            )
        elif exp.locked and not _same_source(_source(cell), exp):
            problems.append(
                problem(
                    f"changed {exp.what}",
                    exp.name,
                    "its content differs from the released version; nbgrader graded the "
                    "released version instead.",
                )
            )
    for index, cell in unmarked:
        if cell.get("cell_type") != "code" or not _source(cell).strip():
            continue
        if any(_same_source(_source(cell), e) for e in expected):
            continue  # reported above as stripped metadata
        code = "; ".join(line.strip() for line in _source(cell).strip().splitlines())
        first = code if len(code) <= 60 else code[:57] + "..."
        problems.append(
            problem(
                "added code cell",
                f"cell {index + 1}",
                f"the participant added code that runs at autograde: {first!r}.",
            )
        )
    extra = [name for name in by_id if name not in known]
    for name in extra:
        problems.append(
            problem("unknown cell", name, "a cell claims an nbgrader id the release never had.")
        )
    return problems


def check(course: Course, assignment: str) -> Report:
    """The integrity report of every collected submission of ``assignment``."""
    from .course import FacilitatorError
    from .review import read_review

    course.require_generated(assignment)
    students = course.submitted_students(assignment)
    if not students:
        raise FacilitatorError(
            f"Nothing has been submitted for '{assignment}' yet, so there is nothing to check."
        )
    expected = expected_cells(course, assignment)
    graded = _graded_timestamps(course, assignment)
    problems: list[Problem] = []
    for student in students:
        submitted = course.folder("submitted", student, assignment)
        autograded = course.folder("autograded", student, assignment)
        for notebook, cells in expected.items():
            problems += check_notebook(
                student,
                assignment,
                notebook,
                submitted / f"{notebook}.ipynb",
                cells,
                _grade_ids(autograded / f"{notebook}.ipynb"),
            )
            for found in execution_problems(autograded / f"{notebook}.ipynb"):
                detail = (
                    "the kernel died while this cell ran; the tests after it scored nothing."
                    if found.kind == "kernel died"
                    else "the cell ran past the time limit and was stopped."
                )
                problems.append(
                    Problem(student, assignment, notebook, found.kind, found.cell, detail)
                )
        review = read_review(course, assignment, student)
        for reason in review.reasons if review is not None else []:
            kind = "grading stopped" if review.status == "failed" else "needs review"
            problems.append(Problem(student, assignment, "", kind, "", reason))
        if student in graded and not any(autograded.glob("*.ipynb")):
            problems.append(
                Problem(
                    student,
                    assignment,
                    "",
                    "not autograded",
                    "",
                    "nbgrader could not grade this submission (see `commonground grade`).",
                )
            )
    return Report(assignment, students, problems)


def _grade_ids(path: Path) -> set[str] | None:
    """The nbgrader ids in an autograded notebook, or None when there is none."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ids = set()
    for cell in nb.get("cells", []):
        grade_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
        if grade_id:
            ids.add(str(grade_id))
    return ids


def _graded_timestamps(course: Course, assignment: str) -> set[str]:
    """Participants the gradebook holds a submission of ``assignment`` for."""
    with course.gradebook() as gb:
        return {s.student.id for s in gb.find_assignment(assignment).submissions}
