"""Submitting an assignment from inside its notebook, through nbgrader's own exchange.

Voilà has no Assignments tab, so each assignment ends with a Submit button
(:mod:`widgets.views.submit`) that calls this module. It submits the folder the notebook is in:
the assignment id is the folder's name, exactly as ``nbgrader submit`` does after ``nbgrader
fetch_assignment``. The exchange is nbgrader's configured one (``ExchangeFactory``), so a hub
that swaps in another exchange keeps working.

Configuration comes from the participant's Jupyter config path and the folders around the
assignment (as nbgrader's Assignments tab reads it), with two overrides the course sets for
everyone: ``COMMONGROUND_COURSE`` (course id, else the configured one, else ``commonground``) and
``COMMONGROUND_EXCHANGE`` (exchange root). The submission's student id is the participant's:
``JUPYTERHUB_USER`` on a hub, else the profile's participant id, the same id their answers file
records, and given explicitly because nbgrader cannot guess it when the server runs as root.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..store import ANSWERS_FILENAME, read_answers_file

DEFAULT_COURSE = "commonground"
CONFIG_NAMES = ("nbgrader_config.json", "nbgrader_config.py")


class SubmitError(Exception):
    """The assignment could not be submitted; the message is one plain sentence."""


@dataclass(frozen=True)
class Submission:
    """What was submitted, for the sentence the participant reads."""

    assignment: str
    course: str
    student: str
    at: datetime  # local time
    notebooks: int
    answers: int  # how many saved answers went with it (0: none yet)
    answers_file: bool
    destination: Path | None = None


# configuration -----------------------------------------------------------------------------------
def config_paths(folder: Path) -> list[str]:
    """Where nbgrader configuration is read from, lowest priority first."""
    from jupyter_core.paths import jupyter_config_path

    ordered = [*reversed(jupyter_config_path()), str(folder.parent), str(folder)]
    seen: list[str] = []
    for path in ordered:
        if path not in seen:
            seen.append(path)
    return seen


def load_config(folder: Path):
    """The participant's nbgrader configuration; a file that cannot be read is a SubmitError."""
    from traitlets.config import Config
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    config = Config()
    for path in config_paths(folder):
        for name in CONFIG_NAMES:
            if not (Path(path) / name).is_file():
                continue
            loader = JSONFileConfigLoader if name.endswith(".json") else PyFileConfigLoader
            try:
                config.merge(loader(name, path=path).load_config())
            except Exception as err:
                raise SubmitError(
                    f"The course settings in {Path(path) / name} could not be read ({err}), so "
                    "nothing was submitted; please tell your facilitator."
                ) from err
    return config


def participant_id() -> str:
    from ..profile import load_profile

    return load_profile().participant()


def identifies_by_token(config: Any) -> bool:
    """Whether the configured exchange (ngshare's, on a container or z2jh hub) takes the student
    from the JupyterHub token, so that nobody can submit as someone else."""
    submit = config.ExchangeFactory.get("submit", "")
    name = submit if isinstance(submit, str) else f"{submit.__module__}.{submit.__qualname__}"
    return name.startswith("ngshare_exchange.")


def submit_config(folder: Path, student: str, base: Any = None):
    """The configuration for submitting ``folder`` as ``student``: course, exchange, paths."""
    config = load_config(folder) if base is None else copy.deepcopy(base)
    course = (
        os.environ.get("COMMONGROUND_COURSE")
        or config.CourseDirectory.get("course_id")
        or DEFAULT_COURSE
    )
    config.CourseDirectory.course_id = course
    config.CourseDirectory.assignment_id = folder.name
    if not identifies_by_token(config):  # ngshare refuses an explicit student id
        config.CourseDirectory.student_id = student
    if os.environ.get("COMMONGROUND_EXCHANGE"):
        config.Exchange.root = os.environ["COMMONGROUND_EXCHANGE"]
    # nbgrader looks for <assignment_dir>/<assignment> (or <assignment_dir>/<course>/<assignment>)
    includes_course = bool(config.Exchange.get("path_includes_course", False))
    config.Exchange.assignment_dir = str(folder.parent.parent if includes_course else folder.parent)
    return config


# submitting --------------------------------------------------------------------------------------
def count_answers(folder: Path) -> tuple[bool, int]:
    """Whether the folder has an answers file, and how many answers it holds (0 if unreadable)."""
    path = folder / ANSWERS_FILENAME
    if not path.is_file():
        return False, 0
    try:
        return True, len(read_answers_file(path).answers)
    except (ValueError, OSError):
        return True, 0


def _quiet_logger() -> logging.Logger:
    log = logging.getLogger("commonground.submit")
    if not log.handlers:
        log.addHandler(logging.NullHandler())
    log.propagate = False
    return log


def _plain(err: Exception, assignment: str, course: str) -> str:
    """One sentence a participant can act on, for each way nbgrader's submit can fail."""
    text = str(err)
    tell = "please tell your facilitator"
    if text.startswith("Unwritable directory"):
        return (
            f"'{assignment}' could not be submitted because the course's submission folder cannot "
            f"be reached from here; your answers are safe in this folder, but {tell}."
        )
    if text.startswith("Assignment not found:"):
        return (
            f"'{assignment}' is not an assignment your facilitator has released for the course "
            f"'{course}', so it cannot be submitted from this folder. Open the copy you fetched "
            "from the Assignments list and submit that one."
        )
    if text.startswith("Assignment not found at"):
        return f"The folder '{assignment}' could not be found any more, so nothing was submitted."
    if text.startswith(("Inbound directory", "You don't have write permissions")):
        return f"The course is not accepting submissions at the moment; {tell}."
    if text.startswith("You do not have access"):
        return f"You are not on the list of participants for the course '{course}'; {tell}."
    if "student ID should contain" in text:
        return f"Your user name cannot be used for a submission (it contains * or +); {tell}."
    if "too big" in text:
        return f"'{assignment}' is too large to submit; remove any large files you added to it."
    reason = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return f"'{assignment}' could not be submitted ({reason}); {tell}."


def submission_time(stamp: str) -> datetime:
    """nbgrader's submission time stamp as local time (now, if it cannot be read)."""
    try:
        from dateutil.parser import parse

        moment = parse(stamp)
    except (ValueError, OverflowError, ImportError):
        return datetime.now().astimezone()
    return moment.astimezone() if moment.tzinfo else moment


def submit_assignment(
    folder: str | os.PathLike[str] | None = None,
    student: str | None = None,
    config: Any = None,
) -> Submission:
    """Submit the assignment in ``folder`` (default: the notebook's folder) with nbgrader.

    Raises :class:`SubmitError` with one plain sentence when nothing could be submitted.
    """
    folder = Path(folder if folder is not None else Path.cwd()).resolve()
    assignment = folder.name
    student = student or participant_id()
    config = submit_config(folder, student, config)
    course = config.CourseDirectory.course_id
    try:
        from nbgrader.auth import Authenticator
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.exchange import ExchangeFactory

        log = _quiet_logger()
        coursedir = CourseDirectory(config=config, log=log)
        authenticator = Authenticator(config=config, log=log)
        submit = ExchangeFactory(config=config).Submit(
            coursedir=coursedir, authenticator=authenticator, config=config, log=log
        )
        submit.start()
    except Exception as err:  # nbgrader reports every failure as an exception with a message
        raise SubmitError(_plain(err, assignment, course)) from err

    destination = None
    inbound, name = (
        getattr(submit, "inbound_path", None),
        getattr(submit, "assignment_filename", ""),
    )
    if inbound and name and Path(inbound, name).is_dir():
        destination = Path(inbound, name)
    counted = destination or folder
    notebooks = sum(1 for p in counted.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    has_file, answers = count_answers(folder)
    if destination is not None:
        has_file = (destination / ANSWERS_FILENAME).is_file()
    return Submission(
        assignment=assignment,
        course=course,
        student=student,
        at=submission_time(getattr(submit, "timestamp", "")),
        notebooks=notebooks,
        answers=answers if has_file else 0,
        answers_file=has_file,
        destination=destination,
    )


def when_text(moment: datetime) -> str:
    """``"14:02 on Monday 23 November"``."""
    return f"{moment:%H:%M} on {moment:%A} {moment.day} {moment:%B}"


def submitted_message(submission: Submission) -> str:
    """What the participant reads after submitting: what went, and when."""
    count = submission.notebooks
    notebooks = f"{count} notebook" + ("" if count == 1 else "s")
    head = f"Submitted '{submission.assignment}' at {when_text(submission.at)}: {notebooks}"
    if submission.answers:
        return f"{head} and your saved answers."
    return (
        f"{head}, but no saved answers yet. Answer the questions above, then press Submit again: "
        "the last submission is the one that counts."
    )
