"""Hostile submissions, graded in one run with honest ones (issue 12).

On the kit assignment (two knowledge checks, 1 and 2 points; a hand-graded reflection) every
tamperer answers *wrong* through the answers file and then tries to get full marks another way:

- ``h-shadow`` hands in a ``widgets/`` package beside the notebook whose ``score_check`` says 1;
- ``h-patch`` adds a cell that patches ``widgets.logic.knowledge_check.score_check``;
- ``h-fake`` adds a cell that puts a fake module into ``sys.modules``;
- ``h-damaged`` hands in an answers file that is not JSON (an honest accident);
- ``h-memory`` adds a cell asking for 5 GB (the kernel's limit is 1 GB here);
- ``h-hang`` adds a cell that ignores SIGINT and loops for ever (the per-submission limit stops
  it: its kernel and worker are killed by process group).

Four forge the answers file itself (the key ships in the installed package):

- ``h-hand`` writes the file by hand with the right answers (no journal of widget saves);
- ``h-copied`` hands in ``c-right``'s file, journal and all;
- ``h-edited`` answers wrong through the widgets, then edits one value in the file to the right one;
- ``h-chain`` answers right but rewrites the time of one save in the journal.

``c-right`` and ``c-wrong`` are honest, in the same run, and must keep their right scores;
``c-copy`` copied two cells by mistake (nbgrader alone would fail the whole submission). The
Ctrl-C case runs ``commonground grade`` as a facilitator would and interrupts it.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from widgets.facilitate.collect import collect
from widgets.facilitate.course import Course
from widgets.facilitate.export import export
from widgets.facilitate.grade import Limits, grade
from widgets.facilitate.integrity import check
from widgets.facilitate.release import release
from widgets.facilitate.status import status, table_text

from .kit import (
    KIT_ASSIGNMENT,
    KIT_CHECKS,
    KIT_MAX_AUTO,
    edit_cells,
    make_course,
    person,
    take_part,
)

pytestmark = pytest.mark.slow

FAKE_SCORE = "def score_check(*args, **kwargs):\n    return 1.0\n"


def add_cell(code: str):
    def change(nb) -> None:
        nb.cells.insert(1, nbformat.v4.new_code_cell(code))

    return lambda path: edit_cells(path, change)


def shadow(path: Path) -> None:
    package = path.parent / "widgets"
    (package / "logic").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "logic" / "__init__.py").write_text("", encoding="utf-8")
    (package / "logic" / "knowledge_check.py").write_text(FAKE_SCORE, encoding="utf-8")


def copy_cells(path: Path) -> None:
    """An honest slip: the intro and a test cell copied (with their nbgrader ids)."""

    def change(nb) -> None:
        nb.cells.insert(1, copy.deepcopy(nb.cells[0]))
        nb.cells.insert(3, copy.deepcopy(nb.cells[3]))

    edit_cells(path, change)


def damage(path: Path) -> None:
    (path.parent / "commonground_answers.json").write_text('{"answers": {', encoding="utf-8")


ANSWERS = "commonground_answers.json"


def hand_written(path: Path) -> None:
    """What a participant who read the key in the package data would type: a valid file with
    the right answers, no journal."""
    from widgets.synth import check_answer

    stamp = "2026-01-05T10:00:00.000+00:00"
    answers = {
        f"check.{check}/answer": {"value": check_answer(check, True), "at": stamp}
        for check in KIT_CHECKS
    }
    data = {"format": "commonground-answers", "version": 1, "participant": {"id": "h-hand"}}
    (path.parent / ANSWERS).write_text(json.dumps({**data, "answers": answers}), encoding="utf-8")


def copied_from(source: Path):
    return lambda path: shutil.copyfile(source / ANSWERS, path.parent / ANSWERS)


def edit_answers(change):
    def edit(path: Path) -> None:
        target = path.parent / ANSWERS
        data = json.loads(target.read_text(encoding="utf-8"))
        change(data)
        target.write_text(json.dumps(data, indent=1), encoding="utf-8")

    return edit


def one_value_right(data: dict) -> None:
    from widgets.synth import check_answer

    data["answers"]["check.roles_staff/answer"]["value"] = check_answer("roles_staff", True)


def one_time_moved(data: dict) -> None:
    data["journal"][0]["at"] = "2026-01-05T10:00:00.000+00:00"


PATCH = "import widgets.logic.knowledge_check as k\nk.score_check = lambda *a, **k: 1.0"
FAKE = (
    "import sys, types\nm = types.ModuleType('widgets.logic.knowledge_check')\n"
    "m.score_check = lambda *a, **k: 1.0\nsys.modules['widgets.logic.knowledge_check'] = m"
)
MEMORY = "try:\n    hog = bytearray(5 * 1024 ** 3)\nexcept MemoryError:\n    print('no memory')"


def hang(pid_file: Path) -> str:
    return (
        "import os, signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\nwhile True:\n    pass"
    )


def alive(pid_file: Path) -> bool:
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    top = tmp_path_factory.mktemp("hostile")
    root = make_course(top)
    with (root / "nbgrader_config.py").open("a") as config:
        config.write("c.Execute.timeout = 5\n")
    course = Course(root)
    release(course, KIT_ASSIGNMENT)
    homes = top / "homes"
    pid_file = top / "hang.pid"
    people = {
        "c-right": (True, None),
        "c-wrong": (False, None),
        "c-copy": (True, copy_cells),
        "h-shadow": (False, shadow),
        "h-patch": (False, add_cell(PATCH)),
        "h-fake": (False, add_cell(FAKE)),
        "h-damaged": (True, damage),
        "h-memory": (True, add_cell(MEMORY)),
        "h-hang": (True, add_cell(hang(pid_file))),
        "h-hand": (False, hand_written),
        "h-copied": (False, copied_from(homes / "c-right" / KIT_ASSIGNMENT)),
        "h-edited": (False, edit_answers(one_value_right)),
        "h-chain": (True, edit_answers(one_time_moved)),
    }
    for pid, (correct, edit) in people.items():
        take_part(course, KIT_ASSIGNMENT, person(pid), homes, correct=correct, edit=edit)
    collect(course, KIT_ASSIGNMENT)
    started = time.monotonic()
    summary = grade(course, KIT_ASSIGNMENT, jobs=2, limits=Limits(seconds=25, memory_mb=1024))
    seconds = time.monotonic() - started
    table, _ = export(course, None)
    return {
        "course": course,
        "summary": summary,
        "seconds": seconds,
        "rows": {r.participant: r for r in table},
        "report": check(course, KIT_ASSIGNMENT),
        "status": status(course, KIT_ASSIGNMENT),
        "pid_file": pid_file,
    }


def test_honest_participants_keep_their_scores(graded: dict) -> None:
    rows = graded["rows"]
    assert rows["c-right"].auto_score == KIT_MAX_AUTO
    assert rows["c-wrong"].auto_score == 0
    assert {rows["c-right"].status, rows["c-wrong"].status} == {"graded"}
    problems = graded["report"].by_participant()
    assert "c-right" not in problems and "c-wrong" not in problems


@pytest.mark.parametrize("who", ["h-shadow", "h-patch", "h-fake"])
def test_tampering_scores_what_was_answered_and_needs_review(graded: dict, who: str) -> None:
    row = graded["rows"][who]
    assert row.auto_score == 0, row  # answered wrong: the kernel's full marks are not kept
    assert row.status == "needs review"
    kinds = {p.kind for p in graded["report"].by_participant()[who]}
    assert "needs review" in kinds
    details = " ".join(p.detail for p in graded["report"].by_participant()[who])
    assert "answers file's scores were kept" in details
    if who == "h-shadow":
        assert "widgets/" in details
    else:
        assert "import or patch" in details


FORGED = {
    # who: (auto score from the forged file, words that say why in status and export)
    "h-hand": (KIT_MAX_AUTO, "there is no record of any of its 2 answers being entered"),
    "h-copied": (KIT_MAX_AUTO, "entered by another participant ('c-right'), not 'h-copied'"),
    "h-edited": (2, "1 answer was changed after it was saved (check.roles_staff/answer)"),
    "h-chain": (KIT_MAX_AUTO, "its record of saves was altered at save 1 of"),
}


@pytest.mark.parametrize("who", sorted(FORGED))
def test_an_answers_file_the_widgets_did_not_write_needs_review(graded: dict, who: str) -> None:
    score, words = FORGED[who]
    row = graded["rows"][who]
    assert (row.auto_score, row.status) == (score, "needs review"), row
    assert row.why.startswith("The answers file was not written by the course's widgets: ")
    assert words in row.why
    found = [p for p in graded["report"].by_participant()[who] if p.kind == "needs review"]
    assert [p.detail for p in found] == [row.why]
    line = next(line for line in graded["status"] if line.participant == who)
    assert (line.grade, line.why) == ("needs review", row.why)
    assert f"{who}, {KIT_ASSIGNMENT}: {row.why}" in table_text(graded["status"])


def test_honest_journals_pass_and_the_flagged_are_exactly_the_forgers(graded: dict) -> None:
    flagged = {
        who
        for who, row in graded["rows"].items()
        if row.why.startswith("The answers file was not written")
    }
    assert flagged == set(FORGED)
    assert graded["rows"]["c-right"].why == graded["rows"]["c-wrong"].why == ""


def test_honest_notebooks_are_graded_without_a_kernel(graded: dict) -> None:
    """A kernel keeps the widgets' state in the autograded notebook; without one there is none.
    (The tamperers' kernels ran: their kernels' full marks were seen and overruled above, and the
    memory hog's own cell printed.)"""
    course = graded["course"]
    for who in ("c-right", "c-wrong", "c-copy", "h-damaged"):
        folder = course.folder("autograded", who, KIT_ASSIGNMENT)
        assert "widgets" not in nbformat.read(folder / f"{KIT_ASSIGNMENT}.ipynb", 4).metadata


def test_copied_cells_cost_nothing_and_are_named(graded: dict) -> None:
    row = graded["rows"]["c-copy"]
    assert (row.auto_score, row.status) == (KIT_MAX_AUTO, "graded")
    kinds = [p.kind for p in graded["report"].by_participant()["c-copy"]]
    assert kinds == ["duplicate cell", "duplicate cell"]


def test_a_damaged_answers_file_is_reported_as_damaged(graded: dict) -> None:
    row = graded["rows"]["h-damaged"]
    assert row.auto_score == 0 and row.status == "needs review"
    details = " ".join(p.detail for p in graded["report"].by_participant()["h-damaged"])
    assert "the answers file is damaged" in details


def test_a_memory_hog_gets_a_memory_error_not_the_machine(graded: dict) -> None:
    row = graded["rows"]["h-memory"]
    assert row.auto_score == KIT_MAX_AUTO and row.status == "graded"
    course = graded["course"]
    nb = nbformat.read(
        course.folder("autograded", "h-memory", KIT_ASSIGNMENT) / f"{KIT_ASSIGNMENT}.ipynb", 4
    )
    assert "no memory" in "".join(o.get("text", "") for o in nb.cells[1].outputs)


def test_a_kernel_ignoring_sigint_is_stopped_and_the_run_finishes(graded: dict) -> None:
    outcomes = {o.student: o for o in graded["summary"].outcomes}
    assert len(outcomes) == 13
    assert outcomes["h-hang"].failed and "longer than 25 s" in outcomes["h-hang"].reason
    assert graded["rows"]["h-hang"].status == "failed"
    assert graded["rows"]["h-hang"].score is None
    assert graded["pid_file"].exists() and not alive(graded["pid_file"])
    kinds = {p.kind for p in graded["report"].by_participant()["h-hang"]}
    assert "grading stopped" in kinds
    assert graded["seconds"] < 200  # it did not wait for the loop (generous on a busy machine)


def test_ctrl_c_stops_cleanly_and_keeps_finished_grades(tmp_path: Path) -> None:
    root = make_course(tmp_path)
    course = Course(root)
    release(course, KIT_ASSIGNMENT)
    pid_file = tmp_path / "hang.pid"
    take_part(course, KIT_ASSIGNMENT, person("a-one"), tmp_path / "homes", correct=True)
    take_part(
        course,
        KIT_ASSIGNMENT,
        person("z-hang"),
        tmp_path / "homes",
        correct=True,
        edit=add_cell(hang(pid_file)),
    )
    collect(course, KIT_ASSIGNMENT)
    command = Path(sys.executable).parent / "commonground"
    process = subprocess.Popen(
        [str(command), "grade", KIT_ASSIGNMENT, "--jobs", "1", "--course", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while not alive(pid_file) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert alive(pid_file), "the looping cell never started"
    process.send_signal(signal.SIGINT)  # what Ctrl-C does to the command
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in out + err
    assert "Stopped (Ctrl-C): 1 submission graded and kept; 1 submission not graded (z-hang)" in out
    time.sleep(1)
    assert not alive(pid_file)
    rows = {r.participant: r for r in export(course, None)[0]}
    assert rows["a-one"].auto_score == KIT_MAX_AUTO
    assert rows["z-hang"].status == "not graded yet"
