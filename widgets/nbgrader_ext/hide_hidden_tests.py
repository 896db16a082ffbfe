"""The feedback preprocessor that hides autograder tests' hidden parts and their tracebacks."""

from __future__ import annotations

from typing import Any

from nbconvert.preprocessors import Preprocessor
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader import utils
from traitlets import Bool, Unicode

HIDDEN_NOTE = (
    "# How this is checked is not shown here, so that the questions stay fresh for the next group."
)
NOT_ANSWERED = "NothingAnswered"  # widgets.grading.NothingAnswered: its message is plain already
CELL_FAILED_NOTE = (
    "This cell stopped with an error when your notebook was run again for marking; your "
    "facilitator can see the details."
)
FAILED_NOTE = (
    "This part could not be marked automatically, so it earned no points here; your facilitator "
    "can see why and may look at it again."
)


class HideHiddenTests(Preprocessor):
    """In feedback, keep each test cell's score and guidance but not its hidden code, and show
    no traceback anywhere."""

    enabled = Bool(True, help="Whether to hide hidden tests in feedback.").tag(config=True)
    begin_test_delimeter = Unicode(
        "BEGIN HIDDEN TESTS", help="The line marking the start of hidden tests (as nbgrader's)."
    ).tag(config=True)
    end_test_delimeter = Unicode(
        "END HIDDEN TESTS", help="The line marking the end of hidden tests (as nbgrader's)."
    ).tag(config=True)
    note = Unicode(HIDDEN_NOTE, help="What stands where the hidden tests were.").tag(config=True)

    def hide_source(self, source: str) -> tuple[str, bool]:
        """The source with every hidden region replaced by the note; whether one was found.

        An unterminated region hides everything after its start (never leak on a typo).
        """
        kept: list[str] = []
        inside = found = False
        for line in source.split("\n"):
            if self.begin_test_delimeter in line:
                if not inside:
                    kept.append(self.note)
                inside = found = True
            elif self.end_test_delimeter in line and inside:
                inside = False
            elif not inside:
                kept.append(line)
        return "\n".join(kept), found

    def plain_outputs(self, outputs: list[Any], test: bool = True) -> list[Any]:
        """Outputs with every error traceback replaced by one plain sentence (and, in a test
        cell, warnings on stderr dropped, since they can quote the code that raised them)."""
        result = []
        for output in outputs:
            kind = output.get("output_type")
            if test and kind == "stream" and output.get("name") == "stderr":
                continue
            if kind == "error":
                if not test:
                    sentence = CELL_FAILED_NOTE
                elif output.get("ename") == NOT_ANSWERED and output.get("evalue"):
                    sentence = str(output["evalue"])
                else:
                    sentence = FAILED_NOTE
                output = from_dict(
                    {
                        "output_type": "error",
                        "ename": "Not marked",
                        "evalue": sentence,
                        "traceback": [sentence],
                    }
                )
            result.append(output)
        return result

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], cell_index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type != "code":
            return cell, resources
        test = utils.is_grade(cell) and not utils.is_solution(cell)
        if test:
            cell.source, _ = self.hide_source(cell.source)
        cell.outputs = self.plain_outputs(cell.get("outputs", []), test)
        return cell, resources
