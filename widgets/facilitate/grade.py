"""``commonground grade``: autograde every collected submission, in parallel.

nbgrader grades one notebook after another and cannot share its SQLite gradebook between processes
(upstream issue #174). Here each worker process grades a disjoint set of participants against its
own copy of the gradebook, taking the next participant from a shared queue as it finishes the last,
and the main process then merges each worker's grades, comments, flags, late penalties and
timestamps into the course gradebook through nbgrader's Gradebook API. One worker (``--jobs 1``)
grades in this process against the course gradebook itself, exactly as nbgrader would.

A submission whose kernel dies or times out is graded as failed for that notebook (see
:mod:`widgets.facilitate.guarded`); a submission nbgrader cannot grade at all (a broken notebook)
is reported and never stops the others. A notebook holding only the course's own cells is graded
from its answers file without starting a kernel (:mod:`widgets.facilitate.without_kernel`).
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
    review: str = ""  # widgets.facilitate.review status: "ok", "needs review" or "failed"

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
    interrupted: bool = False  # Ctrl-C: the grades in ``outcomes`` were kept, ``left`` were not
    left: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def to_review(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.failed and o.review == "needs review"]

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


@dataclass(frozen=True)
class Limits:
    """What one submission may use: wall time for all its notebooks, memory per kernel."""

    seconds: float = 300.0
    memory_mb: int = 2048


def grade(
    course: Course,
    assignment: str,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Progress | None = None,
    only: list[str] | None = None,
    skip: list[str] | None = None,
    limits: Limits | None = None,
) -> Summary:
    """Autograde the collected submissions of ``assignment`` with ``jobs`` processes.

    Every submission is graded in a worker process of its own session; one that runs past
    ``limits.seconds`` has its worker and kernels killed (their whole process groups, so a kernel
    that ignores SIGINT stops too) and is graded as failed while the others go on. Ctrl-C stops
    the run, keeping every grade already finished (``Summary.interrupted``)."""
    started = time.perf_counter()
    course.require_generated(assignment)
    course.require_writable_gradebook()
    students, skipped = to_grade(course, assignment, force)
    known = set(students) | set(skipped)
    for option, names in (("--only", only), ("--skip", skip)):
        unknown = sorted(set(names or []) - known)
        if unknown:
            raise FacilitatorError(
                f"{option} names {', '.join(unknown)}, who {'has' if len(unknown) == 1 else 'have'}"
                f" no collected submission of '{assignment}'."
            )
    if only:
        students = [s for s in students if s in only]
    if skip:
        students = [s for s in students if s not in skip]
    jobs = max(1, min(jobs or default_jobs(), len(students) or 1))
    tick = progress or (lambda outcome: None)
    outcomes: list[Outcome] = []
    interrupted = False
    if students:
        outcomes, interrupted = _grade_in_workers(
            course, assignment, students, jobs, tick, limits or Limits()
        )
    outcomes.sort(key=lambda o: o.student)
    summary = Summary(assignment, outcomes, skipped, jobs, time.perf_counter() - started)
    summary.interrupted = interrupted
    summary.left = [s for s in students if s not in {o.student for o in outcomes}]
    return summary


# worker processes --------------------------------------------------------------------------------
def _context() -> Any:
    # fork shares the already-imported nbgrader (about five seconds of imports) with the workers;
    # elsewhere spawn is the safe choice
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _become_subreaper() -> None:
    """Orphans of this worker's kernels (a cell that double-forks) stay its descendants, so
    killing the worker's tree finds them (Linux; elsewhere nothing happens)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _worker(
    root: str, db_file: str, assignment: str, tasks: Any, results: Any, memory_mb: int
) -> None:
    import signal

    os.setsid()  # its own process group: the facilitator's Ctrl-C is handled by the main process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _become_subreaper()
    from . import guarded

    guarded.KERNEL_MEMORY_MB = memory_mb
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
        outcome = grade_one(course, assignment, student)
        if outcome.graded:
            outcome.review = _review(course, assignment, student, outcome)
        results.put(("done", os.getpid(), outcome))


def _review(course: Course, assignment: str, student: str, outcome: Outcome) -> str:
    from .review import FAILED, Review, review_submission, write_review

    try:
        with course.gradebook() as gb:
            review = review_submission(
                course, gb, assignment, student, correct=not (outcome.died or outcome.timed_out)
            )
    except Exception as err:  # the check itself broke: never let that pass as "graded"
        review = Review()
        review.add(f"the submission could not be checked after grading ({err}).")
    if outcome.died or outcome.timed_out:
        review.add(outcome.sentence(), FAILED)
    write_review(course, assignment, student, review)
    return review.status


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc; empty where there is none)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL a worker, its kernels and their process groups (never this process's group)."""
    import signal

    ours = os.getpgrp()
    for target in [pid, *_descendants(pid)]:
        with contextlib.suppress(OSError):
            group = os.getpgid(target)
            if group != ours:
                os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(target, signal.SIGKILL)


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="commonground-grade-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _grade_in_workers(
    course: Course,
    assignment: str,
    students: list[str],
    jobs: int,
    tick: Progress,
    limits: Limits,
) -> tuple[list[Outcome], bool]:
    main_db = course.gradebook_file
    if main_db is None:  # a server database takes concurrent writers: no copies needed
        raise FacilitatorError(
            "Grading copies the SQLite gradebook for each worker; this course uses another "
            "database, which commonground grade does not support."
        )
    context = _context()
    tasks, results = context.Queue(), context.Queue()
    for student in students:
        tasks.put(student)
    outcomes: dict[str, Outcome] = {}
    interrupted = False
    with _scratch() as scratch:
        workers: dict[int, tuple[Any, Path]] = {}
        by_worker: dict[int, list[str]] = {}

        def start_worker() -> None:
            db_file = scratch / f"worker-{len(by_worker)}.db"
            shutil.copyfile(main_db, db_file)
            process = context.Process(
                target=_worker,
                args=(str(course.root), str(db_file), assignment, tasks, results, limits.memory_mb),
                daemon=True,
            )
            process.start()
            workers[process.pid] = (process, db_file)
            by_worker[process.pid] = []
            tasks.put(None)  # one stop sign per worker

        for _ in range(jobs):
            start_worker()
        running: dict[int, tuple[str, float]] = {}
        broken = "no grading process was left."
        try:
            while len(outcomes) < len(students):
                now = time.monotonic()
                for pid, (student, since) in list(running.items()):
                    if now - since > limits.seconds:  # over the limit: stop it, go on
                        kill_tree(pid)
                        workers[pid][0].join(timeout=10)
                        running.pop(pid)
                        outcomes[student] = _stopped(course, assignment, student, limits)
                        tick(outcomes[student])
                        if len(outcomes) < len(students):
                            start_worker()
                try:
                    kind, pid, payload = results.get(timeout=0.5)
                except queue.Empty:
                    alive = [p for p, _ in workers.values() if p.is_alive()]
                    if not alive and results.empty():
                        break
                    for pid, (process, _) in workers.items():
                        if not process.is_alive() and pid in running:  # died mid-submission
                            student, _ = running.pop(pid)
                            outcomes[student] = Outcome(
                                student, False, "the grading process stopped unexpectedly."
                            )
                            tick(outcomes[student])
                    continue
                if kind == "broken":
                    broken = f"the grading process could not start ({payload})."
                elif kind == "start":
                    running[pid] = (payload, time.monotonic())
                elif pid in running and running[pid][0] == payload.student:
                    running.pop(pid)
                    outcomes[payload.student] = payload
                    by_worker[pid].append(payload.student)  # failures too: as nbgrader left them
                    tick(payload)
        except KeyboardInterrupt:
            interrupted = True
        _stop_all(workers, interrupted)
        if not interrupted:
            for student in students:  # every worker gone with work left: say so, never hide it
                if student not in outcomes:
                    outcomes[student] = Outcome(student, False, broken)
        for pid, done in by_worker.items():
            if done:
                merge(workers[pid][1], course, assignment, done)
    return list(outcomes.values()), interrupted


def _stop_all(workers: dict[int, tuple[Any, Path]], now: bool) -> None:
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not lose work
    try:
        for pid, (process, _) in workers.items():
            if now:
                kill_tree(pid)
            process.join(timeout=5 if now else 30)
            if process.is_alive():
                kill_tree(pid)
                process.join(timeout=5)
    finally:
        signal.signal(signal.SIGINT, previous)


def _stopped(course: Course, assignment: str, student: str, limits: Limits) -> Outcome:
    """A submission whose grading ran out of time: failed, and recorded as such for export."""
    from .review import FAILED, Review, write_review

    reason = (
        f"grading it took longer than {limits.seconds:g} s, so it was stopped (a cell may loop "
        "for ever)."
    )
    review = Review()
    review.add(reason, FAILED)
    with contextlib.suppress(OSError):
        write_review(course, assignment, student, review)
    return Outcome(student, False, reason, timed_out=["the whole submission"])


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
