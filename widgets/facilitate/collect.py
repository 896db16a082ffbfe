"""``commonground collect ASSIGNMENT``: copy the latest submissions from the exchange.

nbgrader's ``collect`` (with ``--update``: a newer submission replaces the one collected before),
reporting who was collected for the first time, who sent a newer version, and who is unchanged.
Who has submitted is asked of the exchange (:mod:`widgets.facilitate.inbound`), so it works with
ngshare too.
"""

from __future__ import annotations

from dataclasses import dataclass

from .course import Course, FacilitatorError
from .inbound import inbound_submitters, is_folder_exchange, where


@dataclass
class Collected:
    assignment: str
    new: list[str]
    updated: list[str]
    unchanged: list[str]


def _timestamps(course: Course, assignment: str) -> dict[str, str]:
    stamps = {}
    for student in course.submitted_students(assignment):
        path = course.folder("submitted", student, assignment) / "timestamp.txt"
        stamps[student] = path.read_text().strip() if path.exists() else ""
    return stamps


def collect(course: Course, assignment: str) -> Collected:
    course.require_assignment(assignment)
    course.require_gradebook()  # nbgrader would quietly start an empty one
    inbound = course.exchange_course / "inbound"
    if is_folder_exchange(course) and not inbound.is_dir():
        raise FacilitatorError(
            f"Nothing can be collected for '{assignment}': the exchange has no inbound folder "
            f"at {inbound}; release the assignment first."
        )
    if not inbound_submitters(course, assignment):
        held = f"the exchange at {inbound}" if is_folder_exchange(course) else where(course)
        raise FacilitatorError(
            f"Nothing has been submitted for '{assignment}' yet: {held} has no submissions of it."
        )
    before = _timestamps(course, assignment)
    course.step(f"collect {assignment}", course.api.collect(assignment, update=True))
    after = _timestamps(course, assignment)
    new = sorted(s for s in after if s not in before)
    updated = sorted(s for s in after if s in before and after[s] != before[s])
    unchanged = sorted(s for s in after if s in before and after[s] == before[s])
    return Collected(assignment, new, updated, unchanged)
