"""Grading without a kernel gives what grading with one gives, and only where it may.

The fast tests read cells as :func:`widgets.facilitate.without_kernel.plan` does. The slow one
grades the same submissions of every real assignment twice, in two copies of one course: once as
``commonground grade`` does by default (no kernel where the notebook holds only course code) and
once with ``GuardedExecute.without_kernel = False`` (a kernel for every notebook, as nbgrader
runs them). Gradebooks and every output but the widget views must be the same; a participant's
own code cell still runs in a kernel.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from widgets.facilitate.collect import collect
from widgets.facilitate.course import Course
from widgets.facilitate.grade import grade
from widgets.facilitate.release import release
from widgets.facilitate.without_kernel import plan

from .kit import edit_cells, grade_rows, make_course, person, real_assignments, take_part

TEST = "# Checked automatically\nimport widgets.grading\nwidgets.grading.points('x', out_of=1)"


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def test_views_are_skipped_and_grading_calls_and_recorded_tests_run() -> None:
    nb = notebook(
        'import widgets\nwidgets.knowledge_check("roles_policy")',
        TEST,
        'widgets.show_reflection("challenge2")',
        'from widgets import scenario\nscenario("challenge4")',
        "# only a comment",
        "",
    )
    codes = plan(nb, frozenset({TEST}))
    assert codes == {
        0: "import widgets\npass",
        1: TEST,
        2: "widgets.show_reflection('challenge2')",
        3: "pass\npass",
        4: "",
        5: "",
    }


@pytest.mark.parametrize(
    "source",
    [
        "print('my own cell')",
        "import widgets.logic.knowledge_check as k",
        "import os",
        "%time widgets.grading.points('x', out_of=1)",
        "widgets.grading.points = lambda *a, **k: 1",
        "widgets._EXPORTS.clear()",
        "from widgets import *",
        "widgets.knowledge_check('a'); import sys",
        TEST.replace("points", "completion_points") + "\nimport json",
        # a grading call's arguments would run in the marking process, which also marks the
        # tests and writes the reply the grader trusts: only plain values may be passed
        "widgets.show_reflection(__import__('os')._exit(0))",
        "widgets.grading.show_reflection(exec('import widgets.grading as g'))",
        "widgets.show_reflection('challenge2', folder=open('/etc/passwd').read())",
        "widgets.show_reflection(*['challenge2'])",
        "widgets.show_reflection(**{'prompt_id': 'challenge2'})",
        "widgets.show_reflection(f'{__import__(\"os\").getpid()}')",
    ],
)
def test_anything_else_needs_a_kernel(source: str) -> None:
    assert plan(notebook('import widgets\nwidgets.knowledge_check("a")', source), {TEST}) is None


def own_cell(path: Path) -> None:
    edit_cells(path, lambda nb: nb.cells.insert(1, nbformat.v4.new_code_cell("print('mine')")))


def joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def outputs(course: Course, student: str, assignment: str) -> tuple[list, bool]:
    """Every code cell's outputs but widget views (and their counts), and whether a kernel ran
    (nbclient keeps the kernel's widget state in the notebook's metadata)."""
    path = course.folder("autograded", student, assignment) / f"{assignment}.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        kept = []
        for output in cell["outputs"]:
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                continue
            kept.append({k: v for k, v in output.items() if k != "execution_count"})
        found.append(kept)
    return found, "widgets" in nb["metadata"]


@pytest.mark.slow
def test_no_kernel_grades_every_real_assignment_as_a_kernel_does(tmp_path: Path) -> None:
    root = make_course(tmp_path / "ours", real=True)
    course = Course(root)
    assignments = real_assignments()
    homes = tmp_path / "homes"
    people = [
        (person("w-right"), True),
        (person("w-wrong", "councillor", "scotland"), False),
    ]
    for assignment in assignments:
        release(course, assignment)
        for who, correct in people:
            take_part(course, assignment, who, homes, correct=correct)
        collect(course, assignment)
    take_part(course, "knowledge_checks", person("w-own"), homes, correct=True, edit=own_cell)
    collect(course, "knowledge_checks")
    shutil.copytree(tmp_path / "ours", tmp_path / "kernel")
    kernel = Course(tmp_path / "kernel" / "course")
    with (kernel.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("c.GuardedExecute.without_kernel = False\n")
    kernel = Course(kernel.root)
    for assignment in assignments:
        for which in (course, kernel):
            summary = grade(which, assignment, jobs=2)
            assert not summary.failed and not summary.to_review, summary
    assert grade_rows(course) == grade_rows(kernel)
    for assignment in assignments:
        for who, _ in people:
            ours, ran = outputs(course, who.id, assignment)
            theirs, kernel_ran = outputs(kernel, who.id, assignment)
            assert (ran, kernel_ran) == (False, True), assignment
            assert ours == theirs, (assignment, who.id)
    ours, ran = outputs(course, "w-own", "knowledge_checks")
    assert ran and [joined(o["text"]) for o in ours[0] if "text" in o] == ["mine\n"]
    shown, _ = outputs(course, "w-right", "reflections")
    reflections = [joined(o["data"]["text/html"]) for cell in shown for o in cell if "data" in o]
    assert len(reflections) == 3 and all("as saved:" in page for page in reflections)
