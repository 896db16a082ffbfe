"""The participant's side of nbgrader's exchange, for rehearsals, demos and tests.

A real participant fetches and submits from JupyterLab (or the Submit button in the notebook); a
synthetic one does the same through these calls, which use nbgrader's own exchange classes with the
course's configuration, an explicit participant id (with ngshare: the signed-in user's own), and
the participant's own home folder.
"""

from __future__ import annotations

import copy
from pathlib import Path

from .course import Course, FacilitatorError, failure_reason, quiet_logger
from .inbound import is_folder_exchange


def _exchange_app(course: Course, kind: str, assignment: str, student: str, home: Path):
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    config = copy.deepcopy(course.config)  # never touch the course's own settings
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".nbgrader_cache")
    if is_folder_exchange(course):  # ngshare knows who asks from their token, and refuses an id
        config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = assignment
    log = quiet_logger()
    coursedir = CourseDirectory(config=config, log=log)
    authenticator = Authenticator(config=config, log=log)
    factory = ExchangeFactory(config=config, log=log)
    cls = getattr(factory, kind)
    return cls(coursedir=coursedir, authenticator=authenticator, config=config, log=log)


def _run(app, what: str) -> None:
    from nbgrader.utils import capture_log

    result = capture_log(app)
    if not result.get("success"):
        raise FacilitatorError(f"Could not {what}: {failure_reason(result)}")


def fetch(course: Course, assignment: str, student: str, home: Path) -> Path:
    """Fetch a released assignment into ``home/<assignment>`` as participant ``student``."""
    home.mkdir(parents=True, exist_ok=True)
    _run(
        _exchange_app(course, "FetchAssignment", assignment, student, home),
        f"fetch {assignment} for {student}",
    )
    return home / assignment


def submit(course: Course, assignment: str, student: str, home: Path) -> None:
    """Submit ``home/<assignment>`` to the exchange as participant ``student``."""
    _run(
        _exchange_app(course, "Submit", assignment, student, home),
        f"submit {assignment} for {student}",
    )


def fetch_feedback(course: Course, assignment: str, student: str, home: Path) -> list[Path]:
    """Fetch released feedback as participant ``student``; the HTML files it brought home."""
    _run(
        _exchange_app(course, "FetchFeedback", assignment, student, home),
        f"fetch feedback on {assignment} for {student}",
    )
    return sorted((home / assignment / "feedback").glob("*/*.html"))
