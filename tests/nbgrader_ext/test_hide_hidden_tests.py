"""Feedback without the answer key: the preprocessor alone (the cycle test runs it for real)."""

from __future__ import annotations

from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from widgets.nbgrader_ext import HIDDEN_NOTE, HideHiddenTests
from widgets.nbgrader_ext.hide_hidden_tests import CELL_FAILED_NOTE, FAILED_NOTE

ROOT = Path(__file__).resolve().parents[2]
TEST_SOURCE = (
    "# Checked automatically from your saved answers: roles (1 point)\n"
    "### BEGIN HIDDEN TESTS\n"
    "import widgets.grading\n"
    'widgets.grading.check_points("roles_policy", out_of=1)\n'
    "### END HIDDEN TESTS"
)


def _test_cell(source: str = TEST_SOURCE, outputs=()) -> object:
    meta = {
        "nbgrader": {
            "grade": True,
            "solution": False,
            "locked": True,
            "points": 1,
            "grade_id": "t",
            "schema_version": 3,
        }
    }
    cell = new_code_cell(source, metadata=meta)
    cell.outputs = list(outputs)
    return cell


def _run(*cells):
    nb = new_notebook(cells=list(cells))
    nb, _ = HideHiddenTests().preprocess(nb, {})
    return nb.cells


def test_hidden_part_becomes_a_note_and_the_visible_comment_stays() -> None:
    result = _run(
        _test_cell(
            outputs=[
                new_output(
                    "execute_result",
                    data={"text/plain": "1.0", "text/html": "<strong>1 of 1 point.</strong>"},
                    execution_count=3,
                )
            ]
        )
    )[0]
    assert result.source == (
        "# Checked automatically from your saved answers: roles (1 point)\n" + HIDDEN_NOTE
    )
    assert result.outputs[0]["data"]["text/plain"] == "1.0"  # the score and guidance stay


def test_an_unterminated_hidden_region_hides_everything_after_it() -> None:
    source = "# visible\n### BEGIN HIDDEN TESTS\nsecret_call()\nmore_secret()"
    assert _run(_test_cell(source))[0].source == "# visible\n" + HIDDEN_NOTE


def test_tracebacks_that_could_quote_the_hidden_code_are_replaced() -> None:
    error = new_output(
        "error",
        ename="KeyError",
        evalue="'x'",
        traceback=['----> 4 widgets.grading.check_points("roles_policy")'],
    )
    warning = new_output("stream", name="stderr", text="grading.py:3 check_points warned")
    printed = new_output("stream", name="stdout", text="fine")
    result = _run(_test_cell(outputs=[warning, printed, error]))[0]
    assert [o["output_type"] for o in result.outputs] == ["stream", "error"]
    assert result.outputs[0]["text"] == "fine"
    assert result.outputs[1]["traceback"] == [FAILED_NOTE]
    assert "check_points" not in str(result)


def test_nothing_answered_keeps_its_plain_sentence() -> None:
    sentence = "Nothing was answered for the question on roles, so it earns no points."
    error = new_output(
        "error",
        ename="NothingAnswered",
        evalue=sentence,
        traceback=["Traceback ...", "widgets.grading.check_points(...)"],
    )
    result = _run(_test_cell(outputs=[error]))[0]
    assert result.outputs[0]["traceback"] == [sentence]
    assert "widgets.grading" not in str(result)


def test_other_cells_keep_their_code_but_lose_tracebacks() -> None:
    widget = new_code_cell(
        'widgets.knowledge_check("roles_policy")',
        metadata={"nbgrader": {"grade": False, "solution": False, "locked": True, "grade_id": "w"}},
    )
    widget.outputs = [new_output("error", ename="ValueError", evalue="x", traceback=["boom"])]
    text = new_markdown_cell("### BEGIN HIDDEN TESTS is only words here")
    cells = _run(widget, text)
    assert cells[0].source == 'widgets.knowledge_check("roles_policy")'
    assert cells[0].outputs[0]["traceback"] == [CELL_FAILED_NOTE]
    assert cells[1].source == "### BEGIN HIDDEN TESTS is only words here"


def test_the_course_config_runs_it_in_generate_feedback(tmp_path: Path) -> None:
    from nbgrader.converters import GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    config.CourseDirectory.root = str(tmp_path)
    converter = GenerateFeedback(coursedir=CourseDirectory(config=config), config=config)
    assert "widgets.nbgrader_ext.HideHiddenTests" in converter.preprocessors
    assert converter.preprocessors[:2] == [
        "widgets.nbgrader_ext.GetGradesMarkingPending",  # nbgrader's GetGrades, extended
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]  # nbgrader's own feedback steps are kept, in their order
