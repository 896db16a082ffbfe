"""The whole workshop cycle through the real nbgrader exchange, with the real ``knowledge_checks``
assignment and the ``commonground`` commands run as a facilitator runs them (one process each).

Four participants fetch, answer through the answers file and submit:

- ``p-right`` answers everything right; ``p-wrong`` everything wrong;
- ``p-tamper`` answers right but edits a locked widget cell and deletes a test cell (nbgrader
  restores the cell's source and, with ``OverwriteCells.add_missing_cells``, puts the test back);
- ``p-crash`` answers right but adds a cell of their own, after the first test, that kills the
  kernel (every nbgrader cell of the released notebooks is locked, so a participant's own code is
  the way a submission can kill its kernel): the first test counts, the rest could not run.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from .kit import ROOT, cell_index, kill_kernel_after, make_course, person, take_part, tamper

pytestmark = pytest.mark.slow

COMMAND = Path(sys.executable).parent / "commonground"
ASSIGNMENT = "knowledge_checks"
MAX_SCORE = 10.0  # 1 + 1 + 2 + 3 + 3
EDITED = "knowledge_checks_roles_policy"
DELETED = "knowledge_checks_officer_must_not_points"
FIRST_TEST = "knowledge_checks_roles_policy_points"


def run(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COMMONGROUND_HOME=str(course.parent / "home"))
    return subprocess.run(
        [str(COMMAND), *args, "--course", str(course)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from widgets.facilitate.course import Course

    top = tmp_path_factory.mktemp("cycle")
    root = make_course(top, real=True)
    done: dict = {"root": root}
    done["release"] = run(root, "release", ASSIGNMENT)
    assert done["release"].returncode == 0, done["release"].stderr

    course = Course(root)
    homes = top / "homes"
    take_part(course, ASSIGNMENT, person("p-right"), homes, correct=True)
    take_part(course, ASSIGNMENT, person("p-wrong"), homes, correct=False)
    take_part(
        course, ASSIGNMENT, person("p-tamper"), homes, correct=True, edit=tamper(EDITED, DELETED)
    )
    take_part(
        course,
        ASSIGNMENT,
        person("p-crash"),
        homes,
        correct=True,
        edit=kill_kernel_after(FIRST_TEST),
    )
    # kept before grading, for the parallel == sequential comparison
    shutil.copytree(top, tmp_path_factory.mktemp("submitted") / "copy", dirs_exist_ok=True)

    for step in ("collect", "grade", "feedback"):
        done[step] = run(root, step, ASSIGNMENT)
    done["export"] = run(root, "export", "--out", str(top / "grades.csv"))
    done["grades"] = list(csv.DictReader(io.StringIO((top / "grades.csv").read_text())))
    done["integrity"] = run(root, "integrity", ASSIGNMENT, "--json")
    done["integrity_text"] = run(root, "integrity", ASSIGNMENT)
    done["status"] = run(root, "status", ASSIGNMENT)
    done["feedback_files"] = {
        who: _fetched(course, who, homes) for who in ("p-right", "p-wrong", "p-tamper", "p-crash")
    }
    return done


def _fetched(course, who: str, homes: Path) -> list[Path]:
    from widgets.facilitate.course import FacilitatorError
    from widgets.facilitate.participant import fetch_feedback

    try:
        return fetch_feedback(course, ASSIGNMENT, who, homes / who)
    except FacilitatorError:  # nothing released to them
        return []


def test_every_command_succeeds_in_one_process_each(cycle: dict) -> None:
    for step in ("collect", "grade", "feedback", "export", "integrity", "status"):
        assert cycle[step].returncode == 0, (step, cycle[step].stdout, cycle[step].stderr)
    assert "Released knowledge_checks (1 notebook)" in cycle["release"].stdout
    assert "4 new submissions" in cycle["collect"].stdout
    graded = cycle["grade"].stdout
    assert "Graded 4 submissions of knowledge_checks" in graded
    assert "3 graded, 1 failed" in graded
    assert "p-crash: graded as failed because the kernel died in knowledge_checks." in graded
    assert "Traceback" not in graded + cycle["grade"].stderr


def test_export_gives_every_score_and_status(cycle: dict) -> None:
    rows = {row["participant"]: row for row in cycle["grades"]}
    assert set(rows) == {"p-right", "p-wrong", "p-tamper", "p-crash"}
    assert all(row["assignment"] == ASSIGNMENT for row in rows.values())
    assert all(float(row["max_score"]) == MAX_SCORE for row in rows.values())
    assert (rows["p-right"]["score"], rows["p-right"]["status"]) == ("10", "graded")
    assert (rows["p-wrong"]["score"], rows["p-wrong"]["status"]) == ("0", "graded")
    # the tampering changed nothing: the released cell was graded and the deleted test put back
    assert (rows["p-tamper"]["score"], rows["p-tamper"]["status"]) == ("10", "graded")
    # the kernel died after the first test: that point stands, the rest never ran; no score
    assert (rows["p-crash"]["score"], rows["p-crash"]["status"]) == ("", "failed")
    assert rows["p-crash"]["auto_score"] == "1"
    assert rows["p-wrong"]["auto_score"] == "0"


def test_integrity_names_both_participants_and_what_they_did(cycle: dict) -> None:
    report = json.loads(cycle["integrity"].stdout)
    found = {(p["participant"], p["kind"], p["cell"]) for p in report["problems"]}
    assert ("p-tamper", "changed locked cell", EDITED) in found
    assert ("p-tamper", "deleted test cell", DELETED) in found
    crash = {(kind, cell) for who, kind, cell in found if who == "p-crash"}
    released = nbformat.read(ROOT / "release" / "knowledge_checks" / "knowledge_checks.ipynb", 4)
    own = f"cell {cell_index(released, FIRST_TEST) + 2}"  # the participant's, after the first test
    assert ("kernel died", own) in crash
    assert ("added code cell", own) in crash
    assert {who for who, _, _ in found} == {"p-tamper", "p-crash"}
    text = cycle["integrity_text"].stdout
    assert "4 submissions checked, 2 with something to look at" in text
    assert f"changed locked cell (knowledge_checks.ipynb, cell '{EDITED}')" in text
    assert "grading put it back from the gradebook and ran it" in text
    assert "Nothing to report: p-right, p-wrong" in text


def test_feedback_reaches_each_participant_without_the_answer_key(cycle: dict) -> None:
    for who, files in cycle["feedback_files"].items():
        if who == "p-crash":  # failed: held back until the facilitator decides
            assert files == []
            continue
        assert [f.name for f in files] == ["knowledge_checks.html"], who
        page = files[0].read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in page and "check_points" not in page, who
    said = cycle["feedback"].stdout
    assert "Released feedback on knowledge_checks to 3 participants." in said
    assert "1 submission held back until you decide" in said and "p-crash (failed)" in said


def test_status_is_a_table_of_everyone(cycle: dict) -> None:
    lines = cycle["status"].stdout.splitlines()
    assert lines[0].split() == [
        "participant",
        "assignment",
        "submitted",
        "collected",
        "status",
        "score",
    ]
    table = lines[2 : lines.index("")] if "" in lines else lines[2:]
    body = {line.split()[0]: line for line in table}
    assert set(body) == {"p-crash", "p-right", "p-tamper", "p-wrong"}
    assert body["p-right"].rstrip().endswith("graded  10 / 10")
    assert "failed" in body["p-crash"]
    why = lines[len(table) + 4 :]  # under the table: one sentence for each that failed
    assert lines[len(table) + 3] == "Why:" and [w.split(",")[0] for w in why] == ["p-crash"]
    assert why[0].startswith("p-crash, knowledge_checks: ") and why[0].endswith(".")


def test_parallel_grading_gives_the_same_gradebook_as_sequential(
    cycle: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from widgets.facilitate.collect import collect
    from widgets.facilitate.course import Course
    from widgets.facilitate.grade import grade

    from .kit import grade_rows

    source = next(tmp_path_factory.getbasetemp().glob("submitted*")) / "copy"
    results = {}
    for jobs in (1, 3):
        copy = tmp_path_factory.mktemp(f"jobs{jobs}")
        shutil.copytree(source, copy, dirs_exist_ok=True)
        course = Course(copy / "course")
        collect(course, ASSIGNMENT)
        summary = grade(course, ASSIGNMENT, jobs=jobs)
        assert summary.jobs == jobs
        results[jobs] = grade_rows(course)
    assert len(results[1]) > 20
    assert results[1] == results[3]


def test_erase_leaves_no_trace_of_the_participant(
    cycle: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import sqlite3

    top = tmp_path_factory.mktemp("erase")
    shutil.copytree(cycle["root"].parent, top, dirs_exist_ok=True)
    root = top / "course"
    # more places a participant's id ends up: an answers file of theirs elsewhere in the course,
    # nbgrader's log, a grades table, the facilitator's exchange cache
    notes = root / "notebooks"
    notes.mkdir()
    answers = json.loads(
        (top / "homes/p-tamper/knowledge_checks/commonground_answers.json").read_text()
    )
    (notes / "commonground_answers.json").write_text(json.dumps(answers))
    (root / ".nbgrader.log").write_text("[INFO] graded p-tamper\n[INFO] graded p-right\n")
    assert run(root, "export", "--out", str(root / "grades.csv")).returncode == 0
    cached = top / "nbgrader_cache/commonground/p-tamper+knowledge_checks+2026-01-01 10:00:00 UTC"
    cached.mkdir(parents=True)
    (cached / "timestamp.txt").write_text("2026-01-01 10:00:00 UTC")

    def traces() -> list[Path]:
        places = [root, top / "exchange", top / "nbgrader_cache"]
        return [
            p
            for place in places
            for p in place.rglob("*")
            if p.is_file() and b"p-tamper" in p.read_bytes()
        ] + [p for place in places for p in place.rglob("*p-tamper*")]

    assert traces()
    dry = run(root, "erase", "p-tamper", "--dry-run")
    assert (
        dry.returncode == 0
        and "Would remove from the gradebook: participant p-tamper" in dry.stdout
    )
    assert traces()  # a dry run removes nothing

    done = run(root, "erase", "p-tamper")
    assert done.returncode == 0, done.stdout + done.stderr
    report = done.stdout
    for what in (
        "submitted/p-tamper",
        "autograded/p-tamper",
        "feedback/p-tamper",
        "inbound/p-tamper+",
    ):
        assert what in report, what
    assert "notebooks/commonground_answers.json" in report
    assert "Removed their lines from" in report and ".nbgrader.log" in report
    assert "exchange/commonground/feedback/" in report  # their released feedback, found by hash
    assert traces() == []
    with sqlite3.connect(root / "gradebook.db") as db:
        students = {row[0] for row in db.execute("SELECT id FROM student")}
        submitted = db.execute("SELECT COUNT(*) FROM submitted_assignment").fetchone()[0]
    assert students == {"p-right", "p-wrong", "p-crash"} and submitted == 3
    assert (root / ".nbgrader.log").read_text() == "[INFO] graded p-right\n"
    grades = run(root, "export", "--out", "-").stdout
    assert "p-tamper" not in grades and "p-right,knowledge_checks,10" in grades
    again = run(root, "erase", "p-tamper")
    assert again.returncode == 0 and "Nothing in this course mentions 'p-tamper'." in again.stdout
