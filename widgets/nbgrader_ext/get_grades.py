"""The feedback preprocessor that says which parts still wait for the facilitator.

nbgrader's ``GetGrades`` gives an unmarked task a score of 0, so feedback generated before every
reflection is marked would tell a participant "0 of 3 points" for work nobody has read yet.
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import GetGrades


class GetGradesMarkingPending(GetGrades):
    """nbgrader's scores and comments, plus ``needs_manual_grade`` on each graded part."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if utils.is_grade(cell) or utils.is_task(cell):
            grade = self.gradebook.find_grade(
                cell.metadata["nbgrader"]["grade_id"],
                self.notebook_id,
                self.assignment_id,
                self.student_id,
            )
            cell.metadata.nbgrader["needs_manual_grade"] = bool(grade.needs_manual_grade)
        return cell, resources
