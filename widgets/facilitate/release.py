"""``commonground release ASSIGNMENT``: generate the participant version and release it.

nbgrader's ``generate_assignment`` (source → ``release/``, recording every cell and its checksum in
the gradebook) and ``release_assignment`` (``release/`` → the exchange's outbound folder), in this
process. Releasing again replaces the outbound copy; participants who already fetched keep theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .course import Course, FacilitatorError
from .inbound import is_folder_exchange, where


@dataclass
class Released:
    assignment: str
    notebooks: list[str]
    outbound: Path | None  # the exchange's folder for it (None: the exchange is a service)
    replaced: bool  # it had been released before (known only for a folder exchange)
    where: str = ""  # the exchange in words (widgets.facilitate.inbound.where)


def check_notebooks(folder: Path, what: str) -> list[Path]:
    """The notebooks in ``folder``; a notebook that cannot be read is one sentence naming it."""
    import nbformat

    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        raise FacilitatorError(f"{what} {folder} has no notebooks to release.")
    for path in notebooks:
        try:
            nbformat.read(path, as_version=4)
        except Exception as err:  # nbformat raises several kinds; all mean the same here
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise FacilitatorError(
                f"The notebook {path} is broken and cannot be released ({reason.rstrip('.')})."
            ) from err
    return notebooks


def release(course: Course, assignment: str) -> Released:
    from nbgrader.utils import capture_log, temp_attrs

    course.require_assignment(assignment)
    course.require_writable_gradebook()
    notebooks = check_notebooks(course.folder("source", ".", assignment), "The assignment folder")
    course.step(f"generate {assignment}", course.api.generate_assignment(assignment))
    folder = is_folder_exchange(course)
    outbound = course.exchange_course / "outbound" / assignment if folder else None
    replaced = outbound is not None and outbound.is_dir()
    api = course.api
    with temp_attrs(api.coursedir, assignment_id=assignment):
        app = api.exchange.ReleaseAssignment(
            coursedir=api.coursedir, authenticator=api.authenticator, parent=api
        )
        app.force = True
        course.step(f"release {assignment} to the exchange", capture_log(app))
    return Released(assignment, [p.stem for p in notebooks], outbound, replaced, where(course))
