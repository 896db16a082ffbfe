"""``commonground feedback ASSIGNMENT``: generate feedback and release it to participants.

nbgrader's ``generate_feedback`` (autograded notebook → HTML, with the course's feedback steps,
which hide the hidden tests) and ``release_feedback`` (HTML → the exchange, where each
participant's copy is found through their submission's secret), one participant at a time so one
failure never stops the others. Submissions still waiting for a manual grade are left out unless
asked for: feedback released early would show those parts without a mark. Submissions whose
export status is "failed" or "needs review" are held too, until the facilitator has looked and
decides (``include_held``): feedback saying 0/10 after a kernel death, or 10/10 for a submission
whose export says failed, would tell the participant something the grades table does not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .course import Course, FacilitatorError, failure_reason


@dataclass
class FeedbackSummary:
    assignment: str
    released: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # need a manual grade first
    held: dict[str, str] = field(default_factory=dict)  # failed or needs review: export status
    failed: dict[str, str] = field(default_factory=dict)


def pending_manual(course: Course, assignment: str) -> set[str]:
    with course.gradebook() as gb:
        return {
            s.student.id for s in gb.find_assignment(assignment).submissions if s.needs_manual_grade
        }


def feedback(
    course: Course,
    assignment: str,
    *,
    include_pending: bool = False,
    include_held: bool = False,
    progress: Callable[[str], None] | None = None,
) -> FeedbackSummary:
    from .export import FAILED, NEEDS_REVIEW, rows

    course.require_generated(assignment)
    graded = sorted(course.api.get_autograded_students(assignment))
    if not graded:
        raise FacilitatorError(
            f"No submission of '{assignment}' has been graded yet: run "
            f"`commonground grade {assignment}` first."
        )
    waiting = pending_manual(course, assignment)
    statuses = {row.participant: row.status for row in rows(course, assignment)}
    summary = FeedbackSummary(assignment)
    for student in graded:
        if statuses.get(student) in (FAILED, NEEDS_REVIEW) and not include_held:
            summary.held[student] = statuses[student]
        elif student in waiting and not include_pending:
            summary.waiting.append(student)
        else:
            result = course.api.generate_feedback(assignment, student)
            if result.get("success"):
                result = _release(course, assignment, student)
            if result.get("success"):
                summary.released.append(student)
            else:
                summary.failed[student] = failure_reason(result)
        if progress:
            progress(student)
    return summary


def _release(course: Course, assignment: str, student: str) -> dict:
    """``NbGraderAPI.release_feedback`` misspells its authenticator argument; do it directly."""
    from nbgrader.utils import capture_log, temp_attrs

    api = course.api
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = api.exchange.ReleaseFeedback(
            coursedir=api.coursedir, authenticator=api.authenticator, parent=api
        )
        return capture_log(app)
