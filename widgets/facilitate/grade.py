"""``commonground grade``: autograde every collected submission, in parallel.

nbgrader grades one notebook after another and cannot share its SQLite gradebook between processes
(upstream issue #174). Here each worker process grades a disjoint set of participants against its
own copy of the gradebook, taking the next participant from a shared queue as it finishes the last,
and the main process then merges each worker's grades, comments, flags, late penalties and
timestamps into the course gradebook through nbgrader's Gradebook API. One worker (``--jobs 1``)
grades in this process against the course gradebook itself, exactly as nbgrader would.

A submission whose kernel dies or times out is graded as failed for that notebook (see
:mod:`widgets.facilitate.guarded`); a submission nbgrader cannot grade at all (a broken notebook)
is reported and never stops the others.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .course import Course, FacilitatorError, failure_reason

Progress = Callable[["Outcome"], None]


@dataclass
class Outcome:
    """How grading one participant's submission went."""

    student: str
    graded: bool  # nbgrader saved grades for it
    reason: str = ""  # why it could not be graded at all
    died: list[str] = field(default_factory=list)  # notebooks whose kernel died
    timed_out: list[str] = field(default_factory=list)  # notebooks with a cell over the limit
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return not self.graded or bool(self.died or self.timed_out)

    def sentence(self) -> str:
        if not self.graded:
            return f"{self.student}: could not be graded: {self.reason}"
        parts = []
        if self.died:
            parts.append(f"the kernel died in {', '.join(self.died)}")
        if self.timed_out:
            parts.append(f"a cell ran out of time in {', '.join(self.timed_out)}")
        return f"{self.student}: graded as failed because {' and '.join(parts)}."


@dataclass
class Summary:
    assignment: str
    outcomes: list[Outcome]
    skipped: list[str]
    jobs: int
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def ungradable(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.graded]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


def grading_config(
    course_config: Any, db_url: str | None = None, sockets: Path | None = None
) -> Any:
    """Overrides for grading: the guarded steps (:mod:`widgets.facilitate.guarded`), kernels
    stopped at once when their notebook is done (nothing is left to save), and optionally a
    worker's own gradebook and a private folder for kernel sockets.

    Kernels talk over local sockets in ``sockets`` rather than TCP: TCP ports are picked by
    probing for a free one, so kernels starting at the same moment in two workers can pick the
    same port and one of them fails."""
    from nbgrader.converters import Autograde
    from traitlets.config import Config

    from .guarded import guarded_preprocessors

    config = Config()
    for steps in ("sanitize_preprocessors", "autograde_preprocessors"):
        default = Autograde.class_traits()[steps].default()
        config.Autograde[steps] = guarded_preprocessors(
            list(course_config.Autograde.get(steps, default))
        )
    config.RestoringOverwriteCells.add_missing_cells = True
    config.GuardedExecute.shutdown_kernel = "immediate"
    if sockets is not None:
        sockets.mkdir(parents=True, exist_ok=True)
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(sockets / "kernel")
    if db_url is not None:
        config.CourseDirectory.db_url = db_url
    return config


def grade_one(course: Course, assignment: str, student: str) -> Outcome:
    """Autograde one participant's submission with the course's (or a worker's) gradebook."""
    from .integrity import execution_problems

    started = time.perf_counter()
    try:
        result = course.api.autograde(assignment, student, force=True, create=True)
    except Exception as err:  # nbgrader itself raised rather than reporting: keep the others going
        result = {"success": False, "error": f"{type(err).__name__}: {err}"}
    outcome = Outcome(student, bool(result.get("success")))
    if not outcome.graded:
        outcome.reason = failure_reason(result)
    else:
        folder = course.folder("autograded", student, assignment)
        for path in sorted(folder.glob("*.ipynb")):
            kinds = {problem.kind for problem in execution_problems(path)}
            if "kernel died" in kinds:
                outcome.died.append(path.stem)
            if "timed out" in kinds:
                outcome.timed_out.append(path.stem)
    outcome.seconds = time.perf_counter() - started
    return outcome


def to_grade(course: Course, assignment: str, force: bool) -> tuple[list[str], list[str]]:
    """Participants whose submission needs grading, and those already graded (skipped)."""
    students = course.submitted_students(assignment)
    if not students:
        raise FacilitatorError(
            f"Nothing has been submitted for '{assignment}' yet: collect submissions first with "
            f"`commonground collect {assignment}`."
        )
    if force:
        return students, []
    done = course.api.get_autograded_students(assignment)
    return [s for s in students if s not in done], [s for s in students if s in done]


def grade(
    course: Course,
    assignment: str,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Autograde the collected submissions of ``assignment`` with ``jobs`` processes."""
    started = time.perf_counter()
    course.require_generated(assignment)
    students, skipped = to_grade(course, assignment, force)
    jobs = max(1, min(jobs or default_jobs(), len(students) or 1))
    tick = progress or (lambda outcome: None)
    if jobs == 1:
        outcomes = []
        with _scratch() as scratch:
            sequential = Course(course.root, grading_config(course.config, sockets=scratch))
            for student in students:
                outcomes.append(grade_one(sequential, assignment, student))
                tick(outcomes[-1])
    else:
        outcomes = _grade_in_parallel(course, assignment, students, jobs, tick)
    outcomes.sort(key=lambda o: o.student)
    return Summary(assignment, outcomes, skipped, jobs, time.perf_counter() - started)


# parallel grading ------------------------------------------------------------------------------
def _context() -> Any:
    # fork shares the already-imported nbgrader (about five seconds of imports) with the workers;
    # elsewhere spawn is the safe choice
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker(root: str, db_file: str, assignment: str, tasks: Any, results: Any) -> None:
    try:
        plain = Course(root)
        sockets = Path(db_file).with_suffix("")
        course = Course(root, grading_config(plain.config, f"sqlite:///{db_file}", sockets))
    except Exception as err:  # say why, once, rather than a traceback per worker
        results.put(("broken", os.getpid(), f"{type(err).__name__}: {err}"))
        return
    while True:
        student = tasks.get()
        if student is None:
            break
        results.put(("start", os.getpid(), student))
        results.put(("done", os.getpid(), grade_one(course, assignment, student)))


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="commonground-grade-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _grade_in_parallel(
    course: Course, assignment: str, students: list[str], jobs: int, tick: Progress
) -> list[Outcome]:
    main_db = course.gradebook_file
    if main_db is None:  # a server database takes concurrent writers: no copies needed
        raise FacilitatorError(
            "Parallel grading copies the SQLite gradebook; with another database use --jobs 1."
        )
    context = _context()
    tasks, results = context.Queue(), context.Queue()
    for student in students:
        tasks.put(student)
    for _ in range(jobs):
        tasks.put(None)
    outcomes: dict[str, Outcome] = {}
    with _scratch() as scratch:
        workers = {}
        for number in range(jobs):
            db_file = scratch / f"worker-{number}.db"
            shutil.copyfile(main_db, db_file)
            process = context.Process(
                target=_worker,
                args=(str(course.root), str(db_file), assignment, tasks, results),
                daemon=True,
            )
            process.start()
            workers[process.pid] = (process, db_file)
        running: dict[int, str] = {}
        broken = "no grading process was left."
        by_worker: dict[int, list[str]] = {pid: [] for pid in workers}
        while len(outcomes) < len(students):
            try:
                kind, pid, payload = results.get(timeout=1.0)
            except queue.Empty:
                if all(not p.is_alive() for p, _ in workers.values()) and results.empty():
                    break
                for pid, (process, _) in workers.items():
                    if not process.is_alive() and pid in running:  # died mid-submission
                        student = running.pop(pid)
                        outcomes[student] = Outcome(
                            student, False, "the grading process stopped unexpectedly."
                        )
                        tick(outcomes[student])
                continue
            if kind == "broken":
                broken = f"the grading process could not start ({payload})."
            elif kind == "start":
                running[pid] = payload
            else:
                running.pop(pid, None)
                outcomes[payload.student] = payload
                by_worker[pid].append(payload.student)  # failures too: as nbgrader left them
                tick(payload)
        for process, _ in workers.values():
            process.join(timeout=30)
        for student in students:  # every worker gone with work left: say so, never hide it
            if student not in outcomes:
                outcomes[student] = Outcome(student, False, broken)
        for pid, done in by_worker.items():
            if done:
                merge(workers[pid][1], course, assignment, done)
    return list(outcomes.values())


# merging ---------------------------------------------------------------------------------------
def merge(worker_db: Path, course: Course, assignment: str, students: list[str]) -> None:
    """Copy ``students``' grading of ``assignment`` from a worker's gradebook into the course's."""
    from nbgrader.api import Gradebook, MissingEntry

    source = Gradebook(f"sqlite:///{worker_db}", course.course_id)
    try:
        with course.gradebook() as target:
            for student_id in students:
                try:
                    source.find_submission(assignment, student_id)
                except MissingEntry:  # nbgrader failed before recording anything
                    continue
                _merge_one(source, target, assignment, student_id)
            target.db.commit()
    finally:
        source.close()
        source.engine.dispose()


# What a worker's gradebook knows that the main one must take over, row by row.
_SUBMISSION_FIELDS = ("timestamp", "extension")
_NOTEBOOK_FIELDS = ("flagged", "late_submission_penalty")
_GRADE_FIELDS = ("auto_score", "manual_score", "extra_credit", "needs_manual_grade")
_COMMENT_FIELDS = ("auto_comment", "manual_comment")


def _copy_fields(source: Any, target: Any, fields: tuple[str, ...]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


def _merge_one(source: Any, target: Any, assignment: str, student_id: str) -> None:
    student = source.find_student(student_id)
    target.update_or_create_student(
        student_id,
        first_name=student.first_name,
        last_name=student.last_name,
        email=student.email,
        lms_user_id=student.lms_user_id,
    )
    theirs = source.find_submission(assignment, student_id)
    ours = target.update_or_create_submission(assignment, student_id)
    _copy_fields(theirs, ours, _SUBMISSION_FIELDS)
    for notebook in theirs.notebooks:
        mine = target.find_submission_notebook(notebook.name, assignment, student_id)
        _copy_fields(notebook, mine, _NOTEBOOK_FIELDS)
        grades = {grade.name: grade for grade in mine.grades}
        for grade in notebook.grades:
            _copy_fields(grade, grades[grade.name], _GRADE_FIELDS)
        comments = {comment.name: comment for comment in mine.comments}
        for comment in notebook.comments:
            _copy_fields(comment, comments[comment.name], _COMMENT_FIELDS)
