"""``commonground collect ASSIGNMENT``: copy the latest submissions from the exchange.

nbgrader's ``collect`` (with ``--update``: a newer submission replaces the one collected before),
reporting who was collected for the first time, who sent a newer version, and who is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .course import Course, FacilitatorError


@dataclass
class Collected:
    assignment: str
    new: list[str]
    updated: list[str]
    unchanged: list[str]


def inbound_submitters(course: Course, assignment: str) -> dict[str, list[str]]:
    """For each participant with a submission of ``assignment`` in the exchange, its timestamps."""
    inbound = course.exchange_course / "inbound"
    found: dict[str, list[str]] = {}
    if not inbound.is_dir():
        return found
    for entry in inbound.iterdir():
        parts = entry.name.rsplit("+", 3)
        if entry.is_dir() and len(parts) >= 3 and parts[1] == assignment:
            found.setdefault(parts[0], []).append(parts[2])
    return {k: sorted(v) for k, v in sorted(found.items())}


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
    if not inbound.is_dir():
        raise FacilitatorError(
            f"Nothing can be collected for '{assignment}': the exchange has no inbound folder "
            f"at {inbound}; release the assignment first."
        )
    if not inbound_submitters(course, assignment):
        raise FacilitatorError(
            f"Nothing has been submitted for '{assignment}' yet: the exchange at {inbound} has "
            "no submissions of it."
        )
    before = _timestamps(course, assignment)
    course.step(f"collect {assignment}", course.api.collect(assignment, update=True))
    after = _timestamps(course, assignment)
    new = sorted(s for s in after if s not in before)
    updated = sorted(s for s in after if s in before and after[s] != before[s])
    unchanged = sorted(s for s in after if s in before and after[s] == before[s])
    return Collected(assignment, new, updated, unchanged)
