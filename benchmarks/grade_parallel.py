"""``commonground grade`` against the stock way to autograde, on a 30-participant cohort.

A synthetic cohort of 30 (half all right, half all wrong) fetches ``knowledge_checks`` through the
real exchange, answers through the answers file and submits; the submissions are collected into
one course, which is then copied twice so both contenders start from the same state:

- stock: ``nbgrader autograde knowledge_checks`` run in the course folder, as a facilitator would;
- ours: ``commonground grade knowledge_checks`` (default ``--jobs``: the number of cores).

Each is one process, timed from launch to exit. The benchmark checks that both gradebooks hold the
same scores, then prints the times, the cost per notebook and the speed ratio. ``commonground
grade`` marks every submission in an isolated process (issue 12) and, for a notebook holding only
the course's own cells, takes every output from that process rather than start a kernel
(:mod:`widgets.facilitate.without_kernel`); all of it is included in its time. Goal: at least
2.5x on two cores.
Everything happens in a temporary folder; the repository's course is only read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ASSIGNMENT = "knowledge_checks"
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "30"))
GOAL = 2.5  # issue 12
BIN = Path(sys.executable).parent
PINNED = """
# benchmark copy: everything inside this folder's parent
c.Exchange.root = str(HERE.parent / "exchange")
c.Exchange.cache = str(HERE.parent / "nbgrader_cache")
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}"
c.CourseDirectory.course_id = "commonground"
"""


def prepare(top: Path) -> Path:
    """A course under ``top`` with every participant's submission collected."""
    from widgets.facilitate import participant
    from widgets.facilitate.collect import collect
    from widgets.facilitate.course import Course
    from widgets.facilitate.release import release
    from widgets.synth import answer_assignment, make_participants

    course_dir = top / "course"
    course_dir.mkdir(parents=True)
    config = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8") + PINNED
    (course_dir / "nbgrader_config.py").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "source" / ASSIGNMENT, course_dir / "source" / ASSIGNMENT)
    course = Course(course_dir)
    release(course, ASSIGNMENT)
    for number, person in enumerate(make_participants(PARTICIPANTS, 2)):
        home = top / "homes" / person.id
        folder = participant.fetch(course, ASSIGNMENT, person.id, home)
        answer_assignment(folder, person, correct=number % 2 == 0)
        participant.submit(course, ASSIGNMENT, person.id, home)
    collect(course, ASSIGNMENT)
    return course_dir


def timed(command: list[str], cwd: Path) -> float:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def scores(course_dir: Path) -> dict:
    """Every grade of the assignment: (participant, cell) -> (auto score, needs manual grade)."""
    from nbgrader.api import Gradebook

    gb = Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", "commonground")
    try:
        found = {}
        for sub in gb.find_assignment(ASSIGNMENT).submissions:
            for notebook in sub.notebooks:
                for grade in notebook.grades:
                    found[(sub.student.id, grade.name)] = (
                        grade.auto_score,
                        grade.needs_manual_grade,
                    )
        return found
    finally:
        gb.close()


def without_kernel(course_dir: Path) -> int:
    """Autograded notebooks holding no widget state: no kernel ran them (nbclient keeps it)."""
    import json

    return sum(
        "widgets" not in json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        for path in (course_dir / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    )


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="cg-bench-grade-"))
    try:
        prepared = prepare(work / "prepared")
        stock_dir, ours_dir = work / "stock", work / "ours"
        shutil.copytree(prepared.parent, stock_dir, ignore=shutil.ignore_patterns("homes"))
        shutil.copytree(prepared.parent, ours_dir, ignore=shutil.ignore_patterns("homes"))
        stock = timed([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], stock_dir / "course")
        ours = timed(
            [str(BIN / "commonground"), "grade", ASSIGNMENT, "--course", str(ours_dir / "course")],
            work,
        )
        stock_scores, our_scores = scores(stock_dir / "course"), scores(ours_dir / "course")
        if not stock_scores or stock_scores != our_scores:
            print("The scores differ between nbgrader autograde and commonground grade.")
            return 1
        points = {}
        for (student, _), (auto, _) in our_scores.items():
            points[student] = points.get(student, 0) + (auto or 0)
        print(
            f"Autograding {PARTICIPANTS} submissions of {ASSIGNMENT} on {os.cpu_count()} cores "
            f"(identical scores: {len(our_scores)} grades; totals from {min(points.values()):g} to "
            f"{max(points.values()):g}):"
        )
        print(f"  nbgrader autograde (stock, one process)      {stock:7.1f} s")
        print(
            f"  commonground grade (default jobs)            {ours:7.1f} s  "
            f"({without_kernel(ours_dir / 'course')} of {PARTICIPANTS} notebooks without a kernel)"
        )
        print(
            f"  per notebook: stock {stock / PARTICIPANTS:.2f} s, ours {ours / PARTICIPANTS:.2f} s "
            "(wall time, one notebook per submission)"
        )
        ratio = stock / ours
        print(f"  speed ratio {ratio:.2f}x (goal {GOAL}x)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
