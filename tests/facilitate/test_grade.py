"""``grade`` goes on past every bad submission, and ``export`` tells every state apart.

On the small kit assignment (two knowledge checks worth 1 and 2 points, and a reflection worth 2
that is graded by hand): a broken notebook, a cell that runs out of time, an answer still waiting
for its manual grade, a participant who submitted nothing, one collected but not yet graded.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from widgets.cli import main
from widgets.facilitate.collect import collect
from widgets.facilitate.course import Course
from widgets.facilitate.export import export
from widgets.facilitate.grade import grade
from widgets.facilitate.integrity import check
from widgets.facilitate.release import release

from .kit import (
    KIT_ASSIGNMENT,
    KIT_MANUAL_POINTS,
    KIT_MAX_AUTO,
    edit_cells,
    make_course,
    person,
    take_part,
)

pytestmark = pytest.mark.slow


def write_reflection(path: Path) -> None:
    def change(nb) -> None:
        cell = nb.cells[-1]
        cell.source = "I will ask officers early and listen to their advice."

    edit_cells(path, change)


def sleep_forever(path: Path) -> None:
    import nbformat

    def change(nb) -> None:
        nb.cells.insert(3, nbformat.v4.new_code_cell("import time\ntime.sleep(600)"))

    edit_cells(path, change)


def break_notebook(path: Path) -> None:
    path.write_text('{"cells": [', encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    top = tmp_path_factory.mktemp("grade")
    root = make_course(top)
    with (root / "nbgrader_config.py").open("a") as config:
        config.write("c.Execute.timeout = 5\n")
    course = Course(root)
    release(course, KIT_ASSIGNMENT)
    homes = top / "homes"
    take_part(course, KIT_ASSIGNMENT, person("k-right"), homes, correct=True)
    take_part(course, KIT_ASSIGNMENT, person("k-wrote"), homes, correct=True, edit=write_reflection)
    take_part(course, KIT_ASSIGNMENT, person("k-slow"), homes, correct=True, edit=sleep_forever)
    take_part(course, KIT_ASSIGNMENT, person("k-broken"), homes, correct=True, edit=break_notebook)
    collect(course, KIT_ASSIGNMENT)
    summary = grade(course, KIT_ASSIGNMENT, jobs=2)
    # after grading: a later submission collected but not graded, and someone who sent nothing
    take_part(course, KIT_ASSIGNMENT, person("k-late"), homes, correct=True)
    collect(course, KIT_ASSIGNMENT)
    with course.gradebook() as gb:
        gb.add_student("k-absent")
    table, text = export(course, top / "grades.csv")
    return {
        "course": course,
        "summary": summary,
        "rows": {r.participant: r for r in table},
        "csv": text,
    }


def test_one_bad_submission_never_stops_the_others(graded: dict) -> None:
    outcomes = {o.student: o for o in graded["summary"].outcomes}
    assert set(outcomes) == {"k-right", "k-wrote", "k-slow", "k-broken"}
    assert outcomes["k-right"].graded and not outcomes["k-right"].failed
    assert not outcomes["k-broken"].graded
    assert outcomes["k-broken"].sentence() == (
        "k-broken: could not be graded: notebook does not appear to be JSON: '{\"cells\": ['."
    )
    assert outcomes["k-slow"].graded and outcomes["k-slow"].timed_out == [KIT_ASSIGNMENT]
    assert outcomes["k-slow"].sentence() == (
        f"k-slow: graded as failed because a cell ran out of time in {KIT_ASSIGNMENT}."
    )
    assert [o.student for o in graded["summary"].ungradable] == ["k-broken"]


def test_export_tells_every_status_apart_and_a_pending_grade_is_not_a_zero(graded: dict) -> None:
    rows = graded["rows"]
    maximum = float(KIT_MAX_AUTO + KIT_MANUAL_POINTS)
    assert all(row.max_score == maximum for row in rows.values())
    assert (rows["k-right"].status, rows["k-right"].score) == ("graded", float(KIT_MAX_AUTO))
    # a written reflection waits for its grader: no score at all, the autograded part shown
    assert (rows["k-wrote"].status, rows["k-wrote"].score) == ("needs manual grade", None)
    assert rows["k-wrote"].auto_score == KIT_MAX_AUTO
    assert (rows["k-slow"].status, rows["k-slow"].score) == ("failed", None)
    assert (rows["k-broken"].status, rows["k-broken"].score) == ("failed", None)
    assert (rows["k-late"].status, rows["k-late"].score) == ("not graded yet", None)
    assert (rows["k-absent"].status, rows["k-absent"].score) == ("missing", None)
    table = {r["participant"]: r for r in csv.DictReader(io.StringIO(graded["csv"]))}
    assert table["k-wrote"]["score"] == "" and table["k-wrote"]["status"] == "needs manual grade"
    assert table["k-right"]["score"] == "3"


def test_a_manual_grade_turns_the_row_into_a_score(graded: dict, tmp_path: Path) -> None:
    course = graded["course"]
    with course.gradebook() as gb:
        mark = gb.find_grade("reflection", KIT_ASSIGNMENT, KIT_ASSIGNMENT, "k-wrote")
        mark.manual_score = 1.5  # what the formgrader does when a grader gives a mark
        mark.needs_manual_grade = False
        gb.db.commit()
    table, _ = export(course, None)
    row = next(r for r in table if r.participant == "k-wrote")
    assert (row.status, row.score) == ("graded", KIT_MAX_AUTO + 1.5)


def test_integrity_reports_timeouts_and_broken_notebooks(graded: dict) -> None:
    report = check(graded["course"], KIT_ASSIGNMENT)
    found = {(p.participant, p.kind) for p in report.problems}
    assert ("k-slow", "timed out") in found
    assert ("k-broken", "broken notebook") in found
    assert ("k-broken", "not autograded") in found
    assert not {kind for who, kind in found if who in ("k-right", "k-wrote")}


def test_grading_again_skips_what_is_graded_unless_forced(graded: dict, capsys) -> None:
    course = graded["course"]
    # only the new, collected submission and the one nbgrader could not grade are graded again;
    # a submission that cannot be graded at all makes the command exit 1, after the others
    argv = ["grade", KIT_ASSIGNMENT, "--jobs", "1", "--course", str(course.root)]
    assert main(argv) == 1
    said = capsys.readouterr().out
    assert "Graded 2 submissions of kit_checks with 1 process" in said
    assert ": 1 graded, 1 failed." in said
    assert "3 submissions already graded were left as they were (--force grades them" in said
    assert "\n  k-broken: could not be graded: " in said
    forced = grade(course, KIT_ASSIGNMENT, jobs=2, force=True)
    assert len(forced.outcomes) == 5 and forced.skipped == []
    assert {o.student for o in forced.failed} == {"k-broken", "k-slow"}
    assert main(argv) == 1  # k-broken is still there to grade; nothing else is
    assert "Graded 1 submission of kit_checks" in capsys.readouterr().out
