"""nbgrader's autograde steps, made to survive a kernel that dies and a deleted test cell.

Stock nbgrader stops grading a whole submission when its kernel dies (``DeadKernelError``) and
deletes what it had autograded, so the facilitator is left with a log line. Here the cell that was
running gets an error output naming what happened, every autograder test that could no longer run
gets one too (so it scores nothing rather than full marks for "no error"), and the notebook goes on
through the rest of nbgrader's steps: its grades are saved and the autograded notebook is kept for
``commonground integrity`` and the feedback. A cell that times out gets nbgrader's own
``CellTimeoutError`` output and grading goes on with the next cell.

A participant who deletes an autograder test cell must not dodge it. nbgrader can put missing
cells back (``OverwriteCells.add_missing_cells``) but fails with a KeyError when the cell before the
missing one is not itself a graded cell (here it is always the locked widget cell), and then grades
nothing. :class:`RestoringOverwriteCells` puts each missing graded cell back after the nearest
earlier cell of the release that is still there, and nbgrader runs it like any other.

Where a kernel could do nothing but what the answers file already tells (every code cell is
course code of a known shape, nothing is handed in beside the notebook), :class:`GuardedExecute`
starts none: the outputs come from the isolated marking process
(:mod:`widgets.facilitate.without_kernel`; ``GuardedExecute.without_kernel = False`` turns this
off).
"""

from __future__ import annotations

import re
import subprocess
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import DeduplicateIds, Execute, OverwriteCells
from traitlets import Bool

DIED = "The kernel died while this cell was running, so the rest of the notebook could not run."
NOT_RUN = "Not run: the kernel died in an earlier cell of this notebook."
TIMED_OUT = "No reply from the kernel before the cell time limit."
# Address space each grading kernel may use (set by the grading worker; 0: no limit). A cell
# that asks for more gets a MemoryError instead of taking the machine's memory.
KERNEL_MEMORY_MB = 0


def _limit_memory() -> None:  # runs in the kernel process, just before it starts
    import resource

    limit = KERNEL_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
    )


class GuardedExecute(Execute):
    """``Execute`` that records a dead kernel or a cell timeout rather than abandon the notebook,
    and starts no kernel where the answers file alone gives every output a kernel would."""

    without_kernel = Bool(
        True,
        help="Grade a notebook whose code cells are all course code of a known shape from its "
        "answers file, without a kernel (widgets.facilitate.without_kernel).",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._kernel_dead = False
        if self.without_kernel and km is None and self._without_kernel(nb, resources or {}):
            return nb, resources
        try:
            return super().preprocess(nb, resources, km)
        except DeadKernelError:  # died before the first cell (e.g. while starting): fail every test
            self._kernel_dead = True
            for cell in nb.cells:
                self._mark_not_run(cell)
            return nb, resources

    def _without_kernel(self, nb: NotebookNode, resources: Any) -> bool:
        """Whether the notebook was graded from its answers file alone
        (:mod:`widgets.facilitate.without_kernel`), so no kernel is needed."""
        from pathlib import Path

        from .without_kernel import outputs_without_kernel, recorded_tests

        graded = resources.get("nbgrader", {})
        folder = resources.get("metadata", {}).get("path")
        if not (folder and graded.get("db_url") and graded.get("notebook")):
            return False
        try:
            recorded = recorded_tests(graded["db_url"], graded["assignment"], graded["notebook"])
        except Exception:  # nothing recorded: let nbgrader's own steps say so
            return False
        limit = _limit_memory if KERNEL_MEMORY_MB else None
        return outputs_without_kernel(nb, Path(folder), recorded, limit)

    def setup_kernel(self, **kwargs: Any) -> Any:
        # the kernel's own start-up chatter would land in the facilitator's terminal
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        if KERNEL_MEMORY_MB:
            kwargs.setdefault("preexec_fn", _limit_memory)
        return super().setup_kernel(**kwargs)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if self._kernel_dead:
            self._mark_not_run(cell)
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._kernel_dead = True
            cell.setdefault("outputs", []).append(error_output("DeadKernelError", DIED))
            return cell, resources
        except CellTimeoutError:
            cell.setdefault("outputs", []).append(error_output("CellTimeoutError", TIMED_OUT))
            return cell, resources

    def _mark_not_run(self, cell: NotebookNode) -> None:
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            cell.setdefault("outputs", []).append(error_output("DeadKernelError", NOT_RUN))


class RestoringOverwriteCells(OverwriteCells):
    """``OverwriteCells`` whose missing graded cells go back where the release had them."""

    def add_missing_grade_cells(self, nb: NotebookNode, resources: Any) -> Any:
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source_nb.source_cells]
        sources = {cell.name: cell for cell in source_nb.source_cells}
        grades = {cell.name: cell for cell in source_nb.grade_cells}
        solutions = {cell.name for cell in source_nb.solution_cells}

        def position(name: str) -> int | None:
            for index, cell in enumerate(nb.cells):
                if cell.metadata.get("nbgrader", {}).get("grade_id") == name:
                    return index
            return None

        for place, name in enumerate(order):
            if name not in grades or position(name) is not None:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", name)
            cell = self.missing_cell_transform(
                sources[name], grades[name].max_score, is_solution=name in solutions
            )
            if nb.get("nbformat_minor", 0) >= 5:  # cell ids exist from nbformat 4.5
                cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", f"restored-{name}")[:64]
            earlier = (position(before) for before in reversed(order[:place]))
            after = next((index for index in earlier if index is not None), -1)
            nb.cells.insert(after + 1, cell)
        return nb, resources


class DroppingDeduplicateIds(DeduplicateIds):
    """``DeduplicateIds`` that takes a copied cell's nbgrader metadata away altogether.

    A participant who copies a cell (even a markdown one) copies its nbgrader id too. nbgrader
    keeps the last cell with the id and leaves the others with an empty ``nbgrader`` entry, on
    which its later steps fail (``KeyError: 'grade_id'``) and the whole submission is lost. With
    the entry gone, the copy is a plain cell of the participant's (``integrity`` names it)."""

    def preprocess_cell(self, cell: NotebookNode, resources: Any, cell_index: int) -> Any:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


SWAPS = {
    Execute: GuardedExecute,
    OverwriteCells: RestoringOverwriteCells,
    DeduplicateIds: DroppingDeduplicateIds,
}


def guarded_preprocessors(preprocessors: list[Any]) -> list[Any]:
    """Autograde steps with nbgrader's ``Execute``, ``OverwriteCells`` and ``DeduplicateIds``
    swapped for ours."""
    return [SWAPS.get(p, p) for p in preprocessors]
